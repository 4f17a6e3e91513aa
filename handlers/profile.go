package handlers

import (
	"encoding/json"
	"net/http"
	"strings"
	"unicode/utf8"
)

// UpdateMe serves PATCH /me {name?, prefs?}: it changes the signed-in
// user's name and/or replaces their prefs (a JSON object, as Appwrite
// stores it), and answers 200 with the user.
func UpdateMe(d *Deps, r *Request) Reply {
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
	secret, ok := d.sessionSecret()
	if !ok {
		return Fail(errSignedOut)
	}
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

// ChangePassword serves POST /me/password {password, oldPassword?}: 200
// with the user. oldPassword is required when the user has a password (a
// wrong or missing one is 401 user_invalid_credentials); users who signed
// up without one (guests, magic links, codes, OAuth2) set their first.
func ChangePassword(d *Deps, r *Request) Reply {
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
	params := map[string]any{"password": *body.Password}
	if body.OldPassword != nil {
		params["oldPassword"] = *body.OldPassword
	}
	return updateAccount(d, r, "/account/password", params)
}

// ChangeEmail serves POST /me/email {email, password}: 200 with the user,
// whose new address is unverified until POST /verification is done.
func ChangeEmail(d *Deps, r *Request) Reply {
	var body struct {
		Email    *string `json:"email"`
		Password *string `json:"password"`
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
	return updateAccount(d, r, "/account/email", map[string]any{"email": NormalizeEmail(*body.Email), "password": *body.Password})
}

// SetMFA serves PATCH /me/mfa {enabled}: turns multi-factor sign-in on or
// off for the signed-in user. Appwrite only asks for a second factor when
// the user has one (a verified e-mail at least).
func SetMFA(d *Deps, r *Request) Reply {
	var body struct {
		Enabled *bool `json:"enabled"`
	}
	if err := DecodeBody(r, &body); err != nil {
		return Fail(err)
	}
	if body.Enabled == nil {
		return Fail(required("enabled"))
	}
	return updateAccount(d, r, "/account/mfa", map[string]any{"mfa": *body.Enabled})
}

// updateAccount makes one PATCH of the signed-in user's account and
// answers with the user.
func updateAccount(d *Deps, r *Request, path string, params map[string]any) Reply {
	secret, ok := d.sessionSecret()
	if !ok {
		return Fail(errSignedOut)
	}
	var user User
	if err := callJSON(d.user(secret), "PATCH", path, params, &user); err != nil {
		return failUser(d, err)
	}
	return UserData(http.StatusOK, user.normalize())
}
