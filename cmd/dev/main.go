// Command dev runs the function locally, the way Appwrite's Go runtime
// serves it, with no Appwrite account and no Docker:
//
//	go run ./cmd/dev
//
// With no Appwrite variables set it starts the appwritetest emulator in the
// same process and points the function at it. With
// APPWRITE_FUNCTION_API_ENDPOINT, APPWRITE_FUNCTION_PROJECT_ID and
// APPWRITE_API_KEY (in the environment or a .env file) it talks to that
// Appwrite instead; some of the three without the others is an error. It
// also serves the demo app (package web) on a second origin, -app-addr,
// whose origin it always adds to ALLOWED_ORIGINS, and a dev console at
// /__dev/ on the function's origin (console.go). It reads the function's
// configuration before it serves, and stops with every problem listed
// rather than answering each request with a 500. At start it prints
// where everything is, one "name: value" line each (see README.md), then
// "ready".
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"openruntimes/handler/appwritetest"
	"openruntimes/handler/internal/server"
	"openruntimes/handler/security"
	"openruntimes/handler/security/ratelimit"
	"openruntimes/handler/session"
	"openruntimes/handler/web"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "dev:", err)
		os.Exit(1)
	}
}

// usageHeader comes before the flags in -h.
const usageHeader = `Usage: go run ./cmd/dev [flags]

Runs the function locally as Appwrite's Go runtime serves it, with an
embedded Appwrite emulator (or the Appwrite that APPWRITE_FUNCTION_API_ENDPOINT,
APPWRITE_FUNCTION_PROJECT_ID and APPWRITE_API_KEY name), the demo app on a
second origin and a dev console. The function's settings come from the
environment and a .env file (see .env.example); PORT sets the function's port.

Flags:
`

// run starts the dev runtime and serves until ctx is done.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	opts, err := parseFlags(args, getenv, stdout)
	if err != nil || opts == nil {
		return err
	}
	env, err := loadEnv(opts.envFile, getenv)
	if err != nil {
		return err
	}
	if err := env.checkAppwrite(); err != nil {
		return err
	}
	d := &devRuntime{opts: opts, env: env}
	defer d.close()
	if err := d.listen(); err != nil {
		return err
	}
	if err := d.connectAppwrite(); err != nil {
		return err
	}
	fn, err := d.loadFunction()
	if err != nil {
		return err
	}
	if err := d.openState(fn); err != nil {
		return err
	}
	if err := d.serveEmulator(fn.Policy); err != nil {
		return err
	}
	serveErr, err := d.serveFunction(fn)
	if err != nil {
		return err
	}
	d.serveApp()
	d.printed = append(d.printed, "allowed origins: "+strings.Join(d.info.AllowedOrigins, ", "))
	saved := d.startSaving()
	for _, line := range d.printed {
		fmt.Fprintln(stdout, line)
	}
	fmt.Fprintln(stdout, "ready")
	return d.wait(ctx, serveErr, saved)
}

// devOptions are the dev runtime's flags.
type devOptions struct {
	addr, emulatorAddr, envFile, appAddr, logsPath string
	upstreamLatency                                time.Duration
	appwriteVersion                                string
	timeout                                        int
	dataDir, logFormat                             string
	flags                                          *flag.FlagSet // to tell which were given
}

