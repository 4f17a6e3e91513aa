package server

import (
	"net/http"
	"time"

	"openruntimes/handler/internal/upstream"
)

// Health is the answer of GET /health.
type Health struct {
	Status   string         `json:"status"`
	Version  string         `json:"version"`
	Uptime   string         `json:"uptime"`
	Appwrite AppwriteHealth `json:"appwrite"`
}

// AppwriteHealth says whether Appwrite answered and how fast.
type AppwriteHealth struct {
	Reachable bool   `json:"reachable"`
	Version   string `json:"version,omitempty"`
	LatencyMS int64  `json:"latencyMs"`
	Error     string `json:"error,omitempty"`
}

// getHealth serves GET /health: 200 {status: "ok"} with Appwrite's
// version and the time its health endpoint took, or 503 {status:
// "degraded"} when Appwrite cannot be reached. It uses neither the API key
// nor a session.
func getHealth(d *Deps, r *Request) Reply {
	c := upstream.NewPublicClient(d.Config)
	start := time.Now()
	var version struct {
		Version string `json:"version"`
	}
	err := callJSON(c, "GET", "/health/version", nil, &version)
	h := Health{
		Status:  "ok",
		Version: d.Info.Version,
		Uptime:  d.Now().Sub(d.Info.Started).Round(time.Second).String(),
		Appwrite: AppwriteHealth{
			Reachable: err == nil,
			Version:   version.Version,
			LatencyMS: time.Since(start).Milliseconds(),
		},
	}
	if err != nil {
		h.Status = "degraded"
		h.Appwrite.Error = upstream.FromSDK(err).Type
		return JSON(http.StatusServiceUnavailable, h)
	}
	return JSON(http.StatusOK, h)
}
