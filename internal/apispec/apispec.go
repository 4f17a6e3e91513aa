package apispec

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Document is a loaded OpenAPI document ready to validate bodies. It is
// immutable after Load and safe for concurrent use.
type Document struct {
	version string // "2.0", "3.0" or "3.1"
	strict  bool
	schemas map[string]*schema
	paths   map[string]map[string]*operation // path template -> lower-case method
}

// Operation is one (method, path template) pair of a document.
type Operation struct {
	Method      string   // upper case, e.g. "GET"
	Path        string   // path template as written in paths, e.g. "/account/sessions/{sessionId}"
	OperationID string   // operationId, may be empty
	Statuses    []string // documented response keys, sorted, e.g. ["200", "default"]
}

type operation struct {
	id        string
	responses map[string]*response
}

type response struct {
	body    bool     // a body is documented
	schema  *schema  // nil: any JSON value
	nonJSON []string // media types of a body that is documented but not as JSON
}

// Option configures Load and LoadFile.
type Option func(*config)

type config struct {
	strict    bool
	overrides []override
}

type override struct {
	schema, property, json string
	add                    bool // the property must not exist yet (WithExtraProperty)
}

// WithStrictProperties makes validation report object properties that no
// schema at their location declares, as if unevaluatedProperties were false
// wherever additionalProperties is absent. Objects whose schemas declare no
// properties at all (free-form objects), and schemas with an explicit
// additionalProperties, are unaffected.
func WithStrictProperties() Option {
	return func(c *config) { c.strict = true }
}

// WithPropertySchema replaces the schema of property in the named component
// schema (components.schemas in OpenAPI 3, definitions in Swagger 2) with
// schemaJSON. Load fails if the schema or the property does not exist. Use it
// for known mismatches between a specification and its server, for example
// WithPropertySchema("error", "code", `{"type":"integer"}`) for Appwrite.
func WithPropertySchema(schemaName, property, schemaJSON string) Option {
	return func(c *config) {
		c.overrides = append(c.overrides, override{schemaName, property, schemaJSON, false})
	}
}

// WithExtraProperty adds an optional property with schemaJSON to the named
// component schema. Load fails if the schema does not exist or already has
// the property. Use it for a server release newer than its specification,
// for example the fields Appwrite 1.9 added to its User model.
func WithExtraProperty(schemaName, property, schemaJSON string) Option {
	return func(c *config) {
		c.overrides = append(c.overrides, override{schemaName, property, schemaJSON, true})
	}
}

var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

type rawDoc struct {
	OpenAPI    string                                `json:"openapi"`
	Swagger    string                                `json:"swagger"`
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas   map[string]json.RawMessage `json:"schemas"`
		Responses map[string]json.RawMessage `json:"responses"`
	} `json:"components"`
	Definitions map[string]json.RawMessage `json:"definitions"`
	Responses   map[string]json.RawMessage `json:"responses"`
}

type rawResponse struct {
	Ref     string  `json:"$ref"`
	Schema  *schema `json:"schema"`
	Content map[string]struct {
		Schema *schema `json:"schema"`
	} `json:"content"`
}

// LoadFile reads and loads the document at path; see Load.
func LoadFile(path string, opts ...Option) (*Document, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("apispec: %w", err)
	}
	d, err := Load(data, opts...)
	if err != nil {
		return nil, fmt.Errorf("%w (in %s)", err, path)
	}
	return d, nil
}

