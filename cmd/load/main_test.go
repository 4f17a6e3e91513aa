package main

import (
	"bytes"
	"encoding/json"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"openruntimes/handler/security/ratelimit"
)

func TestPercentile(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	for _, tt := range []struct {
		p    float64
		want time.Duration
	}{{50, 50 * time.Millisecond}, {90, 90 * time.Millisecond}, {99, 99 * time.Millisecond}, {100, 100 * time.Millisecond}, {0, time.Millisecond}} {
		if got := percentile(d, tt.p); got != tt.want {
			t.Errorf("percentile(1..100ms, %g) = %v, want %v", tt.p, got, tt.want)
		}
	}
	if got := percentile(nil, 50); got != 0 {
		t.Errorf("percentile(nil) = %v", got)
	}
	if got := percentile(d[:1], 99); got != time.Millisecond {
		t.Errorf("percentile of one = %v", got)
	}
}

func TestJar(t *testing.T) {
	j := &jar{}
	j.store([]string{"a_session_p=s1; Path=/; HttpOnly; Secure; SameSite=Lax", "other=x; Path=/"})
	if got := j.header(); got != "a_session_p=s1; other=x" {
		t.Errorf("header = %q", got)
	}
	j.store([]string{"a_session_p=s2; Path=/"})
	if got := j.header(); got != "other=x; a_session_p=s2" {
		t.Errorf("after replacing: %q", got)
	}
	j.store([]string{"a_session_p=; Path=/; Max-Age=0"})
	if got := j.header(); got != "other=x" {
		t.Errorf("after clearing: %q", got)
	}
}

func TestCheckOwn(t *testing.T) {
	u := &vuser{email: "a@example.com", id: "u1"}
	if err := u.checkOwn([]byte(`{"$id":"u1","email":"a@example.com"}`)); err != nil {
		t.Error(err)
	}
	for _, body := range []string{`{"$id":"u2","email":"b@example.com"}`, `{"$id":"u1","email":"b@example.com"}`, `not json`} {
		if err := u.checkOwn([]byte(body)); err == nil {
			t.Errorf("checkOwn(%s) passed", body)
		}
	}
}

func TestCheckFailures(t *testing.T) {
	ok := &loadResult{Target: "go", Requests: 10, P50: time.Millisecond, P99: 2 * time.Millisecond, PeakRSS: 64 << 20}
	o := options{maxP99Ratio: 3, maxRSS: 64}
	if f := check(levelResults{Users: 5, Go: ok}, o, true); len(f) != 0 {
		t.Errorf("a clean run failed: %v", f)
	}
	for name, r := range map[string]loadResult{
		"leak": {Target: "go", Requests: 10, Leaks: 1},
		"5xx":  {Target: "go", Requests: 10, Status5xx: 1, Errors: 1},
		"tail": {Target: "go", Requests: 10, P50: time.Millisecond, P99: 4 * time.Millisecond},
		"idle": {Target: "go"},
		"rss":  {Target: "go", Requests: 10, PeakRSS: 64<<20 + 1<<17},
	} {
		r := r
		if f := check(levelResults{Users: 5, Go: &r}, o, true); len(f) == 0 {
			t.Errorf("%s: no failure", name)
		}
	}
	leakyNode := &loadResult{Target: "node", Leaks: 1}
	if f := check(levelResults{Users: 5, Go: ok, Node: leakyNode}, o, true); len(f) != 1 {
		t.Errorf("a leak in the baseline: %v", f)
	}
	slowNode := &loadResult{Target: "node", Errors: 3, P50: time.Millisecond, P99: time.Second}
	if f := check(levelResults{Users: 5, Go: ok, Node: slowNode}, o, true); len(f) != 0 {
		t.Errorf("the baseline's errors and tail are reported, not failures: %v", f)
	}
}

func TestMemory(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc")
	}
	rss, peak, err := memory(os.Getpid())
	if err != nil || rss <= 0 || peak < rss/2 {
		t.Errorf("memory(self) = %d, %d, %v", rss, peak, err)
	}
	if processCPUTime(os.Getpid()) < 0 {
		t.Error("negative CPU time")
	}
}

