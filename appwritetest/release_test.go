package appwritetest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/appwrite/sdk-for-go/appwrite"
)

// suiteBlocked checks PATCH /users/{userId}/status and where Appwrite
// refuses a blocked user: e-mail sign-in (after the password check),
// every request of the user's sessions and JWTs, and recovery; and where
// it does not: turning a token into a session.
func suiteBlocked(t *testing.T, tg *suiteTarget) {
	id, email := tg.signUp(t, "blocked")
	secret := tg.signIn(t, email, testPassword)
	me := tg.as(t, secret)
	j, err := me.CreateJWT()
	mustOK(t, "CreateJWT", err)
	uu := tg.users(t)

	u, err := uu.UpdateStatus(id, false)
	mustOK(t, "UpdateStatus(false)", err)
	if u.Id != id || u.Status {
		t.Fatalf("UpdateStatus(false) = %+v", u)
	}
	wantError(t, "wrong password of a blocked user", errOf(tg.admin(t).CreateEmailPasswordSession(email, "not-the-password")), 401, "user_invalid_credentials")
	blocked := tg.blockedStatus()
	wantError(t, "sign-in of a blocked user", errOf(tg.admin(t).CreateEmailPasswordSession(email, testPassword)), blocked, "user_blocked")
	wantError(t, "session of a blocked user", errOf(me.Get()), blocked, "user_blocked")
	wantError(t, "sign-out of a blocked user", errOf(me.DeleteSession("current")), blocked, "user_blocked")
	wantError(t, "JWT of a blocked user", errOf(appwrite.NewAccount(tg.sdk(t, appwrite.WithJWT(j.Jwt))).Get()), blocked, "user_blocked")
	if tg.emu != nil { // real servers may have no SMTP, which is checked first
		wantError(t, "recovery of a blocked user", errOf(tg.admin(t).CreateRecovery(email, tg.redirectURL())), blocked, "user_blocked")
	}

	// A token still buys a session, which can do nothing.
	tok, err := uu.CreateToken(id)
	mustOK(t, "CreateToken for a blocked user", err)
	s, err := tg.admin(t).CreateSession(id, tok.Secret)
	mustOK(t, "CreateSession of a blocked user", err)
	wantError(t, "token session of a blocked user", errOf(tg.as(t, s.Secret).Get()), blocked, "user_blocked")
	list, err := uu.ListSessions(id)
	mustOK(t, "ListSessions of a blocked user", err)
	if list.Total != 2 {
		t.Errorf("a blocked user has %d sessions, want 2 (blocking ends none)", list.Total)
	}

	u, err = uu.UpdateStatus(id, true)
	mustOK(t, "UpdateStatus(true)", err)
	if !u.Status {
		t.Errorf("UpdateStatus(true) = %+v", u)
	}
	mustOK(t, "session of an unblocked user", errOf(me.Get()))
	wantError(t, "UpdateStatus unknown user", errOf(uu.UpdateStatus("nobody000", false)), 404, "user_not_found")
	wantError(t, "UpdateStatus without a key", errOf(appwrite.NewUsers(tg.sdk(t, appwrite.WithSession(secret))).UpdateStatus(id, false)), 401, "general_unauthorized_scope")
}

