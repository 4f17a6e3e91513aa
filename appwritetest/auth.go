package appwritetest

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Roles, as Appwrite names them in scope errors.
const (
	roleGuests = "guests"
	roleUsers  = "users"
	roleApps   = "applications"
)

// guestScopes and userScopes are the scopes of Appwrite's guests and users
// roles (app/config/roles.php) that matter to the emulated routes.
var (
	guestScopes = []string{"global", "public", "home", "console", "graphql", "sessions.write"}
	userScopes  = []string{"global", "public", "home", "console", "graphql", "sessions.write", "account"}
	appScopes   = []string{"global", "health.read", "graphql"}
)

// caller is who sent a request, resolved as Appwrite's user, session and
// apiKey resources do.
type caller struct {
	user    *user    // nil: guest (or key only)
	session *session // the session whose secret the request carries; nil for JWT callers

	keyHeader  string  // the X-Appwrite-Key header, if any
	key        *apiKey // the matching project key
	keyUnknown bool    // a standard (or account/organization) key that does not exist

	role   string
	scopes map[string]bool
}

// isApp reports whether the caller authenticated with a valid API key:
// Appwrite's "applications" role, which skips rate limits and sees
// sensitive fields.
func (c *caller) isApp() bool { return c.key != nil }

// userID is the resolved user's ID, "" for guests.
func (c *caller) userID() string {
	if c.user == nil {
		return ""
	}
	return c.user.id
}

// storedSession is the content of a session secret as Appwrite's Store
// encodes it: base64 of {"id":"<userId>","secret":"<256 hex>"}.
type storedSession struct {
	ID     string `json:"id"`
	Secret string `json:"secret"`
}

// encodeSessionSecret returns the secret a client holds for a session.
func encodeSessionSecret(userID, secret string) string {
	b, _ := json.Marshal(storedSession{ID: userID, Secret: secret})
	return base64.StdEncoding.EncodeToString(b)
}

// decodeSessionSecret reverses [encodeSessionSecret]. Anything malformed
// yields empty fields, as Appwrite's Store::decode does.
func decodeSessionSecret(s string) storedSession {
	var st storedSession
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil {
		raw, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(strings.TrimSpace(s), "="))
		if err != nil {
			return st
		}
	}
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil {
		return st
	}
	st.ID, _ = m["id"].(string)
	st.Secret, _ = m["secret"].(string)
	return st
}

// sessionCookieName is the lower-cased a_session_<projectId> cookie name.
func (e *Emulator) sessionCookieName() string {
	return "a_session_" + strings.ToLower(e.cfg.projectID)
}

// readSessionSecret reads the session secret the request carries, in the
// order of reference §2.1: the a_session_<project> cookie, its _legacy
// twin, X-Appwrite-Session, then X-Fallback-Cookies. The first source that
// decodes wins, even if its session turns out to be stale. It sets
// X-Debug-Fallback, which says whether the fallback header was consulted.
func (e *Emulator) readSessionSecret(q *request) storedSession {
	r := q.r
	raw := cookieValue(r, e.sessionCookieName())
	if raw == "" {
		raw = cookieValue(r, e.sessionCookieName()+"_legacy")
	}
	st := decodeSessionSecret(raw)
	if st.ID == "" && st.Secret == "" {
		if h := r.Header.Get("X-Appwrite-Session"); h != "" {
			st = decodeSessionSecret(h)
		}
	}
	q.extra.Set("X-Debug-Fallback", "false")
	if st.ID == "" && st.Secret == "" {
		q.extra.Set("X-Debug-Fallback", "true")
		var fallback map[string]any
		if json.Unmarshal([]byte(r.Header.Get("X-Fallback-Cookies")), &fallback) == nil {
			if v, ok := fallback["a_session_"+e.cfg.projectID].(string); ok {
				st = decodeSessionSecret(v)
			}
		}
	}
	return st
}

