package handler

// The attack suite: each test is named after an attack, says in its comment
// which defence it proves, and fails if that defence is removed. SECURITY.md
// maps every threat to these tests.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/open-runtimes/types-for-go/v4/openruntimes"

	"openruntimes/handler/appwritetest"
	"openruntimes/handler/security"
	"openruntimes/handler/security/ratelimit"
)

// fault is what the fault-injecting upstream does with each request.
type fault int32

const (
	faultNone      fault = iota // pass the request to the emulator
	faultDrop                   // hijack the connection and close it
	faultDelay                  // answer nothing until the client gives up
	fault500                    // 500 with an HTML error page
	faultHTML                   // 200 with HTML instead of JSON
	faultTruncated              // the emulator's answer, JSON cut in half (Content-Length agrees)
	faultCutBody                // the emulator's answer, connection closed mid-body
	fault401Text                // 401 with a plain-text body
)

var faultNames = map[fault]string{
	faultDrop: "drop", faultDelay: "delay", fault500: "500", faultHTML: "html-200",
	faultTruncated: "truncated-json", faultCutBody: "cut-body", fault401Text: "401-text",
}

// leakMarker is in every body the faulty upstream makes up: it must never
// reach a response or a log line.
const leakMarker = "UPSTREAM-INTERNALS-7f3a"

// upstream sits between the function and the emulator: it counts the
// requests the function makes and injects the fault of the moment.
type upstream struct {
	next     http.Handler
	mode     atomic.Int32
	requests atomic.Int64
	release  chan struct{}
	// answer, when set, answers the requests it wants to (returning
	// true) in place of the emulator: a compromised or broken Appwrite.
	answer atomic.Pointer[func(w http.ResponseWriter, r *http.Request) bool]
}

func (u *upstream) set(f fault) { u.mode.Store(int32(f)) }

// count returns how many requests reached Appwrite so far.
func (u *upstream) count() int64 { return u.requests.Load() }

func (u *upstream) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	u.requests.Add(1)
	if answer := u.answer.Load(); answer != nil && (*answer)(w, r) {
		return
	}
	switch fault(u.mode.Load()) {
	case faultNone:
		u.next.ServeHTTP(w, r)
	case faultDrop:
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	case faultDelay:
		// Long past any UPSTREAM_TIMEOUT a test sets, yet bounded, so that
		// a function without a timeout fails the test instead of hanging.
		select {
		case <-r.Context().Done():
		case <-u.release:
		case <-time.After(3 * time.Second):
		}
	case fault500:
		w.Header().Set("content-type", "text/html")
		w.WriteHeader(http.StatusInternalServerError)
		io.WriteString(w, "<html><body>Fatal error in /usr/src/code/app.php "+leakMarker+"</body></html>")
	case faultHTML:
		w.Header().Set("content-type", "text/html; charset=utf-8")
		io.WriteString(w, "<html><body>Captive portal "+leakMarker+"</body></html>")
	case fault401Text:
		w.Header().Set("content-type", "text/plain")
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, "Unauthorized "+leakMarker)
	case faultTruncated, faultCutBody:
		rec := httptest.NewRecorder()
		u.next.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		half := body[:len(body)/2]
		if fault(u.mode.Load()) == faultTruncated {
			w.Header().Set("content-length", fmt.Sprint(len(half)))
		} else {
			w.Header().Set("content-length", fmt.Sprint(len(body)))
		}
		w.WriteHeader(rec.Code)
		w.Write(half)
		if fault(u.mode.Load()) == faultCutBody {
			w.(http.Flusher).Flush()
			if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
				conn.Close()
			}
		}
	}
}

// newAttackEnv is newTestEnv with the fault-injecting upstream between the
// function and the emulator. env.server points at the upstream too, so that
// a test walking a browser flow goes through it.
func newAttackEnv(t *testing.T, vars map[string]string, opts ...appwritetest.Option) (*testEnv, *upstream) {
	t.Helper()
	env := newTestEnv(t, vars, opts...)
	u := &upstream{next: env.emu, release: make(chan struct{})}
	ts := httptest.NewServer(u)
	t.Cleanup(func() { close(u.release); ts.Close() })
	server := *env.server
	server.URL, server.Endpoint = ts.URL, ts.URL+"/v1"
	env.server = &server
	env.vars["APPWRITE_FUNCTION_API_ENDPOINT"] = server.Endpoint
	env.app = newApp(func(k string) string { return env.vars[k] })
	return env, u
}

// wantNoUpstream fails the test if the function called Appwrite since
// before was taken: the attack must be refused before any call.
func wantNoUpstream(t *testing.T, u *upstream, before int64, what string) {
	t.Helper()
	if n := u.count() - before; n != 0 {
		t.Errorf("%s: the function made %d call(s) to Appwrite, want none", what, n)
	}
}

// wantCleanHeaders fails the test if a response header name or value holds
// CR, LF or NUL: the runtime would send them as they are.
func wantCleanHeaders(t *testing.T, r *result, what string) {
	t.Helper()
	for k, v := range r.Headers {
		if strings.ContainsAny(k, "\r\n\x00: ") || strings.ContainsAny(v, "\r\n\x00") {
			t.Errorf("%s: header %q: %q holds a control character", what, k, v)
		}
	}
}

// sessionCookieName is the test project's session cookie name.
func sessionCookieName(env *testEnv) string {
	return "a_session_" + strings.ToLower(env.server.ProjectID)
}

// TestFloodOfDistinctIPsKeepsMemoryBounded: a distributed guess at one
// account from 100,000 different addresses, through the function, is
// refused every time once the account's budget is spent, and leaves the
// limiter holding at most RATE_LIMIT_MAX_KEYS keys and the heap no larger
// than a few megabytes. Defences: the per-account budget, checked before
// Appwrite is called (handlers.SignIn: body, then limiter, then Appwrite),
// and the bounded, evicting MemoryStore (security/ratelimit/memory.go):
// each new address is a new key.
func TestFloodOfDistinctIPsKeepsMemoryBounded(t *testing.T) {
	// Not parallel: the heap is measured for the whole process.
	const requests = 100_000
	env, up := newAttackEnv(t, map[string]string{"RATE_LIMIT_MAX_KEYS": "1000", "RATE_LIMIT_PER_EMAIL": "3"})
	store := ratelimit.NewMemoryStore(env.app.settings.rateLimit.MaxKeys)
	env.app.limiter = ratelimit.NewLimiter(store, env.app.settings.rateLimit, nil)
	env.emu.CreateUser("flooded@example.com", "correct horse battery", "")
	for i := 0; i < 3; i++ {
		loginFrom(env, fmt.Sprintf("192.0.2.%d", i+1), "flooded@example.com", "wrong password").
			wantError(t, http.StatusUnauthorized, "user_invalid_credentials")
	}

	body := []byte(`{"email":"flooded@example.com","password":"guess"}`)
	serve := func(i int) int {
		ctx := openruntimes.NewContext(openruntimes.Logger{})
		ctx.Req = openruntimes.ContextRequest{
			Method: "POST", Path: "/login", Scheme: "https", Host: functionHost, Port: 443,
			Headers: map[string]string{
				"origin":               appOrigin,
				"content-type":         "application/json",
				"x-appwrite-client-ip": fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255),
			},
		}
		ctx.Req.SetBodyBinary(body)
		return env.app.serve(&ctx).StatusCode
	}

	calls := up.count()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	var allowed atomic.Int64
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < requests && allowed.Load() < 100; i += workers {
				if serve(i) != http.StatusTooManyRequests {
					allowed.Add(1)
				}
			}
		}(w)
	}
	wg.Wait()
	elapsed := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	growth := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("%d requests in %v; heap %+d KiB; %d keys held", requests, elapsed, growth>>10, store.Len())

	if n := allowed.Load(); n != 0 {
		t.Errorf("%d guesses from fresh addresses were not refused with 429 (the flood stops at 100)", n)
	}
	wantNoUpstream(t, up, calls, "the flood")
	if n := store.Len(); n > store.MaxKeys() {
		t.Errorf("the limiter holds %d keys after a flood of %d addresses, want at most %d", n, requests, store.MaxKeys())
	}
	if limit := int64(8 << 20); growth > limit {
		t.Errorf("the heap grew by %d KiB over the flood, want under %d KiB", growth>>10, limit>>10)
	}
}

// ---------------------------------------------------------------------------
// CSRF

// tableRoute is one line of the route table with a concrete path.
type tableRoute struct{ method, pattern, path string }

