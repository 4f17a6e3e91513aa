package apispec_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"openruntimes/handler/internal/apispec"
)

// schemaDoc builds a document of the given version whose component schema
// "T" is schemaJSON; "Other" is available as a $ref target.
func schemaDoc(t *testing.T, version, schemaJSON string, opts ...apispec.Option) *apispec.Document {
	t.Helper()
	other := `{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}`
	var src string
	if version == "2.0" {
		src = fmt.Sprintf(`{"swagger":"2.0","paths":{},"definitions":{"T":%s,"Other":%s}}`, schemaJSON, other)
	} else {
		src = fmt.Sprintf(`{"openapi":%q,"paths":{},"components":{"schemas":{"T":%s,"Other":%s}}}`, version, schemaJSON, other)
	}
	d, err := apispec.Load([]byte(src), opts...)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return d
}

// problems returns the problem strings of err, failing on non-validation errors.
func problems(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *apispec.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want *ValidationError, got %T: %v", err, err)
	}
	var out []string
	for _, p := range ve.Problems {
		out = append(out, p.String())
	}
	return out
}

func TestKeywords(t *testing.T) {
	tests := []struct {
		name    string
		version string // default "3.0.3"
		schema  string
		body    string
		want    []string // nil: valid
	}{
		{"type string ok", "", `{"type":"string"}`, `"x"`, nil},
		{"type string bad", "", `{"type":"string"}`, `5`, []string{"$: want string, got integer 5"}},
		{"type integer ok", "", `{"type":"integer"}`, `-3`, nil},
		{"type integer 2.0", "", `{"type":"integer"}`, `2.0`, []string{"$: want integer, got number 2.0"}},
		{"type integer 2.5", "", `{"type":"integer"}`, `2.5`, []string{"$: want integer, got number 2.5"}},
		{"type integer exponent", "", `{"type":"integer"}`, `1e3`, []string{"$: want integer, got number 1e3"}},
		{"type integer huge", "", `{"type":"integer"}`, `123456789012345678901234567890`, nil},
		{"type number fraction", "", `{"type":"number"}`, `2.5`, nil},
		{"type number integer", "", `{"type":"number"}`, `2`, nil},
		{"type number bad", "", `{"type":"number"}`, `"2"`, []string{"$: want number, got string"}},
		{"type boolean ok", "", `{"type":"boolean"}`, `false`, nil},
		{"type boolean bad", "", `{"type":"boolean"}`, `"true"`, []string{"$: want boolean, got string"}},
		{"type array ok", "", `{"type":"array"}`, `[1,"a"]`, nil},
		{"type array bad", "", `{"type":"array"}`, `{}`, []string{"$: want array, got object"}},
		{"type object ok", "", `{"type":"object"}`, `{"a":1}`, nil},
		{"type object bad", "", `{"type":"object"}`, `[]`, []string{"$: want object, got array"}},
		{"no type accepts anything", "", `{}`, `null`, nil},
		{"null not a string", "", `{"type":"string"}`, `null`, []string{"$: want string, got null"}},
		{"3.1 type null", "3.1.0", `{"type":"null"}`, `null`, nil},
		{"3.1 type list null", "3.1.0", `{"type":["string","null"]}`, `null`, nil},
		{"3.1 type list string", "3.1.0", `{"type":["string","null"]}`, `"a"`, nil},
		{"3.1 type list bad", "3.1.0", `{"type":["string","null"]}`, `5`, []string{"$: want string or null, got integer 5"}},
		{"3.0 nullable null", "", `{"type":"string","nullable":true}`, `null`, nil},
		{"3.0 nullable value still checked", "", `{"type":"string","nullable":true}`, `1`, []string{"$: want string, got integer 1"}},
		{"3.0 nullable false", "", `{"type":"string","nullable":false}`, `null`, []string{"$: want string, got null"}},
		{"3.1 ignores nullable", "3.1.0", `{"type":"string","nullable":true}`, `null`, []string{"$: want string, got null"}},
		{"2.0 x-nullable", "2.0", `{"type":"string","x-nullable":true}`, `null`, nil},
		{"2.0 x-nullable absent", "2.0", `{"type":"string"}`, `null`, []string{"$: want string, got null"}},
		{"3.0 ignores x-nullable", "", `{"type":"string","x-nullable":true}`, `null`, []string{"$: want string, got null"}},
		{"nested property path", "", `{"properties":{"a":{"properties":{"b":{"type":"boolean"}}}}}`, `{"a":{"b":"x"}}`, []string{"$.a.b: want boolean, got string"}},
		{"odd key path", "", `{"properties":{"a b":{"type":"boolean"}}}`, `{"a b":1}`, []string{`$["a b"]: want boolean, got integer 1`}},
		{"dollar key path", "", `{"properties":{"$id":{"type":"string"}}}`, `{"$id":1}`, []string{`$.$id: want string, got integer 1`}},
		{"properties ignore non-objects", "", `{"properties":{"a":{"type":"string"}}}`, `[1]`, nil},
		{"required ok", "", `{"type":"object","required":["a"]}`, `{"a":null}`, nil},
		{"required missing", "", `{"type":"object","required":["a","b"]}`, `{"b":1}`, []string{`$: missing required property "a"`}},
		{"additionalProperties default true", "", `{"properties":{"a":{}}}`, `{"a":1,"x":2}`, nil},
		{"additionalProperties true", "", `{"properties":{"a":{}},"additionalProperties":true}`, `{"x":2}`, nil},
		{"additionalProperties false", "", `{"properties":{"a":{}},"additionalProperties":false}`, `{"a":1,"x":2}`, []string{"$.x: property not allowed (additionalProperties is false)"}},
		{"additionalProperties schema", "", `{"properties":{"a":{}},"additionalProperties":{"type":"integer"}}`, `{"a":"s","x":2,"y":"z"}`, []string{"$.y: want integer, got string"}},
		{"items ok", "", `{"type":"array","items":{"type":"string"}}`, `["a","b"]`, nil},
		{"items bad", "", `{"type":"array","items":{"type":"string"}}`, `["a",1,true]`, []string{"$[1]: want string, got integer 1", "$[2]: want string, got boolean"}},
		{"items ignored on objects", "", `{"type":"object","items":{"type":"string"}}`, `{"a":1}`, nil},
		{"enum ok", "", `{"enum":["a","b"]}`, `"b"`, nil},
		{"enum bad", "", `{"enum":["a","b"]}`, `"c"`, []string{`$: value "c" not in enum ["a","b"]`}},
		{"enum numeric equality", "", `{"enum":[1,2]}`, `1.0`, nil},
		{"enum type sensitive", "", `{"enum":[1]}`, `"1"`, []string{`$: value "1" not in enum [1]`}},
		{"enum object", "", `{"enum":[{"a":[1]}]}`, `{"a":[1]}`, nil},
		{"enum null", "3.1.0", `{"enum":[null]}`, `null`, nil},
		{"const ok", "3.1.0", `{"const":"x"}`, `"x"`, nil},
		{"const bad", "3.1.0", `{"const":"x"}`, `"y"`, []string{`$: want const "x", got "y"`}},
		{"const null ok", "3.1.0", `{"const":null}`, `null`, nil},
		{"const null bad", "3.1.0", `{"const":null}`, `0`, []string{`$: want const null, got 0`}},
		{"oneOf exactly one", "", `{"oneOf":[{"type":"string"},{"type":"integer"}]}`, `3`, nil},
		{"oneOf none", "", `{"oneOf":[{"type":"string"},{"type":"integer"}]}`, `true`, []string{"$: matches none of the 2 oneOf schemas; closest mismatch:", "$: want string, got boolean"}},
		{"oneOf two", "", `{"oneOf":[{"type":"number"},{"type":"integer"}]}`, `3`, []string{"$: matches 2 of the oneOf schemas, want exactly one"}},
		{"anyOf one", "", `{"anyOf":[{"type":"string"},{"type":"integer"}]}`, `"s"`, nil},
		{"anyOf both", "", `{"anyOf":[{"type":"number"},{"type":"integer"}]}`, `3`, nil},
		{"anyOf none closest", "", `{"anyOf":[{"required":["a","b"]},{"required":["a"]}]}`, `{}`, []string{"$: matches none of the 2 anyOf schemas; closest mismatch:", `$: missing required property "a"`}},
		{"allOf ok", "", `{"allOf":[{"required":["a"]},{"required":["b"]}]}`, `{"a":1,"b":2}`, nil},
		{"allOf all problems", "", `{"allOf":[{"required":["a"]},{"required":["b"]}]}`, `{}`, []string{`$: missing required property "a"`, `$: missing required property "b"`}},
		{"minimum ok", "", `{"minimum":1}`, `1`, nil},
		{"minimum bad", "", `{"minimum":1}`, `0.5`, []string{"$: 0.5 is less than minimum 1"}},
		{"maximum ok", "", `{"maximum":10.5}`, `10.5`, nil},
		{"maximum bad", "", `{"maximum":10}`, `11`, []string{"$: 11 is greater than maximum 10"}},
		{"maximum int64 exact", "", `{"maximum":9007199254740992}`, `9007199254740993`, []string{"$: 9007199254740993 is greater than maximum 9007199254740992"}},
		{"minimum ignores strings", "", `{"minimum":1}`, `"0"`, nil},
		{"minLength runes", "", `{"minLength":2}`, `"é"`, []string{"$: length 1 is less than minLength 2"}},
		{"minLength ok", "", `{"minLength":2}`, `"éé"`, nil},
		{"maxLength bad", "", `{"maxLength":2}`, `"abc"`, []string{"$: length 3 is greater than maxLength 2"}},
		{"maxLength ok", "", `{"maxLength":2}`, `"ab"`, nil},
		{"pattern ok unanchored", "", `{"pattern":"[0-9]+"}`, `"ab12"`, nil},
		{"pattern bad", "", `{"pattern":"^[0-9]+$"}`, `"ab12"`, []string{`$: "ab12" does not match pattern "^[0-9]+$"`}},
		{"format ignored", "", `{"type":"string","format":"date-time"}`, `"not a date"`, nil},
		{"ref ok", "", `{"$ref":"#/components/schemas/Other"}`, `{"n":1}`, nil},
		{"ref problem path", "", `{"properties":{"o":{"$ref":"#/components/schemas/Other"}}}`, `{"o":{"n":"1"}}`, []string{"$.o.n: want integer, got string"}},
		{"ref nullable sibling", "", `{"properties":{"o":{"$ref":"#/components/schemas/Other","nullable":true}}}`, `{"o":null}`, nil},
		{"2.0 definitions ref", "2.0", `{"$ref":"#/definitions/Other"}`, `{}`, []string{`$: missing required property "n"`}},
		{"boolean schema false", "3.1.0", `{"properties":{"x":false}}`, `{"x":1}`, []string{"$.x: no value allowed here"}},
		{"boolean schema true", "3.1.0", `{"properties":{"x":true}}`, `{"x":1}`, nil},
		{"reports every problem", "", `{"type":"object","required":["id","ok"],"properties":{"id":{"type":"string"},"ok":{"type":"boolean"},"list":{"type":"array","items":{"type":"integer"}}}}`,
			`{"ok":"yes","list":[1,2.0,"3"]}`,
			[]string{`$: missing required property "id"`, "$.list[1]: want integer, got number 2.0", "$.list[2]: want integer, got string", "$.ok: want boolean, got string"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			version := tt.version
			if version == "" {
				version = "3.0.3"
			}
			d := schemaDoc(t, version, tt.schema)
			got := problems(t, d.ValidateSchema("T", []byte(tt.body)))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ValidateSchema(%s) problems:\n got %q\nwant %q", tt.body, got, tt.want)
			}
		})
	}
}

