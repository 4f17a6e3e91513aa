package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"openruntimes/handler/appwritetest"
)

// ---------------------------------------------------------------------------
// Session fixation

// TestGuestSessionFixation: an attacker who can plant a cookie in the
// victim's browser (from a sibling subdomain, say, with a more specific
// path so it is sent first) plants the session of a guest account the
// attacker created. The victim signs up; sign-up upgrades the guest
// account in place. The attacker's copy of the guest session must not
// become a session on the victim's new account. Defence: upgradeGuest
// ends the guest's sessions and starts a new one (auth.go).
func TestGuestSessionFixation(t *testing.T) {
	t.Parallel()
	for _, mode := range signUpModes {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			guestSessionFixation(t, newTestEnv(t, map[string]string{"SIGNUP_VERIFICATION": mode}))
		})
	}
}

// signUpModes are the values of SIGNUP_VERIFICATION.
var signUpModes = []string{"code", "off"}

func guestSessionFixation(t *testing.T, env *testEnv) {
	attacker := env.browser()
	r := attacker.do("POST", "/anonymous", "")
	if r.Status != http.StatusCreated || attacker.value == "" {
		t.Fatalf("POST /anonymous: %d %s", r.Status, r.Body)
	}
	planted := sessionCookieName(env) + "=" + attacker.value

	r = env.completeSignUp(map[string]string{"cookie": planted}, `{"email":"fixated@example.com","password":"correct horse battery"}`)
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

// ---------------------------------------------------------------------------
// Account takeover

// TestEmailCodesCannotBeMultiplied: an attacker asks for code after code
// for one address, so that every guess has many winning values. The
// fourth within a code's lifetime is refused, for an address with an
// account and one without alike (nothing is told), and guesses at one
// account hit a ceiling of a day however many addresses and windows they
// are spread over, while the owner's trusted address still gets in.
// Defence: the codes-sent and guesses-per-day budgets (otp.go).
func TestEmailCodesCannotBeMultiplied(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	clock := newLimiterClock(env)
	// A proven account: a first proof of an unproven one would retire it
	// and give it a new ID, with budgets of its own.
	coded, _ := env.emu.CreateUser("coded@example.com", "correct horse battery", "")
	if err := env.emu.SetEmailVerified(coded, true); err != nil {
		t.Fatal(err)
	}
	for _, email := range []string{"coded@example.com", "nobody-here@example.com"} {
		for i := 1; i <= 3; i++ {
			if r := env.call("POST", "/otp", map[string]string{"x-appwrite-client-ip": fmt.Sprintf("198.51.100.%d", i)}, `{"email":"`+email+`"}`); r.Status != http.StatusOK {
				t.Fatalf("code %d for %s: %d %s", i, email, r.Status, r.Body)
			}
		}
		wantLimited(t, env.call("POST", "/otp", map[string]string{"x-appwrite-client-ip": "198.51.100.99"}, `{"email":"`+email+`"}`))
	}
	clock.Advance(16 * time.Minute)
	if r := env.call("POST", "/otp", nil, `{"email":"coded@example.com"}`); r.Status != http.StatusOK {
		t.Errorf("a code once the others expired: %d %s", r.Status, r.Body)
	}

	// The owner signs in by code from home, which trusts that address.
	owner := at(env.browser(), "192.0.2.44")
	r := emailCodeSignIn(t, owner, "coded@example.com")
	var user struct {
		ID string `json:"$id"`
	}
	r.decode(t, &user)

	// Wrong guesses, 10 per address and 40 per window, over three windows:
	// each window's budgets allow them, the day's does not. The owner's
	// sign-in was the day's first attempt, so 99 more fill its 100.
	guess := func(ip string) *result {
		return env.call("POST", "/otp/verify", map[string]string{"x-appwrite-client-ip": ip}, `{"userId":"`+user.ID+`","code":"000000"}`)
	}
	for i := 0; i < 99; i++ {
		if i > 0 && i%40 == 0 {
			clock.Advance(16 * time.Minute)
		}
		if r := guess(fmt.Sprintf("203.0.%d.%d", i/10, i%10+1)); r.Status != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d %s", i+1, r.Status, r.Body)
		}
	}
	clock.Advance(16 * time.Minute)
	wantLimited(t, guess("203.0.200.1"))
	if r := emailCodeSignIn(t, owner, "coded@example.com"); r.Status != http.StatusOK {
		t.Errorf("the owner from a trusted address after the ceiling: %d %s", r.Status, r.Body)
	}

	// The ceiling is the account's, whatever the code: someone who has
	// the password and guesses the second factor from a new address is
	// refused too.
	if err := env.emu.SetMFA(user.ID, true); err != nil {
		t.Fatal(err)
	}
	thief := at(env.browser(), "203.0.201.1")
	if r := thief.do("POST", "/login", `{"email":"coded@example.com","password":"correct horse battery"}`); !strings.Contains(string(r.Body), "mfaRequired") {
		t.Fatalf("the password sign-in of an MFA account: %d %s", r.Status, r.Body)
	}
	var ch struct{ ChallengeID string }
	thief.do("POST", "/mfa/challenge", `{"factor":"email"}`).decode(t, &ch)
	wantLimited(t, thief.do("POST", "/mfa/verify", `{"challengeId":"`+ch.ChallengeID+`","otp":"000000"}`))
}

