package appwritetest

import (
	"crypto/rand"
	"encoding/hex"
	"math/big"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Token lifetimes (Appwrite's TOKEN_EXPIRATION_* constants).
const (
	magicURLLifetime     = time.Hour
	emailOTPLifetime     = 15 * time.Minute
	recoveryLifetime     = time.Hour
	verificationLifetime = time.Hour
)

// issueToken stores a token of type typ for u and returns it.
func (e *Emulator) issueToken(u *user, typ tokenType, secret string, now time.Time, lifetime time.Duration) *token {
	t := &token{
		id:         e.newID(now),
		createdAt:  now,
		userID:     u.id,
		typ:        typ,
		secretHash: hashSecret(secret),
		expire:     now.Add(lifetime),
	}
	u.tokens = append(u.tokens, t)
	return t
}

// findToken returns the user's unexpired token whose secret is secret, of
// any type (Appwrite's tokenVerify(null, …)).
func (u *user) findToken(secret string, now time.Time) *token {
	h := hashSecret(secret)
	for _, t := range u.tokens {
		if t.secretHash == h && !now.After(t.expire) {
			return t
		}
	}
	return nil
}

// findTokenOfType is findToken restricted to one type.
func (u *user) findTokenOfType(typ tokenType, secret string, now time.Time) *token {
	h := hashSecret(secret)
	for _, t := range u.tokens {
		if t.typ == typ && t.secretHash == h && !now.After(t.expire) {
			return t
		}
	}
	return nil
}

// deleteToken removes t from the user's tokens: tokens are single use.
func (u *user) deleteToken(t *token) {
	for i, x := range u.tokens {
		if x == t {
			u.tokens = append(u.tokens[:i:i], u.tokens[i+1:]...)
			return
		}
	}
}

// secretFor returns secret for API-key callers and "" for everyone else:
// Token.secret and Session.secret are sensitive fields.
func secretFor(c *caller, secret string) string {
	if c.isApp() {
		return secret
	}
	return ""
}

// withQuery appends params to rawURL's query in order, as Appwrite's
// Template::mergeQuery does with http_build_query.
func withQuery(rawURL string, params ...[2]string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	parts := []string{}
	if u.RawQuery != "" {
		parts = append(parts, u.RawQuery)
	}
	for _, p := range params {
		parts = append(parts, url.QueryEscape(p[0])+"="+url.QueryEscape(p[1]))
	}
	u.RawQuery = strings.Join(parts, "&")
	return u.String()
}

// digits returns n random decimal digits (an e-mail or MFA code).
func digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		d, _ := rand.Int(rand.Reader, big.NewInt(10))
		b[i] = byte('0' + d.Int64())
	}
	return string(b)
}

// phraseWords build Appwrite-style security phrases ("Golden Fox").
var (
	phraseAdjectives = []string{"Golden", "Silent", "Brave", "Swift", "Clever", "Gentle", "Lucky", "Mighty", "Quiet", "Shiny"}
	phraseNouns      = []string{"Fox", "Owl", "Tiger", "Falcon", "Panda", "Wolf", "Otter", "Eagle", "Koala", "Lynx"}
)

// newPhrase returns a random security phrase.
func newPhrase() string {
	a, _ := rand.Int(rand.Reader, big.NewInt(int64(len(phraseAdjectives))))
	n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(phraseNouns))))
	return phraseAdjectives[a.Int64()] + " " + phraseNouns[n.Int64()]
}

// tokenUser returns the user a token for email goes to, creating it (no
// password, unverified) when the address is new. An address an OAuth2
// identity already uses is refused with the error type conflict, which
// differs between the two token routes.
func (e *Emulator) tokenUser(q *request, email, conflict string) (u *user, created bool, err *apiError) {
	if u := e.userByEmail(email); u != nil {
		return u, false, nil
	}
	if e.identityEmailUsed(email, nil) {
		return nil, false, newError(conflict)
	}
	if err := e.checkEmailPolicy(email); err != nil {
		return nil, false, err
	}
	id := e.resolveUserID(q.str("userId"), q.now)
	if e.users[id] != nil {
		return nil, false, newError("user_already_exists")
	}
	u = e.addUser(q.now, id)
	u.email = email
	return u, true, nil
}

// handleCreateMagicURLToken handles "POST /v1/account/tokens/magic-url". An
// unknown address gets a new user (no password, unverified).
func handleCreateMagicURLToken(e *Emulator, q *request) (*reply, *apiError) {
	if !e.cfg.smtp {
		return nil, errorf("general_smtp_disabled", "SMTP disabled")
	}
	phrase := ""
	if q.boolean("phrase") {
		phrase = newPhrase()
	}
	email := q.str("email")
	u, _, err := e.tokenUser(q, email, "user_email_already_exists")
	if err != nil {
		return nil, err
	}
	secret := randomHex(32)
	t := e.issueToken(u, tokenMagicURL, secret, q.now, magicURLLifetime)
	link := q.str("url")
	if link == "" {
		link = q.baseURL() + "/console/auth/magic-url"
	}
	link = withQuery(link,
		[2]string{"userId", u.id}, [2]string{"secret", secret},
		[2]string{"expire", formatDate(t.expire)}, [2]string{"project", e.cfg.projectID})
	e.send(Message{To: email, Kind: MessageMagicURL, UserID: u.id, Link: link, Secret: secret, Time: q.now})
	return jsonReply(http.StatusCreated, t.model(secretFor(q.caller, secret), phrase)), nil
}

