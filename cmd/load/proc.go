package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// launcher starts one kind of function process (the Go dev runtime, the
// Appwrite-style Go build, the Node baseline) against an Appwrite endpoint.
// Every process prints "function: <url>" and then "ready" on stdout.
type launcher struct {
	name string
	path string
	args []string
	dir  string
	// env is the process's environment besides the Appwrite variables.
	env []string
	// place is where the process runs.
	place placement
}

// process is a running function.
type process struct {
	name    string
	url     string
	cmd     *exec.Cmd
	started time.Time
	ready   time.Time
	stderr  *tail
	exited  chan struct{}
}

// start runs l against endpoint and waits until it is ready.
func (l launcher) start(endpoint, projectID, apiKey string, origin string) (*process, error) {
	cmd := exec.Command(l.path, l.args...)
	cmd.Dir = l.dir
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + os.Getenv("HOME"),
		"APPWRITE_FUNCTION_API_ENDPOINT=" + endpoint,
		"APPWRITE_FUNCTION_PROJECT_ID=" + projectID,
		"APPWRITE_API_KEY=" + apiKey,
		"ALLOWED_ORIGINS=" + origin,
		// Every virtual user signs in from 127.0.0.1, and each signs in
		// every few hundred milliseconds: lift the per-address budget, and
		// the per-account one, past which a sign-in also asks whether its
		// address is trusted (one more round trip, for an account under
		// attack). The limiter still counts every attempt.
		"RATE_LIMIT_PER_IP=1000000",
		"RATE_LIMIT_PER_EMAIL=1000000",
	}
	if n := len(l.place.function); n > 0 {
		// As Appwrite tells a function its specification's CPUs.
		cmd.Env = append(cmd.Env, "APPWRITE_FUNCTION_CPUS="+strconv.Itoa(n))
	}
	// Last, so that the launcher's variables win (exec keeps the last of
	// duplicates).
	cmd.Env = append(cmd.Env, l.env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	p := &process{name: l.name, cmd: cmd, stderr: &tail{max: 16 << 10}, exited: make(chan struct{})}
	cmd.Stderr = p.stderr
	p.started = time.Now()
	if err := startOn(cmd, l.place.function, l.place.harness); err != nil {
		return nil, fmt.Errorf("starting %s: %w", l.name, err)
	}
	go func() { cmd.Wait(); close(p.exited) }()

	lines := bufio.NewReader(stdout)
	found := make(chan error, 1)
	go func() {
		for {
			line, err := lines.ReadString('\n')
			if err != nil {
				found <- fmt.Errorf("%s exited before it was ready: %v\n%s", l.name, err, p.stderr)
				return
			}
			line = strings.TrimSpace(line)
			if u, ok := strings.CutPrefix(line, "function: "); ok {
				p.url = u
			}
			if line == "ready" {
				p.ready = time.Now()
				found <- nil
				// The function logs a line per request: keep draining.
				io.Copy(io.Discard, lines)
				return
			}
		}
	}()
	select {
	case err := <-found:
		if err == nil && p.url == "" {
			err = fmt.Errorf("%s printed no function: line", l.name)
		}
		if err != nil {
			p.stop()
			return nil, err
		}
		return p, nil
	case <-time.After(30 * time.Second):
		p.stop()
		return nil, fmt.Errorf("%s was not ready after 30s\n%s", l.name, p.stderr)
	}
}

func (p *process) pid() int { return p.cmd.Process.Pid }

// stop ends the process: SIGTERM, then SIGKILL after 3 s.
func (p *process) stop() {
	select {
	case <-p.exited:
		return
	default:
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(3 * time.Second):
		p.cmd.Process.Kill()
		<-p.exited
	}
}

// kill ends the process at once.
func (p *process) kill() {
	p.cmd.Process.Kill()
	<-p.exited
}

// memory reads VmRSS and VmHWM (peak RSS) of pid from /proc, in bytes.
func memory(pid int) (rss, peak int64, err error) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		name, value, ok := strings.Cut(line, ":")
		if !ok || (name != "VmRSS" && name != "VmHWM") {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("/proc/%d/status: %s", pid, line)
		}
		if name == "VmRSS" {
			rss = kb << 10
		} else {
			peak = kb << 10
		}
	}
	if peak == 0 {
		return 0, 0, errors.New("no VmHWM in /proc/" + strconv.Itoa(pid) + "/status")
	}
	return rss, peak, nil
}

// processCPUTime returns the CPU time (user and system) pid has used, from
// /proc/<pid>/stat, or 0.
func processCPUTime(pid int) time.Duration {
	if pid == 0 {
		return 0
	}
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	// The fields after the command name, which is in parentheses.
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(data[i+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	return time.Duration(utime+stime) * time.Second / clockTicks
}

// clockTicks is USER_HZ, the unit of /proc/<pid>/stat times: 100 on
// Linux everywhere.
const clockTicks = 100

// goBuild runs go build in the module root.
func goBuild(root, out, pkg string, extraEnv ...string) error {
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), extraEnv...)
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %v\n%s", pkg, err, b)
	}
	return nil
}

