package security

import (
	"net/http"
	"reflect"
	"testing"
)

// TestCORSHeaders checks the headers of allowed and refused origins.
func TestCORSHeaders(t *testing.T) {
	t.Parallel()
	o := mustParseOrigins(t, testOrigins)
	allowed := func(origin string) map[string]string {
		return map[string]string{
			"vary":                             "origin",
			"access-control-allow-origin":      origin,
			"access-control-allow-credentials": "true",
			"access-control-expose-headers":    "retry-after, x-request-id",
		}
	}
	refused := map[string]string{"vary": "origin"}
	tests := []struct {
		origins *Origins
		origin  string
		want    map[string]string
	}{
		{o, "https://app.example.com", allowed("https://app.example.com")},
		{o, "https://a.b.example.org", allowed("https://a.b.example.org")},
		{o, "HTTPS://App.Example.com:443", refused}, // no browser spells it so
		{o, "https://evil.com", refused},
		{o, "null", refused},
		{o, "", refused},
		{o, "https://app.example.com\r\nset-cookie: a=1", refused},
		{o, "*", refused},
		{nil, "https://app.example.com", refused},
	}
	for i, tt := range tests {
		if got := CORSHeaders(tt.origins, tt.origin); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("#%d CORSHeaders(%q) = %q, want %q", i, tt.origin, got, tt.want)
		}
	}

	// Each call returns a new map: the runtime writes into it.
	a, b := CORSHeaders(o, "https://app.example.com"), CORSHeaders(o, "https://app.example.com")
	a["x"] = "y"
	if _, ok := b["x"]; ok {
		t.Error("CORSHeaders returns a shared map")
	}
}

// TestPreflight checks preflight answers: allowed origins and methods get
// 204 with every CORS header; anything else gets 403 and none.
func TestPreflight(t *testing.T) {
	t.Parallel()
	o := mustParseOrigins(t, testOrigins)
	const vary = "origin, access-control-request-method, access-control-request-headers"
	ok := func(origin, allowHeaders string) map[string]string {
		return map[string]string{
			"vary":                             vary,
			"access-control-allow-origin":      origin,
			"access-control-allow-credentials": "true",
			"access-control-allow-methods":     "GET, POST, PATCH, DELETE",
			"access-control-allow-headers":     allowHeaders,
			"access-control-max-age":           "600",
		}
	}
	refused := map[string]string{"vary": vary}
	tests := []struct {
		name       string
		headers    map[string]string
		wantStatus int
		want       map[string]string
	}{
		{"allowed POST with content-type",
			map[string]string{"origin": "https://app.example.com", "access-control-request-method": "POST", "access-control-request-headers": "content-type"},
			http.StatusNoContent, ok("https://app.example.com", "content-type")},
		{"allowed wildcard DELETE, no headers",
			map[string]string{"origin": "https://x.example.org", "access-control-request-method": "DELETE"},
			http.StatusNoContent, ok("https://x.example.org", "content-type")},
		{"safe headers echoed once, in lower case; others dropped",
			map[string]string{"origin": "http://localhost:5173", "access-control-request-method": "PATCH",
				"access-control-request-headers": "X-Requested-With, authorization, content-type,accept, x-appwrite-key, cookie, accept , Accept-Language"},
			http.StatusNoContent, ok("http://localhost:5173", "content-type, x-requested-with, accept, accept-language")},
		{"wildcard request header is not echoed",
			map[string]string{"origin": "https://app.example.com", "access-control-request-method": "POST", "access-control-request-headers": "*"},
			http.StatusNoContent, ok("https://app.example.com", "content-type")},
		{"injection in request headers is not echoed",
			map[string]string{"origin": "https://app.example.com", "access-control-request-method": "POST", "access-control-request-headers": "content-type\r\nset-cookie: a=1"},
			http.StatusNoContent, ok("https://app.example.com", "content-type")},
		{"foreign origin",
			map[string]string{"origin": "https://evil.com", "access-control-request-method": "POST"},
			http.StatusForbidden, refused},
		{"null origin",
			map[string]string{"origin": "null", "access-control-request-method": "POST"},
			http.StatusForbidden, refused},
		{"no origin",
			map[string]string{"access-control-request-method": "POST"},
			http.StatusForbidden, refused},
		{"no requested method",
			map[string]string{"origin": "https://app.example.com"},
			http.StatusForbidden, refused},
		{"method not allowed",
			map[string]string{"origin": "https://app.example.com", "access-control-request-method": "PUT"},
			http.StatusForbidden, refused},
		{"methods are case-sensitive",
			map[string]string{"origin": "https://app.example.com", "access-control-request-method": "patch"},
			http.StatusForbidden, refused},
		{"suffix trick",
			map[string]string{"origin": "https://app.example.com.evil.com", "access-control-request-method": "POST"},
			http.StatusForbidden, refused},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, h := Preflight(o, tt.headers)
			if status != tt.wantStatus {
				t.Errorf("Preflight status = %d, want %d", status, tt.wantStatus)
			}
			if !reflect.DeepEqual(h, tt.want) {
				t.Errorf("Preflight headers = %q, want %q", h, tt.want)
			}
		})
	}
}

// TestPreflightMethods checks a route's own method list.
func TestPreflightMethods(t *testing.T) {
	t.Parallel()
	o := mustParseOrigins(t, testOrigins)
	headers := map[string]string{"origin": "https://app.example.com", "access-control-request-method": "PUT"}
	status, h := PreflightMethods(o, headers, []string{"GET", "PUT"})
	if status != http.StatusNoContent || h["access-control-allow-methods"] != "GET, PUT" {
		t.Errorf("PreflightMethods(PUT on GET, PUT) = %d %q", status, h)
	}
	headers["access-control-request-method"] = "DELETE"
	if status, h := PreflightMethods(o, headers, []string{"GET", "PUT"}); status != http.StatusForbidden || h["access-control-allow-origin"] != "" {
		t.Errorf("PreflightMethods(DELETE on GET, PUT) = %d %q", status, h)
	}
}
