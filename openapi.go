package handler

import (
	_ "embed"
	"encoding/json"
	"net/http"

	"openruntimes/handler/handlers"
)

// openAPIDocument is openapi.json: the function's own API, every route,
// body, response and error type, in OpenAPI 3.1.
//
//go:embed openapi.json
var openAPIDocument []byte

// serveOpenAPI serves GET /openapi.json.
func serveOpenAPI(d *handlers.Deps, r *handlers.Request) handlers.Reply {
	return handlers.JSON(http.StatusOK, json.RawMessage(openAPIDocument)).WithHeader("cache-control", "public, max-age=300")
}