func TestStrictProperties(t *testing.T) {
	const obj = `{"type":"object","properties":{"a":{"type":"integer"},"free":{"type":"object"},"open":{"type":"object","properties":{},"additionalProperties":true},"list":{"type":"array","items":{"properties":{"b":{}}}}}}`
	tests := []struct {
		name   string
		schema string
		body   string
		want   []string // in strict mode
	}{
		{"declared only", obj, `{"a":1}`, nil},
		{"extra key", obj, `{"a":1,"z":2}`, []string{"$.z: property not declared in schema (strict mode)"}},
		{"free-form object", obj, `{"free":{"anything":1}}`, nil},
		{"explicit additionalProperties", obj, `{"open":{"anything":1}}`, nil},
		{"extra key in array item", obj, `{"list":[{"b":1},{"b":1,"c":2}]}`, []string{"$.list[1].c: property not declared in schema (strict mode)"}},
		{"allOf union", `{"allOf":[{"properties":{"a":{}}},{"properties":{"b":{}}}]}`, `{"a":1,"b":2}`, nil},
		{"allOf extra", `{"allOf":[{"properties":{"a":{}}},{"properties":{"b":{}}}]}`, `{"a":1,"c":2}`, []string{"$.c: property not declared in schema (strict mode)"}},
		{"ref and properties", `{"allOf":[{"$ref":"#/components/schemas/Other"}],"properties":{"b":{}}}`, `{"n":1,"b":2}`, nil},
		{"oneOf matching branch declares", `{"properties":{"kind":{}},"oneOf":[{"required":["x"],"properties":{"x":{}}},{"required":["y"],"properties":{"y":{}}}]}`, `{"kind":1,"x":1}`, nil},
		{"oneOf other branch does not declare", `{"properties":{"kind":{}},"oneOf":[{"required":["x"],"properties":{"x":{}}},{"required":["y"],"properties":{"y":{}}}]}`, `{"kind":1,"x":1,"y":null}`,
			[]string{"$: matches 2 of the oneOf schemas, want exactly one"}},
		{"additionalProperties false reported once", `{"properties":{"a":{}},"additionalProperties":false}`, `{"z":1}`, []string{"$.z: property not allowed (additionalProperties is false)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			strict := schemaDoc(t, "3.0.3", tt.schema, apispec.WithStrictProperties())
			if got := problems(t, strict.ValidateSchema("T", []byte(tt.body))); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("strict problems:\n got %q\nwant %q", got, tt.want)
			}
			// Without the option, only undeclared-property problems go away.
			var want []string
			for _, p := range tt.want {
				if !strings.Contains(p, "strict mode") {
					want = append(want, p)
				}
			}
			lax := schemaDoc(t, "3.0.3", tt.schema)
			if got := problems(t, lax.ValidateSchema("T", []byte(tt.body))); !reflect.DeepEqual(got, want) {
				t.Errorf("non-strict problems:\n got %q\nwant %q", got, want)
			}
		})
	}
}

