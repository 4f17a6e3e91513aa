package appwritetest

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Errors returned by the seeding helpers.
var (
	// ErrUserNotFound means no user has the given ID.
	ErrUserNotFound = errors.New("appwritetest: user not found")
	// ErrUserExists means the e-mail address is taken.
	ErrUserExists = errors.New("appwritetest: user already exists")
)

// CreateUser adds a user with an e-mail address and password, as
// POST /v1/account does (unverified e-mail, an e-mail target), and returns
// its ID. The values must pass the route's validators.
func (e *Emulator) CreateUser(email, password, name string) (userID string, err error) {
	email = strings.ToLower(email)
	switch {
	case !validEmail(email):
		return "", fmt.Errorf("appwritetest: invalid e-mail address %q", email)
	case len(password) < 8 || len(password) > 256:
		return "", errors.New("appwritetest: password must be 8 to 256 bytes")
	case utf8.RuneCountInString(name) > 128:
		return "", errors.New("appwritetest: name must be at most 128 characters")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.userByEmail(email) != nil {
		return "", fmt.Errorf("%w: %s", ErrUserExists, email)
	}
	now := e.now()
	u := e.addUser(now, e.newID(now))
	u.email = email
	u.name = name
	u.password = newPassword(password)
	u.passwordUpdate = now
	e.addEmailTarget(u, now)
	return u.id, nil
}

// withUser runs f on the user userID with the emulator locked, or
// returns ErrUserNotFound.
func (e *Emulator) withUser(userID string, f func(*user) error) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	u := e.users[userID]
	if u == nil {
		return fmt.Errorf("%w: %s", ErrUserNotFound, userID)
	}
	return f(u)
}

// SetMFA turns MFA on or off for a user. MFA only applies to a user with
// a second factor; this seeds the e-mail factor, so turning it on also
// marks the address verified, and a user without an address cannot have
// it turned on (an authenticator is added through the API).
func (e *Emulator) SetMFA(userID string, enabled bool) error {
	return e.withUser(userID, func(u *user) error {
		if enabled && u.email == "" {
			return fmt.Errorf("appwritetest: user %s has no e-mail address for the MFA e-mail factor", userID)
		}
		u.mfa = enabled
		if enabled {
			u.emailVerification = true
		}
		u.updatedAt = e.now()
		return nil
	})
}

// SetEmailVerified sets a user's emailVerification flag.
func (e *Emulator) SetEmailVerified(userID string, v bool) error {
	return e.withUser(userID, func(u *user) error {
		u.emailVerification = v
		u.updatedAt = e.now()
		return nil
	})
}

// SessionCount returns how many sessions the user has, expired ones that
// were not deleted included (what GET /v1/users/{userId}/sessions lists);
// 0 for an unknown user.
func (e *Emulator) SessionCount(userID string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	if u := e.users[userID]; u != nil {
		return len(u.sessions)
	}
	return 0
}

// SetPhone gives a user a phone number (E.164, unverified), as PATCH
// /account/phone would. An empty phone removes it.
func (e *Emulator) SetPhone(userID, phone string) error {
	return e.withUser(userID, func(u *user) error {
		u.phone = phone
		u.phoneVerification = false
		u.updatedAt = e.now()
		return nil
	})
}

// AddIdentity links an OAuth2 identity (provider, e-mail address) to a
// user, as a sign-in with that provider would.
func (e *Emulator) AddIdentity(userID, provider, email string) error {
	return e.withUser(userID, func(u *user) error {
		now := e.now()
		email = strings.ToLower(email)
		u.identities = append(u.identities, &identity{id: e.newID(now), createdAt: now, updatedAt: now,
			provider: e.canonicalProvider(provider), providerUID: email, email: email})
		return nil
	})
}
