package security

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"openruntimes/handler/internal/apierror"
)

// TestCheckOrigin is the CSRF table: who may send a state-changing
// request.
func TestCheckOrigin(t *testing.T) {
	t.Parallel()
	o := mustParseOrigins(t, testOrigins)
	const self = "https://auth.example.com"
	tests := []struct {
		name    string
		method  string
		headers map[string]string
		ok      bool
	}{
		{"allowed origin", "POST", map[string]string{"origin": "https://app.example.com"}, true},
		{"allowed wildcard origin", "DELETE", map[string]string{"origin": "https://a.b.example.org"}, true},
		{"allowed origin, mixed case", "PATCH", map[string]string{"origin": "HTTPS://APP.example.com"}, false},
		{"allowed origin, trailing slash", "POST", map[string]string{"origin": "https://app.example.com/"}, false},
		{"self origin", "POST", map[string]string{"origin": "https://auth.example.com"}, true},
		{"self origin, explicit default port", "PUT", map[string]string{"origin": "https://auth.example.com:443"}, false},
		{"self origin, upper case", "POST", map[string]string{"origin": "https://AUTH.example.com"}, false},
		{"foreign origin", "POST", map[string]string{"origin": "https://evil.com"}, false},
		{"foreign origin claiming same-origin", "POST", map[string]string{"origin": "https://evil.com", "sec-fetch-site": "same-origin"}, false},
		{"suffix of an allowed origin", "POST", map[string]string{"origin": "https://app.example.com.evil.com"}, false},
		{"self on another port", "POST", map[string]string{"origin": "https://auth.example.com:8443"}, false},
		{"self over http", "POST", map[string]string{"origin": "http://auth.example.com"}, false},
		{"null origin", "POST", map[string]string{"origin": "null"}, false},
		{"null origin, same-origin fetch site", "POST", map[string]string{"origin": "null", "sec-fetch-site": "same-origin"}, false},
		{"garbage origin", "POST", map[string]string{"origin": "https://app.example.com\r\n"}, false},
		{"no origin, same-origin", "POST", map[string]string{"sec-fetch-site": "same-origin"}, true},
		{"no origin, same-site", "DELETE", map[string]string{"sec-fetch-site": "same-site"}, true},
		{"no origin, cross-site", "POST", map[string]string{"sec-fetch-site": "cross-site"}, false},
		{"no origin, none (typed URL)", "POST", map[string]string{"sec-fetch-site": "none"}, false},
		{"no origin, unknown value", "POST", map[string]string{"sec-fetch-site": "Same-Origin"}, false},
		{"no origin, no fetch site", "POST", map[string]string{}, false},
		{"empty origin, no fetch site", "POST", map[string]string{"origin": ""}, false},
		{"nil headers", "PUT", nil, false},
		{"unknown method is checked", "PROPFIND", map[string]string{"origin": "https://evil.com"}, false},
		{"lower-case method is checked", "post", map[string]string{"origin": "https://evil.com"}, false},
		{"GET never rejected", "GET", map[string]string{"origin": "https://evil.com", "sec-fetch-site": "cross-site"}, true},
		{"HEAD never rejected", "HEAD", map[string]string{"origin": "null"}, true},
		{"OPTIONS never rejected", "OPTIONS", map[string]string{"origin": "https://evil.com"}, true},
		{"GET without anything", "GET", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := CheckOrigin(o, self, tt.method, tt.headers)
			if tt.ok {
				if err != nil {
					t.Fatalf("CheckOrigin = %v, want nil", err)
				}
				return
			}
			var e *apierror.Error
			if !errors.As(err, &e) {
				t.Fatalf("CheckOrigin = %v, want a *apierror.Error", err)
			}
			if e.Code != http.StatusForbidden || e.Type != apierror.TypeOriginRejected || e.Message == "" {
				t.Errorf("CheckOrigin = %+v, want 403 %s with a message", e, apierror.TypeOriginRejected)
			}
		})
	}
}

// TestCheckOriginWithoutList checks that with no ALLOWED_ORIGINS only the
// function's own origin may change state.
func TestCheckOriginWithoutList(t *testing.T) {
	t.Parallel()
	if err := CheckOrigin(nil, "http://localhost:3000", "POST", map[string]string{"origin": "http://localhost:3000"}); err != nil {
		t.Errorf("self with no list: %v", err)
	}
	if err := CheckOrigin(nil, "http://localhost:3000", "POST", map[string]string{"origin": "http://localhost:5173"}); err == nil {
		t.Error("another origin with no list: nil error")
	}
	if err := CheckOrigin(nil, "", "POST", map[string]string{"origin": "https://app.example.com"}); err == nil {
		t.Error("no list and no self: nil error")
	}
}

// TestCheckOriginLoopbackHint: an app opened on 127.0.0.1 or [::1] is told
// to use localhost, where the session cookie travels, not only to join
// ALLOWED_ORIGINS; other refused origins get the plain advice.
func TestCheckOriginLoopbackHint(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ origin, want string }{
		{"http://127.0.0.1:5173", "http://localhost:5173"},
		{"http://[::1]:3000", "http://localhost:3000"},
		{"http://127.0.0.2", "http://localhost"},
		{"http://192.168.1.10:5173", "add it to ALLOWED_ORIGINS"},
		{"https://evil.com", "add it to ALLOWED_ORIGINS"},
	} {
		err := CheckOrigin(nil, "http://localhost:8080", "POST", map[string]string{"origin": tc.origin})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("origin %s: %v, want a message with %q", tc.origin, err, tc.want)
		}
	}
}
