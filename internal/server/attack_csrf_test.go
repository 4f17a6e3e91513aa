package server

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// ---------------------------------------------------------------------------
// CSRF

// tableRoute is one line of the route table with a concrete path.
type tableRoute struct{ method, pattern, path string }

// routeTable returns every route of the table, sorted, with its path
// parameters filled in.
func routeTable(t *testing.T) []tableRoute {
	t.Helper()
	fill := strings.NewReplacer("{provider}", "github", "{sessionId}", "current", "{identityId}", "identity1")
	var out []tableRoute
	add := func(method, pattern string) {
		path := fill.Replace(pattern)
		if strings.Contains(path, "{") {
			t.Fatalf("route %s %s has a path parameter the attack suite cannot fill in", method, pattern)
		}
		out = append(out, tableRoute{method, pattern, path})
	}
	for pattern, byMethod := range routes.static {
		for method := range byMethod {
			add(method, pattern)
		}
	}
	for _, rt := range routes.patterns {
		add(rt.method, rt.pattern)
	}
	slices.SortFunc(out, func(a, b tableRoute) int { return strings.Compare(a.method+" "+a.pattern, b.method+" "+b.pattern) })
	return out
}

// stateChanging returns the routes a CSRF can aim at: every method but GET.
func stateChanging(t *testing.T) []tableRoute {
	var out []tableRoute
	for _, rt := range routeTable(t) {
		if rt.method != http.MethodGet {
			out = append(out, rt)
		}
	}
	if len(out) < 20 {
		t.Fatalf("only %d state-changing routes in the table", len(out))
	}
	return out
}

// exampleBody returns a body the route would accept, from openapi.json's
// request example, and its content type ("" for a route without a body).
func exampleBody(t *testing.T, rt tableRoute) (body, contentType string) {
	t.Helper()
	spec, err := loadOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	op, _ := spec.operation(rt.method, rt.pattern)
	if op.RequestBody == nil {
		return "", ""
	}
	if media, ok := op.RequestBody.Content["application/json"]; ok {
		return string(media.Example), "application/json"
	}
	if _, ok := op.RequestBody.Content["application/x-www-form-urlencoded"]; ok {
		return url.Values{"flow": {forgedFlow(map[string]string{"r": appOrigin + "/"})}, "userId": {"6650c0ffee"}, "secret": {"9f86d081884c7d65"}}.Encode(),
			"application/x-www-form-urlencoded"
	}
	t.Fatalf("%s %s: no request body the suite knows", rt.method, rt.pattern)
	return "", ""
}

// forgedFlow returns a flow= parameter holding fields.
func forgedFlow(fields map[string]string) string {
	b, _ := json.Marshal(fields)
	return base64.RawURLEncoding.EncodeToString(b)
}

// wantErr reports, without stopping the test, whether r is the error
// status/type.
func wantErr(t *testing.T, r *result, status int, typ, what string) bool {
	t.Helper()
	var e apiError
	if r.Status != status || json.Unmarshal(r.Body, &e) != nil || e.Type != typ || e.Code != status {
		t.Errorf("%s: %d %s, want %d %s", what, r.Status, openAPIExcerpt(r.Body, 200), status, typ)
		return false
	}
	return true
}

// csrfAttempt sends every state-changing route, with a signed-in victim's
// cookie and a body the route would accept, the attack's headers, and
// checks each is refused with 403 request_origin_rejected before anything
// else happens: no cookie set, no call to Appwrite.
func csrfAttempt(t *testing.T, attacks map[string]map[string]string) {
	env, up := newAttackEnv(t, nil)
	victim := env.browser()
	victim.signUp("csrf-victim@example.com", "correct horse battery")
	for _, rt := range stateChanging(t) {
		body, contentType := exampleBody(t, rt)
		for name, headers := range attacks {
			h := map[string]string{"content-type": contentType, "x-appwrite-client-ip": "198.51.100.7"}
			for k, v := range headers {
				h[k] = v
			}
			what := fmt.Sprintf("%s %s (%s)", rt.method, rt.path, name)
			before := up.count()
			r := victim.doWith(rt.method, rt.path, h, body)
			wantErr(t, r, http.StatusForbidden, "request_origin_rejected", what)
			if c := r.Headers["set-cookie"]; c != "" {
				t.Errorf("%s: set-cookie %q on a refused request", what, c)
			}
			wantNoUpstream(t, up, before, what)
		}
	}
	if r := victim.do("GET", "/me", ""); r.Status != http.StatusOK {
		t.Errorf("the victim's session did not survive the attacks: %d", r.Status)
	}
}

