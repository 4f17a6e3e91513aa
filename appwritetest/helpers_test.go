package appwritetest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/appwrite/sdk-for-go/account"
	"github.com/appwrite/sdk-for-go/appwrite"
	"github.com/appwrite/sdk-for-go/client"
	"github.com/appwrite/sdk-for-go/users"

	"openruntimes/handler/internal/apispec"
)

// specDir is where the Appwrite spec files are: ../shared/appwrite-spec
// from the module root, or $APPWRITE_SPEC_DIR.
func specDir() string {
	if d := os.Getenv("APPWRITE_SPEC_DIR"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared", "appwrite-spec")
}

// The spec is loaded once per version for all tests.
var (
	specMu   sync.Mutex
	specDocs = map[string]*apispec.Document{}
)

// specFields19 are the properties 1.9.6's User model (which the spec
// files use for the Account model too) has beyond the 1.8.x spec's, all
// optional: the e-mail fields for every response format, the
// impersonator fields for format 1.9.0 or later.
var specFields19 = []apispec.Option{
	apispec.WithExtraProperty("user", "emailCanonical", `{"type":"string","nullable":true}`),
	apispec.WithExtraProperty("user", "emailIsFree", `{"type":"boolean","nullable":true}`),
	apispec.WithExtraProperty("user", "emailIsDisposable", `{"type":"boolean","nullable":true}`),
	apispec.WithExtraProperty("user", "emailIsCorporate", `{"type":"boolean","nullable":true}`),
	apispec.WithExtraProperty("user", "emailIsCanonical", `{"type":"boolean","nullable":true}`),
	apispec.WithExtraProperty("user", "impersonator", `{"type":"boolean"}`),
	apispec.WithExtraProperty("user", "impersonatorUserId", `{"type":"string","nullable":true}`),
}

// loadSpec returns the OpenAPI 3 account spec (the 1.8.x branch's),
// loaded once. A missing spec skips the test, counted for TestMain's
// summary, except on CI (CI=true), where it fails.
func loadSpec(t testing.TB) *apispec.Document {
	t.Helper()
	return loadSpecFor(t, ServerBranch18x)
}

// loadSpecFor returns the account spec as the version answers it: for
// ServerCloud19x with specFields19, for 1.8 as it is.
func loadSpecFor(t testing.TB, version string) *apispec.Document {
	t.Helper()
	path := filepath.Join(specDir(), "open-api3-1.8.x-server.account.json")
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Appwrite spec not found at %s (set APPWRITE_SPEC_DIR): %v", path, err)
		}
		// One line for all of them, from TestMain, instead of one each.
		specSkips.Add(1)
		t.SkipNow()
	}
	key := version
	if version != ServerCloud19x {
		key = ServerBranch18x
	}
	specMu.Lock()
	defer specMu.Unlock()
	if d := specDocs[key]; d != nil {
		return d
	}
	opts := []apispec.Option{apispec.WithStrictProperties(), apispec.WithPropertySchema("error", "code", `{"type":"integer"}`)}
	if key == ServerCloud19x {
		opts = append(opts, specFields19...)
	}
	d, err := apispec.LoadFile(path, opts...)
	if err != nil {
		t.Fatalf("load spec: %v", err)
	}
	specDocs[key] = d
	return d
}

// errorRow is one row of Appwrite's published error table.
type errorRow struct {
	Code        int    `json:"code"`
	Description string `json:"description"`
}

// The error tables are loaded once per version.
var (
	errorTablesMu sync.Mutex
	errorTables   = map[string]map[string]errorRow{}
)

