// Command load is the function's load harness. It drives the function
// over real HTTP the way many browsers would, checks that no user ever
// sees another user's data, and compares it with the Node baseline in
// bench/node (the same routes written the way Appwrite's SSR guides write
// them with node-appwrite), against the same Appwrite emulator in the same
// run:
//
//	go run ./cmd/load                      # 200 users, 10 s, the Go function
//	go run ./cmd/load -node bench/node     # the same, then the Node baseline
//	go run ./cmd/load -node bench/node -concurrency 1,10,50,100,200 -chart bench/load.png
//	go run ./cmd/load -cold 20 -users 0    # cold start only
//	go run ./cmd/load -target http://localhost:3000   # a running dev runtime
//	go run ./cmd/load -mix -users 1000 -upstream-latency 20ms -build appwrite \
//	    -env MAX_CONCURRENT_EXECUTIONS=160 -env GOMEMLIMIT=57MiB -max-rss 64
//
// Unless -target is given it builds the dev runtime (cmd/dev), or with
// -build appwrite the function alone as Appwrite builds it, runs an
// appwritetest emulator itself on loopback ports (one per function, so
// each function's upstream connections are counted on their own) and
// starts each function as a subprocess pointed at it. Each virtual
// user has its own connection and cookie jar; it signs up (POST /signup),
// signs in again (POST /login) and then calls GET /me in a loop. After a
// warm-up, the harness records every /me's latency for -duration.
//
// It reports requests/s, p50/p90/p99 latency, errors, upstream
// connections opened, and the function process's RSS under load and peak
// RSS (VmHWM). It exits with status 1 if any user ever gets another user's
// data, if any 5xx or other error appears, if the Go function's p99 is
// above -max-p99-ratio times its p50 at the highest concurrency, or if its
// peak RSS is above -max-rss. See BENCHMARKS.md.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"openruntimes/handler/security/ratelimit"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type options struct {
	users       int
	levels      []int
	duration    time.Duration
	warmup      time.Duration
	target      string
	nodeDir     string
	nodeBin     string
	root        string
	chart       string
	jsonOut     string
	cold        int
	maxP99Ratio float64
	origin      string
	replay      string
	// functionCPUs is how many CPUs the function under test gets.
	functionCPUs int
	// rounds is how many times each target is run at each concurrency.
	rounds int
	// mix runs the mix workload (sign in, read /me, rename, sign out)
	// instead of GET /me alone, with reads reads of /me per round.
	mix   bool
	reads int
	// latency delays every call to Appwrite by that much; latencies
	// sweeps several (each run at every level).
	latency   time.Duration
	latencies []time.Duration
	// roundTripSlack, when not negative, fails a mix whose Go routes take
	// more sequential round trips than their budget plus this.
	roundTripSlack float64
	// store is where the Go function keeps its rate limits
	// (RATE_LIMIT_STORE): in memory, or in a table in the emulator.
	store string
	// env adds KEY=VALUE variables to the Go function's environment.
	env envFlag
	// build is which build of the Go function the load runs against:
	// the dev runtime (cmd/dev), or the function alone as Appwrite
	// builds it.
	build string
	// timers is how the Appwrite-like build watches each execution's
	// timeout: stopped, held or leaked (cmd/dev/runtime.go's timerMode).
	timers string
	// maxRSS, when positive, fails a run whose Go function's peak RSS is
	// above this many MiB.
	maxRSS float64
}

// The builds -build chooses from.
const (
	buildDev      = "dev"
	buildAppwrite = "appwrite"
)

// envFlag collects -env KEY=VALUE flags.
type envFlag []string

func (e *envFlag) String() string { return strings.Join(*e, " ") }

func (e *envFlag) Set(v string) error {
	key, _, ok := strings.Cut(v, "=")
	if !ok || key == "" || strings.ContainsAny(key, " \t\n") {
		return fmt.Errorf("want KEY=VALUE, got %q", v)
	}
	*e = append(*e, v)
	return nil
}

