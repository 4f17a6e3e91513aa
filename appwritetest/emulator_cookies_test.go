// Tests of the emulator's cookies and common headers: the session
// cookies Appwrite sets and reads, in which order, their clearing on
// sign-out, and the headers every answer carries.

package appwritetest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/appwrite/sdk-for-go/appwrite"
)

// TestSessionCookies checks the Set-Cookie and X-Fallback-Cookies headers
// of a session creation (reference §6) on an IP host, localhost, a domain
// and over https.
func TestSessionCookies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		base       string
		domain     string
		secure     bool
		origin     string
		noFallback bool
	}{
		{base: "http://127.0.0.1:8080"},
		{base: "http://localhost"},
		{base: "http://api.example.com", domain: ".api.example.com"},
		{base: "https://api.example.com", domain: ".api.example.com", secure: true},
		{base: "https://api.example.com", domain: ".api.example.com", secure: true, origin: "https://app.example.com", noFallback: true},
		{base: "https://api.example.com", domain: ".api.example.com", secure: true, origin: "https://localhost"},
	}
	for i, tc := range tests {
		e := New(WithProjectID("Demo-Project"), WithPlatformHosts("localhost", "app.example.com"))
		seedUser(t, e, "cookie@example.com")
		hdr := map[string]string{"X-Appwrite-Key": e.APIKey()}
		if tc.origin != "" {
			hdr["Origin"] = tc.origin
		}
		r := rawCall{method: "POST", url: tc.base + "/v1/account/sessions/email", header: hdr,
			body: `{"email":"cookie@example.com","password":"` + testPassword + `"}`}.do(t, e)
		if r.status != 201 {
			t.Fatalf("#%d: %d %s", i, r.status, r.body)
		}
		var s struct{ Secret, Expire string }
		r.decode(t, &s)
		expire, _ := time.Parse(dateLayout, s.Expire)
		tail := "; expires=" + expire.Format(cookieDateLayout) + "; Max-Age=31536000; path=/"
		if tc.domain != "" {
			tail += "; domain=" + tc.domain
		}
		if tc.secure {
			tail += "; secure"
		}
		tail += "; httponly"
		value := url.QueryEscape(s.Secret)
		want := []string{
			"a_session_demo-project_legacy=" + value + tail,
			"a_session_demo-project=" + value + tail + "; samesite=None",
		}
		if got := r.header.Values("Set-Cookie"); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("#%d %s: Set-Cookie\n got %q\nwant %q", i, tc.base, got, want)
		}
		fallback := r.header.Get("X-Fallback-Cookies")
		if tc.noFallback {
			if fallback != "" {
				t.Errorf("#%d: X-Fallback-Cookies %q for a same-site Origin", i, fallback)
			}
		} else {
			var m map[string]string
			if err := json.Unmarshal([]byte(fallback), &m); err != nil || m["a_session_Demo-Project"] != s.Secret {
				t.Errorf("#%d: X-Fallback-Cookies = %q", i, fallback)
			}
			if strings.Contains(s.Secret, "/") && !strings.Contains(fallback, `\/`) {
				t.Errorf("#%d: X-Fallback-Cookies does not escape slashes: %q", i, fallback)
			}
		}
		// Go's own parser reads them back.
		cookies := (&http.Response{Header: r.header}).Cookies()
		if len(cookies) != 2 || cookies[1].Value != value || !cookies[1].HttpOnly || cookies[1].MaxAge != 31536000 ||
			cookies[1].SameSite != http.SameSiteNoneMode || cookies[1].Secure != tc.secure {
			t.Errorf("#%d: parsed cookies %+v", i, cookies)
		}
	}
}

// TestCookieResolutionOrder checks where the caller's session is read from
// (reference §2.1): the cookie, its _legacy twin, X-Appwrite-Session, then
// X-Fallback-Cookies; the first non-empty source wins even when stale.
func TestCookieResolutionOrder(t *testing.T) {
	t.Parallel()
	e := New(WithProjectID("Order-Project"))
	id := seedUser(t, e, "order@example.com")
	secret, _ := login(t, e, "order@example.com", testPassword)
	stale := encodeSessionSecret(id, strings.Repeat("0", 256))
	enc := url.QueryEscape(secret)

	tests := []struct {
		name     string
		header   map[string]string
		wantUser bool
		fallback string // X-Debug-Fallback
	}{
		{"cookie", map[string]string{"Cookie": "a_session_order-project=" + enc}, true, "false"},
		{"legacy cookie", map[string]string{"Cookie": "a_session_order-project_legacy=" + enc}, true, "false"},
		{"cookie name in upper case", map[string]string{"Cookie": "A_SESSION_ORDER-PROJECT=" + enc}, true, "false"},
		{"raw cookie value", map[string]string{"Cookie": "a_session_order-project=" + secret}, true, "false"},
		{"session header", map[string]string{"X-Appwrite-Session": secret}, true, "false"},
		{"fallback header", map[string]string{"X-Fallback-Cookies": `{"a_session_Order-Project":"` + secret + `"}`}, true, "true"},
		{"stale cookie wins over header", map[string]string{"Cookie": "a_session_order-project=" + url.QueryEscape(stale), "X-Appwrite-Session": secret}, false, "false"},
		{"undecodable cookie falls through", map[string]string{"Cookie": "a_session_order-project=garbage", "X-Appwrite-Session": secret}, true, "false"},
		{"stale header", map[string]string{"X-Appwrite-Session": stale}, false, "false"},
		{"nothing", nil, false, "true"},
	}
	for _, tc := range tests {
		r := getAccount(t, e, tc.header)
		if got := r.status == 200; got != tc.wantUser {
			t.Errorf("%s: status %d %s, want user=%v", tc.name, r.status, r.body, tc.wantUser)
		}
		if !tc.wantUser && r.errType() != "general_unauthorized_scope" {
			t.Errorf("%s: error %s, want general_unauthorized_scope", tc.name, r.errType())
		}
		if got := r.header.Get("X-Debug-Fallback"); got != tc.fallback {
			t.Errorf("%s: X-Debug-Fallback = %q, want %q", tc.name, got, tc.fallback)
		}
	}
}

