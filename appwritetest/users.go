package appwritetest

import (
	"encoding/json"
	"net/http"
	"strings"
)

// handleGetUser handles "GET /v1/users/:userId".
func handleGetUser(e *Emulator, q *request) (*reply, *apiError) {
	u := e.users[q.str("userId")]
	if u == nil {
		return nil, newError("user_not_found")
	}
	return jsonReply(http.StatusOK, u.full(q)), nil
}

// handleUpdateUserPassword handles "PATCH /v1/users/:userId/password". Like
// PATCH /v1/account/password it ends the user's sessions when the project
// invalidates sessions (on by default; see WithInvalidateSessions);
// having no current session, it ends them all.
func handleUpdateUserPassword(e *Emulator, q *request) (*reply, *apiError) {
	u := e.users[q.str("userId")]
	if u == nil {
		return nil, newError("user_not_found")
	}
	u.password = newPassword(q.str("password"))
	u.passwordUpdate = q.now
	u.updatedAt = q.now
	if e.cfg.invalidateSessions {
		u.sessions = nil
	}
	return jsonReply(http.StatusOK, u.full(q)), nil
}

// handleDeleteUser handles "DELETE /v1/users/:userId". The user's sessions,
// tokens, identities, targets, authenticator, recovery codes and
// challenges go with it at once (Appwrite deletes sessions, tokens,
// challenges and authenticators in a background worker; a session of a
// deleted user is refused either way, since its user is gone).
func handleDeleteUser(e *Emulator, q *request) (*reply, *apiError) {
	u := e.users[q.str("userId")]
	if u == nil {
		return nil, newError("user_not_found")
	}
	e.removeUser(u)
	return noContent(), nil
}

// handleListUserSessions handles "GET /v1/users/:userId/sessions". An API
// key sees each session's stored secret hash, as on Appwrite.
func handleListUserSessions(e *Emulator, q *request) (*reply, *apiError) {
	u := e.users[q.str("userId")]
	if u == nil {
		return nil, newError("user_not_found")
	}
	list := sessionListModel{Sessions: []sessionModel{}}
	for _, s := range u.sessions {
		list.Sessions = append(list.Sessions, s.model(sessionView{
			secret:      secretFor(q.caller, s.storedSecret()),
			countryName: true,
		}))
	}
	if total, _ := toBool(q.params["total"]); total {
		list.Total = len(list.Sessions)
	}
	return jsonReply(http.StatusOK, list), nil
}

// handleCreateUserSession handles "POST /v1/users/:userId/sessions": a
// "server" session whose secret is returned, with no cookies.
func handleCreateUserSession(e *Emulator, q *request) (*reply, *apiError) {
	u := e.users[q.str("userId")]
	if u == nil {
		return nil, newError("user_not_found")
	}
	s, encoded := e.newSession(q, u, "server", "", []string{"server"})
	return jsonReply(http.StatusCreated, s.model(sessionView{
		secret:      secretFor(q.caller, encoded),
		countryName: true,
	})), nil
}

// handleCreateUserJWT handles "POST /v1/users/:userId/jwts", as
// users.php does on 1.8.1 and 1.9.6: the JWT names the session sessionId
// ("recent": the user's newest), or no session ("") when the user has no
// session of that ID, the default included, although the docs say the
// default is the newest. A JWT of no session acts as the user until it
// expires, whatever becomes of the user's sessions. Every version takes
// the duration.
func handleCreateUserJWT(e *Emulator, q *request) (*reply, *apiError) {
	u := e.users[q.str("userId")]
	if u == nil {
		return nil, newError("user_not_found")
	}
	sessionID := ""
	switch id := q.str("sessionId"); {
	case id == "recent":
		if n := len(u.sessions); n > 0 {
			sessionID = u.sessions[n-1].id
		}
	case u.findSession(id) != nil:
		sessionID = id
	}
	jwt := e.signJWT(u.id, sessionID, q.now, q.integer("duration"))
	return jsonReply(http.StatusCreated, jwtModel{JWT: jwt}), nil
}

