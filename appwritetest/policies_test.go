package appwritetest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestPasswordStrength checks the 1.9 line's password policy on POST
// /account: what it refuses and the message, which is the policy's
// description.
func TestPasswordStrength(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		policy   *PasswordStrength
		password string
		msg      string // "" when accepted
	}{
		{"default, short", nil, "1234567", "Password must be between 8 and 256 characters long."},
		{"default, 8 bytes", nil, "12345678", ""},
		{"default, 257 bytes", nil, strings.Repeat("a", 257), "Password must be between 8 and 256 characters long."},
		{"min 12, 11 bytes", &PasswordStrength{Min: 12}, "abcdefghijk", "Password must be between 12 and 256 characters long."},
		{"min 12, 12 bytes", &PasswordStrength{Min: 12}, "abcdefghijkl", ""},
		{"number missing", &PasswordStrength{Number: true, Uppercase: true}, "Abcdefghij", "Password must be between 8 and 256 characters long, include an uppercase letter, include a number."},
		{"number and capital", &PasswordStrength{Number: true, Uppercase: true}, "Abcdefghi1", ""},
		{"lowercase missing", &PasswordStrength{Lowercase: true}, "ABCDEFGHIJ", "Password must be between 8 and 256 characters long, include a lowercase letter."},
		{"symbol missing", &PasswordStrength{Symbols: true}, "abc def ghi 123", "Password must be between 8 and 256 characters long, include a symbol."},
		{"symbol", &PasswordStrength{Symbols: true}, "abcdefgh!", ""},
		{"every rule", &PasswordStrength{Min: 10, Uppercase: true, Lowercase: true, Number: true, Symbols: true}, "Aa1!aaaaaa", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			opts := []Option{WithServerVersion(ServerCloud19x)}
			if tc.policy != nil {
				opts = append(opts, WithPasswordStrength(*tc.policy))
			}
			e := New(opts...)
			body, _ := json.Marshal(map[string]string{"userId": "unique()", "email": "pw@example.com", "password": tc.password})
			r := rawCall{method: "POST", url: "/v1/account", body: string(body)}.do(t, e)
			var got struct{ Message string }
			r.decode(t, &got)
			switch {
			case tc.msg == "" && r.status != http.StatusCreated:
				t.Errorf("%d %s, want 201", r.status, r.body)
			case tc.msg != "" && (r.errType() != "general_argument_invalid" || got.Message != "Invalid `password` param: "+tc.msg):
				t.Errorf("%d %s, want 400 %q", r.status, r.body, tc.msg)
			}
		})
	}
}

// TestPasswordRoutesByVersion checks the routes that take passwords
// where the 1.9 line differs: PATCH /users/{userId}/password takes an
// empty one (after which no password signs in), and PATCH
// /account/password's oldPassword is any text up to 256 characters, so a
// short wrong one is the wrong password rather than a bad param.
func TestPasswordRoutesByVersion(t *testing.T) {
	t.Parallel()
	for _, version := range allVersions {
		e := New(WithServerVersion(version))
		id := seedUser(t, e, "routes@example.com")
		secret, _ := login(t, e, "routes@example.com", testPassword)
		r := rawCall{method: "PATCH", url: "/v1/account/password", header: map[string]string{"X-Appwrite-Session": secret},
			body: `{"password":"another-password-1","oldPassword":"short"}`}.do(t, e)
		want := map[bool]string{true: "user_invalid_credentials", false: "general_argument_invalid"}[version == ServerCloud19x]
		if r.errType() != want {
			t.Errorf("%s: short oldPassword: %d %s, want %s", version, r.status, r.body, want)
		}
		r = rawCall{method: "PATCH", url: "/v1/users/" + id + "/password", header: map[string]string{"X-Appwrite-Key": e.APIKey()},
			body: `{"password":""}`}.do(t, e)
		if version == ServerCloud19x {
			if r.status != http.StatusOK || e.SessionCount(id) != 0 {
				t.Errorf("%s: empty password: %d %s, %d sessions; want 200 and none", version, r.status, r.body, e.SessionCount(id))
			}
			r = rawCall{method: "POST", url: "/v1/account/sessions/email", body: `{"email":"routes@example.com","password":"` + testPassword + `"}`}.do(t, e)
			if r.errType() != "user_invalid_credentials" {
				t.Errorf("%s: sign-in with the old password after it was emptied: %d %s", version, r.status, r.body)
			}
		} else if r.errType() != "general_argument_invalid" {
			t.Errorf("%s: empty password: %d %s, want 400", version, r.status, r.body)
		}
	}
}