func TestChart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "chart.png")
	g := series{name: "Go", color: goColor, values: []float64{1200, 3900, 4400, 4500, 4400}}
	n := series{name: "Node", color: nodeColor, values: []float64{450, 430, 200, math.NaN(), 700}}
	err := renderChart(path, "title", "footnote", []int{1, 10, 50, 100, 200},
		[]panel{{title: "requests/s", series: []series{g, n}}, {title: "p99 (ms)", series: []series{g}}})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() < 800 || b.Dy() < 400 {
		t.Errorf("chart is %v", b)
	}
	for r := range font {
		if g := font[r]; len(g[0]) != 5 {
			t.Errorf("glyph %q is %d wide", r, len(g[0]))
		}
	}
	if niceStep(870) != 1000 || niceStep(0.13) != 0.2 || niceStep(45) != 50 {
		t.Error("niceStep")
	}
}

// runHarness runs the harness for a moment with a handful of users, with
// args added, and returns its exit code, its output and its report.
func runHarness(t *testing.T, args ...string) (int, string, report) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the function; skipped with -short")
	}
	out := filepath.Join(t.TempDir(), "out.json")
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"-root", "../..", "-users", "5", "-warmup", "200ms", "-duration", "1s", "-max-p99-ratio", "0",
		// Placement would move this test process onto its CPUs for good.
		"-function-cpus", "0", "-json", out}, args...), &stdout, &stderr)
	var rep report
	if data, err := os.ReadFile(out); err == nil {
		if err := json.Unmarshal(data, &rep); err != nil {
			t.Fatal(err)
		}
	}
	return code, stdout.String() + stderr.String(), rep
}

// TestHarness runs the harness end to end for a moment against the dev
// runtime: a handful of users, no leaks, no errors.
func TestHarness(t *testing.T) {
	code, output, rep := runHarness(t)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, output)
	}
	checkHarnessRun(t, rep, output)
}

// TestHarnessAppwriteBuild runs the harness against the function built as
// Appwrite builds it (-build appwrite), with variables of its own (-env):
// a valid bound on executions passes, and an invalid one, refused by the
// function, fails every request, which shows -env reaches it.
func TestHarnessAppwriteBuild(t *testing.T) {
	// Twelve users sign up at once, but two executions at a time make at
	// most six calls (a sign-up's code is checked against the account, its
	// identities and its memberships, read at once), over at most eight
	// connections (one each, and two the transport may still be closing
	// when the next is opened). Without the bound, twelve executions open
	// up to 36.
	code, output, rep := runHarness(t, "-users", "12", "-build", "appwrite", "-env", "MAX_CONCURRENT_EXECUTIONS=2")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, output)
	}
	checkHarnessRun(t, rep, output)
	if rep.Build != "appwrite" || len(rep.Env) != 1 || rep.Levels[0].Go.UpstreamPeakOpen > 8 {
		t.Errorf("build %q, env %v, %d connections to Appwrite at once; want appwrite, the bound, at most 8",
			rep.Build, rep.Env, rep.Levels[0].Go.UpstreamPeakOpen)
	}

	code, output, _ = runHarness(t, "-build", "appwrite", "-env", "MAX_CONCURRENT_EXECUTIONS=0")
	if code != 1 || !strings.Contains(output, "5xx") {
		t.Errorf("a misconfigured function: exit %d, want 1 with 5xx reported\n%s", code, output)
	}
}

