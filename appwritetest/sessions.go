package appwritetest

import (
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// cookieDateLayout is PHP's cookie date format (Swoole's setcookie).
const cookieDateLayout = "Mon, 02-Jan-2006 15:04:05 GMT"

// setSessionCookies adds the headers Appwrite sends on every session
// creation, whatever the caller (reference §6): the _legacy and the
// SameSite=None a_session_<project> cookies, and X-Fallback-Cookies.
func (e *Emulator) setSessionCookies(q *request, secret string, expire time.Time) {
	maxAge := int64(expire.Sub(q.now) / time.Second)
	attrs := "; expires=" + expire.UTC().Format(cookieDateLayout) + "; Max-Age=" + itoa(maxAge) + e.cookieTail(q)
	value := url.QueryEscape(secret)
	name := e.sessionCookieName()
	q.extra.Add("Set-Cookie", name+"_legacy="+value+attrs)
	q.extra.Add("Set-Cookie", name+"="+value+attrs+"; samesite=None")
	if e.wantsFallbackHeader(q) {
		q.extra.Set("X-Fallback-Cookies", string(phpJSON(map[string]string{"a_session_" + e.cfg.projectID: secret})))
	}
}

// clearSessionCookies adds the headers Appwrite sends when the current
// session is deleted: both cookies set to "deleted" and expired.
func (e *Emulator) clearSessionCookies(q *request) {
	attrs := "; expires=Thu, 01-Jan-1970 00:00:01 GMT; Max-Age=0" + e.cookieTail(q)
	name := e.sessionCookieName()
	q.extra.Add("Set-Cookie", name+"_legacy=deleted"+attrs)
	q.extra.Add("Set-Cookie", name+"=deleted"+attrs+"; samesite=None")
	if e.wantsFallbackHeader(q) {
		q.extra.Set("X-Fallback-Cookies", "[]")
	}
}

// cookieTail is the path, domain, secure and httponly attributes: the
// domain is "." + hostname except on localhost and IP addresses (host-only
// cookies); secure only over https.
func (e *Emulator) cookieTail(q *request) string {
	tail := "; path=/"
	if q.hostname != "localhost" && net.ParseIP(strings.Trim(q.hostname, "[]")) == nil {
		tail += "; domain=." + q.hostname
	}
	if q.https {
		tail += "; secure"
	}
	return tail + "; httponly"
}

// wantsFallbackHeader reports whether X-Fallback-Cookies is sent: unless
// the request's Origin (or Referer) is on the API's registrable domain.
func (e *Emulator) wantsFallbackHeader(q *request) bool {
	origin := q.r.Header.Get("Origin")
	if origin == "" {
		origin = q.r.Header.Get("Referer")
	}
	u, err := url.Parse(origin)
	if origin == "" || err != nil || u.Hostname() == "" {
		return true
	}
	self, other := registrableDomain(q.hostname), registrableDomain(strings.ToLower(u.Hostname()))
	return self == "" || self != other
}

// registrableDomain approximates the public-suffix registrable domain as the
// last two labels of host; localhost and IP addresses have none.
func registrableDomain(host string) string {
	if net.ParseIP(strings.Trim(host, "[]")) != nil {
		return ""
	}
	labels := strings.Split(host, ".")
	if len(labels) < 2 {
		return ""
	}
	return strings.Join(labels[len(labels)-2:], ".")
}

// newSession creates a session for u with a fresh secret and returns it
// with the encoded secret the client holds.
func (e *Emulator) newSession(q *request, u *user, provider, providerUID string, factors []string) (*session, string) {
	secret := randomHex(128)
	s := &session{
		id:          e.newID(q.now),
		createdAt:   q.now,
		updatedAt:   q.now,
		userID:      u.id,
		expire:      q.now.Add(e.cfg.sessionDuration),
		provider:    provider,
		providerUID: providerUID,
		secretHash:  hashSecret(secret),
		ip:          q.ip,
		factors:     factors,
		device:      detectDevice(q.userAgent()),
	}
	u.sessions = append(u.sessions, s)
	return s, encodeSessionSecret(u.id, secret)
}

// loginReply finishes an account session route: cookies, the 201 Session
// (secret shown to API keys only) and the session limit, which deletes the
// user's oldest sessions beyond auths.maxSessions.
func (e *Emulator) loginReply(q *request, u *user, s *session, encoded string) *reply {
	e.setSessionCookies(q, encoded, s.expire)
	secret := ""
	if q.caller.isApp() {
		secret = encoded
	}
	rep := jsonReply(http.StatusCreated, s.model(sessionView{current: true, secret: secret, countryName: true}))
	if extra := len(u.sessions) - e.cfg.maxSessions; extra > 0 {
		u.sessions = append([]*session(nil), u.sessions[extra:]...)
	}
	return rep
}

// handleCreateEmailSession handles "POST /v1/account/sessions/email".
func handleCreateEmailSession(e *Emulator, q *request) (*reply, *apiError) {
	email := strings.ToLower(q.str("email"))
	u := e.userByEmail(email)
	if u == nil || u.password == nil || u.passwordUpdate.IsZero() || !u.password.matches(q.str("password")) {
		return nil, newError("user_invalid_credentials")
	}
	// Only after the password: a wrong one tells nothing of the account.
	if !u.status {
		return nil, e.blockedError()
	}
	s, encoded := e.newSession(q, u, "email", email, []string{"password"})
	return e.loginReply(q, u, s, encoded), nil
}

// handleCreateAnonymousSession handles "POST /v1/account/sessions/anonymous".
func handleCreateAnonymousSession(e *Emulator, q *request) (*reply, *apiError) {
	u := e.addUser(q.now, e.newID(q.now))
	s, encoded := e.newSession(q, u, "anonymous", "", []string{"anonymous"})
	return e.loginReply(q, u, s, encoded), nil
}

// handleCreateTokenSession handles "POST /v1/account/sessions/token" and
// its deprecated twins "PUT /v1/account/sessions/magic-url" and
// "PUT /v1/account/sessions/phone": it spends a token for a session. As on
// Appwrite (1.8.1, the branch and 1.9.6), it does not check whether the
// user is blocked: the session is made, and every request made with it is
// refused. On the 1.9 line an OAuth2 token is spent only through the JWT
// the success URL carries, and the session's provider is the OAuth2
// provider's ID; on 1.8 it is "oauth2".
func handleCreateTokenSession(e *Emulator, q *request) (*reply, *apiError) {
	secret, oauthProvider := q.str("secret"), ""
	if e.line19() {
		var err *apiError
		if secret, oauthProvider, err = e.unwrapOAuthSecret(secret, q.now); err != nil {
			return nil, err
		}
	}
	u := e.users[q.str("userId")]
	if u == nil {
		return nil, newError("user_invalid_token")
	}
	t := u.findToken(secret, q.now)
	if t == nil {
		return nil, newError("user_invalid_token")
	}
	var provider, factor string
	switch t.typ {
	case tokenMagicURL:
		provider, factor = "magic-url", "email"
	case tokenOAuth2:
		provider, factor = "oauth2", "email"
		if e.line19() {
			if oauthProvider == "" {
				return nil, newError("user_invalid_token")
			}
			provider = oauthProvider
		}
	case tokenEmail:
		provider, factor = "token", "email"
	case tokenGeneric:
		provider, factor = "token", "token"
	default:
		return nil, newError("user_invalid_token")
	}
	u.deleteToken(t)
	if t.typ == tokenMagicURL || t.typ == tokenEmail {
		u.emailVerification = true
	}
	u.updatedAt = q.now
	s, encoded := e.newSession(q, u, provider, "", []string{factor})
	return e.loginReply(q, u, s, encoded), nil
}

// handleListSessions handles "GET /v1/account/sessions".
func handleListSessions(e *Emulator, q *request) (*reply, *apiError) {
	u := q.caller.user
	list := sessionListModel{Total: len(u.sessions), Sessions: []sessionModel{}}
	for _, s := range u.sessions {
		list.Sessions = append(list.Sessions, s.model(sessionView{current: s == q.caller.session, countryName: true}))
	}
	return jsonReply(http.StatusOK, list), nil
}

// handleDeleteSessions handles "DELETE /v1/account/sessions".
func handleDeleteSessions(e *Emulator, q *request) (*reply, *apiError) {
	u := q.caller.user
	if len(u.sessions) > 0 && e.wantsFallbackHeader(q) {
		q.extra.Set("X-Fallback-Cookies", "[]")
	}
	for _, s := range u.sessions {
		if s == q.caller.session {
			e.clearSessionCookies(q)
		}
	}
	u.sessions = nil
	return noContent(), nil
}

// sessionByParam resolves the sessionId param ("current" is the request's
// own session) among the caller's sessions.
func sessionByParam(q *request) *session {
	id := q.str("sessionId")
	if id == "current" {
		if q.caller.session == nil {
			return nil
		}
		id = q.caller.session.id
	}
	return q.caller.user.findSession(id)
}

// handleGetSession handles "GET /v1/account/sessions/:sessionId".
func handleGetSession(e *Emulator, q *request) (*reply, *apiError) {
	s := sessionByParam(q)
	if s == nil {
		return nil, newError("user_session_not_found")
	}
	return jsonReply(http.StatusOK, s.model(sessionView{current: s == q.caller.session, countryName: true})), nil
}

// handleUpdateSession handles "PATCH /v1/account/sessions/:sessionId": it
// extends the session by the project's session duration. The 1.8.1
// release and the 1.9 line do this for every session (1.9.6 also
// refreshes the tokens of a session that has a refresh token, which no
// emulated session has); the 1.8.x branch refreshes the provider's tokens
// too and refuses sessions of no OAuth2 provider with 400
// project_provider_unsupported, which is every session the emulator
// makes (its OAuth2 flow makes token sessions). The body is the stored
// session, so current is false and countryName is empty, as Appwrite
// sends them.
func handleUpdateSession(e *Emulator, q *request) (*reply, *apiError) {
	s := sessionByParam(q)
	if s == nil {
		return nil, newError("user_session_not_found")
	}
	if e.cfg.version == ServerBranch18x {
		return nil, newError("project_provider_unsupported")
	}
	s.expire = q.now.Add(e.cfg.sessionDuration)
	s.updatedAt = q.now
	return jsonReply(http.StatusOK, s.model(sessionView{})), nil
}

// handleDeleteSession handles "DELETE /v1/account/sessions/:sessionId".
func handleDeleteSession(e *Emulator, q *request) (*reply, *apiError) {
	s := sessionByParam(q)
	if s == nil {
		return nil, newError("user_session_not_found")
	}
	q.caller.user.deleteSession(s)
	if s == q.caller.session {
		e.clearSessionCookies(q)
	}
	return noContent(), nil
}

// deleteSession removes s from the user's sessions.
func (u *user) deleteSession(s *session) {
	for i, x := range u.sessions {
		if x == s {
			u.sessions = append(u.sessions[:i:i], u.sessions[i+1:]...)
			return
		}
	}
}
