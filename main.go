// Package handler is a cookie-session auth backend for web apps on
// Appwrite, deployed as an Appwrite Function. See README.md.
package handler

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/open-runtimes/types-for-go/v4/openruntimes"

	"openruntimes/handler/handlers"
	"openruntimes/handler/security"
	"openruntimes/handler/security/ratelimit"
	"openruntimes/handler/session"
)

// Version is the function's version, reported by GET /health.
const Version = "0.1.0"

// routes is the function's one route table: method, path pattern
// ({name} matches one path segment) and handler.
var routes = newRouter([]route{
	{"GET", "/", serveIndex},
	{"GET", "/health", handlers.HealthCheck},
	{"GET", "/openapi.json", serveOpenAPI},

	// E-mail and password.
	{"POST", "/signup", handlers.SignUp},
	{"POST", "/login", handlers.SignIn},
	{"POST", "/logout", handlers.SignOut},

	// The signed-in user.
	{"GET", "/me", handlers.Me},
	{"PATCH", "/me", handlers.UpdateMe},
	{"POST", "/me/password", handlers.ChangePassword},
	{"POST", "/me/email", handlers.ChangeEmail},
	{"PATCH", "/me/mfa", handlers.SetMFA},
	{"DELETE", "/me", handlers.DeleteAccount},

	// Second factors and linked sign-in methods of the signed-in user.
	{"GET", "/me/mfa/factors", handlers.ListFactors},
	{"POST", "/me/mfa/totp", handlers.StartTOTP},
	{"PUT", "/me/mfa/totp", handlers.ConfirmTOTP},
	{"DELETE", "/me/mfa/totp", handlers.RemoveTOTP},
	{"GET", "/me/mfa/recovery-codes", handlers.CountRecoveryCodes},
	{"POST", "/me/mfa/recovery-codes", handlers.CreateRecoveryCodes},
	{"GET", "/me/identities", handlers.ListIdentities},
	{"DELETE", "/me/identities/{identityId}", handlers.UnlinkIdentity},

	// Browser flows that end at a callback of the function.
	{"GET", "/oauth2/callback", handlers.OAuth2Callback},
	{"GET", "/oauth2/{provider}", handlers.OAuth2Start},
	{"POST", "/magic-url", handlers.MagicURLStart},
	{"GET", "/magic-url/callback", handlers.MagicURLCallback},
	{"POST", "/magic-url/confirm", handlers.MagicURLConfirm},
	{"POST", "/verification", handlers.VerificationStart},
	{"GET", "/verification/callback", handlers.VerificationCallback},

	// Codes, guests, tokens.
	{"POST", "/otp", handlers.EmailCodeStart},
	{"POST", "/otp/verify", handlers.EmailCodeVerify},
	{"POST", "/anonymous", handlers.SignInAnonymously},
	{"POST", "/jwt", handlers.CreateJWT},
	{"POST", "/recovery", handlers.RecoveryStart},
	{"POST", "/recovery/confirm", handlers.RecoveryConfirm},
	{"POST", "/mfa/challenge", handlers.CreateMFAChallenge},
	{"POST", "/mfa/verify", handlers.VerifyMFAChallenge},

	// Sessions.
	{"GET", "/sessions", handlers.ListSessions},
	{"DELETE", "/sessions", handlers.DeleteSessions},
	{"DELETE", "/sessions/{sessionId}", handlers.DeleteSession},
})

// Main is the entry point Appwrite's Go runtime calls for every execution.
// Several executions may run at once in one process: nothing here keeps
// per-user state between them.
func Main(Context openruntimes.Context) openruntimes.Response {
	return defaultApp().serve(&Context)
}

// defaultApp reads the environment once per process. Appwrite applies
// changed variables only by redeploying, which starts a new process.
var defaultApp = sync.OnceValue(func() *app { return newApp(os.Getenv) })