// routeTable returns every route of the table, sorted, with its path
// parameters filled in.
func routeTable(t *testing.T) []tableRoute {
	t.Helper()
	fill := strings.NewReplacer("{provider}", "github", "{sessionId}", "current")
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
// in handlers/magicurl.go. The same form posted from the function's page
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
// Appwrite. Defence: checkContentType in handlers/body.go.
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
		if got := corsHeaders(r); !mapsEqual(got, want) {
			t.Errorf("%s: CORS headers\n\t%v\nwant\n\t%v", what, got, want)
		}
		if !strings.Contains(r.Headers["vary"], "origin") {
			t.Errorf("%s: vary = %q, want origin in it", what, r.Headers["vary"])
		}
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
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

// ---------------------------------------------------------------------------
// Open redirects

// redirectPayloads is security/testdata/open-redirects.txt, read in the
// format its header describes.
type redirectPayloads struct {
	allow, accept, refuse []string
}

func readRedirectPayloads(t *testing.T) redirectPayloads {
	t.Helper()
	const file = "security/testdata/open-redirects.txt"
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var p redirectPayloads
	for n, line := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(line, "#allow: "):
			p.allow = append(p.allow, strings.TrimPrefix(line, "#allow: "))
		case strings.HasPrefix(line, "#accept: "):
			p.accept = append(p.accept, strings.TrimPrefix(line, "#accept: "))
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, `"`):
			s, err := strconv.Unquote(line)
			if err != nil {
				t.Fatalf("%s:%d: %v", file, n+1, err)
			}
			p.refuse = append(p.refuse, s)
		default:
			p.refuse = append(p.refuse, line)
		}
	}
	if len(p.refuse) < 100 || len(p.accept) == 0 || len(p.allow) == 0 {
		t.Fatalf("%s: %d payloads, %d controls, %d allow entries", file, len(p.refuse), len(p.accept), len(p.allow))
	}
	// Overlong targets are built here, as the file's header says.
	p.refuse = append(p.refuse, "https://app.example.com/auth/"+strings.Repeat("a", 2100))
	return p
}

// redirectEntryPoint sends target through one place where the function
// takes a redirect target, and returns the answer.
type redirectEntryPoint struct {
	name string
	send func(b *browser, target string) *result
}

func redirectEntryPoints(control string) []redirectEntryPoint {
	jsonBody := func(fields map[string]string) string {
		b, _ := json.Marshal(fields)
		return string(b)
	}
	ownPage := map[string]string{"origin": functionOrigin, "sec-fetch-site": "same-origin", "content-type": "application/x-www-form-urlencoded"}
	return []redirectEntryPoint{
		{"GET /oauth2/{provider}?redirect=", func(b *browser, p string) *result {
			return b.do("GET", "/oauth2/github?redirect="+url.QueryEscape(p), "")
		}},
		{"GET /oauth2/{provider}?failure=", func(b *browser, p string) *result {
			return b.do("GET", "/oauth2/github?redirect="+url.QueryEscape(control)+"&failure="+url.QueryEscape(p), "")
		}},
		{"POST /magic-url", func(b *browser, p string) *result {
			return b.do("POST", "/magic-url", jsonBody(map[string]string{"email": "redirects@example.com", "redirect": p}))
		}},
		{"POST /recovery", func(b *browser, p string) *result {
			return b.do("POST", "/recovery", jsonBody(map[string]string{"email": "redirects@example.com", "redirect": p}))
		}},
		{"POST /verification", func(b *browser, p string) *result {
			return b.do("POST", "/verification", jsonBody(map[string]string{"redirect": p}))
		}},
		{"GET /oauth2/callback flow.r", func(b *browser, p string) *result {
			return b.do("GET", "/oauth2/callback?flow="+forgedFlow(map[string]string{"s": "state", "r": p}), "")
		}},
		{"GET /oauth2/callback flow.f", func(b *browser, p string) *result {
			return b.do("GET", "/oauth2/callback?flow="+forgedFlow(map[string]string{"s": "state", "r": control, "f": p})+
				"&error="+url.QueryEscape(`{"type":"access_denied"}`), "")
		}},
		{"GET /magic-url/callback flow.r", func(b *browser, p string) *result {
			return b.do("GET", "/magic-url/callback?flow="+forgedFlow(map[string]string{"s": "state", "r": p}), "")
		}},
		{"GET /magic-url/callback flow.f", func(b *browser, p string) *result {
			return b.do("GET", "/magic-url/callback?flow="+forgedFlow(map[string]string{"r": control, "f": p}), "")
		}},
		{"GET /verification/callback flow.r", func(b *browser, p string) *result {
			return b.do("GET", "/verification/callback?flow="+forgedFlow(map[string]string{"r": p}), "")
		}},
		{"GET /verification/callback flow.f", func(b *browser, p string) *result {
			return b.do("GET", "/verification/callback?flow="+forgedFlow(map[string]string{"r": control, "f": p}), "")
		}},
		{"POST /magic-url/confirm flow.r", func(b *browser, p string) *result {
			return b.doWith("POST", "/magic-url/confirm", ownPage, url.Values{"flow": {forgedFlow(map[string]string{"r": p})}}.Encode())
		}},
	}
}

// TestOpenRedirectPayloads sends every payload of
// security/testdata/open-redirects.txt through every place the function
// takes a redirect target: the OAuth2 start's redirect and failure, the
// magic-link, recovery and verification requests, and a forged flow=
// parameter on each callback and on the magic-link confirmation. Each is
// refused with 400 and no Location, before Appwrite is called; each
// control URL is accepted, and every Location it leads to is on the
// allowlist (or is Appwrite's OAuth2 route carrying an allowed target).
// Defence: security.Redirects.Check, called by redirectTarget and
// readFlow (handlers/flow.go) and OAuth2Start.
func TestOpenRedirectPayloads(t *testing.T) {
	t.Parallel()
	payloads := readRedirectPayloads(t)
	env, up := newAttackEnv(t, map[string]string{"ALLOWED_REDIRECT_URLS": strings.Join(payloads.allow, ",")},
		appwritetest.WithPlatformHosts(functionHost, appHost, "*.example.org", "localhost"))
	b := env.browser()
	b.signUp("redirects@example.com", "correct horse battery")
	redirects := env.app.settings.redirects
	control := payloads.accept[0]

	before := up.count()
	for _, ep := range redirectEntryPoints(control) {
		for _, p := range payloads.refuse {
			what := fmt.Sprintf("%s with %q", ep.name, p)
			r := ep.send(b, p)
			var e apiError
			_ = json.Unmarshal(r.Body, &e)
			// A payload with a NUL byte is refused by the body decoder
			// before the redirect validator sees it; both are 400.
			if r.Status != http.StatusBadRequest || (e.Type != "redirect_not_allowed" && !(e.Type == "general_argument_invalid" && strings.ContainsRune(p, 0))) {
				t.Errorf("%s: %d %s, want 400 redirect_not_allowed", what, r.Status, openAPIExcerpt(r.Body, 150))
			}
			if loc, ok := r.Headers["location"]; ok {
				t.Errorf("%s: location %q", what, loc)
			}
			wantCleanHeaders(t, r, what)
		}
	}
	wantNoUpstream(t, up, before, "refused redirect targets")

	for _, c := range payloads.accept {
		for _, ep := range redirectEntryPoints(c) {
			what := fmt.Sprintf("%s with control %q", ep.name, c)
			r := ep.send(b, c)
			switch {
			case r.Status == http.StatusAccepted:
				continue // an e-mail was sent; its link is checked below
			case r.Status != http.StatusFound && r.Status != http.StatusSeeOther:
				t.Errorf("%s: %d %s, want a 302/303 or 202", what, r.Status, openAPIExcerpt(r.Body, 200))
				continue
			}
			loc := r.Headers["location"]
			if strings.HasPrefix(loc, env.server.Endpoint+"/account/tokens/oauth2/github?") {
				u, _ := url.Parse(loc)
				success, _ := url.Parse(u.Query().Get("success"))
				flow, err := base64.RawURLEncoding.DecodeString(success.Query().Get("flow"))
				var f struct{ R, F string }
				if err != nil || json.Unmarshal(flow, &f) != nil {
					t.Errorf("%s: the callback's flow does not decode: %s", what, loc)
					continue
				}
				for _, target := range []string{f.R, f.F} {
					if _, err := redirects.Check(target); target != "" && err != nil {
						t.Errorf("%s: the flow carries %q, off the allowlist", what, target)
					}
				}
				continue
			}
			if _, err := redirects.Check(loc); err != nil {
				t.Errorf("%s: location %q is off the allowlist: %v", what, loc, err)
			}
		}
	}
	// The links Appwrite e-mailed for the controls lead to the function's
	// callbacks (magic URL, verification) or to an allowed page
	// (recovery), whose flow names an allowed target.
	for _, m := range env.emu.Outbox() {
		link, err := url.Parse(m.Link)
		if err != nil {
			t.Errorf("e-mailed link %q: %v", m.Link, err)
			continue
		}
		if link.Host == functionHost {
			flow, _ := base64.RawURLEncoding.DecodeString(link.Query().Get("flow"))
			var f struct{ R string }
			if json.Unmarshal(flow, &f) != nil {
				t.Errorf("e-mailed link %q: no flow", m.Link)
			} else if _, err := redirects.Check(f.R); err != nil {
				t.Errorf("e-mailed link %q: flow target %q is off the allowlist", m.Link, f.R)
			}
			continue
		}
		if _, err := redirects.Check(m.Link); err != nil {
			t.Errorf("e-mailed %s link %q is off the allowlist", m.Kind, m.Link)
		}
	}
}

