package e2e

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestOAuth2ThroughFakeProvider is scenario 3: OAuth2 through the
// emulator's fake provider ends signed in on the app; the callback URL,
// replayed in a fresh browser context, signs that context in neither before
// the rightful browser used it (login CSRF: the token is still good) nor
// after.
func TestOAuth2ThroughFakeProvider(t *testing.T) {
	needSuite(t)
	d := startDev(t)
	name := d.SessionCookie()
	flowCookie := "__Host-" + name + "_oauth2"
	callback := d.Function + "/oauth2/callback"
	const email = "linus@example.com"

	a := newBrowser(t, "browser A")
	a.openApp(d)
	// Stop the callback in A before it reaches the function, so that its
	// one-time token is still unspent when another browser tries it.
	a.holdRequests(callback + "*")
	a.click("oauth-github")
	a.waitFor(`location.pathname === "/__emulator/oauth2/github/authorize" && document.readyState === "complete"`,
		"the fake provider's page")
	start := a.waitHop("GET", d.Function+"/oauth2/github", nil)
	if start.Status != 302 || !strings.HasPrefix(header(start.ResponseHeaders, "set-cookie"), flowCookie+"=") ||
		len(start.BlockedSetCookies) != 0 {
		t.Fatalf("GET /oauth2/github: %s; Set-Cookie %q blocked %v; want 302 and the flow cookie stored",
			start, header(start.ResponseHeaders, "set-cookie"), blockedReasons(start))
	}
	a.do(
		chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), email, chromedp.NodeVisible),
		chromedp.SendKeys(chromedp.CSS(`input[name="name"]`), "Linus", chromedp.NodeVisible),
		chromedp.Click(chromedp.CSS(`button[type="submit"]`), chromedp.NodeVisible), // "Sign in", the first form
	)
	held := a.waitPaused(0)
	callbackURL := held.Request.URL
	if u, err := url.Parse(callbackURL); err != nil || !strings.HasPrefix(callbackURL, callback+"?") ||
		u.Query().Get("secret") == "" || u.Query().Get("userId") == "" || u.Query().Get("flow") == "" {
		t.Fatalf("held callback %q: want %s?flow=…&secret=…&userId=…", callbackURL, callback)
	}

	// Browser B opens the live callback URL: not signed in.
	b := newBrowser(t, "browser B")
	b.navigate(callbackURL)
	b.waitSettled(d)
	replay := b.waitHop("GET", callback, nil)
	if replay.Status != 303 || replay.sent(flowCookie) != nil ||
		!strings.Contains(header(replay.ResponseHeaders, "location"), "error=flow_state_mismatch") ||
		header(replay.ResponseHeaders, "set-cookie") != "" {
		t.Fatalf("replayed callback in B: %s, location %q, set-cookie %q; want 303 to the app with error=flow_state_mismatch and no cookie",
			replay, header(replay.ResponseHeaders, "location"), header(replay.ResponseHeaders, "set-cookie"))
	}
	if e := b.shownError(); e.Hidden || e.Type != "flow_state_mismatch" {
		t.Errorf("B shows %+v; want the flow_state_mismatch error", e)
	}
	if s := b.state(); s != "signed-out" || findCookie(b.jar(), name) != nil {
		t.Fatalf("B after the replay: #status %q, jar %v; want signed out with no session cookie", s, cookieNames(b.jar()))
	}

	// A goes on: the same URL, with A's flow cookie, signs A in.
	a.release(held)
	a.waitState(d, "signed-in")
	if got := a.text("status"); !strings.Contains(got, email) {
		t.Errorf("A's #status = %q, want %s", got, email)
	}
	cb := a.waitHop("GET", callback, nil)
	if cb.URL != callbackURL || cb.Status != 303 || cb.sent(flowCookie) == nil ||
		!strings.HasPrefix(header(cb.ResponseHeaders, "set-cookie"), name+"=") || len(cb.BlockedSetCookies) != 0 {
		t.Fatalf("A's callback: %s, set-cookie %q, blocked %v; want the held URL, 303, the flow cookie sent and the session cookie stored",
			cb, header(cb.ResponseHeaders, "set-cookie"), blockedReasons(cb))
	}
	if c := findCookie(a.cookiesFor(d.Function+"/me"), name); c == nil || !c.HTTPOnly || !c.Secure {
		t.Fatalf("A's jar after OAuth2: %v", cookieNames(a.jar()))
	}

	// Replayed again now that it is spent, in a third browser: still no.
	c := newBrowser(t, "browser C")
	c.navigate(callbackURL)
	c.waitSettled(d)
	if s := c.state(); s != "signed-out" || findCookie(c.jar(), name) != nil {
		t.Fatalf("C after replaying the used callback: #status %q, jar %v", s, cookieNames(c.jar()))
	}
}

