package appwritetest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/appwrite/sdk-for-go/appwrite"
	"github.com/appwrite/sdk-for-go/client"
	"github.com/appwrite/sdk-for-go/query"
)

// TestSDKSuiteEmulator runs the SDK-level suite against the emulator, as
// the 1.9 line, the 1.8.x branch and the 1.8.1 release.
func TestSDKSuiteEmulator(t *testing.T) {
	t.Parallel()
	for _, version := range []string{ServerCloud19x, ServerBranch18x, ServerRelease181} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			srv := Start(t, WithServerVersion(version))
			runSDKSuite(t, emulatorTarget(srv))
		})
	}
}

// TestSDKSuiteRealAppwrite runs the same suite against a real Appwrite
// project when APPWRITE_TEST_ENDPOINT, APPWRITE_TEST_PROJECT and
// APPWRITE_TEST_KEY are set. The key needs sessions.write, users.read and
// users.write; http://localhost must be a registered web platform (or set
// APPWRITE_TEST_REDIRECT_URL to a URL on one). The suite checks the
// Account API as clients without a key call it too, so the project needs
// every auth method on: a test project, not one that got the function's
// appwrite.json settings (it stops at once, naming the methods, on such a
// project).
//
// APPWRITE_TEST_VERSION says which Appwrite it is: 1.9.x (the 1.9 line
// as Cloud runs it, 1.9.6), a 1.9 release such as 1.9.0 or 1.9.5 (the
// checks follow what that release changed: the password-strength message
// and PATCH /account/sessions/{id} from 1.9.5), 1.8.x (the branch) or
// 1.8.1 (the self-hosted release); the default is the emulator's default,
// DefaultServerVersion. The suite asserts what Appwrite promises rather
// than what one build prints: error bodies name some version, token
// lifetimes hold to within a second.
//
// The mail-driven checks (magic URL, e-mail code, recovery and
// verification links, MFA e-mail codes) skip against a real server
// unless APPWRITE_TEST_OUTBOX is the URL of the server's outbox, for
// example an adapter in front of an SMTP sink. It must answer GET with a
// JSON array of the messages sent, oldest first (or an object with that
// array in "messages"), each an object with "to" (an address, or a list
// of them, "Name <address>" allowed) and either the emulator's own fields
// ("kind": magic-url, email-otp, recovery, verification or mfa; "link";
// "secret"; "code"), as GET /__emulator/outbox serves them, or the mail's
// "subject", "text" and/or "html", from which the suite takes the first
// link with a secret= parameter and, in a mail without such a link, the
// first six-digit number. The suite waits up to 20 s for each message.
func TestSDKSuiteRealAppwrite(t *testing.T) {
	endpoint, project, key := os.Getenv("APPWRITE_TEST_ENDPOINT"), os.Getenv("APPWRITE_TEST_PROJECT"), os.Getenv("APPWRITE_TEST_KEY")
	if endpoint == "" || project == "" || key == "" {
		t.Skip("SKIPPED: the SDK suite against a real Appwrite project needs APPWRITE_TEST_ENDPOINT, APPWRITE_TEST_PROJECT and APPWRITE_TEST_KEY; only the emulator was tested")
	}
	version, patch, err := parseTestVersion(os.Getenv("APPWRITE_TEST_VERSION"))
	if err != nil {
		t.Fatalf("APPWRITE_TEST_VERSION: %v", err)
	}
	t.Logf("running the SDK suite against real Appwrite %s (release %d) at %s, project %s, outbox %q", version, patch, endpoint, project, outboxFromEnv())
	if off := authMethodsOff(t, http.DefaultTransport, endpoint, project); len(off) > 0 {
		t.Fatalf("the project has the auth methods %s off, as appwrite.json's settings make a project for the function: "+
			"the suite checks Appwrite's Account API, key-less calls included, so run it against a test project with every auth method on",
			strings.Join(off, ", "))
	}
	runSDKSuite(t, &suiteTarget{name: "appwrite", endpoint: endpoint, project: project, key: key, base: http.DefaultTransport,
		version: version, patch: patch, outbox: outboxFromEnv()})
}