// handleDeleteUserSessions handles "DELETE /v1/users/:userId/sessions".
func handleDeleteUserSessions(e *Emulator, q *request) (*reply, *apiError) {
	u := e.users[q.str("userId")]
	if u == nil {
		return nil, newError("user_not_found")
	}
	u.sessions = nil
	return noContent(), nil
}

// handleDeleteUserSession handles
// "DELETE /v1/users/:userId/sessions/:sessionId". As on Appwrite, the
// session is looked up by ID alone, whichever user it belongs to.
func handleDeleteUserSession(e *Emulator, q *request) (*reply, *apiError) {
	owner := e.users[q.str("userId")]
	if owner == nil {
		return nil, newError("user_not_found")
	}
	// The session is nearly always the named user's: look there first, so
	// that the cost does not grow with the number of users.
	if s := owner.findSession(q.str("sessionId")); s != nil {
		owner.deleteSession(s)
		return noContent(), nil
	}
	for _, u := range e.users {
		if s := u.findSession(q.str("sessionId")); s != nil {
			u.deleteSession(s)
			return noContent(), nil
		}
	}
	return nil, newError("user_session_not_found")
}

// handleListUserIdentities handles "GET /v1/users/identities": every
// user's linked OAuth2 identities, oldest user first. Of Appwrite's
// queries the emulator takes equal on userId only (the one a server needs
// to list a user's identities); any other is 400 general_query_invalid.
func handleListUserIdentities(e *Emulator, q *request) (*reply, *apiError) {
	var only map[string]bool // user IDs, nil for every user
	queries, err := parseQueries(q)
	if err != nil {
		return nil, err
	}
	for _, query := range queries {
		if query.Method != "equal" || query.Attribute != "userId" {
			return nil, errorf("general_query_invalid", "The emulator supports only equal queries on userId.")
		}
		if only == nil {
			only = map[string]bool{}
		}
		for _, v := range query.Values {
			if id, ok := v.(string); ok {
				only[id] = true
			}
		}
	}
	var listed []*user
	for _, u := range e.usersByCreation() {
		if only == nil || only[u.id] {
			listed = append(listed, u)
		}
	}
	return identityList(q, listed...), nil
}

// listQuery is one of Appwrite's JSON queries.
type listQuery struct {
	Method    string `json:"method"`
	Attribute string `json:"attribute"`
	Values    []any  `json:"values"`
}

// parseQueries decodes the queries param. A query that is not a JSON
// object with a method is 400 general_argument_invalid, as Appwrite's
// Queries validator answers ("Invalid query: Syntax error").
func parseQueries(q *request) ([]listQuery, *apiError) {
	list, _ := q.params["queries"].([]any)
	out := make([]listQuery, 0, len(list))
	for _, raw := range list {
		var qu listQuery
		s, _ := raw.(string)
		if err := json.Unmarshal([]byte(s), &qu); err != nil || qu.Method == "" {
			return nil, invalidParam("queries", "Invalid query: Invalid query: Syntax error")
		}
		out = append(out, qu)
	}
	return out, nil
}

// handleDeleteUserIdentity handles "DELETE /v1/users/identities/:identityId":
// the identity is unlinked from whichever user has it (404
// user_identity_not_found when none); the user's sessions stay.
func handleDeleteUserIdentity(e *Emulator, q *request) (*reply, *apiError) {
	id := q.str("identityId")
	for _, u := range e.users {
		for i, x := range u.identities {
			if x.id == id {
				u.identities = append(u.identities[:i:i], u.identities[i+1:]...)
				return noContent(), nil
			}
		}
	}
	return nil, newError("user_identity_not_found")
}

// handleUpdateUserPhone handles "PATCH /v1/users/:userId/phone": the
// number, or "" to remove it, unverified either way. A number another user
// has is 409 user_phone_already_exists. (The emulator keeps no SMS
// targets, as SetPhone does not.)
func handleUpdateUserPhone(e *Emulator, q *request) (*reply, *apiError) {
	u := e.users[q.str("userId")]
	if u == nil {
		return nil, newError("user_not_found")
	}
	number := q.str("number")
	if number != "" {
		for _, other := range e.users {
			if other != u && other.phone == number {
				return nil, newError("user_phone_already_exists")
			}
		}
	}
	u.phone = number
	u.phoneVerification = false
	u.updatedAt = q.now
	return jsonReply(http.StatusOK, u.full(q)), nil
}

