//go:build appwritecli

package deploy

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeAppwrite answers the calls of appwrite-cli 12.0.1's `client`,
// `login`, `push functions` and `push settings` (lib/commands/generic.js,
// push.js and the functions, proxy, console, projects and account
// services they call) as Appwrite
// 1.8 answers them, and records what it was sent. Project calls need the
// API key, or the console session with X-Appwrite-Mode: admin, as in
// Appwrite; console calls need the session. A call it does not know fails
// the test.
type fakeAppwrite struct {
	*httptest.Server
	t               *testing.T
	project, key    string
	email, password string

	mu          sync.Mutex
	session     string                    // the console session's secret, once signed in
	functions   map[string]map[string]any // by ID, as Appwrite would answer them
	created     []map[string]any          // bodies of POST /functions
	updates     []map[string]any          // bodies of PUT /functions/{id}
	rules       []map[string]any          // proxy rules, as answered
	deployments []*fakeDeployment
	// settings are what `push settings` set, by the path under
	// /v1/projects/{id}/ (auth/duration, auth/jwt, … and "" for the
	// project itself) to the body's one value.
	settings map[string]any
}

// fakeDeployment is one uploaded deployment.
type fakeDeployment struct {
	id, functionID       string
	entrypoint, activate string
	code                 []byte
	size                 int // the archive's size, from Content-Range
}

// complete reports whether every chunk of the archive arrived.
func (d *fakeDeployment) complete() bool { return len(d.code) == d.size }

// fakeFunctionsDomain is what the fake's console variables name as
// _APP_DOMAIN_FUNCTIONS.
const fakeFunctionsDomain = "functions.example.test"

func newFakeAppwrite(t *testing.T) *fakeAppwrite {
	t.Helper()
	f := &fakeAppwrite{t: t, project: "auth-project", key: "standard_deploytest",
		email: "ada@example.com", password: "correct horse battery", functions: map[string]map[string]any{},
		settings: map[string]any{}}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

// addFunction adds a function as an earlier push or the Console left it.
func (f *fakeAppwrite) addFunction(id, runtime, specification string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.functions[id] = map[string]any{"$id": id, "name": id, "runtime": runtime, "specification": specification,
		"execute": []any{}, "events": []any{}, "schedule": "", "timeout": 15, "enabled": true, "logging": true,
		"entrypoint": "main.go", "commands": "", "scopes": []any{}, "vars": []any{}}
}

// state returns what the fake was sent: the create and update bodies, the
// domains it made and the deployments.
func (f *fakeAppwrite) state() (created, updates, rules []map[string]any, deployments []*fakeDeployment) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.created), slices.Clone(f.updates), slices.Clone(f.rules), slices.Clone(f.deployments)
}

// projectSettings returns what `push settings` set (see settings).
func (f *fakeAppwrite) projectSettings() map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	return maps.Clone(f.settings)
}

// Endpoint is the fake's API endpoint, as the CLI is given it.
func (f *fakeAppwrite) Endpoint() string { return f.URL + "/v1" }

var (
	functionPath   = regexp.MustCompile(`^/v1/functions/([^/]+)$`)
	deploymentsURL = regexp.MustCompile(`^/v1/functions/([^/]+)/deployments$`)
	deploymentPath = regexp.MustCompile(`^/v1/functions/([^/]+)/deployments/([^/]+)$`)
)

func (f *fakeAppwrite) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p := r.URL.Path
	if r.Method == "GET" && p == "/v1/health/version" {
		reply(w, 200, map[string]any{"version": "1.8.1"})
		return
	}
	if r.Header.Get("X-Appwrite-Project") == "console" {
		f.serveConsole(w, r)
		return
	}
	if !f.authorized(r) {
		fail(w, 401, "general_unauthorized_scope", "User (role: guests) missing scope (functions.read)")
		return
	}
	function := functionPath.FindStringSubmatch(p)
	deployments := deploymentsURL.FindStringSubmatch(p)
	deployment := deploymentPath.FindStringSubmatch(p)
	switch {
	case r.Method == "POST" && p == "/v1/functions":
		f.createFunction(w, r)
	case function != nil:
		f.function(w, r, function[1])
	case r.Method == "POST" && deployments != nil:
		f.upload(w, r, deployments[1])
	case r.Method == "GET" && deployment != nil:
		f.deployment(w, deployment[1], deployment[2])
	case r.Method == "POST" && p == "/v1/proxy/rules/function":
		f.createRule(w, r)
	case r.Method == "GET" && p == "/v1/proxy/rules":
		f.listRules(w, r)
	default:
		f.unexpected(w, r)
	}
}

