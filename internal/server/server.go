// Package server is the function: the route table, dispatch, the
// handlers of every route, the response writer and log line, the settings
// it reads and the gate that bounds concurrent executions.
package server

import (
	"fmt"
	"net/url"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/appwrite/sdk-for-go/client"
	"github.com/open-runtimes/types-for-go/v4/openruntimes"

	"openruntimes/handler/internal/apierror"
	"openruntimes/handler/internal/upstream"
	"openruntimes/handler/security"
	"openruntimes/handler/security/ratelimit"
	"openruntimes/handler/session"
)

// Version is the function's version, reported by GET /health.
const Version = "0.1.0"

// Handle serves one execution of the deployed function: the root
// package's Main calls it for every execution. Several executions may run
// at once in one process: nothing here keeps per-user state between them.
func Handle(ctx *openruntimes.Context) openruntimes.Response {
	return defaultApp().serve(ctx)
}

// defaultApp reads the environment once per process. Appwrite applies
// changed variables only by redeploying, which starts a new process.
var defaultApp = sync.OnceValue(func() *app { return newApp(os.Getenv) })

// app is the function with its environment read.
type app struct {
	settings  settings
	configErr error
	// shared is what every execution's handler uses alike.
	shared Shared
	// limiter keeps its counts in this process's memory for its life,
	// across executions (RATE_LIMIT_STORE=memory); nil when they are in
	// Appwrite's database.
	limiter *ratelimit.Limiter
	// sharedLimits builds each execution's limiter over Appwrite's table,
	// shared by every instance (RATE_LIMIT_STORE=appwrite); nil when the
	// counts are in memory.
	sharedLimits *ratelimit.Limiters
	// lastSelf caches the function's own origin (see self).
	lastSelf atomic.Pointer[selfOrigin]
	// gate bounds the executions that work at once
	// (MAX_CONCURRENT_EXECUTIONS), sharing turns between client
	// addresses; nil when unbounded.
	gate *gate
}

// newApp reads the configuration through getenv.
func newApp(getenv func(string) string) *app {
	s, err := loadSettings(getenv)
	a := &app{
		settings:  s,
		configErr: err,
		shared: Shared{
			Now:             time.Now,
			Info:            Info{Version: Version, Started: time.Now()},
			Redirects:       s.redirects,
			DefaultRedirect: s.defaultRedirect,
			Sessions:        session.NewIndex(session.DefaultIndexSize),
			Decoys:          newDecoys(strings.TrimSpace(getenv("APPWRITE_API_KEY"))),
			InstantSignUp:   s.instantSignUp,
		},
		gate: newGate(s.maxConcurrent),
	}
	if s.rateLimit.Store == ratelimit.StoreAppwrite {
		a.sharedLimits = ratelimit.NewLimiters(s.rateLimit, nil)
	} else {
		a.limiter = ratelimit.NewLimiter(ratelimit.NewMemoryStore(s.rateLimit.MaxKeys), s.rateLimit, nil)
	}
	return a
}

// limiterFor returns the limiter of an execution with configuration cfg:
// the process's, or one over Appwrite's table that calls it with an admin
// client of cfg's API key (it comes with each execution), built only when
// the store calls.
func (a *app) limiterFor(cfg *session.Config) *ratelimit.Limiter {
	if a.sharedLimits == nil {
		return a.limiter
	}
	p := a.settings.rateLimit
	return a.sharedLimits.Over(ratelimit.NewAppwriteStore(p.Database, p.Table, func() client.Client {
		return upstream.NewAdminClient(cfg, "")
	}))
}

// serve handles one execution: it builds the request value, finds the
// route, runs the handler and turns its reply into the runtime's response.
func (a *app) serve(ctx *openruntimes.Context) (res openruntimes.Response) {
	start := time.Now()
	req, queryErr := newRequest(ctx)
	ex := exchange{ctx: ctx, req: req, start: start, requestID: requestID(req.Headers), origins: a.settings.origins, queryErr: queryErr}
	defer func() {
		if p := recover(); p != nil {
			ctx.Error(fmt.Sprintf("panic serving %s %q: %v\n%s", req.Method, req.Path, p, debug.Stack()))
			res = ex.respond(Fail(nil))
		}
	}()
	return ex.respond(a.dispatch(&ex))
}

// dispatch finds the request's route, applies the checks every route
// shares (configuration, CORS preflight, CSRF) and runs it.
func (a *app) dispatch(ex *exchange) Reply {
	rt, refused := a.find(ex)
	if rt == nil {
		return refused
	}
	cfg, self, err := a.check(ex.req)
	if err != nil {
		return Fail(err)
	}
	ex.upstream.Time(&cfg)
	waited, admitted := a.gate.enter(security.RateKeyIP(security.ClientIP(ex.req.Headers)), cfg.Deadline())
	ex.queued = waited
	if admitted {
		defer a.gate.leave()
	} else {
		ex.note("no turn before UPSTREAM_TIMEOUT (MAX_CONCURRENT_EXECUTIONS): its calls to Appwrite time out")
	}
	return a.run(ex, rt, &cfg, self)
}

