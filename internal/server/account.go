package server

import (
	"github.com/appwrite/sdk-for-go/account"
	"github.com/appwrite/sdk-for-go/client"
	"github.com/appwrite/sdk-for-go/models"
	"github.com/appwrite/sdk-for-go/users"

	"openruntimes/handler/internal/upstream"
)

// deleteAccount serves DELETE /me {password} or {code}: it deletes the
// signed-in user's account through the Users API, which ends every
// session of the user, and answers 204, clearing the cookie. The request
// must prove it is the owner's, not just someone holding the session:
//   - an account with a password sends it (limited like every password
//     check: a wrong one is 401 user_invalid_credentials);
//   - an account without one sends a fresh e-mail code, asked for with
//     POST /otp {email} for the account's own address: the function spends
//     it as Appwrite's token of this user (limited like every code; a wrong
//     one is 401 user_invalid_token);
//   - an account with neither a password nor an e-mail address (a guest)
//     has nothing to prove with, and goes with its session alone.
//
// A session still waiting for its second factor cannot delete its
// account (401 user_more_factors_required).
func deleteAccount(d *Deps, r *Request) Reply {
	var body struct {
		Password *string `json:"password"`
		Code     *string `json:"code"`
	}
	if err := DecodeBody(r, &body); err != nil {
		return Fail(err)
	}
	user, _, refused := signedInUser(d)
	if refused != nil {
		return *refused
	}
	admin := d.admin(r)
	switch {
	case hasPassword(user):
		if body.Code != nil {
			return Fail(invalidArgument("This account has a password: send `password`, not `code`."))
		}
		if _, err := checkPassword(d, admin, user, body.Password); err != nil {
			return Fail(err)
		}
	case user.Email != "":
		if body.Password != nil {
			return Fail(invalidArgument("This account has no password: ask for an e-mail code (POST /otp) and send it as `code`."))
		}
		// The check's session goes with the account.
		if _, err := proveByEmailCode(d, admin, user, body.Code); err != nil {
			return Fail(err)
		}
	}
	// Appwrite refuses every session of a deleted user at once (its
	// worker then removes them), this browser's included.
	if _, err := users.New(admin).Delete(user.ID); err != nil {
		return Fail(upstream.AdminError(err))
	}
	return NoContent().WithCookie(d.Config.Cookie.Clear())
}

// proveByEmailCode checks a fresh e-mail code of user's own address (asked
// for with POST /otp), which proves a request of an account without a
// password is its owner's: the code is spent as Appwrite's token of the
// user, behind the same limits as every code, and the session that makes
// is returned for the caller to end. A missing code is 400, a wrong one
// 401 user_invalid_token.
func proveByEmailCode(d *Deps, admin client.Client, user *User, code *string) (*models.Session, error) {
	if code == nil || normalizeCode(*code) == "" {
		return nil, invalidArgument("The field `code` is required: this account has no password, so ask for an e-mail code (POST /otp) for its address and send it as `code`.")
	}
	succeeded, err := d.sessionCheck(budgetEmailCode, user.ID, codeGuesses(user.ID))
	if err != nil {
		return nil, err
	}
	s, err := account.New(admin).CreateSession(user.ID, normalizeCode(*code))
	if err != nil {
		return nil, upstream.AdminError(err)
	}
	succeeded()
	return s, nil
}

// signedInUser returns the user of the request's session, read with a new
// session client, and that client; or, when there is no session or it
// cannot read its account (gone, blocked, waiting for its second
// factor), the reply that refuses the request.
func signedInUser(d *Deps) (*User, client.Client, *Reply) {
	c := d.user(d.Secret)
	user, err := getAccount(c)
	if err != nil {
		reply := failUser(d, err)
		return nil, client.Client{}, &reply
	}
	return user, c, nil
}
