package web

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func serveDemo(t *testing.T, config DemoConfig) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(DemoHandler(config))
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, method, url string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

func TestDemoHandlerServesEveryFile(t *testing.T) {
	t.Parallel()
	srv := serveDemo(t, DemoConfig{
		FunctionURL: "http://localhost:3000",
		OutboxURL:   "http://127.0.0.1:4000/__emulator/outbox",
	})
	const wantCSP = "default-src 'self'; connect-src 'self' http://localhost:3000; img-src 'self' data:; " +
		"style-src 'self'; script-src 'self'; base-uri 'none'; form-action 'self' http://localhost:3000; frame-ancestors 'none'"
	tests := []struct {
		path, contentType, contains string
	}{
		{"/", "text/html; charset=utf-8", `id="status"`},
		{"/index.html", "text/html; charset=utf-8", `<script type="module" src="demo.js">`},
		{"/demo.js", "text/javascript; charset=utf-8", `from "./client.js"`},
		{"/demo.css", "text/css; charset=utf-8", ".card"},
		{"/client.js", "text/javascript; charset=utf-8", "export class AuthError"},
		{"/config.json", "application/json", `"functionUrl"`},
	}
	for _, tt := range tests {
		resp, body := get(t, "GET", srv.URL+tt.path)
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: %d", tt.path, resp.StatusCode)
		}
		if got := resp.Header.Get("Content-Type"); got != tt.contentType {
			t.Errorf("GET %s: Content-Type = %q, want %q", tt.path, got, tt.contentType)
		}
		if got := resp.Header.Get("Content-Security-Policy"); got != wantCSP {
			t.Errorf("GET %s: CSP = %q\nwant %q", tt.path, got, wantCSP)
		}
		if got := resp.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("GET %s: Cache-Control = %q", tt.path, got)
		}
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options = %q", tt.path, got)
		}
		if !strings.Contains(body, tt.contains) {
			t.Errorf("GET %s: body does not contain %q", tt.path, tt.contains)
		}

		resp, body = get(t, "HEAD", srv.URL+tt.path)
		if resp.StatusCode != 200 || body != "" || resp.Header.Get("Content-Type") != tt.contentType {
			t.Errorf("HEAD %s: %d %q, %d body bytes", tt.path, resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
		}
	}
}

func TestDemoConfigJSON(t *testing.T) {
	t.Parallel()
	want := DemoConfig{FunctionURL: "http://localhost:3000", OutboxURL: "http://127.0.0.1:4000/__emulator/outbox",
		ConsoleURL: "http://localhost:3000/__dev/"}
	srv := serveDemo(t, want)
	_, body := get(t, "GET", srv.URL+"/config.json")
	var got map[string]string
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatalf("config.json %q: %v", body, err)
	}
	if got["functionUrl"] != want.FunctionURL || got["outboxUrl"] != want.OutboxURL || got["consoleUrl"] != want.ConsoleURL || len(got) != 3 {
		t.Errorf("config.json = %v, want functionUrl, outboxUrl and consoleUrl from %+v", got, want)
	}
}

func TestDemoHandlerRefuses(t *testing.T) {
	t.Parallel()
	srv := serveDemo(t, DemoConfig{})
	tests := []struct {
		method, path string
		want         int
	}{
		{"GET", "/client.d.ts", 404},
		{"GET", "/demo/index.html", 404},
		{"GET", "/web.go", 404},
		{"GET", "/../web.go", 404},
		{"POST", "/", 405},
		{"PUT", "/config.json", 405},
	}
	for _, tt := range tests {
		resp, _ := get(t, tt.method, srv.URL+tt.path)
		if resp.StatusCode != tt.want {
			t.Errorf("%s %s = %d, want %d", tt.method, tt.path, resp.StatusCode, tt.want)
		}
		if resp.Header.Get("Content-Security-Policy") == "" || resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s %s: no CSP or no-store on the error", tt.method, tt.path)
		}
	}
	if resp, _ := get(t, "POST", srv.URL+"/"); resp.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("405 Allow = %q", resp.Header.Get("Allow"))
	}
}

