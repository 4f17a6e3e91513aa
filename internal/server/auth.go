package server

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/appwrite/sdk-for-go/account"
	"github.com/appwrite/sdk-for-go/client"
	"github.com/appwrite/sdk-for-go/models"
	"github.com/appwrite/sdk-for-go/users"

	"openruntimes/handler/internal/apierror"
	"openruntimes/handler/internal/parallel"
	"openruntimes/handler/internal/upstream"
)

// credentials is the body of POST /signup and POST /login.
type credentials struct {
	Email    *string `json:"email"`
	Password *string `json:"password"`
	Name     *string `json:"name"`
}

// readCredentials decodes and checks the body of sign-up and sign-in. The
// e-mail is trimmed and lower-cased, as Appwrite stores it.
func readCredentials(r *Request, allowName bool) (email, password, name string, err error) {
	var body credentials
	if err := DecodeBody(r, &body); err != nil {
		return "", "", "", err
	}
	switch {
	case body.Email == nil || strings.TrimSpace(*body.Email) == "":
		return "", "", "", required("email")
	case body.Password == nil || *body.Password == "":
		return "", "", "", required("password")
	case body.Name != nil && !allowName:
		return "", "", "", invalidArgument("Unknown param `name`.")
	}
	if body.Name != nil {
		name = *body.Name
	}
	return NormalizeEmail(*body.Email), *body.Password, name, nil
}