// handleUpdateUserMFA handles "PATCH /v1/users/:userId/mfa": turns the
// user's MFA on or off; factors and sessions stay as they are.
func handleUpdateUserMFA(e *Emulator, q *request) (*reply, *apiError) {
	u := e.users[q.str("userId")]
	if u == nil {
		return nil, newError("user_not_found")
	}
	u.mfa, _ = toBool(q.params["mfa"])
	u.updatedAt = q.now
	return jsonReply(http.StatusOK, u.full(q)), nil
}

// handleUpdateUserEmailVerification handles "PATCH
// /v1/users/:userId/verification": marks the user's e-mail address
// verified or not.
func handleUpdateUserEmailVerification(e *Emulator, q *request) (*reply, *apiError) {
	u := e.users[q.str("userId")]
	if u == nil {
		return nil, newError("user_not_found")
	}
	u.emailVerification, _ = toBool(q.params["emailVerification"])
	u.updatedAt = q.now
	return jsonReply(http.StatusOK, u.full(q)), nil
}

// handleCreateUser handles "POST /v1/users": a user made with the API key,
// with any of an e-mail, a phone, a password and a name, its e-mail
// unverified. An ID, e-mail or phone already taken is 409
// user_already_exists, as on Appwrite.
func handleCreateUser(e *Emulator, q *request) (*reply, *apiError) {
	email := strings.ToLower(q.str("email"))
	phone := q.str("phone")
	id := e.resolveUserID(q.str("userId"), q.now)
	if e.users[id] != nil || e.userByEmail(email) != nil || e.userByPhone(phone) != nil {
		return nil, newError("user_already_exists")
	}
	u := e.addUser(q.now, id)
	u.email, u.phone, u.name = email, phone, q.str("name")
	if pw := q.str("password"); pw != "" {
		u.password = newPassword(pw)
		u.passwordUpdate = q.now
	}
	if email != "" {
		e.addEmailTarget(u, q.now)
	}
	return jsonReply(http.StatusCreated, u.full(q)), nil
}

// handleUpdateUserName handles "PATCH /v1/users/:userId/name".
func handleUpdateUserName(e *Emulator, q *request) (*reply, *apiError) {
	u := e.users[q.str("userId")]
	if u == nil {
		return nil, newError("user_not_found")
	}
	u.name = q.str("name")
	u.updatedAt = q.now
	return jsonReply(http.StatusOK, u.full(q)), nil
}

// handleListUserMemberships handles "GET /v1/users/:userId/memberships".
// The emulator has no teams, so the list is always empty; the route is
// there because the function asks it before a token proves an address.
func handleListUserMemberships(e *Emulator, q *request) (*reply, *apiError) {
	if e.users[q.str("userId")] == nil {
		return nil, newError("user_not_found")
	}
	return jsonReply(http.StatusOK, map[string]any{"total": 0, "memberships": []any{}}), nil
}

// handleUpdateUserEmail handles "PATCH /v1/users/:userId/email": the new
// address is unverified, and the user's e-mail target follows it (one is
// made when the user had no address). An address another user has, or
// an OAuth2 identity of another user uses, is 409 user_email_already_exists.
func handleUpdateUserEmail(e *Emulator, q *request) (*reply, *apiError) {
	u := e.users[q.str("userId")]
	if u == nil {
		return nil, newError("user_not_found")
	}
	email := strings.ToLower(q.str("email"))
	if other := e.userByEmail(email); (other != nil && other != u) || e.identityEmailUsed(email, u) {
		return nil, newError("user_email_already_exists")
	}
	old := u.email
	u.email = email
	u.emailVerification = false
	moved := false
	for _, t := range u.targets {
		if old != "" && t.providerType == "email" && t.identifier == old {
			t.identifier, t.updatedAt, moved = email, q.now, true
		}
	}
	if !moved && email != "" {
		e.addEmailTarget(u, q.now)
	}
	u.updatedAt = q.now
	return jsonReply(http.StatusOK, u.full(q)), nil
}