// TestEmailChangeIsNoPasswordOracle: whoever holds a stolen session
// guesses the account's password through POST /me/email, which Appwrite
// checks without limiting a session's calls. The guesses count on the
// password-check budgets: the eleventh from one address is refused.
// Defence: changeEmail counts each check as POST /me/password does.
func TestEmailChangeIsNoPasswordOracle(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	victim := env.browser()
	victim.signUp("oracle@example.com", "correct horse battery")
	thief := at(env.browser(), "198.51.100.50")
	thief.cookies = victim.cookies
	for i := 1; i <= 10; i++ {
		thief.do("POST", "/me/email", fmt.Sprintf(`{"email":"thief%d@example.com","password":"guess number %d"}`, i, i)).
			wantError(t, http.StatusUnauthorized, "user_invalid_credentials")
	}
	wantLimited(t, thief.do("POST", "/me/email", `{"email":"thief@example.com","password":"correct horse battery"}`))
}

// TestSpentFlowStateReplayed: a flow's state travels in the link or the
// callback URL, and its cookie stays in the browser for the state's
// lifetime. An attacker who learns a finished flow's URL replays its state
// with the attacker's own token in the victim's browser, to sign the
// victim into the attacker's account. A state is accepted once.
// Defence: Deps.spendState in the OAuth2 and magic-link callbacks.
func TestSpentFlowStateReplayed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		// finish walks the victim's own flow and returns its callback.
		finish func(t *testing.T, b *browser) *url.URL
		// token returns the attacker's own userId and secret.
		token func(t *testing.T, attacker *browser) (userID, secret string)
	}{
		{"magic link", func(t *testing.T, b *browser) *url.URL {
			link := magicLink(t, b, "victim@example.com")
			b.do("GET", pathAndQuery(link), "").location(t, http.StatusSeeOther)
			return link
		}, func(t *testing.T, attacker *browser) (string, string) {
			q := magicLink(t, attacker, "attacker@example.com").Query()
			return q.Get("userId"), q.Get("secret")
		}},
		{"OAuth2", func(t *testing.T, b *browser) *url.URL {
			callback := oauth2Callback(t, b, "victim@example.com")
			b.do("GET", pathAndQuery(callback), "").location(t, http.StatusSeeOther)
			return callback
		}, func(t *testing.T, attacker *browser) (string, string) {
			q := oauth2Callback(t, attacker, "attacker@example.com").Query()
			return q.Get("userId"), q.Get("secret")
		}},
	} {
		// The state is spent in the limiter's store: in memory, or in
		// Appwrite's table, where it is spent beside the exchange.
		for _, store := range []string{"memory", "appwrite"} {
			t.Run(tc.name+"/"+store, func(t *testing.T) {
				t.Parallel()
				env, _ := countedEnv(t, store)
				victim := env.browser()
				spent := tc.finish(t, victim)
				userID, secret := tc.token(t, at(env.browser(), "198.51.100.9"))
				q := spent.Query()
				q.Set("userId", userID)
				q.Set("secret", secret)
				spent.RawQuery = q.Encode()

				to := victim.do("GET", pathAndQuery(spent), "").location(t, http.StatusSeeOther)
				if to.Query().Get("error") != "flow_state_used" {
					t.Errorf("the replayed state sent the victim to %s, want ?error=flow_state_used", to)
				}
				r := victim.do("GET", "/me", "")
				if r.Status != http.StatusOK || !strings.Contains(string(r.Body), "victim@example.com") {
					t.Errorf("the victim after the replay: %d %s", r.Status, r.Body)
				}
				// The session the attacker's token made is not handed over,
				// and not left behind either.
				if n := env.emu.SessionCount(userID); n != 0 {
					t.Errorf("the replayed token left %d sessions of the attacker's account", n)
				}
			})
		}
	}
}

