package appwritetest

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// request is one API request being served: the HTTP request, its params
// and, once resolved, its route and caller.
type request struct {
	e         *Emulator
	r         *http.Request
	now       time.Time
	extra     http.Header // response headers gathered on the way (cookies, limits)
	params    map[string]any
	raw       map[string]json.RawMessage // the JSON body's members, undecoded
	rt        *route
	caller    *caller
	https     bool
	host      string // the Host header, with port
	hostname  string // the Host header without port, lower case
	ip        string
	limitKeys []string // expanded rate-limit keys of this request
}

// serveAPI runs one request through Appwrite's pipeline (reference §2.5)
// and renders the result.
func (e *Emulator) serveAPI(r *http.Request, extra http.Header) *reply {
	q := &request{
		e:     e,
		r:     r,
		now:   e.now(),
		extra: extra,
		https: r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https"),
		host:  r.Host,
		ip:    clientIP(r),
	}
	q.hostname = strings.ToLower(q.host)
	if h, _, err := net.SplitHostPort(q.host); err == nil {
		q.hostname = strings.ToLower(h)
	}
	if q.https {
		extra.Set("Strict-Transport-Security", "max-age=10886400")
	}
	q.params, q.raw = parseParams(r)
	if f := q.format(); f != "" && compareVersions(f, e.appVersion()) > 0 {
		extra.Set("X-Appwrite-Warning", "The current SDK is built for Appwrite "+f+". However, the current Appwrite server version is "+e.appVersion()+". Please downgrade your SDK to match the Appwrite version: https://appwrite.io/docs/sdks")
	}

	rt, pathParams := matchRoute(r.Method, r.URL.Path)
	for k, v := range pathParams {
		q.params[k] = v
	}
	rep, err := e.run(q, rt)
	if err != nil {
		if rt != nil && rt.html {
			return htmlErrorReply(e.forVersion(err))
		}
		return e.errorReply(err)
	}
	return rep
}

// run applies the checks of reference §2.5 in order, then the handler.
func (e *Emulator) run(q *request, rt *route) (*reply, *apiError) {
	st := e.readSessionSecret(q)
	project, _ := q.params["project"].(string)
	if project == "" {
		project = q.r.Header.Get("X-Appwrite-Project")
	}
	if project != "" && project != e.cfg.projectID {
		return nil, newError("project_not_found")
	}
	if rt == nil {
		return nil, newError("general_route_not_found")
	}
	q.rt = rt
	if project == "" {
		// Appwrite would act on its console project; the emulator has
		// none, so only project-less routes work without a project.
		if !rt.noProject {
			return nil, newError("project_not_found")
		}
		// The branch refuses a key without its project; the release
		// looks the key up in the console project, which the emulator
		// does not have.
		if q.r.Header.Get("X-Appwrite-Key") != "" && !e.release() {
			return nil, newError("project_id_missing")
		}
		q.caller = &caller{role: roleGuests, scopes: scopeSet(guestScopes)}
	} else {
		c, err := e.resolveCaller(q, st)
		if err != nil {
			return nil, err
		}
		q.caller = c
	}
	c := q.caller

	if err := e.checkOrigin(q); err != nil {
		return nil, err
	}
	if c.keyUnknown {
		return nil, newError("user_unauthorized")
	}
	if scopes := e.routeScopes(rt); !c.hasScope(scopes) {
		return nil, scopeError(c, q, scopes)
	}
	if c.user != nil && q.now.Sub(c.user.accessedAt) > 24*time.Hour {
		c.user.accessedAt = q.now
		c.user.updatedAt = q.now
	}
	// A blocked user's sessions and JWTs stay, and every request made
	// with them is refused (API keys act as the app, never blocked).
	if c.user != nil && !c.isApp() && !c.user.status {
		return nil, e.blockedError()
	}
	if c.session != nil && !rt.mfaExempt && len(c.session.factors) < c.user.requiredFactors() {
		return nil, newError("user_more_factors_required")
	}
	if err := e.checkRateLimit(q); err != nil {
		return nil, err
	}
	// The "auth" group's check comes after the "api" group's and before
	// the "session" group's, in the route's order of groups.
	if err := e.checkAuthMethod(q); err != nil {
		return nil, err
	}
	if rt.createsSession && c.user != nil {
		return nil, newError("user_session_already_exists")
	}
	if rt.mfaProtected {
		if err := checkRecentChallenge(q); err != nil {
			return nil, err
		}
	}
	if err := validateParams(e, q, rt.params); err != nil {
		return nil, err
	}
	rep, err := rt.handle(e, q)
	if err != nil {
		return nil, err
	}
	// abuse-reset came after the 1.8.1 release.
	if rt.limit.resetOn201 && rep.status == http.StatusCreated && !e.release() {
		e.resetRateLimit(q)
	}
	return rep, nil
}

