package appwritetest

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// authenticator is a user's TOTP authenticator (Appwrite's authenticators
// collection; a user has at most one, of type totp).
type authenticator struct {
	id        string
	createdAt time.Time
	// secret is the shared key, base32 without padding, as the
	// authenticator app is given it.
	secret   string
	verified bool
}

// totpPeriod and totpDigits are the TOTP parameters Appwrite uses (those
// of RFC 6238's defaults, with SHA-1): a 6-digit code every 30 s.
const (
	totpPeriod = 30
	totpDigits = 6
)

// totpEncoding is base32 as authenticator apps read it: upper case, no
// padding.
var totpEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// newTOTPSecret returns a fresh secret as Appwrite's OTP library makes
// it: 64 random bytes in base32, 103 characters.
func newTOTPSecret() string {
	return totpEncoding.EncodeToString(randomBytes(64))
}

// totpCode is the RFC 6238 code of secret (base32) for the 30-second step
// that holds t: HMAC-SHA-1 of the step number, dynamically truncated
// (RFC 4226 §5.3), as 6 digits. A secret that does not decode has no code.
func totpCode(secret string, t time.Time) (string, bool) {
	key, err := totpEncoding.DecodeString(strings.ToUpper(strings.TrimRight(secret, "=")))
	if err != nil {
		return "", false
	}
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(t.Unix()/totpPeriod))
	mac := hmac.New(sha1.New, key)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	offset := sum[len(sum)-1] & 0x0f
	n := binary.BigEndian.Uint32(sum[offset:offset+4]) & 0x7fffffff
	return fmt.Sprintf("%0*d", totpDigits, n%1000000), true
}

// totpMatches reports whether otp is the authenticator's code now. Like
// Appwrite (Challenge\TOTP::verify), only the current step counts: no
// window of steps before or after.
func (a *authenticator) totpMatches(otp string, now time.Time) bool {
	code, ok := totpCode(a.secret, now)
	return ok && hmac.Equal([]byte(code), []byte(otp))
}

// provisioningURI is the otpauth:// URI an authenticator app reads from a
// QR code, written as Appwrite's OTP library (spomky-labs/otphp) writes
// it: the label "issuer:account" percent-encoded whole, then the issuer
// and the secret as query parameters in that order; the defaults
// (SHA-1, 6 digits, 30 s) are left out.
func provisioningURI(issuer, account, secret string) string {
	return "otpauth://totp/" + rawURLEncode(issuer+":"+account) +
		"?issuer=" + rawURLEncode(issuer) + "&secret=" + rawURLEncode(secret)
}

// rawURLEncode is PHP's rawurlencode (RFC 3986): every byte but letters,
// digits and -_.~ percent-encoded in upper-case hex. Go's QueryEscape
// differs only in writing a space as "+".
func rawURLEncode(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// mfaTypeModel is the MFAType model: the new authenticator's secret and
// its provisioning URI.
type mfaTypeModel struct {
	Secret string `json:"secret"`
	URI    string `json:"uri"`
}

// hasVerifiedAuthenticator reports whether the user finished adding an
// authenticator app.
func (u *user) hasVerifiedAuthenticator() bool {
	return u.authenticator != nil && u.authenticator.verified
}

// handleCreateAuthenticator handles
// "POST /v1/account/mfa/authenticators/:type": a new, unverified TOTP
// authenticator replaces an unverified one; a verified one is 409
// user_authenticator_already_verified. The answer (200, as on every
// version) shows the secret and the otpauth:// URI, labelled with the
// user's e-mail address and issued by the project's name.
func handleCreateAuthenticator(e *Emulator, q *request) (*reply, *apiError) {
	u := q.caller.user
	// The type param is matched without regard to case, the action's
	// own match on it is exact.
	if q.str("type") != "totp" {
		return nil, errorf("general_argument_invalid", "Unknown type.")
	}
	if u.hasVerifiedAuthenticator() {
		return nil, newError("user_authenticator_already_verified")
	}
	u.authenticator = &authenticator{id: e.newID(q.now), createdAt: q.now, secret: newTOTPSecret()}
	return jsonReply(http.StatusOK, mfaTypeModel{
		Secret: u.authenticator.secret,
		URI:    provisioningURI(e.cfg.projectName, u.email, u.authenticator.secret),
	}), nil
}

// handleVerifyAuthenticator handles
// "PUT /v1/account/mfa/authenticators/:type": the authenticator's current
// code verifies it and adds the totp factor to the session; the answer is
// the account. A JWT caller has no session for the factor: Appwrite fails
// with a server error there, after the code was checked.
func handleVerifyAuthenticator(e *Emulator, q *request) (*reply, *apiError) {
	u := q.caller.user
	a := u.authenticator
	switch {
	case a == nil || q.str("type") != "totp":
		return nil, newError("user_authenticator_not_found")
	case a.verified:
		return nil, newError("user_authenticator_already_verified")
	case !a.totpMatches(q.str("otp"), q.now):
		return nil, newError("user_invalid_token")
	case q.caller.session == nil:
		return nil, errorf("general_unknown", "Server Error")
	}
	a.verified = true
	s := q.caller.session
	s.factors = addFactor(s.factors, "totp")
	s.updatedAt = q.now
	return jsonReply(http.StatusOK, u.account(q)), nil
}

// handleDeleteAuthenticator handles
// "DELETE /v1/account/mfa/authenticators/:type", a route of Appwrite's
// mfaProtected group: only a session that completed an MFA challenge in
// the last 30 minutes may remove the authenticator (checked in run).
func handleDeleteAuthenticator(e *Emulator, q *request) (*reply, *apiError) {
	u := q.caller.user
	if u.authenticator == nil || q.str("type") != "totp" {
		return nil, newError("user_authenticator_not_found")
	}
	u.authenticator = nil
	u.updatedAt = q.now
	return noContent(), nil
}

// handleDeleteUserAuthenticator handles
// "DELETE /v1/users/:userId/mfa/authenticators/:type": the Users API
// removes a user's authenticator, verified or not, with no challenge.
func handleDeleteUserAuthenticator(e *Emulator, q *request) (*reply, *apiError) {
	u := e.users[q.str("userId")]
	switch {
	case u == nil:
		return nil, newError("user_not_found")
	case u.authenticator == nil:
		return nil, newError("user_authenticator_not_found")
	}
	u.authenticator = nil
	u.updatedAt = q.now
	return noContent(), nil
}

// mfaRecentDuration is how long after an MFA challenge a session may use
// the routes of Appwrite's mfaProtected group (MFA_RECENT_DURATION; the
// error message says 5 minutes, the constant is 1800 s).
const mfaRecentDuration = 30 * time.Minute

// checkRecentChallenge is the mfaProtected group's check: the caller's
// session completed an MFA challenge within mfaRecentDuration. A JWT
// caller has no session, so it never passes.
func checkRecentChallenge(q *request) *apiError {
	s := q.caller.session
	if s == nil || s.mfaUpdatedAt.IsZero() || q.now.After(s.mfaUpdatedAt.Add(mfaRecentDuration)) {
		return newError("user_challenge_required")
	}
	return nil
}

// TOTPCode returns the code an authenticator app shows at t for a secret
// of POST /v1/account/mfa/authenticators/totp (base32), the code the
// emulator accepts during t's 30-second step. It is "" for a secret that
// is not base32.
func TOTPCode(secret string, t time.Time) string {
	code, _ := totpCode(secret, t)
	return code
}
