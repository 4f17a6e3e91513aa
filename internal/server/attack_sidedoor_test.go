package server

// Attacks through Appwrite's own Account API, past the function: the
// project's ID is in the cookie's name, so anyone can call Appwrite for
// it directly.

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"openruntimes/handler/appwritetest"
)

// appwriteDirect calls the emulator's Account API as a browser or script
// would that goes past the function: with the project's ID, which the
// cookie's name shows, and no API key.
func appwriteDirect(t *testing.T, env *testEnv, path string, header map[string]string, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("POST", env.server.Endpoint+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Appwrite-Project", env.server.ProjectID)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var e struct {
		Type string `json:"type"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&e)
	return resp.StatusCode, e.Type
}

// TestFunctionIsTheOnlyDoor: with the project as appwrite.json's settings
// make it, every auth method the function performs with its key is
// refused to anyone calling Appwrite directly (501
// user_auth_method_unsupported), while the function's own route for the
// same method works.
func TestFunctionIsTheOnlyDoor(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	if _, err := env.emu.CreateUser("known@example.com", "correct horse battery", "Known"); err != nil {
		t.Fatal(err)
	}
	signedIn := env.browser()
	signedIn.signUp("door@example.com", "correct horse battery")
	session := map[string]string{"X-Appwrite-Session": signedIn.value}

	tests := []struct {
		method string
		// direct is the Appwrite call the method gates, made past the
		// function.
		path   string
		header map[string]string
		body   string
		// function is the function's route that performs the method
		// with its key.
		function func(t *testing.T) *result
	}{
		{appwritetest.AuthEmailPassword, "/account", nil, `{"userId":"unique()","email":"direct@example.com","password":"correct horse battery"}`,
			func(t *testing.T) *result {
				return env.browser().do("POST", "/login", `{"email":"known@example.com","password":"correct horse battery"}`)
			}},
		{appwritetest.AuthEmailPassword, "/account/sessions/email", nil, `{"email":"known@example.com","password":"correct horse battery"}`,
			func(t *testing.T) *result {
				return env.browser().do("POST", "/login", `{"email":"known@example.com","password":"correct horse battery"}`)
			}},
		{appwritetest.AuthMagicURL, "/account/tokens/magic-url", nil, `{"userId":"unique()","email":"known@example.com","url":"` + appOrigin + `/in"}`,
			func(t *testing.T) *result {
				return env.browser().do("POST", "/magic-url", `{"email":"known@example.com","redirect":"`+appOrigin+`/in"}`)
			}},
		{appwritetest.AuthEmailOTP, "/account/tokens/email", nil, `{"userId":"unique()","email":"known@example.com"}`,
			func(t *testing.T) *result { return env.browser().do("POST", "/otp", `{"email":"known@example.com"}`) }},
		{appwritetest.AuthAnonymous, "/account/sessions/anonymous", nil, `{}`,
			func(t *testing.T) *result { return env.browser().do("POST", "/anonymous", "") }},
		{appwritetest.AuthJWT, "/account/jwts", session, `{}`,
			func(t *testing.T) *result { return signedIn.do("POST", "/jwt", "") }},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			if status, typ := appwriteDirect(t, env, tc.path, tc.header, tc.body); status != http.StatusNotImplemented || typ != "user_auth_method_unsupported" {
				t.Errorf("POST %s past the function: %d %s, want 501 user_auth_method_unsupported", tc.path, status, typ)
			}
			if r := tc.function(t); r.Status/100 != 2 {
				t.Errorf("the function's route for %s: %d %s", tc.method, r.Status, r.Body)
			}
		})
	}
	if n := len(env.emu.Users()); n != 3 {
		t.Errorf("%d users, want 3: the seeded one, the function's sign-up and its guest; none from the direct calls", n)
	}
}

// jwtSessionEnds is a transport that deletes the user's sessions just
// before the function's API key asks for a JWT, as a sign-out in another
// tab between the function's two calls would.
type jwtSessionEnds struct {
	base http.RoundTripper
	emu  *appwritetest.Emulator
}

func (j jwtSessionEnds) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method == "POST" && strings.HasPrefix(req.URL.Path, "/v1/users/") && strings.HasSuffix(req.URL.Path, "/jwts") {
		userID := strings.Split(req.URL.Path, "/")[3]
		for _, u := range j.emu.Users() {
			if u.ID == userID {
				for _, s := range u.Sessions {
					_ = j.emu.DeleteSession(userID, s.ID)
				}
			}
		}
	}
	return j.base.RoundTrip(req)
}

// TestJWTOfAnEndedSession: when the session ends between the function
// reading it and its key asking for the JWT, Appwrite signs a JWT of no
// session, which would outlive every session of the user; the function
// hands out none, answers as for any ended session and clears the cookie.
func TestJWTOfAnEndedSession(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	b := env.browser()
	b.signUp("ended@example.com", "correct horse battery")
	env.app.settings.session.Transport = jwtSessionEnds{base: http.DefaultTransport, emu: env.emu}
	r := b.do("POST", "/jwt", "")
	r.wantError(t, http.StatusUnauthorized, "user_unauthorized")
	r.wantCleared(t)
	if strings.Contains(string(r.Body), "eyJ") {
		t.Errorf("the answer carries a JWT: %s", r.Body)
	}
}
