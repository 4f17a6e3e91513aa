package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
)

// placement is where the processes of a run execute: the function under
// test on CPUs of its own, this program (the virtual users and the
// emulator) on the others, so that neither slows the other down by
// competing for a core. Empty slices mean no placement: every process may
// run anywhere.
//
// One CPU for the function is what Appwrite gives it under its default
// specification (s-1vcpu-512mb, enforced as a container CPU limit); the Go
// function and the Node baseline get the same.
type placement struct {
	function []int
	harness  []int
}

// planPlacement gives the function the last n of the allowed CPUs and the
// harness the rest. It places nothing when n is 0 or leaves the harness
// without a CPU.
func planPlacement(allowed []int, n int) (placement, bool) {
	if n <= 0 || len(allowed) <= n {
		return placement{}, false
	}
	split := len(allowed) - n
	return placement{
		function: append([]int(nil), allowed[split:]...),
		harness:  append([]int(nil), allowed[:split]...),
	}, true
}

// placeProcesses plans the placement for n function CPUs, moves this
// program onto its CPUs and says so on out. When it cannot, it says why
// and places nothing.
func placeProcesses(n int, out io.Writer) placement {
	if n <= 0 {
		return placement{}
	}
	allowed, err := allowedCPUs()
	if err != nil {
		fmt.Fprintf(out, "CPUs: not placed (%v): every process shares every CPU\n", err)
		return placement{}
	}
	p, ok := planPlacement(allowed, n)
	if !ok {
		fmt.Fprintf(out, "CPUs: not placed (%d allowed, %d asked for the function): every process shares every CPU\n", len(allowed), n)
		return placement{}
	}
	if err := pinSelf(p.harness); err != nil {
		fmt.Fprintf(out, "CPUs: not placed (%v): every process shares every CPU\n", err)
		return placement{}
	}
	// Go sized GOMAXPROCS by the CPUs this program started with: more
	// threads than CPUs would wait for one another, and that wait would
	// count in every latency measured (at 200 users p99/p50 was about 2.6
	// with two threads on one CPU, about 1.9 with one).
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(len(p.harness))
	}
	fmt.Fprintf(out, "CPUs: each function on %v (APPWRITE_FUNCTION_CPUS=%d), the virtual users and the emulator on %v\n", p.function, n, p.harness)
	return p
}
