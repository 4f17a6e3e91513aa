package handler

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"
)

// limitVars is a small policy so the tests reach the limits quickly.
var limitVars = map[string]string{
	"RATE_LIMIT_PER_IP":       "30",
	"RATE_LIMIT_PER_IP_EMAIL": "3",
	"RATE_LIMIT_PER_EMAIL":    "8",
}

// loginFrom tries a sign-in from ip.
func loginFrom(env *testEnv, ip, email, password string) *result {
	return env.call("POST", "/login", map[string]string{"x-appwrite-client-ip": ip},
		`{"email":"`+email+`","password":"`+password+`"}`)
}

func wantLimited(t *testing.T, r *result) {
	t.Helper()
	r.wantError(t, http.StatusTooManyRequests, "rate_limit_exceeded")
	if s, err := strconv.Atoi(r.Headers["retry-after"]); err != nil || s < 1 {
		t.Errorf("retry-after = %q, want whole seconds ≥ 1", r.Headers["retry-after"])
	}
}

// TestPasswordGuessingFromOneIP: one address guessing one account's
// password is stopped after PER_IP_EMAIL failures, and not even the right
// password gets through from there until the window ends.
func TestPasswordGuessingFromOneIP(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, limitVars)
	env.emu.CreateUser("target@example.com", "correct horse battery", "")
	for i := 0; i < 3; i++ {
		loginFrom(env, "203.0.113.9", "target@example.com", fmt.Sprintf("guess %d xx", i)).
			wantError(t, http.StatusUnauthorized, "user_invalid_credentials")
	}
	wantLimited(t, loginFrom(env, "203.0.113.9", "target@example.com", "guess 4 xx"))
	wantLimited(t, loginFrom(env, "203.0.113.9", "target@example.com", "correct horse battery"))
}

// TestVictimNotLockedOutFromElsewhere: an attacker's failures from one
// address do not stop the owner signing in from theirs.
func TestVictimNotLockedOutFromElsewhere(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, limitVars)
	env.emu.CreateUser("victim@example.com", "correct horse battery", "")
	for i := 0; i < 6; i++ {
		loginFrom(env, "198.51.100.66", "victim@example.com", "wrong password")
	}
	if r := loginFrom(env, "192.0.2.10", "victim@example.com", "correct horse battery"); r.Status != http.StatusOK {
		t.Fatalf("the victim's own sign-in: %d %s", r.Status, r.Body)
	}
}

// TestDistributedGuessing: failures on one account from many addresses
// exhaust the account's budget for new addresses, while an address the
// owner signed in from before stays open.
func TestDistributedGuessing(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, limitVars)
	env.emu.CreateUser("spread@example.com", "correct horse battery", "")
	if r := loginFrom(env, "192.0.2.77", "spread@example.com", "correct horse battery"); r.Status != 200 {
		t.Fatalf("owner sign-in: %d", r.Status)
	}
	limited := false
	for i := 0; i < 20; i++ {
		r := loginFrom(env, fmt.Sprintf("10.0.%d.1", i), "spread@example.com", "wrong password")
		if r.Status == http.StatusTooManyRequests {
			limited = true
			break
		}
	}
	if !limited {
		t.Fatal("20 addresses guessed one account without being limited")
	}
	wantLimited(t, loginFrom(env, "10.9.9.9", "spread@example.com", "correct horse battery"))
	if r := loginFrom(env, "192.0.2.77", "spread@example.com", "correct horse battery"); r.Status != 200 {
		t.Errorf("the owner's known address was locked out: %d %s", r.Status, r.Body)
	}
}

// TestCredentialStuffingFromOneIP: one address trying many accounts is
// stopped by the per-IP budget, which covers every sensitive route.
func TestCredentialStuffingFromOneIP(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, limitVars)
	limitedAt := -1
	for i := 0; i < 40; i++ {
		r := loginFrom(env, "203.0.113.50", fmt.Sprintf("u%d@example.com", i), "password123")
		if r.Status == http.StatusTooManyRequests {
			limitedAt = i
			break
		}
	}
	if limitedAt != 30 {
		t.Fatalf("limited after %d attempts, want 30 (RATE_LIMIT_PER_IP)", limitedAt)
	}
	wantLimited(t, env.call("POST", "/otp", map[string]string{"x-appwrite-client-ip": "203.0.113.50"}, `{"email":"a@example.com"}`))
	// Other addresses are not affected.
	loginFrom(env, "203.0.113.51", "u1@example.com", "password123").wantError(t, 401, "user_invalid_credentials")
}

// TestCodeGuessing: guessing an e-mail code is limited per address and
// user, though Appwrite itself does not limit the API key's attempts.
func TestCodeGuessing(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, limitVars)
	r := env.call("POST", "/otp", map[string]string{"x-appwrite-client-ip": "192.0.2.1"}, `{"email":"codes@example.com"}`)
	var started struct{ UserID string }
	r.decode(t, &started)
	ip := map[string]string{"x-appwrite-client-ip": "203.0.113.3"}
	for i := 0; i < 3; i++ {
		env.call("POST", "/otp/verify", ip, `{"userId":"`+started.UserID+`","code":"00000`+strconv.Itoa(i)+`"}`).
			wantError(t, 401, "user_invalid_token")
	}
	wantLimited(t, env.call("POST", "/otp/verify", ip, `{"userId":"`+started.UserID+`","code":"000009"}`))
}

// TestEmailBombing: one address cannot make Appwrite send an unbounded
// number of e-mails to one inbox.
func TestEmailBombing(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, limitVars)
	ip := map[string]string{"x-appwrite-client-ip": "203.0.113.4"}
	for _, route := range []string{"/magic-url", "/recovery"} {
		statuses := []int{}
		for i := 0; i < 4; i++ {
			statuses = append(statuses, env.call("POST", route, ip, `{"email":"inbox@example.com"}`).Status)
		}
		if statuses[3] != http.StatusTooManyRequests {
			t.Errorf("%s statuses %v, want the 4th limited", route, statuses)
		}
	}
}
