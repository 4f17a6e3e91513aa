package server

import "time"

// gate bounds how many executions of one process do their work at once
// (MAX_CONCURRENT_EXECUTIONS). The runtime starts every execution it
// receives; past the bound, the rest wait here, in arrival order, before
// their first call to Appwrite, holding only their request. The wait
// counts against the deadline of the execution's Appwrite calls
// (UPSTREAM_TIMEOUT): one still waiting at that deadline runs without a
// turn, and its first call fails at once as a timeout, so that it answers
// as the route answers a slow Appwrite (504 upstream_timeout, or the
// app's failure URL) before the function's timeout, and never waits
// longer. A nil gate bounds nothing.
//
// Why bound them: when the instance's CPU is full, an execution that has
// started holds its goroutines' stacks, its connection to Appwrite and its
// half-read answer while it waits for the CPU, so memory grows with the
// number of clients rather than with the work done. A bound of about
// twice what the CPU can keep busy (requests per second × Appwrite round
// trips × latency; see BENCHMARKS.md) costs no throughput.
type gate chan struct{}

// newGate returns a gate of n slots, or nil (no bound) for n ≤ 0.
func newGate(n int) gate {
	if n <= 0 {
		return nil
	}
	return make(gate, n)
}

// enter takes a slot, waiting for one in arrival order until deadline
// (zero: for as long as it takes). It returns how long it waited, and
// false if the deadline came first; only a true enter must be followed by
// leave.
func (g gate) enter(deadline time.Time) (waited time.Duration, ok bool) {
	if g == nil {
		return 0, true
	}
	select {
	case g <- struct{}{}:
		return 0, true
	default:
	}
	start := time.Now()
	var expired <-chan time.Time // nil: never
	if !deadline.IsZero() {
		timer := time.NewTimer(time.Until(deadline))
		defer timer.Stop()
		expired = timer.C
	}
	// Blocked senders queue on the channel in order, and a freed slot
	// goes to the first of them: nobody overtakes.
	select {
	case g <- struct{}{}:
		return time.Since(start), true
	case <-expired:
		return time.Since(start), false
	}
}

// leave frees the slot enter took.
func (g gate) leave() {
	if g != nil {
		<-g
	}
}