// ---------------------------------------------------------------------------
// Header injection

// TestHeaderInjection puts CR/LF (raw, and percent-encoded where the input
// is decoded) into every place user input could reach a response header:
// redirect targets, the execution ID echoed as x-request-id, the cookie,
// the Origin echoed in CORS headers, the provider name and scopes of the
// OAuth2 start, a provider's error type, preflight request headers, the
// client IP, and a session secret and expiry from a compromised Appwrite.
// No response header ever holds CR, LF or NUL, and no forged header
// appears. Defences: validRequestID (respond.go), the redirect validator,
// security.Origins (exact echo of a parsed origin), the provider list,
// url.Values encoding of the Location, validErrorType, allowHeaders, and
// net/http's cookie serialization.
func TestHeaderInjection(t *testing.T) {
	t.Parallel()
	env, up := newAttackEnv(t, nil)
	b := env.browser()
	b.signUp("inject@example.com", "correct horse battery")
	cookieName := sessionCookieName(env)
	crlf := "\r\nSet-Cookie: injected=1"
	enc := "%0d%0aSet-Cookie:%20injected=1"
	app := url.QueryEscape(appOrigin + "/")

	cases := map[string]func() *result{
		"execution id": func() *result {
			return env.call("GET", "/me", map[string]string{"x-appwrite-execution-id": "exec" + crlf}, "")
		},
		"execution id, LF": func() *result {
			return env.call("GET", "/me", map[string]string{"x-appwrite-execution-id": "exec\nx-evil: 1"}, "")
		},
		"execution id, encoded": func() *result {
			return env.call("GET", "/me", map[string]string{"x-appwrite-execution-id": "exec" + enc}, "")
		},
		"redirect query": func() *result {
			return env.call("GET", "/oauth2/github?redirect="+url.QueryEscape(appOrigin+"/"+crlf), nil, "")
		},
		"redirect query, encoded": func() *result {
			return env.call("GET", "/oauth2/github?redirect="+url.QueryEscape(appOrigin+"/"+enc), nil, "")
		},
		"failure query": func() *result {
			return env.call("GET", "/oauth2/github?redirect="+app+"&failure="+url.QueryEscape(appOrigin+"/"+crlf), nil, "")
		},
		"redirect body": func() *result {
			return env.call("POST", "/magic-url", nil, `{"email":"inject@example.com","redirect":"https://app.example.com/\r\nSet-Cookie: injected=1"}`)
		},
		"flow target": func() *result {
			return env.call("GET", "/magic-url/callback?flow="+forgedFlow(map[string]string{"r": appOrigin + "/" + crlf}), nil, "")
		},
		"cookie value": func() *result {
			return env.call("GET", "/me", map[string]string{"cookie": cookieName + "=abc" + crlf}, "")
		},
		"valid cookie + CRLF": func() *result {
			return env.call("GET", "/me", map[string]string{"cookie": cookieName + "=" + b.value + crlf}, "")
		},
		"origin":              func() *result { return env.call("GET", "/me", map[string]string{"origin": appOrigin + crlf}, "") },
		"origin, trailing LF": func() *result { return env.call("GET", "/me", map[string]string{"origin": appOrigin + "\n"}, "") },
		"origin, preflight": func() *result {
			return env.call("OPTIONS", "/login", map[string]string{"origin": appOrigin + crlf, "access-control-request-method": "POST"}, "")
		},
		"preflight method": func() *result {
			return env.call("OPTIONS", "/login", map[string]string{"access-control-request-method": "POST" + crlf}, "")
		},
		"preflight headers": func() *result {
			return env.call("OPTIONS", "/login", map[string]string{"access-control-request-method": "POST", "access-control-request-headers": "content-type" + crlf}, "")
		},
		"provider": func() *result { return env.call("GET", "/oauth2/github"+enc+"?redirect="+app, nil, "") },
		"scopes":   func() *result { return env.call("GET", "/oauth2/github?redirect="+app+"&scopes=email"+enc, nil, "") },
		"provider error": func() *result {
			return env.call("GET", "/oauth2/callback?flow="+forgedFlow(map[string]string{"r": appOrigin + "/"})+
				"&error="+url.QueryEscape(`{"type":"denied`+crlf+`"}`), nil, "")
		},
		"confirmation page fields": func() *result {
			return env.call("GET", "/magic-url/callback?flow="+forgedFlow(map[string]string{"r": appOrigin + "/"})+
				"&userId=u"+enc+"&secret=s"+enc, nil, "")
		},
		"client ip": func() *result {
			return env.call("POST", "/login", map[string]string{"x-appwrite-client-ip": "203.0.113.1" + crlf}, `{"email":"inject@example.com","password":"wrong password"}`)
		},
		"method": func() *result { return env.call("GET"+crlf, "/me", nil, "") },
	}
	for name, send := range cases {
		r := send()
		wantCleanHeaders(t, r, name)
		if c := r.Headers["set-cookie"]; strings.Contains(c, "injected") {
			t.Errorf("%s: set-cookie %q carries the injected cookie", name, c)
		}
		if r.Status >= 500 {
			t.Errorf("%s: %d %s", name, r.Status, r.Body)
		}
	}

	// A compromised Appwrite answers the sign-in with a secret and an
	// expiry made to split the Set-Cookie header.
	forged := func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/v1/account/sessions/email" {
			return false
		}
		w.Header().Set("content-type", "application/json")
		w.WriteHeader(http.StatusCreated)
		json.NewEncoder(w).Encode(map[string]any{
			"$id": "s1", "userId": "u1", "secret": "abc" + crlf, "expire": "2030-01-01T00:00:00.000+00:00" + crlf, "factors": []string{"password"},
		})
		return true
	}
	up.answer.Store(&forged)
	defer up.answer.Store(nil)
	r := env.call("POST", "/login", nil, `{"email":"inject@example.com","password":"correct horse battery"}`)
	wantCleanHeaders(t, r, "forged session secret")
	if c := r.Headers["set-cookie"]; strings.Contains(strings.ToLower(c), "injected") {
		t.Errorf("forged session secret: set-cookie %q", c)
	}
}

// ---------------------------------------------------------------------------
// Hostile request bodies

// firstField returns the name of the first field of a JSON object.
func firstField(t *testing.T, body string) string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("example body %s is not an object", body)
	}
	tok, err := dec.Token()
	if err != nil {
		t.Fatalf("example body %s: %v", body, err)
	}
	return tok.(string)
}

// TestHostileJSONBodies sends every JSON route, signed in, bodies made to
// hurt a parser: too large, nested 20,000 deep, invalid UTF-8, raw NUL and
// \u0000, a byte-order mark, huge numbers, trailing data, a top-level
// array. Each gets a 4xx with the function's error (413
// request_body_too_large, or 400 general_argument_invalid saying what is
// wrong), never a 5xx, and Appwrite is never called. Defence: DecodeBody
// in handlers/body.go (size limit, UTF-8 and NUL checks, checkDepth,
// strict decoding).
func TestHostileJSONBodies(t *testing.T) {
	t.Parallel()
	env, up := newAttackEnv(t, nil)
	b := env.browser()
	b.signUp("bodies@example.com", "correct horse battery")
	deep := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	n := 0
	for _, rt := range stateChanging(t) {
		example, contentType := exampleBody(t, rt)
		if contentType != "application/json" {
			continue
		}
		n++
		field := firstField(t, example)
		bodies := []struct {
			name, body     string
			status         int
			typ, inMessage string
		}{
			{"oversized", `{"` + field + `":"` + strings.Repeat("a", 70<<10) + `"}`, 413, "request_body_too_large", ""},
			{"oversized whitespace", `{"` + field + `":"a"}` + strings.Repeat(" ", 70<<10), 413, "request_body_too_large", ""},
			{"nested", `{"` + field + `":` + deep + `}`, 400, "general_argument_invalid", "nested"},
			{"nested objects", strings.Repeat(`{"a":`, 5000) + "1" + strings.Repeat("}", 5000), 400, "general_argument_invalid", "nested"},
			{"invalid UTF-8", `{"` + field + `":"a` + "\xff\xfe" + `b@example.com"}`, 400, "general_argument_invalid", "UTF-8"},
			{"overlong UTF-8", `{"` + field + `":"` + "\xc0\xaf" + `@example.com"}`, 400, "general_argument_invalid", "UTF-8"},
			{"raw NUL", `{"` + field + `":"a` + "\x00" + `b@example.com"}`, 400, "general_argument_invalid", "NUL"},
			{"escaped NUL", `{"` + field + `":"a\u0000b@example.com"}`, 400, "general_argument_invalid", "NUL"},
			{"BOM", "\xef\xbb\xbf" + example, 400, "general_argument_invalid", ""},
			{"huge number", `{"` + field + `":1e999}`, 400, "general_argument_invalid", ""},
			{"long integer", `{"` + field + `":123456789012345678901234567890123456789}`, 400, "general_argument_invalid", ""},
			{"trailing data", example + `{}`, 400, "general_argument_invalid", ""},
			{"array", `[` + example + `]`, 400, "general_argument_invalid", ""},
		}
		for _, tt := range bodies {
			what := fmt.Sprintf("%s %s, %s body", rt.method, rt.path, tt.name)
			before := up.count()
			r := b.do(rt.method, rt.path, tt.body)
			if wantErr(t, r, tt.status, tt.typ, what) && tt.inMessage != "" {
				var e apiError
				r.decode(t, &e)
				if !strings.Contains(e.Message, tt.inMessage) {
					t.Errorf("%s: message %q does not mention %s", what, e.Message, tt.inMessage)
				}
			}
			wantNoUpstream(t, up, before, what)
		}
	}
	if n < 15 {
		t.Fatalf("only %d JSON routes found", n)
	}
	// Huge numbers inside prefs, which pass to Appwrite as they are, are
	// not a 5xx either.
	for _, prefs := range []string{`{"n":1e999}`, `{"n":123456789012345678901234567890}`, `{"n":-0.0000000000000000000000001e-400}`} {
		if r := b.do("PATCH", "/me", `{"prefs":`+prefs+`}`); r.Status >= 500 {
			t.Errorf("PATCH /me with prefs %s: %d %s", prefs, r.Status, r.Body)
		}
	}
}

