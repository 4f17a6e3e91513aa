package appwritetest

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// allVersions are the versions the emulator models, newest first.
var allVersions = []string{ServerCloud19x, ServerBranch18x, ServerRelease181}

// TestVersionReported checks the version each mode names in GET
// /v1/health/version, in error bodies and from AppVersion: 1.9.6 on the 1.9 line, 1.8.1 on
// both 1.8 versions (the branch at the spec files' commit still says
// 1.8.1).
func TestVersionReported(t *testing.T) {
	t.Parallel()
	want := map[string]string{ServerCloud19x: "1.9.6", ServerBranch18x: "1.8.1", ServerRelease181: "1.8.1"}
	for _, version := range allVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			e := New(WithServerVersion(version))
			var health struct{ Version string }
			rawCall{method: "GET", url: "/v1/health/version"}.do(t, e).decode(t, &health)
			if health.Version != want[version] {
				t.Errorf("health/version = %q, want %q", health.Version, want[version])
			}
			if got := e.AppVersion(); got != want[version] {
				t.Errorf("AppVersion() = %q, want %q", got, want[version])
			}
			var body struct{ Version, Type string }
			r := rawCall{method: "GET", url: "/v1/no-such-route"}.do(t, e)
			r.decode(t, &body)
			if body.Type != "general_route_not_found" || body.Version != want[version] {
				t.Errorf("error body %s: want version %q", r.body, want[version])
			}
		})
	}
}

// TestBlockedStatusByVersion checks user_blocked's status and message:
// 403 "The current user has been blocked." on the 1.9 line, 401 with the
// longer message on 1.8, and WithBlockedStatus overriding the status
// either way.
func TestBlockedStatusByVersion(t *testing.T) {
	t.Parallel()
	const msg19 = "The current user has been blocked."
	msg18 := errorTypes["user_blocked"].message
	tests := []struct {
		version string
		opt     int // WithBlockedStatus, 0 for none
		status  int
		message string
	}{
		{ServerCloud19x, 0, http.StatusForbidden, msg19},
		{ServerCloud19x, http.StatusUnauthorized, http.StatusUnauthorized, msg19},
		{ServerBranch18x, 0, http.StatusUnauthorized, msg18},
		{ServerBranch18x, http.StatusForbidden, http.StatusForbidden, msg18},
		{ServerRelease181, 0, http.StatusUnauthorized, msg18},
	}
	for _, tc := range tests {
		opts := []Option{WithServerVersion(tc.version)}
		if tc.opt != 0 {
			opts = append(opts, WithBlockedStatus(tc.opt))
		}
		e := New(opts...)
		id := seedUser(t, e, "blocked@example.com")
		secret, _ := login(t, e, "blocked@example.com", testPassword)
		mustOK(t, "SetBlocked", e.SetBlocked(id, true))
		r := getAccount(t, e, map[string]string{"X-Appwrite-Session": secret})
		var body struct {
			Message, Type string
			Code          int
		}
		r.decode(t, &body)
		if r.status != tc.status || body.Code != tc.status || body.Type != "user_blocked" || body.Message != tc.message {
			t.Errorf("%s, WithBlockedStatus(%d): %d %s, want %d %q", tc.version, tc.opt, r.status, r.body, tc.status, tc.message)
		}
	}
}

