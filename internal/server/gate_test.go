package server

import (
	"bytes"
	"net/http"
	"runtime/pprof"
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
		if g := newGate(s.maxConcurrent); cap(g) != tc.want || (tc.want == 0) != (g == nil) {
			t.Errorf("%q: a gate of %d slots (nil: %v)", tc.raw, cap(g), g == nil)
		}
	}

	env := newTestEnv(t, map[string]string{"MAX_CONCURRENT_EXECUTIONS": "0"})
	r := env.call("GET", "/me", nil, "")
	if e := r.wantError(t, http.StatusInternalServerError, "function_misconfigured"); !strings.Contains(e.Message, "MAX_CONCURRENT_EXECUTIONS") {
		t.Errorf("message %q does not name MAX_CONCURRENT_EXECUTIONS", e.Message)
	}
}

// TestGateOrder checks waiting executions get their turn in arrival
// order: each waiter below starts only once the one before it is queued
// (seen from the gate's own channel), and they must come out in that
// order.
func TestGateOrder(t *testing.T) {
	t.Parallel()
	g := newGate(1)
	if _, ok := g.enter(time.Time{}); !ok {
		t.Fatal("an empty gate refused a turn")
	}
	const waiters = 5
	order := make(chan int, waiters)
	var wg sync.WaitGroup
	for i := range waiters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			waited, ok := g.enter(time.Now().Add(10 * time.Second))
			if !ok || waited <= 0 {
				t.Errorf("waiter %d: waited %v, ok %v", i, waited, ok)
			}
			order <- i
			g.leave()
		}()
		waitQueued(t, i+1)
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

// TestGateDeadline checks a gate gives up at the deadline and takes no
// slot then.
func TestGateDeadline(t *testing.T) {
	t.Parallel()
	g := newGate(1)
	g.enter(time.Time{})
	deadline := time.Now().Add(20 * time.Millisecond)
	waited, ok := g.enter(deadline)
	if ok || waited <= 0 || time.Now().Before(deadline) {
		t.Errorf("a full gate: waited %v, ok %v; want false, returned at the deadline", waited, ok)
	}
	if len(g) != 1 {
		t.Errorf("%d slots taken, want 1", len(g))
	}
	var none gate
	if waited, ok := none.enter(time.Now()); !ok || waited != 0 {
		t.Errorf("a nil gate: waited %v, ok %v; want a turn at once", waited, ok)
	}
	none.leave() // does not block
}

// waitQueued waits until n goroutines started by TestGateOrder are
// blocked in gate.enter, waiting for a turn, as the goroutine profile
// shows them.
func waitQueued(tb testing.TB, n int) {
	tb.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		var buf bytes.Buffer
		pprof.Lookup("goroutine").WriteTo(&buf, 2)
		queued := 0
		for _, stack := range strings.Split(buf.String(), "\n\n") {
			if strings.Contains(stack, "[select") && strings.Contains(stack, ".gate.enter(") && strings.Contains(stack, "created by openruntimes/handler/internal/server.TestGateOrder") {
				queued++
			}
		}
		if queued >= n {
			return
		}
	}
	tb.Fatalf("%d waiters never queued at the gate", n)
}