// Load parses a Swagger 2.0, OpenAPI 3.0.x or 3.1.x document in JSON. It fails
// on schemas it cannot validate faithfully: unsupported keywords, non-local or
// unresolvable references, reference cycles that consume no data, and
// patterns that are not valid Go regular expressions.
func Load(data []byte, opts ...Option) (*Document, error) {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	var raw rawDoc
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("apispec: %w", err)
	}
	d := &Document{strict: cfg.strict, schemas: map[string]*schema{}, paths: map[string]map[string]*operation{}}
	schemaRoot, refPrefix, rawSchemas, rawResponses := "components.schemas", "#/components/schemas/", raw.Components.Schemas, raw.Components.Responses
	respPrefix := "#/components/responses/"
	switch {
	case raw.Swagger == "2.0":
		d.version = "2.0"
		schemaRoot, refPrefix, rawSchemas, rawResponses = "definitions", "#/definitions/", raw.Definitions, raw.Responses
		respPrefix = "#/responses/"
	case strings.HasPrefix(raw.OpenAPI, "3.0."):
		d.version = "3.0"
	case strings.HasPrefix(raw.OpenAPI, "3.1."):
		d.version = "3.1"
	default:
		return nil, fmt.Errorf("apispec: unsupported document version (openapi %q, swagger %q)", raw.OpenAPI, raw.Swagger)
	}

	roots := map[string]*schema{} // location in the document -> schema
	for _, name := range sortedKeys(rawSchemas) {
		s := new(schema)
		if err := json.Unmarshal(rawSchemas[name], s); err != nil {
			return nil, fmt.Errorf("apispec: %s.%s: %w", schemaRoot, name, err)
		}
		d.schemas[name] = s
		roots[schemaRoot+"."+name] = s
	}
	for _, o := range cfg.overrides {
		s := d.schemas[o.schema]
		name := "WithPropertySchema"
		if o.add {
			name = "WithExtraProperty"
		}
		switch {
		case s == nil && o.add:
			return nil, fmt.Errorf("apispec: %s: %s has no schema %q", name, schemaRoot, o.schema)
		case o.add && s.Properties[o.property] != nil:
			return nil, fmt.Errorf("apispec: %s: %s.%s already has property %q", name, schemaRoot, o.schema, o.property)
		case !o.add && (s == nil || s.Properties[o.property] == nil):
			return nil, fmt.Errorf("apispec: %s: %s.%s has no property %q", name, schemaRoot, o.schema, o.property)
		}
		ps := new(schema)
		if err := json.Unmarshal([]byte(o.json), ps); err != nil {
			return nil, fmt.Errorf("apispec: %s %s.%s: %w", name, o.schema, o.property, err)
		}
		if s.Properties == nil {
			s.Properties = map[string]*schema{}
		}
		s.Properties[o.property] = ps
	}

	for _, path := range sortedKeys(raw.Paths) {
		for _, m := range methods {
			rawOp, ok := raw.Paths[path][m]
			if !ok {
				continue
			}
			var ro struct {
				OperationID string                     `json:"operationId"`
				Responses   map[string]json.RawMessage `json:"responses"`
			}
			if err := json.Unmarshal(rawOp, &ro); err != nil {
				return nil, fmt.Errorf("apispec: paths.%s.%s: %w", path, m, err)
			}
			op := &operation{id: ro.OperationID, responses: map[string]*response{}}
			for _, status := range sortedKeys(ro.Responses) {
				where := fmt.Sprintf("paths.%s.%s.responses.%s", path, m, status)
				resp, err := parseResponse(ro.Responses[status], respPrefix, rawResponses)
				if err != nil {
					return nil, fmt.Errorf("apispec: %s: %w", where, err)
				}
				if resp.schema != nil {
					roots[where] = resp.schema
				}
				op.responses[strings.ToUpper(status)] = resp
			}
			if d.paths[path] == nil {
				d.paths[path] = map[string]*operation{}
			}
			d.paths[path][m] = op
		}
	}

	for _, where := range sortedKeys(roots) {
		if err := d.link(roots[where], refPrefix); err != nil {
			return nil, fmt.Errorf("apispec: %s: %w", where, err)
		}
	}
	for _, where := range sortedKeys(roots) {
		if err := checkCycles(roots[where]); err != nil {
			return nil, fmt.Errorf("apispec: %s: %w", where, err)
		}
	}
	return d, nil
}

