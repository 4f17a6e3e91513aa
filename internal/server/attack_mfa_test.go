package server

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"openruntimes/handler/appwritetest"
)

// ---------------------------------------------------------------------------
// Second factors: a replayed authenticator code

// mfaEnvs returns the function twice over one emulator and one manual
// clock, with its limits in store: with the shared store (appwrite) the
// second is another instance, with its own memory; in memory, there being
// nothing to share, both are the one instance.
func mfaEnvs(t *testing.T, store string) (first, second *testEnv, clock *appwritetest.Clock) {
	t.Helper()
	env, clock := newMFAEnv(t, map[string]string{"RATE_LIMIT_STORE": store})
	provisionLimits(t, env)
	if store != "appwrite" {
		return env, env, clock
	}
	other := env.instance()
	other.app.shared.Now = clock.Now
	return env, other, clock
}

// totpSignIn signs a new browser at ip in to env with the password and
// answers the sign-in's totp challenge with code; it returns the browser
// and the challenge's answer.
func totpSignIn(t *testing.T, env *testEnv, ip, email, password, code string) (*browser, *result) {
	t.Helper()
	b := at(env.browser(), ip)
	if r := b.do("POST", "/login", `{"email":"`+email+`","password":"`+password+`"}`); r.Status != http.StatusOK {
		t.Fatalf("sign-in from %s: %d %s", ip, r.Status, r.Body)
	}
	r := b.do("POST", "/mfa/challenge", `{"factor":"totp"}`)
	var ch struct {
		ChallengeID string `json:"challengeId"`
	}
	r.decode(t, &ch)
	if r.Status != http.StatusCreated {
		t.Fatalf("POST /mfa/challenge: %d %s", r.Status, r.Body)
	}
	return b, b.do("POST", "/mfa/verify", `{"challengeId":"`+ch.ChallengeID+`","otp":"`+code+`"}`)
}

// TestTOTPCodeReplayed: an attacker who knows the password sees the
// owner's authenticator code (over a shoulder, or relayed by a phishing
// page) and uses it within its 30-second step, on another instance of the
// function where there are several: for a sign-in of their own after the
// owner's sign-in or after the owner's confirmation of the authenticator,
// and, with the owner's stolen session, to remove the authenticator.
// Appwrite takes a step's code any number of times; the function refuses
// it after its first use, across instances with the shared store.
// Defence: codeUsedOnce (handlers.go), an extra budget of one per user and
// code for the rest of the step, on /mfa/verify, PUT /me/mfa/totp and
// checkTOTPCode.
func TestTOTPCodeReplayed(t *testing.T) {
	t.Parallel()
	const email, password = "app-user@example.com", "correct horse battery"
	const ownerIP, attackerIP = "192.0.2.90", "198.51.100.90"
	// owner's first use of the code; then the attacker's.
	uses := []struct {
		name     string
		owner    func(t *testing.T, env *testEnv, code string) *browser
		attacker func(t *testing.T, env *testEnv, owner *browser, code string) *result
	}{
		{"a second sign-in", func(t *testing.T, env *testEnv, code string) *browser {
			b, r := totpSignIn(t, env, ownerIP, email, password, code)
			if r.Status != http.StatusOK {
				t.Fatalf("the owner's sign-in: %d %s", r.Status, r.Body)
			}
			return b
		}, func(t *testing.T, env *testEnv, _ *browser, code string) *result {
			b, r := totpSignIn(t, env, attackerIP, email, password, code)
			b.do("GET", "/me", "").wantError(t, http.StatusUnauthorized, "user_more_factors_required")
			return r
		}},
		{"a sign-in after the confirmation", nil, func(t *testing.T, env *testEnv, _ *browser, code string) *result {
			_, r := totpSignIn(t, env, attackerIP, email, password, code)
			return r
		}},
		{"a removal with the stolen session", func(t *testing.T, env *testEnv, code string) *browser {
			b, r := totpSignIn(t, env, ownerIP, email, password, code)
			if r.Status != http.StatusOK {
				t.Fatalf("the owner's sign-in: %d %s", r.Status, r.Body)
			}
			return b
		}, func(t *testing.T, env *testEnv, owner *browser, code string) *result {
			return stolen(owner, attackerIP).do("DELETE", "/me/mfa/totp", `{"code":"`+code+`"}`)
		}},
	}
	for _, store := range limitStores {
		for _, use := range uses {
			t.Run(store+"/"+use.name, func(t *testing.T) {
				t.Parallel()
				first, second, clock := mfaEnvs(t, store)
				enroller := at(first.browser(), ownerIP)
				enroller.signUp(email, password)
				secret := enrolTOTP(t, enroller, clock)
				if r := enroller.do("PATCH", "/me/mfa", `{"enabled":true,"password":"`+password+`"}`); r.Status != http.StatusOK {
					t.Fatalf("MFA on: %d %s", r.Status, r.Body)
				}
				owner := enroller
				if use.owner != nil {
					clock.Advance(30 * time.Second)
					owner = use.owner(t, first, appwritetest.TOTPCode(secret, clock.Now()))
				}
				use.attacker(t, second, owner, appwritetest.TOTPCode(secret, clock.Now())).wantError(t, http.StatusUnauthorized, "user_invalid_token")
				var factors struct{ TOTP bool }
				owner.do("GET", "/me/mfa/factors", "").decode(t, &factors)
				if !factors.TOTP {
					t.Error("the replayed code removed the owner's authenticator")
				}
				if text := first.logs.text() + second.logs.text(); store == "appwrite" && strings.Contains(text, "rate limit store") {
					t.Errorf("the limiter's store failed: %s", text)
				}
			})
		}
	}
}
