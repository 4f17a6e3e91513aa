package e2e

import (
	"context"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// frameworkExample is one app of ../examples: a real framework project
// that depends on ../web by path and renders the signed-in user on the
// server.
type frameworkExample struct {
	name string
	// built is the file `npm run build` writes last: the build is
	// current when it is newer than every source file.
	built string
	// outputs are the folders the build and the framework write, which are
	// not sources.
	outputs []string
}

var frameworkExamples = []frameworkExample{
	{name: "nextjs", built: ".next/BUILD_ID", outputs: []string{".next"}},
	{name: "sveltekit", built: "build/handler.js", outputs: []string{".svelte-kit", "build"}},
	{name: "astro", built: "dist/server/entry.mjs", outputs: []string{"dist", ".astro"}},
}

// TestFrameworkExamples builds and starts each example against its own dev
// runtime, then in Chromium: /account signed out redirects (on the server)
// to /login; sign-up through the login page (the form, then the e-mailed
// code) lands on /account, whose HTML as the server sent it already holds
// the e-mail; sign-out; /account redirects again. Another browser signs in with the fake GitHub provider;
// then, with the function stopped, /account answers 503 (never "signed
// out") while the public home page still renders.
func TestFrameworkExamples(t *testing.T) {
	needSuite(t)
	npm := needNode(t)
	for _, ex := range frameworkExamples {
		t.Run(ex.name, func(t *testing.T) {
			t.Parallel()
			testFrameworkExample(t, npm, ex)
		})
	}
}

func testFrameworkExample(t *testing.T, npm string, ex frameworkExample) {
	dir, err := filepath.Abs(filepath.Join("..", "examples", ex.name))
	if err != nil {
		t.Fatal(err)
	}
	prepareExample(t, npm, dir, ex)

	port := freePort(t)
	app := "http://localhost:" + strconv.Itoa(port)
	// The app's origin is the one the function allows: its browser client
	// calls the function cross-origin, and OAuth2 returns to it.
	d := startDev(t, "ALLOWED_ORIGINS="+app)
	startExample(t, npm, dir, app, port, d)
	name := d.SessionCookie()

	b := newBrowser(t, ex.name)
	// Signed out, /account is a redirect from the server, not from a script.
	b.navigate(app + "/account")
	b.waitFor(`location.pathname === "/login" && document.readyState === "complete"`, "the redirect to /login")
	first := b.waitHop("GET", app+"/account", nil)
	if first.Status != 303 || !strings.HasPrefix(strings.TrimPrefix(header(first.ResponseHeaders, "location"), app), "/login") {
		t.Fatalf("GET /account signed out: %s, location %q; want a redirect to /login", first, header(first.ResponseHeaders, "location"))
	}

	// Sign up through the page: the browser client calls the function,
	// which e-mails a code; the code, entered in the page, makes the
	// account and the function stores its cookie; the page then loads
	// /account.
	email := "ada-" + ex.name + "@example.com"
	b.waitFor(`document.getElementById("signup-submit") && !document.getElementById("signup-submit").disabled`, "the sign-up form")
	b.typeInto("signup-email", email)
	b.typeInto("signup-password", password)
	b.click("signup-submit")
	b.waitFor(`document.getElementById("signup-verify-form") && !document.getElementById("signup-verify-form").hidden`+
		` && !document.getElementById("signup-verify-submit").disabled`, "the sign-up's code form")
	if signup := b.waitHop("POST", d.Function+"/signup", nil); signup.Status != 202 || header(signup.ResponseHeaders, "set-cookie") != "" {
		t.Fatalf("sign-up: %s; want 202 and no cookie", signup)
	}
	b.typeInto("signup-code", d.waitMessage(t, email, "email-otp", 0).Code)
	b.click("signup-verify-submit")
	b.waitFor(`location.pathname === "/account" && document.getElementById("account-email")?.textContent === `+jsString(email),
		"/account to show "+email)
	verify := b.waitHop("POST", d.Function+"/signup/verify", nil)
	if verify.Status != 201 || len(verify.BlockedSetCookies) != 0 {
		t.Fatalf("sign-up's code: %s; blocked cookies %v", verify, blockedReasons(verify))
	}
	// The page load of /account carried the function's cookie to the app.
	page := b.waitHop("GET", app+"/account", func(h *hop) bool { return h.Status == 200 })
	if page.sent(name) == nil {
		t.Errorf("GET /account after sign-up: the browser did not send %s to the app (%s)", name, page)
	}

	// The HTML as the server sent it, fetched with the browser's cookie,
	// already holds the e-mail: rendered on the server, not by a script.
	emailHTML := regexp.MustCompile(`id="account-email"[^>]*>\s*` + regexp.QuoteMeta(email) + `\s*<`)
	html := eval[string](b.tab, `fetch("/account", {credentials: "include", cache: "no-store"}).then(r => r.text())`)
	if !emailHTML.MatchString(html) {
		t.Fatalf("the HTML the server sent for /account does not show %s in #account-email:\n%s", email, excerpt(html, 2000))
	}
	// And the same request without the cookie is sent to /login: the
	// server's answer depends on the cookie, not on the page's scripts.
	anonymous := eval[string](b.tab, `fetch("/account", {credentials: "omit", cache: "no-store"}).then(r => new URL(r.url).pathname + " " + r.status)`)
	if anonymous != "/login 200" {
		t.Errorf("GET /account without cookies ended at %q, want /login 200", anonymous)
	}

	// Sign out: the function clears its cookie, and /account redirects again.
	// (Buttons stay disabled until the page's script runs.)
	b.waitFor(`document.getElementById("signout") && !document.getElementById("signout").disabled`, "the sign-out button")
	b.click("signout")
	b.waitFor(`location.pathname === "/" && document.readyState === "complete"`, "the home page after sign-out")
	if out := b.waitHop("POST", d.Function+"/logout", nil); out.Status != 204 {
		t.Fatalf("sign-out: %s", out)
	}
	if c := findCookie(b.jar(), name); c != nil {
		t.Errorf("after sign-out the browser still holds %s", name)
	}
	b.navigate(app + "/account")
	b.waitFor(`location.pathname === "/login" && document.readyState === "complete"`, "the redirect to /login after sign-out")

	// Another browser: "Continue with GitHub" through the emulator's fake
	// provider ends on /account, rendered with that user.
	g := newBrowser(t, ex.name+" GitHub")
	g.navigate(app + "/login")
	g.waitFor(`document.getElementById("oauth-github") && !document.getElementById("oauth-github").disabled`, "the GitHub button")
	const linus = "linus@example.com"
	g.click("oauth-github")
	g.waitFor(`location.pathname === "/__emulator/oauth2/github/authorize" && document.readyState === "complete"`, "the fake provider's page")
	g.do(
		chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), linus, chromedp.NodeVisible),
		chromedp.Click(chromedp.CSS(`button[type="submit"]`), chromedp.NodeVisible),
	)
	g.waitFor(`location.origin === `+jsString(app)+` && location.pathname === "/account" && document.getElementById("account-email")?.textContent === `+jsString(linus),
		"/account to show "+linus)

	// The function goes away: a signed-in visitor's /account says sign-in
	// is unavailable rather than sending them to /login, and the public
	// home page, which does not ask who is signed in, still renders.
	d.Stop()
	outage := eval[string](g.tab, `Promise.all(["/account", "/"].map(p => fetch(p, {credentials: "include", cache: "no-store", redirect: "manual"}).then(r => p + " " + r.status))).then(a => a.join(", "))`)
	if outage != "/account 503, / 200" {
		t.Errorf("with the function stopped, a signed-in visitor got %q; want /account 503, / 200", outage)
	}
}

