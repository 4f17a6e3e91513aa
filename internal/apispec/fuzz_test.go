package apispec_test

import (
	"encoding/json"
	"errors"
	"testing"

	"openruntimes/handler/internal/apispec"
)

// fuzzDoc uses every supported keyword, including a recursive schema.
const fuzzDoc = `{"openapi":"3.0.3","paths":{},"components":{"schemas":{
  "node": {"type":"object","required":["id"],"additionalProperties":false,"properties":{
    "id": {"type":"string","minLength":1,"maxLength":8,"pattern":"^[a-z0-9]+$"},
    "n": {"type":"integer","minimum":-5,"maximum":1e3},
    "x": {"type":"number","nullable":true},
    "kind": {"enum":["a","b",1,null,{"k":[1]}]},
    "children": {"type":"array","items":{"$ref":"#/components/schemas/node"}},
    "meta": {"type":"object","additionalProperties":{"type":"boolean"}},
    "alt": {"oneOf":[{"type":"string"},{"type":"integer"},{"$ref":"#/components/schemas/node"}]},
    "any": {"anyOf":[{"type":"boolean"},{"type":"array","items":{"type":"string"}}]},
    "all": {"allOf":[{"required":["a"]},{"properties":{"a":{"type":"string"}}}]}
  }},
  "free": {}
}}}`

func FuzzValidate(f *testing.F) {
	for _, seed := range []string{
		``, `null`, `{}`, `[]`, `"x"`, `1e309`, `-0`, `2.0`, `{"id":"a"}`,
		`{"id":"a","n":3,"x":null,"kind":{"k":[1.0]},"children":[{"id":"b","children":[{"id":"c"}]}]}`,
		`{"id":"","n":2.5,"meta":{"a":true,"b":"no"},"alt":{"id":"z"},"any":[1],"all":{"a":1},"zz":0}`,
		`{"id":"a"} trailing`, `[[[[[[[[[[]]]]]]]]]]`, `{"id":"\ud800"}`, "{\"id\":\"\xff\"}",
	} {
		f.Add([]byte(seed))
	}
	docs := map[string][]apispec.Option{"default": nil, "strict": {apispec.WithStrictProperties()}}
	var loaded []*apispec.Document
	for name, opts := range docs {
		d, err := apispec.Load([]byte(fuzzDoc), opts...)
		if err != nil {
			f.Fatalf("%s: %v", name, err)
		}
		loaded = append(loaded, d)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, d := range loaded {
			for _, name := range []string{"node", "free"} {
				err := d.ValidateSchema(name, body)
				var ve *apispec.ValidationError
				switch {
				case err == nil && !json.Valid(body):
					t.Fatalf("%s accepted invalid JSON %q", name, body)
				case errors.As(err, &ve) && len(ve.Problems) == 0:
					t.Fatalf("%s: ValidationError without problems", name)
				case name == "free" && err != nil && json.Valid(body):
					t.Fatalf("free-form schema rejected valid JSON %q: %v", body, err)
				}
			}
		}
	})
}
