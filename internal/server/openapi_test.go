package server

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"openruntimes/handler/internal/apispec"
)

// openAPISpec is openapi.json as the tests use it: the validator's
// document, plus what the validator does not model (media types, response
// headers and descriptions, request bodies).
type openAPISpec struct {
	doc *apispec.Document
	raw openAPIRaw
	// responses maps "METHOD /template" to the documented responses by
	// status key ("200", "default"), with $refs resolved.
	responses map[string]map[string]openAPIResponse
}

// openAPIResponse is one documented response.
type openAPIResponse struct {
	Ref         string                     `json:"$ref"`
	Description string                     `json:"description"`
	Headers     map[string]json.RawMessage `json:"headers"`
	Content     map[string]json.RawMessage `json:"content"`
}

// openAPIOperation is the part of an operation the tests read.
type openAPIOperation struct {
	OperationID string   `json:"operationId"`
	Summary     string   `json:"summary"`
	Description string   `json:"description"`
	Tags        []string `json:"tags"`
	Parameters  []struct {
		Name     string          `json:"name"`
		In       string          `json:"in"`
		Required bool            `json:"required"`
		Example  json.RawMessage `json:"example"`
	} `json:"parameters"`
	Responses   map[string]openAPIResponse `json:"responses"`
	RequestBody *struct {
		Content map[string]struct {
			Schema struct {
				Ref string `json:"$ref"`
			} `json:"schema"`
			Example json.RawMessage `json:"example"`
		} `json:"content"`
	} `json:"requestBody"`
}

// openAPIRaw is the document's JSON, decoded as far as the tests need.
type openAPIRaw struct {
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas   map[string]json.RawMessage `json:"schemas"`
		Responses map[string]openAPIResponse `json:"responses"`
	} `json:"components"`
}

// loadOpenAPI reads openapi.json once for every test: the validator runs in
// strict mode, since the function emits exactly its models' keys.
var loadOpenAPI = sync.OnceValues(func() (*openAPISpec, error) {
	data, err := os.ReadFile("../../api/openapi.json")
	if err != nil {
		return nil, err
	}
	doc, err := apispec.Load(data, apispec.WithStrictProperties())
	if err != nil {
		return nil, err
	}
	s := &openAPISpec{doc: doc, responses: map[string]map[string]openAPIResponse{}}
	if err := json.Unmarshal(data, &s.raw); err != nil {
		return nil, err
	}
	for path, item := range s.raw.Paths {
		for method, rawOp := range item {
			var op openAPIOperation
			if err := json.Unmarshal(rawOp, &op); err != nil {
				return nil, fmt.Errorf("paths.%s.%s: %w", path, method, err)
			}
			byStatus := map[string]openAPIResponse{}
			for status, resp := range op.Responses {
				if resp, err = s.resolve(resp); err != nil {
					return nil, fmt.Errorf("paths.%s.%s.responses.%s: %w", path, method, status, err)
				}
				byStatus[strings.ToUpper(status)] = resp
			}
			s.responses[strings.ToUpper(method)+" "+path] = byStatus
		}
	}
	return s, nil
})

// resolve follows a response $ref; a description next to the $ref
// overrides the target's, as OpenAPI 3.1 allows.
func (s *openAPISpec) resolve(resp openAPIResponse) (openAPIResponse, error) {
	if resp.Ref == "" {
		return resp, nil
	}
	target, ok := s.raw.Components.Responses[strings.TrimPrefix(resp.Ref, "#/components/responses/")]
	if !ok || !strings.HasPrefix(resp.Ref, "#/components/responses/") || target.Ref != "" {
		return resp, fmt.Errorf("cannot resolve %q", resp.Ref)
	}
	if resp.Description != "" {
		target.Description = resp.Description
	}
	return target, nil
}

// operation returns the operation at method and template, decoded.
func (s *openAPISpec) operation(method, template string) (openAPIOperation, bool) {
	var op openAPIOperation
	raw, ok := s.raw.Paths[template][strings.ToLower(method)]
	if !ok || json.Unmarshal(raw, &op) != nil {
		return op, false
	}
	return op, true
}