// requiredFactors is the number of factors a session of u needs: 2 when
// MFA is on and the user has a verified e-mail, phone or authenticator,
// else 1.
func (u *user) requiredFactors() int {
	if u.mfa && ((u.email != "" && u.emailVerification) || (u.phone != "" && u.phoneVerification) || u.hasVerifiedAuthenticator()) {
		return 2
	}
	return 1
}

// checkOrigin rejects a request whose Origin is not a registered platform,
// unless it carries an API key (Appwrite's CSRF check).
func (e *Emulator) checkOrigin(q *request) *apiError {
	origin := q.r.Header.Get("Origin")
	if origin == "" || q.caller.keyHeader != "" {
		return nil
	}
	ok, scheme, host := e.allowedURL(origin)
	if ok {
		return nil
	}
	switch {
	case scheme == "" && host == "":
		return errorf("general_unknown_origin", "Invalid Origin.")
	case platformName(scheme) == "":
		return errorf("general_unknown_origin", "Invalid Scheme. The scheme used (%s) in the Origin (%s) is not supported. If you are using a custom scheme, please change it to `appwrite-callback-<PROJECT_ID>`", scheme, origin)
	}
	if host != "" {
		host = "(" + host + ")"
	}
	return errorf("general_unknown_origin", "Invalid Origin. Register your new client %s as a new %s platform on your project console dashboard", host, platformName(scheme))
}

// clientIP is the request's IP: the first X-Forwarded-For entry (Appwrite
// trusts that header by default), else the peer address.
func clientIP(r *http.Request) string {
	if f := r.Header.Get("X-Forwarded-For"); f != "" {
		first, _, _ := strings.Cut(f, ",")
		if ip := strings.TrimSpace(first); ip != "" {
			return ip
		}
	}
	if h, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return h
	}
	return r.RemoteAddr
}

// maxBody bounds the request bodies the emulator reads.
const maxBody = 10 << 20

