package appwritetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/appwrite/sdk-for-go/appwrite"
)

// TestErrorTypesInSpec checks every error type the emulator can emit
// against Appwrite's published error tables: it must exist, with the same
// HTTP status and default message, in the table of every version that
// can send it, and in no other. (1.9.x's table is errors-1.8.x.json with
// 1.9.6's differing rows over it; see errorRows19.)
func TestErrorTypesInSpec(t *testing.T) {
	t.Parallel()
	loadSpec(t) // skips or fails like the other spec checks
	for _, version := range []string{ServerCloud19x, ServerBranch18x, ServerRelease181} {
		table := loadErrorTable(t, version)
		for typ := range errorTypes {
			row, ok := table[typ]
			code, msg := versionError(version, typ)
			only := errorTypeVersions[typ]
			switch {
			case len(only) > 0 && !slices.Contains(only, version):
				if ok {
					t.Errorf("%s: marked as %v's only, but %s's table has it", typ, only, version)
				}
			case !ok:
				t.Errorf("%s: not in %s's table", typ, version)
			case row.Code != code:
				t.Errorf("%s: emulator status %d, Appwrite %s %d", typ, code, version, row.Code)
			case row.Description != msg:
				t.Errorf("%s: default message %q, Appwrite %s %q", typ, msg, version, row.Description)
			}
		}
	}
	for typ, msg := range releaseMessages {
		if errorTypes[typ].message == msg {
			t.Errorf("releaseMessages[%s] is the branch's message too", typ)
		}
	}
	for typ, row := range line19Rows {
		if errorTypes[typ] == row {
			t.Errorf("line19Rows[%s] is the branch's row too", typ)
		}
	}
	for typ := range errorTypeVersions {
		if _, ok := errorTypes[typ]; !ok {
			t.Errorf("errorTypeVersions names %s, which errorTypes lacks", typ)
		}
	}
	if got := errorf("no_such_type", "x"); got.typ != "general_unknown" {
		t.Errorf("an unknown type became %q, want general_unknown", got.typ)
	}
}

// versionError is the status and default message the emulator sends for
// typ as version.
func versionError(version, typ string) (int, string) {
	e := New(WithServerVersion(version))
	err := newError(typ)
	if typ == "user_blocked" {
		err = e.blockedError()
	}
	err = e.forVersion(err)
	return err.status(), err.message
}

