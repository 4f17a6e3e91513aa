//go:build appwritecli

package deploy

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// cliVersion is the Appwrite CLI the README installs and this test runs
// (testdata/appwrite-cli pins it and its dependencies).
const cliVersion = "12.0.1"

// maxUpload bounds the archive a push uploads: about 90 KB today.
const maxUpload = 150 << 10

// TestAppwritePush pushes a copy of this checkout, with the files a
// user's checkout may also hold (decoys), with the real Appwrite CLI
// against a fake Appwrite, the way the README's Deploy section does, and
// checks what reaches Appwrite.
func TestAppwritePush(t *testing.T) {
	cli := installCLI(t)
	root := moduleRoot(t)
	fn := readFunction(t, root)
	need := buildFiles(t, root)
	checkout := copyCheckout(t, root, append(checkoutFiles(t, root), sortedKeys(need)...))

	t.Run("the first push with only an API key pushes nothing and exits 0", func(t *testing.T) {
		fake := newFakeAppwrite(t)
		home := t.TempDir()
		cli.mustRun(t, checkout, home, "client", "--endpoint", fake.Endpoint(), "--project-id", fake.project, "--key", fake.key)
		out, code := cli.run(t, checkout, home, "push", "functions", "--function-id", fn.ID, "--force")
		if code != 0 || !strings.Contains(out, "No functions were pushed.") || !strings.Contains(out, "appwrite login") {
			t.Errorf("exit %d; want exit 0 with \"No functions were pushed.\" and a hint to log in, the trap the README warns about", code)
		}
		created, _, rules, deployments := fake.state()
		if len(created) != 1 || len(rules) != 0 || len(deployments) != 0 {
			t.Errorf("created %d functions, %d domains, %d deployments; want the function created, and no domain nor deployment",
				len(created), len(rules), len(deployments))
		}
	})

	t.Run("the first push after appwrite login creates the function and its domain", func(t *testing.T) {
		fake := newFakeAppwrite(t)
		home := t.TempDir()
		cli.mustRun(t, checkout, home, "login", "--endpoint", fake.Endpoint(), "--email", fake.email, "--password", fake.password)
		cli.mustRun(t, checkout, home, "client", "--project-id", fake.project)
		pushed(t, cli.mustRun(t, checkout, home, "push", "functions", "--function-id", fn.ID, "--force"))
		created, _, rules, deployments := fake.state()
		if len(created) != 1 || created[0]["specification"] != fn.Specification || created[0]["timeout"] != float64(fn.Timeout) {
			t.Errorf("create bodies %v, want one with specification %s and timeout %d", created, fn.Specification, fn.Timeout)
		}
		if len(rules) != 1 || rules[0]["deploymentResourceId"] != fn.ID {
			t.Errorf("rules %v, want the function's domain", rules)
		}
		if len(deployments) != 1 {
			t.Fatalf("%d deployments, want 1", len(deployments))
		}
		checkUpload(t, deployments[0], need)
	})

	t.Run("later pushes with an API key set the specification", func(t *testing.T) {
		fake := newFakeAppwrite(t)
		fake.addFunction(fn.ID, "go-1.23", "s-2vcpu-2gb") // chosen in the Console since
		home := t.TempDir()
		cli.mustRun(t, checkout, home, "client", "--endpoint", fake.Endpoint(), "--project-id", fake.project, "--key", fake.key)

		// The specification differs: without --force the CLI asks, and
		// without a terminal to answer it pushes nothing (it ends on
		// SIGINT: a shell reports exit 130).
		if _, code := cli.run(t, checkout, home, "push", "functions", "--function-id", fn.ID); code == 0 {
			t.Errorf("push without --force, with a change to confirm and no terminal: exit 0")
		}
		if _, updates, _, deployments := fake.state(); len(updates) != 0 || len(deployments) != 0 {
			t.Fatalf("push without --force updated %d times, deployed %d times: want nothing", len(updates), len(deployments))
		}

		pushed(t, cli.mustRun(t, checkout, home, "push", "functions", "--function-id", fn.ID, "--force"))
		_, updates, _, deployments := fake.state()
		if len(updates) != 1 || updates[0]["specification"] != fn.Specification {
			t.Errorf("update bodies %v, want one with specification %s", updates, fn.Specification)
		}
		if len(deployments) != 1 {
			t.Fatalf("%d deployments, want 1", len(deployments))
		}
		if d := deployments[0]; d.entrypoint != fn.Entrypoint || d.activate != "true" {
			t.Errorf("deployment entrypoint %q, activate %q; want %q, true", d.entrypoint, d.activate, fn.Entrypoint)
		}
		buildLikeTheRuntime(t, checkUpload(t, deployments[0], need), fake)

		// Now that Appwrite matches appwrite.json there is nothing to
		// confirm: a push needs no terminal, even without --force.
		pushed(t, cli.mustRun(t, checkout, home, "push", "functions", "--function-id", fn.ID))
		if _, _, _, deployments := fake.state(); len(deployments) != 2 {
			t.Errorf("%d deployments after a second push, want 2", len(deployments))
		}
	})
}

