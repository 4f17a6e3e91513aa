// Package parallel runs work at the same time, so that calls to Appwrite
// that do not depend on one another cost one round trip, and brings a
// panic of that work back to the goroutine that waits for it: there the
// function's recover turns it into a 500 for one request, where a panic in
// a goroutine of its own would crash every execution of the process.
package parallel

import (
	"sync"
	"sync/atomic"
)

// Group is work started beside the caller's own. The zero Group is ready
// to use; it must not be copied once used.
type Group struct {
	wg       sync.WaitGroup
	panicked atomic.Pointer[caught]
}

// caught is a recovered panic, kept to be raised again.
type caught struct{ value any }

// Go runs f in a goroutine of its own, as part of g.
func (g *Group) Go(f func()) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		defer g.catch()
		f()
	}()
}

// catch recovers a panic of the goroutine it is deferred in; the first
// one wins.
func (g *Group) catch() {
	if p := recover(); p != nil {
		g.panicked.CompareAndSwap(nil, &caught{p})
	}
}

// Wait waits for all of g's work and then panics with the first panic of
// that work, if any.
func (g *Group) Wait() {
	g.wg.Wait()
	if c := g.panicked.Load(); c != nil {
		panic(c.value)
	}
}

// Later runs f as part of g and returns the function that waits for its
// result, as often as it is called. When f panics, the result is the zero
// value (so that a waiter is not left blocked) and g.Wait raises the
// panic.
func Later[T any](g *Group, f func() T) (wait func() T) {
	result := make(chan T, 1)
	g.Go(func() {
		var v T
		defer func() { result <- v }()
		v = f()
	})
	return sync.OnceValue(func() T { return <-result })
}

// Each runs f(0) to f(n-1) at once and waits for all of them; a panic of
// any is raised again in the caller's goroutine.
func Each(n int, f func(i int)) {
	var g Group
	for i := range n {
		g.Go(func() { f(i) })
	}
	g.Wait()
}

// All runs fs at once, waits for all of them and returns the first error
// in the order of fs, or nil; a panic of any is raised again in the
// caller's goroutine.
func All(fs ...func() error) error {
	errs := make([]error, len(fs))
	Each(len(fs), func(i int) { errs[i] = fs[i]() })
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
