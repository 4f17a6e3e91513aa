package e2e

import (
	"fmt"
	"html"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// serveOtherSite serves a page of a site the function does not allow, on
// addr (host:0), for the test's life, and returns its origin. The page is
// what an attacker's page would hold: a plain form posting to the
// function's /logout. Its scripts are run by the test.
func serveOtherSite(t *testing.T, addr, functionURL string) string {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	host, _, _ := net.SplitHostPort(addr)
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	origin := "http://" + net.JoinHostPort(host, port)
	page := `<!doctype html><html><head><meta charset="utf-8"><title>Another site</title><link rel="icon" href="data:,"></head>
<body><h1>Another site</h1>
<form id="csrf" method="post" action="` + html.EscapeString(functionURL) + `/logout"><input type="hidden" name="x" value="1"></form>
</body></html>`
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return origin
}

// TestOtherOriginCannotReadOrSignOut is scenario 5: a page on an origin the
// function does not allow, open in the signed-in user's browser, can
// neither read GET /me (CORS) nor sign the user out with POST /logout
// (CSRF), by fetch or by a form. Two such pages: one on localhost (same
// site as the function, so the browser does send the SameSite=Lax cookie
// and only the function's own checks stand in the way) and one on
// 127.0.0.1 (another site, where the browser also withholds the cookie).
func TestOtherOriginCannotReadOrSignOut(t *testing.T) {
	needSuite(t)
	d := startDev(t)
	name := d.SessionCookie()
	me, logout := d.Function+"/me", d.Function+"/logout"

	b := newBrowser(t, "victim")
	b.openApp(d)
	b.signUp(d, "Ada Lovelace", "ada@example.com", password)
	stored := findCookie(b.cookiesFor(me), name)
	if stored == nil {
		t.Fatal("no session cookie after sign-up")
	}
	// The app itself may read the function's answers: it is allowed.
	for _, path := range []string{"/signup", "/signup/verify"} {
		h := b.waitHop("POST", d.Function+path, nil)
		if acao := header(h.ResponseHeaders, "access-control-allow-origin"); acao != d.App ||
			header(h.ResponseHeaders, "access-control-allow-credentials") != "true" {
			t.Fatalf("the app's own POST %s: Access-Control-Allow-Origin %q, credentials %q; want %s, true",
				path, acao, header(h.ResponseHeaders, "access-control-allow-credentials"), d.App)
		}
	}

	sites := []struct {
		name, origin string
		sameSite     bool
	}{
		{"same-site page", serveOtherSite(t, "localhost:0", d.Function), true},
		{"cross-site page", serveOtherSite(t, "127.0.0.1:0", d.Function), false},
	}
	for _, site := range sites {
		p := b.newTab("victim's browser, " + site.name + " " + site.origin)
		p.navigate(site.origin + "/")
		fn := jsString(d.Function)

		// CORS: a credentialed read of /me is refused by the browser.
		n := p.net.count("GET", me)
		got := eval[string](p, `fetch(`+fn+` + "/me", {credentials: "include"})
			.then(r => r.text().then(body => "read " + r.status + " " + body), e => "rejected: " + e.name)`)
		if got != "rejected: TypeError" {
			t.Errorf("%s: fetch /me with credentials: %q; want it rejected", site.name, got)
		}
		h := p.waitNewHop("GET", me, n)
		if h.CORSError == "" || header(h.ResponseHeaders, "access-control-allow-origin") != "" {
			t.Errorf("%s: GET /me: %s, Access-Control-Allow-Origin %q; want a CORS failure and no ACAO",
				site.name, h, header(h.ResponseHeaders, "access-control-allow-origin"))
		}
		checkCookieSent(t, site.name+": GET /me", h, name, site.sameSite)
		// Without CORS (no-cors) the answer is opaque: no status, no body.
		got = eval[string](p, `fetch(`+fn+` + "/me", {credentials: "include", mode: "no-cors"})
			.then(r => r.text().then(body => r.type + " " + r.status + " [" + body + "]"), e => "rejected: " + e.name)`)
		if got != "opaque 0 []" {
			t.Errorf("%s: no-cors fetch /me: %q; want an opaque answer", site.name, got)
		}

		// CSRF by fetch: a "simple" POST goes out without a preflight, and
		// the function refuses it.
		n = p.net.count("POST", logout)
		got = eval[string](p, `fetch(`+fn+` + "/logout", {method: "POST", credentials: "include", mode: "no-cors"})
			.then(r => r.type, e => "rejected: " + e.name)`)
		if got != "opaque" {
			t.Errorf("%s: no-cors POST /logout: %q", site.name, got)
		}
		h = p.waitNewHop("POST", logout, n)
		if h.Status != 403 || header(h.RequestHeaders, "origin") != site.origin || header(h.ResponseHeaders, "set-cookie") != "" {
			t.Errorf("%s: POST /logout by fetch: %s, Origin %q, Set-Cookie %q; want 403 and the cookie left alone",
				site.name, h, header(h.RequestHeaders, "origin"), header(h.ResponseHeaders, "set-cookie"))
		}
		checkCookieSent(t, site.name+": POST /logout by fetch", h, name, site.sameSite)

		// A JSON POST needs a preflight, which the function refuses: the
		// POST itself is never sent.
		n, preflights := p.net.count("POST", logout), p.net.count("OPTIONS", logout)
		posts := d.logCount(`"method":"POST","route":"/logout"`)
		if posts == 0 {
			t.Fatalf("the function's log shows no POST /logout, not even the refused one: counting them proves nothing")
		}
		got = eval[string](p, `fetch(`+fn+` + "/logout", {method: "POST", credentials: "include",
			headers: {"Content-Type": "application/json"}, body: "{}"}).then(r => "sent " + r.status, e => "rejected: " + e.name)`)
		if got != "rejected: TypeError" {
			t.Errorf("%s: JSON POST /logout: %q; want it rejected", site.name, got)
		}
		pre := p.waitNewHop("OPTIONS", logout, preflights)
		if pre.Status != 403 || header(pre.ResponseHeaders, "access-control-allow-origin") != "" {
			t.Errorf("%s: preflight: %s; want 403 without CORS headers", site.name, pre)
		}
		// The browser records the POST it never sent as failed on CORS;
		// the function's log says it never arrived.
		if h := p.waitNewHop("POST", logout, n); h.CORSError == "" {
			t.Errorf("%s: JSON POST /logout: %s; want it stopped by the preflight", site.name, h)
		}
		if got := d.logCount(`"method":"POST","route":"/logout"`); got != posts {
			t.Errorf("%s: the function received %d JSON POST /logout despite the refused preflight", site.name, got-posts)
		}

		// CSRF by a form: a top-level navigation with a form-encoded POST.
		n = p.net.count("POST", logout)
		eval[string](p, `document.getElementById("csrf").submit(), "submitted"`)
		h = p.waitNewHop("POST", logout, n)
		if h.Status != 403 || header(h.RequestHeaders, "origin") != site.origin || header(h.ResponseHeaders, "set-cookie") != "" {
			t.Errorf("%s: POST /logout by a form: %s, Origin %q; want 403", site.name, h, header(h.RequestHeaders, "origin"))
		}
		checkCookieSent(t, site.name+": POST /logout by a form", h, name, site.sameSite)

		// Still signed in: the same cookie in the jar, and the app says so.
		if c := findCookie(b.cookiesFor(me), name); c == nil || c.Value != stored.Value {
			t.Fatalf("%s: the session cookie changed or went: %v", site.name, cookieNames(b.jar()))
		}
		n = b.net.count("GET", me)
		b.click("whoami-button")
		b.waitState(d, "signed-in")
		if h := b.waitNewHop("GET", me, n); h.Status != 200 {
			t.Fatalf("%s: the app's GET /me afterwards: %s; want 200, still signed in", site.name, h)
		}
		if got := b.text("whoami-output"); !strings.Contains(got, "ada@example.com") {
			t.Errorf("%s: #whoami-output %q", site.name, got)
		}
	}
}

// checkCookieSent checks whether the browser attached the session cookie:
// it does from a same-site page (so the function's own origin checks are
// what refused the request), and does not from another site (SameSite=Lax).
func checkCookieSent(t *testing.T, what string, h *hop, name string, want bool) {
	t.Helper()
	if sent := h.sent(name) != nil; sent != want {
		t.Errorf("%s: session cookie sent = %v, want %v (withheld: %v)", what, sent, want, h.Withheld)
	}
}