// errorRows19 are the rows of 1.9.6's error table (app/config/errors.php
// at tag 1.9.6, which ../shared does not have as a file) that differ from
// errors-1.8.x.json for the types the emulator sends, and the types 1.9.6
// has that 1.8.x has not; 1.9.6 has no user_key_and_session_set.
var errorRows19 = map[string]errorRow{
	"user_blocked":             {Code: 403, Description: "The current user has been blocked."},
	"user_email_disposable":    {Code: 400, Description: "Disposable email addresses are not allowed. Please use a permanent email address."},
	"user_email_free":          {Code: 400, Description: "Free email addresses are not allowed. Please use a business or custom-domain email address."},
	"user_email_not_canonical": {Code: 400, Description: "This email address must already be in its canonical form. Please remove aliases, tags, or provider-specific variations and try again."},
	"user_email_not_corporate": {Code: 400, Description: "Only corporate email addresses are allowed. Please use a work email address and try again."},
}

// loadErrorTable returns the version's error table, loaded once, as a map
// from error type to its row: errors-<version>.json, and for
// ServerCloud19x errors-1.8.x.json with errorRows19 over it.
func loadErrorTable(t testing.TB, version string) map[string]errorRow {
	t.Helper()
	errorTablesMu.Lock()
	defer errorTablesMu.Unlock()
	if table, ok := errorTables[version]; ok {
		return table
	}
	file := version
	if version == ServerCloud19x {
		file = ServerBranch18x
	}
	data, err := os.ReadFile(filepath.Join(specDir(), "errors-"+file+".json"))
	if err != nil {
		t.Fatalf("read error table: %v", err)
	}
	var table map[string]errorRow
	if err := json.Unmarshal(data, &table); err != nil {
		t.Fatalf("decode error table errors-%s.json: %v", file, err)
	}
	if version == ServerCloud19x {
		delete(table, "user_key_and_session_set")
		for typ, row := range errorRows19 {
			table[typ] = row
		}
	}
	errorTables[version] = table
	return table
}

// specModels names the model of routes that are outside the spec's
// subset of paths: their bodies are checked against that definition.
// "" means the route answers with no body.
var specModels = map[string]string{
	"PATCH /users/{userId}/status":                     "user",
	"PATCH /users/{userId}/password":                   "user",
	"GET /users/{userId}/mfa/recovery-codes":           "mfaRecoveryCodes",
	"DELETE /users/{userId}/mfa/authenticators/{type}": "",
	"PATCH /users/{userId}/phone":                      "user",
	"PATCH /users/{userId}/mfa":                        "user",
	"PATCH /users/{userId}/verification":               "user",
	"GET /users/identities":                            "identityList",
	"DELETE /users/identities/{identityId}":            "",
	"POST /users/{userId}/jwts":                        "jwt",
}

// releaseCreated are the routes that the spec documents with 201 and the
// 1.8.1 release answers with 200 (their actions set no status): a 200 of
// the release is checked as the documented 201.
var releaseCreated = map[string]bool{
	"POST /account/mfa/challenges":     true,
	"POST /account/mfa/recovery-codes": true,
}

// templateMatches reports whether path fits a spec path template, where a
// {name} segment matches any one segment.
func templateMatches(tmpl, path string) bool {
	ts, ps := strings.Split(tmpl, "/"), strings.Split(path, "/")
	if len(ts) != len(ps) {
		return false
	}
	for i, seg := range ts {
		if !(strings.HasPrefix(seg, "{") && ps[i] != "") && seg != ps[i] {
			return false
		}
	}
	return true
}

// checkErrorRow checks that an error body's type is a row of the error
// table, sent with the row's status (user_blocked may be 401 or 403: later
// 1.8.x commits send 403, and WithBlockedStatus chooses). A nil table
// checks nothing. A non-empty appVersion is the version the body must
// name (the emulator's); otherwise it must name one.
func checkErrorRow(table map[string]errorRow, appVersion string, status int, body []byte) error {
	if table == nil {
		return nil
	}
	var e struct {
		Type    string `json:"type"`
		Version string `json:"version"`
	}
	if err := json.Unmarshal(body, &e); err != nil {
		return err
	}
	row, ok := table[e.Type]
	blocked := e.Type == "user_blocked" && (status == http.StatusForbidden || status == http.StatusUnauthorized)
	switch {
	case !ok:
		return fmt.Errorf("error type %q is not in this version's error table", e.Type)
	case row.Code != status && !blocked:
		return fmt.Errorf("error type %q sent with %d, the table says %d", e.Type, status, row.Code)
	case appVersion != "" && e.Version != appVersion:
		return fmt.Errorf("error body's version %q, want %q", e.Version, appVersion)
	case !versionRE.MatchString(e.Version):
		return fmt.Errorf("error body's version %q is not a version", e.Version)
	}
	return nil
}

