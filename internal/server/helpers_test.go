package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/appwrite/sdk-for-go/appwrite"
	"github.com/appwrite/sdk-for-go/users"
	"github.com/open-runtimes/types-for-go/v4/openruntimes"

	"openruntimes/handler/appwritetest"
	"openruntimes/handler/security/ratelimit"
)

// testEnv is the function configured against a fresh emulator, through a
// map-backed getenv (no os.Setenv, so tests can run in parallel).
type testEnv struct {
	tb     testing.TB
	server *appwritetest.Server
	emu    *appwritetest.Emulator
	vars   map[string]string
	app    *app
	logs   *logCapture
}

// newTestEnv starts an emulator and configures the function for it. vars
// override the function's variables ("" removes one).
func newTestEnv(tb testing.TB, vars map[string]string, opts ...appwritetest.Option) *testEnv {
	tb.Helper()
	// The function's and the app's hosts are the project's web platforms,
	// so Appwrite accepts callback and redirect URLs on them. The API key
	// has exactly the scopes appwrite.json gives the function's
	// per-execution key in production, so that a call the function may
	// not make fails here too.
	// The project is what appwrite.json's settings make it (`appwrite
	// push settings`): every auth method the function performs with its
	// key is off for everyone else.
	opts = append(append([]appwritetest.Option{
		appwritetest.WithPlatformHosts(functionHost, appHost),
		appwritetest.WithAPIKey("standard_function_scopes", functionScopes(tb)...),
	}, projectSettings(tb)...), opts...)
	server := appwritetest.Start(tb, opts...)
	env := map[string]string{
		"APPWRITE_FUNCTION_API_ENDPOINT": server.Endpoint,
		"APPWRITE_FUNCTION_PROJECT_ID":   server.ProjectID,
		"APPWRITE_API_KEY":               server.APIKey,
		"ALLOWED_ORIGINS":                appOrigin,
	}
	for k, v := range vars {
		if v == "" {
			delete(env, k)
		} else {
			env[k] = v
		}
	}
	return &testEnv{
		tb:     tb,
		server: server,
		emu:    server.Emulator,
		vars:   env,
		app:    newApp(func(k string) string { return env[k] }),
		logs:   newLogCapture(tb),
	}
}

// Where the tests' function and app live.
const (
	functionHost   = "auth.example.com"
	functionOrigin = "https://" + functionHost
	appHost        = "app.example.com"
	appOrigin      = "https://" + appHost
)

// result is a response of Main as a test sees it.
type result struct {
	Status  int
	Headers map[string]string
	Body    []byte
}

// call runs one execution of the function, as the runtime would.
func (e *testEnv) call(method, target string, headers map[string]string, body string) *result {
	e.tb.Helper()
	u, err := url.Parse(target)
	if err != nil {
		e.tb.Fatalf("bad target %q: %v", target, err)
	}
	// A browser's fetch from the app: its Origin, and Sec-Fetch-Site.
	h := map[string]string{
		"user-agent":     "Mozilla/5.0 (X11; Linux x86_64) test",
		"origin":         appOrigin,
		"sec-fetch-site": "same-site",
	}
	if body != "" {
		h["content-type"] = "application/json"
	}
	for k, v := range headers {
		if v == "" {
			delete(h, k)
		} else {
			h[strings.ToLower(k)] = v
		}
	}
	logger, collect := e.logs.begin()
	defer collect()
	ctx := openruntimes.NewContext(logger)
	ctx.Req = openruntimes.ContextRequest{
		Headers:     h,
		Method:      method,
		Url:         functionOrigin + target,
		Scheme:      "https",
		Host:        functionHost,
		Port:        443,
		Path:        u.Path,
		QueryString: u.RawQuery,
	}
	ctx.Req.SetBodyBinary([]byte(body))
	res := e.app.serve(&ctx)
	r := &result{Status: res.StatusCode, Headers: res.Headers, Body: res.Body}
	// Every response a test sees must be one openapi.json describes.
	checkOpenAPI(e.tb, method, u.Path, r)
	return r
}