// handleCreateEmailToken handles "POST /v1/account/tokens/email" (e-mail
// OTP): a 6-digit code valid for 15 minutes.
func handleCreateEmailToken(e *Emulator, q *request) (*reply, *apiError) {
	if !e.cfg.smtp {
		return nil, errorf("general_smtp_disabled", "SMTP disabled")
	}
	phrase := ""
	if q.boolean("phrase") {
		phrase = newPhrase()
	}
	email := q.str("email")
	u, created, err := e.tokenUser(q, email, "general_bad_request")
	if err != nil {
		return nil, err
	}
	if created {
		e.addEmailTarget(u, q.now)
	}
	code := digits(6)
	t := e.issueToken(u, tokenEmail, code, q.now, emailOTPLifetime)
	e.send(Message{To: email, Kind: MessageEmailOTP, UserID: u.id, Code: code, Time: q.now})
	return jsonReply(http.StatusCreated, t.model(secretFor(q.caller, code), phrase)), nil
}

// handleCreateRecovery handles "POST /v1/account/recovery".
func handleCreateRecovery(e *Emulator, q *request) (*reply, *apiError) {
	if !e.cfg.smtp {
		return nil, errorf("general_smtp_disabled", "SMTP Disabled")
	}
	u := e.userByEmail(strings.ToLower(q.str("email")))
	if u == nil {
		return nil, newError("user_not_found")
	}
	if !u.status {
		return nil, e.blockedError()
	}
	return e.mailLinkToken(q, u, tokenRecovery, recoveryLifetime, MessageRecovery), nil
}

// mailLinkToken issues u a token of typ and e-mails the link made of the
// url param with userId, secret and expire appended; it answers 201 with
// the Token.
func (e *Emulator) mailLinkToken(q *request, u *user, typ tokenType, lifetime time.Duration, kind MessageKind) *reply {
	secret := randomHex(128)
	t := e.issueToken(u, typ, secret, q.now, lifetime)
	link := withQuery(q.str("url"),
		[2]string{"userId", u.id}, [2]string{"secret", secret}, [2]string{"expire", formatDate(t.expire)})
	e.send(Message{To: u.email, Kind: kind, UserID: u.id, Link: link, Secret: secret, Time: q.now})
	return jsonReply(http.StatusCreated, t.model(secretFor(q.caller, secret), ""))
}

// spendToken finds the unexpired token of typ that the userId and secret
// params name and deletes it: the token is single use.
func (e *Emulator) spendToken(q *request, typ tokenType) (*user, *token, *apiError) {
	u := e.users[q.str("userId")]
	if u == nil {
		return nil, nil, newError("user_not_found")
	}
	t := u.findTokenOfType(typ, q.str("secret"), q.now)
	if t == nil {
		return nil, nil, newError("user_invalid_token")
	}
	u.deleteToken(t)
	return u, t, nil
}

// spentTokenReply is the answer of the routes that spend a link's token:
// the stored token, so an API key sees the secret's hash.
func spentTokenReply(q *request, t *token) *reply {
	return jsonReply(http.StatusOK, t.model(secretFor(q.caller, hex.EncodeToString(t.secretHash[:])), ""))
}

// handleUpdateRecovery handles "PUT /v1/account/recovery": it sets the new
// password, marks the e-mail verified and spends the token. On the 1.9
// line (since 1.9.5) it also ends all the user's sessions when the project
// invalidates sessions; 1.8 keeps them. The body is the stored token, so
// an API key sees the secret's hash.
func handleUpdateRecovery(e *Emulator, q *request) (*reply, *apiError) {
	u, t, err := e.spendToken(q, tokenRecovery)
	if err != nil {
		return nil, err
	}
	u.password = newPassword(q.str("password"))
	u.passwordUpdate = q.now
	u.emailVerification = true
	u.updatedAt = q.now
	if e.line19() && e.cfg.invalidateSessions {
		u.sessions = nil
	}
	return spentTokenReply(q, t), nil
}

// handleCreateVerification handles "POST /v1/account/verifications/email".
func handleCreateVerification(e *Emulator, q *request) (*reply, *apiError) {
	if !e.cfg.smtp {
		return nil, errorf("general_smtp_disabled", "SMTP Disabled")
	}
	u := q.caller.user
	if u.email == "" {
		return nil, newError("user_email_not_found")
	}
	if u.emailVerification {
		return nil, newError("user_email_already_verified")
	}
	return e.mailLinkToken(q, u, tokenVerification, verificationLifetime, MessageVerification), nil
}

// handleUpdateVerification handles "PUT /v1/account/verifications/email".
func handleUpdateVerification(e *Emulator, q *request) (*reply, *apiError) {
	u, t, err := e.spendToken(q, tokenVerification)
	if err != nil {
		return nil, err
	}
	u.emailVerification = true
	u.updatedAt = q.now
	return spentTokenReply(q, t), nil
}

// handleCreateUserToken handles "POST /v1/users/:userId/tokens": a generic
// token of length hex characters for POST /v1/account/sessions/token.
func handleCreateUserToken(e *Emulator, q *request) (*reply, *apiError) {
	u := e.users[q.str("userId")]
	if u == nil {
		return nil, newError("user_not_found")
	}
	n := int(q.integer("length"))
	secret := randomHex((n + 1) / 2)[:n]
	t := e.issueToken(u, tokenGeneric, secret, q.now, time.Duration(q.integer("expire"))*time.Second)
	return jsonReply(http.StatusCreated, t.model(secret, "")), nil
}