// report is everything one run of the harness measured, as -json writes
// it.
type report struct {
	Machine machine `json:"machine"`
	// Duration is the measured time of each load run, and Rounds how
	// many runs of each target each level merges.
	Duration string         `json:"duration"`
	Rounds   int            `json:"rounds,omitempty"`
	Levels   []levelResults `json:"levels"`
	Cold     []coldResult   `json:"coldStart,omitempty"`
	// Workload is "me" (GET /me in a loop) or "mix"; Latency the delay
	// put in front of every call to Appwrite.
	Workload string `json:"workload,omitempty"`
	Latency  string `json:"upstreamLatency,omitempty"`
	// Build is the Go function's build under load (-build), and Env the
	// variables -env gave it.
	Build string   `json:"build,omitempty"`
	Env   []string `json:"env,omitempty"`
	// RuntimeTimers is how that build's runtime watched timeouts.
	RuntimeTimers string `json:"runtimeTimers,omitempty"`
	// RateLimitStore is where the Go function kept its rate limits.
	RateLimitStore string `json:"rateLimitStore,omitempty"`
	// Sweep holds the levels of a -latency-sweep, one point per latency.
	Sweep []sweepPoint `json:"latencySweep,omitempty"`
}

// sweepPoint is one latency of a -latency-sweep.
type sweepPoint struct {
	LatencyMs float64        `json:"latencyMs"`
	Levels    []levelResults `json:"levels"`
}

type levelResults struct {
	Users int         `json:"users"`
	Go    *loadResult `json:"go,omitempty"`
	Node  *loadResult `json:"node,omitempty"`
}

type machine struct {
	CPUs int `json:"cpus"`
	// FunctionCPUs and HarnessCPUs are the CPUs the functions and this
	// program ran on, when they were kept apart.
	FunctionCPUs []int  `json:"functionCpus,omitempty"`
	HarnessCPUs  []int  `json:"harnessCpus,omitempty"`
	CPU          string `json:"cpu"`
	Go           string `json:"go"`
	Node         string `json:"node,omitempty"`
	OS           string `json:"os"`
	Start        string `json:"start"`
}

// run is the command: it reads args, measures (or replays a report),
// writes the outputs and ends with PASS or FAIL. It returns the exit
// status: 2 for a command line it refuses, 1 for an error or a failed
// check, 0 otherwise.
func run(args []string, stdout, stderr io.Writer) int {
	o, err := parseOptions(args, stderr)
	if err != nil {
		if !errors.Is(err, errFlagsRefused) {
			fmt.Fprintln(stderr, "load:", err)
		}
		return 2
	}
	rep, failures, err := measureOrReplay(o, stdout)
	if err == nil {
		err = writeOutputs(o, rep, stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, "load:", err)
		return 1
	}
	if len(failures) > 0 {
		fmt.Fprintln(stdout, "\nFAIL")
		for _, f := range failures {
			fmt.Fprintln(stdout, "  -", f)
		}
		return 1
	}
	fmt.Fprintln(stdout, "\nPASS")
	return 0
}

// errFlagsRefused is parseOptions' error when the flag package refused
// the command line and has said why.
var errFlagsRefused = errors.New("bad flags")

// parseOptions reads the command line and checks its combinations; the
// flag package writes its own complaints to stderr.
func parseOptions(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	levels, sweep := o.define(fs)
	if err := fs.Parse(args); err != nil {
		return o, errFlagsRefused
	}
	if err := o.check(*levels, *sweep); err != nil {
		return o, err
	}
	if o.origin == "" {
		o.origin = "http://localhost:5173"
		// A function accepts state-changing requests from its own origin.
		if u, err := url.Parse(o.target); o.target != "" && err == nil && u.Host != "" {
			o.origin = u.Scheme + "://" + u.Host
		}
	}
	return o, nil
}