func TestPropertySchemaOverride(t *testing.T) {
	const schema = `{"type":"object","properties":{"code":{"type":"string"}}}`
	d := schemaDoc(t, "3.0.3", schema, apispec.WithPropertySchema("T", "code", `{"type":"integer"}`))
	if err := d.ValidateSchema("T", []byte(`{"code":401}`)); err != nil {
		t.Errorf("overridden property: %v", err)
	}
	if got, want := problems(t, d.ValidateSchema("T", []byte(`{"code":"401"}`))), []string{"$.code: want integer, got string"}; !reflect.DeepEqual(got, want) {
		t.Errorf("overridden property: got %q, want %q", got, want)
	}
	plain := schemaDoc(t, "3.0.3", schema)
	if err := plain.ValidateSchema("T", []byte(`{"code":401}`)); err == nil {
		t.Error("without override, integer code should fail")
	}
}

func TestExtraProperty(t *testing.T) {
	const schema = `{"type":"object","properties":{"a":{"type":"string"}}}`
	opt := apispec.WithExtraProperty("T", "b", `{"type":"boolean","nullable":true}`)
	d := schemaDoc(t, "3.0.3", schema, apispec.WithStrictProperties(), opt)
	for _, body := range []string{`{"a":"x","b":true}`, `{"a":"x","b":null}`, `{"a":"x"}`} {
		if err := d.ValidateSchema("T", []byte(body)); err != nil {
			t.Errorf("%s with the extra property: %v", body, err)
		}
	}
	if got, want := problems(t, d.ValidateSchema("T", []byte(`{"b":"yes"}`))), []string{"$.b: want boolean, got string"}; !reflect.DeepEqual(got, want) {
		t.Errorf("extra property of the wrong type: got %q, want %q", got, want)
	}
	strict := schemaDoc(t, "3.0.3", schema, apispec.WithStrictProperties())
	if err := strict.ValidateSchema("T", []byte(`{"b":true}`)); err == nil {
		t.Error("without the extra property, a strict document should refuse b")
	}
}

