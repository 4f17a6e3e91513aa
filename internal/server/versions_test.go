package server

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"openruntimes/handler/appwritetest"
)

// appwriteConfigs are the Appwrites the function must be right on: the
// 1.9 line (Appwrite Cloud, the emulator's default), the 1.8.x branch
// (the spec files), the 1.8.1 release that self-hosters still on 1.8 run,
// a project whose invalidateSessions setting is off, and the 1.8.x
// branch's later code that answers a blocked user 403 as 1.9 does (the
// function answers 401 either way).
var appwriteConfigs = []struct {
	name string
	opts []appwritetest.Option
}{
	{"1.9.x", nil},
	{"1.8.x", []appwritetest.Option{appwritetest.WithServerVersion(appwritetest.ServerBranch18x)}},
	{"1.8.1", []appwritetest.Option{appwritetest.WithServerVersion(appwritetest.ServerRelease181)}},
	{"invalidateSessions off", []appwritetest.Option{appwritetest.WithInvalidateSessions(false)}},
	{"1.8.x with user_blocked 403", []appwritetest.Option{appwritetest.WithServerVersion(appwritetest.ServerBranch18x), appwritetest.WithBlockedStatus(http.StatusForbidden)}},
}

// TestAppwriteVersions runs the flows where Appwrite versions and project
// settings differ against each configuration: JWT expiry,
// password changes, blocked users and OAuth2 while signed in.
func TestAppwriteVersions(t *testing.T) {
	t.Parallel()
	for _, cfg := range appwriteConfigs {
		t.Run(cfg.name, func(t *testing.T) {
			t.Parallel()
			newEnv := func(t *testing.T) *testEnv { return newTestEnv(t, nil, cfg.opts...) }
			t.Run("JWT", func(t *testing.T) {
				t.Parallel()
				checkJWTExpiry(t, newEnv(t))
			})
			t.Run("PasswordChange", func(t *testing.T) {
				t.Parallel()
				checkPasswordChangeEndsOtherSessions(t, newEnv(t))
			})
			t.Run("RecoveryEndsSessions", func(t *testing.T) {
				t.Parallel()
				checkRecoveryEndsSessions(t, newEnv(t))
			})
			t.Run("BlockedUser", func(t *testing.T) {
				t.Parallel()
				checkBlockedUser(t, newEnv(t))
			})
			t.Run("OAuth2WhileSignedIn", func(t *testing.T) {
				t.Parallel()
				checkOAuth2WhileSignedIn(t, newEnv(t))
			})
			t.Run("RecoveryCodeSignIn", func(t *testing.T) {
				t.Parallel()
				checkRecoveryCodeSignIn(t, newEnv(t))
			})
		})
	}
}

// checkJWTExpiry: POST /jwt makes, with the project's jwt method off for
// everyone but the key, a JWT of this browser's session that lives the
// duration asked for on every version (the key's POST /users/{id}/jwts
// takes it, where the 1.8.1 release's POST /account/jwts did not), and
// reports the expiry the token really has.
func checkJWTExpiry(t *testing.T, env *testEnv) {
	if env.emu.AuthMethodEnabled(appwritetest.AuthJWT) {
		t.Fatal("the project's jwt method is on: appwrite.json's settings were not applied")
	}
	b := env.browser()
	user := b.signUp("jwt@example.com", "correct horse battery")
	asked := time.Now()
	r := b.do("POST", "/jwt", `{"duration":600}`)
	var got struct{ JWT, Expire string }
	r.decode(t, &got)
	if r.Status != http.StatusCreated {
		t.Fatalf("POST /jwt: %d %s", r.Status, r.Body)
	}
	expire, err := time.Parse(time.RFC3339, got.Expire)
	if err != nil {
		t.Fatalf("expire %q: %v", got.Expire, err)
	}
	if exp := jwtClaimExp(t, got.JWT); expire.Sub(exp).Abs() > time.Second {
		t.Errorf("expire %s, but the token's exp is %s", expire, exp)
	}
	if lives := expire.Sub(asked); lives < 595*time.Second || lives > 605*time.Second {
		t.Errorf("a JWT asked for 600 s lives %v", lives)
	}
	var sessions struct {
		Sessions []struct {
			ID      string `json:"$id"`
			Current bool   `json:"current"`
		} `json:"sessions"`
	}
	b.do("GET", "/sessions", "").decode(t, &sessions)
	if len(sessions.Sessions) != 1 || jwtClaimSession(t, got.JWT) != sessions.Sessions[0].ID {
		t.Errorf("the JWT names session %q, want this browser's of %+v", jwtClaimSession(t, got.JWT), sessions.Sessions)
	}
	if me := getAccountWithJWT(t, env, got.JWT); me != user["$id"] {
		t.Errorf("GET /account with the JWT: user %q, want %v", me, user["$id"])
	}
}

