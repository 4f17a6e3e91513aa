package repocheck

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// maxGoVersion is the highest go directive Appwrite's go-1.23 runtime can
// build: its image runs with GOTOOLCHAIN=local.
const maxGoVersion = "1.23.0"

// TestBuildLikeAppwrite compiles the function the way Appwrite's Go
// runtime does: inside a server module of its own that replaces
// openruntimes/handler with this checkout and calls handler.Main. Test
// files are not part of that build.
func TestBuildLikeAppwrite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary; skipped with -short")
	}
	t.Parallel()
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	goMod := "module openruntimes/server\n\ngo 1.23.0\n\n" +
		"require (\n\topenruntimes/handler v0.0.0\n\tgithub.com/open-runtimes/types-for-go/v4 v4.0.8\n)\n\n" +
		"replace openruntimes/handler v0.0.0 => " + root + "\n"
	server := `package main

import (
	"openruntimes/handler"

	"github.com/open-runtimes/types-for-go/v4/openruntimes"
)

var _ func(openruntimes.Context) openruntimes.Response = handler.Main

func main() {}
`
	writeFile(t, filepath.Join(dir, "go.mod"), goMod)
	writeFile(t, filepath.Join(dir, "main.go"), server)
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		// The image builds with its own Go and never downloads another.
		cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local", "GOFLAGS=-mod=mod")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	run("mod", "tidy")
	run("build", "-ldflags=-s -w", "-o", filepath.Join(dir, "server"), ".")
}

// TestGoVersions fails if the module's go directive, or that of any module
// it requires, rises above what the go-1.23 runtime can build.
func TestGoVersions(t *testing.T) {
	t.Parallel()
	cmd := exec.Command("go", "list", "-m", "-json", "all")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -m: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	seen := 0
	for dec.More() {
		var m struct {
			Path, Version, GoVersion string
			Main                     bool
		}
		if err := dec.Decode(&m); err != nil {
			t.Fatal(err)
		}
		seen++
		if m.Main && m.GoVersion != maxGoVersion {
			t.Errorf("go.mod says go %s, want exactly %s", m.GoVersion, maxGoVersion)
		}
		if m.GoVersion != "" && compareGoVersions(m.GoVersion, maxGoVersion) > 0 {
			t.Errorf("%s %s needs go %s, above %s", m.Path, m.Version, m.GoVersion, maxGoVersion)
		}
	}
	if seen < 3 {
		t.Errorf("go list -m listed %d modules, want the main module and its two dependencies at least", seen)
	}
	mod, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(mod))
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "toolchain ") {
			t.Errorf("go.mod has %q: Appwrite's build ignores it, and it suggests a newer Go is needed", sc.Text())
		}
	}
}

func TestCompareGoVersions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want int
	}{
		{"1.23.0", "1.23.0", 0},
		{"1.23", "1.23.0", 0},
		{"1.22.5", "1.23.0", -1},
		{"1.23.1", "1.23.0", 1},
		{"1.24", "1.23.0", 1},
		{"1.9", "1.23.0", -1},
		{"2.0", "1.23.0", 1},
	}
	for _, tt := range tests {
		if got := compareGoVersions(tt.a, tt.b); got != tt.want {
			t.Errorf("compareGoVersions(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// compareGoVersions compares go directive versions such as 1.22.5 and
// 1.23 numerically, a missing patch counting as 0.
func compareGoVersions(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < 3; i++ {
		var x, y int
		if i < len(pa) {
			x, _ = strconv.Atoi(pa[i])
		}
		if i < len(pb) {
			y, _ = strconv.Atoi(pb[i])
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
