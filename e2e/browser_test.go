package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"
)

const (
	// stepTimeout bounds one browser command (a click, an evaluation).
	stepTimeout = 20 * time.Second
	// waitTimeout bounds one wait for a condition (a page state, an
	// event). Generous: a loaded CI machine is slow, and a passing run
	// never waits this long.
	waitTimeout = 30 * time.Second
	// pollInterval is how often a waited-for condition is checked again.
	pollInterval = 50 * time.Millisecond
)

// browser is one person's browser: a browser context of the shared
// Chromium, with its own cookie jar, cache and storage, like a fresh
// incognito profile. Its first tab is the embedded *tab.
type browser struct {
	*tab
	id cdp.BrowserContextID
}

// tab is one page of a browser, with a log of its network traffic.
type tab struct {
	t    *testing.T
	name string
	ctx  context.Context
	net  *netLog
}

// newBrowser opens a fresh browser context with one tab. It is closed (and
// its cookie jar discarded) when the test ends; on failure a screenshot of
// each of its tabs is saved in the artifacts folder first.
func newBrowser(t *testing.T, name string) *browser {
	t.Helper()
	ctx, cancel := chromedp.NewContext(suite.browser, chromedp.WithNewBrowserContext())
	tb := openTab(t, name, ctx, cancel)
	return &browser{tab: tb, id: chromedp.FromContext(ctx).BrowserContextID}
}

// newTab opens another tab in the same browser context: same cookie jar.
func (b *browser) newTab(name string) *tab {
	b.t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx)
	return openTab(b.t, name, ctx, cancel)
}

func openTab(t *testing.T, name string, ctx context.Context, cancel context.CancelFunc) *tab {
	t.Helper()
	tb := &tab{t: t, name: name, ctx: ctx, net: newNetLog()}
	// The first run creates the target; it must not have a timeout, or
	// the tab would close when the timeout ends.
	if err := chromedp.Listen(ctx, tb.net.record); err != nil {
		cancel()
		t.Fatalf("%s: opening a tab: %v", name, err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			tb.saveScreenshot("failure-" + name)
		}
		cancel()
	})
	tb.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, network.Enable, network.EnableParams{})
		return err
	})
	tb.do(chromedp.EmulateViewport(1280, 900))
	return tb
}

// call runs f against the tab with the step timeout.
func (tb *tab) call(f func(ctx context.Context) error) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	if err := f(ctx); err != nil {
		tb.t.Fatalf("%s: %v", tb.name, err)
	}
}

// do runs the actions in order, each step bounded by the step timeout.
func (tb *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	tb.call(func(ctx context.Context) error { return chromedp.Do(ctx, actions...) })
}

// eval evaluates a JavaScript expression in the page (awaiting a promise)
// and decodes its value into T.
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	var v T
	tb.call(func(ctx context.Context) error {
		var err error
		v, err = chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
		if err != nil {
			return fmt.Errorf("evaluating %s: %w", expr, err)
		}
		return nil
	})
	return v
}

// navigate loads url and waits for the load event.
func (tb *tab) navigate(url string) {
	tb.t.Helper()
	tb.do(chromedp.Navigate(url))
}

// waitFor waits until the JavaScript expression cond is true in the page.
// Errors while the page navigates (no document yet) count as false.
func (tb *tab) waitFor(cond, what string) {
	tb.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	var lastErr error
	for {
		ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("!!("+cond+")"))
		cancel()
		if err == nil && ok {
			return
		}
		lastErr = err
		if time.Now().After(deadline) {
			loc, _ := chromedp.Run(tb.ctx, chromedp.Location())
			tb.t.Fatalf("%s: waited %s for %s (%s); page %s; last error %v", tb.name, waitTimeout, what, cond, loc, lastErr)
		}
		time.Sleep(pollInterval)
	}
}

// location is the page's URL.
func (tb *tab) location() string {
	tb.t.Helper()
	return eval[string](tb, "location.href")
}

// click clicks the element with the id, as a person would (a real mouse
// event at its centre, after scrolling it into view).
func (tb *tab) click(id string) {
	tb.t.Helper()
	tb.do(chromedp.Click(chromedp.ID(id), chromedp.NodeVisible))
}

