package appwritetest

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/appwrite/sdk-for-go/appwrite"
	"github.com/appwrite/sdk-for-go/client"
)

// TestSDKSuiteEmulator runs the SDK-level suite against the emulator, as
// the 1.8.x branch and as the 1.8.1 release.
func TestSDKSuiteEmulator(t *testing.T) {
	t.Parallel()
	for _, version := range []string{ServerBranch18x, ServerRelease181} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			srv := Start(t, WithServerVersion(version))
			runSDKSuite(t, &suiteTarget{
				name:     "emulator",
				endpoint: srv.Endpoint,
				project:  srv.ProjectID,
				key:      srv.APIKey,
				base:     http.DefaultTransport,
				version:  version,
				emu:      srv.Emulator,
			})
		})
	}
}

// TestSDKSuiteRealAppwrite runs the same suite against a real Appwrite
// project when APPWRITE_TEST_ENDPOINT, APPWRITE_TEST_PROJECT and
// APPWRITE_TEST_KEY are set. The key needs sessions.write, users.read and
// users.write; http://localhost must be a registered web platform (or set
// APPWRITE_TEST_REDIRECT_URL to a URL on one). APPWRITE_TEST_VERSION says
// which Appwrite it is: 1.8.x (Cloud, the default) or 1.8.1 (the
// self-hosted release).
func TestSDKSuiteRealAppwrite(t *testing.T) {
	endpoint, project, key := os.Getenv("APPWRITE_TEST_ENDPOINT"), os.Getenv("APPWRITE_TEST_PROJECT"), os.Getenv("APPWRITE_TEST_KEY")
	if endpoint == "" || project == "" || key == "" {
		t.Skip("SKIPPED: the SDK suite against a real Appwrite project needs APPWRITE_TEST_ENDPOINT, APPWRITE_TEST_PROJECT and APPWRITE_TEST_KEY; only the emulator was tested")
	}
	version := os.Getenv("APPWRITE_TEST_VERSION")
	if version == "" {
		version = ServerBranch18x
	}
	if !ValidServerVersion(version) {
		t.Fatalf("APPWRITE_TEST_VERSION=%q: want %s (Appwrite Cloud, the default) or %s (the self-hosted release)", version, ServerBranch18x, ServerRelease181)
	}
	t.Logf("running the SDK suite against real Appwrite %s at %s, project %s", version, endpoint, project)
	runSDKSuite(t, &suiteTarget{name: "appwrite", endpoint: endpoint, project: project, key: key, base: http.DefaultTransport, version: version})
}

// redirectURL is a redirect target on a registered platform.
func (tg *suiteTarget) redirectURL() string {
	if u := os.Getenv("APPWRITE_TEST_REDIRECT_URL"); u != "" && tg.emu == nil {
		return u
	}
	return "http://localhost/auth/callback"
}

// runSDKSuite drives every emulated route through the real Go SDK v1.0.0;
// every response body is checked against the spec by the client's
// transport.
func runSDKSuite(t *testing.T, tg *suiteTarget) {
	tests := []struct {
		name string
		run  func(t *testing.T, tg *suiteTarget)
	}{
		{"CreateAccount", suiteCreateAccount},
		{"EmailPasswordSession", suiteEmailSession},
		{"WhoAmI", suiteWhoAmI},
		{"UpdateAccount", suiteUpdateAccount},
		{"AnonymousSession", suiteAnonymous},
		{"Sessions", suiteSessions},
		{"JWT", suiteJWT},
		{"MagicURL", suiteMagicURL},
		{"EmailOTP", suiteEmailOTP},
		{"UsersToken", suiteUsersToken},
		{"Recovery", suiteRecovery},
		{"Verification", suiteVerification},
		{"MFA", suiteMFA},
		{"TOTP", suiteTOTP},
		{"RecoveryCodes", suiteRecoveryCodes},
		{"UsersMFA", suiteUsersMFA},
		{"DeleteIdentity", suiteDeleteIdentity},
		{"OAuth2", suiteOAuth2},
		{"OAuth2SignedIn", suiteOAuth2SignedIn},
		{"Blocked", suiteBlocked},
		{"Users", suiteUsers},
		{"SharedAdminClient", suiteSharedAdminClient},
		{"Errors", suiteErrors},
		{"HealthVersion", suiteHealthVersion},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.run(t, tg)
		})
	}
}