// app is the function with its environment read.
type app struct {
	settings  settings
	configErr error
	now       func() time.Time
	started   time.Time
	// limiter keeps its counts for the life of the process, across
	// executions (or in Appwrite, across instances).
	limiter *ratelimit.Limiter
	// lastSelf caches the function's own origin (see self).
	lastSelf atomic.Pointer[selfOrigin]
	// sessions remembers the sessions this instance made, for sign-out.
	sessions *session.Index
	// gate bounds the executions that work at once
	// (MAX_CONCURRENT_EXECUTIONS); nil when unbounded.
	gate gate
}

// newApp reads the configuration through getenv.
func newApp(getenv func(string) string) *app {
	s, err := loadSettings(getenv)
	var store ratelimit.Store
	if s.rateLimit.Store == ratelimit.StoreAppwrite {
		// Shared by every instance; each execution hands it a client.
		store = ratelimit.NewAppwriteStore(s.rateLimit.Database, s.rateLimit.Table)
	} else {
		store = ratelimit.NewMemoryStore(s.rateLimit.MaxKeys)
	}
	return &app{
		settings:  s,
		configErr: err,
		now:       time.Now,
		started:   time.Now(),
		limiter:   ratelimit.NewLimiter(store, s.rateLimit, nil),
		sessions:  session.NewIndex(session.DefaultIndexSize),
		gate:      newGate(s.maxConcurrent),
	}
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
			res = ex.respond(handlers.Fail(nil))
		}
	}()
	return ex.respond(a.dispatch(&ex))
}

// dispatch finds the handler for the request, applies the checks every
// route shares (configuration, CORS preflight, CSRF) and runs it.
func (a *app) dispatch(ex *exchange) handlers.Reply {
	req := ex.req
	method := req.Method
	if method == "OPTIONS" {
		method = req.Headers["access-control-request-method"]
	}
	h, params, allow := routes.match(method, req.Path)
	if h == nil && len(allow) == 0 {
		return handlers.Fail(session.NewError(http.StatusNotFound, handlers.TypeRouteNotFound, "No route "+echoPath(req.Path)+"."))
	}
	ex.route = params.pattern
	if ex.route == "" {
		ex.route = echoPath(req.Path)
	}
	if req.Method == "OPTIONS" {
		return a.preflight(req, h, allow, method)
	}
	if h == nil {
		return handlers.Fail(session.NewError(http.StatusMethodNotAllowed, handlers.TypeMethodNotAllowed,
			echoMethod(req.Method)+" is not allowed on "+echoPath(req.Path)+".")).WithHeader("allow", strings.Join(allow, ", "))
	}
	req.Params = params.values
	if ex.queryErr != nil {
		return handlers.Fail(session.NewError(http.StatusBadRequest, handlers.TypeArgumentInvalid,
			"The query string is malformed: "+ex.queryErr.Error()+"."))
	}

	if a.configErr != nil {
		return handlers.Fail(a.configErr)
	}
	cfg, err := a.settings.session.ForRequest(req.Headers)
	if err != nil {
		return handlers.Fail(err)
	}
	ex.upstream.Time(&cfg)
	self := a.self(req)
	if err := security.CheckOrigin(a.settings.origins, self, req.Method, req.Headers); err != nil {
		return handlers.Fail(err)
	}
	waited, admitted := a.gate.enter(cfg.Deadline())
	ex.queued = waited
	if admitted {
		defer a.gate.leave()
	} else {
		ex.note("no turn before UPSTREAM_TIMEOUT (MAX_CONCURRENT_EXECUTIONS): its calls to Appwrite time out")
	}
	secret, userID, _ := cfg.Cookie.ReadSession(req.Headers)
	ex.userID = userID
	deps := &handlers.Deps{
		Config:          &cfg,
		Now:             a.now,
		Info:            handlers.Info{Version: Version, Started: a.started},
		Self:            self,
		Redirects:       a.settings.redirects,
		DefaultRedirect: a.settings.defaultRedirect,
		ClientIP:        security.ClientIP(req.Headers),
		Limiter:         a.limiter,
		Note:            ex.note,
		Secret:          secret,
		Sessions:        a.sessions,
	}
	reply := h(deps, req)
	deps.Wait()
	return reply
}