// parseFlags reads and checks the flags. After -h, which it answers on
// stdout, it returns nil options and no error.
func parseFlags(args []string, getenv func(string) string, stdout io.Writer) (*devOptions, error) {
	flags := flag.NewFlagSet("dev", flag.ContinueOnError)
	flags.SetOutput(io.Discard) // parseFlags prints the usage itself
	o := &devOptions{flags: flags}
	defaultAddr := "localhost:3000"
	if port := getenv("PORT"); port != "" {
		defaultAddr = "localhost:" + port
	}
	flags.StringVar(&o.addr, "addr", defaultAddr, "address the function listens on (or set PORT)")
	flags.StringVar(&o.emulatorAddr, "emulator-addr", "127.0.0.1:0", "address of the embedded Appwrite emulator")
	flags.StringVar(&o.envFile, "env-file", ".env", "file of KEY=VALUE lines read before the environment")
	// localhost like the function: same site, other origin, as an app and
	// its auth.example.com are; 127.0.0.1 would be another site, where
	// browsers neither send nor store the SameSite=Lax session cookie.
	flags.StringVar(&o.appAddr, "app-addr", defaultAppAddr, "address of the demo app, a second origin (empty: no demo)")
	flags.StringVar(&o.logsPath, "logs", "", "append the function's log lines to this file, as Appwrite's runtime writes them to one (empty: standard output)")
	flags.DurationVar(&o.upstreamLatency, "upstream-latency", 0, "delay every call to the embedded emulator by this much (the function's and its rate limiter's), as a network round trip to a real Appwrite would: 1-5ms in one region, 20-80ms across regions")
	flags.StringVar(&o.appwriteVersion, "appwrite-version", appwritetest.DefaultServerVersion,
		"which Appwrite the embedded emulator behaves as: "+knownVersions)
	cwd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	functionTimeout, err := appwriteJSONTimeout(cwd)
	if err != nil {
		return nil, err
	}
	flags.IntVar(&o.timeout, "timeout", functionTimeout, "seconds an execution may run when the request has no x-open-runtimes-timeout header, as the function's timeout on Appwrite (default: appwrite.json's timeout; 0: no limit)")
	flags.StringVar(&o.dataDir, "data", "", "keep the emulator's users, sessions, tokens, outbox and the rate-limit counters in DIR/"+stateFileName+" across restarts (empty: in memory only)")
	flags.StringVar(&o.logFormat, "log-format", "", "the function's log lines: "+logText+" (one short line each) or "+logJSON+" (as the deployed function writes them); default "+logText+" on a terminal, else "+logJSON)
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printUsage(flags, stdout)
			return nil, nil
		}
		printUsage(flags, os.Stderr)
		return nil, err
	}
	return o, o.check()
}

// check refuses flag values no run can use.
func (o *devOptions) check() error {
	switch {
	case o.timeout < 0:
		return fmt.Errorf("-timeout %d: want whole seconds, or 0 for no limit", o.timeout)
	case o.upstreamLatency < 0:
		return fmt.Errorf("-upstream-latency %v: want a duration of 0 or more", o.upstreamLatency)
	case !appwritetest.ValidServerVersion(o.appwriteVersion):
		return fmt.Errorf("-appwrite-version %q: want %s", o.appwriteVersion, knownVersions)
	case o.logFormat != "" && o.logFormat != logText && o.logFormat != logJSON:
		return fmt.Errorf("-log-format %q: want %s or %s", o.logFormat, logText, logJSON)
	}
	return nil
}

// devRuntime is the dev runtime as run builds it, step by step: its
// listeners, servers and what it prints at start.
type devRuntime struct {
	opts *devOptions
	env  *devEnv

	fnListener, appListener, emuListener net.Listener
	functionURL, consoleURL              string
	appURL, appNote, outboxURL           string
	emulator                             *appwritetest.Emulator // nil with a real Appwrite
	info                                 consoleInfo
	origins                              *security.Origins
	labels                               *keyLabels
	state                                *stateStore // nil without -data
	changed                              func()      // called after every request: the state may have changed
	stopSaving                           func()      // ends startSaving's saver; nil without -data

	printed []string       // the "name: value" lines before "ready"
	servers []*http.Server // shut down when run ends
	closers []func()       // run in reverse when run ends
}

// close releases what the steps opened, the last first.
func (d *devRuntime) close() {
	for i := len(d.closers) - 1; i >= 0; i-- {
		d.closers[i]()
	}
}

// onClose has close call f.
func (d *devRuntime) onClose(f func()) { d.closers = append(d.closers, f) }

// listen opens the function's listener and the demo app's, and allows the
// demo's origin.
func (d *devRuntime) listen() error {
	l, err := listen(d.opts.addr, "the function", "choose another with -addr HOST:PORT or the PORT variable")
	if err != nil {
		return err
	}
	d.onClose(func() { l.Close() })
	d.fnListener = l
	d.functionURL = "http://" + displayAddr(l.Addr(), d.opts.addr)
	d.consoleURL = d.functionURL + consolePath
	d.printed = append(d.printed, "function: "+d.functionURL, "console: "+d.consoleURL)
	d.info = consoleInfo{Function: d.functionURL, OpenAPI: d.functionURL + "/openapi.json", Health: d.functionURL + "/health"}
	if d.opts.appAddr == "" {
		return nil
	}
	if err := d.listenApp(); err != nil {
		return err
	}
	d.info.App = d.appURL
	// The demo calls the function from its own origin: it is always
	// allowed, after the user's own origins (the first of which stays the
	// default redirect). Redirects follow the allowed origins unless
	// ALLOWED_REDIRECT_URLS says otherwise, and then the demo is added
	// there too.
	d.env.values["ALLOWED_ORIGINS"] = appendOrigin(d.env.get("ALLOWED_ORIGINS"), d.appURL)
	if d.env.get("ALLOWED_REDIRECT_URLS") != "" {
		d.env.values["ALLOWED_REDIRECT_URLS"] = appendOrigin(d.env.get("ALLOWED_REDIRECT_URLS"), d.appURL)
	}
	return nil
}