// typeInto focuses the input with the id, clears it and types text.
func (tb *tab) typeInto(id, text string) {
	tb.t.Helper()
	if !eval[bool](tb, `(el => { el.value = ""; return el.value === "" })(document.getElementById(`+jsString(id)+`))`) {
		tb.t.Fatalf("%s: could not clear #%s", tb.name, id)
	}
	tb.do(chromedp.SendKeys(chromedp.ID(id), text, chromedp.NodeVisible))
}

// cookiesFor returns the cookies the browser would send to url, HttpOnly
// ones included (Network.getCookies).
func (tb *tab) cookiesFor(url string) []*network.Cookie {
	tb.t.Helper()
	var cookies []*network.Cookie
	tb.call(func(ctx context.Context) error {
		res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{url}})
		cookies = res.Cookies
		return err
	})
	return cookies
}

// jar returns every cookie of the browser context (Storage.getCookies).
func (b *browser) jar() []*network.Cookie {
	b.t.Helper()
	var cookies []*network.Cookie
	b.call(func(ctx context.Context) error {
		res, err := chromedp.CallBrowser(ctx, storage.GetCookies, storage.GetCookiesParams{BrowserContextID: b.id})
		cookies = res.Cookies
		return err
	})
	return cookies
}

// findCookie returns the cookie named name, or nil.
func findCookie(cookies []*network.Cookie, name string) *network.Cookie {
	for _, c := range cookies {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// screenshot returns a PNG of the whole page.
func (tb *tab) screenshot() []byte {
	tb.t.Helper()
	var png []byte
	tb.call(func(ctx context.Context) error {
		var err error
		png, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
		return err
	})
	return png
}

// saveScreenshot writes a PNG of the page to the artifacts folder, named
// after the test, and returns its path ("" if it failed: it is called on
// failures, where it must not fail again).
func (tb *tab) saveScreenshot(name string) string {
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		tb.t.Logf("%s: screenshot %s: %v", tb.name, name, err)
		return ""
	}
	path := filepath.Join(suite.artifacts, artifactName(tb.t.Name()+"-"+name)+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		tb.t.Logf("%s: screenshot %s: %v", tb.name, name, err)
		return ""
	}
	tb.t.Logf("%s: screenshot saved: %s", tb.name, path)
	return path
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func artifactName(s string) string { return unsafeName.ReplaceAllString(s, "_") }

// jsString returns s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// ---- the demo app -----------------------------------------------------------

// openApp loads the demo app and waits until it has asked the function who
// is signed in.
func (tb *tab) openApp(d *dev) {
	tb.t.Helper()
	tb.navigate(d.App + "/")
	tb.waitSettled(d)
}

// waitSettled waits until the demo is on its page, knows who is signed in
// and runs no request.
func (tb *tab) waitSettled(d *dev) {
	tb.t.Helper()
	tb.waitFor(`location.origin === `+jsString(d.App)+
		` && document.readyState === "complete" && document.querySelector("#status")?.dataset.state !== "loading"`+
		` && !document.body.dataset.busy`, "the demo app to settle")
}

// waitState waits until the demo shows the state (signed-in, signed-out, …)
// and runs no request.
func (tb *tab) waitState(d *dev, state string) {
	tb.t.Helper()
	tb.waitFor(`location.origin === `+jsString(d.App)+
		` && document.querySelector("#status")?.dataset.state === `+jsString(state)+
		` && !document.body.dataset.busy`, "the demo app to show "+state)
}

// state is the demo's #status data-state.
func (tb *tab) state() string {
	tb.t.Helper()
	return eval[string](tb, `document.querySelector("#status").dataset.state`)
}

// text is the textContent of the element with the id.
func (tb *tab) text(id string) string {
	tb.t.Helper()
	return eval[string](tb, `document.getElementById(`+jsString(id)+`).textContent`)
}

// shownError is what the demo's #error shows.
type shownError struct {
	Hidden     bool   `json:"hidden"`
	Message    string `json:"message"`
	Type       string `json:"type"`
	Code       string `json:"code"`
	RetryAfter string `json:"retryAfter"`
}

func (tb *tab) shownError() shownError {
	tb.t.Helper()
	return eval[shownError](tb, `(() => { const e = document.getElementById("error");
		return { hidden: e.hidden, message: e.textContent, type: e.dataset.type || "",
			code: e.dataset.code || "", retryAfter: e.dataset.retryAfter || "" }; })()`)
}

// waitError waits until #error shows an error of the type.
func (tb *tab) waitError(d *dev, typ string) shownError {
	tb.t.Helper()
	tb.waitFor(`!document.getElementById("error").hidden && document.getElementById("error").dataset.type === `+jsString(typ)+
		` && !document.body.dataset.busy`, "the demo to show a "+typ+" error")
	return tb.shownError()
}

// signUp signs up in the demo as a person would: it fills in and sends
// the sign-up form and, when the function asks for the e-mailed code (its
// default, SIGNUP_VERIFICATION=code), reads the code from the emulator's
// outbox and enters it; then it waits until the demo is signed in.
func (tb *tab) signUp(d *dev, name, email, password string) {
	tb.t.Helper()
	sent := len(d.outbox(tb.t, email, "email-otp"))
	if tb.startSignUp(d, name, email, password) {
		tb.finishSignUp(d, email, d.waitMessage(tb.t, email, "email-otp", sent).Code)
	}
	if got := tb.text("status"); !strings.Contains(got, email) {
		tb.t.Fatalf("%s: after sign-up #status = %q, want %s", tb.name, got, email)
	}
}

// startSignUp fills in and sends the demo's sign-up form and waits for its
// answer: true when the demo asks for the e-mailed code, false when it is
// signed in at once (SIGNUP_VERIFICATION=off).
func (tb *tab) startSignUp(d *dev, name, email, password string) (codeDue bool) {
	tb.t.Helper()
	tb.typeInto("signup-name", name)
	tb.typeInto("signup-email", email)
	tb.typeInto("signup-password", password)
	tb.click("signup-submit")
	tb.waitFor(`!document.body.dataset.busy && (!document.getElementById("signup-verify-form").hidden`+
		` || document.querySelector("#status").dataset.state === "signed-in" || !document.getElementById("error").hidden)`,
		"the sign-up's answer")
	if e := tb.shownError(); !e.Hidden {
		tb.t.Fatalf("%s: sign-up of %s failed: %+v", tb.name, email, e)
	}
	return !eval[bool](tb, `document.getElementById("signup-verify-form").hidden`)
}

// finishSignUp enters the e-mailed code in the demo's sign-up and waits
// until the demo is signed in.
func (tb *tab) finishSignUp(d *dev, email, code string) {
	tb.t.Helper()
	if code == "" {
		tb.t.Fatalf("%s: no sign-up code for %s", tb.name, email)
	}
	tb.typeInto("signup-code", code)
	tb.click("signup-verify-submit")
	tb.waitFor(`!document.body.dataset.busy && (document.querySelector("#status").dataset.state === "signed-in"`+
		` || !document.getElementById("error").hidden)`, "the sign-up's code to be accepted")
	if e := tb.shownError(); !e.Hidden {
		tb.t.Fatalf("%s: the sign-up code for %s was refused: %+v", tb.name, email, e)
	}
	tb.waitState(d, "signed-in")
}

// signIn fills in and sends the demo's sign-in form; it does not wait.
func (tb *tab) signIn(email, password string) {
	tb.t.Helper()
	tb.typeInto("signin-email", email)
	tb.typeInto("signin-password", password)
	tb.click("signin-submit")
}

// sessionInfo is a session as GET /sessions lists it.
type sessionInfo struct {
	ID      string `json:"$id"`
	UserID  string `json:"userId"`
	Expire  string `json:"expire"`
	Current bool   `json:"current"`
}

// fetchJSON runs fetch(url, {credentials: "include"}) in the page and returns
// the status and the body parsed as JSON.
func fetchJSON[T any](tb *tab, url string) (int, T) {
	tb.t.Helper()
	var out struct {
		Status int `json:"status"`
		Body   T   `json:"body"`
	}
	raw := eval[string](tb, `fetch(`+jsString(url)+`, {credentials: "include"}).then(async r =>
		JSON.stringify({status: r.status, body: await r.json()}))`)
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		tb.t.Fatalf("%s: GET %s: %v: %s", tb.name, url, err, raw)
	}
	return out.Status, out.Body
}

// ---- network log --------------------------------------------------------------

// hop is one HTTP request the browser sent (a redirect is one hop per
// location) and what came back, from the Network domain's events: the
// cookies it attached and the raw headers come from the ExtraInfo events,
// as the browser put them on the wire.
type hop struct {
	URL    string
	Method string
	Type   network.ResourceType
	Status int64
	// SentCookies are the cookies the browser attached (the associated
	// cookies with no blocked reason); Withheld are those it held back,
	// with why.
	SentCookies []*network.Cookie
	Withheld    map[string][]network.CookieBlockedReason
	// RequestHeaders and ResponseHeaders are the raw headers; names as sent.
	RequestHeaders  network.Headers
	ResponseHeaders network.Headers
	// BlockedSetCookies are Set-Cookie lines the browser refused to store.
	BlockedSetCookies []*network.BlockedSetCookieWithReason
	Failed            string // loadingFailed's error text
	CORSError         string // loadingFailed's CORS error, if any

	hasRequestExtra, hasResponseExtra bool
}

// header returns a raw header's value (case-insensitive name); several
// values are joined with "\n", as DevTools reports them.
func header(h network.Headers, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			if s, ok := v.(string); ok {
				return s
			}
			return fmt.Sprint(v)
		}
	}
	return ""
}