// authMethodsOff returns the project's auth methods that it refuses to a
// caller without a key, among those a request can ask about without
// making anything: a key-less POST with an empty body to each one's route
// is 501 user_auth_method_unsupported when it is off (Appwrite checks the
// method before the params) and 400 when it is on.
func authMethodsOff(t *testing.T, base http.RoundTripper, endpoint, project string) []string {
	t.Helper()
	var off []string
	for _, probe := range []struct{ method, path string }{
		{AuthEmailPassword, "/account"},
		{AuthMagicURL, "/account/tokens/magic-url"},
		{AuthEmailOTP, "/account/tokens/email"},
	} {
		req, err := http.NewRequest("POST", endpoint+probe.path, strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Appwrite-Project", project)
		resp, err := (&http.Client{Transport: base}).Do(req)
		if err != nil {
			t.Fatalf("probing %s: %v", probe.path, err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusNotImplemented {
			off = append(off, probe.method)
		}
	}
	return off
}

// TestAuthMethodsProbe: the real-Appwrite suite's probe tells a project
// whose methods are off (as after `appwrite push settings`) from one with
// a new project's defaults, and makes no user either way.
func TestAuthMethodsProbe(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		opts []Option
		want string
	}{
		{"defaults", nil, ""},
		{"the function's settings", []Option{WithAuthMethod(AuthEmailPassword, false), WithAuthMethod(AuthMagicURL, false),
			WithAuthMethod(AuthEmailOTP, false), WithAuthMethod(AuthAnonymous, false)}, "email-password magic-url email-otp"},
		{"one off", []Option{WithAuthMethod(AuthEmailOTP, false)}, "email-otp"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := Start(t, tc.opts...)
			if got := strings.Join(authMethodsOff(t, http.DefaultTransport, srv.Endpoint, srv.ProjectID), " "); got != tc.want {
				t.Errorf("methods off: %q, want %q", got, tc.want)
			}
			if n := len(srv.Emulator.Users()); n != 0 {
				t.Errorf("the probe made %d users", n)
			}
		})
	}
}

// TestSDKSuiteRealMode runs the suite's real-Appwrite mode (no emulator
// hooks, mail read from an outbox URL, lifetimes to the second, error
// versions not pinned) against the emulator served over HTTP, with its
// /__emulator/outbox as APPWRITE_TEST_OUTBOX would be: the mode's own
// checks must hold against a server that behaves as Appwrite.
func TestSDKSuiteRealMode(t *testing.T) {
	t.Parallel()
	for _, version := range []string{ServerCloud19x, ServerBranch18x, ServerRelease181} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			srv := Start(t, WithServerVersion(version))
			runSDKSuite(t, &suiteTarget{name: "appwrite", endpoint: srv.Endpoint, project: srv.ProjectID, key: srv.APIKey,
				base: http.DefaultTransport, version: version, patch: -1, outbox: srv.URL + "/__emulator/outbox"})
		})
	}
}

// TestParseTestVersion checks the values APPWRITE_TEST_VERSION takes.
func TestParseTestVersion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		mode  string
		patch int
		ok    bool
	}{
		{"", DefaultServerVersion, -1, true},
		{"1.9.x", ServerCloud19x, -1, true},
		{"1.9.0", ServerCloud19x, 0, true},
		{"1.9.5", ServerCloud19x, 5, true},
		{" 1.9.6 ", ServerCloud19x, 6, true},
		{"1.8.x", ServerBranch18x, -1, true},
		{"1.8.1", ServerRelease181, -1, true},
		{"1.9", "", 0, false},
		{"1.9.06", "", 0, false},
		{"1.9.-1", "", 0, false},
		{"1.8.0", "", 0, false},
		{"2.0.0", "", 0, false},
	}
	for _, tc := range tests {
		mode, patch, err := parseTestVersion(tc.in)
		if (err == nil) != tc.ok || (tc.ok && (mode != tc.mode || patch != tc.patch)) {
			t.Errorf("parseTestVersion(%q) = %q, %d, %v; want %q, %d, ok %v", tc.in, mode, patch, err, tc.mode, tc.patch, tc.ok)
		}
	}
}