// TestUserSessionScopes checks that the 1.9 line lets a key with
// sessions.read and sessions.write list, create and delete a user's
// sessions, where 1.8 wants users.read and users.write and names only
// them in the scope error.
func TestUserSessionScopes(t *testing.T) {
	t.Parallel()
	const key = "standard_sessions_only"
	for _, version := range allVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			e := New(WithServerVersion(version), WithAPIKey(key, "sessions.read", "sessions.write"))
			id := seedUser(t, e, "scopes@example.com")
			calls := []struct {
				method, path string
				ok           int
				scopes       string
			}{
				{"POST", "/v1/users/" + id + "/sessions", http.StatusCreated, `["users.write","sessions.write"]`},
				{"GET", "/v1/users/" + id + "/sessions", http.StatusOK, `["users.read","sessions.read"]`},
				{"DELETE", "/v1/users/" + id + "/sessions", http.StatusNoContent, `["users.write","sessions.write"]`},
				{"DELETE", "/v1/users/" + id + "/sessions/nosession000", http.StatusNotFound, `["users.write","sessions.write"]`},
			}
			for _, c := range calls {
				r := rawCall{method: c.method, url: c.path, header: map[string]string{"X-Appwrite-Key": key}}.do(t, e)
				if version == ServerCloud19x {
					if r.status != c.ok {
						t.Errorf("%s %s: %d %s, want %d", c.method, c.path, r.status, r.body, c.ok)
					}
					continue
				}
				scopes18, _, _ := strings.Cut(c.scopes, ",")
				if r.errType() != "general_unauthorized_scope" || !strings.Contains(string(r.body), `missing scopes (`+jsonEscapeQuotes(scopes18+"]")+`)`) {
					t.Errorf("%s %s: %d %s, want the scope error naming %s]", c.method, c.path, r.status, r.body, scopes18)
				}
			}
		})
	}
}

// jsonEscapeQuotes writes s as it appears inside a JSON string.
func jsonEscapeQuotes(s string) string { return strings.ReplaceAll(s, `"`, `\"`) }

// TestRecoveryEndsSessions checks PUT /account/recovery: on the 1.9 line
// it ends the user's sessions when the project invalidates sessions; 1.8
// keeps them either way.
func TestRecoveryEndsSessions(t *testing.T) {
	t.Parallel()
	for _, version := range allVersions {
		for _, invalidate := range []bool{true, false} {
			e := New(WithServerVersion(version), WithInvalidateSessions(invalidate))
			id := seedUser(t, e, "recover@example.com")
			login(t, e, "recover@example.com", testPassword)
			login(t, e, "recover@example.com", testPassword)
			_, secret := issue(t, e, "/v1/account/recovery", `{"email":"recover@example.com","url":"http://localhost/r"}`)
			r := rawCall{method: "PUT", url: "/v1/account/recovery",
				body: `{"userId":"` + id + `","secret":"` + secret + `","password":"new-password-1"}`}.do(t, e)
			if r.status != http.StatusOK {
				t.Fatalf("%s: PUT /account/recovery: %d %s", version, r.status, r.body)
			}
			want := 2
			if version == ServerCloud19x && invalidate {
				want = 0
			}
			if n := e.SessionCount(id); n != want {
				t.Errorf("%s, invalidateSessions %v: %d sessions after recovery, want %d", version, invalidate, n, want)
			}
		}
	}
}

// TestJWTOfExpiredSession checks that on the 1.9 line a JWT stops working
// when its session expires, where 1.8 accepts it while the session is
// stored.
func TestJWTOfExpiredSession(t *testing.T) {
	t.Parallel()
	for _, version := range []string{ServerCloud19x, ServerBranch18x} {
		clock := NewClock(time.Date(2026, 8, 1, 10, 0, 0, 0, time.UTC))
		e := New(WithServerVersion(version), WithClock(clock.Now), WithSessionDuration(time.Hour))
		seedUser(t, e, "jwt@example.com")
		secret, _ := login(t, e, "jwt@example.com", testPassword)
		clock.Advance(30 * time.Minute)
		var j struct{ JWT string }
		rawCall{method: "POST", url: "/v1/account/jwts", header: map[string]string{"X-Appwrite-Session": secret},
			body: `{"duration":3600}`}.do(t, e).decode(t, &j)
		clock.Advance(30 * time.Minute)
		if r := getAccount(t, e, map[string]string{"X-Appwrite-JWT": j.JWT}); r.status != http.StatusOK {
			t.Errorf("%s: JWT at its session's expiry: %d %s", version, r.status, r.body)
		}
		clock.Advance(time.Millisecond)
		r := getAccount(t, e, map[string]string{"X-Appwrite-JWT": j.JWT})
		switch {
		case version == ServerCloud19x && r.errType() != "general_unauthorized_scope":
			t.Errorf("%s: JWT after its session expired: %d %s, want a guest", version, r.status, r.body)
		case version != ServerCloud19x && r.status != http.StatusOK:
			t.Errorf("%s: JWT after its session expired: %d %s, want the user", version, r.status, r.body)
		}
	}
}