// parseResponse decodes a response object, following local response $refs.
func parseResponse(data json.RawMessage, prefix string, named map[string]json.RawMessage) (*response, error) {
	var rr rawResponse
	for hops := 0; ; hops++ {
		rr = rawResponse{}
		if err := json.Unmarshal(data, &rr); err != nil {
			return nil, err
		}
		if rr.Ref == "" {
			break
		}
		next, ok := named[strings.TrimPrefix(rr.Ref, prefix)]
		if !strings.HasPrefix(rr.Ref, prefix) || !ok || hops > 10 {
			return nil, fmt.Errorf("cannot resolve response $ref %q", rr.Ref)
		}
		data = next
	}
	if rr.Schema != nil { // Swagger 2.0
		return &response{body: true, schema: rr.Schema}, nil
	}
	if len(rr.Content) == 0 {
		return &response{}, nil
	}
	resp := &response{body: true}
	found := false
	for _, mt := range sortedKeys(rr.Content) {
		base := strings.ToLower(strings.TrimSpace(strings.SplitN(mt, ";", 2)[0]))
		switch {
		case base == "application/json" || (!found && strings.HasSuffix(base, "+json")):
			resp.schema, found = rr.Content[mt].Schema, true
		case !strings.HasSuffix(base, "+json"):
			resp.nonJSON = append(resp.nonJSON, mt)
		}
	}
	if found {
		resp.nonJSON = nil
	}
	return resp, nil
}

// link resolves references, compiles patterns and decodes enum and const
// values in s and all schemas nested in it.
func (d *Document) link(s *schema, refPrefix string) error {
	if s.Ref != "" {
		name := strings.NewReplacer("~1", "/", "~0", "~").Replace(strings.TrimPrefix(s.Ref, refPrefix))
		if s.target = d.schemas[name]; s.target == nil || !strings.HasPrefix(s.Ref, refPrefix) {
			return fmt.Errorf("cannot resolve $ref %q (only %s... is supported)", s.Ref, refPrefix)
		}
	}
	for _, t := range s.Type {
		switch t {
		case "null", "boolean", "object", "array", "number", "string", "integer":
		default:
			return fmt.Errorf("unknown type %q", t)
		}
	}
	if s.Pattern != "" {
		re, err := regexp.Compile(s.Pattern)
		if err != nil {
			return fmt.Errorf("pattern %q: %w", s.Pattern, err)
		}
		s.re = re
	}
	if s.Enum != nil {
		s.enum = []any{}
		for _, e := range s.Enum {
			v, err := decodeJSON(e)
			if err != nil {
				return fmt.Errorf("enum: %w", err)
			}
			s.enum = append(s.enum, v)
		}
	}
	if s.Const != nil {
		v, err := decodeJSON(s.Const)
		if err != nil {
			return fmt.Errorf("const: %w", err)
		}
		s.konst = []any{v}
	}
	children := append(append(append([]*schema{s.AdditionalProperties, s.Items}, s.AllOf...), s.AnyOf...), s.OneOf...)
	for _, k := range sortedKeys(s.Properties) {
		children = append(children, s.Properties[k])
	}
	for _, c := range children {
		if c == nil {
			continue
		}
		if err := d.link(c, refPrefix); err != nil {
			return err
		}
	}
	return nil
}

// checkCycles rejects schemas that can reach themselves through $ref, allOf,
// anyOf or oneOf alone, which would make validation loop forever.
func checkCycles(s *schema) error {
	switch s.visited {
	case 1:
		return errors.New("circular schema reference through $ref/allOf/anyOf/oneOf")
	case 2:
		return nil
	}
	s.visited = 1
	for _, c := range append(append(append([]*schema{s.target}, s.AllOf...), s.AnyOf...), s.OneOf...) {
		if c != nil {
			if err := checkCycles(c); err != nil {
				return err
			}
		}
	}
	s.visited = 2
	return nil
}