// sessionOf returns the valid session the stored secret st names, with
// its user, or nils.
func (e *Emulator) sessionOf(st storedSession, now time.Time) (*user, *session) {
	u := e.users[st.ID]
	if u == nil || st.Secret == "" {
		return nil, nil
	}
	if s := u.findSessionBySecret(st.Secret, now); s != nil {
		return u, s
	}
	return nil, nil
}

// resolveCaller works out who is calling from the session secret st (see
// [Emulator.readSessionSecret]), X-Appwrite-JWT and X-Appwrite-Key, as
// Appwrite's user, session and apiKey resources do. A stale or unknown
// secret silently makes the caller a guest.
func (e *Emulator) resolveCaller(q *request, st storedSession) (*caller, *apiError) {
	c := &caller{}
	r := q.r
	c.user, c.session = e.sessionOf(st, q.now)

	if jwt := r.Header.Get("X-Appwrite-JWT"); jwt != "" {
		// The branch refuses a JWT beside a session; the release lets
		// the JWT's user replace the session's.
		if c.user != nil && !e.release() {
			return nil, newError("user_jwt_and_cookie_set")
		}
		c.user, c.session = nil, nil
		claims, err := e.verifyJWT(jwt, q.now)
		if err != nil {
			return nil, err
		}
		if claims.UserID != "" {
			c.user = e.users[claims.UserID]
		}
		// The JWT's session must exist; on the 1.9 line it must not have
		// expired either (the 1.9.x branch after 1.9.6, and main).
		if c.user != nil && claims.SessionID != "" {
			if s := c.user.findSession(claims.SessionID); s == nil || (e.line19() && !s.valid(q.now)) {
				c.user = nil
			}
		}
		// As the release's session resource: the cookie's session, if it
		// is one of the JWT's user.
		if c.user != nil && st.Secret != "" {
			c.session = c.user.findSessionBySecret(st.Secret, q.now)
		}
	}

	c.role, c.scopes = roleGuests, scopeSet(guestScopes)
	if c.user != nil {
		c.role, c.scopes = roleUsers, scopeSet(userScopes)
	}

	if k := r.Header.Get("X-Appwrite-Key"); k != "" {
		// The release refuses any key beside a session of a user.
		if c.user != nil && e.release() {
			return nil, newError("user_key_and_session_set")
		}
		c.keyHeader = k
		// The release finds the key in the project however it was
		// named; the branch wants the header.
		if r.Header.Get("X-Appwrite-Project") != e.cfg.projectID && !e.release() {
			return nil, newError("project_id_missing")
		}
		for i := range e.cfg.keys {
			if e.cfg.keys[i].secret == k {
				c.key = &e.cfg.keys[i]
			}
		}
		if c.key == nil {
			c.key = e.executionKey(k, q.now)
		}
		if c.key == nil {
			// Appwrite looks standard (and account or organization)
			// keys up and refuses unknown ones; a key of any other
			// type degrades to a guest.
			typ := "standard"
			if i := strings.Index(k, "_"); i >= 0 {
				typ = k[:i]
			}
			c.keyUnknown = typ == "standard" || typ == "account" || typ == "organization"
		}
		c.role, c.scopes = roleGuests, scopeSet(guestScopes)
		if c.key != nil {
			c.role = roleApps
			c.scopes = scopeSet(appScopes)
			for _, s := range c.key.scopes {
				c.scopes[s] = true
			}
		}
	}
	return c, nil
}

// executionKey returns the key an execution key k stands for: the
// project's, with the JWT's scopes. It is nil when k is of no execution
// type of this version (dynamic_ everywhere, ephemeral_ on the 1.9 line)
// or when its JWT does not verify, has expired or is another project's:
// Appwrite then makes the caller a guest.
func (e *Emulator) executionKey(k string, now time.Time) *apiKey {
	typ, token, ok := strings.Cut(k, "_")
	if !ok || !(typ == "dynamic" || typ == "ephemeral" && e.line19()) {
		return nil
	}
	payload, reason := e.decodeJWT(token, now)
	if reason != "" || payload["projectId"] != e.cfg.projectID {
		return nil
	}
	key := &apiKey{secret: k}
	list, _ := payload["scopes"].([]any)
	for _, s := range list {
		if s, ok := s.(string); ok {
			key.scopes = append(key.scopes, s)
		}
	}
	return key
}