// define defines the flags on fs, into o; -concurrency and
// -latency-sweep are read into the strings it returns, for check.
func (o *options) define(fs *flag.FlagSet) (levels, sweep *string) {
	levels, sweep = new(string), new(string)
	fs.IntVar(&o.users, "users", 200, "virtual users (0: no load run, with -cold)")
	fs.StringVar(levels, "concurrency", "", "sweep: comma-separated user counts, such as 1,10,50,100,200 (overrides -users)")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "measured time per run, after the warm-up")
	fs.DurationVar(&o.warmup, "warmup", 2*time.Second, "time each run calls /me before measuring")
	fs.StringVar(&o.target, "target", "", "URL of a running function (a dev runtime) instead of starting one")
	fs.StringVar(&o.nodeDir, "node", "", "directory of the Node baseline (bench/node, after npm ci) to compare with")
	fs.StringVar(&o.nodeBin, "node-bin", "node", "the node executable")
	fs.StringVar(&o.root, "root", ".", "the function module's root directory")
	fs.StringVar(&o.chart, "chart", "", "write a PNG chart of requests/s and p99 against concurrency here")
	fs.StringVar(&o.jsonOut, "json", "", "write the results as JSON here")
	fs.IntVar(&o.cold, "cold", 0, "also measure this many cold starts (0: none)")
	fs.Float64Var(&o.maxP99Ratio, "max-p99-ratio", 3, "fail if the Go function's p99 exceeds this times its p50 at the highest concurrency (0: no check)")
	fs.StringVar(&o.replay, "replay", "", "print the summary and draw -chart from this -json file instead of measuring")
	fs.IntVar(&o.rounds, "rounds", 1, "runs of each target at each concurrency, Go and Node taking turns; their measured windows count as one")
	fs.IntVar(&o.functionCPUs, "function-cpus", 1, "CPUs the function under test runs on, apart from this program's (Appwrite's default specification, s-1vcpu-512mb, has 1; 0: every process shares every CPU)")
	fs.BoolVar(&o.mix, "mix", false, "the mix workload: each user signs in, reads /me -mix-reads times, renames itself and signs out, in a loop; the report gives each route's p50, p99 and sequential round trips (p50 / -upstream-latency)")
	fs.IntVar(&o.reads, "mix-reads", 5, "GET /me per round of -mix")
	fs.DurationVar(&o.latency, "upstream-latency", 0, "delay every call to Appwrite (the emulator) by this much, as a network would (with -target: the latency the running dev runtime was given, to count round trips)")
	fs.StringVar(sweep, "latency-sweep", "", "run every level at each of these upstream latencies, such as 1ms,5ms,20ms,80ms (with -mix; -chart draws p50 per route against latency)")
	fs.Float64Var(&o.roundTripSlack, "round-trip-slack", -1, "with -mix and a latency, fail when a Go route's sequential round trips exceed its budget by more than this (negative: no check)")
	fs.StringVar(&o.store, "rate-limit-store", ratelimit.StoreMemory, "where the Go function keeps its rate limits: memory, or appwrite (a table in the emulator, as RATE_LIMIT_STORE=appwrite in production; with -target: the store the running function uses, for its round-trip budgets)")
	fs.Var(&o.env, "env", "KEY=VALUE: add a variable to the Go function's environment, such as MAX_CONCURRENT_EXECUTIONS=160 or GOMEMLIMIT=57MiB (repeatable; not with -target)")
	fs.StringVar(&o.build, "build", buildDev, "the Go function under load: dev (cmd/dev, the dev runtime serving it) or appwrite (the function alone, built as Appwrite builds it, as -cold starts it: the deployed function's memory)")
	fs.StringVar(&o.timers, "runtime-timers", "stopped", "with -build appwrite, how the runtime watches each execution's 15 s timeout: stopped (a timer stopped when it ends, as cmd/dev does), held (a goroutine sleeping the whole timeout, holding the request: open-runtimes 0.9.0 and later) or leaked (the same, never ending: open-runtimes up to 0.8.x)")
	fs.Float64Var(&o.maxRSS, "max-rss", 0, "fail when the Go function's peak RSS is above this many MiB (0: no check)")
	fs.StringVar(&o.origin, "origin", "", "the app's origin, sent as Origin (default: the function's own origin with -target, else http://localhost:5173, which the started functions allow in ALLOWED_ORIGINS)")
	return levels, sweep
}

