package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"openruntimes/handler/session"
)

type allowAll struct{}

func (allowAll) Check(raw string) (string, error) { return raw, nil }

// TestConfirmPageWorksInABrowser checks the two headers that made the
// magic-link confirmation button do nothing in a real browser (found by
// e2e/TestMagicLink):
//   - the referrer policy, in the header and the meta tag: under no-referrer
//     (the policy of every other response) a browser posts the page's form
//     with "Origin: null" and fromOwnPage refuses it. The policy must let the
//     browser name the page's origin on its own post and keep the page's URL,
//     which holds the token's secret, from every other origin;
//   - the CSP's form-action, which browsers also apply to the redirects after
//     the post: with 'self' alone the 303 to the app is blocked.
func TestConfirmPageWorksInABrowser(t *testing.T) {
	t.Parallel()
	d := &Deps{
		Config:  &session.Config{Cookie: session.CookieOptions{Name: "a_session_p", Path: "/", Secure: true, SameSite: http.SameSiteLaxMode}},
		Shared:  &Shared{Redirects: allowAll{}},
		Self:    "https://auth.example.com",
		budgets: []budget{budgetConfirmPage},
	}
	q := url.Values{
		"flow":   {flow{State: "state", Redirect: "https://app.example.com/in", Failure: "https://login.example.com:8443/x"}.encode()},
		"userId": {"u1"},
		"secret": {"s3cret"},
	}
	// Opened in another browser: no flow cookie, so the page, not a session.
	reply := openMagicURL(d, &Request{Method: "GET", Path: magicURLCallbackPath, Query: q, Headers: map[string]string{}})
	if reply.Status != http.StatusOK || reply.Cookie != "" {
		t.Fatalf("callback without the flow cookie: %d, cookie %q; want the confirmation page", reply.Status, reply.Cookie)
	}
	if got := reply.Header["referrer-policy"]; got != "same-origin" {
		t.Errorf("referrer-policy header %q, want same-origin", got)
	}
	page := string(reply.HTML)
	if !strings.Contains(page, `<meta name="referrer" content="same-origin">`) || strings.Contains(page, "no-referrer") {
		t.Errorf("the page's meta referrer is not same-origin:\n%s", page)
	}
	if !strings.Contains(page, `action="https://auth.example.com/magic-url/confirm"`) {
		t.Errorf("the form does not post to the function's own origin:\n%s", page)
	}
	csp := reply.Header["content-security-policy"]
	if !strings.Contains(csp, "; form-action 'self' https://app.example.com https://login.example.com:8443;") ||
		!strings.HasPrefix(csp, "default-src 'none'; ") {
		t.Errorf("CSP %q: want form-action 'self' and the origins the flow ends at", csp)
	}
}

func TestCSPOrigin(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"https://app.example.com/path?q=1#f": "https://app.example.com",
		"http://localhost:5173/":             "http://localhost:5173",
		"https://[::1]:8443/":                "https://[::1]:8443",
		"javascript:alert(1)":                "",
		"https:///nohost":                    "",
		"https://a.example.com;script-src":   "",
		"":                                   "",
	} {
		if got := cspOrigin(in); got != want {
			t.Errorf("cspOrigin(%q) = %q, want %q", in, got, want)
		}
	}
}
