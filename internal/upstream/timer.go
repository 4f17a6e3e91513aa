package upstream

import (
	"io"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"openruntimes/handler/session"
)

// Timer adds up the time one execution spends in calls to
// Appwrite, for its log line. A call lasts from the moment its request is
// handed to the transport until its answer's body has been read to the end
// or closed (the SDK reads every body in full), or until the transport
// fails. Calls made at the same time each count in full.
//
// Each execution has its own timer, so nothing is shared between
// requests; [Timer.Time] puts it between that execution's clients
// and the shared transport. The zero value is ready to use.
type Timer struct {
	base  http.RoundTripper
	nanos atomic.Int64
	calls atomic.Int64
	// retryAt is when Appwrite said a refused call may be made again
	// (X-RateLimit-Reset of its last 429, Unix seconds), 0 if none.
	retryAt atomic.Int64
}

// Time makes every client built from cfg (the execution's own copy, from
// [Config.ForRequest]) go through t, over the transport cfg had.
func (t *Timer) Time(cfg *session.Config) {
	t.base = cfg.Transport
	if t.base == nil {
		t.base = sharedTransport
	}
	cfg.Transport = t
}

// Duration returns the time spent in the calls that have finished.
func (t *Timer) Duration() time.Duration { return time.Duration(t.nanos.Load()) }

// Calls returns how many calls have finished.
func (t *Timer) Calls() int { return int(t.calls.Load()) }

// RetryAt returns when Appwrite's rate limit lets a call this execution
// made and Appwrite refused with 429 be made again (its
// X-RateLimit-Reset), or the zero time when no call was refused or
// Appwrite did not say.
func (t *Timer) RetryAt() time.Time {
	if s := t.retryAt.Load(); s > 0 {
		return time.Unix(s, 0)
	}
	return time.Time{}
}

// RoundTrip times one call on the transport t was put in front of.
func (t *Timer) RoundTrip(req *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		t.add(start)
		return nil, err
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		if reset, err := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64); err == nil && reset > 0 {
			t.retryAt.Store(reset)
		}
	}
	resp.Body = &timedBody{ReadCloser: resp.Body, t: t, start: start}
	return resp, nil
}

func (t *Timer) add(start time.Time) {
	t.nanos.Add(int64(time.Since(start)))
	t.calls.Add(1)
}

// timedBody ends its call's time when it is read to the end or closed,
// whichever comes first.
type timedBody struct {
	io.ReadCloser
	t     *Timer
	start time.Time
	done  atomic.Bool
}

func (b *timedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil {
		b.finish()
	}
	return n, err
}

func (b *timedBody) Close() error {
	err := b.ReadCloser.Close()
	b.finish()
	return err
}

func (b *timedBody) finish() {
	if b.done.CompareAndSwap(false, true) {
		b.t.add(b.start)
	}
}