// TestProvidersByVersion checks the OAuth2 provider enum: 1.9.6 adds
// fusionauth, keycloak, kick and x.
func TestProvidersByVersion(t *testing.T) {
	t.Parallel()
	for _, version := range allVersions {
		e := New(WithServerVersion(version))
		for _, provider := range []string{"fusionauth", "keycloak", "kick", "x", "github"} {
			r := rawCall{method: "GET", url: "/v1/account/tokens/oauth2/" + provider + "?success=http://localhost/ok"}.do(t, e)
			added := provider != "github"
			switch {
			case version == ServerCloud19x || !added:
				if r.status != http.StatusMovedPermanently || !strings.Contains(r.header.Get("Location"), "/__emulator/oauth2/"+provider+"/") {
					t.Errorf("%s: %s: %d %s", version, provider, r.status, r.header.Get("Location"))
				}
			case r.status != http.StatusBadRequest || !strings.Contains(string(r.body), "Invalid `provider` param"):
				t.Errorf("%s: %s: %d %s, want 400 for a provider 1.8 lacks", version, provider, r.status, r.body)
			}
		}
	}
}

// TestResponseFormatWarning checks X-Appwrite-Warning: sent only when the
// SDK's response format is newer than the server (1.9.6 on the 1.9 line,
// 1.8.1 on 1.8), as Appwrite does.
func TestResponseFormatWarning(t *testing.T) {
	t.Parallel()
	tests := []struct {
		version, format string
		warn            bool
	}{
		{ServerCloud19x, "1.8.0", false},
		{ServerCloud19x, "1.9.6", false},
		{ServerCloud19x, "1.9.7", true},
		{ServerBranch18x, "1.8.0", false},
		{ServerBranch18x, "1.9.6", true},
		{ServerRelease181, "1.8.1", false},
		{ServerRelease181, "1.9.0", true},
	}
	for _, tc := range tests {
		e := New(WithServerVersion(tc.version))
		r := rawCall{method: "GET", url: "/v1/health/version", header: map[string]string{"X-Appwrite-Response-Format": tc.format}}.do(t, e)
		got := r.header.Get("X-Appwrite-Warning")
		if (got != "") != tc.warn || (tc.warn && !strings.Contains(got, "built for Appwrite "+tc.format+". However, the current Appwrite server version is "+e.appVersion())) {
			t.Errorf("%s, format %s: warning %q, want one: %v", tc.version, tc.format, got, tc.warn)
		}
	}
}

// oauthSignIn walks the OAuth2 token flow through the fake provider as
// email and returns the userId and secret the success URL carries.
func oauthSignIn(t *testing.T, e *Emulator, provider, email string) (userID, secret string) {
	t.Helper()
	r := rawCall{method: "GET", url: "/v1/account/tokens/oauth2/" + provider + "?success=" + url.QueryEscape("http://localhost/ok")}.do(t, e)
	if r.status != http.StatusMovedPermanently {
		t.Fatalf("OAuth2 start: %d %s", r.status, r.body)
	}
	r = rawCall{method: "GET", url: r.header.Get("Location") + "&" + url.Values{"email": {email}}.Encode()}.do(t, e)
	back, err := url.Parse(r.header.Get("Location"))
	if err != nil || back.Path != "/ok" {
		t.Fatalf("provider's return: %d %q", r.status, r.header.Get("Location"))
	}
	return back.Query().Get("userId"), back.Query().Get("secret")
}

// exchange calls POST /v1/account/sessions/token with the key.
func exchange(t *testing.T, e *Emulator, userID, secret string) rawResponse {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"userId": userID, "secret": secret})
	return rawCall{method: "POST", url: "/v1/account/sessions/token", header: map[string]string{"X-Appwrite-Key": e.APIKey()}, body: string(body)}.do(t, e)
}

