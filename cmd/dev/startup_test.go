package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
)

// TestDevRuntimeFailsBeforeReady checks that a configuration the function
// would answer every request with a 500 for stops the dev runtime before
// "ready", non-zero, with every problem named.
func TestDevRuntimeFailsBeforeReady(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		env  []string
		want []string
	}{
		{"a wildcard origin", []string{"ALLOWED_ORIGINS=*"},
			[]string{"ALLOWED_ORIGINS", `"*" cannot be used with credentials`}},
		{"every problem at once", []string{"ALLOWED_ORIGINS=*", "RATE_LIMIT_WINDOW=forever", "SESSION_COOKIE_SAMESITE=sometimes"},
			[]string{"ALLOWED_ORIGINS", "RATE_LIMIT_WINDOW", "SESSION_COOKIE_SAMESITE", "500 function_misconfigured"}},
		{"endpoint and project without a key", []string{"APPWRITE_FUNCTION_API_ENDPOINT=http://127.0.0.1:1/v1", "APPWRITE_FUNCTION_PROJECT_ID=p"},
			[]string{"APPWRITE_FUNCTION_API_ENDPOINT and APPWRITE_FUNCTION_PROJECT_ID are set", "APPWRITE_API_KEY is not"}},
		{"a key alone", []string{"APPWRITE_API_KEY=standard_x"},
			[]string{"APPWRITE_API_KEY is set", "APPWRITE_FUNCTION_API_ENDPOINT and APPWRITE_FUNCTION_PROJECT_ID are not"}},
		{"an endpoint without /v1", []string{"APPWRITE_FUNCTION_API_ENDPOINT=http://127.0.0.1:1", "APPWRITE_FUNCTION_PROJECT_ID=p", "APPWRITE_API_KEY=k"},
			[]string{"APPWRITE_FUNCTION_API_ENDPOINT must end in /v1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := runDevUntilExit(t, nil, tc.env...)
			if got.code == 0 || strings.Contains(got.stdout, "ready") || !contains(got.stderr, tc.want...) {
				t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s\nwant a non-zero exit before ready naming %q", got.code, got.stdout, got.stderr, tc.want)
			}
		})
	}
}

// TestDevRuntimeHelp checks that -h prints the usage and exits 0, and an
// unknown flag exits non-zero.
func TestDevRuntimeHelp(t *testing.T) {
	t.Parallel()
	got := runDevUntilExit(t, []string{"-h"})
	if got.code != 0 || !contains(got.stdout, "Usage: go run ./cmd/dev", "-addr", "-data", "-log-format", "PORT") {
		t.Errorf("-h: exit %d\n%s%s", got.code, got.stdout, got.stderr)
	}
	got = runDevUntilExit(t, []string{"-no-such-flag"})
	if got.code == 0 || !strings.Contains(got.stderr, "-no-such-flag") {
		t.Errorf("-no-such-flag: exit %d\n%s", got.code, got.stderr)
	}
	if err := run(context.Background(), []string{"-log-format", "xml"}, func(string) string { return "" }, io.Discard); err == nil ||
		!strings.Contains(err.Error(), "text or json") {
		t.Errorf("-log-format xml: %v", err)
	}
}

// TestDevRuntimePortTaken checks the message of a function address in use:
// it names -addr and PORT.
func TestDevRuntimePortTaken(t *testing.T) {
	t.Parallel()
	taken, err := net.Listen("tcp", "localhost:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	var out bytes.Buffer
	err = run(context.Background(), []string{"-addr", taken.Addr().String(), "-app-addr", "", "-env-file", ""},
		func(string) string { return "" }, &out)
	if err == nil || !contains(err.Error(), taken.Addr().String(), "-addr", "PORT", "another program") || out.Len() != 0 {
		t.Errorf("run on a taken port: %v (printed %q); want an error naming the address, -addr and PORT", err, out.String())
	}
}

// TestDisplayAddr checks the URLs printed for the addresses one may give.
func TestDisplayAddr(t *testing.T) {
	t.Parallel()
	got := &net.TCPAddr{IP: net.IPv6unspecified, Port: 3000}
	for asked, want := range map[string]string{
		":3000":          "localhost:3000",
		"0.0.0.0:3000":   "localhost:3000",
		"[::]:3000":      "localhost:3000",
		"localhost:0":    "localhost:3000",
		"127.0.0.1:3000": "127.0.0.1:3000",
	} {
		if s := displayAddr(got, asked); s != want {
			t.Errorf("displayAddr(%s) = %s, want %s", asked, s, want)
		}
	}
}

// TestDevRuntimeAllowsTheDemo checks that the demo's origin is allowed
// whatever ALLOWED_ORIGINS says, that the listed origins stay allowed,
// that the banner says which are, and that a refused origin is logged
// with the fix.
func TestDevRuntimeAllowsTheDemo(t *testing.T) {
	t.Parallel()
	p := startDev(t, "ALLOWED_ORIGINS=http://localhost:5174")
	fn, app := p.lines["function"], p.lines["app"]
	if got := p.lines["allowed origins"]; got != "http://localhost:5174, "+app {
		t.Errorf("allowed origins: %q, want http://localhost:5174 and the demo's %s", got, app)
	}
	preflight := func(origin string) int {
		t.Helper()
		req, _ := http.NewRequest("OPTIONS", fn+"/signup", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "content-type")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusNoContent && resp.Header.Get("Access-Control-Allow-Origin") != origin {
			t.Errorf("preflight from %s: 204 without its origin allowed", origin)
		}
		return resp.StatusCode
	}
	for origin, want := range map[string]int{app: 204, "http://localhost:5174": 204, "http://localhost:5175": 403} {
		if got := preflight(origin); got != want {
			t.Errorf("preflight from %s: %d, want %d", origin, got, want)
		}
	}
	waitFor(t, "the refused preflight's note", func() bool {
		return contains(p.stderr.String(), "refused the CORS preflight of POST /signup from http://localhost:5175", "add it to ALLOWED_ORIGINS")
	})
	if strings.Contains(p.stderr.String(), "from http://localhost:5174") || strings.Contains(p.stderr.String(), "from "+app) {
		t.Errorf("an allowed origin was noted as refused:\n%s", p.stderr.String())
	}

	// A simple request from a foreign page: answered, without CORS
	// headers, and the note says the browser hides it.
	req, _ := http.NewRequest("GET", fn+"/me", nil)
	req.Header.Set("Origin", "http://localhost:5175")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	waitFor(t, "the note on the foreign GET", func() bool {
		return contains(p.stderr.String(), "GET /me from http://localhost:5175 without CORS headers", "add it to ALLOWED_ORIGINS")
	})
}
