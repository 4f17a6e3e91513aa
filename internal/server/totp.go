package server

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/appwrite/sdk-for-go/account"
	"github.com/appwrite/sdk-for-go/client"
	"github.com/appwrite/sdk-for-go/users"

	"openruntimes/handler/internal/apierror"
	"openruntimes/handler/internal/upstream"
	"openruntimes/handler/session"
)

// TOTPEnrolment is the answer of POST /me/mfa/totp: what an authenticator
// app needs, as text and as a QR code.
type TOTPEnrolment struct {
	// Secret is the shared key in base32, for typing in by hand.
	Secret string `json:"secret"`
	// URI is the otpauth:// URI the QR code holds.
	URI string `json:"uri"`
	// QRCode is the URI as a QR code: an SVG image in a data: URI.
	QRCode string `json:"qrCode"`
}

// startTOTP serves POST /me/mfa/totp: Appwrite makes a new authenticator
// (replacing one never confirmed) and the answer is 201 with its secret,
// its otpauth:// URI and that URI as a QR code the function draws. The
// authenticator counts once PUT /me/mfa/totp confirms a code from it. A
// user whose authenticator is confirmed gets 409
// user_authenticator_already_verified: remove it first.
func startTOTP(d *Deps, r *Request) Reply {
	secret := d.Secret
	a, err := account.New(d.user(secret)).CreateMFAAuthenticator("totp")
	if err != nil {
		return failUser(d, err)
	}
	qr, err := qrCodeDataURI(a.Uri)
	if err != nil {
		return Fail(err)
	}
	return UserData(http.StatusCreated, TOTPEnrolment{Secret: a.Secret, URI: a.Uri, QRCode: qr})
}

// confirmTOTP serves PUT /me/mfa/totp {code}: the authenticator's current
// code confirms it, it becomes a factor (and this session gets it), and
// the answer is 200 with the user. The limiter remembers the enrolment
// (see proveEnablingOwner). A wrong code is 401 user_invalid_token;
// guesses are limited like every code's (per address and user, and a
// ceiling a day).
func confirmTOTP(d *Deps, r *Request) Reply {
	code, err := readCode(r)
	if err != nil {
		return Fail(err)
	}
	secret := d.Secret
	userID, _ := session.UserIDFromSecret(secret)
	succeeded, err := d.sessionCheck(budgetTOTP, userID, codeGuesses(userID), codeUsedOnce(userID, code, d.Now()))
	if err != nil {
		return Fail(err)
	}
	var user User
	err = callJSON(d.user(secret), "PUT", "/account/mfa/authenticators/totp", map[string]any{"otp": code}, &user)
	if err != nil {
		return failUser(d, err)
	}
	succeeded()
	d.rememberEnrolment(userID)
	return UserData(http.StatusOK, user.normalize())
}

// removeTOTP serves DELETE /me/mfa/totp {code?, password?}: it removes the
// user's authenticator and answers 204. The request proves it is the
// user's with one of: a current code of the authenticator (checked by an
// Appwrite challenge, limited like every code), the account's password
// (limited like every password check), or neither when this session
// completed a second factor in the last five minutes (see
// needRecentSecondFactor), so that a user who lost the authenticator and
// signed in with a recovery code can remove it.
func removeTOTP(d *Deps, r *Request) Reply {
	var body struct {
		Code     *string `json:"code"`
		Password *string `json:"password"`
	}
	if err := DecodeBody(r, &body); err != nil {
		return Fail(err)
	}
	user, c, refused := signedInUser(d)
	if refused != nil {
		return *refused
	}
	admin := d.admin(r)
	if err := proveSecondFactorOwner(d, admin, c, user, body.Code, body.Password); err != nil {
		return failUser(d, err)
	}
	if _, err := users.New(admin).DeleteMFAAuthenticator(user.ID, "totp"); err != nil {
		return Fail(upstream.AdminError(err))
	}
	return NoContent()
}

// proveSecondFactorOwner checks that a request weakening the user's
// second factors (removing the authenticator, turning MFA off) is the
// owner's, not only its session's, with one of: a current code of the
// authenticator, the password, or neither when the session completed a
// second factor in the last five minutes (needRecentSecondFactor; a user
// who lost the authenticator signs in with a recovery code). c is the
// user's session client. Send code or password, not both.
func proveSecondFactorOwner(d *Deps, admin, c client.Client, user *User, code, password *string) error {
	switch {
	case code != nil && password != nil:
		return invalidArgument("Send `code` or `password`, not both.")
	case code != nil:
		return checkTOTPCode(d, c, user.ID, normalizeCode(*code))
	case password != nil:
		s, err := checkPassword(d, admin, user, password)
		if err != nil {
			return err
		}
		d.deleteSession(s)
		return nil
	default:
		return needRecentSecondFactor(d, c)
	}
}

// checkTOTPCode checks a code of the user's confirmed authenticator by
// completing a totp challenge with it, behind the limiter, and returns
// the function's error (Appwrite's turned into it). A user with no
// confirmed authenticator gets 404 user_authenticator_not_found (Appwrite
// fails with a server error on a totp challenge without one).
func checkTOTPCode(d *Deps, c client.Client, userID, code string) error {
	if code == "" {
		return required("code")
	}
	factors, err := account.New(c).ListMFAFactors()
	if err != nil {
		return upstream.UserError(err)
	}
	if !factors.Totp {
		return errNoAuthenticator
	}
	succeeded, err := d.sessionCheck(budgetTOTP, userID, codeGuesses(userID), codeUsedOnce(userID, code, d.Now()))
	if err != nil {
		return err
	}
	challenge, err := account.New(c).CreateMFAChallenge("totp")
	if err == nil {
		_, err = account.New(c).UpdateMFAChallenge(challenge.Id, code)
	}
	if err != nil {
		return upstream.UserError(err)
	}
	succeeded()
	return nil
}

