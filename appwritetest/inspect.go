package appwritetest

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// UserInfo is a user as [Emulator.Users] lists them: what a developer
// looks at in a console, never a secret.
type UserInfo struct {
	ID    string `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
	// EmailVerification says whether the e-mail address is verified.
	EmailVerification bool `json:"emailVerification"`
	// MFA says whether the user turned MFA on. It only applies to a user
	// with a second factor: a verified address, or an authenticator app.
	MFA bool `json:"mfa"`
	// Guest is an anonymous account: no e-mail address and no phone.
	Guest bool `json:"guest"`
	// Blocked is a user whose status is false.
	Blocked    bool          `json:"blocked"`
	CreatedAt  time.Time     `json:"createdAt"`
	AccessedAt time.Time     `json:"accessedAt"`
	Providers  []string      `json:"providers"` // OAuth2 identities
	Sessions   []SessionInfo `json:"sessions"`
}

// SessionInfo is one session of a [UserInfo].
type SessionInfo struct {
	ID        string    `json:"id"`
	CreatedAt time.Time `json:"createdAt"`
	Expire    time.Time `json:"expire"`
	// Expired sessions stay stored until deleted, as in Appwrite.
	Expired  bool     `json:"expired"`
	Provider string   `json:"provider"`
	IP       string   `json:"ip"`
	Client   string   `json:"client"` // browser and version, "" if unknown
	OS       string   `json:"os"`
	Factors  []string `json:"factors"`
}

// Users returns every user, newest first, with their sessions, oldest
// first.
func (e *Emulator) Users() []UserInfo {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.now()
	byCreation := e.usersByCreation()
	out := make([]UserInfo, 0, len(byCreation))
	for i := len(byCreation) - 1; i >= 0; i-- {
		u := byCreation[i]
		info := UserInfo{
			ID: u.id, Email: u.email, Name: u.name, EmailVerification: u.emailVerification, MFA: u.mfa,
			Guest: u.email == "" && u.phone == "", Blocked: !u.status, CreatedAt: u.createdAt, AccessedAt: u.accessedAt,
			Providers: []string{}, Sessions: []SessionInfo{},
		}
		for _, id := range u.identities {
			info.Providers = append(info.Providers, id.provider)
		}
		for _, s := range u.sessions {
			d := s.device
			info.Sessions = append(info.Sessions, SessionInfo{
				ID: s.id, CreatedAt: s.createdAt, Expire: s.expire, Expired: !s.valid(now), Provider: s.provider, IP: s.ip,
				Client:  strings.TrimSpace(d.clientName + " " + d.clientVer),
				OS:      strings.TrimSpace(d.osName + " " + d.osVersion),
				Factors: append([]string{}, s.factors...),
			})
		}
		out = append(out, info)
	}
	return out
}

// SetBlocked blocks or unblocks a user, as PATCH /v1/users/{userId}/status
// does: a blocked user's sessions stay, and every request made with them
// is refused with user_blocked.
func (e *Emulator) SetBlocked(userID string, blocked bool) error {
	return e.withUser(userID, func(u *user) error {
		u.status = !blocked
		u.updatedAt = e.now()
		return nil
	})
}

// DeleteUser deletes a user with their sessions, tokens, identities and
// challenges, as DELETE /v1/users/{userId} does.
func (e *Emulator) DeleteUser(userID string) error {
	return e.withUser(userID, func(u *user) error {
		e.removeUser(u)
		return nil
	})
}

// ErrSessionNotFound means the user has no session with the given ID.
var ErrSessionNotFound = errors.New("appwritetest: session not found")

// DeleteSession deletes one session of a user, as
// DELETE /v1/users/{userId}/sessions/{sessionId} does: the browser that
// holds it is signed out at its next request.
func (e *Emulator) DeleteSession(userID, sessionID string) error {
	return e.withUser(userID, func(u *user) error {
		s := u.findSession(sessionID)
		if s == nil {
			return fmt.Errorf("%w: %s", ErrSessionNotFound, sessionID)
		}
		u.deleteSession(s)
		return nil
	})
}

// Reset forgets every user (with their sessions, tokens and identities),
// MFA challenge, OAuth2 login in progress, rate-limit counter and message
// of the outbox, and every row of every TablesDB table. The databases,
// tables and columns stay: they are the project's schema, which
// `appwrite push tables` provisions once, not data.
func (e *Emulator) Reset() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.users = map[string]*user{}
	e.challenges = map[string]*challenge{}
	e.oauthStates = map[string]*oauthState{}
	e.limits = map[string]*limitWindow{}
	e.outbox = nil
	for _, db := range e.databases {
		for _, t := range db.tables {
			t.rows = map[string]*row{}
		}
	}
}

// removeUser deletes u and its challenges. It runs with e.mu held.
func (e *Emulator) removeUser(u *user) {
	delete(e.users, u.id)
	for id, c := range e.challenges {
		if c.userID == u.id {
			delete(e.challenges, id)
		}
	}
}
