package server

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"openruntimes/handler/appwritetest"
)

func TestSignUpThenMe(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	b := env.browser()
	user := b.signUp("Ada@Example.com", "correct horse battery")
	if user["email"] != "ada@example.com" || user["name"] != "Test User" || user["$id"] == "" {
		t.Fatalf("sign-up user = %v", user)
	}
	for _, leaked := range []string{"password", "hash", "hashOptions", "targets", "secret"} {
		if _, ok := user[leaked]; ok {
			t.Errorf("sign-up user has %q", leaked)
		}
	}
	if b.name != "a_session_"+strings.ToLower(env.server.ProjectID) || b.value == "" {
		t.Fatalf("cookie %s=%s, want the session cookie set", b.name, b.value)
	}

	r := b.do("GET", "/me", "")
	if r.Status != http.StatusOK {
		t.Fatalf("GET /me: %d %s", r.Status, r.Body)
	}
	var me map[string]any
	r.decode(t, &me)
	if me["$id"] != user["$id"] || me["email"] != "ada@example.com" {
		t.Errorf("GET /me = %v, want the new user", me)
	}
	if prefs, ok := me["prefs"].(map[string]any); !ok || len(prefs) != 0 {
		t.Errorf("prefs = %#v, want {}", me["prefs"])
	}
	if r.Headers["cache-control"] != "no-store" {
		t.Errorf("GET /me cache-control = %q, want no-store", r.Headers["cache-control"])
	}
}

func TestSignUpCookieAttributes(t *testing.T) {
	t.Parallel()
	clock := appwritetest.NewClock(time.Date(2030, 5, 6, 7, 8, 9, 0, time.UTC))
	env := newTestEnv(t, map[string]string{"SESSION_COOKIE_DOMAIN": "example.com"},
		appwritetest.WithClock(clock.Now), appwritetest.WithSessionDuration(48*time.Hour))
	r := env.completeSignUp(nil, `{"email":"c@example.com","password":"correct horse battery"}`)
	if r.Status != http.StatusCreated {
		t.Fatalf("sign-up: %d %s", r.Status, r.Body)
	}
	c := r.cookie(t)
	if c == nil {
		t.Fatal("no set-cookie")
	}
	if !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Domain != "example.com" {
		t.Errorf("set-cookie %q: want HttpOnly, Secure, SameSite=Lax, Path=/, Domain=example.com", r.Headers["set-cookie"])
	}
	if want := clock.Now().Add(48 * time.Hour); !c.Expires.Equal(want) {
		t.Errorf("Expires = %v, want the session's expiry %v", c.Expires, want)
	}
	if _, err := base64.StdEncoding.DecodeString(c.Value); err != nil {
		t.Errorf("cookie value %q is not the base64 session secret", c.Value)
	}
	if r.Headers["cache-control"] != "no-store" || r.Headers["pragma"] != "no-cache" {
		t.Errorf("cache headers = %q, %q; want no-store, no-cache", r.Headers["cache-control"], r.Headers["pragma"])
	}
}

