package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/open-runtimes/types-for-go/v4/openruntimes"
)

// devProcess is the dev runtime running as its own process, as a
// developer starts it.
type devProcess struct {
	lines map[string]string // the "name: value" lines printed at start
	// stderr is what it wrote to standard error: the dev runtime's notes.
	stderr *syncBuffer
	// stop interrupts it, as Ctrl-C does, and waits until it has exited.
	stop func()
}

// errorLog returns what the process wrote to standard error so far, the
// function's error log included.
func (p *devProcess) errorLog(t *testing.T) string {
	t.Helper()
	return p.stderr.String()
}

// startDev builds cmd/dev and starts it on free ports with the embedded
// emulator, returning what it printed before "ready".
func startDev(t *testing.T, extraEnv ...string) *devProcess {
	t.Helper()
	return startDevArgs(t, nil, extraEnv...)
}

// startDevArgs is startDev with more command-line arguments.
func startDevArgs(t *testing.T, args []string, extraEnv ...string) *devProcess {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and starts the dev runtime; skipped with -short")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, buildDev(t), append([]string{"-addr", "localhost:0", "-app-addr", "localhost:0", "-env-file", ""}, args...)...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	cmd.Env = append(cmd.Env, extraEnv...)
	p := &devProcess{lines: map[string]string{}, stderr: &syncBuffer{}}
	cmd.Stderr = p.stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	p.stop = func() {
		once.Do(func() {
			cmd.Process.Signal(os.Interrupt)
			done := make(chan struct{})
			go func() { cmd.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				cancel()
				<-done
			}
		})
	}
	t.Cleanup(func() {
		p.stop()
		cancel()
		if t.Failed() {
			t.Logf("dev runtime's standard error:\n%s", p.stderr.String())
		}
	})

	ready := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			if line == "ready" {
				ready <- nil
				io.Copy(io.Discard, stdout)
				return
			}
			if name, value, ok := strings.Cut(line, ": "); ok {
				p.lines[name] = value
			}
		}
		ready <- fmt.Errorf("%w; standard error:\n%s", io.ErrUnexpectedEOF, p.stderr.String())
	}()
	select {
	case err := <-ready:
		if err != nil {
			t.Fatalf("dev runtime ended before printing ready: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("dev runtime did not print ready within 30s")
	}
	return p
}

func TestDevRuntimeStartupLines(t *testing.T) {
	t.Parallel()
	p := startDev(t)
	for _, name := range []string{"function", "emulator", "project", "api key", "outbox", "app"} {
		if p.lines[name] == "" {
			t.Errorf("no %q line in %v", name, p.lines)
		}
	}
	if !strings.HasSuffix(p.lines["emulator"], "/v1") || !strings.HasPrefix(p.lines["function"], "http://localhost:") {
		t.Errorf("startup lines = %v", p.lines)
	}
	resp, err := http.Get(p.lines["outbox"])
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("content-type"), "application/json") {
		t.Errorf("GET outbox: %d %s", resp.StatusCode, resp.Header.Get("content-type"))
	}
}