// TestDuplicateJSONKeys: a body with a key twice is read one way only (the
// last value wins, as in encoding/json), so the limiter and Appwrite can
// never see different e-mail addresses for one request: a sign-up with
// two e-mails creates the account of the second, and failures with two
// e-mails count against the second.
func TestDuplicateJSONKeys(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, limitVars)
	r := env.call("POST", "/signup", nil, `{"email":"first@example.com","password":"correct horse battery","email":"second@example.com"}`)
	var user map[string]any
	r.decode(t, &user)
	if r.Status != http.StatusCreated || user["email"] != "second@example.com" {
		t.Fatalf("sign-up with a duplicate key: %d %s, want the second e-mail's account", r.Status, r.Body)
	}
	env.emu.CreateUser("dup-victim@example.com", "correct horse battery", "")
	ip := map[string]string{"x-appwrite-client-ip": "203.0.113.20"}
	for i := 0; i < 3; i++ {
		r := env.call("POST", "/login", ip, `{"email":"decoy@example.com","password":"wrong password","email":"dup-victim@example.com"}`)
		r.wantError(t, http.StatusUnauthorized, "user_invalid_credentials")
	}
	wantLimited(t, env.call("POST", "/login", ip, `{"email":"dup-victim@example.com","password":"wrong password"}`))
	if r := env.call("POST", "/login", ip, `{"email":"decoy@example.com","password":"wrong password"}`); r.Status != http.StatusUnauthorized {
		t.Errorf("the decoy e-mail was charged for the victim's failures: %d", r.Status)
	}
}

// ---------------------------------------------------------------------------
// Cookie tampering

// encodeSecret returns a session secret in Appwrite's format: base64 of
// {"id": <user ID>, "secret": <hex>}.
func encodeSecret(id, secret string) string {
	b, _ := json.Marshal(map[string]string{"id": id, "secret": secret})
	return base64.StdEncoding.EncodeToString(b)
}

// TestCookieTampering sends GET /me, GET /sessions and POST /logout
// tampered session cookies: truncated, padded, another user's ID with this
// user's secret, a forged secret, a stale one, 10 KB ones, 100 cookies,
// duplicates, URL-encoded and double-encoded variants, other names. None
// is a 5xx; none shows a user whose valid cookie was not in the header;
// malformed ones are "signed out" without a call to Appwrite; well-formed
// forged and stale ones are signed out and the cookie cleared. Defences:
// CookieOptions.Read and normalizeSecret (session/cookie.go), Appwrite's
// own check of the secret, failUser clearing the cookie.
func TestCookieTampering(t *testing.T) {
	t.Parallel()
	env, up := newAttackEnv(t, nil)
	name := sessionCookieName(env)
	alice, bob := env.browser(), env.browser()
	aliceID := alice.signUp("alice@example.com", "correct horse battery")["$id"].(string)
	bobID := bob.signUp("bob@example.com", "correct horse battery")["$id"].(string)
	a := alice.value
	raw, _ := base64.StdEncoding.DecodeString(a)
	var inner struct{ ID, Secret string }
	if err := json.Unmarshal(raw, &inner); err != nil || inner.ID != aliceID {
		t.Fatalf("alice's cookie %q is not in Appwrite's format", a)
	}
	stale := env.browser()
	stale.do("POST", "/login", `{"email":"alice@example.com","password":"correct horse battery"}`)
	staleValue := stale.value
	stale.do("POST", "/logout", "")

	var hundred, hundredJunk []string
	for i := 0; i < 99; i++ {
		hundred = append(hundred, fmt.Sprintf("c%d=%s", i, strings.Repeat("x", 20)))
		hundredJunk = append(hundredJunk, fmt.Sprintf("%s=%s", name, encodeSecret(aliceID, "zz")))
	}
	hundredJunk = append(hundredJunk, "other=1")

	const (
		malformed = iota // signed out, Appwrite not asked
		rejected         // signed out by Appwrite, cookie cleared
		valid            // one of the users in allow
		harmless         // one of the users in allow, or signed out
	)
	escapeFirst := fmt.Sprintf("%%%02X", a[0]) + a[1:] // a with its first byte percent-encoded
	cases := []struct {
		name   string
		cookie string
		want   int
		allow  []string // users whose valid cookie is in the header
	}{
		{"valid (control)", name + "=" + a, valid, []string{aliceID}},
		{"truncated by 4", name + "=" + a[:len(a)-4], malformed, nil},
		{"truncated by half", name + "=" + a[:len(a)/2], malformed, nil},
		{"padded ==", name + "=" + a + "==", malformed, nil},
		{"padded AAAA", name + "=" + a + "AAAA", malformed, nil},
		{"padded spaces", name + "=" + a + "%20%20", malformed, nil},
		{"another user's ID, this user's secret", name + "=" + encodeSecret(bobID, inner.Secret), rejected, nil},
		{"forged secret", name + "=" + encodeSecret(aliceID, strings.Repeat("deadbeef", 16)), rejected, nil},
		{"forged secret, other user", name + "=" + encodeSecret(bobID, strings.Repeat("0", 64)), rejected, nil},
		{"stale", name + "=" + staleValue, rejected, nil},
		{"not hex", name + "=" + encodeSecret(aliceID, "not-hex"), malformed, nil},
		{"ID with a path", name + "=" + encodeSecret("../../users", "abcd"), malformed, nil},
		{"extra fields", name + "=" + base64.StdEncoding.EncodeToString([]byte(`{"id":"`+bobID+`","secret":"ab","admin":true}`)), rejected, nil},
		{"JSON array", name + "=" + base64.StdEncoding.EncodeToString([]byte(`["`+aliceID+`","ab"]`)), malformed, nil},
		{"10 KB junk", name + "=" + strings.Repeat("A", 10<<10), malformed, nil},
		{"10 KB well-formed", name + "=" + encodeSecret(aliceID, strings.Repeat("ab", 5<<10)), malformed, nil},
		{"100 cookies, valid last", strings.Join(hundred, "; ") + "; " + name + "=" + a, valid, []string{aliceID}},
		{"100 cookies, none valid", strings.Join(hundredJunk, "; "), malformed, nil},
		{"valid then forged", name + "=" + a + "; " + name + "=" + encodeSecret(bobID, "ab"), valid, []string{aliceID}},
		{"forged then valid", name + "=" + encodeSecret(bobID, "ab") + "; " + name + "=" + a, rejected, nil},
		{"malformed then valid", name + "=garbage; " + name + "=" + a, valid, []string{aliceID}},
		{"bob then alice", name + "=" + bob.value + "; " + name + "=" + a, valid, []string{aliceID, bobID}},
		{"URL-encoded", name + "=" + url.QueryEscape(a), valid, []string{aliceID}},
		{"path-encoded", name + "=" + strings.ReplaceAll(a, "=", "%3D"), valid, []string{aliceID}},
		{"percent-encoded byte", name + "=" + escapeFirst, valid, []string{aliceID}},
		{"double-encoded", name + "=%25" + escapeFirst[1:], malformed, nil},
		{"broken escape", name + "=" + a + "%zz", malformed, nil},
		{"URL-encoded forged", name + "=" + url.QueryEscape(encodeSecret(bobID, "ab")), rejected, nil},
		{"quoted", name + `="` + a + `"`, harmless, []string{aliceID}},
		{"CR LF", name + "=" + a + "\r\n", harmless, []string{aliceID}},
		{"NUL", name + "=" + a[:10] + "\x00" + a[10:], malformed, nil},
		{"upper-case name", strings.ToUpper(name) + "=" + a, malformed, nil},
		{"name with space", name + " =" + a, malformed, nil},
		{"prefix name", "x" + name + "=" + a, malformed, nil},
		{"empty", name + "=", malformed, nil},
	}
	for _, tt := range cases {
		for _, route := range []struct{ method, path string }{{"GET", "/me"}, {"GET", "/sessions"}, {"POST", "/logout"}} {
			if route.method == "POST" && (tt.want == valid || tt.want == harmless) {
				continue // would sign alice out
			}
			what := fmt.Sprintf("%s %s with %s", route.method, route.path, tt.name)
			before := up.count()
			r := env.call(route.method, route.path, map[string]string{"cookie": tt.cookie}, "")
			wantCleanHeaders(t, r, what)
			if r.Status >= 500 {
				t.Errorf("%s: %d %s", what, r.Status, r.Body)
				continue
			}
			// Whose data came back?
			for _, id := range []string{aliceID, bobID} {
				if bytes.Contains(r.Body, []byte(id)) && !slices.Contains(tt.allow, id) {
					t.Errorf("%s: the answer shows user %s, whose valid cookie was not sent: %s", what, id, r.Body)
				}
			}
			switch {
			case route.method == "POST":
				if r.Status != http.StatusNoContent {
					t.Errorf("%s: %d, want 204", what, r.Status)
				}
				r.wantCleared(t)
				if tt.want == malformed {
					wantNoUpstream(t, up, before, what)
				}
			case tt.want == harmless:
				if r.Status != http.StatusOK && r.Status != http.StatusUnauthorized {
					t.Errorf("%s: %d %s, want 200 or 401", what, r.Status, r.Body)
				}
			case tt.want == valid:
				if r.Status != http.StatusOK {
					t.Errorf("%s: %d %s, want 200", what, r.Status, r.Body)
				}
			case tt.want == malformed:
				wantErr(t, r, http.StatusUnauthorized, "user_unauthorized", what)
				wantNoUpstream(t, up, before, what)
			case tt.want == rejected:
				wantErr(t, r, http.StatusUnauthorized, "user_unauthorized", what)
				if c := r.cookie(t); c == nil || c.Value != "" || c.MaxAge >= 0 {
					t.Errorf("%s: set-cookie %q, want the cookie cleared", what, r.Headers["set-cookie"])
				}
			}
		}
	}
	// Nothing above ended alice's or bob's session.
	for _, b := range []*browser{alice, bob} {
		if r := b.do("GET", "/me", ""); r.Status != http.StatusOK {
			t.Errorf("a session was lost to the tampering: %d", r.Status)
		}
	}
}

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
// Defences: session.FromSDK, the per-client timeout (session/clients.go),
// the handlers' "no cookie with a failure" rule, failRedirect.
func TestUpstreamFaults(t *testing.T) {
	t.Parallel()
	env, up := newAttackEnv(t, map[string]string{"UPSTREAM_TIMEOUT": "200ms"})
	env.emu.CreateUser("faults@example.com", "correct horse battery", "")
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
	// Nor does it end the session the browser had: that browser keeps
	// its cookie, which must still work.
	b := env.browser()
	before := b.signUp("kept@example.com", "correct horse battery")["$id"].(string)
	up.answer.Store(&failAccount)
	r := b.do("POST", "/login", login)
	up.answer.Store(nil)
	wantErr(t, r, http.StatusBadGateway, "upstream_error", "sign-in failing after the session was created")
	if c := r.Headers["set-cookie"]; c != "" {
		t.Errorf("sign-in failing after the session was created: set-cookie %q", c)
	}
	if me := b.do("GET", "/me", ""); me.Status != http.StatusOK || env.emu.SessionCount(before) != 1 {
		t.Errorf("a failed sign-in ended the browser's earlier session: GET /me %d %s", me.Status, me.Body)
	}

	logs := env.logs.text()
	if strings.Contains(logs, leakMarker) || strings.Contains(logs, "panic") {
		t.Errorf("the log holds the upstream's body or a panic:\n%s", logs)
	}
}