// devLauncher builds the dev runtime (cmd/dev) and returns its launcher:
// the function served over HTTP as open-runtimes serves it, pointed at the
// given Appwrite (so without its embedded emulator) and without the demo
// app.
func devLauncher(root, dir string) (launcher, error) {
	bin := filepath.Join(dir, "dev")
	if err := goBuild(root, bin, "./cmd/dev"); err != nil {
		return launcher{}, err
	}
	args := []string{"-addr", "127.0.0.1:0", "-env-file", ""}
	// Newer dev runtimes also serve a demo app on a second port, and can
	// write the function's log lines to a file, as Appwrite's runtime does,
	// rather than to the pipe this program reads "ready" from (every line
	// would wake this process).
	help, _ := exec.Command(bin, "-h").CombinedOutput()
	if bytes.Contains(help, []byte("-app-addr")) {
		args = append(args, "-app-addr", "")
	}
	if bytes.Contains(help, []byte("-logs")) {
		args = append(args, "-logs", filepath.Join(dir, "function.log"))
	}
	return launcher{name: "go", path: bin, args: args, dir: dir}, nil
}

// appwriteServer is the main package of the throwaway server module
// buildAppwriteLike compiles: the dev runtime's open-runtimes shim
// (cmd/dev/runtime.go, copied beside it) serving handler.Main, with the
// function's 15 s timeout as Appwrite's runtime enforces it. Nothing else
// is linked in, so its memory is the deployed function's.
const appwriteServer = `package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	handler "openruntimes/handler"
)

func main() {
	// -logs FILE: the function's log lines go there, as Appwrite's
	// runtime writes them to files, rather than to stdout.
	logsPath := flag.String("logs", "", "")
	// -timers: how each execution's timeout is watched (see timerMode).
	timers := flag.String("timers", "stopped", "")
	flag.Parse()
	modes := map[string]timerMode{"stopped": timersStopped, "held": timersHeld, "leaked": timersLeaked}
	mode, ok := modes[*timers]
	if !ok {
		fmt.Fprintln(os.Stderr, "-timers must be stopped, held or leaked")
		os.Exit(2)
	}
	executionTimers = mode
	logs := os.Stdout
	if *logsPath != "" {
		f, err := os.OpenFile(*logsPath, os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		logs = f
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("function: http://" + l.Addr().String())
	fmt.Println("ready")
	http.Serve(l, runtimeHandler(handler.Main, logs, os.Stderr, 15*time.Second))
}
`

// buildAppwriteLike builds the function as Appwrite's Go runtime does: in
// a server module of its own that requires openruntimes/handler, replaced
// by the checkout at root, with GOTOOLCHAIN=local and stripped symbols
// (see TestBuildLikeAppwrite). Test files are not part of it. The server is
// the dev runtime's open-runtimes shim.
func buildAppwriteLike(root, dir string) (launcher, error) {
	src := filepath.Join(dir, "server-src")
	if err := os.MkdirAll(src, 0o755); err != nil {
		return launcher{}, err
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return launcher{}, err
	}
	shim, err := os.ReadFile(filepath.Join(root, "cmd", "dev", "runtime.go"))
	if err != nil {
		return launcher{}, err
	}
	goMod := "module openruntimes/server\n\ngo 1.23.0\n\n" +
		"require (\n\topenruntimes/handler v0.0.0\n\tgithub.com/open-runtimes/types-for-go/v4 v4.0.8\n)\n\n" +
		"replace openruntimes/handler v0.0.0 => " + absRoot + "\n"
	for name, content := range map[string]string{"go.mod": goMod, "main.go": appwriteServer, "runtime.go": string(shim)} {
		if err := os.WriteFile(filepath.Join(src, name), []byte(content), 0o644); err != nil {
			return launcher{}, err
		}
	}
	env := append(os.Environ(), "GOTOOLCHAIN=local", "GOFLAGS=-mod=mod")
	for _, args := range [][]string{{"mod", "tidy"}, {"build", "-ldflags=-s -w", "-o", filepath.Join(dir, "server"), "."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = src
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			return launcher{}, fmt.Errorf("go %s (Appwrite-style build): %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	return launcher{name: "go", path: filepath.Join(dir, "server"), dir: dir}, nil
}

// nodeLauncher returns the launcher of the Node baseline in dir, whose
// node_modules must be installed (npm ci).
func nodeLauncher(nodeBin, dir string) (launcher, error) {
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "node-appwrite")); err != nil {
		return launcher{}, fmt.Errorf("%s has no node_modules/node-appwrite: run npm ci --prefix %s", dir, dir)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return launcher{}, err
	}
	return launcher{name: "node", path: nodeBin, args: []string{"server.mjs"}, dir: abs}, nil
}

// tail keeps the last max bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}
