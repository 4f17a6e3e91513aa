package server

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"openruntimes/handler/appwritetest"
)

// newMFAEnv is a test environment whose emulator and function share a
// manual clock (TOTP codes and the "recent second factor" follow it).
// vars set the function's variables, as for newTestEnv.
func newMFAEnv(t *testing.T, vars map[string]string, opts ...appwritetest.Option) (*testEnv, *appwritetest.Clock) {
	t.Helper()
	clock := appwritetest.NewClock(time.Date(2030, 6, 1, 12, 0, 0, 0, time.UTC))
	opts = append([]appwritetest.Option{appwritetest.WithClock(clock.Now)}, opts...)
	env := newTestEnv(t, vars, opts...)
	env.app.shared.Now = clock.Now
	return env, clock
}

// enrolment is the answer of POST /me/mfa/totp.
type enrolment struct {
	Secret string `json:"secret"`
	URI    string `json:"uri"`
	QRCode string `json:"qrCode"`
}

// enrolTOTP starts and confirms an authenticator for b and returns its
// secret.
func enrolTOTP(t *testing.T, b *browser, clock *appwritetest.Clock) string {
	t.Helper()
	r := b.do("POST", "/me/mfa/totp", "")
	var e enrolment
	r.decode(t, &e)
	if r.Status != http.StatusCreated {
		t.Fatalf("POST /me/mfa/totp: %d %s", r.Status, r.Body)
	}
	if r := b.do("PUT", "/me/mfa/totp", `{"code":"`+appwritetest.TOTPCode(e.Secret, clock.Now())+`"}`); r.Status != 200 {
		t.Fatalf("PUT /me/mfa/totp: %d %s", r.Status, r.Body)
	}
	return e.Secret
}

// wrongCode is a six-digit code that is not code.
func wrongCode(code string) string {
	if code == "000000" {
		return "111111"
	}
	return "000000"
}

// signInWith signs a new browser in with a password and completes the
// second factor with a challenge of factor and the code that code gives
// for the challenge; it returns the browser and the last answer.
func signInWith(t *testing.T, env *testEnv, email, password, factor string, code func() string) (*browser, *result) {
	t.Helper()
	b := env.browser()
	r := b.do("POST", "/login", `{"email":"`+email+`","password":"`+password+`"}`)
	var step struct {
		MFARequired bool     `json:"mfaRequired"`
		Factors     []string `json:"factors"`
	}
	r.decode(t, &step)
	offered := slices.ContainsFunc(step.Factors, func(f string) bool { return strings.EqualFold(f, factor) })
	if r.Status != 200 || !step.MFARequired || !offered {
		t.Fatalf("sign-in of %s: %d %s, want the MFA step offering %s", email, r.Status, r.Body, factor)
	}
	r = b.do("POST", "/mfa/challenge", `{"factor":"`+factor+`"}`)
	var ch struct {
		ChallengeID string `json:"challengeId"`
	}
	r.decode(t, &ch)
	if r.Status != http.StatusCreated {
		t.Fatalf("POST /mfa/challenge %s: %d %s", factor, r.Status, r.Body)
	}
	return b, b.do("POST", "/mfa/verify", `{"challengeId":"`+ch.ChallengeID+`","otp":"`+code()+`"}`)
}