// versionRE is what an Appwrite version looks like: 1.9.6, 1.9.0-rc.1.
var versionRE = regexp.MustCompile(`^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$`)

// specAliases maps the old paths the emulator also serves ("METHOD path")
// to the spec's templates, so their bodies are checked too.
var specAliases = map[string]string{
	"POST /account/jwt":                "/account/jwts",
	"POST /account/sessions":           "/account/sessions/email",
	"POST /account/sessions/magic-url": "/account/tokens/magic-url",
	"POST /account/verification":       "/account/verifications/email",
	"PUT /account/verification":        "/account/verifications/email",
	"POST /account/mfa/challenge":      "/account/mfa/challenges",
	"PUT /account/mfa/challenge":       "/account/mfa/challenges",
}

// checkAgainstSpec validates one response body against the spec: JSON error
// bodies against the error schema, everything else against the operation's
// documented response. Paths the spec does not cover (health) are skipped.
//
// Every JSON error must also be a row of the version's error table
// (errors, nil to skip), with its status. version is the server's, for
// the statuses the 1.8.1 release answers differently.
func checkAgainstSpec(doc *apispec.Document, errors map[string]errorRow, version, appVersion, method, path string, status int, contentType string, body []byte) error {
	rel, ok := strings.CutPrefix(path, "/v1/")
	if !ok {
		return nil // the emulator's own pages (fake OAuth2 provider)
	}
	rel = "/" + rel
	isJSON := strings.HasPrefix(contentType, "application/json")
	if status >= 400 {
		if !isJSON {
			return nil // HTML error pages of the OAuth2 routes
		}
		if err := doc.ValidateSchema("error", body); err != nil {
			return err
		}
		return checkErrorRow(errors, appVersion, status, body)
	}
	if alias, ok := specAliases[method+" "+rel]; ok {
		rel = alias
	}
	// The routes outside the subset first: GET /users/identities would
	// match the spec's /users/{userId}.
	for route, model := range specModels {
		routeMethod, tmpl, _ := strings.Cut(route, " ")
		switch {
		case routeMethod != method || !templateMatches(tmpl, rel):
		case model == "" && len(body) > 0:
			return fmt.Errorf("%s %s: a %d body where none is documented", method, rel, status)
		case model == "":
			return nil
		default:
			return doc.ValidateSchema(model, body)
		}
	}
	tmpl, ok := doc.MatchPath(method, rel)
	if !ok {
		if strings.HasPrefix(rel, "/health/") {
			return nil
		}
		return fmt.Errorf("no spec operation for %s %s", method, rel)
	}
	if !isJSON && len(body) > 0 {
		return fmt.Errorf("%s %s: %d body of %q is not JSON", method, rel, status, contentType)
	}
	if version == ServerRelease181 && releaseCreated[method+" "+tmpl] {
		if status == http.StatusCreated {
			return fmt.Errorf("%s %s: 201, where the 1.8.1 release answers 200", method, rel)
		}
		if status == http.StatusOK {
			status = http.StatusCreated
		}
	}
	return doc.ValidateResponse(method, tmpl, status, body)
}

// specTransport checks every response that passes through it against the
// spec and the error table and reports mismatches on t. appVersion, when
// set, is the version every error body must name.
type specTransport struct {
	t          testing.TB
	doc        *apispec.Document
	errors     map[string]errorRow
	version    string
	appVersion string
	base       http.RoundTripper
}

// RoundTrip forwards req and validates the response body.
func (s specTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := s.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err := checkAgainstSpec(s.doc, s.errors, s.version, s.appVersion, req.Method, req.URL.Path, resp.StatusCode, resp.Header.Get("Content-Type"), body); err != nil {
		s.t.Errorf("spec check of %s %s (%d): %v\nbody: %s", req.Method, req.URL.Path, resp.StatusCode, err, body)
	}
	return resp, nil
}