// TestPoliciesNeed19 checks that New refuses policies on a version that
// has none, and a minimum outside 8 to 256.
func TestPoliciesNeed19(t *testing.T) {
	t.Parallel()
	bad := map[string][]Option{
		"strength on 1.8.x":  {WithServerVersion(ServerBranch18x), WithPasswordStrength(PasswordStrength{Number: true})},
		"e-mail on 1.8.1":    {WithServerVersion(ServerRelease181), WithEmailPolicy(EmailPolicy{DenyFree: true})},
		"minimum 7":          {WithServerVersion(ServerCloud19x), WithPasswordStrength(PasswordStrength{Min: 7})},
		"minimum 257":        {WithServerVersion(ServerCloud19x), WithPasswordStrength(PasswordStrength{Min: 257})},
		"empty policy, 1.8x": {WithServerVersion(ServerBranch18x), WithPasswordStrength(PasswordStrength{})},
	}
	for name, opts := range bad {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: New accepted it", name)
				}
			}()
			New(opts...)
		}()
	}
	New(WithServerVersion(ServerCloud19x), WithPasswordStrength(PasswordStrength{Min: 256}), WithEmailPolicy(EmailPolicy{DenyFree: true}))
}

// TestClassifyEmail checks what the emulator knows of an address, as the
// 1.9 line's e-mail library would tell it.
func TestClassifyEmail(t *testing.T) {
	t.Parallel()
	tests := []struct {
		email                       string
		canonical                   string
		free, disposable, corporate bool
	}{
		{"ada@acme.io", "ada@acme.io", false, false, true},
		{"a.da+news@gmail.com", "ada@gmail.com", true, false, false},
		{"ada@googlemail.com", "ada@gmail.com", true, false, false},
		{"ada+x@hotmail.com", "ada@outlook.com", true, false, false},
		{"ada-shop@yahoo.com", "ada@yahoo.com", true, false, false},
		{"+x@gmail.com", "+x@gmail.com", true, false, false},
		{"ada@mailinator.com", "ada@mailinator.com", false, true, false},
		{"ada@example.com", "ada@example.com", false, true, false},
		{"ada+tag@acme.io", "ada+tag@acme.io", false, false, true},
	}
	for _, tc := range tests {
		got := classifyEmail(tc.email)
		want := emailInfo{canonical: tc.canonical, free: tc.free, disposable: tc.disposable, corporate: tc.corporate}
		if got != want {
			t.Errorf("classifyEmail(%q) = %+v, want %+v", tc.email, got, want)
		}
	}
}

// TestEmailPolicy checks the 1.9 line's e-mail policies on every route
// that takes a new user's or a changed address, and that an existing
// user's token routes are not checked.
func TestEmailPolicy(t *testing.T) {
	t.Parallel()
	policies := []struct {
		policy EmailPolicy
		bad    string // an address the policy refuses
		good   string // one it lets through
		typ    string
	}{
		{EmailPolicy{DenyDisposable: true}, "x@mailinator.com", "x@acme.io", "user_email_disposable"},
		{EmailPolicy{RequireCanonical: true}, "x+tag@gmail.com", "x@gmail.com", "user_email_not_canonical"},
		{EmailPolicy{DenyFree: true}, "x@gmail.com", "x@acme.io", "user_email_free"},
		{EmailPolicy{RequireCorporate: true}, "x@yahoo.com", "x@acme.io", "user_email_not_corporate"},
		// The order is Appwrite's: disposable first.
		{EmailPolicy{DenyDisposable: true, RequireCorporate: true}, "x@yopmail.com", "x@acme.io", "user_email_disposable"},
	}
	routes := []struct {
		name string
		call func(t *testing.T, e *Emulator, email string) string // the error type, "" on success
	}{
		{"POST /account", func(t *testing.T, e *Emulator, email string) string {
			return rawCall{method: "POST", url: "/v1/account", body: `{"userId":"unique()","email":"` + email + `","password":"` + testPassword + `"}`}.do(t, e).errType()
		}},
		{"e-mail token", func(t *testing.T, e *Emulator, email string) string {
			return rawCall{method: "POST", url: "/v1/account/tokens/email", body: `{"userId":"unique()","email":"` + email + `"}`}.do(t, e).errType()
		}},
		{"magic URL", func(t *testing.T, e *Emulator, email string) string {
			return rawCall{method: "POST", url: "/v1/account/tokens/magic-url", body: `{"userId":"unique()","email":"` + email + `"}`}.do(t, e).errType()
		}},
		{"PATCH /account/email", func(t *testing.T, e *Emulator, email string) string {
			_, err := e.CreateUser("mover@acme.io", testPassword, "")
			mustOK(t, "CreateUser", err)
			secret, _ := login(t, e, "mover@acme.io", testPassword)
			return rawCall{method: "PATCH", url: "/v1/account/email", header: map[string]string{"X-Appwrite-Session": secret},
				body: `{"email":"` + email + `","password":"` + testPassword + `"}`}.do(t, e).errType()
		}},
		{"OAuth2", func(t *testing.T, e *Emulator, email string) string {
			r := rawCall{method: "GET", url: "/v1/account/tokens/oauth2/github?success=http://localhost/ok&failure=http://localhost/no"}.do(t, e)
			r = rawCall{method: "GET", url: r.header.Get("Location") + "&" + url.Values{"email": {email}}.Encode()}.do(t, e)
			back, _ := url.Parse(r.header.Get("Location"))
			if back.Path == "/ok" {
				return ""
			}
			return oauthErrorType(t, back)
		}},
	}
	for _, p := range policies {
		for _, rt := range routes {
			for _, email := range []string{p.bad, p.good} {
				e := New(WithServerVersion(ServerCloud19x), WithEmailPolicy(p.policy))
				want := ""
				if email == p.bad {
					want = p.typ
				}
				if got := rt.call(t, e, email); got != want {
					t.Errorf("%+v, %s, %s: error %q, want %q", p.policy, rt.name, email, got, want)
				}
			}
		}
	}

	// An address that already has an account gets its tokens whatever
	// the policy: the check is for new users.
	e := New(WithServerVersion(ServerCloud19x))
	_, err := e.CreateUser("old@gmail.com", testPassword, "")
	mustOK(t, "CreateUser", err)
	e.cfg.emailPolicy = EmailPolicy{DenyFree: true}
	if r := (rawCall{method: "POST", url: "/v1/account/tokens/email", body: `{"userId":"unique()","email":"old@gmail.com"}`}).do(t, e); r.status != http.StatusCreated {
		t.Errorf("token for an existing free address: %d %s", r.status, r.body)
	}
}

