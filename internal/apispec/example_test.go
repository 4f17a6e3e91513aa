package apispec_test

import (
	"fmt"

	"openruntimes/handler/internal/apispec"
)

func Example() {
	doc, err := apispec.Load([]byte(`{
	  "openapi": "3.0.3",
	  "paths": {"/things/{id}": {"get": {"responses": {"200": {"description": "ok",
	    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/thing"}}}}}}}},
	  "components": {"schemas": {
	    "thing": {"type": "object", "required": ["id", "count", "tags"], "properties": {
	      "id": {"type": "string"},
	      "count": {"type": "integer"},
	      "tags": {"type": "array", "items": {"type": "string"}}}},
	    "error": {"type": "object", "properties": {"code": {"type": "string"}}}}}
	}`), apispec.WithStrictProperties(), apispec.WithPropertySchema("error", "code", `{"type":"integer"}`))
	if err != nil {
		panic(err)
	}

	tmpl, _ := doc.MatchPath("GET", "/things/42")
	fmt.Println(tmpl)
	fmt.Println(doc.ValidateResponse("GET", tmpl, 200, []byte(`{"id":"42","count":3,"tags":["a"]}`)))
	fmt.Println(doc.ValidateResponse("GET", tmpl, 200, []byte(`{"count":2.0,"tags":["a",7],"extra":true}`)))
	fmt.Println(doc.ValidateSchema("error", []byte(`{"code":404}`)))
	// Output:
	// /things/{id}
	// <nil>
	// $: missing required property "id"
	// $.count: want integer, got number 2.0
	// $.tags[1]: want string, got integer 7
	// $.extra: property not declared in schema (strict mode)
	// <nil>
}
