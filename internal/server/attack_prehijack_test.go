package server

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"openruntimes/handler/appwritetest"
)

// ---------------------------------------------------------------------------
// Pre-hijacked accounts: an account made with someone else's address,
// before its owner proved it.

// addressProof is a way the owner proves their address: it signs b in
// (or, for a recovery, sets a password) as email and reports whether the
// answer said the account was reset.
type addressProof struct {
	name string
	run  func(t *testing.T, b *browser, email string) (reset bool)
	// signsIn: the proof leaves b signed in (a recovery does not).
	signsIn bool
}

var addressProofs = []addressProof{
	{"magic link", func(t *testing.T, b *browser, email string) bool {
		to := b.do("GET", pathAndQuery(magicLink(t, b, email)), "").location(t, http.StatusSeeOther)
		return to.Query().Get("accountReset") == "true"
	}, true},
	{"e-mail code", func(t *testing.T, b *browser, email string) bool {
		r := emailCodeSignIn(t, b, email)
		if r.Status != http.StatusOK {
			t.Fatalf("code sign-in: %d %s", r.Status, r.Body)
		}
		return strings.Contains(string(r.Body), `"accountReset":true`)
	}, true},
	{"OAuth2", func(t *testing.T, b *browser, email string) bool {
		to := b.do("GET", pathAndQuery(oauth2Callback(t, b, email)), "").location(t, http.StatusSeeOther)
		return to.Query().Get("accountReset") == "true"
	}, true},
	{"sign-up code", func(t *testing.T, b *browser, email string) bool {
		r := b.completeSignUp(`{"email":"` + email + `","password":"the owner's password"}`)
		if r.Status != http.StatusCreated {
			t.Fatalf("sign-up: %d %s", r.Status, r.Body)
		}
		return strings.Contains(string(r.Body), `"accountReset":true`)
	}, true},
	{"recovery", func(t *testing.T, b *browser, email string) bool {
		if r := b.do("POST", "/recovery", `{"email":"`+email+`","redirect":"`+appOrigin+`/reset"}`); r.Status != http.StatusAccepted {
			t.Fatalf("POST /recovery: %d %s", r.Status, r.Body)
		}
		m, ok := b.env.emu.LastMessage(email, appwritetest.MessageRecovery)
		if !ok {
			t.Fatal("no recovery e-mail")
		}
		body, _ := json.Marshal(map[string]string{"userId": m.UserID, "secret": m.Secret, "password": "the owner's password"})
		r := b.do("POST", "/recovery/confirm", string(body))
		if r.Status != http.StatusOK {
			t.Fatalf("POST /recovery/confirm: %d %s", r.Status, r.Body)
		}
		return strings.Contains(string(r.Body), `"accountReset":true`)
	}, false},
}

// plantAccount makes the attacker's account for email the way mode
// allows: with SIGNUP_VERIFICATION=off by signing up through the
// function; with code, where the function makes no account without proof,
// at Appwrite directly (its public Account API, while the project's
// client auth methods are on) and then signing in with the password. The
// attacker's browser is signed in to it.
func plantAccount(t *testing.T, env *testEnv, attacker *browser, mode, email, password string) string {
	t.Helper()
	if mode == "off" {
		return attacker.signUp(email, password)["$id"].(string)
	}
	id, err := env.emu.CreateUser(email, password, "")
	if err != nil {
		t.Fatal(err)
	}
	if r := attacker.do("POST", "/login", `{"email":"`+email+`","password":"`+password+`"}`); r.Status != http.StatusOK {
		t.Fatalf("the attacker's sign-in: %d %s", r.Status, r.Body)
	}
	return id
}