// ---------------------------------------------------------------------------
// Brute force (ratelimit_test.go has the basics on /login)

// sensitiveAttempt is one attempt on a sensitive route, made distinct by i
// so that only the per-address budget can stop a series of them.
type sensitiveAttempt struct {
	route string
	send  func(env *testEnv, ip string, i int) *result
}

var sensitiveAttempts = []sensitiveAttempt{
	{"/login", func(env *testEnv, ip string, i int) *result {
		return env.call("POST", "/login", map[string]string{"x-appwrite-client-ip": ip}, fmt.Sprintf(`{"email":"s%d@example.com","password":"password123"}`, i))
	}},
	{"/signup", func(env *testEnv, ip string, i int) *result {
		return env.call("POST", "/signup", map[string]string{"x-appwrite-client-ip": ip}, fmt.Sprintf(`{"email":"s%d@example.com","password":"correct horse battery"}`, i))
	}},
	{"/otp", func(env *testEnv, ip string, i int) *result {
		return env.call("POST", "/otp", map[string]string{"x-appwrite-client-ip": ip}, fmt.Sprintf(`{"email":"s%d@example.com"}`, i))
	}},
	{"/otp/verify", func(env *testEnv, ip string, i int) *result {
		return env.call("POST", "/otp/verify", map[string]string{"x-appwrite-client-ip": ip}, fmt.Sprintf(`{"userId":"user%d","code":"123456"}`, i))
	}},
	{"/magic-url", func(env *testEnv, ip string, i int) *result {
		return env.call("POST", "/magic-url", map[string]string{"x-appwrite-client-ip": ip}, fmt.Sprintf(`{"email":"s%d@example.com"}`, i))
	}},
	{"/recovery", func(env *testEnv, ip string, i int) *result {
		return env.call("POST", "/recovery", map[string]string{"x-appwrite-client-ip": ip}, fmt.Sprintf(`{"email":"s%d@example.com"}`, i))
	}},
	{"/mfa/verify", func(env *testEnv, ip string, i int) *result {
		cookie := sessionCookieName(env) + "=" + encodeSecret(fmt.Sprintf("user%d", i), "ab")
		return env.call("POST", "/mfa/verify", map[string]string{"x-appwrite-client-ip": ip, "cookie": cookie}, `{"challengeId":"c1","otp":"123456"}`)
	}},
	{"/anonymous", func(env *testEnv, ip string, i int) *result {
		return env.call("POST", "/anonymous", map[string]string{"x-appwrite-client-ip": ip}, "")
	}},
}

// TestCredentialStuffingAcrossSensitiveRoutes: one address spreading its
// attempts over every sensitive route (sign-in, sign-up, codes, magic
// links, recovery, MFA, guests), each for a different account, is stopped
// after RATE_LIMIT_PER_IP attempts in all, on every route at once, before
// Appwrite is called; other addresses are not. Defence: the per-address
// budget of ratelimit.Limiter, applied by every sensitive handler.
func TestCredentialStuffingAcrossSensitiveRoutes(t *testing.T) {
	t.Parallel()
	env, up := newAttackEnv(t, limitVars)
	const attacker = "203.0.113.60"
	for i := 0; i < 30; i++ {
		a := sensitiveAttempts[i%len(sensitiveAttempts)]
		if r := a.send(env, attacker, i); r.Status == http.StatusTooManyRequests || r.Status >= 500 {
			t.Fatalf("attempt %d (%s): %d %s before the budget of 30 was spent", i+1, a.route, r.Status, r.Body)
		}
	}
	before := up.count()
	for _, a := range sensitiveAttempts {
		r := a.send(env, attacker, 1000)
		if !wantErr(t, r, http.StatusTooManyRequests, "rate_limit_exceeded", a.route+" after 30 attempts") {
			continue
		}
		if r.Headers["retry-after"] == "" {
			t.Errorf("%s: 429 without retry-after", a.route)
		}
	}
	wantNoUpstream(t, up, before, "the refused attempts")
	for _, a := range sensitiveAttempts {
		if r := a.send(env, "203.0.113.61", 2000); r.Status == http.StatusTooManyRequests {
			t.Errorf("%s from another address: limited too", a.route)
		}
	}
}