// serveConsole serves the console project's calls: signing in, and the
// variables the CLI reads to name a new function's domain.
func (f *fakeAppwrite) serveConsole(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == "POST" && r.URL.Path == "/v1/account/sessions/email":
		f.signIn(w, r)
	case !f.signedIn(r):
		fail(w, 401, "general_unauthorized_scope", "User (role: guests) missing scope (account)")
	case r.Method == "GET" && r.URL.Path == "/v1/account":
		reply(w, 200, map[string]any{"$id": "ada", "email": f.email, "name": "Ada"})
	case r.Method == "GET" && r.URL.Path == "/v1/console/variables":
		reply(w, 200, map[string]any{"_APP_DOMAIN_FUNCTIONS": fakeFunctionsDomain})
	case r.Method == "GET" && r.URL.Path == "/v1/projects/"+f.project:
		f.getProject(w)
	case r.Method == "PATCH" && strings.HasPrefix(r.URL.Path, "/v1/projects/"+f.project):
		f.updateProject(w, r, strings.TrimPrefix(strings.TrimPrefix(r.URL.Path, "/v1/projects/"+f.project), "/"))
	default:
		f.unexpected(w, r)
	}
}

// projectParams are the project routes `push settings` calls (Appwrite
// 1.8.1's app/controllers/api/projects.php): the path under
// /v1/projects/{projectId}/, its one body param and the check Appwrite's
// validator makes of it.
var projectParams = map[string]struct {
	param string
	valid func(any) bool
}{
	"":                         {"name", func(v any) bool { s, ok := v.(string); return ok && s != "" && len(s) <= 128 }},
	"auth/duration":            {"duration", intIn(0, 31536000)},
	"auth/limit":               {"limit", intIn(0, 10000)},
	"auth/max-sessions":        {"limit", intIn(1, 100)},
	"auth/password-history":    {"limit", intIn(0, 20)},
	"auth/password-dictionary": {"enabled", isBool},
	"auth/personal-data":       {"enabled", isBool},
	"auth/session-alerts":      {"alerts", isBool},
	"auth/mock-numbers":        {"numbers", func(v any) bool { _, ok := v.([]any); return ok }},
	"auth/email-password":      {"status", isBool},
	"auth/magic-url":           {"status", isBool},
	"auth/email-otp":           {"status", isBool},
	"auth/anonymous":           {"status", isBool},
	"auth/invites":             {"status", isBool},
	"auth/jwt":                 {"status", isBool},
	"auth/phone":               {"status", isBool},
}

func isBool(v any) bool { _, ok := v.(bool); return ok }

func intIn(lo, hi float64) func(any) bool {
	return func(v any) bool { n, ok := v.(float64); return ok && n == float64(int64(n)) && n >= lo && n <= hi }
}

// getProject serves GET /v1/projects/{id}, which the CLI reads to show
// what a push of settings would change: a new project's settings, as
// updated.
func (f *fakeAppwrite) getProject(w http.ResponseWriter) {
	p := map[string]any{"$id": f.project, "name": "Deploy test",
		"authEmailPassword": true, "authUsersAuthMagicURL": true, "authEmailOtp": true, "authAnonymous": true,
		"authInvites": true, "authJWT": true, "authPhone": true, "authDuration": 31536000, "authLimit": 0,
		"authSessionsLimit": 10, "authPasswordHistory": 0, "authPasswordDictionary": false,
		"authPersonalDataCheck": false, "authSessionAlerts": false, "authMockNumbers": []any{}}
	fields := map[string]string{"": "name", "auth/email-password": "authEmailPassword", "auth/magic-url": "authUsersAuthMagicURL",
		"auth/email-otp": "authEmailOtp", "auth/anonymous": "authAnonymous", "auth/invites": "authInvites", "auth/jwt": "authJWT",
		"auth/phone": "authPhone", "auth/duration": "authDuration", "auth/limit": "authLimit", "auth/max-sessions": "authSessionsLimit",
		"auth/password-history": "authPasswordHistory", "auth/password-dictionary": "authPasswordDictionary",
		"auth/personal-data": "authPersonalDataCheck", "auth/session-alerts": "authSessionAlerts", "auth/mock-numbers": "authMockNumbers"}
	for path, v := range f.settings {
		p[fields[path]] = v
	}
	reply(w, 200, p)
}

// updateProject serves the PATCH routes of projectParams, refusing a
// body whose param is missing or invalid, as Appwrite does.
func (f *fakeAppwrite) updateProject(w http.ResponseWriter, r *http.Request, path string) {
	rt, ok := projectParams[path]
	if !ok {
		f.unexpected(w, r)
		return
	}
	var body map[string]any
	if !decode(w, r, &body) {
		return
	}
	v, ok := body[rt.param]
	if !ok || !rt.valid(v) {
		fail(w, 400, "general_argument_invalid", fmt.Sprintf("Invalid `%s` param: %v", rt.param, v))
		return
	}
	f.settings[path] = v
	reply(w, 200, map[string]any{"$id": f.project})
}