// TestExpiryByClock checks that sessions, tokens and JWTs expire when the
// clock passes their expiry, and are valid up to it.
func TestExpiryByClock(t *testing.T) {
	t.Parallel()
	start := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	newEmu := func(t *testing.T) (*Emulator, *Clock) {
		clock := NewClock(start)
		return New(WithClock(clock.Now), WithSessionDuration(time.Hour)), clock
	}

	t.Run("session", func(t *testing.T) {
		t.Parallel()
		e, clock := newEmu(t)
		seedUser(t, e, "exp@example.com")
		secret, r := login(t, e, "exp@example.com", testPassword)
		var s struct{ Expire string }
		r.decode(t, &s)
		if s.Expire != "2025-03-01T13:00:00.000+00:00" {
			t.Errorf("expire = %s", s.Expire)
		}
		clock.Advance(time.Hour)
		if r := getAccount(t, e, map[string]string{"X-Appwrite-Session": secret}); r.status != 200 {
			t.Errorf("at expiry: %d %s", r.status, r.body)
		}
		clock.Advance(time.Millisecond)
		if r := getAccount(t, e, map[string]string{"X-Appwrite-Session": secret}); r.errType() != "general_unauthorized_scope" {
			t.Errorf("after expiry: %d %s", r.status, r.body)
		}
		// An expired session stays listed until deleted.
		if n := e.SessionCount(mustUserID(t, e, "exp@example.com")); n != 1 {
			t.Errorf("SessionCount = %d, want 1", n)
		}
	})

	tokens := []struct {
		name     string
		lifetime time.Duration
		issue    func(t *testing.T, e *Emulator, email string) (userID, secret string)
	}{
		{"magic URL", time.Hour, func(t *testing.T, e *Emulator, email string) (string, string) {
			return issue(t, e, "/v1/account/tokens/magic-url", `{"userId":"unique()","email":"`+email+`"}`)
		}},
		{"e-mail OTP", 15 * time.Minute, func(t *testing.T, e *Emulator, email string) (string, string) {
			return issue(t, e, "/v1/account/tokens/email", `{"userId":"unique()","email":"`+email+`"}`)
		}},
		{"users token", 90 * time.Second, func(t *testing.T, e *Emulator, email string) (string, string) {
			id := seedUser(t, e, email)
			return issue(t, e, "/v1/users/"+id+"/tokens", `{"expire":90}`)
		}},
	}
	for _, tc := range tokens {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, late := range []bool{false, true} {
				e, clock := newEmu(t)
				userID, secret := tc.issue(t, e, "tok@example.com")
				clock.Advance(tc.lifetime)
				if late {
					clock.Advance(time.Millisecond)
				}
				r := rawCall{method: "POST", url: "/v1/account/sessions/token",
					body: `{"userId":"` + userID + `","secret":"` + secret + `"}`}.do(t, e)
				if late && r.errType() != "user_invalid_token" || !late && r.status != 201 {
					t.Errorf("late=%v: %d %s", late, r.status, r.body)
				}
			}
		})
	}

	t.Run("recovery", func(t *testing.T) {
		t.Parallel()
		e, clock := newEmu(t)
		id := seedUser(t, e, "rec@example.com")
		_, secret := issue(t, e, "/v1/account/recovery", `{"email":"rec@example.com","url":"http://localhost/r"}`)
		clock.Advance(time.Hour + time.Millisecond)
		r := rawCall{method: "PUT", url: "/v1/account/recovery",
			body: `{"userId":"` + id + `","secret":"` + secret + `","password":"new-password-1"}`}.do(t, e)
		if r.errType() != "user_invalid_token" {
			t.Errorf("expired recovery: %d %s", r.status, r.body)
		}
	})

	t.Run("JWT", func(t *testing.T) {
		t.Parallel()
		e, clock := newEmu(t)
		seedUser(t, e, "jwt@example.com")
		secret, _ := login(t, e, "jwt@example.com", testPassword)
		r := rawCall{method: "POST", url: "/v1/account/jwts", header: map[string]string{"X-Appwrite-Session": secret}, body: `{"duration":60}`}.do(t, e)
		var j struct{ JWT string }
		r.decode(t, &j)
		clock.Advance(59 * time.Second)
		if r := getAccount(t, e, map[string]string{"X-Appwrite-JWT": j.JWT}); r.status != 200 {
			t.Errorf("JWT before expiry: %d %s", r.status, r.body)
		}
		clock.Advance(time.Second)
		r = getAccount(t, e, map[string]string{"X-Appwrite-JWT": j.JWT})
		var body struct{ Message, Type string }
		r.decode(t, &body)
		if body.Type != "user_jwt_invalid" || body.Message != "Failed to verify JWT. Invalid token: Expired" {
			t.Errorf("expired JWT: %d %s", r.status, r.body)
		}
	})
}

// issue calls a token-issuing route with e's key and returns the token's
// user ID and secret.
func issue(t *testing.T, e *Emulator, path, body string) (userID, secret string) {
	t.Helper()
	r := rawCall{method: "POST", url: path, header: map[string]string{"X-Appwrite-Key": e.APIKey()}, body: body}.do(t, e)
	if r.status != 201 {
		t.Fatalf("POST %s: %d %s", path, r.status, r.body)
	}
	var tok struct{ UserID, Secret string }
	r.decode(t, &tok)
	return tok.UserID, tok.Secret
}

// mustUserID finds a user's ID by e-mail address.
func mustUserID(t *testing.T, e *Emulator, email string) string {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	u := e.userByEmail(email)
	if u == nil {
		t.Fatalf("no user %s", email)
	}
	return u.id
}

// TestMaxSessions checks that a login beyond the limit drops the oldest
// session.
func TestMaxSessions(t *testing.T) {
	t.Parallel()
	e := New(WithMaxSessions(2))
	id := seedUser(t, e, "max@example.com")
	var secrets []string
	for range 3 {
		s, _ := login(t, e, "max@example.com", testPassword)
		secrets = append(secrets, s)
	}
	if n := e.SessionCount(id); n != 2 {
		t.Errorf("SessionCount = %d, want 2", n)
	}
	for i, s := range secrets {
		r := getAccount(t, e, map[string]string{"X-Appwrite-Session": s})
		if want := i > 0; (r.status == 200) != want {
			t.Errorf("session #%d: %d, want valid=%v", i, r.status, want)
		}
	}
}