// TestPreHijackedAccount: an attacker makes an account with the victim's
// address and a password of their own, keeps the session, and plants more
// ways back in: their own GitHub identity, a phone, an authenticator app
// with MFA on, a name and prefs, and tokens the owner cannot see: an
// unfinished "Continue with GitHub" (its userId and secret kept before the
// function's callback) and a one-time token as a phone code would be.
// Later the victim proves the address: by magic link, e-mail code,
// "Continue with GitHub", a sign-up code or a password recovery. From that
// moment none of the attacker's ways in may work, and the account must be
// the victim's alone, in both SIGNUP_VERIFICATION modes. Defence:
// exchangeToken reads the account before the proof and retire replaces
// it (takeover.go); confirmRecovery does the same.
func TestPreHijackedAccount(t *testing.T) {
	t.Parallel()
	for _, mode := range signUpModes {
		for _, proof := range addressProofs {
			if mode == "off" && proof.name == "sign-up code" {
				continue // sign-up is instant then, and 409 for a taken address
			}
			t.Run(mode+"/"+proof.name, func(t *testing.T) {
				t.Parallel()
				preHijackedAccount(t, mode, proof)
			})
		}
	}
}

func preHijackedAccount(t *testing.T, mode string, proof addressProof) {
	env, clock := newMFAEnv(t, map[string]string{"SIGNUP_VERIFICATION": mode})
	const victimEmail = "victim@example.com"
	attacker := at(env.browser(), "198.51.100.7")
	planted := plantAccount(t, env, attacker, mode, victimEmail, "attacker's password")
	if err := env.emu.AddIdentity(planted, "github", "attacker@example.com"); err != nil {
		t.Fatal(err)
	}
	if err := env.emu.SetPhone(planted, "+14155550199"); err != nil {
		t.Fatal(err)
	}
	if r := attacker.do("PATCH", "/me", `{"name":"Mallory","prefs":{"plan":"attacker's"}}`); r.Status != http.StatusOK {
		t.Fatalf("the attacker's name and prefs: %d %s", r.Status, r.Body)
	}
	// Stockpiled tokens: an OAuth2 sign-in stopped before the callback,
	// and a one-time token issued for the account.
	stopped := oauth2Callback(t, at(env.browser(), "198.51.100.8"), "attacker@example.com")
	if stopped.Query().Get("userId") != planted {
		t.Fatalf("the stopped OAuth2 sign-in is for %s, want the planted account", stopped.Query().Get("userId"))
	}
	phoneToken, err := adminUsers(env).CreateToken(planted)
	if err != nil {
		t.Fatal(err)
	}
	enrolTOTP(t, attacker, clock)
	if r := attacker.do("PATCH", "/me/mfa", `{"enabled":true,"password":"attacker's password"}`); r.Status != http.StatusOK {
		t.Fatalf("the attacker turns MFA on: %d %s", r.Status, r.Body)
	}

	victim := at(env.browser(), "203.0.113.20")
	if reset := proof.run(t, victim, victimEmail); !reset {
		t.Error("the answer did not say the account was reset")
	}
	if _, err := adminUsers(env).Get(planted); err == nil || !strings.Contains(err.Error(), "not be found") {
		t.Errorf("the planted account is still there: %v", err)
	}
	var owners []appwritetest.UserInfo
	for _, u := range env.emu.Users() {
		if u.Email == victimEmail {
			owners = append(owners, u)
		}
	}
	if len(owners) != 1 || owners[0].ID == planted || !owners[0].EmailVerification || owners[0].MFA || owners[0].Name != "" {
		t.Fatalf("the address's accounts after the proof: %+v, want one new, verified one without MFA or name", owners)
	}
	owner := owners[0].ID
	if proof.signsIn {
		r := victim.do("GET", "/me", "")
		var me struct {
			ID    string         `json:"$id"`
			Phone string         `json:"phone"`
			Prefs map[string]any `json:"prefs"`
		}
		r.decode(t, &me)
		if r.Status != http.StatusOK || me.ID != owner || me.Phone != "" || len(me.Prefs) != 0 {
			t.Errorf("the victim's account: %d %s", r.Status, r.Body)
		}
		if ids := victim.do("GET", "/me/identities", ""); strings.Contains(string(ids.Body), "attacker@example.com") {
			t.Errorf("the attacker's GitHub identity is linked: %s", ids.Body)
		}
	}

	// None of the attacker's ways back in works.
	attacker.do("GET", "/me", "").wantError(t, http.StatusUnauthorized, "user_unauthorized")
	env.call("POST", "/login", map[string]string{"x-appwrite-client-ip": "198.51.100.9"},
		`{"email":"`+victimEmail+`","password":"attacker's password"}`).
		wantError(t, http.StatusUnauthorized, "user_invalid_credentials")
	for what, token := range map[string][2]string{
		"the stopped OAuth2 sign-in": {stopped.Query().Get("userId"), stopped.Query().Get("secret")},
		"the one-time token":         {planted, phoneToken.Secret},
	} {
		r := env.call("POST", "/otp/verify", map[string]string{"x-appwrite-client-ip": "198.51.100.10"},
			fmt.Sprintf(`{"userId":%q,"code":%q}`, token[0], token[1]))
		if r.Status == http.StatusOK {
			t.Errorf("%s, kept from before the proof, signs in: %s", what, r.Body)
		}
	}
	if n := env.emu.SessionCount(owner); proof.signsIn && n != 1 {
		t.Errorf("%d sessions of the owner's account, want only the victim's", n)
	}
	// Back in through the attacker's own GitHub account: an account of
	// theirs, not the victim's.
	again := at(env.browser(), "198.51.100.11")
	again.do("GET", pathAndQuery(oauth2Callback(t, again, "attacker@example.com")), "").location(t, http.StatusSeeOther)
	var theirs map[string]any
	again.do("GET", "/me", "").decode(t, &theirs)
	if theirs["$id"] == owner || theirs["email"] == victimEmail {
		t.Errorf("the attacker's GitHub identity signs in to the victim's account: %v", theirs)
	}
}

