package session

import (
	"fmt"
	"sync"
	"testing"
)

// TestIndex: the Index answers for the sessions it was told of, forgets
// the oldest when full and what it is told to forget, and a session
// forgotten and remembered again is not dropped for its old place.
func TestIndex(t *testing.T) {
	t.Parallel()
	x := NewIndex(3)
	for i := range 4 {
		x.Remember(fmt.Sprint("secret", i), fmt.Sprint("user", i), fmt.Sprint("session", i))
	}
	if _, _, ok := x.Lookup("secret0"); ok {
		t.Error("the oldest of 4 in an Index of 3 is still there")
	}
	if u, s, ok := x.Lookup("secret3"); !ok || u != "user3" || s != "session3" {
		t.Errorf("Lookup(secret3) = %q, %q, %v", u, s, ok)
	}
	if x.Len() != 3 {
		t.Errorf("Len = %d, want 3", x.Len())
	}

	// The ring now holds secret3, secret1, secret2, and comes round to
	// secret1's place next. Forget secret2; remembered again it takes
	// secret1's place; the next one comes to secret2's old place, which
	// must not take secret2 away.
	x.Forget("secret2")
	if _, _, ok := x.Lookup("secret2"); ok {
		t.Error("a forgotten secret is still there")
	}
	x.Remember("secret2", "user2", "session2b")
	x.Remember("secret5", "user5", "session5")
	if _, s, ok := x.Lookup("secret2"); !ok || s != "session2b" {
		t.Errorf("secret2, remembered again, = %q, %v: dropped for its old place", s, ok)
	}

	var zero Index
	zero.Remember("s", "u", "x")
	var none *Index
	none.Remember("s", "u", "x")
	none.Forget("s")
	if _, _, ok := zero.Lookup("s"); ok || none.Len() != 0 {
		t.Error("the zero and nil Index remember something")
	}
}

// TestIndexConcurrent uses one Index from many goroutines (run with
// -race); it never holds more than its size.
func TestIndexConcurrent(t *testing.T) {
	t.Parallel()
	x := NewIndex(100)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 500 {
				secret := fmt.Sprint(g, "-", i)
				x.Remember(secret, "u", "s")
				x.Lookup(secret)
				if i%3 == 0 {
					x.Forget(secret)
				}
			}
		}()
	}
	wg.Wait()
	if n := x.Len(); n > 100 {
		t.Errorf("Len = %d, more than the size 100", n)
	}
}
