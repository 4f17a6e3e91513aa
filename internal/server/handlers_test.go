package server

import (
	"testing"
	"time"

	"openruntimes/handler/internal/parallel"
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
