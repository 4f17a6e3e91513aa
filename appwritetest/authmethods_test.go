package appwritetest

import (
	"net/http"
	"testing"
)

// TestAuthMethodsOff checks the project's auth-method switches on every
// version: with a method off, a caller without a key gets 501
// user_auth_method_unsupported with Appwrite's message at each of its
// routes (aliases included, before its params are read), a caller with
// the key passes, and the methods left on and the routes of no method
// still answer.
func TestAuthMethodsOff(t *testing.T) {
	t.Parallel()
	off := []string{AuthEmailPassword, AuthMagicURL, AuthEmailOTP, AuthAnonymous, AuthJWT}
	for _, version := range allVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			opts := []Option{WithServerVersion(version)}
			for _, m := range off {
				opts = append(opts, WithAuthMethod(m, false))
			}
			e := New(opts...)
			seedUser(t, e, "door@example.com")
			secret, _ := login(t, e, "door@example.com", testPassword) // with the key
			key := map[string]string{"X-Appwrite-Key": e.APIKey()}
			session := map[string]string{"X-Appwrite-Session": secret}

			tests := []struct {
				name    string
				call    rawCall
				status  int
				typ     string
				message string
			}{
				{"client sign-up", rawCall{method: "POST", url: "/v1/account", body: `{"userId":"unique()","email":"new@example.com","password":"` + testPassword + `"}`},
					501, "user_auth_method_unsupported", "Email / Password authentication is disabled for this project"},
				{"client sign-up with bad params", rawCall{method: "POST", url: "/v1/account", body: `{"email":"not an address"}`},
					501, "user_auth_method_unsupported", "Email / Password authentication is disabled for this project"},
				{"client sign-in", rawCall{method: "POST", url: "/v1/account/sessions/email", body: `{"email":"door@example.com","password":"` + testPassword + `"}`},
					501, "user_auth_method_unsupported", "Email / Password authentication is disabled for this project"},
				{"client sign-in, old path", rawCall{method: "POST", url: "/v1/account/sessions", body: `{"email":"door@example.com","password":"` + testPassword + `"}`},
					501, "user_auth_method_unsupported", "Email / Password authentication is disabled for this project"},
				{"client magic URL", rawCall{method: "POST", url: "/v1/account/tokens/magic-url", body: `{"userId":"unique()","email":"door@example.com"}`},
					501, "user_auth_method_unsupported", "Magic URL authentication is disabled for this project"},
				{"client e-mail code", rawCall{method: "POST", url: "/v1/account/tokens/email", body: `{"userId":"unique()","email":"door@example.com"}`},
					501, "user_auth_method_unsupported", "Email OTP authentication is disabled for this project"},
				{"client guest", rawCall{method: "POST", url: "/v1/account/sessions/anonymous", body: `{}`},
					501, "user_auth_method_unsupported", "Anonymous authentication is disabled for this project"},
				{"session's JWT", rawCall{method: "POST", url: "/v1/account/jwts", header: session, body: `{}`},
					501, "user_auth_method_unsupported", "JWT authentication is disabled for this project"},
				{"session's JWT, old path", rawCall{method: "POST", url: "/v1/account/jwt", header: session, body: `{}`},
					501, "user_auth_method_unsupported", "JWT authentication is disabled for this project"},
				{"session reads its account", rawCall{method: "GET", url: "/v1/account", header: session}, 200, "", ""},
				{"key sign-up", rawCall{method: "POST", url: "/v1/account", header: key, body: `{"userId":"unique()","email":"new@example.com","password":"` + testPassword + `"}`}, 201, "", ""},
				{"key sign-in", rawCall{method: "POST", url: "/v1/account/sessions/email", header: key, body: `{"email":"door@example.com","password":"` + testPassword + `"}`}, 201, "", ""},
				{"key e-mail code", rawCall{method: "POST", url: "/v1/account/tokens/email", header: key, body: `{"userId":"unique()","email":"door@example.com"}`}, 201, "", ""},
				{"key magic URL", rawCall{method: "POST", url: "/v1/account/tokens/magic-url", header: key, body: `{"userId":"unique()","email":"door@example.com"}`}, 201, "", ""},
				{"key guest", rawCall{method: "POST", url: "/v1/account/sessions/anonymous", header: key, body: `{}`}, 201, "", ""},
				{"client recovery, no auth method", rawCall{method: "POST", url: "/v1/account/recovery", body: `{"email":"door@example.com","url":"http://localhost/r"}`}, 201, "", ""},
			}
			for _, tc := range tests {
				r := tc.call.do(t, e)
				var body struct{ Message, Type string }
				if tc.typ != "" {
					r.decode(t, &body)
				}
				if r.status != tc.status || body.Type != tc.typ || body.Message != tc.message {
					t.Errorf("%s: %d %s, want %d %s %q", tc.name, r.status, r.body, tc.status, tc.typ, tc.message)
				}
			}
			for _, m := range off {
				if e.AuthMethodEnabled(m) {
					t.Errorf("AuthMethodEnabled(%s) = true, want false", m)
				}
			}
			if !e.AuthMethodEnabled(AuthPhone) {
				t.Error("AuthMethodEnabled(phone) = false; nothing turned it off")
			}
		})
	}
}

// TestAuthMethodOnAgain: a later WithAuthMethod wins, and a method turned
// on again answers clients as a new project does.
func TestAuthMethodOnAgain(t *testing.T) {
	t.Parallel()
	e := New(WithAuthMethod(AuthAnonymous, false), WithAuthMethod(AuthAnonymous, true))
	if r := (rawCall{method: "POST", url: "/v1/account/sessions/anonymous", body: `{}`}).do(t, e); r.status != http.StatusCreated {
		t.Errorf("client guest with anonymous on again: %d %s", r.status, r.body)
	}
}

// TestUnknownAuthMethod: a method Appwrite does not have is refused when
// the emulator is built, not ignored.
func TestUnknownAuthMethod(t *testing.T) {
	t.Parallel()
	for _, m := range []string{"oauth2", "Email-Password", ""} {
		if ValidAuthMethod(m) {
			t.Errorf("ValidAuthMethod(%q) = true", m)
		}
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("New(WithAuthMethod(%q, false)) did not panic", m)
				}
			}()
			New(WithAuthMethod(m, false))
		}()
	}
	for _, m := range []string{AuthEmailPassword, AuthMagicURL, AuthEmailOTP, AuthAnonymous, AuthJWT, AuthPhone, AuthInvites} {
		if !ValidAuthMethod(m) {
			t.Errorf("ValidAuthMethod(%q) = false", m)
		}
	}
}
