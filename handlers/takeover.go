package handlers

import (
	"crypto/rand"
	"encoding/base64"

	"github.com/appwrite/sdk-for-go/account"
	"github.com/appwrite/sdk-for-go/models"
	"github.com/appwrite/sdk-for-go/users"
)

// exchangeToken turns a one-time token of userID (an e-mail code, a magic
// link, an OAuth2 sign-in) into a session with the admin client.
//
// Such a sign-in proves the user holds the e-mail address. An account
// that has a password but whose address was never verified may have been
// made by someone else: anyone can sign up with another person's address
// and a password of their own, and wait for its owner to sign in by link,
// code or provider into that same account (a "pre-hijacked" account). So
// the account is read first; when it has a password and an unverified
// address, the exchange is the first proof of the address, and once it
// has succeeded the function takes the account back for the address's
// owner: the unverified password is replaced by a random one nobody
// knows (the owner sets their own by recovery), every session of the
// user is ended, and the browser gets a new one.
func exchangeToken(d *Deps, r *Request, userID, secret string) (*models.Session, error) {
	admin := d.admin(r)
	before, err := users.New(admin).Get(userID)
	if err != nil {
		// An unknown user is the exchange's to refuse, as for any wrong
		// token, so that the answer tells nothing more.
		if err = adminError(err); !isType(err, "user_not_found") {
			return nil, err
		}
		before = nil
	}
	s, err := account.New(admin).CreateSession(userID, secret)
	if err != nil {
		return nil, adminError(err)
	}
	// A blocked user's session is refused later (see newSessionAccount);
	// the account is not changed for it.
	if before == nil || !before.Status || before.EmailVerification || (before.Password == "" && before.PasswordUpdate == "") {
		return s, nil
	}
	if _, err := users.New(admin).UpdatePassword(userID, unguessablePassword()); err != nil {
		return nil, adminError(err)
	}
	if _, err := users.New(admin).DeleteSessions(userID); err != nil {
		return nil, adminError(err)
	}
	s, err = users.New(admin).CreateSession(userID)
	if err != nil {
		return nil, adminError(err)
	}
	d.note("token sign-in took back an account with an unverified address: its password was replaced and its sessions ended")
	return s, nil
}

// unguessablePassword returns a random password that nobody is told: 32
// bytes from crypto/rand.
func unguessablePassword() string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b[:])
}
