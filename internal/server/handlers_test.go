package server

import (
	"errors"
	"testing"
	"time"
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
// the handler (later, soon, together) is raised again in the goroutine
// that waits for it, where the runtime's recover answers 500, instead of
// ending the process and every execution in it; a waiter for soon's
// result is not left blocked.
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
		wait := soon(d, func() int { panic("soon") })
		if v := wait(); v != 0 {
			t.Errorf("soon's waiter got %d", v)
		}
		d.Wait()
	}); p != "soon" {
		t.Errorf("soon: Wait raised %v, want the panic", p)
	}
	if p := raised(t, func() {
		together(func() error { return nil }, func() error { panic("together") })
	}); p != "together" {
		t.Errorf("together raised %v, want the panic", p)
	}
	if p := raised(t, func() {
		if err := together(func() error { return nil }, func() error { return errors.New("second") }); err == nil || err.Error() != "second" {
			t.Errorf("together = %v, want the failing call's error", err)
		}
	}); p != nil {
		t.Errorf("together panicked: %v", p)
	}
}
