package appwritetest

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestTransportRoundTrip checks that the in-memory transport answers like
// a network round trip and leaves the request alone.
func TestTransportRoundTrip(t *testing.T) {
	t.Parallel()
	e := New()
	seedUser(t, e, "rt@example.com")
	body := `{"email":"rt@example.com","password":"` + testPassword + `"}`
	req, err := http.NewRequest("POST", "https://api.example.com/v1/account/sessions/email", strings.NewReader(body))
	mustOK(t, "NewRequest", err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Appwrite-Project", e.ProjectID())
	req.Header.Set("X-Appwrite-Key", e.APIKey())
	resp, err := e.Transport().RoundTrip(req)
	mustOK(t, "RoundTrip", err)
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	mustOK(t, "read", err)
	if resp.StatusCode != 201 || resp.Status != "201 Created" || resp.Request != req || resp.ContentLength != int64(len(got)) {
		t.Errorf("response: %s, request %p, length %d/%d", resp.Status, resp.Request, resp.ContentLength, len(got))
	}
	if n := len(resp.Header.Values("Set-Cookie")); n != 2 {
		t.Errorf("%d Set-Cookie lines, want 2", n)
	}
	if !strings.Contains(resp.Header.Values("Set-Cookie")[0], "; domain=.api.example.com; secure; httponly") {
		t.Errorf("https host cookie: %s", resp.Header.Values("Set-Cookie")[0])
	}
	if req.URL.String() != "https://api.example.com/v1/account/sessions/email" || req.RequestURI != "" || req.Header.Get("X-Appwrite-Key") != e.APIKey() {
		t.Errorf("request modified: %+v", req)
	}

	head, _ := http.NewRequest("HEAD", "http://localhost/v1/health/version", nil)
	resp, err = e.Transport().RoundTrip(head)
	mustOK(t, "HEAD", err)
	if b, _ := io.ReadAll(resp.Body); len(b) != 0 {
		t.Errorf("HEAD body %q", b)
	}
}
