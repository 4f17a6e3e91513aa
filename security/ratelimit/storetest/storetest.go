// Package storetest checks that a [ratelimit.Store] keeps the contract of
// the interface, so that every store (in memory, on Appwrite's database)
// passes the same tests:
//
//	func TestMemoryStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) ratelimit.Store { return ratelimit.NewMemoryStore(1000) })
//	}
package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"openruntimes/handler/security/ratelimit"
)

// epoch is the clock of the tests: a fixed time, so that windows are
// deterministic.
var epoch = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// Run runs the contract tests as subtests of t, each on a new store from
// newStore. Keys are unique to each subtest, so a shared backend works.
func Run(t *testing.T, newStore func(t *testing.T) ratelimit.Store) {
	t.Helper()
	tests := []struct {
		name string
		test func(t *testing.T, s ratelimit.Store, key string)
	}{
		{"HitCounts", testHitCounts},
		{"GetDoesNotAdd", testGetDoesNotAdd},
		{"WindowExpiry", testWindowExpiry},
		{"Reset", testReset},
		{"Restart", testRestart},
		{"Undo", testUndo},
		{"KeysAreIndependent", testKeysAreIndependent},
		{"ConcurrentHits", testConcurrentHits},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.test(t, newStore(t), fmt.Sprintf("storetest_%s_%d", tt.name, time.Now().UnixNano()))
		})
	}
}

// hit calls s.Hit and fails the test on an error.
func hit(t *testing.T, s ratelimit.Store, key string, window time.Duration, now time.Time) (int, time.Time) {
	t.Helper()
	n, reset, err := s.Hit(context.Background(), key, window, now)
	if err != nil {
		t.Fatalf("Hit(%q): %v", key, err)
	}
	return n, reset
}

// get calls s.Get and fails the test on an error.
func get(t *testing.T, s ratelimit.Store, key string, window time.Duration, now time.Time) (int, time.Time) {
	t.Helper()
	n, reset, err := s.Get(context.Background(), key, window, now)
	if err != nil {
		t.Fatalf("Get(%q): %v", key, err)
	}
	return n, reset
}

// testHitCounts checks that hits add one each, within one window that
// ends window after the first.
func testHitCounts(t *testing.T, s ratelimit.Store, key string) {
	for i := 1; i <= 5; i++ {
		n, reset := hit(t, s, key, time.Minute, epoch.Add(time.Duration(i)*time.Second))
		if n != i {
			t.Errorf("hit #%d: count %d, want %d", i, n, i)
		}
		if want := epoch.Add(time.Second + time.Minute); !reset.Equal(want) {
			t.Errorf("hit #%d: resetAt %v, want %v (a minute after the first hit)", i, reset, want)
		}
	}
}

// testGetDoesNotAdd checks Get on a missing and on a counted key.
func testGetDoesNotAdd(t *testing.T, s ratelimit.Store, key string) {
	if n, reset := get(t, s, key, time.Minute, epoch); n != 0 || !reset.IsZero() {
		t.Errorf("Get of a new key = %d, %v; want 0 and the zero time", n, reset)
	}
	hit(t, s, key, time.Minute, epoch)
	hit(t, s, key, time.Minute, epoch)
	for range 3 {
		if n, reset := get(t, s, key, time.Minute, epoch.Add(time.Second)); n != 2 || !reset.Equal(epoch.Add(time.Minute)) {
			t.Errorf("Get = %d, %v; want 2, %v", n, reset, epoch.Add(time.Minute))
		}
	}
}

// testWindowExpiry checks that a window ends and a new one opens at the
// next hit.
func testWindowExpiry(t *testing.T, s ratelimit.Store, key string) {
	hit(t, s, key, time.Minute, epoch)
	hit(t, s, key, time.Minute, epoch.Add(59*time.Second))
	end := epoch.Add(time.Minute)
	if n, _ := get(t, s, key, time.Minute, end.Add(-time.Nanosecond)); n != 2 {
		t.Errorf("Get just before the end = %d, want 2", n)
	}
	if n, _ := get(t, s, key, time.Minute, end); n != 0 {
		t.Errorf("Get at the end = %d, want 0", n)
	}
	later := end.Add(10 * time.Second)
	if n, reset := hit(t, s, key, time.Minute, later); n != 1 || !reset.Equal(later.Add(time.Minute)) {
		t.Errorf("Hit after the end = %d, %v; want 1, %v", n, reset, later.Add(time.Minute))
	}
}

// testReset checks that Reset forgets a key, and that resetting a missing
// key is no error.
func testReset(t *testing.T, s ratelimit.Store, key string) {
	hit(t, s, key, time.Minute, epoch)
	hit(t, s, key, time.Minute, epoch)
	if err := s.Reset(context.Background(), key); err != nil {
		t.Fatalf("Reset: %v", err)
	}
	if n, _ := get(t, s, key, time.Minute, epoch); n != 0 {
		t.Errorf("Get after Reset = %d, want 0", n)
	}
	if n, reset := hit(t, s, key, time.Minute, epoch.Add(time.Second)); n != 1 || !reset.Equal(epoch.Add(time.Second+time.Minute)) {
		t.Errorf("Hit after Reset = %d, %v; want 1 in a new window", n, reset)
	}
	if err := s.Reset(context.Background(), key+"_missing"); err != nil {
		t.Errorf("Reset of a missing key: %v", err)
	}
}