// check parses -concurrency's levels and -latency-sweep's latencies and
// refuses the flag values and combinations no run can use.
func (o *options) check(levels, sweep string) error {
	if levels != "" {
		for _, f := range strings.Split(levels, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n < 1 {
				return fmt.Errorf("bad -concurrency %q", levels)
			}
			o.levels = append(o.levels, n)
		}
	} else if o.users > 0 {
		o.levels = []int{o.users}
	}
	if o.rounds < 1 {
		return errors.New("-rounds must be at least 1")
	}
	for _, f := range strings.Split(sweep, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		d, err := time.ParseDuration(f)
		if err != nil || d <= 0 {
			return fmt.Errorf("bad -latency-sweep %q", sweep)
		}
		o.latencies = append(o.latencies, d)
	}
	switch {
	case len(o.latencies) > 0 && (!o.mix || o.target != ""):
		return errors.New("-latency-sweep needs -mix and cannot be combined with -target")
	case o.latency < 0 || o.reads < 0:
		return errors.New("-upstream-latency and -mix-reads cannot be negative")
	case o.build != buildDev && o.build != buildAppwrite:
		return fmt.Errorf("-build must be %s or %s", buildDev, buildAppwrite)
	case (o.timers != "stopped" && o.timers != "held" && o.timers != "leaked") || (o.timers != "stopped" && o.build != buildAppwrite):
		return errors.New("-runtime-timers must be stopped, held or leaked, and needs -build appwrite")
	case o.store != ratelimit.StoreMemory && o.store != ratelimit.StoreAppwrite:
		return fmt.Errorf("-rate-limit-store must be %s or %s", ratelimit.StoreMemory, ratelimit.StoreAppwrite)
	case o.target != "" && (o.nodeDir != "" || o.cold > 0 || len(o.env) > 0 || o.maxRSS > 0 || o.build != buildDev):
		return errors.New("-target cannot be combined with -node, -cold, -env, -build or -max-rss")
	}
	return nil
}

// measureOrReplay measures what o asks for, or with -replay reads the
// report of an earlier run and prints its summary.
func measureOrReplay(o options, stdout io.Writer) (report, []string, error) {
	if o.replay == "" {
		return execute(o, stdout)
	}
	rep, err := readReport(o.replay)
	if err != nil {
		return rep, nil, err
	}
	if len(rep.Sweep) > 0 {
		printSweep(stdout, rep.Sweep)
	} else {
		printSummary(stdout, rep)
	}
	return rep, nil, nil
}

// writeOutputs writes the -json report (of a measurement, not a replay)
// and draws the -chart.
func writeOutputs(o options, rep report, stdout io.Writer) error {
	if o.jsonOut != "" && o.replay == "" {
		data, _ := json.MarshalIndent(rep, "", "  ")
		if err := os.WriteFile(o.jsonOut, append(data, '\n'), 0o644); err != nil {
			return err
		}
	}
	if o.chart != "" && (len(rep.Levels) > 0 || len(rep.Sweep) > 0) {
		if err := chart(o.chart, rep); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "chart:", o.chart)
	}
	return nil
}

// execute runs every measurement o asks for and returns the report and
// the failures found.
func execute(o options, out io.Writer) (report, []string, error) {
	rep := report{Machine: describeMachine(o), Duration: o.duration.String(), Rounds: o.rounds, RateLimitStore: o.store, Build: o.build, Env: o.env}
	if o.build == buildAppwrite {
		rep.RuntimeTimers = o.timers
	}
	fmt.Fprintf(out, "machine: %d CPUs, %s, %s, node %s\n", rep.Machine.CPUs, rep.Machine.CPU, rep.Machine.Go, orNA(rep.Machine.Node))
	if len(o.env) > 0 {
		fmt.Fprintf(out, "go function's environment adds: %s\n", strings.Join(o.env, " "))
	}
	var failures []string

	var goL, nodeL launcher
	if o.target == "" {
		dir, err := os.MkdirTemp("", "load-")
		if err != nil {
			return rep, nil, err
		}
		defer os.RemoveAll(dir)
		place := placeProcesses(o.functionCPUs, out)
		rep.Machine.FunctionCPUs, rep.Machine.HarnessCPUs = place.function, place.harness
		var appwriteL launcher
		if o.cold > 0 || o.build == buildAppwrite {
			fmt.Fprintln(out, "building the function as Appwrite does ...")
			if appwriteL, err = buildAppwriteLike(o.root, dir); err != nil {
				return rep, nil, err
			}
			appwriteL.place = place
		}
		if len(o.levels) > 0 {
			if o.build == buildAppwrite {
				goL = appwriteL
				goL.args = []string{"-logs", filepath.Join(dir, "function.log"), "-timers", o.timers}
			} else {
				fmt.Fprintln(out, "building cmd/dev ...")
				if goL, err = devLauncher(o.root, dir); err != nil {
					return rep, nil, err
				}
			}
			// After the harness's own variables, so that -env wins.
			goL.env = append(goL.env, "RATE_LIMIT_STORE="+o.store)
			goL.env = append(goL.env, o.env...)
			goL.place = place
		}
		if o.nodeDir != "" {
			if nodeL, err = nodeLauncher(o.nodeBin, o.nodeDir); err != nil {
				return rep, nil, err
			}
			nodeL.place = place
		}
		if o.cold > 0 {
			cold, fails, err := measureCold(o, appwriteL, nodeL, out)
			if err != nil {
				return rep, nil, err
			}
			rep.Cold, failures = cold, append(failures, fails...)
		}
	}

	rep.Workload = "me"
	if o.mix {
		rep.Workload = "mix"
	}
	if len(o.latencies) > 0 {
		for _, latency := range o.latencies {
			fmt.Fprintf(out, "\n== upstream latency %v\n", latency)
			o.latency = latency
			levels, fails, err := runLevels(o, goL, nodeL, out)
			if err != nil {
				return rep, nil, err
			}
			rep.Sweep = append(rep.Sweep, sweepPoint{LatencyMs: ms(latency), Levels: levels})
			failures = append(failures, fails...)
		}
		printSweep(out, rep.Sweep)
		return rep, failures, nil
	}
	if o.latency > 0 {
		rep.Latency = o.latency.String()
	}
	levels, fails, err := runLevels(o, goL, nodeL, out)
	if err != nil {
		return rep, nil, err
	}
	rep.Levels, failures = levels, append(failures, fails...)
	if len(rep.Levels) > 1 || o.nodeDir != "" {
		printSummary(out, rep)
	}
	return rep, failures, nil
}

