package server

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"openruntimes/handler/appwritetest"
)

// callCounter counts the calls the function makes to Appwrite, by what
// they are for: the Account and Users API, or the limiter's table. It
// also keeps when each call started and ended, for sequentialCalls.
type callCounter struct {
	base            http.RoundTripper
	account, tables atomic.Int64
	mu              sync.Mutex
	spans           [][2]time.Time
}

func (c *callCounter) RoundTrip(req *http.Request) (*http.Response, error) {
	if strings.HasPrefix(req.URL.Path, "/v1/tablesdb/") {
		c.tables.Add(1)
	} else {
		c.account.Add(1)
	}
	start := time.Now()
	resp, err := c.base.RoundTrip(req)
	c.mu.Lock()
	c.spans = append(c.spans, [2]time.Time{start, time.Now()})
	c.mu.Unlock()
	return resp, err
}

// sequentialCalls returns the calls made since the last call to it in
// the longest chain where each starts after the one before has ended:
// how many round trips they cost one after another, whatever each took
// (calls made at the same time overlap, so they add one link at most).
func (c *callCounter) sequentialCalls() int {
	c.mu.Lock()
	spans := c.spans
	c.spans = nil
	c.mu.Unlock()
	// Earliest end first: the greedy choice gives the longest chain.
	sort.Slice(spans, func(i, j int) bool { return spans[i][1].Before(spans[j][1]) })
	n, last := 0, time.Time{}
	for _, s := range spans {
		if s[0].After(last) {
			n, last = n+1, s[1]
		}
	}
	return n
}

// calls returns the calls counted since the last reset, and resets.
func (c *callCounter) calls() (account, tables int64) {
	return c.account.Swap(0), c.tables.Swap(0)
}

// countedEnv is a test environment whose calls to Appwrite are counted,
// with the limits in memory or in Appwrite's table.
func countedEnv(tb testing.TB, store string, opts ...appwritetest.Option) (*testEnv, *callCounter) {
	tb.Helper()
	return countedEnvWith(tb, store, nil, opts...)
}

// countedEnvWith is countedEnv with more variables.
func countedEnvWith(tb testing.TB, store string, more map[string]string, opts ...appwritetest.Option) (*testEnv, *callCounter) {
	tb.Helper()
	vars := withVars(more, "RATE_LIMIT_STORE", store)
	env := newTestEnv(tb, vars, opts...)
	if store == "appwrite" {
		if err := env.emu.CreateTable("auth", "rate_limits", "count", "resetAt"); err != nil {
			tb.Fatal(err)
		}
	}
	counter := &callCounter{base: http.DefaultTransport}
	env.app.settings.session.Transport = counter
	return env, counter
}

// warmLimiter makes the limiter's rows for an address and an account
// exist, as they do for an address that tried before: a first attempt
// creates each (an increment that finds no row, then a create).
func warmLimiter(env *testEnv, ip, email string) {
	for _, account := range []string{"warm@example.com", email} {
		env.call("POST", "/login", map[string]string{"x-appwrite-client-ip": ip}, `{"email":"`+account+`","password":"whatever it is"}`)
	}
}

// credentialsOf is the sign-up and sign-in body of email.
func credentialsOf(email string) string {
	return `{"email":"` + email + `","password":"correct horse battery"}`
}

