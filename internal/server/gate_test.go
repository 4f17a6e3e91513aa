package server

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// heldCalls is a transport that keeps calls to Appwrite waiting until
// release is closed (the first holdAtMost of them; 0: all), and counts
// how many are held at once. A call whose deadline has already passed
// fails at once, as http.Transport fails it.
type heldCalls struct {
	base          http.RoundTripper
	release       chan struct{}
	holdAtMost    int
	mu            sync.Mutex
	held, maxHeld int
	seen          int
}

func newHeldCalls() *heldCalls {
	return &heldCalls{base: http.DefaultTransport, release: make(chan struct{})}
}

func (h *heldCalls) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	h.mu.Lock()
	h.seen++
	if h.holdAtMost > 0 && h.seen > h.holdAtMost {
		h.mu.Unlock()
		return h.base.RoundTrip(req)
	}
	h.held++
	h.maxHeld = max(h.maxHeld, h.held)
	h.mu.Unlock()
	<-h.release
	h.mu.Lock()
	h.held--
	h.mu.Unlock()
	return h.base.RoundTrip(req)
}

// waitHeld waits until n calls are held at once.
func (h *heldCalls) waitHeld(tb testing.TB, n int) {
	tb.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		h.mu.Lock()
		held := h.held
		h.mu.Unlock()
		if held >= n {
			return
		}
	}
	tb.Fatalf("%d calls never reached Appwrite at once", n)
}

// TestMaxConcurrentExecutions runs six executions at once against an
// Appwrite that holds every answer: with MAX_CONCURRENT_EXECUTIONS=2 only
// two reach it, the others wait their turn (and log queuedMs, part of
// ms), and every one is answered once Appwrite answers. Without the
// setting all six reach Appwrite together.
func TestMaxConcurrentExecutions(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		limit   string
		maxHeld int
		queued  int
	}{
		{"bounded", "2", 2, 4},
		{"unbounded", "", 6, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, map[string]string{"MAX_CONCURRENT_EXECUTIONS": tc.limit})
			b := env.browser()
			b.signUp("gate@example.com", "correct horse battery")
			calls := newHeldCalls()
			env.app.settings.session.Transport = calls
			env.logs = newLogCapture(t)

			const executions = 6
			var wg sync.WaitGroup
			var ok atomic.Int32
			for range executions {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if r := b.env.call("GET", "/me", map[string]string{"cookie": b.name + "=" + b.value}, ""); r.Status == http.StatusOK {
						ok.Add(1)
					} else {
						t.Errorf("GET /me: %d %s", r.Status, r.Body)
					}
				}()
			}
			calls.waitHeld(t, tc.maxHeld)
			// Give the other executions time to get past a missing bound:
			// a bounded gate never lets them, however long this is.
			time.Sleep(100 * time.Millisecond)
			close(calls.release)
			wg.Wait()

			if calls.maxHeld != tc.maxHeld {
				t.Errorf("%d calls reached Appwrite at once, want %d", calls.maxHeld, tc.maxHeld)
			}
			if ok.Load() != executions {
				t.Errorf("%d of %d executions answered 200", ok.Load(), executions)
			}
			lines := logLines(t, env)
			queued := 0
			for _, l := range lines {
				if l.QueuedMS != nil {
					queued++
					if *l.QueuedMS <= 0 || *l.QueuedMS > *l.MS {
						t.Errorf("queuedMs %v, want above 0 and within ms %v", *l.QueuedMS, *l.MS)
					}
				}
			}
			if len(lines) != executions || queued < tc.queued || (tc.queued == 0 && queued != 0) {
				t.Errorf("%d of %d log lines have queuedMs, want at least %d (and none without a bound)", queued, len(lines), tc.queued)
			}
		})
	}
}

// TestMaxConcurrentExecutionsDeadline checks an execution that cannot get
// a turn within UPSTREAM_TIMEOUT does not wait past it: it answers as a
// slow Appwrite is answered, 504 upstream_timeout, and its log line says
// why.
func TestMaxConcurrentExecutionsDeadline(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, map[string]string{"MAX_CONCURRENT_EXECUTIONS": "1", "UPSTREAM_TIMEOUT": "300ms"})
	b := env.browser()
	b.signUp("deadline@example.com", "correct horse battery")
	calls := newHeldCalls()
	calls.holdAtMost = 1 // without a bound, the second call reaches Appwrite and gets a 200
	env.app.settings.session.Transport = calls
	env.logs = newLogCapture(t)
	cookie := map[string]string{"cookie": b.name + "=" + b.value}

	first := make(chan *result, 1)
	go func() { first <- env.call("GET", "/me", cookie, "") }()
	calls.waitHeld(t, 1)
	r := env.call("GET", "/me", cookie, "")
	r.wantError(t, http.StatusGatewayTimeout, "upstream_timeout")
	if calls.maxHeld != 1 {
		t.Errorf("%d calls reached Appwrite at once, want 1", calls.maxHeld)
	}
	close(calls.release)
	<-first // held past its own deadline, so a 504 too

	lines := logLines(t, env)
	if len(lines) != 2 {
		t.Fatalf("%d log lines, want 2", len(lines))
	}
	late := lines[0] // logged first: it ended while the first was held
	if late.Status != http.StatusGatewayTimeout || late.QueuedMS == nil || *late.QueuedMS < 250 ||
		len(late.Notes) != 1 || !strings.Contains(late.Notes[0], "MAX_CONCURRENT_EXECUTIONS") {
		t.Errorf("the late execution logged %+v, want 504 after queuing about 300 ms, with a note naming MAX_CONCURRENT_EXECUTIONS", late)
	}
}