// suiteOAuth2SignedIn checks the OAuth2 token flow of a browser that holds
// an Appwrite session cookie: the identity is linked to that user and the
// session deleted, or the flow fails with user_already_exists when the
// provider's address belongs to someone else; a blocked user fails with
// user_blocked.
func suiteOAuth2SignedIn(t *testing.T, tg *suiteTarget) {
	tg.emulatorOnly(t)
	id, email := tg.signUp(t, "linker")
	_, otherEmail := tg.signUp(t, "other")
	secret := tg.signIn(t, email, testPassword)
	cookie := &http.Cookie{Name: "a_session_" + strings.ToLower(tg.project), Value: secret}
	success, failure := "http://localhost/oauth/success", "http://localhost/oauth/failure"

	// provider walks the flow with the browser's cookie and returns where
	// the provider's return sent the browser.
	provider := func(t *testing.T, identity string, withCookie bool) *url.URL {
		t.Helper()
		browser := tg.noRedirects(t)
		start := tg.endpoint + "/account/tokens/oauth2/github?" + url.Values{
			"project": {tg.project}, "success": {success}, "failure": {failure},
		}.Encode()
		steps := []string{start, ""}
		var loc string
		for i := range steps {
			target := steps[i]
			if i == 1 {
				target = loc + "&" + url.Values{"email": {identity}, "name": {"Octo"}}.Encode()
			}
			req, err := http.NewRequest(http.MethodGet, target, nil)
			mustOK(t, "NewRequest", err)
			if withCookie {
				req.AddCookie(cookie)
			}
			resp, err := browser.Do(req)
			mustOK(t, "GET "+target, err)
			resp.Body.Close()
			loc = resp.Header.Get("Location")
		}
		back, err := url.Parse(loc)
		mustOK(t, "parse redirect", err)
		return back
	}

	back := provider(t, otherEmail, true)
	if back.Path != "/oauth/failure" || oauthErrorType(t, back) != "user_already_exists" {
		t.Fatalf("someone else's address while signed in: %s", back)
	}
	mustOK(t, "the session survives a refused link", errOf(tg.as(t, secret).Get()))

	identity := uniqueEmail("gh-identity")
	back = provider(t, identity, true)
	if back.Path != "/oauth/success" || back.Query().Get("userId") != id {
		t.Fatalf("new identity while signed in: %s, want success for %s", back, id)
	}
	wantError(t, "the linking browser's session", errOf(tg.as(t, secret).Get()), 401, "general_unauthorized_scope")
	s, err := tg.admin(t).CreateSession(id, back.Query().Get("secret"))
	mustOK(t, "CreateSession from the linking token", err)
	u, err := tg.as(t, s.Secret).Get()
	mustOK(t, "Get", err)
	if u.Email != email {
		t.Errorf("the user's e-mail became %q, want %q kept", u.Email, email)
	}
	// The identity now signs in as the same user, cookie or not.
	if back = provider(t, identity, false); back.Query().Get("userId") != id {
		t.Errorf("signing in with the linked identity: %s, want userId %s", back, id)
	}

	// A blocked user's provider sign-in fails.
	mustOK(t, "block", errOf(tg.users(t).UpdateStatus(id, false)))
	if back = provider(t, identity, false); back.Path != "/oauth/failure" || oauthErrorType(t, back) != "user_blocked" {
		t.Errorf("blocked user's OAuth2 sign-in: %s", back)
	}
}

// oauthErrorType returns the type of the Appwrite error JSON in a failure
// redirect's error param.
func oauthErrorType(t *testing.T, back *url.URL) string {
	t.Helper()
	var e struct {
		Type string `json:"type"`
	}
	mustOK(t, "decode error param", json.Unmarshal([]byte(back.Query().Get("error")), &e))
	return e.Type
}

// TestInvalidateSessionsOff checks that with auths.invalidateSessions off
// a password change, by the user or through the Users API, leaves the
// user's other sessions alive, and that with it on (the default) it ends
// them.
func TestInvalidateSessionsOff(t *testing.T) {
	t.Parallel()
	for _, invalidate := range []bool{true, false} {
		srv := Start(t, WithInvalidateSessions(invalidate))
		tg := emulatorTarget(srv)
		id, email := tg.signUp(t, "invalidate")
		current, other := tg.signIn(t, email, testPassword), tg.signIn(t, email, testPassword)
		me := tg.as(t, current)
		mustOK(t, "account UpdatePassword", errOf(me.UpdatePassword("second-long-password", me.WithUpdatePasswordOldPassword(testPassword))))
		mustOK(t, "current session after the change", errOf(me.Get()))
		if _, err := tg.as(t, other).Get(); (err == nil) == invalidate {
			t.Errorf("invalidateSessions %v: the other session after PATCH /account/password: err = %v", invalidate, err)
		}
		mustOK(t, "users UpdatePassword", errOf(tg.users(t).UpdatePassword(id, "third-long-password")))
		if _, err := me.Get(); (err == nil) == invalidate {
			t.Errorf("invalidateSessions %v: the session after PATCH /users/{id}/password: err = %v", invalidate, err)
		}
	}
}

// TestBlockedStatus403 checks WithBlockedStatus: user_blocked is sent with
// 403, as later 1.8.x commits send it.
func TestBlockedStatus403(t *testing.T) {
	t.Parallel()
	srv := Start(t, WithBlockedStatus(http.StatusForbidden))
	tg := emulatorTarget(srv)
	id, email := tg.signUp(t, "blocked403")
	secret := tg.signIn(t, email, testPassword)
	mustOK(t, "block", errOf(tg.users(t).UpdateStatus(id, false)))
	wantError(t, "sign-in", errOf(tg.admin(t).CreateEmailPasswordSession(email, testPassword)), 403, "user_blocked")
	wantError(t, "session", errOf(tg.as(t, secret).Get()), 403, "user_blocked")
}

