package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"github.com/open-runtimes/types-for-go/v4/openruntimes"
)

// TestRuntimeTimeout checks x-open-runtimes-timeout and the default
// timeout against the Go runtime's behaviour: past the limit an empty 500
// and "Execution timed out." in the error log; "0" for no limit; anything
// but an integer refused.
func TestRuntimeTimeout(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		header   string        // x-open-runtimes-timeout, if any
		def      time.Duration // the runtime's -timeout
		runs     time.Duration // how long the function takes
		status   int
		body     string
		timedOut bool
	}{
		{"within the default", "", time.Minute, 0, 200, "done", false},
		{"past the default", "", 50 * time.Millisecond, 5 * time.Second, 500, "", true},
		{"no limit", "", 0, 100 * time.Millisecond, 200, "done", false},
		{"the header wins over the default", "1", 50 * time.Millisecond, 200 * time.Millisecond, 200, "done", false},
		{"past the header", "1", time.Minute, 5 * time.Second, 500, "", true},
		{"header 0: no limit", "0", 50 * time.Millisecond, 200 * time.Millisecond, 200, "done", false},
		{"header not an integer", "1.5", time.Minute, 0, 500, `Header "x-open-runtimes-timeout" must be an integer greater than 0.`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			errs, err := os.Create(filepath.Join(t.TempDir(), "errors.log"))
			if err != nil {
				t.Fatal(err)
			}
			defer errs.Close()
			release := make(chan struct{})
			defer close(release)
			fn := func(ctx openruntimes.Context) openruntimes.Response {
				select {
				case <-time.After(tt.runs):
				case <-release:
				}
				return ctx.Res.Text("done")
			}
			srv := httptest.NewServer(runtimeHandler(fn, os.Stdout, errs, tt.def))
			defer srv.Close()
			req, _ := http.NewRequest("GET", srv.URL+"/", nil)
			if tt.header != "" {
				req.Header.Set("x-open-runtimes-timeout", tt.header)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.status || string(body) != tt.body {
				t.Errorf("answer %d %q, want %d %q", resp.StatusCode, body, tt.status, tt.body)
			}
			logged, _ := os.ReadFile(errs.Name())
			if got := strings.Contains(string(logged), "Execution timed out.\n"); got != tt.timedOut {
				t.Errorf("error log %q: timed out logged %v, want %v", logged, got, tt.timedOut)
			}
		})
	}
}

