package server

// Benchmarks of the function's own cost, in process. The function talks to
// the appwritetest emulator through Emulator.Transport(), an in-memory
// RoundTripper, so no socket adds noise. Each route is measured three ways:
//
//	function  Main, as the runtime calls it;
//	sdk       the same Appwrite call(s) made directly with the Go SDK, a new
//	          client per operation over a jar-less http.Client on the same
//	          transport: what the same work costs written directly
//	          with the SDK (the function decodes the account for less
//	          than account.Get does, so on /me it can come out even);
//	raw       the same call(s) as bare net/http requests: the physical floor.
//
// BenchmarkOverhead runs the three interleaved in one run and reports the
// ratios function/sdk and function/raw and the allocations the function
// adds; BenchmarkRoutes runs each on its own, for benchstat and profiles.
// See BENCHMARKS.md.
//
//	go test -run '^$' -bench . -benchmem

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/appwrite/sdk-for-go/account"
	"github.com/appwrite/sdk-for-go/appwrite"
	"github.com/appwrite/sdk-for-go/client"
	"github.com/appwrite/sdk-for-go/users"
	"github.com/open-runtimes/types-for-go/v4/openruntimes"

	"openruntimes/handler/appwritetest"
)

// benchEndpoint is the emulator's endpoint as the clients see it. The
// in-memory transport answers for any host.
const benchEndpoint = "http://appwrite.bench/v1"

const (
	benchEmail    = "bench@example.com"
	benchPassword = "correct horse battery"
	// benchExecutionID is the x-appwrite-execution-id Appwrite sends with
	// every execution.
	benchExecutionID = "6650c1f3a2b4c5d6e7f8"
)

// benchEnv is the function configured for an emulator reached through its
// in-memory transport.
type benchEnv struct {
	emu    *appwritetest.Emulator
	tr     http.RoundTripper
	app    *app
	logger openruntimes.Logger
	userID string
	// cookie is the session cookie of a signed-in session of the user.
	cookie string
	secret string
	// pooled counts the users sessionPool made.
	pooled int
}

// newBenchEnv starts an emulator with one user, configures the function
// for it and points Main at that function until the benchmark ends.
func newBenchEnv(b *testing.B, opts ...appwritetest.Option) *benchEnv {
	b.Helper()
	opts = append([]appwritetest.Option{appwritetest.WithPlatformHosts(functionHost, appHost)}, opts...)
	emu := appwritetest.New(opts...)
	userID, err := emu.CreateUser(benchEmail, benchPassword, "Bench User")
	if err != nil {
		b.Fatal(err)
	}
	vars := map[string]string{
		"APPWRITE_FUNCTION_API_ENDPOINT": benchEndpoint,
		"APPWRITE_FUNCTION_PROJECT_ID":   emu.ProjectID(),
		"ALLOWED_ORIGINS":                appOrigin,
		// Every operation signs in from the same address: lift the
		// per-address budget so the limiter is measured, never tripped.
		"RATE_LIMIT_PER_IP": "1000000",
	}
	a := newApp(func(k string) string { return vars[k] })
	if a.configErr != nil {
		b.Fatal(a.configErr)
	}
	// The test-only hook: the parsed configuration's Transport, which every
	// SDK client the function builds uses instead of the shared one.
	a.settings.session.Transport = emu.Transport()

	// Logs go where a deployed function's go: to a file (here /dev/null),
	// one write per line, so their cost is counted.
	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { devNull.Close() })

	saved := defaultApp
	defaultApp = func() *app { return a }
	b.Cleanup(func() { defaultApp = saved })

	env := &benchEnv{
		emu:    emu,
		tr:     emu.Transport(),
		app:    a,
		logger: openruntimes.Logger{StreamLogs: devNull, StreamErrors: devNull},
		userID: userID,
	}
	res := runtimeMain(env.context("POST", "/login", "", `{"email":"`+benchEmail+`","password":"`+benchPassword+`"}`))
	if res.StatusCode != http.StatusOK {
		b.Fatalf("sign-in: %d %s", res.StatusCode, res.Body)
	}
	c, err := http.ParseSetCookie(res.Headers["set-cookie"])
	if err != nil {
		b.Fatal(err)
	}
	env.cookie, env.secret = c.Name+"="+c.Value, c.Value
	return env
}