// parseParams merges the query string and the body (JSON or form) into
// one param map, as Appwrite's Request::getParams does; "name[]" and
// "name[0]" keys become arrays, as PHP reads them. It also returns the
// JSON body's members undecoded.
func parseParams(r *http.Request) (map[string]any, map[string]json.RawMessage) {
	params := map[string]any{}
	addValues(params, r.URL.RawQuery)
	raw := map[string]json.RawMessage{}
	if r.Method == http.MethodGet || r.Method == http.MethodHead || r.Body == nil {
		return params, raw
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil || len(bytes.TrimSpace(body)) == 0 {
		return params, raw
	}
	ct := strings.ToLower(r.Header.Get("Content-Type"))
	switch {
	case strings.HasPrefix(ct, "application/x-www-form-urlencoded"):
		addValues(params, string(body))
	default:
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		var obj map[string]any
		if dec.Decode(&obj) != nil {
			return params, raw
		}
		_ = json.Unmarshal(body, &raw)
		for k, v := range obj {
			params[k] = v
		}
	}
	return params, raw
}

// addValues copies the pairs of a query string (or form body) into params
// as PHP's parse_str does for the keys Appwrite's params use: "k=v" is a
// string, the last one winning; "k[]=v" appends to the array k and
// "k[3]=v" sets its index 3 (a later pair for the same index replaces
// the value in place), so that queries[]= and queries[0]= (the form newer
// SDKs send) give the same list. Any other bracketed key makes k an
// object, which no array param accepts. Pairs that do not unescape are
// skipped, as url.ParseQuery would skip them.
func addValues(params map[string]any, raw string) {
	arrays := map[string]*phpArray{}
	for _, pair := range strings.Split(raw, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		key, err1 := url.QueryUnescape(k)
		val, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil || key == "" {
			continue
		}
		open := strings.IndexByte(key, '[')
		if open <= 0 || !strings.HasSuffix(key, "]") {
			params[key] = val
			delete(arrays, key)
			continue
		}
		name, index := key[:open], key[open+1:len(key)-1]
		a := arrays[name]
		if a == nil {
			a = &phpArray{values: map[string]string{}}
			arrays[name] = a
		}
		a.set(index, val)
		params[name] = a.value()
	}
}

// phpArray is an array PHP builds from bracketed query keys: its keys in
// insertion order and the next integer key.
type phpArray struct {
	keys   []string
	values map[string]string
	next   int64
	assoc  bool // a key that is not an integer
}

// set stores v at index, or appends it when index is "".
func (a *phpArray) set(index, v string) {
	if index == "" {
		index = strconv.FormatInt(a.next, 10)
	}
	if n, err := strconv.ParseInt(index, 10, 64); err == nil && strconv.FormatInt(n, 10) == index {
		if n >= a.next {
			a.next = n + 1
		}
	} else {
		a.assoc = true
	}
	if _, ok := a.values[index]; !ok {
		a.keys = append(a.keys, index)
	}
	a.values[index] = v
}

// value is the array as a param: a list of its values in order, or an
// object when a key is not an integer.
func (a *phpArray) value() any {
	if a.assoc {
		m := make(map[string]any, len(a.keys))
		for _, k := range a.keys {
			m[k] = a.values[k]
		}
		return m
	}
	list := make([]any, len(a.keys))
	for i, k := range a.keys {
		list[i] = a.values[k]
	}
	return list
}

// format is the response format the client asks for
// (X-Appwrite-Response-Format), "" when it names none.
func (q *request) format() string {
	return strings.TrimSpace(q.r.Header.Get("X-Appwrite-Response-Format"))
}

// format19 reports whether the client asks for response format 1.9.0 or
// later, or for none (the server's own): the 1.9 line then sends the
// fields its older-format filters (ResponseV21) take out.
func (q *request) format19() bool {
	f := q.format()
	return f == "" || compareVersions(f, "1.9.0") >= 0
}

// str returns a string param ("" when absent or not a string).
func (q *request) str(name string) string {
	s, _ := q.params[name].(string)
	return s
}

// boolean returns a boolean param.
func (q *request) boolean(name string) bool {
	b, _ := toBool(q.params[name])
	return b
}

// integer returns an integer param.
func (q *request) integer(name string) int64 {
	n, _ := toInt(q.params[name])
	return n
}

// baseURL is the scheme and host the request was sent to.
func (q *request) baseURL() string {
	if q.https {
		return "https://" + q.host
	}
	return "http://" + q.host
}

// abuseValue renders a param for a rate-limit key as PHP would cast it;
// "" means the placeholder is left unreplaced.
func abuseValue(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		if x {
			return "1"
		}
		return ""
	case nil:
		return ""
	default:
		b, _ := json.Marshal(x)
		return string(b)
	}
}

// compareVersions compares dotted version numbers as PHP's version_compare
// does for plain releases: -1, 0 or 1.
func compareVersions(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) || i < len(bs); i++ {
		var x, y int
		if i < len(as) {
			x, _ = strconv.Atoi(as[i])
		}
		if i < len(bs) {
			y, _ = strconv.Atoi(bs[i])
		}
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
	}
	return 0
}

// itoa is strconv.Itoa for int64.
func itoa(n int64) string { return strconv.FormatInt(n, 10) }