// TestReplacedPendingSessionEnded: a browser holds a sign-in still waiting
// for its second factor (an attacker's, planted; or the user's, given up
// on). A new sign-in in that browser must end it, as it ends a whole
// session. Defence: lookUpReplaced and endLater (replaced.go)
// delete a pending session with its own client, when this instance's
// session index does not know it.
func TestReplacedPendingSessionEnded(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	mfa, _ := env.emu.CreateUser("second@example.com", "correct horse battery", "")
	if err := env.emu.SetMFA(mfa, true); err != nil {
		t.Fatal(err)
	}
	env.emu.CreateUser("plain@example.com", "correct horse battery", "")
	b := env.browser()
	if r := b.do("POST", "/login", `{"email":"second@example.com","password":"correct horse battery"}`); r.Status != 200 || !strings.Contains(string(r.Body), "mfaRequired") {
		t.Fatalf("MFA sign-in: %d %s", r.Status, r.Body)
	}
	if n := env.emu.SessionCount(mfa); n != 1 {
		t.Fatalf("%d sessions of the MFA user, want the pending one", n)
	}
	// As when another instance made it (or a planted cookie): the session
	// index does not know it, so it is looked up with its own client,
	// which a pending session cannot read itself with.
	env.app.shared.Sessions.Forget(b.value)
	if r := b.do("POST", "/login", `{"email":"plain@example.com","password":"correct horse battery"}`); r.Status != 200 {
		t.Fatalf("sign-in over it: %d %s", r.Status, r.Body)
	}
	if n := env.emu.SessionCount(mfa); n != 0 {
		t.Errorf("the replaced pending session lives on (%d sessions)", n)
	}
}

// TestMagicLinkConfirmationNamesAccount: an attacker sends the victim the
// attacker's own magic link. Opened in the victim's browser it must not
// sign in silently (TestCSRFMagicLinkConfirmation) and its confirmation
// page must say whose account it is, masked; a link to no account shows a
// page of the same shape. Defence: accountHint (magicurl.go).
func TestMagicLinkConfirmationNamesAccount(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	link := magicLink(t, at(env.browser(), "198.51.100.3"), "mallory@evil.example")
	page := env.browser().do("GET", pathAndQuery(link), "")
	if page.Status != http.StatusOK || !strings.Contains(string(page.Body), `<strong id="account">m***@evil.example</strong>`) {
		t.Errorf("the confirmation page does not name the account: %d %s", page.Status, page.Body)
	}
	if strings.Contains(string(page.Body), "mallory@") {
		t.Errorf("the page shows the whole address: %s", page.Body)
	}
	q := link.Query()
	q.Set("userId", "nosuchuser0000000000")
	link.RawQuery = q.Encode()
	forged := env.browser().do("GET", pathAndQuery(link), "")
	if mask := pageAccount(t, forged); !maskShape.MatchString(mask) {
		t.Errorf("a link to no account names %q, want a masked address of the same shape", mask)
	}
}

