package appwritetest

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base32"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/appwrite/sdk-for-go/account"
	"github.com/appwrite/sdk-for-go/appwrite"
)

// rfc6238 is the tests' own TOTP (RFC 6238 with HMAC-SHA-1, T0 = 0, a
// 30-second step), written from the RFC and not from the emulator's code:
// the step count as an 8-byte big-endian counter, HMAC-SHA-1 with key,
// dynamic truncation (RFC 4226 §5.3), the last digits digits.
func rfc6238(key []byte, at time.Time, digits int) string {
	counter := at.Unix() / 30
	msg := make([]byte, 8)
	for i := 7; i >= 0; i-- {
		msg[i] = byte(counter)
		counter >>= 8
	}
	h := hmac.New(sha1.New, key)
	h.Write(msg)
	sum := h.Sum(nil)
	off := int(sum[19] & 0xf)
	bin := int64(sum[off]&0x7f)<<24 | int64(sum[off+1])<<16 | int64(sum[off+2])<<8 | int64(sum[off+3])
	mod := int64(1)
	for i := 0; i < digits; i++ {
		mod *= 10
	}
	code := strconv.FormatInt(bin%mod, 10)
	return strings.Repeat("0", digits-len(code)) + code
}

// TestRFC6238Vectors checks the tests' TOTP against the SHA-1 rows of RFC
// 6238 Appendix B (8 digits, key "12345678901234567890"), and the
// emulator's 6-digit codes against the tests' at those times.
func TestRFC6238Vectors(t *testing.T) {
	t.Parallel()
	key := []byte("12345678901234567890")
	secret := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(key)
	for _, v := range []struct {
		unix int64
		want string
	}{
		{59, "94287082"},
		{1111111109, "07081804"},
		{1111111111, "14050471"},
		{1234567890, "89005924"},
		{2000000000, "69279037"},
		{20000000000, "65353130"},
	} {
		at := time.Unix(v.unix, 0)
		if got := rfc6238(key, at, 8); got != v.want {
			t.Errorf("T=%d: the tests' TOTP = %s, RFC 6238 says %s", v.unix, got, v.want)
		}
		if got, ok := totpCode(secret, at); !ok || got != v.want[2:] {
			t.Errorf("T=%d: the emulator's code = %q (%v), want %s", v.unix, got, ok, v.want[2:])
		}
	}
}

// totpFor is the current code of a base32 secret, by the tests' TOTP.
func totpFor(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil {
		t.Fatalf("secret %q is not base32: %v", secret, err)
	}
	return rfc6238(key, at, 6)
}

// totpNow returns the secret's code now, first waiting out the last two
// seconds of a step so that the server still sees the same step.
func totpNow(t *testing.T, secret string) string {
	t.Helper()
	if left := 30 - time.Now().Unix()%30; left <= 2 {
		time.Sleep(time.Duration(left)*time.Second + 100*time.Millisecond)
	}
	return totpFor(t, secret, time.Now())
}

// otherCode returns a 6-digit code that is not code.
func otherCode(code string) string {
	if code == "000000" {
		return "111111"
	}
	return "000000"
}

var (
	base32Secret    = regexp.MustCompile(`^[A-Z2-7]{103}$`)
	recoveryCodeFmt = regexp.MustCompile(`^[0-9a-f]{10}$`)
)

// enrolTOTP adds and verifies an authenticator for the session client me
// and returns its secret.
func enrolTOTP(t *testing.T, me *account.Account) string {
	t.Helper()
	a, err := me.CreateMFAAuthenticator("totp")
	mustOK(t, "CreateMFAAuthenticator", err)
	_, err = me.UpdateMFAAuthenticator("totp", totpNow(t, a.Secret))
	mustOK(t, "UpdateMFAAuthenticator", err)
	return a.Secret
}