// context builds the runtime's context for one execution, with the headers
// Appwrite's router adds and a browser's fetch from the app.
func (e *benchEnv) context(method, path, cookie, body string) openruntimes.Context {
	h := map[string]string{
		"user-agent":              "Mozilla/5.0 (X11; Linux x86_64) bench",
		"origin":                  appOrigin,
		"sec-fetch-site":          "same-site",
		"accept":                  "*/*",
		"x-appwrite-trigger":      "http",
		"x-appwrite-execution-id": benchExecutionID,
		"x-appwrite-client-ip":    "203.0.113.7",
		"x-appwrite-key":          e.emu.APIKey(),
	}
	if cookie != "" {
		h["cookie"] = cookie
	}
	if body != "" {
		h["content-type"] = "application/json"
	}
	ctx := openruntimes.NewContext(e.logger)
	ctx.Req = openruntimes.ContextRequest{
		Headers: h,
		Method:  method,
		Url:     functionOrigin + path,
		Scheme:  "https",
		Host:    functionHost,
		Port:    443,
		Path:    path,
		Query:   map[string]string{},
	}
	ctx.Req.SetBodyBinary([]byte(body))
	return ctx
}

// mainOp returns an operation that runs Main on ctx (passed by value each
// time, as the runtime does) and checks the status.
func mainOp(b *testing.B, ctx openruntimes.Context, want int) func(int) {
	return func(int) {
		if res := runtimeMain(ctx); res.StatusCode != want {
			b.Fatalf("status %d, want %d: %s", res.StatusCode, want, res.Body)
		}
	}
}

// sdkClient is a new SDK client over a new jar-less http.Client on the
// emulator's transport, as the function builds its clients.
func (e *benchEnv) sdkClient(opts ...client.ClientOption) client.Client {
	c := appwrite.NewClient(append([]client.ClientOption{
		appwrite.WithEndpoint(benchEndpoint), appwrite.WithProject(e.emu.ProjectID()),
	}, opts...)...)
	c.Client = &http.Client{Transport: e.tr}
	return c
}

// rawClient makes bare requests to the emulator.
type rawClient struct {
	hc      *http.Client
	project string
}

func (e *benchEnv) raw() *rawClient {
	return &rawClient{hc: &http.Client{Transport: e.tr}, project: e.emu.ProjectID()}
}

// do sends one request with the credential header name: value and reads
// the whole answer.
func (c *rawClient) do(b *testing.B, method, path, name, value, body string, want int) []byte {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, benchEndpoint+path, r)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("X-Appwrite-Project", c.project)
	req.Header.Set("X-Appwrite-Response-Format", "1.8.0")
	req.Header.Set(name, value)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != want {
		b.Fatalf("%s %s: %d %s %v", method, path, resp.StatusCode, data, err)
	}
	return data
}

// sessionPool holds fresh sessions for the benchmarks that end one per
// operation (sign-out), made before the timer starts. Users get at most
// eight each, below the project's session limit.
func (e *benchEnv) sessionPool(b *testing.B, n int) []sessionRef {
	b.Helper()
	admin := users.New(e.sdkClient(appwrite.WithKey(e.emu.APIKey())))
	pool := make([]sessionRef, 0, n)
	var userID string
	for i := 0; i < n; i++ {
		if i%8 == 0 {
			id, err := e.emu.CreateUser(fmt.Sprintf("pool%d@example.com", e.pooled), benchPassword, "")
			if err != nil {
				b.Fatal(err)
			}
			userID = id
			e.pooled++
		}
		s, err := admin.CreateSession(userID)
		if err != nil {
			b.Fatal(err)
		}
		pool = append(pool, sessionRef{userID: userID, secret: s.Secret})
	}
	return pool
}

type sessionRef struct{ userID, secret string }

// benchCase is one route measured three ways. Each variant sets up, on
// the environment it is given, what b.N operations need (outside the
// timer) and returns the operation; extra is how many more operations the
// caller will run beyond b.N.
type benchCase struct {
	name     string
	function func(b *testing.B, e *benchEnv, extra int) func(int)
	sdk      func(b *testing.B, e *benchEnv, extra int) func(int) // nil: no Appwrite call
	raw      func(b *testing.B, e *benchEnv, extra int) func(int)
}