// getAccountWithJWT calls Appwrite's GET /account with a JWT, as the
// browser would, and returns the user's ID ("" when refused).
func getAccountWithJWT(t *testing.T, env *testEnv, jwt string) string {
	t.Helper()
	req, _ := http.NewRequest("GET", env.server.Endpoint+"/account", nil)
	req.Header.Set("X-Appwrite-Project", env.server.ProjectID)
	req.Header.Set("X-Appwrite-JWT", jwt)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var u struct {
		ID string `json:"$id"`
	}
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&u) != nil {
		return ""
	}
	return u.ID
}

// jwtClaimExp returns a JWT's exp claim.
func jwtClaimExp(t *testing.T, jwt string) time.Time {
	t.Helper()
	var claims struct{ Exp int64 }
	jwtPayload(t, jwt, &claims)
	if claims.Exp == 0 {
		t.Fatalf("JWT %q has no exp", jwt)
	}
	return time.Unix(claims.Exp, 0)
}

// jwtClaimSession returns a JWT's sessionId claim.
func jwtClaimSession(t *testing.T, jwt string) string {
	t.Helper()
	var claims struct {
		SessionID string `json:"sessionId"`
	}
	jwtPayload(t, jwt, &claims)
	return claims.SessionID
}

// jwtPayload decodes a JWT's payload into v.
func jwtPayload(t *testing.T, jwt string, v any) {
	t.Helper()
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		t.Fatalf("JWT %q", jwt)
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("JWT payload %s: %v", raw, err)
	}
}

// checkPasswordChangeEndsOtherSessions: a password change ends every
// other browser's session, whatever the project's invalidateSessions,
// and keeps this browser signed in.
func checkPasswordChangeEndsOtherSessions(t *testing.T, env *testEnv) {
	b := env.browser()
	user := b.signUp("change@example.com", "old password 123")
	other := env.browser()
	if r := other.do("POST", "/login", `{"email":"change@example.com","password":"old password 123"}`); r.Status != 200 {
		t.Fatalf("second browser's sign-in: %d %s", r.Status, r.Body)
	}
	r := b.do("POST", "/me/password", `{"password":"new password 456","oldPassword":"old password 123"}`)
	if r.Status != 200 || r.cookie(t) == nil {
		t.Fatalf("POST /me/password: %d %s", r.Status, r.Body)
	}
	other.do("GET", "/me", "").wantError(t, http.StatusUnauthorized, "user_unauthorized")
	if r := b.do("GET", "/me", ""); r.Status != 200 {
		t.Errorf("this browser after the change: %d %s", r.Status, r.Body)
	}
	if n := env.emu.SessionCount(user["$id"].(string)); n != 1 {
		t.Errorf("%d sessions after the change, want 1 (this browser's)", n)
	}
}

// checkRecoveryEndsSessions: a reset password ends every session.
func checkRecoveryEndsSessions(t *testing.T, env *testEnv) {
	b := env.browser()
	user := b.signUp("reset@example.com", "old password 123")
	if r := env.call("POST", "/recovery", nil, `{"email":"reset@example.com","redirect":"`+appOrigin+`/reset"}`); r.Status != http.StatusAccepted {
		t.Fatalf("POST /recovery: %d %s", r.Status, r.Body)
	}
	msg, _ := env.emu.LastMessage("reset@example.com", appwritetest.MessageRecovery)
	link, _ := url.Parse(msg.Link)
	body, _ := json.Marshal(map[string]string{"userId": link.Query().Get("userId"), "secret": link.Query().Get("secret"), "password": "new password 456"})
	if r := env.call("POST", "/recovery/confirm", nil, string(body)); r.Status != 200 {
		t.Fatalf("POST /recovery/confirm: %d %s", r.Status, r.Body)
	}
	b.do("GET", "/me", "").wantError(t, http.StatusUnauthorized, "user_unauthorized")
	if n := env.emu.SessionCount(user["$id"].(string)); n != 0 {
		t.Errorf("%d sessions after the reset, want 0", n)
	}
}

// setBlocked blocks or unblocks a user through Appwrite's Users API.
func setBlocked(t *testing.T, env *testEnv, userID string, blocked bool) {
	t.Helper()
	if _, err := adminUsers(env).UpdateStatus(userID, !blocked); err != nil {
		t.Fatalf("UpdateStatus(%s, %v): %v", userID, !blocked, err)
	}
}

