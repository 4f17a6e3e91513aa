package server

// The attack suite: each test is named after an attack, says in its comment
// which defence it proves, and fails if that defence is removed. SECURITY.md
// maps every threat to these tests.

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/open-runtimes/types-for-go/v4/openruntimes"

	"openruntimes/handler/appwritetest"
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
type faultyUpstream struct {
	next     http.Handler
	mode     atomic.Int32
	requests atomic.Int64
	release  chan struct{}
	// answer, when set, answers the requests it wants to (returning
	// true) in place of the emulator: a compromised or broken Appwrite.
	answer atomic.Pointer[func(w http.ResponseWriter, r *http.Request) bool]
}

func (u *faultyUpstream) set(f fault) { u.mode.Store(int32(f)) }

// count returns how many requests reached Appwrite so far.
func (u *faultyUpstream) count() int64 { return u.requests.Load() }

func (u *faultyUpstream) ServeHTTP(w http.ResponseWriter, r *http.Request) {
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
			// An empty answer (a 204) is whole before the cut: say the
			// connection ends with it, or the function's transport would
			// reuse it for the next request and race the close.
			w.Header().Set("connection", "close")
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
func newAttackEnv(t *testing.T, vars map[string]string, opts ...appwritetest.Option) (*testEnv, *faultyUpstream) {
	t.Helper()
	env := newTestEnv(t, vars, opts...)
	u := &faultyUpstream{next: env.emu, release: make(chan struct{})}
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
func wantNoUpstream(t *testing.T, u *faultyUpstream, before int64, what string) {
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
			func(ctx *openruntimes.Context) openruntimes.Response { return runtimeMain(*ctx) },
		} {
			send := func(method string) *result {
				ctx := openruntimes.NewContext(openruntimes.Logger{})
				ctx.Req = openruntimes.ContextRequest{
					Method: method, Path: path, Scheme: "https", Host: functionHost, Port: 443,
					Headers: map[string]string{"origin": appOrigin, "sec-fetch-site": "same-site", "access-control-request-method": "GET"},
				}
				res := serve(&ctx)
				return &result{Status: res.StatusCode, Headers: res.Headers, Body: res.Body}
			}
			r := send(method)
			what := fmt.Sprintf("%q %q", method, path)
			if method == http.MethodHead {
				// HEAD is GET without the body.
				get := send(http.MethodGet)
				if r.Status != get.Status || len(r.Body) != 0 || !slices.Equal(slices.Sorted(maps.Keys(r.Headers)), slices.Sorted(maps.Keys(get.Headers))) {
					t.Fatalf("%s: %d %v (%d bytes), want GET's %d %v without a body", what, r.Status, r.Headers, len(r.Body), get.Status, get.Headers)
				}
				r = get
			}
			var e apiError
			isError := json.Unmarshal(r.Body, &e) == nil && e.Type != ""
			if r.Status == http.StatusInternalServerError && e.Type != "function_misconfigured" {
				t.Fatalf("%s: %d %s", what, r.Status, r.Body)
			}
			wantCleanHeaders(t, r, what)
			h, _, allow := routes.match(method, path)
			if method == http.MethodOptions || method == http.MethodHead {
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
			documented := method
			if method == http.MethodHead {
				documented = http.MethodGet
			}
			checkOpenAPI(t, documented, path, r)
		}
	})
}
