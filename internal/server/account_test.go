package server

import (
	"net/http"
	"strings"
	"testing"

	"openruntimes/handler/appwritetest"
)

// identities lists b's identities by GET /me/identities.
func identities(t *testing.T, b *browser) []map[string]any {
	t.Helper()
	r := b.do("GET", "/me/identities", "")
	var list struct {
		Total      int              `json:"total"`
		Identities []map[string]any `json:"identities"`
	}
	r.decode(t, &list)
	if r.Status != 200 || list.Total != len(list.Identities) || r.Headers["cache-control"] != "no-store" {
		t.Fatalf("GET /me/identities: %d %s", r.Status, r.Body)
	}
	return list.Identities
}

// TestUnlinkIdentity: a passwordless account cannot unlink its last
// identity (409), can unlink one of two, and can unlink the last once it
// has a password; IDs that are not the user's are 404 and never reach
// Appwrite's delete.
func TestUnlinkIdentity(t *testing.T) {
	t.Parallel()
	env, _ := newMFAEnv(t, nil)
	b, id := signInByCode(t, env, "ivy@example.com")
	if err := env.emu.AddIdentity(id, "github", "ivy@example.com"); err != nil {
		t.Fatal(err)
	}
	list := identities(t, b)
	if len(list) != 1 || list[0]["provider"] != "github" || list[0]["providerEmail"] != "ivy@example.com" {
		t.Fatalf("identities = %v", list)
	}
	github := list[0]["$id"].(string)
	r := b.do("DELETE", "/me/identities/"+github, "")
	if e := r.wantError(t, http.StatusConflict, "user_last_sign_in_method"); !strings.Contains(e.Message, "password") {
		t.Errorf("409 message %q does not say what to do", e.Message)
	}

	other, otherID := signInByCode(t, env, "oscar@example.com")
	if err := env.emu.AddIdentity(otherID, "gitlab", "oscar@example.com"); err != nil {
		t.Fatal(err)
	}
	b.do("DELETE", "/me/identities/"+identities(t, other)[0]["$id"].(string), "").wantError(t, 404, "user_identity_not_found")
	b.do("DELETE", "/me/identities/nosuchidentity", "").wantError(t, 404, "user_identity_not_found")
	b.do("DELETE", "/me/identities/_bad", "").wantError(t, 400, "general_argument_invalid")
	if len(identities(t, other)) != 1 {
		t.Fatal("another user's identity is gone")
	}

	// Two identities: one may go, not the other.
	if err := env.emu.AddIdentity(id, "gitlab", "ivy@example.com"); err != nil {
		t.Fatal(err)
	}
	if r := b.do("DELETE", "/me/identities/"+github, ""); r.Status != http.StatusNoContent {
		t.Fatalf("unlinking one of two: %d %s", r.Status, r.Body)
	}
	list = identities(t, b)
	if len(list) != 1 || list[0]["provider"] != "gitlab" {
		t.Fatalf("identities after unlinking github = %v", list)
	}
	b.do("DELETE", "/me/identities/"+list[0]["$id"].(string), "").wantError(t, 409, "user_last_sign_in_method")

	// A password is a way to sign in.
	if r := b.do("POST", "/me/password", `{"password":"ivy's new password"}`); r.Status != 200 {
		t.Fatalf("setting a first password: %d %s", r.Status, r.Body)
	}
	if r := b.do("DELETE", "/me/identities/"+list[0]["$id"].(string), ""); r.Status != http.StatusNoContent {
		t.Fatalf("unlinking the last identity of an account with a password: %d %s", r.Status, r.Body)
	}
	if len(identities(t, b)) != 0 {
		t.Fatal("the identity is still linked")
	}
	env.call("GET", "/me/identities", nil, "").wantError(t, 401, "user_unauthorized")
}

