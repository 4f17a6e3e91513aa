package server

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"openruntimes/handler/internal/parallel"
	"openruntimes/handler/security/ratelimit"
)

// raised runs f and returns what it panicked with, or nil; it fails the
// test if f has not returned within a few seconds (a waiter left blocked).
func raised(t *testing.T, f func()) (p any) {
	t.Helper()
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		f()
	}()
	select {
	case p = <-done:
		return p
	case <-time.After(5 * time.Second):
		t.Fatal("still waiting: a panic of background work left its waiter blocked")
		return nil
	}
}

// TestBackgroundPanicsReachTheRequest: a panic in work that runs beside
// the handler (later, parallel.Later on the request's group) is raised
// again by Deps.Wait, in the goroutine that serves the request, where the
// runtime's recover answers 500, instead of ending the process and every
// execution in it; a waiter for the result is not left blocked.
// (internal/parallel tests its helpers on their own.)
func TestBackgroundPanicsReachTheRequest(t *testing.T) {
	t.Parallel()
	if p := raised(t, func() {
		d := &Deps{}
		d.later(func() { panic("later") })
		d.Wait()
	}); p != "later" {
		t.Errorf("later: Wait raised %v, want the panic", p)
	}
	if p := raised(t, func() {
		d := &Deps{}
		wait := parallel.Later(&d.background, func() int { panic("soon") })
		if v := wait(); v != 0 {
			t.Errorf("the waiter got %d", v)
		}
		d.Wait()
	}); p != "soon" {
		t.Errorf("parallel.Later: Wait raised %v, want the panic", p)
	}
}

// countingLimiter is a Limiter that lets every attempt through and counts
// the successes recorded.
type countingLimiter struct {
	concurrent bool
	successes  atomic.Int32
}

func (l *countingLimiter) Allow(context.Context, ratelimit.Attempt) error {
	return nil
}

func (l *countingLimiter) Succeeded(context.Context, ratelimit.Attempt) error {
	l.successes.Add(1)
	return nil
}

func (l *countingLimiter) EndTrust(context.Context, string) error { return nil }

func (l *countingLimiter) Remember(context.Context, string, string, time.Duration) error { return nil }

func (l *countingLimiter) Remembered(context.Context, string, string, time.Duration) (time.Duration, bool, error) {
	return 0, false, nil
}

func (l *countingLimiter) Spend(context.Context, string, string, time.Duration) (bool, error) {
	return true, nil
}

func (l *countingLimiter) Concurrent() bool { return l.concurrent }

// TestAttemptRecordsASuccessOnce: the function attempt returns records
// the success once when it is called, whether the bookkeeping runs at
// once (memory store) or in the background (a store over the network),
// and nothing when the attempt failed and it is not called. (A
// background record that handed itself to later again never reached the
// limiter, and Wait never returned.)
func TestAttemptRecordsASuccessOnce(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		concurrent bool
		succeed    bool
		want       int32
	}{
		{"in memory, success", false, true, 1},
		{"in memory, failure", false, false, 0},
		{"over the network, success", true, true, 1},
		{"over the network, failure", true, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l := &countingLimiter{concurrent: tt.concurrent}
			d := &Deps{Limiter: l, ClientIP: "203.0.113.1", budgets: []budget{budgetSignIn}}
			succeeded, err := d.attempt(budgetSignIn, "a@example.com")
			if err != nil {
				t.Fatal(err)
			}
			if tt.succeed {
				succeeded()
			}
			d.Wait()
			if n := l.successes.Load(); n != tt.want {
				t.Errorf("Succeeded called %d times, want %d", n, tt.want)
			}
		})
	}
}

// TestCodeUsedOnceLastsTheStep: a code's one use lasts the rest of its
// authenticator step and one step more, wherever in the step it is
// tried, and is kept per user and code.
func TestCodeUsedOnceLastsTheStep(t *testing.T) {
	t.Parallel()
	stepStart := time.Date(2030, 6, 1, 12, 0, 30, 0, time.UTC)
	tests := []struct {
		into time.Duration
		want time.Duration
	}{
		{0, 60 * time.Second},
		{time.Second, 59 * time.Second},
		{29*time.Second + 500*time.Millisecond, 30*time.Second + 500*time.Millisecond},
	}
	for _, tt := range tests {
		x := codeUsedOnce("user1", "123456", stepStart.Add(tt.into))
		if x.Window != tt.want || x.Limit != 1 || x.TrustExempt || x.Scope != ratelimit.ScopeCodeUsed {
			t.Errorf("%v into the step: %+v, want a window of %v, one use, no trusted address spared", tt.into, x, tt.want)
		}
	}
	if a, b := codeUsedOnce("user1", "123456", stepStart), codeUsedOnce("user2", "123456", stepStart); a.Key == b.Key {
		t.Error("two users' uses of one code share a key")
	}
}