// TestRetiredOnce: once a proof has retired an account, the address is
// verified, so the owner's next sign-in by a provider (which verifies
// nothing itself) leaves their other sessions alone, and the account
// keeps its ID. Defence: retire marks the new account verified.
func TestRetiredOnce(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, map[string]string{"SIGNUP_VERIFICATION": "off"})
	env.browser().signUp("owner@example.com", "unverified password")
	laptop := env.browser()
	laptop.do("GET", pathAndQuery(oauth2Callback(t, laptop, "owner@example.com")), "").location(t, http.StatusSeeOther)
	var first map[string]any
	laptop.do("GET", "/me", "").decode(t, &first)
	phone := env.browser()
	to := phone.do("GET", pathAndQuery(oauth2Callback(t, phone, "owner@example.com")), "").location(t, http.StatusSeeOther)
	if to.Query().Get("accountReset") != "" {
		t.Errorf("the second sign-in reset the account again: %s", to)
	}
	var me map[string]any
	if r := laptop.do("GET", "/me", ""); r.Status != http.StatusOK {
		t.Errorf("the laptop's session after the phone's sign-in: %d %s", r.Status, r.Body)
	} else if r.decode(t, &me); me["$id"] != first["$id"] {
		t.Errorf("the account changed ID again: %v then %v", first["$id"], me["$id"])
	}
}

// TestProvenAccountNotRetired is TestPreHijackedAccount's control: an
// account whose address was proven keeps its ID, its password and its
// other sessions when its owner proves the address again, and a new
// account made by a code for a new address holds nothing to retire.
func TestProvenAccountNotRetired(t *testing.T) {
	t.Parallel()
	for _, mode := range signUpModes {
		for _, proof := range addressProofs {
			if !proof.signsIn || proof.name == "sign-up code" {
				continue // a recovery and a sign-up set the password
			}
			t.Run(mode+"/"+proof.name, func(t *testing.T) {
				t.Parallel()
				env := newTestEnv(t, map[string]string{"SIGNUP_VERIFICATION": mode})
				laptop := env.browser()
				id := laptop.signUp("owner@example.com", "owner's password")["$id"].(string)
				if err := env.emu.SetEmailVerified(id, true); err != nil {
					t.Fatal(err)
				}
				if reset := proof.run(t, env.browser(), "owner@example.com"); reset {
					t.Error("a proven account was reset")
				}
				if r := laptop.do("GET", "/me", ""); r.Status != http.StatusOK || !strings.Contains(string(r.Body), id) {
					t.Errorf("the owner's other session: %d %s", r.Status, r.Body)
				}
				if r := env.call("POST", "/login", nil, `{"email":"owner@example.com","password":"owner's password"}`); r.Status != http.StatusOK {
					t.Errorf("the owner's password: %d %s", r.Status, r.Body)
				}
			})
		}
	}
	t.Run("new address", func(t *testing.T) {
		t.Parallel()
		env := newTestEnv(t, nil)
		b := env.browser()
		userID := requestCode(t, b, "fresh@example.com")
		r := emailCodeSignIn(t, b, "fresh@example.com")
		if r.Status != http.StatusOK || strings.Contains(string(r.Body), "accountReset") || !strings.Contains(string(r.Body), userID) {
			t.Errorf("the first code sign-in of a new address: %d %s, want the account the code was for", r.Status, r.Body)
		}
	})
}

