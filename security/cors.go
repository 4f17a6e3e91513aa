package security

import (
	"net/http"
	"strconv"
	"strings"
)

// PreflightMaxAge is how long, in seconds, browsers may cache a preflight
// answer (access-control-max-age). Browsers cap it themselves (Chromium at
// 7200 s); ten minutes lets a changed ALLOWED_ORIGINS take effect soon.
const PreflightMaxAge = 600

// defaultMethods are the methods [Preflight] allows: every method the
// function's routes use.
var defaultMethods = []string{"GET", "POST", "PATCH", "DELETE"}

// allowedRequestHeaders are the request headers a preflight may allow,
// besides content-type: headers a frontend legitimately sets that carry no
// credential. Anything else a page asks for (authorization, cookie,
// x-appwrite-key, ...) is left out of the answer, so the browser refuses to
// send it.
var allowedRequestHeaders = map[string]bool{
	"accept":           true,
	"accept-language":  true,
	"content-language": true,
	"content-type":     true,
	"x-requested-with": true,
}

// exposedHeaders are the response headers pages may read besides the
// CORS-safelisted ones: how long to wait after a 429, and the request ID
// to quote in a bug report.
const exposedHeaders = "retry-after, x-request-id"

// CORSHeaders returns the CORS headers of a response to a request whose
// Origin header is origin. For an allowed origin they are
// access-control-allow-origin (the origin itself, never "*"),
// access-control-allow-credentials: true and access-control-expose-headers
// (retry-after, x-request-id). Every answer, allowed or not, carries
// vary: origin, since it depends on the Origin header: a shared cache must
// not hand one origin's answer to another. The map is new on each call.
func CORSHeaders(o *Origins, origin string) map[string]string {
	// Room for the headers every response adds after these.
	h := make(map[string]string, 12)
	h["vary"] = "origin"
	if s, ok := o.match(origin); ok {
		h["access-control-allow-origin"] = s
		h["access-control-allow-credentials"] = "true"
		h["access-control-expose-headers"] = exposedHeaders
	}
	return h
}

// Preflight answers a CORS preflight (an OPTIONS request) for any route,
// allowing the methods GET, POST, PATCH and DELETE. See
// [PreflightMethods], which takes a route's own methods.
func Preflight(o *Origins, headers map[string]string) (status int, h map[string]string) {
	return PreflightMethods(o, headers, defaultMethods)
}

// PreflightMethods answers a CORS preflight for a route that accepts
// methods. headers are the request's, lower-cased as the runtime gives
// them.
//
// When the origin is allowed and access-control-request-method names one
// of methods (exactly: methods are case-sensitive), the answer is 204 with
// access-control-allow-origin, access-control-allow-credentials,
// access-control-allow-methods (methods), access-control-allow-headers
// (content-type, plus those requested headers that are on a fixed list of
// harmless ones), access-control-max-age ([PreflightMaxAge]) and vary.
//
// Otherwise (a disallowed or missing origin, no or another requested
// method) the answer is 403 with no CORS header at all, only vary, and the
// browser refuses the actual request.
func PreflightMethods(o *Origins, headers map[string]string, methods []string) (status int, h map[string]string) {
	h = map[string]string{"vary": "origin, access-control-request-method, access-control-request-headers"}
	origin, ok := o.match(headers["origin"])
	if !ok {
		return http.StatusForbidden, h
	}
	requested := headers["access-control-request-method"]
	allowed := false
	for _, m := range methods {
		if m == requested {
			allowed = true
			break
		}
	}
	if !allowed {
		return http.StatusForbidden, h
	}
	h["access-control-allow-origin"] = origin
	h["access-control-allow-credentials"] = "true"
	h["access-control-allow-methods"] = strings.Join(methods, ", ")
	h["access-control-allow-headers"] = allowHeaders(headers["access-control-request-headers"])
	h["access-control-max-age"] = strconv.Itoa(PreflightMaxAge)
	return http.StatusNoContent, h
}

// allowHeaders returns the value of access-control-allow-headers for the
// request headers a preflight asks for: content-type, and each requested
// header on the allow list, in lower case, once. Nothing is echoed that is
// not on the list, so the answer never carries an attacker's bytes.
func allowHeaders(requested string) string {
	out := []string{"content-type"}
	seen := map[string]bool{"content-type": true}
	for _, name := range strings.Split(requested, ",") {
		name = lowerASCII(strings.TrimSpace(name))
		if allowedRequestHeaders[name] && !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return strings.Join(out, ", ")
}
