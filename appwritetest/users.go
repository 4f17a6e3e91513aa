package appwritetest

import (
	"net/http"
)

// handleGetUser handles "GET /v1/users/:userId".
func handleGetUser(e *Emulator, q *request) (*reply, *apiError) {
	u := e.users[q.str("userId")]
	if u == nil {
		return nil, newError("user_not_found")
	}
	return jsonReply(http.StatusOK, u.full()), nil
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
	return jsonReply(http.StatusOK, u.full()), nil
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