func (f *fakeAppwrite) unexpected(w http.ResponseWriter, r *http.Request) {
	f.t.Errorf("fake Appwrite: unexpected call %s %s (project %q)", r.Method, r.URL, r.Header.Get("X-Appwrite-Project"))
	fail(w, 404, "general_route_not_found", "The requested route was not found.")
}

// signIn serves the CLI's `appwrite login`: a console session in a cookie.
func (f *fakeAppwrite) signIn(w http.ResponseWriter, r *http.Request) {
	var body struct{ Email, Password string }
	if !decode(w, r, &body) {
		return
	}
	if body.Email != f.email || body.Password != f.password {
		fail(w, 401, "user_invalid_credentials", "Invalid credentials. Please check the email and password.")
		return
	}
	f.session = "console-session-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	http.SetCookie(w, &http.Cookie{Name: "a_session_console", Value: f.session, Path: "/", HttpOnly: true})
	reply(w, 201, map[string]any{"$id": "session", "userId": "ada", "provider": "email"})
}

func (f *fakeAppwrite) signedIn(r *http.Request) bool {
	c, err := r.Cookie("a_session_console")
	return err == nil && f.session != "" && c.Value == f.session
}

// authorized reports whether r may call the project's API: with its API
// key, or as a console user acting as the project's admin.
func (f *fakeAppwrite) authorized(r *http.Request) bool {
	if r.Header.Get("X-Appwrite-Project") != f.project {
		return false
	}
	if key := r.Header.Get("X-Appwrite-Key"); key != "" {
		return key == f.key
	}
	return f.signedIn(r) && r.Header.Get("X-Appwrite-Mode") == "admin"
}

// function serves GET and PUT /functions/{id}.
func (f *fakeAppwrite) function(w http.ResponseWriter, r *http.Request, id string) {
	fn, ok := f.functions[id]
	if !ok {
		fail(w, 404, "function_not_found", "Function with the requested ID could not be found.")
		return
	}
	switch r.Method {
	case "GET":
		reply(w, 200, fn)
	case "PUT":
		var body map[string]any
		if !decode(w, r, &body) {
			return
		}
		if _, ok := body["name"].(string); !ok {
			fail(w, 400, "general_argument_invalid", `Param "name" is not optional.`)
			return
		}
		f.updates = append(f.updates, body)
		f.setAttributes(fn, body)
		reply(w, 200, fn)
	default:
		f.unexpected(w, r)
	}
}

// setAttributes applies a create or update body to fn. As in Appwrite,
// an update without a specification sets the default one.
func (f *fakeAppwrite) setAttributes(fn, body map[string]any) {
	fn["specification"] = "s-1vcpu-512mb"
	for _, k := range []string{"name", "execute", "events", "schedule", "timeout", "enabled", "logging",
		"entrypoint", "commands", "scopes", "specification"} {
		if v, ok := body[k]; ok {
			fn[k] = v
		}
	}
	fn["$updatedAt"] = time.Now().UTC().Format(time.RFC3339)
}

func (f *fakeAppwrite) createFunction(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	if !decode(w, r, &body) {
		return
	}
	id, _ := body["functionId"].(string)
	name, _ := body["name"].(string)
	runtime, _ := body["runtime"].(string)
	if id == "" || name == "" || runtime == "" {
		fail(w, 400, "general_argument_invalid", "functionId, name and runtime are required.")
		return
	}
	if _, ok := f.functions[id]; ok {
		fail(w, 409, "function_already_exists", "Function with the requested ID already exists.")
		return
	}
	f.created = append(f.created, body)
	fn := map[string]any{"$id": id, "$createdAt": time.Now().UTC().Format(time.RFC3339), "runtime": runtime,
		"execute": []any{}, "events": []any{}, "schedule": "", "timeout": 15, "enabled": true, "logging": true,
		"entrypoint": "", "commands": "", "scopes": []any{}, "vars": []any{}, "deploymentId": ""}
	f.setAttributes(fn, body)
	f.functions[id] = fn
	reply(w, 201, fn)
}

