package server

import (
	"encoding/json"
	"net/http"
	"unicode/utf8"

	"github.com/appwrite/sdk-for-go/account"
	"github.com/appwrite/sdk-for-go/users"

	"openruntimes/handler/internal/apierror"
	"openruntimes/handler/internal/parallel"
	"openruntimes/handler/internal/upstream"
	"openruntimes/handler/security/ratelimit"
)

// Password lengths Appwrite accepts, in bytes.
const (
	minPasswordBytes = 8
	maxPasswordBytes = 256
)

// checkNewPassword refuses, before any e-mail is sent, a password that
// Appwrite would never accept: fewer than 8 or more than 256 bytes.
// Appwrite's own policies (a dictionary of common passwords, personal
// data) are checked when the password is set.
func checkNewPassword(password string) error {
	if n := len(password); n < minPasswordBytes || n > maxPasswordBytes || !utf8.ValidString(password) {
		return invalidArgument("The password must be 8 to 256 bytes of UTF-8 text.")
	}
	return nil
}

// signUp serves POST /signup {email, password, name?}.
//
// By default (SIGNUP_VERIFICATION=code) nobody gets an account with a
// password, a name or a session before proving its address: the address
// is sent a six-digit code (Appwrite's e-mail token) and the answer is
// 202 {userId, verification: "code"}, the same whether the address has
// an account or not. POST /signup/verify completes it. The password is
// only checked here, never set, so a password Appwrite could never take
// is refused before any e-mail goes out.
//
// With SIGNUP_VERIFICATION=off the account and its session are made at
// once (signUpInstantly).
func signUp(d *Deps, r *Request) Reply {
	email, password, name, err := readCredentials(r, true)
	if err != nil {
		return Fail(err)
	}
	if d.InstantSignUp {
		return signUpInstantly(d, r, email, password, name)
	}
	if err := checkNewPassword(password); err != nil {
		return Fail(err)
	}
	userID, err := sendEmailCode(d, r, email)
	if err != nil {
		return Fail(err)
	}
	return JSON(http.StatusAccepted, struct {
		UserID       string `json:"userId"`
		Verification string `json:"verification"`
	}{userID, "code"})
}

// sendEmailCode has Appwrite e-mail a six-digit code to email, within the
// address's budget of live codes, and returns the user ID the code is
// for: that of the address's account, which Appwrite creates (with
// nothing on it) for a new address. The budget applies whether or not the
// address has an account, so its 429 tells nothing about one; so does a
// refusal that would (an address linked to a provider, say), which gets
// an ID no code will ever match.
func sendEmailCode(d *Deps, r *Request, email string) (userID string, err error) {
	if err := d.sendingMail(budgetCodeMail, email, ratelimit.Extra{Scope: ratelimit.ScopeCodesSent, Key: email,
		Limit: maxCodesSent, Window: codeLifetime}); err != nil {
		return "", err
	}
	token, err := account.New(d.admin(r)).CreateEmailToken("unique()", email)
	if err == nil {
		return token.UserId, nil
	}
	if err = hideAccountErrors(upstream.AdminError(err)); err != nil {
		return "", err
	}
	return d.Decoys.userID(email), nil
}

// verifySignUp serves POST /signup/verify {userId, code, password, name?}:
// the code e-mailed by POST /signup proves the address, and only then are
// the password and the name set and a session made: 201 with the user and
// the cookie. For an address that already had an account this is a sign-in
// by e-mail code to it, which then needs its second factor where it has
// one, and sets its password as a recovery would; an account that held
// anything nobody had proven is retired first (see retire), and the answer
// says so. A browser signed in as a guest keeps its account (see
// upgradeGuestByProof). Code guesses count as for POST /otp/verify.
func verifySignUp(d *Deps, r *Request) Reply {
	var body struct {
		emailCode
		Password *string `json:"password"`
		Name     *string `json:"name"`
	}
	if err := DecodeBody(r, &body); err != nil {
		return Fail(err)
	}
	if err := body.check(); err != nil {
		return Fail(err)
	}
	if body.Password == nil || *body.Password == "" {
		return Fail(required("password"))
	}
	owner := newOwner{password: *body.Password}
	if body.Name != nil {
		owner.name = *body.Name
	}
	if err := checkNewPassword(owner.password); err != nil {
		return Fail(err)
	}
	userID := *body.UserID
	succeeded, err := d.attempt(budgetEmailCode, userID, codeGuesses(userID))
	if err != nil {
		return Fail(err)
	}
	old := d.lookUpReplaced()
	proof, err := exchangeToken(d, r, userID, normalizeCode(*body.Code), owner)
	if err != nil {
		return Fail(err)
	}
	succeeded()
	if proof.retired || (proof.prior != nil && !proof.prior.user.Status) {
		// A blocked user's session is refused there, and its account not
		// changed.
		return signedIn(d, proof.session, http.StatusCreated, old, proof.retired)
	}
	if secret, ok := d.sessionSecret(); ok && proof.prior.madeForCode() {
		if reply, upgraded := upgradeGuestByProof(d, r, secret, proof, owner); upgraded {
			return reply
		}
	}
	return completeSignUp(d, r, proof, owner, old)
}