// runLevels runs the load at every level of o, against the Go function
// and the Node baseline (or o.target), and returns each level's results
// and the failures found.
func runLevels(o options, goL, nodeL launcher, out io.Writer) ([]levelResults, []string, error) {
	var levels []levelResults
	var failures []string
	for _, users := range o.levels {
		lr := levelResults{Users: users}
		if o.target != "" {
			for round := 0; round < o.rounds; round++ {
				res := runLoad(o.loadConfig(strings.TrimRight(o.target, "/"), users, 0), nil)
				res.Target = o.target
				lr.Go = merge(lr.Go, &res)
			}
		} else {
			// Rounds alternate the targets, so that a slow spell of a
			// shared machine falls on both rather than on one.
			up, err := newUpstream(o.latency)
			if err != nil {
				return nil, nil, err
			}
			for round := 0; round < o.rounds; round++ {
				g, err := loadOne(goL, up, users, o)
				if err != nil {
					up.close()
					return nil, nil, err
				}
				lr.Go = merge(lr.Go, g)
				if o.nodeDir != "" {
					n, err := loadOne(nodeL, up, users, o)
					if err != nil {
						up.close()
						return nil, nil, err
					}
					lr.Node = merge(lr.Node, n)
				}
			}
			up.close()
		}
		printLevel(out, lr)
		levels = append(levels, lr)
		failures = append(failures, check(lr, o, users == o.levels[len(o.levels)-1])...)
	}
	return levels, failures, nil
}

// loadConfig is the run of o's workload against url with users users.
func (o options) loadConfig(url string, users, pid int) loadConfig {
	return loadConfig{url: url, users: users, warmup: o.warmup, duration: o.duration, origin: o.origin, pid: pid,
		mix: o.mix, reads: o.reads, latency: o.latency}
}

// loadOne starts the function l, runs the load against it and stops it.
func loadOne(l launcher, up *upstream, users int, o options) (*loadResult, error) {
	endpoint, listener, err := up.listen()
	if err != nil {
		return nil, err
	}
	p, err := l.start(endpoint, up.emu.ProjectID(), up.emu.APIKey(), o.origin)
	if err != nil {
		return nil, err
	}
	defer p.stop()
	cfg := o.loadConfig(p.url, users, p.pid())
	cfg.code = up.signUpCode
	res := runLoad(cfg, listener)
	res.Target = l.name
	if res.Errors > 0 || res.SignInFails > 0 {
		if s := strings.TrimSpace(p.stderr.String()); s != "" {
			res.FirstErrors = append(res.FirstErrors, "stderr: "+lastLines(s, 5))
		}
	}
	return &res, nil
}

