package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"openruntimes/handler/appwritetest"
)

// pendingSignUp is the answer to POST /signup with SIGNUP_VERIFICATION=code.
type pendingSignUp struct {
	UserID       string `json:"userId"`
	Verification string `json:"verification"`
}

// startSignUp sends POST /signup and fails the test unless it answers 202
// with a code on its way and no cookie.
func startSignUp(t *testing.T, b *browser, body string) pendingSignUp {
	t.Helper()
	r := b.do("POST", "/signup", body)
	var p pendingSignUp
	r.decode(t, &p)
	if r.Status != http.StatusAccepted || p.UserID == "" || p.Verification != "code" {
		t.Fatalf("POST /signup: %d %s, want 202 with a userId and verification code", r.Status, r.Body)
	}
	if _, set := r.Headers["set-cookie"]; set {
		t.Errorf("POST /signup set a cookie: %q", r.Headers["set-cookie"])
	}
	return p
}

// TestVerifiedSignUp: by default sign-up sets nothing on the account
// before the address is proven: no password, no name, no session, until
// the code e-mailed to the address comes back.
func TestVerifiedSignUp(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	b := env.browser()
	p := startSignUp(t, b, `{"email":"Ada@Example.com","password":"correct horse battery","name":"Ada"}`)
	code, ok := env.emu.LastMessage("ada@example.com", appwritetest.MessageEmailOTP)
	if !ok || code.UserID != p.UserID {
		t.Fatalf("the code e-mailed: %+v, want one for %s", code, p.UserID)
	}
	env.call("POST", "/login", nil, `{"email":"ada@example.com","password":"correct horse battery"}`).
		wantError(t, http.StatusUnauthorized, "user_invalid_credentials")
	if u := env.emu.Users(); len(u) != 1 || u[0].Name != "" || u[0].EmailVerification {
		t.Errorf("the account before the code: %+v, want one without name, unverified", u)
	}

	wrong := "000000"
	if code.Code == wrong {
		wrong = "111111"
	}
	b.do("POST", "/signup/verify", `{"userId":"`+p.UserID+`","code":"`+wrong+`","password":"correct horse battery"}`).
		wantError(t, http.StatusUnauthorized, "user_invalid_token")
	env.call("POST", "/login", nil, `{"email":"ada@example.com","password":"correct horse battery"}`).
		wantError(t, http.StatusUnauthorized, "user_invalid_credentials")
	for _, body := range []string{
		`{"userId":"` + p.UserID + `","code":"` + code.Code + `"}`,
		`{"userId":"` + p.UserID + `","password":"correct horse battery"}`,
		`{"code":"` + code.Code + `","password":"correct horse battery"}`,
		`{"userId":"` + p.UserID + `","code":"` + code.Code + `","password":"short"}`,
	} {
		b.do("POST", "/signup/verify", body).wantError(t, http.StatusBadRequest, "general_argument_invalid")
	}

	r := b.do("POST", "/signup/verify", `{"userId":"`+p.UserID+`","code":" `+code.Code+` ","password":"correct horse battery","name":"Ada"}`)
	var user map[string]any
	r.decode(t, &user)
	if r.Status != http.StatusCreated || user["$id"] != p.UserID || user["name"] != "Ada" || user["emailVerification"] != true || user["accountReset"] != nil {
		t.Fatalf("POST /signup/verify: %d %s", r.Status, r.Body)
	}
	if c := r.cookie(t); c == nil || c.Value == "" {
		t.Fatalf("no session cookie: %q", r.Headers["set-cookie"])
	}
	if me := b.do("GET", "/me", ""); me.Status != http.StatusOK || !strings.Contains(string(me.Body), p.UserID) {
		t.Errorf("GET /me after the sign-up: %d %s", me.Status, me.Body)
	}
	if n := env.emu.SessionCount(p.UserID); n != 1 {
		t.Errorf("%d sessions, want the browser's only (the code's own is deleted)", n)
	}
	if r := env.call("POST", "/login", nil, `{"email":"ada@example.com","password":"correct horse battery"}`); r.Status != http.StatusOK {
		t.Errorf("the password after the sign-up: %d %s", r.Status, r.Body)
	}
	// The code is spent.
	env.browser().do("POST", "/signup/verify", `{"userId":"`+p.UserID+`","code":"`+code.Code+`","password":"another password"}`).
		wantError(t, http.StatusUnauthorized, "user_invalid_token")
}