// madeForCode reports whether the account is one Appwrite made for a new
// address when it was sent a code: nothing on it, not even a verified
// address.
func (p *priorAccount) madeForCode() bool {
	return p != nil && !p.user.EmailVerification && !p.unproven()
}

// completeSignUp sets the password and the name of the account whose
// address proof has just proven, then signs the browser in to it. Setting
// a password may end the account's sessions (Appwrite's
// invalidateSessions), the proof's included, so the browser gets a new
// session made after it, and the proof's is deleted. The password is
// checked by Appwrite's policies here: refused, it is a 400 and no
// session, and the address stays proven, so signing up again sends a new
// code.
func completeSignUp(d *Deps, r *Request, proof tokenProof, owner newOwner, old *replacedSession) Reply {
	admin := d.admin(r)
	id := proof.session.UserId
	var user User
	steps := []func() error{func() error {
		return callJSON(admin, "PATCH", "/users/"+id+"/password", map[string]any{"password": owner.password}, &user)
	}}
	if owner.name != "" {
		steps = append(steps, func() error {
			return callJSON(admin, "PATCH", "/users/"+id+"/name", map[string]any{"name": owner.name}, &User{})
		})
	}
	err := parallel.All(steps...)
	// The password may have ended the proof's session already; if not,
	// it ends beside the rest.
	d.later(func() { d.deleteSession(proof.session) })
	if err != nil {
		return Fail(upstream.AdminError(err))
	}
	if proof.prior != nil && !proof.prior.madeForCode() {
		// An account's password set anew, as a recovery does: the
		// addresses its old password signed in from are trusted no more.
		d.endTrust(proof.prior.user.Email, id)
	}
	s, err := users.New(admin).CreateSession(id)
	if err != nil {
		return Fail(upstream.AdminError(err))
	}
	if proof.prior == nil || proof.prior.user.MFA {
		// The session may need its second factor: signedIn reads the
		// account with it and says so.
		return signedIn(d, s, http.StatusCreated, old, false)
	}
	cookie, err := sessionCookie(d, s)
	if err != nil {
		return Fail(err)
	}
	old.endLater(d, s)
	if owner.name != "" {
		user.Name = owner.name
	}
	user.EmailVerification = true
	return UserData(http.StatusCreated, user.normalize()).WithCookie(cookie)
}

