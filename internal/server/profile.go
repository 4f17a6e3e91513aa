package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"unicode/utf8"

	"openruntimes/handler/internal/apierror"
	"openruntimes/handler/internal/upstream"

	"github.com/appwrite/sdk-for-go/account"
	"github.com/appwrite/sdk-for-go/client"
	"github.com/appwrite/sdk-for-go/models"
	"github.com/appwrite/sdk-for-go/users"
)

// updateMe serves PATCH /me {name?, prefs?}: it changes the signed-in
// user's name and/or replaces their prefs (a JSON object, as Appwrite
// stores it), and answers 200 with the user.
func updateMe(d *Deps, r *Request) Reply {
	var body struct {
		Name  *string         `json:"name"`
		Prefs json.RawMessage `json:"prefs"`
	}
	if err := DecodeBody(r, &body); err != nil {
		return Fail(err)
	}
	if body.Name == nil && body.Prefs == nil {
		return Fail(invalidArgument("Nothing to update: send `name`, `prefs` or both."))
	}
	// Checked here as Appwrite would, so that a bad name cannot fail after
	// the prefs were already saved (they are two Appwrite calls).
	if n := body.Name; n != nil && (*n == "" || utf8.RuneCountInString(*n) > 128) {
		return Fail(invalidArgument("Invalid `name` param: Value must be a valid string and at least 1 chars and no longer than 128 chars"))
	}
	if body.Prefs != nil && !strings.HasPrefix(strings.TrimSpace(string(body.Prefs)), "{") {
		return Fail(invalidArgument("Invalid `prefs` param: Value must be a valid object."))
	}
	secret := d.Secret
	c := d.user(secret)
	var user User
	if body.Name != nil {
		if err := callJSON(c, "PATCH", "/account/name", map[string]any{"name": *body.Name}, &user); err != nil {
			return failUser(d, err)
		}
	}
	if body.Prefs != nil {
		if err := callJSON(c, "PATCH", "/account/prefs", map[string]any{"prefs": body.Prefs}, &user); err != nil {
			return failUser(d, err)
		}
	}
	return UserData(http.StatusOK, user.normalize())
}

// changePassword serves POST /me/password {password, oldPassword?}: 200
// with the user and a new session cookie. oldPassword is required when the
// user has a password (a wrong or missing one is 401
// user_invalid_credentials); users who signed up without one (guests who
// added an e-mail, magic links, codes, OAuth2) set their first.
//
// Appwrite limits PATCH /account/password to 10 calls an hour per IP, and
// every call of the function comes from its one address: made with the
// user's client, the eleventh password change of the hour, by anyone,
// would fail. So the function checks the old password itself, by signing
// in with it behind its own limiter, and sets the new one with the admin
// client (Users API, not limited). Then it ends every session of the user
// itself, whatever the project's invalidateSessions setting says (projects
// where it is off, or older ones where it was never set, keep them), and
// this browser gets a new session signed in with the new password, and
// the limiter trusts no address the account was proven from before. Users
// with no e-mail (no password sign-in to check or renew) go through
// Appwrite's own route, and their other sessions are ended the same way.
func changePassword(d *Deps, r *Request) Reply {
	var body struct {
		Password    *string `json:"password"`
		OldPassword *string `json:"oldPassword"`
	}
	if err := DecodeBody(r, &body); err != nil {
		return Fail(err)
	}
	if body.Password == nil || *body.Password == "" {
		return Fail(required("password"))
	}
	secret := d.Secret
	userClient := d.user(secret)
	user, err := getAccount(userClient)
	if err != nil {
		return failUser(d, err)
	}
	admin := d.admin(r)
	if user.Email == "" {
		return changePasswordWithoutEmail(d, r, userClient, body.Password, body.OldPassword)
	}

	if user.PasswordUpdate != "" {
		if _, err := checkPassword(d, admin, user, body.OldPassword); err != nil {
			return Fail(err)
		}
	}
	var updated User
	if err := callJSON(admin, "PATCH", "/users/"+user.ID+"/password", map[string]any{"password": *body.Password}, &updated); err != nil {
		return Fail(upstream.AdminError(err))
	}
	d.endTrust(user.Email, user.ID)
	// Every session ends: this browser's, the one the check made, and
	// whoever else held the old password.
	if _, err := users.New(admin).DeleteSessions(user.ID); err != nil {
		return Fail(upstream.AdminError(err))
	}
	renewed, err := account.New(admin).CreateEmailPasswordSession(user.Email, *body.Password)
	if err != nil {
		return Fail(upstream.AdminError(err))
	}
	cookie, err := sessionCookie(d, renewed)
	if err != nil {
		return Fail(err)
	}
	return UserData(http.StatusOK, updated.normalize()).WithCookie(cookie)
}

// changePasswordWithoutEmail changes the password of a user who has no
// e-mail (a phone account) through Appwrite's own route, which checks
// oldPassword, and then ends the user's other sessions with the admin
// client.
func changePasswordWithoutEmail(d *Deps, r *Request, userClient client.Client, password, oldPassword *string) Reply {
	current, err := account.New(userClient).GetSession("current")
	if err != nil {
		return failUser(d, err)
	}
	params := map[string]any{"password": *password}
	if oldPassword != nil {
		params["oldPassword"] = *oldPassword
	}
	var user User
	if err := callJSON(userClient, "PATCH", "/account/password", params, &user); err != nil {
		return failUser(d, err)
	}
	d.endTrust(user.ID)
	if err := endOtherSessions(d.admin(r), user.ID, current.Id); err != nil {
		return Fail(err)
	}
	return UserData(http.StatusOK, user.normalize())
}