// TestCSRFFromForeignOrigin: a page on another site (or one that merely
// looks like the app) posts to every state-changing route with the
// victim's cookie. Defence: security.CheckOrigin in dispatch (main.go).
func TestCSRFFromForeignOrigin(t *testing.T) {
	t.Parallel()
	csrfAttempt(t, map[string]map[string]string{
		"evil":          {"origin": "https://evil.example", "sec-fetch-site": "cross-site"},
		"suffix":        {"origin": "https://app.example.com.evil.example", "sec-fetch-site": "cross-site"},
		"prefix":        {"origin": "https://evilapp.example.com", "sec-fetch-site": "same-site"},
		"http":          {"origin": "http://app.example.com", "sec-fetch-site": "cross-site"},
		"port":          {"origin": "https://app.example.com:8443", "sec-fetch-site": "same-site"},
		"userinfo":      {"origin": "https://app.example.com@evil.example", "sec-fetch-site": "cross-site"},
		"path":          {"origin": "https://evil.example/https://app.example.com", "sec-fetch-site": "cross-site"},
		"function-port": {"origin": functionOrigin + ":444", "sec-fetch-site": "same-site"},
	})
}

// nonCanonicalOrigins spell the app's and the function's own origins as
// no browser does: browsers serialize an origin in lower case, without the
// default port or a trailing slash.
var nonCanonicalOrigins = []string{
	"HTTPS://APP.EXAMPLE.COM",
	"https://App.example.com",
	"https://app.example.com:443",
	"https://app.example.com/",
	"https://AUTH.example.com",
	functionOrigin + ":443",
	functionOrigin + "/",
}

// TestCSRFFromNonCanonicalOrigin: an Origin naming the app, or the
// function itself, in a spelling no browser sends comes from something
// that is not a page of that origin: a script replaying the victim's
// cookie from another address, a proxy or an extension rewriting headers.
// It changes nothing. Defence: security.Origins.Allowed and CheckOrigin
// take an origin only in its canonical spelling (canonicalOrigin).
func TestCSRFFromNonCanonicalOrigin(t *testing.T) {
	t.Parallel()
	attacks := map[string]map[string]string{}
	for _, origin := range nonCanonicalOrigins {
		attacks[origin] = map[string]string{"origin": origin, "sec-fetch-site": "same-site"}
	}
	csrfAttempt(t, attacks)
}

// TestCSRFWithoutOrigin: a request with no Origin header changes state
// only if the browser vouches for it with Sec-Fetch-Site: same-origin or
// same-site; not when it says cross-site or none, or says nothing.
// Defence: the Sec-Fetch-Site branch of security.CheckOrigin.
func TestCSRFWithoutOrigin(t *testing.T) {
	t.Parallel()
	csrfAttempt(t, map[string]map[string]string{
		"no headers":            {"origin": "", "sec-fetch-site": ""},
		"sec-fetch-site: cross": {"origin": "", "sec-fetch-site": "cross-site"},
		"sec-fetch-site: none":  {"origin": "", "sec-fetch-site": "none"},
		"sec-fetch-site: junk":  {"origin": "", "sec-fetch-site": "same-origin, cross-site"},
	})
}

// TestCSRFFromNullOrigin: sandboxed frames, data: URLs and file pages send
// Origin: null, which any attacker can produce; it never changes state,
// whatever Sec-Fetch-Site says. Defence: the "null" case of
// security.CheckOrigin.
func TestCSRFFromNullOrigin(t *testing.T) {
	t.Parallel()
	csrfAttempt(t, map[string]map[string]string{
		"null":           {"origin": "null", "sec-fetch-site": "cross-site"},
		"null same-site": {"origin": "null", "sec-fetch-site": "same-site"},
		"NULL":           {"origin": "NULL", "sec-fetch-site": "same-origin"},
	})
}

