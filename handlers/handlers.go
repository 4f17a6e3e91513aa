package handlers

import (
	"net/url"
	"time"

	"github.com/appwrite/sdk-for-go/client"

	"openruntimes/handler/session"
)

// Request is one execution's request as the runtime hands it over, plus
// the path parameters the route table matched.
type Request struct {
	Method string
	// Path is the URL path, such as /sessions/abc.
	Path string
	// Params holds path parameters by name, such as "provider".
	Params map[string]string
	Query  url.Values
	// Headers are lower-cased, first value only, as the runtime gives them.
	Headers map[string]string
	Body    []byte
	// Scheme, Host and Port are where the browser sent the request.
	Scheme string
	Host   string
	Port   int
}

// Deps is what a handler needs besides the request. Main builds one per
// execution.
type Deps struct {
	// Config is this execution's configuration, API key included.
	Config *session.Config
	// Now is the clock.
	Now func() time.Time
	// Info describes the running function for /health.
	Info Info
}

// Info describes the running function.
type Info struct {
	Version string
	Started time.Time
}

// Handler serves one route: it reads the request and its dependencies and
// returns a reply, which Main turns into the runtime's response.
type Handler func(d *Deps, r *Request) Reply

// admin returns a new admin client for this request.
func (d *Deps) admin(r *Request) client.Client {
	return session.NewAdminClient(d.Config, r.Headers["user-agent"])
}

// user returns a new session client acting with secret.
func (d *Deps) user(secret string) client.Client {
	return session.NewSessionClient(d.Config, secret)
}