// sent reports whether the browser attached the cookie named name.
func (h *hop) sent(name string) *network.Cookie {
	for _, c := range h.SentCookies {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func (h *hop) String() string {
	var cookies []string
	for _, c := range h.SentCookies {
		cookies = append(cookies, c.Name)
	}
	return fmt.Sprintf("%s %s → %d (cookies sent %v, withheld %v, failed %q %s)",
		h.Method, h.URL, h.Status, cookies, h.Withheld, h.Failed, h.CORSError)
}

// netLog records a tab's requests. Its record func runs on chromedp's
// event loop (Listen), in the order the browser sent the events, so it
// only stores them.
type netLog struct {
	mu   sync.Mutex
	reqs map[network.RequestID]*netRequest
	seq  []network.RequestID
	// paused are the requests the Fetch domain holds (see holdRequests).
	paused []*fetch.EventRequestPaused
}

// netRequest is one request ID's hops. Chromium reuses the ID across a
// redirect chain, and sends the ExtraInfo events of each hop in order, but
// before or after the main event: they are matched to hops by position.
type netRequest struct {
	hops      []*hop
	reqExtra  []*network.EventRequestWillBeSentExtraInfo
	respExtra []*network.EventResponseReceivedExtraInfo
	responses []*network.Response // responseReceived or a redirect's response, in order
	failed    *network.EventLoadingFailed
}

func newNetLog() *netLog { return &netLog{reqs: map[network.RequestID]*netRequest{}} }

func (l *netLog) get(id network.RequestID) *netRequest {
	r := l.reqs[id]
	if r == nil {
		r = &netRequest{}
		l.reqs[id] = r
		l.seq = append(l.seq, id)
	}
	return r
}

func (l *netLog) record(ev any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		r := l.get(ev.RequestID)
		if ev.RedirectResponse != nil {
			r.responses = append(r.responses, ev.RedirectResponse)
		}
		r.hops = append(r.hops, &hop{URL: ev.Request.URL, Method: ev.Request.Method, Type: ev.Type,
			RequestHeaders: ev.Request.Headers})
	case *network.EventRequestWillBeSentExtraInfo:
		r := l.get(ev.RequestID)
		r.reqExtra = append(r.reqExtra, ev)
	case *network.EventResponseReceivedExtraInfo:
		r := l.get(ev.RequestID)
		r.respExtra = append(r.respExtra, ev)
	case *network.EventResponseReceived:
		r := l.get(ev.RequestID)
		r.responses = append(r.responses, ev.Response)
	case *network.EventLoadingFailed:
		l.get(ev.RequestID).failed = ev
	case *fetch.EventRequestPaused:
		l.paused = append(l.paused, ev)
	}
}

// hops returns every hop recorded so far, in the order requests started.
func (l *netLog) hops() []*hop {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []*hop
	for _, id := range l.seq {
		r := l.reqs[id]
		for i, h0 := range r.hops {
			h := *h0
			if i < len(r.reqExtra) {
				x := r.reqExtra[i]
				h.hasRequestExtra = true
				h.RequestHeaders = x.Headers
				h.Withheld = map[string][]network.CookieBlockedReason{}
				for _, ac := range x.AssociatedCookies {
					if len(ac.BlockedReasons) == 0 {
						h.SentCookies = append(h.SentCookies, ac.Cookie)
					} else {
						h.Withheld[ac.Cookie.Name] = ac.BlockedReasons
					}
				}
			}
			if i < len(r.responses) {
				h.Status = r.responses[i].Status
			}
			if i < len(r.respExtra) {
				x := r.respExtra[i]
				h.hasResponseExtra = true
				h.Status = x.StatusCode
				h.ResponseHeaders = x.Headers
				h.BlockedSetCookies = x.BlockedCookies
			}
			if i == len(r.hops)-1 && r.failed != nil {
				h.Failed = r.failed.ErrorText
				if r.failed.CorsErrorStatus != nil {
					h.CORSError = string(r.failed.CorsErrorStatus.CorsError)
				}
			}
			out = append(out, &h)
		}
	}
	return out
}

// find returns the recorded hops to method url (url without its query
// when the query is left out; "*" matches any method).
func (l *netLog) find(method, url string) []*hop {
	var out []*hop
	for _, h := range l.hops() {
		u := h.URL
		if !strings.Contains(url, "?") {
			u, _, _ = strings.Cut(u, "?")
		}
		if (method == "*" || h.Method == method) && u == url &&
			(h.Type != network.ResourceTypePreflight || method == "OPTIONS") {
			out = append(out, h)
		}
	}
	return out
}

// waitHop waits until a hop to method url has ended (a status with its raw
// headers, or a failure) and match accepts it, and returns the last such
// hop. match nil accepts any.
func (tb *tab) waitHop(method, url string, match func(*hop) bool) *hop {
	tb.t.Helper()
	return tb.waitHopWhere(method, url, "", func(_ int, h *hop) bool { return match == nil || match(h) }, false)
}

// waitNewHop waits until the hop to method url after the first n has ended,
// and returns it: with n from count before an action, the first request
// that action made.
func (tb *tab) waitNewHop(method, url string, n int) *hop {
	tb.t.Helper()
	return tb.waitHopWhere(method, url, fmt.Sprintf("number %d", n+1), func(i int, _ *hop) bool { return i == n }, true)
}

// waitHopWhere waits for a complete hop to method url that pick accepts
// (i is its index among the hops to method url), and returns the first or
// the last one.
func (tb *tab) waitHopWhere(method, url, what string, pick func(i int, h *hop) bool, first bool) *hop {
	tb.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		var found *hop
		for i, h := range tb.net.find(method, url) {
			complete := h.Failed != "" || (h.Status != 0 && h.hasRequestExtra && h.hasResponseExtra)
			if complete && pick(i, h) && (found == nil || !first) {
				found = h
			}
		}
		if found != nil {
			return found
		}
		if time.Now().After(deadline) {
			var seen []string
			for _, h := range tb.net.hops() {
				seen = append(seen, h.String())
			}
			tb.t.Fatalf("%s: no complete %s %s %s within %s; seen:\n%s",
				tb.name, method, url, what, waitTimeout, strings.Join(seen, "\n"))
		}
		time.Sleep(pollInterval)
	}
}