var benchCases = []benchCase{
	{
		name: "me",
		function: func(b *testing.B, e *benchEnv, _ int) func(int) {
			return mainOp(b, e.context("GET", "/me", e.cookie, ""), http.StatusOK)
		},
		sdk: func(b *testing.B, e *benchEnv, _ int) func(int) {
			return func(int) {
				if _, err := account.New(e.sdkClient(appwrite.WithSession(e.secret))).Get(); err != nil {
					b.Fatal(err)
				}
			}
		},
		raw: func(b *testing.B, e *benchEnv, _ int) func(int) {
			c := e.raw()
			return func(int) {
				c.do(b, "GET", "/account", "X-Appwrite-Session", e.secret, "", http.StatusOK)
			}
		},
	},
	{
		// Sign-in creates a session with the admin client and reads the
		// account with the new session, as the function does.
		name: "login",
		function: func(b *testing.B, e *benchEnv, _ int) func(int) {
			return mainOp(b, e.context("POST", "/login", "", `{"email":"`+benchEmail+`","password":"`+benchPassword+`"}`), http.StatusOK)
		},
		sdk: func(b *testing.B, e *benchEnv, _ int) func(int) {
			return func(int) {
				s, err := account.New(e.sdkClient(appwrite.WithKey(e.emu.APIKey()))).CreateEmailPasswordSession(benchEmail, benchPassword)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := account.New(e.sdkClient(appwrite.WithSession(s.Secret))).Get(); err != nil {
					b.Fatal(err)
				}
			}
		},
		raw: func(b *testing.B, e *benchEnv, _ int) func(int) {
			c := e.raw()
			body := `{"email":"` + benchEmail + `","password":"` + benchPassword + `"}`
			return func(int) {
				var s struct {
					Secret string `json:"secret"`
				}
				if err := json.Unmarshal(c.do(b, "POST", "/account/sessions/email", "X-Appwrite-Key", e.emu.APIKey(), body, http.StatusCreated), &s); err != nil {
					b.Fatal(err)
				}
				c.do(b, "GET", "/account", "X-Appwrite-Session", s.Secret, "", http.StatusOK)
			}
		},
	},
	{
		// Sign-out reads the current session with the user's client and
		// deletes it with the admin client. Every operation ends a fresh
		// session, made before the timer starts.
		name: "logout",
		function: func(b *testing.B, e *benchEnv, extra int) func(int) {
			pool := e.sessionPool(b, b.N+extra)
			name, _, _ := strings.Cut(e.cookie, "=")
			ctxs := make([]openruntimes.Context, len(pool))
			for i := range ctxs {
				ctxs[i] = e.context("POST", "/logout", name+"="+pool[i].secret, "")
			}
			return func(i int) {
				if res := runtimeMain(ctxs[i]); res.StatusCode != http.StatusNoContent {
					b.Fatalf("status %d: %s", res.StatusCode, res.Body)
				}
			}
		},
		sdk: func(b *testing.B, e *benchEnv, extra int) func(int) {
			pool := e.sessionPool(b, b.N+extra)
			return func(i int) {
				s, err := account.New(e.sdkClient(appwrite.WithSession(pool[i].secret))).GetSession("current")
				if err != nil {
					b.Fatal(err)
				}
				if _, err := users.New(e.sdkClient(appwrite.WithKey(e.emu.APIKey()))).DeleteSession(s.UserId, s.Id); err != nil {
					b.Fatal(err)
				}
			}
		},
		raw: func(b *testing.B, e *benchEnv, extra int) func(int) {
			pool := e.sessionPool(b, b.N+extra)
			c := e.raw()
			return func(i int) {
				var s struct {
					ID     string `json:"$id"`
					UserID string `json:"userId"`
				}
				if err := json.Unmarshal(c.do(b, "GET", "/account/sessions/current", "X-Appwrite-Session", pool[i].secret, "", http.StatusOK), &s); err != nil {
					b.Fatal(err)
				}
				c.do(b, "DELETE", "/users/"+s.UserID+"/sessions/"+s.ID, "X-Appwrite-Key", e.emu.APIKey(), "", http.StatusNoContent)
			}
		},
	},
	{
		name: "unknown-route",
		function: func(b *testing.B, e *benchEnv, _ int) func(int) {
			return mainOp(b, e.context("GET", "/no-such-route", e.cookie, ""), http.StatusNotFound)
		},
	},
	{
		name: "preflight",
		function: func(b *testing.B, e *benchEnv, _ int) func(int) {
			ctx := e.context("OPTIONS", "/login", "", "")
			ctx.Req.Headers["access-control-request-method"] = "POST"
			ctx.Req.Headers["access-control-request-headers"] = "content-type"
			return mainOp(b, ctx, http.StatusNoContent)
		},
	},
}