// TestMagicLink is scenario 4: a magic link from the outbox opened in the
// browser that asked for it signs in at once; opened in a fresh browser it
// shows the confirmation page and signs in only when #confirm is clicked.
func TestMagicLink(t *testing.T) {
	needSuite(t)
	d := startDev(t)
	name := d.SessionCookie()
	flowCookie := "__Host-" + name + "_magic"
	callback := d.Function + "/magic-url/callback"
	const email = "katherine@example.com"

	a := newBrowser(t, "browser A")
	a.openApp(d)
	requestLink := func() {
		t.Helper()
		a.typeInto("magic-email", email)
		a.click("magic-submit")
		a.waitFor(`!document.getElementById("notice").hidden && !document.body.dataset.busy`, "the link-sent notice")
	}
	requestLink()
	start := a.waitHop("POST", d.Function+"/magic-url", nil)
	if start.Status != 202 || !strings.HasPrefix(header(start.ResponseHeaders, "set-cookie"), flowCookie+"=") ||
		len(start.BlockedSetCookies) != 0 {
		t.Fatalf("POST /magic-url: %s, set-cookie %q, blocked %v; want 202 and the flow cookie stored",
			start, header(start.ResponseHeaders, "set-cookie"), blockedReasons(start))
	}
	m := d.waitMessage(t, email, "magic-url", 0)
	if !strings.HasPrefix(m.Link, callback+"?") {
		t.Fatalf("magic link %q: want %s?…", m.Link, callback)
	}

	// The same browser: signed in at once.
	a.navigate(m.Link)
	a.waitState(d, "signed-in")
	if got := a.text("status"); !strings.Contains(got, email) {
		t.Errorf("A's #status = %q, want %s", got, email)
	}
	cb := a.waitHop("GET", callback, nil)
	if cb.Status != 303 || cb.sent(flowCookie) == nil || !strings.HasPrefix(header(cb.ResponseHeaders, "set-cookie"), name+"=") {
		t.Fatalf("A's magic link: %s; want 303 with the flow cookie sent and the session cookie set", cb)
	}

	// A second link, opened in another browser (the e-mail read on a
	// phone, or an attacker's own link sent to a victim).
	requestLink()
	m2 := d.waitMessage(t, email, "magic-url", 1)
	b := newBrowser(t, "browser B")
	b.navigate(m2.Link)
	b.waitFor(`document.getElementById("confirm") !== null && document.readyState === "complete"`, "the confirmation page")
	if loc := b.location(); !strings.HasPrefix(loc, callback+"?") {
		t.Fatalf("B is on %s, want the confirmation page at %s", loc, callback)
	}
	page := b.waitHop("GET", callback, nil)
	if page.Status != 200 || page.sent(flowCookie) != nil || header(page.ResponseHeaders, "set-cookie") != "" {
		t.Fatalf("B's magic link: %s, set-cookie %q; want 200, the confirmation page and no cookie",
			page, header(page.ResponseHeaders, "set-cookie"))
	}
	if findCookie(b.jar(), name) != nil {
		t.Fatalf("B holds a session cookie before confirming: %v", cookieNames(b.jar()))
	}
	// The app, in another tab of B, says signed out until B confirms.
	app := b.newTab("browser B, app tab")
	app.openApp(d)
	if s := app.state(); s != "signed-out" {
		t.Fatalf("B's app before confirming: %q", s)
	}

	b.click("confirm")
	b.waitState(d, "signed-in")
	if got := b.text("status"); !strings.Contains(got, email) {
		t.Errorf("B's #status = %q after confirming, want %s", got, email)
	}
	confirm := b.waitHop("POST", d.Function+"/magic-url/confirm", nil)
	if confirm.Status != 303 || header(confirm.RequestHeaders, "origin") != d.Function ||
		!strings.HasPrefix(header(confirm.ResponseHeaders, "set-cookie"), name+"=") || len(confirm.BlockedSetCookies) != 0 {
		t.Fatalf("B's confirmation: %s, origin %q; want 303 from the function's own page, the session cookie stored",
			confirm, header(confirm.RequestHeaders, "origin"))
	}
	app.do(chromedp.Reload())
	app.waitState(d, "signed-in")
}