// examplePath returns a concrete path and query for the operation at
// method and template, made of the examples of its path parameters and of
// its required query parameters.
func (s *openAPISpec) examplePath(method, template string) string {
	op, _ := s.operation(method, template)
	path, query := template, url.Values{}
	for _, p := range op.Parameters {
		var example string
		if json.Unmarshal(p.Example, &example) != nil {
			continue
		}
		switch {
		case p.In == "path":
			path = strings.ReplaceAll(path, "{"+p.Name+"}", url.PathEscape(example))
		case p.In == "query" && p.Required:
			query.Set(p.Name, example)
		}
	}
	if len(query) > 0 {
		path += "?" + query.Encode()
	}
	return path
}

// openAPIHeaders are the response headers that must be documented on every
// response that carries them.
var openAPIHeaders = []string{"set-cookie", "location", "retry-after", "allow"}

// checkOpenAPI checks one response of the function against openapi.json:
// the operation of the route that served it documents its status (exactly,
// not through "default"), its media type and the headers it sets; a JSON
// body validates against the documented schema; an error's code is the
// status and its type is one the response's description names; a redirect
// has no body. A HEAD answer is checked as the GET answer it stands for,
// with no body. Problems fail the calling test.
func checkOpenAPI(tb testing.TB, method, path string, r *result) {
	tb.Helper()
	spec, err := loadOpenAPI()
	if err != nil {
		tb.Errorf("openapi.json: %v", err)
		return
	}
	if problems := spec.check(method, path, r); len(problems) > 0 {
		tb.Errorf("openapi.json does not describe %s %s → %d%s:\n\t%s", method, path, r.Status, openAPIExcerpt(r.Body, 300),
			strings.Join(problems, "\n\t"))
	}
}

// check returns every way r, the response to method and path, differs
// from the document.
func (s *openAPISpec) check(method, path string, r *result) []string {
	if method == http.MethodHead {
		if len(r.Body) > 0 {
			return []string{fmt.Sprintf("a HEAD answer has a body of %d bytes", len(r.Body))}
		}
		return s.checkHead(path, r)
	}
	var template string
	var found bool
	if method == http.MethodOptions {
		template, found = s.doc.MatchPath(method, path)
	} else if h, m, _ := routes.match(method, path); h != nil {
		template, found = m.pattern, true
	}
	if !found {
		return s.checkUnrouted(r)
	}

	var problems []string
	key := method + " " + template
	byStatus, ok := s.responses[key]
	if !ok {
		return []string{"no operation " + key}
	}
	resp, ok := byStatus[strconv.Itoa(r.Status)]
	if !ok {
		return []string{fmt.Sprintf("%s documents no response %d", key, r.Status)}
	}
	problems = append(problems, undocumentedHeaders(resp, r)...)

	mediaType := ""
	if ct := r.Headers["content-type"]; ct != "" {
		var err error
		if mediaType, _, err = mime.ParseMediaType(ct); err != nil {
			problems = append(problems, fmt.Sprintf("malformed content-type %q", ct))
		}
	}
	switch {
	case r.Status == http.StatusFound || r.Status == http.StatusSeeOther:
		if len(r.Body) > 0 || mediaType != "" {
			problems = append(problems, fmt.Sprintf("a redirect has a body (%q, %d bytes)", mediaType, len(r.Body)))
		}
		if r.Headers["location"] == "" {
			problems = append(problems, "a redirect has no location")
		}
		if !hasKeyFold(resp.Headers, "location") {
			problems = append(problems, "the documented redirect has no location header")
		}
	case len(r.Body) > 0 && mediaType != "application/json":
		if _, ok := resp.Content[mediaType]; !ok {
			problems = append(problems, fmt.Sprintf("content-type %q is not documented for %d (documented: %s)",
				mediaType, r.Status, strings.Join(slices.Sorted(maps.Keys(resp.Content)), ", ")))
		}
	default:
		if len(r.Body) > 0 {
			if _, ok := resp.Content["application/json"]; !ok {
				problems = append(problems, fmt.Sprintf("a JSON body is not documented for %d", r.Status))
			}
		}
		if err := s.doc.ValidateResponse(method, template, r.Status, r.Body); err != nil {
			problems = append(problems, err.Error())
		}
		if r.Status >= 400 && len(r.Body) > 0 {
			problems = append(problems, checkErrorType(r, resp.Description)...)
		}
	}
	return problems
}

