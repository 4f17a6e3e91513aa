package appwritetest

import (
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
)

// specSkips counts the tests skipped because the Appwrite spec files are
// missing (a clone without ../shared).
var specSkips atomic.Int64

// TestMain runs the tests and then says in one line how many of them
// skipped for want of the spec files, and why, instead of a line each.
// (go test shows it with -v, on failure, or run inside the directory;
// for a passing package in list mode the go command shows no output.)
func TestMain(m *testing.M) {
	code := m.Run()
	if n := specSkips.Load(); n > 0 {
		dir, _ := filepath.Abs(specDir())
		fmt.Printf("appwritetest: skipped %d spec-driven tests: the Appwrite spec files are not in %s (clone the shared directory beside the repository or set APPWRITE_SPEC_DIR; CI=true makes this a failure)\n", n, dir)
	}
	os.Exit(code)
}
