package appwritetest

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestUserJWT checks POST /v1/users/{userId}/jwts: the key's JWT of a
// named session acts as the user while that session lives; "recent" names
// the newest session; an unknown session ID, or none, gives a JWT of no
// session (Appwrite's code, whatever its docs say), which outlives the
// user's sessions; it needs users.write, and a missing user is 404.
func TestUserJWT(t *testing.T) {
	t.Parallel()
	for _, version := range allVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			e := New(WithServerVersion(version), WithAuthMethod(AuthJWT, false),
				WithAPIKey("standard_full", "sessions.write", "users.read", "users.write"),
				WithAPIKey("standard_read", "users.read"))
			id := seedUser(t, e, "jwt@example.com")
			_, first := login(t, e, "jwt@example.com", testPassword)
			_, second := login(t, e, "jwt@example.com", testPassword)
			var s1, s2 struct {
				ID string `json:"$id"`
			}
			first.decode(t, &s1)
			second.decode(t, &s2)
			key := map[string]string{"X-Appwrite-Key": "standard_full"}
			create := func(body string) (string, jwtClaims) {
				t.Helper()
				r := rawCall{method: "POST", url: "/v1/users/" + id + "/jwts", header: key, body: body}.do(t, e)
				var out struct {
					JWT string `json:"jwt"`
				}
				r.decode(t, &out)
				if r.status != http.StatusCreated || out.JWT == "" {
					t.Fatalf("POST /users/%s/jwts %s: %d %s", id, body, r.status, r.body)
				}
				parts := strings.Split(out.JWT, ".")
				raw, err := base64.RawURLEncoding.DecodeString(parts[1])
				var c jwtClaims
				if err != nil || json.Unmarshal(raw, &c) != nil {
					t.Fatalf("JWT %q: %v", out.JWT, err)
				}
				return out.JWT, c
			}

			named, c := create(`{"sessionId":"` + s1.ID + `","duration":60}`)
			if c.UserID != id || c.SessionID != s1.ID || c.Exp-e.now().Unix() < 59 || c.Exp-e.now().Unix() > 60 {
				t.Errorf("claims of a named session's JWT: %+v, want user %s, session %s, 60 s", c, id, s1.ID)
			}
			if _, c := create(`{"sessionId":"recent"}`); c.SessionID != s2.ID || c.Exp-e.now().Unix() < 899 {
				t.Errorf("claims of recent: %+v, want session %s (the newest), 900 s", c, s2.ID)
			}
			for _, body := range []string{`{}`, `{"sessionId":"nosuchsession"}`} {
				if _, c := create(body); c.UserID != id || c.SessionID != "" {
					t.Errorf("claims for %s: %+v, want the user and no session", body, c)
				}
			}
			unbound, _ := create(`{}`)

			if r := getAccount(t, e, map[string]string{"X-Appwrite-JWT": named}); r.status != http.StatusOK {
				t.Errorf("GET /account with the named session's JWT: %d %s", r.status, r.body)
			}
			if err := e.DeleteSession(id, s1.ID); err != nil {
				t.Fatal(err)
			}
			if r := getAccount(t, e, map[string]string{"X-Appwrite-JWT": named}); r.status != http.StatusUnauthorized {
				t.Errorf("GET /account with the JWT of a deleted session: %d %s, want 401", r.status, r.body)
			}
			if r := getAccount(t, e, map[string]string{"X-Appwrite-JWT": unbound}); r.status != http.StatusOK {
				t.Errorf("GET /account with a JWT of no session: %d %s, want 200 (it names no session to end with)", r.status, r.body)
			}

			for _, tc := range []struct {
				name   string
				call   rawCall
				status int
				typ    string
			}{
				{"unknown user", rawCall{method: "POST", url: "/v1/users/nobody000/jwts", header: key, body: `{}`}, 404, "user_not_found"},
				{"duration too long", rawCall{method: "POST", url: "/v1/users/" + id + "/jwts", header: key, body: `{"duration":3601}`}, 400, "general_argument_invalid"},
				{"key without users.write", rawCall{method: "POST", url: "/v1/users/" + id + "/jwts", header: map[string]string{"X-Appwrite-Key": "standard_read"}, body: `{}`}, 401, "general_unauthorized_scope"},
				{"no key", rawCall{method: "POST", url: "/v1/users/" + id + "/jwts", body: `{}`}, 401, "general_unauthorized_scope"},
			} {
				if r := tc.call.do(t, e); r.status != tc.status || r.errType() != tc.typ {
					t.Errorf("%s: %d %s, want %d %s", tc.name, r.status, r.body, tc.status, tc.typ)
				}
			}
		})
	}
}
