package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// devBinary is this command, built once for the package's tests (each
// build costs about a second of CPU even from the cache) into dir, which
// TestMain removes.
var devBinary struct {
	once     sync.Once
	dir, bin string
	err      error
}

// buildDev returns the dev runtime built from this package.
func buildDev(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and starts the dev runtime; skipped with -short")
	}
	devBinary.once.Do(func() {
		if devBinary.dir, devBinary.err = os.MkdirTemp("", "dev-test-"); devBinary.err != nil {
			return
		}
		devBinary.bin = filepath.Join(devBinary.dir, "dev")
		if out, err := exec.Command("go", "build", "-o", devBinary.bin, ".").CombinedOutput(); err != nil {
			devBinary.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if devBinary.err != nil {
		t.Fatal(devBinary.err)
	}
	return devBinary.bin
}

func TestMain(m *testing.M) {
	code := m.Run()
	if devBinary.dir != "" {
		os.RemoveAll(devBinary.dir)
	}
	os.Exit(code)
}

// exited is how a dev runtime that stopped by itself ended.
type exited struct {
	stdout, stderr string
	code           int
}

// runDevUntilExit runs the dev runtime with args and env (KEY=VALUE) and
// waits for it to exit by itself, for up to 30 s.
func runDevUntilExit(t *testing.T, args []string, env ...string) exited {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, buildDev(t), append([]string{"-addr", "localhost:0", "-app-addr", "localhost:0", "-env-file", ""}, args...)...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exitErr *exec.ExitError
	code := 0
	switch {
	case errors.As(err, &exitErr):
		code = exitErr.ExitCode()
	case err != nil:
		t.Fatalf("dev runtime: %v\n%s", err, stderr.String())
	}
	if ctx.Err() != nil {
		t.Fatalf("the dev runtime did not exit within 30 s; it printed:\n%s\n%s", stdout.String(), stderr.String())
	}
	return exited{stdout: stdout.String(), stderr: stderr.String(), code: code}
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitFor polls cond every 20 ms for up to 10 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited 10 s for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// contains reports whether s holds every one of parts.
func contains(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