// decode decodes the JSON body into v.
func (r *result) decode(tb testing.TB, v any) {
	tb.Helper()
	if ct := r.Headers["content-type"]; !strings.HasPrefix(ct, "application/json") {
		tb.Fatalf("content-type = %q, want application/json; body %s", ct, r.Body)
	}
	if err := json.Unmarshal(r.Body, v); err != nil {
		tb.Fatalf("decoding %s: %v", r.Body, err)
	}
}

// apiError is the function's error body.
type apiError struct {
	Message string `json:"message"`
	Code    int    `json:"code"`
	Type    string `json:"type"`
}

// wantError checks that r is the error status/type with a matching body.
func (r *result) wantError(tb testing.TB, status int, typ string) apiError {
	tb.Helper()
	var e apiError
	r.decode(tb, &e)
	if r.Status != status || e.Type != typ || e.Code != status || e.Message == "" {
		tb.Fatalf("got %d %s, want %d %s", r.Status, r.Body, status, typ)
	}
	return e
}

// cookie parses the response's Set-Cookie, or returns nil.
func (r *result) cookie(tb testing.TB) *http.Cookie {
	tb.Helper()
	line, ok := r.Headers["set-cookie"]
	if !ok {
		return nil
	}
	c, err := http.ParseSetCookie(line)
	if err != nil {
		tb.Fatalf("set-cookie %q: %v", line, err)
	}
	return c
}

// wantCleared checks that the response clears the session cookie.
func (r *result) wantCleared(tb testing.TB) {
	tb.Helper()
	c := r.cookie(tb)
	if c == nil || c.Value != "" || c.MaxAge >= 0 {
		tb.Fatalf("set-cookie = %q, want the session cookie cleared", r.Headers["set-cookie"])
	}
}

// browser keeps the cookies the function sets, with their paths, and
// sends them back as a browser would.
type browser struct {
	env     *testEnv
	cookies map[string]*http.Cookie
	extras  map[string]string
	// name and value are the session cookie's, for tests that replay it.
	name, value string
}

func (e *testEnv) browser() *browser {
	return &browser{env: e, cookies: map[string]*http.Cookie{}, extras: map[string]string{}}
}

// cookieHeader returns the cookie header for a request to path.
func (b *browser) cookieHeader(path string) string {
	var parts []string
	for _, c := range b.cookies {
		if c.Path == "" || c.Path == "/" || path == c.Path || strings.HasPrefix(path, strings.TrimSuffix(c.Path, "/")+"/") {
			parts = append(parts, c.Name+"="+c.Value)
		}
	}
	return strings.Join(parts, "; ")
}

// do makes a call with the browser's cookies and keeps what it sets.
func (b *browser) do(method, target, body string) *result {
	b.env.tb.Helper()
	return b.doWith(method, target, nil, body)
}

// doWith is do with more request headers.
func (b *browser) doWith(method, target string, headers map[string]string, body string) *result {
	b.env.tb.Helper()
	h := map[string]string{}
	for k, v := range b.extras {
		h[k] = v
	}
	for k, v := range headers {
		h[k] = v
	}
	path, _, _ := strings.Cut(target, "?")
	if line := b.cookieHeader(path); line != "" {
		h["cookie"] = line
	}
	r := b.env.call(method, target, h, body)
	if c := r.cookie(b.env.tb); c != nil {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
		if c.Name == "a_session_"+strings.ToLower(b.env.server.ProjectID) {
			b.name, b.value = c.Name, c.Value
			if c.MaxAge < 0 {
				b.value = ""
			}
		}
	}
	return r
}

// signUp signs the browser up and fails the test if that does not work:
// POST /signup and, unless the function runs with SIGNUP_VERIFICATION=off,
// POST /signup/verify with the code the emulator e-mailed.
func (b *browser) signUp(email, password string) map[string]any {
	b.env.tb.Helper()
	r := b.completeSignUp(`{"email":"` + email + `","password":"` + password + `","name":"Test User"}`)
	if r.Status != http.StatusCreated {
		b.env.tb.Fatalf("sign-up of %s: %d %s", email, r.Status, r.Body)
	}
	var user map[string]any
	r.decode(b.env.tb, &user)
	return user
}

