package appwritetest

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Option configures an [Emulator] built by [New].
type Option func(*config)

// config is the emulated project's settings. It is fixed once [New]
// returns.
type config struct {
	projectID       string
	projectName     string
	keys            []apiKey
	now             func() time.Time
	sessionDuration time.Duration
	maxSessions     int
	platformHosts   []string
	smtp            bool
	rateLimits      bool
	// version is the Appwrite the emulator behaves as (see
	// WithServerVersion).
	version            string
	invalidateSessions bool
	// blockedStatus is the status of user_blocked, 0 for the version's.
	blockedStatus int
	// passwordStrength and emailPolicy are the 1.9 line's project
	// policies; nil and none are Appwrite's defaults.
	passwordStrength *PasswordStrength
	emailPolicy      EmailPolicy
	// latency delays every request, as a network round trip would.
	latency time.Duration
	// authMethodsOff are the project's auth methods that are off (see
	// WithAuthMethod); none in a new project.
	authMethodsOff map[string]bool
}

// apiKey is one of the project's standard API keys.
type apiKey struct {
	secret string
	scopes []string
}

// defaultKeyScopes are the scopes of the key [New] creates when no
// [WithAPIKey] option is given.
var defaultKeyScopes = []string{
	"sessions.write", "users.read", "users.write",
	"databases.read", "databases.write", "tables.read", "tables.write",
	"rows.read", "rows.write",
}

// WithProjectID sets the project ID (default "test-project"). Requests for
// any other project get 404 project_not_found.
func WithProjectID(id string) Option {
	return func(c *config) { c.projectID = id }
}

// WithProjectName sets the project's name (default: its ID), which
// authenticator apps show as the issuer of a TOTP authenticator.
func WithProjectName(name string) Option {
	return func(c *config) { c.projectName = name }
}

// WithAPIKey adds a standard API key with the given scopes. It may be given
// several times; the first key is the one [Emulator.APIKey] returns. The
// secret is matched as given (Appwrite's own keys start with "standard_").
// Without
// it the project has one key, "standard_" followed by random hex, with the
// scopes sessions.write, users.read, users.write, databases.read,
// databases.write, tables.read, tables.write, rows.read and rows.write.
func WithAPIKey(secret string, scopes ...string) Option {
	return func(c *config) {
		c.keys = append(c.keys, apiKey{secret: secret, scopes: append([]string(nil), scopes...)})
	}
}

// WithClock replaces the clock (default time.Now). Session, token, JWT and
// rate-limit expiry all follow it; pass (*Clock).Now to move time by hand.
// now is called with the emulator's lock held, so it must not call the
// emulator.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.now = now
		}
	}
}

// WithSessionDuration sets the project's session length, auths.duration
// (default 365 days). It sets Session.expire, the cookie expiry and the
// OAuth2 token expiry.
func WithSessionDuration(d time.Duration) Option {
	return func(c *config) { c.sessionDuration = d }
}

// WithMaxSessions sets auths.maxSessions (default 10): after a session is
// created, the user's oldest sessions beyond n are deleted. n < 1 means 1.
func WithMaxSessions(n int) Option {
	return func(c *config) { c.maxSessions = n }
}

// WithPlatformHosts sets the hostnames of the project's web platforms
// (default localhost and 127.0.0.1). Redirect URLs (url, success, failure)
// and Origin headers must use one of them; "*.example.com" matches any
// subdomain of example.com.
func WithPlatformHosts(hosts ...string) Option {
	return func(c *config) { c.platformHosts = append([]string(nil), hosts...) }
}

// WithSMTP says whether the server has SMTP configured (default true).
// Without it every route that sends e-mail answers 503
// general_smtp_disabled.
func WithSMTP(enabled bool) Option {
	return func(c *config) { c.smtp = enabled }
}

// WithLatency delays every request by d before it is served, outside the
// emulator's lock, as a network round trip to a real Appwrite would (1 to
// 5 ms in the same region, 20 to 80 ms across regions): calls made one
// after another add up, calls made at the same time overlap. A request
// whose context ends during the delay is answered with nothing.
func WithLatency(d time.Duration) Option {
	return func(c *config) { c.latency = d }
}

