package passkey

import (
	"context"
	"sync"
	"time"
)

// ChallengeStore keeps encoded ceremony states between the options and the
// response. Shared by every instance of the function (the limiter's
// store), it makes a challenge good on whichever instance the response
// reaches, and once only. Implementations must be safe for concurrent use.
//
// Keys are flow IDs ([NewFlowID]: 32 characters of a-z and 2-7, valid as
// Appwrite row IDs); values are at most 256 bytes.
type ChallengeStore interface {
	// Put keeps value under key for ttl, replacing what key held.
	Put(ctx context.Context, key string, value []byte, ttl time.Duration) error
	// Take returns key's value and deletes it, in one step: of two
	// concurrent Takes of a key at most one gets the value. A missing or
	// expired key is ErrChallengeUnknown.
	Take(ctx context.Context, key string) ([]byte, error)
}

// DefaultMaxChallenges bounds a [MemoryChallengeStore] made with max 0.
const DefaultMaxChallenges = 100_000

// MemoryChallengeStore is a [ChallengeStore] in the process's memory, for
// one instance (development, tests). It holds at most max states: expired
// ones are swept when it fills (at most once a second), and a Put that
// finds it full of live ones is ErrChallengeStoreFull, so that a flood of option requests costs
// bounded memory (about 200 bytes a state).
type MemoryChallengeStore struct {
	mu      sync.Mutex
	entries map[string]challengeEntry
	max     int
	now     func() time.Time
	swept   time.Time // when Put last swept a full store
}

// challengeEntry is one kept state.
type challengeEntry struct {
	value   []byte
	expires time.Time
}

var _ ChallengeStore = (*MemoryChallengeStore)(nil)

// NewMemoryChallengeStore returns an empty store of at most max states (0:
// DefaultMaxChallenges) on the clock now (nil: time.Now).
func NewMemoryChallengeStore(max int, now func() time.Time) *MemoryChallengeStore {
	if max <= 0 {
		max = DefaultMaxChallenges
	}
	if now == nil {
		now = time.Now
	}
	return &MemoryChallengeStore{entries: map[string]challengeEntry{}, max: max, now: now}
}

// Put implements [ChallengeStore].
func (m *MemoryChallengeStore) Put(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if _, ok := m.entries[key]; !ok && len(m.entries) >= m.max {
		// At most one sweep a second, so that a flood of Puts into a full
		// store does not cost a sweep each.
		if now.Sub(m.swept) < time.Second {
			return ErrChallengeStoreFull
		}
		m.swept = now
		for k, e := range m.entries {
			if !now.Before(e.expires) {
				delete(m.entries, k)
			}
		}
		if len(m.entries) >= m.max {
			return ErrChallengeStoreFull
		}
	}
	m.entries[key] = challengeEntry{value: append([]byte(nil), value...), expires: now.Add(ttl)}
	return nil
}

// Take implements [ChallengeStore].
func (m *MemoryChallengeStore) Take(ctx context.Context, key string) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[key]
	if !ok {
		return nil, ErrChallengeUnknown
	}
	delete(m.entries, key)
	if !m.now().Before(e.expires) {
		return nil, ErrChallengeUnknown
	}
	return e.value, nil
}

// Len returns how many states the store holds, expired ones included.
func (m *MemoryChallengeStore) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.entries)
}
