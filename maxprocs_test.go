package handler

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

func TestMaxProcsFor(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		cpus, env string
		current   int
		want      int
		ok        bool
	}{
		{"1", "", 16, 1, true},
		{"0.5", "", 16, 1, true}, // half a CPU still needs one thread
		{"2", "", 16, 2, true},
		{"1.5", "", 16, 2, true},
		{" 4 ", "", 16, 4, true},
		{"8", "", 4, 0, false},   // never more than the machine gives
		{"2", "", 2, 0, false},   // already right
		{"1", "3", 16, 0, false}, // GOMAXPROCS set by hand wins
		{"", "", 16, 0, false},   // not on Appwrite
		{"0", "", 16, 0, false},
		{"-1", "", 16, 0, false},
		{"NaN", "", 16, 0, false},
		{"Inf", "", 16, 0, false},
		{"1e300", "", 16, 0, false},
		{"one", "", 16, 0, false},
	} {
		got, ok := maxProcsFor(tt.cpus, tt.env, tt.current)
		if got != tt.want || ok != tt.ok {
			t.Errorf("maxProcsFor(%q, %q, %d) = %d, %v; want %d, %v", tt.cpus, tt.env, tt.current, got, ok, tt.want, tt.ok)
		}
	}
}

// TestMaxProcsAtStart runs this test binary again as Appwrite would start
// the function, with APPWRITE_FUNCTION_CPUS=1, and checks the process
// runs with GOMAXPROCS 1 from the start.
func TestMaxProcsAtStart(t *testing.T) {
	if os.Getenv("MAXPROCS_CHILD") != "" {
		fmt.Printf("GOMAXPROCS=%d\n", runtime.GOMAXPROCS(0))
		return
	}
	if runtime.NumCPU() < 2 {
		t.Skip("needs two CPUs")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestMaxProcsAtStart$")
	cmd.Env = append(os.Environ(), "MAXPROCS_CHILD=1", "APPWRITE_FUNCTION_CPUS=1", "GOMAXPROCS=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !strings.Contains(string(out), "GOMAXPROCS=1\n") {
		t.Errorf("the function started with APPWRITE_FUNCTION_CPUS=1 printed\n%s", out)
	}
}