// suiteTOTP checks the authenticator routes: the secret and the otpauth://
// URI, verification with the current code only, the totp factor, MFA
// sign-in with it, and removal, which needs a recent challenge.
func suiteTOTP(t *testing.T, tg *suiteTarget) {
	id, email := tg.signUp(t, "totp")
	secret := tg.signIn(t, email, testPassword)
	me := tg.as(t, secret)

	wantError(t, "verify with no authenticator", errOf(me.UpdateMFAAuthenticator("totp", "123456")), 404, "user_authenticator_not_found")
	wantError(t, "bad type", errOf(me.CreateMFAAuthenticator("hotp")), 400, "general_argument_invalid")
	first, err := me.CreateMFAAuthenticator("totp")
	mustOK(t, "CreateMFAAuthenticator", err)
	a, err := me.CreateMFAAuthenticator("totp")
	mustOK(t, "CreateMFAAuthenticator again (unverified: replaced)", err)
	if !base32Secret.MatchString(a.Secret) || a.Secret == first.Secret {
		t.Fatalf("secret %q (first %q): want 103 base32 characters, new each time", a.Secret, first.Secret)
	}
	uri, err := url.Parse(a.Uri)
	mustOK(t, "parse uri", err)
	issuer := uri.Query().Get("issuer")
	if tg.emu != nil && issuer != tg.project { // the project's name, its ID in the emulator
		t.Errorf("issuer %q, want %q", issuer, tg.project)
	}
	if uri.Scheme != "otpauth" || uri.Host != "totp" || uri.Path != "/"+issuer+":"+email ||
		!strings.HasPrefix(a.Uri, "otpauth://totp/"+rawURLEncode(issuer)+"%3A"+strings.ReplaceAll(email, "@", "%40")+"?") ||
		!reflect.DeepEqual(uri.Query(), url.Values{"issuer": {issuer}, "secret": {a.Secret}}) {
		t.Errorf("uri = %q", a.Uri)
	}
	f, err := me.ListMFAFactors()
	mustOK(t, "ListMFAFactors", err)
	if f.Totp {
		t.Errorf("an unverified authenticator is a factor: %+v", f)
	}

	code := totpNow(t, a.Secret)
	wantError(t, "verify with a wrong code", errOf(me.UpdateMFAAuthenticator("totp", otherCode(code))), 401, "user_invalid_token")
	wantError(t, "verify with the replaced secret's code", errOf(me.UpdateMFAAuthenticator("totp", totpFor(t, first.Secret, time.Now()))), 401, "user_invalid_token")
	u, err := me.UpdateMFAAuthenticator("totp", totpNow(t, a.Secret))
	mustOK(t, "UpdateMFAAuthenticator", err)
	if u.Id != id || u.Mfa {
		t.Errorf("UpdateMFAAuthenticator = %+v", u)
	}
	wantError(t, "verify twice", errOf(me.UpdateMFAAuthenticator("totp", totpNow(t, a.Secret))), 409, "user_authenticator_already_verified")
	wantError(t, "create over a verified one", errOf(me.CreateMFAAuthenticator("totp")), 409, "user_authenticator_already_verified")
	cur, err := me.GetSession("current")
	mustOK(t, "GetSession", err)
	if !reflect.DeepEqual(cur.Factors, []string{"password", "totp"}) {
		t.Errorf("factors after verifying = %v, want [password totp]", cur.Factors)
	}
	if f, err = me.ListMFAFactors(); err != nil || !f.Totp || f.Email || f.RecoveryCode {
		t.Errorf("factors = %+v, %v; want totp only", f, err)
	}

	// MFA on: a verified authenticator alone makes a second factor due.
	mustOK(t, "UpdateMFA", errOf(me.UpdateMFA(true)))
	me2 := tg.as(t, tg.signIn(t, email, testPassword))
	wantError(t, "Get before the second factor", errOf(me2.Get()), 401, "user_more_factors_required")
	ch, err := me2.CreateMFAChallenge("totp")
	mustOK(t, "CreateMFAChallenge(totp)", err)
	wantError(t, "totp challenge, wrong code", errOf(me2.UpdateMFAChallenge(ch.Id, otherCode(totpNow(t, a.Secret)))), 401, "user_invalid_token")
	s, err := me2.UpdateMFAChallenge(ch.Id, totpNow(t, a.Secret))
	mustOK(t, "UpdateMFAChallenge(totp)", err)
	if !reflect.DeepEqual(s.Factors, []string{"password", "totp"}) || s.MfaUpdatedAt == "" {
		t.Errorf("session after the totp challenge = %+v", s)
	}
	mustOK(t, "Get after the second factor", errOf(me2.Get()))

	// Removal is for a session with a recent challenge only.
	wantError(t, "delete without a recent challenge", errOf(me.DeleteMFAAuthenticator("totp")), 401, "user_challenge_required")
	mustOK(t, "DeleteMFAAuthenticator after a challenge", errOf(me2.DeleteMFAAuthenticator("totp")))
	wantError(t, "delete again", errOf(me2.DeleteMFAAuthenticator("totp")), 404, "user_authenticator_not_found")
	if f, err = me2.ListMFAFactors(); err != nil || f.Totp {
		t.Errorf("factors after removal = %+v, %v", f, err)
	}
	// With no other factor, MFA on asks for nothing more.
	mustOK(t, "Get without factors", errOf(tg.as(t, tg.signIn(t, email, testPassword)).Get()))
}