// TestAppwritePushSettings pushes appwrite.json's project settings with
// the real CLI, as the README's Deploy section does, and checks that the
// fake Appwrite got every one of them: each auth method's status, the
// eight security values (each a PATCH of its own, which Appwrite refuses
// empty) and the project's name.
func TestAppwritePushSettings(t *testing.T) {
	cli := installCLI(t)
	root := moduleRoot(t)
	data, err := os.ReadFile(filepath.Join(root, "appwrite.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		ProjectName string `json:"projectName"`
		Settings    struct {
			Auth struct {
				Methods  map[string]bool `json:"methods"`
				Security map[string]any  `json:"security"`
			} `json:"auth"`
		} `json:"settings"`
	}
	if err := json.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	if len(cfg.Settings.Auth.Methods) == 0 || len(cfg.Settings.Auth.Security) == 0 {
		t.Fatal("appwrite.json has no settings.auth.methods or settings.auth.security to push")
	}
	checkout := copyCheckout(t, root, []string{"appwrite.json"})

	t.Run("with only an API key nothing is pushed", func(t *testing.T) {
		fake := newFakeAppwrite(t)
		home := t.TempDir()
		cli.mustRun(t, checkout, home, "client", "--endpoint", fake.Endpoint(), "--project-id", fake.project, "--key", fake.key)
		out, code := cli.run(t, checkout, home, "push", "settings", "--force")
		if code == 0 || !strings.Contains(out, "appwrite login") || len(fake.projectSettings()) != 0 {
			t.Errorf("exit %d, %d settings set; want a failure that asks for appwrite login, and nothing set", code, len(fake.projectSettings()))
		}
	})

	t.Run("after appwrite login every setting is pushed", func(t *testing.T) {
		fake := newFakeAppwrite(t)
		home := t.TempDir()
		cli.mustRun(t, checkout, home, "login", "--endpoint", fake.Endpoint(), "--email", fake.email, "--password", fake.password)
		cli.mustRun(t, checkout, home, "client", "--project-id", fake.project)

		// The settings differ from a new project's: without --force the
		// CLI asks, and without a terminal pushes nothing.
		if _, code := cli.run(t, checkout, home, "push", "settings"); code == 0 && len(fake.projectSettings()) != 0 {
			t.Errorf("push settings without --force and no terminal set %v", fake.projectSettings())
		}
		if n := len(fake.projectSettings()); n != 0 {
			t.Fatalf("push settings without --force set %d settings, want none", n)
		}

		out := cli.mustRun(t, checkout, home, "push", "settings", "--force")
		if !strings.Contains(out, "Successfully pushed all project settings.") || strings.Contains(out, "Error") {
			t.Errorf("the push did not report \"Successfully pushed all project settings.\" without errors")
		}
		got := fake.projectSettings()
		for m, on := range cfg.Settings.Auth.Methods {
			if got["auth/"+m] != on {
				t.Errorf("auth method %s: Appwrite got %v, appwrite.json says %v", m, got["auth/"+m], on)
			}
		}
		paths := map[string]string{"duration": "auth/duration", "limit": "auth/limit", "sessionsLimit": "auth/max-sessions",
			"passwordHistory": "auth/password-history", "passwordDictionary": "auth/password-dictionary",
			"personalDataCheck": "auth/personal-data", "sessionAlerts": "auth/session-alerts", "mockNumbers": "auth/mock-numbers"}
		for k, path := range paths {
			want, _ := json.Marshal(cfg.Settings.Auth.Security[k])
			have, _ := json.Marshal(got[path])
			if _, ok := got[path]; !ok || string(want) != string(have) {
				t.Errorf("security %s (%s): Appwrite got %s, appwrite.json says %s", k, path, have, want)
			}
		}
		if got[""] != cfg.ProjectName {
			t.Errorf("project name: Appwrite got %v, appwrite.json says %q", got[""], cfg.ProjectName)
		}
		if want := len(cfg.Settings.Auth.Methods) + len(paths) + 1; len(got) != want {
			t.Errorf("%d settings set, want %d: %v", len(got), want, got)
		}
	})
}

// appwriteCLI is an installed Appwrite CLI: the path of its index.js.
type appwriteCLI string

// installCLI installs the pinned CLI with npm ci, in the user's cache
// folder (reused while testdata/appwrite-cli is unchanged), never in the
// module. Without npm, or without the registry, it skips the test, or
// fails it under CI=true.
func installCLI(t *testing.T) appwriteCLI {
	t.Helper()
	npm, err := exec.LookPath("npm")
	if err != nil {
		unavailable(t, "npm is not installed: this test installs appwrite-cli@"+cliVersion+" with it")
	}
	if _, err := exec.LookPath("node"); err != nil {
		unavailable(t, "node is not installed: the Appwrite CLI runs on it")
	}
	hash := sha256.New()
	var manifests [][]byte
	for _, name := range []string{"package.json", "package-lock.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", "appwrite-cli", name))
		if err != nil {
			t.Fatal(err)
		}
		hash.Write(data)
		manifests = append(manifests, data)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = t.TempDir()
	}
	dir := filepath.Join(cache, "openruntimes-handler", fmt.Sprintf("appwrite-cli-%s-%x", cliVersion, hash.Sum(nil)[:6]))
	cli := appwriteCLI(filepath.Join(dir, "node_modules", "appwrite-cli", "index.js"))
	if cli.installed() {
		return cli
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		t.Fatal(err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), "install-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	for i, name := range []string{"package.json", "package-lock.json"} {
		if err := os.WriteFile(filepath.Join(tmp, name), manifests[i], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	cmd := exec.Command(npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error")
	cmd.Dir = tmp
	if out, err := cmd.CombinedOutput(); err != nil {
		unavailable(t, fmt.Sprintf("npm ci of appwrite-cli@%s failed: %v\n%s", cliVersion, err, out))
	}
	t.Logf("installed appwrite-cli@%s in %v", cliVersion, time.Since(start).Round(100*time.Millisecond))
	// Another run may have installed it meanwhile: either copy will do.
	if err := os.Rename(tmp, dir); err != nil && !cli.installed() {
		t.Fatal(err)
	}
	if !cli.installed() {
		t.Fatalf("npm ci installed no appwrite-cli %s in %s", cliVersion, dir)
	}
	return cli
}

// installed reports whether the pinned version is in place.
func (c appwriteCLI) installed() bool {
	data, err := os.ReadFile(filepath.Join(filepath.Dir(string(c)), "package.json"))
	var pkg struct{ Version string }
	return err == nil && json.Unmarshal(data, &pkg) == nil && pkg.Version == cliVersion
}

// unavailable skips the test for want of a tool, or fails it under
// CI=true, where the push must be tested.
func unavailable(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal(why + " (CI=true: a failure, not a skip)")
	}
	t.Skip(why + " (skipped; with CI=true this fails)")
}

// run runs the CLI in dir, with home as its HOME and no terminal, as a
// script does, and returns its output and exit code.
func (c appwriteCLI) run(t *testing.T, dir, home string, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", append([]string{string(c)}, args...)...)
	cmd.Dir = dir
	cmd.Env = []string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "FORCE_COLOR=0"}
	out, err := cmd.CombinedOutput()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("appwrite %s: %v", strings.Join(args, " "), err)
	}
	t.Logf("$ appwrite %s\n%s(exit %d)", strings.Join(args, " "), out, code)
	return string(out), code
}