// routeCallBudgets are the most calls to Appwrite each route may make,
// with each store (BENCHMARKS.md, "Round trips", says why each needs
// them): the Account and Users API calls and the limiter's table calls.
var routeCallBudgets = []struct {
	name string
	// prepare sets the browser up for the account email; send makes the
	// measured request.
	prepare func(tb testing.TB, b *browser, email string)
	send    func(b *browser, email string) *result
	status  int
	memory  int // calls with RATE_LIMIT_STORE=memory
	account int // Account API calls with RATE_LIMIT_STORE=appwrite
	tables  int // limiter calls with RATE_LIMIT_STORE=appwrite
}{
	{"POST /signup", func(testing.TB, *browser, string) {},
		func(b *browser, email string) *result { return b.do("POST", "/signup", credentialsOf(email)) },
		202, 1, 1, 7},
	{"POST /signup/verify", func(tb testing.TB, b *browser, email string) {
		if r := b.do("POST", "/signup", credentialsOf(email)); r.Status != http.StatusAccepted {
			tb.Fatalf("POST /signup: %d %s", r.Status, r.Body)
		}
	}, func(b *browser, email string) *result {
		code, _ := b.env.emu.LastMessage(email, appwritetest.MessageEmailOTP)
		return b.do("POST", "/signup/verify", `{"userId":"`+code.UserID+`","code":"`+code.Code+`","password":"correct horse battery"}`)
	}, 201, 7, 7, 9},
	{"POST /signup, SIGNUP_VERIFICATION=off", func(testing.TB, *browser, string) {},
		func(b *browser, email string) *result { return b.do("POST", "/signup", credentialsOf(email)) },
		201, 2, 2, 5},
	{"POST /login", func(tb testing.TB, b *browser, email string) {
		b.env.emu.CreateUser(email, "correct horse battery", "")
	}, func(b *browser, email string) *result { return b.do("POST", "/login", credentialsOf(email)) },
		200, 2, 2, 5},
	{"POST /login, wrong password", func(tb testing.TB, b *browser, email string) {
		b.env.emu.CreateUser(email, "correct horse battery", "")
	}, func(b *browser, email string) *result {
		return b.do("POST", "/login", `{"email":"`+email+`","password":"not the password"}`)
	}, 401, 1, 1, 3},
	{"POST /login over a session", func(tb testing.TB, b *browser, email string) { b.signUp(email, "correct horse battery") },
		func(b *browser, email string) *result { return b.do("POST", "/login", credentialsOf(email)) },
		200, 3, 3, 5},
	{"POST /logout", func(tb testing.TB, b *browser, email string) { b.signUp(email, "correct horse battery") },
		func(b *browser, _ string) *result { return b.do("POST", "/logout", "") }, 204, 1, 1, 0},
	{"GET /me", func(tb testing.TB, b *browser, email string) { b.signUp(email, "correct horse battery") },
		func(b *browser, _ string) *result { return b.do("GET", "/me", "") }, 200, 1, 1, 0},
	{"PATCH /me", func(tb testing.TB, b *browser, email string) { b.signUp(email, "correct horse battery") },
		func(b *browser, _ string) *result { return b.do("PATCH", "/me", `{"name":"Renamed"}`) }, 200, 1, 1, 0},
}

// routeVars are the variables a row of routeCallBudgets runs with beside
// RATE_LIMIT_STORE.
var routeVars = map[string]map[string]string{
	"POST /signup, SIGNUP_VERIFICATION=off": {"SIGNUP_VERIFICATION": "off"},
}

// TestRouteCallBudgets counts the calls each route makes to Appwrite and
// fails when a route makes more than its budget: with the memory store,
// and with the limits in Appwrite's table (for an address and account
// that tried before, whose counter rows exist).
func TestRouteCallBudgets(t *testing.T) {
	t.Parallel()
	for _, store := range []string{"memory", "appwrite"} {
		for _, rt := range routeCallBudgets {
			t.Run(store+"/"+rt.name, func(t *testing.T) {
				t.Parallel()
				env, counter := countedEnvWith(t, store, routeVars[rt.name])
				b := at(env.browser(), "203.0.113.5")
				rt.prepare(t, b, "in@example.com")
				if store == "appwrite" && rt.tables > 0 {
					warmLimiter(env, "203.0.113.5", "in@example.com")
				}
				counter.calls()
				r := rt.send(b, "in@example.com")
				if r.Status != rt.status {
					t.Fatalf("%d %s, want %d", r.Status, r.Body, rt.status)
				}
				account, tables := counter.calls()
				wantAccount, wantTables := rt.memory, 0
				if store == "appwrite" {
					wantAccount, wantTables = rt.account, rt.tables
				}
				if account > int64(wantAccount) || tables > int64(wantTables) {
					t.Errorf("%d Appwrite calls and %d limiter calls, budget %d and %d", account, tables, wantAccount, wantTables)
				}
			})
		}
	}
}

// TestLimiterCallsOverlap: with the limits in Appwrite's table, a sign-in
// makes its limiter calls at the same time as one another and as its own
// remaining call: its eight calls form a chain of three (count, sign in,
// read the user while the outcome is recorded), where making them one
// after another took eight. Every call to Appwrite takes 20 ms, so calls
// made together overlap; the chain is counted from the calls' start and
// end, not from a time budget.
func TestLimiterCallsOverlap(t *testing.T) {
	t.Parallel()
	env, counter := countedEnv(t, "appwrite", appwritetest.WithLatency(20*time.Millisecond))
	env.emu.CreateUser("slow@example.com", "correct horse battery", "")
	login := func() {
		r := env.call("POST", "/login", map[string]string{"x-appwrite-client-ip": "203.0.113.9"}, `{"email":"slow@example.com","password":"correct horse battery"}`)
		if r.Status != http.StatusOK {
			t.Fatalf("sign-in: %d %s", r.Status, r.Body)
		}
	}
	login() // creates the counter rows
	counter.sequentialCalls()
	counter.calls()
	login()
	account, tables := counter.calls()
	if chain := counter.sequentialCalls(); chain != 3 {
		t.Errorf("a sign-in's %d calls form a chain of %d one after another, want 3", account+tables, chain)
	}
}