// executionKeyClaims are the claims of an execution key's JWT, in
// Appwrite's order.
type executionKeyClaims struct {
	ProjectID string   `json:"projectId"`
	Scopes    []string `json:"scopes"`
	Exp       int64    `json:"exp"`
}

// ExecutionKey returns the API key Appwrite gives an execution of a
// function with the given timeout and scopes (appwrite.json's "scopes"),
// in its x-appwrite-key header: "ephemeral_" on the 1.9 line (since
// 1.9.5) and "dynamic_" on 1.8, then an HS256 JWT {projectId, scopes,
// exp} that expires the timeout plus 60 s from now on the emulator's
// clock. The emulator accepts it as a key with those scopes (and the
// applications role's own) until then; on the 1.9 line it also still
// accepts dynamic_ keys, as 1.9.6 does. An expired, forged or other
// project's execution key makes the caller a guest, as on Appwrite.
func (e *Emulator) ExecutionKey(timeout time.Duration, scopes ...string) string {
	e.mu.Lock()
	now := e.now()
	e.mu.Unlock()
	prefix := "dynamic_"
	if e.line19() {
		prefix = "ephemeral_"
	}
	exp := now.Add(timeout + time.Minute).Unix()
	return prefix + e.signClaims(executionKeyClaims{ProjectID: e.cfg.projectID, Scopes: append([]string{}, scopes...), Exp: exp})
}

// scopeSet turns a list of scopes into a set.
func scopeSet(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, s := range list {
		m[s] = true
	}
	return m
}

// cookieValue returns the URL-decoded value of the first non-empty cookie
// whose name matches name case-insensitively.
func cookieValue(r *http.Request, name string) string {
	for _, ck := range r.Cookies() {
		if !strings.EqualFold(ck.Name, name) || ck.Value == "" {
			continue
		}
		if v, err := url.PathUnescape(ck.Value); err == nil {
			return v
		}
		return ck.Value
	}
	return ""
}

// findSessionBySecret returns the user's unexpired session whose secret
// hash matches secret (Appwrite's sessionVerify).
func (u *user) findSessionBySecret(secret string, now time.Time) *session {
	h := hashSecret(secret)
	for _, s := range u.sessions {
		if s.secretHash == h && s.valid(now) {
			return s
		}
	}
	return nil
}

// findSession returns the user's session with the given ID, expired or not.
func (u *user) findSession(id string) *session {
	for _, s := range u.sessions {
		if s.id == id {
			return s
		}
	}
	return nil
}

// routeScopes are the scopes that grant rt on this version, any one of
// them: its scope label, as a list.
func (e *Emulator) routeScopes(rt *route) []string {
	scopes := append([]string{rt.scope}, rt.altScopes...)
	if e.line19() {
		scopes = append(scopes, rt.line19Scopes...)
	}
	return scopes
}

// hasScope reports whether the caller holds one of the scopes.
func (c *caller) hasScope(scopes []string) bool {
	for _, s := range scopes {
		if c.scopes[s] {
			return true
		}
	}
	return false
}

// scopeError is Appwrite's 401 for a caller that lacks the route's scopes:
// the message lists them all, JSON-encoded.
func scopeError(c *caller, q *request, routeScopes []string) *apiError {
	who := "User"
	switch {
	case c.isApp():
		who = "app." + q.e.cfg.projectID + "@service." + q.hostname
	case c.user != nil && c.user.email != "":
		who = c.user.email
	}
	scopes, _ := json.Marshal(routeScopes)
	return errorf("general_unauthorized_scope", "%s (role: %s) missing scopes (%s)", who, c.role, scopes)
}
