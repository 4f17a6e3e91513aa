package apispec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// schema is one parsed JSON Schema object (or boolean schema).
type schema struct {
	Ref                  string             `json:"$ref"`
	Type                 typeList           `json:"type"`
	Nullable             bool               `json:"nullable"`
	XNullable            bool               `json:"x-nullable"`
	Properties           map[string]*schema `json:"properties"`
	Required             []string           `json:"required"`
	AdditionalProperties *schema            `json:"additionalProperties"`
	Items                *schema            `json:"items"`
	Enum                 []json.RawMessage  `json:"enum"`
	Const                json.RawMessage    `json:"const"`
	AllOf                []*schema          `json:"allOf"`
	AnyOf                []*schema          `json:"anyOf"`
	OneOf                []*schema          `json:"oneOf"`
	Minimum              *json.Number       `json:"minimum"`
	Maximum              *json.Number       `json:"maximum"`
	MinLength            *int               `json:"minLength"`
	MaxLength            *int               `json:"maxLength"`
	Pattern              string             `json:"pattern"`

	never   bool           // the boolean schema false
	target  *schema        // resolved Ref
	re      *regexp.Regexp // compiled Pattern
	enum    []any          // decoded Enum
	konst   []any          // decoded Const (one element when present)
	visited int            // cycle check state: 0 new, 1 on stack, 2 done
}

// unsupported lists assertion keywords that Load rejects instead of ignoring.
var unsupported = map[string]bool{
	"not": true, "if": true, "then": true, "else": true, "multipleOf": true,
	"exclusiveMinimum": true, "exclusiveMaximum": true, "minItems": true,
	"maxItems": true, "uniqueItems": true, "contains": true, "minContains": true,
	"maxContains": true, "prefixItems": true, "additionalItems": true,
	"minProperties": true, "maxProperties": true, "patternProperties": true,
	"propertyNames": true, "dependencies": true, "dependentRequired": true,
	"dependentSchemas": true, "unevaluatedProperties": true,
	"unevaluatedItems": true, "$dynamicRef": true, "$recursiveRef": true,
}

// UnmarshalJSON parses a schema object or a boolean schema.
func (s *schema) UnmarshalJSON(b []byte) error {
	switch string(bytes.TrimSpace(b)) {
	case "true":
		*s = schema{}
		return nil
	case "false":
		*s = schema{never: true}
		return nil
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(b, &keys); err != nil {
		return err
	}
	for k := range keys {
		if unsupported[k] {
			return fmt.Errorf("unsupported schema keyword %q", k)
		}
	}
	type plain schema
	return json.Unmarshal(b, (*plain)(s))
}

// typeList is the type keyword: one type name or (OpenAPI 3.1) several.
type typeList []string

// UnmarshalJSON accepts a string or an array of strings.
func (t *typeList) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*t = typeList{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return errors.New("type must be a string or an array of strings")
	}
	*t = many
	return nil
}

// Problem is one mismatch between a body and its schema.
type Problem struct {
	Path    string // JSON path of the offending value, e.g. "$.sessions[0].current"
	Message string // what is wrong, e.g. "want boolean, got string"
}

// String formats the problem as "path: message".
func (p Problem) String() string { return p.Path + ": " + p.Message }

// ValidationError reports every problem found in one body.
type ValidationError struct {
	Problems []Problem
}

