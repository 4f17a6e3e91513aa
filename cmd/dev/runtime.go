package main

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/open-runtimes/types-for-go/v4/openruntimes"
)

// maxBody is the open-runtimes server's body limit.
const maxBody = 20 << 20

// runtimeHandler serves fn the way Appwrite's Go runtime (open-runtimes)
// does, with the headers Appwrite's router adds in front of it:
//   - request headers lower-cased, first value only, x-open-runtimes-*
//     dropped, content-type lower-cased;
//   - x-appwrite-* headers from the client dropped and Appwrite's own set:
//     x-appwrite-trigger, x-appwrite-execution-id and x-appwrite-client-ip
//     (the connection's address, as Appwrite ≥ 1.8 computes it here);
//   - scheme from x-forwarded-proto, host and port split from Host;
//   - response headers lower-cased, x-open-runtimes-* dropped, one value
//     per name, content-type defaulting to text/plain with a charset;
//   - an execution that outlives x-open-runtimes-timeout (whole seconds,
//     which Appwrite's executor sends; timeout for requests without one;
//     0: no limit) answers an empty 500 and logs "Execution timed out.",
//     while fn runs on.
//
// Context.Log and Context.Error go to logs and errors.
func runtimeHandler(fn func(openruntimes.Context) openruntimes.Response, logs, errs *os.File, timeout time.Duration) http.Handler {
	return http.MaxBytesHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/__opr/health" {
			w.Header().Set("content-type", "text/plain")
			w.Write([]byte("OK"))
			return
		}
		limit, err := executionTimeout(r.Header.Get("x-open-runtimes-timeout"), timeout)
		if err != nil {
			w.Header().Set("content-type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusInternalServerError)
			w.Write([]byte(err.Error()))
			return
		}
		ctx, err := newContext(r, logs, errs)
		if err != nil {
			fmt.Fprintln(errs, err)
			w.Header().Set("content-type", "text/plain")
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		res := call(fn, ctx, limit)
		writeResponse(w, res)
	}), maxBody)
}

// executionTimeout returns how long an execution may run: header, the
// x-open-runtimes-timeout of Appwrite's executor, in whole seconds, or
// else def. As in the Go runtime, 0 means no limit.
func executionTimeout(header string, def time.Duration) (time.Duration, error) {
	if header == "" {
		return def, nil
	}
	n, err := strconv.Atoi(header)
	if err != nil {
		return 0, errors.New(`Header "x-open-runtimes-timeout" must be an integer greater than 0.`)
	}
	return time.Duration(n) * time.Second, nil
}

// timerMode is how an execution's timeout is watched. The open-runtimes
// Go server starts, for every execution with a timeout (Appwrite's
// executor always sends one), a goroutine that sleeps the whole timeout
// whether or not the execution has ended, holding the execution's context
// (its headers, body and query) all that time. What that costs a busy
// function is measured with cmd/load -runtime-timers (BENCHMARKS.md).
type timerMode int

const (
	// timersStopped watches with a timer stopped when the execution ends:
	// nothing outlives it. The dev runtime's way.
	timersStopped timerMode = iota
	// timersHeld is open-runtimes 0.9.0 and later: the goroutine sleeps
	// the whole timeout, then ends.
	timersHeld
	// timersLeaked is open-runtimes up to 0.8.x, the release of Appwrite
	// 1.8.1's time: after its sleep the goroutine waits forever to hand
	// over an answer nobody reads.
	timersLeaked
)

// executionTimers is how this process watches timeouts.
var executionTimers = timersStopped

// call runs fn, turning a panic into the runtime's empty 500. Past limit
// (0: none) it answers that empty 500 too and logs "Execution timed out.",
// leaving fn to run on unheard, as the Go runtime does.
func call(fn func(openruntimes.Context) openruntimes.Response, ctx openruntimes.Context, limit time.Duration) openruntimes.Response {
	if limit > 0 && executionTimers != timersStopped {
		return callWithSleeper(fn, ctx, limit, executionTimers == timersLeaked)
	}
	done := make(chan openruntimes.Response, 1)
	go func() { done <- recovered(fn, ctx) }()
	if limit == 0 {
		return <-done
	}
	timer := time.NewTimer(limit)
	defer timer.Stop()
	select {
	case res := <-done:
		return res
	case <-timer.C:
		ctx.Error("Execution timed out.")
		return openruntimes.Response{StatusCode: http.StatusInternalServerError, Body: []byte{}}
	}
}

// callWithSleeper is call as the open-runtimes Go server makes it: a
// goroutine sleeps out the whole limit beside fn, and the first answer on
// their channel wins. With leak, the channel has no buffer, so the loser
// waits forever.
func callWithSleeper(fn func(openruntimes.Context) openruntimes.Response, ctx openruntimes.Context, limit time.Duration, leak bool) openruntimes.Response {
	size := 1
	if leak {
		size = 0
	}
	answer := make(chan openruntimes.Response, size)
	var answered atomic.Bool
	go func() {
		time.Sleep(limit)
		// The server logs this after every sleep, into a log that has
		// ended when the execution answered; only a real timeout shows.
		if !answered.Load() {
			ctx.Error("Execution timed out.")
		}
		answer <- openruntimes.Response{StatusCode: http.StatusInternalServerError, Body: []byte{}}
	}()
	go func() { answer <- recovered(fn, ctx) }()
	res := <-answer
	answered.Store(true)
	return res
}