// TestRateLimits checks the e-mail login limit (10 per hour per e-mail
// address) for guests: the X-RateLimit headers, the 429, the reset by a
// 201, the new window, and that API keys are never limited.
func TestRateLimits(t *testing.T) {
	t.Parallel()
	start := time.Date(2025, 3, 1, 12, 30, 0, 0, time.UTC)
	clock := NewClock(start)
	e := New(WithClock(clock.Now))
	seedUser(t, e, "rl@example.com")
	attempt := func(key bool, password string) rawResponse {
		hdr := map[string]string{}
		if key {
			hdr["X-Appwrite-Key"] = e.APIKey()
		}
		return rawCall{method: "POST", url: "/v1/account/sessions/email", header: hdr,
			body: `{"email":"rl@example.com","password":"` + password + `"}`}.do(t, e)
	}
	reset := strconv.FormatInt(time.Date(2025, 3, 1, 13, 0, 0, 0, time.UTC).Unix(), 10)
	for i := 0; i < 10; i++ {
		r := attempt(false, "wrong-password")
		if r.errType() != "user_invalid_credentials" || r.header.Get("X-RateLimit-Limit") != "10" ||
			r.header.Get("X-RateLimit-Remaining") != strconv.Itoa(9-i) || r.header.Get("X-RateLimit-Reset") != reset {
			t.Fatalf("attempt %d: %d %s %v", i, r.status, r.body, r.header)
		}
	}
	if r := attempt(false, testPassword); r.status != 429 || r.errType() != "general_rate_limit_exceeded" || r.header.Get("X-RateLimit-Remaining") != "0" {
		t.Fatalf("11th attempt: %d %s", r.status, r.body)
	}
	for i := 0; i < 3; i++ {
		if r := attempt(true, "wrong-password"); r.errType() != "user_invalid_credentials" || r.header.Get("X-RateLimit-Limit") != "10" {
			t.Errorf("key attempt %d: %d %s", i, r.status, r.body)
		}
	}
	clock.Advance(30 * time.Minute) // the next fixed window
	for i := 0; i < 9; i++ {
		attempt(false, "wrong-password")
	}
	if r := attempt(false, testPassword); r.status != 201 {
		t.Fatalf("10th attempt in the new window: %d %s", r.status, r.body)
	}
	// The 201 reset the counter.
	if r := attempt(false, "wrong-password"); r.header.Get("X-RateLimit-Remaining") != "9" {
		t.Errorf("after reset: remaining %s", r.header.Get("X-RateLimit-Remaining"))
	}

	off := New(WithRateLimits(false))
	seedUser(t, off, "rl@example.com")
	for i := 0; i < 12; i++ {
		r := rawCall{method: "POST", url: "/v1/account/sessions/email",
			body: `{"email":"rl@example.com","password":"wrong-password"}`}.do(t, off)
		if r.status == 429 {
			t.Fatalf("limits off: 429 on attempt %d", i)
		}
	}
}

// TestRedirectURLs checks the redirect validator on the emulated platform
// list.
func TestRedirectURLs(t *testing.T) {
	t.Parallel()
	e := New(WithProjectID("p1"), WithPlatformHosts("app.example.com", "*.example.org"))
	tests := []struct {
		url  string
		ok   bool
		desc string
	}{
		{"https://app.example.com/cb", true, ""},
		{"http://APP.example.com:8080/cb?x=1", true, ""},
		{"https://a.b.example.org/cb", true, ""},
		{"https://example.org/cb", false, "Invalid URI. Register your new client (example.org) as a new Web platform on your project console dashboard"},
		{"https://evil.example/cb", false, "Invalid URI. Register your new client (evil.example) as a new Web platform on your project console dashboard"},
		{"appwrite-callback-p1://done", true, ""},
		{"exp://127.0.0.1:19000", true, ""},
		{"appwrite-android://x", false, "Invalid URI. Register your new client (x) as a new Android platform on your project console dashboard"},
		{"", false, "Invalid URI."},
		{"/relative/path", false, "Invalid URI."},
	}
	for _, tc := range tests {
		ok, desc := redirectURL(e, tc.url)
		if ok != tc.ok || (!ok && desc != tc.desc) {
			t.Errorf("redirectURL(%q) = %v, %q; want %v, %q", tc.url, ok, desc, tc.ok, tc.desc)
		}
	}
}

// TestOriginCheck checks the 403 for unregistered Origins without a key.
func TestOriginCheck(t *testing.T) {
	t.Parallel()
	e := New(WithPlatformHosts("app.example.com"))
	tests := []struct {
		origin string
		key    bool
		status int
		msg    string
	}{
		{"https://app.example.com", false, 401, ""},
		{"https://evil.example", false, 403, "Invalid Origin. Register your new client (evil.example) as a new Web platform on your project console dashboard"},
		{"https://evil.example", true, 401, ""},
		{"weird-scheme://x", false, 403, "Invalid Scheme. The scheme used (weird-scheme) in the Origin (weird-scheme://x) is not supported. If you are using a custom scheme, please change it to `appwrite-callback-<PROJECT_ID>`"},
	}
	for _, tc := range tests {
		hdr := map[string]string{"Origin": tc.origin}
		if tc.key {
			hdr["X-Appwrite-Key"] = e.APIKey()
		}
		r := getAccount(t, e, hdr)
		var body struct{ Message, Type string }
		r.decode(t, &body)
		if r.status != tc.status || (tc.msg != "" && (body.Type != "general_unknown_origin" || body.Message != tc.msg)) {
			t.Errorf("Origin %s key=%v: %d %s", tc.origin, tc.key, r.status, r.body)
		}
	}
}