// needNode returns npm's path, after checking that node is new enough for
// every example (Next.js 16 needs Node ≥ 20.9). Without them the test
// skips, or fails in CI.
func needNode(t *testing.T) string {
	t.Helper()
	missing := func(why string) {
		why += ": install Node.js ≥ 20.9 with npm to run the framework examples"
		if inCI() {
			t.Fatalf("CI=true and %s", why)
		}
		t.Skip("SKIPPED: " + why)
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		missing("no npm in PATH")
	}
	out, err := exec.Command("node", "--version").Output()
	if err != nil {
		missing("no node in PATH")
	}
	var major, minor int
	if _, err := fmt.Sscanf(strings.TrimSpace(string(out)), "v%d.%d", &major, &minor); err != nil || major < 20 || major == 20 && minor < 9 {
		missing("node " + strings.TrimSpace(string(out)) + " is too old")
	}
	return npm
}

// prepareExample runs npm ci when node_modules is missing or older than the
// lockfile, and npm run build when the build is missing or older than a
// source (the example's files, or the package in ../web it links).
// .ci/run does both first, so there they find nothing to do.
func prepareExample(t *testing.T, npm, dir string, ex frameworkExample) {
	t.Helper()
	installed := filepath.Join(dir, "node_modules", ".package-lock.json")
	if modTime(installed).Before(modTime(filepath.Join(dir, "package-lock.json"))) {
		runNpm(t, npm, dir, "ci", "--no-audit", "--no-fund")
	}
	skip := map[string]bool{"node_modules": true}
	for _, o := range ex.outputs {
		skip[o] = true
	}
	newest := newestSource(t, dir, skip)
	web, _ := filepath.Abs(filepath.Join("..", "web"))
	for _, f := range []string{"client.js", "client.d.ts", "server.js", "server.d.ts", "api.d.ts", "package.json"} {
		if m := modTime(filepath.Join(web, f)); m.After(newest) {
			newest = m
		}
	}
	if !modTime(filepath.Join(dir, ex.built)).After(newest) {
		runNpm(t, npm, dir, "run", "build")
	}
}

