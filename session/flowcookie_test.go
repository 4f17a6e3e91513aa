package session

import (
	"net/http"
	"slices"
	"testing"
	"time"
)

// TestFlowCookie checks the flow cookie's name and attributes: __Host-
// (so Path=/ and no Domain, whatever the session cookie's) whenever the
// cookies are Secure, so that no other host can set one; scoped to its
// callback's path without a prefix otherwise.
func TestFlowCookie(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		opts     CookieOptions
		wantName string
		wantPath string
	}{
		{"default", CookieOptions{Name: "a_session_p", Path: "/", Secure: true}, "__Host-a_session_p_magic", "/"},
		{"session cookie on a domain", CookieOptions{Name: "a_session_p", Domain: "example.com", Path: "/", Secure: true}, "__Host-a_session_p_magic", "/"},
		{"__Host- session cookie", CookieOptions{Name: "__Host-sid", Path: "/", Secure: true}, "__Host-sid_magic", "/"},
		{"__Secure- session cookie", CookieOptions{Name: "__Secure-sid", Path: "/", Secure: true}, "__Host-sid_magic", "/"},
		{"not Secure", CookieOptions{Name: "a_session_p", Path: "/", Secure: false}, "a_session_p_magic", "/magic-url/callback"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			line := tc.opts.FlowCookie("magic", "/magic-url/callback", "state1", 15*time.Minute)
			c, err := http.ParseSetCookie(line)
			if err != nil {
				t.Fatalf("%q: %v", line, err)
			}
			if c.Name != tc.wantName || c.Path != tc.wantPath || c.Domain != "" || c.Secure != tc.opts.Secure ||
				!c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.MaxAge != 900 || c.Value != "state1" {
				t.Errorf("%q: want %s, Path=%s, no Domain, Secure %v, HttpOnly, Lax, Max-Age=900", line, tc.wantName, tc.wantPath, tc.opts.Secure)
			}
			got := tc.opts.ReadFlow(map[string]string{"cookie": "other=1; " + tc.wantName + "=state1"}, "magic")
			if !slices.Equal(got, []string{"state1"}) {
				t.Errorf("ReadFlow of its own cookie: %q", got)
			}
		})
	}
}