// TestVerificationLink: the verification link, opened in a fresh browser
// (the e-mail read on a phone, or a mail gateway opening every link),
// shows the confirmation page and verifies nothing until #confirm is
// clicked; the click posts from the function's own origin and proves the
// address. The account was made by an instant sign-up
// (SIGNUP_VERIFICATION=off), so nobody had proven it: the proof retires
// it. B lands on the app with verified=true&accountReset=true and the demo
// says "your account was reset", A's session is gone, and the owner signs
// in by e-mail code and sets a password of their own, which A's does not
// replace. (The same browser verifying at once is TestDemoOnAPhone's.)
func TestVerificationLink(t *testing.T) {
	needSuite(t)
	// Verified sign-up proves the address; an instant one leaves it to
	// the verification link.
	d := startDev(t, "SIGNUP_VERIFICATION=off")
	flowCookie := "__Host-" + d.SessionCookie() + "_verify"
	callback := d.Function + "/verification/callback"
	const email = "grace@example.com"
	verified := func(tb *tab) bool {
		t.Helper()
		tb.do(chromedp.Reload())
		tb.waitState(d, "signed-in")
		return eval[bool](tb, `document.getElementById("verify-email-button").disabled`)
	}

	a := newBrowser(t, "browser A")
	a.openApp(d)
	a.signUp(d, "Grace Hopper", email, password)
	a.click("verify-email-button")
	a.waitFor(`!document.getElementById("notice").hidden && !document.body.dataset.busy`, "the verification notice")
	start := a.waitHop("POST", d.Function+"/verification", nil)
	if start.Status != 202 || !strings.HasPrefix(header(start.ResponseHeaders, "set-cookie"), flowCookie+"=") || len(start.BlockedSetCookies) != 0 {
		t.Fatalf("POST /verification: %s, set-cookie %q, blocked %v; want 202 and the flow cookie stored",
			start, header(start.ResponseHeaders, "set-cookie"), blockedReasons(start))
	}
	m := d.waitMessage(t, email, "verification", 0)
	if !strings.HasPrefix(m.Link, callback+"?") {
		t.Fatalf("verification link %q: want %s?…", m.Link, callback)
	}

	b := newBrowser(t, "browser B")
	b.navigate(m.Link)
	b.waitFor(`document.getElementById("confirm") !== null && document.readyState === "complete"`, "the confirmation page")
	if page := b.waitHop("GET", callback, nil); page.Status != 200 || page.sent(flowCookie) != nil || header(page.ResponseHeaders, "set-cookie") != "" {
		t.Fatalf("B's verification link: %s; want 200, the confirmation page, no cookie sent or set", page)
	}
	if got := b.text("account"); got != "g***@example.com" {
		t.Errorf("the page names %q, want g***@example.com", got)
	}
	if verified(a.tab) {
		t.Fatal("opening the link in B verified the address")
	}

	b.click("confirm")
	confirm := b.waitHop("POST", d.Function+"/verification/confirm", nil)
	if confirm.Status != 303 || header(confirm.RequestHeaders, "origin") != d.Function {
		t.Fatalf("B's confirmation: %s, origin %q; want 303 from the function's own page", confirm, header(confirm.RequestHeaders, "origin"))
	}
	if to := header(confirm.ResponseHeaders, "location"); !strings.Contains(to, "verified=true") || !strings.Contains(to, "accountReset=true") {
		t.Fatalf("B's confirmation goes to %q; want the app with verified=true and accountReset=true", to)
	}
	b.waitSettled(d)
	b.waitAccountReset("set-password", "sign in")
	if s := b.state(); s != "signed-out" {
		t.Errorf("B after the confirmation: #status %q, want signed-out", s)
	}
	// The account A made is gone, with its session.
	a.do(chromedp.Reload())
	a.waitState(d, "signed-out")

	// The owner signs in by code to the new account and sets a password.
	b.signInByCode(d, email)
	b.waitAccountReset("set-password", "set a password")
	const owners = "the owner's own password"
	b.typeInto("password-new", owners)
	b.click("password-submit")
	b.waitFor(`document.getElementById("account-reset").hidden && !document.body.dataset.busy`, "the reset notice to go")
	if e := b.shownError(); !e.Hidden {
		t.Fatalf("setting the password: %+v", e)
	}
	a.signIn(email, password)
	a.waitError(d, "user_invalid_credentials")
	a.signIn(email, owners)
	a.waitState(d, "signed-in")
}

