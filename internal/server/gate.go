package server

import (
	"sync"
	"time"
)

// gate bounds how many executions of one process do their work at once
// (MAX_CONCURRENT_EXECUTIONS). The runtime starts every execution it
// receives; past the bound, the rest wait here, holding only their
// request, before their first call to Appwrite. The wait counts against
// the deadline of the execution's Appwrite calls (UPSTREAM_TIMEOUT): one
// still waiting at that deadline runs without a turn, and its first call
// fails at once as a timeout, so that it answers as the route answers a
// slow Appwrite (504 upstream_timeout, or the app's failure URL) before
// the function's timeout, and never waits longer. A nil gate bounds
// nothing.
//
// Turns are shared fairly between client addresses (one IPv6 /64 is one
// address, as for the limiter): a freed slot goes to the address whose
// turn it is, round robin over the addresses that have executions
// waiting, and within an address to its longest-waiting execution. One
// client flooding the function so queues behind itself: another
// client's request waits for at most one turn of each other waiting
// address, not for the whole flood.
//
// Why bound them: when the instance's CPU is full, an execution that has
// started holds its goroutines' stacks, its connection to Appwrite and its
// half-read answer while it waits for the CPU, so memory grows with the
// number of clients rather than with the work done. A bound of about
// twice what the CPU can keep busy (requests per second × Appwrite round
// trips × latency; see BENCHMARKS.md) costs no throughput.
type gate struct {
	slots int

	mu   sync.Mutex
	busy int
	// turns are the executions waiting, by address, in turn order.
	turns turns
}

// newGate returns a gate of n slots, or nil (no bound) for n ≤ 0.
func newGate(n int) *gate {
	if n <= 0 {
		return nil
	}
	return &gate{slots: n}
}

// enter takes a slot for an execution from the client address key (see
// security.RateKeyIP; "" for an unknown one), waiting for its turn until
// deadline (zero: for as long as it takes). It returns how long it
// waited, and false if the deadline came first; only a true enter must
// be followed by leave.
func (g *gate) enter(key string, deadline time.Time) (waited time.Duration, ok bool) {
	if g == nil {
		return 0, true
	}
	g.mu.Lock()
	if g.busy < g.slots && g.turns.empty() {
		g.busy++
		g.mu.Unlock()
		return 0, true
	}
	w := g.turns.push(key)
	g.mu.Unlock()

	start := time.Now()
	var expired <-chan time.Time // nil: never
	if !deadline.IsZero() {
		timer := time.NewTimer(time.Until(deadline))
		defer timer.Stop()
		expired = timer.C
	}
	select {
	case <-w.ready:
		return time.Since(start), true
	case <-expired:
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.turns.remove(w) {
		// Its turn came as the deadline did: the slot is its own now.
		return time.Since(start), true
	}
	return time.Since(start), false
}

// leave frees the slot enter took: it goes to the execution whose turn it
// is, if one is waiting.
func (g *gate) leave() {
	if g == nil {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if w := g.turns.pop(); w != nil {
		close(w.ready) // the slot passes to w: busy stays as it is
		return
	}
	g.busy--
}

// waiting returns how many executions wait for a turn.
func (g *gate) waiting() int {
	if g == nil {
		return 0
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.turns.n
}

// turns is the order in which waiting executions get a slot: round robin
// over client addresses, first come first served within one. It is not
// safe for concurrent use (the gate's mutex guards it).
type turns struct {
	// byKey holds each address's waiting executions, oldest first.
	byKey map[string][]*waiter
	// ring holds the addresses that have executions waiting, the one
	// whose turn is next first.
	ring []string
	// n is how many executions wait.
	n int
}

// waiter is one execution waiting at the gate.
type waiter struct {
	key   string
	ready chan struct{}
}

func (t *turns) empty() bool { return t.n == 0 }

// push queues an execution from key. An address that had nothing waiting
// joins the end of the ring.
func (t *turns) push(key string) *waiter {
	if t.byKey == nil {
		t.byKey = map[string][]*waiter{}
	}
	w := &waiter{key: key, ready: make(chan struct{})}
	if len(t.byKey[key]) == 0 {
		t.ring = append(t.ring, key)
	}
	t.byKey[key] = append(t.byKey[key], w)
	t.n++
	return w
}

// pop returns the execution whose turn it is, or nil: the oldest of the
// first address of the ring, which then goes to the ring's end if it has
// more waiting.
func (t *turns) pop() *waiter {
	if t.n == 0 {
		return nil
	}
	key := t.ring[0]
	t.ring = t.ring[1:]
	q := t.byKey[key]
	w := q[0]
	q[0] = nil
	if q = q[1:]; len(q) == 0 {
		delete(t.byKey, key)
	} else {
		t.byKey[key] = q
		t.ring = append(t.ring, key)
	}
	t.n--
	return w
}

// remove takes w out of the queue (its deadline came) and reports whether
// it was still there.
func (t *turns) remove(w *waiter) bool {
	q := t.byKey[w.key]
	for i, other := range q {
		if other != w {
			continue
		}
		q = append(q[:i:i], q[i+1:]...)
		if len(q) == 0 {
			delete(t.byKey, w.key)
			for j, key := range t.ring {
				if key == w.key {
					t.ring = append(t.ring[:j:j], t.ring[j+1:]...)
					break
				}
			}
		} else {
			t.byKey[w.key] = q
		}
		t.n--
		return true
	}
	return false
}
