package server

import (
	"net/http"
	"testing"
)

// TestIndex checks GET /: a short JSON index for a person who opens the
// function's URL, where there was a 404; other methods on / are 405.
func TestIndex(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	r := env.call("GET", "/", map[string]string{"origin": ""}, "")
	var got index
	r.decode(t, &got)
	want := index{Name: "Cookie-session auth for Appwrite", Version: Version, OpenAPI: "/openapi.json", Health: "/health"}
	if r.Status != http.StatusOK || got != want {
		t.Fatalf("GET / = %d %+v, want 200 %+v", r.Status, got, want)
	}
	if c := r.Headers["set-cookie"]; c != "" {
		t.Errorf("GET / sets a cookie: %q", c)
	}
	// The paths it names are served.
	for _, path := range []string{got.OpenAPI, got.Health} {
		if r := env.call("GET", path, nil, ""); r.Status != http.StatusOK {
			t.Errorf("GET %s (named by the index) = %d", path, r.Status)
		}
	}
	r = env.call("POST", "/", nil, "")
	if r.Status != http.StatusMethodNotAllowed || r.Headers["allow"] != "GET, HEAD" {
		t.Errorf("POST / = %d allow %q, want 405 allow GET, HEAD", r.Status, r.Headers["allow"])
	}
}