func TestSignUpErrors(t *testing.T) {
	t.Parallel()
	// The 409 of a taken address is instant sign-up's; verified sign-up
	// answers it as any other (TestVerifiedSignUpTellsNothing).
	env := newTestEnv(t, map[string]string{"SIGNUP_VERIFICATION": "off"})
	if _, err := env.emu.CreateUser("taken@example.com", "correct horse battery", ""); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		contentType string
		body        string
		status      int
		typ         string
		mention     string
	}{
		{"taken e-mail", "", `{"email":"taken@example.com","password":"another password"}`, 409, "user_already_exists", ""},
		{"taken e-mail in other case", "", `{"email":" TAKEN@example.com ","password":"another password"}`, 409, "user_already_exists", ""},
		{"no body", "", ``, 400, "general_argument_invalid", "email"},
		{"no password", "", `{"email":"a@example.com"}`, 400, "general_argument_invalid", "password"},
		{"bad e-mail", "", `{"email":"not-an-email","password":"correct horse"}`, 400, "general_argument_invalid", "email"},
		{"short password", "", `{"email":"a@example.com","password":"short"}`, 400, "general_argument_invalid", "password"},
		{"e-mail not a string", "", `{"email":42,"password":"correct horse"}`, 400, "general_argument_invalid", "email"},
		{"name not a string", "", `{"email":"a@example.com","password":"correct horse","name":["x"]}`, 400, "general_argument_invalid", "name"},
		{"unknown field", "", `{"email":"a@example.com","password":"correct horse","admin":true}`, 400, "general_argument_invalid", "admin"},
		{"malformed JSON", "", `{"email":`, 400, "general_argument_invalid", "JSON"},
		{"array body", "", `[1,2]`, 400, "general_argument_invalid", "object"},
		{"two objects", "", `{"email":"a@example.com"} {}`, 400, "general_argument_invalid", "one"},
		{"text/plain", "text/plain", `{"email":"a@example.com","password":"correct horse"}`, 415, "request_content_type_unsupported", ""},
		{"form post", "application/x-www-form-urlencoded", `email=a@example.com&password=correct+horse`, 415, "request_content_type_unsupported", ""},
		{"no content type", "-", `{"email":"a@example.com","password":"correct horse"}`, 415, "request_content_type_unsupported", ""},
		{"latin-1 charset", "application/json; charset=iso-8859-1", `{}`, 415, "request_content_type_unsupported", ""},
		{"oversized", "", `{"email":"a@example.com","password":"` + strings.Repeat("x", 70<<10) + `"}`, 413, "request_body_too_large", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := map[string]string{"content-type": "application/json"}
			switch tt.contentType {
			case "-":
				h["content-type"] = ""
			case "":
			default:
				h["content-type"] = tt.contentType
			}
			r := env.call("POST", "/signup", h, tt.body)
			e := r.wantError(t, tt.status, tt.typ)
			if !strings.Contains(e.Message, tt.mention) {
				t.Errorf("message %q does not mention %q", e.Message, tt.mention)
			}
			if r.cookie(t) != nil {
				t.Errorf("a failed sign-up set a cookie: %q", r.Headers["set-cookie"])
			}
		})
	}
	r := env.call("POST", "/signup", map[string]string{"content-type": "application/json; charset=UTF-8"},
		`{"email":"charset@example.com","password":"correct horse"}`)
	if r.Status != http.StatusCreated {
		t.Errorf("application/json; charset=UTF-8: %d %s, want 201", r.Status, r.Body)
	}
}

func TestSignIn(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	id, err := env.emu.CreateUser("grace@example.com", "correct horse battery", "Grace")
	if err != nil {
		t.Fatal(err)
	}
	b := env.browser()
	r := b.do("POST", "/login", `{"email":"GRACE@example.com","password":"correct horse battery"}`)
	if r.Status != http.StatusOK {
		t.Fatalf("login: %d %s", r.Status, r.Body)
	}
	var user map[string]any
	r.decode(t, &user)
	if user["$id"] != id || user["name"] != "Grace" {
		t.Errorf("login user = %v", user)
	}
	if b.value == "" {
		t.Fatal("login set no cookie")
	}
	if r := b.do("GET", "/me", ""); r.Status != http.StatusOK {
		t.Errorf("GET /me after login: %d %s", r.Status, r.Body)
	}
	// A second sign-in from a browser that is already signed in works:
	// the function's clients carry no cookie of Appwrite's own.
	if r := b.do("POST", "/login", `{"email":"grace@example.com","password":"correct horse battery"}`); r.Status != http.StatusOK {
		t.Errorf("second login: %d %s", r.Status, r.Body)
	}
}