// endOtherSessions deletes, with the admin client, every session of the
// user but keep.
func endOtherSessions(admin client.Client, userID, keep string) error {
	list, err := users.New(admin).ListSessions(userID)
	if err != nil {
		return upstream.AdminError(err)
	}
	for _, s := range list.Sessions {
		if s.Id == keep {
			continue
		}
		if err := deleteSessionByID(admin, userID, s.Id); err != nil {
			return err
		}
	}
	return nil
}

// checkPassword checks a user's password by signing in with it (with the
// admin client, behind the function's limiter, on the budgets of POST
// /login for the address) and returns the session that made, for the
// caller to end. A missing or wrong password is user_invalid_credentials.
func checkPassword(d *Deps, admin client.Client, user *User, password *string) (*models.Session, error) {
	if password == nil || *password == "" {
		return nil, errInvalidCredentials
	}
	succeeded, err := d.sessionCheck(budgetPassword, passwordAccount(user))
	if err != nil {
		return nil, err
	}
	s, err := account.New(admin).CreateEmailPasswordSession(user.Email, *password)
	if err != nil {
		if err = upstream.AdminError(err); apierror.Is(err, apierror.TypeInvalidCredentials) || apierror.Is(err, apierror.TypeArgumentInvalid) {
			return nil, errInvalidCredentials
		}
		return nil, err
	}
	succeeded()
	return s, nil
}

// changeEmail serves POST /me/email {email, password, code?}: 200 with
// the user, whose new address is unverified until POST /verification is
// done. Appwrite checks the password, without a limit on a session's
// calls: the function counts each check on the budgets of POST /login for
// the account's e-mail, as POST /me/password does, so a stolen session is
// no password oracle. An account without a password takes any password
// here as its new one, so its request must also prove it is the owner's
// with a fresh e-mail code of its current address (see proveByEmailCode):
// else a stolen session could move the account to the thief's address.
// The change then ends every other session of the user, as a password
// change does; this browser stays signed in.
func changeEmail(d *Deps, r *Request) Reply {
	var body struct {
		Email    *string `json:"email"`
		Password *string `json:"password"`
		Code     *string `json:"code"`
	}
	if err := DecodeBody(r, &body); err != nil {
		return Fail(err)
	}
	switch {
	case body.Email == nil || strings.TrimSpace(*body.Email) == "":
		return Fail(required("email"))
	case body.Password == nil || *body.Password == "":
		return Fail(required("password"))
	}
	user, userClient, refused := signedInUser(d)
	if refused != nil {
		return *refused
	}
	if !hasPassword(user) && user.Email != "" {
		s, err := proveByEmailCode(d, d.admin(r), user, body.Code)
		if err != nil {
			return Fail(err)
		}
		d.deleteSession(s)
	}
	current, err := account.New(userClient).GetSession("current")
	if err != nil {
		return failUser(d, err)
	}
	succeeded, err := d.sessionCheck(budgetPassword, passwordAccount(user))
	if err != nil {
		return Fail(err)
	}
	var changed User
	err = callJSON(userClient, "PATCH", "/account/email", map[string]any{"email": NormalizeEmail(*body.Email), "password": *body.Password}, &changed)
	if err != nil {
		return failUser(d, err)
	}
	succeeded()
	if err := endOtherSessions(d.admin(r), current.UserId, current.Id); err != nil {
		return Fail(err)
	}
	return UserData(http.StatusOK, changed.normalize())
}

// setMFA serves PATCH /me/mfa {enabled, code?, password?}: turns
// multi-factor sign-in on or off for the signed-in user. Appwrite only
// asks for a second factor when the user has one (a verified e-mail at
// least). Turning it off needs the same proof as removing the
// authenticator (see proveSecondFactorOwner): a stolen session alone
// cannot undo the owner's second factor.
func setMFA(d *Deps, r *Request) Reply {
	var body struct {
		Enabled  *bool   `json:"enabled"`
		Code     *string `json:"code"`
		Password *string `json:"password"`
	}
	if err := DecodeBody(r, &body); err != nil {
		return Fail(err)
	}
	if body.Enabled == nil {
		return Fail(required("enabled"))
	}
	if !*body.Enabled {
		user, c, refused := signedInUser(d)
		if refused != nil {
			return *refused
		}
		if err := proveSecondFactorOwner(d, d.admin(r), c, user, body.Code, body.Password); err != nil {
			return failUser(d, err)
		}
	} else if err := proveEnablingOwner(d, r, body.Code, body.Password); err != nil {
		return failUser(d, err)
	}
	return updateAccount(d, r, "/account/mfa", map[string]any{"mfa": *body.Enabled})
}

// passwordAccount is the account a check of user's password counts on:
// its e-mail address, as for POST /login, so that guesses with a session
// and without one share one budget; the user ID for a user without one.
func passwordAccount(user *User) string {
	if user.Email != "" {
		return user.Email
	}
	return user.ID
}

// updateAccount makes one PATCH of the signed-in user's account and
// answers with the user.
func updateAccount(d *Deps, r *Request, path string, params map[string]any) Reply {
	secret := d.Secret
	var user User
	if err := callJSON(d.user(secret), "PATCH", path, params, &user); err != nil {
		return failUser(d, err)
	}
	return UserData(http.StatusOK, user.normalize())
}