// TestReleaseJWTLimit checks the release's JWT limit: 100 an hour per
// user for callers without a key, where the branch allows 120 a minute.
func TestReleaseJWTLimit(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		version string
		limit   int
		window  time.Duration
	}{{ServerRelease181, 100, time.Hour}, {ServerBranch18x, 120, time.Minute}, {ServerCloud19x, 120, time.Minute}} {
		clock := NewClock(time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))
		srv := Start(t, WithServerVersion(tc.version), WithClock(clock.Now))
		tg := emulatorTarget(srv)
		_, email := tg.signUp(t, "jwtlimit")
		me := tg.as(t, tg.signIn(t, email, testPassword))
		for i := 0; i < tc.limit; i++ {
			if _, err := me.CreateJWT(); err != nil {
				t.Fatalf("%s: JWT %d of %d: %v", tc.version, i+1, tc.limit, err)
			}
		}
		wantError(t, tc.version+": one JWT too many", errOf(me.CreateJWT()), 429, "general_rate_limit_exceeded")
		clock.Advance(tc.window)
		mustOK(t, tc.version+": JWT in the next window", errOf(me.CreateJWT()))
	}
}

// TestReleaseChallengeAge checks that the release and the 1.9 line
// complete an MFA challenge however old it is, where the branch refuses an
// expired one.
func TestReleaseChallengeAge(t *testing.T) {
	t.Parallel()
	for _, version := range []string{ServerRelease181, ServerBranch18x, ServerCloud19x} {
		clock := NewClock(time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC))
		srv := Start(t, WithServerVersion(version), WithClock(clock.Now))
		tg := emulatorTarget(srv)
		id, email := tg.signUp(t, "challenge")
		mustOK(t, "SetMFA", srv.Emulator.SetMFA(id, true))
		me := tg.as(t, tg.signIn(t, email, testPassword))
		ch, err := me.CreateMFAChallenge("email")
		mustOK(t, "CreateMFAChallenge", err)
		m, _ := srv.Emulator.LastMessage(email, MessageMFA)
		clock.Advance(2 * time.Hour)
		_, err = me.UpdateMFAChallenge(ch.Id, m.Code)
		if version != ServerBranch18x {
			mustOK(t, version+": a two-hour-old challenge", err)
		} else {
			wantError(t, "branch: a two-hour-old challenge", err, 401, "user_invalid_token")
		}
	}
}

// TestServerVersionOption checks that New refuses versions no Appwrite
// has, and that ServerVersion reports the one chosen.
func TestServerVersionOption(t *testing.T) {
	t.Parallel()
	if v := New().ServerVersion(); v != DefaultServerVersion {
		t.Errorf("default version %q, want %q", v, DefaultServerVersion)
	}
	for _, want := range []string{ServerRelease181, ServerBranch18x, ServerCloud19x} {
		if !ValidServerVersion(want) {
			t.Errorf("ValidServerVersion(%q) = false", want)
		}
		if v := New(WithServerVersion(want)).ServerVersion(); v != want {
			t.Errorf("version %q, want %q", v, want)
		}
	}
	if ValidServerVersion("1.9.6") {
		t.Errorf("ValidServerVersion(1.9.6) = true; the mode is 1.9.x")
	}
	for _, opt := range []Option{WithServerVersion("1.9.0"), WithBlockedStatus(500)} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("New accepted an impossible setting")
				}
			}()
			New(opt)
		}()
	}
}

// TestReleaseTablesDBMessages: over HTTP, TablesDB's errors carry the
// message of each version's error table (the release's has no ID in
// them).
func TestReleaseTablesDBMessages(t *testing.T) {
	t.Parallel()
	for version, want := range map[string]string{
		ServerRelease181: "Row with the requested ID could not be found.",
		ServerBranch18x:  "Row with the requested ID 'missing' could not be found.",
	} {
		srv := Start(t, WithServerVersion(version))
		mustOK(t, "CreateTable", srv.Emulator.CreateTable("auth", "rate_limits", "count", "resetAt"))
		_, err := tablesDB(srv, appwrite.WithKey(srv.APIKey)).GetRow("auth", "rate_limits", "missing")
		if e := wantError(t, version+": GetRow of a missing row", err, 404, "row_not_found"); e.Message != want {
			t.Errorf("%s: message %q, want %q", version, e.Message, want)
		}
	}
}
