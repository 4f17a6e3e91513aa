package appwritetest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/appwrite/sdk-for-go/appwrite"
)

// TestAliases checks the old paths the reference lists.
func TestAliases(t *testing.T) {
	t.Parallel()
	e := New()
	id := seedUser(t, e, "alias@example.com")
	secret, _ := login(t, e, "alias@example.com", testPassword)
	sess := map[string]string{"X-Appwrite-Session": secret}
	key := map[string]string{"X-Appwrite-Key": e.APIKey()}

	tests := []struct {
		name   string
		call   rawCall
		status int
	}{
		{"POST /account/sessions", rawCall{method: "POST", url: "/v1/account/sessions", header: key, body: `{"email":"alias@example.com","password":"` + testPassword + `"}`}, 201},
		{"POST /account/jwt", rawCall{method: "POST", url: "/v1/account/jwt", header: sess, body: `{}`}, 201},
		{"POST /account/sessions/magic-url", rawCall{method: "POST", url: "/v1/account/sessions/magic-url", header: key, body: `{"userId":"unique()","email":"alias@example.com"}`}, 201},
		{"POST /account/verification", rawCall{method: "POST", url: "/v1/account/verification", header: sess, body: `{"url":"http://localhost/v"}`}, 201},
	}
	for _, tc := range tests {
		if r := tc.call.do(t, e); r.status != tc.status {
			t.Errorf("%s: %d %s", tc.name, r.status, r.body)
		}
	}
	m, _ := e.LastMessage("alias@example.com", MessageVerification)
	r := rawCall{method: "PUT", url: "/v1/account/verification", body: `{"userId":"` + id + `","secret":"` + m.Secret + `"}`}.do(t, e)
	if r.status != 200 {
		t.Errorf("PUT /account/verification: %d %s", r.status, r.body)
	}

	// MFA aliases.
	mustOK(t, "SetMFA", e.SetMFA(id, true))
	secret2, _ := login(t, e, "alias@example.com", testPassword)
	sess2 := map[string]string{"X-Appwrite-Session": secret2}
	r = rawCall{method: "POST", url: "/v1/account/mfa/challenge", header: sess2, body: `{"factor":"email"}`}.do(t, e)
	var ch struct {
		ID string `json:"$id"`
	}
	r.decode(t, &ch)
	m, _ = e.LastMessage("alias@example.com", MessageMFA)
	r = rawCall{method: "PUT", url: "/v1/account/mfa/challenge", header: sess2, body: `{"challengeId":"` + ch.ID + `","otp":"` + m.Code + `"}`}.do(t, e)
	if r.status != 200 {
		t.Errorf("PUT /account/mfa/challenge: %d %s", r.status, r.body)
	}

	// The deprecated phone session route spends any session token.
	_, tok := issueRaw(t, e, "/v1/users/"+id+"/tokens", `{}`)
	var tk struct{ Secret string }
	tok.decode(t, &tk)
	r = rawCall{method: "PUT", url: "/v1/account/sessions/phone", body: `{"userId":"` + id + `","secret":"` + tk.Secret + `"}`}.do(t, e)
	if r.status != 201 {
		t.Errorf("PUT /account/sessions/phone: %d %s", r.status, r.body)
	}
}

