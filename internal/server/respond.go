package server

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/open-runtimes/types-for-go/v4/openruntimes"

	"openruntimes/handler/internal/apierror"
	"openruntimes/handler/internal/jsonenc"
	"openruntimes/handler/internal/upstream"
	"openruntimes/handler/security"
	"openruntimes/handler/security/ratelimit"
	"openruntimes/handler/session"
)

// exchange is one execution in flight: what the log line and the response
// need besides the reply.
type exchange struct {
	ctx       *openruntimes.Context
	req       *Request
	start     time.Time
	requestID string
	route     string
	userID    string
	// origins are the allowed origins, for the CORS headers.
	origins *security.Origins
	// notes are problems the request met but got past, for the log line;
	// notesMu guards them, as background work may add to them.
	notesMu sync.Mutex
	notes   []string
	// queryErr is why the query string did not parse, if it did not.
	queryErr error
	// upstream times this execution's calls to Appwrite.
	upstream upstream.Timer
	// queued is how long the execution waited for its turn
	// (MAX_CONCURRENT_EXECUTIONS).
	queued time.Duration
}

// note records a problem the request got past (a rate-limit store that
// could not be reached, say) for the log line.
func (ex *exchange) note(msg string) {
	ex.notesMu.Lock()
	ex.notes = append(ex.notes, msg)
	ex.notesMu.Unlock()
}

// respond is the one place where a reply becomes the runtime's response.
// It builds a fresh header map (Res.Json and friends write into the map
// they are given), sets at most one cookie, redirects with 302/303 only,
// adds the headers every response carries, and writes the log line.
func (ex *exchange) respond(reply Reply) openruntimes.Response {
	// The body first: if it cannot be encoded, the answer is a 500 that
	// sets no cookie.
	var body []byte
	switch {
	case reply.Location != "":
		if reply.Status != http.StatusFound && reply.Status != http.StatusSeeOther {
			reply.Status = http.StatusFound // never the runtime's cacheable 301
		}
	case reply.HTML != nil:
		body = reply.HTML
	case reply.Body != nil:
		encoded, err := encodeJSON(reply.Body)
		if err != nil {
			ex.ctx.Error("encoding the reply: " + err.Error())
			reply = Fail(nil)
			encoded, _ = json.Marshal(reply.Body)
		}
		body = encoded
	}
	if ex.req.Method == "HEAD" {
		// The GET answer's status and headers, without its body.
		body = nil
	}

	var headers map[string]string
	if ex.req.Method == "OPTIONS" {
		// A preflight's answer carries its own CORS headers, and a refused
		// one none at all.
		headers = make(map[string]string, 8)
	} else {
		headers = security.CORSHeaders(ex.origins, ex.req.Headers["origin"])
	}
	headers["x-content-type-options"] = "nosniff"
	headers["referrer-policy"] = "no-referrer"
	headers["x-request-id"] = ex.requestID
	for k, v := range reply.Header {
		headers[k] = v
	}
	if reply.Status == http.StatusTooManyRequests && headers["retry-after"] == "" {
		// Appwrite's own 429: it said when in X-RateLimit-Reset.
		headers["retry-after"] = strconv.Itoa(retryAfterSeconds(ex.upstream.RetryAt(), time.Now()))
	}
	if reply.Cookie != "" {
		headers["set-cookie"] = reply.Cookie
	}
	if reply.Cookie != "" || reply.Private {
		headers["cache-control"] = "no-store"
		headers["pragma"] = "no-cache"
	}

	switch {
	case reply.Location != "":
		headers["location"] = reply.Location
		headers["cache-control"] = "no-store"
	case reply.HTML != nil:
		headers["content-type"] = "text/html; charset=utf-8"
	case reply.Body != nil:
		headers["content-type"] = "application/json; charset=utf-8"
	}

	ex.log(reply)
	return openruntimes.Response{StatusCode: reply.Status, Body: body, Headers: headers}
}

// defaultRetryAfter is the retry-after of a 429 from Appwrite that did
// not say when its limit resets.
const defaultRetryAfter = time.Minute

// retryAfterSeconds is the retry-after value, in whole seconds and at
// least 1 as for the function's own limits, for a limit that resets at
// reset (zero: unknown).
func retryAfterSeconds(reset, now time.Time) int {
	wait := defaultRetryAfter
	if !reset.IsZero() {
		wait = reset.Sub(now)
	}
	return (&ratelimit.RateLimitError{RetryAfter: wait}).RetryAfterSeconds()
}