// mustRun is run for commands that must succeed.
func (c appwriteCLI) mustRun(t *testing.T, dir, home string, args ...string) string {
	t.Helper()
	out, code := c.run(t, dir, home, args...)
	if code != 0 {
		t.Fatalf("appwrite %s: exit %d", strings.Join(args, " "), code)
	}
	return out
}

// pushed checks that a push's output reports the function deployed.
func pushed(t *testing.T, out string) {
	t.Helper()
	if !strings.Contains(out, "Successfully pushed 1 functions.") || strings.Contains(out, "Error") {
		t.Errorf("the push did not report \"Successfully pushed 1 functions.\" without errors")
	}
}

// copyCheckout copies files of root, and the decoys, into a new folder.
func copyCheckout(t *testing.T, root string, files []string) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name string, data []byte) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		write(f, data)
	}
	for name, content := range decoys {
		write(name, []byte(content))
	}
	return dir
}

// checkUpload checks the archive of deployment d: complete, small, and
// holding exactly the files the build needs. It returns the folder it
// unpacked it into.
func checkUpload(t *testing.T, d *fakeDeployment, need map[string]bool) string {
	t.Helper()
	if !d.complete() {
		t.Fatalf("deployment %s: %d of %d bytes arrived", d.id, len(d.code), d.size)
	}
	dir := t.TempDir()
	files := unpack(t, d.code, dir)
	t.Logf("upload: %d files, %d bytes", len(files), len(d.code))
	if len(d.code) > maxUpload {
		t.Errorf("the upload is %d bytes, over %d", len(d.code), maxUpload)
	}
	for f := range files {
		first, _, _ := strings.Cut(f, "/")
		switch {
		case strings.Contains("/"+f+"/", "/.git/"), strings.Contains("/"+f+"/", "/node_modules/"),
			strings.HasSuffix(f, "_test.go"), path.Base(f) == ".env":
			t.Errorf("the upload holds %s", f)
		case first == "e2e" || first == "bench" || first == "cmd" || first == "appwritetest" || first == "web":
			t.Errorf("the upload holds %s, from %s/", f, first)
		}
	}
	if err := compareUpload(files, need); err != nil {
		t.Errorf("the upload is not what the runtime builds:\n%v", err)
	}
	return dir
}