// suiteRecoveryCodes checks the recovery-code routes: created once,
// readable and renewable after a recent challenge only, and each code
// completes one challenge, with the factor's spelling the version's
// verifier knows.
func suiteRecoveryCodes(t *testing.T, tg *suiteTarget) {
	id, email := tg.signUp(t, "recovery")
	me := tg.as(t, tg.signIn(t, email, testPassword))
	wantError(t, "GetMFARecoveryCodes before any", errOf(me.GetMFARecoveryCodes()), 401, "user_challenge_required")
	codes, err := me.CreateMFARecoveryCodes()
	mustOK(t, "CreateMFARecoveryCodes", err)
	if len(codes.RecoveryCodes) != 6 {
		t.Fatalf("%d recovery codes, want 6", len(codes.RecoveryCodes))
	}
	for _, c := range codes.RecoveryCodes {
		if !recoveryCodeFmt.MatchString(c) {
			t.Errorf("recovery code %q: want 10 hex characters", c)
		}
	}
	wantError(t, "CreateMFARecoveryCodes again", errOf(me.CreateMFARecoveryCodes()), 409, "user_recovery_codes_already_exists")
	wantError(t, "GetMFARecoveryCodes without a challenge", errOf(me.GetMFARecoveryCodes()), 401, "user_challenge_required")
	wantError(t, "UpdateMFARecoveryCodes without a challenge", errOf(me.UpdateMFARecoveryCodes()), 401, "user_challenge_required")
	f, err := me.ListMFAFactors()
	if err != nil || !f.RecoveryCode || f.Totp {
		t.Errorf("factors = %+v, %v; want recoveryCode", f, err)
	}

	// The spelling the other version's verifier wants: every code fails,
	// none is spent.
	right, wrong := "recoveryCode", "recoverycode"
	if tg.release() {
		right, wrong = wrong, right
	}
	ch, err := me.CreateMFAChallenge(wrong)
	mustOK(t, "CreateMFAChallenge("+wrong+")", err)
	wantError(t, "a good code on a "+wrong+" challenge", errOf(me.UpdateMFAChallenge(ch.Id, codes.RecoveryCodes[0])), 401, "user_invalid_token")

	ch, err = me.CreateMFAChallenge(right)
	mustOK(t, "CreateMFAChallenge("+right+")", err)
	wantError(t, "a wrong recovery code", errOf(me.UpdateMFAChallenge(ch.Id, "0123456789")), 401, "user_invalid_token")
	s, err := me.UpdateMFAChallenge(ch.Id, codes.RecoveryCodes[0])
	mustOK(t, "UpdateMFAChallenge with a recovery code", err)
	if !slices.Contains(s.Factors, right) || s.MfaUpdatedAt == "" {
		t.Errorf("session after the recovery code = %+v", s)
	}

	// Now recent: the codes can be read, one fewer, and renewed.
	left, err := me.GetMFARecoveryCodes()
	mustOK(t, "GetMFARecoveryCodes after a challenge", err)
	if !reflect.DeepEqual(left.RecoveryCodes, codes.RecoveryCodes[1:]) {
		t.Errorf("codes left = %v, want %v", left.RecoveryCodes, codes.RecoveryCodes[1:])
	}
	ch, err = me.CreateMFAChallenge(right)
	mustOK(t, "CreateMFAChallenge", err)
	wantError(t, "a spent recovery code", errOf(me.UpdateMFAChallenge(ch.Id, codes.RecoveryCodes[0])), 401, "user_invalid_token")
	renewed, err := me.UpdateMFARecoveryCodes()
	mustOK(t, "UpdateMFARecoveryCodes", err)
	if len(renewed.RecoveryCodes) != 6 || slices.Contains(renewed.RecoveryCodes, codes.RecoveryCodes[1]) {
		t.Errorf("renewed codes = %v", renewed.RecoveryCodes)
	}
	wantError(t, "an old code after renewal", errOf(me.UpdateMFAChallenge(ch.Id, codes.RecoveryCodes[1])), 401, "user_invalid_token")

	// The Users API reads them with no challenge.
	uu := tg.users(t)
	got, err := uu.GetMFARecoveryCodes(id)
	mustOK(t, "users.GetMFARecoveryCodes", err)
	if !reflect.DeepEqual(got.RecoveryCodes, renewed.RecoveryCodes) {
		t.Errorf("users.GetMFARecoveryCodes = %v, want %v", got.RecoveryCodes, renewed.RecoveryCodes)
	}
	wantError(t, "users.GetMFARecoveryCodes of nobody", errOf(uu.GetMFARecoveryCodes("nobody000")), 404, "user_not_found")
	otherID, _ := tg.signUp(t, "nocodes")
	wantError(t, "users.GetMFARecoveryCodes without codes", errOf(uu.GetMFARecoveryCodes(otherID)), 404, "user_recovery_codes_not_found")
}