// Error lists the problems, one per line.
func (e *ValidationError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// annotation records, for an object, which properties the schemas applied at
// its location declared; strict mode reports the rest.
type annotation struct {
	props    map[string]bool
	declared bool // some schema here describes the object's properties
	open     bool // some schema here accepts (or already rejected) any extra property
}

func (a *annotation) merge(b annotation) {
	for k := range b.props {
		if a.props == nil {
			a.props = map[string]bool{}
		}
		a.props[k] = true
	}
	a.declared = a.declared || b.declared
	a.open = a.open || b.open
}

type validator struct {
	d        *Document
	problems []problem
}

// problem is a Problem whose path is rendered only if it is reported.
type problem struct {
	path *jsonPath
	msg  string
}

func (v *validator) report(path *jsonPath, format string, args ...any) {
	v.problems = append(v.problems, problem{path, fmt.Sprintf(format, args...)})
}

// value validates val as a complete instance location: it applies s and then,
// in strict mode, reports properties no applied schema declared.
func (v *validator) value(s *schema, val any, path *jsonPath) {
	a := v.eval(s, val, path)
	obj, ok := val.(map[string]any)
	if !ok || !v.d.strict || !a.declared || a.open {
		return
	}
	for _, k := range sortedKeys(obj) {
		if !a.props[k] {
			v.report(path.key(k), "property not declared in schema (strict mode)")
		}
	}
}

// eval applies s (and the schemas it references or combines) to val.
func (v *validator) eval(s *schema, val any, path *jsonPath) annotation {
	var a annotation
	if s.never {
		v.report(path, "no value allowed here")
		return a
	}
	if val == nil && ((s.Nullable && v.d.version == "3.0") || (s.XNullable && v.d.version == "2.0")) {
		return a
	}
	if s.target != nil {
		a.merge(v.eval(s.target, val, path))
	}
	if len(s.Type) > 0 && !typeMatches(s.Type, val) {
		v.report(path, "want %s, got %s", strings.Join(s.Type, " or "), describe(val))
		return a
	}
	if s.enum != nil && !containsValue(s.enum, val) {
		v.report(path, "value %s not in enum %s", compact(val), compact(s.enum))
	}
	if s.konst != nil && !equal(s.konst[0], val) {
		v.report(path, "want const %s, got %s", compact(s.konst[0]), compact(val))
	}
	switch x := val.(type) {
	case string:
		n := utf8.RuneCountInString(x)
		if s.MinLength != nil && n < *s.MinLength {
			v.report(path, "length %d is less than minLength %d", n, *s.MinLength)
		}
		if s.MaxLength != nil && n > *s.MaxLength {
			v.report(path, "length %d is greater than maxLength %d", n, *s.MaxLength)
		}
		if s.re != nil && !s.re.MatchString(x) {
			v.report(path, "%q does not match pattern %q", x, s.Pattern)
		}
	case json.Number:
		if s.Minimum != nil && compareNumbers(x, *s.Minimum) < 0 {
			v.report(path, "%s is less than minimum %s", x, *s.Minimum)
		}
		if s.Maximum != nil && compareNumbers(x, *s.Maximum) > 0 {
			v.report(path, "%s is greater than maximum %s", x, *s.Maximum)
		}
	case []any:
		if s.Items != nil {
			for i, item := range x {
				v.value(s.Items, item, &jsonPath{up: path, index: i})
			}
		}
	case map[string]any:
		a.merge(v.object(s, x, path))
	}
	for _, sub := range s.AllOf {
		a.merge(v.eval(sub, val, path))
	}
	if len(s.AnyOf) > 0 {
		a.merge(v.alternatives("anyOf", s.AnyOf, val, path))
	}
	if len(s.OneOf) > 0 {
		a.merge(v.alternatives("oneOf", s.OneOf, val, path))
	}
	return a
}

func (v *validator) object(s *schema, obj map[string]any, path *jsonPath) annotation {
	a := annotation{declared: s.Properties != nil || s.AdditionalProperties != nil}
	for _, name := range s.Required {
		if _, ok := obj[name]; !ok {
			v.report(path, "missing required property %q", name)
		}
	}
	for _, k := range sortedKeys(obj) {
		if ps, ok := s.Properties[k]; ok {
			v.value(ps, obj[k], path.key(k))
			if a.props == nil {
				a.props = map[string]bool{}
			}
			a.props[k] = true
			continue
		}
		switch ap := s.AdditionalProperties; {
		case ap == nil:
		case ap.never:
			v.report(path.key(k), "property not allowed (additionalProperties is false)")
		default:
			v.value(ap, obj[k], path.key(k))
		}
	}
	// Extra properties were either accepted or already reported.
	a.open = s.AdditionalProperties != nil
	return a
}

// alternatives applies anyOf or oneOf: each branch is tried separately and
// only the annotations of matching branches count.
func (v *validator) alternatives(kw string, branches []*schema, val any, path *jsonPath) annotation {
	var a annotation
	var closest []problem
	matched := 0
	for _, b := range branches {
		sub := &validator{d: v.d}
		ba := sub.eval(b, val, path)
		if len(sub.problems) == 0 {
			matched++
			a.merge(ba)
		} else if closest == nil || len(sub.problems) < len(closest) {
			closest = sub.problems
		}
	}
	switch {
	case matched == 0:
		v.report(path, "matches none of the %d %s schemas; closest mismatch:", len(branches), kw)
		v.problems = append(v.problems, closest...)
	case matched > 1 && kw == "oneOf":
		v.report(path, "matches %d of the oneOf schemas, want exactly one", matched)
	}
	return a
}

func typeMatches(types []string, val any) bool {
	for _, t := range types {
		switch x := val.(type) {
		case nil:
			if t == "null" {
				return true
			}
		case bool:
			if t == "boolean" {
				return true
			}
		case string:
			if t == "string" {
				return true
			}
		case json.Number:
			if t == "number" || (t == "integer" && isInteger(x)) {
				return true
			}
		case []any:
			if t == "array" {
				return true
			}
		case map[string]any:
			if t == "object" {
				return true
			}
		}
	}
	return false
}

// isInteger reports whether n is written without fraction or exponent.
func isInteger(n json.Number) bool { return !strings.ContainsAny(string(n), ".eE") }

// describe names the JSON type of val for error messages.
func describe(val any) string {
	switch x := val.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number:
		if isInteger(x) {
			return "integer " + string(x)
		}
		return "number " + string(x)
	case []any:
		return "array"
	default:
		return "object"
	}
}

