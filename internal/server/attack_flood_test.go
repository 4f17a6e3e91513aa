package server

// Flooding: one client sends the function more executions than
// MAX_CONCURRENT_EXECUTIONS lets work at once, so that everyone else's
// requests wait behind its own.

import (
	"net/http"
	"sync"
	"testing"
)

// steppedCalls is a transport that tells, for each call to Appwrite, whose
// session made it (on arrived), and holds it until the test lets one call
// go on (a value on proceed).
type steppedCalls struct {
	base    http.RoundTripper
	arrived chan string
	proceed chan struct{}
}

func (s *steppedCalls) RoundTrip(req *http.Request) (*http.Response, error) {
	s.arrived <- req.Header.Get("X-Appwrite-Session")
	<-s.proceed
	return s.base.RoundTrip(req)
}

// TestFloodingClientQueuesBehindItself: with MAX_CONCURRENT_EXECUTIONS=2,
// an attacker at one address takes both slots with signed-in GET /me
// calls Appwrite is slow to answer, and queues six more behind them; then
// the victim, at another address, asks for GET /me. When the first slot
// frees it goes to the attacker's next execution (the attacker's address
// was queued first), the second to the victim's, not after the whole
// flood. Defence: the gate shares turns round robin between client
// addresses (gate.go). Every step waits for the one before it, so the
// order the calls reach Appwrite is the gate's alone, and timing plays no
// part.
func TestFloodingClientQueuesBehindItself(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, map[string]string{"MAX_CONCURRENT_EXECUTIONS": "2"})
	attacker := at(env.browser(), "203.0.113.50")
	attacker.signUp("flooder@example.com", "correct horse battery")
	victim := at(env.browser(), "198.51.100.60")
	victim.signUp("flood-victim@example.com", "correct horse battery")
	attackerSession, _, _ := env.app.settings.session.Cookie.ReadSession(map[string]string{"cookie": attacker.name + "=" + attacker.value})
	victimSession, _, _ := env.app.settings.session.Cookie.ReadSession(map[string]string{"cookie": victim.name + "=" + victim.value})
	calls := &steppedCalls{base: http.DefaultTransport, arrived: make(chan string), proceed: make(chan struct{})}
	env.app.settings.session.Transport = calls

	var wg sync.WaitGroup
	me := func(b *browser, who string) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// The browser helper is not safe for concurrent use: send
			// its cookie by hand.
			r := env.call("GET", "/me", map[string]string{"cookie": b.name + "=" + b.value, "x-appwrite-client-ip": b.extras["x-appwrite-client-ip"]}, "")
			if r.Status != http.StatusOK {
				t.Errorf("GET /me of the %s: %d %s", who, r.Status, r.Body)
			}
		}()
	}
	const flood = 8
	for range 2 {
		me(attacker, "attacker")
		if got := <-calls.arrived; got != attackerSession {
			t.Fatal("a call reached Appwrite with another session than the attacker's")
		}
	}
	for i := 2; i < flood; i++ {
		me(attacker, "attacker")
		waitQueued(t, env.app.gate, i-1)
	}
	me(victim, "victim")
	waitQueued(t, env.app.gate, flood-1)

	// Free one slot at a time, and see whose call reaches Appwrite next.
	var order []string
	for range flood - 1 {
		calls.proceed <- struct{}{}
		switch <-calls.arrived {
		case victimSession:
			order = append(order, "victim")
		case attackerSession:
			order = append(order, "attacker")
		default:
			t.Fatal("a call reached Appwrite with an unknown session")
		}
	}
	for range 2 {
		calls.proceed <- struct{}{}
	}
	wg.Wait()
	victimTurn := -1
	for i, who := range order {
		if who == "victim" {
			victimTurn = i + 1
		}
	}
	if victimTurn != 2 {
		t.Errorf("the victim's execution got freed slot %d of %d (order %q), want the second: one turn of the flooding address, then its own", victimTurn, len(order), order)
	}
}
