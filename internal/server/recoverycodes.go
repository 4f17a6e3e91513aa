package server

import (
	"net/http"

	"openruntimes/handler/internal/apierror"
	"openruntimes/handler/internal/upstream"

	"github.com/appwrite/sdk-for-go/account"
	"github.com/appwrite/sdk-for-go/users"
)

// RecoveryCodes is the answer of POST /me/mfa/recovery-codes: the codes,
// shown this once.
type RecoveryCodes struct {
	RecoveryCodes []string `json:"recoveryCodes"`
}

// RecoveryCodesLeft is the answer of GET /me/mfa/recovery-codes.
type RecoveryCodesLeft struct {
	Remaining int `json:"remaining"`
}

// createRecoveryCodes serves POST /me/mfa/recovery-codes: 201 with a new
// set of recovery codes, each good for one sign-in in place of a second
// factor. The answer is the only place they are ever shown (no-store, and
// never in a log line). The first set needs only the session; a new set
// replaces the old one and needs a second factor completed on this
// session in the last five minutes (see needRecentSecondFactor), else 401
// user_challenge_required: whoever holds a stolen session must not be
// able to mint codes that outlive it.
func createRecoveryCodes(d *Deps, r *Request) Reply {
	secret := d.Secret
	c := d.user(secret)
	var codes RecoveryCodes
	err := callJSON(c, "POST", "/account/mfa/recovery-codes", nil, &codes)
	if apierror.Is(upstream.UserError(err), "user_recovery_codes_already_exists") {
		if err := needRecentSecondFactor(d, c); err != nil {
			return failUser(d, err)
		}
		err = callJSON(c, "PATCH", "/account/mfa/recovery-codes", nil, &codes)
	}
	if err != nil {
		return failUser(d, err)
	}
	return UserData(http.StatusCreated, codes)
}

// countRecoveryCodes serves GET /me/mfa/recovery-codes: 200 {remaining},
// how many unused recovery codes the user has; never the codes. Appwrite
// shows a user's codes only after a fresh challenge, so the count is read
// with the API key once the session has been checked.
func countRecoveryCodes(d *Deps, r *Request) Reply {
	user, _, refused := signedInUser(d)
	if refused != nil {
		return *refused
	}
	codes, err := users.New(d.admin(r)).GetMFARecoveryCodes(user.ID)
	if err != nil {
		if err = upstream.AdminError(err); apierror.Is(err, "user_recovery_codes_not_found") {
			return UserData(http.StatusOK, RecoveryCodesLeft{})
		}
		return Fail(err)
	}
	return UserData(http.StatusOK, RecoveryCodesLeft{Remaining: len(codes.RecoveryCodes)})
}

// MFAFactors is the answer of GET /me/mfa/factors: which second factors
// the user can complete a sign-in with.
type MFAFactors struct {
	TOTP         bool `json:"totp"`
	Email        bool `json:"email"`
	Phone        bool `json:"phone"`
	RecoveryCode bool `json:"recoveryCode"`
}

// listMFAFactors serves GET /me/mfa/factors: 200 with the user's factors: a
// confirmed authenticator app, a verified e-mail address or phone, unused
// recovery codes. It also works for a sign-in still waiting for its
// second factor.
func listMFAFactors(d *Deps, r *Request) Reply {
	secret := d.Secret
	f, err := account.New(d.user(secret)).ListMFAFactors()
	if err != nil {
		return failUser(d, err)
	}
	return UserData(http.StatusOK, MFAFactors{TOTP: f.Totp, Email: f.Email, Phone: f.Phone, RecoveryCode: f.RecoveryCode})
}