// find returns the request's route, or nil and the reply when there is
// none to run: no route has the path (404), the path has other methods
// (405), the query does not parse (400), or the request is a CORS
// preflight, answered here.
func (a *app) find(ex *exchange) (*route, Reply) {
	req := ex.req
	method := req.Method
	if method == "OPTIONS" {
		method = req.Headers["access-control-request-method"]
	}
	rt, params, allow := routes.match(method, req.Path)
	if rt == nil && len(allow) == 0 {
		return nil, Fail(apierror.New(apierror.TypeRouteNotFound, "No route "+echoPath(req.Path)+"."))
	}
	ex.route = params.pattern
	if ex.route == "" {
		ex.route = echoPath(req.Path)
	}
	if req.Method == "OPTIONS" {
		return nil, a.preflight(req, rt, allow, method)
	}
	if rt == nil {
		return nil, Fail(apierror.New(apierror.TypeMethodNotAllowed,
			echoMethod(req.Method)+" is not allowed on "+echoPath(req.Path)+".")).WithHeader("allow", strings.Join(allow, ", "))
	}
	req.Params = params.values
	if ex.queryErr != nil {
		return nil, Fail(apierror.New(apierror.TypeArgumentInvalid,
			"The query string is malformed: "+ex.queryErr.Error()+"."))
	}
	return rt, Reply{}
}

// check applies the checks every route shares before it runs: the
// configuration, the execution's API key, and the request's origin
// (CSRF). It returns the execution's configuration and the function's
// own origin.
func (a *app) check(req *Request) (cfg session.Config, self string, err error) {
	if a.configErr != nil {
		return cfg, "", a.configErr
	}
	if cfg, err = a.settings.session.ForRequest(req.Headers); err != nil {
		return cfg, "", err
	}
	self = a.self(req)
	if err := security.CheckOrigin(a.settings.origins, self, req.Method, req.Headers); err != nil {
		return cfg, "", err
	}
	return cfg, self, nil
}

// run runs the route's handler with its dependencies, and waits for the
// work it started in the background.
func (a *app) run(ex *exchange, rt *route, cfg *session.Config, self string) Reply {
	req := ex.req
	secret, userID, _ := cfg.Cookie.ReadSession(req.Headers)
	ex.userID = userID
	deps := &Deps{
		Shared:   &a.shared,
		Config:   cfg,
		Self:     self,
		ClientIP: security.ClientIP(req.Headers),
		Limiter:  a.limiterFor(cfg),
		Note:     ex.note,
		Secret:   secret,
		budgets:  rt.budgets,
	}
	reply := rt.serve(deps, req)
	deps.Wait()
	return reply
}

// preflight answers a CORS preflight for a known path: 204 with the CORS
// headers when the origin is allowed and the route takes the requested
// method, else 403 with none.
func (a *app) preflight(req *Request, rt *route, allow []string, method string) Reply {
	methods := allow
	if rt != nil {
		methods = []string{method}
	}
	status, headers := security.PreflightMethods(a.settings.origins, req.Headers, methods)
	return Reply{Status: status, Header: headers}
}

// self is the function's own origin: PUBLIC_URL, or where the request was
// sent.
func (a *app) self(req *Request) string {
	if a.settings.publicURL != "" {
		return a.settings.publicURL
	}
	// A deployment is reached at one address, so the last one computed
	// is almost always the answer.
	if last := a.lastSelf.Load(); last != nil && last.scheme == req.Scheme && last.host == req.Host && last.port == req.Port {
		return last.origin
	}
	origin := security.Origin(req.Scheme, req.Host, req.Port)
	a.lastSelf.Store(&selfOrigin{scheme: req.Scheme, host: req.Host, port: req.Port, origin: origin})
	return origin
}

// selfOrigin is the function's origin as computed from one request's
// scheme, host and port.
type selfOrigin struct {
	scheme, host string
	port         int
	origin       string
}

// newRequest turns the runtime's request into the handlers' request value.
// A query string that does not parse is kept as far as it does, and the
// error returned for dispatch to answer.
func newRequest(ctx *openruntimes.Context) (*Request, error) {
	query, err := url.ParseQuery(ctx.Req.QueryString)
	headers := ctx.Req.Headers
	if headers == nil {
		headers = map[string]string{}
	}
	return &Request{
		Method:  ctx.Req.Method,
		Path:    ctx.Req.Path,
		Query:   query,
		Headers: headers,
		Body:    ctx.Req.BodyBinary(),
		Scheme:  ctx.Req.Scheme,
		Host:    ctx.Req.Host,
		Port:    ctx.Req.Port,
	}, err
}

// maxEchoedPath is how much of a request path an error message or a log
// line repeats: an attacker chooses the path, and a megabyte of it must
// not become a megabyte of log.
const maxEchoedPath = 200

// echoPath returns the request path as error messages and log lines show
// it: cut to maxEchoedPath bytes (on a rune boundary) with "…" after.
func echoPath(path string) string {
	if len(path) <= maxEchoedPath {
		return path
	}
	cut := maxEchoedPath
	for cut > 0 && !utf8.RuneStart(path[cut]) {
		cut--
	}
	return path[:cut] + "…"
}

// echoMethod returns the request method as an error message shows it,
// cut like a path: the runtime passes any token through.
func echoMethod(method string) string {
	if len(method) <= 16 {
		return method
	}
	return method[:16] + "…"
}
