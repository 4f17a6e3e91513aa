package parallel

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"
)

// TestAllRunsAtOnce checks the functions overlap: each waits for all the
// others to have started, which only concurrent calls can satisfy.
func TestAllRunsAtOnce(t *testing.T) {
	t.Parallel()
	const n = 4
	var started atomic.Int32
	release := make(chan struct{})
	fs := make([]func() error, n)
	for i := range fs {
		fs[i] = func() error {
			if started.Add(1) == n {
				close(release)
			}
			select {
			case <-release:
				return nil
			case <-time.After(10 * time.Second):
				return errors.New("the others never started")
			}
		}
	}
	if err := All(fs...); err != nil {
		t.Fatal(err)
	}
}

func TestAllReturnsFirstErrorInOrder(t *testing.T) {
	t.Parallel()
	first, second := errors.New("first"), errors.New("second")
	err := All(
		func() error { return nil },
		func() error { time.Sleep(20 * time.Millisecond); return first },
		func() error { return second },
	)
	if err != first {
		t.Errorf("All = %v; want the first error in the order of its arguments", err)
	}
	if All() != nil || All(func() error { return nil }) != nil {
		t.Error("All without errors did not return nil")
	}
}

// TestPanicsReachTheWaiter checks every helper raises a panic of its work
// in the goroutine that waits, after all the work is done.
func TestPanicsReachTheWaiter(t *testing.T) {
	t.Parallel()
	for name, run := range map[string]func(done *atomic.Bool){
		"Each": func(done *atomic.Bool) {
			Each(3, func(i int) {
				if i == 1 {
					panic("boom")
				}
				time.Sleep(10 * time.Millisecond)
				done.Store(true)
			})
		},
		"All": func(done *atomic.Bool) {
			All(func() error { panic("boom") }, func() error { time.Sleep(10 * time.Millisecond); done.Store(true); return nil })
		},
		"Group": func(done *atomic.Bool) {
			var g Group
			g.Go(func() { panic("boom") })
			g.Go(func() { time.Sleep(10 * time.Millisecond); done.Store(true) })
			g.Wait()
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var done atomic.Bool
			got := func() (p any) {
				defer func() { p = recover() }()
				run(&done)
				return nil
			}()
			if got != "boom" {
				t.Errorf("recovered %v; want the work's panic", got)
			}
			if !done.Load() {
				t.Error("the panic was raised before the rest of the work ended")
			}
		})
	}
}

func TestLater(t *testing.T) {
	t.Parallel()
	var g Group
	calls := 0
	wait := Later(&g, func() int { calls++; return 42 })
	if wait() != 42 || wait() != 42 {
		t.Error("Later's wait did not return f's result each time")
	}
	g.Wait()
	if calls != 1 {
		t.Errorf("f ran %d times", calls)
	}

	var h Group
	zero := Later(&h, func() int { panic("boom") })
	if v := zero(); v != 0 {
		t.Errorf("a panicking f gave %d; want the zero value", v)
	}
	defer func() {
		if recover() != "boom" {
			t.Error("Wait did not raise the panic of Later's f")
		}
	}()
	h.Wait()
}

func ExampleAll() {
	var name, email string
	err := All(
		func() error { name = "Ada"; return nil },
		func() error { email = "ada@example.com"; return nil },
	)
	fmt.Println(name, email, err)
	// Output: Ada ada@example.com <nil>
}
