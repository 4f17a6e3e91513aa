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
	flags := flag.NewFlagSet("dev", flag.ContinueOnError)
	flags.SetOutput(io.Discard) // run prints the usage itself
	defaultAddr := "localhost:3000"
	if port := getenv("PORT"); port != "" {
		defaultAddr = "localhost:" + port
	}
	addr := flags.String("addr", defaultAddr, "address the function listens on (or set PORT)")
	emulatorAddr := flags.String("emulator-addr", "127.0.0.1:0", "address of the embedded Appwrite emulator")
	envFile := flags.String("env-file", ".env", "file of KEY=VALUE lines read before the environment")
	// localhost like the function: same site, other origin, as an app and
	// its auth.example.com are; 127.0.0.1 would be another site, where
	// browsers neither send nor store the SameSite=Lax session cookie.
	appAddr := flags.String("app-addr", defaultAppAddr, "address of the demo app, a second origin (empty: no demo)")
	logsPath := flags.String("logs", "", "append the function's log lines to this file, as Appwrite's runtime writes them to one (empty: standard output)")
	upstreamLatency := flags.Duration("upstream-latency", 0, "delay every call to the embedded emulator by this much (the function's and its rate limiter's), as a network round trip to a real Appwrite would: 1-5ms in one region, 20-80ms across regions")
	appwriteVersion := flags.String("appwrite-version", appwritetest.DefaultServerVersion,
		"which Appwrite the embedded emulator behaves as: "+knownVersions)
	cwd, err := os.Getwd()
	if err != nil {
		return err
	}
	functionTimeout, err := appwriteJSONTimeout(cwd)
	if err != nil {
		return err
	}
	timeout := flags.Int("timeout", functionTimeout, "seconds an execution may run when the request has no x-open-runtimes-timeout header, as the function's timeout on Appwrite (default: appwrite.json's timeout; 0: no limit)")
	dataDir := flags.String("data", "", "keep the emulator's users, sessions, tokens, outbox and the rate-limit counters in DIR/"+stateFileName+" across restarts (empty: in memory only)")
	logFormat := flags.String("log-format", "", "the function's log lines: "+logText+" (one short line each) or "+logJSON+" (as the deployed function writes them); default "+logText+" on a terminal, else "+logJSON)
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printUsage(flags, stdout)
			return nil
		}
		printUsage(flags, os.Stderr)
		return err
	}
	if *timeout < 0 {
		return fmt.Errorf("-timeout %d: want whole seconds, or 0 for no limit", *timeout)
	}
	if *upstreamLatency < 0 {
		return fmt.Errorf("-upstream-latency %v: want a duration of 0 or more", *upstreamLatency)
	}
	if !appwritetest.ValidServerVersion(*appwriteVersion) {
		return fmt.Errorf("-appwrite-version %q: want %s", *appwriteVersion, knownVersions)
	}
	if *logFormat != "" && *logFormat != logText && *logFormat != logJSON {
		return fmt.Errorf("-log-format %q: want %s or %s", *logFormat, logText, logJSON)
	}

	env, err := loadEnv(*envFile, getenv)
	if err != nil {
		return err
	}
	if err := env.checkAppwrite(); err != nil {
		return err
	}

	fnListener, err := listen(*addr, "the function", "choose another with -addr HOST:PORT or the PORT variable")
	if err != nil {
		return err
	}
	defer fnListener.Close()
	functionURL := "http://" + displayAddr(fnListener.Addr(), *addr)
	consoleURL := functionURL + consolePath

	var printed []string
	printed = append(printed, "function: "+functionURL, "console: "+consoleURL)

	var appListener net.Listener
	var appURL, appNote string
	if *appAddr != "" {
		appListener, err = net.Listen("tcp", *appAddr)
		if err != nil && *appAddr == defaultAppAddr {
			// The usual port is taken (by a Vite server, say): the demo
			// takes any free one rather than stopping the function.
			appListener, err = net.Listen("tcp", "localhost:0")
			if err == nil {
				appNote = "app port: " + defaultAppAddr + " is taken (another dev server?), so the demo app took " +
					displayAddr(appListener.Addr(), defaultAppAddr)
			}
		}
		if err != nil {
			return listenError(err, *appAddr, "the demo app", "choose another with -app-addr HOST:PORT, or -app-addr \"\" for no demo")
		}
		defer appListener.Close()
		appURL = "http://" + displayAddr(appListener.Addr(), *appAddr)
		// The demo calls the function from its own origin: it is always
		// allowed, after the user's own origins (the first of which stays
		// the default redirect). Redirects follow the allowed origins
		// unless ALLOWED_REDIRECT_URLS says otherwise, and then the demo
		// is added there too.
		env.values["ALLOWED_ORIGINS"] = appendOrigin(env.get("ALLOWED_ORIGINS"), appURL)
		if env.get("ALLOWED_REDIRECT_URLS") != "" {
			env.values["ALLOWED_REDIRECT_URLS"] = appendOrigin(env.get("ALLOWED_REDIRECT_URLS"), appURL)
		}
	}
	var outboxURL string

	var servers []*http.Server
	var emulator *appwritetest.Emulator
	var emuListener net.Listener
	info := consoleInfo{Function: functionURL, App: appURL, OpenAPI: functionURL + "/openapi.json", Health: functionURL + "/health"}

	if !env.usesRealAppwrite() {
		emuListener, err = listen(*emulatorAddr, "the Appwrite emulator", "choose another with -emulator-addr HOST:PORT")
		if err != nil {
			return err
		}
		defer emuListener.Close()
		emulator = appwritetest.New(
			appwritetest.WithProjectID("dev"),
			appwritetest.WithPlatformHosts("localhost", "127.0.0.1"),
			appwritetest.WithServerVersion(*appwriteVersion),
			appwritetest.WithLatency(*upstreamLatency),
		)
		emuURL := "http://" + emuListener.Addr().String()
		outboxURL = emuURL + "/__emulator/outbox"
		env.values["APPWRITE_FUNCTION_API_ENDPOINT"] = emuURL + "/v1"
		env.values["APPWRITE_FUNCTION_PROJECT_ID"] = emulator.ProjectID()
		env.values["APPWRITE_API_KEY"] = emulator.APIKey()
		info.Emulator, info.Emulates = emuURL+"/v1", emulatorVersionName(emulator.ServerVersion())
		printed = append(printed,
			"emulator: "+emuURL+"/v1",
			"emulates: Appwrite "+emulatorVersionName(emulator.ServerVersion()),
			"project: "+emulator.ProjectID(),
			"api key: "+emulator.APIKey(),
			"outbox: "+outboxURL,
		)
		if *upstreamLatency > 0 {
			printed = append(printed, "upstream latency: "+upstreamLatency.String()+" in front of every call to the emulator")
		}
	} else {
		for _, name := range []string{"appwrite-version", "upstream-latency"} {
			if flagSet(flags, name) {
				return fmt.Errorf("-%s applies to the embedded emulator; with APPWRITE_FUNCTION_API_ENDPOINT set the function talks to that Appwrite instead", name)
			}
		}
		info.Appwrite = env.get("APPWRITE_FUNCTION_API_ENDPOINT")
		printed = append(printed,
			"appwrite: "+env.get("APPWRITE_FUNCTION_API_ENDPOINT"),
			"project: "+env.get("APPWRITE_FUNCTION_PROJECT_ID"),
		)
	}
	// Appwrite does not tell the function its timeout; the dev runtime
	// does, so that its startup check can compare UPSTREAM_TIMEOUT with it.
	if env.get("FUNCTION_TIMEOUT") == "" && *timeout > 0 {
		env.values["FUNCTION_TIMEOUT"] = strconv.Itoa(*timeout)
	}
	// The function reads its variables with os.Getenv, as on Appwrite.
	for k, v := range env.values {
		if err := os.Setenv(k, v); err != nil {
			return err
		}
	}
	// Its configuration is read now, not at the first request: a problem
	// stops the dev runtime here, before "ready".
	fn, err := server.NewDevFunction(os.Getenv)
	if err != nil {
		return configError(err)
	}
	origins, _ := security.ParseOrigins(os.Getenv("ALLOWED_ORIGINS")) // valid: the function just parsed it
	info.AllowedOrigins = origins.List()
	policy := fn.Policy
	info.RateLimitStore = policy.Store
	info.Budgets = consoleBudget{WindowSeconds: int(policy.Window.Seconds()), PerIP: policy.PerIP, PerIPAccount: policy.PerIPEmailFailures,
		PerAccount: policy.PerEmailFailures, TrustedForHours: int(policy.TrustedFor.Hours())}

	labels := newKeyLabels()
	changed := func() {}
	var state *stateStore
	if *dataDir != "" {
		state, err = openState(*dataDir, emulator, fn.Memory, labels, time.Now)
		if err != nil {
			return err
		}
		changed = state.changed
		info.State = state.path
	} else {
		info.State = "in memory only, gone when the dev runtime stops (keep it with -data DIR)"
	}
	if emulator == nil {
		info.State += "; the users are in your Appwrite"
	}
	printed = append(printed, "state: "+info.State)

	if emulator != nil {
		if policy.Store == ratelimit.StoreAppwrite {
			// What `appwrite push tables` provisions from appwrite.json;
			// a table restored from -data is there already.
			err := emulator.CreateTable(policy.Database, policy.Table, ratelimit.ColumnCount, ratelimit.ColumnResetAt)
			if err != nil && !errors.Is(err, appwritetest.ErrTableExists) {
				return fmt.Errorf("creating the rate-limit table in the emulator: %w", err)
			}
		}
		srv := &http.Server{Handler: markChanged(emulator, changed), ReadHeaderTimeout: 10 * time.Second}
		servers = append(servers, srv)
		go srv.Serve(emuListener)
	}

	logDest := os.Stdout
	if *logsPath != "" {
		f, err := os.OpenFile(*logsPath, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
		if err != nil {
			return err
		}
		defer f.Close()
		logDest = f
	}
	logs, logsDone, err := openLogs(logDest, *logFormat, time.Now)
	if err != nil {
		return err
	}
	defer logsDone()

	con := &console{emu: emulator, fn: fn, labels: labels, info: info, changed: changed, now: time.Now}
	function := &devHints{
		next:       markChanged(runtimeHandler(fn.Main, logs, os.Stderr, time.Duration(*timeout)*time.Second), changed),
		origins:    origins,
		consoleURL: consoleURL,
		errs:       os.Stderr,
		labels:     labels,
	}
	fnServer := &http.Server{
		Handler:           withConsole(con.handler(), function),
		ReadHeaderTimeout: 10 * time.Second,
	}
	servers = append(servers, fnServer)
	serveErr := make(chan error, 1)
	go func() { serveErr <- fnServer.Serve(fnListener) }()

	if appListener != nil {
		appServer := &http.Server{
			Handler:           web.DemoHandler(web.DemoConfig{FunctionURL: functionURL, OutboxURL: outboxURL, ConsoleURL: consoleURL}),
			ReadHeaderTimeout: 10 * time.Second,
		}
		servers = append(servers, appServer)
		go appServer.Serve(appListener)
		printed = append(printed, "app: "+appURL)
		if appNote != "" {
			printed = append(printed, appNote)
		}
	}
	printed = append(printed, "allowed origins: "+strings.Join(info.AllowedOrigins, ", "))

	stopSaving := make(chan struct{})
	saved := make(chan struct{})
	if state != nil {
		go func() {
			defer close(saved)
			state.run(stopSaving, func(err error) { fmt.Fprintln(os.Stderr, "dev: saving the state:", err) })
		}()
	} else {
		close(saved)
	}

	for _, line := range printed {
		fmt.Fprintln(stdout, line)
	}
	fmt.Fprintln(stdout, "ready")

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
	for _, srv := range servers {
		srv.Shutdown(shutdown)
	}
	close(stopSaving) // the last save, once no request runs
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