// logLine is the one structured line each execution logs. It never holds a
// secret: the user is a truncated hash of the ID, and no header, body or
// query is logged.
type logLine struct {
	Method    string   `json:"method"`
	Route     string   `json:"route"`
	Status    int      `json:"status"`
	Duration  float64  `json:"ms"`
	Upstream  float64  `json:"upstreamMs"`         // time spent in calls to Appwrite
	Calls     int      `json:"upstreamCalls"`      // how many calls
	Queued    float64  `json:"queuedMs,omitempty"` // time waiting for a turn (MAX_CONCURRENT_EXECUTIONS), part of ms
	RequestID string   `json:"requestId"`
	User      string   `json:"user,omitempty"`
	Error     string   `json:"error,omitempty"`
	Notes     []string `json:"notes,omitempty"`
}

func (ex *exchange) log(reply Reply) {
	line := logLine{
		Method:    ex.req.Method,
		Route:     ex.route,
		Status:    reply.Status,
		Duration:  milliseconds(time.Since(ex.start)),
		Upstream:  milliseconds(ex.upstream.Duration()),
		Calls:     ex.upstream.Calls(),
		RequestID: ex.requestID,
		Queued:    milliseconds(ex.queued),
	}
	if ex.userID != "" {
		line.User = hashUserID(ex.userID)
	}
	ex.notesMu.Lock()
	line.Notes = ex.notes
	ex.notesMu.Unlock()
	if line.Route == "" {
		line.Route = "unmatched"
	}
	if e, ok := reply.Body.(*apierror.Error); ok {
		line.Error = e.Type
	}
	var cfgErr *session.ConfigError
	if errors.As(reply.Err, &cfgErr) {
		ex.ctx.Error(cfgErr.Error())
	}
	ex.ctx.Log(string(line.appendJSON(make([]byte, 0, 256))))
}

// milliseconds is d in milliseconds, to the microsecond, as log lines
// give times.
func milliseconds(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1000
}

// appendJSON appends the line as JSON, as encoding/json would write it.
func (l *logLine) appendJSON(b []byte) []byte {
	b = jsonenc.String(jsonenc.Key(append(b, '{'), "method"), l.Method)
	b = jsonenc.String(jsonenc.Key(append(b, ','), "route"), l.Route)
	b = jsonenc.Int(jsonenc.Key(append(b, ','), "status"), l.Status)
	b = jsonenc.Float(jsonenc.Key(append(b, ','), "ms"), l.Duration)
	b = jsonenc.Float(jsonenc.Key(append(b, ','), "upstreamMs"), l.Upstream)
	b = jsonenc.Int(jsonenc.Key(append(b, ','), "upstreamCalls"), l.Calls)
	if l.Queued != 0 {
		b = jsonenc.Float(jsonenc.Key(append(b, ','), "queuedMs"), l.Queued)
	}
	b = jsonenc.String(jsonenc.Key(append(b, ','), "requestId"), l.RequestID)
	if l.User != "" {
		b = jsonenc.String(jsonenc.Key(append(b, ','), "user"), l.User)
	}
	if l.Error != "" {
		b = jsonenc.String(jsonenc.Key(append(b, ','), "error"), l.Error)
	}
	if len(l.Notes) > 0 {
		b = jsonenc.Strings(jsonenc.Key(append(b, ','), "notes"), l.Notes)
	}
	return append(b, '}')
}

// jsonAppender is a reply body that writes itself as JSON without
// reflection.
type jsonAppender interface {
	AppendJSON([]byte) []byte
}

// encodeJSON encodes a reply body.
func encodeJSON(body any) ([]byte, error) {
	if a, ok := body.(jsonAppender); ok {
		return a.AppendJSON(make([]byte, 0, 512)), nil
	}
	return json.Marshal(body)
}

// requestID is Appwrite's execution ID when there is one, else an ID of
// this process's: a random prefix drawn at start and a counter, unique
// without asking the kernel for randomness on every request.
func requestID(headers map[string]string) string {
	if id := headers["x-appwrite-execution-id"]; validRequestID(id) {
		return id
	}
	return requestIDPrefix + strconv.FormatUint(requestCounter.Add(1), 36)
}

var (
	requestIDPrefix = func() string {
		var b [8]byte
		_, _ = rand.Read(b[:])
		return hex.EncodeToString(b[:]) + "-"
	}()
	requestCounter atomic.Uint64
)

// hashUserID returns a short, stable pseudonym of a user ID for logs.
func hashUserID(id string) string {
	sum := sha256.Sum256([]byte("user:" + id))
	return hex.EncodeToString(sum[:6])
}

// validRequestID accepts IDs of up to 64 letters, digits, '-' and '_', so
// that a forged header can inject nothing into a response or a log line.
func validRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