// TestTOTP walks an authenticator app's life: enrolment (secret, URI, QR
// code), confirmation with a wrong and a right code, sign-in with the
// totp factor, and removal with a code, a password or a recent second
// factor, and each way refused.
func TestTOTP(t *testing.T) {
	t.Parallel()
	env, clock := newMFAEnv(t, nil)
	const email, password = "tess@example.com", "correct horse battery"
	b := env.browser()
	b.signUp(email, password)

	r := b.do("POST", "/me/mfa/totp", "")
	var e enrolment
	r.decode(t, &e)
	if r.Status != http.StatusCreated || len(e.Secret) != 103 || r.Headers["cache-control"] != "no-store" ||
		!strings.HasPrefix(e.URI, "otpauth://totp/") || !strings.Contains(e.URI, "secret="+e.Secret) ||
		!strings.HasPrefix(e.QRCode, "data:image/svg+xml;base64,") {
		t.Fatalf("POST /me/mfa/totp: %d %v %s", r.Status, r.Headers, r.Body)
	}
	now := appwritetest.TOTPCode(e.Secret, clock.Now())
	b.do("PUT", "/me/mfa/totp", `{"code":"`+wrongCode(now)+`"}`).wantError(t, 401, "user_invalid_token")
	b.do("PUT", "/me/mfa/totp", `{}`).wantError(t, 400, "general_argument_invalid")
	r = b.do("PUT", "/me/mfa/totp", `{"code":"`+now[:3]+" "+now[3:]+`"}`)
	if r.Status != 200 || !strings.Contains(string(r.Body), email) {
		t.Fatalf("PUT /me/mfa/totp with the right code: %d %s", r.Status, r.Body)
	}
	b.do("POST", "/me/mfa/totp", "").wantError(t, 409, "user_authenticator_already_verified")
	r = b.do("GET", "/me/mfa/factors", "")
	if r.Status != 200 || string(r.Body) != `{"totp":true,"email":true,"phone":false,"recoveryCode":false}` {
		t.Fatalf("GET /me/mfa/factors: %d %s", r.Status, r.Body)
	}

	// With MFA on, a sign-in offers totp and completes with its code.
	if r := b.do("PATCH", "/me/mfa", `{"enabled":true,"password":"`+password+`"}`); r.Status != 200 {
		t.Fatalf("PATCH /me/mfa: %d %s", r.Status, r.Body)
	}
	clock.Advance(time.Minute)
	_, r = signInWith(t, env, email, password, "totp", func() string { return wrongCode(appwritetest.TOTPCode(e.Secret, clock.Now())) })
	r.wantError(t, 401, "user_invalid_token")
	fresh, r := signInWith(t, env, email, password, "totp", func() string { return appwritetest.TOTPCode(e.Secret, clock.Now()) })
	if r.Status != 200 || fresh.do("GET", "/me", "").Status != 200 {
		t.Fatalf("sign-in with the totp factor: %d %s", r.Status, r.Body)
	}

	// Removal needs proof: b's session completed no challenge. (A code
	// completes one check in its step: the removal's is the next step's.)
	clock.Advance(30 * time.Second)
	b.do("DELETE", "/me/mfa/totp", "").wantError(t, 401, "user_challenge_required")
	b.do("DELETE", "/me/mfa/totp", `{"code":"`+wrongCode(appwritetest.TOTPCode(e.Secret, clock.Now()))+`"}`).wantError(t, 401, "user_invalid_token")
	b.do("DELETE", "/me/mfa/totp", `{"password":"not the password"}`).wantError(t, 401, "user_invalid_credentials")
	b.do("DELETE", "/me/mfa/totp", `{"code":"123456","password":"x"}`).wantError(t, 400, "general_argument_invalid")
	if r := b.do("DELETE", "/me/mfa/totp", `{"code":"`+appwritetest.TOTPCode(e.Secret, clock.Now())+`"}`); r.Status != http.StatusNoContent {
		t.Fatalf("DELETE /me/mfa/totp with a code: %d %s", r.Status, r.Body)
	}
	b.do("DELETE", "/me/mfa/totp", `{"code":"123456"}`).wantError(t, 404, "user_authenticator_not_found")

	enrolTOTP(t, b, clock)
	sessions := env.emu.SessionCount(userIDOf(t, b))
	if r := b.do("DELETE", "/me/mfa/totp", `{"password":"`+password+`"}`); r.Status != http.StatusNoContent {
		t.Fatalf("DELETE /me/mfa/totp with the password: %d %s", r.Status, r.Body)
	}
	if n := env.emu.SessionCount(userIDOf(t, b)); n != sessions {
		t.Errorf("%d sessions after a password check, want %d (the check's own is ended)", n, sessions)
	}
	secret := enrolTOTP(t, b, clock)
	// fresh completed its challenge a minute ago: no proof needed.
	if r := fresh.do("DELETE", "/me/mfa/totp", ""); r.Status != http.StatusNoContent {
		t.Fatalf("DELETE /me/mfa/totp after a recent challenge: %d %s", r.Status, r.Body)
	}
	clock.Advance(30 * time.Second) // the enrolment's code is used
	b.do("PUT", "/me/mfa/totp", `{"code":"`+appwritetest.TOTPCode(secret, clock.Now())+`"}`).wantError(t, 404, "user_authenticator_not_found")
}

