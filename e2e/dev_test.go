package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// dev is a dev runtime (cmd/dev) running for one test, with the embedded
// Appwrite emulator and the demo app.
type dev struct {
	Function string // http://localhost:<port>, the function
	App      string // http://localhost:<port>, the demo app: same site, other origin
	Emulator string // the emulator's endpoint, …/v1
	Outbox   string // the emulator's outbox, JSON
	Console  string // the dev console, …/__dev/
	Project  string

	logs *syncBuffer
	// Stop ends the dev runtime before the test does (it is ended when
	// the test ends anyway): the function is then unreachable.
	Stop func()
}

// SessionCookie is the session cookie's default name.
func (d *dev) SessionCookie() string { return "a_session_" + d.Project }

// startDev starts the dev runtime on free ports, as a developer runs it,
// with env (KEY=VALUE) passed to the function. It is stopped when the test
// ends; if the test failed, its log is printed.
func startDev(t *testing.T, env ...string) *dev {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	// Both on localhost, on different ports: another origin but the same
	// site, as app.example.com and auth.example.com are. With 127.0.0.1
	// for one of them they would be different sites, and browsers would
	// neither send nor store the SameSite=Lax session cookie.
	cmd := exec.CommandContext(ctx, suite.devBinary,
		"-addr", "localhost:0", "-app-addr", "localhost:0", "-env-file", "")
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}, env...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	logs := &syncBuffer{}
	cmd.Stderr = logs
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	d := &dev{logs: logs, Stop: sync.OnceFunc(func() { cancel(); cmd.Wait() })}
	t.Cleanup(func() {
		d.Stop()
		if t.Failed() {
			t.Logf("dev runtime log:\n%s", logs.String())
		}
	})

	lines := map[string]string{}
	ready := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			if line == "ready" {
				ready <- nil
				io.Copy(logs, stdout) // the function's log lines
				return
			}
			if name, value, ok := strings.Cut(line, ": "); ok {
				lines[name] = value
			}
		}
		ready <- fmt.Errorf("dev runtime ended before printing ready: %v", sc.Err())
	}()
	select {
	case err := <-ready:
		if err != nil {
			cmd.Wait()
			t.Fatalf("%v\n%s", err, logs.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("dev runtime did not print ready within 30s\n%s", logs.String())
	}
	d.Function, d.App, d.Emulator, d.Outbox, d.Console, d.Project =
		lines["function"], lines["app"], lines["emulator"], lines["outbox"], lines["console"], lines["project"]
	for name, v := range map[string]string{"function": d.Function, "app": d.App, "outbox": d.Outbox, "console": d.Console, "project": d.Project} {
		if v == "" {
			t.Fatalf("dev runtime printed no %q line: %v", name, lines)
		}
	}
	if !strings.HasPrefix(d.Function, "http://localhost:") || !strings.HasPrefix(d.App, "http://localhost:") || d.App == d.Function {
		t.Fatalf("function %s and app %s: want two localhost origins", d.Function, d.App)
	}
	return d
}

// logCount counts the function's log lines (one JSON line per request)
// that contain s.
func (d *dev) logCount(s string) int { return strings.Count(d.logs.String(), s) }

// message is one e-mail in the emulator's outbox.
type message struct {
	To     string    `json:"to"`
	Kind   string    `json:"kind"`
	UserID string    `json:"userId"`
	Link   string    `json:"link"`
	Secret string    `json:"secret"`
	Code   string    `json:"code"`
	Time   time.Time `json:"time"`
}

// outbox returns the messages of kind sent to to, oldest first.
func (d *dev) outbox(t *testing.T, to, kind string) []message {
	t.Helper()
	c := &http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get(d.Outbox)
	if err != nil {
		t.Fatalf("GET outbox: %v", err)
	}
	defer resp.Body.Close()
	var all []message
	if err := json.NewDecoder(resp.Body).Decode(&all); err != nil {
		t.Fatalf("GET outbox: %d: %v", resp.StatusCode, err)
	}
	var out []message
	for _, m := range all {
		if strings.EqualFold(m.To, to) && m.Kind == kind {
			out = append(out, m)
		}
	}
	return out
}

// waitMessage waits until the outbox holds more than n messages of kind to
// to, and returns the newest.
func (d *dev) waitMessage(t *testing.T, to, kind string, n int) message {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		if list := d.outbox(t, to, kind); len(list) > n {
			return list[len(list)-1]
		}
		if time.Now().After(deadline) {
			t.Fatalf("no new %s message to %s in the outbox within %s", kind, to, waitTimeout)
		}
		time.Sleep(pollInterval)
	}
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
