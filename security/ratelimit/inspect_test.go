package ratelimit

import (
	"context"
	"reflect"
	"testing"
	"time"
)

// TestMemoryStoreCountersRestore lists a store's counters, restores them
// into a new store, and checks that the new store counts on from there.
func TestMemoryStoreCountersRestore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, maxKeys := range []int{1000, 100000} { // one shard, and several
		s := NewMemoryStore(maxKeys)
		for i := range 3 {
			s.Hit(ctx, "a", time.Minute, t0)
			s.Hit(ctx, floodKey(i), time.Hour, t0)
		}
		s.Hit(ctx, "gone", time.Second, t0)
		now := t0.Add(2 * time.Second)
		got := s.Counters(now)
		want := []Counter{
			{Key: "a", Count: 3, ResetAt: t0.Add(time.Minute)},
			{Key: floodKey(0), Count: 1, ResetAt: t0.Add(time.Hour)},
			{Key: floodKey(1), Count: 1, ResetAt: t0.Add(time.Hour)},
			{Key: floodKey(2), Count: 1, ResetAt: t0.Add(time.Hour)},
		}
		if !equalCounters(got, want) {
			t.Fatalf("maxKeys %d: Counters = %v, want %v (the ended window left out)", maxKeys, got, want)
		}

		restored := NewMemoryStore(maxKeys)
		restored.Restore(append(got, Counter{Key: "ended", Count: 5, ResetAt: now}), now)
		if again := restored.Counters(now); !equalCounters(again, want) {
			t.Fatalf("maxKeys %d: after Restore, Counters = %v, want %v", maxKeys, again, want)
		}
		if n := restored.Len(); n != len(want) {
			t.Errorf("maxKeys %d: Len after Restore = %d, want %d (an ended window is not restored)", maxKeys, n, len(want))
		}
		if n, reset, _ := restored.Hit(ctx, "a", time.Minute, now); n != 4 || !reset.Equal(t0.Add(time.Minute)) {
			t.Errorf("maxKeys %d: Hit after Restore = %d, %v; want 4 in the restored window", maxKeys, n, reset)
		}
		restored.Restore([]Counter{{Key: "a", Count: 9, ResetAt: t0.Add(time.Hour)}}, now)
		if n, _, _ := restored.Get(ctx, "a", time.Minute, now); n != 9 {
			t.Errorf("maxKeys %d: Restore of a key held: count %d, want 9", maxKeys, n)
		}

		restored.Clear()
		if n := restored.Len(); n != 0 {
			t.Errorf("maxKeys %d: Len after Clear = %d", maxKeys, n)
		}
		if n, _, _ := restored.Hit(ctx, "a", time.Minute, now); n != 1 {
			t.Errorf("maxKeys %d: Hit after Clear = %d, want 1", maxKeys, n)
		}
	}
}

// TestMemoryStoreRestoreBounded restores more counters than the store
// holds: it stays within MaxKeys.
func TestMemoryStoreRestoreBounded(t *testing.T) {
	t.Parallel()
	var counters []Counter
	for i := range 5000 {
		counters = append(counters, Counter{Key: floodKey(i), Count: 1, ResetAt: t0.Add(time.Hour)})
	}
	s := NewMemoryStore(1000)
	s.Restore(counters, t0)
	if n := s.Len(); n > 1000 || n < 900 {
		t.Errorf("Len = %d after restoring 5000 counters into a store of 1000", n)
	}
}

func equalCounters(a, b []Counter) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Key != b[i].Key || a[i].Count != b[i].Count || !a[i].ResetAt.Equal(b[i].ResetAt) {
			return false
		}
	}
	return true
}

// TestLimiterKeysFor checks that KeysFor names every key Allow and Succeeded
// write for an address and an account, with the right kind and budget,
// so that a tool can label a store's counters.
func TestLimiterKeysFor(t *testing.T) {
	t.Parallel()
	l, _ := newTestLimiter(testPolicy)
	const ip, account = "203.0.113.9", "Ada@Example.com"
	attempt(t, l, ip, account, false)
	attempt(t, l, ip, account, true)
	attempt(t, l, ip, account, false)

	keys := l.KeysFor(ip, account)
	store := l.Store().(*MemoryStore)
	kinds := map[KeyKind]int{}
	for _, c := range store.Counters(t0) {
		kind, ok := keys[c.Key]
		if !ok {
			t.Errorf("the store holds %s, which KeysFor(%q, %q) does not name", c.Key, ip, account)
		}
		if got, _ := l.Describe(c.Key); got != kind {
			t.Errorf("Describe(%s) = %s, KeysFor says %s", c.Key, got, kind)
		}
		kinds[kind] = c.Count
	}
	want := map[KeyKind]int{KeyIP: 3, KeyAccount: 3, KeyIPAccount: 1, KeyTrust: 1}
	if !reflect.DeepEqual(kinds, want) {
		t.Errorf("counts by kind = %v, want %v", kinds, want)
	}
	// The same account in other letter case has the same keys.
	if other := l.KeysFor(ip, " ada@example.COM "); !reflect.DeepEqual(other, keys) {
		t.Errorf("KeysFor differs by the account's letter case: %v vs %v", other, keys)
	}
	if only := l.KeysFor(ip, ""); len(only) != 1 {
		t.Errorf("KeysFor(ip, \"\") = %v, want the address's key only", only)
	}

	for kind, limit := range map[KeyKind]int{KeyIP: 100, KeyIPAccount: 10, KeyAccount: 50, KeyTrust: 0} {
		for key, k := range keys {
			if k != kind {
				continue
			}
			if _, got := l.Describe(key); got != limit {
				t.Errorf("Describe(%s key) budget = %d, want %d", kind, got, limit)
			}
		}
	}
	if kind, limit := l.Describe("something_else"); kind != KeyOther || limit != 0 {
		t.Errorf("Describe of an unknown key = %s, %d", kind, limit)
	}

	// An extra budget's counter and a spent value are described too.
	other, _ := newTestLimiter(testPolicy)
	if err := other.Allow(context.Background(), Attempt{Route: "otp", IP: "", Account: "", Extras: []Extra{Extra{Scope: ScopeCodesSent, Key: "ada@example.com", Limit: 3, Window: time.Minute}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Spend(context.Background(), "oauth2", "state", time.Minute); err != nil {
		t.Fatal(err)
	}
	got := map[KeyKind]int{}
	for _, c := range other.Store().(*MemoryStore).Counters(t0) {
		kind, _ := other.Describe(c.Key)
		got[kind]++
	}
	if !reflect.DeepEqual(got, map[KeyKind]int{KeyExtra: 1, KeySpent: 1}) {
		t.Errorf("an extra budget and a spent value are described as %v", got)
	}
}