// TestSharedLimitsUnderConcurrency: two instances of the function on one
// emulator, with the limits in Appwrite's table, and many guesses at once
// from one address at one account: exactly as many get through to
// Appwrite as the budget allows, whichever instance takes them, since the
// store counts atomically. (Only the address-and-account budget is small
// here, so it alone decides.)
func TestSharedLimitsUnderConcurrency(t *testing.T) {
	t.Parallel()
	a := newTestEnv(t, map[string]string{
		"RATE_LIMIT_STORE":        "appwrite",
		"RATE_LIMIT_PER_IP":       "1000",
		"RATE_LIMIT_PER_IP_EMAIL": "3",
		"RATE_LIMIT_PER_EMAIL":    "1000",
	}, appwritetest.WithLatency(2*time.Millisecond))
	if err := a.emu.CreateTable("auth", "rate_limits", "count", "resetAt"); err != nil {
		t.Fatal(err)
	}
	b := a.instance()
	a.emu.CreateUser("raced@example.com", "correct horse battery", "")
	var refused, tried atomic.Int64
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			env := []*testEnv{a, b}[i%2]
			r := loginFrom(env, "203.0.113.77", "raced@example.com", fmt.Sprintf("guess %d xx", i))
			switch r.Status {
			case http.StatusTooManyRequests:
				refused.Add(1)
			case http.StatusUnauthorized:
				tried.Add(1)
			default:
				t.Errorf("guess %d: %d %s", i, r.Status, r.Body)
			}
		}()
	}
	wg.Wait()
	if n := tried.Load(); n != 3 {
		t.Errorf("%d guesses reached Appwrite, want exactly RATE_LIMIT_PER_IP_EMAIL=3 (%d refused)", n, refused.Load())
	}
	if strings.Contains(a.logs.text(), "rate limit store") {
		t.Errorf("the store failed: %s", a.logs.text())
	}
}

// BenchmarkRoundTrips measures how many calls to Appwrite each route makes
// one after another: every call to the emulator is delayed by 20 ms, and
// the route's wall time divided by that is its sequential round trips
// ("round-trips" below; the function's own few hundred microseconds of
// work add a hundredth or so). With the memory store and with the limits
// in Appwrite's table:
//
//	go test -run '^$' -bench RoundTrips -benchtime 10x .
func BenchmarkRoundTrips(b *testing.B) {
	const latency = 20 * time.Millisecond
	for _, store := range []string{"memory", "appwrite"} {
		for _, rt := range routeCallBudgets {
			b.Run(store+"/"+strings.ReplaceAll(rt.name, " ", "_"), func(b *testing.B) {
				env, counter := countedEnvWith(b, store, routeVars[rt.name], appwritetest.WithLatency(latency))
				var wall time.Duration
				var calls int64
				for i := 0; i < b.N; i++ {
					// A fresh browser each time, set up as the route needs
					// and warmed as in TestRouteCallBudgets; only the
					// measured request is timed.
					b.StopTimer()
					email := fmt.Sprintf("in%d@example.com", i)
					br := at(env.browser(), "203.0.113.5")
					rt.prepare(b, br, email)
					if store == "appwrite" && rt.tables > 0 {
						warmLimiter(env, "203.0.113.5", email)
					}
					counter.calls()
					b.StartTimer()
					start := time.Now()
					r := rt.send(br, email)
					wall += time.Since(start)
					b.StopTimer()
					if r.Status != rt.status {
						b.Fatalf("%d %s, want %d", r.Status, r.Body, rt.status)
					}
					a, t := counter.calls()
					calls += a + t
					b.StartTimer()
				}
				b.ReportMetric(float64(wall)/float64(b.N)/float64(latency), "round-trips")
				b.ReportMetric(float64(calls)/float64(b.N), "calls")
			})
		}
	}
}