// NormalizeEmail trims and lower-cases an e-mail address, as Appwrite does
// before storing or comparing it.
func NormalizeEmail(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// guestAccount is what upgradeGuest reads of a guest's account.
type guestAccount struct {
	ID      string            `json:"$id"`
	Email   string            `json:"email"`
	Phone   string            `json:"phone"`
	MFA     bool              `json:"mfa"`
	Targets []json.RawMessage `json:"targets"`
	Prefs   json.RawMessage   `json:"prefs"`
}

// upgradeGuest gives the anonymous user of secret an e-mail, a password
// and a name, and moves the browser to a new session: upgraded is true
// and reply is the answer (or the error). upgraded is false when secret
// is not a guest's session (or no longer valid), and when the guest
// account holds anything a guest does not make for itself (a phone, a
// linked OAuth2 identity, an MFA factor, a messaging target): sign-up
// then creates a new account, which takes only the guest's prefs
// (carryPrefs). A guest session can be planted in a victim's
// browser (from a sibling subdomain, say): upgrading such an account in
// place would hand the victim's credentials to an account whose identity
// or factors let its planter back in.
func upgradeGuest(d *Deps, r *Request, secret, email, password, name string) (reply Reply, upgraded bool, carryPrefs json.RawMessage) {
	c := d.user(secret)
	g, ok := readGuest(c)
	if !ok {
		return Reply{}, false, nil
	}
	if planted, err := guestHoldsMore(c, g); err != nil {
		return Fail(upstream.UserError(err)), true, nil
	} else if planted {
		return Reply{}, false, g.Prefs
	}
	user, err := giveGuestCredentials(c, email, password, name)
	if err != nil {
		return Fail(err), true, nil
	}
	cookie, err := replaceGuestSessions(d, r, user.ID, email, password)
	if err != nil {
		return Fail(err), true, nil
	}
	return UserData(http.StatusCreated, user.normalize()).WithCookie(cookie), true, nil
}

// readGuest reads the account of the session client c when its session is
// a guest's: an anonymous session of a user with no e-mail yet, not any
// user without an e-mail (a phone account has none either). ok is false
// for any other session, and when the session is no longer valid.
func readGuest(c client.Client) (g *guestAccount, ok bool) {
	if current, err := account.New(c).GetSession("current"); err != nil || current.Provider != "anonymous" {
		return nil, false
	}
	g = new(guestAccount)
	if err := callJSON(c, "GET", "/account", nil, g); err != nil || g.Email != "" {
		return nil, false
	}
	return g, true
}

// giveGuestCredentials sets the e-mail, password and (when not empty) name
// of the guest whose session client is c, and returns the account as
// Appwrite then holds it. An address another account has is
// errAccountExists.
func giveGuestCredentials(c client.Client, email, password, name string) (*User, error) {
	var user User
	if err := callJSON(c, "PATCH", "/account/email", map[string]any{"email": email, "password": password}, &user); err != nil {
		err = upstream.UserError(err)
		if apierror.Is(err, "user_already_exists") {
			err = errAccountExists
		}
		return nil, err
	}
	if name != "" {
		if err := callJSON(c, "PATCH", "/account/name", map[string]any{"name": name}, &user); err != nil {
			return nil, upstream.UserError(err)
		}
	}
	return &user, nil
}

// replaceGuestSessions ends every session of the upgraded guest userID and
// returns the cookie of a new e-mail session: whoever else holds the
// guest's session (a cookie planted in this browser from a sibling
// subdomain, say) must not keep it on an account that now has the user's
// credentials.
func replaceGuestSessions(d *Deps, r *Request, userID, email, password string) (cookie string, err error) {
	admin := d.admin(r)
	if _, err := users.New(admin).DeleteSessions(userID); err != nil {
		return "", upstream.AdminError(err)
	}
	s, err := account.New(admin).CreateEmailPasswordSession(email, password)
	if err != nil {
		return "", upstream.AdminError(err)
	}
	return sessionCookie(d, s)
}

// guestHoldsMore reports whether the guest account g of client c holds
// more than a guest makes for itself: a phone, messaging targets, MFA on,
// an MFA factor (an authenticator, recovery codes) or a linked identity.
// Its identities and factors are read at the same time.
func guestHoldsMore(c client.Client, g *guestAccount) (bool, error) {
	if g.Phone != "" || g.MFA || len(g.Targets) > 0 {
		return true, nil
	}
	var identities *models.IdentityList
	var factors *models.MfaFactors
	err := parallel.All(
		func() (err error) { identities, err = account.New(c).ListIdentities(); return err },
		func() (err error) { factors, err = account.New(c).ListMFAFactors(); return err },
	)
	if err != nil {
		return false, err
	}
	return len(identities.Identities) > 0 || len(factorNames(factors)) > 0, nil
}

// signIn serves POST /login {email, password}: it creates an e-mail session
// with the admin client and answers 200 with the user and the session
// cookie. Unknown e-mail and wrong password get the same 401
// user_invalid_credentials. When the user has MFA on, the session is only
// partial: the answer is {mfaRequired: true, factors} with the cookie, and
// POST /mfa/challenge and /mfa/verify complete it.
func signIn(d *Deps, r *Request) Reply {
	email, password, _, err := readCredentials(r, false)
	if err != nil {
		return Fail(err)
	}
	succeeded, err := d.attempt(budgetSignIn, email)
	if err != nil {
		return Fail(err)
	}
	old := d.lookUpReplaced()
	s, err := account.New(d.admin(r)).CreateEmailPasswordSession(email, password)
	if err != nil {
		// A failure needs no record: Allow counted the attempt as one.
		return Fail(upstream.AdminError(err))
	}
	succeeded()
	return signedIn(d, s, http.StatusOK, old, false)
}

// signedIn answers a request that has just created session s: the user
// and the cookie, or the MFA step when the session still lacks a factor.
// reset says the sign-in retired the account it proved the address of
// (see retire): the answer then says so, with accountReset.
// The browser's earlier session (old, looked up while s was made) is ended
// at the same time as the account is read: the answer replaces the cookie
// either way, with s, or cleared when reading the account fails after the
// old session was ended.
func signedIn(d *Deps, s *models.Session, status int, old *replacedSession, reset bool) Reply {
	cookie, err := sessionCookie(d, s)
	if err != nil {
		return Fail(err)
	}
	ended := old.endLater(d, s)
	user, err := newSessionAccount(d, s)
	if err == nil {
		if reset {
			return UserData(status, resetUser{user}).WithCookie(cookie)
		}
		return UserData(status, user).WithCookie(cookie)
	}
	// No session cookie with a failure: the browser must not hold a
	// session it was told did not work; if its old one is gone too, the
	// cookie is cleared.
	if !apierror.Is(err, apierror.TypeMoreFactorsRequired) {
		if ended() {
			return Fail(err).WithCookie(d.Config.Cookie.Clear())
		}
		return Fail(err)
	}
	factors, err := account.New(d.user(s.Secret)).ListMFAFactors()
	if err != nil {
		err = upstream.UserError(err)
		if ended() {
			return Fail(err).WithCookie(d.Config.Cookie.Clear())
		}
		return Fail(err)
	}
	return UserData(http.StatusOK, MFARequired{MFARequired: true, Factors: factorNames(factors)}).WithCookie(cookie)
}

// newSessionAccount reads the account with the session s the request has
// just created. Unless that works, or fails only because the session
// still needs its second factor (user_more_factors_required, returned as
// the error), s is deleted with the admin client before the error is
// returned: Appwrite makes sessions from tokens without checking whether
// the user is blocked, and such a session must not outlive the answer
// that says it failed.
func newSessionAccount(d *Deps, s *models.Session) (*User, error) {
	user, err := getAccount(d.user(s.Secret))
	if err == nil {
		return user, nil
	}
	if err = upstream.UserError(err); apierror.Is(err, apierror.TypeMoreFactorsRequired) {
		return nil, err
	}
	d.deleteSession(s)
	return nil, err
}

// deleteSession deletes a session the request has just made and will not
// hand over, with the admin client; a failure is noted in the log line.
func (d *Deps) deleteSession(s *models.Session) {
	d.Sessions.Forget(s.Secret)
	if err := deleteSessionByID(upstream.NewAdminClient(d.Config, ""), s.UserId, s.Id); err != nil {
		d.note("deleting a session not handed over: " + err.Error())
	}
}

// deleteSessionByID deletes a session of userID with the admin client. A
// session already gone is no error: the caller wanted it gone.
func deleteSessionByID(admin client.Client, userID, sessionID string) error {
	if _, err := users.New(admin).DeleteSession(userID, sessionID); err != nil {
		if err := upstream.AdminError(err); !apierror.Is(err, "user_session_not_found") {
			return err
		}
	}
	return nil
}

// resetUser is the answer to a sign-in that retired the account it proved
// the address of: the new account's user with "accountReset": true, which
// the app shows ("your account was reset: set a password").
type resetUser struct{ user *User }

// MarshalJSON writes the user's fields and accountReset.
func (r resetUser) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(r.user)
	if err != nil || len(b) < 2 {
		return b, err
	}
	return append(b[:len(b)-1], `,"accountReset":true}`...), nil
}

