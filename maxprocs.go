package handler

import (
	"math"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// init sizes GOMAXPROCS to the function's specification. Appwrite runs a
// function in a container limited to APPWRITE_FUNCTION_CPUS CPUs (0.5 to
// 8; 1 by default) on a host that may have many more, and the Go it builds
// with (the go-1.23 runtime) sizes GOMAXPROCS by the host's cores: more
// threads run Go code than the limit lets run, the garbage collector alone
// takes a quarter of them, and the container gets throttled for whole
// scheduling periods. A GOMAXPROCS set in the environment wins.
func init() {
	if n, ok := maxProcsFor(os.Getenv("APPWRITE_FUNCTION_CPUS"), os.Getenv("GOMAXPROCS"), runtime.GOMAXPROCS(0)); ok {
		runtime.GOMAXPROCS(n)
	}
}

// maxProcsFor returns the GOMAXPROCS for a specification of cpus CPUs
// ("1", "0.5", "2"): cpus rounded up, at least 1. ok is false, and nothing
// should change, when GOMAXPROCS is set (env), when cpus is not a positive
// number, or when the answer is not below current.
func maxProcsFor(cpus, env string, current int) (n int, ok bool) {
	if strings.TrimSpace(env) != "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(cpus), 64)
	if err != nil || !(f > 0) || f > 1<<20 {
		return 0, false
	}
	n = int(math.Ceil(f))
	if n >= current {
		return 0, false
	}
	return n, true
}
