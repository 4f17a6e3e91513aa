package repocheck

import (
	"fmt"
	"os"
	"testing"
)

// TestMain runs the checks from the repository's root, where the files
// they read are.
func TestMain(m *testing.M) {
	if err := os.Chdir("../.."); err != nil {
		fmt.Fprintln(os.Stderr, "repocheck:", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}
