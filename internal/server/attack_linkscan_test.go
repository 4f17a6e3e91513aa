package server

// Links that act on a GET: a verification link that verified its address
// as soon as anything opened it, whoever had asked for it.

import (
	"net/http"
	"testing"
)

// preHijackVerification signs an attacker up, from their own address,
// with the victim's e-mail address and asks for a verification e-mail,
// which goes to the victim. The sign-up needs SIGNUP_VERIFICATION=off (or
// an account made before it, or at Appwrite directly): a verified
// sign-up proves the address first. It returns the attacker's browser and the
// link.
func preHijackVerification(t *testing.T, env *testEnv, victimEmail string) (*browser, string) {
	t.Helper()
	attacker := at(env.browser(), "203.0.113.80")
	attacker.signUp(victimEmail, "attacker password 1")
	return attacker, pathAndQuery(verificationLink(t, attacker, victimEmail))
}

// TestScannedVerificationLinkVerifiesNothing: the attacker signs up with
// the victim's address and has a verification e-mail sent to it. A
// link-scanning mail gateway, on the victim's side at another address,
// opens every link in the mail (GET and HEAD); the victim then opens it
// too, in their own browser. A link that verified on GET would mark the
// attacker's account verified, so that the owner's later sign-ins take
// nothing back. Nothing changes until someone presses the page's button,
// which only the function's own page may post; the page names the
// account, and warns. Defence: finishVerification shows the confirmation
// page to every browser but the one that asked (its flow cookie), and
// confirmVerification takes the form from the function's page only.
func TestScannedVerificationLinkVerifiesNothing(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, map[string]string{"SIGNUP_VERIFICATION": "off"})
	attacker, link := preHijackVerification(t, env, "scanned@example.com")

	scanner := at(env.browser(), "198.51.100.81")
	for _, method := range []string{"GET", "HEAD", "GET"} {
		r := scanner.do(method, link, "")
		if r.Status != http.StatusOK || r.Headers["set-cookie"] != "" {
			t.Errorf("the scanner's %s: %d, set-cookie %q; want the page and nothing set", method, r.Status, r.Headers["set-cookie"])
		}
	}
	if emailVerified(t, attacker) {
		t.Fatal("the scanner's visits verified the attacker's account")
	}

	victim := at(env.browser(), "198.51.100.82")
	page := victim.do("GET", link, "")
	if account := pageAccount(t, page); account != "s***@example.com" {
		t.Errorf("the page names %q, want the account's masked address", account)
	}
	form := formValues(t, string(page.Body)).Encode()
	for name, h := range map[string]map[string]string{
		"the attacker's page": {"origin": "https://evil.example", "sec-fetch-site": "cross-site"},
		"the app":             {"origin": appOrigin, "sec-fetch-site": "same-site"},
		"no origin":           {"origin": "", "sec-fetch-site": "same-site"},
	} {
		h["content-type"] = "application/x-www-form-urlencoded"
		r := victim.doWith("POST", "/verification/confirm", h, form)
		if emailVerified(t, attacker) {
			t.Fatalf("the form posted from %s verified the attacker's account", name)
		}
		wantErr(t, r, http.StatusForbidden, "request_origin_rejected", "the form posted from "+name)
	}
	if emailVerified(t, attacker) {
		t.Fatal("opening the link verified the attacker's account")
	}
}

// TestVerificationLinkWithTossedState: the attacker of the test above also
// controls a sibling subdomain. Having asked for the verification e-mail
// from their own browser, they toss that browser's flow state into the
// victim's browser, where the victim opens the link: the link would take
// the victim's browser for the one that asked and verify at once. With
// Secure cookies the __Host- name refuses the toss; without, the victim's
// own flow cookie beside the tossed one makes two values, refused.
// Defences: __Host- flow cookies, readBrowserState.
func TestVerificationLinkWithTossedState(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		vars map[string]string
	}{
		{"Secure", map[string]string{"SIGNUP_VERIFICATION": "off"}},
		{"not Secure", map[string]string{"SIGNUP_VERIFICATION": "off", "SESSION_COOKIE_SECURE": "false"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, tc.vars)
			attacker, link := preHijackVerification(t, env, "tossed@example.com")
			state := flowCookieIn(t, attacker)

			victim := at(env.browser(), "198.51.100.83")
			victim.signUp("tossed-victim@example.com", "correct horse battery")
			verificationLink(t, victim, "tossed-victim@example.com") // the victim's own flow cookie
			toss(victim, &http.Cookie{Name: state.Name, Value: state.Value, Path: state.Path, Secure: state.Secure})
			r := victim.do("GET", link, "")
			if emailVerified(t, attacker) {
				t.Fatalf("the link in the victim's browser verified the attacker's account at once (%d)", r.Status)
			}
			if r.Status != http.StatusOK && r.location(t, http.StatusSeeOther).Query().Get("error") != "flow_state_mismatch" {
				t.Errorf("the link: %d %s, want the page or flow_state_mismatch", r.Status, r.Headers["location"])
			}
		})
	}
}