// upload serves POST /functions/{id}/deployments: a multipart form whose
// code file is the archive, or one chunk of it (Content-Range, and
// X-Appwrite-Id after the first) when it is over 5 MB.
func (f *fakeAppwrite) upload(w http.ResponseWriter, r *http.Request, functionID string) {
	if _, ok := f.functions[functionID]; !ok {
		fail(w, 404, "function_not_found", "Function with the requested ID could not be found.")
		return
	}
	file, _, err := r.FormFile("code")
	if err != nil {
		fail(w, 400, "storage_file_empty", "No file sent: "+err.Error())
		return
	}
	chunk, err := io.ReadAll(file)
	if err != nil {
		fail(w, 400, "storage_file_empty", err.Error())
		return
	}
	start, size := 0, len(chunk)
	if cr := r.Header.Get("Content-Range"); cr != "" {
		var end int
		if _, err := fmt.Sscanf(cr, "bytes %d-%d/%d", &start, &end, &size); err != nil || end-start+1 != len(chunk) {
			fail(w, 400, "storage_invalid_content_range", "Invalid Content-Range "+cr)
			return
		}
	}
	var d *fakeDeployment
	if id := r.Header.Get("X-Appwrite-Id"); id != "" {
		for _, dep := range f.deployments {
			if dep.id == id {
				d = dep
			}
		}
	} else if start == 0 {
		d = &fakeDeployment{id: fmt.Sprintf("deployment%d", len(f.deployments)+1), functionID: functionID,
			entrypoint: r.FormValue("entrypoint"), activate: r.FormValue("activate"), size: size}
		f.deployments = append(f.deployments, d)
	}
	if d == nil || start != len(d.code) || size != d.size {
		fail(w, 400, "storage_invalid_content_range", "Chunk out of order")
		return
	}
	d.code = append(d.code, chunk...)
	reply(w, 202, f.deploymentModel(d))
}

// deployment serves GET /functions/{id}/deployments/{id}: ready as soon as
// the whole archive arrived (the test builds it itself).
func (f *fakeAppwrite) deployment(w http.ResponseWriter, functionID, id string) {
	for _, d := range f.deployments {
		if d.id == id && d.functionID == functionID {
			reply(w, 200, f.deploymentModel(d))
			return
		}
	}
	fail(w, 404, "deployment_not_found", "Deployment with the requested ID could not be found.")
}

func (f *fakeAppwrite) deploymentModel(d *fakeDeployment) map[string]any {
	status := "processing"
	if d.complete() {
		status = "ready"
	}
	chunks := (d.size + cliChunkSize - 1) / cliChunkSize
	return map[string]any{"$id": d.id, "type": "cli", "resourceId": d.functionID, "resourceType": "functions",
		"entrypoint": d.entrypoint, "sourceSize": d.size, "status": status, "activate": d.activate == "true",
		"chunksTotal": chunks, "chunksUploaded": (len(d.code) + cliChunkSize - 1) / cliChunkSize}
}

// cliChunkSize is the chunk size of the CLI's uploads (lib/client.js).
const cliChunkSize = 5 << 20

// createRule serves POST /proxy/rules/function, which the CLI calls to
// give a new function its domain.
func (f *fakeAppwrite) createRule(w http.ResponseWriter, r *http.Request) {
	var body struct{ Domain, FunctionID string }
	if !decode(w, r, &body) {
		return
	}
	if _, ok := f.functions[body.FunctionID]; !ok || !strings.HasSuffix(body.Domain, "."+fakeFunctionsDomain) {
		fail(w, 400, "general_argument_invalid", "Unknown function or a domain outside the functions domain.")
		return
	}
	rule := map[string]any{"$id": fmt.Sprintf("rule%d", len(f.rules)+1), "domain": body.Domain, "type": "deployment",
		"trigger": "manual", "deploymentResourceType": "function", "deploymentResourceId": body.FunctionID, "status": "verified"}
	f.rules = append(f.rules, rule)
	reply(w, 201, rule)
}

// listRules serves GET /proxy/rules, filtering by the queries' equal
// conditions the CLI sends.
func (f *fakeAppwrite) listRules(w http.ResponseWriter, r *http.Request) {
	var found []map[string]any
	for _, rule := range f.rules {
		keep := true
		for k, vs := range r.URL.Query() {
			if !strings.HasPrefix(k, "queries[") {
				continue
			}
			var q struct {
				Method    string `json:"method"`
				Attribute string `json:"attribute"`
				Values    []any  `json:"values"`
			}
			if err := json.Unmarshal([]byte(vs[0]), &q); err != nil {
				fail(w, 400, "general_query_invalid", "Invalid query: "+vs[0])
				return
			}
			if q.Method == "equal" && (len(q.Values) != 1 || rule[q.Attribute] != q.Values[0]) {
				keep = false
			}
		}
		if keep {
			found = append(found, rule)
		}
	}
	reply(w, 200, map[string]any{"total": len(found), "rules": found})
}

func decode(w http.ResponseWriter, r *http.Request, into any) bool {
	if err := json.NewDecoder(r.Body).Decode(into); err != nil {
		fail(w, 400, "general_argument_invalid", "Invalid JSON body: "+err.Error())
		return false
	}
	return true
}

func reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func fail(w http.ResponseWriter, status int, typ, message string) {
	reply(w, status, map[string]any{"message": message, "code": status, "type": typ, "version": "1.8.1"})
}
