package server

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"openruntimes/handler/internal/upstream"
	"openruntimes/handler/session"
)

// route is one line of the route table: everything about a route.
type route struct {
	method string
	// pattern is the path; {name} matches one path segment.
	pattern string
	// operationID is the route's one name: its operationId in
	// openapi.json, its function in the web client and its handler's
	// name here. TestRouteNamesAgree checks all four.
	operationID string
	handler     Handler
	// access says who may call the route: needsSession routes answer 401
	// user_unauthorized before their handler runs when the request holds
	// no session cookie.
	access access
	// budgets are the limiter budgets the handler counts attempts
	// against (see Deps.attempt, which refuses any other).
	budgets []budget
}

// access is who may call a route.
type access int

const (
	// anyone may call the route, signed in or not.
	anyone access = iota
	// needsSession routes need the request to hold a session cookie.
	needsSession
)

// serve runs the route's handler, after the checks its access asks for.
// A route that needs a session checks the request's own shape first (its
// body's type, size and encoding, the IDs in its path), so that a caller
// learns what is wrong with the request before being told to sign in;
// then, without a session cookie, it answers 401 user_unauthorized and
// its handler never runs.
func (rt *route) serve(d *Deps, r *Request) Reply {
	if rt.access == needsSession {
		if err := checkShape(r); err != nil {
			return Fail(err)
		}
		if d.Secret == "" {
			return Fail(upstream.ErrSignedOut)
		}
	}
	return rt.handler(d, r)
}

// checkShape checks what every route can check of a request before its
// handler reads it: the body's shape (see readBody) and every ID in the
// path (a parameter named ...Id; sessionId may also be "current", the
// request's own session).
func checkShape(r *Request) error {
	if len(r.Body) > 0 || r.Headers["content-type"] != "" {
		if _, err := readBody(r); err != nil {
			return err
		}
	}
	for name, value := range r.Params {
		if !strings.HasSuffix(name, "Id") || (name == "sessionId" && value == "current") || session.ValidID(value) {
			continue
		}
		return invalidArgument("Invalid `" + name + "` param: UID must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. Can't start with a special char")
	}
	return nil
}

// router matches method and path against the route table. Static paths
// are found with one map lookup; patterns are tried in table order.
type router struct {
	static   map[string]map[string]*route
	patterns []*route
}

// matched is what a pattern match found.
type matched struct {
	pattern string
	values  map[string]string
}

// newRouter returns the router of table. It panics when two lines have
// the same method and path, or the same operationID: a table that says
// two things about a route is a mistake to see at start.
func newRouter(table []route) *router {
	r := &router{static: map[string]map[string]*route{}}
	names := map[string]bool{}
	for i := range table {
		rt := &table[i]
		if names[rt.operationID] || rt.operationID == "" {
			panic("server: the route table names " + strconv.Quote(rt.operationID) + " twice, or not at all")
		}
		names[rt.operationID] = true
		if strings.Contains(rt.pattern, "{") {
			for _, other := range r.patterns {
				if other.method == rt.method && other.pattern == rt.pattern {
					panic("server: the route table has " + rt.method + " " + rt.pattern + " twice")
				}
			}
			r.patterns = append(r.patterns, rt)
			continue
		}
		if r.static[rt.pattern] == nil {
			r.static[rt.pattern] = map[string]*route{}
		}
		if r.static[rt.pattern][rt.method] != nil {
			panic("server: the route table has " + rt.method + " " + rt.pattern + " twice")
		}
		r.static[rt.pattern][rt.method] = rt
	}
	return r
}

// match returns the route for method and path. When the path exists but
// not for that method, rt is nil and allow lists the methods it has. HEAD
// is served wherever GET is, by the GET route (RFC 9110 §9.3.2; the reply
// then goes without its body).
func (r *router) match(method, path string) (rt *route, m matched, allow []string) {
	if method == "HEAD" {
		method = "GET"
	}
	rt, m, allow = r.lookup(method, path)
	if slices.Contains(allow, "GET") {
		allow = append(allow, "HEAD")
		sort.Strings(allow)
	}
	return rt, m, allow
}

// lookup is match without HEAD.
func (r *router) lookup(method, path string) (found *route, m matched, allow []string) {
	if byMethod, ok := r.static[path]; ok {
		if rt, ok := byMethod[method]; ok {
			return rt, matched{pattern: path}, nil
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
		if rt.method == method && found == nil {
			found, m = rt, matched{pattern: rt.pattern, values: values}
		}
		allow = append(allow, rt.method)
	}
	if found != nil {
		return found, m, nil
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