// checkHead checks the answer to HEAD path as GET's: its status and the
// headers it sets are documented for GET, and, without a body, nothing
// else is.
func (s *openAPISpec) checkHead(path string, r *result) []string {
	h, m, _ := routes.match(http.MethodGet, path)
	if h == nil {
		return s.checkUnrouted(r)
	}
	byStatus, ok := s.responses["GET "+m.pattern]
	if !ok {
		return []string{"no operation GET " + m.pattern}
	}
	resp, ok := byStatus[strconv.Itoa(r.Status)]
	if !ok {
		return []string{fmt.Sprintf("GET %s documents no response %d", m.pattern, r.Status)}
	}
	return undocumentedHeaders(resp, r)
}

// undocumentedHeaders lists the headers r sets that resp does not
// document.
func undocumentedHeaders(resp openAPIResponse, r *result) []string {
	var problems []string
	for _, name := range openAPIHeaders {
		if _, set := r.Headers[name]; set && !hasKeyFold(resp.Headers, name) {
			problems = append(problems, fmt.Sprintf("header %s is set but not documented for %d", name, r.Status))
		}
	}
	return problems
}

// checkUnrouted checks a response to a request no route took: 404
// route_not_found, or 405 method_not_allowed with an allow header, as
// components.responses documents them.
func (s *openAPISpec) checkUnrouted(r *result) []string {
	name := map[int]string{http.StatusNotFound: "RouteNotFound", http.StatusMethodNotAllowed: "MethodNotAllowed"}[r.Status]
	resp, ok := s.raw.Components.Responses[name]
	if !ok {
		return []string{fmt.Sprintf("no route took the request, and status %d is neither 404 nor 405", r.Status)}
	}
	var problems []string
	if err := s.doc.ValidateSchema("Error", r.Body); err != nil {
		problems = append(problems, err.Error())
	}
	problems = append(problems, checkErrorType(r, resp.Description)...)
	if r.Status == http.StatusMethodNotAllowed && r.Headers["allow"] == "" {
		problems = append(problems, "405 without an allow header")
	}
	return problems
}

// checkErrorType checks that an error body's code is the status and that
// description names its type as `type`. Bodies without code and type are
// not errors and pass.
func checkErrorType(r *result, description string) []string {
	var e apiError
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(r.Body, &keys); err != nil {
		return []string{"error body: " + err.Error()}
	}
	if keys["type"] == nil || keys["code"] == nil {
		return nil // not an error body, such as GET /health's 503
	}
	if err := json.Unmarshal(r.Body, &e); err != nil {
		return []string{"error body: " + err.Error()}
	}
	var problems []string
	if e.Code != r.Status {
		problems = append(problems, fmt.Sprintf("error code %d is not the status", e.Code))
	}
	if !strings.Contains(description, "`"+e.Type+"`") {
		problems = append(problems, fmt.Sprintf("error type %s is not listed for %d (description: %q)", e.Type, r.Status, description))
	}
	return problems
}

func hasKeyFold[V any](m map[string]V, name string) bool {
	for k := range m {
		if strings.EqualFold(k, name) {
			return true
		}
	}
	return false
}

// openAPIExcerpt returns the start of a body for a failure message, with
// a leading space, or "" for an empty body.
func openAPIExcerpt(b []byte, n int) string {
	if len(b) > n {
		return " " + string(b[:n]) + "…"
	}
	if len(b) == 0 {
		return ""
	}
	return " " + string(b)
}