func TestContentSecurityPolicy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		functionURL string
		wantConnect string
	}{
		{"", "connect-src 'self';"},
		{"http://localhost:3000", "connect-src 'self' http://localhost:3000;"},
		{"https://auth.example.com/", "connect-src 'self' https://auth.example.com;"},
		{"https://fn.example.com/v1/functions/x?y=1#z", "connect-src 'self' https://fn.example.com;"},
		{"http://[::1]:3000", "connect-src 'self' http://[::1]:3000;"},
	}
	for _, tt := range tests {
		csp := contentSecurityPolicy(mustOrigin("FunctionURL", tt.functionURL))
		if !strings.Contains(csp, tt.wantConnect) {
			t.Errorf("FunctionURL %q: CSP %q lacks %q", tt.functionURL, csp, tt.wantConnect)
		}
		if strings.Count(csp, ";") != 7 {
			t.Errorf("FunctionURL %q: CSP %q does not have 8 directives", tt.functionURL, csp)
		}
	}
}

func TestDemoHandlerRejectsBadURLs(t *testing.T) {
	t.Parallel()
	for _, config := range []DemoConfig{
		{FunctionURL: "localhost:3000"},
		{FunctionURL: "javascript:alert(1)"},
		{FunctionURL: "http://a;script-src *"},
		{FunctionURL: "http://a'b"},
		{FunctionURL: "http://user:pw@localhost"},
		{FunctionURL: "/relative"},
		{OutboxURL: "javascript:alert(1)"},
		{ConsoleURL: "javascript:alert(1)"},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("DemoHandler(%+v) did not panic", config)
				}
			}()
			DemoHandler(config)
		}()
	}
}

// The page must keep the ids the browser tests and docs rely on, and must
// stay within its CSP: no inline script or style, nothing from elsewhere.
func TestDemoPageIsSelfContained(t *testing.T) {
	t.Parallel()
	html, err := files.ReadFile("demo/index.html")
	if err != nil {
		t.Fatal(err)
	}
	page := string(html)
	for _, id := range []string{
		"status", "error", "notice", "signup-form", "signup-email", "signup-password", "signup-name",
		"signin-form", "signin-email", "signin-password", "mfa-step", "mfa-factor", "mfa-send", "mfa-code",
		"mfa-verify", "whoami-button", "whoami-output", "signout-button", "oauth-github", "magic-form",
		"magic-email", "otp-request-form", "otp-email", "otp-verify-form", "otp-code", "outbox-link",
		"sessions-list", "sessions-refresh", "sessions-revoke-others", "jwt-button", "jwt-output",
		"profile-form", "profile-name", "guest-button",
		"totp-start", "totp-qr", "totp-secret", "totp-code", "totp-confirm", "totp-state", "totp-remove-code",
		"totp-remove", "recovery-create", "recovery-list", "recovery-copy", "recovery-count", "recovery-shown",
		"identities-list", "identities-refresh", "delete-password", "delete-code", "delete-code-send",
		"delete-confirm", "delete-submit",
		"signup-verify-form", "signup-code", "signup-verify-submit", "account-reset",
		"password-form", "password-new", "password-old", "password-submit",
	} {
		if !strings.Contains(page, `id="`+id+`"`) {
			t.Errorf("index.html has no #%s", id)
		}
	}
	for name, pattern := range map[string]string{
		"inline script":    `<script(?:\s+type="module")?\s*>`,
		"inline style":     `<style|\sstyle=`,
		"inline handler":   `\son[a-z]+=`,
		"external URL":     `(?:src|href)="(?:https?:)?//`,
		"javascript: link": `href="javascript:`,
	} {
		if regexp.MustCompile(pattern).MatchString(page) {
			t.Errorf("index.html has an %s (%s)", name, pattern)
		}
	}
	for _, name := range []string{"demo/demo.js", "demo/demo.css", "client.js"} {
		b, _ := files.ReadFile(name)
		if regexp.MustCompile(`https?://[a-z]`).Match(b) && name != "client.js" {
			t.Errorf("%s refers to an absolute URL", name)
		}
		if regexp.MustCompile(`@keyframes|transition\s*:|animation\s*:|@import`).Match(b) {
			t.Errorf("%s has an animation, transition or import", name)
		}
	}
}