// TestCredentialStuffingFromRotatingIPv6: an attacker holding an IPv6 /64
// uses a new address in it for every attempt; the /64 shares one budget,
// while the next /64 has its own. An IPv4 address and its IPv4-mapped IPv6
// form share one budget too. Defence: security.RateKeyIP.
func TestCredentialStuffingFromRotatingIPv6(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, limitVars)
	for i := 0; i < 30; i++ {
		ip := fmt.Sprintf("2001:db8:1:2:%x:%x::%x", i*7919&0xffff, i*104729&0xffff, i+1)
		if security.ClientIP(map[string]string{"x-appwrite-client-ip": ip}) == "" {
			t.Fatalf("%s is not an address", ip)
		}
		loginFrom(env, ip, fmt.Sprintf("v6-%d@example.com", i), "password123").wantError(t, http.StatusUnauthorized, "user_invalid_credentials")
	}
	for _, ip := range []string{"2001:db8:1:2::ffff", "2001:DB8:1:2:FFFF:FFFF:FFFF:FFFF", "2001:db8:1:2::1%eth0"} {
		wantLimited(t, loginFrom(env, ip, "v6-new@example.com", "password123"))
	}
	loginFrom(env, "2001:db8:1:3::1", "v6-new@example.com", "password123").wantError(t, http.StatusUnauthorized, "user_invalid_credentials")

	for i := 0; i < 30; i++ {
		ip := "198.51.100.200"
		if i%2 == 1 {
			ip = "::ffff:198.51.100.200"
		}
		loginFrom(env, ip, fmt.Sprintf("v4-%d@example.com", i), "password123").wantError(t, http.StatusUnauthorized, "user_invalid_credentials")
	}
	wantLimited(t, loginFrom(env, "::ffff:c633:64c8", "v4-new@example.com", "password123"))
}

// TestDistributedCodeGuessingFromManyNetworks: guesses at one user's
// e-mail code from as many IPv6 networks as there are failures allowed
// spend the account's budget, after which even the right code from yet
// another network is refused. Defence: the per-account budget
// (RATE_LIMIT_PER_EMAIL), which counts the user ID on /otp/verify.
func TestDistributedCodeGuessingFromManyNetworks(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, limitVars)
	r := env.call("POST", "/otp", map[string]string{"x-appwrite-client-ip": "192.0.2.44"}, `{"email":"codes-victim@example.com"}`)
	var started struct {
		UserID string `json:"userId"`
	}
	r.decode(t, &started)
	msg, ok := env.emu.LastMessage("codes-victim@example.com", appwritetest.MessageEmailOTP)
	if !ok {
		t.Fatal("no code e-mailed")
	}
	wrong := "000000"
	if msg.Code == wrong {
		wrong = "111111"
	}
	for i := 0; i < 8; i++ {
		ip := fmt.Sprintf("2001:db8:%x::1", 0x100+i)
		env.call("POST", "/otp/verify", map[string]string{"x-appwrite-client-ip": ip}, `{"userId":"`+started.UserID+`","code":"`+wrong+`"}`).
			wantError(t, http.StatusUnauthorized, "user_invalid_token")
	}
	wantLimited(t, env.call("POST", "/otp/verify", map[string]string{"x-appwrite-client-ip": "2001:db8:999::1"},
		`{"userId":"`+started.UserID+`","code":"`+msg.Code+`"}`))
}

// TestVictimLockoutWithForgedForwardingHeaders: an attacker guessing a
// victim's password sends X-Forwarded-For, X-Real-IP, Forwarded,
// True-Client-IP and CF-Connecting-IP, first rotating them to escape its
// own budget, then naming the victim's address to spend the victim's. The
// limiter only trusts x-appwrite-client-ip, which Appwrite sets: the
// attacker is stopped after RATE_LIMIT_PER_IP_EMAIL failures, and the
// victim still signs in from its own address. Defence: security.ClientIP.
func TestVictimLockoutWithForgedForwardingHeaders(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, limitVars)
	env.emu.CreateUser("framed@example.com", "correct horse battery", "")
	const attacker, victim = "198.51.100.66", "192.0.2.10"
	forwarded := func(ip string) map[string]string {
		return map[string]string{
			"x-appwrite-client-ip": attacker,
			"x-forwarded-for":      ip + ", " + attacker,
			"x-real-ip":            ip,
			"forwarded":            "for=" + ip,
			"true-client-ip":       ip,
			"cf-connecting-ip":     ip,
		}
	}
	guess := `{"email":"framed@example.com","password":"wrong password"}`
	for i := 0; i < 3; i++ {
		env.call("POST", "/login", forwarded(fmt.Sprintf("10.1.1.%d", i)), guess).wantError(t, http.StatusUnauthorized, "user_invalid_credentials")
	}
	for i := 3; i < 8; i++ {
		wantLimited(t, env.call("POST", "/login", forwarded(fmt.Sprintf("10.1.1.%d", i)), guess))
		wantLimited(t, env.call("POST", "/login", forwarded(victim), guess))
	}
	if r := loginFrom(env, victim, "framed@example.com", "correct horse battery"); r.Status != http.StatusOK {
		t.Fatalf("the victim, from its own address: %d %s", r.Status, r.Body)
	}
}

// TestGuessBudgetNotResetBySignUpError: a sign-up for the victim's e-mail
// that Appwrite refuses (a password that is too short, say) must not count
// as a success: a success forgets the address's failures on the account
// and trusts the address for it, so one such request every few guesses
// would lift both the per-address and the per-account budget. Defence:
// SignUp records a success only when the account was created
// (handlers/auth.go); the limiter counts every attempt, the refused
// sign-up included, before it is made.
func TestGuessBudgetNotResetBySignUpError(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, limitVars)
	env.emu.CreateUser("reset-victim@example.com", "correct horse battery", "")
	const attacker = "203.0.113.90"
	badSignUp := func(ip, email string) {
		t.Helper()
		env.call("POST", "/signup", map[string]string{"x-appwrite-client-ip": ip}, `{"email":"`+email+`","password":"short"}`).
			wantError(t, http.StatusBadRequest, "general_argument_invalid")
	}
	// Two guesses and a refused sign-up spend the address's budget on the
	// account (RATE_LIMIT_PER_IP_EMAIL=3): the sign-up gave nothing back.
	loginFrom(env, attacker, "reset-victim@example.com", "guess one").wantError(t, 401, "user_invalid_credentials")
	loginFrom(env, attacker, "reset-victim@example.com", "guess two").wantError(t, 401, "user_invalid_credentials")
	badSignUp(attacker, "reset-victim@example.com")
	wantLimited(t, loginFrom(env, attacker, "reset-victim@example.com", "guess three"))

	// Addresses that each made a refused sign-up first are not trusted:
	// together they still spend the account's budget (RATE_LIMIT_PER_EMAIL=8).
	env.emu.CreateUser("trust-victim@example.com", "correct horse battery", "")
	ips := []string{"10.7.0.1", "10.7.0.2", "10.7.0.3", "10.7.0.4"}
	for _, ip := range ips {
		badSignUp(ip, "trust-victim@example.com")
	}
	for _, ip := range ips {
		loginFrom(env, ip, "trust-victim@example.com", "wrong password").wantError(t, 401, "user_invalid_credentials")
	}
	for _, ip := range ips {
		wantLimited(t, loginFrom(env, ip, "trust-victim@example.com", "wrong password"))
	}
}

// ---------------------------------------------------------------------------
// Secret hygiene

// exchangeLog records every response a scenario gets from the function.
type exchangeLog struct {
	t       *testing.T
	entries []loggedExchange
}

type loggedExchange struct {
	method, target string
	r              *result
}

// do makes a call with b and records it.
func (l *exchangeLog) do(b *browser, method, target string, headers map[string]string, body string) *result {
	l.t.Helper()
	r := b.doWith(method, target, headers, body)
	l.entries = append(l.entries, loggedExchange{method, target, r})
	return r
}

// flowsIn returns the decoded flow= parameters of a URL, looking into the
// URLs its query carries (Appwrite's success and failure) too.
func flowsIn(raw string, depth int) []string {
	u, err := url.Parse(raw)
	if err != nil || depth > 2 {
		return nil
	}
	var out []string
	for key, values := range u.Query() {
		for _, v := range values {
			if key == "flow" {
				b, _ := base64.RawURLEncoding.DecodeString(v)
				out = append(out, string(b))
			}
			if strings.Contains(v, "://") {
				out = append(out, flowsIn(v, depth+1)...)
			}
		}
	}
	return out
}