// suiteUsersMFA checks DELETE /users/{userId}/mfa/authenticators/{type},
// which needs no challenge, and DELETE /users/{userId} taking the
// authenticator, codes and sessions of the user with it.
func suiteUsersMFA(t *testing.T, tg *suiteTarget) {
	id, email := tg.signUp(t, "usersmfa")
	secret := tg.signIn(t, email, testPassword)
	me := tg.as(t, secret)
	uu := tg.users(t)
	wantError(t, "delete a missing authenticator", errOf(uu.DeleteMFAAuthenticator(id, "totp")), 404, "user_authenticator_not_found")
	enrolTOTP(t, me)
	mustOK(t, "users.DeleteMFAAuthenticator", errOf(uu.DeleteMFAAuthenticator(id, "totp")))
	if f, err := me.ListMFAFactors(); err != nil || f.Totp {
		t.Errorf("factors after users.DeleteMFAAuthenticator = %+v, %v", f, err)
	}
	wantError(t, "delete for nobody", errOf(uu.DeleteMFAAuthenticator("nobody000", "totp")), 404, "user_not_found")

	enrolTOTP(t, me)
	mustOK(t, "CreateMFARecoveryCodes", errOf(me.CreateMFARecoveryCodes()))
	mustOK(t, "users.Delete", errOf(uu.Delete(id)))
	wantError(t, "the deleted user's session", errOf(me.Get()), 401, "general_unauthorized_scope")
	wantError(t, "the deleted user's codes", errOf(uu.GetMFARecoveryCodes(id)), 404, "user_not_found")
	wantError(t, "sign-in as the deleted user", errOf(tg.admin(t).CreateEmailPasswordSession(email, testPassword)), 401, "user_invalid_credentials")
	// The address is free again, with nothing of the old account.
	newID, _ := tg.signUpAs(t, email)
	me = tg.as(t, tg.signIn(t, email, testPassword))
	if f, err := me.ListMFAFactors(); err != nil || f.Totp || f.RecoveryCode || newID == id {
		t.Errorf("a new account for the address: factors %+v, %v (ID %s, old %s)", f, err, newID, id)
	}
}

// signUpAs creates an account for email with the key client.
func (tg *suiteTarget) signUpAs(t *testing.T, email string) (id, addr string) {
	t.Helper()
	u, err := tg.admin(t).Create("unique()", email, testPassword)
	mustOK(t, "Create("+email+")", err)
	return u.Id, email
}