func TestLoadErrors(t *testing.T) {
	const wrap = `{"openapi":"3.0.3","paths":{},"components":{"schemas":{"T":%s}}}`
	tests := []struct {
		name string
		doc  string
		opts []apispec.Option
		want string
	}{
		{"not JSON", `{`, nil, "unexpected end"},
		{"no version", `{"paths":{}}`, nil, "unsupported document version"},
		{"swagger 1.2", `{"swagger":"1.2"}`, nil, "unsupported document version"},
		{"unsupported keyword", fmt.Sprintf(wrap, `{"properties":{"a":{"not":{}}}}`), nil, `components.schemas.T: unsupported schema keyword "not"`},
		{"unresolved ref", fmt.Sprintf(wrap, `{"$ref":"#/components/schemas/Nope"}`), nil, `components.schemas.T: cannot resolve $ref "#/components/schemas/Nope"`},
		{"external ref", fmt.Sprintf(wrap, `{"$ref":"other.json#/components/schemas/T"}`), nil, `cannot resolve $ref "other.json`},
		{"definitions ref in 3.0", fmt.Sprintf(wrap, `{"$ref":"#/definitions/T"}`), nil, `cannot resolve $ref "#/definitions/T"`},
		{"self ref cycle", fmt.Sprintf(wrap, `{"allOf":[{"$ref":"#/components/schemas/T"}]}`), nil, "components.schemas.T: circular schema reference"},
		{"bad pattern", fmt.Sprintf(wrap, `{"pattern":"(?=x)"}`), nil, `pattern "(?=x)"`},
		{"bad type", fmt.Sprintf(wrap, `{"type":5}`), nil, "type must be a string"},
		{"bad schema in response", `{"openapi":"3.0.3","paths":{"/a":{"get":{"responses":{"200":{"content":{"application/json":{"schema":{"minLength":"x"}}}}}}}}}`, nil, "paths./a.get.responses.200: json: cannot unmarshal"},
		{"unknown type name", fmt.Sprintf(wrap, `{"properties":{"a":{"type":"int"}}}`), nil, `unknown type "int"`},
		{"override unknown property", fmt.Sprintf(wrap, `{"properties":{"a":{}}}`), []apispec.Option{apispec.WithPropertySchema("T", "b", `{}`)}, `has no property "b"`},
		{"override unknown schema", fmt.Sprintf(wrap, `{}`), []apispec.Option{apispec.WithPropertySchema("X", "a", `{}`)}, `components.schemas.X has no property "a"`},
		{"override bad JSON", fmt.Sprintf(wrap, `{"properties":{"a":{}}}`), []apispec.Option{apispec.WithPropertySchema("T", "a", `{`)}, "WithPropertySchema T.a"},
		{"extra property exists", fmt.Sprintf(wrap, `{"properties":{"a":{}}}`), []apispec.Option{apispec.WithExtraProperty("T", "a", `{}`)}, `already has property "a"`},
		{"extra property of unknown schema", fmt.Sprintf(wrap, `{}`), []apispec.Option{apispec.WithExtraProperty("X", "a", `{}`)}, `has no schema "X"`},
		{"extra property bad JSON", fmt.Sprintf(wrap, `{}`), []apispec.Option{apispec.WithExtraProperty("T", "a", `{`)}, "WithExtraProperty T.a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := apispec.Load([]byte(tt.doc), tt.opts...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
	// A recursive schema through properties is fine.
	if _, err := apispec.Load([]byte(fmt.Sprintf(wrap, `{"properties":{"next":{"$ref":"#/components/schemas/T"}}}`))); err != nil {
		t.Errorf("recursive schema through properties: %v", err)
	}
}

func TestLoadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "doc.json")
	if err := os.WriteFile(path, []byte(`{"openapi":"3.1.0","paths":{},"components":{"schemas":{"T":{"type":"string"}}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	d, err := apispec.LoadFile(path)
	if err != nil {
		t.Fatalf("LoadFile: %v", err)
	}
	if err := d.ValidateSchema("T", []byte(`"x"`)); err != nil {
		t.Errorf("ValidateSchema: %v", err)
	}
	if _, err := apispec.LoadFile(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("LoadFile of a missing file succeeded")
	}
}

func TestBodyErrors(t *testing.T) {
	d := schemaDoc(t, "3.0.3", `{}`)
	tests := []struct{ body, want string }{
		{``, "empty body"},
		{`   `, "empty body"},
		{`{"a":`, "invalid JSON body"},
		{`{} {}`, "trailing data"},
		{`{}}`, "trailing data"},
		{`nul`, "invalid JSON body"},
	}
	for _, tt := range tests {
		err := d.ValidateSchema("T", []byte(tt.body))
		var ve *apispec.ValidationError
		if err == nil || errors.As(err, &ve) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ValidateSchema(%q) = %v, want plain error containing %q", tt.body, err, tt.want)
		}
	}
	if err := d.ValidateSchema("T", []byte(" {}\n")); err != nil {
		t.Errorf("surrounding whitespace: %v", err)
	}
	if err := d.ValidateSchema("Missing", []byte(`{}`)); err == nil || !strings.Contains(err.Error(), `no schema "Missing"`) {
		t.Errorf("unknown schema: %v", err)
	}
}

func TestValidationErrorMessage(t *testing.T) {
	d := schemaDoc(t, "3.0.3", `{"required":["a","b"]}`)
	err := d.ValidateSchema("T", []byte(`{}`))
	want := "$: missing required property \"a\"\n$: missing required property \"b\""
	if err == nil || err.Error() != want {
		t.Errorf("Error() = %q, want %q", err, want)
	}
}

const opsDoc = `{
  "openapi": "3.0.3",
  "paths": {
    "/items": {
      "parameters": [],
      "get": {"operationId": "list", "responses": {
        "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/item"}}}}},
        "4XX": {"$ref": "#/components/responses/problem"},
        "default": {"description": "error", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/error"}}}}
      }},
      "post": {"operationId": "create", "responses": {
        "201": {"description": "created", "content": {"application/json; charset=utf-8": {"schema": {"$ref": "#/components/schemas/item"}}}},
        "2XX": {"description": "any JSON", "content": {"application/json": {}}}
      }}
    },
    "/items/{id}": {
      "delete": {"operationId": "remove", "responses": {"204": {"description": "gone"}}},
      "get": {"operationId": "get", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/item"}}}}}}
    },
    "/items/special": {"get": {"operationId": "special", "responses": {"200": {"description": "ok", "content": {"text/plain": {"schema": {"type": "string"}}}}}}},
    "/items/{id}/files/{name}.json": {"get": {"responses": {"301": {"description": "moved"}}}},
    "/{any}/{id}": {"get": {"responses": {"200": {"description": "ok"}}}}
  },
  "components": {
    "responses": {"problem": {"description": "problem", "content": {"application/json": {"schema": {"type": "object", "required": ["detail"]}}}}},
    "schemas": {
      "item": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "n": {"type": "integer"}}},
      "error": {"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}}
    }
  }
}`

func TestValidateResponse(t *testing.T) {
	d, err := apispec.Load([]byte(opsDoc))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name         string
		method, path string
		status       int
		body         string
		wantErr      string // "" valid; otherwise substring of the error
		validation   bool   // error must be a *ValidationError
	}{
		{"ok", "GET", "/items", 200, `[{"id":"a","n":1}]`, "", false},
		{"lower-case method", "get", "/items", 200, `[]`, "", false},
		{"item problem", "GET", "/items", 200, `[{"id":"a","n":1.5}]`, "$[0].n: want integer, got number 1.5", true},
		{"range via response ref", "GET", "/items", 404, `{"detail":"no"}`, "", false},
		{"range beats default", "GET", "/items", 404, `{"message":"no"}`, `$: missing required property "detail"`, true},
		{"default", "GET", "/items", 500, `{"message":"boom"}`, "", false},
		{"default bad", "GET", "/items", 503, `{"message":1}`, "$.message: want string, got integer 1", true},
		{"media type parameters", "POST", "/items", 201, `{"id":"x"}`, "", false},
		{"exact beats range", "POST", "/items", 201, `{}`, `missing required property "id"`, true},
		{"range without schema accepts any JSON", "POST", "/items", 202, `[1,"x"]`, "", false},
		{"range without schema still needs JSON", "POST", "/items", 202, `nope`, "invalid JSON body", false},
		{"undocumented status", "POST", "/items", 500, `{}`, "documents no response for status 500", false},
		{"no content empty", "DELETE", "/items/{id}", 204, ``, "", false},
		{"no content with body", "DELETE", "/items/{id}", 204, `{}`, "want empty body (status 204 documents no content), got 2 bytes", true},
		{"redirect empty", "GET", "/items/{id}/files/{name}.json", 301, ``, "", false},
		{"unknown path", "GET", "/nope", 200, `{}`, "no operation GET /nope", false},
		{"unknown method", "PUT", "/items", 200, `{}`, "no operation PUT /items", false},
		{"concrete path is not a template", "GET", "/items/a", 200, `{}`, "no operation GET /items/a", false},
		{"non-JSON media", "GET", "/items/special", 200, `"x"`, "documents no JSON body (text/plain)", false},
		{"empty body for JSON", "GET", "/items/{id}", 200, ``, "empty body", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := d.ValidateResponse(tt.method, tt.path, tt.status, []byte(tt.body))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
			}
			var ve *apispec.ValidationError
			if errors.As(err, &ve) != tt.validation {
				t.Errorf("error type %T, want ValidationError: %v", err, tt.validation)
			}
		})
	}
}

func TestSwagger2Response(t *testing.T) {
	d, err := apispec.Load([]byte(`{"swagger":"2.0","paths":{"/a":{"get":{"responses":{
		"200":{"description":"ok","schema":{"$ref":"#/definitions/a"}},
		"204":{"description":"none"},
		"400":{"$ref":"#/responses/bad"}}}}},
		"responses":{"bad":{"description":"bad","schema":{"type":"string"}}},
		"definitions":{"a":{"type":"object","properties":{"p":{"type":"string","x-nullable":true}}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := d.ValidateResponse("GET", "/a", 200, []byte(`{"p":null}`)); err != nil {
		t.Errorf("200: %v", err)
	}
	if err := d.ValidateResponse("GET", "/a", 200, []byte(`{"p":1}`)); err == nil {
		t.Error("200 with wrong type passed")
	}
	if err := d.ValidateResponse("GET", "/a", 204, nil); err != nil {
		t.Errorf("204: %v", err)
	}
	if err := d.ValidateResponse("GET", "/a", 400, []byte(`"bad"`)); err != nil {
		t.Errorf("400 via response ref: %v", err)
	}
	if err := d.ValidateResponse("GET", "/a", 400, []byte(`{}`)); err == nil {
		t.Error("400 with object passed")
	}
}

func TestOperations(t *testing.T) {
	d, err := apispec.Load([]byte(opsDoc))
	if err != nil {
		t.Fatal(err)
	}
	want := []apispec.Operation{
		{Method: "GET", Path: "/items", OperationID: "list", Statuses: []string{"200", "4XX", "default"}},
		{Method: "POST", Path: "/items", OperationID: "create", Statuses: []string{"201", "2XX"}},
		{Method: "GET", Path: "/items/special", OperationID: "special", Statuses: []string{"200"}},
		{Method: "GET", Path: "/items/{id}", OperationID: "get", Statuses: []string{"200"}},
		{Method: "DELETE", Path: "/items/{id}", OperationID: "remove", Statuses: []string{"204"}},
		{Method: "GET", Path: "/items/{id}/files/{name}.json", Statuses: []string{"301"}},
		{Method: "GET", Path: "/{any}/{id}", Statuses: []string{"200"}},
	}
	if got := d.Operations(); !reflect.DeepEqual(got, want) {
		t.Errorf("Operations:\n got %+v\nwant %+v", got, want)
	}
}

func TestMatchPath(t *testing.T) {
	d, err := apispec.Load([]byte(opsDoc))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		method, path, want string
		ok                 bool
	}{
		{"GET", "/items", "/items", true},
		{"GET", "/items?limit=1", "/items", true},
		{"GET", "/items/abc", "/items/{id}", true},
		{"GET", "/items/special", "/items/special", true},
		{"DELETE", "/items/special", "/items/{id}", true},
		{"delete", "/items/abc", "/items/{id}", true},
		{"GET", "/things/abc", "/{any}/{id}", true},
		{"GET", "/items/a/files/readme.json", "/items/{id}/files/{name}.json", true},
		{"GET", "/items/a/files/readme.txt", "", false},
		{"GET", "/items/a/files/.json", "", false},
		{"GET", "/items/", "", false},
		{"PUT", "/items", "", false},
		{"GET", "/items/a/b", "", false},
		{"GET", "/", "", false},
	}
	for _, tt := range tests {
		got, ok := d.MatchPath(tt.method, tt.path)
		if got != tt.want || ok != tt.ok {
			t.Errorf("MatchPath(%s, %s) = %q, %v; want %q, %v", tt.method, tt.path, got, ok, tt.want, tt.ok)
		}
	}
}
