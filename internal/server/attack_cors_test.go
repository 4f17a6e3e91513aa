package server

import (
	"fmt"
	"maps"
	"net/http"
	"strings"
	"testing"
)

// ---------------------------------------------------------------------------
// CORS

// corsHeaders returns the response's access-control-* headers.
func corsHeaders(r *result) map[string]string {
	out := map[string]string{}
	for k, v := range r.Headers {
		if strings.HasPrefix(strings.ToLower(k), "access-control-") {
			out[k] = v
		}
	}
	return out
}

// foreignOrigins are origins no configuration here allows.
var foreignOrigins = []string{
	"https://evil.example",
	"null",
	"https://app.example.com.evil.example",
	"https://evilapp.example.com",
	"http://app.example.com",
	"https://app.example.com:8443",
	"https://app.example.com.",
	"https://app.example.com@evil.example",
	"https://evil.example#app.example.com",
	"https://xn--pp-8kc.example.com",
	"*",
	" https://app.example.com",
}

// TestCORSPreflightFromForeignOrigin: a foreign page's preflight, for any
// route and method, gets 403 and not one access-control-* header, so the
// browser never sends the credentialed request. Defence:
// security.PreflightMethods.
func TestCORSPreflightFromForeignOrigin(t *testing.T) {
	t.Parallel()
	env, up := newAttackEnv(t, nil)
	before := up.count()
	for _, rt := range routeTable(t) {
		for _, origin := range foreignOrigins {
			r := env.call("OPTIONS", rt.path, map[string]string{
				"origin": origin, "access-control-request-method": rt.method,
				"access-control-request-headers": "content-type",
			}, "")
			what := fmt.Sprintf("preflight %s %s from %q", rt.method, rt.path, origin)
			if r.Status != http.StatusForbidden {
				t.Errorf("%s: %d, want 403", what, r.Status)
			}
			if h := corsHeaders(r); len(h) != 0 {
				t.Errorf("%s: CORS headers %v", what, h)
			}
		}
	}
	wantNoUpstream(t, up, before, "preflights")
}

// TestCORSPreflightFromAllowedOrigin: the app's preflight gets exactly the
// CORS headers it needs: its own origin (never "*"), credentials, the one
// method asked for, content-type and the harmless headers it asked for
// (never a credential header such as x-appwrite-key, authorization or
// cookie), a max-age and vary; nothing else (which response headers pages
// may read is said on the responses themselves). Defence:
// security.PreflightMethods and its header allowlist.
func TestCORSPreflightFromAllowedOrigin(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	for _, rt := range routeTable(t) {
		r := env.call("OPTIONS", rt.path, map[string]string{
			"origin": appOrigin, "access-control-request-method": rt.method,
			"access-control-request-headers": "Content-Type, X-Appwrite-Key, Authorization, Cookie, X-Requested-With, x-appwrite-client-ip",
		}, "")
		what := fmt.Sprintf("preflight %s %s", rt.method, rt.path)
		if r.Status != http.StatusNoContent {
			t.Errorf("%s: %d, want 204", what, r.Status)
			continue
		}
		want := map[string]string{
			"access-control-allow-origin":      appOrigin,
			"access-control-allow-credentials": "true",
			"access-control-allow-methods":     rt.method,
			"access-control-allow-headers":     "content-type, x-requested-with",
			"access-control-max-age":           "600",
		}
		if got := corsHeaders(r); !maps.Equal(got, want) {
			t.Errorf("%s: CORS headers\n\t%v\nwant\n\t%v", what, got, want)
		}
		if !strings.Contains(r.Headers["vary"], "origin") {
			t.Errorf("%s: vary = %q, want origin in it", what, r.Headers["vary"])
		}
	}
}

// TestCORSForeignPageReadsMe: a foreign page's fetch of GET /me (a simple
// request, sent without a preflight) gets an answer with no
// access-control-allow-origin, so the browser hides the user's data from
// it; the app's own fetch gets its origin back with credentials. Both carry
// vary: origin and cache-control: no-store, so no cache hands one to the
// other. Defence: security.CORSHeaders in respond.go.
func TestCORSForeignPageReadsMe(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	b := env.browser()
	b.signUp("cors-me@example.com", "correct horse battery")
	for _, origin := range foreignOrigins {
		r := b.doWith("GET", "/me", map[string]string{"origin": origin, "sec-fetch-site": "cross-site"}, "")
		if h := corsHeaders(r); len(h) != 0 {
			t.Errorf("GET /me from %q: CORS headers %v expose the user to that page", origin, h)
		}
		if !strings.Contains(r.Headers["vary"], "origin") || r.Headers["cache-control"] != "no-store" {
			t.Errorf("GET /me from %q: vary %q, cache-control %q", origin, r.Headers["vary"], r.Headers["cache-control"])
		}
	}
	r := b.do("GET", "/me", "")
	if r.Headers["access-control-allow-origin"] != appOrigin || r.Headers["access-control-allow-credentials"] != "true" {
		t.Errorf("GET /me from the app: CORS headers %v", corsHeaders(r))
	}
}

