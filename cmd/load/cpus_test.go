package main

import (
	"os/exec"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

func TestPlanPlacement(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		allowed           []int
		n                 int
		function, harness []int
		ok                bool
	}{
		{[]int{0, 1}, 1, []int{1}, []int{0}, true},
		{[]int{0, 1, 2, 3}, 1, []int{3}, []int{0, 1, 2}, true},
		{[]int{0, 1, 2, 3}, 2, []int{2, 3}, []int{0, 1}, true},
		{[]int{2, 5, 7}, 1, []int{7}, []int{2, 5}, true},
		{[]int{0, 1}, 0, nil, nil, false}, // asked for none
		{[]int{0, 1}, 2, nil, nil, false}, // nothing left for the harness
		{[]int{0}, 1, nil, nil, false},    // one CPU
		{nil, 1, nil, nil, false},
	} {
		p, ok := planPlacement(tt.allowed, tt.n)
		if ok != tt.ok || !reflect.DeepEqual(p.function, tt.function) || !reflect.DeepEqual(p.harness, tt.harness) {
			t.Errorf("planPlacement(%v, %d) = %v, %v, %v; want %v, %v, %v", tt.allowed, tt.n, p.function, p.harness, ok, tt.function, tt.harness, tt.ok)
		}
	}
}

// TestStartOn checks that a child started on some CPUs runs there from
// its start, and that the starting thread gets its own CPUs back.
func TestStartOn(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("CPU placement is Linux only")
	}
	allowed, err := allowedCPUs()
	if err != nil {
		t.Fatal(err)
	}
	if len(allowed) < 2 {
		t.Skip("needs two CPUs")
	}
	last := allowed[len(allowed)-1:]
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	cmd := exec.Command("grep", "Cpus_allowed_list", "/proc/self/status")
	var out strings.Builder
	cmd.Stdout = &out
	if err := startOn(cmd, last, allowed); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.TrimSpace(strings.TrimPrefix(out.String(), "Cpus_allowed_list:")), strconv.Itoa(last[0]); got != want {
		t.Errorf("child ran on %q, want %q", got, want)
	}
	if now, err := allowedCPUs(); err != nil || !reflect.DeepEqual(now, allowed) {
		t.Errorf("this thread runs on %v (%v) after the start, want %v", now, err, allowed)
	}
}