// suiteTarget is an Appwrite project the SDK suite runs against: the emulator,
// or a real project. Hooks that only the emulator has are nil otherwise.
type suiteTarget struct {
	name     string
	endpoint string
	project  string
	key      string
	base     http.RoundTripper

	// version is the Appwrite the target runs (ServerCloud19x,
	// ServerBranch18x or ServerRelease181), which decides the error table
	// and the behaviours that differ.
	version string

	// patch is the 1.9 release of a real 1.9 target (1.9.0 is 0), -1
	// for the newest (the emulator's 1.9.6, or APPWRITE_TEST_VERSION=1.9.x).
	patch int
	// outbox is the URL of a real target's mail outbox, "" for none.
	outbox string

	// Emulator-only hooks.
	emu *Emulator
}

// emulatorTarget is the suite's view of a started emulator, of the
// version it runs.
func emulatorTarget(srv *Server) *suiteTarget {
	return &suiteTarget{name: "emulator", endpoint: srv.Endpoint, project: srv.ProjectID, key: srv.APIKey,
		base: http.DefaultTransport, version: srv.Emulator.ServerVersion(), patch: -1, emu: srv.Emulator}
}

// release reports whether the target runs the 1.8.1 release.
func (tg *suiteTarget) release() bool { return tg.version == ServerRelease181 }

// branch reports whether the target runs the 1.8.x branch.
func (tg *suiteTarget) branch() bool { return tg.version == ServerBranch18x }

// line19 reports whether the target runs the 1.9 line.
func (tg *suiteTarget) line19() bool { return tg.version == ServerCloud19x }

// since195 reports whether the target runs 1.9.5 or later, which added
// the project policies and extends any session on PATCH
// /account/sessions/{id}.
func (tg *suiteTarget) since195() bool { return tg.line19() && (tg.patch < 0 || tg.patch >= 5) }

// blockedStatus is the status of user_blocked on the target.
func (tg *suiteTarget) blockedStatus() int {
	if tg.line19() {
		return http.StatusForbidden
	}
	return http.StatusUnauthorized
}

// emulatorOnly skips the test unless the target is the emulator.
func (tg *suiteTarget) emulatorOnly(t *testing.T) {
	t.Helper()
	if tg.emu == nil {
		t.Skip("emulator-only check (needs a seeding hook or the fake OAuth2 provider)")
	}
}

// httpClient returns a jar-less HTTP client that validates every response
// against the spec.
func (tg *suiteTarget) httpClient(t *testing.T) *http.Client {
	t.Helper()
	return &http.Client{Transport: tg.specTransport(t)}
}

// specTransport returns the target's transport with every response
// checked against the spec and the target version's error table.
func (tg *suiteTarget) specTransport(t *testing.T) specTransport {
	t.Helper()
	st := specTransport{t: t, doc: loadSpecFor(t, tg.version), errors: loadErrorTable(t, tg.version), version: tg.version, base: tg.base}
	if tg.emu != nil {
		st.appVersion = tg.emu.appVersion()
	}
	return st
}

// sdk returns an SDK client for the target with extra options. Like a
// per-request client in the SSR pattern it has no cookie jar.
func (tg *suiteTarget) sdk(t *testing.T, opts ...client.ClientOption) client.Client {
	t.Helper()
	all := append([]client.ClientOption{appwrite.WithEndpoint(tg.endpoint), appwrite.WithProject(tg.project)}, opts...)
	c := appwrite.NewClient(all...)
	c.Client = tg.httpClient(t)
	return c
}

// sdkWithJar is like sdk but keeps the SDK's default cookie jar, as a
// reused client does.
func (tg *suiteTarget) sdkWithJar(t *testing.T, opts ...client.ClientOption) client.Client {
	t.Helper()
	all := append([]client.ClientOption{appwrite.WithEndpoint(tg.endpoint), appwrite.WithProject(tg.project)}, opts...)
	c := appwrite.NewClient(all...)
	c.Client.Transport = tg.specTransport(t)
	return c
}

