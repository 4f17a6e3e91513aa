package server

import (
	"openruntimes/handler/internal/apierror"
	"openruntimes/handler/internal/parallel"
	"openruntimes/handler/internal/upstream"
	"openruntimes/handler/session"

	"github.com/appwrite/sdk-for-go/account"
	"github.com/appwrite/sdk-for-go/client"
	"github.com/appwrite/sdk-for-go/models"
	"github.com/appwrite/sdk-for-go/query"
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
// owner (see takeBack) and the browser gets a new session.
func exchangeToken(d *Deps, r *Request, userID, secret string) (*models.Session, error) {
	admin := d.admin(r)
	var before *models.User
	// An ID Appwrite would refuse is not put in a path with the API key:
	// the exchange below gets Appwrite's own answer to it.
	if session.ValidID(userID) {
		u, err := users.New(admin).Get(userID)
		if err != nil {
			// An unknown user is the exchange's to refuse, as for any
			// wrong token, so that the answer tells nothing more.
			if err = upstream.AdminError(err); !apierror.Is(err, "user_not_found") {
				return nil, err
			}
		}
		before = u
	}
	s, err := account.New(admin).CreateSession(userID, secret)
	if err != nil {
		return nil, upstream.AdminError(err)
	}
	// A blocked user's session is refused later (see newSessionAccount);
	// the account is not changed for it.
	if before == nil || !before.Status || before.EmailVerification || (before.Password == "" && before.PasswordUpdate == "") {
		return s, nil
	}
	if err := takeBack(admin, before); err != nil {
		// Nothing half taken back is handed over, and the address counts
		// as unproven again (an e-mail token has just verified it), so
		// that the next token sign-in tries again.
		d.deleteSession(s)
		if _, verr := users.New(admin).UpdateEmailVerification(userID, false); verr != nil {
			d.note("a failed take-back left the address verified: " + upstream.AdminError(verr).Error())
		}
		return nil, err
	}
	// The address is proven: verified, so that the next sign-in by a
	// provider (which does not verify it) takes nothing back again.
	var fresh *models.Session
	var verifyErr error
	err = parallel.All(
		func() (err error) {
			fresh, err = users.New(admin).CreateSession(userID)
			return upstream.AdminError(err)
		},
		func() error { _, verifyErr = users.New(admin).UpdateEmailVerification(userID, true); return nil },
	)
	if err != nil {
		return nil, err
	}
	if verifyErr != nil {
		d.note("a taken-back account's address is not marked verified: " + upstream.AdminError(verifyErr).Error())
	}
	d.note("token sign-in took back an account with an unverified address: its password, sessions, linked identities, phone and second factors are gone")
	return fresh, nil
}

// takeBack clears from the account u all that whoever made it may still
// sign in or hold it with: the unverified password is replaced by a
// random one nobody knows (the owner sets their own by recovery), every
// session ends, linked OAuth2 identities are unlinked, the phone is
// removed, and MFA is turned off with its authenticator deleted (a
// planted factor would lock the owner out). The calls run at the same
// time; the error is the first of those that failed.
func takeBack(admin client.Client, u *models.User) error {
	id := u.Id
	ignore := func(err error, typ string) error {
		if err = upstream.AdminError(err); err != nil && !apierror.Is(err, typ) {
			return err
		}
		return nil
	}
	steps := []func() error{
		func() error {
			_, err := users.New(admin).UpdatePassword(id, randomToken())
			return upstream.AdminError(err)
		},
		func() error { _, err := users.New(admin).DeleteSessions(id); return upstream.AdminError(err) },
		func() error {
			svc := users.New(admin)
			list, err := svc.ListIdentities(svc.WithListIdentitiesQueries([]string{query.Equal("userId", id)}))
			if err != nil {
				return upstream.AdminError(err)
			}
			for _, x := range list.Identities {
				if _, err := svc.DeleteIdentity(x.Id); ignore(err, "user_identity_not_found") != nil {
					return upstream.AdminError(err)
				}
			}
			return nil
		},
		func() error {
			_, err := users.New(admin).DeleteMFAAuthenticator(id, "totp")
			return ignore(err, "user_authenticator_not_found")
		},
	}
	if u.Phone != "" {
		steps = append(steps, func() error { _, err := users.New(admin).UpdatePhone(id, ""); return upstream.AdminError(err) })
	}
	if u.Mfa {
		steps = append(steps, func() error { _, err := users.New(admin).UpdateMFA(id, false); return upstream.AdminError(err) })
	}
	return parallel.All(steps...)
}