// TestOAuth2SecretJWT checks the 1.9 line's OAuth2 secret: an HS256 JWT
// {secret, provider, exp} of Appwrite's length, good for 60 s; the session
// made from it has the provider's ID as its provider; a bare token secret,
// a JWT without a provider and a tampered JWT are user_invalid_token.
func TestOAuth2SecretJWT(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 8, 7, 9, 0, 0, 0, time.UTC)
	// The length is the JWT's of a 64-hex secret, the provider and a
	// 10-digit exp: 233 for github, 243 for the longest IDs.
	lengths := []struct {
		provider string
		length   int
	}{{"github", 233}, {"paypalSandbox", 243}, {"tradeshiftBox", 243}, {"box", 229}, {"x", 227}, {"fusionauth", 239}}
	for _, tc := range lengths {
		t.Run(tc.provider, func(t *testing.T) {
			t.Parallel()
			clock := NewClock(start)
			e := New(WithServerVersion(ServerCloud19x), WithClock(clock.Now))
			userID, secret := oauthSignIn(t, e, tc.provider, "octo@example.com")
			if len(secret) != tc.length {
				t.Errorf("secret is %d characters, want %d: %s", len(secret), tc.length, secret)
			}
			parts := strings.Split(secret, ".")
			if len(parts) != 3 {
				t.Fatalf("secret %q is no JWT", secret)
			}
			header, _ := base64.RawURLEncoding.DecodeString(parts[0])
			payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
			var claims struct {
				Secret, Provider string
				Exp              int64
			}
			if err := json.Unmarshal(payload, &claims); err != nil || string(header) != `{"typ":"JWT","alg":"HS256"}` {
				t.Fatalf("JWT header %s, payload %s: %v", header, payload, err)
			}
			if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(claims.Secret) || claims.Provider != tc.provider || claims.Exp != start.Unix()+60 {
				t.Errorf("claims %s, want a 64-hex secret, provider %s, exp now+60", payload, tc.provider)
			}
			// The inner secret alone is refused: OAuth2 tokens need the JWT.
			if r := exchange(t, e, userID, claims.Secret); r.errType() != "user_invalid_token" {
				t.Errorf("bare OAuth2 secret: %d %s", r.status, r.body)
			}
			clock.Advance(59*time.Second + 999*time.Millisecond)
			r := exchange(t, e, userID, secret)
			var s struct{ Provider, ProviderUid string }
			r.decode(t, &s)
			if r.status != http.StatusCreated || s.Provider != tc.provider {
				t.Errorf("exchange at 59.999 s: %d %s, want a session of provider %s", r.status, r.body, tc.provider)
			}
		})
	}

	t.Run("expiry", func(t *testing.T) {
		t.Parallel()
		clock := NewClock(start)
		e := New(WithServerVersion(ServerCloud19x), WithClock(clock.Now))
		userID, secret := oauthSignIn(t, e, "github", "late@example.com")
		clock.Advance(60 * time.Second)
		if r := exchange(t, e, userID, secret); r.errType() != "user_invalid_token" {
			t.Errorf("exchange at 60 s: %d %s, want user_invalid_token", r.status, r.body)
		}
	})

	t.Run("forged", func(t *testing.T) {
		t.Parallel()
		e := New(WithServerVersion(ServerCloud19x))
		userID, secret := oauthSignIn(t, e, "github", "forged@example.com")
		parts := strings.Split(secret, ".")
		payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
		other := strings.Replace(string(payload), `"provider":"github"`, `"provider":"gitlab"`, 1)
		tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(other)) + "." + parts[2]
		noProvider := e.signClaims(struct {
			Secret string `json:"secret"`
			Exp    int64  `json:"exp"`
		}{"whatever", time.Now().Unix() + 60})
		for name, s := range map[string]string{"tampered": tampered, "no provider": noProvider} {
			if r := exchange(t, e, userID, s); r.errType() != "user_invalid_token" {
				t.Errorf("%s JWT: %d %s", name, r.status, r.body)
			}
		}
		if r := exchange(t, e, userID, secret); r.status != http.StatusCreated {
			t.Errorf("the real secret after the refused ones: %d %s", r.status, r.body)
		}
	})

	t.Run("1.8", func(t *testing.T) {
		t.Parallel()
		for _, version := range []string{ServerBranch18x, ServerRelease181} {
			e := New(WithServerVersion(version))
			userID, secret := oauthSignIn(t, e, "github", "old@example.com")
			r := exchange(t, e, userID, secret)
			var s struct{ Provider string }
			r.decode(t, &s)
			if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(secret) || r.status != http.StatusCreated || s.Provider != "oauth2" {
				t.Errorf("%s: secret %q, session %d %s; want 64 hex and provider oauth2", version, secret, r.status, r.body)
			}
		}
	})
}

