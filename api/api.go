// Package api holds openapi.json: the function's own API, every route,
// body, response and error type, in OpenAPI 3.1. The server serves it at
// GET /openapi.json, the web client's types are generated from it, and the
// tests check the route table and the handlers' answers against it.
package api

import _ "embed"

// OpenAPI is openapi.json's bytes. Callers must not modify them.
//
//go:embed openapi.json
var OpenAPI []byte