// TestOpenAPICoversRoutes checks that the route table and openapi.json
// list the same operations, and that each operation documents what every
// route of its kind can answer.
func TestOpenAPICoversRoutes(t *testing.T) {
	spec, err := loadOpenAPI()
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}

	served := map[string]bool{}
	for pattern, byMethod := range routes.static {
		for method := range byMethod {
			served[method+" "+pattern] = true
		}
	}
	for _, rt := range routes.patterns {
		served[rt.method+" "+rt.pattern] = true
	}
	documented := map[string]bool{}
	preflights := map[string]bool{}
	for _, op := range spec.doc.Operations() {
		if op.Method == http.MethodOptions {
			preflights[op.Path] = true
			continue
		}
		documented[op.Method+" "+op.Path] = true
	}
	for _, key := range slices.Sorted(maps.Keys(served)) {
		if !documented[key] {
			t.Errorf("route %s is not in openapi.json", key)
		}
	}
	for _, key := range slices.Sorted(maps.Keys(documented)) {
		if !served[key] {
			t.Errorf("openapi.json documents %s, which no route serves", key)
		}
	}
	for path := range spec.raw.Paths {
		if !preflights[path] {
			t.Errorf("openapi.json: %s has no OPTIONS (CORS preflight) operation", path)
		}
	}

	ids := map[string]string{}
	for _, op := range spec.doc.Operations() {
		key := op.Method + " " + op.Path
		full, _ := spec.operation(op.Method, op.Path)
		if full.OperationID == "" || full.Summary == "" || full.Description == "" || len(full.Tags) == 0 {
			t.Errorf("%s: operationId, summary, description and tags are all required", key)
		}
		if other, dup := ids[full.OperationID]; dup {
			t.Errorf("%s: operationId %q is also %s's", key, full.OperationID, other)
		}
		ids[full.OperationID] = key
		if op.Method == http.MethodOptions {
			continue
		}
		want := []string{"500"} // the configuration is checked before every route
		if op.Method != http.MethodGet {
			want = append(want, "403") // CSRF: every state-changing request
		}
		if full.RequestBody != nil {
			if media, ok := full.RequestBody.Content["application/json"]; ok {
				want = append(want, "400", "413", "415")
				checkClosedBody(t, spec, key, media.Schema.Ref)
				if len(media.Example) == 0 {
					t.Errorf("%s: the request body has no example", key)
				}
			}
		}
		for _, status := range want {
			if !slices.Contains(op.Statuses, status) {
				t.Errorf("%s documents no %s response", key, status)
			}
		}
	}
}

// checkClosedBody checks that a JSON request body's schema is a component
// that refuses unknown fields, as DecodeBody does.
func checkClosedBody(t *testing.T, spec *openAPISpec, key, ref string) {
	t.Helper()
	raw, ok := spec.raw.Components.Schemas[strings.TrimPrefix(ref, "#/components/schemas/")]
	if !ok {
		t.Errorf("%s: the request body schema %q is not a component schema", key, ref)
		return
	}
	var s struct {
		AdditionalProperties *bool `json:"additionalProperties"`
	}
	if err := json.Unmarshal(raw, &s); err != nil || s.AdditionalProperties == nil || *s.AdditionalProperties {
		t.Errorf("%s: the request body schema %s must say additionalProperties: false", key, ref)
	}
}

