package ratelimit

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Values issued once: spent flow states, remembered values, challenges.

// TestSpend: a value is spent once per window, concurrent uses included,
// and again after its window.
func TestSpend(t *testing.T) { onBothPaths(t, testSpend) }

func testSpend(t *testing.T, newTestLimiter func(Policy) (*Limiter, *clock)) {
	t.Parallel()
	l, clock := newTestLimiter(testPolicy)
	ctx := context.Background()
	var firsts atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if first, err := l.Spend(ctx, "oauth2", "state-1", 10*time.Minute); err != nil {
				t.Error(err)
			} else if first {
				firsts.Add(1)
			}
		}()
	}
	wg.Wait()
	if n := firsts.Load(); n != 1 {
		t.Fatalf("%d of 50 concurrent uses were first, want 1", n)
	}
	if first, _ := l.Spend(ctx, "magic", "state-1", 10*time.Minute); !first {
		t.Error("the same value of another kind was not first")
	}
	clock.Advance(10 * time.Minute)
	if first, _ := l.Spend(ctx, "oauth2", "state-1", 10*time.Minute); !first {
		t.Error("not first again after the window")
	}
}

// TestSpendFailsOpen: when the store fails, a use counts as first and the
// error says why.
func TestSpendFailsOpen(t *testing.T) {
	t.Parallel()
	l := NewLimiter(failingStore{}, testPolicy, nil)
	first, err := l.Spend(context.Background(), "oauth2", "s", time.Minute)
	var storeErr *StoreError
	if !first || !errors.As(err, &storeErr) {
		t.Errorf("Spend on a failing store = %v, %v; want true and a *StoreError", first, err)
	}
}

// TestRemember: Remembered tells when Remember recorded a value of a
// kind, until the window ends, and nothing of other values or kinds;
// remembering again restarts the window. On a failing store it tells
// nothing, with a *StoreError.
func TestRemember(t *testing.T) {
	t.Parallel()
	l, c := newTestLimiter(testPolicy)
	ctx := context.Background()
	if _, ok, err := l.Remembered(ctx, "enrolled", "user1", time.Hour); ok || err != nil {
		t.Fatalf("before anything: %v, %v", ok, err)
	}
	if err := l.Remember(ctx, "enrolled", "user1", time.Hour); err != nil {
		t.Fatal(err)
	}
	c.Advance(59 * time.Minute)
	if ago, ok, err := l.Remembered(ctx, "enrolled", "user1", time.Hour); !ok || err != nil || ago != 59*time.Minute {
		t.Errorf("within the window: %v, %v, %v; want 59m ago", ago, ok, err)
	}
	for _, other := range [][2]string{{"enrolled", "user2"}, {"other", "user1"}} {
		if _, ok, _ := l.Remembered(ctx, other[0], other[1], time.Hour); ok {
			t.Errorf("Remembered(%q, %q) after remembering another", other[0], other[1])
		}
	}
	if err := l.Remember(ctx, "enrolled", "user1", time.Hour); err != nil {
		t.Fatal(err)
	}
	c.Advance(59 * time.Minute)
	if _, ok, _ := l.Remembered(ctx, "enrolled", "user1", time.Hour); !ok {
		t.Error("remembering again did not restart the window")
	}
	c.Advance(time.Minute)
	if _, ok, _ := l.Remembered(ctx, "enrolled", "user1", time.Hour); ok {
		t.Error("remembered after the window")
	}

	failing := NewLimiter(failingStore{}, testPolicy, nil)
	var storeErr *StoreError
	if _, ok, err := failing.Remembered(ctx, "enrolled", "user1", time.Hour); ok || !errors.As(err, &storeErr) {
		t.Errorf("Remembered on a failing store = %v, %v; want false and a *StoreError", ok, err)
	}
	if err := failing.Remember(ctx, "enrolled", "user1", time.Hour); !errors.As(err, &storeErr) {
		t.Errorf("Remember on a failing store = %v, want a *StoreError", err)
	}
}

// TestUse: of 50 concurrent answers to one issued value exactly one is
// its second use; a value never issued starts at 1, the window's end
// starts it again, and a failing store is an error with 0 uses (the
// caller refuses), not a use.
func TestUse(t *testing.T) { onBothPaths(t, testUse) }

func testUse(t *testing.T, newTestLimiter func(Policy) (*Limiter, *clock)) {
	t.Parallel()
	l, clock := newTestLimiter(testPolicy)
	ctx := context.Background()
	if n, err := l.Use(ctx, "passkey", "issued", 5*time.Minute); n != 1 || err != nil {
		t.Fatalf("issue: %d, %v; want 1", n, err)
	}
	var seconds atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if n, err := l.Use(ctx, "passkey", "issued", 5*time.Minute); err != nil {
				t.Error(err)
			} else if n == 2 {
				seconds.Add(1)
			}
		}()
	}
	wg.Wait()
	if n := seconds.Load(); n != 1 {
		t.Fatalf("%d of 50 concurrent answers were the second use, want 1", n)
	}
	if n, _ := l.Use(ctx, "other", "issued", 5*time.Minute); n != 1 {
		t.Errorf("the same value of another kind: %d uses, want 1", n)
	}
	clock.Advance(5 * time.Minute)
	if n, _ := l.Use(ctx, "passkey", "issued", 5*time.Minute); n != 1 {
		t.Errorf("after the window: %d uses, want 1", n)
	}
	failing := NewLimiter(failingStore{}, testPolicy, nil)
	n, err := failing.Use(ctx, "passkey", "issued", time.Minute)
	var storeErr *StoreError
	if n != 0 || !errors.As(err, &storeErr) {
		t.Errorf("Use on a failing store = %d, %v; want 0 and a *StoreError", n, err)
	}
}

// countingRemote is a remoteMemory that counts the calls made to it.
type countingRemote struct {
	remoteMemory
	calls atomic.Int64
}

func (s *countingRemote) Hit(ctx context.Context, key string, window time.Duration, now time.Time) (int, time.Time, error) {
	s.calls.Add(1)
	return s.remoteMemory.Hit(ctx, key, window, now)
}

func (s *countingRemote) Undo(ctx context.Context, key string, now time.Time) error {
	s.calls.Add(1)
	return s.remoteMemory.Undo(ctx, key, now)
}