// MFARequired is the answer to a sign-in that needs a second factor.
type MFARequired struct {
	MFARequired bool     `json:"mfaRequired"`
	Factors     []string `json:"factors"`
}

// factorNames lists the factors a user can complete sign-in with.
func factorNames(f *models.MfaFactors) []string {
	names := []string{}
	if f.Email {
		names = append(names, "email")
	}
	if f.Totp {
		names = append(names, "totp")
	}
	if f.Phone {
		names = append(names, "phone")
	}
	if f.RecoveryCode {
		names = append(names, "recoveryCode")
	}
	return names
}

// signOut serves POST /logout: it deletes the current session and always
// clears the cookie: 204, also when the cookie was missing or stale, and
// with the error when Appwrite could not be reached (the browser is signed
// out; the session may live on until it expires). The session is deleted
// with the admin client, so that sign-outs do not all draw on the one
// per-IP budget Appwrite gives the function's egress address for session
// deletion; the admin client needs the session's ID, which this instance
// remembers for the sessions it made (session.Index) and otherwise looks
// up with the user's client (GET, which Appwrite does not rate-limit).
func signOut(d *Deps, r *Request) Reply {
	clear := d.Config.Cookie.Clear()
	secret, ok := d.sessionSecret()
	if !ok {
		return NoContent().WithCookie(clear)
	}
	if userID, sessionID, known := d.Sessions.Lookup(secret); known {
		// This instance made the session: one call ends it.
		d.Sessions.Forget(secret)
		if err := deleteSessionByID(d.admin(r), userID, sessionID); err != nil {
			return Fail(err).WithCookie(clear)
		}
		return NoContent().WithCookie(clear)
	}
	userClient := d.user(secret)
	current, err := account.New(userClient).GetSession("current")
	if err != nil {
		err = upstream.UserError(err)
		if apierror.Is(err, apierror.TypeMoreFactorsRequired) {
			return deletePendingSession(d, userClient)
		}
		if !isSignedOut(err) {
			// Appwrite could not be asked: the browser is signed out all
			// the same, and the error says the session may live on.
			return Fail(err).WithCookie(clear)
		}
		return NoContent().WithCookie(clear)
	}
	if err := deleteSessionByID(d.admin(r), current.UserId, current.Id); err != nil {
		return Fail(err).WithCookie(clear)
	}
	return NoContent().WithCookie(clear)
}

// deletePendingSession ends a sign-in still waiting for its second
// factor: such a session cannot read itself, but Appwrite lets it delete
// itself (with the user's client, so on the per-IP budget; a rare case).
func deletePendingSession(d *Deps, userClient client.Client) Reply {
	clear := d.Config.Cookie.Clear()
	if err := deleteOwnSession(userClient); err != nil {
		return Fail(err).WithCookie(clear)
	}
	return NoContent().WithCookie(clear)
}

// deleteOwnSession deletes the session userClient acts with. A sign-in
// still waiting for its second factor cannot read itself, but may delete
// itself. A session already gone is no error.
func deleteOwnSession(userClient client.Client) error {
	if _, err := account.New(userClient).DeleteSession("current"); err != nil {
		if err := upstream.UserError(err); !isSignedOut(err) {
			return err
		}
	}
	return nil
}

// getMe serves GET /me: the signed-in user, read with the session client. No
// cookie is 401 user_unauthorized; a cookie Appwrite no longer accepts is
// the same 401 and clears the cookie. A session still waiting for its
// second factor is 401 user_more_factors_required.
func getMe(d *Deps, r *Request) Reply {
	secret := d.Secret
	user, err := getAccount(d.user(secret))
	if err != nil {
		return failUser(d, err)
	}
	return UserData(http.StatusOK, user)
}

// failUser reports the error of a session-client call, clearing the
// cookie when it means the session is gone or its user blocked: 401
// user_blocked signs the browser out.
func failUser(d *Deps, err error) Reply {
	err = upstream.UserError(err)
	if endsSession(err) {
		return Fail(err).WithCookie(d.Config.Cookie.Clear())
	}
	return Fail(err)
}