func TestSignInSameAnswerForUnknownEmailAndWrongPassword(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	if _, err := env.emu.CreateUser("known@example.com", "correct horse battery", ""); err != nil {
		t.Fatal(err)
	}
	wrong := env.call("POST", "/login", nil, `{"email":"known@example.com","password":"wrong password"}`)
	unknown := env.call("POST", "/login", nil, `{"email":"nobody@example.com","password":"wrong password"}`)
	wrong.wantError(t, http.StatusUnauthorized, "user_invalid_credentials")
	unknown.wantError(t, http.StatusUnauthorized, "user_invalid_credentials")
	if string(wrong.Body) != string(unknown.Body) {
		t.Errorf("wrong password %s and unknown e-mail %s differ", wrong.Body, unknown.Body)
	}
	if wrong.cookie(t) != nil || unknown.cookie(t) != nil {
		t.Error("a failed login set a cookie")
	}
}

func TestSignInErrors(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	tests := []struct {
		name, body string
		status     int
		typ        string
	}{
		{"missing e-mail", `{"password":"correct horse"}`, 400, "general_argument_invalid"},
		{"missing password", `{"email":"a@example.com"}`, 400, "general_argument_invalid"},
		{"password not a string", `{"email":"a@example.com","password":12345678}`, 400, "general_argument_invalid"},
		{"name not accepted", `{"email":"a@example.com","password":"correct horse","name":"x"}`, 400, "general_argument_invalid"},
		{"null e-mail", `{"email":null,"password":"correct horse"}`, 400, "general_argument_invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env.call("POST", "/login", nil, tt.body).wantError(t, tt.status, tt.typ)
		})
	}
}

func TestSignOut(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	b := env.browser()
	user := b.signUp("out@example.com", "correct horse battery")
	id := user["$id"].(string)
	if n := env.emu.SessionCount(id); n != 1 {
		t.Fatalf("sessions after sign-up = %d, want 1", n)
	}
	old := b.value

	r := b.do("POST", "/logout", "")
	if r.Status != http.StatusNoContent || len(r.Body) != 0 {
		t.Fatalf("logout: %d %s, want 204 with no body", r.Status, r.Body)
	}
	r.wantCleared(t)
	if n := env.emu.SessionCount(id); n != 0 {
		t.Errorf("sessions after logout = %d, want 0 (deleted in Appwrite, not only in the browser)", n)
	}
	// The old cookie, replayed, is worthless.
	replay := env.call("GET", "/me", map[string]string{"cookie": b.name + "=" + old}, "")
	replay.wantError(t, http.StatusUnauthorized, "user_unauthorized")
}

func TestSignOutWithoutValidSession(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	name := "a_session_" + strings.ToLower(env.server.ProjectID)
	stale := base64.StdEncoding.EncodeToString([]byte(`{"id":"ghost","secret":"` + strings.Repeat("ab", 128) + `"}`))
	for _, cookie := range []string{"", name + "=garbage", name + "=" + stale} {
		r := env.call("POST", "/logout", map[string]string{"cookie": cookie}, "")
		if r.Status != http.StatusNoContent {
			t.Errorf("logout with cookie %q: %d %s, want 204", cookie, r.Status, r.Body)
		}
		r.wantCleared(t)
	}
}

func TestSignOutOnlyEndsItsOwnSession(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	first := env.browser()
	user := first.signUp("two@example.com", "correct horse battery")
	second := env.browser()
	if r := second.do("POST", "/login", `{"email":"two@example.com","password":"correct horse battery"}`); r.Status != 200 {
		t.Fatalf("login: %d %s", r.Status, r.Body)
	}
	first.do("POST", "/logout", "")
	if n := env.emu.SessionCount(user["$id"].(string)); n != 1 {
		t.Errorf("sessions = %d, want 1 left", n)
	}
	if r := second.do("GET", "/me", ""); r.Status != http.StatusOK {
		t.Errorf("the other browser was signed out too: %d %s", r.Status, r.Body)
	}
}

