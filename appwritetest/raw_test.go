package appwritetest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// rawResponse is a response read in full.
type rawResponse struct {
	status int
	header http.Header
	body   []byte
}

// errType decodes the error type of a JSON error body.
func (r rawResponse) errType() string {
	var b struct {
		Type string `json:"type"`
	}
	_ = json.Unmarshal(r.body, &b)
	return b.Type
}

// decode unmarshals the body into v.
func (r rawResponse) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// rawCall is one HTTP request to an emulator through its in-memory
// transport. Headers are sent as given; the project header is added unless
// noProject is set. Redirects are not followed and every response is
// checked against the spec.
type rawCall struct {
	method    string
	url       string // absolute, or a path on http://localhost
	header    map[string]string
	body      string
	noProject bool
}

// do sends the call to e.
func (c rawCall) do(t *testing.T, e *Emulator) rawResponse {
	t.Helper()
	u := c.url
	if strings.HasPrefix(u, "/") {
		u = "http://localhost" + u
	}
	var body io.Reader
	if c.body != "" {
		body = strings.NewReader(c.body)
	}
	req, err := http.NewRequest(c.method, u, body)
	if err != nil {
		t.Fatalf("NewRequest: %v", err)
	}
	if c.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if !c.noProject {
		req.Header.Set("X-Appwrite-Project", e.ProjectID())
	}
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	hc := &http.Client{
		Transport: specTransport{t: t, doc: loadSpecFor(t, e.ServerVersion()), errors: loadErrorTable(t, e.ServerVersion()), version: e.ServerVersion(),
			appVersion: e.appVersion(), base: e.Transport()},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", c.method, u, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return rawResponse{status: resp.StatusCode, header: resp.Header, body: b}
}

// login creates an e-mail session with e's key and returns the session
// secret and the raw response.
func login(t *testing.T, e *Emulator, email, password string) (string, rawResponse) {
	t.Helper()
	r := rawCall{method: "POST", url: "/v1/account/sessions/email",
		header: map[string]string{"X-Appwrite-Key": e.APIKey()},
		body:   `{"email":"` + email + `","password":"` + password + `"}`}.do(t, e)
	if r.status != http.StatusCreated {
		t.Fatalf("login %s: %d %s", email, r.status, r.body)
	}
	var s struct {
		Secret string `json:"secret"`
	}
	r.decode(t, &s)
	return s.Secret, r
}

// seedUser creates a user with testPassword and returns its ID.
func seedUser(t *testing.T, e *Emulator, email string) string {
	t.Helper()
	id, err := e.CreateUser(email, testPassword, "Seeded")
	if err != nil {
		t.Fatalf("CreateUser(%s): %v", email, err)
	}
	return id
}

// getAccount calls GET /v1/account with extra headers.
func getAccount(t *testing.T, e *Emulator, header map[string]string) rawResponse {
	t.Helper()
	return rawCall{method: "GET", url: "/v1/account", header: header}.do(t, e)
}