// check returns the run's failures: a leak or a 5xx anywhere, and for the
// Go function any error and, at the highest concurrency, a p99 above
// maxP99Ratio x p50.
func check(lr levelResults, o options, highest bool) []string {
	var f []string
	for _, r := range []*loadResult{lr.Go, lr.Node} {
		if r == nil {
			continue
		}
		if r.Leaks > 0 {
			f = append(f, fmt.Sprintf("%s, %d users: %d responses held another user's data", r.Target, lr.Users, r.Leaks))
		}
		if r.Status5xx > 0 {
			f = append(f, fmt.Sprintf("%s, %d users: %d responses were 5xx", r.Target, lr.Users, r.Status5xx))
		}
	}
	if g := lr.Go; g != nil {
		if g.Errors > 0 || g.SignInFails > 0 {
			f = append(f, fmt.Sprintf("%s, %d users: %d errors, %d failed sign-ins: %v", g.Target, lr.Users, g.Errors, g.SignInFails, g.FirstErrors))
		}
		if g.Requests == 0 {
			f = append(f, fmt.Sprintf("%s, %d users: no request completed", g.Target, lr.Users))
		}
		if highest && o.maxP99Ratio > 0 && g.P50 > 0 && float64(g.P99) > o.maxP99Ratio*float64(g.P50) {
			f = append(f, fmt.Sprintf("%s, %d users: p99 %.2f ms is above %g x p50 (%.2f ms)", g.Target, lr.Users, g.P99ms, o.maxP99Ratio, g.P50ms))
		}
		if o.roundTripSlack >= 0 {
			f = append(f, checkRoundTrips(g, lr.Users, o.store, o.roundTripSlack)...)
		}
		if peak := float64(g.PeakRSS) / (1 << 20); o.maxRSS > 0 && peak > o.maxRSS {
			f = append(f, fmt.Sprintf("%s, %d users: peak RSS %.1f MiB is above -max-rss %g MiB", g.Target, lr.Users, peak, o.maxRSS))
		}
	}
	return f
}

func measureCold(o options, goL, nodeL launcher, out io.Writer) ([]coldResult, []string, error) {
	up, err := newUpstream(0)
	if err != nil {
		return nil, nil, err
	}
	defer up.close()
	var results []coldResult
	for _, l := range []launcher{goL, nodeL} {
		if l.path == "" {
			continue
		}
		res, err := coldStart(l, up, o.cold, o.origin)
		if err != nil {
			return nil, nil, err
		}
		results = append(results, res)
		fmt.Fprintf(out, "cold start %-5s %d runs: to first /me median %.1f ms (min %.1f, max %.1f); listening after %.1f ms, first /me %.1f ms (medians); RSS after it %s\n",
			res.Target, res.Runs, res.median(), res.TotalMs[0], res.TotalMs[len(res.TotalMs)-1],
			medianOf(res.ReadyMs), medianOf(res.FirstMs), mib(res.IdleRSS))
	}
	return results, nil, nil
}