// TestKeys checks API-key resolution and scopes.
func TestKeys(t *testing.T) {
	t.Parallel()
	e := New(WithAPIKey("standard_full", "sessions.write", "users.read", "users.write"),
		WithAPIKey("standard_sessions", "sessions.write"))
	id := seedUser(t, e, "keys@example.com")
	secret, _ := login(t, e, "keys@example.com", testPassword)
	if e.APIKey() != "standard_full" {
		t.Errorf("APIKey() = %q, want the first key", e.APIKey())
	}
	tests := []struct {
		name   string
		call   rawCall
		status int
		typ    string
	}{
		{"first key reads users", rawCall{method: "GET", url: "/v1/users/" + id, header: map[string]string{"X-Appwrite-Key": "standard_full"}}, 200, ""},
		{"key without users.read", rawCall{method: "GET", url: "/v1/users/" + id, header: map[string]string{"X-Appwrite-Key": "standard_sessions"}}, 401, "general_unauthorized_scope"},
		{"unknown standard key", rawCall{method: "GET", url: "/v1/users/" + id, header: map[string]string{"X-Appwrite-Key": "standard_nope"}}, 401, "user_unauthorized"},
		{"unknown bare key", rawCall{method: "GET", url: "/v1/users/" + id, header: map[string]string{"X-Appwrite-Key": "nope"}}, 401, "user_unauthorized"},
		{"unknown key type is a guest", rawCall{method: "POST", url: "/v1/account/sessions/anonymous", header: map[string]string{"X-Appwrite-Key": "dynamic_nope"}, body: `{}`}, 201, ""},
		{"key without project header", rawCall{method: "GET", url: "/v1/users/" + id + "?project=" + e.ProjectID(), noProject: true, header: map[string]string{"X-Appwrite-Key": "standard_full"}}, 403, "project_id_missing"},
		{"key and session: key scopes", rawCall{method: "GET", url: "/v1/account", header: map[string]string{"X-Appwrite-Key": "standard_full", "X-Appwrite-Session": secret}}, 401, "general_unauthorized_scope"},
		{"key and session: already logged in", rawCall{method: "POST", url: "/v1/account/sessions/anonymous", header: map[string]string{"X-Appwrite-Key": "standard_full", "X-Appwrite-Session": secret}, body: `{}`}, 401, "user_session_already_exists"},
		{"session cannot read users", rawCall{method: "GET", url: "/v1/users/" + id, header: map[string]string{"X-Appwrite-Session": secret}}, 401, "general_unauthorized_scope"},
		{"key cannot verify e-mail", rawCall{method: "PUT", url: "/v1/account/verifications/email", header: map[string]string{"X-Appwrite-Key": "standard_full"}, body: `{"userId":"` + id + `","secret":"x"}`}, 401, "general_unauthorized_scope"},
	}
	for _, tc := range tests {
		r := tc.call.do(t, e)
		if r.status != tc.status || (tc.typ != "" && r.errType() != tc.typ) {
			t.Errorf("%s: %d %s, want %d %s", tc.name, r.status, r.body, tc.status, tc.typ)
		}
	}
	r := rawCall{method: "GET", url: "/v1/account", header: map[string]string{"X-Appwrite-Key": "standard_sessions"}}.do(t, e)
	var body struct{ Message string }
	r.decode(t, &body)
	if want := `app.test-project@service.localhost (role: applications) missing scopes (["account"])`; body.Message != want {
		t.Errorf("key scope message %q, want %q", body.Message, want)
	}
}

