package server

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"openruntimes/handler/appwritetest"
	"openruntimes/handler/security/ratelimit"
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

// ---------------------------------------------------------------------------
// Second factors: an authenticator planted by a stolen session

// TestPlantedAuthenticatorCannotTurnMFAOn: a thief replaying the owner's
// session from another address adds an authenticator of their own and
// turns MFA on with it, which would leave the owner unable to complete
// any sign-in. In the 30 minutes after an authenticator is added, turning
// MFA on needs the password, or a second factor the session completed
// before the authenticator was added: the session alone, a challenge
// completed with the new authenticator, or a code of it are refused, and
// MFA stays off. The owner, with the password or a factor completed
// first, turns it on. Defence: proveEnablingOwner (totp.go), reading the
// enrolment confirmTOTP had the limiter remember.
func TestPlantedAuthenticatorCannotTurnMFAOn(t *testing.T) {
	t.Parallel()
	const email, password = "planted@example.com", "correct horse battery"
	for _, store := range limitStores {
		t.Run(store, func(t *testing.T) {
			t.Parallel()
			env, _, clock := mfaEnvs(t, store)
			owner := at(env.browser(), "192.0.2.95")
			owner.signUp(email, password)
			thief := stolen(owner, "198.51.100.95")
			secret := enrolTOTP(t, thief, clock)
			thief.do("PATCH", "/me/mfa", `{"enabled":true}`).wantError(t, http.StatusUnauthorized, "user_challenge_required")
			clock.Advance(30 * time.Second)
			thief.do("PATCH", "/me/mfa", `{"enabled":true,"code":"`+appwritetest.TOTPCode(secret, clock.Now())+`"}`).
				wantError(t, http.StatusBadRequest, "general_argument_invalid")
			r := thief.do("POST", "/mfa/challenge", `{"factor":"totp"}`)
			var ch struct {
				ChallengeID string `json:"challengeId"`
			}
			r.decode(t, &ch)
			clock.Advance(30 * time.Second)
			if r := thief.do("POST", "/mfa/verify", `{"challengeId":"`+ch.ChallengeID+`","otp":"`+appwritetest.TOTPCode(secret, clock.Now())+`"}`); r.Status != http.StatusOK {
				t.Fatalf("the thief's challenge with their own authenticator: %d %s", r.Status, r.Body)
			}
			thief.do("PATCH", "/me/mfa", `{"enabled":true}`).wantError(t, http.StatusUnauthorized, "user_challenge_required")
			var me struct{ MFA bool }
			owner.do("GET", "/me", "").decode(t, &me)
			if me.MFA {
				t.Fatal("the thief turned MFA on")
			}
			thief.do("PATCH", "/me/mfa", `{"enabled":true,"password":"not the password"}`).wantError(t, http.StatusUnauthorized, "user_invalid_credentials")
			if r := owner.do("PATCH", "/me/mfa", `{"enabled":true,"password":"`+password+`"}`); r.Status != http.StatusOK {
				t.Errorf("the owner, with the password: %d %s", r.Status, r.Body)
			}
		})
	}
	t.Run("a factor completed first", func(t *testing.T) {
		t.Parallel()
		env, clock := newMFAEnv(t, nil)
		owner := at(env.browser(), "192.0.2.96")
		owner.signUp(email, password)
		r := owner.do("POST", "/mfa/challenge", `{"factor":"email"}`)
		var ch struct {
			ChallengeID string `json:"challengeId"`
		}
		r.decode(t, &ch)
		m, ok := env.emu.LastMessage(email, appwritetest.MessageMFA)
		if r.Status != http.StatusCreated || !ok {
			t.Fatalf("the owner's e-mail challenge: %d %s", r.Status, r.Body)
		}
		if r := owner.do("POST", "/mfa/verify", `{"challengeId":"`+ch.ChallengeID+`","otp":"`+m.Code+`"}`); r.Status != http.StatusOK {
			t.Fatalf("the owner's e-mail challenge: %d %s", r.Status, r.Body)
		}
		clock.Advance(time.Minute)
		enrolTOTP(t, owner, clock)
		if r := owner.do("PATCH", "/me/mfa", `{"enabled":true}`); r.Status != http.StatusOK {
			t.Errorf("the owner, a second factor completed before adding the authenticator: %d %s", r.Status, r.Body)
		}
	})
	t.Run("after the window", func(t *testing.T) {
		t.Parallel()
		env, clock := newMFAEnv(t, nil)
		p := env.app.settings.rateLimit
		env.app.limiter = ratelimit.NewLimiter(ratelimit.NewMemoryStore(p.MaxKeys), p, clock.Now)
		owner := at(env.browser(), "192.0.2.97")
		owner.signUp(email, password)
		enrolTOTP(t, owner, clock)
		clock.Advance(enrolmentWindow)
		if r := owner.do("PATCH", "/me/mfa", `{"enabled":true}`); r.Status != http.StatusOK {
			t.Errorf("the session alone, 30 minutes after the authenticator was added: %d %s", r.Status, r.Body)
		}
	})
}