// TestVerifiedSignUpTellsNothing: an attacker signs up with addresses to
// learn which have accounts. The answers are the same, 202 with an ID,
// for an address with an account, one without, and one Appwrite refuses
// codes for; no 409. Completing it for an address with an account is a
// sign-in by code to that account, which sets the password and, where
// the account has MFA, still asks for the second factor. Defence:
// signUp sends a code whatever the address (signup.go).
func TestVerifiedSignUpTellsNothing(t *testing.T) {
	t.Parallel()
	env, clock := newMFAEnv(t, nil)
	owner := env.browser()
	id := owner.signUp("owner@example.com", "owner's password")["$id"].(string)
	attacker := at(env.browser(), "198.51.100.30")
	known := startSignUp(t, attacker, `{"email":"owner@example.com","password":"attacker's password"}`)
	unknown := startSignUp(t, attacker, `{"email":"nobody@example.com","password":"attacker's password"}`)
	if known.UserID != id || len(known.UserID) != len(unknown.UserID) {
		t.Errorf("the answers differ in shape: %+v and %+v", known, unknown)
	}
	if r := env.call("POST", "/login", nil, `{"email":"owner@example.com","password":"owner's password"}`); r.Status != http.StatusOK {
		t.Errorf("the owner's password after someone else's sign-up: %d %s", r.Status, r.Body)
	}

	// The owner completes it: a sign-in to their own account, with the
	// new password.
	enrolTOTP(t, owner, clock)
	if r := owner.do("PATCH", "/me/mfa", `{"enabled":true,"password":"owner's password"}`); r.Status != http.StatusOK {
		t.Fatalf("MFA on: %d %s", r.Status, r.Body)
	}
	b := env.browser()
	r := b.completeSignUp(`{"email":"owner@example.com","password":"owner's new password"}`)
	if r.Status != http.StatusOK || !strings.Contains(string(r.Body), `"mfaRequired":true`) {
		t.Fatalf("completing a sign-up of an MFA account: %d %s, want the second factor asked for", r.Status, r.Body)
	}
	b.do("GET", "/me", "").wantError(t, http.StatusUnauthorized, "user_more_factors_required")
	if r := env.call("POST", "/login", nil, `{"email":"owner@example.com","password":"owner's new password"}`); !strings.Contains(string(r.Body), "mfaRequired") {
		t.Errorf("the new password: %d %s", r.Status, r.Body)
	}
	if u := env.emu.Users(); len(u) != 2 {
		t.Errorf("%d accounts, want the owner's and the unknown address's", len(u))
	}
}

// TestSignUpPasswordCheckedBeforeMail: a password Appwrite would never
// accept is refused by POST /signup before any code is e-mailed.
func TestSignUpPasswordCheckedBeforeMail(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	for _, pw := range []string{"short", strings.Repeat("x", 257)} {
		env.call("POST", "/signup", nil, `{"email":"early@example.com","password":"`+pw+`"}`).
			wantError(t, http.StatusBadRequest, "general_argument_invalid")
	}
	if _, sent := env.emu.LastMessage("early@example.com", appwritetest.MessageEmailOTP); sent || len(env.emu.Users()) != 0 {
		t.Error("a refused sign-up e-mailed a code or made an account")
	}
}

// TestSignUpCodesBudget: sign-up e-mails count on the address's budget of
// live codes, shared with POST /otp: an attacker cannot flood an inbox
// (or multiply the winning codes) by signing up again and again.
func TestSignUpCodesBudget(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	for i := 0; i < maxCodesSent; i++ {
		ip := map[string]string{"x-appwrite-client-ip": "198.51.100." + string(rune('1'+i))}
		if r := env.call("POST", "/signup", ip, `{"email":"flooded@example.com","password":"correct horse battery"}`); r.Status != http.StatusAccepted {
			t.Fatalf("sign-up %d: %d %s", i+1, r.Status, r.Body)
		}
	}
	wantLimited(t, env.call("POST", "/otp", map[string]string{"x-appwrite-client-ip": "198.51.100.50"}, `{"email":"flooded@example.com"}`))
	wantLimited(t, env.call("POST", "/signup", map[string]string{"x-appwrite-client-ip": "198.51.100.51"}, `{"email":"flooded@example.com","password":"correct horse battery"}`))
}

// TestSignUpRetriedAfterTimeout: Appwrite does what the function asked but
// answers after UPSTREAM_TIMEOUT (a real Appwrite 1.9.0 on two cores made
// 15 of 40 concurrent sign-ups after the function's 10 s). The user, told
// 504, simply signs up again: the e-mail token of the address's account
// (made by the first try) comes again, and a sign-up whose password was
// set after its answer completes with a new code.
func TestSignUpRetriedAfterTimeout(t *testing.T) {
	t.Parallel()
	env, up := newAttackEnv(t, map[string]string{"UPSTREAM_TIMEOUT": "300ms"})
	// lateFor does what Appwrite is asked, then answers too late.
	lateFor := func(method, pathPrefix string) func(w http.ResponseWriter, r *http.Request) bool {
		return func(w http.ResponseWriter, r *http.Request) bool {
			if r.Method != method || !strings.HasPrefix(r.URL.Path, pathPrefix) {
				return false
			}
			up.next.ServeHTTP(httptest.NewRecorder(), r)
			<-r.Context().Done()
			return true
		}
	}
	b := env.browser()
	const body = `{"email":"slow@example.com","password":"correct horse battery"}`

	late := lateFor("POST", "/v1/account/tokens/email")
	up.answer.Store(&late)
	b.do("POST", "/signup", body).wantError(t, http.StatusGatewayTimeout, "upstream_timeout")
	up.answer.Store(nil)
	p := startSignUp(t, b, body)

	late = lateFor("PATCH", "/v1/users/"+p.UserID+"/password")
	up.answer.Store(&late)
	code, _ := env.emu.LastMessage("slow@example.com", appwritetest.MessageEmailOTP)
	b.do("POST", "/signup/verify", `{"userId":"`+p.UserID+`","code":"`+code.Code+`","password":"correct horse battery"}`).
		wantError(t, http.StatusGatewayTimeout, "upstream_timeout")
	up.answer.Store(nil)
	if r := b.completeSignUp(body); r.Status != http.StatusCreated || !strings.Contains(string(r.Body), p.UserID) {
		t.Fatalf("signing up again: %d %s", r.Status, r.Body)
	}
	if n := len(env.emu.Users()); n != 1 {
		t.Errorf("%d accounts for one address", n)
	}
}