func TestMe(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	name := "a_session_" + strings.ToLower(env.server.ProjectID)
	stale := base64.StdEncoding.EncodeToString([]byte(`{"id":"ghost","secret":"` + strings.Repeat("ab", 128) + `"}`))
	tests := []struct {
		name    string
		cookie  string
		cleared bool
	}{
		{"no cookie", "", false},
		{"other cookies only", "theme=dark", false},
		{"garbage", name + "=%%%garbage", false},
		{"well-formed but unknown", name + "=" + stale, true},
		{"truncated", name + "=" + stale[:40], false},
		{"10 KB cookie", name + "=" + strings.Repeat("A", 10<<10), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := env.call("GET", "/me", map[string]string{"cookie": tt.cookie}, "")
			r.wantError(t, http.StatusUnauthorized, "user_unauthorized")
			if tt.cleared {
				r.wantCleared(t)
			} else if c := r.cookie(t); c != nil {
				t.Errorf("set-cookie %q, want none", r.Headers["set-cookie"])
			}
		})
	}
}

func TestMeAfterSessionExpires(t *testing.T) {
	t.Parallel()
	clock := appwritetest.NewClock(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	env := newTestEnv(t, nil, appwritetest.WithClock(clock.Now), appwritetest.WithSessionDuration(time.Hour))
	b := env.browser()
	b.signUp("exp@example.com", "correct horse battery")
	clock.Advance(2 * time.Hour)
	r := b.do("GET", "/me", "")
	r.wantError(t, http.StatusUnauthorized, "user_unauthorized")
	r.wantCleared(t)
}

func TestRouting(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	tests := []struct {
		method, path string
		status       int
		typ, allow   string
	}{
		{"GET", "/nope", 404, "route_not_found", ""},
		{"GET", "/me/", 404, "route_not_found", ""},
		{"POST", "/", 405, "method_not_allowed", "GET, HEAD"},
		{"GET", "/login", 405, "method_not_allowed", "POST"},
		{"PUT", "/me", 405, "method_not_allowed", "DELETE, GET, HEAD, PATCH"},
		{"PUT", "/signup", 405, "method_not_allowed", "POST"},
	}
	for _, tt := range tests {
		r := env.call(tt.method, tt.path, nil, "")
		r.wantError(t, tt.status, tt.typ)
		if r.Headers["allow"] != tt.allow {
			t.Errorf("%s %s: allow = %q, want %q", tt.method, tt.path, r.Headers["allow"], tt.allow)
		}
	}
}

func TestMisconfigured(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		vars    map[string]string
		mention []string
	}{
		{"no endpoint, no project", map[string]string{"APPWRITE_FUNCTION_API_ENDPOINT": "", "APPWRITE_FUNCTION_PROJECT_ID": ""},
			[]string{"APPWRITE_FUNCTION_API_ENDPOINT", "APPWRITE_FUNCTION_PROJECT_ID"}},
		{"no key", map[string]string{"APPWRITE_API_KEY": ""}, []string{"APPWRITE_API_KEY"}},
		{"bad cookie settings", map[string]string{"SESSION_COOKIE_SAMESITE": "None", "SESSION_COOKIE_SECURE": "false", "UPSTREAM_TIMEOUT": "x"},
			[]string{"SESSION_COOKIE_SECURE", "UPSTREAM_TIMEOUT"}},
		{"key Appwrite refuses", map[string]string{"APPWRITE_API_KEY": "standard_wrong"}, []string{"APPWRITE_API_KEY"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, tt.vars)
			r := env.call("POST", "/login", nil, `{"email":"a@example.com","password":"correct horse"}`)
			e := r.wantError(t, http.StatusInternalServerError, "function_misconfigured")
			logged := env.logs.errorsText()
			for _, v := range tt.mention {
				if !strings.Contains(e.Message, v) {
					t.Errorf("message %q does not name %s", e.Message, v)
				}
				if !strings.Contains(logged, v) {
					t.Errorf("Context.Error output %q does not name %s", logged, v)
				}
			}
			if strings.Contains(string(r.Body), "standard_wrong") || strings.Contains(logged, "standard_wrong") {
				t.Error("the API key appears in the response or the log")
			}
		})
	}
}

func TestDynamicKeyHeaderIsUsed(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, map[string]string{"APPWRITE_API_KEY": ""})
	r := env.completeSignUp(map[string]string{"x-appwrite-key": env.server.APIKey},
		`{"email":"dyn@example.com","password":"correct horse battery"}`)
	if r.Status != http.StatusCreated {
		t.Fatalf("sign-up with the x-appwrite-key header only: %d %s", r.Status, r.Body)
	}
}

