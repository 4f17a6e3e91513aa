package ratelimit

import (
	"math"
	"sort"
	"strings"
	"time"
)

// This file is for tools that show or keep a Limiter's counters, such as
// the dev runtime's console and its -data file. The function itself never
// calls it: nothing here is on the path of a request.

// Counter is one key's counter in a [MemoryStore].
type Counter struct {
	Key     string    `json:"key"`
	Count   int       `json:"count"`
	ResetAt time.Time `json:"resetAt"`
}

// Counters returns the counters whose window has not ended at now, sorted
// by key.
func (s *MemoryStore) Counters(now time.Time) []Counter {
	n := now.UnixNano()
	out := []Counter{}
	for _, sh := range s.shards {
		sh.mu.Lock()
		for _, e := range sh.entries {
			if e.reset > n {
				out = append(out, Counter{Key: e.key, Count: e.count, ResetAt: time.Unix(0, e.reset)})
			}
		}
		sh.mu.Unlock()
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// Restore sets counters, as [MemoryStore.Counters] returned them, replacing
// any of the same key. Counters whose window has ended at now, or whose
// count is not positive, are skipped. A full store makes room as Hit does.
func (s *MemoryStore) Restore(counters []Counter, now time.Time) {
	n := now.UnixNano()
	for _, c := range counters {
		reset := c.ResetAt.UnixNano()
		if reset <= n || c.Count <= 0 {
			continue
		}
		key := storedKey(c.Key)
		sh := s.shard(key)
		sh.mu.Lock()
		if i, ok := sh.index[key]; ok {
			sh.entries[i].count, sh.entries[i].reset = c.Count, reset
			sh.sweepAt = min(sh.sweepAt, reset)
		} else {
			if len(sh.entries) >= sh.limit {
				sh.evict(n)
			}
			sh.add(entry{key: key, count: c.Count, reset: reset})
		}
		sh.mu.Unlock()
	}
}

// Clear forgets every counter.
func (s *MemoryStore) Clear() {
	for _, sh := range s.shards {
		sh.mu.Lock()
		clear(sh.entries)
		sh.entries = sh.entries[:0]
		sh.index = map[string]int{}
		sh.sweepAt, sh.deletes = math.MaxInt64, 0
		sh.mu.Unlock()
	}
}

// Store returns the store the Limiter counts in.
func (l *Limiter) Store() Store {
	return l.store
}

// KeyKind says what a key of a [Limiter] counts.
type KeyKind string

// The kinds of keys a Limiter writes.
const (
	// KeyIP counts one address's attempts (Policy.PerIP).
	KeyIP KeyKind = "ip"
	// KeyIPAccount counts one address's failures on one account
	// (Policy.PerIPEmailFailures).
	KeyIPAccount KeyKind = "ip+account"
	// KeyAccount counts the failures on one account from every address
	// (Policy.PerEmailFailures).
	KeyAccount KeyKind = "account"
	// KeyTrust marks an address that signed in as an account
	// (Policy.TrustedFor); it holds no budget.
	KeyTrust KeyKind = "trust"
	// KeyTrustEnded marks when an account's trust last ended
	// ([Limiter.EndTrust]); it holds no budget.
	KeyTrustEnded KeyKind = "trust-ended"
	// KeyExtra counts an [Extra] budget of an attempt (codes sent to an
	// address, guesses at an account in a day); its limit is the
	// caller's, so Describe does not know it.
	KeyExtra KeyKind = "extra"
	// KeySpent marks a single-use value, such as a flow's state, as used
	// (see [Limiter.Spend]); it holds no budget.
	KeySpent KeyKind = "spent"
	// KeyRemembered marks something that happened to a value (see
	// [Limiter.Remember]); it holds no budget.
	KeyRemembered KeyKind = "remembered"
	// KeyOther is a key of no kind this file knows.
	KeyOther KeyKind = "other"
)

// keyPrefixes maps the prefix of a Limiter's keys to their kind.
var keyPrefixes = map[string]KeyKind{
	"ip_":    KeyIP,
	"fail_":  KeyIPAccount,
	"acct_":  KeyAccount,
	"trust_": KeyTrust,
	"end_":   KeyTrustEnded,
	"x_":     KeyExtra,
	"once_":  KeySpent,
	"mark_":  KeyRemembered,
}

// Describe returns what key counts and the budget the Limiter holds it to
// (0 when it holds none).
func (l *Limiter) Describe(key string) (KeyKind, int) {
	for prefix, kind := range keyPrefixes {
		if strings.HasPrefix(key, prefix) {
			return kind, l.budget(kind)
		}
	}
	return KeyOther, 0
}

// budget is the limit a key of kind is held to.
func (l *Limiter) budget(kind KeyKind) int {
	switch kind {
	case KeyIP:
		return l.policy.PerIP
	case KeyIPAccount:
		return l.policy.PerIPEmailFailures
	case KeyAccount:
		return l.policy.PerEmailFailures
	}
	return 0
}

// KeysFor returns the keys [Limiter.Allow] and [Limiter.Succeeded] use for an
// address and an account (either may be ""), with their kinds: for the
// credential "" and each of credentials. Keys hold hashes only, so a tool
// that saw an attempt's address and account can label the store's
// counters with them this way, and in no other.
func (l *Limiter) KeysFor(ip, account string, credentials ...string) map[string]KeyKind {
	out := map[string]KeyKind{}
	for _, credential := range append([]string{""}, credentials...) {
		k := l.keys(ip, account, credential)
		if k.ip != "" {
			out["ip_"+k.ip] = KeyIP
		}
		if k.account != "" {
			out["acct_"+k.account] = KeyAccount
			out[k.trustEnded()] = KeyTrustEnded
		}
		if k.ip != "" && k.account != "" {
			out[k.failures()] = KeyIPAccount
			out[k.trust()] = KeyTrust
		}
	}
	return out
}