// compareNumbers returns -1, 0 or 1. Integers are compared exactly when they
// fit in int64, anything else as float64 (out-of-range values become ±Inf).
func compareNumbers(a, b json.Number) int {
	if x, err := strconv.ParseInt(string(a), 10, 64); err == nil {
		if y, err := strconv.ParseInt(string(b), 10, 64); err == nil {
			switch {
			case x < y:
				return -1
			case x > y:
				return 1
			}
			return 0
		}
	}
	x, _ := strconv.ParseFloat(string(a), 64)
	y, _ := strconv.ParseFloat(string(b), 64)
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// equal compares two decoded JSON values; numbers compare by value.
func equal(a, b any) bool {
	switch x := a.(type) {
	case json.Number:
		y, ok := b.(json.Number)
		return ok && compareNumbers(x, y) == 0
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok || !equal(xv, yv) {
				return false
			}
		}
		return true
	default:
		return a == b
	}
}

func containsValue(list []any, val any) bool {
	for _, e := range list {
		if equal(e, val) {
			return true
		}
	}
	return false
}

// compact renders a decoded value as JSON for messages, truncated if long.
func compact(val any) string {
	b, _ := json.Marshal(val)
	if len(b) > 80 {
		return string(b[:77]) + "..."
	}
	return string(b)
}

// jsonPath is a location in a body, rendered only when a problem is reported.
type jsonPath struct {
	up    *jsonPath // nil: the root "$"
	name  string    // object key, if index < 0
	index int       // array index
}

func (p *jsonPath) key(k string) *jsonPath { return &jsonPath{up: p, name: k, index: -1} }

// String renders the path as $.name[0], quoting keys that are not plain
// identifiers: $["a b"].
func (p *jsonPath) String() string {
	var parts []string
	for ; p != nil; p = p.up {
		parts = append(parts, p.segment())
	}
	var b strings.Builder
	b.WriteString("$")
	for i := len(parts) - 1; i >= 0; i-- {
		b.WriteString(parts[i])
	}
	return b.String()
}

func (p *jsonPath) segment() string {
	if p.index >= 0 {
		return "[" + strconv.Itoa(p.index) + "]"
	}
	for _, r := range p.name {
		if !(r == '_' || r == '$' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return "[" + strconv.Quote(p.name) + "]"
		}
	}
	if p.name == "" {
		return `[""]`
	}
	return "." + p.name
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// decodeJSON decodes exactly one JSON value, keeping numbers as json.Number.
func decodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err == io.EOF {
		return nil, errors.New("apispec: empty body, want a JSON value")
	} else if err != nil {
		return nil, fmt.Errorf("apispec: invalid JSON body: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("apispec: invalid JSON body: trailing data after the value")
	}
	return v, nil
}
