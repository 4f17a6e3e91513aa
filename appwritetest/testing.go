package appwritetest

import (
	"net/http/httptest"
	"testing"
)

// Server is an [Emulator] listening on a loopback port, started by [Start].
type Server struct {
	// URL is the server's base URL, without /v1 (http://127.0.0.1:port).
	URL string
	// Endpoint is the Appwrite endpoint for SDK clients: URL + "/v1".
	Endpoint string
	// ProjectID is the emulated project's ID.
	ProjectID string
	// APIKey is the project's first API key.
	APIKey string
	// Emulator is the emulator behind the server, for seeding and
	// inspection.
	Emulator *Emulator
}

// Start runs a new [Emulator] configured by opts on a loopback port
// (httptest.NewServer) and closes it when the test ends.
func Start(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	e := New(opts...)
	ts := httptest.NewServer(e)
	tb.Cleanup(ts.Close)
	return &Server{
		URL:       ts.URL,
		Endpoint:  ts.URL + "/v1",
		ProjectID: e.ProjectID(),
		APIKey:    e.APIKey(),
		Emulator:  e,
	}
}