// TestNoSecretInLogsBodiesOrRedirects runs every flow (sign-up, sign-in,
// magic links in the same and another browser, e-mail codes, recovery,
// JWT, MFA, OAuth2 through the emulator's provider, verification,
// sign-out) with Appwrite's per-execution key in x-appwrite-key, collects
// every secret that appeared (passwords, the API key, session secrets,
// token secrets and codes from the outbox, the OAuth2 token secret, the
// JWT), and checks that none is in a log line, a response body, a
// response header other than the session's own Set-Cookie, or a redirect
// Location, the flow= parameters inside it decoded. The only secrets a
// body may hold are the ones it exists to hand over: the JWT in POST
// /jwt's answer, and the magic link's own token in the confirmation page
// of that link. Defences: the log line of respond.go (route pattern,
// hashed user ID, nothing of headers, query or body), the handlers'
// answers, failRedirect (the error type only), the flow value (state and
// targets only).
func TestNoSecretInLogsBodiesOrRedirects(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, map[string]string{"APPWRITE_API_KEY": ""})
	log := &exchangeLog{t: t}
	key := env.server.APIKey
	newBrowser := func() *browser {
		b := env.browser()
		b.extras["x-appwrite-key"] = key
		return b
	}
	passwords := []string{"alice password 123", "wrong guess 1234", "alice new password 456", "erin password 789", "frank password 012"}
	mustStatus := func(r *result, status int, what string) {
		t.Helper()
		if r.Status != status {
			t.Fatalf("%s: %d %s, want %d", what, r.Status, r.Body, status)
		}
	}

	// E-mail and password.
	a, b := newBrowser(), newBrowser()
	mustStatus(log.do(a, "POST", "/signup", nil, `{"email":"alice@example.com","password":"alice password 123","name":"Alice"}`), 201, "sign-up")
	mustStatus(log.do(b, "POST", "/login", nil, `{"email":"alice@example.com","password":"wrong guess 1234"}`), 401, "wrong sign-in")
	mustStatus(log.do(b, "POST", "/login", nil, `{"email":"alice@example.com","password":"alice password 123"}`), 200, "sign-in")
	mustStatus(log.do(a, "GET", "/me", nil, ""), 200, "GET /me")
	mustStatus(log.do(a, "GET", "/sessions", nil, ""), 200, "GET /sessions")

	// Magic links: the same browser, then another one that confirms.
	c := newBrowser()
	mustStatus(log.do(c, "POST", "/magic-url", nil, `{"email":"carol@example.com","redirect":"`+appOrigin+`/in"}`), 202, "magic link")
	m, _ := env.emu.LastMessage("carol@example.com", appwritetest.MessageMagicURL)
	link, _ := url.Parse(m.Link)
	mustStatus(log.do(c, "GET", pathAndQuery(link), nil, ""), 303, "magic link, same browser")
	mustStatus(log.do(c, "POST", "/magic-url", nil, `{"email":"carol@example.com","redirect":"`+appOrigin+`/in"}`), 202, "second magic link")
	m, _ = env.emu.LastMessage("carol@example.com", appwritetest.MessageMagicURL)
	link, _ = url.Parse(m.Link)
	d := newBrowser()
	page := log.do(d, "GET", pathAndQuery(link), nil, "")
	mustStatus(page, 200, "magic link, other browser")
	mustStatus(log.do(d, "POST", "/magic-url/confirm", map[string]string{
		"content-type": "application/x-www-form-urlencoded", "origin": functionOrigin, "sec-fetch-site": "same-origin",
	}, formValues(t, string(page.Body)).Encode()), 303, "magic link confirmation")

	// E-mail code.
	dave := newBrowser()
	r := log.do(dave, "POST", "/otp", nil, `{"email":"dave@example.com"}`)
	mustStatus(r, 200, "POST /otp")
	var otp struct {
		UserID string `json:"userId"`
	}
	r.decode(t, &otp)
	code, _ := env.emu.LastMessage("dave@example.com", appwritetest.MessageEmailOTP)
	log.do(dave, "POST", "/otp/verify", nil, `{"userId":"`+otp.UserID+`","code":"`+strings.Repeat("9", 6)+`"}`)
	mustStatus(log.do(dave, "POST", "/otp/verify", nil, `{"userId":"`+otp.UserID+`","code":"`+code.Code+`"}`), 200, "code")

	// Recovery.
	mustStatus(log.do(newBrowser(), "POST", "/recovery", nil, `{"email":"alice@example.com","redirect":"`+appOrigin+`/reset"}`), 202, "recovery")
	rec, _ := env.emu.LastMessage("alice@example.com", appwritetest.MessageRecovery)
	body, _ := json.Marshal(map[string]string{"userId": rec.UserID, "secret": rec.Secret, "password": "alice new password 456"})
	mustStatus(log.do(newBrowser(), "POST", "/recovery/confirm", nil, string(body)), 200, "recovery confirmation")

	// JWT and verification.
	e := newBrowser()
	mustStatus(log.do(e, "POST", "/signup", nil, `{"email":"erin@example.com","password":"erin password 789"}`), 201, "sign-up erin")
	r = log.do(e, "POST", "/jwt", nil, `{"duration":60}`)
	mustStatus(r, 201, "JWT")
	var jwt struct {
		JWT string `json:"jwt"`
	}
	r.decode(t, &jwt)
	mustStatus(log.do(e, "POST", "/verification", nil, `{"redirect":"`+appOrigin+`/verified"}`), 202, "verification")
	ver, _ := env.emu.LastMessage("erin@example.com", appwritetest.MessageVerification)
	vlink, _ := url.Parse(ver.Link)
	mustStatus(log.do(newBrowser(), "GET", pathAndQuery(vlink), nil, ""), 303, "verification link")

	// MFA.
	f := newBrowser()
	frank := log.do(f, "POST", "/signup", nil, `{"email":"frank@example.com","password":"frank password 012"}`)
	mustStatus(frank, 201, "sign-up frank")
	var frankUser struct {
		ID string `json:"$id"`
	}
	frank.decode(t, &frankUser)
	env.emu.SetEmailVerified(frankUser.ID, true)
	mustStatus(log.do(f, "PATCH", "/me/mfa", nil, `{"enabled":true}`), 200, "MFA on")
	f2 := newBrowser()
	mustStatus(log.do(f2, "POST", "/login", nil, `{"email":"frank@example.com","password":"frank password 012"}`), 200, "MFA sign-in")
	r = log.do(f2, "POST", "/mfa/challenge", nil, `{"factor":"email"}`)
	mustStatus(r, 201, "MFA challenge")
	var ch struct {
		ChallengeID string `json:"challengeId"`
	}
	r.decode(t, &ch)
	mfa, _ := env.emu.LastMessage("frank@example.com", appwritetest.MessageMFA)
	mustStatus(log.do(f2, "POST", "/mfa/verify", nil, `{"challengeId":"`+ch.ChallengeID+`","otp":"`+mfa.Code+`"}`), 200, "MFA verify")

	// OAuth2 through the emulator's provider.
	g := newBrowser()
	start := log.do(g, "GET", "/oauth2/github?redirect="+url.QueryEscape(appOrigin+"/welcome"), nil, "")
	toProvider := get(t, start.location(t, http.StatusFound).String(), http.StatusMovedPermanently)
	provider, _ := url.Parse(env.server.URL)
	provider = provider.ResolveReference(toProvider)
	pq := provider.Query()
	pq.Set("email", "gina@example.com")
	provider.RawQuery = pq.Encode()
	callback := get(t, provider.String(), http.StatusMovedPermanently)
	oauthSecret := callback.Query().Get("secret")
	mustStatus(log.do(g, "GET", pathAndQuery(callback), nil, ""), 303, "OAuth2 callback")
	mustStatus(log.do(g, "GET", "/me", nil, ""), 200, "GET /me after OAuth2")

	// Sign-out.
	mustStatus(log.do(a, "POST", "/logout", nil, ""), 204, "sign-out")
	mustStatus(log.do(g, "POST", "/logout", nil, ""), 204, "sign-out")

	// Every secret of the run.
	secrets := map[string]string{key: "API key", oauthSecret: "OAuth2 token secret", jwt.JWT: "JWT"}
	for _, p := range passwords {
		secrets[p] = "password"
	}
	for _, msg := range env.emu.Outbox() {
		if msg.Secret != "" {
			secrets[msg.Secret] = string(msg.Kind) + " token secret"
		}
		if msg.Code != "" {
			secrets[msg.Code] = string(msg.Kind) + " code"
		}
	}
	for _, x := range log.entries {
		c := x.r.cookie(t)
		if c == nil || c.Name != sessionCookieName(env) || c.Value == "" {
			continue
		}
		secrets[c.Value] = "session cookie"
		raw, _ := base64.StdEncoding.DecodeString(c.Value)
		var inner struct{ Secret string }
		if json.Unmarshal(raw, &inner) == nil && inner.Secret != "" {
			secrets[inner.Secret] = "session secret"
		}
	}
	delete(secrets, "")
	if n := len(secrets); n < 20 {
		t.Fatalf("only %d secrets collected: the scenario did not run", n)
	}

	// A six-digit code counts only as a whole word, so that it is not
	// found by chance inside an ID or a timestamp.
	contains := func(text, s string) bool {
		if len(s) > 6 {
			return strings.Contains(text, s)
		}
		for i := strings.Index(text, s); i >= 0; {
			before, after := i-1, i+len(s)
			if (before < 0 || !isAlnum(text[before])) && (after >= len(text) || !isAlnum(text[after])) {
				return true
			}
			next := strings.Index(text[i+1:], s)
			if next < 0 {
				break
			}
			i += 1 + next
		}
		return false
	}
	logs := env.logs.text()
	for s, kind := range secrets {
		for _, form := range []string{s, url.QueryEscape(s)} {
			if contains(logs, form) {
				t.Errorf("the log holds a %s", kind)
			}
		}
	}
	for _, x := range log.entries {
		what := x.method + " " + strings.SplitN(x.target, "?", 2)[0]
		for s, kind := range secrets {
			inBody := contains(string(x.r.Body), s)
			switch {
			case inBody && kind == "JWT" && x.target == "/jwt":
			case inBody && kind == "magic-url token secret" && strings.HasPrefix(x.target, "/magic-url/callback?") &&
				strings.Contains(x.target, "secret="+url.QueryEscape(s)):
			case inBody:
				t.Errorf("%s: the body holds a %s", what, kind)
			}
			for h, v := range x.r.Headers {
				if h == "set-cookie" && kind == "session cookie" || h == "set-cookie" && kind == "session secret" {
					continue
				}
				if contains(v, s) || contains(v, url.QueryEscape(s)) {
					t.Errorf("%s: header %s holds a %s", what, h, kind)
				}
			}
			for _, flow := range flowsIn(x.r.Headers["location"], 0) {
				if contains(flow, s) {
					t.Errorf("%s: the flow= parameter of the location holds a %s", what, kind)
				}
			}
		}
		for _, flow := range flowsIn(x.r.Headers["location"], 0) {
			var fields map[string]any
			if err := json.Unmarshal([]byte(flow), &fields); err != nil {
				t.Errorf("%s: flow %q is not JSON", what, flow)
			}
			for k := range fields {
				if k != "s" && k != "r" && k != "f" {
					t.Errorf("%s: flow %q carries %q", what, flow, k)
				}
			}
		}
	}
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// ---------------------------------------------------------------------------
// Routing fuzz (FuzzRedirectCheck and FuzzOrigins are in security/)