// suiteDeleteIdentity checks DELETE /account/identities/{identityId}: the
// user's own identity goes, another user's is 401 user_unauthorized, an
// unknown one 404 user_identity_not_found.
func suiteDeleteIdentity(t *testing.T, tg *suiteTarget) {
	tg.emulatorOnly(t)
	id, email := tg.signUp(t, "identity")
	otherID, otherEmail := tg.signUp(t, "identity-other")
	mustOK(t, "AddIdentity", tg.emu.AddIdentity(id, "github", uniqueEmail("gh")))
	mustOK(t, "AddIdentity", tg.emu.AddIdentity(otherID, "github", uniqueEmail("gh")))
	me := tg.as(t, tg.signIn(t, email, testPassword))
	mine, err := me.ListIdentities()
	mustOK(t, "ListIdentities", err)
	theirs, err := tg.as(t, tg.signIn(t, otherEmail, testPassword)).ListIdentities()
	mustOK(t, "other ListIdentities", err)
	if mine.Total != 1 || theirs.Total != 1 {
		t.Fatalf("ListIdentities: %+v and %+v", mine, theirs)
	}

	wantError(t, "delete another user's identity", errOf(me.DeleteIdentity(theirs.Identities[0].Id)), 401, "user_unauthorized")
	wantError(t, "delete an unknown identity", errOf(me.DeleteIdentity("noidentity00")), 404, "user_identity_not_found")
	wantError(t, "delete a bad ID", errOf(me.DeleteIdentity("_bad")), 400, "general_argument_invalid")
	mustOK(t, "DeleteIdentity", errOf(me.DeleteIdentity(mine.Identities[0].Id)))
	if list, err := me.ListIdentities(); err != nil || list.Total != 0 || len(list.Identities) != 0 {
		t.Errorf("ListIdentities after delete: %+v, %v", list, err)
	}
	wantError(t, "delete twice", errOf(me.DeleteIdentity(mine.Identities[0].Id)), 404, "user_identity_not_found")
	mustOK(t, "the session stays", errOf(me.Get()))
}

// TestTOTPFollowsTheClock checks, on a manual clock, that the emulator
// takes a code of the current 30-second step only (as Appwrite does: no
// window before or after), and that a code is good for its whole step.
func TestTOTPFollowsTheClock(t *testing.T) {
	t.Parallel()
	clock := NewClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	srv := Start(t, WithClock(clock.Now), WithProjectName("Acme Co"))
	c := appwrite.NewClient(appwrite.WithEndpoint(srv.Endpoint), appwrite.WithProject(srv.ProjectID), appwrite.WithKey(srv.APIKey))
	admin := appwrite.NewAccount(c)
	if _, err := admin.Create("unique()", "clock@example.com", testPassword); err != nil {
		t.Fatal(err)
	}
	s, err := admin.CreateEmailPasswordSession("clock@example.com", testPassword)
	mustOK(t, "sign in", err)
	me := appwrite.NewAccount(appwrite.NewClient(appwrite.WithEndpoint(srv.Endpoint), appwrite.WithProject(srv.ProjectID), appwrite.WithSession(s.Secret)))
	a, err := me.CreateMFAAuthenticator("totp")
	mustOK(t, "CreateMFAAuthenticator", err)
	if want := "otpauth://totp/Acme%20Co%3Aclock%40example.com?issuer=Acme%20Co&secret=" + a.Secret; a.Uri != want {
		t.Errorf("uri = %q, want %q", a.Uri, want)
	}
	now := clock.Now()
	for _, off := range []time.Duration{-30 * time.Second, 30 * time.Second, -time.Hour} {
		wantError(t, "code of "+off.String(), errOf(me.UpdateMFAAuthenticator("totp", totpFor(t, a.Secret, now.Add(off)))), 401, "user_invalid_token")
	}
	code := totpFor(t, a.Secret, now)
	clock.Advance(29 * time.Second) // 12:00:29, the same step
	mustOK(t, "the step's code at its last second", errOf(me.UpdateMFAAuthenticator("totp", code)))

	mustOK(t, "UpdateMFA", errOf(me.UpdateMFA(true)))
	ch, err := me.CreateMFAChallenge("totp")
	mustOK(t, "CreateMFAChallenge", err)
	clock.Advance(time.Second) // 12:00:30: the next step
	wantError(t, "the last step's code", errOf(me.UpdateMFAChallenge(ch.Id, code)), 401, "user_invalid_token")
	mustOK(t, "this step's code", errOf(me.UpdateMFAChallenge(ch.Id, totpFor(t, a.Secret, clock.Now()))))

	// A challenge is recent for 30 minutes.
	clock.Advance(30 * time.Minute)
	mustOK(t, "GetMFARecoveryCodes needs codes", errOf(me.CreateMFARecoveryCodes()))
	mustOK(t, "recent at 30 minutes", errOf(me.GetMFARecoveryCodes()))
	clock.Advance(time.Millisecond)
	_, err = me.GetMFARecoveryCodes()
	if err == nil || !strings.Contains(err.Error(), "recently successful challenge") {
		t.Errorf("GetMFARecoveryCodes past 30 minutes: %v, want user_challenge_required", err)
	}
}