// TestAccountResetByCode: someone signs up instantly
// (SIGNUP_VERIFICATION=off) with another person's address and stays
// signed in; the owner's first sign-in by e-mail code retires that account.
// The demo tells the owner "your account was reset: set a password", and
// the maker's browser is signed out.
func TestAccountResetByCode(t *testing.T) {
	needSuite(t)
	d := startDev(t, "SIGNUP_VERIFICATION=off")
	const email = "katherine@example.com"
	maker := newBrowser(t, "the maker")
	maker.openApp(d)
	maker.signUp(d, "Not Katherine", email, password)

	owner := newBrowser(t, "the owner")
	owner.openApp(d)
	owner.signInByCode(d, email)
	verify := owner.waitHop("POST", d.Function+"/otp/verify", nil)
	if verify.Status != 200 {
		t.Fatalf("the owner's code: %s", verify)
	}
	owner.waitAccountReset("set-password", "set a password")
	if got := owner.text("status"); !strings.Contains(got, email) || strings.Contains(got, "Not Katherine") {
		t.Errorf("the owner's #status %q: want %s, without the maker's name", got, email)
	}

	maker.click("whoami-button")
	maker.waitState(d, "signed-out")
}

// signInByCode signs in with the demo's e-mail code, read from the outbox,
// and waits until it is signed in.
func (tb *tab) signInByCode(d *dev, email string) {
	tb.t.Helper()
	sent := len(d.outbox(tb.t, email, "email-otp"))
	tb.typeInto("otp-email", email)
	tb.click("otp-request-submit")
	tb.waitFor(`!document.getElementById("otp-verify-form").hidden && !document.body.dataset.busy`, "the code form")
	tb.typeInto("otp-code", d.waitMessage(tb.t, email, "email-otp", sent).Code)
	tb.click("otp-verify-submit")
	tb.waitState(d, "signed-in")
}

// waitAccountReset waits until the demo shows #account-reset in the state
// (set-password, password-set) with a text that contains says.
func (tb *tab) waitAccountReset(state, says string) {
	tb.t.Helper()
	tb.waitFor(`(e => !e.hidden && e.dataset.state === `+jsString(state)+` && e.textContent.includes(`+jsString(says)+`))(document.getElementById("account-reset"))`+
		` && !document.body.dataset.busy`, "the demo to say the account was reset ("+state+")")
}
