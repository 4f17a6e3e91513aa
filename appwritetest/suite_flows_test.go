// The SDK suite's token and redirect flows: magic links, e-mail codes,
// tokens made with the API key, recovery, verification, MFA and OAuth2.
// runSDKSuite (suite_test.go) runs them against each target.

package appwritetest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/appwrite/sdk-for-go/appwrite"
)

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
	tg.wantLifetime(t, "magic URL token", tok.CreatedAt, tok.Expire, time.Hour)

	if tg.hasOutbox() {
		m := tg.waitMail(t, email, MessageMagicURL, 0, func(m Message) bool { return m.Secret == tok.Secret })
		link, err := url.Parse(m.Link)
		mustOK(t, "parse link", err)
		q := link.Query()
		want, _ := url.Parse(tg.redirectURL())
		if link.Host != want.Host || link.Path != want.Path || q.Get("userId") != tok.UserId ||
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
	tg.wantLifetime(t, "e-mail code", tok.CreatedAt, tok.Expire, 15*time.Minute)
	if tg.hasOutbox() {
		m := tg.waitMail(t, email, MessageEmailOTP, 0, func(m Message) bool { return m.Code == tok.Secret })
		if tg.emu != nil && m.UserID != tok.UserId {
			t.Errorf("OTP e-mail %+v, want user %s", m, tok.UserId)
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
	tg.wantLifetime(t, "default token", tok.CreatedAt, tok.Expire, 15*time.Minute)
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
	tg.wantLifetime(t, "recovery token", tok.CreatedAt, tok.Expire, time.Hour)
	if tg.hasOutbox() {
		m := tg.waitMail(t, email, MessageRecovery, 0, func(m Message) bool { return m.Secret == tok.Secret })
		link, _ := url.Parse(m.Link)
		if link.Query().Get("userId") != id || link.Query().Get("expire") != tok.Expire {
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

	tg.mailOnly(t)
	m := tg.waitMail(t, email, MessageVerification, 0, nil)
	if !hex256RE.MatchString(m.Secret) || !strings.HasPrefix(m.Link, tg.redirectURL()+"?userId="+id+"&secret=") {
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
	tg.mailOnly(t)
	id, email := tg.signUp(t, "mfa")
	me := tg.as(t, tg.signIn(t, email, testPassword))
	wantError(t, "challenge with unverified e-mail", errOf(me.CreateMFAChallenge("email")), 400, "user_email_not_verified")
	mustOK(t, "verify the address", errOf(tg.users(t).UpdateEmailVerification(id, true)))

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

	sent := tg.mailCount(t, email, MessageMFA)
	ch, err := me2.CreateMFAChallenge("email")
	mustOK(t, "CreateMFAChallenge", err)
	if ch.UserId != id {
		t.Errorf("challenge = %+v", ch)
	}
	tg.wantLifetime(t, "MFA challenge", ch.CreatedAt, ch.Expire, time.Hour)
	m := tg.waitMail(t, email, MessageMFA, sent, nil)
	if !digits6.MatchString(m.Code) {
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
	// 1.8 sends the token's 64-hex secret; 1.9 a 60-second JWT that
	// names the provider (233 characters for github).
	secretRE, wantProvider := hex64RE, "oauth2"
	if tg.line19() {
		secretRE, wantProvider = oauthJWTRE, "github"
	}
	if resp.StatusCode != http.StatusMovedPermanently || back.Host != "localhost" || back.Path != "/oauth/success" ||
		q.Get("from") != "test" || !secretRE.MatchString(q.Get("secret")) || q.Get("userId") == "" {
		t.Fatalf("success redirect: %d %s", resp.StatusCode, back)
	}
	s, err := tg.admin(t).CreateSession(q.Get("userId"), q.Get("secret"))
	mustOK(t, "CreateSession from OAuth2 token", err)
	if s.Provider != wantProvider || !reflect.DeepEqual(s.Factors, []string{"email"}) {
		t.Errorf("OAuth2 session = %+v, want provider %s", s, wantProvider)
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
