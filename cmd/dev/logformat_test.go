package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"openruntimes/handler/security"
)

// TestFormatLogLine checks the text form of the function's log lines.
func TestFormatLogLine(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 1, 2, 9, 41, 7, 0, time.Local)
	for _, tc := range []struct{ line, want string }{
		{`{"method":"POST","route":"/login","status":401,"ms":4.2,"upstreamMs":3.1,"upstreamCalls":2,"requestId":"abc","error":"user_invalid_credentials"}`,
			`09:41:07 POST /login 401 user_invalid_credentials 4.2ms (Appwrite: 2 calls, 3.1ms) [id abc]`},
		{`{"method":"GET","route":"/me","status":200,"ms":1.5,"upstreamMs":0.9,"upstreamCalls":1,"requestId":"r1","user":"3fa2c1d0e9b8"}`,
			`09:41:07 GET /me 200 1.5ms (Appwrite: 1 call, 0.9ms) user 3fa2c1d0e9b8 [id r1]`},
		{`{"method":"GET","route":"/health","status":200,"ms":0.2,"upstreamMs":0,"upstreamCalls":0,"requestId":"r2","notes":["rate limit store: down"],"extra":"a b"}`,
			`09:41:07 GET /health 200 0.2ms — rate limit store: down extra="a b" [id r2]`},
		// A path with terminal escapes (a page can fetch any path of the
		// dev runtime) is printed escaped, never raw.
		{`{"method":"GET","route":"/\u001b]0;pwned\u0007x","status":404,"ms":0.1,"requestId":"r3","error":"route_not_found","notes":["n\u001b[2J"]}`,
			`09:41:07 GET "/\x1b]0;pwned\ax" 404 route_not_found 0.1ms — "n\x1b[2J" [id r3]`},
		{`function misconfigured: ALLOWED_ORIGINS`, `function misconfigured: ALLOWED_ORIGINS`},
		{`{"a":1} {"b":2}`, `{"a":1} {"b":2}`},
	} {
		if got := formatLogLine(tc.line, at); got != tc.want {
			t.Errorf("formatLogLine(%s)\n got %q\nwant %q", tc.line, got, tc.want)
		}
	}
}

// TestOpenLogs checks both formats: JSON passes the lines through as the
// deployed function writes them, text rewrites each one, and done waits
// until every line is out.
func TestOpenLogs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	line := `{"method":"GET","route":"/me","status":401,"ms":1,"upstreamMs":0,"upstreamCalls":0,"requestId":"x","error":"user_unauthorized"}`
	for format, want := range map[string]string{logJSON: line + "\n", logText: "GET /me 401 user_unauthorized 1ms [id x]\n", "": line + "\n"} {
		dest, err := os.Create(filepath.Join(dir, "log-"+format))
		if err != nil {
			t.Fatal(err)
		}
		logs, done, err := openLogs(dest, format, func() time.Time { return time.Now() })
		if err != nil {
			t.Fatal(err)
		}
		logs.WriteString(line)
		logs.WriteString("\n")
		done()
		dest.Close()
		got, _ := os.ReadFile(dest.Name())
		if format == logText {
			got = bytes.TrimLeft(got, "0123456789:") // the time
			got = bytes.TrimPrefix(got, []byte(" "))
		}
		if string(got) != want {
			t.Errorf("format %q: wrote %q, want %q", format, got, want)
		}
	}
}

// TestDevRuntimeLogFormatText runs the dev runtime with -log-format text:
// the function's lines come out as text, and a 429 is followed by a note
// that the console can reset the limit.
func TestDevRuntimeLogFormatText(t *testing.T) {
	t.Parallel()
	logFile := filepath.Join(t.TempDir(), "function.log")
	p := startDevArgs(t, []string{"-logs", logFile, "-log-format", "text"}, "RATE_LIMIT_PER_IP_EMAIL=1")
	c := newConsoleClient(t, p)
	for i := 0; i < 2; i++ {
		c.fn("POST", "/login", `{"email":"x@example.com","password":"wrong password"}`)
	}
	waitFor(t, "two text lines in the log file", func() bool {
		data, _ := os.ReadFile(logFile)
		return strings.Contains(string(data), " POST /login 401 user_invalid_credentials ") &&
			strings.Contains(string(data), " POST /login 429 rate_limit_exceeded ")
	})
	if data, _ := os.ReadFile(logFile); strings.Contains(string(data), `"route"`) {
		t.Errorf("-log-format text wrote JSON:\n%s", data)
	}
	waitFor(t, "the 429 note", func() bool {
		return contains(p.stderr.String(), "POST /login answered 429", p.lines["console"]+"#counters")
	})
}

// TestHintsPrintRequestsEscaped: the dev runtime's hints name the path and
// Origin of a refused request; a page that fetches a path or sends an
// Origin with terminal escapes gets them printed escaped.
func TestHintsPrintRequestsEscaped(t *testing.T) {
	t.Parallel()
	origins, err := security.ParseOrigins("http://localhost:5173")
	if err != nil {
		t.Fatal(err)
	}
	var errs bytes.Buffer
	h := &devHints{
		next:    http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusForbidden) }),
		origins: origins, consoleURL: "http://localhost:3000/__dev/", errs: &errs,
	}
	req := httptest.NewRequest("POST", "http://localhost:3000/x", nil)
	req.URL.Path = "/\x1b]0;pwned\x07"
	req.Header.Set("Origin", "http://evil.example\x1b[2J")
	h.ServeHTTP(httptest.NewRecorder(), req)
	if out := errs.String(); !strings.Contains(out, "refused POST") || strings.ContainsAny(out, "\x1b\x07") {
		t.Errorf("hint %q: want the refusal, with no raw control character", out)
	}
}