// TestMaxConcurrentExecutionsSetting checks the values the setting takes
// and refuses; a refused one is function_misconfigured naming it.
func TestMaxConcurrentExecutionsSetting(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		raw  string
		want int // -1: refused
	}{
		{"", 0},
		{"1", 1},
		{" 160 ", 160},
		{"1000000", 1000000},
		{"0", -1},
		{"-4", -1},
		{"1000001", -1},
		{"2.5", -1},
		{"many", -1},
	} {
		env := map[string]string{
			"APPWRITE_FUNCTION_API_ENDPOINT": "https://appwrite.example.com/v1",
			"APPWRITE_FUNCTION_PROJECT_ID":   "p",
			"MAX_CONCURRENT_EXECUTIONS":      tc.raw,
		}
		s, err := loadSettings(func(k string) string { return env[k] })
		if tc.want < 0 {
			if err == nil || !strings.Contains(err.Error(), "MAX_CONCURRENT_EXECUTIONS") {
				t.Errorf("%q: error %v, want one naming MAX_CONCURRENT_EXECUTIONS", tc.raw, err)
			}
			continue
		}
		if err != nil || s.maxConcurrent != tc.want {
			t.Errorf("%q: %d, %v; want %d", tc.raw, s.maxConcurrent, err, tc.want)
		}
		if g := newGate(s.maxConcurrent); (tc.want == 0) != (g == nil) || (g != nil && g.slots != tc.want) {
			t.Errorf("%q: gate %+v, want %d slots (nil for none)", tc.raw, g, tc.want)
		}
	}

	env := newTestEnv(t, map[string]string{"MAX_CONCURRENT_EXECUTIONS": "0"})
	r := env.call("GET", "/me", nil, "")
	if e := r.wantError(t, http.StatusInternalServerError, "function_misconfigured"); !strings.Contains(e.Message, "MAX_CONCURRENT_EXECUTIONS") {
		t.Errorf("message %q does not name MAX_CONCURRENT_EXECUTIONS", e.Message)
	}
}

// TestGateOrder checks executions from one address get their turns in
// arrival order: each waiter below starts only once the one before it is
// queued, and they must come out in that order.
func TestGateOrder(t *testing.T) {
	t.Parallel()
	g := newGate(1)
	if _, ok := g.enter("192.0.2.1", time.Time{}); !ok {
		t.Fatal("an empty gate refused a turn")
	}
	const waiters = 5
	order := make(chan int, waiters)
	var wg sync.WaitGroup
	for i := range waiters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			waited, ok := g.enter("192.0.2.1", time.Now().Add(10*time.Second))
			if !ok || waited <= 0 {
				t.Errorf("waiter %d: waited %v, ok %v", i, waited, ok)
			}
			order <- i
			g.leave()
		}()
		waitQueued(t, g, i+1)
	}
	g.leave()
	wg.Wait()
	close(order)
	next := 0
	for i := range order {
		if i != next {
			t.Fatalf("waiter %d got its turn when waiter %d was due", i, next)
		}
		next++
	}
}

