package server

import (
	"encoding/json"

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

// An account gets a password, a session or any other credential only
// from someone who has proven its address. Accounts made before that
// rule, with SIGNUP_VERIFICATION=off, or at Appwrite directly may hold
// credentials nobody proved: anyone can sign up with another person's
// address and a password of their own, link their own GitHub account,
// add a phone or an authenticator, and keep tokens (an unfinished OAuth2
// sign-in, a phone code) that Appwrite cannot list or revoke (a
// "pre-hijacked" account). So every token that proves an address is read
// against the account as it was before the proof (readBeforeProof), and
// an account that held anything unproven is retired at its owner's first
// proof: deleted, with everything on it and every token issued for it,
// and replaced by a new, verified account for the address (retire).

// priorAccount is what a sign-in by token reads of an account before the
// token proves its address.
type priorAccount struct {
	user        priorUser
	identities  int
	memberships int
}

// priorUser is the part of Appwrite's user model that says whether
// anything was set on an account before its address was proven.
type priorUser struct {
	ID                string          `json:"$id"`
	Email             string          `json:"email"`
	Name              string          `json:"name"`
	Status            bool            `json:"status"`
	EmailVerification bool            `json:"emailVerification"`
	Password          string          `json:"password"`
	PasswordUpdate    string          `json:"passwordUpdate"`
	Phone             string          `json:"phone"`
	MFA               bool            `json:"mfa"`
	Prefs             json.RawMessage `json:"prefs"`
}

// readBeforeProof reads, with the admin client, the account of userID,
// its linked identities and its team memberships, at the same time. It
// returns nil and no error for an ID that names no account (or one
// Appwrite would refuse, which is not put in a path with the API key):
// the exchange is then Appwrite's to refuse, as for any wrong token.
func readBeforeProof(admin client.Client, userID string) (*priorAccount, error) {
	if !session.ValidID(userID) {
		return nil, nil
	}
	var p priorAccount
	svc := users.New(admin)
	err := parallel.All(
		func() error { return callJSON(admin, "GET", "/users/"+userID, nil, &p.user) },
		func() error {
			list, err := svc.ListIdentities(svc.WithListIdentitiesQueries([]string{query.Equal("userId", userID)}))
			if err == nil {
				p.identities = len(list.Identities)
			}
			return err
		},
		func() error {
			list, err := svc.ListMemberships(userID)
			if err == nil {
				p.memberships = len(list.Memberships)
			}
			return err
		},
	)
	if err = upstream.AdminError(err); err != nil {
		if apierror.Is(err, "user_not_found") {
			return nil, nil
		}
		return nil, err
	}
	return &p, nil
}

// unproven reports whether the account holds anything that someone who
// had not proven its address may have set: its address is unverified and
// it has a password, a phone, MFA, a name, prefs, a linked identity or a
// team membership. An account the function made for a new address when
// it sent a code (no password, nothing else) holds nothing. A blocked
// account is never retired: retiring it would unblock its address.
func (p *priorAccount) unproven() bool {
	if p == nil {
		return false
	}
	u := p.user
	if !u.Status || u.EmailVerification || u.Email == "" {
		return false
	}
	return u.Password != "" || u.PasswordUpdate != "" || u.Phone != "" || u.MFA || u.Name != "" ||
		!emptyPrefs(u.Prefs) || p.identities > 0 || p.memberships > 0
}

// emptyPrefs reports whether prefs as Appwrite sent them hold nothing.
func emptyPrefs(prefs json.RawMessage) bool {
	s := string(prefs)
	return s == "" || s == "{}" || s == "[]" || s == "null"
}

// newOwner is what the account that replaces a retired one starts with:
// the password and name its owner chose while proving the address (by a
// sign-up code or a recovery), or nothing (a sign-in by link, code or
// provider: the owner sets a password by recovery).
type newOwner struct {
	password, name string
}

// tokenProof is a sign-in by a token that proves an address: the session
// it made, the account as it was before, and whether that account was
// retired (the session then belongs to the new account).
type tokenProof struct {
	session *models.Session
	prior   *priorAccount
	retired bool
}

// exchangeToken turns a one-time token of userID (an e-mail code, a
// magic link, an OAuth2 sign-in) into a session with the admin client,
// reading the account first (readBeforeProof) and retiring it once the
// exchange has proven the address when it held anything unproven. owner
// is what the new account starts with then.
func exchangeToken(d *Deps, r *Request, userID, secret string, owner newOwner) (tokenProof, error) {
	admin := d.admin(r)
	prior, err := readBeforeProof(admin, userID)
	if err != nil {
		return tokenProof{}, err
	}
	s, err := account.New(admin).CreateSession(userID, secret)
	if err != nil {
		return tokenProof{}, upstream.AdminError(err)
	}
	if !prior.unproven() {
		return tokenProof{session: s, prior: prior}, nil
	}
	fresh, err := retire(d, admin, prior, owner, true)
	if err != nil {
		return tokenProof{}, err
	}
	return tokenProof{session: fresh, prior: prior, retired: true}, nil
}

// retire replaces the account of prior, whose address has just been
// proven, by a new one for its owner: the old account is deleted, and
// with it its password, sessions, linked identities, phone, second
// factors, prefs, name, messaging targets, team memberships and every
// token ever issued for it (a token names its user, and Appwrite refuses
// one whose user is gone; the new account has a new ID, so no old token
// can name it). The new account has the address, verified, and what
// owner gives it; when signIn, the returned session is of it (else it is
// nil). The limiter no longer trusts any address for the account's
// e-mail.
//
// The old account goes first, since the address can only have one
// account: if making the new one then fails, the address is free and the
// owner's next sign-in by code or link makes a new account for it.
func retire(d *Deps, admin client.Client, prior *priorAccount, owner newOwner, signIn bool) (*models.Session, error) {
	email := prior.user.Email
	if _, err := users.New(admin).Delete(prior.user.ID); err != nil {
		return nil, upstream.AdminError(err)
	}
	d.endTrust(email)
	opts := []users.CreateOption{users.New(admin).WithCreateEmail(email)}
	if owner.password != "" {
		opts = append(opts, users.New(admin).WithCreatePassword(owner.password))
	}
	if owner.name != "" {
		opts = append(opts, users.New(admin).WithCreateName(owner.name))
	}
	created, err := users.New(admin).Create("unique()", opts...)
	if err != nil {
		return nil, upstream.AdminError(err)
	}
	var fresh *models.Session
	steps := []func() error{func() error {
		_, err := users.New(admin).UpdateEmailVerification(created.Id, true)
		return upstream.AdminError(err)
	}}
	if signIn {
		steps = append(steps, func() (err error) {
			fresh, err = users.New(admin).CreateSession(created.Id)
			return upstream.AdminError(err)
		})
	}
	err = parallel.All(steps...)
	if err != nil {
		// An unverified new account is retired again at the owner's next
		// proof; it holds nothing anyone else set.
		if fresh != nil {
			d.deleteSession(fresh)
		}
		return nil, err
	}
	d.note("a token proved the address of an account holding credentials nobody had proven: the account was retired and a new one made for the address")
	return fresh, nil
}
