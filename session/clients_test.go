package session

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestExecutionDeadline: the clients of one execution share one deadline,
// so calls that each fit within UpstreamTimeout but together do not end
// in a timeout, before Appwrite's own function timeout stops the
// execution mid-flow.
func TestExecutionDeadline(t *testing.T) {
	t.Parallel()
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(120 * time.Millisecond)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"version":"1.8.1"}`))
	}))
	defer slow.Close()
	base := Config{Endpoint: slow.URL + "/v1", ProjectID: "p", UpstreamTimeout: 300 * time.Millisecond, envKey: "k"}
	cfg, err := base.ForRequest(nil)
	if err != nil {
		t.Fatal(err)
	}
	call := func(c Config) error {
		cl := NewPublicClient(&c)
		_, err := cl.Call("GET", "/health/version", map[string]any{}, map[string]any{})
		return err
	}
	for i := 0; i < 2; i++ {
		if err := call(cfg); err != nil {
			t.Fatalf("call %d within the deadline: %v", i+1, err)
		}
	}
	err = call(cfg)
	if e := FromSDK(err); e == nil || e.Type != TypeUpstreamTimeout {
		t.Fatalf("third call past the execution's deadline: %v, want upstream_timeout", err)
	}
	// A new execution has a deadline of its own.
	next, _ := base.ForRequest(nil)
	if err := call(next); err != nil {
		t.Errorf("the next execution's first call: %v", err)
	}
}