// TestExecutionKey checks the key a function execution gets: ephemeral_
// on the 1.9 line, dynamic_ on 1.8, acting with the function's scopes
// (and seeing secrets, as keys do) until the timeout plus 60 s, a guest
// after that or when forged or another version's.
func TestExecutionKey(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 8, 7, 9, 0, 0, 0, time.UTC)
	for _, version := range allVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			clock := NewClock(start)
			e := New(WithServerVersion(version), WithClock(clock.Now))
			id := seedUser(t, e, "exec@example.com")
			key := e.ExecutionKey(15*time.Second, "sessions.write", "users.read")
			prefix := map[string]string{ServerCloud19x: "ephemeral_", ServerBranch18x: "dynamic_", ServerRelease181: "dynamic_"}[version]
			if !strings.HasPrefix(key, prefix) || strings.Count(key, ".") != 2 {
				t.Fatalf("key %q, want %s<JWT>", key, prefix)
			}
			with := func(key string) map[string]string { return map[string]string{"X-Appwrite-Key": key} }
			if r := (rawCall{method: "GET", url: "/v1/users/" + id, header: with(key)}).do(t, e); r.status != http.StatusOK {
				t.Errorf("GET /users/{id} with users.read: %d %s", r.status, r.body)
			}
			r := rawCall{method: "POST", url: "/v1/account/sessions/email", header: with(key),
				body: `{"email":"exec@example.com","password":"` + testPassword + `"}`}.do(t, e)
			var s struct{ Secret string }
			r.decode(t, &s)
			if r.status != http.StatusCreated || s.Secret == "" {
				t.Errorf("sign-in with the key: %d %s, want a session with its secret", r.status, r.body)
			}
			r = rawCall{method: "DELETE", url: "/v1/users/" + id, header: with(key)}.do(t, e)
			if r.errType() != "general_unauthorized_scope" || !strings.Contains(string(r.body), "(role: applications) missing scopes") {
				t.Errorf("DELETE /users/{id} without users.write: %d %s", r.status, r.body)
			}

			other := New(WithServerVersion(version)).ExecutionKey(time.Hour, "users.read")
			dynamic := "dynamic_" + strings.TrimPrefix(key, prefix)
			guests := map[string]string{"another emulator's": other}
			if version == ServerCloud19x {
				// 1.9.6 still takes dynamic_ keys.
				if r := (rawCall{method: "GET", url: "/v1/users/" + id, header: with(dynamic)}).do(t, e); r.status != http.StatusOK {
					t.Errorf("dynamic_ key on 1.9: %d %s", r.status, r.body)
				}
			} else {
				guests["an ephemeral_"] = "ephemeral_" + strings.TrimPrefix(key, prefix)
			}
			clock.Advance(75 * time.Second)
			guests["the expired"] = key
			for name, k := range guests {
				r := rawCall{method: "GET", url: "/v1/users/" + id, header: with(k)}.do(t, e)
				if r.errType() != "general_unauthorized_scope" || !strings.Contains(string(r.body), "(role: guests)") {
					t.Errorf("%s key: %d %s, want a guest", name, r.status, r.body)
				}
			}
		})
	}
}