// listenApp opens the demo app's listener: on -app-addr, or on any free
// port when the default one is taken (by a Vite server, say), rather than
// stopping the function.
func (d *devRuntime) listenApp() error {
	addr := d.opts.appAddr
	l, err := net.Listen("tcp", addr)
	if err != nil && addr == defaultAppAddr {
		l, err = net.Listen("tcp", "localhost:0")
		if err == nil {
			d.appNote = "app port: " + defaultAppAddr + " is taken (another dev server?), so the demo app took " +
				displayAddr(l.Addr(), defaultAppAddr)
		}
	}
	if err != nil {
		return listenError(err, addr, "the demo app", "choose another with -app-addr HOST:PORT, or -app-addr \"\" for no demo")
	}
	d.onClose(func() { l.Close() })
	d.appListener = l
	d.appURL = "http://" + displayAddr(l.Addr(), addr)
	return nil
}

// connectAppwrite points the function at the embedded emulator, which it
// starts listening, or at the Appwrite the variables name.
func (d *devRuntime) connectAppwrite() error {
	if d.env.usesRealAppwrite() {
		for _, name := range []string{"appwrite-version", "upstream-latency"} {
			if flagSet(d.opts.flags, name) {
				return fmt.Errorf("-%s applies to the embedded emulator; with APPWRITE_FUNCTION_API_ENDPOINT set the function talks to that Appwrite instead", name)
			}
		}
		d.info.Appwrite = d.env.get("APPWRITE_FUNCTION_API_ENDPOINT")
		d.printed = append(d.printed,
			"appwrite: "+d.env.get("APPWRITE_FUNCTION_API_ENDPOINT"),
			"project: "+d.env.get("APPWRITE_FUNCTION_PROJECT_ID"),
		)
		return nil
	}
	l, err := listen(d.opts.emulatorAddr, "the Appwrite emulator", "choose another with -emulator-addr HOST:PORT")
	if err != nil {
		return err
	}
	d.onClose(func() { l.Close() })
	d.emuListener = l
	settings, err := appwriteJSONSettings(".")
	if err != nil {
		return err
	}
	emu := appwritetest.New(append([]appwritetest.Option{
		appwritetest.WithProjectID("dev"),
		appwritetest.WithPlatformHosts("localhost", "127.0.0.1"),
		appwritetest.WithServerVersion(d.opts.appwriteVersion),
		appwritetest.WithLatency(d.opts.upstreamLatency),
	}, settings...)...)
	d.emulator = emu
	emuURL := "http://" + l.Addr().String()
	d.outboxURL = emuURL + "/__emulator/outbox"
	d.env.values["APPWRITE_FUNCTION_API_ENDPOINT"] = emuURL + "/v1"
	d.env.values["APPWRITE_FUNCTION_PROJECT_ID"] = emu.ProjectID()
	d.env.values["APPWRITE_API_KEY"] = emu.APIKey()
	d.info.Emulator, d.info.Emulates = emuURL+"/v1", emulatorVersionName(emu.ServerVersion())
	d.printed = append(d.printed,
		"emulator: "+emuURL+"/v1",
		"emulates: Appwrite "+emulatorVersionName(emu.ServerVersion()),
		"project: "+emu.ProjectID(),
		"api key: "+emu.APIKey(),
		"outbox: "+d.outboxURL,
	)
	if d.opts.upstreamLatency > 0 {
		d.printed = append(d.printed, "upstream latency: "+d.opts.upstreamLatency.String()+" in front of every call to the emulator")
	}
	return nil
}