// TestCSRFMagicLinkConfirmation: an attacker asks for a magic link to the
// attacker's own account and makes the victim's browser post the
// confirmation form (login CSRF). Only the function's own page may post
// it: not a foreign page, not the app itself (an allowed origin), not a
// same-site page without Origin. Defences: CheckOrigin, then fromOwnPage
// in magicurl.go. The same form posted from the function's page
// works, so the refusals are not for a broken form.
func TestCSRFMagicLinkConfirmation(t *testing.T) {
	t.Parallel()
	env, up := newAttackEnv(t, nil)
	attacker := env.browser()
	link := magicLink(t, attacker, "attacker@example.com")
	victim := env.browser()
	page := victim.do("GET", pathAndQuery(link), "")
	if page.Status != http.StatusOK {
		t.Fatalf("the link in another browser: %d, want the confirmation page", page.Status)
	}
	form := formValues(t, string(page.Body)).Encode()
	formType := "application/x-www-form-urlencoded"
	for name, h := range map[string]map[string]string{
		"foreign":                    {"origin": "https://evil.example", "sec-fetch-site": "cross-site"},
		"the app (allowed for CORS)": {"origin": appOrigin, "sec-fetch-site": "same-site"},
		"null":                       {"origin": "null", "sec-fetch-site": "cross-site"},
		"no origin, same-site":       {"origin": "", "sec-fetch-site": "same-site"},
		"no origin, cross-site":      {"origin": "", "sec-fetch-site": "cross-site"},
		"no origin, none":            {"origin": "", "sec-fetch-site": "none"},
		"no origin, nothing":         {"origin": "", "sec-fetch-site": ""},
		"function origin over http":  {"origin": "http://" + functionHost, "sec-fetch-site": "cross-site"},
	} {
		h["content-type"] = formType
		before := up.count()
		r := victim.doWith("POST", "/magic-url/confirm", h, form)
		wantErr(t, r, http.StatusForbidden, "request_origin_rejected", "confirmation posted from "+name)
		wantNoUpstream(t, up, before, "confirmation posted from "+name)
		if victim.value != "" {
			t.Fatalf("confirmation posted from %s signed the victim in", name)
		}
	}
	ok := victim.doWith("POST", "/magic-url/confirm", map[string]string{"content-type": formType, "origin": functionOrigin, "sec-fetch-site": "same-origin"}, form)
	if ok.Status != http.StatusSeeOther || victim.value == "" {
		t.Errorf("the confirmation from the function's own page: %d, want 303 and a session", ok.Status)
	}
}

// TestCSRFFormPostToJSONRoutes: HTML forms can be posted cross-site without
// a preflight, as application/x-www-form-urlencoded, multipart/form-data
// or text/plain (which can carry a JSON-looking body). Every JSON route
// refuses them with 415, even from an allowed origin, before calling
// Appwrite. Defence: checkContentType in body.go.
func TestCSRFFormPostToJSONRoutes(t *testing.T) {
	t.Parallel()
	env, up := newAttackEnv(t, nil)
	b := env.browser()
	b.signUp("forms@example.com", "correct horse battery")
	n := 0
	for _, rt := range stateChanging(t) {
		body, contentType := exampleBody(t, rt)
		if contentType != "application/json" {
			continue
		}
		n++
		for _, ct := range []string{
			"application/x-www-form-urlencoded",
			"multipart/form-data; boundary=----x",
			"text/plain",
			"text/plain; charset=utf-8",
			"text/plain;application/json",
			"application/x-www-form-urlencoded; application/json",
			"application/json-patch+json",
			"application/jsonx",
			"application/json; charset=utf-16",
		} {
			what := fmt.Sprintf("%s %s as %s", rt.method, rt.path, ct)
			before := up.count()
			r := b.doWith(rt.method, rt.path, map[string]string{"content-type": ct}, body)
			wantErr(t, r, http.StatusUnsupportedMediaType, "request_content_type_unsupported", what)
			wantNoUpstream(t, up, before, what)
		}
	}
	if n < 15 {
		t.Fatalf("only %d JSON routes found", n)
	}
}
