package server

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// ---------------------------------------------------------------------------
// Upstream faults

// TestUpstreamFaults puts the fault-injecting upstream between the function
// and the emulator and, for sign-up, sign-in, GET /me, sign-out, the OAuth2
// callback and the magic-link callback, makes Appwrite drop the
// connection, hang past UPSTREAM_TIMEOUT, answer 500 with an HTML page,
// answer 200 with HTML, answer truncated JSON, close mid-body, or answer
// 401 in plain text. Each gives a clean error: 502 upstream_unavailable or
// upstream_error, or 504 upstream_timeout, as JSON (the browser callbacks:
// a 303 to the app's failure URL with ?error=upstream_*); never a panic,
// never a Set-Cookie holding a session (a sign-out may clear it), never a
// byte of the upstream's body in the response or the log; and a sign-in
// whose session Appwrite created before failing sets no cookie. (TestOpenAPIErrorPaths
// covers an unreachable, a JSON-500 and a silent Appwrite on every route.)
// Defences: upstream.FromSDK, the per-client timeout (session/clients.go),
// the handlers' "no cookie with a failure" rule, failRedirect.
func TestUpstreamFaults(t *testing.T) {
	t.Parallel()
	env, up := newAttackEnv(t, map[string]string{"UPSTREAM_TIMEOUT": "200ms"})
	faultsID, _ := env.emu.CreateUser("faults@example.com", "correct horse battery", "")
	want := map[fault]struct {
		status int
		typ    string
	}{
		faultDrop:      {502, "upstream_unavailable"},
		faultDelay:     {504, "upstream_timeout"},
		fault500:       {502, "upstream_error"},
		faultHTML:      {502, "upstream_error"},
		faultTruncated: {502, "upstream_error"},
		faultCutBody:   {502, "upstream_unavailable"},
		fault401Text:   {502, "upstream_error"},
	}
	login := `{"email":"faults@example.com","password":"correct horse battery"}`
	signedIn := func() *browser {
		b := env.browser()
		if r := b.do("POST", "/login", login); r.Status != http.StatusOK {
			t.Fatalf("sign-in before the fault: %d %s", r.Status, r.Body)
		}
		return b
	}
	type step struct {
		name     string
		redirect string // the failure URL of a browser callback; "" for JSON routes
		prepare  func(n int) (send func() *result)
	}
	steps := []step{
		{"POST /signup", "", func(n int) func() *result {
			b := env.browser()
			return func() *result {
				return b.do("POST", "/signup", fmt.Sprintf(`{"email":"new%d@example.com","password":"correct horse battery"}`, n))
			}
		}},
		{"POST /login", "", func(int) func() *result {
			b := env.browser()
			return func() *result { return b.do("POST", "/login", login) }
		}},
		{"GET /me", "", func(int) func() *result {
			b := signedIn()
			return func() *result { return b.do("GET", "/me", "") }
		}},
		{"POST /logout", "", func(int) func() *result {
			b := signedIn()
			// A session another instance made: looked up, then deleted.
			env.app.shared.Sessions.Forget(b.value)
			return func() *result { return b.do("POST", "/logout", "") }
		}},
		{"GET /oauth2/callback", appOrigin + "/welcome", func(n int) func() *result {
			b := env.browser()
			callback := oauth2Callback(t, b, fmt.Sprintf("oauth%d@example.com", n))
			return func() *result { return b.do("GET", pathAndQuery(callback), "") }
		}},
		{"GET /magic-url/callback", appOrigin + "/in", func(n int) func() *result {
			b := env.browser()
			link := magicLink(t, b, fmt.Sprintf("magic%d@example.com", n))
			return func() *result { return b.do("GET", pathAndQuery(link), "") }
		}},
	}
	n := 0
	for f := faultDrop; f <= fault401Text; f++ {
		for _, s := range steps {
			n++
			what := fmt.Sprintf("%s with Appwrite %s", s.name, faultNames[f])
			up.set(faultNone)
			send := s.prepare(n)
			up.set(f)
			r := send()
			up.set(faultNone)

			wantCleanHeaders(t, r, what)
			if bytes.Contains(r.Body, []byte(leakMarker)) || strings.Contains(r.Headers["location"], leakMarker) {
				t.Errorf("%s: the upstream's body leaks into the response: %s", what, r.Body)
			}
			if c := r.cookie(t); c != nil && c.Name == sessionCookieName(env) && c.Value != "" {
				t.Errorf("%s: set-cookie %q sets a session", what, r.Headers["set-cookie"])
			}
			if s.redirect == "" {
				wantErr(t, r, want[f].status, want[f].typ, what)
				continue
			}
			if r.Status != http.StatusSeeOther {
				t.Errorf("%s: %d %s, want 303 to the failure URL", what, r.Status, r.Body)
				continue
			}
			if loc := r.Headers["location"]; loc != s.redirect+"?error="+want[f].typ {
				t.Errorf("%s: location %q, want %s?error=%s", what, loc, s.redirect, want[f].typ)
			}
		}
	}

	// Signing out of a session this instance made takes one call, the
	// deletion: an answer with a 2xx status says it is done, any other
	// fault is an error, and the cookie is cleared either way.
	for f := faultDrop; f <= fault401Text; f++ {
		b := signedIn()
		up.set(f)
		r := b.do("POST", "/logout", "")
		up.set(faultNone)
		what := "POST /logout of this instance's session with Appwrite " + faultNames[f]
		switch f {
		case faultHTML, faultTruncated, faultCutBody: // the status is 2xx
			if r.Status != http.StatusNoContent {
				t.Errorf("%s: %d %s, want 204", what, r.Status, r.Body)
			}
		default:
			wantErr(t, r, want[f].status, want[f].typ, what)
		}
		if c := r.cookie(t); c == nil || c.MaxAge >= 0 {
			t.Errorf("%s: set-cookie %q, want the cookie cleared", what, r.Headers["set-cookie"])
		}
	}

	// A fault after Appwrite created the session (reading the user, the
	// second call of a sign-in) leaves no partial session cookie behind.
	failAccount := func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != http.MethodGet || r.URL.Path != "/v1/account" {
			return false
		}
		w.Header().Set("content-type", "text/html")
		w.WriteHeader(http.StatusInternalServerError)
		io.WriteString(w, "<html>"+leakMarker+"</html>")
		return true
	}
	// The session the browser had was ended at the same time as the user
	// was read (so that signing in over a session costs no round trip of
	// its own): the answer clears the cookie, and nothing of either
	// session is left.
	b := env.browser()
	before := b.signUp("kept@example.com", "correct horse battery")["$id"].(string)
	faultsSessions := env.emu.SessionCount(faultsID)
	up.answer.Store(&failAccount)
	r := b.do("POST", "/login", login)
	up.answer.Store(nil)
	wantErr(t, r, http.StatusBadGateway, "upstream_error", "sign-in failing after the session was created")
	r.wantCleared(t)
	if n := env.emu.SessionCount(before); n != 0 {
		t.Errorf("the replaced session lives on after a failed sign-in: %d", n)
	}
	if n := env.emu.SessionCount(faultsID); n > faultsSessions {
		t.Errorf("the failed sign-in left its session: %d sessions, had %d", n, faultsSessions)
	}

	logs := env.logs.text()
	if strings.Contains(logs, leakMarker) || strings.Contains(logs, "panic") {
		t.Errorf("the log holds the upstream's body or a panic:\n%s", logs)
	}
}