// TestAccountEdgeCases covers rules that are easy to get wrong.
func TestAccountEdgeCases(t *testing.T) {
	t.Parallel()
	e := New()
	key := map[string]string{"X-Appwrite-Key": e.APIKey()}

	t.Run("OAuth2 e-mail blocks sign-up", func(t *testing.T) {
		r := rawCall{method: "GET", url: "/v1/account/tokens/oauth2/google?success=http%3A%2F%2Flocalhost%2Fok"}.do(t, e)
		rawCall{method: "GET", url: r.header.Get("Location") + "&email=oauth-only@example.com", noProject: true}.do(t, e)
		r = rawCall{method: "POST", url: "/v1/account", header: key, body: `{"userId":"unique()","email":"oauth-only@example.com","password":"` + testPassword + `"}`}.do(t, e)
		if r.errType() != "general_bad_request" {
			t.Errorf("sign-up with an OAuth2 address: %d %s", r.status, r.body)
		}
		r = rawCall{method: "POST", url: "/v1/account/tokens/email", header: key, body: `{"userId":"unique()","email":"oauth-only@example.com"}`}.do(t, e)
		if r.status != 201 {
			t.Errorf("OTP for an existing OAuth2 user: %d %s", r.status, r.body)
		}
	})

	t.Run("password change drops other sessions", func(t *testing.T) {
		id := seedUser(t, e, "pw@example.com")
		keep, _ := login(t, e, "pw@example.com", testPassword)
		drop, _ := login(t, e, "pw@example.com", testPassword)
		r := rawCall{method: "PATCH", url: "/v1/account/password", header: map[string]string{"X-Appwrite-Session": keep},
			body: `{"password":"a-new-password","oldPassword":"` + testPassword + `"}`}.do(t, e)
		if r.status != 200 || e.SessionCount(id) != 1 {
			t.Fatalf("UpdatePassword: %d %s, %d sessions", r.status, r.body, e.SessionCount(id))
		}
		if r := getAccount(t, e, map[string]string{"X-Appwrite-Session": drop}); r.status != 401 {
			t.Errorf("other session still valid")
		}
	})

	t.Run("JWT skips the MFA gate", func(t *testing.T) {
		// Appwrite checks factors only for requests that carry a session
		// secret; a JWT request has no session document.
		id := seedUser(t, e, "mfajwt@example.com")
		secret, _ := login(t, e, "mfajwt@example.com", testPassword)
		r := rawCall{method: "POST", url: "/v1/account/jwts", header: map[string]string{"X-Appwrite-Session": secret}, body: `{}`}.do(t, e)
		var j struct{ JWT string }
		r.decode(t, &j)
		mustOK(t, "SetMFA", e.SetMFA(id, true))
		if r := getAccount(t, e, map[string]string{"X-Appwrite-Session": secret}); r.errType() != "user_more_factors_required" {
			t.Errorf("session: %d %s", r.status, r.body)
		}
		if r := getAccount(t, e, map[string]string{"X-Appwrite-JWT": j.JWT}); r.status != 200 {
			t.Errorf("JWT: %d %s", r.status, r.body)
		}
		r = rawCall{method: "PUT", url: "/v1/account/mfa/challenges", header: map[string]string{"X-Appwrite-JWT": j.JWT}, body: `{"challengeId":"x","otp":"123456"}`}.do(t, e)
		if r.status != 500 || r.errType() != "general_unknown" {
			t.Errorf("PUT challenge with a JWT: %d %s", r.status, r.body)
		}
	})

	t.Run("challenge of another user", func(t *testing.T) {
		a, b := seedUser(t, e, "cha@example.com"), seedUser(t, e, "chb@example.com")
		mustOK(t, "verify", e.SetEmailVerified(a, true))
		mustOK(t, "verify", e.SetEmailVerified(b, true))
		sa, _ := login(t, e, "cha@example.com", testPassword)
		sb, _ := login(t, e, "chb@example.com", testPassword)
		r := rawCall{method: "POST", url: "/v1/account/mfa/challenges", header: map[string]string{"X-Appwrite-Session": sa}, body: `{"factor":"email"}`}.do(t, e)
		var ch struct {
			ID string `json:"$id"`
		}
		r.decode(t, &ch)
		m, _ := e.LastMessage("cha@example.com", MessageMFA)
		r = rawCall{method: "PUT", url: "/v1/account/mfa/challenges", header: map[string]string{"X-Appwrite-Session": sb}, body: `{"challengeId":"` + ch.ID + `","otp":"` + m.Code + `"}`}.do(t, e)
		if r.errType() != "user_invalid_token" {
			t.Errorf("other user's challenge: %d %s", r.status, r.body)
		}
	})

	t.Run("newer response format warns", func(t *testing.T) {
		r := rawCall{method: "GET", url: "/v1/health/version", header: map[string]string{"X-Appwrite-Response-Format": "1.10.0"}}.do(t, e)
		if !strings.Contains(r.header.Get("X-Appwrite-Warning"), "built for Appwrite 1.10.0") {
			t.Errorf("X-Appwrite-Warning = %q", r.header.Get("X-Appwrite-Warning"))
		}
		r = rawCall{method: "GET", url: "/v1/health/version", header: map[string]string{"X-Appwrite-Response-Format": "1.8.0"}}.do(t, e)
		if r.header.Get("X-Appwrite-Warning") != "" {
			t.Errorf("warning for 1.8.0")
		}
	})

	t.Run("magic URL keeps the url's query", func(t *testing.T) {
		issue(t, e, "/v1/account/tokens/magic-url", `{"userId":"unique()","email":"q@example.com","url":"http://localhost/cb?next=%2Fhome"}`)
		m, _ := e.LastMessage("q@example.com", MessageMagicURL)
		u, err := url.Parse(m.Link)
		mustOK(t, "parse", err)
		if u.Query().Get("next") != "/home" || u.Query().Get("secret") != m.Secret || !strings.HasPrefix(u.RawQuery, "next=") {
			t.Errorf("link %s", m.Link)
		}
	})
}

