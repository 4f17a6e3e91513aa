package server

import (
	"encoding/json"
	"net/http"

	"openruntimes/handler/api"
)

// serveOpenAPI serves GET /openapi.json.
func serveOpenAPI(d *Deps, r *Request) Reply {
	return JSON(http.StatusOK, json.RawMessage(api.OpenAPI)).WithHeader("cache-control", "public, max-age=300")
}