// count returns how many hops to method url were recorded so far.
func (l *netLog) count(method, url string) int { return len(l.find(method, url)) }

// holdRequests makes the browser stop every request whose URL matches the
// pattern (* and ? wildcards) before sending it; waitPaused returns them.
func (tb *tab) holdRequests(pattern string) {
	tb.t.Helper()
	tb.call(func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{
			{URLPattern: pattern, RequestStage: fetch.RequestStageRequest},
		}})
		return err
	})
}

// waitPaused waits until holdRequests has stopped more than n requests, and
// returns the one after the first n.
func (tb *tab) waitPaused(n int) *fetch.EventRequestPaused {
	tb.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		tb.net.mu.Lock()
		var ev *fetch.EventRequestPaused
		if len(tb.net.paused) > n {
			ev = tb.net.paused[n]
		}
		tb.net.mu.Unlock()
		if ev != nil {
			return ev
		}
		if time.Now().After(deadline) {
			tb.t.Fatalf("%s: no request held within %s", tb.name, waitTimeout)
		}
		time.Sleep(pollInterval)
	}
}

// release lets a held request go on as it was, and stops holding.
func (tb *tab) release(ev *fetch.EventRequestPaused) {
	tb.t.Helper()
	tb.call(func(ctx context.Context) error {
		if _, err := chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID}); err != nil {
			return err
		}
		_, err := chromedp.Call(ctx, fetch.Disable, cdp.Empty{})
		return err
	})
}