// ValidateResponse validates body against the response schema documented for
// method (any case), pathTemplate (exactly as in paths) and status. The
// response is chosen by exact status, then range ("2XX"), then "default". A
// response documented without content requires an empty body. An unknown
// operation, an undocumented status or a response documented only with
// non-JSON media types is a plain error; mismatches are a *ValidationError.
func (d *Document) ValidateResponse(method, pathTemplate string, status int, body []byte) error {
	op := d.paths[pathTemplate][strings.ToLower(method)]
	if op == nil {
		return fmt.Errorf("apispec: no operation %s %s in document", strings.ToUpper(method), pathTemplate)
	}
	code := strconv.Itoa(status)
	resp := op.responses[code]
	if resp == nil && len(code) == 3 {
		resp = op.responses[code[:1]+"XX"]
	}
	if resp == nil {
		resp = op.responses["DEFAULT"]
	}
	if resp == nil {
		return fmt.Errorf("apispec: %s %s documents no response for status %d", strings.ToUpper(method), pathTemplate, status)
	}
	switch {
	case !resp.body && len(body) > 0:
		return &ValidationError{[]Problem{{"$", fmt.Sprintf("want empty body (status %d documents no content), got %d bytes", status, len(body))}}}
	case !resp.body:
		return nil
	case resp.nonJSON != nil:
		return fmt.Errorf("apispec: %s %s status %d documents no JSON body (%s)", strings.ToUpper(method), pathTemplate, status, strings.Join(resp.nonJSON, ", "))
	}
	return d.validate(resp.schema, body)
}

// ValidateSchema validates body against the named component schema
// (components.schemas in OpenAPI 3, definitions in Swagger 2).
func (d *Document) ValidateSchema(name string, body []byte) error {
	s := d.schemas[name]
	if s == nil {
		return fmt.Errorf("apispec: no schema %q in document", name)
	}
	return d.validate(s, body)
}

func (d *Document) validate(s *schema, body []byte) error {
	val, err := decodeJSON(body)
	if err != nil || s == nil {
		return err
	}
	v := &validator{d: d}
	v.value(s, val, nil)
	if len(v.problems) == 0 {
		return nil
	}
	e := &ValidationError{Problems: make([]Problem, len(v.problems))}
	for i, p := range v.problems {
		e.Problems[i] = Problem{Path: p.path.String(), Message: p.msg}
	}
	return e
}

// Operations lists every operation, sorted by path and then by method in the
// order get, put, post, delete, options, head, patch, trace.
func (d *Document) Operations() []Operation {
	var ops []Operation
	for _, path := range sortedKeys(d.paths) {
		for _, m := range methods {
			op := d.paths[path][m]
			if op == nil {
				continue
			}
			statuses := sortedKeys(op.responses)
			for i, s := range statuses {
				if s == "DEFAULT" {
					statuses[i] = "default"
				}
			}
			sort.Strings(statuses)
			ops = append(ops, Operation{Method: strings.ToUpper(m), Path: path, OperationID: op.id, Statuses: statuses})
		}
	}
	return ops
}

// MatchPath returns the path template of an operation with the given method
// that matches the concrete path (a query string is ignored). A template
// segment "{name}" matches any non-empty segment, and a segment such as
// "{name}.json" any segment with that literal prefix and suffix. When several
// templates match, the one with a literal segment at the first position where
// they differ wins, e.g. "/account/sessions/current" matches
// "/account/sessions/current" if documented, else "/account/sessions/{sessionId}".
func (d *Document) MatchPath(method, path string) (template string, ok bool) {
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	segs := strings.Split(path, "/")
	var best []bool // per segment: literal match
	for _, tmpl := range sortedKeys(d.paths) {
		if d.paths[tmpl][strings.ToLower(method)] == nil {
			continue
		}
		tsegs := strings.Split(tmpl, "/")
		if len(tsegs) != len(segs) {
			continue
		}
		score := make([]bool, len(segs))
		matched := true
		for i, t := range tsegs {
			score[i], matched = matchSegment(t, segs[i])
			if !matched {
				break
			}
		}
		if matched && (!ok || better(score, best)) {
			template, best, ok = tmpl, score, true
		}
	}
	return template, ok
}

// matchSegment reports whether template segment t matches s, and whether it
// did so literally.
func matchSegment(t, s string) (literal, ok bool) {
	i, j := strings.IndexByte(t, '{'), strings.LastIndexByte(t, '}')
	if i < 0 || j < i {
		return true, t == s
	}
	pre, suf := t[:i], t[j+1:]
	return false, len(s) > len(pre)+len(suf) && strings.HasPrefix(s, pre) && strings.HasSuffix(s, suf)
}

func better(a, b []bool) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i]
		}
	}
	return false
}
