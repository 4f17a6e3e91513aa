// Command dev runs the function locally, the way Appwrite's Go runtime
// serves it, with no Appwrite account and no Docker:
//
//	go run ./cmd/dev
//
// With no Appwrite variables set it starts the appwritetest emulator in the
// same process and points the function at it. With
// APPWRITE_FUNCTION_API_ENDPOINT, APPWRITE_FUNCTION_PROJECT_ID and
// APPWRITE_API_KEY (in the environment or a .env file) it talks to that
// Appwrite instead. It also serves the demo app (package web) on a second
// origin, -app-addr, and points ALLOWED_ORIGINS and ALLOWED_REDIRECT_URLS
// at it when ALLOWED_ORIGINS is not set. At start it prints where
// everything is, one "name: value" line each (see README.md).
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
	"syscall"
	"time"

	handler "openruntimes/handler"
	"openruntimes/handler/appwritetest"
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

// run starts the dev runtime and serves until ctx is done.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	flags := flag.NewFlagSet("dev", flag.ContinueOnError)
	defaultAddr := "localhost:3000"
	if port := getenv("PORT"); port != "" {
		defaultAddr = "localhost:" + port
	}
	addr := flags.String("addr", defaultAddr, "address the function listens on")
	emulatorAddr := flags.String("emulator-addr", "127.0.0.1:0", "address of the embedded Appwrite emulator")
	envFile := flags.String("env-file", ".env", "file of KEY=VALUE lines read before the environment")
	// localhost like the function: same site, other origin, as an app and
	// its auth.example.com are; 127.0.0.1 would be another site, where
	// browsers neither send nor store the SameSite=Lax session cookie.
	appAddr := flags.String("app-addr", defaultAppAddr, "address of the demo app, a second origin (empty: no demo)")
	logsPath := flags.String("logs", "", "append the function's log lines to this file, as Appwrite's runtime writes them to one (empty: standard output)")
	upstreamLatency := flags.Duration("upstream-latency", 0, "delay every call to the embedded emulator by this much (the function's and its rate limiter's), as a network round trip to a real Appwrite would: 1-5ms in one region, 20-80ms across regions")
	appwriteVersion := flags.String("appwrite-version", appwritetest.ServerBranch18x,
		"which Appwrite the embedded emulator behaves as: "+appwritetest.ServerBranch18x+" (Appwrite Cloud) or "+appwritetest.ServerRelease181+" (the self-hosted release)")
	cwd, err := os.Getwd()
	if err != nil {
		return err
	}
	functionTimeout, err := appwriteJSONTimeout(cwd)
	if err != nil {
		return err
	}
	timeout := flags.Int("timeout", functionTimeout, "seconds an execution may run when the request has no x-open-runtimes-timeout header, as the function's timeout on Appwrite (default: appwrite.json's timeout; 0: no limit)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *timeout < 0 {
		return fmt.Errorf("-timeout %d: want whole seconds, or 0 for no limit", *timeout)
	}
	if *upstreamLatency < 0 {
		return fmt.Errorf("-upstream-latency %v: want a duration of 0 or more", *upstreamLatency)
	}
	if !appwritetest.ValidServerVersion(*appwriteVersion) {
		return fmt.Errorf("-appwrite-version %q: want %s (Appwrite Cloud) or %s (the self-hosted release)",
			*appwriteVersion, appwritetest.ServerBranch18x, appwritetest.ServerRelease181)
	}

	env, err := loadEnv(*envFile, getenv)
	if err != nil {
		return err
	}

	fnListener, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	defer fnListener.Close()
	functionURL := "http://" + displayAddr(fnListener.Addr(), *addr)

	var appListener net.Listener
	var appURL string
	if *appAddr != "" {
		appListener, err = net.Listen("tcp", *appAddr)
		if err != nil && *appAddr == defaultAppAddr {
			// The usual port is taken (by a Vite server, say): the demo
			// takes any free one rather than stopping the function.
			appListener, err = net.Listen("tcp", "localhost:0")
		}
		if err != nil {
			return err
		}
		defer appListener.Close()
		appURL = "http://" + displayAddr(appListener.Addr(), *appAddr)
		// A user's own ALLOWED_ORIGINS stays as it is, and so does the
		// function's fallback of redirects to those origins.
		if env.get("ALLOWED_ORIGINS") == "" {
			env.values["ALLOWED_ORIGINS"] = appURL
			if env.get("ALLOWED_REDIRECT_URLS") == "" {
				env.values["ALLOWED_REDIRECT_URLS"] = appURL
			}
		}
	}
	var outboxURL string

	var servers []*http.Server
	var printed []string
	printed = append(printed, "function: "+functionURL)

	if !env.usesRealAppwrite() {
		emuListener, err := net.Listen("tcp", *emulatorAddr)
		if err != nil {
			return err
		}
		emulator := appwritetest.New(
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
		if env.get("RATE_LIMIT_STORE") == "appwrite" {
			// What `appwrite push tables` provisions from appwrite.json.
			if err := emulator.CreateTable(envOr(env, "RATE_LIMIT_DATABASE", "auth"),
				envOr(env, "RATE_LIMIT_TABLE", "rate_limits"), "count", "resetAt"); err != nil {
				return fmt.Errorf("creating the rate-limit table in the emulator: %w", err)
			}
		}
		srv := &http.Server{Handler: emulator, ReadHeaderTimeout: 10 * time.Second}
		servers = append(servers, srv)
		go srv.Serve(emuListener)
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

	logs := os.Stdout
	if *logsPath != "" {
		f, err := os.OpenFile(*logsPath, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
		if err != nil {
			return err
		}
		defer f.Close()
		logs = f
	}
	fnServer := &http.Server{
		Handler:           runtimeHandler(handler.Main, logs, os.Stderr, time.Duration(*timeout)*time.Second),
		ReadHeaderTimeout: 10 * time.Second,
	}
	servers = append(servers, fnServer)
	serveErr := make(chan error, 1)
	go func() { serveErr <- fnServer.Serve(fnListener) }()

	if appListener != nil {
		appServer := &http.Server{
			Handler:           web.DemoHandler(web.DemoConfig{FunctionURL: functionURL, OutboxURL: outboxURL}),
			ReadHeaderTimeout: 10 * time.Second,
		}
		servers = append(servers, appServer)
		go appServer.Serve(appListener)
		printed = append(printed, "app: "+appURL)
	}

	for _, line := range printed {
		fmt.Fprintln(stdout, line)
	}
	fmt.Fprintln(stdout, "ready")

	select {
	case <-ctx.Done():
	case err := <-serveErr:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, srv := range servers {
		srv.Shutdown(shutdown)
	}
	return nil
}

// emulatorVersionName says which Appwrite a server version of the
// emulator is.
func emulatorVersionName(v string) string {
	if v == appwritetest.ServerRelease181 {
		return v + " (the self-hosted release)"
	}
	return v + " (Appwrite Cloud)"
}

// flagSet reports whether the flag name was given on the command line.
func flagSet(flags *flag.FlagSet, name string) bool {
	set := false
	flags.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// defaultAppAddr is where the demo app is served unless -app-addr says
// otherwise.
const defaultAppAddr = "localhost:5173"

// envOr returns the variable key, or def when it is not set.
func envOr(env *devEnv, key, def string) string {
	if v := env.get(key); v != "" {
		return v
	}
	return def
}

// displayAddr keeps the host name the user asked for (localhost) with the
// port the listener got, since browsers treat localhost specially.
func displayAddr(got net.Addr, asked string) string {
	host, _, err := net.SplitHostPort(asked)
	_, port, err2 := net.SplitHostPort(got.String())
	if err != nil || err2 != nil || host == "" {
		return got.String()
	}
	return net.JoinHostPort(host, port)
}
