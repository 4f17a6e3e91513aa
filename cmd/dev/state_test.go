package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"openruntimes/handler/appwritetest"
	"openruntimes/handler/security/ratelimit"
)

// TestDevRuntimeDataSurvivesRestart runs the dev runtime with -data,
// stops it and starts it again on the same directory: the user signs in
// with their password, the browser's session is still good, and the
// outbox and rate-limit counters are still there.
func TestDevRuntimeDataSurvivesRestart(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "state")
	first := startDevArgs(t, []string{"-data", dir})
	file := filepath.Join(dir, stateFileName)
	if got := first.lines["state"]; got != file {
		t.Errorf("state: %q, want %s", got, file)
	}
	c := newConsoleClient(t, first)
	if st := devSignUp(t, first, func(path, body string) int { return c.fn("POST", path, body) }, "kept@example.com", "correct horse battery"); st != 201 {
		t.Fatalf("sign-up: %d", st)
	}
	c.fn("POST", "/login", `{"email":"kept@example.com","password":"wrong password"}`)
	c.fn("POST", "/magic-url", `{"email":"kept@example.com"}`)
	before := c.state()
	// Saved while it runs, not only when it stops: a crash or kill -9
	// keeps what was done until a moment before.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if data, err := os.ReadFile(file); err == nil && bytes.Contains(data, []byte("kept@example.com")) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the state file did not get the new user while the dev runtime ran")
		}
	}
	first.stop()

	info, err := os.Stat(file)
	if err != nil {
		t.Fatalf("no state file after the dev runtime stopped: %v", err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("state file mode %v, want 0600: it holds password hashes", perm)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".*")); len(leftovers) != 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}

	second := startDevArgs(t, []string{"-data", dir})
	c.p = second // the same browser, cookie jar and all, on the new runtime
	// The function's origin changed with its port: the jar holds the
	// cookie for localhost, which every port shares.
	if st := c.fn("GET", "/me", ""); st != 200 {
		t.Errorf("GET /me with the session from before the restart: %d, want 200", st)
	}
	if st := c.fn("POST", "/logout", ""); st != 204 {
		t.Fatalf("logout: %d", st)
	}
	if st := c.fn("POST", "/login", `{"email":"kept@example.com","password":"correct horse battery"}`); st != 200 {
		t.Errorf("sign-in after the restart: %d, want 200", st)
	}
	after := c.state()
	if len(after.Inbox) != len(before.Inbox) || len(after.Inbox) == 0 || after.Inbox[0].Link != before.Inbox[0].Link {
		t.Errorf("inbox after the restart: %+v, before: %+v", after.Inbox, before.Inbox)
	}
	var counted bool
	for _, ct := range after.Counters {
		if ct.Kind == "account" && ct.Label == "kept@example.com" && ct.Count >= 2 {
			counted = true
		}
	}
	if !counted {
		t.Errorf("counters after the restart: %+v; want the account's attempts from before, labelled", after.Counters)
	}
}

// TestDevRuntimeDataRefusesABadFile checks that a state file that cannot
// be read stops the dev runtime with its path, rather than being
// overwritten.
func TestDevRuntimeDataRefusesABadFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, stateFileName)
	if err := os.WriteFile(file, []byte(`{"format":"something else"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	got := runDevUntilExit(t, []string{"-data", dir})
	if got.code == 0 || strings.Contains(got.stdout, "ready") || !contains(got.stderr, file, "move it away") {
		t.Errorf("exit %d\n%s\n%s", got.code, got.stdout, got.stderr)
	}
	if data, _ := os.ReadFile(file); string(data) != `{"format":"something else"}` {
		t.Errorf("the bad file was changed: %s", data)
	}
}

// TestStateStoreSave checks the file's content and that a save that
// changes nothing does not write.
func TestStateStoreSave(t *testing.T) {
	t.Parallel()
	emu := appwritetest.New(appwritetest.WithProjectID("dev"))
	if _, err := emu.CreateUser("a@example.com", "correct horse battery", "A"); err != nil {
		t.Fatal(err)
	}
	memory := ratelimit.NewMemoryStore(1000)
	memory.Restore([]ratelimit.Counter{{Key: "ip_x", Count: 3, ResetAt: time.Now().Add(time.Hour)}}, time.Now())
	dir := t.TempDir()
	s, err := openState(dir, emu, memory, newKeyLabels(), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.save(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(s.path)
	if err != nil {
		t.Fatal(err)
	}
	var st savedState
	if err := json.Unmarshal(data, &st); err != nil || st.Format != stateFormat || len(st.RateLimits) != 1 ||
		!strings.Contains(string(st.Emulator), "a@example.com") {
		t.Fatalf("state file: %v\n%s", err, data)
	}
	stat, _ := os.Stat(s.path)
	time.Sleep(10 * time.Millisecond)
	if err := s.save(); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.Stat(s.path); !again.ModTime().Equal(stat.ModTime()) {
		t.Error("a save that changes nothing rewrote the file")
	}

	// Loaded into a fresh emulator and store, it gives the same state.
	emu2, memory2 := appwritetest.New(appwritetest.WithProjectID("dev")), ratelimit.NewMemoryStore(1000)
	if _, err := openState(dir, emu2, memory2, newKeyLabels(), time.Now); err != nil {
		t.Fatal(err)
	}
	if u := emu2.Users(); len(u) != 1 || u[0].Email != "a@example.com" || memory2.Len() != 1 {
		t.Errorf("loaded: users %+v, %d counters", u, memory2.Len())
	}
}
