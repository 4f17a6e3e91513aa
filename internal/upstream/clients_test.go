package upstream

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"openruntimes/handler/internal/apierror"
	"openruntimes/handler/session"
)

// TestExecutionDeadline: the clients of one execution share one deadline,
// so calls that each fit within UpstreamTimeout but together do not end
// in a timeout, before Appwrite's own function timeout stops the
// execution mid-flow.
func TestExecutionDeadline(t *testing.T) {
	t.Parallel()
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(200 * time.Millisecond)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"version":"1.8.1"}`))
	}))
	defer slow.Close()
	// Each call takes 200 ms; the execution has a second for all of them.
	// The margins are wide, so that a loaded machine does not fail the
	// test: two calls fit with 600 ms to spare, and one of the next four
	// (1.2 s in all) must meet the deadline.
	base := session.Config{Endpoint: slow.URL + "/v1", ProjectID: "p", UpstreamTimeout: time.Second}
	cfg, err := base.ForRequest(map[string]string{"x-appwrite-key": "k"})
	if err != nil {
		t.Fatal(err)
	}
	call := func(c session.Config) error {
		cl := NewPublicClient(&c)
		_, err := cl.Call("GET", "/health/version", map[string]any{}, map[string]any{})
		return err
	}
	for i := 0; i < 2; i++ {
		if err := call(cfg); err != nil {
			t.Fatalf("call %d within the deadline: %v", i+1, err)
		}
	}
	timedOut := false
	for i := 0; i < 4 && !timedOut; i++ {
		err = call(cfg)
		if e := FromSDK(err); e != nil {
			if e.Type != apierror.TypeUpstreamTimeout {
				t.Fatalf("call %d: %v, want upstream_timeout", i+3, err)
			}
			timedOut = true
		}
	}
	if !timedOut {
		t.Fatal("six calls of 200 ms each all fit in the execution's second")
	}
	// A new execution has a deadline of its own.
	next, _ := base.ForRequest(map[string]string{"x-appwrite-key": "k"})
	if err := call(next); err != nil {
		t.Errorf("the next execution's first call: %v", err)
	}
}