// TestGuestUpgradeTakesOverNothing: an attacker makes a guest account,
// gives it something that would let them back in (a linked OAuth2
// identity, a phone), and plants its session in the victim's browser.
// The victim signs up: upgrading that account in place would hand the
// victim's address and password to an account the attacker can still
// reach. Sign-up must make a new account instead, taking only the guest's
// prefs. Defence: upgradeGuest checks guestHoldsMore.
func TestGuestUpgradeTakesOverNothing(t *testing.T) {
	t.Parallel()
	for _, plant := range []struct {
		name string
		do   guestPlant
	}{
		{"identity", func(_ *testing.T, env *testEnv, _ *appwritetest.Clock, _ *browser, id string) error {
			return env.emu.AddIdentity(id, "github", "attacker@example.com")
		}},
		{"phone", func(_ *testing.T, env *testEnv, _ *appwritetest.Clock, _ *browser, id string) error {
			return env.emu.SetPhone(id, "+15550100999")
		}},
		{"authenticator", func(t *testing.T, _ *testEnv, clock *appwritetest.Clock, guest *browser, _ string) error {
			enrolTOTP(t, guest, clock)
			return nil
		}},
	} {
		for _, mode := range signUpModes {
			t.Run(plant.name+"/"+mode, func(t *testing.T) {
				t.Parallel()
				env, clock := newMFAEnv(t, map[string]string{"SIGNUP_VERIFICATION": mode})
				guestUpgradeTakesOverNothing(t, env, clock, plant.do)
			})
		}
	}
}

// guestPlant plants something on the guest account guestID of guest.
type guestPlant func(t *testing.T, env *testEnv, clock *appwritetest.Clock, guest *browser, guestID string) error

func guestUpgradeTakesOverNothing(t *testing.T, env *testEnv, clock *appwritetest.Clock, plant guestPlant) {
	attacker := at(env.browser(), "198.51.100.4")
	var guest map[string]any
	attacker.do("POST", "/anonymous", "").decode(t, &guest)
	attacker.do("PATCH", "/me", `{"prefs":{"theme":"dark"}}`)
	if err := plant(t, env, clock, attacker, guest["$id"].(string)); err != nil {
		t.Fatal(err)
	}
	victim := env.browser()
	victim.cookies = map[string]*http.Cookie{attacker.name: {Name: attacker.name, Value: attacker.value, Path: "/"}}
	var user map[string]any
	r := victim.completeSignUp(`{"email":"planted@example.com","password":"correct horse battery"}`)
	r.decode(t, &user)
	if r.Status != http.StatusCreated || user["$id"] == guest["$id"] {
		t.Fatalf("sign-up over a planted guest: %d %s, want a new account", r.Status, r.Body)
	}
	if user["prefs"].(map[string]any)["theme"] != "dark" {
		t.Errorf("the guest's prefs did not move: %v", user["prefs"])
	}
	if r := victim.do("GET", "/me", ""); r.Status != http.StatusOK || !strings.Contains(string(r.Body), "planted@example.com") {
		t.Errorf("the victim's session: %d %s", r.Status, r.Body)
	}
	if g, err := adminUsers(env).Get(guest["$id"].(string)); err != nil || g.Email != "" {
		t.Errorf("the attacker's guest account after the sign-up: %+v, %v; want it without the victim's address", g, err)
	}
}

// TestCredentialChangeEndsOtherSessions: someone else holds a session of
// the account (a stolen cookie, a shared computer). The owner changes the
// address or the password: that session must end, this browser's stay.
// Defence: changeEmail and changePassword end the other sessions through
// the Users API.
func TestCredentialChangeEndsOtherSessions(t *testing.T) {
	t.Parallel()
	for _, change := range []struct{ name, path, body string }{
		{"e-mail", "/me/email", `{"email":"moved@example.com","password":"correct horse battery"}`},
		{"password", "/me/password", `{"password":"a brand new one","oldPassword":"correct horse battery"}`},
	} {
		t.Run(change.name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, nil)
			owner := env.browser()
			owner.signUp("changer@example.com", "correct horse battery")
			thief := at(env.browser(), "198.51.100.60")
			if r := thief.do("POST", "/login", `{"email":"changer@example.com","password":"correct horse battery"}`); r.Status != 200 {
				t.Fatalf("the other session: %d %s", r.Status, r.Body)
			}
			if r := owner.do("POST", change.path, change.body); r.Status != http.StatusOK {
				t.Fatalf("POST %s: %d %s", change.path, r.Status, r.Body)
			}
			thief.do("GET", "/me", "").wantError(t, http.StatusUnauthorized, "user_unauthorized")
			if r := owner.do("GET", "/me", ""); r.Status != http.StatusOK {
				t.Errorf("the owner after the change: %d %s", r.Status, r.Body)
			}
		})
	}
}