// recovered runs fn, turning a panic into the runtime's empty 500.
func recovered(fn func(openruntimes.Context) openruntimes.Response, ctx openruntimes.Context) (res openruntimes.Response) {
	defer func() {
		if p := recover(); p != nil {
			ctx.Error(fmt.Sprintf("%v", p))
			res = openruntimes.Response{StatusCode: http.StatusInternalServerError, Body: []byte{}}
		}
	}()
	return fn(ctx)
}

// defaultTimeout is Appwrite's function timeout when appwrite.json sets
// none.
const defaultTimeout = 15

// appwriteJSONTimeout returns the timeout, in seconds, of the function in
// the appwrite.json that `appwrite push` run in dir would use (see
// findAppwriteJSON). Without one it returns Appwrite's default.
func appwriteJSONTimeout(dir string) (int, error) {
	data, path, err := findAppwriteJSON(dir)
	if err != nil || data == nil {
		return defaultTimeout, err
	}
	var cfg struct {
		Functions []struct {
			Timeout int `json:"timeout"`
		} `json:"functions"`
	}
	if err := json.Unmarshal(data, &cfg); err != nil {
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	if len(cfg.Functions) == 0 || cfg.Functions[0].Timeout <= 0 {
		return defaultTimeout, nil
	}
	return cfg.Functions[0].Timeout, nil
}

// findAppwriteJSON reads the appwrite.json that the Appwrite CLI run in
// dir would use: the first one found from dir up, as the CLI looks for
// it. Without one it returns nil data and no error.
func findAppwriteJSON(dir string) (data []byte, path string, err error) {
	if dir, err = filepath.Abs(dir); err != nil {
		return nil, "", err
	}
	for {
		path = filepath.Join(dir, "appwrite.json")
		data, err = os.ReadFile(path)
		if err == nil {
			return data, path, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, path, err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil, "", nil
		}
		dir = parent
	}
}

func newContext(r *http.Request, logs, errs *os.File) (openruntimes.Context, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return openruntimes.Context{}, fmt.Errorf("could not read the body: %w", err)
	}
	headers := map[string]string{}
	for key, values := range r.Header {
		key = strings.ToLower(key)
		if strings.HasPrefix(key, "x-open-runtimes-") || strings.HasPrefix(key, "x-appwrite-") {
			continue
		}
		value := values[0]
		if key == "content-type" {
			value = strings.ToLower(value)
		}
		headers[key] = value
	}
	headers["x-appwrite-trigger"] = "http"
	headers["x-appwrite-execution-id"] = executionID()
	if ip, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		headers["x-appwrite-client-ip"] = ip
	}

	scheme := "http"
	if s := r.Header.Get("x-forwarded-proto"); s != "" {
		scheme = s
	}
	port := 80
	if scheme == "https" {
		port = 443
	}
	host := r.Host
	if h, p, err := net.SplitHostPort(r.Host); err == nil {
		n, err := strconv.Atoi(p)
		if err != nil {
			return openruntimes.Context{}, fmt.Errorf("host header %q has no valid port", r.Host)
		}
		host, port = h, n
	}
	query := map[string]string{}
	values, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return openruntimes.Context{}, fmt.Errorf("could not parse the query: %w", err)
	}
	for k, v := range values {
		query[k] = v[0]
	}

	ctx := openruntimes.NewContext(openruntimes.Logger{StreamLogs: logs, StreamErrors: errs})
	ctx.Req = openruntimes.ContextRequest{
		Headers:     headers,
		Method:      r.Method,
		Url:         requestURL(scheme, host, port, r.URL),
		Scheme:      scheme,
		Host:        host,
		Port:        port,
		Path:        r.URL.Path,
		QueryString: r.URL.RawQuery,
		Query:       query,
	}
	ctx.Req.SetBodyBinary(body)
	return ctx, nil
}

func requestURL(scheme, host string, port int, u *url.URL) string {
	s := scheme + "://" + host
	if (scheme == "https" && port != 443) || (scheme != "https" && port != 80) {
		s += ":" + strconv.Itoa(port)
	}
	s += u.Path
	if u.RawQuery != "" {
		s += "?" + u.RawQuery
	}
	return s
}

func writeResponse(w http.ResponseWriter, res openruntimes.Response) {
	if res.StatusCode == 0 {
		res.StatusCode = http.StatusOK
	}
	contentType := "text/plain"
	for key, value := range res.Headers {
		key = strings.ToLower(key)
		if strings.HasPrefix(key, "x-open-runtimes-") {
			continue
		}
		if key == "content-type" {
			contentType = value
			continue
		}
		w.Header().Set(key, value)
	}
	contentType = strings.ToLower(contentType)
	if !strings.HasPrefix(contentType, "multipart/") && !strings.Contains(contentType, "charset=") {
		contentType += "; charset=utf-8"
	}
	w.Header().Set("content-type", contentType)
	w.WriteHeader(res.StatusCode)
	w.Write(res.Body)
}

func executionID() string {
	var b [10]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