// TestDevRuntimeServesDemo checks that the demo app is served on its own
// origin, same site as the function, and is told where the function is.
func TestDevRuntimeServesDemo(t *testing.T) {
	t.Parallel()
	p := startDev(t)
	app := p.lines["app"]
	if !strings.HasPrefix(app, "http://localhost:") || app == p.lines["function"] {
		t.Fatalf("app = %q, want another localhost origin than the function's %q", app, p.lines["function"])
	}
	resp, err := http.Get(app + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("content-type") != "text/html; charset=utf-8" ||
		!strings.Contains(string(page), `id="status"`) {
		t.Errorf("GET %s/: %d %s\n%.200s", app, resp.StatusCode, resp.Header.Get("content-type"), page)
	}
	if csp := resp.Header.Get("content-security-policy"); !strings.Contains(csp, "connect-src 'self' "+p.lines["function"]+";") {
		t.Errorf("CSP = %q, want the function allowed in connect-src", csp)
	}

	resp, err = http.Get(app + "/config.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var config map[string]string
	if err := json.NewDecoder(resp.Body).Decode(&config); err != nil {
		t.Fatalf("config.json: %v", err)
	}
	if config["functionUrl"] != p.lines["function"] || config["outboxUrl"] != p.lines["outbox"] || config["consoleUrl"] != p.lines["console"] {
		t.Errorf("config.json = %v, want the printed function, outbox and console URLs", config)
	}
}

// TestDevRuntimeSignUpFlow runs sign-up → /me → logout → /me over real
// HTTP with a cookie jar, as a browser would.
func TestDevRuntimeSignUpFlow(t *testing.T) {
	t.Parallel()
	p := startDev(t)
	fn := p.lines["function"]
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	do := func(method, path, body string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest(method, fn+path, strings.NewReader(body))
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		req.Header.Set("Origin", fn)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}

	var resp *http.Response
	var body string
	st := devSignUp(t, p, func(path, b string) int {
		resp, body = do("POST", path, b)
		return resp.StatusCode
	}, "dev@example.com", "correct horse battery")
	if st != 201 {
		t.Fatalf("sign-up: %d %s", st, body)
	}
	if ct := resp.Header.Get("content-type"); ct != "application/json; charset=utf-8" {
		t.Errorf("content-type = %q", ct)
	}
	resp, body = do("GET", "/me", "")
	if resp.StatusCode != 200 || !strings.Contains(body, `"dev@example.com"`) {
		t.Fatalf("GET /me after sign-up: %d %s", resp.StatusCode, body)
	}
	resp, body = do("POST", "/logout", "")
	if resp.StatusCode != 204 {
		t.Fatalf("logout: %d %s", resp.StatusCode, body)
	}
	resp, body = do("GET", "/me", "")
	if resp.StatusCode != 401 || !strings.Contains(body, "user_unauthorized") {
		t.Fatalf("GET /me after logout: %d %s", resp.StatusCode, body)
	}
}

// TestDevRuntimeLogsToFile checks that -logs sends the function's log
// lines to that file, as Appwrite's runtime does, and not to stdout.
func TestDevRuntimeLogsToFile(t *testing.T) {
	t.Parallel()
	logFile := filepath.Join(t.TempDir(), "function.log")
	p := startDevArgs(t, []string{"-logs", logFile})
	resp, err := http.Get(p.lines["function"] + "/me")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("GET /me signed out: %d", resp.StatusCode)
	}
	// The line is written before the response is sent.
	data, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	var line struct {
		Route  string `json:"route"`
		Status int    `json:"status"`
	}
	if err := json.Unmarshal(data, &line); err != nil || line.Route != "/me" || line.Status != http.StatusUnauthorized {
		t.Errorf("log file holds %q (%v), want one line for GET /me 401", data, err)
	}
}

// TestRuntimeTranslation checks the request and response translation
// against what the open-runtimes Go server does.
func TestRuntimeTranslation(t *testing.T) {
	t.Parallel()
	var got openruntimes.ContextRequest
	fn := func(ctx openruntimes.Context) openruntimes.Response {
		got = ctx.Req
		return openruntimes.Response{
			StatusCode: 201,
			Body:       []byte("hi"),
			Headers:    map[string]string{"X-Custom": "1", "x-open-runtimes-log-id": "drop", "Set-Cookie": "a=b"},
		}
	}
	srv := httptest.NewServer(runtimeHandler(fn, os.Stdout, os.Stderr, 0))
	defer srv.Close()

	req, _ := http.NewRequest("POST", srv.URL+"/a/b?x=1&x=2&y=%20z", strings.NewReader(`{"k":1}`))
	req.Header.Set("Content-Type", "Application/JSON")
	req.Header.Add("X-Multi", "first")
	req.Header.Add("X-Multi", "second")
	req.Header.Set("X-Open-Runtimes-Secret", "s")
	req.Header.Set("X-Appwrite-Key", "forged")
	req.Header.Set("X-Appwrite-Client-Ip", "6.6.6.6")
	req.Header.Set("X-Forwarded-Proto", "https")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()

	if got.Method != "POST" || got.Path != "/a/b" || got.QueryString != "x=1&x=2&y=%20z" || got.Scheme != "https" {
		t.Errorf("request = %+v", got)
	}
	if !reflect.DeepEqual(got.Query, map[string]string{"x": "1", "y": " z"}) {
		t.Errorf("Query = %v, want first values", got.Query)
	}
	if got.Headers["content-type"] != "application/json" || got.Headers["x-multi"] != "first" {
		t.Errorf("headers = %v, want lower-cased names, first values, lower-cased content-type", got.Headers)
	}
	if _, ok := got.Headers["x-open-runtimes-secret"]; ok {
		t.Error("x-open-runtimes-* header passed on")
	}
	if _, ok := got.Headers["x-appwrite-key"]; ok {
		t.Error("a client's x-appwrite-key passed on; Appwrite replaces these")
	}
	if got.Headers["x-appwrite-client-ip"] != "127.0.0.1" || got.Headers["x-appwrite-execution-id"] == "" {
		t.Errorf("x-appwrite-client-ip = %q, execution id %q", got.Headers["x-appwrite-client-ip"], got.Headers["x-appwrite-execution-id"])
	}
	var decoded map[string]any
	if err := got.BodyJson(&decoded); err != nil || decoded["k"] != float64(1) {
		t.Errorf("body = %s", got.BodyBinary())
	}
	if resp.StatusCode != 201 || string(body) != "hi" {
		t.Errorf("response %d %q", resp.StatusCode, body)
	}
	if resp.Header.Get("content-type") != "text/plain; charset=utf-8" || resp.Header.Get("x-custom") != "1" ||
		resp.Header.Get("set-cookie") != "a=b" || resp.Header.Get("x-open-runtimes-log-id") != "" {
		t.Errorf("response headers = %v", resp.Header)
	}
}

func TestParseDotEnv(t *testing.T) {
	t.Parallel()
	got := map[string]string{}
	err := parseDotEnv("# comment\n\nA=1\nexport B = two words \nC=\"quoted = yes\"\nD='single'\nE=\n", got)
	want := map[string]string{"A": "1", "B": "two words", "C": "quoted = yes", "D": "single", "E": ""}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("parseDotEnv = %v, %v; want %v", got, err, want)
	}
	for _, bad := range []string{"NOEQUALS", "=value", "TWO WORDS=x"} {
		if err := parseDotEnv(bad, map[string]string{}); err == nil {
			t.Errorf("parseDotEnv(%q) = nil error", bad)
		}
	}
}

