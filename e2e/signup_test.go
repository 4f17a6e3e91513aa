package e2e

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// password is every test user's password.
const password = "correct horse battery staple"

// TestSignUpReloadSignOut is scenario 1: sign-up (the form, then the
// e-mailed code), reload, still signed in, sign-out, signed out. POST
// /signup sets no cookie: only the code's POST /signup/verify does. The
// session cookie the browser stored is HttpOnly, Secure, SameSite=Lax,
// Path=/, host-only, expires with the Appwrite session, and
// document.cookie cannot see it.
func TestSignUpReloadSignOut(t *testing.T) {
	needSuite(t)
	d := startDev(t)
	b := newBrowser(t, "browser")
	name := d.SessionCookie()

	b.openApp(d)
	if s := b.state(); s != "signed-out" {
		t.Fatalf("a fresh browser: #status data-state = %q, want signed-out", s)
	}
	if len(b.jar()) != 0 {
		t.Fatalf("a fresh browser context has cookies: %v", cookieNames(b.jar()))
	}

	const email = "ada@example.com"
	if !b.startSignUp(d, "Ada Lovelace", email, password) {
		t.Fatal("the sign-up form signed in at once: want the code step (SIGNUP_VERIFICATION=code is the default)")
	}
	// Nothing exists yet but the code on its way: no cookie, not signed in.
	signup := b.waitHop("POST", d.Function+"/signup", nil)
	if signup.Status != 202 || header(signup.ResponseHeaders, "set-cookie") != "" || len(b.jar()) != 0 {
		t.Fatalf("sign-up: %s, Set-Cookie %q, jar %v; want 202 and no cookie", signup,
			header(signup.ResponseHeaders, "set-cookie"), cookieNames(b.jar()))
	}
	if s := b.state(); s != "signed-out" {
		t.Fatalf("waiting for the code: #status data-state = %q, want signed-out", s)
	}
	b.finishSignUp(d, email, d.waitMessage(t, email, "email-otp", 0).Code)

	// What the browser received and stored.
	verify := b.waitHop("POST", d.Function+"/signup/verify", nil)
	if verify.Status != 201 {
		t.Fatalf("sign-up's code: %s", verify)
	}
	setCookie := header(verify.ResponseHeaders, "set-cookie")
	if !strings.HasPrefix(setCookie, name+"=") || len(verify.BlockedSetCookies) != 0 {
		t.Fatalf("POST /signup/verify Set-Cookie %q; blocked by the browser: %v", setCookie, blockedReasons(verify))
	}
	if got := b.text("status"); !strings.Contains(got, email) {
		t.Fatalf("after the sign-up's code #status = %q, want %s", got, email)
	}
	c := findCookie(b.cookiesFor(d.Function+"/me"), name)
	if c == nil {
		t.Fatalf("after sign-up the browser holds no %s for the function; jar: %v", name, cookieNames(b.jar()))
	}
	if !c.HTTPOnly || !c.Secure || c.SameSite != network.CookieSameSiteLax || c.Path != "/" ||
		c.Domain != "localhost" || c.Session {
		t.Errorf("stored cookie: httpOnly=%v secure=%v sameSite=%q path=%q domain=%q session=%v; "+
			"want HttpOnly, Secure, Lax, /, host-only localhost, persistent",
			c.HTTPOnly, c.Secure, c.SameSite, c.Path, c.Domain, c.Session)
	}

	// Its expiry is the Appwrite session's, as GET /sessions reports it.
	status, list := fetchJSON[struct{ Sessions []sessionInfo }](b.tab, d.Function+"/sessions")
	var current *sessionInfo
	for i := range list.Sessions {
		if list.Sessions[i].Current {
			current = &list.Sessions[i]
		}
	}
	if status != 200 || current == nil {
		t.Fatalf("GET /sessions from the app: %d %+v", status, list)
	}
	expire, err := time.Parse(time.RFC3339Nano, current.Expire)
	if err != nil {
		t.Fatalf("session expire %q: %v", current.Expire, err)
	}
	// Expires= has whole seconds.
	if diff := c.Expires - float64(expire.Unix()); math.Abs(diff) > 1 {
		t.Errorf("cookie expires %s, session expires %s",
			time.Unix(int64(c.Expires), 0).UTC().Format(time.RFC3339), expire.UTC().Format(time.RFC3339))
	}
	if time.Until(expire) < time.Hour {
		t.Errorf("session expires %s: too soon for a fresh session", current.Expire)
	}

	// Script cannot see it. document.cookie works here (cookies ignore
	// ports, so a script cookie on the app's host is the same host the
	// function's cookie lives on): a probe cookie shows up, the session
	// cookie does not.
	eval[string](b.tab, `document.cookie = "probe=visible; path=/", "ok"`)
	jsCookies := eval[string](b.tab, "document.cookie")
	if !strings.Contains(jsCookies, "probe=visible") {
		t.Fatalf("document.cookie = %q: the probe cookie is missing, so the check proves nothing", jsCookies)
	}
	if strings.Contains(jsCookies, name) || strings.Contains(jsCookies, c.Value) {
		t.Errorf("document.cookie = %q exposes the session cookie", jsCookies)
	}

	// Reload: the browser sends the cookie and the app is still signed in.
	meCount := b.net.count("GET", d.Function+"/me")
	b.do(chromedp.Reload())
	b.waitState(d, "signed-in")
	me := b.waitNewHop("GET", d.Function+"/me", meCount)
	if sent := me.sent(name); me.Status != 200 || sent == nil || sent.Value != c.Value {
		t.Fatalf("GET /me after reload: %s; want 200 with the stored session cookie", me)
	}
	if got := b.text("status"); !strings.Contains(got, email) {
		t.Errorf("after reload #status = %q, want %s", got, email)
	}

	// Sign out: the cookie goes with the request, the answer clears it.
	b.click("signout-button")
	b.waitState(d, "signed-out")
	logout := b.waitHop("POST", d.Function+"/logout", nil)
	if logout.Status != 204 || logout.sent(name) == nil {
		t.Fatalf("POST /logout: %s; want 204 with the session cookie sent", logout)
	}
	if clear := header(logout.ResponseHeaders, "set-cookie"); !strings.HasPrefix(clear, name+"=;") &&
		!strings.HasPrefix(clear, name+"=\"\"") {
		t.Errorf("POST /logout Set-Cookie %q: want the session cookie cleared", clear)
	}
	if c := findCookie(b.jar(), name); c != nil {
		t.Fatalf("after sign-out the jar still holds %s", name)
	}

	// And it stays signed out after a reload, sending no cookie.
	meCount = b.net.count("GET", d.Function+"/me")
	b.do(chromedp.Reload())
	b.waitState(d, "signed-out")
	me = b.waitNewHop("GET", d.Function+"/me", meCount)
	if me.Status != 401 || me.sent(name) != nil {
		t.Fatalf("GET /me after sign-out and reload: %s; want 401 with no session cookie", me)
	}
}