// runNpm runs npm in dir, failing the test with its output.
func runNpm(t *testing.T, npm, dir string, args ...string) {
	t.Helper()
	start := time.Now()
	cmd := exec.Command(npm, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NEXT_TELEMETRY_DISABLED=1", "ASTRO_TELEMETRY_DISABLED=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm %s in %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
	t.Logf("npm %s in %s took %s", strings.Join(args, " "), filepath.Base(dir), time.Since(start).Round(100*time.Millisecond))
}

// newestSource returns the newest modification time of the files under dir,
// leaving out the top-level folders in skip.
func newestSource(t *testing.T, dir string, skip map[string]bool) time.Time {
	t.Helper()
	var newest time.Time
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() && filepath.Dir(path) == dir && skip[e.Name()] {
			return filepath.SkipDir
		}
		if !e.IsDir() {
			if m := modTime(path); m.After(newest) {
				newest = m
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return newest
}

// modTime is the file's modification time, or the zero time.
func modTime(path string) time.Time {
	info, err := os.Stat(path)
	if err != nil {
		return time.Time{}
	}
	return info.ModTime()
}

// freePort returns a port that was free on localhost a moment ago: the
// function must be told the app's origin before the app starts.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "localhost:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startExample starts the example's production server (npm run start) on
// port, pointed at the dev runtime's function, and waits until it answers.
// It is stopped, with every process npm started, when the test ends; if
// the test failed, its output is printed.
func startExample(t *testing.T, npm, dir, app string, port int, d *dev) {
	t.Helper()
	cmd := exec.Command(npm, "run", "start", "--silent")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"PORT="+strconv.Itoa(port),
		"AUTH_URL="+d.Function,
		"NODE_ENV=production",
		"NEXT_TELEMETRY_DISABLED=1",
		"ASTRO_TELEMETRY_DISABLED=1",
	)
	logs := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	// Its own process group: npm starts a shell that starts the server,
	// and stopping npm alone would leave the server running.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
		if t.Failed() {
			t.Logf("%s server log:\n%s", filepath.Base(dir), logs.String())
		}
	})

	client := &http.Client{Timeout: 5 * time.Second}
	deadline := time.Now().Add(60 * time.Second)
	for {
		select {
		case <-exited:
			t.Fatalf("%s server ended before answering: %v\n%s", filepath.Base(dir), waitErr, logs.String())
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		req, _ := http.NewRequestWithContext(ctx, "GET", app+"/", nil)
		resp, err := client.Do(req)
		cancel()
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s server did not answer 200 on %s/ within 60s (last: %v)\n%s", filepath.Base(dir), app, err, logs.String())
		}
		time.Sleep(pollInterval)
	}
}

// excerpt returns at most n bytes of s, for a failure message.
func excerpt(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
