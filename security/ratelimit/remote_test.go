package ratelimit

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// The shared store's calls: what they cost, how they overlap, and a
// panic in one.

// TestSpentBudgetsCostNoCalls: over the network, an address whose own
// budget refused it is refused again without a call to the store until
// the window ends, where each refused attempt would otherwise write every
// budget and take the writes back; then it is counted again. An address's
// failures on an account, which a success forgives, are always asked.
func TestSpentBudgetsCostNoCalls(t *testing.T) {
	t.Parallel()
	store := &countingRemote{remoteMemory: remoteMemory{NewMemoryStore(1000)}}
	c := newClock()
	p := testPolicy
	p.PerIP, p.PerIPEmailFailures = 2, 2
	l := NewLimiter(store, p, c.Now)
	for i := range 2 {
		if err := attempt(t, l, "198.51.100.1", fmt.Sprintf("u%d@example.com", i), false); err != nil {
			t.Fatal(err)
		}
	}
	wantLimited(t, attempt(t, l, "198.51.100.1", "u2@example.com", false), ScopeIP)
	before := store.calls.Load()
	for i := range 20 {
		rl := wantLimited(t, attempt(t, l, "198.51.100.1", fmt.Sprintf("v%d@example.com", i), false), ScopeIP)
		if rl.RetryAfter <= 0 {
			t.Fatalf("RetryAfter = %v", rl.RetryAfter)
		}
	}
	if n := store.calls.Load() - before; n != 0 {
		t.Errorf("20 attempts of a spent address made %d store calls, want none", n)
	}
	c.Advance(p.Window)
	if err := attempt(t, l, "198.51.100.1", "w@example.com", false); err != nil {
		t.Errorf("after the window: %v", err)
	}
	if store.calls.Load() == before {
		t.Error("after the window the attempt was not counted")
	}

	// An address's failures on an account refuse, another instance
	// forgives them (the owner signed in there), and the next attempt is
	// asked of the store and goes through.
	p.PerIP = 100
	l = NewLimiter(store, p, c.Now)
	for range 2 {
		attempt(t, l, "203.0.113.9", "owner@example.com", false)
	}
	wantLimited(t, attempt(t, l, "203.0.113.9", "owner@example.com", false), ScopeIPAccount)
	if err := l.Store().Restart(context.Background(), pairKey("fail", hash("ip", "203.0.113.9"), hash("account", "owner@example.com")), 0, p.Window, c.Now()); err != nil {
		t.Fatal(err)
	}
	if err := attempt(t, l, "203.0.113.9", "owner@example.com", true); err != nil {
		t.Errorf("the address's failures, forgiven elsewhere, still refuse: %v", err)
	}
}

// meetingStore is a remoteMemory whose Hit and Restart calls each wait
// (up to a second) until want calls are in flight at once, and record the
// most that were: calls made one after another never meet.
type meetingStore struct {
	remoteMemory
	want          int
	mu            sync.Mutex
	inFlight, max int
	met           chan struct{}
}

func (s *meetingStore) meet() func() {
	s.mu.Lock()
	s.inFlight++
	s.max = max(s.max, s.inFlight)
	if s.inFlight == s.want {
		close(s.met)
	}
	met := s.met
	s.mu.Unlock()
	select {
	case <-met:
	case <-time.After(time.Second):
	}
	return func() { s.mu.Lock(); s.inFlight--; s.mu.Unlock() }
}

// reset expects want calls at once from now on and returns the most that
// were in flight before.
func (s *meetingStore) reset(want int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	most := s.max
	s.want, s.max, s.met = want, 0, make(chan struct{})
	return most
}

func (s *meetingStore) Hit(ctx context.Context, key string, window time.Duration, now time.Time) (int, time.Time, error) {
	defer s.meet()()
	return s.remoteMemory.Hit(ctx, key, window, now)
}

func (s *meetingStore) Restart(ctx context.Context, key string, count int, window time.Duration, now time.Time) error {
	defer s.meet()()
	return s.remoteMemory.Restart(ctx, key, count, window, now)
}

// TestRemoteCallsOverlap: over the network, an attempt's budgets (the
// address, the address and account, the account, one extra) are counted
// by calls in flight together, and a success's two records too, so each
// costs one round trip.
func TestRemoteCallsOverlap(t *testing.T) {
	t.Parallel()
	store := &meetingStore{remoteMemory: remoteMemory{NewMemoryStore(1000)}}
	l := NewLimiter(store, testPolicy, newClock().Now)
	ctx := context.Background()
	store.reset(4)
	extra := Extra{Scope: "codes", Key: "a@example.com", Limit: 5, Window: time.Minute}
	if err := l.Allow(ctx, Attempt{Route: "/login", IP: "198.51.100.4", Account: "a@example.com", Extras: []Extra{extra}}); err != nil {
		t.Fatal(err)
	}
	if most := store.reset(2); most != 4 {
		t.Errorf("Allow had %d of its 4 calls in flight at once", most)
	}
	if err := l.Succeeded(ctx, Attempt{Route: "/login", IP: "198.51.100.4", Account: "a@example.com"}); err != nil {
		t.Fatal(err)
	}
	if most := store.reset(0); most != 2 {
		t.Errorf("Succeeded had %d of its 2 calls in flight at once", most)
	}
}

// panickingRemote is a remote store whose every call panics.
type panickingRemote struct{ remoteMemory }

func (panickingRemote) Hit(context.Context, string, time.Duration, time.Time) (int, time.Time, error) {
	panic("store bug")
}

// TestRemotePanicReachesTheCaller: a panic in one of the calls made at
// the same time is raised again in the caller's goroutine (where the
// function's recover answers 500), not left to end the process.
func TestRemotePanicReachesTheCaller(t *testing.T) {
	t.Parallel()
	l := NewLimiter(panickingRemote{remoteMemory{NewMemoryStore(10)}}, testPolicy, nil)
	defer func() {
		if p := recover(); p != "store bug" {
			t.Errorf("Allow raised %v, want the store's panic", p)
		}
	}()
	l.Allow(context.Background(), Attempt{Route: "/login", IP: "198.51.100.4", Account: "a@example.com"})
	t.Error("Allow returned")
}