// TestTurns checks the order in which queued executions get a slot:
// round robin over addresses, in the order each address first queued,
// oldest first within one; an address whose executions all left (their
// deadline came) loses its place.
func TestTurns(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		// queued are the executions' addresses in arrival order; a "-"
		// prefix removes the oldest waiting execution of that address.
		queued []string
		want   []string // the addresses of the executions, as popped
	}{
		{"one address", []string{"a", "a", "a"}, []string{"a", "a", "a"}},
		{"a flood and one other", []string{"a", "a", "a", "a", "b"}, []string{"a", "b", "a", "a", "a"}},
		{"three addresses", []string{"a", "a", "a", "b", "b", "c"}, []string{"a", "b", "c", "a", "b", "a"}},
		{"the unknown address is one more", []string{"a", "a", "", "a"}, []string{"a", "", "a", "a"}},
		{"a left address loses its place", []string{"a", "b", "a", "-b", "c", "b"}, []string{"a", "c", "b", "a"}},
		{"a removed execution is skipped", []string{"a", "a", "b", "-a"}, []string{"a", "b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var q turns
			waiting := map[string][]*waiter{}
			for _, key := range tc.queued {
				if k, ok := strings.CutPrefix(key, "-"); ok {
					if !q.remove(waiting[k][0]) {
						t.Fatalf("remove of a waiting execution of %q: not found", k)
					}
					waiting[k] = waiting[k][1:]
					continue
				}
				waiting[key] = append(waiting[key], q.push(key))
			}
			var got []string
			for w := q.pop(); w != nil; w = q.pop() {
				if w != waiting[w.key][0] {
					t.Fatalf("an execution of %q overtook an older one", w.key)
				}
				waiting[w.key] = waiting[w.key][1:]
				got = append(got, w.key)
			}
			if !slices.Equal(got, tc.want) || !q.empty() {
				t.Errorf("turns went to %q, want %q", got, tc.want)
			}
			if q.remove(&waiter{key: "a"}) {
				t.Error("remove found an execution that never queued")
			}
		})
	}
}

// TestGateSharesTurnsBetweenAddresses: with the gate's one slot taken, one
// address queues five executions, then another address one; the second
// address's execution gets the second freed slot, not the sixth. Each
// waiter starts once the one before it is queued, so the order is the
// gate's alone.
func TestGateSharesTurnsBetweenAddresses(t *testing.T) {
	t.Parallel()
	g := newGate(1)
	g.enter("198.51.100.9", time.Time{})
	order := make(chan string, 6)
	var wg sync.WaitGroup
	queue := func(key, name string) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, ok := g.enter(key, time.Time{}); !ok {
				t.Errorf("%s got no turn", name)
			}
			order <- name
			g.leave()
		}()
	}
	for i := range 5 {
		queue("198.51.100.9", fmt.Sprint("flood ", i))
		waitQueued(t, g, i+1)
	}
	queue("203.0.113.4", "other")
	waitQueued(t, g, 6)
	g.leave()
	wg.Wait()
	close(order)
	var got []string
	for name := range order {
		got = append(got, name)
	}
	want := []string{"flood 0", "other", "flood 1", "flood 2", "flood 3", "flood 4"}
	if !slices.Equal(got, want) {
		t.Errorf("turns went to %q, want %q", got, want)
	}
}

// TestGateDeadline checks a gate gives up at the deadline and takes no
// slot then.
func TestGateDeadline(t *testing.T) {
	t.Parallel()
	g := newGate(1)
	g.enter("", time.Time{})
	deadline := time.Now().Add(20 * time.Millisecond)
	waited, ok := g.enter("", deadline)
	if ok || waited <= 0 || time.Now().Before(deadline) {
		t.Errorf("a full gate: waited %v, ok %v; want false, returned at the deadline", waited, ok)
	}
	if g.busy != 1 || g.waiting() != 0 {
		t.Errorf("%d slots taken and %d waiting, want 1 and none", g.busy, g.waiting())
	}
	g.leave()
	if g.busy != 0 {
		t.Errorf("%d slots taken after leave, want none", g.busy)
	}
	var none *gate
	if waited, ok := none.enter("", time.Now()); !ok || waited != 0 {
		t.Errorf("a nil gate: waited %v, ok %v; want a turn at once", waited, ok)
	}
	none.leave() // does not block
}

// waitQueued waits until n executions wait at g.
func waitQueued(tb testing.TB, g *gate, n int) {
	tb.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if g.waiting() >= n {
			return
		}
	}
	tb.Fatalf("%d waiters never queued at the gate", n)
}

// BenchmarkGateUnderFlood measures how long one client's execution waits
// at a gate of 8 slots while 60 executions of another address keep it
// full (each holds its slot 1 ms, as a call to Appwrite would): with
// turns shared between addresses ("two addresses") it waits about one
// turn, with the flood's address its own ("one address", as every client
// was before turns were shared) it waits behind the whole flood. The
// victim-ms metric is its wait.
func BenchmarkGateUnderFlood(b *testing.B) {
	for _, bc := range []struct{ name, victim string }{
		{"two addresses", "198.51.100.1"},
		{"one address", "203.0.113.1"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			g := newGate(8)
			stop := make(chan struct{})
			var wg sync.WaitGroup
			for range 60 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						select {
						case <-stop:
							return
						default:
						}
						g.enter("203.0.113.1", time.Time{})
						time.Sleep(time.Millisecond)
						g.leave()
					}
				}()
			}
			waitQueued(b, g, 40)
			var waited time.Duration
			b.ResetTimer()
			for range b.N {
				w, _ := g.enter(bc.victim, time.Time{})
				waited += w
				g.leave()
			}
			b.StopTimer()
			b.ReportMetric(float64(waited.Microseconds())/1000/float64(b.N), "victim-ms")
			close(stop)
			wg.Wait()
		})
	}
}