// Example shows the SSR pattern against the emulator: an admin client
// (API key) signs a user in, a session client reads the account.
func Example() {
	e := New()
	srv := httptest.NewServer(e)
	defer srv.Close()
	if _, err := e.CreateUser("ada@example.com", "correct-horse-battery", "Ada"); err != nil {
		panic(err)
	}

	admin := appwrite.NewAccount(appwrite.NewClient(
		appwrite.WithEndpoint(srv.URL+"/v1"), appwrite.WithProject(e.ProjectID()), appwrite.WithKey(e.APIKey())))
	s, err := admin.CreateEmailPasswordSession("ada@example.com", "correct-horse-battery")
	if err != nil {
		panic(err)
	}

	user := appwrite.NewAccount(appwrite.NewClient(
		appwrite.WithEndpoint(srv.URL+"/v1"), appwrite.WithProject(e.ProjectID()), appwrite.WithSession(s.Secret)))
	me, err := user.Get()
	if err != nil {
		panic(err)
	}
	fmt.Println(s.Provider, me.Name, me.Email)

	// The admin client's cookie jar now holds the session cookie, so it
	// cannot sign anyone else in.
	_, err = admin.CreateEmailPasswordSession("ada@example.com", "correct-horse-battery")
	fmt.Println(err)
	// Output:
	// email Ada ada@example.com
	// Creation of a session is prohibited when a session is active.
}

// BenchmarkLoginTransport measures a key login plus an account read
// through the in-memory transport.
func BenchmarkLoginTransport(b *testing.B) {
	e := New()
	if _, err := e.CreateUser("bench@example.com", testPassword, ""); err != nil {
		b.Fatal(err)
	}
	hc := &http.Client{Transport: e.Transport()}
	for i := 0; i < b.N; i++ {
		c := appwrite.NewClient(appwrite.WithEndpoint("http://emulator.test/v1"), appwrite.WithProject(e.ProjectID()), appwrite.WithKey(e.APIKey()))
		c.Client = hc
		s, err := appwrite.NewAccount(c).CreateEmailPasswordSession("bench@example.com", testPassword)
		if err != nil {
			b.Fatal(err)
		}
		sc := appwrite.NewClient(appwrite.WithEndpoint("http://emulator.test/v1"), appwrite.WithProject(e.ProjectID()), appwrite.WithSession(s.Secret))
		sc.Client = hc
		if _, err := appwrite.NewAccount(sc).Get(); err != nil {
			b.Fatal(err)
		}
	}
}
