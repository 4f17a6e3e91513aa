package main

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"

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
//     per name, content-type defaulting to text/plain with a charset.
//
// Context.Log and Context.Error go to logs and errors.
func runtimeHandler(fn func(openruntimes.Context) openruntimes.Response, logs, errs *os.File) http.Handler {
	return http.MaxBytesHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/__opr/health" {
			w.Header().Set("content-type", "text/plain")
			w.Write([]byte("OK"))
			return
		}
		ctx, err := newContext(r, logs, errs)
		if err != nil {
			fmt.Fprintln(errs, err)
			w.Header().Set("content-type", "text/plain")
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		res := call(fn, ctx)
		writeResponse(w, res)
	}), maxBody)
}

// call runs fn, turning a panic into the runtime's empty 500.
func call(fn func(openruntimes.Context) openruntimes.Response, ctx openruntimes.Context) (res openruntimes.Response) {
	defer func() {
		if p := recover(); p != nil {
			ctx.Error(fmt.Sprintf("%v", p))
			res = openruntimes.Response{StatusCode: http.StatusInternalServerError, Body: []byte{}}
		}
	}()
	return fn(ctx)
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