// parseTestVersion reads APPWRITE_TEST_VERSION: a mode of
// [WithServerVersion], or a 1.9 release (1.9.0, 1.9.6…), which is the
// 1.9.x mode at that patch. patch is -1 for a mode, which means its
// newest release.
func parseTestVersion(v string) (mode string, patch int, err error) {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
		return DefaultServerVersion, -1, nil
	case ValidServerVersion(v):
		return v, -1, nil
	}
	if rest, ok := strings.CutPrefix(v, "1.9."); ok {
		if n, err := strconv.Atoi(rest); err == nil && n >= 0 && strconv.Itoa(n) == rest {
			return ServerCloud19x, n, nil
		}
	}
	return "", 0, fmt.Errorf("%q: want %s (Appwrite Cloud), a 1.9 release such as 1.9.0 or 1.9.6, %s or %s", v, ServerCloud19x, ServerBranch18x, ServerRelease181)
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
	// oauthJWTRE is the 1.9 line's OAuth2 secret for github: a JWT of
	// 233 characters.
	oauthJWTRE = regexp.MustCompile(`^[A-Za-z0-9_-]{36}\.[A-Za-z0-9_-]{152}\.[A-Za-z0-9_-]{43}$`)
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

	// 1.9.5 checks a new password against the project's strength policy
	// first, whose description is the message.
	shortPassword := "Invalid `password` param: Password must be between 8 and 265 characters long, and should not be one of the commonly used password."
	if tg.since195() {
		shortPassword = "Invalid `password` param: Password must be between 8 and 256 characters long."
	}
	invalid := []struct {
		name, userID, email, password, msg string
	}{
		{"bad email", "unique()", "not-an-email", testPassword, "Invalid `email` param: Value must be a valid email address"},
		{"short password", "unique()", uniqueEmail("short"), "1234567", shortPassword},
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
	if tg.branch() || tg.line19() && !tg.since195() {
		// The branch and 1.9 before 1.9.5 refuse to refresh sessions of
		// no OAuth2 provider.
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
		// The release lets the JWT's user replace the session's; the
		// cookie's session stays the current one when it is that user's,
		// and is no session of the request when it is another user's.
		u, err := both.Get()
		mustOK(t, "JWT and session", err)
		if u.Id != id {
			t.Errorf("JWT and session: Id = %q, want %q", u.Id, id)
		}
		if s, err := both.GetSession("current"); err != nil || s.Id == "" || !s.Current {
			t.Errorf("JWT and the same user's session: current session %+v, %v; want the cookie's", s, err)
		}
		_, otherEmail := tg.signUp(t, "jwtother")
		other := appwrite.NewAccount(tg.sdk(t, appwrite.WithJWT(j.Jwt), appwrite.WithSession(tg.signIn(t, otherEmail, testPassword))))
		if u, err := other.Get(); err != nil || u.Id != id {
			t.Errorf("JWT and another user's session: %+v, %v; want the JWT's user", u, err)
		}
		wantError(t, "JWT and another user's session: current session", errOf(other.GetSession("current")), 404, "user_session_not_found")
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

	// What a server changes to take an account back for its owner: the
	// phone, MFA, the address's verification, the linked identities.
	u, err = uu.UpdatePhone(id, "+14155550123")
	mustOK(t, "UpdatePhone", err)
	if u.Phone != "+14155550123" || u.PhoneVerification {
		t.Errorf("UpdatePhone: phone %q, verified %v", u.Phone, u.PhoneVerification)
	}
	u, err = uu.UpdatePhone(id, "")
	mustOK(t, "UpdatePhone to none", err)
	if u.Phone != "" {
		t.Errorf("UpdatePhone(\"\"): phone %q, want none", u.Phone)
	}
	wantError(t, "UpdatePhone without +", errOf(uu.UpdatePhone(id, "4155550123")), 400, "general_argument_invalid")
	if u, err = uu.UpdateMFA(id, true); err != nil || !u.Mfa {
		t.Errorf("UpdateMFA(true): mfa %v, %v", u != nil && u.Mfa, err)
	}
	if u, err = uu.UpdateMFA(id, false); err != nil || u.Mfa {
		t.Errorf("UpdateMFA(false): mfa %v, %v", u != nil && u.Mfa, err)
	}
	if u, err = uu.UpdateEmailVerification(id, true); err != nil || !u.EmailVerification {
		t.Errorf("UpdateEmailVerification(true): %v, %v", u != nil && u.EmailVerification, err)
	}
	byUser := uu.WithListIdentitiesQueries([]string{query.Equal("userId", id)})
	if tg.emu != nil {
		mustOK(t, "AddIdentity", tg.emu.AddIdentity(id, "github", email))
		otherID, _ := tg.signUp(t, "usersother")
		mustOK(t, "AddIdentity of another user", tg.emu.AddIdentity(otherID, "github", "other@example.com"))
	}
	ids, err := uu.ListIdentities(byUser)
	mustOK(t, "ListIdentities", err)
	if want := map[bool]int{true: 1, false: 0}[tg.emu != nil]; ids.Total != want || len(ids.Identities) != want {
		t.Fatalf("ListIdentities(userId): %d/%d, want %d", ids.Total, len(ids.Identities), want)
	}
	for _, x := range ids.Identities {
		if x.UserId != id {
			t.Errorf("ListIdentities(userId=%s) lists %s's identity", id, x.UserId)
		}
		mustOK(t, "DeleteIdentity", errOf(uu.DeleteIdentity(x.Id)))
		wantError(t, "DeleteIdentity again", errOf(uu.DeleteIdentity(x.Id)), 404, "user_identity_not_found")
	}
	if ids, err = uu.ListIdentities(byUser); err != nil || ids.Total != 0 {
		t.Errorf("ListIdentities after DeleteIdentity: %+v, %v", ids, err)
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
	if tg.emu != nil && v.Version != tg.emu.appVersion() {
		t.Errorf("version = %q, want %s", v.Version, tg.emu.appVersion())
	}
	if !versionRE.MatchString(v.Version) {
		t.Errorf("version = %q, not a version", v.Version)
	}
}

// Compile-time check that the SDK's client type is what the helpers build.
var _ = client.Client{}
