package e2e

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// openConsole loads the dev console in the tab and waits for its first
// state.
func (tb *tab) openConsole(d *dev) {
	tb.t.Helper()
	tb.navigate(d.Console)
	tb.waitFor(`document.body.dataset.loaded === "true" && !document.body.dataset.busy`, "the console to load")
}

// clickCSS clicks the first element the CSS selector matches, as a person
// would.
func (tb *tab) clickCSS(selector string) {
	tb.t.Helper()
	tb.do(chromedp.Click(chromedp.CSS(selector), chromedp.NodeVisible))
}

// textOf returns the textContent of the first element the CSS selector
// matches.
func (tb *tab) textOf(selector string) string {
	tb.t.Helper()
	return eval[string](tb, `document.querySelector(`+jsString(selector)+`).textContent`)
}

// count returns how many elements the CSS selector matches.
func (tb *tab) count(selector string) int {
	tb.t.Helper()
	return eval[int](tb, `document.querySelectorAll(`+jsString(selector)+`).length`)
}

// TestConsoleWalkThrough is README's "Try it", step by step in the order
// written, with the console open in a second tab: (1) sign up with a
// password, reading the e-mailed code from the console's inbox, and see
// the user, verified, and its session in the console; (2) sign out, ask
// for a magic link and open it from the console's inbox, landing signed
// in; (3) revoke that session in the console and see the demo signed out;
// (4) sign in with the password of step 1; (5) lock the account out with
// wrong passwords and sign in again once the console reset the counter.
// It saves console.png, the README's picture of the console.
func TestConsoleWalkThrough(t *testing.T) {
	needSuite(t)
	const failures = 3
	d := startDev(t, "RATE_LIMIT_PER_IP_EMAIL="+strconv.Itoa(failures))
	b := newBrowser(t, "demo")
	const email = "ada@example.com"
	user := `#users article[data-email="` + email + `"]`

	// Step 1: sign up with a password; the code is in the console's inbox.
	b.openApp(d)
	con := b.newTab("console")
	con.openConsole(d)
	if !b.startSignUp(d, "Ada Lovelace", email, password) {
		t.Fatal("the demo signed up at once: README's step 1 expects it to ask for the e-mailed code")
	}
	code := `#inbox li[data-kind="email-otp"][data-to="` + email + `"] .code`
	con.waitFor(`document.querySelectorAll(`+jsString(code)+`).length === 1`, "the sign-up code in the console's inbox")
	b.finishSignUp(d, email, con.textOf(code))
	if got := b.text("status"); !strings.Contains(got, email) {
		t.Fatalf("after the sign-up code: #status %q", got)
	}
	_, current := b.sessionIDs(d, 1)
	con.waitFor(`document.querySelectorAll(`+jsString(user+` li[data-session-id="`+current+`"]`)+`).length === 1`,
		"the console to list the demo's session")
	if got := con.count(user + " li[data-session-id]"); got != 1 {
		t.Fatalf("the console lists %d sessions of %s, want 1", got, email)
	}
	if text := eval[string](con, `document.querySelector(`+jsString(user)+`).textContent`); !strings.Contains(text, "Ada Lovelace") ||
		!strings.Contains(text, "verified") || strings.Contains(text, "not verified") {
		t.Errorf("the console's user: %q; want Ada Lovelace, verified by the sign-up's code", text)
	}

	// Step 2: sign out; a magic link, asked for in the demo, opened from
	// the console's inbox.
	b.click("signout-button")
	b.waitState(d, "signed-out")
	b.typeInto("magic-email", email)
	b.click("magic-submit")
	b.waitFor(`!document.getElementById("notice").hidden && !document.body.dataset.busy`, "the magic link's notice")
	link := `#inbox li[data-kind="magic-url"][data-to="` + email + `"] a.link`
	con.waitFor(`document.querySelectorAll(`+jsString(link)+`).length === 1`, "the magic link in the console's inbox")
	if href := eval[string](con, `document.querySelector(`+jsString(link)+`).href`); !strings.HasPrefix(href, d.Function+"/magic-url/callback?") {
		t.Fatalf("the inbox's link: %q", href)
	}
	con.clickCSS(link)
	con.waitState(d, "signed-in")
	if got := con.text("status"); !strings.Contains(got, email) {
		t.Fatalf("after the link from the console's inbox: #status %q", got)
	}
	// The account was proven at sign-up: the link replaced nothing.
	if reset := eval[bool](con, `!document.getElementById("account-reset").hidden`); reset {
		t.Errorf("the magic link of a proven account: the demo says %q", con.text("account-reset"))
	}

	// Step 3: the demo, reloaded, shares that session; the console
	// revokes it, and the demo's next call is signed out.
	b.do(chromedp.Reload())
	b.waitState(d, "signed-in")
	_, current = b.sessionIDs(d, 1)
	con.openConsole(d)
	revoke := user + ` li[data-session-id="` + current + `"] button[data-action="revoke"]`
	con.clickCSS(revoke)
	con.waitFor(`document.querySelectorAll(`+jsString(user+" li[data-session-id]")+`).length === 0 && !document.body.dataset.busy`,
		"the console to show no session left")
	b.click("whoami-button")
	b.waitState(d, "signed-out")

	// Step 4: the password of step 1 still signs in (issue 22: a magic
	// link once replaced it, silently).
	b.signIn(email, password)
	b.waitState(d, "signed-in")
	if e := b.shownError(); !e.Hidden {
		t.Fatalf("signing in with the sign-up's password after the magic link: %+v", e)
	}
	con.waitFor(`document.querySelectorAll(`+jsString(user+" li[data-session-id]")+`).length === 1`,
		"the console to show the password's session")

	// Step 5: a lock-out, the address's failures on the account spent.
	for i := 1; i <= failures; i++ {
		b.signIn(email, "wrong password "+strconv.Itoa(i))
		b.waitError(d, "user_invalid_credentials")
	}
	b.signIn(email, password)
	b.waitError(d, "rate_limit_exceeded")
	if hidden := eval[bool](b.tab, `document.getElementById("dev-hint").hidden`); hidden {
		t.Error("the demo's 429 does not point to the dev console")
	}
	locked := `#counters tr[data-kind="ip+account"][data-label="` + email + ` from 127.0.0.1"][data-locked="true"]`
	con.waitFor(`document.querySelectorAll(`+jsString(locked)+`).length === 1`, "the console to show the locked counter")
	shot := con.screenshot()
	if err := os.WriteFile(filepath.Join(suite.artifacts, "console.png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}
	con.clickCSS(locked + ` button[data-action="reset-counter"]`)
	con.waitFor(`document.querySelectorAll(`+jsString(locked)+`).length === 0 && !document.body.dataset.busy`,
		"the counter to be reset")
	b.signIn(email, password)
	b.waitState(d, "signed-in")
}

// TestDemoOnAPhone checks the demo at 390 px wide (no sideways scroll,
// signed out, as a guest and signed in) and the controls that only apply
// in some states: Sign out, the guest hint, the verification and MFA
// buttons (a guest who signs up by code is verified, and may turn MFA on
// at once). It also checks
// that the emulator's fake provider page looks like the demo.
func TestDemoOnAPhone(t *testing.T) {
	needSuite(t)
	d := startDev(t)
	b := newBrowser(t, "phone")
	b.do(chromedp.EmulateViewport(390, 844))
	noSidewaysScroll := func(when string) {
		t.Helper()
		if w := eval[int](b.tab, `document.documentElement.scrollWidth`); w > 390 {
			t.Errorf("%s: the page is %d px wide in a 390 px window: it scrolls sideways", when, w)
		}
	}
	visible := func(id string) bool {
		t.Helper()
		return eval[bool](b.tab, `(e => !e.hidden && e.offsetParent !== null)(document.getElementById(`+jsString(id)+`))`)
	}
	disabled := func(id string) bool {
		t.Helper()
		return eval[bool](b.tab, `document.getElementById(`+jsString(id)+`).disabled`)
	}

	b.openApp(d)
	noSidewaysScroll("signed out")
	if visible("signout-button") || visible("guest-hint") || !disabled("verify-email-button") || !disabled("mfa-toggle") {
		t.Errorf("signed out: Sign out %v, guest hint %v, verification disabled %v, MFA disabled %v; want none shown and both disabled",
			visible("signout-button"), visible("guest-hint"), disabled("verify-email-button"), disabled("mfa-toggle"))
	}

	b.click("guest-button")
	b.waitState(d, "signed-in")
	b.sessionIDs(d, 1)
	noSidewaysScroll("a guest")
	if !visible("signout-button") || !visible("guest-hint") || !disabled("verify-email-button") || !disabled("mfa-toggle") {
		t.Errorf("a guest: Sign out %v, guest hint %v, verification disabled %v, MFA disabled %v",
			visible("signout-button"), visible("guest-hint"), disabled("verify-email-button"), disabled("mfa-toggle"))
	}

	const email = "phone@example.com"
	b.signUp(d, "Phone", email, password)
	noSidewaysScroll("signed in")
	// The sign-up's code verified the address: nothing to verify, and MFA
	// can be turned on at once. (TestVerificationLink signs up with
	// SIGNUP_VERIFICATION=off, unverified, and verifies by link.)
	if visible("guest-hint") || !disabled("verify-email-button") || disabled("mfa-toggle") || visible("mfa-hint") {
		t.Errorf("signed up by code: guest hint %v, verification disabled %v, MFA disabled %v, MFA hint %v; "+
			"want the address verified and MFA possible",
			visible("guest-hint"), disabled("verify-email-button"), disabled("mfa-toggle"), visible("mfa-hint"))
	}
	b.click("mfa-toggle")
	b.waitFor(`document.getElementById("mfa-state").textContent === "on" && !document.body.dataset.busy`, "MFA on")
	noSidewaysScroll("verified, MFA on")
	b.saveScreenshot("demo-phone")

	// The console fits a phone too.
	b.openConsole(d)
	noSidewaysScroll("the console")
	b.saveScreenshot("console-phone")

	// The fake provider's page has the demo's type and colours.
	b.openApp(d)
	demoStyle := eval[string](b.tab, `(s => s.fontFamily + "|" + s.backgroundColor)(getComputedStyle(document.documentElement))`)
	b.click("signout-button")
	b.waitState(d, "signed-out")
	b.click("oauth-github")
	b.waitFor(`location.pathname === "/__emulator/oauth2/github/authorize" && document.readyState === "complete"`, "the provider page")
	providerStyle := eval[string](b.tab, `(s => s.fontFamily + "|" + s.backgroundColor)(getComputedStyle(document.documentElement))`)
	if providerStyle != demoStyle {
		t.Errorf("the provider page's type and background %q, the demo's %q", providerStyle, demoStyle)
	}
	noSidewaysScroll("the provider page")
}