// TestStolenSessionCannotKeepTheAccount: a thief with only the session
// cookie of an account without a password tries to make the theft
// permanent by moving the account to their own address (Appwrite takes
// any password from such an account and keeps it), and, on an account
// with MFA, by turning MFA off. Both need proof beyond the session: a
// fresh e-mail code of the current address, or the password or a recent
// second factor. Defence: proveByEmailCode in changeEmail,
// proveSecondFactorOwner in setMFA (profile.go).
func TestStolenSessionCannotKeepTheAccount(t *testing.T) {
	t.Parallel()
	t.Run("e-mail change", func(t *testing.T) {
		t.Parallel()
		env := newTestEnv(t, nil)
		stolen, _ := signInByCode(t, env, "owner@example.com") // no password
		stolen.do("POST", "/me/email", `{"email":"thief@example.com","password":"thief's password"}`).
			wantError(t, http.StatusBadRequest, "general_argument_invalid")
		stolen.do("POST", "/me/email", `{"email":"thief@example.com","password":"thief's password","code":"123456"}`).
			wantError(t, http.StatusUnauthorized, "user_invalid_token")
		env.call("POST", "/login", nil, `{"email":"thief@example.com","password":"thief's password"}`).
			wantError(t, http.StatusUnauthorized, "user_invalid_credentials")

		// The owner, with a code of their address, can.
		requestCode(t, env.browser(), "owner@example.com")
		code, _ := env.emu.LastMessage("owner@example.com", appwritetest.MessageEmailOTP)
		if r := stolen.do("POST", "/me/email", `{"email":"new@example.com","password":"owner's new password","code":"`+code.Code+`"}`); r.Status != http.StatusOK {
			t.Fatalf("the e-mail change with a code: %d %s", r.Status, r.Body)
		}
	})
	t.Run("MFA off", func(t *testing.T) {
		t.Parallel()
		env, clock := newMFAEnv(t, nil)
		owner := env.browser()
		owner.signUp("mfa-owner@example.com", "correct horse battery")
		enrolTOTP(t, owner, clock)
		if r := owner.do("PATCH", "/me/mfa", `{"enabled":true,"password":"correct horse battery"}`); r.Status != http.StatusOK {
			t.Fatalf("MFA on: %d %s", r.Status, r.Body)
		}
		stolen := owner // the thief replays the cookie
		stolen.do("PATCH", "/me/mfa", `{"enabled":false}`).wantError(t, http.StatusUnauthorized, "user_challenge_required")
		stolen.do("PATCH", "/me/mfa", `{"enabled":false,"code":"000000"}`).wantError(t, http.StatusUnauthorized, "user_invalid_token")
		var me struct{ MFA bool }
		owner.do("GET", "/me", "").decode(t, &me)
		if !me.MFA {
			t.Error("MFA went off with the session alone")
		}
	})
}

// TestBlockedAccountNotTakenBack: a token sign-in to a blocked account
// with an unverified address is refused, and changes nothing: once the
// account is unblocked its password still works. Defence: exchangeToken
// takes nothing back for a blocked user.
func TestBlockedAccountNotTakenBack(t *testing.T) {
	t.Parallel()
	// An instant sign-up leaves the address unproven.
	env := newTestEnv(t, map[string]string{"SIGNUP_VERIFICATION": "off"})
	id := env.browser().signUp("held@example.com", "correct horse battery")["$id"].(string)
	if err := env.emu.SetBlocked(id, true); err != nil {
		t.Fatal(err)
	}
	b := env.browser()
	to := b.do("GET", pathAndQuery(magicLink(t, b, "held@example.com")), "").location(t, http.StatusSeeOther)
	if to.Query().Get("error") != "user_blocked" {
		t.Errorf("a blocked user's magic link went to %s, want ?error=user_blocked", to)
	}
	if err := env.emu.SetBlocked(id, false); err != nil {
		t.Fatal(err)
	}
	if r := env.call("POST", "/login", nil, `{"email":"held@example.com","password":"correct horse battery"}`); r.Status != http.StatusOK {
		t.Errorf("the password after the blocked sign-in: %d %s", r.Status, r.Body)
	}
}