// TestOpenAPIServed checks that GET /openapi.json serves openapi.json.
func TestOpenAPIServed(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	r := env.call("GET", "/openapi.json", nil, "")
	if r.Status != http.StatusOK {
		t.Fatalf("GET /openapi.json = %d%s", r.Status, openAPIExcerpt(r.Body, 300))
	}
	if mediaType, _, _ := mime.ParseMediaType(r.Headers["content-type"]); mediaType != "application/json" {
		t.Errorf("content-type = %q, want application/json", r.Headers["content-type"])
	}
	file, err := os.ReadFile("../../api/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var served, want any
	if err := json.Unmarshal(r.Body, &served); err != nil {
		t.Fatalf("served document: %v", err)
	}
	if err := json.Unmarshal(file, &want); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !reflect.DeepEqual(served, want) {
		t.Error("GET /openapi.json serves another document than openapi.json")
	}
	if !bytes.HasPrefix(file, []byte("{\n  \"")) {
		t.Error("openapi.json is not indented with two spaces")
	}
}

// TestOpenAPIPreflights answers a preflight on every documented path, for
// each of its methods and for one it lacks, from an allowed and a foreign
// origin; call checks each answer against the OPTIONS operation.
func TestOpenAPIPreflights(t *testing.T) {
	t.Parallel()
	spec, err := loadOpenAPI()
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	env := newTestEnv(t, nil)
	for _, op := range spec.doc.Operations() {
		if op.Method == http.MethodOptions {
			continue
		}
		path := spec.examplePath(op.Method, op.Path)
		// A method the path does not serve.
		lacking := "PUT"
		if _, ok := spec.raw.Paths[op.Path]["put"]; ok {
			lacking = "PATCH"
		}
		for _, tt := range []struct {
			origin, method string
			want           int
		}{
			{appOrigin, op.Method, http.StatusNoContent},
			{"https://evil.example", op.Method, http.StatusForbidden},
			{appOrigin, lacking, http.StatusForbidden},
		} {
			r := env.call("OPTIONS", path, map[string]string{"origin": tt.origin, "access-control-request-method": tt.method}, "")
			if r.Status != tt.want {
				t.Errorf("OPTIONS %s from %s for %s = %d, want %d", path, tt.origin, tt.method, r.Status, tt.want)
			}
		}
	}
}

// TestOpenAPIErrorPaths drives every route through the failures any route
// of its kind can meet: a misconfigured function, a foreign origin, a body
// that is not JSON or too large, and an Appwrite that is down, broken or
// slow. call checks every answer against openapi.json; this test checks
// the statuses, and that each documented request example is accepted.
func TestOpenAPIErrorPaths(t *testing.T) {
	t.Parallel()
	spec, err := loadOpenAPI()
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("content-type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"message":"Server Error","code":500,"type":"general_server_error"}`))
	}))
	defer broken.Close()
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer slow.Close()
	defer close(release)

	type route struct{ method, path, body string }
	var all []route
	for _, op := range spec.doc.Operations() {
		if op.Method == http.MethodOptions {
			continue
		}
		full, _ := spec.operation(op.Method, op.Path)
		body := ""
		if full.RequestBody != nil {
			body = string(full.RequestBody.Content["application/json"].Example)
		}
		all = append(all, route{op.Method, spec.examplePath(op.Method, op.Path), body})
	}

	misconfigured := newTestEnv(t, map[string]string{"APPWRITE_API_KEY": ""})
	env := newTestEnv(t, nil)
	secret := base64.StdEncoding.EncodeToString([]byte(`{"id":"user1","secret":"0123abcd"}`))
	cookie := map[string]string{"cookie": "a_session_" + strings.ToLower(env.server.ProjectID) + "=" + secret}
	upstreams := map[string]*testEnv{
		"down":   newTestEnv(t, map[string]string{"APPWRITE_FUNCTION_API_ENDPOINT": "http://127.0.0.1:1/v1"}),
		"broken": newTestEnv(t, map[string]string{"APPWRITE_FUNCTION_API_ENDPOINT": broken.URL + "/v1"}),
		"slow":   newTestEnv(t, map[string]string{"APPWRITE_FUNCTION_API_ENDPOINT": slow.URL + "/v1", "UPSTREAM_TIMEOUT": "50ms"}),
	}
	for _, rt := range all {
		target := rt.method + " " + rt.path
		if r := misconfigured.call(rt.method, rt.path, nil, rt.body); r.Status != http.StatusInternalServerError {
			t.Errorf("%s without an API key = %d, want 500", target, r.Status)
		}
		if rt.method != http.MethodGet {
			r := env.call(rt.method, rt.path, map[string]string{"origin": "https://evil.example"}, rt.body)
			if r.Status != http.StatusForbidden {
				t.Errorf("%s from a foreign origin = %d, want 403", target, r.Status)
			}
		}
		if rt.body != "" {
			if r := env.call(rt.method, rt.path, map[string]string{"content-type": "text/plain"}, rt.body); r.Status != http.StatusUnsupportedMediaType {
				t.Errorf("%s as text/plain = %d, want 415", target, r.Status)
			}
			large := `{"email":"` + strings.Repeat("a", MaxBodyBytes) + `"}`
			if r := env.call(rt.method, rt.path, nil, large); r.Status != http.StatusRequestEntityTooLarge {
				t.Errorf("%s with a large body = %d, want 413", target, r.Status)
			}
		}
		for name, upstream := range upstreams {
			r := upstream.call(rt.method, rt.path, cookie, rt.body)
			switch r.Status {
			case http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType:
				if rt.body != "" {
					t.Errorf("%s with Appwrite %s: the documented example is refused: %d%s", target, name, r.Status, openAPIExcerpt(r.Body, 200))
				}
			}
		}
	}
}