// testKeysAreIndependent checks that keys count apart, with their own
// windows.
func testKeysAreIndependent(t *testing.T, s ratelimit.Store, key string) {
	hit(t, s, key+"_a", time.Minute, epoch)
	hit(t, s, key+"_a", time.Minute, epoch)
	hit(t, s, key+"_b", time.Hour, epoch.Add(time.Second))
	if n, _ := get(t, s, key+"_a", time.Minute, epoch); n != 2 {
		t.Errorf("key a = %d, want 2", n)
	}
	if n, reset := get(t, s, key+"_b", time.Hour, epoch.Add(2*time.Minute)); n != 1 || !reset.Equal(epoch.Add(time.Second+time.Hour)) {
		t.Errorf("key b = %d, %v; want 1, %v", n, reset, epoch.Add(time.Second+time.Hour))
	}
}

// testConcurrentHits checks that concurrent hits are all counted.
func testConcurrentHits(t *testing.T, s ratelimit.Store, key string) {
	const goroutines, hits = 8, 50
	var wg sync.WaitGroup
	for range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range hits {
				if _, _, err := s.Hit(context.Background(), key, time.Hour, epoch); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if n, _ := get(t, s, key, time.Hour, epoch); n != goroutines*hits {
		t.Errorf("after %d concurrent hits, count = %d", goroutines*hits, n)
	}
}

// testRestart: Restart opens a new window of the count given at now, over
// a key that has a count, one that has none, and one whose window has
// ended; a count of 0 keeps the key, and its next Hit counts 1 in the
// restarted window.
func testRestart(t *testing.T, s ratelimit.Store, key string) {
	ctx := context.Background()
	for range 3 {
		hit(t, s, key, time.Minute, epoch)
	}
	later := epoch.Add(20 * time.Second)
	if err := s.Restart(ctx, key, 1, time.Hour, later); err != nil {
		t.Fatalf("Restart: %v", err)
	}
	if n, reset := get(t, s, key, time.Hour, later); n != 1 || !reset.Equal(later.Add(time.Hour)) {
		t.Errorf("after Restart: %d, resets %v; want 1, %v", n, reset, later.Add(time.Hour))
	}
	if n, _ := hit(t, s, key, time.Hour, later.Add(time.Minute)); n != 2 {
		t.Errorf("Hit after Restart: %d, want 2 (in the restarted window)", n)
	}
	if err := s.Restart(ctx, key+"_new", 1, time.Minute, epoch); err != nil {
		t.Fatalf("Restart of a new key: %v", err)
	}
	if n, _ := get(t, s, key+"_new", time.Minute, epoch); n != 1 {
		t.Errorf("a new key after Restart: %d, want 1", n)
	}
	if err := s.Restart(ctx, key, 1, time.Minute, epoch.Add(48*time.Hour)); err != nil {
		t.Fatalf("Restart of an ended window: %v", err)
	}
	if n, _ := get(t, s, key, time.Minute, epoch.Add(48*time.Hour)); n != 1 {
		t.Errorf("an ended window after Restart: %d, want 1", n)
	}
	if err := s.Restart(ctx, key, 1, 0, epoch); err == nil {
		t.Error("Restart with a zero window: no error")
	}
	zero := epoch.Add(72 * time.Hour)
	if err := s.Restart(ctx, key, 0, time.Hour, zero); err != nil {
		t.Fatalf("Restart to 0: %v", err)
	}
	if n, _ := get(t, s, key, time.Hour, zero); n != 0 {
		t.Errorf("after Restart to 0: %d", n)
	}
	if n, reset := hit(t, s, key, time.Hour, zero.Add(time.Minute)); n != 1 || !reset.Equal(zero.Add(time.Hour)) {
		t.Errorf("Hit after Restart to 0: %d, resets %v; want 1 in the restarted window (%v)", n, reset, zero.Add(time.Hour))
	}
}

// testUndo: Undo takes one hit back in the open window, never below 0,
// and leaves a key without a window alone.
func testUndo(t *testing.T, s ratelimit.Store, key string) {
	ctx := context.Background()
	if err := s.Undo(ctx, key, epoch); err != nil {
		t.Fatalf("Undo of a new key: %v", err)
	}
	if n, _ := get(t, s, key, time.Minute, epoch); n != 0 {
		t.Errorf("a new key after Undo: %d, want 0", n)
	}
	hit(t, s, key, time.Minute, epoch)
	hit(t, s, key, time.Minute, epoch)
	if err := s.Undo(ctx, key, epoch.Add(time.Second)); err != nil {
		t.Fatalf("Undo: %v", err)
	}
	if n, _ := get(t, s, key, time.Minute, epoch.Add(time.Second)); n != 1 {
		t.Errorf("after two hits and an Undo: %d, want 1", n)
	}
	for range 2 {
		if err := s.Undo(ctx, key, epoch.Add(time.Second)); err != nil {
			t.Fatalf("Undo down to 0: %v", err)
		}
	}
	if n, _ := get(t, s, key, time.Minute, epoch.Add(time.Second)); n != 0 {
		t.Errorf("after Undo past 0: %d, want 0", n)
	}
	if n, _ := hit(t, s, key, time.Minute, epoch.Add(2*time.Second)); n != 1 {
		t.Errorf("Hit after the Undos: %d, want 1", n)
	}
}