// checkBlockedUser: a blocked user is signed out everywhere (401
// user_blocked, the cookie cleared), cannot sign in by password, and a
// sign-in by e-mail code or magic link, which Appwrite turns into a
// session without checking, leaves no session behind.
func checkBlockedUser(t *testing.T, env *testEnv) {
	b := env.browser()
	user := b.signUp("blocked@example.com", "correct horse battery")
	id := user["$id"].(string)
	// Verified, so that a token sign-in does not take the account back
	// (see TestPreHijackedAccount); this test is about blocking alone.
	if err := env.emu.SetEmailVerified(id, true); err != nil {
		t.Fatal(err)
	}
	setBlocked(t, env, id, true)

	r := b.do("GET", "/me", "")
	r.wantError(t, http.StatusUnauthorized, "user_blocked")
	r.wantCleared(t)
	env.call("POST", "/login", nil, `{"email":"blocked@example.com","password":"correct horse battery"}`).
		wantError(t, http.StatusUnauthorized, "user_blocked")
	before := env.emu.SessionCount(id)

	code := env.browser()
	var started struct{ UserID string }
	code.do("POST", "/otp", `{"email":"blocked@example.com"}`).decode(t, &started)
	msg, ok := env.emu.LastMessage("blocked@example.com", appwritetest.MessageEmailOTP)
	if !ok {
		t.Fatal("no e-mail code sent")
	}
	r = code.do("POST", "/otp/verify", `{"userId":"`+started.UserID+`","code":"`+msg.Code+`"}`)
	r.wantError(t, http.StatusUnauthorized, "user_blocked")
	if code.value != "" {
		t.Error("a blocked user's code sign-in set a session cookie")
	}

	magic := env.browser()
	link := magicLink(t, magic, "blocked@example.com")
	to := magic.do("GET", pathAndQuery(link), "").location(t, http.StatusSeeOther)
	if to.Query().Get("error") != "user_blocked" || magic.value != "" {
		t.Errorf("a blocked user's magic link: %s, cookie %q", to, magic.value)
	}
	if n := env.emu.SessionCount(id); n != before {
		t.Errorf("the blocked user has %d sessions after the token sign-ins, had %d", n, before)
	}

	setBlocked(t, env, id, false)
	if r := env.call("POST", "/login", nil, `{"email":"blocked@example.com","password":"correct horse battery"}`); r.Status != 200 {
		t.Errorf("sign-in once unblocked: %d %s", r.Status, r.Body)
	}
}

// checkOAuth2WhileSignedIn: when the function's cookie reaches Appwrite's
// OAuth2 routes (SESSION_COOKIE_DOMAIN covering Appwrite's domain, with
// Appwrite's cookie name), Appwrite links the provider identity to the
// signed-in user or refuses with user_already_exists. The callback sends
// the refusal to the app's failure page, and a link signs the browser in
// as the same user.
func checkOAuth2WhileSignedIn(t *testing.T, env *testEnv) {
	other := env.browser()
	other.signUp("taken@example.com", "correct horse battery")
	b := env.browser()
	user := b.signUp("linked@example.com", "correct horse battery")
	shared := &http.Cookie{Name: b.name, Value: b.value}

	to := b.do("GET", pathAndQuery(oauth2Callback(t, b, "taken@example.com", shared)), "").location(t, http.StatusSeeOther)
	if to.Query().Get("error") != "user_already_exists" || to.Host != appHost {
		t.Errorf("someone else's address: the callback sent the browser to %s, want the app with error=user_already_exists", to)
	}
	if r := b.do("GET", "/me", ""); r.Status != 200 {
		t.Errorf("the session after a refused link: %d %s", r.Status, r.Body)
	}

	shared.Value = b.value
	to = b.do("GET", pathAndQuery(oauth2Callback(t, b, "octo-linked@example.com", shared)), "").location(t, http.StatusSeeOther)
	if to.String() != appOrigin+"/welcome" {
		t.Fatalf("linking callback sent the browser to %s", to)
	}
	var me map[string]any
	r := b.do("GET", "/me", "")
	r.decode(t, &me)
	if r.Status != 200 || me["$id"] != user["$id"] || me["email"] != "linked@example.com" {
		t.Errorf("after linking: %d %s, want the same user", r.Status, r.Body)
	}
	if n := env.emu.SessionCount(user["$id"].(string)); n != 1 {
		t.Errorf("%d sessions after linking, want 1: Appwrite deleted the old one, the callback made one", n)
	}
}