// TestRouting checks unknown routes and projects.
func TestRouting(t *testing.T) {
	t.Parallel()
	e := New()
	tests := []struct {
		name   string
		call   rawCall
		status int
		typ    string
	}{
		{"unknown route", rawCall{method: "GET", url: "/v1/account/nope"}, 404, "general_route_not_found"},
		{"wrong method", rawCall{method: "PUT", url: "/v1/account"}, 404, "general_route_not_found"},
		{"outside /v1", rawCall{method: "GET", url: "/console"}, 404, "general_route_not_found"},
		{"unknown project before unknown route", rawCall{method: "GET", url: "/v1/account/nope", header: map[string]string{"X-Appwrite-Project": "other"}}, 404, "project_not_found"},
		{"unknown project", rawCall{method: "GET", url: "/v1/account", header: map[string]string{"X-Appwrite-Project": "other"}}, 404, "project_not_found"},
		{"project param wins", rawCall{method: "GET", url: "/v1/account?project=other"}, 404, "project_not_found"},
		{"no project", rawCall{method: "GET", url: "/v1/account", noProject: true}, 404, "project_not_found"},
		{"no project, unknown route", rawCall{method: "GET", url: "/v1/nope", noProject: true}, 404, "general_route_not_found"},
		{"health without project", rawCall{method: "GET", url: "/v1/health/version", noProject: true}, 200, ""},
		{"health with key", rawCall{method: "GET", url: "/v1/health/version", header: map[string]string{"X-Appwrite-Key": e.APIKey()}}, 401, "general_unauthorized_scope"},
		{"alias /account/jwt", rawCall{method: "POST", url: "/v1/account/jwt", body: `{}`}, 401, "general_unauthorized_scope"},
		{"alias POST /account/sessions", rawCall{method: "POST", url: "/v1/account/sessions", body: `{"email":"a@b.co","password":"12345678"}`}, 401, "user_invalid_credentials"},
		{"missing param", rawCall{method: "POST", url: "/v1/account/sessions/email", body: `{"email":"a@b.co"}`}, 400, "general_argument_invalid"},
		{"form body", rawCall{method: "POST", url: "/v1/account/sessions/email", header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, body: "email=a%40b.co&password=12345678"}, 401, "user_invalid_credentials"},
	}
	for _, tc := range tests {
		r := tc.call.do(t, e)
		if r.status != tc.status || (tc.typ != "" && r.errType() != tc.typ) {
			t.Errorf("%s: %d %s, want %d %s", tc.name, r.status, r.body, tc.status, tc.typ)
		}
	}
	r := rawCall{method: "POST", url: "/v1/account/sessions/email", body: `{"email":"a@b.co"}`}.do(t, e)
	var body struct{ Message string }
	r.decode(t, &body)
	if body.Message != `Param "password" is not optional.` {
		t.Errorf("missing param message %q", body.Message)
	}
}

// TestOutboxEndpoint checks GET /__emulator/outbox and the Go accessors.
func TestOutboxEndpoint(t *testing.T) {
	t.Parallel()
	e := New()
	issue(t, e, "/v1/account/tokens/email", `{"userId":"unique()","email":"Box@Example.com"}`)
	issue(t, e, "/v1/account/tokens/magic-url", `{"userId":"unique()","email":"box@example.com","url":"http://localhost/cb"}`)
	r := rawCall{method: "GET", url: "/__emulator/outbox", noProject: true}.do(t, e)
	var list []Message
	r.decode(t, &list)
	if r.status != 200 || len(list) != 2 || list[0].Kind != MessageEmailOTP || list[1].Kind != MessageMagicURL || list[1].Link == "" {
		t.Errorf("outbox: %d %s", r.status, r.body)
	}
	if !strings.Contains(string(r.body), `"link":"`+list[1].Link+`"`) {
		t.Errorf("outbox: the link is escaped, so a copied one breaks: %s", r.body)
	}
	if got := e.Outbox(); len(got) != 2 || got[0].Code != list[0].Code {
		t.Errorf("Outbox() = %+v", got)
	}
	if m, ok := e.LastMessage("BOX@example.com", MessageEmailOTP); !ok || m.Code == "" || m.To != "Box@Example.com" {
		t.Errorf("LastMessage = %+v, %v", m, ok)
	}
	if _, ok := e.LastMessage("box@example.com", MessageRecovery); ok {
		t.Errorf("LastMessage found a recovery e-mail")
	}
	smtpOff := New(WithSMTP(false))
	r = rawCall{method: "POST", url: "/v1/account/tokens/email", body: `{"userId":"unique()","email":"x@example.com"}`}.do(t, smtpOff)
	if r.status != 503 || r.errType() != "general_smtp_disabled" || len(smtpOff.Outbox()) != 0 {
		t.Errorf("SMTP off: %d %s", r.status, r.body)
	}
}

