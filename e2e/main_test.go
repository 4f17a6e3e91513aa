package e2e

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// suite is what TestMain sets up once for every test: the browser and the
// dev runtime's binary. Each test starts its own dev runtime (so rate-limit
// counters and users never leak between tests) and its own browser
// contexts.
var suite struct {
	// skip, when not empty, is why the suite cannot run here (no
	// Chromium, -short). In CI it is a failure instead.
	skip string
	// setupErr is a failure to set up what was found (the browser does not
	// start, the dev runtime does not build).
	setupErr error

	chromium  string          // the browser's executable
	browser   context.Context // chromedp context of the running browser
	devBinary string          // cmd/dev, built from the parent module
	artifacts string          // E2E_ARTIFACTS, or a temp dir
}

// inCI reports whether the suite runs in CI, where a missing browser is a
// failure rather than a skip.
func inCI() bool {
	v := strings.ToLower(os.Getenv("CI"))
	return v == "true" || v == "1"
}

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	flag.Parse()
	var cleanups []func()
	defer func() {
		for i := len(cleanups) - 1; i >= 0; i-- {
			cleanups[i]()
		}
	}()

	suite.artifacts = os.Getenv("E2E_ARTIFACTS")
	switch {
	case testing.Short():
		suite.skip = "real-browser tests are skipped with -short"
	default:
		suite.chromium, suite.skip = findChromium()
	}
	if suite.skip == "" {
		if suite.artifacts == "" {
			dir, err := os.MkdirTemp("", "e2e-artifacts-")
			if err != nil {
				suite.setupErr = err
				return m.Run()
			}
			suite.artifacts = dir
		}
		if err := os.MkdirAll(suite.artifacts, 0o755); err != nil {
			suite.setupErr = err
			return m.Run()
		}
		work, err := os.MkdirTemp("", "e2e-")
		if err != nil {
			suite.setupErr = err
			return m.Run()
		}
		cleanups = append(cleanups, func() { removeAll(work) })

		suite.devBinary, suite.setupErr = buildDev(work)
		if suite.setupErr == nil {
			var stop func()
			suite.browser, stop, suite.setupErr = startBrowser(suite.chromium, filepath.Join(work, "profile"))
			if stop != nil {
				cleanups = append(cleanups, stop)
			}
		}
	}
	code := m.Run()
	if suite.skip != "" && !(inCI() && !testing.Short()) {
		// go test ./... shows a passing package's output only with -v, so
		// this line is for go test run in this directory, and for -v.
		fmt.Fprintf(os.Stderr, "e2e: SKIPPED every real-browser test: %s\n", suite.skip)
	}
	if suite.skip == "" && suite.setupErr == nil {
		fmt.Fprintf(os.Stderr, "e2e: screenshots and failure captures are in %s\n", suite.artifacts)
	}
	return code
}

// needSuite skips the test, or fails it in CI, when the suite cannot run,
// and fails it when the set-up failed.
func needSuite(t *testing.T) {
	t.Helper()
	if suite.skip != "" {
		if inCI() && !testing.Short() {
			t.Fatalf("CI=true and %s", suite.skip)
		}
		t.Skip("SKIPPED: " + suite.skip)
	}
	if suite.setupErr != nil {
		t.Fatalf("set-up failed: %v", suite.setupErr)
	}
}

// findChromium returns the browser to drive, or why there is none.
func findChromium() (path, skip string) {
	if p := os.Getenv("E2E_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Sprintf("E2E_CHROMIUM=%s: %v", p, err)
		}
		return p, ""
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", ""
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome-stable", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, ""
		}
	}
	return "", "no Chromium found (looked for $E2E_CHROMIUM, /usr/bin/chromium, and chromium, chromium-browser, " +
		"google-chrome in PATH): install it with `apt-get install chromium` or set E2E_CHROMIUM"
}

// buildDev builds the dev runtime from the function's module, one
// directory up, as a developer's `go run ./cmd/dev` would.
func buildDev(dir string) (string, error) {
	root, err := filepath.Abs("..")
	if err != nil {
		return "", err
	}
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		goTool = "go"
	}
	bin := filepath.Join(dir, "dev")
	cmd := exec.Command(goTool, "build", "-o", bin, "./cmd/dev")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/dev in %s: %v\n%s", root, err, out)
	}
	return bin, nil
}

// startBrowser starts one headless Chromium for the whole suite. Every
// "browser" of a test is a separate browser context of it (an incognito-like
// profile with its own cookie jar and cache), so tests stay isolated without
// paying for a process each.
func startBrowser(execPath, profile string) (context.Context, func(), error) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(execPath),
		chromedp.UserDataDir(profile), // fresh: made under a new temp dir
		chromedp.NoSandbox,            // CI runs as root
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx, chromedp.WithErrorf(chromedpErrorf))
	stop := func() {
		cancelCtx()
		cancelAlloc()
		removeAll(profile)
	}
	start, cancelStart := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancelStart()
	done := make(chan error, 1)
	// The first Do starts the browser; it must run on ctx itself (not a
	// context with a timeout) or the browser would end with that timeout.
	go func() { done <- chromedp.Do(ctx) }()
	select {
	case err := <-done:
		if err != nil {
			stop()
			return nil, nil, fmt.Errorf("starting %s: %w", execPath, err)
		}
	case <-start.Done():
		stop()
		return nil, nil, fmt.Errorf("starting %s: no answer within 60s", execPath)
	}
	return ctx, stop, nil
}

// chromedpErrorf shows the errors chromedp logs. With a cdproto that
// matches the browser there are none; an event it cannot decode would be
// an event the assertions never see, so it is not hidden.
func chromedpErrorf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "chromedp: "+format+"\n", args...)
}

// removeAll removes a directory Chromium may still be writing to as it
// exits.
func removeAll(dir string) {
	for i := 0; i < 20; i++ {
		if err := os.RemoveAll(dir); err == nil || errors.Is(err, os.ErrNotExist) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}
