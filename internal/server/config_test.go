package server

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"openruntimes/handler/session"
)

func TestPublicURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		raw, want string
		ok        bool
	}{
		{"https://auth.example.com", "https://auth.example.com", true},
		{"https://Auth.Example.com/", "https://auth.example.com", true},
		{"https://auth.example.com:443", "https://auth.example.com", true},
		{"http://localhost:3000", "http://localhost:3000", true},
		{"https://auth.example.com:8443", "https://auth.example.com:8443", true},
		{"https://auth.example.com/path", "", false},
		{"https://user@auth.example.com", "", false},
		{"ftp://auth.example.com", "", false},
		{"auth.example.com", "", false},
		{"https://auth.example.com:port", "", false},
	}
	for _, tt := range tests {
		s, err := loadSettings(func(k string) string {
			return map[string]string{
				"APPWRITE_FUNCTION_API_ENDPOINT": "https://appwrite.example.com/v1",
				"APPWRITE_FUNCTION_PROJECT_ID":   "p",
				"PUBLIC_URL":                     tt.raw,
			}[k]
		})
		var cfgErr *session.ConfigError
		if gotOK := !errors.As(err, &cfgErr); gotOK != tt.ok || s.publicURL != tt.want {
			t.Errorf("PUBLIC_URL=%q: publicURL %q, error %v; want %q, ok %v", tt.raw, s.publicURL, err, tt.want, tt.ok)
		}
		if !tt.ok && (cfgErr == nil || !strings.Contains(strings.Join(cfgErr.Variables, ","), "PUBLIC_URL")) {
			t.Errorf("PUBLIC_URL=%q: error %v does not name PUBLIC_URL", tt.raw, err)
		}
	}
}

// TestAllowHasNoDuplicates: a path that two routes match (a static one
// and a pattern) lists each method once.
func TestAllowHasNoDuplicates(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	r := env.call("POST", "/oauth2/callback", nil, "")
	r.wantError(t, http.StatusMethodNotAllowed, "method_not_allowed")
	if r.Headers["allow"] != "GET, HEAD" {
		t.Errorf("allow = %q, want GET, HEAD", r.Headers["allow"])
	}
}

// TestRefusedPreflightHasNoCORSHeaders: a preflight refused for its method
// gets no CORS header, even from an allowed origin.
func TestRefusedPreflightHasNoCORSHeaders(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	r := env.call("OPTIONS", "/me", map[string]string{"access-control-request-method": "PUT"}, "")
	if r.Status != http.StatusForbidden {
		t.Fatalf("status %d, want 403", r.Status)
	}
	for k := range r.Headers {
		if strings.HasPrefix(k, "access-control-") {
			t.Errorf("refused preflight carries %s: %s", k, r.Headers[k])
		}
	}
}

// TestRespondRedirectsWith302Or303: whatever status a reply with a
// Location names, the response is a 302 or 303, never the runtime's
// cacheable 301.
func TestRespondRedirectsWith302Or303(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	for status, want := range map[int]int{301: 302, 307: 302, 302: 302, 303: 303, 200: 302} {
		logger, collect := env.logs.begin()
		ex := exchange{req: &Request{Method: "GET", Headers: map[string]string{}}, requestID: "r"}
		ctx := newTestContext(logger)
		ex.ctx = &ctx
		res := ex.respond(Reply{Status: status, Location: "https://app.example.com/"})
		collect()
		if res.StatusCode != want || res.Headers["location"] != "https://app.example.com/" {
			t.Errorf("reply status %d: response %d, want %d", status, res.StatusCode, want)
		}
	}
}

// TestMalformedQuery: a query string that does not parse is a clear 400,
// not a silently dropped parameter (a redirect target, say).
func TestMalformedQuery(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	e := env.call("GET", "/oauth2/github?redirect=%zz", nil, "").wantError(t, http.StatusBadRequest, "general_argument_invalid")
	if !strings.Contains(e.Message, "query string") {
		t.Errorf("message %q does not say the query string is at fault", e.Message)
	}
	env.call("GET", "/nope?%zz", nil, "").wantError(t, http.StatusNotFound, "route_not_found")
	for _, rt := range routeTable(t) {
		body := ""
		if rt.method != "GET" {
			body = "{}"
		}
		env.call(rt.method, rt.path+"?a=%zz", nil, body).wantError(t, http.StatusBadRequest, "general_argument_invalid")
	}
}

// TestConfigProblemsSpeakOfVariables: a configuration problem names the
// variable and what is wrong with it, with no Go package prefix
// ("security: invalid origins") in the message whoever deploys reads.
func TestConfigProblemsSpeakOfVariables(t *testing.T) {
	t.Parallel()
	vars := map[string]string{
		"APPWRITE_FUNCTION_API_ENDPOINT": "https://cloud.appwrite.io/v1",
		"APPWRITE_FUNCTION_PROJECT_ID":   "p",
		"ALLOWED_ORIGINS":                "*",
		"ALLOWED_REDIRECT_URLS":          "not a url",
		"SIGNUP_VERIFICATION":            "maybe",
	}
	_, err := loadSettings(func(k string) string { return vars[k] })
	var problems *session.ConfigError
	if !errors.As(err, &problems) || len(problems.Problems) != 3 {
		t.Fatalf("problems: %v, want three", err)
	}
	for i, prefix := range []string{"ALLOWED_ORIGINS has invalid origins", "ALLOWED_REDIRECT_URLS has invalid redirect URLs", "SIGNUP_VERIFICATION must be"} {
		if p := problems.Problems[i]; !strings.HasPrefix(p, prefix) || strings.Contains(p, "security:") {
			t.Errorf("problem %q, want it to start %q and name no package", p, prefix)
		}
	}
}