// loadFunction sets the process's environment from the variables, as
// Appwrite sets the function's (it reads them with os.Getenv), and reads
// the function's configuration now rather than at the first request: a
// problem stops the dev runtime here, before "ready".
func (d *devRuntime) loadFunction() (*server.DevFunction, error) {
	// Appwrite does not tell the function its timeout; the dev runtime
	// does, so that its startup check can compare UPSTREAM_TIMEOUT with it.
	if d.env.get("FUNCTION_TIMEOUT") == "" && d.opts.timeout > 0 {
		d.env.values["FUNCTION_TIMEOUT"] = strconv.Itoa(d.opts.timeout)
	}
	for k, v := range d.env.values {
		if err := os.Setenv(k, v); err != nil {
			return nil, err
		}
	}
	fn, err := server.NewDevFunction(os.Getenv)
	if err != nil {
		return nil, configError(err)
	}
	d.origins, _ = security.ParseOrigins(os.Getenv("ALLOWED_ORIGINS")) // valid: the function just parsed it
	d.info.AllowedOrigins = d.origins.List()
	policy := fn.Policy
	d.info.RateLimitStore = policy.Store
	d.info.Budgets = consoleBudget{WindowSeconds: int(policy.Window.Seconds()), PerIP: policy.PerIP, PerIPAccount: policy.PerIPEmailFailures,
		PerAccount: policy.PerEmailFailures, TrustedForHours: int(policy.TrustedFor.Hours())}
	return fn, nil
}

// openState restores and keeps the state in -data's directory, if any.
func (d *devRuntime) openState(fn *server.DevFunction) error {
	d.labels = newKeyLabels()
	d.changed = func() {}
	if d.opts.dataDir != "" {
		state, err := openState(d.opts.dataDir, d.emulator, fn.Memory, d.labels, time.Now)
		if err != nil {
			return err
		}
		d.state, d.changed = state, state.changed
		d.info.State = state.path
	} else {
		d.info.State = "in memory only, gone when the dev runtime stops (keep it with -data DIR)"
	}
	if d.emulator == nil {
		d.info.State += "; the users are in your Appwrite"
	}
	d.printed = append(d.printed, "state: "+d.info.State)
	return nil
}

// serveEmulator serves the embedded emulator, if there is one, with the
// rate-limit table the policy needs.
func (d *devRuntime) serveEmulator(policy ratelimit.Policy) error {
	if d.emulator == nil {
		return nil
	}
	if policy.Store == ratelimit.StoreAppwrite {
		// What `appwrite push tables` provisions from appwrite.json; a
		// table restored from -data is there already.
		err := d.emulator.CreateTable(policy.Database, policy.Table, ratelimit.ColumnCount, ratelimit.ColumnResetAt)
		if err != nil && !errors.Is(err, appwritetest.ErrTableExists) {
			return fmt.Errorf("creating the rate-limit table in the emulator: %w", err)
		}
	}
	d.serve(markChanged(d.emulator, d.changed), d.emuListener)
	return nil
}

// serveFunction serves the function and the console on the function's
// listener, writing the log lines where -logs and -log-format say. The
// channel gets the function server's error when it stops serving.
func (d *devRuntime) serveFunction(fn *server.DevFunction) (<-chan error, error) {
	logDest := os.Stdout
	if d.opts.logsPath != "" {
		f, err := os.OpenFile(d.opts.logsPath, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
		if err != nil {
			return nil, err
		}
		d.onClose(func() { f.Close() })
		logDest = f
	}
	logs, logsDone, err := openLogs(logDest, d.opts.logFormat, time.Now)
	if err != nil {
		return nil, err
	}
	d.onClose(logsDone)

	con := &console{emu: d.emulator, fn: fn, labels: d.labels, info: d.info, changed: d.changed, now: time.Now}
	function := &devHints{
		next:       markChanged(runtimeHandler(fn.Main, logs, os.Stderr, time.Duration(d.opts.timeout)*time.Second), d.changed),
		origins:    d.origins,
		consoleURL: d.consoleURL,
		errs:       os.Stderr,
		labels:     d.labels,
	}
	return d.serve(withConsole(con.handler(), function), d.fnListener), nil
}

// serveApp serves the demo app, if there is one.
func (d *devRuntime) serveApp() {
	if d.appListener == nil {
		return
	}
	d.serve(web.DemoHandler(web.DemoConfig{FunctionURL: d.functionURL, OutboxURL: d.outboxURL, ConsoleURL: d.consoleURL}), d.appListener)
	d.printed = append(d.printed, "app: "+d.appURL)
	if d.appNote != "" {
		d.printed = append(d.printed, d.appNote)
	}
}

// serve serves h on l until wait shuts it down; the channel gets the
// server's error when it stops serving.
func (d *devRuntime) serve(h http.Handler, l net.Listener) <-chan error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	d.servers = append(d.servers, srv)
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(l) }()
	return serveErr
}