// TestSeedHelpers checks the seeding and inspection helpers.
func TestSeedHelpers(t *testing.T) {
	t.Parallel()
	e := New()
	id, err := e.CreateUser("Seed@Example.com", testPassword, "Seed")
	mustOK(t, "CreateUser", err)
	if _, err := e.CreateUser("seed@example.com", testPassword, ""); !errors.Is(err, ErrUserExists) {
		t.Errorf("duplicate CreateUser: %v", err)
	}
	for _, bad := range [][3]string{{"not-an-email", testPassword, ""}, {"ok@example.com", "short", ""}, {"ok@example.com", testPassword, strings.Repeat("n", 129)}} {
		if _, err := e.CreateUser(bad[0], bad[1], bad[2]); err == nil {
			t.Errorf("CreateUser(%q, %q, …) succeeded", bad[0], bad[1])
		}
	}
	for name, err := range map[string]error{
		"SetMFA":           e.SetMFA("nobody", true),
		"SetEmailVerified": e.SetEmailVerified("nobody", true),
		"SetPhone":         e.SetPhone("nobody", "+15550100"),
		"AddIdentity":      e.AddIdentity("nobody", "github", "x@example.com"),
	} {
		if !errors.Is(err, ErrUserNotFound) {
			t.Errorf("%s(unknown): %v", name, err)
		}
	}
	secret, _ := login(t, e, "seed@example.com", testPassword)
	if n := e.SessionCount(id); n != 1 {
		t.Errorf("SessionCount = %d", n)
	}
	mustOK(t, "SetMFA", e.SetMFA(id, true))
	if r := getAccount(t, e, map[string]string{"X-Appwrite-Session": secret}); r.errType() != "user_more_factors_required" {
		t.Errorf("after SetMFA: %d %s", r.status, r.body)
	}
	mustOK(t, "SetMFA off", e.SetMFA(id, false))
	if r := getAccount(t, e, map[string]string{"X-Appwrite-Session": secret}); r.status != 200 {
		t.Errorf("after SetMFA(false): %d %s", r.status, r.body)
	}
	if e.SessionCount("nobody") != 0 {
		t.Errorf("SessionCount(unknown) != 0")
	}
	mustOK(t, "SetPhone", e.SetPhone(id, "+15550100"))
	mustOK(t, "AddIdentity", e.AddIdentity(id, "GitHub", "Octo@Example.com"))
	r := getAccount(t, e, map[string]string{"X-Appwrite-Session": secret})
	var acc struct{ Phone string }
	mustOK(t, "decode account", json.Unmarshal(r.body, &acc))
	if acc.Phone != "+15550100" {
		t.Errorf("after SetPhone: phone %q", acc.Phone)
	}
	ids := (rawCall{method: "GET", url: "/v1/account/identities", header: map[string]string{"X-Appwrite-Session": secret}}).do(t, e)
	if ids.status != 200 || !strings.Contains(string(ids.body), `"provider":"github","providerUid":"octo@example.com"`) {
		t.Errorf("after AddIdentity: %d %s", ids.status, ids.body)
	}
}

// TestOAuthState checks that the fake provider only completes logins it
// started, for the provider they were started for, before they expire.
func TestOAuthState(t *testing.T) {
	t.Parallel()
	clock := NewClock(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	e := New(WithClock(clock.Now))
	start := func() string {
		r := rawCall{method: "GET", url: "/v1/account/tokens/oauth2/github?success=http%3A%2F%2Flocalhost%2Fok"}.do(t, e)
		return r.header.Get("Location")
	}
	loc := start()
	state := loc[strings.Index(loc, "state=")+len("state="):]
	tests := []struct {
		name string
		url  string
	}{
		{"forged state", "/__emulator/oauth2/github/authorize?state=" + strings.Repeat("0", 32) + "&email=a@example.com"},
		{"other provider", "/__emulator/oauth2/google/authorize?state=" + state + "&email=a@example.com"},
		{"unknown page", "/__emulator/oauth2/github/token?state=" + state},
	}
	for _, tc := range tests {
		if r := (rawCall{method: "GET", url: tc.url, noProject: true}).do(t, e); r.status < 400 {
			t.Errorf("%s: %d", tc.name, r.status)
		}
	}
	if r := (rawCall{method: "GET", url: loc + "&email=not-an-email", noProject: true}).do(t, e); r.status != 400 || !strings.Contains(string(r.body), "<form") {
		t.Errorf("invalid e-mail: %d %s", r.status, r.body)
	}
	r := rawCall{method: "GET", url: loc + "&email=", noProject: true}.do(t, e)
	failure, _ := url.Parse(r.header.Get("Location"))
	if !strings.Contains(failure.Query().Get("error"), `"type":"user_unauthorized"`) || failure.Path != "/console/auth/oauth2/failure" {
		t.Errorf("empty e-mail: %d %s", r.status, r.header.Get("Location"))
	}
	loc = start()
	clock.Advance(time.Hour + time.Second)
	if r := (rawCall{method: "GET", url: loc + "&email=a@example.com", noProject: true}).do(t, e); r.status != 400 {
		t.Errorf("expired state: %d", r.status)
	}
}

// TestModelKeyOrder checks that response bodies list the model's keys in
// the spec's order, with no extra keys and no nulls except the nullable
// ones; on the 1.9 line the User model has 1.9.6's fields where 1.9.6
// puts them (impersonatorUserId null).
func TestModelKeyOrder(t *testing.T) {
	t.Parallel()
	loadSpec(t)
	for _, version := range allVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			checkModelKeyOrder(t, version)
		})
	}
}