// WithRateLimits turns Appwrite's per-route rate limits on or off (default
// on). They apply only to callers without an API key. X-RateLimit-* headers
// are sent either way, as with _APP_OPTIONS_ABUSE=disabled.
func WithRateLimits(enabled bool) Option {
	return func(c *config) { c.rateLimits = enabled }
}

// Emulator is an in-process emulation of one Appwrite project's
// Account API, the few Users API routes that serve it and a TablesDB
// subset (see the package doc). It implements [http.Handler]; mount it at
// the root of a server and use "<url>/v1" as the SDK endpoint. All state
// sits behind one mutex, so it is safe for concurrent use.
type Emulator struct {
	cfg    config
	jwtKey []byte

	mu          sync.Mutex
	users       map[string]*user // by ID
	challenges  map[string]*challenge
	oauthStates map[string]*oauthState
	limits      map[string]*limitWindow
	outbox      []Message
	databases   map[string]*database // TablesDB databases by ID
}

// New returns an emulator for one project, configured by opts.
func New(opts ...Option) *Emulator {
	cfg := config{
		projectID:          "test-project",
		now:                time.Now,
		sessionDuration:    365 * 24 * time.Hour,
		maxSessions:        10,
		platformHosts:      []string{"localhost", "127.0.0.1"},
		smtp:               true,
		rateLimits:         true,
		version:            DefaultServerVersion,
		invalidateSessions: true,
	}
	for _, opt := range opts {
		opt(&cfg)
	}
	cfg.checkConfig()
	if cfg.projectName == "" {
		cfg.projectName = cfg.projectID
	}
	if len(cfg.keys) == 0 {
		cfg.keys = []apiKey{{secret: "standard_" + randomHex(128), scopes: defaultKeyScopes}}
	}
	if cfg.maxSessions < 1 {
		cfg.maxSessions = 1
	}
	for i, h := range cfg.platformHosts {
		cfg.platformHosts[i] = strings.ToLower(h)
	}
	return &Emulator{
		cfg:         cfg,
		jwtKey:      randomBytes(32),
		users:       map[string]*user{},
		challenges:  map[string]*challenge{},
		oauthStates: map[string]*oauthState{},
		limits:      map[string]*limitWindow{},
		databases:   map[string]*database{},
	}
}

// ProjectID returns the emulated project's ID.
func (e *Emulator) ProjectID() string { return e.cfg.projectID }

// APIKey returns the project's first API key (the default key unless
// [WithAPIKey] was given).
func (e *Emulator) APIKey() string { return e.cfg.keys[0].secret }

// ServeHTTP serves the Appwrite API under /v1, the fake OAuth2 provider
// under /__emulator/oauth2/ and the outbox at GET /__emulator/outbox.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if e.cfg.latency > 0 {
		delay := time.NewTimer(e.cfg.latency)
		select {
		case <-delay.C:
		case <-r.Context().Done():
			delay.Stop()
			return
		}
	}
	started := time.Now()
	extra := http.Header{}
	e.mu.Lock()
	rep := e.serve(r, extra)
	e.mu.Unlock()
	rep.write(w, extra, started)
}

// serve dispatches one request. It runs with e.mu held.
func (e *Emulator) serve(r *http.Request, extra http.Header) *reply {
	switch {
	case r.URL.Path == "/__emulator/outbox":
		return e.handleOutbox(r)
	case strings.HasPrefix(r.URL.Path, oauthProviderPrefix):
		return e.handleProvider(r)
	}
	return e.serveAPI(r, extra)
}

// now is the emulator clock's current time in UTC, at the millisecond
// precision Appwrite stores.
func (e *Emulator) now() time.Time {
	return e.cfg.now().UTC().Truncate(time.Millisecond)
}

// Clock is a manual clock for [WithClock]: time stands still until
// [Clock.Advance] moves it. It is safe for concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock stopped at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's current time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// randomBytes returns n bytes from crypto/rand.
func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return b
}

// randomHex returns n random bytes as 2n lower-case hex characters.
func randomHex(n int) string { return hex.EncodeToString(randomBytes(n)) }