// completeSignUp sends POST /signup with body from the browser and, when
// the answer is 202 (a code is on its way), POST /signup/verify with that
// code and the body's password and name: the answer is the one a sign-up
// ends with in either SIGNUP_VERIFICATION mode.
func (b *browser) completeSignUp(body string) *result {
	b.env.tb.Helper()
	return finishSignUp(b.env, b.do("POST", "/signup", body), body, func(verify string) *result {
		return b.do("POST", "/signup/verify", verify)
	})
}

// completeSignUp is browser.completeSignUp for a request without a
// browser, with headers sent on both requests.
func (env *testEnv) completeSignUp(headers map[string]string, body string) *result {
	env.tb.Helper()
	return finishSignUp(env, env.call("POST", "/signup", headers, body), body, func(verify string) *result {
		return env.call("POST", "/signup/verify", headers, verify)
	})
}

// finishSignUp completes the sign-up whose POST /signup answered started,
// when that was 202, with verify.
func finishSignUp(env *testEnv, started *result, body string, verify func(string) *result) *result {
	env.tb.Helper()
	if started.Status != http.StatusAccepted {
		return started
	}
	var fields struct{ Email, Password, Name string }
	if err := json.Unmarshal([]byte(body), &fields); err != nil {
		env.tb.Fatalf("sign-up body %s: %v", body, err)
	}
	var pending struct{ UserID string }
	started.decode(env.tb, &pending)
	code, ok := env.emu.LastMessage(NormalizeEmail(fields.Email), appwritetest.MessageEmailOTP)
	if !ok {
		env.tb.Fatalf("no code was e-mailed to %s", fields.Email)
	}
	v, _ := json.Marshal(map[string]string{"userId": pending.UserID, "code": code.Code, "password": fields.Password, "name": fields.Name})
	if fields.Name == "" {
		v, _ = json.Marshal(map[string]string{"userId": pending.UserID, "code": code.Code, "password": fields.Password})
	}
	return verify(string(v))
}

// logCapture collects what Context.Log and Context.Error write. Each
// execution writes to files of its own, as on Appwrite, and its output is
// added to the collection when it ends, so the lines of concurrent
// executions never interleave.
type logCapture struct {
	tb         testing.TB
	dir        string
	mu         sync.Mutex
	logs, errs strings.Builder
}

func newLogCapture(tb testing.TB) *logCapture {
	tb.Helper()
	return &logCapture{tb: tb, dir: tb.TempDir()}
}

// begin returns the logger of one execution and the function that
// collects its output once the execution is over.
func (l *logCapture) begin() (openruntimes.Logger, func()) {
	l.tb.Helper()
	logs, err := os.CreateTemp(l.dir, "logs")
	if err != nil {
		l.tb.Fatal(err)
	}
	errs, err := os.CreateTemp(l.dir, "errors")
	if err != nil {
		l.tb.Fatal(err)
	}
	return openruntimes.Logger{StreamLogs: logs, StreamErrors: errs}, func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		for _, f := range []struct {
			file *os.File
			into *strings.Builder
		}{{logs, &l.logs}, {errs, &l.errs}} {
			f.file.Close()
			data, err := os.ReadFile(f.file.Name())
			if err != nil {
				l.tb.Error(err)
			}
			f.into.Write(data)
			os.Remove(f.file.Name())
		}
	}
}

// text returns everything logged so far: logs, then errors.
func (l *logCapture) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.logs.String() + l.errs.String()
}

// errorsText returns what was written through Context.Error.
func (l *logCapture) errorsText() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.errs.String()
}

// newTestContext returns a runtime context that logs to logger.
func newTestContext(logger openruntimes.Logger) openruntimes.Context {
	return openruntimes.NewContext(logger)
}