// checkModelKeyOrder is TestModelKeyOrder for one version.
func checkModelKeyOrder(t *testing.T, version string) {
	order := specPropertyOrder(t)
	if version == ServerCloud19x {
		var user []string
		for _, k := range order["user"] {
			user = append(user, k)
			switch k {
			case "emailVerification":
				user = append(user, "emailCanonical", "emailIsFree", "emailIsDisposable", "emailIsCorporate", "emailIsCanonical")
			case "accessedAt":
				user = append(user, "impersonator", "impersonatorUserId")
			}
		}
		order["user"] = user
	}
	e := New(WithServerVersion(version))
	id := seedUser(t, e, "order@example.com")
	secret, sess := login(t, e, "order@example.com", testPassword)
	_, tok := issueRaw(t, e, "/v1/account/tokens/email", `{"userId":"unique()","email":"order@example.com"}`)
	tests := []struct {
		schema string
		body   []byte
		skip   map[string]bool // keys the spec lists but this model omits
	}{
		{"session", sess.body, nil},
		{"token", tok.body, nil},
		{"user", getAccount(t, e, map[string]string{"X-Appwrite-Session": secret}).body, map[string]bool{"password": true, "hash": true, "hashOptions": true}},
		{"user", (rawCall{method: "GET", url: "/v1/users/" + id, header: map[string]string{"X-Appwrite-Key": e.APIKey()}}).do(t, e).body, nil},
		{"error", getAccount(t, e, nil).body, nil},
	}
	for _, tc := range tests {
		var want []string
		for _, k := range order[tc.schema] {
			if !tc.skip[k] {
				want = append(want, k)
			}
		}
		if got := topLevelKeys(t, tc.body); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s keys\n got %v\nwant %v", tc.schema, got, want)
		}
		if strings.Contains(strings.NewReplacer(`"providerId":null`, "", `"impersonatorUserId":null`, "").Replace(string(tc.body)), "null") {
			t.Errorf("%s body has a null: %s", tc.schema, tc.body)
		}
	}
}

// issueRaw is issue returning the raw response too.
func issueRaw(t *testing.T, e *Emulator, path, body string) (string, rawResponse) {
	t.Helper()
	r := rawCall{method: "POST", url: path, header: map[string]string{"X-Appwrite-Key": e.APIKey()}, body: body}.do(t, e)
	if r.status != 201 {
		t.Fatalf("POST %s: %d %s", path, r.status, r.body)
	}
	return "", r
}

