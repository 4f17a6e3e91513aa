package server

import (
	"slices"
	"sort"
	"strings"
)

// route is one line of the route table.
type route struct {
	method  string
	pattern string
	handler Handler
}

// router matches method and path against the route table. Static paths
// are found with one map lookup; patterns are tried in table order.
type router struct {
	static   map[string]map[string]Handler
	patterns []route
}

// matched is what a pattern match found.
type matched struct {
	pattern string
	values  map[string]string
}

func newRouter(table []route) *router {
	r := &router{static: map[string]map[string]Handler{}}
	for _, rt := range table {
		if strings.Contains(rt.pattern, "{") {
			r.patterns = append(r.patterns, rt)
			continue
		}
		if r.static[rt.pattern] == nil {
			r.static[rt.pattern] = map[string]Handler{}
		}
		r.static[rt.pattern][rt.method] = rt.handler
	}
	return r
}

// match returns the handler for method and path. When the path exists
// but not for that method, h is nil and allow lists the methods it has.
// HEAD is served wherever GET is, by the GET handler (RFC 9110 §9.3.2;
// the reply then goes without its body).
func (r *router) match(method, path string) (h Handler, m matched, allow []string) {
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
func (r *router) lookup(method, path string) (h Handler, m matched, allow []string) {
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