// userIDOf is the ID of b's user.
func userIDOf(t *testing.T, b *browser) string {
	t.Helper()
	var u struct {
		ID string `json:"$id"`
	}
	b.do("GET", "/me", "").decode(t, &u)
	return u.ID
}

// TestTOTPGuessing: wrong codes at PUT /me/mfa/totp, and at DELETE
// /me/mfa/totp, count on the code budget per address and user, checked
// before Appwrite is asked (RATE_LIMIT_PER_IP_EMAIL=3 here, below
// Appwrite's own limit of 10 challenges an hour); past it the answer is
// 429, and the right code is refused too.
func TestTOTPGuessing(t *testing.T) {
	t.Parallel()
	env, clock := newMFAEnv(t, map[string]string{"RATE_LIMIT_PER_IP_EMAIL": "3"})
	b := env.browser()
	b.extras["x-appwrite-client-ip"] = "203.0.113.7"
	b.signUp("guess@example.com", "correct horse battery")
	r := b.do("POST", "/me/mfa/totp", "")
	var e enrolment
	r.decode(t, &e)
	right := appwritetest.TOTPCode(e.Secret, clock.Now())
	for i := 0; i < 3; i++ {
		b.do("PUT", "/me/mfa/totp", `{"code":"`+wrongCode(right)+`"}`).wantError(t, 401, "user_invalid_token")
	}
	r = b.do("PUT", "/me/mfa/totp", `{"code":"`+right+`"}`)
	r.wantError(t, http.StatusTooManyRequests, "rate_limit_exceeded")
	if r.Headers["retry-after"] == "" {
		t.Error("429 without retry-after")
	}

	c := env.browser()
	c.extras["x-appwrite-client-ip"] = "203.0.113.8"
	c.signUp("remove@example.com", "correct horse battery")
	secret := enrolTOTP(t, c, clock)
	right = appwritetest.TOTPCode(secret, clock.Now())
	for i := 0; i < 3; i++ { // the enrolment's right code gave the budget back
		c.do("DELETE", "/me/mfa/totp", `{"code":"`+wrongCode(right)+`"}`).wantError(t, 401, "user_invalid_token")
	}
	c.do("DELETE", "/me/mfa/totp", `{"code":"`+right+`"}`).wantError(t, http.StatusTooManyRequests, "rate_limit_exceeded")
}

