package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"openruntimes/handler/appwritetest"
)

// TestDevRuntimeAppwriteVersion checks -appwrite-version: the banner says
// which Appwrite the emulator behaves as, and it does: the function's
// GET /health reports the version the emulator answers with.
func TestDevRuntimeAppwriteVersion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args          []string
		emulates, got string
	}{
		{[]string{"-appwrite-version", "1.8.1"}, "Appwrite 1.8.1 (self-hosted 1.8)", "1.8.1"},
		{nil, "Appwrite 1.9.x (Appwrite Cloud)", "1.9.6"},
	}
	for _, tc := range tests {
		t.Run(tc.emulates, func(t *testing.T) {
			t.Parallel()
			p := startDevArgs(t, tc.args)
			if got := p.lines["emulates"]; got != tc.emulates {
				t.Errorf("emulates: %q, want %q", got, tc.emulates)
			}
			c := &http.Client{Timeout: 10 * time.Second}
			resp, err := c.Get(p.lines["function"] + "/health")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var h struct {
				Appwrite struct{ Version string } `json:"appwrite"`
			}
			if err := json.NewDecoder(resp.Body).Decode(&h); err != nil || h.Appwrite.Version != tc.got {
				t.Errorf("GET /health: Appwrite version %q (%v), want %s", h.Appwrite.Version, err, tc.got)
			}
		})
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
