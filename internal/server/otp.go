package server

import (
	"net/http"

	"github.com/appwrite/sdk-for-go/account"

	"openruntimes/handler/internal/apierror"
	"openruntimes/handler/internal/upstream"
)

// startEmailCode serves POST /otp {email}: Appwrite e-mails a six-digit
// code and the answer is 200 {userId}, which the app sends back with the
// code. Appwrite creates the user when the e-mail is new, so the answer is
// the same for known and unknown addresses.
func startEmailCode(d *Deps, r *Request) Reply {
	email, _, err := readEmailBody(d, r, false)
	if err != nil {
		return Fail(err)
	}
	userID, err := sendEmailCode(d, r, email)
	if err != nil {
		return Fail(err)
	}
	return JSON(http.StatusOK, struct {
		UserID string `json:"userId"`
	}{userID})
}

// emailCode is the part of a body that proves an address with a code
// e-mailed to it: the user ID the code is for, and the code.
type emailCode struct {
	UserID *string `json:"userId"`
	Code   *string `json:"code"`
}

// check refuses a missing or empty user ID or code.
func (c emailCode) check() error {
	switch {
	case c.UserID == nil || *c.UserID == "":
		return required("userId")
	case c.Code == nil || *c.Code == "":
		return required("code")
	}
	return nil
}

// verifyEmailCode serves POST /otp/verify {userId, code}: it exchanges the
// code for a session and answers 200 with the user and the session cookie
// (or the MFA step). Guesses are limited per IP and user.
func verifyEmailCode(d *Deps, r *Request) Reply {
	var body emailCode
	if err := DecodeBody(r, &body); err != nil {
		return Fail(err)
	}
	if err := body.check(); err != nil {
		return Fail(err)
	}
	succeeded, err := d.attempt(budgetEmailCode, *body.UserID, codeGuesses(*body.UserID))
	if err != nil {
		return Fail(err)
	}
	old := d.lookUpReplaced()
	proof, err := exchangeToken(d, r, *body.UserID, normalizeCode(*body.Code), newOwner{})
	if err != nil {
		return Fail(err)
	}
	succeeded()
	return signedIn(d, proof.session, http.StatusOK, old, proof.retired)
}

// signInAnonymously serves POST /anonymous: a guest account and session,
// 201 with the (nameless, e-mail-less) user and the session cookie. A later
// POST /signup from this browser turns the guest into a full account. A
// browser that is already signed in gets 409 user_session_already_exists
// rather than a second account, and guest accounts are limited per IP.
func signInAnonymously(d *Deps, r *Request) Reply {
	if secret, ok := d.sessionSecret(); ok {
		_, err := getAccount(d.user(secret))
		if err == nil || apierror.Is(upstream.UserError(err), apierror.TypeMoreFactorsRequired) {
			return Fail(apierror.New(apierror.TypeSessionAlreadyExists,
				"This browser is already signed in: sign out first."))
		}
		if err = upstream.UserError(err); !endsSession(err) {
			return Fail(err)
		}
	}
	// Allow counts every guest session an address makes; there is no
	// failure to forgive.
	if _, err := d.attempt(budgetGuest, ""); err != nil {
		return Fail(err)
	}
	s, err := account.New(d.admin(r)).CreateAnonymousSession()
	if err != nil {
		return Fail(upstream.AdminError(err))
	}
	return signedIn(d, s, http.StatusCreated, nil, false)
}