func TestHealth(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	r := env.call("GET", "/health", nil, "")
	var h struct {
		Status   string `json:"status"`
		Version  string `json:"version"`
		Appwrite struct {
			Reachable bool   `json:"reachable"`
			Version   string `json:"version"`
		} `json:"appwrite"`
	}
	r.decode(t, &h)
	if r.Status != 200 || h.Status != "ok" || !h.Appwrite.Reachable || h.Appwrite.Version != env.emu.AppVersion() || h.Version != Version {
		t.Errorf("GET /health = %d %s", r.Status, r.Body)
	}

	down := newTestEnv(t, map[string]string{"APPWRITE_FUNCTION_API_ENDPOINT": "http://127.0.0.1:1/v1"})
	r = down.call("GET", "/health", nil, "")
	r.decode(t, &h)
	if r.Status != http.StatusServiceUnavailable || h.Status != "degraded" || h.Appwrite.Reachable {
		t.Errorf("GET /health with Appwrite down = %d %s, want 503 degraded", r.Status, r.Body)
	}
}

func TestUpstreamUnreachable(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, map[string]string{"APPWRITE_FUNCTION_API_ENDPOINT": "http://127.0.0.1:1/v1"})
	r := env.call("POST", "/login", nil, `{"email":"a@example.com","password":"correct horse"}`)
	r.wantError(t, http.StatusBadGateway, "upstream_unavailable")
	if r.cookie(t) != nil {
		t.Error("an upstream failure set a cookie")
	}
}

// TestLogLine checks the one structured line each request logs, and that
// no secret of the exchange appears in it.
func TestLogLine(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	b := env.browser()
	user := b.signUp("log@example.com", "correct horse battery")
	b.do("GET", "/me", "")
	lines := strings.Split(strings.TrimSpace(env.logs.text()), "\n")
	if len(lines) != 3 { // POST /signup, POST /signup/verify, GET /me
		t.Fatalf("log = %q, want one line per request", lines)
	}
	code, _ := env.emu.LastMessage("log@example.com", appwritetest.MessageEmailOTP)
	var line struct {
		Method, Route, RequestID, User string
		Status                         int
		MS                             *float64 `json:"ms"`
	}
	if err := json.Unmarshal([]byte(lines[2]), &line); err != nil {
		t.Fatalf("log line %q is not JSON: %v", lines[2], err)
	}
	if line.Method != "GET" || line.Route != "/me" || line.Status != 200 || line.RequestID == "" || line.MS == nil {
		t.Errorf("log line = %s", lines[2])
	}
	if line.User == "" || line.User == user["$id"] {
		t.Errorf("log user = %q, want a hash of the user ID, not the ID", line.User)
	}
	for _, secret := range []string{b.value, "correct horse battery", env.server.APIKey, `"` + code.Code + `"`} {
		if strings.Contains(env.logs.text(), secret) {
			t.Errorf("log holds a secret %q", secret)
		}
	}
}

func TestRequestID(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	r := env.call("GET", "/nope", map[string]string{"x-appwrite-execution-id": "exec_123"}, "")
	if r.Headers["x-request-id"] != "exec_123" {
		t.Errorf("x-request-id = %q, want Appwrite's execution ID", r.Headers["x-request-id"])
	}
	r = env.call("GET", "/nope", map[string]string{"x-appwrite-execution-id": "bad\r\nid"}, "")
	if id := r.Headers["x-request-id"]; id == "" || strings.ContainsAny(id, "\r\n") {
		t.Errorf("x-request-id = %q, want a fresh ID instead of a forged one", id)
	}
}