// TestRecoveryCodes: codes are shown once (no-store), counted never shown,
// each completes one sign-in (typed in any case, with hyphens), a used one
// is refused, and new codes need a second factor completed in the last
// five minutes.
func TestRecoveryCodes(t *testing.T) {
	t.Parallel()
	env, clock := newMFAEnv(t, nil)
	const email, password = "rita@example.com", "correct horse battery"
	b := env.browser()
	b.signUp(email, password)
	secret := enrolTOTP(t, b, clock)
	b.do("PATCH", "/me/mfa", `{"enabled":true,"password":"`+password+`"}`)

	codes := newRecoveryCodes(t, b)
	if r := b.do("GET", "/me/mfa/recovery-codes", ""); r.Status != 200 || string(r.Body) != `{"remaining":6}` || r.Headers["cache-control"] != "no-store" {
		t.Fatalf("GET /me/mfa/recovery-codes: %d %s", r.Status, r.Body)
	}
	b.do("POST", "/me/mfa/recovery-codes", "").wantError(t, 401, "user_challenge_required")

	// One code, one sign-in.
	in, r := signInWith(t, env, email, password, "recoveryCode", func() string { return codes[0] })
	if r.Status != 200 || in.do("GET", "/me", "").Status != 200 {
		t.Fatalf("sign-in with a recovery code: %d %s", r.Status, r.Body)
	}
	_, r = signInWith(t, env, email, password, "recoveryCode", func() string { return codes[0] })
	r.wantError(t, 401, "user_invalid_token")
	typed := strings.ToUpper(codes[1][:5] + "-" + codes[1][5:])
	if _, r := signInWith(t, env, email, password, "recoverycode", func() string { return typed }); r.Status != 200 {
		t.Fatalf("sign-in with %q: %d %s", typed, r.Status, r.Body)
	}
	if r := b.do("GET", "/me/mfa/recovery-codes", ""); string(r.Body) != `{"remaining":4}` {
		t.Errorf("after two sign-ins: %s, want 4 left", r.Body)
	}

	// in completed a second factor: it may make new codes, for five minutes.
	renewed := newRecoveryCodes(t, in)
	if slices.Contains(renewed, codes[2]) {
		t.Error("the new codes hold an old one")
	}
	_, r = signInWith(t, env, email, password, "recoveryCode", func() string { return codes[2] })
	r.wantError(t, 401, "user_invalid_token")
	clock.Advance(5*time.Minute + time.Second)
	in.do("POST", "/me/mfa/recovery-codes", "").wantError(t, 401, "user_challenge_required")
	// A totp challenge on a whole session makes it recent again.
	if _, r := signInWith(t, env, email, password, "totp", func() string { return appwritetest.TOTPCode(secret, clock.Now()) }); r.Status != 200 {
		t.Fatalf("totp sign-in: %d %s", r.Status, r.Body)
	}
	clock.Advance(30 * time.Second) // the sign-in's code is used
	r = in.do("POST", "/mfa/challenge", `{"factor":"totp"}`)
	var ch struct {
		ChallengeID string `json:"challengeId"`
	}
	r.decode(t, &ch)
	in.do("POST", "/mfa/verify", `{"challengeId":"`+ch.ChallengeID+`","otp":"`+appwritetest.TOTPCode(secret, clock.Now())+`"}`)
	newRecoveryCodes(t, in)
}

// newRecoveryCodes makes recovery codes for b and checks the answer.
func newRecoveryCodes(t *testing.T, b *browser) []string {
	t.Helper()
	r := b.do("POST", "/me/mfa/recovery-codes", "")
	var got struct {
		RecoveryCodes []string `json:"recoveryCodes"`
	}
	r.decode(t, &got)
	if r.Status != http.StatusCreated || len(got.RecoveryCodes) != 6 || r.Headers["cache-control"] != "no-store" {
		t.Fatalf("POST /me/mfa/recovery-codes: %d %v %s", r.Status, r.Headers, r.Body)
	}
	return got.RecoveryCodes
}

// checkRecoveryCodeSignIn: on every Appwrite, a recovery code completes
// one sign-in (the versions spell the factor differently; see
// createRecoveryCodeChallenge) and is refused the second time.
func checkRecoveryCodeSignIn(t *testing.T, env *testEnv) {
	const email, password = "vera@example.com", "correct horse battery"
	b := env.browser()
	id, _ := b.signUp(email, password)["$id"].(string)
	codes := newRecoveryCodes(t, b)
	if err := env.emu.SetMFA(id, true); err != nil {
		t.Fatal(err)
	}
	if _, r := signInWith(t, env, email, password, "recoveryCode", func() string { return codes[3] }); r.Status != 200 {
		t.Fatalf("sign-in with a recovery code: %d %s", r.Status, r.Body)
	}
	_, r := signInWith(t, env, email, password, "recoveryCode", func() string { return codes[3] })
	r.wantError(t, 401, "user_invalid_token")
}
