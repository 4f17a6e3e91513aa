package ratelimit

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"hash/maphash"
	"math"
	"math/rand/v2"
	"sync"
	"time"
)

// maxStoredKeyLength is the longest key a MemoryStore keeps as is; longer
// keys are replaced by their SHA-256, so that a caller who puts user input
// in keys cannot make each entry large.
const maxStoredKeyLength = 64

// evictionSample is how many entries a full shard looks at to choose the
// one to evict.
const evictionSample = 8

// shardCount is the number of shards of a MemoryStore that is large enough
// for them: a power of two well above the cores the function gets.
const shardCount = 16

// errWindow is the error of a Hit or Get with a window that is not
// positive.
var errWindow = errors.New("ratelimit: window must be positive")

// MemoryStore is a [Store] in the process's memory: limits hold per
// instance of the function. It keeps at most maxKeys keys. When a shard is
// full, a new key first evicts every entry whose window has ended; if none
// has, it evicts, out of a random sample of entries, the one with the
// lowest count (then the one whose window ends first). Counters that
// matter, the ones an attacker has driven up, survive a flood of new keys,
// which each start at one.
//
// Keys are spread over shards by a seeded hash, each with its own mutex,
// so that concurrent executions rarely wait on each other.
type MemoryStore struct {
	seed    maphash.Seed
	shards  []*shard
	maxKeys int
}

// shard is one lock's worth of a MemoryStore.
type shard struct {
	mu sync.Mutex
	// index maps a key to its position in entries.
	index map[string]int
	// entries is dense, so that a random entry is one random index away.
	entries []entry
	// limit is the most entries the shard holds.
	limit int
	// sweepAt is at most the earliest end of the entries' windows, in
	// Unix nanoseconds: before it, no entry can have expired.
	sweepAt int64
	// deletes counts deletions from index since it was last rebuilt. Maps
	// do not shrink, so index is rebuilt now and then to keep its memory
	// in proportion to the keys it holds.
	deletes int
}

// entry is one key's counter.
type entry struct {
	key   string
	count int
	// reset is when the window ends, in Unix nanoseconds.
	reset int64
}

// NewMemoryStore returns an empty MemoryStore that holds at most maxKeys
// keys (at least 1). The shards split maxKeys between them and round down,
// so it may hold up to 15 fewer.
func NewMemoryStore(maxKeys int) *MemoryStore {
	if maxKeys < 1 {
		maxKeys = 1
	}
	n := shardCount
	if maxKeys < shardCount*64 {
		n = 1 // too few keys to be worth splitting
	}
	s := &MemoryStore{seed: maphash.MakeSeed(), shards: make([]*shard, n), maxKeys: maxKeys}
	for i := range s.shards {
		s.shards[i] = &shard{limit: maxKeys / n, index: map[string]int{}, sweepAt: math.MaxInt64}
	}
	return s
}

// Hit implements [Store].
func (s *MemoryStore) Hit(_ context.Context, key string, window time.Duration, now time.Time) (int, time.Time, error) {
	if window <= 0 {
		return 0, time.Time{}, errWindow
	}
	key = storedKey(key)
	sh := s.shard(key)
	n := now.UnixNano()
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if i, ok := sh.index[key]; ok {
		e := &sh.entries[i]
		if e.reset <= n {
			e.count, e.reset = 0, endOf(n, window)
			sh.sweepAt = min(sh.sweepAt, e.reset)
		}
		e.count++
		return e.count, time.Unix(0, e.reset), nil
	}
	if len(sh.entries) >= sh.limit {
		sh.evict(n)
	}
	e := entry{key: key, count: 1, reset: endOf(n, window)}
	sh.add(e)
	return e.count, time.Unix(0, e.reset), nil
}