// TestConcurrentUsers signs many users in at once and has each call /me
// many times in parallel: every answer must be that user's own.
func TestConcurrentUsers(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	const users, calls = 24, 10
	var wg sync.WaitGroup
	errs := make(chan error, users*calls)
	for i := 0; i < users; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			email := fmt.Sprintf("user%d@example.com", i)
			r := env.completeSignUp(nil, `{"email":"`+email+`","password":"correct horse battery"}`)
			if r.Status != http.StatusCreated {
				errs <- fmt.Errorf("sign-up %s: %d %s", email, r.Status, r.Body)
				return
			}
			c, err := http.ParseSetCookie(r.Headers["set-cookie"])
			if err != nil {
				errs <- err
				return
			}
			var inner sync.WaitGroup
			for j := 0; j < calls; j++ {
				inner.Add(1)
				go func() {
					defer inner.Done()
					r := env.call("GET", "/me", map[string]string{"cookie": c.Name + "=" + c.Value}, "")
					var me struct {
						Email string `json:"email"`
					}
					if err := json.Unmarshal(r.Body, &me); err != nil || r.Status != 200 || me.Email != email {
						errs <- fmt.Errorf("user %s got %d %s", email, r.Status, r.Body)
					}
				}()
			}
			inner.Wait()
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestSignInOverSessionEndsIt checks that a browser's earlier session is
// ended in Appwrite when a sign-in replaces it, whoever's it was, and
// that a cookie already worthless changes nothing.
func TestSignInOverSessionEndsIt(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	const password = "correct horse battery"
	b := env.browser()
	alice := b.signUp("alice@example.com", password)["$id"].(string)
	aliceCookie := b.value

	// Another account, in the same browser.
	bob := b.signUp("bob@example.com", password)["$id"].(string)
	if n := env.emu.SessionCount(alice); n != 0 {
		t.Errorf("alice has %d sessions after bob signed up over hers, want 0", n)
	}
	replay := env.call("GET", "/me", map[string]string{"cookie": b.name + "=" + aliceCookie}, "")
	replay.wantError(t, http.StatusUnauthorized, "user_unauthorized")

	// The same account again: the session is renewed, not added to.
	for i := 0; i < 3; i++ {
		if r := b.do("POST", "/login", `{"email":"bob@example.com","password":"`+password+`"}`); r.Status != http.StatusOK {
			t.Fatalf("login: %d %s", r.Status, r.Body)
		}
	}
	if n := env.emu.SessionCount(bob); n != 1 {
		t.Errorf("bob has %d sessions after signing in three times in one browser, want 1", n)
	}

	// A magic link (a token exchanged in a callback) replaces it too.
	// Alice's address is verified, or the link would take her account back
	// (TestPreHijackedAccount).
	if err := env.emu.SetEmailVerified(alice, true); err != nil {
		t.Fatal(err)
	}
	link := magicLink(t, b, "alice@example.com")
	b.do("GET", pathAndQuery(link), "").location(t, http.StatusSeeOther)
	if n := env.emu.SessionCount(bob); n != 0 {
		t.Errorf("bob has %d sessions after alice's magic link in this browser, want 0", n)
	}
	if me := b.do("GET", "/me", ""); me.Status != http.StatusOK || !strings.Contains(string(me.Body), "alice@example.com") {
		t.Errorf("GET /me after the magic link: %d %s", me.Status, me.Body)
	}

	// Another browser's session is not this browser's to end.
	other := env.browser()
	if r := other.do("POST", "/login", `{"email":"alice@example.com","password":"`+password+`"}`); r.Status != http.StatusOK {
		t.Fatalf("login elsewhere: %d %s", r.Status, r.Body)
	}
	if n := env.emu.SessionCount(alice); n != 2 {
		t.Errorf("alice has %d sessions in two browsers, want 2", n)
	}

	// A cookie that no longer works: the sign-in goes ahead, nothing noted.
	stale := env.browser()
	stale.cookies[b.name] = &http.Cookie{Name: b.name, Value: aliceCookie, Path: "/"}
	if r := stale.do("POST", "/login", `{"email":"bob@example.com","password":"`+password+`"}`); r.Status != http.StatusOK {
		t.Fatalf("login over a dead session: %d %s", r.Status, r.Body)
	}
	if logs := env.logs.text(); strings.Contains(logs, "replaced session") {
		t.Errorf("the log notes a problem ending a session:\n%s", logs)
	}
}