// TestAppwriteRateLimitRetryAfter: the retry-after of Appwrite's 429 is
// the end of Appwrite's window (its X-RateLimit-Reset), not a guess. The
// verification e-mail is one of the calls the user's session makes, which
// Appwrite limits: 10 an hour per user.
func TestAppwriteRateLimitRetryAfter(t *testing.T) {
	t.Parallel()
	// 40 minutes into the hour: the hourly window resets in 20.
	clock := appwritetest.NewClock(time.Now().Truncate(time.Hour).Add(40 * time.Minute))
	env := newTestEnv(t, nil, appwritetest.WithClock(clock.Now))
	// An account made the old way, its address not verified yet.
	if _, err := env.emu.CreateUser("retry@example.com", "correct horse battery", "Retry"); err != nil {
		t.Fatal(err)
	}
	b := env.browser()
	if r := b.do("POST", "/login", `{"email":"retry@example.com","password":"correct horse battery"}`); r.Status != http.StatusOK {
		t.Fatalf("sign-in: %d %s", r.Status, r.Body)
	}
	for i := 0; i < 10; i++ {
		if r := b.do("POST", "/verification", `{"redirect":"`+appOrigin+`/verified"}`); r.Status != http.StatusAccepted {
			t.Fatalf("verification e-mail %d: %d %s", i+1, r.Status, r.Body)
		}
	}
	r := b.do("POST", "/verification", `{"redirect":"`+appOrigin+`/verified"}`)
	r.wantError(t, http.StatusTooManyRequests, "rate_limit_exceeded")
	want := int(time.Until(clock.Now().Truncate(time.Hour).Add(time.Hour)).Seconds())
	if got, _ := strconv.Atoi(r.Headers["retry-after"]); got < want-5 || got > want+5 {
		t.Errorf("retry-after = %q, want about %d (when Appwrite's window ends)", r.Headers["retry-after"], want)
	}
	if r.cookie(t) != nil {
		t.Errorf("a refused call touched the cookie: %q", r.Headers["set-cookie"])
	}
}

func TestRetryAfterSeconds(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_000_000, 0)
	for _, tc := range []struct {
		reset time.Time
		want  int
	}{
		{time.Time{}, 60},
		{now.Add(90 * time.Second), 90},
		{now.Add(1500 * time.Millisecond), 2},
		{now, 1},
		{now.Add(-time.Hour), 1},
	} {
		if got := retryAfterSeconds(tc.reset, now); got != tc.want {
			t.Errorf("retryAfterSeconds(%v) = %d, want %d", tc.reset, got, tc.want)
		}
	}
}

// TestOAuth2JWTSecret: on the 1.9 line the secret Appwrite appends to the
// callback URL is an HS256 JWT of some 233 characters that lives 60 s,
// where 1.8 sent 64 hex valid for the session's duration. The function
// passes it to Appwrite whole, so a callback within the minute signs the
// browser in, with a session named after the provider; one after it sends
// the browser to the app's failure page with user_invalid_token and no
// cookie.
func TestOAuth2JWTSecret(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		wait      time.Duration
		wantError string
	}{
		{"at once", 0, ""},
		{"within its minute", 59 * time.Second, ""},
		{"past its 60 s", 61 * time.Second, "user_invalid_token"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			clock := appwritetest.NewClock(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
			env := newTestEnv(t, nil, appwritetest.WithServerVersion(appwritetest.ServerCloud19x), appwritetest.WithClock(clock.Now))
			b := env.browser()
			callback := oauth2Callback(t, b, "octo@example.com")
			secret := callback.Query().Get("secret")
			if strings.Count(secret, ".") != 2 || len(secret) < 200 || len(secret) > 256 {
				t.Fatalf("callback secret %q (%d characters), want a JWT of Appwrite's length", secret, len(secret))
			}
			clock.Advance(tc.wait)

			to := b.do("GET", pathAndQuery(callback), "").location(t, http.StatusSeeOther)
			if tc.wantError != "" {
				if got := to.Query().Get("error"); got != tc.wantError || b.value != "" {
					t.Errorf("callback after %v: sent to %s with cookie %q, want error=%s and no session", tc.wait, to, b.value, tc.wantError)
				}
				return
			}
			if to.String() != appOrigin+"/welcome" || b.value == "" {
				t.Fatalf("callback after %v: sent to %s with cookie %q, want the app's page and a session", tc.wait, to, b.value)
			}
			var list struct {
				Sessions []struct {
					Provider string `json:"provider"`
				} `json:"sessions"`
			}
			r := b.do("GET", "/sessions", "")
			r.decode(t, &list)
			if r.Status != 200 || len(list.Sessions) != 1 || list.Sessions[0].Provider != "github" {
				t.Errorf("GET /sessions: %d %s, want one session of provider github", r.Status, r.Body)
			}
		})
	}
}
