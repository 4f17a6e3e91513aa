package repocheck

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// maxTrackedFile is the largest file the repository may hold. The largest
// legitimate ones (openapi.json, its generated types, the screenshots and
// lock files) stay well below it; a compiled binary does not.
const maxTrackedFile = 1 << 20

// TestNoBuildOutputsCommitted fails when git tracks a compiled program or
// a file over maxTrackedFile: `go build` in cmd/dev or at the root leaves
// one behind, and `git add .` would commit megabytes that every clone and
// every `appwrite push` then carries.
func TestNoBuildOutputsCommitted(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("git", "ls-files", "-z").Output()
	if err != nil {
		t.Skipf("not a git checkout (%v): nothing to check", err)
	}
	names := strings.Split(strings.TrimRight(string(out), "\x00"), "\x00")
	if len(names) < 10 {
		t.Fatalf("git ls-files listed %d files; expected the repository's", len(names))
	}
	for _, name := range names {
		if name == "" {
			continue
		}
		f, err := os.Open(name)
		if err != nil {
			continue // deleted in the work tree, not yet committed
		}
		info, err := f.Stat()
		head := make([]byte, 4)
		n, _ := io.ReadFull(f, head)
		f.Close()
		if err != nil || info.IsDir() {
			continue
		}
		if why := buildOutput(head[:n], info.Size()); why != "" {
			t.Errorf("%s is tracked but is %s: git rm --cached it and list it in .gitignore", name, why)
		}
	}
}

// executableMagic are the first bytes of compiled programs: ELF (Linux),
// Mach-O in both byte orders and 32/64 bits, universal Mach-O, PE (Windows)
// and WebAssembly.
var executableMagic = []struct {
	magic []byte
	kind  string
}{
	{[]byte("\x7fELF"), "an ELF executable"},
	{[]byte{0xfe, 0xed, 0xfa, 0xce}, "a Mach-O executable"},
	{[]byte{0xfe, 0xed, 0xfa, 0xcf}, "a Mach-O executable"},
	{[]byte{0xce, 0xfa, 0xed, 0xfe}, "a Mach-O executable"},
	{[]byte{0xcf, 0xfa, 0xed, 0xfe}, "a Mach-O executable"},
	{[]byte{0xca, 0xfe, 0xba, 0xbe}, "a universal Mach-O executable"},
	{[]byte("MZ"), "a Windows (PE) executable"},
	{[]byte("\x00asm"), "a WebAssembly module"},
}

// buildOutput says why a file that starts with head and has size bytes
// must not be committed, or returns "".
func buildOutput(head []byte, size int64) string {
	for _, m := range executableMagic {
		if bytes.HasPrefix(head, m.magic) {
			return m.kind
		}
	}
	if size > maxTrackedFile {
		return fmt.Sprintf("%d bytes, over the %d-byte limit for a tracked file", size, maxTrackedFile)
	}
	return ""
}

func TestBuildOutput(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		head string
		size int64
		bad  bool
	}{
		{"ELF", "\x7fELF", 4 << 20, true},
		{"small ELF", "\x7fELF", 900, true},
		{"Mach-O arm64", "\xcf\xfa\xed\xfe", 2 << 20, true},
		{"PE", "MZ\x90\x00", 2 << 20, true},
		{"wasm", "\x00asm", 10 << 10, true},
		{"huge text", "{\"a\"", maxTrackedFile + 1, true},
		{"Go source", "pack", 30 << 10, false},
		{"PNG screenshot", "\x89PNG", 200 << 10, false},
		{"at the limit", "{\"op", maxTrackedFile, false},
		{"empty", "", 0, false},
	} {
		got := buildOutput([]byte(tc.head), tc.size)
		if (got != "") != tc.bad {
			t.Errorf("%s: buildOutput = %q, want bad=%v", tc.name, got, tc.bad)
		}
	}
}
