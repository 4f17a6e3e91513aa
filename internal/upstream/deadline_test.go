package upstream

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"openruntimes/handler/internal/apierror"
	"openruntimes/handler/session"
)

// TestUpstreamTimeout checks every call is bounded by UpstreamTimeout,
// whether Appwrite is slow to answer or slow to finish its body, and that
// the failure is the function's 504.
func TestUpstreamTimeout(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	defer close(release)
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/v1/slow-body" {
			w.WriteHeader(http.StatusOK)
			w.Write([]byte(`{"version":`))
			w.(http.Flusher).Flush()
		}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	cfg := &session.Config{Endpoint: slow.URL + "/v1", ProjectID: "p", UpstreamTimeout: 100 * time.Millisecond}
	for _, path := range []string{"/slow-headers", "/slow-body"} {
		start := time.Now()
		c := NewPublicClient(cfg)
		_, err := c.Call("GET", path, map[string]any{}, map[string]any{})
		if took := time.Since(start); err == nil || took > 5*time.Second {
			t.Fatalf("GET %s: %v after %v", path, err, took)
		}
		if e := FromSDK(err); e.Code != http.StatusGatewayTimeout || e.Type != apierror.TypeUpstreamTimeout {
			t.Errorf("GET %s: %v became %d %s, want 504 %s", path, err, e.Code, e.Type, apierror.TypeUpstreamTimeout)
		}
	}
}

// TestUpstreamTimeoutReleased checks a call that finishes in time keeps
// working after the deadline would have passed: the body is the caller's.
func TestUpstreamTimeoutReleased(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"version":"1.8.1"}`))
	}))
	defer srv.Close()
	cfg := &session.Config{Endpoint: srv.URL + "/v1", ProjectID: "p", UpstreamTimeout: 50 * time.Millisecond}
	for i := 0; i < 3; i++ {
		c := NewPublicClient(cfg)
		resp, err := c.Call("GET", "/health/version", map[string]any{}, map[string]any{})
		if err != nil || resp.Result.(string) != `{"version":"1.8.1"}` {
			t.Fatalf("call %d: %v %v", i, resp, err)
		}
		time.Sleep(60 * time.Millisecond)
	}
}