// preflight answers a CORS preflight for a known path: 204 with the CORS
// headers when the origin is allowed and the route takes the requested
// method, else 403 with none.
func (a *app) preflight(req *handlers.Request, h handlers.Handler, allow []string, method string) handlers.Reply {
	methods := allow
	if h != nil {
		methods = []string{method}
	}
	status, headers := security.PreflightMethods(a.settings.origins, req.Headers, methods)
	return handlers.Reply{Status: status, Header: headers}
}

// self is the function's own origin: PUBLIC_URL, or where the request was
// sent.
func (a *app) self(req *handlers.Request) string {
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
func newRequest(ctx *openruntimes.Context) (*handlers.Request, error) {
	query, err := url.ParseQuery(ctx.Req.QueryString)
	headers := ctx.Req.Headers
	if headers == nil {
		headers = map[string]string{}
	}
	return &handlers.Request{
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

// route is one line of the route table.
type route struct {
	method  string
	pattern string
	handler handlers.Handler
}

// router matches method and path against the route table. Static paths
// are found with one map lookup; patterns are tried in table order.
type router struct {
	static   map[string]map[string]handlers.Handler
	patterns []route
}

// matched is what a pattern match found.
type matched struct {
	pattern string
	values  map[string]string
}

func newRouter(table []route) *router {
	r := &router{static: map[string]map[string]handlers.Handler{}}
	for _, rt := range table {
		if strings.Contains(rt.pattern, "{") {
			r.patterns = append(r.patterns, rt)
			continue
		}
		if r.static[rt.pattern] == nil {
			r.static[rt.pattern] = map[string]handlers.Handler{}
		}
		r.static[rt.pattern][rt.method] = rt.handler
	}
	return r
}

// match returns the handler for method and path. When the path exists
// but not for that method, h is nil and allow lists the methods it has.
// HEAD is served wherever GET is, by the GET handler (RFC 9110 §9.3.2;
// the reply then goes without its body).
func (r *router) match(method, path string) (h handlers.Handler, m matched, allow []string) {
	if method == "HEAD" {
		method = "GET"
	}
	h, m, allow = r.lookup(method, path)
	if slices.Contains(allow, "GET") {
		allow = append(allow, "HEAD")
		sort.Strings(allow)
	}
	return h, m, allow
}

// lookup is match without HEAD.
func (r *router) lookup(method, path string) (h handlers.Handler, m matched, allow []string) {
	if byMethod, ok := r.static[path]; ok {
		if h, ok := byMethod[method]; ok {
			return h, matched{pattern: path}, nil
		}
		for m := range byMethod {
			allow = append(allow, m)
		}
	}
	for _, rt := range r.patterns {
		values, ok := matchPattern(rt.pattern, path)
		if !ok {
			continue
		}
		if rt.method == method && h == nil {
			h, m = rt.handler, matched{pattern: rt.pattern, values: values}
		}
		allow = append(allow, rt.method)
	}
	if h != nil {
		return h, m, nil
	}
	sort.Strings(allow)
	return nil, matched{}, slices.Compact(allow)
}

// matchPattern matches path against a pattern such as /sessions/{id}; a
// parameter matches one non-empty segment.
func matchPattern(pattern, path string) (map[string]string, bool) {
	var values map[string]string
	for {
		pp, pRest, pMore := strings.Cut(strings.TrimPrefix(pattern, "/"), "/")
		sp, sRest, sMore := strings.Cut(strings.TrimPrefix(path, "/"), "/")
		if !strings.HasPrefix(pattern, "/") || !strings.HasPrefix(path, "/") || pMore != sMore {
			return nil, false
		}
		if strings.HasPrefix(pp, "{") && strings.HasSuffix(pp, "}") {
			if sp == "" {
				return nil, false
			}
			if values == nil {
				values = map[string]string{}
			}
			values[pp[1:len(pp)-1]] = sp
		} else if pp != sp {
			return nil, false
		}
		if !pMore {
			return values, true
		}
		pattern, path = "/"+pRest, "/"+sRest
	}
}