// startSaving saves the -data state whenever it changes, until wait
// stops it; saved is closed after the last save (at once without -data).
func (d *devRuntime) startSaving() (saved <-chan struct{}) {
	done := make(chan struct{})
	if d.state == nil {
		close(done)
		return done
	}
	stop := make(chan struct{})
	d.stopSaving = func() { close(stop) }
	go func() {
		defer close(done)
		d.state.run(stop, func(err error) { fmt.Fprintln(os.Stderr, "dev: saving the state:", err) })
	}()
	return done
}

// wait serves until ctx is done or the function's server fails, then
// shuts every server down and saves the state a last time, once no
// request runs. It returns the server's failure, if any.
func (d *devRuntime) wait(ctx context.Context, serveErr <-chan error, saved <-chan struct{}) error {
	var failed error
	select {
	case <-ctx.Done():
	case err := <-serveErr:
		if !errors.Is(err, http.ErrServerClosed) {
			failed = err
		}
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, srv := range d.servers {
		srv.Shutdown(shutdown)
	}
	if d.stopSaving != nil {
		d.stopSaving()
	}
	<-saved
	return failed
}

// printUsage writes -h's text.
func printUsage(flags *flag.FlagSet, w io.Writer) {
	fmt.Fprint(w, usageHeader)
	flags.SetOutput(w)
	flags.PrintDefaults()
	flags.SetOutput(io.Discard)
}

// configError lists the function's configuration problems, one a line.
func configError(err error) error {
	var cfgErr *session.ConfigError
	if !errors.As(err, &cfgErr) {
		return err
	}
	return fmt.Errorf("the function's configuration is invalid, so it would answer every request with 500 function_misconfigured:\n  - %s\nSet %s in the environment or in .env (see .env.example and the README's Configuration).",
		strings.Join(cfgErr.Problems, "\n  - "), joinAnd(cfgErr.Variables))
}

// withConsole sends the console's paths to the console and every other
// request to the function, untouched (no path cleaning: the function sees
// what Appwrite's runtime would pass it).
func withConsole(console, function http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == strings.TrimSuffix(consolePath, "/") || strings.HasPrefix(r.URL.Path, consolePath) {
			console.ServeHTTP(w, r)
			return
		}
		function.ServeHTTP(w, r)
	})
}

// markChanged calls changed after every request h serves: any of them may
// have changed the state -data keeps.
func markChanged(h http.Handler, changed func()) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r)
		changed()
	})
}

// appendOrigin adds origin to a comma-separated list.
func appendOrigin(list, origin string) string {
	if strings.TrimSpace(list) == "" {
		return origin
	}
	return list + "," + origin
}

// listen listens on addr for what, and says how to choose another address
// when it cannot.
func listen(addr, what, fix string) (net.Listener, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, listenError(err, addr, what, fix)
	}
	return l, nil
}

// listenError explains a failure to listen on addr.
func listenError(err error, addr, what, fix string) error {
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("%s cannot listen on %s: another program is using it: %s", what, addr, fix)
	}
	return fmt.Errorf("%s cannot listen on %s: %w: %s", what, addr, err, fix)
}

// emulatorVersionName says which Appwrite a server version of the
// emulator is.
func emulatorVersionName(v string) string {
	switch v {
	case appwritetest.ServerCloud19x:
		return v + " (Appwrite Cloud)"
	case appwritetest.ServerBranch18x:
		return v + " (the 1.8.x branch)"
	}
	return v + " (self-hosted 1.8)"
}

// knownVersions names the versions -appwrite-version takes.
var knownVersions = emulatorVersionName(appwritetest.ServerCloud19x) + ", " +
	emulatorVersionName(appwritetest.ServerBranch18x) + " or " + emulatorVersionName(appwritetest.ServerRelease181)

// flagSet reports whether the flag name was given on the command line.
func flagSet(flags *flag.FlagSet, name string) bool {
	set := false
	flags.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// defaultAppAddr is where the demo app is served unless -app-addr says
// otherwise.
const defaultAppAddr = "localhost:5173"

// displayAddr keeps the host name the user asked for (localhost) with the
// port the listener got, since browsers treat localhost specially. An
// address on every interface (":3000", "0.0.0.0:3000") is shown as
// localhost, where a browser on this machine reaches it.
func displayAddr(got net.Addr, asked string) string {
	host, _, err := net.SplitHostPort(asked)
	_, port, err2 := net.SplitHostPort(got.String())
	if err != nil || err2 != nil {
		return got.String()
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}