// TestUserEmailFields checks the User and Account models' fields of the
// 1.9 line: the e-mail ones always, null for a user with no address, the
// impersonator ones only for format 1.9.0 or later (or none), and 1.8
// with none of them.
func TestUserEmailFields(t *testing.T) {
	t.Parallel()
	fields19 := []string{"emailCanonical", "emailIsFree", "emailIsDisposable", "emailIsCorporate", "emailIsCanonical"}
	tests := []struct {
		version, format string
		email, imp      bool
	}{
		{ServerCloud19x, "1.8.0", true, false},
		{ServerCloud19x, "", true, true},
		{ServerCloud19x, "1.9.0", true, true},
		{ServerCloud19x, "1.9.6", true, true},
		{ServerBranch18x, "", false, false},
		{ServerRelease181, "1.9.6", false, false},
	}
	for _, tc := range tests {
		e := New(WithServerVersion(tc.version))
		id := seedUser(t, e, "a.b+c@gmail.com")
		header := map[string]string{"X-Appwrite-Key": e.APIKey()}
		if tc.format != "" {
			header["X-Appwrite-Response-Format"] = tc.format
		}
		var user map[string]json.RawMessage
		rawCall{method: "GET", url: "/v1/users/" + id, header: header}.do(t, e).decode(t, &user)
		anon := rawCall{method: "POST", url: "/v1/account/sessions/anonymous", header: header}.do(t, e)
		var s struct{ Secret string }
		anon.decode(t, &s)
		accHeader := map[string]string{"X-Appwrite-Session": s.Secret}
		if tc.format != "" {
			accHeader["X-Appwrite-Response-Format"] = tc.format
		}
		var account map[string]json.RawMessage
		getAccount(t, e, accHeader).decode(t, &account)

		want := map[string]string{"emailCanonical": `"ab@gmail.com"`, "emailIsFree": "true", "emailIsDisposable": "false",
			"emailIsCorporate": "false", "emailIsCanonical": "false"}
		for _, f := range fields19 {
			got, ok := user[f]
			gotAnon, okAnon := account[f]
			switch {
			case ok != tc.email || okAnon != tc.email:
				t.Errorf("%s, format %q: %s present %v (anonymous %v), want %v", tc.version, tc.format, f, ok, okAnon, tc.email)
			case tc.email && (string(got) != want[f] || string(gotAnon) != "null"):
				t.Errorf("%s, format %q: %s = %s (anonymous %s), want %s (null)", tc.version, tc.format, f, got, gotAnon, want[f])
			}
		}
		for f, v := range map[string]string{"impersonator": "false", "impersonatorUserId": "null"} {
			got, ok := user[f]
			if _, okAnon := account[f]; ok != tc.imp || okAnon != tc.imp || (ok && string(got) != v) {
				t.Errorf("%s, format %q: %s = %s (present %v), want present %v as %s", tc.version, tc.format, f, got, ok, tc.imp, v)
			}
		}
	}
}
