package deploy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// function is the part of appwrite.json's function entry these tests read.
type function struct {
	ID            string   `json:"$id"`
	Path          string   `json:"path"`
	Entrypoint    string   `json:"entrypoint"`
	Timeout       int      `json:"timeout"`
	Specification string   `json:"specification"`
	Ignore        []string `json:"ignore"`
}

// moduleRoot returns the checkout this package sits in.
func moduleRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// readFunction returns the one function appwrite.json deploys.
func readFunction(t *testing.T, root string) function {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "appwrite.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Functions []function `json:"functions"`
	}
	if err := json.Unmarshal(data, &cfg); err != nil {
		t.Fatalf("appwrite.json: %v", err)
	}
	if len(cfg.Functions) != 1 {
		t.Fatalf("appwrite.json lists %d functions, want 1", len(cfg.Functions))
	}
	return cfg.Functions[0]
}

// buildFiles lists what Appwrite's Go runtime compiles, relative to root
// and slash-separated: go.mod, go.sum, and the non-test Go files and
// embedded files of the root package and of every package of this module
// it imports, on linux for both architectures the runtime images exist
// for, without cgo.
func buildFiles(t *testing.T, root string) map[string]bool {
	t.Helper()
	files := map[string]bool{"go.mod": true, "go.sum": true}
	for _, arch := range []string{"amd64", "arm64"} {
		cmd := exec.Command("go", "list", "-deps", "-json=Dir,GoFiles,EmbedFiles,Module", ".")
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+arch, "CGO_ENABLED=0")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list -deps: %v", err)
		}
		dec := json.NewDecoder(bytes.NewReader(out))
		for dec.More() {
			var pkg struct {
				Dir                 string
				GoFiles, EmbedFiles []string
				Module              *struct{ Main bool }
			}
			if err := dec.Decode(&pkg); err != nil {
				t.Fatal(err)
			}
			if pkg.Module == nil || !pkg.Module.Main {
				continue
			}
			dir, err := filepath.Rel(root, pkg.Dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range slices.Concat(pkg.GoFiles, pkg.EmbedFiles) {
				files[path.Join(filepath.ToSlash(dir), f)] = true
			}
		}
	}
	return files
}

// checkoutFiles lists the files of the checkout at root that a push would
// consider, slash-separated: what git tracks or would track, or, outside
// a git checkout, every file but those under .git and node_modules.
func checkoutFiles(t *testing.T, root string) []string {
	t.Helper()
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = root
	if out, err := cmd.Output(); err == nil {
		files := strings.Split(strings.TrimRight(string(out), "\x00"), "\x00")
		// A file deleted but not yet staged is still listed.
		return slices.DeleteFunc(files, func(f string) bool {
			_, err := os.Stat(filepath.Join(root, f))
			return err != nil
		})
	}
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() {
			rel, _ := filepath.Rel(root, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// decoys are files a user's checkout may hold beside the project's own,
// with contents to find them by. The upload must hold none of them.
var decoys = map[string]string{
	".git/config":                              "[remote \"origin\"]\n\turl = https://ada:decoy-token@github.com/ada/auth.git\n",
	".git/HEAD":                                "ref: refs/heads/main\n",
	".env":                                     "APPWRITE_API_KEY=decoy-secret\n",
	"internal/server/.env":                     "APPWRITE_API_KEY=decoy-secret\n",
	".appwrite/x":                              "decoy",
	".vscode/settings.json":                    "{}",
	"node_modules/left-pad/index.js":           "decoy",
	"web/node_modules/left-pad/index.js":       "decoy",
	"examples/next/node_modules/next/index.js": "decoy",
	"e2e/artifacts/signed-in.png":              "decoy",
	"dev":                                      "decoy binary of go build ./cmd/dev",
	"coverage.out":                             "decoy",
	"functions-auth-code.tar.gz":               "decoy archive a stopped push left",
	"newtool/main.go":                          "package main\n",
	"internal/newpkg/newpkg.go":                "package newpkg\n",
	"internal/server/extra_test.go":            "package server\n",
}

// ignoreRule is one line of an ignore list, read as git reads a
// .gitignore at the function's folder, which is how the Appwrite CLI reads
// appwrite.json's ignore (npm package ignore). Only the subset without
// "**" and escapes is supported.
type ignoreRule struct {
	pattern  string // without "!", a leading "/" and a trailing "/"
	negate   bool   // "!": the path is kept
	dirOnly  bool   // trailing "/": matches folders only
	anchored bool   // a "/" before the end: matched against the whole path
}

// parseIgnore reads an ignore list, refusing what ignoreRule cannot match
// the way the CLI does.
func parseIgnore(lines []string) ([]ignoreRule, error) {
	var rules []ignoreRule
	for _, line := range lines {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.Contains(line, "**") || strings.Contains(line, `\`) || strings.TrimSpace(line) != line {
			return nil, fmt.Errorf("ignore line %q: only patterns without **, escapes and surrounding spaces are checked", line)
		}
		r := ignoreRule{pattern: line}
		r.negate = strings.HasPrefix(r.pattern, "!")
		r.pattern = strings.TrimPrefix(r.pattern, "!")
		r.dirOnly = strings.HasSuffix(r.pattern, "/")
		r.pattern = strings.TrimSuffix(r.pattern, "/")
		r.anchored = strings.Contains(r.pattern, "/")
		r.pattern = strings.TrimPrefix(r.pattern, "/")
		if _, err := path.Match(r.pattern, ""); err != nil || r.pattern == "" {
			return nil, fmt.Errorf("ignore line %q: not a pattern", line)
		}
		rules = append(rules, r)
	}
	return rules, nil
}

// ignored reports whether a push leaves the file p (slash-separated,
// relative to the function's folder) out: p, or a folder above it, is
// ignored by the last rule that matches it. As in git, nothing under an
// ignored folder can be kept.
func ignored(rules []ignoreRule, p string) bool {
	parts := strings.Split(p, "/")
	for i := 1; i <= len(parts); i++ {
		if matches(rules, strings.Join(parts[:i], "/"), i < len(parts)) {
			return true
		}
	}
	return false
}

// matches reports whether the last rule matching p ignores it.
func matches(rules []ignoreRule, p string, isDir bool) bool {
	ignore := false
	for _, r := range rules {
		if r.dirOnly && !isDir {
			continue
		}
		subject := p
		if !r.anchored {
			subject = path.Base(p)
		}
		if ok, _ := path.Match(r.pattern, subject); ok {
			ignore = !r.negate
		}
	}
	return ignore
}

// uploadRules returns the rules the CLI applies to a function's folder:
// its own ".appwrite", then appwrite.json's ignore list.
func uploadRules(t *testing.T, fn function) []ignoreRule {
	t.Helper()
	if len(fn.Ignore) == 0 {
		t.Fatal("appwrite.json has no ignore list: the CLI would upload what .gitignore lets through, .git included")
	}
	rules, err := parseIgnore(append([]string{".appwrite"}, fn.Ignore...))
	if err != nil {
		t.Fatal(err)
	}
	return rules
}

// compareUpload reports every file of got that want lacks and the other
// way round: what the build needs and the upload drops, and what the
// upload carries for nothing.
func compareUpload(got, want map[string]bool) error {
	var errs []error
	for _, f := range sortedKeys(want) {
		if !got[f] {
			errs = append(errs, fmt.Errorf("%s is part of the build, but the upload leaves it out", f))
		}
	}
	for _, f := range sortedKeys(got) {
		if !want[f] {
			errs = append(errs, fmt.Errorf("%s is uploaded, but the build does not use it", f))
		}
	}
	return errors.Join(errs...)
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
