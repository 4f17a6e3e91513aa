package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"openruntimes/handler/appwritetest"
	"openruntimes/handler/internal/upstream"
	"openruntimes/handler/session"
)

// observedLine is the log line's fields these tests read.
type observedLine struct {
	Route         string   `json:"route"`
	Status        int      `json:"status"`
	MS            *float64 `json:"ms"`
	UpstreamMS    *float64 `json:"upstreamMs"`
	UpstreamCalls *int     `json:"upstreamCalls"`
	RequestID     string   `json:"requestId"`
	QueuedMS      *float64 `json:"queuedMs"`
	Notes         []string `json:"notes"`
}

func logLines(t *testing.T, env *testEnv) []observedLine {
	t.Helper()
	var lines []observedLine
	for _, raw := range strings.Split(strings.TrimSpace(env.logs.text()), "\n") {
		if !strings.HasPrefix(raw, "{") {
			continue
		}
		var l observedLine
		if err := json.Unmarshal([]byte(raw), &l); err != nil {
			t.Fatalf("log line %q: %v", raw, err)
		}
		lines = append(lines, l)
	}
	return lines
}

// TestLogLineUpstream checks the log line counts and times the calls to
// Appwrite each request makes, and that the request ID it carries is the
// response's x-request-id.
func TestLogLineUpstream(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	b := env.browser()
	// POST /signup: the e-mail token. POST /signup/verify: the account, its
	// identities and memberships, the exchange, the password, the name,
	// the exchange's session deleted and a new one made.
	b.signUp("upstream@example.com", "correct horse battery")
	me := b.do("GET", "/me", "")      // GET /account
	env.call("GET", "/nope", nil, "") // no call
	lines := logLines(t, env)
	if len(lines) != 4 {
		t.Fatalf("%d log lines, want 4: %+v", len(lines), lines)
	}
	for i, want := range []struct {
		route string
		calls int
		// parallel: some calls run at the same time, and each counts in
		// full, so upstreamMs may exceed ms.
		parallel bool
	}{{"/signup", 1, false}, {"/signup/verify", 8, true}, {"/me", 1, false}, {"unmatched", 0, false}} {
		l := lines[i]
		if l.Route != want.route || l.UpstreamCalls == nil || *l.UpstreamCalls != want.calls || l.UpstreamMS == nil || l.MS == nil {
			t.Errorf("line %d = %+v, want route %s with %d upstream calls", i, l, want.route, want.calls)
			continue
		}
		if want.calls > 0 && (*l.UpstreamMS <= 0 || (!want.parallel && *l.UpstreamMS > *l.MS)) {
			t.Errorf("%s: upstreamMs %v, want above 0 and at most ms %v", l.Route, *l.UpstreamMS, *l.MS)
		}
		if want.calls == 0 && *l.UpstreamMS != 0 {
			t.Errorf("%s: upstreamMs %v without a call", l.Route, *l.UpstreamMS)
		}
	}
	if id := me.Headers["x-request-id"]; id == "" || id != lines[2].RequestID {
		t.Errorf("x-request-id %q, log line's requestId %q", id, lines[2].RequestID)
	}
}

// TestLogLineUpstreamPerRequest runs requests at once and checks each
// line counts its own request's call only: the timers are per execution.
func TestLogLineUpstreamPerRequest(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	b := env.browser()
	b.signUp("parallel@example.com", "correct horse battery")
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r := b.env.call("GET", "/me", map[string]string{"cookie": b.name + "=" + b.value}, ""); r.Status != http.StatusOK {
				t.Errorf("GET /me: %d %s", r.Status, r.Body)
			}
		}()
	}
	wg.Wait()
	for _, l := range logLines(t, env)[2:] { // after POST /signup and /signup/verify
		if l.UpstreamCalls == nil || *l.UpstreamCalls != 1 {
			t.Errorf("a concurrent GET /me logged %+v, want 1 upstream call", l)
		}
	}
}

// TestUpstreamTimerSlowAppwrite checks the time of a slow call is
// counted, with the body's read included, and that a failing call counts
// too.
func TestUpstreamTimerSlowAppwrite(t *testing.T) {
	t.Parallel()
	emu := appwritetest.New()
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(30 * time.Millisecond)
		emu.ServeHTTP(w, r)
	}))
	defer slow.Close()
	cfg := session.Config{Endpoint: slow.URL + "/v1", ProjectID: emu.ProjectID(), UpstreamTimeout: time.Second}
	var timer upstream.Timer
	timer.Time(&cfg)
	c := upstream.NewPublicClient(&cfg)
	if _, err := c.Call("GET", "/health/version", map[string]any{}, map[string]any{}); err != nil {
		t.Fatal(err)
	}
	if timer.Calls() != 1 || timer.Duration() < 30*time.Millisecond {
		t.Errorf("after a 30 ms call: %d calls, %v", timer.Calls(), timer.Duration())
	}
	slow.Close()
	if _, err := c.Call("GET", "/health/version", map[string]any{}, map[string]any{}); err == nil {
		t.Fatal("a call to a closed server worked")
	}
	if timer.Calls() != 2 {
		t.Errorf("a failed call was not counted: %d calls", timer.Calls())
	}
}

// TestHealthReportsUpstream checks GET /health reports the function's
// version, its uptime and Appwrite's version and latency.
func TestHealthReportsUpstream(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	r := env.call("GET", "/health", nil, "")
	var h struct {
		Version  string `json:"version"`
		Uptime   string `json:"uptime"`
		Appwrite struct {
			Reachable bool   `json:"reachable"`
			Version   string `json:"version"`
			LatencyMS *int64 `json:"latencyMs"`
		} `json:"appwrite"`
	}
	r.decode(t, &h)
	if h.Version != Version || h.Uptime == "" || !h.Appwrite.Reachable || h.Appwrite.Version == "" ||
		h.Appwrite.LatencyMS == nil || *h.Appwrite.LatencyMS < 0 {
		t.Errorf("GET /health = %s", r.Body)
	}
	if l := logLines(t, env); len(l) != 1 || l[0].UpstreamCalls == nil || *l[0].UpstreamCalls != 1 {
		t.Errorf("GET /health logged %+v, want its one upstream call", l)
	}
}

// TestLogLineAppendJSON checks the log line's hand-written encoder
// against encoding/json, with values that need escaping.
func TestLogLineAppendJSON(t *testing.T) {
	t.Parallel()
	for _, l := range []logLine{
		{Method: "GET", Route: "unmatched", Status: 404, Duration: 0.125, RequestID: "r1"},
		{Method: "POST", Route: "/x\"\n<y>", Status: 502, Duration: 12.5, Upstream: 10.25, Calls: 2, Queued: 1.75, RequestID: "r2",
			User: "abc", Error: "upstream_error", Notes: []string{"rate limit store: down", "\xff"}},
	} {
		want, err := json.Marshal(l)
		if err != nil {
			t.Fatal(err)
		}
		if got := l.appendJSON(nil); string(got) != string(want) {
			t.Errorf("appendJSON = %s\nwant         %s", got, want)
		}
	}
}
