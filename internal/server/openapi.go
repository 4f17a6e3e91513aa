package server

import (
	"encoding/json"
	"net/http"

	"openruntimes/handler/api"
)

// getOpenAPI serves GET /openapi.json.
func getOpenAPI(d *Deps, r *Request) Reply {
	return JSON(http.StatusOK, json.RawMessage(api.OpenAPI)).WithHeader("cache-control", "public, max-age=300")
}