var errNoAuthenticator = apierror.New(apierror.TypeAuthenticatorMissing,
	"This account has no authenticator app.")

// readCode decodes the body {code} of a route that takes one code, which
// is required, and returns it normalized (see normalizeCode).
func readCode(r *Request) (string, error) {
	var body struct {
		Code *string `json:"code"`
	}
	if err := DecodeBody(r, &body); err != nil {
		return "", err
	}
	if body.Code == nil || normalizeCode(*body.Code) == "" {
		return "", required("code")
	}
	return normalizeCode(*body.Code), nil
}

// normalizeCode turns a code as people type or paste it into the form
// Appwrite compares: without spaces or hyphens ("123 456", "a1b2c-3d4e5"),
// in lower case (recovery codes are lower-case hex; e-mail and
// authenticator codes are digits).
func normalizeCode(code string) string {
	return strings.ToLower(strings.NewReplacer(" ", "", "-", "", "\t", "").Replace(strings.TrimSpace(code)))
}

// recentFactorWindow is how long after completing a second factor a
// session counts as confirmed for the changes that need one (removing the
// authenticator without a code, new recovery codes): five minutes, what
// Appwrite's own message promises (its mfaProtected routes allow 30).
const recentFactorWindow = 5 * time.Minute

// errChallengeRequired is the answer to a change that needs a recent
// second factor, with Appwrite's type.
var errChallengeRequired = apierror.New(apierror.TypeChallengeRequired,
	"Confirm a second factor first (POST /mfa/challenge, then POST /mfa/verify), then try again within 5 minutes.")

// needRecentSecondFactor returns errChallengeRequired unless the session
// of c completed an MFA challenge (its mfaUpdatedAt) within
// recentFactorWindow of now.
func needRecentSecondFactor(d *Deps, c client.Client) error {
	_, err := recentSecondFactor(d, c)
	return err
}

// recentSecondFactor returns how long ago the session of c completed an
// MFA challenge (its mfaUpdatedAt), or errChallengeRequired when that is
// not within recentFactorWindow of now.
func recentSecondFactor(d *Deps, c client.Client) (time.Duration, error) {
	s, err := account.New(c).GetSession("current")
	if err != nil {
		return 0, err
	}
	at, err := time.Parse(appwriteDate, s.MfaUpdatedAt)
	if s.MfaUpdatedAt == "" || err != nil {
		return 0, errChallengeRequired
	}
	age := d.Now().Sub(at)
	if age < -time.Minute || age > recentFactorWindow {
		return 0, errChallengeRequired
	}
	return age, nil
}

// enrolmentWindow is how long after an authenticator is confirmed turning
// MFA on needs more than the session (see proveEnablingOwner): as long as
// Appwrite's own window for its protected MFA routes.
const enrolmentWindow = 30 * time.Minute

// rememberedEnrolment is the kind of the limiter's record of a user's
// confirmed authenticator.
const rememberedEnrolment = "totp-enrolled"

// rememberEnrolment has the limiter remember, for enrolmentWindow, that
// userID confirmed an authenticator: beside the request's remaining work
// when the store is remote. A failure is noted in the log line.
func (d *Deps) rememberEnrolment(userID string) {
	if d.Limiter == nil {
		return
	}
	remember := func() {
		if err := d.Limiter.Remember(context.Background(), rememberedEnrolment, userID, enrolmentWindow); err != nil {
			d.note("rate limit store: " + err.Error())
		}
	}
	if d.Limiter.Concurrent() {
		d.later(remember)
		return
	}
	remember()
}

// errEnrolmentProof answers turning MFA on without proof in the
// enrolmentWindow after an authenticator was confirmed.
var errEnrolmentProof = apierror.New(apierror.TypeChallengeRequired,
	"An authenticator app was added to this account in the last 30 minutes: send your password to turn two-step verification on.")

// proveEnablingOwner checks that a request turning MFA on is the owner's
// when an authenticator was confirmed for the user in the last
// enrolmentWindow: a stolen session that adds its own authenticator and
// turns MFA on would lock the owner out of every sign-in. It needs the
// password, or a second factor this session completed in the last five
// minutes and before the authenticator was added (a challenge completed
// with the new authenticator proves nothing: whoever added it has it);
// a code of the new authenticator is refused for the same reason.
// Otherwise, or when the limiter cannot tell (its store failing), the
// session alone turns MFA on, as it always may for an authenticator
// added earlier.
func proveEnablingOwner(d *Deps, r *Request, code, password *string) error {
	if d.Limiter == nil {
		return nil
	}
	userID, _ := session.UserIDFromSecret(d.Secret)
	enrolled, recent, err := d.Limiter.Remembered(context.Background(), rememberedEnrolment, userID, enrolmentWindow)
	if err != nil {
		d.note("rate limit store: " + err.Error())
	}
	if !recent {
		return nil
	}
	if code != nil {
		return invalidArgument("A code of the authenticator app added in the last 30 minutes proves nothing here: send `password`.")
	}
	c := d.user(d.Secret)
	if password == nil {
		if factor, err := recentSecondFactor(d, c); err != nil || factor <= enrolled {
			return errEnrolmentProof
		}
		return nil
	}
	user, err := getAccount(c)
	if err != nil {
		return err
	}
	s, err := checkPassword(d, d.admin(r), user, password)
	if err != nil {
		return err
	}
	d.deleteSession(s)
	return nil
}