// admin is the account service of an API-key client.
func (tg *suiteTarget) admin(t *testing.T) *account.Account {
	return appwrite.NewAccount(tg.sdk(t, appwrite.WithKey(tg.key)))
}

// users is the users service of an API-key client.
func (tg *suiteTarget) users(t *testing.T) *users.Users {
	return appwrite.NewUsers(tg.sdk(t, appwrite.WithKey(tg.key)))
}

// as is the account service of a session client (X-Appwrite-Session, no key).
func (tg *suiteTarget) as(t *testing.T, secret string) *account.Account {
	return appwrite.NewAccount(tg.sdk(t, appwrite.WithSession(secret)))
}

// guest is the account service of a client with no credentials.
func (tg *suiteTarget) guest(t *testing.T) *account.Account {
	return appwrite.NewAccount(tg.sdk(t))
}

// uniqueN numbers the addresses of uniqueEmail.
var (
	uniqueMu sync.Mutex
	uniqueN  int
)

// uniqueEmail returns a fresh address for one test.
func uniqueEmail(prefix string) string {
	uniqueMu.Lock()
	uniqueN++
	n := uniqueN
	uniqueMu.Unlock()
	return fmt.Sprintf("%s-%d-%s@example.com", prefix, n, randomHex(3))
}

// testPassword is the password of the users the tests create.
const testPassword = "correct-horse-battery"

// signUp creates an account with the key client and returns its ID and
// e-mail address.
func (tg *suiteTarget) signUp(t *testing.T, prefix string) (id, email string) {
	t.Helper()
	email = uniqueEmail(prefix)
	u, err := tg.admin(t).Create("unique()", email, testPassword, tg.admin(t).WithCreateName("Test "+prefix))
	if err != nil {
		t.Fatalf("Create(%s): %v", email, err)
	}
	return u.Id, email
}

// signIn creates an e-mail session with the key client and returns the
// session secret.
func (tg *suiteTarget) signIn(t *testing.T, email, password string) string {
	t.Helper()
	s, err := tg.admin(t).CreateEmailPasswordSession(email, password)
	if err != nil {
		t.Fatalf("CreateEmailPasswordSession(%s): %v", email, err)
	}
	if s.Secret == "" {
		t.Fatalf("CreateEmailPasswordSession(%s) with a key: empty secret", email)
	}
	return s.Secret
}

// appwriteError is the decoded body of an SDK error.
type appwriteError struct {
	Status  int
	Message string `json:"message"`
	Code    int    `json:"code"`
	Type    string `json:"type"`
	Version string `json:"version"`
}

// asAppwriteError decodes err, which must be an *client.AppwriteError with
// a JSON body.
func asAppwriteError(t *testing.T, err error) appwriteError {
	t.Helper()
	var ae *client.AppwriteError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v (%T) is not an *client.AppwriteError", err, err)
	}
	var out appwriteError
	if jerr := json.Unmarshal([]byte(ae.GetResponse()), &out); jerr != nil {
		t.Fatalf("error body %q is not JSON: %v", ae.GetResponse(), jerr)
	}
	out.Status = ae.GetStatusCode()
	return out
}

// wantError checks that err is an Appwrite error with the status and type.
func wantError(t *testing.T, what string, err error, status int, typ string) appwriteError {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: got no error, want %d %s", what, status, typ)
	}
	ae := asAppwriteError(t, err)
	if ae.Status != status || ae.Type != typ || ae.Code != status {
		t.Fatalf("%s: got %d %s (code %d, %q), want %d %s", what, ae.Status, ae.Type, ae.Code, ae.Message, status, typ)
	}
	// Appwrite promises a version, not which: the spec transport checks
	// the emulator's exactly.
	if !versionRE.MatchString(ae.Version) {
		t.Errorf("%s: version = %q, not a version", what, ae.Version)
	}
	return ae
}

// mustOK fails the test on err.
func mustOK(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}