// FuzzRouting sends arbitrary methods and paths through the router and
// the function: configured (against the emulator, from the app's origin)
// and through Main itself as the process's environment leaves it. It never
// panics (a recovered panic would be 500 general_unknown); every answer is
// one openapi.json describes; a path no route has is 404 route_not_found,
// a path with other methods is 405 method_not_allowed naming them in
// allow; no header holds CR or LF.
func FuzzRouting(f *testing.F) {
	for _, seed := range [][2]string{
		{"GET", "/health"}, {"POST", "/login"}, {"DELETE", "/sessions/abc"}, {"GET", "/sessions/"},
		{"OPTIONS", "/me"}, {"PATCH", "/me"}, {"GET", "//me"}, {"GET", "/oauth2/"}, {"GET", "/oauth2/github/x"},
		{"get", "/me"}, {"", ""}, {"GET", "me"}, {"GET", "/me\x00"}, {"PUT", "/nope"}, {"GET", "/../me"},
		{"GET", "/oauth2/callback"}, {"TRACE", "/health"}, {"HEAD", "/me"}, {"GET", "/sessions/{sessionId}"},
		{"GET", strings.Repeat("/a", 1000)}, {"POST", "/logout/"}, {"GET", "/oauth2/%0d%0a"}, {"DELETE", "/sessions//x"},
		{"GET /me HTTP/1.1\r\n", "/me"}, {"POST", "/me/password"}, {"GET", "/\u2028"}, {"GET", "/oauth2/constructor"},
	} {
		f.Add(seed[0], seed[1])
	}
	env := newTestEnv(f, nil)
	f.Fuzz(func(t *testing.T, method, path string) {
		for _, serve := range []func(*openruntimes.Context) openruntimes.Response{
			func(ctx *openruntimes.Context) openruntimes.Response { return env.app.serve(ctx) },
			func(ctx *openruntimes.Context) openruntimes.Response { return Main(*ctx) },
		} {
			ctx := openruntimes.NewContext(openruntimes.Logger{})
			ctx.Req = openruntimes.ContextRequest{
				Method: method, Path: path, Scheme: "https", Host: functionHost, Port: 443,
				Headers: map[string]string{"origin": appOrigin, "sec-fetch-site": "same-site", "access-control-request-method": "GET"},
			}
			res := serve(&ctx)
			r := &result{Status: res.StatusCode, Headers: res.Headers, Body: res.Body}
			what := fmt.Sprintf("%q %q", method, path)
			var e apiError
			isError := json.Unmarshal(r.Body, &e) == nil && e.Type != ""
			if r.Status == http.StatusInternalServerError && e.Type != "function_misconfigured" {
				t.Fatalf("%s: %d %s", what, r.Status, r.Body)
			}
			wantCleanHeaders(t, r, what)
			h, _, allow := routes.match(method, path)
			if method == http.MethodOptions {
				h, _, allow = routes.match("GET", path)
			}
			switch {
			case h == nil && len(allow) == 0:
				if r.Status != http.StatusNotFound || e.Type != "route_not_found" {
					t.Fatalf("%s: no route has the path, got %d %s, want 404 route_not_found", what, r.Status, r.Body)
				}
			case h == nil && method != http.MethodOptions:
				if r.Status != http.StatusMethodNotAllowed || e.Type != "method_not_allowed" || r.Headers["allow"] != strings.Join(allow, ", ") {
					t.Fatalf("%s: got %d %s (allow %q), want 405 method_not_allowed with allow %q", what, r.Status, r.Body, r.Headers["allow"], strings.Join(allow, ", "))
				}
			}
			if r.Status >= 400 && len(r.Body) > 0 && !isError {
				t.Fatalf("%s: %d with a body that is not the error shape: %s", what, r.Status, r.Body)
			}
			checkOpenAPI(t, method, path, r)
		}
	})
}

// ---------------------------------------------------------------------------
// Host header poisoning

// TestHostHeaderPoisoning: a request made outside a browser with a forged
// Host asks for a magic link to the victim's e-mail, hoping the link (with
// its token) points at the attacker's host. With PUBLIC_URL set, callback
// URLs ignore the Host; without it, Appwrite refuses a callback host that
// is not one of the project's Web platforms, and nothing is sent.
// Defences: PUBLIC_URL (app.self in main.go), and Appwrite's platform
// check (as the emulator applies it).
func TestHostHeaderPoisoning(t *testing.T) {
	t.Parallel()
	for _, vars := range []map[string]string{{"PUBLIC_URL": functionOrigin}, nil} {
		env := newTestEnv(t, vars)
		ctx := openruntimes.NewContext(openruntimes.Logger{})
		ctx.Req = openruntimes.ContextRequest{
			Method: "POST", Path: "/magic-url", Scheme: "https", Host: "evil.example", Port: 443,
			Headers: map[string]string{"origin": appOrigin, "content-type": "application/json", "x-forwarded-host": "evil.example"},
		}
		ctx.Req.SetBodyBinary([]byte(`{"email":"host-victim@example.com"}`))
		res := env.app.serve(&ctx)
		m, sent := env.emu.LastMessage("host-victim@example.com", appwritetest.MessageMagicURL)
		switch {
		case vars != nil && (res.StatusCode != http.StatusAccepted || !strings.HasPrefix(m.Link, functionOrigin+"/magic-url/callback?")):
			t.Errorf("with PUBLIC_URL: %d, link %q, want 202 and a link to %s", res.StatusCode, m.Link, functionOrigin)
		case vars == nil && (sent || res.StatusCode != http.StatusBadRequest):
			t.Errorf("without PUBLIC_URL: %d, link %q, want Appwrite to refuse the foreign host", res.StatusCode, m.Link)
		}
	}
}

// ---------------------------------------------------------------------------
// Session fixation

// TestGuestSessionFixation: an attacker who can plant a cookie in the
// victim's browser (from a sibling subdomain, say, with a more specific
// path so it is sent first) plants the session of a guest account the
// attacker created. The victim signs up; sign-up upgrades the guest
// account in place. The attacker's copy of the guest session must not
// become a session on the victim's new account. Defence: upgradeGuest
// ends the guest's sessions and starts a new one (handlers/auth.go).
func TestGuestSessionFixation(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	attacker := env.browser()
	r := attacker.do("POST", "/anonymous", "")
	if r.Status != http.StatusCreated || attacker.value == "" {
		t.Fatalf("POST /anonymous: %d %s", r.Status, r.Body)
	}
	planted := sessionCookieName(env) + "=" + attacker.value

	r = env.call("POST", "/signup", map[string]string{"cookie": planted}, `{"email":"fixated@example.com","password":"correct horse battery"}`)
	if r.Status != http.StatusCreated {
		t.Fatalf("the victim's sign-up: %d %s", r.Status, r.Body)
	}
	victim := r.cookie(t)
	attacker.do("GET", "/me", "").wantError(t, http.StatusUnauthorized, "user_unauthorized")
	if victim == nil || victim.Value == "" || victim.Value == attacker.value {
		t.Fatalf("the sign-up set cookie %q, want a new session", r.Headers["set-cookie"])
	}
	me := env.call("GET", "/me", map[string]string{"cookie": victim.Name + "=" + victim.Value}, "")
	if me.Status != http.StatusOK || !strings.Contains(string(me.Body), "fixated@example.com") {
		t.Errorf("the victim's new session: %d %s", me.Status, me.Body)
	}
}
