package appwritetest

import (
	"net/http"
	"strings"
	"time"
)

// addUser stores a new, empty, enabled user with the given ID.
func (e *Emulator) addUser(now time.Time, id string) *user {
	u := &user{
		id:           id,
		createdAt:    now,
		updatedAt:    now,
		registration: now,
		accessedAt:   now,
		status:       true,
	}
	e.users[id] = u
	return u
}

// userByEmail finds the user with the e-mail address, compared
// case-insensitively as Appwrite's database collation does.
func (e *Emulator) userByEmail(email string) *user {
	if email == "" {
		return nil
	}
	for _, u := range e.users {
		if strings.EqualFold(u.email, email) {
			return u
		}
	}
	return nil
}

// userByPhone finds the user with the phone number.
func (e *Emulator) userByPhone(phone string) *user {
	if phone == "" {
		return nil
	}
	for _, u := range e.users {
		if u.phone == phone {
			return u
		}
	}
	return nil
}

// identityEmailUsed reports whether an OAuth2 identity of a user other than
// except uses the e-mail address.
func (e *Emulator) identityEmailUsed(email string, except *user) bool {
	for _, u := range e.users {
		if u == except {
			continue
		}
		for _, id := range u.identities {
			if strings.EqualFold(id.email, email) {
				return true
			}
		}
	}
	return false
}

// targetUsed reports whether any user has a target with the identifier.
func (e *Emulator) targetUsed(identifier string) bool {
	for _, u := range e.users {
		for _, t := range u.targets {
			if t.identifier == identifier {
				return true
			}
		}
	}
	return false
}

// addEmailTarget gives u an e-mail target for its address.
func (e *Emulator) addEmailTarget(u *user, now time.Time) {
	u.targets = append(u.targets, &target{
		id:           e.newID(now),
		createdAt:    now,
		updatedAt:    now,
		providerType: "email",
		identifier:   u.email,
	})
}

// resolveUserID turns "unique()" into a new ID.
func (e *Emulator) resolveUserID(id string, now time.Time) string {
	if id == "unique()" {
		return e.newID(now)
	}
	return id
}

// handleCreateAccount handles "POST /v1/account".
func handleCreateAccount(e *Emulator, q *request) (*reply, *apiError) {
	email := strings.ToLower(q.str("email"))
	if e.identityEmailUsed(email, nil) {
		return nil, newError("general_bad_request")
	}
	if err := e.checkEmailPolicy(email); err != nil {
		return nil, err
	}
	id := e.resolveUserID(q.str("userId"), q.now)
	if e.users[id] != nil || e.userByEmail(email) != nil {
		return nil, newError("user_already_exists")
	}
	u := e.addUser(q.now, id)
	u.email = email
	u.name = q.str("name")
	u.password = newPassword(q.str("password"))
	u.passwordUpdate = q.now
	e.addEmailTarget(u, q.now)
	return jsonReply(http.StatusCreated, u.account(q)), nil
}

// handleGetAccount handles "GET /v1/account".
func handleGetAccount(e *Emulator, q *request) (*reply, *apiError) {
	return jsonReply(http.StatusOK, q.caller.user.account(q)), nil
}

// handleUpdateName handles "PATCH /v1/account/name".
func handleUpdateName(e *Emulator, q *request) (*reply, *apiError) {
	u := q.caller.user
	u.name = q.str("name")
	u.updatedAt = q.now
	return jsonReply(http.StatusOK, u.account(q)), nil
}

// handleUpdateEmail handles "PATCH /v1/account/email". A user without a
// password (anonymous, magic URL, OAuth2) sets one with it.
func handleUpdateEmail(e *Emulator, q *request) (*reply, *apiError) {
	u := q.caller.user
	pw := q.str("password")
	if u.password != nil && !u.password.matches(pw) {
		return nil, newError("user_invalid_credentials")
	}
	email := strings.ToLower(q.str("email"))
	if e.identityEmailUsed(email, u) {
		return nil, newError("general_bad_request")
	}
	if err := e.checkEmailPolicy(email); err != nil {
		return nil, err
	}
	if e.targetUsed(email) {
		return nil, newError("user_target_already_exists")
	}
	if other := e.userByEmail(email); other != nil && other != u {
		return nil, newError("general_bad_request")
	}
	old := u.email
	u.email = email
	u.emailVerification = false
	if u.password == nil {
		u.password = newPassword(pw)
		u.passwordUpdate = q.now
	}
	for _, t := range u.targets {
		if old != "" && t.identifier == old {
			t.identifier = email
			t.updatedAt = q.now
		}
	}
	u.updatedAt = q.now
	return jsonReply(http.StatusOK, u.account(q)), nil
}

// handleUpdatePassword handles "PATCH /v1/account/password". When the
// project invalidates sessions (auths.invalidateSessions, on in new
// projects; see WithInvalidateSessions), the user's other sessions are
// deleted when the request carries a session.
func handleUpdatePassword(e *Emulator, q *request) (*reply, *apiError) {
	u := q.caller.user
	if u.password != nil && !u.password.matches(q.str("oldPassword")) {
		return nil, newError("user_invalid_credentials")
	}
	u.password = newPassword(q.str("password"))
	u.passwordUpdate = q.now
	u.updatedAt = q.now
	if cur := q.caller.session; cur != nil && e.cfg.invalidateSessions {
		u.sessions = []*session{cur}
	}
	return jsonReply(http.StatusOK, u.account(q)), nil
}

// handleGetPrefs handles "GET /v1/account/prefs".
func handleGetPrefs(e *Emulator, q *request) (*reply, *apiError) {
	return jsonReply(http.StatusOK, q.caller.user.prefsJSON()), nil
}

// handleUpdatePrefs handles "PATCH /v1/account/prefs": the object replaces
// all preferences.
func handleUpdatePrefs(e *Emulator, q *request) (*reply, *apiError) {
	u := q.caller.user
	u.prefs = nil
	if m, ok := q.params["prefs"].(map[string]any); ok && len(m) > 0 {
		u.prefs = compactJSON(q.raw["prefs"])
		if u.prefs == nil {
			u.prefs = phpJSON(m)
		}
	}
	u.updatedAt = q.now
	return jsonReply(http.StatusOK, u.account(q)), nil
}

// handleCreateJWT handles "POST /v1/account/jwts". Only a request that
// carries a session secret has a session to bind the JWT to. The 1.8.1
// release has no duration param: every JWT lives 900 seconds.
func handleCreateJWT(e *Emulator, q *request) (*reply, *apiError) {
	s := q.caller.session
	if s == nil {
		return nil, newError("user_session_not_found")
	}
	duration := q.integer("duration")
	if e.release() {
		duration = releaseJWTLifetime
	}
	jwt := e.signJWT(q.caller.user.id, s.id, q.now, duration)
	return jsonReply(http.StatusCreated, jwtModel{JWT: jwt}), nil
}

// releaseJWTLifetime is the lifetime in seconds of every JWT of the 1.8.1
// release.
const releaseJWTLifetime = 900

// handleVersion handles "GET /v1/health/version".
func handleVersion(e *Emulator, q *request) (*reply, *apiError) {
	return jsonReply(http.StatusOK, versionModel{Version: e.appVersion()}), nil
}