// newLimiterClock gives the function's limiter a manual clock (and a new
// memory store), for tests that move time past its windows.
func newLimiterClock(env *testEnv) *appwritetest.Clock {
	clock := appwritetest.NewClock(time.Now())
	p := env.app.settings.rateLimit
	env.app.limiter = ratelimit.NewLimiter(ratelimit.NewMemoryStore(p.MaxKeys), p, clock.Now)
	return clock
}

// functionScopes are the API key scopes appwrite.json gives the function.
func functionScopes(t testing.TB) []string {
	t.Helper()
	raw, err := os.ReadFile("../../appwrite.json")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Functions []struct {
			Scopes []string `json:"scopes"`
		} `json:"functions"`
	}
	if err := json.Unmarshal(raw, &cfg); err != nil || len(cfg.Functions) != 1 {
		t.Fatalf("appwrite.json: %v", err)
	}
	return cfg.Functions[0].Scopes
}

// projectSettings are the emulator options of appwrite.json's settings.
func projectSettings(tb testing.TB) []appwritetest.Option {
	tb.Helper()
	raw, err := os.ReadFile("../../appwrite.json")
	if err != nil {
		tb.Fatal(err)
	}
	s, err := appwritetest.ReadProjectSettings(raw)
	if err != nil {
		tb.Fatalf("appwrite.json: %v", err)
	}
	opts, err := s.Options()
	if err != nil {
		tb.Fatalf("appwrite.json: %v", err)
	}
	return opts
}

// at gives a browser a client address, as Appwrite reports it.
func at(b *browser, ip string) *browser {
	b.extras["x-appwrite-client-ip"] = ip
	return b
}

// adminUsers is Appwrite's Users API with the test project's key.
func adminUsers(env *testEnv) *users.Users {
	return appwrite.NewUsers(appwrite.NewClient(appwrite.WithEndpoint(env.server.Endpoint),
		appwrite.WithProject(env.server.ProjectID), appwrite.WithKey(env.server.APIKey)))
}

// emailCodeSignIn signs b in by e-mail code as email, returning the
// answer of POST /otp/verify.
func emailCodeSignIn(t *testing.T, b *browser, email string) *result {
	t.Helper()
	userID := requestCode(t, b, email)
	msg, ok := b.env.emu.LastMessage(email, appwritetest.MessageEmailOTP)
	if !ok {
		t.Fatalf("no code e-mailed to %s", email)
	}
	return b.do("POST", "/otp/verify", `{"userId":"`+userID+`","code":"`+msg.Code+`"}`)
}

// signInByCode signs a new browser in with an e-mail code (making a
// passwordless account for a new address) and returns it with the user's
// ID.
func signInByCode(t *testing.T, env *testEnv, email string) (*browser, string) {
	t.Helper()
	b := env.browser()
	r := emailCodeSignIn(t, b, email)
	var user struct {
		ID string `json:"$id"`
	}
	r.decode(t, &user)
	if r.Status != http.StatusOK {
		t.Fatalf("POST /otp/verify: %d %s", r.Status, r.Body)
	}
	return b, user.ID
}

// requestCode asks for an e-mail code for email and returns the user ID.
func requestCode(t *testing.T, b *browser, email string) string {
	t.Helper()
	r := b.do("POST", "/otp", `{"email":"`+email+`"}`)
	var started struct {
		UserID string `json:"userId"`
	}
	r.decode(t, &started)
	if r.Status != 200 {
		t.Fatalf("POST /otp: %d %s", r.Status, r.Body)
	}
	return started.UserID
}

// runtimeMain serves ctx as the deployed function does: the root
// package's Main passes each execution to Handle.
func runtimeMain(ctx openruntimes.Context) openruntimes.Response {
	return Handle(&ctx)
}

// withVars returns a copy of vars with more variables, given as name,
// value pairs.
func withVars(vars map[string]string, more ...string) map[string]string {
	out := make(map[string]string, len(vars)+len(more)/2)
	for k, v := range vars {
		out[k] = v
	}
	for i := 0; i+1 < len(more); i += 2 {
		out[more[i]] = more[i+1]
	}
	return out
}