// specPropertyOrder reads the property order of each component schema.
func specPropertyOrder(t *testing.T) map[string][]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(specDir(), "open-api3-1.8.x-server.account.json"))
	mustOK(t, "read spec", err)
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties json.RawMessage `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	mustOK(t, "decode spec", json.Unmarshal(data, &doc))
	out := map[string][]string{}
	for name, s := range doc.Components.Schemas {
		if len(s.Properties) > 0 {
			out[name] = topLevelKeys(t, s.Properties)
		}
	}
	return out
}

// topLevelKeys lists an object's keys in document order.
func topLevelKeys(t *testing.T, body []byte) []string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(string(body)))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %s", body)
	}
	var keys []string
	for dec.More() {
		k, err := dec.Token()
		mustOK(t, "key", err)
		keys = append(keys, k.(string))
		var skip json.RawMessage
		mustOK(t, "value", dec.Decode(&skip))
	}
	return keys
}

// TestConcurrentUse drives one emulator from many goroutines through the
// in-memory transport and the SDK; run with -race.
func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	e := New()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			c := appwrite.NewClient(appwrite.WithEndpoint("http://emulator.test/v1"), appwrite.WithProject(e.ProjectID()), appwrite.WithKey(e.APIKey()))
			c.Client = &http.Client{Transport: e.Transport()}
			admin := appwrite.NewAccount(c)
			email := fmt.Sprintf("c%d@example.com", i)
			if _, err := admin.Create("unique()", email, testPassword); err != nil {
				errs <- fmt.Errorf("create %d: %w", i, err)
				return
			}
			for j := 0; j < 5; j++ {
				s, err := admin.CreateEmailPasswordSession(email, testPassword)
				if err != nil {
					errs <- fmt.Errorf("login %d: %w", i, err)
					return
				}
				sc := appwrite.NewClient(appwrite.WithEndpoint("http://emulator.test/v1"), appwrite.WithProject(e.ProjectID()), appwrite.WithSession(s.Secret))
				sc.Client = &http.Client{Transport: e.Transport()}
				if _, err := appwrite.NewAccount(sc).Get(); err != nil {
					errs <- fmt.Errorf("get %d: %w", i, err)
					return
				}
				_ = e.SessionCount(s.UserId)
				_ = e.Outbox()
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestUnits checks small helpers against PHP's behaviour.
func TestUnits(t *testing.T) {
	t.Parallel()
	if got := string(phpJSON(map[string]any{"a": "x/y<&>é"})); got != `{"a":"x\/y<&>é"}` {
		t.Errorf("phpJSON = %s", got)
	}
	if got := string(escapeSlashes([]byte(`{"a":"already\/escaped","b":"\\/"}`))); got != `{"a":"already\/escaped","b":"\\\/"}` {
		t.Errorf("escapeSlashes = %s", got)
	}
	if got := formatDate(time.Date(2024, 1, 2, 3, 4, 5, 6_000_000, time.FixedZone("X", 3600))); got != "2024-01-02T02:04:05.006+00:00" {
		t.Errorf("formatDate = %s", got)
	}
	if formatDate(time.Time{}) != "" {
		t.Errorf("formatDate(zero) != \"\"")
	}
	for n, want := range map[int64]string{0: "0", 60: "60", 3600: "3,600", 31536000: "31,536,000"} {
		if got := groupThousands(n); got != want {
			t.Errorf("groupThousands(%d) = %s", n, got)
		}
	}
	emails := map[string]bool{
		"a@example.com": true, "first.last+tag@sub.example.co": true, "A@EXAMPLE.COM": true,
		"a@localhost": false, "a@@example.com": false, "a..b@example.com": false, ".a@example.com": false,
		"a@example.c0m": true, "a@-example.com": false, "a b@example.com": false, "": false, "a@example.1com": false,
	}
	for in, want := range emails {
		if got := validEmail(in); got != want {
			t.Errorf("validEmail(%q) = %v, want %v", in, got, want)
		}
	}
	ids := map[string][2]bool{ // customID, uid
		"unique()": {true, false}, "abc": {true, true}, "a.b-c_d": {true, true}, "_a": {false, false},
		"-a": {false, false}, ".a": {false, false}, strings.Repeat("a", 36): {true, true},
		strings.Repeat("a", 37): {false, false}, "a b": {false, false}, "": {false, false},
	}
	for in, want := range ids {
		if ok, _ := customID(nil, in); ok != want[0] {
			t.Errorf("customID(%q) = %v", in, ok)
		}
		if ok, _ := uid(nil, in); ok != want[1] {
			t.Errorf("uid(%q) = %v", in, ok)
		}
	}
	secret := encodeSessionSecret("u1", "s3cr3t")
	if st := decodeSessionSecret(secret); st.ID != "u1" || st.Secret != "s3cr3t" {
		t.Errorf("decodeSessionSecret(encode) = %+v", st)
	}
	if got := regexp.MustCompile(`^[0-9a-f]{20}$`).MatchString(New().newID(time.Now())); !got {
		t.Errorf("newID is not 20 hex characters")
	}
}

// TestLatency: with WithLatency every request takes at least the delay,
// and one whose context ends during the delay is given up at once, not
// served. (That requests made together overlap is what the function's
// TestLimiterCallsOverlap counts.)
func TestLatency(t *testing.T) {
	t.Parallel()
	const delay = 100 * time.Millisecond
	e := New(WithLatency(delay))
	get := func(ctx context.Context) error {
		req := httptest.NewRequestWithContext(ctx, "GET", "/v1/health/version", nil)
		w := httptest.NewRecorder()
		e.ServeHTTP(w, req)
		if w.Body.Len() == 0 { // an unwritten recorder still says 200
			return errors.New("no answer")
		}
		return nil
	}
	start := time.Now()
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() { defer wg.Done(); get(context.Background()) }()
	}
	wg.Wait()
	if took := time.Since(start); took < delay {
		t.Errorf("three requests took %v, less than one delay of %v", took, delay)
	}

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- get(ctx) }()
	cancel()
	select {
	case err := <-done:
		if err == nil {
			t.Error("a request whose context ended was served")
		}
	case <-time.After(10 * delay):
		t.Error("a request whose context ended still waits out the delay")
	}
}
