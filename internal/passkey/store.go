package passkey

import (
	"bytes"
	"context"
	"slices"
	"sync"
	"time"
)

// Store keeps the registered passkeys. Implementations must be safe for
// concurrent use. Every method taking a userID acts only on that user's
// passkeys: another user's passkey is ErrNotFound, as a missing one is.
type Store interface {
	// ListByUser returns the user's passkeys, oldest first.
	ListByUser(ctx context.Context, userID string) ([]Credential, error)
	// GetByCredentialID returns the passkey of a credential ID, whoever
	// it belongs to, or ErrNotFound.
	GetByCredentialID(ctx context.Context, credentialID []byte) (Credential, error)
	// Create stores a new passkey (its ID must be PasskeyID of its
	// credential ID); ErrCredentialExists when the credential ID is
	// registered already, to anyone.
	Create(ctx context.Context, c Credential) error
	// UpdateCounter records a sign-in with the passkey id: the new
	// signature counter, backup state and time. ErrNotFound when the
	// passkey is gone.
	UpdateCounter(ctx context.Context, id string, signCount uint32, backupState bool, lastUsedAt time.Time) error
	// Rename gives the user's passkey id a name (cleaned already) and
	// returns it renamed.
	Rename(ctx context.Context, userID, id, name string) (Credential, error)
	// Delete deletes the user's passkey id.
	Delete(ctx context.Context, userID, id string) error
	// DeleteAllForUser deletes every passkey of the user (the account is
	// deleted, or taken back) and returns how many there were.
	DeleteAllForUser(ctx context.Context, userID string) (int, error)
}

// MemoryStore is a [Store] in the process's memory, for tests and
// development.
type MemoryStore struct {
	mu   sync.Mutex
	byID map[string]Credential
}

var _ Store = (*MemoryStore)(nil)

// NewMemoryStore returns an empty store.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{byID: map[string]Credential{}}
}

// ListByUser implements [Store].
func (m *MemoryStore) ListByUser(ctx context.Context, userID string) ([]Credential, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	out := []Credential{}
	for _, c := range m.byID {
		if c.UserID == userID {
			out = append(out, cloneCredential(c))
		}
	}
	sortCredentials(out)
	return out, nil
}

// GetByCredentialID implements [Store].
func (m *MemoryStore) GetByCredentialID(ctx context.Context, credentialID []byte) (Credential, error) {
	if err := ctx.Err(); err != nil {
		return Credential{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.byID[PasskeyID(credentialID)]
	if !ok || !bytes.Equal(c.CredentialID, credentialID) {
		return Credential{}, ErrNotFound
	}
	return cloneCredential(c), nil
}

// Create implements [Store].
func (m *MemoryStore) Create(ctx context.Context, c Credential) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := checkNew(c); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.byID[c.ID]; ok {
		return ErrCredentialExists
	}
	m.byID[c.ID] = cloneCredential(c)
	return nil
}

// UpdateCounter implements [Store].
func (m *MemoryStore) UpdateCounter(ctx context.Context, id string, signCount uint32, backupState bool, lastUsedAt time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.byID[id]
	if !ok {
		return ErrNotFound
	}
	c.SignCount, c.BackupState, c.LastUsedAt = signCount, backupState, lastUsedAt.Truncate(time.Millisecond)
	m.byID[id] = c
	return nil
}

// Rename implements [Store].
func (m *MemoryStore) Rename(ctx context.Context, userID, id, name string) (Credential, error) {
	if err := ctx.Err(); err != nil {
		return Credential{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.byID[id]
	if !ok || c.UserID != userID {
		return Credential{}, ErrNotFound
	}
	c.Name = name
	m.byID[id] = c
	return cloneCredential(c), nil
}

// Delete implements [Store].
func (m *MemoryStore) Delete(ctx context.Context, userID, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.byID[id]
	if !ok || c.UserID != userID {
		return ErrNotFound
	}
	delete(m.byID, id)
	return nil
}

// DeleteAllForUser implements [Store].
func (m *MemoryStore) DeleteAllForUser(ctx context.Context, userID string) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for id, c := range m.byID {
		if c.UserID == userID {
			delete(m.byID, id)
			n++
		}
	}
	return n, nil
}

// checkNew refuses a credential a store cannot keep as it is.
func checkNew(c Credential) error {
	switch {
	case len(c.CredentialID) == 0 || len(c.CredentialID) > MaxCredentialIDLen || c.ID != PasskeyID(c.CredentialID):
		return errBadCredential("credential ID")
	case !validUserID(c.UserID):
		return errBadCredential("user ID")
	case len(c.PublicKey) == 0 || len(c.PublicKey) > MaxPublicKeyLen:
		return errBadCredential("public key")
	case len(c.AAGUID) != 0 && len(c.AAGUID) != 16:
		return errBadCredential("AAGUID")
	case c.Name == "" || CleanName(c.Name) != c.Name:
		return errBadCredential("name")
	case c.CreatedAt.IsZero():
		return errBadCredential("creation time")
	}
	return nil
}

// errBadCredential is the error of a credential a store refuses.
type errBadCredential string

func (e errBadCredential) Error() string {
	return "passkey: cannot store a credential with this " + string(e)
}

// cloneCredential copies c's slices, so that a store's values are its own.
func cloneCredential(c Credential) Credential {
	c.CredentialID = bytes.Clone(c.CredentialID)
	c.PublicKey = bytes.Clone(c.PublicKey)
	c.AAGUID = bytes.Clone(c.AAGUID)
	c.Transports = slices.Clone(c.Transports)
	return c
}

// sortCredentials orders passkeys oldest first (then by ID).
func sortCredentials(list []Credential) {
	slices.SortFunc(list, func(a, b Credential) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		switch {
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
}
