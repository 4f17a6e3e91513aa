package server

import (
	"net/http"

	"openruntimes/handler/internal/upstream"

	"github.com/appwrite/sdk-for-go/account"
	"github.com/appwrite/sdk-for-go/users"
)

// startRecovery serves POST /recovery {email, redirect?}: Appwrite e-mails
// a link to redirect (the app's reset-password page) with userId and
// secret appended. It answers 202 {} whatever the e-mail.
func startRecovery(d *Deps, r *Request) Reply {
	email, redirect, err := readEmailBody(d, r, true)
	if err != nil {
		return Fail(err)
	}
	if err := d.sendingMail(budgetRecoveryMail, email); err != nil {
		return Fail(err)
	}
	_, err = account.New(d.admin(r)).CreateRecovery(email, redirect)
	if err = hideAccountErrors(upstream.AdminError(err)); err != nil {
		return Fail(err)
	}
	return JSON(http.StatusAccepted, struct{}{})
}

// confirmRecovery serves POST /recovery/confirm {userId, secret, password},
// sent by the app's reset-password page: it sets the new password and
// answers 200 {}. Every session of the user is then ended, since whoever
// forced the reset may be signed in elsewhere, and the limiter trusts no
// address the account was proven from before.
func confirmRecovery(d *Deps, r *Request) Reply {
	var body struct {
		UserID   *string `json:"userId"`
		Secret   *string `json:"secret"`
		Password *string `json:"password"`
	}
	if err := DecodeBody(r, &body); err != nil {
		return Fail(err)
	}
	switch {
	case body.UserID == nil || *body.UserID == "":
		return Fail(required("userId"))
	case body.Secret == nil || *body.Secret == "":
		return Fail(required("secret"))
	case body.Password == nil || *body.Password == "":
		return Fail(required("password"))
	}
	admin := d.admin(r)
	// A recovery proves the address (Appwrite marks it verified): an
	// account that held anything unproven is retired, as at a token
	// sign-in, and the new one gets the password.
	prior, err := readBeforeProof(admin, *body.UserID)
	if err != nil {
		return Fail(err)
	}
	if _, err := account.New(admin).UpdateRecovery(*body.UserID, *body.Secret, *body.Password); err != nil {
		return Fail(upstream.AdminError(err))
	}
	if prior.unproven() {
		// The owner signs in with the new password.
		if _, err := retire(d, admin, prior, newOwner{password: *body.Password}, false); err != nil {
			return Fail(err)
		}
		return JSON(http.StatusOK, struct {
			AccountReset bool `json:"accountReset"`
		}{true}).WithCookie(d.Config.Cookie.Clear())
	}
	accounts := []string{*body.UserID}
	if prior != nil {
		accounts = append(accounts, prior.user.Email)
	}
	d.endTrust(accounts...)
	if _, err := users.New(admin).DeleteSessions(*body.UserID); err != nil {
		return Fail(upstream.AdminError(err))
	}
	return JSON(http.StatusOK, struct{}{}).WithCookie(d.Config.Cookie.Clear())
}
