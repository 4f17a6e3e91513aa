package server

import (
	"net/http"
)

// index is the answer of GET /: what the function is and where to read
// more, for a person who opens the function's URL in a browser.
type index struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	OpenAPI string `json:"openapi"`
	Health  string `json:"health"`
}

// getIndex serves GET /.
func getIndex(d *Deps, r *Request) Reply {
	return JSON(http.StatusOK, index{
		Name:    "Cookie-session auth for Appwrite",
		Version: Version,
		OpenAPI: "/openapi.json",
		Health:  "/health",
	})
}
