package ratelimit

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// t0 is the fake clock's start in this package's tests.
var t0 = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

// TestMemoryStoreWindowMustBePositive checks the error of a zero window.
func TestMemoryStoreWindowMustBePositive(t *testing.T) {
	t.Parallel()
	s := NewMemoryStore(10)
	if _, _, err := s.Hit(context.Background(), "k", 0, t0); err == nil {
		t.Error("Hit with a zero window: nil error")
	}
	if _, _, err := s.Get(context.Background(), "k", -time.Second, t0); err == nil {
		t.Error("Get with a negative window: nil error")
	}
	if s.Len() != 0 {
		t.Errorf("Len = %d after refused calls", s.Len())
	}
}

// floodKey returns the i-th key of a flood, shaped like the Limiter's.
func floodKey(i int) string {
	return fmt.Sprintf("ip_%026d", i)
}

// TestMemoryStoreNeverExceedsMaxKeys hits 100k distinct keys and checks
// the key count after every hit.
func TestMemoryStoreNeverExceedsMaxKeys(t *testing.T) {
	t.Parallel()
	for _, maxKeys := range []int{1, 10, 1000, 10000} {
		s := NewMemoryStore(maxKeys)
		for i := range 100000 {
			if _, _, err := s.Hit(context.Background(), floodKey(i), time.Hour, t0); err != nil {
				t.Fatal(err)
			}
			if n := s.Len(); n > maxKeys {
				t.Fatalf("maxKeys %d: Len = %d after %d keys", maxKeys, n, i+1)
			}
		}
		if n := s.Len(); n < maxKeys*9/10 && maxKeys >= 1000 {
			t.Errorf("maxKeys %d: Len = %d after the flood, want it close to full", maxKeys, n)
		}
	}
}

// heapInUse returns the live heap after a full collection.
func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// maxBytesPerKey is the stated memory bound of a MemoryStore: at most this
// many heap bytes per key of maxKeys, whatever number of distinct keys it
// has seen. A key of 29 bytes, its entry and its map slot take about 130.
const maxBytesPerKey = 250