func TestLoadEnvPrecedence(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), ".env")
	os.WriteFile(path, []byte("APPWRITE_FUNCTION_API_ENDPOINT=https://file.example/v1\nAPPWRITE_FUNCTION_PROJECT_ID=p\n"), 0o600)
	getenv := func(k string) string {
		return map[string]string{"APPWRITE_FUNCTION_API_ENDPOINT": "https://env.example/v1", "APPWRITE_API_KEY": "k"}[k]
	}
	env, err := loadEnv(path, getenv)
	if err != nil {
		t.Fatal(err)
	}
	if got := env.get("APPWRITE_FUNCTION_API_ENDPOINT"); got != "https://env.example/v1" {
		t.Errorf("endpoint = %q, want the environment to win over .env", got)
	}
	if !env.usesRealAppwrite() {
		t.Error("usesRealAppwrite = false with all three variables set between .env and the environment")
	}
	if _, ok := env.values["APPWRITE_FUNCTION_API_ENDPOINT"]; ok {
		t.Error("a .env value shadowed by the environment would still be set")
	}
}

// TestDevRuntimeAppwriteRateLimitStore runs the dev runtime with the
// limits kept in the emulator's TablesDB, as a deployment with
// RATE_LIMIT_STORE=appwrite keeps them in Appwrite: the table is
// provisioned and the third failed sign-in from one address is refused.
func TestDevRuntimeAppwriteRateLimitStore(t *testing.T) {
	t.Parallel()
	p := startDev(t, "RATE_LIMIT_STORE=appwrite", "RATE_LIMIT_PER_IP_EMAIL=2")
	fn := p.lines["function"]
	statuses := []int{}
	for i := 0; i < 3; i++ {
		req, _ := http.NewRequest("POST", fn+"/login", strings.NewReader(`{"email":"x@example.com","password":"wrong password"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", fn)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		statuses = append(statuses, resp.StatusCode)
	}
	if statuses[0] != 401 || statuses[1] != 401 || statuses[2] != 429 {
		t.Errorf("statuses %v, want 401 401 429", statuses)
	}
}

// browserClient is an HTTP client with a cookie jar that shows redirects
// instead of following them, so a test can walk a browser flow hop by hop.
func browserClient() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// walk follows redirects from target as a browser would, calling tweak on
// each URL before it is requested, and returns the URL of the page it
// ends on (the first answer that is not a redirect).
func walk(t *testing.T, c *http.Client, target string, tweak func(*url.URL)) *url.URL {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	for hop := 0; hop < 10; hop++ {
		if tweak != nil {
			tweak(u)
		}
		resp, err := c.Get(u.String())
		if err != nil {
			t.Fatalf("GET %s: %v", u, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode < 300 || resp.StatusCode > 399 {
			return u
		}
		next, err := u.Parse(resp.Header.Get("Location"))
		if err != nil {
			t.Fatal(err)
		}
		u = next
	}
	t.Fatalf("more than 10 redirects from %s", target)
	return nil
}

// signedInAs checks /me answers the user with email for client c.
func signedInAs(t *testing.T, c *http.Client, fn, email string) {
	t.Helper()
	resp, err := c.Get(fn + "/me")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"`+email+`"`) {
		t.Fatalf("GET /me: %d %s, want %s signed in", resp.StatusCode, body, email)
	}
}

// TestDevRuntimeOAuth2Flow signs in through the emulator's fake OAuth2
// provider over real HTTP, following every redirect with a cookie jar:
// function → Appwrite → provider → Appwrite's success URL (the function's
// callback) → the app, signed in.
func TestDevRuntimeOAuth2Flow(t *testing.T) {
	t.Parallel()
	p := startDev(t)
	fn, app := p.lines["function"], p.lines["app"]
	c := browserClient()
	end := walk(t, c, fn+"/oauth2/github?redirect="+url.QueryEscape(app+"/welcome"), func(u *url.URL) {
		if strings.Contains(u.Path, "/__emulator/oauth2/") {
			q := u.Query()
			q.Set("email", "octo@example.com")
			q.Set("name", "Octo")
			u.RawQuery = q.Encode()
		}
	})
	if end.String() != app+"/welcome" {
		t.Fatalf("the flow ended at %s, want the app's page", end)
	}
	signedInAs(t, c, fn, "octo@example.com")
}

// TestDevRuntimeMagicLinkFlow asks for a magic link, reads it from the
// emulator's outbox over HTTP, and opens it in the same browser.
func TestDevRuntimeMagicLinkFlow(t *testing.T) {
	t.Parallel()
	p := startDev(t)
	fn, app := p.lines["function"], p.lines["app"]
	c := browserClient()
	req, _ := http.NewRequest("POST", fn+"/magic-url", strings.NewReader(`{"email":"link@example.com","redirect":"`+app+`/in"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", app)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("POST /magic-url: %d", resp.StatusCode)
	}
	resp, err = http.Get(p.lines["outbox"])
	if err != nil {
		t.Fatal(err)
	}
	var outbox []struct {
		To, Kind, Link string
	}
	err = json.NewDecoder(resp.Body).Decode(&outbox)
	resp.Body.Close()
	if err != nil || len(outbox) != 1 || outbox[0].To != "link@example.com" || outbox[0].Kind != "magic-url" {
		t.Fatalf("outbox %+v (%v), want one magic link", outbox, err)
	}
	if end := walk(t, c, outbox[0].Link, nil); end.String() != app+"/in" {
		t.Fatalf("the link ended at %s, want the app's page", end)
	}
	signedInAs(t, c, fn, "link@example.com")
}