// upgradeGuestByProof gives the guest of secret the address that proof
// has just proven, with owner's password and name, when the proof's
// account is the empty one Appwrite made for the code: that account is
// deleted, and the guest's keeps its ID, so nothing the guest did is
// orphaned. upgraded is false when secret is not a guest's session or the
// guest account holds more than a guest makes for itself (see
// guestHoldsMore): sign-up then completes on the new account, and the
// guest's prefs move to it.
func upgradeGuestByProof(d *Deps, r *Request, secret string, proof tokenProof, owner newOwner) (reply Reply, upgraded bool) {
	g, ok := readGuest(d.user(secret))
	if !ok {
		return Reply{}, false
	}
	guestID := g.ID
	if planted, err := guestHoldsMore(d.user(secret), g); err != nil || planted {
		if err == nil && !emptyPrefs(g.Prefs) {
			copyPrefs(d, proof.session.Secret, g.Prefs)
		}
		return Reply{}, false
	}
	admin := d.admin(r)
	email := proof.prior.user.Email
	if _, err := users.New(admin).Delete(proof.session.UserId); err != nil {
		return Fail(upstream.AdminError(err)), true
	}
	if _, err := users.New(admin).UpdateEmail(guestID, email); err != nil {
		return Fail(upstream.AdminError(err)), true
	}
	var user User
	steps := []func() error{
		func() error {
			return callJSON(admin, "PATCH", "/users/"+guestID+"/password", map[string]any{"password": owner.password}, &user)
		},
		func() error { _, err := users.New(admin).UpdateEmailVerification(guestID, true); return err },
		// Whoever else holds the guest's session (a cookie planted in
		// this browser from a sibling subdomain, say) must not keep it on
		// an account that now has the user's credentials.
		func() error { _, err := users.New(admin).DeleteSessions(guestID); return err },
	}
	if owner.name != "" {
		steps = append(steps, func() error { _, err := users.New(admin).UpdateName(guestID, owner.name); return err })
	}
	if err := parallel.All(steps...); err != nil {
		return Fail(upstream.AdminError(err)), true
	}
	s, err := users.New(admin).CreateSession(guestID)
	if err != nil {
		return Fail(upstream.AdminError(err)), true
	}
	cookie, err := sessionCookie(d, s)
	if err != nil {
		return Fail(err), true
	}
	user.Email, user.EmailVerification = email, true
	if owner.name != "" {
		user.Name = owner.name
	}
	return UserData(http.StatusCreated, user.normalize()).WithCookie(cookie), true
}

// copyPrefs gives the account of the session secret a guest's own prefs
// (a cart, a theme) and reports whether it did; a failure is noted in the
// log line.
func copyPrefs(d *Deps, secret string, prefs json.RawMessage) bool {
	if err := callJSON(d.user(secret), "PATCH", "/account/prefs", map[string]any{"prefs": prefs}, &User{}); err != nil {
		d.note("copying the guest's prefs: " + upstream.UserError(err).Error())
		return false
	}
	return true
}

// signUpInstantly is POST /signup with SIGNUP_VERIFICATION=off: it creates
// the account and a session with the admin client, and answers 201 with
// the user and the session cookie. Nobody has proven the address: the
// account's first proof (a code, a link, a provider, a recovery) retires
// it (see retire). A browser signed in as a guest (see POST /anonymous)
// keeps its account instead: the e-mail and password are added to it, so
// nothing the guest did is orphaned, unless the guest account holds more
// than a guest's (see upgradeGuest).
func signUpInstantly(d *Deps, r *Request, email, password, name string) Reply {
	succeeded, err := d.attempt(budgetSignUp, email)
	if err != nil {
		return Fail(err)
	}
	var prefs json.RawMessage
	old := d.lookUpReplaced()
	if secret, ok := d.sessionSecret(); ok {
		var reply Reply
		var upgraded bool
		if reply, upgraded, prefs = upgradeGuest(d, r, secret, email, password, name); upgraded {
			if reply.Status < 400 {
				succeeded()
			}
			return reply
		}
	}
	admin := d.admin(r)
	params := map[string]any{"userId": "unique()", "email": email, "password": password}
	if name != "" {
		params["name"] = name
	}
	var user User
	if err := callJSON(admin, "POST", "/account", params, &user); err != nil {
		err = upstream.AdminError(err)
		// An existing account is a failed attempt. Any other refusal (a
		// weak password, Appwrite down) is no success either: a success
		// forgets this address's failures on the account and trusts it.
		if apierror.Is(err, "user_already_exists") {
			return Fail(errAccountExists)
		}
		return Fail(err)
	}
	succeeded()
	s, err := account.New(admin).CreateEmailPasswordSession(email, password)
	if err != nil {
		return Fail(upstream.AdminError(err))
	}
	cookie, err := sessionCookie(d, s)
	if err != nil {
		return Fail(err)
	}
	ended := old.endLater(d, s)
	if !emptyPrefs(prefs) {
		// A guest's own prefs (a cart, a theme) move to the new account.
		if copyPrefs(d, s.Secret, prefs) {
			user.Prefs = prefs
		}
	}
	ended()
	return UserData(http.StatusCreated, user.normalize()).WithCookie(cookie)
}

// errAccountExists is instant sign-up's answer for an address that has an
// account, which may have none of the password it was signed up with:
// accounts made by a magic link, an e-mail code or a provider have no
// password.
var errAccountExists = apierror.New(apierror.TypeAlreadyExists,
	"An account with this e-mail address already exists. Sign in with its password, or with a magic link or an e-mail code if it has none.")