// TestDeleteAccount: an account with a password is deleted with it (a
// wrong one is 401 and deletes nothing; guessing hits 429), one without
// with a fresh e-mail code, a guest with its session; every session ends,
// the cookie is cleared and the account can no longer sign in.
func TestDeleteAccount(t *testing.T) {
	t.Parallel()
	env, _ := newMFAEnv(t, nil)
	const email, password = "dora@example.com", "correct horse battery"
	b := env.browser()
	b.extras["x-appwrite-client-ip"] = "203.0.113.9"
	b.signUp(email, password)
	elsewhere := env.browser()
	if r := elsewhere.do("POST", "/login", `{"email":"`+email+`","password":"`+password+`"}`); r.Status != 200 {
		t.Fatalf("second sign-in: %d %s", r.Status, r.Body)
	}

	b.do("DELETE", "/me", `{"password":"not the password"}`).wantError(t, 401, "user_invalid_credentials")
	b.do("DELETE", "/me", "").wantError(t, 401, "user_invalid_credentials")
	b.do("DELETE", "/me", `{"code":"123456"}`).wantError(t, 400, "general_argument_invalid")
	if r := b.do("GET", "/me", ""); r.Status != 200 {
		t.Fatalf("the account is gone after a wrong password: %d", r.Status)
	}
	r := b.do("DELETE", "/me", `{"password":"`+password+`"}`)
	if r.Status != http.StatusNoContent {
		t.Fatalf("DELETE /me: %d %s", r.Status, r.Body)
	}
	r.wantCleared(t)
	elsewhere.do("GET", "/me", "").wantError(t, 401, "user_unauthorized")
	env.browser().do("POST", "/login", `{"email":"`+email+`","password":"`+password+`"}`).wantError(t, 401, "user_invalid_credentials")

	// A passwordless account proves itself with a new e-mail code.
	p, pid := signInByCode(t, env, "pia@example.com")
	p.do("DELETE", "/me", "").wantError(t, 400, "general_argument_invalid")
	p.do("DELETE", "/me", `{"password":"anything at all"}`).wantError(t, 400, "general_argument_invalid")
	p.do("DELETE", "/me", `{"code":"000000"}`).wantError(t, 401, "user_invalid_token")
	if got := requestCode(t, env.browser(), "pia@example.com"); got != pid {
		t.Fatalf("POST /otp for the account's address: user %s, want %s", got, pid)
	}
	code, _ := env.emu.LastMessage("pia@example.com", appwritetest.MessageEmailOTP)
	if r := p.do("DELETE", "/me", `{"code":"`+code.Code+`"}`); r.Status != http.StatusNoContent {
		t.Fatalf("DELETE /me with a code: %d %s", r.Status, r.Body)
	}
	if n := env.emu.SessionCount(pid); n != 0 {
		t.Errorf("%d sessions of the deleted account", n)
	}
	p.do("GET", "/me", "").wantError(t, 401, "user_unauthorized")

	// A guest has nothing to prove with.
	g := env.browser()
	if r := g.do("POST", "/anonymous", ""); r.Status != http.StatusCreated {
		t.Fatalf("POST /anonymous: %d", r.Status)
	}
	if r := g.do("DELETE", "/me", ""); r.Status != http.StatusNoContent {
		t.Fatalf("DELETE /me as a guest: %d %s", r.Status, r.Body)
	}

	// Signed out, or with a session still waiting for its second factor:
	// nothing is deleted.
	env.call("DELETE", "/me", nil, `{"password":"x"}`).wantError(t, 401, "user_unauthorized")
	m := env.browser()
	mid, _ := m.signUp("max@example.com", password)["$id"].(string)
	if err := env.emu.SetMFA(mid, true); err != nil {
		t.Fatal(err)
	}
	pending := env.browser()
	pending.do("POST", "/login", `{"email":"max@example.com","password":"`+password+`"}`)
	pending.do("DELETE", "/me", `{"password":"`+password+`"}`).wantError(t, 401, "user_more_factors_required")
}

// TestDeleteAccountGuessing: wrong passwords at DELETE /me count on the
// password-check budgets: the eleventh from one address is 429.
func TestDeleteAccountGuessing(t *testing.T) {
	t.Parallel()
	env, _ := newMFAEnv(t, nil)
	b := env.browser()
	b.extras["x-appwrite-client-ip"] = "203.0.113.10"
	b.signUp("gus@example.com", "correct horse battery")
	for i := 0; i < 10; i++ {
		b.do("DELETE", "/me", `{"password":"guess number `+string(rune('a'+i))+`"}`).wantError(t, 401, "user_invalid_credentials")
	}
	r := b.do("DELETE", "/me", `{"password":"correct horse battery"}`)
	r.wantError(t, http.StatusTooManyRequests, "rate_limit_exceeded")
	if r := b.do("GET", "/me", ""); r.Status != 200 {
		t.Fatalf("the account is gone: %d", r.Status)
	}
}