// unpack extracts a tar.gz archive into dir and returns its files.
func unpack(t *testing.T, archive []byte, dir string) map[string]bool {
	t.Helper()
	gz, err := gzip.NewReader(bytes.NewReader(archive))
	if err != nil {
		t.Fatalf("the upload is not gzip: %v", err)
	}
	files := map[string]bool{}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return files
		}
		if err != nil {
			t.Fatalf("the upload is not a tar archive: %v", err)
		}
		name := path.Clean(h.Name)
		if !filepath.IsLocal(name) {
			t.Fatalf("the upload holds %q, outside its folder", h.Name)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		files[name] = true
	}
}

// runtimeServer is the main package of the runtime-style server module:
// like the Go runtime's server, it calls handler.Main with an
// openruntimes.Context; here once, for GET /health, with the
// per-execution key Appwrite sends.
const runtimeServer = `package main

import (
	"fmt"
	"os"

	"openruntimes/handler"

	"github.com/open-runtimes/types-for-go/v4/openruntimes"
)

func main() {
	ctx := openruntimes.NewContext(openruntimes.Logger{StreamLogs: os.Stderr, StreamErrors: os.Stderr})
	ctx.Req = openruntimes.ContextRequest{Method: "GET", Scheme: "https", Host: "auth.example.com", Port: 443,
		Path: "/health", Url: "https://auth.example.com/health", Query: map[string]string{},
		Headers: map[string]string{"host": "auth.example.com", "x-appwrite-trigger": "http", "x-appwrite-key": "dynamic_execution-key"}}
	res := handler.Main(ctx)
	fmt.Printf("%d %s\n", res.StatusCode, res.Body)
}
`

// buildLikeTheRuntime builds the unpacked upload in src as Appwrite's
// go-1.23 runtime does (a server module of its own that replaces
// openruntimes/handler with the upload, go 1.23.0, no cgo, no toolchain
// download), then runs it once: GET /health must find Appwrite (the fake).
func buildLikeTheRuntime(t *testing.T, src string, fake *fakeAppwrite) {
	t.Helper()
	dir := t.TempDir()
	goMod := "module openruntimes/server\n\ngo 1.23.0\n\n" +
		"replace openruntimes/handler v0.0.0 => " + src + "\n\n" +
		"require openruntimes/handler v0.0.0\n" +
		"require github.com/open-runtimes/types-for-go/v4 v4.0.8\n"
	for name, content := range map[string]string{"go.mod": goMod, "main.go": runtimeServer} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := append(os.Environ(), "CGO_ENABLED=0", "GOTOOLCHAIN=local", "GOFLAGS=-mod=mod")
	for _, args := range [][]string{{"get", "openruntimes/handler@v0.0.0"}, {"build", "-ldflags=-s -w", "-o", "server", "."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s, as the runtime builds: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	cmd := exec.Command(filepath.Join(dir, "server"))
	cmd.Env = []string{"APPWRITE_FUNCTION_API_ENDPOINT=" + fake.Endpoint(), "APPWRITE_FUNCTION_PROJECT_ID=" + fake.project}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("running the built function: %v\n%s", err, stderr.Bytes())
	}
	status, body, _ := strings.Cut(strings.TrimSpace(string(out)), " ")
	if status != "200" || !strings.Contains(body, `"status":"ok"`) || !strings.Contains(body, `"reachable":true`) {
		t.Errorf("GET /health of the built upload: %s %s, want 200 with Appwrite reachable\n%s", status, body, stderr.Bytes())
	}
}