// TestSignOutClearsCookies checks the headers of deleting the current
// session, and that 204 and 301 carry no JSON content type.
func TestSignOutClearsCookies(t *testing.T) {
	t.Parallel()
	e := New()
	seedUser(t, e, "out@example.com")
	secret, _ := login(t, e, "out@example.com", testPassword)
	r := rawCall{method: "DELETE", url: "/v1/account/sessions/current",
		header: map[string]string{"X-Appwrite-Session": secret}, body: `{"sessionId":"current"}`}.do(t, e)
	if r.status != 204 || len(r.body) != 0 || r.header.Get("Content-Type") != "text/html" {
		t.Fatalf("DELETE current: %d %q %q", r.status, r.header.Get("Content-Type"), r.body)
	}
	want := []string{
		"a_session_test-project_legacy=deleted; expires=Thu, 01-Jan-1970 00:00:01 GMT; Max-Age=0; path=/; httponly",
		"a_session_test-project=deleted; expires=Thu, 01-Jan-1970 00:00:01 GMT; Max-Age=0; path=/; httponly; samesite=None",
	}
	if got := r.header.Values("Set-Cookie"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Set-Cookie = %q, want %q", got, want)
	}
	if got := r.header.Get("X-Fallback-Cookies"); got != "[]" {
		t.Errorf("X-Fallback-Cookies = %q, want []", got)
	}

	r = rawCall{method: "GET", url: "/v1/account/tokens/oauth2/google"}.do(t, e)
	if r.status != 301 || len(r.body) != 0 || strings.HasPrefix(r.header.Get("Content-Type"), "application/json") || r.header.Get("Pragma") != "no-cache" {
		t.Errorf("OAuth2 redirect: %d %v %q", r.status, r.header, r.body)
	}
}

// TestCommonHeaders checks the headers every response carries and the
// error response's cache headers.
func TestCommonHeaders(t *testing.T) {
	t.Parallel()
	e := New()
	r := getAccount(t, e, nil)
	for k, want := range map[string]string{
		"Server":                 "Appwrite",
		"X-Content-Type-Options": "nosniff",
		"Content-Type":           "application/json; charset=UTF-8",
		"Cache-Control":          "no-cache, no-store, must-revalidate",
		"Expires":                "0",
		"Pragma":                 "no-cache",
	} {
		if got := r.header.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	for _, c := range []rawCall{{method: "GET", url: "/v1/account"}, {method: "GET", url: "/v1/health/version", noProject: true}, {method: "GET", url: "/v1/nope"}} {
		r := c.do(t, e)
		if r.header.Get("X-Debug-Speed") == "" || r.header.Get("X-Debug-Fallback") != "true" || r.header.Get("Server") != "Appwrite" {
			t.Errorf("%s %s: headers %v", c.method, c.url, r.header)
		}
	}
	if got := (rawCall{method: "GET", url: "https://localhost/v1/health/version"}).do(t, e).header.Get("Strict-Transport-Security"); got == "" {
		t.Errorf("no Strict-Transport-Security over https")
	}
	wantBody := `{"message":"User (role: guests) missing scopes ([\"account\"])","code":401,"type":"general_unauthorized_scope","version":"` + e.appVersion() + `"}`
	if string(r.body) != wantBody {
		t.Errorf("error body %s, want %s", r.body, wantBody)
	}
}

// TestTransportCookieJar checks that the in-memory transport behaves like
// a network round trip for an SDK client with a cookie jar: both
// Set-Cookie lines reach the jar and come back.
func TestTransportCookieJar(t *testing.T) {
	t.Parallel()
	e := New()
	seedUser(t, e, "jar@example.com")
	c := appwrite.NewClient(appwrite.WithEndpoint("http://emulator.test/v1"), appwrite.WithProject(e.ProjectID()), appwrite.WithKey(e.APIKey()))
	c.Client.Transport = e.Transport()
	acc := appwrite.NewAccount(c)
	if _, err := acc.CreateEmailPasswordSession("jar@example.com", testPassword); err != nil {
		t.Fatalf("login: %v", err)
	}
	u, _ := url.Parse("http://emulator.test/v1/account")
	if got := len(c.Client.Jar.Cookies(u)); got != 2 {
		t.Errorf("jar holds %d cookies, want 2", got)
	}
	_, err := acc.CreateAnonymousSession()
	wantError(t, "second login through the jar", err, 401, "user_session_already_exists")
}