// TestWrongPasswordThenRateLimit is scenario 2: a wrong password shows the
// function's error; after RATE_LIMIT_PER_IP_EMAIL failures even the right
// password is refused with the rate-limit message and a retry delay.
func TestWrongPasswordThenRateLimit(t *testing.T) {
	needSuite(t)
	const failures = 3
	d := startDev(t, "RATE_LIMIT_PER_IP_EMAIL="+strconv.Itoa(failures))
	b := newBrowser(t, "browser")
	name := d.SessionCookie()
	login := d.Function + "/login"

	b.openApp(d)
	const email = "grace@example.com"
	b.signUp(d, "Grace Hopper", email, password)
	b.click("signout-button")
	b.waitState(d, "signed-out")

	for i := 1; i <= failures; i++ {
		n := b.net.count("POST", login)
		b.signIn(email, "wrong password "+strconv.Itoa(i))
		if h := b.waitNewHop("POST", login, n); h.Status != 401 {
			t.Fatalf("wrong password %d: %s; want 401", i, h)
		}
		e := b.waitError(d, "user_invalid_credentials")
		if e.Hidden || e.Code != "401" || !strings.Contains(e.Message, "the password is wrong") {
			t.Fatalf("wrong password %d: #error %+v; want the function's invalid-credentials message", i, e)
		}
		if s := b.state(); s != "signed-out" {
			t.Fatalf("wrong password %d: #status %q", i, s)
		}
	}

	// One more, with the right password: refused by the limit.
	n := b.net.count("POST", login)
	b.signIn(email, password)
	h := b.waitNewHop("POST", login, n)
	e := b.waitError(d, "rate_limit_exceeded")
	retry, err := strconv.Atoi(e.RetryAfter)
	if h.Status != 429 || e.Hidden || e.Code != "429" || !strings.Contains(e.Message, "Too many attempts") ||
		err != nil || retry < 1 || retry > 15*60 {
		t.Fatalf("attempt %d: %s; #error %+v; want 429 with the rate-limit message and a retry delay of at most the window",
			failures+1, h, e)
	}
	// The page read Retry-After from the response: the function exposes it
	// to the app's origin.
	if got := header(h.ResponseHeaders, "retry-after"); got != e.RetryAfter {
		t.Errorf("Retry-After %q on the wire, %q in the page", got, e.RetryAfter)
	}
	if s := b.state(); s != "signed-out" || findCookie(b.jar(), name) != nil {
		t.Fatalf("after the refused sign-in: #status %q, session cookie stored %v", s, findCookie(b.jar(), name) != nil)
	}
}

func cookieNames(cookies []*network.Cookie) []string {
	var names []string
	for _, c := range cookies {
		names = append(names, c.Name+"@"+c.Domain+c.Path)
	}
	return names
}

func blockedReasons(h *hop) []string {
	var out []string
	for _, b := range h.BlockedSetCookies {
		for _, r := range b.BlockedReasons {
			out = append(out, string(r))
		}
	}
	return out
}