// BenchmarkRoutes measures each route's variants one at a time, each on
// an emulator of its own: the usual ns/op, B/op and allocs/op, for
// benchstat and for profiles, such as
//
//	go test -run '^$' -bench 'Routes/me/function' -benchmem -cpuprofile cpu.out
func BenchmarkRoutes(b *testing.B) {
	for _, c := range benchCases {
		c := c
		variants := []struct {
			name  string
			setup func(*testing.B, *benchEnv, int) func(int)
		}{{"function", c.function}, {"sdk", c.sdk}, {"raw", c.raw}}
		for _, v := range variants {
			if v.setup == nil {
				continue
			}
			v := v
			b.Run(c.name+"/"+v.name, func(b *testing.B) {
				op := v.setup(b, newBenchEnv(b), 0)
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					op(i)
				}
			})
		}
	}
}

// allocSample is how many operations of each variant BenchmarkOverhead
// runs, before timing, to count their allocations.
const allocSample = 50

// overheadBatch is how many operations of one variant BenchmarkOverhead
// runs in a row before it moves to the next.
const overheadBatch = 16

// BenchmarkOverhead measures, for each route that calls Appwrite, the
// function and its two baselines in the same run on the same emulator. It
// runs them in turn, a batch of operations each in rotating order, and
// measures each batch's wall time and the CPU time the process spent
// meanwhile (all threads, so the garbage collection an allocation-heavy
// variant causes counts against it). Other load on the machine stretches
// wall time but hardly CPU time, so the ratios are taken on CPU time; the
// wall-time ratio is reported too. The line's own ns/op covers all three
// variants. The metrics are
//
//	fn-cpu-ns, sdk-cpu-ns, raw-cpu-ns   CPU ns per operation of each
//	x-sdk                               fn-cpu-ns ÷ sdk-cpu-ns (target for me: ≤ 1.15)
//	x-raw                               fn-cpu-ns ÷ raw-cpu-ns
//	x-sdk-wall                          the same ratio on wall time
//	fn-allocs, sdk-allocs               allocations per operation
//	allocs-sdk                          fn-allocs − sdk-allocs (target for me: ≤ 40)
//	fn-B, sdk-B                         bytes allocated per operation
//
// Run it with
//
//	go test -run '^$' -bench Overhead -benchtime 3s
func BenchmarkOverhead(b *testing.B) {
	for _, c := range benchCases {
		if c.sdk == nil {
			continue
		}
		c := c
		b.Run(c.name, func(b *testing.B) {
			e := newBenchEnv(b)
			ops := [3]func(int){c.function(b, e, allocSample), c.sdk(b, e, allocSample), c.raw(b, e, allocSample)}

			// Allocations first, untimed: they do not depend on the machine.
			var allocs, bytes [3]float64
			for v, op := range ops {
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				for i := 0; i < allocSample; i++ {
					op(b.N + i)
				}
				runtime.ReadMemStats(&after)
				allocs[v] = float64(after.Mallocs-before.Mallocs) / allocSample
				bytes[v] = float64(after.TotalAlloc-before.TotalAlloc) / allocSample
			}

			var wall, cpu [3]time.Duration
			b.ResetTimer()
			for first, round := 0, 0; first < b.N; first, round = first+overheadBatch, round+1 {
				last := min(first+overheadBatch, b.N)
				for k := 0; k < 3; k++ {
					v := (round + k) % 3
					start, startCPU := time.Now(), processCPU()
					for i := first; i < last; i++ {
						ops[v](i)
					}
					wall[v] += time.Since(start)
					cpu[v] += processCPU() - startCPU
				}
			}
			b.StopTimer()
			n := float64(b.N)
			per := func(d time.Duration) float64 { return float64(d) / n }
			b.ReportMetric(per(cpu[0]), "fn-cpu-ns")
			b.ReportMetric(per(cpu[1]), "sdk-cpu-ns")
			b.ReportMetric(per(cpu[2]), "raw-cpu-ns")
			if cpu[1] > 0 && cpu[2] > 0 {
				b.ReportMetric(float64(cpu[0])/float64(cpu[1]), "x-sdk")
				b.ReportMetric(float64(cpu[0])/float64(cpu[2]), "x-raw")
			}
			b.ReportMetric(float64(wall[0])/float64(wall[1]), "x-sdk-wall")
			b.ReportMetric(allocs[0], "fn-allocs")
			b.ReportMetric(allocs[1], "sdk-allocs")
			b.ReportMetric(allocs[0]-allocs[1], "allocs-sdk")
			b.ReportMetric(bytes[0], "fn-B")
			b.ReportMetric(bytes[1], "sdk-B")
		})
	}
}