// Formats of dates, secrets and codes.
var (
	dateRE   = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$`)
	hex64RE  = regexp.MustCompile(`^[0-9a-f]{64}$`)
	hex256RE = regexp.MustCompile(`^[0-9a-f]{256}$`)
	digits6  = regexp.MustCompile(`^[0-9]{6}$`)
)

// parseDate parses an Appwrite date, failing the test on a bad format.
func parseDate(t *testing.T, what, s string) time.Time {
	t.Helper()
	if !dateRE.MatchString(s) {
		t.Fatalf("%s = %q, not an Appwrite date", what, s)
	}
	d, err := time.Parse(dateLayout, s)
	if err != nil {
		t.Fatalf("%s = %q: %v", what, s, err)
	}
	return d
}

// suiteCreateAccount checks POST /account: the new user, duplicates and the validators.
func suiteCreateAccount(t *testing.T, tg *suiteTarget) {
	admin := tg.admin(t)
	email := uniqueEmail("Create")
	u, err := admin.Create("unique()", email, testPassword, admin.WithCreateName("Ada Lovelace"))
	mustOK(t, "Create", err)
	if got, want := u.Email, strings.ToLower(email); got != want {
		t.Errorf("Email = %q, want %q (lower-cased)", got, want)
	}
	if u.Name != "Ada Lovelace" || !u.Status || u.EmailVerification || u.Mfa || u.Phone != "" || u.Password != "" {
		t.Errorf("Create returned %+v", u)
	}
	if u.Labels == nil || len(u.Labels) != 0 {
		t.Errorf("Labels = %#v, want []", u.Labels)
	}
	if len(u.Targets) != 1 || u.Targets[0].ProviderType != "email" || u.Targets[0].Identifier != u.Email || u.Targets[0].UserId != u.Id {
		t.Errorf("Targets = %+v, want one e-mail target", u.Targets)
	}
	for what, d := range map[string]string{"$createdAt": u.CreatedAt, "registration": u.Registration, "passwordUpdate": u.PasswordUpdate, "accessedAt": u.AccessedAt} {
		parseDate(t, what, d)
	}

	dup := []struct {
		name, userID, email string
	}{
		{"same e-mail, other case", "unique()", strings.ToUpper(email)},
		{"same ID", u.Id, uniqueEmail("other")},
	}
	for _, tc := range dup {
		_, err := admin.Create(tc.userID, tc.email, testPassword)
		wantError(t, "Create "+tc.name, err, 409, "user_already_exists")
	}

	invalid := []struct {
		name, userID, email, password, msg string
	}{
		{"bad email", "unique()", "not-an-email", testPassword, "Invalid `email` param: Value must be a valid email address"},
		{"short password", "unique()", uniqueEmail("short"), "1234567", "Invalid `password` param: Password must be between 8 and 265 characters long, and should not be one of the commonly used password."},
		{"bad user ID", "_leading", uniqueEmail("id"), testPassword, "Invalid `userId` param: Parameter must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. Can't start with a special char"},
		{"long user ID", strings.Repeat("a", 37), uniqueEmail("id"), testPassword, "Invalid `userId` param: Parameter must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. Can't start with a special char"},
	}
	for _, tc := range invalid {
		_, err := admin.Create(tc.userID, tc.email, tc.password)
		if ae := wantError(t, "Create "+tc.name, err, 400, "general_argument_invalid"); ae.Message != tc.msg {
			t.Errorf("Create %s: message %q, want %q", tc.name, ae.Message, tc.msg)
		}
	}

	// Guests may sign up too, with a custom ID.
	custom := "custom-" + randomHex(4)
	g, err := tg.guest(t).Create(custom, uniqueEmail("guest"), testPassword)
	mustOK(t, "guest Create", err)
	if g.Id != custom {
		t.Errorf("guest Create: Id = %q, want %q", g.Id, custom)
	}
}

// suiteEmailSession checks POST /account/sessions/email: the session, its secret format, who sees the secret, and failures.
func suiteEmailSession(t *testing.T, tg *suiteTarget) {
	id, email := tg.signUp(t, "login")
	s, err := tg.admin(t).CreateEmailPasswordSession(strings.ToUpper(email), testPassword)
	mustOK(t, "CreateEmailPasswordSession", err)
	if s.UserId != id || s.Provider != "email" || s.ProviderUid != email || !s.Current {
		t.Errorf("session = %+v", s)
	}
	if !reflect.DeepEqual(s.Factors, []string{"password"}) {
		t.Errorf("Factors = %v, want [password]", s.Factors)
	}
	created, expire := parseDate(t, "$createdAt", s.CreatedAt), parseDate(t, "expire", s.Expire)
	if tg.emu != nil {
		if d := expire.Sub(created); d != 365*24*time.Hour {
			t.Errorf("expire - created = %v, want 1 year", d)
		}
		if s.CountryCode != "--" || s.CountryName != "Unknown" || s.MfaUpdatedAt != "" || s.ProviderAccessTokenExpiry != "" {
			t.Errorf("session = %+v", s)
		}
	}

	// The secret is Appwrite's: base64 of {"id":…,"secret":<256 hex>}.
	raw, err := base64.StdEncoding.DecodeString(s.Secret)
	mustOK(t, "decode secret", err)
	var st struct{ ID, Secret string }
	mustOK(t, "secret JSON", json.Unmarshal(raw, &st))
	if st.ID != id || !hex256RE.MatchString(st.Secret) {
		t.Errorf("secret decodes to %s", raw)
	}

	// Without a key the secret is not shown.
	gs, err := tg.guest(t).CreateEmailPasswordSession(email, testPassword)
	mustOK(t, "guest CreateEmailPasswordSession", err)
	if gs.Secret != "" {
		t.Errorf("guest session secret = %q, want empty", gs.Secret)
	}

	fails := []struct {
		name, email, password string
		status                int
		typ                   string
	}{
		{"wrong password", email, "wrong-password", 401, "user_invalid_credentials"},
		{"unknown e-mail", uniqueEmail("nobody"), testPassword, 401, "user_invalid_credentials"},
		{"password too short", email, "short", 400, "general_argument_invalid"},
		{"bad e-mail", "nobody@", testPassword, 400, "general_argument_invalid"},
	}
	for _, tc := range fails {
		_, err := tg.admin(t).CreateEmailPasswordSession(tc.email, tc.password)
		wantError(t, tc.name, err, tc.status, tc.typ)
	}
}

// suiteWhoAmI checks GET /account with a session, a key, no credentials and stale secrets.
func suiteWhoAmI(t *testing.T, tg *suiteTarget) {
	id, email := tg.signUp(t, "whoami")
	secret := tg.signIn(t, email, testPassword)
	u, err := tg.as(t, secret).Get()
	mustOK(t, "Get", err)
	if u.Id != id || u.Email != email || u.Password != "" || u.Hash != "" {
		t.Errorf("Get = %+v", u)
	}

	ae := wantError(t, "Get with key only", errOf(tg.admin(t).Get()), 401, "general_unauthorized_scope")
	if !strings.HasSuffix(ae.Message, `(role: applications) missing scopes (["account"])`) {
		t.Errorf("key-only message = %q", ae.Message)
	}
	ae = wantError(t, "Get as guest", errOf(tg.guest(t).Get()), 401, "general_unauthorized_scope")
	if ae.Message != `User (role: guests) missing scopes (["account"])` {
		t.Errorf("guest message = %q", ae.Message)
	}
	for name, s := range map[string]string{
		"garbage secret":   "not a secret",
		"unknown secret":   base64.StdEncoding.EncodeToString([]byte(`{"id":"` + id + `","secret":"` + strings.Repeat("ab", 128) + `"}`)),
		"unknown user":     base64.StdEncoding.EncodeToString([]byte(`{"id":"nobody","secret":"abc"}`)),
		"empty JSON value": base64.StdEncoding.EncodeToString([]byte(`{}`)),
	} {
		wantError(t, "Get with "+name, errOf(tg.as(t, s).Get()), 401, "general_unauthorized_scope")
	}
	// A deleted session is stale: the caller becomes a guest.
	mustOK(t, "DeleteSession", errOf(tg.as(t, secret).DeleteSession("current")))
	wantError(t, "Get with a deleted session", errOf(tg.as(t, secret).Get()), 401, "general_unauthorized_scope")
}

// errOf drops a result and keeps the error.
func errOf[T any](_ T, err error) error { return err }

// suiteUpdateAccount checks PATCH /account/name, /prefs, /password and /email and GET /account/prefs.
func suiteUpdateAccount(t *testing.T, tg *suiteTarget) {
	_, email := tg.signUp(t, "update")
	me := tg.as(t, tg.signIn(t, email, testPassword))

	u, err := me.UpdateName("Grace Hopper")
	mustOK(t, "UpdateName", err)
	if u.Name != "Grace Hopper" {
		t.Errorf("UpdateName: Name = %q", u.Name)
	}
	wantError(t, "UpdateName empty", errOf(me.UpdateName("")), 400, "general_argument_invalid")
	wantError(t, "UpdateName too long", errOf(me.UpdateName(strings.Repeat("x", 129))), 400, "general_argument_invalid")

	prefs, err := me.GetPrefs()
	mustOK(t, "GetPrefs", err)
	var got map[string]any
	mustOK(t, "decode prefs", prefs.Decode(&got))
	if len(got) != 0 {
		t.Errorf("initial prefs = %v, want {}", got)
	}
	want := map[string]any{"theme": "dark", "fontSize": float64(14), "path": "/a/b"}
	_, err = me.UpdatePrefs(want)
	mustOK(t, "UpdatePrefs", err)
	prefs, err = me.GetPrefs()
	mustOK(t, "GetPrefs", err)
	got = nil
	mustOK(t, "decode prefs", prefs.Decode(&got))
	if !reflect.DeepEqual(got, want) {
		t.Errorf("GetPrefs = %v, want %v", got, want)
	}
	wantError(t, "UpdatePrefs list", errOf(me.UpdatePrefs([]int{1, 2})), 400, "general_argument_invalid")

	const newPassword = "another-long-password"
	wantError(t, "UpdatePassword wrong old", errOf(me.UpdatePassword(newPassword, me.WithUpdatePasswordOldPassword("not-the-password"))), 401, "user_invalid_credentials")
	wantError(t, "UpdatePassword no old", errOf(me.UpdatePassword(newPassword)), 401, "user_invalid_credentials")
	u, err = me.UpdatePassword(newPassword, me.WithUpdatePasswordOldPassword(testPassword))
	mustOK(t, "UpdatePassword", err)
	parseDate(t, "passwordUpdate", u.PasswordUpdate)
	tg.signIn(t, email, newPassword)
	wantError(t, "login with old password", errOf(tg.admin(t).CreateEmailPasswordSession(email, testPassword)), 401, "user_invalid_credentials")

	newEmail := uniqueEmail("Moved")
	wantError(t, "UpdateEmail wrong password", errOf(me.UpdateEmail(newEmail, testPassword)), 401, "user_invalid_credentials")
	u, err = me.UpdateEmail(newEmail, newPassword)
	mustOK(t, "UpdateEmail", err)
	if u.Email != strings.ToLower(newEmail) || u.EmailVerification {
		t.Errorf("UpdateEmail: %+v", u)
	}
	if len(u.Targets) != 1 || u.Targets[0].Identifier != strings.ToLower(newEmail) {
		t.Errorf("UpdateEmail: targets %+v", u.Targets)
	}
	tg.signIn(t, newEmail, newPassword)
	_, other := tg.signUp(t, "taken")
	wantError(t, "UpdateEmail to a taken address", errOf(me.UpdateEmail(other, newPassword)), 409, "user_target_already_exists")
}

// suiteAnonymous checks POST /account/sessions/anonymous and turning the user into a normal one.
func suiteAnonymous(t *testing.T, tg *suiteTarget) {
	s, err := tg.admin(t).CreateAnonymousSession()
	mustOK(t, "CreateAnonymousSession", err)
	if s.Provider != "anonymous" || !reflect.DeepEqual(s.Factors, []string{"anonymous"}) || s.Secret == "" || !s.Current {
		t.Errorf("anonymous session = %+v", s)
	}
	me := tg.as(t, s.Secret)
	u, err := me.Get()
	mustOK(t, "Get", err)
	if u.Id != s.UserId || u.Email != "" || u.Name != "" || u.PasswordUpdate != "" || len(u.Targets) != 0 {
		t.Errorf("anonymous user = %+v", u)
	}
	// PATCH /account/email turns an anonymous user into a normal one.
	email := uniqueEmail("anon")
	u, err = me.UpdateEmail(email, testPassword)
	mustOK(t, "UpdateEmail", err)
	if u.Email != email || u.PasswordUpdate == "" {
		t.Errorf("converted user = %+v", u)
	}
	tg.signIn(t, email, testPassword)

	g, err := tg.guest(t).CreateAnonymousSession()
	mustOK(t, "guest CreateAnonymousSession", err)
	if g.Secret != "" {
		t.Errorf("guest anonymous session: secret %q, want empty", g.Secret)
	}
}

// suiteSessions checks listing, reading, extending and deleting sessions.
func suiteSessions(t *testing.T, tg *suiteTarget) {
	_, email := tg.signUp(t, "sessions")
	s1, s2 := tg.signIn(t, email, testPassword), tg.signIn(t, email, testPassword)
	me := tg.as(t, s1)

	list, err := me.ListSessions()
	mustOK(t, "ListSessions", err)
	cur, err := me.GetSession("current")
	mustOK(t, "GetSession(current)", err)
	if list.Total != 2 || len(list.Sessions) != 2 {
		t.Fatalf("ListSessions = %d/%d sessions, want 2", list.Total, len(list.Sessions))
	}
	var otherID string
	for _, s := range list.Sessions {
		if s.Secret != "" {
			t.Errorf("listed session %s shows its secret", s.Id)
		}
		if s.Current != (s.Id == cur.Id) {
			t.Errorf("session %s: current = %v", s.Id, s.Current)
		}
		if s.Id != cur.Id {
			otherID = s.Id
		}
	}
	if !cur.Current || cur.Secret != "" || cur.CountryName == "" {
		t.Errorf("GetSession(current) = %+v", cur)
	}
	other, err := me.GetSession(otherID)
	mustOK(t, "GetSession(other)", err)
	if other.Current || other.Id != otherID {
		t.Errorf("GetSession(other) = %+v", other)
	}
	wantError(t, "GetSession unknown", errOf(me.GetSession("unknown0000")), 404, "user_session_not_found")
	wantError(t, "GetSession bad ID", errOf(me.GetSession("_bad")), 400, "general_argument_invalid")

	upd, err := me.UpdateSession("current")
	if !tg.release() {
		// The branch refuses to refresh sessions of no OAuth2 provider.
		wantError(t, "UpdateSession", err, 400, "project_provider_unsupported")
	} else {
		mustOK(t, "UpdateSession", err)
		if upd.Id != cur.Id || parseDate(t, "expire", upd.Expire).Before(parseDate(t, "expire", cur.Expire)) {
			t.Errorf("UpdateSession = %+v", upd)
		}
	}

	mustOK(t, "DeleteSession(other)", errOf(me.DeleteSession(otherID)))
	wantError(t, "Get with the deleted session", errOf(tg.as(t, s2).Get()), 401, "general_unauthorized_scope")
	wantError(t, "DeleteSession again", errOf(me.DeleteSession(otherID)), 404, "user_session_not_found")
	mustOK(t, "DeleteSession(current)", errOf(me.DeleteSession("current")))
	wantError(t, "Get after sign-out", errOf(me.Get()), 401, "general_unauthorized_scope")

	s3, s4 := tg.signIn(t, email, testPassword), tg.signIn(t, email, testPassword)
	mustOK(t, "DeleteSessions", errOf(tg.as(t, s3).DeleteSessions()))
	wantError(t, "Get after DeleteSessions", errOf(tg.as(t, s4).Get()), 401, "general_unauthorized_scope")
}

// suiteJWT checks POST /account/jwts and acting with X-Appwrite-JWT.
func suiteJWT(t *testing.T, tg *suiteTarget) {
	id, email := tg.signUp(t, "jwt")
	secret := tg.signIn(t, email, testPassword)
	me := tg.as(t, secret)
	before := time.Now().Unix()
	j, err := me.CreateJWT(me.WithCreateJWTDuration(600))
	mustOK(t, "CreateJWT", err)
	// The release has no duration param: every JWT lives 900 s.
	wantLifetime := int64(600)
	if tg.release() {
		wantLifetime = 900
	}
	if exp := jwtExp(t, j.Jwt); exp < before+wantLifetime-1 || exp > time.Now().Unix()+wantLifetime+1 {
		t.Errorf("JWT exp = %d, want about now + %d s", exp, wantLifetime)
	}
	jc := appwrite.NewAccount(tg.sdk(t, appwrite.WithJWT(j.Jwt)))
	u, err := jc.Get()
	mustOK(t, "Get with JWT", err)
	if u.Id != id {
		t.Errorf("Get with JWT: Id = %q, want %q", u.Id, id)
	}
	list, err := jc.ListSessions()
	mustOK(t, "ListSessions with JWT", err)
	for _, s := range list.Sessions {
		if s.Current {
			t.Errorf("with a JWT no session is current, got %s", s.Id)
		}
	}
	wantError(t, "GetSession(current) with JWT", errOf(jc.GetSession("current")), 404, "user_session_not_found")
	wantError(t, "CreateJWT with JWT", errOf(jc.CreateJWT()), 404, "user_session_not_found")

	both := appwrite.NewAccount(tg.sdk(t, appwrite.WithJWT(j.Jwt), appwrite.WithSession(secret)))
	if tg.release() {
		// The release lets the JWT's user replace the session's.
		u, err := both.Get()
		mustOK(t, "JWT and session", err)
		if u.Id != id {
			t.Errorf("JWT and session: Id = %q, want %q", u.Id, id)
		}
	} else {
		wantError(t, "JWT and session", errOf(both.Get()), 403, "user_jwt_and_cookie_set")
	}

	tampered := j.Jwt[:len(j.Jwt)-2] + "AA"
	if tampered == j.Jwt {
		tampered = j.Jwt[:len(j.Jwt)-2] + "BB"
	}
	ae := wantError(t, "tampered JWT", errOf(appwrite.NewAccount(tg.sdk(t, appwrite.WithJWT(tampered))).Get()), 401, "user_jwt_invalid")
	if !strings.HasPrefix(ae.Message, "Failed to verify JWT.") {
		t.Errorf("tampered JWT message = %q", ae.Message)
	}
	if tg.release() {
		// The release ignores a duration param it does not have.
		long, err := me.CreateJWT(me.WithCreateJWTDuration(3601))
		mustOK(t, "JWT duration too long", err)
		if exp := jwtExp(t, long.Jwt); exp > time.Now().Unix()+901 {
			t.Errorf("JWT asked for 3601 s: exp %d is more than 900 s away", exp)
		}
	} else {
		wantError(t, "JWT duration too long", errOf(me.CreateJWT(me.WithCreateJWTDuration(3601))), 400, "general_argument_invalid")
	}
	wantError(t, "CreateJWT with key only", errOf(tg.admin(t).CreateJWT()), 401, "general_unauthorized_scope")

	// Once its session is gone the JWT makes a guest.
	mustOK(t, "DeleteSession", errOf(me.DeleteSession("current")))
	wantError(t, "JWT of a deleted session", errOf(jc.Get()), 401, "general_unauthorized_scope")
}

// jwtExp returns the exp claim of a JWT, read without checking it.
func jwtExp(t *testing.T, jwt string) int64 {
	t.Helper()
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		t.Fatalf("JWT = %q", jwt)
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	mustOK(t, "decode JWT payload", err)
	var claims struct {
		Exp int64 `json:"exp"`
	}
	mustOK(t, "decode JWT claims", json.Unmarshal(payload, &claims))
	return claims.Exp
}

// suiteMagicURL checks the magic URL token, its e-mail and the sessions it buys.
func suiteMagicURL(t *testing.T, tg *suiteTarget) {
	admin := tg.admin(t)
	email := uniqueEmail("magic")
	tok, err := admin.CreateMagicURLToken("unique()", email,
		admin.WithCreateMagicURLTokenUrl(tg.redirectURL()), admin.WithCreateMagicURLTokenPhrase(true))
	if tg.emu == nil && err != nil && asAppwriteError(t, err).Type == "general_smtp_disabled" {
		t.Skip("the real project has no SMTP")
	}
	mustOK(t, "CreateMagicURLToken", err)
	if !hex64RE.MatchString(tok.Secret) || tok.Phrase == "" {
		t.Errorf("magic URL token = %+v", tok)
	}
	if d := parseDate(t, "expire", tok.Expire).Sub(parseDate(t, "$createdAt", tok.CreatedAt)); d != time.Hour {
		t.Errorf("magic URL token lifetime %v, want 1h", d)
	}

	if tg.emu != nil {
		m, ok := tg.emu.LastMessage(email, MessageMagicURL)
		if !ok {
			t.Fatalf("no magic URL e-mail to %s", email)
		}
		link, err := url.Parse(m.Link)
		mustOK(t, "parse link", err)
		q := link.Query()
		if link.Host != "localhost" || link.Path != "/auth/callback" || q.Get("userId") != tok.UserId ||
			q.Get("secret") != tok.Secret || q.Get("expire") != tok.Expire || q.Get("project") != tg.project || m.Secret != tok.Secret {
			t.Errorf("magic URL e-mail %+v", m)
		}
	}

	g, err := tg.guest(t).CreateMagicURLToken("unique()", email, tg.guest(t).WithCreateMagicURLTokenUrl(tg.redirectURL()))
	mustOK(t, "guest CreateMagicURLToken", err)
	if g.Secret != "" || g.UserId != tok.UserId || g.Phrase != "" {
		t.Errorf("guest magic URL token = %+v", g)
	}

	s, err := admin.CreateSession(tok.UserId, tok.Secret)
	mustOK(t, "CreateSession", err)
	if s.Provider != "magic-url" || !reflect.DeepEqual(s.Factors, []string{"email"}) || s.Secret == "" {
		t.Errorf("magic URL session = %+v", s)
	}
	wantError(t, "reuse magic URL token", errOf(admin.CreateSession(tok.UserId, tok.Secret)), 401, "user_invalid_token")
	u, err := tg.users(t).Get(tok.UserId)
	mustOK(t, "users.Get", err)
	if !u.EmailVerification || u.Password != "" {
		t.Errorf("magic URL user = %+v", u)
	}

	// The deprecated PUT /account/sessions/magic-url spends a token too.
	tok2, err := admin.CreateMagicURLToken("unique()", email, admin.WithCreateMagicURLTokenUrl(tg.redirectURL()))
	mustOK(t, "CreateMagicURLToken", err)
	s2, err := admin.UpdateMagicURLSession(tok2.UserId, tok2.Secret)
	mustOK(t, "UpdateMagicURLSession", err)
	if s2.Provider != "magic-url" {
		t.Errorf("UpdateMagicURLSession: provider %q", s2.Provider)
	}

	ae := wantError(t, "unregistered url", errOf(admin.CreateMagicURLToken("unique()", email, admin.WithCreateMagicURLTokenUrl("https://evil.example/cb"))), 400, "general_argument_invalid")
	if want := "Invalid `url` param: Invalid URI. Register your new client (evil.example) as a new Web platform on your project console dashboard"; ae.Message != want {
		t.Errorf("unregistered url: %q, want %q", ae.Message, want)
	}
}

// suiteEmailOTP checks the e-mail OTP token and the session it buys.
func suiteEmailOTP(t *testing.T, tg *suiteTarget) {
	admin := tg.admin(t)
	email := uniqueEmail("otp")
	tok, err := admin.CreateEmailToken("unique()", email)
	if tg.emu == nil && err != nil && asAppwriteError(t, err).Type == "general_smtp_disabled" {
		t.Skip("the real project has no SMTP")
	}
	mustOK(t, "CreateEmailToken", err)
	if !digits6.MatchString(tok.Secret) || tok.Phrase != "" {
		t.Errorf("OTP token = %+v", tok)
	}
	if d := parseDate(t, "expire", tok.Expire).Sub(parseDate(t, "$createdAt", tok.CreatedAt)); d != 15*time.Minute {
		t.Errorf("OTP lifetime %v, want 15m", d)
	}
	if tg.emu != nil {
		if m, ok := tg.emu.LastMessage(email, MessageEmailOTP); !ok || m.Code != tok.Secret || m.UserID != tok.UserId {
			t.Errorf("OTP e-mail %+v (found %v)", m, ok)
		}
	}
	wrong := "000000"
	if wrong == tok.Secret {
		wrong = "111111"
	}
	wantError(t, "wrong code", errOf(admin.CreateSession(tok.UserId, wrong)), 401, "user_invalid_token")
	s, err := admin.CreateSession(tok.UserId, tok.Secret)
	mustOK(t, "CreateSession", err)
	if s.Provider != "token" || !reflect.DeepEqual(s.Factors, []string{"email"}) {
		t.Errorf("OTP session = %+v", s)
	}
	wantError(t, "reuse code", errOf(admin.CreateSession(tok.UserId, tok.Secret)), 401, "user_invalid_token")
	wantError(t, "unknown user", errOf(admin.CreateSession("nobody000", tok.Secret)), 401, "user_invalid_token")

	g, err := tg.guest(t).CreateEmailToken("unique()", email, tg.guest(t).WithCreateEmailTokenPhrase(true))
	mustOK(t, "guest CreateEmailToken", err)
	if g.Secret != "" || g.Phrase == "" {
		t.Errorf("guest OTP token = %+v", g)
	}
}

// suiteUsersToken checks POST /users/{userId}/tokens and spending the token.
func suiteUsersToken(t *testing.T, tg *suiteTarget) {
	id, _ := tg.signUp(t, "utoken")
	uu := tg.users(t)
	tok, err := uu.CreateToken(id)
	mustOK(t, "CreateToken", err)
	if len(tok.Secret) != 6 || tok.UserId != id {
		t.Errorf("CreateToken = %+v", tok)
	}
	if d := parseDate(t, "expire", tok.Expire).Sub(parseDate(t, "$createdAt", tok.CreatedAt)); d != 15*time.Minute {
		t.Errorf("default token lifetime %v, want 15m", d)
	}
	long, err := uu.CreateToken(id, uu.WithCreateTokenLength(64), uu.WithCreateTokenExpire(120))
	mustOK(t, "CreateToken(64, 120s)", err)
	if len(long.Secret) != 64 {
		t.Errorf("CreateToken(64): secret %q", long.Secret)
	}
	s, err := tg.admin(t).CreateSession(id, tok.Secret)
	mustOK(t, "CreateSession", err)
	if s.Provider != "token" || !reflect.DeepEqual(s.Factors, []string{"token"}) {
		t.Errorf("token session = %+v", s)
	}
	// The deprecated PUT /account/sessions/phone spends any session token.
	phone, err := tg.admin(t).UpdatePhoneSession(id, long.Secret)
	mustOK(t, "UpdatePhoneSession", err)
	if phone.Provider != "token" || phone.UserId != id {
		t.Errorf("UpdatePhoneSession = %+v", phone)
	}
	wantError(t, "CreateToken unknown user", errOf(uu.CreateToken("nobody000")), 404, "user_not_found")
	wantError(t, "CreateToken length 3", errOf(uu.CreateToken(id, uu.WithCreateTokenLength(3))), 400, "general_argument_invalid")
	wantError(t, "CreateToken expire 59", errOf(uu.CreateToken(id, uu.WithCreateTokenExpire(59))), 400, "general_argument_invalid")
}

// suiteRecovery checks POST and PUT /account/recovery.
func suiteRecovery(t *testing.T, tg *suiteTarget) {
	id, email := tg.signUp(t, "recovery")
	admin := tg.admin(t)
	tok, err := admin.CreateRecovery(email, tg.redirectURL())
	if tg.emu == nil && err != nil && asAppwriteError(t, err).Type == "general_smtp_disabled" {
		t.Skip("the real project has no SMTP")
	}
	mustOK(t, "CreateRecovery", err)
	if !hex256RE.MatchString(tok.Secret) || tok.UserId != id {
		t.Errorf("recovery token = %+v", tok)
	}
	if tg.emu != nil {
		m, ok := tg.emu.LastMessage(email, MessageRecovery)
		link, _ := url.Parse(m.Link)
		if !ok || link.Query().Get("secret") != tok.Secret || link.Query().Get("userId") != id || link.Query().Get("expire") != tok.Expire {
			t.Errorf("recovery e-mail %+v", m)
		}
	}
	g, err := tg.guest(t).CreateRecovery(email, tg.redirectURL())
	mustOK(t, "guest CreateRecovery", err)
	if g.Secret != "" {
		t.Errorf("guest recovery token shows its secret")
	}

	const newPassword = "recovered-password"
	done, err := admin.UpdateRecovery(id, tok.Secret, newPassword)
	mustOK(t, "UpdateRecovery", err)
	if done.Id != tok.Id || done.Secret == tok.Secret {
		t.Errorf("UpdateRecovery = %+v", done)
	}
	tg.signIn(t, email, newPassword)
	u, err := tg.users(t).Get(id)
	mustOK(t, "users.Get", err)
	if !u.EmailVerification {
		t.Errorf("recovery did not verify the e-mail address")
	}
	wantError(t, "reuse recovery", errOf(admin.UpdateRecovery(id, tok.Secret, newPassword)), 401, "user_invalid_token")
	wantError(t, "recovery of unknown user", errOf(admin.UpdateRecovery("nobody000", tok.Secret, newPassword)), 404, "user_not_found")
	wantError(t, "recovery short password", errOf(admin.UpdateRecovery(id, tok.Secret, "short")), 400, "general_argument_invalid")
	wantError(t, "recovery for unknown e-mail", errOf(admin.CreateRecovery(uniqueEmail("nobody"), tg.redirectURL())), 404, "user_not_found")
	wantError(t, "recovery to unregistered host", errOf(admin.CreateRecovery(email, "https://evil.example/reset")), 400, "general_argument_invalid")
}

// suiteVerification checks POST and PUT /account/verifications/email.
func suiteVerification(t *testing.T, tg *suiteTarget) {
	id, email := tg.signUp(t, "verify")
	me := tg.as(t, tg.signIn(t, email, testPassword))
	tok, err := me.CreateEmailVerification(tg.redirectURL())
	if tg.emu == nil && err != nil && asAppwriteError(t, err).Type == "general_smtp_disabled" {
		t.Skip("the real project has no SMTP")
	}
	mustOK(t, "CreateEmailVerification", err)
	if tok.Secret != "" || tok.UserId != id {
		t.Errorf("verification token for a session caller = %+v", tok)
	}
	wantError(t, "CreateEmailVerification with key only", errOf(tg.admin(t).CreateEmailVerification(tg.redirectURL())), 401, "general_unauthorized_scope")
	wantError(t, "UpdateEmailVerification with key", errOf(tg.admin(t).UpdateEmailVerification(id, "whatever")), 401, "general_unauthorized_scope")
	wantError(t, "UpdateEmailVerification wrong secret", errOf(tg.guest(t).UpdateEmailVerification(id, "wrong")), 401, "user_invalid_token")
	wantError(t, "UpdateEmailVerification unknown user", errOf(tg.guest(t).UpdateEmailVerification("nobody000", "wrong")), 404, "user_not_found")

	tg.emulatorOnly(t)
	m, ok := tg.emu.LastMessage(email, MessageVerification)
	if !ok || !hex256RE.MatchString(m.Secret) || !strings.HasPrefix(m.Link, tg.redirectURL()+"?userId="+id+"&secret=") {
		t.Fatalf("verification e-mail %+v", m)
	}
	done, err := tg.guest(t).UpdateEmailVerification(id, m.Secret)
	mustOK(t, "UpdateEmailVerification", err)
	if done.Secret != "" {
		t.Errorf("UpdateEmailVerification shows the secret to a guest")
	}
	u, err := me.Get()
	mustOK(t, "Get", err)
	if !u.EmailVerification {
		t.Errorf("e-mail not verified")
	}
	wantError(t, "reuse verification", errOf(tg.guest(t).UpdateEmailVerification(id, m.Secret)), 401, "user_invalid_token")
	wantError(t, "verify again", errOf(me.CreateEmailVerification(tg.redirectURL())), 409, "user_email_already_verified")
	// The deprecated method name uses the same route.
	wantError(t, "CreateVerification", errOf(me.CreateVerification(tg.redirectURL())), 409, "user_email_already_verified")
}

// suiteMFA checks the MFA gate and the e-mail factor challenge.
func suiteMFA(t *testing.T, tg *suiteTarget) {
	tg.emulatorOnly(t)
	id, email := tg.signUp(t, "mfa")
	me := tg.as(t, tg.signIn(t, email, testPassword))
	wantError(t, "challenge with unverified e-mail", errOf(me.CreateMFAChallenge("email")), 400, "user_email_not_verified")
	mustOK(t, "SetEmailVerified", tg.emu.SetEmailVerified(id, true))

	f, err := me.ListMFAFactors()
	mustOK(t, "ListMFAFactors", err)
	if !f.Email || f.Totp || f.Phone || f.RecoveryCode {
		t.Errorf("factors = %+v", f)
	}
	u, err := me.UpdateMFA(true)
	mustOK(t, "UpdateMFA(true)", err)
	if !u.Mfa {
		t.Errorf("UpdateMFA: mfa = false")
	}
	// The session that turned MFA on has the e-mail factor already.
	mustOK(t, "Get by the enabling session", errOf(me.Get()))

	secret := tg.signIn(t, email, testPassword)
	me2 := tg.as(t, secret)
	wantError(t, "Get before MFA", errOf(me2.Get()), 401, "user_more_factors_required")
	wantError(t, "ListSessions before MFA", errOf(me2.ListSessions()), 401, "user_more_factors_required")
	mustOK(t, "ListMFAFactors before MFA", errOf(me2.ListMFAFactors()))

	ch, err := me2.CreateMFAChallenge("email")
	mustOK(t, "CreateMFAChallenge", err)
	if ch.UserId != id || parseDate(t, "expire", ch.Expire).Sub(parseDate(t, "$createdAt", ch.CreatedAt)) != time.Hour {
		t.Errorf("challenge = %+v", ch)
	}
	m, ok := tg.emu.LastMessage(email, MessageMFA)
	if !ok || !digits6.MatchString(m.Code) {
		t.Fatalf("MFA e-mail %+v", m)
	}
	wrong := "000000"
	if wrong == m.Code {
		wrong = "111111"
	}
	wantError(t, "wrong MFA code", errOf(me2.UpdateMFAChallenge(ch.Id, wrong)), 401, "user_invalid_token")
	s, err := me2.UpdateMFAChallenge(ch.Id, m.Code)
	mustOK(t, "UpdateMFAChallenge", err)
	if !reflect.DeepEqual(s.Factors, []string{"password", "email"}) || s.MfaUpdatedAt == "" {
		t.Errorf("session after challenge = %+v", s)
	}
	mustOK(t, "Get after MFA", errOf(me2.Get()))
	wantError(t, "reuse challenge", errOf(me2.UpdateMFAChallenge(ch.Id, m.Code)), 401, "user_invalid_token")

	wantError(t, "challenge bad factor", errOf(me2.CreateMFAChallenge("sms")), 400, "general_argument_invalid")
	wantError(t, "challenge phone", errOf(me2.CreateMFAChallenge("phone")), 503, "general_phone_disabled")

	// Signing out is allowed before the second factor.
	me3 := tg.as(t, tg.signIn(t, email, testPassword))
	mustOK(t, "DeleteSession before MFA", errOf(me3.DeleteSession("current")))

	_, err = me.UpdateMFA(false)
	mustOK(t, "UpdateMFA(false)", err)
	mustOK(t, "Get without MFA", errOf(tg.as(t, tg.signIn(t, email, testPassword)).Get()))
}

// noRedirects is a jar-less client that does not follow redirects and
// checks responses against the spec.
func (tg *suiteTarget) noRedirects(t *testing.T) *http.Client {
	c := tg.httpClient(t)
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return c
}

// get fetches rawURL with c and returns the response and its body.
func get(t *testing.T, c *http.Client, rawURL string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(rawURL)
	mustOK(t, "GET "+rawURL, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	mustOK(t, "read body", err)
	return resp, string(b)
}

// suiteOAuth2 checks the OAuth2 token flow through the fake provider.
func suiteOAuth2(t *testing.T, tg *suiteTarget) {
	success, failure := "http://localhost/oauth/success?from=test", "http://localhost/oauth/failure"

	// The SDK follows the 301 (or, without redirects, cannot decode it).
	c := tg.sdk(t)
	c.Client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	acc := appwrite.NewAccount(c)
	_, err := acc.CreateOAuth2Token("github", acc.WithCreateOAuth2TokenSuccess(success), acc.WithCreateOAuth2TokenFailure(failure))
	if err == nil || err.Error() != "unexpected response type" {
		t.Errorf("SDK CreateOAuth2Token without redirects: err = %v, want \"unexpected response type\"", err)
	}
	tg.emulatorOnly(t)

	start := tg.endpoint + "/account/tokens/oauth2/github?" + url.Values{
		"project": {tg.project}, "success": {success}, "failure": {failure}, "scopes[]": {"read:user"},
	}.Encode()
	browser := tg.noRedirects(t)
	resp, body := get(t, browser, start)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusMovedPermanently || body != "" || strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") ||
		resp.Header.Get("Cache-Control") != "no-store, no-cache, must-revalidate, max-age=0" || !strings.Contains(loc, "/__emulator/oauth2/github/authorize?state=") {
		t.Fatalf("OAuth2 start: %d %v %q", resp.StatusCode, resp.Header, body)
	}
	resp, body = get(t, browser, loc)
	if resp.StatusCode != 200 || !strings.Contains(body, "<form") || !strings.Contains(body, `name="email"`) || !strings.Contains(body, "GitHub") {
		t.Errorf("provider page: %d %s", resp.StatusCode, body)
	}

	email := uniqueEmail("oauth")
	resp, _ = get(t, browser, loc+"&"+url.Values{"email": {email}, "name": {"Octo Cat"}}.Encode())
	back, err := url.Parse(resp.Header.Get("Location"))
	mustOK(t, "parse success redirect", err)
	q := back.Query()
	if resp.StatusCode != http.StatusMovedPermanently || back.Host != "localhost" || back.Path != "/oauth/success" ||
		q.Get("from") != "test" || !hex64RE.MatchString(q.Get("secret")) || q.Get("userId") == "" {
		t.Fatalf("success redirect: %d %s", resp.StatusCode, back)
	}
	s, err := tg.admin(t).CreateSession(q.Get("userId"), q.Get("secret"))
	mustOK(t, "CreateSession from OAuth2 token", err)
	if s.Provider != "oauth2" || !reflect.DeepEqual(s.Factors, []string{"email"}) {
		t.Errorf("OAuth2 session = %+v", s)
	}
	u, err := tg.as(t, s.Secret).Get()
	mustOK(t, "Get", err)
	if u.Email != email || u.Name != "Octo Cat" || !u.EmailVerification {
		t.Errorf("OAuth2 user = %+v", u)
	}
	me := tg.as(t, s.Secret)
	ids, err := me.ListIdentities()
	mustOK(t, "ListIdentities", err)
	if ids.Total != 1 || len(ids.Identities) != 1 || ids.Identities[0].Provider != "github" ||
		ids.Identities[0].ProviderEmail != email || ids.Identities[0].UserId != u.Id || ids.Identities[0].Id == "" {
		t.Errorf("ListIdentities = %+v", ids)
	}
	if tg.emu != nil { // the emulator supports no queries
		wantError(t, "ListIdentities with queries", errOf(me.ListIdentities(me.WithListIdentitiesQueries([]string{`{"method":"limit","values":[1]}`}))), 400, "general_query_invalid")
	}
	wantError(t, "reuse OAuth2 token", errOf(tg.admin(t).CreateSession(q.Get("userId"), q.Get("secret"))), 401, "user_invalid_token")

	// The state is single use.
	resp, _ = get(t, browser, loc+"&email="+url.QueryEscape(email))
	if resp.StatusCode != 400 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("reused state: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}

	// Signing in again with the same address finds the same user.
	resp, _ = get(t, browser, start)
	resp, _ = get(t, browser, resp.Header.Get("Location")+"&email="+url.QueryEscape(email))
	back, _ = url.Parse(resp.Header.Get("Location"))
	if back.Query().Get("userId") != u.Id {
		t.Errorf("second OAuth2 login: userId %q, want %q", back.Query().Get("userId"), u.Id)
	}

	// Denied access ends at failure with Appwrite's error JSON.
	resp, _ = get(t, browser, start)
	resp, _ = get(t, browser, resp.Header.Get("Location")+"&error=access_denied")
	back, _ = url.Parse(resp.Header.Get("Location"))
	var oerr struct {
		Message string `json:"message"`
		Type    string `json:"type"`
		Code    int    `json:"code"`
	}
	mustOK(t, "decode error param", json.Unmarshal([]byte(back.Query().Get("error")), &oerr))
	if back.Path != "/oauth/failure" || oerr.Type != "user_oauth2_provider_error" || oerr.Code != 424 ||
		oerr.Message != "The GitHub OAuth2 provider returned an error: access_denied" {
		t.Errorf("failure redirect %s: %+v", back, oerr)
	}

	bad := []struct{ name, rawURL, want string }{
		{"unregistered success", tg.endpoint + "/account/tokens/oauth2/github?project=" + tg.project + "&success=" + url.QueryEscape("https://evil.example/ok"), "Invalid `success` param"},
		{"unknown provider", tg.endpoint + "/account/tokens/oauth2/myspace?project=" + tg.project, "Invalid `provider` param"},
		{"unknown project", tg.endpoint + "/account/tokens/oauth2/github?project=nope", "Project with the requested ID could not be found"},
	}
	for _, tc := range bad {
		resp, body := get(t, browser, tc.rawURL)
		if resp.StatusCode < 400 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d %s %s", tc.name, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	}
}

// suiteUsers checks the /users routes the SSR function uses.
func suiteUsers(t *testing.T, tg *suiteTarget) {
	id, email := tg.signUp(t, "users")
	tg.signIn(t, email, testPassword)
	tg.signIn(t, email, testPassword)
	uu := tg.users(t)

	u, err := uu.Get(id)
	mustOK(t, "Get", err)
	if u.Id != id || u.Email != email || u.Password == "" || u.Hash == "" || u.HashOptions == nil {
		t.Errorf("users.Get = %+v", u)
	}
	list, err := uu.ListSessions(id)
	mustOK(t, "ListSessions", err)
	if list.Total != 2 || len(list.Sessions) != 2 {
		t.Errorf("ListSessions: %d/%d, want 2", list.Total, len(list.Sessions))
	}
	for _, s := range list.Sessions {
		if s.Current {
			t.Errorf("users.ListSessions: session %s is current", s.Id)
		}
	}
	list, err = uu.ListSessions(id, uu.WithListSessionsTotal(false))
	mustOK(t, "ListSessions(total=false)", err)
	if list.Total != 0 || len(list.Sessions) != 2 {
		t.Errorf("ListSessions(total=false): %d/%d, want 0/2", list.Total, len(list.Sessions))
	}

	s, err := uu.CreateSession(id)
	mustOK(t, "CreateSession", err)
	if s.Provider != "server" || !reflect.DeepEqual(s.Factors, []string{"server"}) || s.Secret == "" || s.Current {
		t.Errorf("users.CreateSession = %+v", s)
	}
	mustOK(t, "Get with server session", errOf(tg.as(t, s.Secret).Get()))
	mustOK(t, "DeleteSession", errOf(uu.DeleteSession(id, s.Id)))
	wantError(t, "Get with deleted server session", errOf(tg.as(t, s.Secret).Get()), 401, "general_unauthorized_scope")
	wantError(t, "DeleteSession unknown", errOf(uu.DeleteSession(id, "nosession000")), 404, "user_session_not_found")

	mustOK(t, "DeleteSessions", errOf(uu.DeleteSessions(id)))
	list, err = uu.ListSessions(id)
	mustOK(t, "ListSessions", err)
	if list.Total != 0 {
		t.Errorf("ListSessions after DeleteSessions: %d", list.Total)
	}

	mustOK(t, "Delete", errOf(uu.Delete(id)))
	for name, err := range map[string]error{
		"Get deleted":            errOf(uu.Get(id)),
		"ListSessions deleted":   errOf(uu.ListSessions(id)),
		"CreateSession deleted":  errOf(uu.CreateSession(id)),
		"DeleteSessions deleted": errOf(uu.DeleteSessions(id)),
		"Delete deleted":         errOf(uu.Delete(id)),
	} {
		wantError(t, name, err, 404, "user_not_found")
	}
	wantError(t, "login as deleted user", errOf(tg.admin(t).CreateEmailPasswordSession(email, testPassword)), 401, "user_invalid_credentials")
}

// suiteSharedAdminClient shows why the SSR function must not share one SDK
// client: its cookie jar keeps the first user's session cookie, and the
// next login through it fails.
func suiteSharedAdminClient(t *testing.T, tg *suiteTarget) {
	_, email1 := tg.signUp(t, "shared1")
	_, email2 := tg.signUp(t, "shared2")
	shared := appwrite.NewAccount(tg.sdkWithJar(t, appwrite.WithKey(tg.key)))
	_, err := shared.CreateEmailPasswordSession(email1, testPassword)
	mustOK(t, "first login on the shared client", err)
	if tg.release() {
		// The release refuses a key sent with a session outright.
		wantError(t, "second login on the shared client", errOf(shared.CreateEmailPasswordSession(email2, testPassword)), 403, "user_key_and_session_set")
	} else {
		wantError(t, "second login on the shared client", errOf(shared.CreateEmailPasswordSession(email2, testPassword)), 401, "user_session_already_exists")
	}

	for _, email := range []string{email1, email2} {
		fresh := appwrite.NewAccount(tg.sdk(t, appwrite.WithKey(tg.key)))
		if _, err := fresh.CreateEmailPasswordSession(email, testPassword); err != nil {
			t.Errorf("login of %s on a per-request client: %v", email, err)
		}
	}
}

// suiteErrors checks unknown projects and routes.
func suiteErrors(t *testing.T, tg *suiteTarget) {
	wrongProject := appwrite.NewAccount(tg.sdk(t, appwrite.WithProject("no-such-project-0")))
	wantError(t, "unknown project", errOf(wrongProject.Get()), 404, "project_not_found")

	req, err := http.NewRequest(http.MethodGet, tg.endpoint+"/account/no-such-route", nil)
	mustOK(t, "NewRequest", err)
	req.Header.Set("X-Appwrite-Project", tg.project)
	resp, err := tg.httpClient(t).Do(req)
	mustOK(t, "GET unknown route", err)
	defer resp.Body.Close()
	var body appwriteError
	mustOK(t, "decode", json.NewDecoder(resp.Body).Decode(&body))
	if resp.StatusCode != 404 || body.Type != "general_route_not_found" || body.Code != 404 {
		t.Errorf("unknown route: %d %+v", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=UTF-8" {
		t.Errorf("error Content-Type = %q", ct)
	}
}

// suiteHealthVersion checks GET /health/version.
func suiteHealthVersion(t *testing.T, tg *suiteTarget) {
	resp, body := get(t, tg.httpClient(t), tg.endpoint+"/health/version")
	var v struct {
		Version string `json:"version"`
	}
	if err := json.Unmarshal([]byte(body), &v); err != nil || resp.StatusCode != 200 || v.Version == "" {
		t.Fatalf("health/version: %d %s", resp.StatusCode, body)
	}
	if tg.emu != nil && v.Version != "1.8.1" {
		t.Errorf("version = %q, want 1.8.1", v.Version)
	}
}

// Compile-time check that the SDK's client type is what the helpers build.
var _ = client.Client{}