// TestRetireRetriedAfterFailure: when Appwrite fails part of the way
// through retiring an account, the sign-in fails, no session is handed
// over, and the owner's next sign-in makes their account. Defence:
// retire deletes the planted account first, so that what is left after a
// failure is at worst no account for the address.
func TestRetireRetriedAfterFailure(t *testing.T) {
	t.Parallel()
	env, up := newAttackEnv(t, map[string]string{"SIGNUP_VERIFICATION": "off"})
	attacker := env.browser()
	attacker.signUp("victim@example.com", "attacker's password")
	failCreate := func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/users" {
			return false
		}
		w.Header().Set("content-type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		io.WriteString(w, `{"message":"Server Error","code":500,"type":"general_unknown","version":"1.9.0"}`)
		return true
	}
	victim := env.browser()
	link := magicLink(t, victim, "victim@example.com")
	up.answer.Store(&failCreate)
	r := victim.do("GET", pathAndQuery(link), "")
	up.answer.Store(nil)
	if loc := r.location(t, http.StatusSeeOther); loc.Query().Get("error") == "" {
		t.Fatalf("the sign-in went on through a failed retirement: %s", loc)
	}
	if c := r.cookie(t); c != nil && c.Value != "" {
		t.Errorf("a failed retirement handed over a session: %q", r.Headers["set-cookie"])
	}
	attacker.do("GET", "/me", "").wantError(t, http.StatusUnauthorized, "user_unauthorized")

	// The next sign-in makes the owner's account.
	again := env.browser()
	again.do("GET", pathAndQuery(magicLink(t, again, "victim@example.com")), "").location(t, http.StatusSeeOther)
	if r := again.do("GET", "/me", ""); r.Status != http.StatusOK || !strings.Contains(string(r.Body), "victim@example.com") {
		t.Errorf("the owner's next sign-in: %d %s", r.Status, r.Body)
	}
}

// TestVerificationByOwnerRetires: the attacker's account of the victim's
// address has its verification e-mail sent to the victim, who opens the
// link in their own browser and presses the page's button, despite its
// warning. Verifying the address of the attacker's account would let the
// attacker keep it, verified, forever. Defence: confirmVerification, the
// button of another browser, retires an account holding anything nobody
// had proven (verification.go); in the browser that asked, the link
// verifies without retiring (TestVerification).
func TestVerificationByOwnerRetires(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, map[string]string{"SIGNUP_VERIFICATION": "off"})
	attacker, link := preHijackVerification(t, env, "pressed@example.com")
	victim := at(env.browser(), "198.51.100.90")
	page := victim.do("GET", link, "")
	form := formValues(t, string(page.Body)).Encode()
	r := victim.doWith("POST", "/verification/confirm",
		map[string]string{"content-type": "application/x-www-form-urlencoded", "origin": functionOrigin, "sec-fetch-site": "same-origin"}, form)
	to := r.location(t, http.StatusSeeOther)
	if to.Query().Get("verified") != "true" || to.Query().Get("accountReset") != "true" {
		t.Errorf("the button sent the browser to %s, want verified=true and accountReset=true", to)
	}
	attacker.do("GET", "/me", "").wantError(t, http.StatusUnauthorized, "user_unauthorized")
	env.call("POST", "/login", nil, `{"email":"pressed@example.com","password":"attacker password 1"}`).
		wantError(t, http.StatusUnauthorized, "user_invalid_credentials")
	users := env.emu.Users()
	if len(users) != 1 || !users[0].EmailVerification || users[0].Email != "pressed@example.com" {
		t.Errorf("accounts after the verification: %+v, want one new, verified account", users)
	}
}
