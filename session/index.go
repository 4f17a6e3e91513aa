package session

import (
	"crypto/sha256"
	"sync"
)

// DefaultIndexSize is how many sessions an [Index] remembers unless told
// otherwise: about 2 MB when full.
const DefaultIndexSize = 10000

// Index remembers, for the sessions this instance of the function created,
// which user and session ID a session secret belongs to. Appwrite's
// secret names the user but not the session, and deleting a session with
// the API key needs both: with the Index, sign-out ends a session this
// instance made in one call instead of looking it up first. (The user's
// own DELETE /account/sessions/current would be one call too, but Appwrite
// limits it per IP, and every call of the function comes from its one
// address.)
//
// It holds a SHA-256 of each secret, never the secret; it forgets the
// oldest entry when full; an entry may outlive its session (deleted
// elsewhere, expired), which only means the deletion finds nothing. It is
// safe for concurrent use and meant to be shared by every execution of the
// process. The zero value remembers nothing; use [NewIndex].
type Index struct {
	mu      sync.Mutex
	size    int
	entries map[[32]byte]indexEntry
	// order holds the keys in the order they were added, as a ring that
	// grows to size; a key forgotten stays in its slot until the ring
	// comes round to it.
	order [][32]byte
	next  int
}

// indexEntry is what the Index knows of one session, and its slot in the
// order.
type indexEntry struct {
	userID, sessionID string
	slot              int
}

// NewIndex returns an Index that remembers at most size sessions (at least
// 1). It takes memory as it fills, not at once.
func NewIndex(size int) *Index {
	return &Index{size: max(size, 1), entries: map[[32]byte]indexEntry{}}
}

// Remember records that secret is the session sessionID of userID.
func (x *Index) Remember(secret, userID, sessionID string) {
	if x == nil || x.entries == nil || secret == "" || userID == "" || sessionID == "" {
		return
	}
	key := sha256.Sum256([]byte(secret))
	x.mu.Lock()
	defer x.mu.Unlock()
	if e, ok := x.entries[key]; ok {
		x.entries[key] = indexEntry{userID, sessionID, e.slot}
		return
	}
	slot := len(x.order)
	if slot < x.size {
		x.order = append(x.order, key)
	} else {
		slot = x.next
		// The slot's key goes, unless it was forgotten and remembered
		// again since, in a newer slot.
		if old := x.order[slot]; x.entries[old].slot == slot {
			delete(x.entries, old)
		}
		x.order[slot] = key
		x.next = (x.next + 1) % x.size
	}
	x.entries[key] = indexEntry{userID, sessionID, slot}
}

// Lookup returns the user and session ID of secret, if this instance
// created that session and still remembers it.
func (x *Index) Lookup(secret string) (userID, sessionID string, ok bool) {
	if x == nil || x.entries == nil {
		return "", "", false
	}
	key := sha256.Sum256([]byte(secret))
	x.mu.Lock()
	e, ok := x.entries[key]
	x.mu.Unlock()
	return e.userID, e.sessionID, ok
}

// Forget drops secret, once its session is gone. Its place in the order
// is reused when the ring comes round to it.
func (x *Index) Forget(secret string) {
	if x == nil || x.entries == nil {
		return
	}
	key := sha256.Sum256([]byte(secret))
	x.mu.Lock()
	delete(x.entries, key)
	x.mu.Unlock()
}

// Len returns how many sessions the Index remembers.
func (x *Index) Len() int {
	if x == nil {
		return 0
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	return len(x.entries)
}