func TestEnvFlag(t *testing.T) {
	t.Parallel()
	var e envFlag
	for _, ok := range []string{"GOMEMLIMIT=58MiB", "EMPTY=", "A=b=c"} {
		if err := e.Set(ok); err != nil {
			t.Errorf("Set(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"NOVALUE", "=x", "A B=c"} {
		if err := e.Set(bad); err == nil {
			t.Errorf("Set(%q) accepted", bad)
		}
	}
	if e.String() != "GOMEMLIMIT=58MiB EMPTY= A=b=c" {
		t.Errorf("String() = %q", e.String())
	}
}

// checkHarnessRun checks a passing run's report: requests made, no error
// or leak, connections and memory measured.
func checkHarnessRun(t *testing.T, rep report, output string) {
	t.Helper()
	if len(rep.Levels) != 1 || rep.Levels[0].Go == nil {
		t.Fatalf("report levels %+v\n%s", rep.Levels, output)
	}
	g := rep.Levels[0].Go
	if g.Requests == 0 || g.Errors != 0 || g.Leaks != 0 || g.UpstreamConns < 1 || g.PeakRSS == 0 {
		t.Errorf("result = %+v\n%s", g, output)
	}
	if !strings.Contains(output, "PASS") {
		t.Errorf("no PASS in\n%s", output)
	}
}

// TestMerge checks that rounds merge as one window: counts add up and
// percentiles, requests/s and CPU per request are over all requests.
func TestMerge(t *testing.T) {
	t.Parallel()
	result := func(lat []time.Duration, cores float64, rss int64, errs ...string) *loadResult {
		r := &loadResult{Target: "go", Duration: time.Second, latencies: lat, CPUCores: cores, RSSUnderLoad: rss,
			PeakRSS: rss, HarnessCores: cores / 2, Errors: int64(len(errs)), FirstErrors: errs, UpstreamConns: 2, UpstreamConnsWindow: 1, UpstreamPeakOpen: rss}
		r.setLatencies()
		return r
	}
	var fast, slow []time.Duration
	for i := 0; i < 100; i++ {
		fast = append(fast, time.Millisecond)
		slow = append(slow, 3*time.Millisecond)
	}
	slow = append(slow, 10*time.Millisecond)
	m := merge(nil, result(fast, 0.5, 10, "a", "b", "c"))
	m = merge(m, result(slow, 0.3, 20, "d", "e", "f"))

	if m.Rounds != 2 || m.Requests != 201 || m.Duration != 2*time.Second || m.RPS != 100.5 {
		t.Errorf("rounds %d, requests %d, duration %v, rps %v; want 2, 201, 2s, 100.5", m.Rounds, m.Requests, m.Duration, m.RPS)
	}
	if m.P50 != 3*time.Millisecond || m.P90 != 3*time.Millisecond || m.Max != 10*time.Millisecond || percentile(m.latencies, 40) != time.Millisecond {
		t.Errorf("p50 %v, p90 %v, max %v", m.P50, m.P90, m.Max)
	}
	if math.Abs(m.CPUPerRequestUs-800000.0/201) > 1e-6 || math.Abs(m.CPUCores-0.4) > 1e-9 || math.Abs(m.HarnessCores-0.2) > 1e-9 {
		t.Errorf("CPU %v us/request, %v cores; want %v, 0.4", m.CPUPerRequestUs, m.CPUCores, 800000.0/201)
	}
	if uncounted := merge(merge(nil, &loadResult{UpstreamConns: -1, UpstreamConnsWindow: -1}), &loadResult{UpstreamConns: -1, UpstreamConnsWindow: -1}); uncounted.UpstreamConns != -1 || uncounted.UpstreamConnsWindow != -1 {
		t.Errorf("connections not counted merge to %d, %d; want -1, -1", uncounted.UpstreamConns, uncounted.UpstreamConnsWindow)
	}
	if m.Errors != 6 || len(m.FirstErrors) != maxFirstErrors || m.RSSUnderLoad != 20 || m.PeakRSS != 20 ||
		m.UpstreamConns != 4 || m.UpstreamConnsWindow != 2 || m.UpstreamPeakOpen != 20 {
		t.Errorf("merged %+v", m)
	}

	// The mix's routes: each round's requests count, per route.
	mixRound := func(login time.Duration, n int) *loadResult {
		r := &loadResult{Target: "go", Duration: time.Second, latency: 20 * time.Millisecond,
			routeLat: map[string][]time.Duration{routeLogin: {}, routeMe: {}}}
		for range n {
			r.routeLat[routeLogin] = append(r.routeLat[routeLogin], login)
			r.routeLat[routeMe] = append(r.routeLat[routeMe], 20*time.Millisecond)
		}
		r.Routes = routeResults(r.routeLat, r.latency)
		return r
	}
	mix := merge(merge(nil, mixRound(40*time.Millisecond, 3)), mixRound(60*time.Millisecond, 4))
	login := routeOf(mix, routeLogin)
	if login == nil || login.Requests != 7 || login.P50ms != 60 || math.Abs(login.RoundTrips-3) > 1e-9 {
		t.Errorf("merged sign-ins %+v, want 7 requests of both rounds, p50 60 ms, 3 round trips", login)
	}
	if me := routeOf(mix, routeMe); me == nil || me.Requests != 7 {
		t.Errorf("merged /me %+v, want 7 requests", me)
	}
}

func TestRouteResultsAndRoundTrips(t *testing.T) {
	lat := map[string][]time.Duration{
		routeLogin:   {44 * time.Millisecond, 40 * time.Millisecond, 42 * time.Millisecond},
		routeMe:      {21 * time.Millisecond},
		"GET /other": {time.Millisecond},
	}
	rs := routeResults(lat, 20*time.Millisecond)
	if len(rs) != 2 || rs[0].Route != routeLogin || rs[1].Route != routeMe {
		t.Fatalf("routes %+v, want login then /me only, in the mix's order", rs)
	}
	if rs[0].Requests != 3 || rs[0].P50ms != 42 || math.Abs(rs[0].RoundTrips-2.1) > 1e-9 {
		t.Errorf("login = %+v, want 3 requests, p50 42 ms, 2.1 round trips", rs[0])
	}
	if got := routeResults(lat, 0); got[0].RoundTrips != 0 {
		t.Errorf("without latency: %v round trips, want none", got[0].RoundTrips)
	}
	r := &loadResult{Target: "go", Routes: rs}
	if f := checkRoundTrips(r, 5, ratelimit.StoreMemory, 0.5); len(f) != 0 {
		t.Errorf("2.1 trips on a budget of 2 + 0.5 failed: %v", f)
	}
	if f := checkRoundTrips(r, 5, ratelimit.StoreMemory, 0.08); len(f) != 1 || !strings.Contains(f[0], routeLogin) {
		t.Errorf("2.1 and 1.05 trips on budgets of 2 and 1 + 0.08: %v, want the login flagged", f)
	}
	// The shared store allows sign-in one more round trip, and /me none.
	if f := checkRoundTrips(r, 5, ratelimit.StoreAppwrite, 0.08); len(f) != 0 {
		t.Errorf("2.1 and 1.05 trips on budgets of 3 and 1 + 0.08 with the appwrite store: %v", f)
	}
	slow := &loadResult{Target: "go", Routes: []routeResult{{Route: routeLogin, RoundTrips: 3.2}, {Route: routeMe, RoundTrips: 1.2}}}
	if f := checkRoundTrips(slow, 5, ratelimit.StoreAppwrite, 0.1); len(f) != 2 {
		t.Errorf("3.2 and 1.2 trips on budgets of 3 and 1 + 0.1 with the appwrite store: %v, want both flagged", f)
	}
}

// TestReplaySweep: a -latency-sweep's JSON replays into its table and
// its chart, one panel per route.
func TestReplaySweep(t *testing.T) {
	dir := t.TempDir()
	in, png := filepath.Join(dir, "sweep.json"), filepath.Join(dir, "sweep.png")
	level := func(latency float64) []levelResults {
		routes := []routeResult{{Route: routeLogin, P50ms: 2 * latency, RoundTrips: 2}, {Route: routeMe, P50ms: latency, RoundTrips: 1}}
		return []levelResults{{Users: 50, Go: &loadResult{Target: "go", Routes: routes}, Node: &loadResult{Target: "node", Routes: routes}}}
	}
	rep := report{Workload: "mix", Duration: "10s", Sweep: []sweepPoint{{LatencyMs: 5, Levels: level(5)}, {LatencyMs: 20, Levels: level(20)}}}
	data, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-replay", in, "-chart", png}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout.String(), stderr.String())
	}
	if !strings.Contains(stdout.String(), "latency sweep") || !strings.Contains(stdout.String(), "40.00 ( 2.00)") {
		t.Errorf("no sweep table with the 20 ms sign-in in\n%s", stdout.String())
	}
	if _, err := os.Stat(png); err != nil {
		t.Errorf("no chart: %v", err)
	}
}

// TestFlagConflicts checks the flag combinations the harness refuses,
// before it builds or starts anything: exit 2 and a message naming the
// flag.
func TestFlagConflicts(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-build", "docker"}, "-build"},
		{[]string{"-runtime-timers", "held"}, "-runtime-timers"},
		{[]string{"-build", "appwrite", "-runtime-timers", "sometimes"}, "-runtime-timers"},
		{[]string{"-env", "NOVALUE"}, "KEY=VALUE"},
		{[]string{"-target", "http://localhost:3000", "-env", "GOMEMLIMIT=57MiB"}, "-target"},
		{[]string{"-target", "http://localhost:3000", "-max-rss", "64"}, "-target"},
		{[]string{"-target", "http://localhost:3000", "-build", "appwrite"}, "-target"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(tc.args, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 naming %s", tc.args, code, stderr.String(), tc.want)
		}
	}
}