// TestMemoryStoreMemoryBound floods a store of 10k keys with 100k and then
// 1M distinct keys and checks the heap: it stays under maxBytesPerKey per
// key of maxKeys, and does not grow between 100k and 1M. It measures the
// heap, so it does not run in parallel with other tests.
func TestMemoryStoreMemoryBound(t *testing.T) {
	const maxKeys = 10000
	flood := 1000000
	if testing.Short() {
		flood = 200000
	}
	before := heapInUse()
	s := NewMemoryStore(maxKeys)
	var after100k uint64
	for i := range flood {
		if _, _, err := s.Hit(context.Background(), floodKey(i), time.Hour, t0.Add(time.Duration(i)*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		if i%50000 == 0 && s.Len() > maxKeys {
			t.Fatalf("Len = %d after %d keys", s.Len(), i+1)
		}
		if i == 100000 {
			after100k = heapInUse() - before
		}
	}
	afterAll := int64(heapInUse()) - int64(before)
	runtime.KeepAlive(s)
	t.Logf("heap: %d bytes after 100k keys, %d after %d keys (%d per key of maxKeys)", after100k, afterAll, flood, afterAll/maxKeys)
	if limit := int64(maxBytesPerKey * maxKeys); int64(after100k) > limit || afterAll > limit {
		t.Errorf("heap grew by %d bytes after 100k keys and %d after %d, want at most %d", after100k, afterAll, flood, limit)
	}
	if afterAll > int64(after100k)*3/2+256<<10 {
		t.Errorf("heap grew from %d bytes after 100k keys to %d after %d: it is not bounded", after100k, afterAll, flood)
	}
	if s.Len() > maxKeys {
		t.Errorf("Len = %d, want at most %d", s.Len(), maxKeys)
	}
}

// TestMemoryStoreEvictsExpiredFirst fills a store, lets half its windows
// end, and checks that new keys replace the expired ones only.
func TestMemoryStoreEvictsExpiredFirst(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := NewMemoryStore(100)
	for i := range 50 {
		s.Hit(ctx, fmt.Sprint("short", i), time.Minute, t0)
	}
	for i := range 50 {
		s.Hit(ctx, fmt.Sprint("long", i), time.Hour, t0)
	}
	now := t0.Add(2 * time.Minute)
	for i := range 50 {
		if n, _, _ := s.Hit(ctx, fmt.Sprint("new", i), time.Hour, now); n != 1 {
			t.Fatalf("new key %d: count %d", i, n)
		}
	}
	for i := range 50 {
		if n, _, _ := s.Get(ctx, fmt.Sprint("long", i), time.Hour, now); n != 1 {
			t.Errorf("live key long%d was evicted while expired keys remained", i)
		}
	}
	if s.Len() != 100 {
		t.Errorf("Len = %d, want 100", s.Len())
	}
}

// TestMemoryStoreKeepsHighCounts checks that a flood of new keys, each at
// one, does not evict the counters an attacker drove up: eviction prefers
// low counts.
func TestMemoryStoreKeepsHighCounts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const maxKeys = 1000
	s := NewMemoryStore(maxKeys)
	for i := range 10 {
		for range 40 {
			s.Hit(ctx, fmt.Sprint("victim", i), time.Hour, t0)
		}
	}
	for i := range 100 * maxKeys {
		s.Hit(ctx, floodKey(i), time.Hour, t0.Add(time.Second))
	}
	kept := 0
	for i := range 10 {
		if n, _, _ := s.Get(ctx, fmt.Sprint("victim", i), time.Hour, t0.Add(time.Second)); n == 40 {
			kept++
		}
	}
	if kept != 10 {
		t.Errorf("%d of 10 high counters survived a flood of %d keys, want all", kept, 100*maxKeys)
	}
}

// TestMemoryStoreHashesLongKeys checks that long keys are stored as
// fixed-size hashes, and still counted apart.
func TestMemoryStoreHashesLongKeys(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := NewMemoryStore(10)
	a, b := strings.Repeat("a", 10000), strings.Repeat("a", 9999)+"b"
	s.Hit(ctx, a, time.Minute, t0)
	s.Hit(ctx, a, time.Minute, t0)
	s.Hit(ctx, b, time.Minute, t0)
	if n, _, _ := s.Get(ctx, a, time.Minute, t0); n != 2 {
		t.Errorf("long key a = %d, want 2", n)
	}
	if n, _, _ := s.Get(ctx, b, time.Minute, t0); n != 1 {
		t.Errorf("long key b = %d, want 1", n)
	}
	for _, sh := range s.shards {
		for _, e := range sh.entries {
			if len(e.key) > maxStoredKeyLength {
				t.Errorf("stored key of %d bytes", len(e.key))
			}
		}
	}
}

// TestMemoryStoreConcurrent hammers a sharded store from many goroutines
// with shared and distinct keys, for the race detector, and checks the
// shared counts.
func TestMemoryStoreConcurrent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const maxKeys, goroutines, rounds = 2000, 8, 2000
	s := NewMemoryStore(maxKeys)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range rounds {
				s.Hit(ctx, "shared", time.Hour, t0)
				s.Hit(ctx, fmt.Sprint(g, "-", i), time.Hour, t0)
				s.Get(ctx, fmt.Sprint(g, "-", i/2), time.Hour, t0)
				if i%100 == 0 {
					s.Reset(ctx, fmt.Sprint(g, "-", i-1))
				}
			}
		}()
	}
	wg.Wait()
	if n, _, _ := s.Get(ctx, "shared", time.Hour, t0); n != goroutines*rounds {
		t.Errorf("shared count = %d, want %d", n, goroutines*rounds)
	}
	if s.Len() > maxKeys {
		t.Errorf("Len = %d, want at most %d", s.Len(), maxKeys)
	}
}

// BenchmarkMemoryStoreHit measures Hit on a full store under contention.
func BenchmarkMemoryStoreHit(b *testing.B) {
	s := NewMemoryStore(100000)
	ctx := context.Background()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			s.Hit(ctx, floodKey(i), time.Hour, t0)
			i++
		}
	})
}
