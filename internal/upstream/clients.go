package upstream

import (
	"context"
	"io"
	"maps"
	"net"
	"net/http"
	"sync"
	"time"

	"openruntimes/handler/session"

	"github.com/appwrite/sdk-for-go/appwrite"
	"github.com/appwrite/sdk-for-go/client"
)

// MaxConnsPerHost is how many idle connections the shared pool keeps to
// Appwrite: one process of the function serves many executions at once,
// and every one of them calls the same host. It bounds the idle pool, not
// the connections in use.
const MaxConnsPerHost = 512

// sharedTransport is the one transport every SDK client of the process
// uses, so that connections to Appwrite are kept alive and reused across
// requests. It holds no per-user state: cookies live in jars, and the
// function's clients have none.
var sharedTransport = NewTransport()

// NewTransport returns an http.Transport tuned for one busy upstream: a
// keep-alive pool as large as the expected concurrency, HTTP/2 when the
// server offers it, and bounded dial and handshake times.
func NewTransport() *http.Transport {
	return &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		DialContext: (&net.Dialer{
			Timeout:   5 * time.Second,
			KeepAlive: 30 * time.Second,
		}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          MaxConnsPerHost,
		MaxIdleConnsPerHost:   MaxConnsPerHost,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   5 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
}

// NewAdminClient returns a new SDK client that acts with the API key. It
// forwards the browser's user agent, so the sessions it creates show the
// user's device instead of the SDK's. Build one per request; never share it.
func NewAdminClient(cfg *session.Config, userAgent string) client.Client {
	opts := []client.ClientOption{
		appwrite.WithEndpoint(cfg.Endpoint),
		appwrite.WithProject(cfg.ProjectID),
		appwrite.WithKey(cfg.APIKey),
	}
	if userAgent != "" {
		opts = append(opts, appwrite.WithForwardedUserAgent(userAgent))
	}
	return newClient(cfg, opts)
}

// NewSessionClient returns a new SDK client that acts as the user whose
// session secret it is given. It never carries the API key: keys never hold
// the account scope, and a key would lift the user's own limits.
func NewSessionClient(cfg *session.Config, secret string) client.Client {
	return newClient(cfg, []client.ClientOption{
		appwrite.WithEndpoint(cfg.Endpoint),
		appwrite.WithProject(cfg.ProjectID),
		appwrite.WithSession(secret),
	})
}

// NewPublicClient returns a new SDK client with neither key nor session,
// for Appwrite's public endpoints such as /health/version.
func NewPublicClient(cfg *session.Config) client.Client {
	return newClient(cfg, []client.ClientOption{
		appwrite.WithEndpoint(cfg.Endpoint),
		appwrite.WithProject(cfg.ProjectID),
	})
}

// sdkDefaults is a client as the SDK's constructor makes it, built once:
// its headers (user agent, SDK name and version, response format) and
// settings are the same for every client, and its jar and http.Client
// are replaced anyway.
var sdkDefaults = sync.OnceValue(func() client.Client { return appwrite.NewClient() })

func newClient(cfg *session.Config, opts []client.ClientOption) client.Client {
	// appwrite.NewClient(opts...), without building a cookie jar, an
	// http.Client and the user agent string for every request.
	c := sdkDefaults()
	c.Headers = maps.Clone(c.Headers)
	for _, opt := range opts {
		if err := opt(&c); err != nil {
			panic(err) // as appwrite.NewClient does; no option used here fails
		}
	}
	transport := cfg.Transport
	if transport == nil {
		transport = sharedTransport
	}
	// The SDK's default http.Client has a cookie jar: replace it with one
	// that has none, over the shared transport. It never follows redirects:
	// Go would forward X-Appwrite-Key to whatever host a redirect names.
	// The calls are bounded through their request's context (see
	// deadline), not http.Client.Timeout, which starts a goroutine and a
	// timer for every call.
	c.Client = &http.Client{Transport: deadline{base: transport, at: cfg.Deadline(), timeout: cfg.UpstreamTimeout}, CheckRedirect: noRedirects}
	c.Timeout = cfg.UpstreamTimeout
	return c
}

// deadline bounds each call on base, from the request until its body is
// closed, as http.Client.Timeout would: the call fails with an error whose
// Timeout() is true (see FromSDK). Clients of one execution share its
// deadline at (see Config.ForRequest); a client made outside an execution
// bounds each call by timeout instead. Zero for both means no bound.
type deadline struct {
	base    http.RoundTripper
	at      time.Time
	timeout time.Duration
}

func (d deadline) RoundTrip(req *http.Request) (*http.Response, error) {
	var ctx context.Context
	var cancel context.CancelFunc
	switch {
	case !d.at.IsZero():
		ctx, cancel = context.WithDeadline(req.Context(), d.at)
	case d.timeout > 0:
		ctx, cancel = context.WithTimeout(req.Context(), d.timeout)
	default:
		return d.base.RoundTrip(req)
	}
	resp, err := d.base.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// cancelOnClose releases its call's timer when the body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
