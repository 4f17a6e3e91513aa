package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
	"time"

	"openruntimes/handler/appwritetest"
)

// TestDevRuntimeAppwriteVersion checks -appwrite-version: the banner says
// which Appwrite the emulator behaves as, and it does: as the 1.8.1
// release, a JWT asked for 60 seconds lives 900.
func TestDevRuntimeAppwriteVersion(t *testing.T) {
	t.Parallel()
	p := startDevArgs(t, []string{"-appwrite-version", "1.8.1"})
	if got := p.lines["emulates"]; !strings.HasPrefix(got, "Appwrite 1.8.1 ") {
		t.Fatalf("emulates: %q, want Appwrite 1.8.1", got)
	}
	fn := p.lines["function"]
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	post := func(path, body string) string {
		t.Helper()
		req, _ := http.NewRequest("POST", fn+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", fn)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatalf("POST %s: %v", path, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode >= 300 {
			t.Fatalf("POST %s: %d %s", path, resp.StatusCode, b)
		}
		return string(b)
	}
	devSignUp(t, p, func(path, body string) int { post(path, body); return http.StatusAccepted }, "release@example.com", "correct horse battery")
	var jwt struct{ Expire string }
	asked := time.Now()
	if err := json.Unmarshal([]byte(post("/jwt", `{"duration":60}`)), &jwt); err != nil {
		t.Fatal(err)
	}
	expire, err := time.Parse(time.RFC3339, jwt.Expire)
	if err != nil {
		t.Fatalf("expire %q: %v", jwt.Expire, err)
	}
	if lives := expire.Sub(asked); lives < 895*time.Second || lives > 905*time.Second {
		t.Errorf("a JWT asked for 60 s lives %v on the 1.8.1 release, want 900 s", lives)
	}

	cloud := startDev(t)
	if got := cloud.lines["emulates"]; got != "Appwrite 1.9.x (Appwrite Cloud)" {
		t.Errorf("default emulates: %q, want Appwrite 1.9.x (Appwrite Cloud)", got)
	}
}

// TestEmulatorVersionName: the banner names every version the flag takes,
// and only 1.9.x as Appwrite Cloud's.
func TestEmulatorVersionName(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ version, want string }{
		{appwritetest.ServerCloud19x, "1.9.x (Appwrite Cloud)"},
		{appwritetest.ServerBranch18x, "1.8.x (the 1.8.x branch)"},
		{appwritetest.ServerRelease181, "1.8.1 (self-hosted 1.8)"},
	} {
		if got := emulatorVersionName(tc.version); got != tc.want {
			t.Errorf("emulatorVersionName(%q) = %q, want %q", tc.version, got, tc.want)
		}
	}
}

// TestDevRuntimeRefusesUnknownVersion: a version no Appwrite has stops the
// dev runtime before it listens, naming the versions it knows.
func TestDevRuntimeRefusesUnknownVersion(t *testing.T) {
	t.Parallel()
	getenv := func(string) string { return "" }
	err := run(context.Background(), []string{"-appwrite-version", "1.9.0", "-env-file", ""}, getenv, io.Discard)
	for _, known := range []string{"1.9.x", "1.8.x", "1.8.1"} {
		if err == nil || !strings.Contains(err.Error(), known) {
			t.Errorf("run with -appwrite-version 1.9.0: %v, want an error naming %s", err, known)
		}
	}
	real := func(k string) string {
		return map[string]string{"APPWRITE_FUNCTION_API_ENDPOINT": "http://127.0.0.1:1/v1", "APPWRITE_FUNCTION_PROJECT_ID": "p", "APPWRITE_API_KEY": "k"}[k]
	}
	err = run(context.Background(), []string{"-appwrite-version", "1.8.1", "-env-file", "", "-addr", "localhost:0", "-app-addr", ""}, real, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "emulator") {
		t.Errorf("-appwrite-version with a real Appwrite: %v, want an error", err)
	}
}

// TestDevRuntimeUpstreamLatency checks -upstream-latency: the banner says
// it, and every call to the emulator takes at least that long (a lower
// bound only, so a slow machine cannot fail it).
func TestDevRuntimeUpstreamLatency(t *testing.T) {
	t.Parallel()
	p := startDevArgs(t, []string{"-upstream-latency", "150ms"})
	if !strings.HasPrefix(p.lines["upstream latency"], "150ms") {
		t.Errorf("upstream latency: %q, want 150ms", p.lines["upstream latency"])
	}
	start := time.Now()
	resp, err := http.Get(p.lines["function"] + "/health")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if took := time.Since(start); resp.StatusCode != 200 || took < 150*time.Millisecond {
		t.Errorf("GET /health (one call to Appwrite): %d in %v, want 200 in at least 150ms", resp.StatusCode, took)
	}
	if err := run(context.Background(), []string{"-upstream-latency", "-1s", "-env-file", ""}, func(string) string { return "" }, io.Discard); err == nil {
		t.Error("a negative -upstream-latency was accepted")
	}
}