// Get implements [Store].
func (s *MemoryStore) Get(_ context.Context, key string, window time.Duration, now time.Time) (int, time.Time, error) {
	if window <= 0 {
		return 0, time.Time{}, errWindow
	}
	key = storedKey(key)
	sh := s.shard(key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if i, ok := sh.index[key]; ok {
		if e := sh.entries[i]; e.reset > now.UnixNano() {
			return e.count, time.Unix(0, e.reset), nil
		}
	}
	return 0, time.Time{}, nil
}

// Reset implements [Store].
func (s *MemoryStore) Reset(_ context.Context, key string) error {
	key = storedKey(key)
	sh := s.shard(key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if i, ok := sh.index[key]; ok {
		sh.remove(i)
	}
	return nil
}

// Restart implements [Store].
func (s *MemoryStore) Restart(_ context.Context, key string, count int, window time.Duration, now time.Time) error {
	if window <= 0 {
		return errWindow
	}
	count = max(count, 0)
	key = storedKey(key)
	sh := s.shard(key)
	n := now.UnixNano()
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if i, ok := sh.index[key]; ok {
		e := &sh.entries[i]
		e.count, e.reset = count, endOf(n, window)
		sh.sweepAt = min(sh.sweepAt, e.reset)
		return nil
	}
	if len(sh.entries) >= sh.limit {
		sh.evict(n)
	}
	sh.add(entry{key: key, count: count, reset: endOf(n, window)})
	return nil
}

// Undo implements [Store].
func (s *MemoryStore) Undo(_ context.Context, key string, now time.Time) error {
	key = storedKey(key)
	sh := s.shard(key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if i, ok := sh.index[key]; ok {
		if e := &sh.entries[i]; e.reset > now.UnixNano() && e.count > 0 {
			e.count--
		}
	}
	return nil
}

// Len returns the number of keys the store holds, expired ones included.
func (s *MemoryStore) Len() int {
	n := 0
	for _, sh := range s.shards {
		sh.mu.Lock()
		n += len(sh.entries)
		sh.mu.Unlock()
	}
	return n
}

// MaxKeys returns the most keys the store holds.
func (s *MemoryStore) MaxKeys() int {
	return s.maxKeys
}

// shard returns the shard of key.
func (s *MemoryStore) shard(key string) *shard {
	if len(s.shards) == 1 {
		return s.shards[0]
	}
	return s.shards[maphash.String(s.seed, key)%uint64(len(s.shards))]
}

// add appends e, growing entries no further than the shard's limit.
func (sh *shard) add(e entry) {
	if len(sh.entries) == cap(sh.entries) {
		grown := make([]entry, len(sh.entries), min(max(2*cap(sh.entries), 8), sh.limit))
		copy(grown, sh.entries)
		sh.entries = grown
	}
	sh.index[e.key] = len(sh.entries)
	sh.entries = append(sh.entries, e)
	sh.sweepAt = min(sh.sweepAt, e.reset)
}

// evict makes room for one entry in a full shard: every expired entry
// goes, and if none had expired, the sampled entry with the lowest count,
// then the earliest end.
func (sh *shard) evict(now int64) {
	if now >= sh.sweepAt {
		next := int64(math.MaxInt64)
		for i := len(sh.entries) - 1; i >= 0; i-- {
			// Entries after i have been looked at; remove moves the last
			// one to i, so every entry is looked at once.
			if sh.entries[i].reset <= now {
				sh.remove(i)
			} else {
				next = min(next, sh.entries[i].reset)
			}
		}
		sh.sweepAt = next
		if len(sh.entries) < sh.limit {
			return
		}
	}
	victim := rand.IntN(len(sh.entries))
	for range evictionSample - 1 {
		i := rand.IntN(len(sh.entries))
		v, e := sh.entries[victim], sh.entries[i]
		if e.count < v.count || (e.count == v.count && e.reset < v.reset) {
			victim = i
		}
	}
	sh.remove(victim)
}

// remove deletes the entry at i, moving the last entry into its place.
func (sh *shard) remove(i int) {
	last := len(sh.entries) - 1
	delete(sh.index, sh.entries[i].key)
	if i != last {
		sh.entries[i] = sh.entries[last]
		sh.index[sh.entries[i].key] = i
	}
	sh.entries[last] = entry{}
	sh.entries = sh.entries[:last]
	sh.deletes++
	if sh.deletes > 2*sh.limit+64 {
		index := make(map[string]int, len(sh.entries))
		for j, e := range sh.entries {
			index[e.key] = j
		}
		sh.index, sh.deletes = index, 0
	}
}

// endOf returns when a window that opens at now ends, in Unix nanoseconds,
// without overflowing.
func endOf(now int64, window time.Duration) int64 {
	if now > math.MaxInt64-int64(window) {
		return math.MaxInt64
	}
	return now + int64(window)
}

// storedKey returns key, or its hash if it is long.
func storedKey(key string) string {
	if len(key) <= maxStoredKeyLength {
		return key
	}
	sum := sha256.Sum256([]byte(key))
	return "#" + base64.RawURLEncoding.EncodeToString(sum[:])
}
