package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestConsoleGuard checks who may use the console: this machine, under a
// loopback host name, and for changes its own page only.
func TestConsoleGuard(t *testing.T) {
	t.Parallel()
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	guarded := (&console{}).guard(ok)
	for _, tc := range []struct {
		name, method, remote, host string
		headers                    map[string]string
		want                       int
	}{
		{"the page", "GET", "127.0.0.1:5000", "localhost:3000", nil, http.StatusTeapot},
		{"over IPv6 loopback", "GET", "[::1]:5000", "[::1]:3000", nil, http.StatusTeapot},
		{"another machine", "GET", "192.0.2.7:5000", "localhost:3000", nil, http.StatusForbidden},
		{"a rebound host name", "GET", "127.0.0.1:5000", "evil.example:3000", nil, http.StatusForbidden},
		{"a change from the page", "POST", "127.0.0.1:5000", "localhost:3000",
			map[string]string{"Origin": "http://localhost:3000", "Sec-Fetch-Site": "same-origin"}, http.StatusTeapot},
		{"a change without Origin", "POST", "127.0.0.1:5000", "localhost:3000", nil, http.StatusForbidden},
		{"a change from another local page", "DELETE", "127.0.0.1:5000", "localhost:3000",
			map[string]string{"Origin": "http://localhost:5173"}, http.StatusForbidden},
		{"a change from a page on another site", "POST", "127.0.0.1:5000", "localhost:3000",
			map[string]string{"Origin": "http://localhost:3000", "Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
	} {
		req := httptest.NewRequest(tc.method, "http://"+tc.host+"/__dev/api/reset", nil)
		req.RemoteAddr, req.Host = tc.remote, tc.host
		for k, v := range tc.headers {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		guarded.ServeHTTP(rec, req)
		if rec.Code != tc.want {
			t.Errorf("%s: %d %s, want %d", tc.name, rec.Code, rec.Body, tc.want)
		}
		if rec.Header().Get("Content-Security-Policy") != consoleCSP || rec.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("%s: headers %v", tc.name, rec.Header())
		}
	}
}

// consoleClient calls a dev runtime's function and console as a browser
// on the console's page would.
type consoleClient struct {
	t       *testing.T
	p       *devProcess
	browser *http.Client
}

func newConsoleClient(t *testing.T, p *devProcess) *consoleClient {
	jar, _ := cookiejar.New(nil)
	return &consoleClient{t: t, p: p, browser: &http.Client{Jar: jar, Timeout: 10 * time.Second}}
}

// fn calls the function with a JSON body from its own origin, and returns
// the status.
func (c *consoleClient) fn(method, path, body string) int {
	c.t.Helper()
	fn := c.p.lines["function"]
	req, _ := http.NewRequest(method, fn+path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Origin", fn)
	resp, err := c.browser.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// console calls the console's API from its page and returns the status.
func (c *consoleClient) console(method, path string) int {
	c.t.Helper()
	req, _ := http.NewRequest(method, c.p.lines["console"]+"api/"+path, nil)
	req.Header.Set("Origin", c.p.lines["function"])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// state is GET /__dev/api/state.
func (c *consoleClient) state() consoleStateForTest {
	c.t.Helper()
	resp, err := http.Get(c.p.lines["console"] + "api/state")
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	var s consoleStateForTest
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil || resp.StatusCode != 200 {
		c.t.Fatalf("GET state: %d %v", resp.StatusCode, err)
	}
	return s
}

// consoleStateForTest is the state as a client decodes it.
type consoleStateForTest struct {
	Info  consoleInfo
	Inbox []inboxMessage
	Users []struct {
		ID, Email              string
		Blocked, Guest         bool
		EmailVerification, MFA bool
		Sessions               []struct{ ID, Provider string }
	}
	Counters []counterInfo
}

// TestConsole drives the console's API as its page does, over a running
// dev runtime: users, sessions, inbox, block, revoke, counters, reset.
func TestConsole(t *testing.T) {
	t.Parallel()
	p := startDev(t, "RATE_LIMIT_PER_IP_EMAIL=2")
	c := newConsoleClient(t, p)

	// The page itself.
	resp, err := http.Get(p.lines["console"])
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), `id="inbox"`) || resp.Header.Get("Content-Security-Policy") != consoleCSP {
		t.Fatalf("GET %s: %d %v", p.lines["console"], resp.StatusCode, resp.Header)
	}
	for _, asset := range []string{"console.js", "console.css"} {
		if resp, err := http.Get(p.lines["console"] + asset); err != nil || resp.StatusCode != 200 {
			t.Errorf("GET %s: %v %v", asset, resp, err)
		}
	}

	if st := devSignUp(t, p, func(path, body string) int { return c.fn("POST", path, body) }, "ada@example.com", "correct horse battery"); st != 201 {
		t.Fatalf("sign-up: %d", st)
	}
	s := c.state()
	if len(s.Users) != 1 || s.Users[0].Email != "ada@example.com" || len(s.Users[0].Sessions) != 1 || s.Users[0].Blocked {
		t.Fatalf("users after sign-up: %+v", s.Users)
	}
	if s.Info.Function != p.lines["function"] || s.Info.App != p.lines["app"] || len(s.Info.AllowedOrigins) == 0 {
		t.Errorf("info: %+v", s.Info)
	}
	user, session := s.Users[0].ID, s.Users[0].Sessions[0].ID

	// The inbox: newest first, links as they are (the sign-up's code, then
	// a magic link).
	c.fn("POST", "/magic-url", `{"email":"ada@example.com"}`)
	s = c.state()
	if len(s.Inbox) != 2 || s.Inbox[1].Kind != "email-otp" || len(s.Inbox[1].Code) != 6 || s.Inbox[0].Kind != "magic-url" ||
		!strings.HasPrefix(s.Inbox[0].Link, p.lines["function"]+"/magic-url/callback?") {
		t.Errorf("inbox: %+v", s.Inbox)
	}

	// Block, unblock, revoke.
	if st := c.console("POST", "users/"+user+"/block"); st != 204 {
		t.Fatalf("block: %d", st)
	}
	if st := c.fn("GET", "/me", ""); st != 401 || !c.state().Users[0].Blocked {
		t.Errorf("GET /me of a blocked user: %d", st)
	}
	c.console("POST", "users/"+user+"/unblock")
	c.fn("POST", "/login", `{"email":"ada@example.com","password":"correct horse battery"}`)
	// Blocking ended no session: the browser's new one is the last.
	s = c.state()
	if len(s.Users[0].Sessions) != 2 || s.Users[0].Sessions[0].ID != session {
		t.Fatalf("sessions after signing in again: %+v", s.Users[0].Sessions)
	}
	session = s.Users[0].Sessions[1].ID
	if st := c.fn("GET", "/me", ""); st != 200 {
		t.Fatalf("GET /me unblocked: %d", st)
	}
	if st := c.console("DELETE", "users/"+user+"/sessions/"+session); st != 204 {
		t.Fatalf("revoke: %d", st)
	}
	if st := c.fn("GET", "/me", ""); st != 401 {
		t.Errorf("GET /me after the console revoked the session: %d, want 401", st)
	}
	if st := c.console("DELETE", "users/"+user+"/sessions/"+session); st != 404 {
		t.Errorf("revoking it again: %d, want 404", st)
	}
	if st := c.console("DELETE", "users/nobody"); st != 404 {
		t.Errorf("deleting nobody: %d, want 404", st)
	}

	// A lock-out, shown with who it is for, and its reset.
	for i := 0; i < 2; i++ {
		c.fn("POST", "/login", `{"email":"ada@example.com","password":"wrong password"}`)
	}
	if st := c.fn("POST", "/login", `{"email":"ada@example.com","password":"correct horse battery"}`); st != 429 {
		t.Fatalf("sign-in after two failures: %d, want 429", st)
	}
	var locked *counterInfo
	for _, ct := range c.state().Counters {
		// The sign-up's code has a counter with that label too: the
		// sign-in's is the locked one.
		if ct.Kind == "ip+account" && ct.Label == "ada@example.com from 127.0.0.1" && (locked == nil || ct.Locked) {
			locked = &ct
		}
	}
	if locked == nil || !locked.Locked || locked.Limit != 2 || locked.ResetAt.Before(time.Now()) {
		t.Fatalf("counters: %+v; want the address's failures on ada@example.com locked", c.state().Counters)
	}
	if st := c.console("DELETE", "counters/"+locked.Key); st != 204 {
		t.Fatalf("reset counter: %d", st)
	}
	if st := c.fn("POST", "/login", `{"email":"ada@example.com","password":"correct horse battery"}`); st != 200 {
		t.Fatalf("sign-in after the console reset the counter: %d", st)
	}
	if st := c.console("DELETE", "counters"); st != 204 || len(c.state().Counters) != 0 {
		t.Errorf("reset all counters: %d, %+v", st, c.state().Counters)
	}

	// A change from another page is refused and changes nothing.
	req, _ := http.NewRequest("POST", p.lines["console"]+"api/reset", nil)
	req.Header.Set("Origin", p.lines["app"])
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 403 || len(c.state().Users) != 1 {
		t.Errorf("reset from the demo's origin: %v %v", resp, err)
	}

	// Reset everything.
	if st := c.console("POST", "reset"); st != 204 {
		t.Fatalf("reset: %d", st)
	}
	if s := c.state(); len(s.Users) != 0 || len(s.Inbox) != 0 || len(s.Counters) != 0 {
		t.Errorf("after reset: %+v", s)
	}
	if st := c.console("GET", "nothing"); st != 404 {
		t.Errorf("unknown call: %d", st)
	}
}