// TestCORSWildcardAndLookalikeOrigins: with ALLOWED_ORIGINS holding a
// wildcard, subdomains of it are allowed (and echoed exactly), while the
// bare domain and every look-alike (suffix, prefix, other scheme or port,
// trailing dot, user info, percent-encoding, punycode, control
// characters) get no CORS header and cannot change state. Defence:
// security.Origins matching, used by CORSHeaders, PreflightMethods and
// CheckOrigin.
func TestCORSWildcardAndLookalikeOrigins(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, map[string]string{"ALLOWED_ORIGINS": appOrigin + " https://*.example.org"})
	for _, origin := range []string{"https://a.example.org", "https://deep.sub.example.org", appOrigin} {
		r := env.call("GET", "/me", map[string]string{"origin": origin}, "")
		if r.Headers["access-control-allow-origin"] != origin {
			t.Errorf("GET /me from %s: allow-origin %q, want the origin", origin, r.Headers["access-control-allow-origin"])
		}
	}
	lookalikes := append([]string{
		"https://example.org",
		"https://evilexample.org",
		"https://example.org.evil.example",
		"https://a.example.org.evil.example",
		"http://a.example.org",
		"https://a.example.org:8443",
		"https://a.example.org.",
		"https://.example.org",
		"https://*.example.org",
		"https://a%2eexample.org",
		"https://evil.example/.example.org",
		"https://evil.example?.example.org",
		"https://a.example.org@evil.example",
		"https://xn--80a.example.org.evil.example",
		"https://a.example.org\r\nx-evil: 1",
		"https://a.example.org\x00",
		"https://\u0430.example.org",
	}, foreignOrigins...)
	for _, origin := range lookalikes {
		r := env.call("GET", "/me", map[string]string{"origin": origin}, "")
		if h := corsHeaders(r); len(h) != 0 {
			t.Errorf("GET /me from %q: CORS headers %v", origin, h)
		}
		wantCleanHeaders(t, r, "GET /me from "+strconvQuote(origin))
		p := env.call("OPTIONS", "/logout", map[string]string{"origin": origin, "access-control-request-method": "POST"}, "")
		if h := corsHeaders(p); p.Status != http.StatusForbidden || len(h) != 0 {
			t.Errorf("preflight from %q: %d %v", origin, p.Status, h)
		}
		w := env.call("POST", "/logout", map[string]string{"origin": origin, "sec-fetch-site": "cross-site"}, "")
		wantErr(t, w, http.StatusForbidden, "request_origin_rejected", "POST /logout from "+strconvQuote(origin))
	}
}

func strconvQuote(s string) string { return fmt.Sprintf("%q", s) }

// TestCORSNonCanonicalOrigin: a fetch naming the app's origin in a
// spelling no browser sends (see nonCanonicalOrigins) gets no CORS
// headers, for its preflight or for GET /me with the victim's cookie, so
// nothing reads the answer as the app's. Defence: security.Origins.Allowed
// takes an origin only in its canonical spelling.
func TestCORSNonCanonicalOrigin(t *testing.T) {
	t.Parallel()
	env, _ := newAttackEnv(t, nil)
	victim := at(env.browser(), "198.51.100.30")
	victim.signUp("cors-spelling@example.com", "correct horse battery")
	for _, origin := range nonCanonicalOrigins {
		pre := env.call("OPTIONS", "/me", map[string]string{
			"origin": origin, "access-control-request-method": "GET", "x-appwrite-client-ip": "203.0.113.31",
		}, "")
		if pre.Status != http.StatusForbidden || len(corsHeaders(pre)) != 0 {
			t.Errorf("preflight from %q: %d %v, want 403 without CORS headers", origin, pre.Status, corsHeaders(pre))
		}
		me := victim.doWith("GET", "/me", map[string]string{"origin": origin, "x-appwrite-client-ip": "203.0.113.31"}, "")
		if h := corsHeaders(me); len(h) != 0 {
			t.Errorf("GET /me from %q: CORS headers %v, want none", origin, h)
		}
	}
	// The canonical spelling is the app's, and its fetch can read /me.
	if h := corsHeaders(victim.do("GET", "/me", "")); h["access-control-allow-origin"] != appOrigin {
		t.Errorf("GET /me from the app: CORS headers %v, want its origin allowed", h)
	}
}

// TestCORSStarOriginRefused: ALLOWED_ORIGINS=* (or null) with credentials
// would let any page act as the user: the function refuses to start
// (500 function_misconfigured on every route) and answers no origin with
// CORS headers. Defence: security.ParseOrigins.
func TestCORSStarOriginRefused(t *testing.T) {
	t.Parallel()
	for _, list := range []string{"*", "null", appOrigin + ", *", "https://*"} {
		env := newTestEnv(t, map[string]string{"ALLOWED_ORIGINS": list})
		for _, origin := range []string{appOrigin, "https://evil.example", "null"} {
			r := env.call("GET", "/me", map[string]string{"origin": origin}, "")
			wantErr(t, r, http.StatusInternalServerError, "function_misconfigured", "ALLOWED_ORIGINS="+list)
			if h := corsHeaders(r); len(h) != 0 {
				t.Errorf("ALLOWED_ORIGINS=%s, origin %s: CORS headers %v", list, origin, h)
			}
		}
	}
}
