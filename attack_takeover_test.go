package handler

import (
	"net/http"
	"strings"
	"testing"
)

// ---------------------------------------------------------------------------
// Session fixation

// TestGuestSessionFixation: an attacker who can plant a cookie in the
// victim's browser (from a sibling subdomain, say, with a more specific
// path so it is sent first) plants the session of a guest account the
// attacker created. The victim signs up; sign-up upgrades the guest
// account in place. The attacker's copy of the guest session must not
// become a session on the victim's new account. Defence: upgradeGuest
// ends the guest's sessions and starts a new one (handlers/auth.go).
func TestGuestSessionFixation(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	attacker := env.browser()
	r := attacker.do("POST", "/anonymous", "")
	if r.Status != http.StatusCreated || attacker.value == "" {
		t.Fatalf("POST /anonymous: %d %s", r.Status, r.Body)
	}
	planted := sessionCookieName(env) + "=" + attacker.value

	r = env.call("POST", "/signup", map[string]string{"cookie": planted}, `{"email":"fixated@example.com","password":"correct horse battery"}`)
	if r.Status != http.StatusCreated {
		t.Fatalf("the victim's sign-up: %d %s", r.Status, r.Body)
	}
	victim := r.cookie(t)
	attacker.do("GET", "/me", "").wantError(t, http.StatusUnauthorized, "user_unauthorized")
	if victim == nil || victim.Value == "" || victim.Value == attacker.value {
		t.Fatalf("the sign-up set cookie %q, want a new session", r.Headers["set-cookie"])
	}
	me := env.call("GET", "/me", map[string]string{"cookie": victim.Name + "=" + victim.Value}, "")
	if me.Status != http.StatusOK || !strings.Contains(string(me.Body), "fixated@example.com") {
		t.Errorf("the victim's new session: %d %s", me.Status, me.Body)
	}
}
