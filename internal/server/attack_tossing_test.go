package server

// Cookie tossing: a page on a sibling subdomain (evil.example.com beside
// auth.example.com) cannot read the function's cookies, but it can set
// cookies for the whole site (Domain=example.com), which the browser then
// sends the function beside its own.

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// toss sets c in b as a page of a sibling subdomain would, with
// Domain=example.com, following the browser's rules for cookie name
// prefixes (RFC 6265bis, "Cookie Name Prefixes"; Chromium, Firefox and
// Safari apply them): a __Secure- name needs Secure, a __Host- name also
// needs no Domain and Path=/, so no page but the function's own host can
// set one. It reports whether the browser kept the cookie.
func toss(b *browser, c *http.Cookie) bool {
	c.Domain = "example.com"
	switch {
	case strings.HasPrefix(c.Name, "__Host-"):
		return false // a __Host- cookie with a Domain is refused
	case strings.HasPrefix(c.Name, "__Secure-") && !c.Secure:
		return false
	}
	// A second cookie of the same name, for another domain: the browser
	// keeps both and sends both.
	b.cookies["tossed "+c.Name] = c
	return true
}

// flowCookieIn returns the flow cookie b holds, or fails.
func flowCookieIn(t *testing.T, b *browser) *http.Cookie {
	t.Helper()
	for _, c := range b.cookies {
		if c.Name != sessionCookieName(b.env) && c.Domain == "" {
			return c
		}
	}
	t.Fatal("the browser holds no flow cookie")
	return nil
}

// tossFlows are the flows a browser starts that end at a callback bound to
// it by a flow cookie: start starts one in b and returns the callback URL
// Appwrite makes for it (for the magic link, the e-mailed link).
var tossFlows = []struct {
	name  string
	start func(t *testing.T, b *browser, email string) *url.URL
}{
	{"OAuth2", func(t *testing.T, b *browser, email string) *url.URL {
		return oauth2Callback(t, b, email)
	}},
	{"magic link", func(t *testing.T, b *browser, email string) *url.URL {
		return magicLink(t, b, email)
	}},
}

// signedInAs returns the e-mail of the account b is signed in as, or "".
func signedInAs(t *testing.T, b *browser) string {
	t.Helper()
	var me struct {
		Email string `json:"email"`
	}
	if r := b.do("GET", "/me", ""); r.Status == http.StatusOK {
		r.decode(t, &me)
	}
	return me.Email
}

// TestFlowCookieTossedBySibling: the attacker starts an OAuth2 sign-in and
// asks for a magic link, each for the attacker's own account, from their
// own browser and address, and keeps the callback URL and the flow
// cookie's state. A page of theirs on a sibling subdomain tosses that
// state into the victim's browser under the flow cookie's name, and sends
// the victim the attacker's callback: with the cookie in place the
// callback would take the victim's browser for the one that started the
// flow and sign it into the attacker's account (login CSRF). Defence:
// flow cookies are __Host- (session.CookieOptions.FlowCookie), which no
// other host can set.
func TestFlowCookieTossedBySibling(t *testing.T) {
	t.Parallel()
	for _, tc := range tossFlows {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, nil)
			attacker := at(env.browser(), "203.0.113.66")
			callback := tc.start(t, attacker, "tosser@example.com")
			state := flowCookieIn(t, attacker)
			if !state.Secure {
				t.Fatalf("flow cookie %s is not Secure", state.Name)
			}

			victim := at(env.browser(), "198.51.100.20")
			victim.signUp("toss-victim@example.com", "correct horse battery")
			tossed := toss(victim, &http.Cookie{Name: state.Name, Value: state.Value, Path: "/", Secure: true})
			r := victim.do("GET", pathAndQuery(callback), "")
			if got := signedInAs(t, victim); got != "toss-victim@example.com" {
				t.Fatalf("the victim's browser is signed in as %q after the attacker's callback (cookie %s tossed: %v)", got, state.Name, tossed)
			}
			if tossed {
				t.Errorf("the browser kept a tossed %s cookie, want the name refused to other hosts", state.Name)
			}
			if c := r.cookie(t); c != nil && c.Name == sessionCookieName(env) {
				t.Errorf("the callback set %q in the victim's browser", r.Headers["set-cookie"])
			}
		})
	}
}

// TestFlowCookieTwoValues: where a __Host- name cannot be used (the
// cookies are not Secure, on a development machine), the victim who
// started a sign-in of their own holds a flow cookie; the attacker's
// sibling page tosses a second one, holding the state of the attacker's
// flow, and sends the victim the attacker's callback. The browser sends
// both values. Defence: a callback whose browser holds two values of its
// flow cookie is refused (readBrowserState), with flow_state_mismatch.
func TestFlowCookieTwoValues(t *testing.T) {
	t.Parallel()
	for _, tc := range tossFlows {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, map[string]string{"SESSION_COOKIE_SECURE": "false"})
			attacker := at(env.browser(), "203.0.113.66")
			victim := at(env.browser(), "198.51.100.20")
			tc.start(t, victim, "toss-victim@example.com")
			own := flowCookieIn(t, victim)
			callback := tc.start(t, attacker, "tosser@example.com")
			state := flowCookieIn(t, attacker)
			if state.Name != own.Name || strings.HasPrefix(state.Name, "__") {
				t.Fatalf("flow cookies %s and %s: want one name, without a prefix", state.Name, own.Name)
			}
			if !toss(victim, &http.Cookie{Name: state.Name, Value: state.Value, Path: state.Path}) {
				t.Fatal("the browser refused a cookie without a prefix")
			}
			if line := victim.cookieHeader(callback.Path); strings.Count(line, state.Name+"=") != 2 {
				t.Fatalf("the victim's browser sends %q, want two %s cookies", line, state.Name)
			}

			r := victim.do("GET", pathAndQuery(callback), "")
			if victim.value != "" {
				t.Fatal("the victim's browser was signed into the attacker's account")
			}
			if to := r.location(t, http.StatusSeeOther); to.Query().Get("error") != "flow_state_mismatch" {
				t.Errorf("the callback sent the browser to %s, want ?error=flow_state_mismatch", to)
			}
			// The refusal spent nothing: the attacker's own browser, which
			// holds one value, still finishes.
			if r := attacker.do("GET", pathAndQuery(callback), ""); r.Status != http.StatusSeeOther || attacker.value == "" {
				t.Errorf("the browser that started the flow: %d %s, want signed in", r.Status, r.Headers["location"])
			}
		})
	}
}