// TestRuntimePanic checks that a panicking function answers the runtime's
// empty 500 and has its panic in the error log, with a timeout running.
func TestRuntimePanic(t *testing.T) {
	t.Parallel()
	errs, err := os.Create(filepath.Join(t.TempDir(), "errors.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer errs.Close()
	fn := func(openruntimes.Context) openruntimes.Response { panic("boom") }
	srv := httptest.NewServer(runtimeHandler(fn, os.Stdout, errs, time.Minute))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	logged, _ := os.ReadFile(errs.Name())
	if resp.StatusCode != 500 || len(body) != 0 || !strings.Contains(string(logged), "boom") {
		t.Errorf("answer %d %q, error log %q; want an empty 500 and the panic logged", resp.StatusCode, body, logged)
	}
}

func TestAppwriteJSONTimeout(t *testing.T) {
	t.Parallel()
	// From cmd/dev, the CLI would find the repository's appwrite.json.
	wd, _ := os.Getwd()
	if got, err := appwriteJSONTimeout(wd); err != nil || got != 15 {
		t.Errorf("appwriteJSONTimeout(%s) = %d, %v; want the repository's 15", wd, got, err)
	}
	write := func(content string) string {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "appwrite.json"), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		sub := filepath.Join(dir, "a", "b")
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		return sub
	}
	if got, err := appwriteJSONTimeout(write(`{"functions":[{"$id":"auth","timeout":30}]}`)); err != nil || got != 30 {
		t.Errorf("timeout 30 two folders up: %d, %v", got, err)
	}
	if got, err := appwriteJSONTimeout(write(`{"functions":[{"$id":"auth"}]}`)); err != nil || got != 15 {
		t.Errorf("no timeout: %d, %v; want Appwrite's default 15", got, err)
	}
	if _, err := appwriteJSONTimeout(write(`{"functions":`)); err == nil {
		t.Error("a broken appwrite.json: no error")
	}
}

// TestDevRuntimeExecutionTimeout runs the function against an Appwrite
// that never answers: when the execution outlives x-open-runtimes-timeout
// the dev runtime answers the runtime's empty 500 and logs "Execution
// timed out.", as Appwrite's Go runtime does; with a longer timeout the
// function's own 504 (UPSTREAM_TIMEOUT) comes first.
func TestDevRuntimeExecutionTimeout(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
		http.Error(w, "too late", http.StatusServiceUnavailable)
	}))
	t.Cleanup(func() { close(release); slow.Close() })
	p := startDev(t, "APPWRITE_FUNCTION_API_ENDPOINT="+slow.URL+"/v1", "APPWRITE_FUNCTION_PROJECT_ID=dev",
		"APPWRITE_API_KEY=standard_dev", "UPSTREAM_TIMEOUT=2s")

	login := func(timeout string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("POST", p.lines["function"]+"/login", strings.NewReader(`{"email":"ada@example.com","password":"correct horse battery"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", p.lines["app"])
		req.Header.Set("x-open-runtimes-timeout", timeout)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}

	if status, body := login("1"); status != 500 || body != "" {
		t.Errorf("timeout 1 s, Appwrite slower than UPSTREAM_TIMEOUT=2s: %d %q, want the runtime's empty 500", status, body)
	}
	// The line is written before the answer, through a pipe.
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(p.errorLog(t), "Execution timed out.") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if log := p.errorLog(t); !strings.Contains(log, "Execution timed out.") {
		t.Errorf("no \"Execution timed out.\" in the error log:\n%s", log)
	}
	if status, body := login("5"); status != 504 || !strings.Contains(body, `"type":"upstream_timeout"`) {
		t.Errorf("timeout 5 s, UPSTREAM_TIMEOUT=2s: %d %q, want the function's 504 upstream_timeout", status, body)
	}
}

// TestDevRuntimeTellsTheTimeout checks that the dev runtime tells the
// function its -timeout, appwrite.json's by default, as FUNCTION_TIMEOUT,
// so that the function's startup check refuses an UPSTREAM_TIMEOUT less
// than 3 s below it: the dev runtime stops before ready, naming both.
func TestDevRuntimeTellsTheTimeout(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		env  []string
		want string
	}{
		{"-timeout 12, UPSTREAM_TIMEOUT's default 10s", []string{"-timeout", "12"}, nil, "FUNCTION_TIMEOUT, 12s"},
		{"appwrite.json's 15, UPSTREAM_TIMEOUT=13s", nil, []string{"UPSTREAM_TIMEOUT=13s"}, "FUNCTION_TIMEOUT, 15s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := runDevUntilExit(t, tt.args, tt.env...)
			if got.code == 0 || strings.Contains(got.stdout, "ready") || !strings.Contains(got.stderr, "UPSTREAM_TIMEOUT") || !strings.Contains(got.stderr, tt.want) {
				t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s\nwant a non-zero exit before ready naming UPSTREAM_TIMEOUT and %q", got.code, got.stdout, got.stderr, tt.want)
			}
		})
	}
}

// TestRuntimeTimers checks the open-runtimes server's way of watching a
// timeout, which cmd/load -runtime-timers measures: a goroutine sleeps out
// the whole timeout beside every execution, even one that answered at
// once; "held" then ends it, "leaked" leaves it waiting forever. A
// real timeout still answers the empty 500 and logs it; an execution that
// answered logs nothing. Not parallel: it counts the sleeping goroutines.
func TestRuntimeTimers(t *testing.T) {
	for _, tc := range []struct {
		name  string
		leak  bool
		after string // the sleeper's state once the timeout has passed: "" for gone
	}{
		{"held", false, ""},
		{"leaked", true, "chan send"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			errs, err := os.Create(filepath.Join(t.TempDir(), "errors.log"))
			if err != nil {
				t.Fatal(err)
			}
			defer errs.Close()
			ctx := openruntimes.NewContext(openruntimes.Logger{StreamLogs: os.Stdout, StreamErrors: errs})
			before := sleepers("")
			res := callWithSleeper(func(ctx openruntimes.Context) openruntimes.Response { return ctx.Res.Text("done") }, ctx, 150*time.Millisecond, tc.leak)
			if string(res.Body) != "done" {
				t.Fatalf("answer %d %q, want done", res.StatusCode, res.Body)
			}
			if n := sleepers(""); n != before+1 {
				t.Errorf("%d goroutines sleep out the timeout after the answer, want %d", n, before+1)
			}
			waitSleepers(t, tc.after, before)
			if logged, _ := os.ReadFile(errs.Name()); len(logged) != 0 {
				t.Errorf("an execution that answered logged %q", logged)
			}

			release := make(chan struct{})
			defer close(release)
			slow := func(ctx openruntimes.Context) openruntimes.Response { <-release; return ctx.Res.Text("late") }
			res = callWithSleeper(slow, ctx, 50*time.Millisecond, tc.leak)
			logged, _ := os.ReadFile(errs.Name())
			if res.StatusCode != 500 || len(res.Body) != 0 || string(logged) != "Execution timed out.\n" {
				t.Errorf("past the timeout: %d %q, error log %q; want the empty 500 and the timeout logged", res.StatusCode, res.Body, logged)
			}
		})
	}
}

// sleepers counts the goroutines callWithSleeper started that are in
// state ("" for any).
func sleepers(state string) int {
	var buf strings.Builder
	pprof.Lookup("goroutine").WriteTo(&buf, 2)
	n := 0
	for _, stack := range strings.Split(buf.String(), "\n\n") {
		if strings.Contains(stack, "cmd/dev.callWithSleeper.func1(") && strings.Contains(stack, "["+state) {
			n++
		}
	}
	return n
}

// waitSleepers waits until the sleeper started last is in state, or gone
// for "" (its count back to before).
func waitSleepers(t *testing.T, state string, before int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if state == "" && sleepers("") == before || state != "" && sleepers(state) > 0 {
			return
		}
	}
	t.Fatalf("the sleeper never reached %q", state)
}