func printLevel(out io.Writer, lr levelResults) {
	fmt.Fprintf(out, "\n%d users", lr.Users)
	if r := lr.Go; r != nil && r.Rounds > 1 {
		fmt.Fprintf(out, " (%d rounds each, merged)", r.Rounds)
	}
	fmt.Fprintln(out)
	fmt.Fprintf(out, "  %-6s %9s %8s %8s %8s %8s %7s %5s %6s %9s %9s %9s\n",
		"target", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors", "5xx", "leaks", "upstream", "RSS load", "peak RSS")
	for _, r := range []*loadResult{lr.Go, lr.Node} {
		if r == nil {
			continue
		}
		conns := "n/a"
		if r.UpstreamConns >= 0 {
			conns = fmt.Sprint(r.UpstreamConns)
		}
		fmt.Fprintf(out, "  %-6s %9.0f %8.2f %8.2f %8.2f %8.2f %7d %5d %6d %9s %9s %9s\n",
			r.Target, r.RPS, r.P50ms, r.P90ms, r.P99ms, r.MaxMs, r.Errors, r.Status5xx, r.Leaks, conns, mib(r.RSSUnderLoad), mib(r.PeakRSS))
		if r.UpstreamConns >= 0 {
			fmt.Fprintf(out, "         upstream connections: %d opened in all, %d while measured, at most %d open at once\n",
				r.UpstreamConns, r.UpstreamConnsWindow, r.UpstreamPeakOpen)
		}
		fmt.Fprintf(out, "         p99/p50 %.2f", ratio(r.P99ms, r.P50ms))
		if r.CPUPerRequestUs > 0 {
			fmt.Fprintf(out, "; function process CPU %.0f us per request, %.2f cores busy", r.CPUPerRequestUs, r.CPUCores)
		}
		if r.HarnessCores > 0 {
			fmt.Fprintf(out, "; harness %.2f cores busy", r.HarnessCores)
		}
		fmt.Fprintln(out)
		for _, e := range r.FirstErrors {
			fmt.Fprintf(out, "         error: %s\n", e)
		}
	}
	if lr.Go != nil && lr.Node != nil {
		fmt.Fprintf(out, "  go/node: throughput %.2fx, p50 %.2fx, p99 %.2fx (latency ratios below 1 mean Go is faster)\n",
			ratio(lr.Go.RPS, lr.Node.RPS), ratio(lr.Go.P50ms, lr.Node.P50ms), ratio(lr.Go.P99ms, lr.Node.P99ms))
	}
	printRoutes(out, lr)
}

// printSweep prints each route's p50 and round trips at each latency of a
// sweep, at its highest level.
func printSweep(out io.Writer, sweep []sweepPoint) {
	fmt.Fprintf(out, "\nlatency sweep (p50 ms, sequential round trips)\n  %8s %-14s %18s %18s\n", "latency", "route", "go", "node")
	for _, pt := range sweep {
		lr := pt.Levels[len(pt.Levels)-1]
		if lr.Go == nil {
			continue
		}
		for _, g := range lr.Go.Routes {
			node := "-"
			if n := routeOf(lr.Node, g.Route); n != nil {
				node = fmt.Sprintf("%7.2f (%5.2f)", n.P50ms, n.RoundTrips)
			}
			fmt.Fprintf(out, "  %6.0fms %-14s %9.2f (%5.2f) %18s\n", pt.LatencyMs, g.Route, g.P50ms, g.RoundTrips, node)
		}
	}
}

func printSummary(out io.Writer, rep report) {
	fmt.Fprintf(out, "\nsummary\n  %6s %10s %10s %8s %9s %9s %8s %9s %9s\n", "users", "go req/s", "node req/s", "go/node", "go p99", "node p99", "go/node", "go RSS", "node RSS")
	for _, lr := range rep.Levels {
		g, n := lr.Go, lr.Node
		if n == nil {
			fmt.Fprintf(out, "  %6d %10.0f %10s %8s %9.2f %9s %8s %9s %9s\n", lr.Users, g.RPS, "-", "-", g.P99ms, "-", "-", mib(g.RSSUnderLoad), "-")
			continue
		}
		fmt.Fprintf(out, "  %6d %10.0f %10.0f %7.2fx %9.2f %9.2f %7.2fx %9s %9s\n", lr.Users, g.RPS, n.RPS, ratio(g.RPS, n.RPS),
			g.P99ms, n.P99ms, ratio(g.P99ms, n.P99ms), mib(g.RSSUnderLoad), mib(n.RSSUnderLoad))
	}
}

func chart(path string, rep report) error {
	if len(rep.Sweep) > 0 {
		return sweepChart(path, rep)
	}
	var levels []int
	goRPS, nodeRPS, goP99, nodeP99 := series{name: "Go", color: goColor}, series{name: "Node", color: nodeColor},
		series{name: "Go", color: goColor}, series{name: "Node", color: nodeColor}
	haveNode := false
	for _, lr := range rep.Levels {
		levels = append(levels, lr.Users)
		goRPS.values = append(goRPS.values, lr.Go.RPS)
		goP99.values = append(goP99.values, lr.Go.P99ms)
		if lr.Node != nil {
			haveNode = true
			nodeRPS.values = append(nodeRPS.values, lr.Node.RPS)
			nodeP99.values = append(nodeP99.values, lr.Node.P99ms)
		} else {
			nodeRPS.values = append(nodeRPS.values, math.NaN())
			nodeP99.values = append(nodeP99.values, math.NaN())
		}
	}
	what := "GET /me"
	if rep.Workload == "mix" {
		what = "Mix"
	}
	rps, p99 := panel{title: what + " requests/s", series: []series{goRPS}}, panel{title: what + " p99 latency (ms)", series: []series{goP99}}
	if haveNode {
		rps.series = append(rps.series, nodeRPS)
		p99.series = append(p99.series, nodeP99)
	}
	m := rep.Machine
	where := "Function, emulator and load generator share the machine"
	if len(m.FunctionCPUs) > 0 {
		where = fmt.Sprintf("Function on CPU %s, emulator and load generator on CPU %s", cpuList(m.FunctionCPUs), cpuList(m.HarnessCPUs))
	}
	load := rep.Duration + " of load per point"
	if rep.Rounds > 1 {
		load = fmt.Sprintf("%d rounds of %s per point and target", rep.Rounds, rep.Duration)
	}
	if rep.Latency != "" {
		load += ", " + rep.Latency + " in front of every call to Appwrite"
	}
	foot := fmt.Sprintf("%s, %d CPUs, %s, node %s. %s; %s. %s", m.CPU, m.CPUs, m.Go, orNA(m.Node), where, load, m.Start)
	return renderChart(path, "Go function vs node-appwrite, same emulator", foot, levels, []panel{rps, p99})
}

// sweepChart draws a -latency-sweep: one panel per route of the mix, its
// p50 against the upstream latency, for Go and Node.
func sweepChart(path string, rep report) error {
	var xs []int
	var panels []panel
	for _, route := range mixRoutes {
		g, n := series{name: "Go", color: goColor}, series{name: "Node", color: nodeColor}
		for _, pt := range rep.Sweep {
			lr := pt.Levels[len(pt.Levels)-1]
			gv, nv := math.NaN(), math.NaN()
			if r := routeOf(lr.Go, route); r != nil {
				gv = r.P50ms
			}
			if r := routeOf(lr.Node, route); r != nil {
				nv = r.P50ms
			}
			g.values, n.values = append(g.values, gv), append(n.values, nv)
		}
		panels = append(panels, panel{title: route + " p50 (ms)", xLabel: "UPSTREAM LATENCY (MS)", series: []series{g, n}})
	}
	for _, pt := range rep.Sweep {
		xs = append(xs, int(math.Round(pt.LatencyMs)))
	}
	users := rep.Sweep[0].Levels[len(rep.Sweep[0].Levels)-1].Users
	m := rep.Machine
	foot := fmt.Sprintf("%s, %d CPUs, %s, node %s. The mix, %d users, %s per point; every call to the emulator delayed by the latency shown. %s",
		m.CPU, m.CPUs, m.Go, orNA(m.Node), users, rep.Duration, m.Start)
	return renderChart(path, "Latency of each route against the latency to Appwrite", foot, xs, panels)
}

// cpuList writes CPU numbers as 0,2,3.
func cpuList(cpus []int) string {
	s := make([]string, len(cpus))
	for i, c := range cpus {
		s[i] = strconv.Itoa(c)
	}
	return strings.Join(s, ",")
}

// readReport reads what -json wrote.
func readReport(path string) (report, error) {
	var rep report
	data, err := os.ReadFile(path)
	if err != nil {
		return rep, err
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		return rep, fmt.Errorf("%s: %w", path, err)
	}
	if len(rep.Levels) == 0 && len(rep.Sweep) == 0 {
		return rep, fmt.Errorf("%s holds no load run", path)
	}
	return rep, nil
}

func describeMachine(o options) machine {
	m := machine{CPUs: runtime.NumCPU(), Go: runtime.Version(), OS: runtime.GOOS + "/" + runtime.GOARCH, Start: time.Now().UTC().Format("2006-01-02 15:04 UTC")}
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	if out, err := exec.Command("go", "env", "GOVERSION").Output(); err == nil {
		m.Go = strings.TrimSpace(string(out)) // the toolchain that builds the function
	}
	if o.nodeDir != "" {
		if out, err := exec.Command(o.nodeBin, "--version").Output(); err == nil {
			m.Node = strings.TrimSpace(string(out))
		}
	}
	return m
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

func mib(b int64) string {
	if b <= 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.1fMiB", float64(b)/(1<<20))
}

func orNA(s string) string {
	if s == "" {
		return "n/a"
	}
	return s
}

func lastLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}
