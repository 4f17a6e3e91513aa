package server

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"openruntimes/handler/appwritetest"
)

// location parses the response's redirect target.
func (r *result) location(tb testing.TB, status int) *url.URL {
	tb.Helper()
	if r.Status != status {
		tb.Fatalf("status %d %s, want %d", r.Status, r.Body, status)
	}
	u, err := url.Parse(r.Headers["location"])
	if err != nil || r.Headers["location"] == "" {
		tb.Fatalf("location %q: %v", r.Headers["location"], err)
	}
	return u
}

// pathAndQuery returns u's path and query, the part a test passes to call.
func pathAndQuery(u *url.URL) string {
	if u.RawQuery == "" {
		return u.Path
	}
	return u.Path + "?" + u.RawQuery
}

// noRedirects is an HTTP client that shows redirects instead of following
// them, as a test walking a browser flow step by step needs.
var noRedirects = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// get fetches rawURL, sending cookies, and returns the response's
// Location.
func get(tb testing.TB, rawURL string, wantStatus int, cookies ...*http.Cookie) *url.URL {
	tb.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		tb.Fatalf("GET %s: %v", rawURL, err)
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	resp, err := noRedirects.Do(req)
	if err != nil {
		tb.Fatalf("GET %s: %v", rawURL, err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != wantStatus {
		tb.Fatalf("GET %s: %d %s, want %d", rawURL, resp.StatusCode, body, wantStatus)
	}
	u, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		tb.Fatal(err)
	}
	return u
}

// oauth2Callback walks an OAuth2 sign-in from the function's start route
// through the emulator's fake provider, as the identity email, and
// returns the callback URL Appwrite sends the browser back to. Cookies
// are what the browser sends Appwrite's domain.
func oauth2Callback(t *testing.T, b *browser, email string, appwriteCookies ...*http.Cookie) *url.URL {
	t.Helper()
	start := b.do("GET", "/oauth2/github?redirect="+url.QueryEscape(appOrigin+"/welcome"), "")
	toAppwrite := start.location(t, http.StatusFound)
	if got := toAppwrite.Scheme + "://" + toAppwrite.Host + toAppwrite.Path; got != b.env.server.Endpoint+"/account/tokens/oauth2/github" {
		t.Fatalf("start redirects to %s, want Appwrite's OAuth2 token route", got)
	}
	q := toAppwrite.Query()
	if q.Get("project") != b.env.server.ProjectID || !strings.HasPrefix(q.Get("success"), functionOrigin+"/oauth2/callback?flow=") {
		t.Fatalf("start query = %v", q)
	}
	toProvider := get(t, toAppwrite.String(), http.StatusMovedPermanently, appwriteCookies...)
	provider, err := url.Parse(b.env.server.URL)
	if err != nil {
		t.Fatal(err)
	}
	provider = provider.ResolveReference(toProvider)
	pq := provider.Query()
	pq.Set("email", email)
	pq.Set("name", "OAuth User")
	provider.RawQuery = pq.Encode()
	callback := get(t, provider.String(), http.StatusMovedPermanently, appwriteCookies...)
	if callback.Host != functionHost || callback.Path != "/oauth2/callback" {
		t.Fatalf("provider sends the browser to %s, want the function's callback", callback)
	}
	return callback
}

func TestOAuth2SignIn(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	b := env.browser()
	callback := oauth2Callback(t, b, "octo@example.com")

	r := b.do("GET", pathAndQuery(callback), "")
	to := r.location(t, http.StatusSeeOther)
	if to.String() != appOrigin+"/welcome" {
		t.Errorf("callback redirects to %s, want the app's page", to)
	}
	if b.value == "" {
		t.Fatal("callback set no session cookie")
	}
	me := b.do("GET", "/me", "")
	var user map[string]any
	me.decode(t, &user)
	if me.Status != 200 || user["email"] != "octo@example.com" {
		t.Errorf("GET /me after OAuth2: %d %s", me.Status, me.Body)
	}

	// The callback's state is single use.
	again := b.do("GET", pathAndQuery(callback), "")
	if got := again.location(t, http.StatusSeeOther).Query().Get("error"); got != "flow_state_used" {
		t.Errorf("replayed callback: error=%q, want flow_state_used", got)
	}
}

func TestOAuth2StateCookie(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	b := env.browser()
	r := b.do("GET", "/oauth2/google?redirect="+url.QueryEscape(appOrigin+"/"), "")
	c := r.cookie(t)
	if c == nil {
		t.Fatal("start set no state cookie")
	}
	if !strings.HasPrefix(c.Name, "__Host-") || c.Path != "/" || c.Domain != "" || !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteLaxMode || c.MaxAge <= 0 || c.MaxAge > 900 || len(c.Value) < 40 {
		t.Errorf("state cookie %q: want __Host-, HttpOnly, Secure, Lax, short-lived and long enough", r.Headers["set-cookie"])
	}
	if r.Headers["cache-control"] != "no-store" {
		t.Errorf("cache-control %q", r.Headers["cache-control"])
	}
}

// TestOAuth2LoginCSRF replays a callback URL minted for one browser in a
// second one: the second browser must not be signed in.
func TestOAuth2LoginCSRF(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	attacker := env.browser()
	callback := oauth2Callback(t, attacker, "attacker@example.com")

	victim := env.browser()
	r := victim.do("GET", pathAndQuery(callback), "")
	to := r.location(t, http.StatusSeeOther)
	if to.Query().Get("error") != "flow_state_mismatch" {
		t.Errorf("replayed callback redirects to %s, want ?error=flow_state_mismatch", to)
	}
	if r.cookie(t) != nil || victim.value != "" {
		t.Fatal("the victim's browser got a session cookie")
	}
	// A forged state cookie of the wrong value does not help either.
	victim.cookies["__Host-a_session_"+env.server.ProjectID+"_oauth2"] = &http.Cookie{
		Name: "__Host-a_session_" + env.server.ProjectID + "_oauth2", Value: "forged", Path: "/"}
	r = victim.do("GET", pathAndQuery(callback), "")
	if r.location(t, http.StatusSeeOther).Query().Get("error") != "flow_state_mismatch" || victim.value != "" {
		t.Error("a forged state cookie signed the browser in")
	}
	// The token was not spent by the refused attempts: the attacker's own
	// browser can still finish.
	if r := attacker.do("GET", pathAndQuery(callback), ""); r.location(t, http.StatusSeeOther).String() != appOrigin+"/welcome" {
		t.Errorf("the starting browser could not finish: %s", r.Headers["location"])
	}
}

func TestOAuth2Errors(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	tests := []struct {
		name, target string
		status       int
		typ          string
	}{
		{"unknown provider", "/oauth2/myspace?redirect=" + url.QueryEscape(appOrigin), 400, "general_argument_invalid"},
		{"foreign redirect", "/oauth2/github?redirect=" + url.QueryEscape("https://evil.example.net/"), 400, "redirect_not_allowed"},
		{"scheme-relative redirect", "/oauth2/github?redirect=" + url.QueryEscape("//evil.example.net/"), 400, "redirect_not_allowed"},
		{"foreign failure", "/oauth2/github?redirect=" + url.QueryEscape(appOrigin) + "&failure=" + url.QueryEscape("https://evil.example.net/"), 400, "redirect_not_allowed"},
		{"callback without flow", "/oauth2/callback?userId=u&secret=s", 400, "general_argument_invalid"},
		{"callback with a foreign target", "/oauth2/callback?flow=" + flowParam(`{"s":"x","r":"https://evil.example.net/"}`), 400, "redirect_not_allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := env.call("GET", tt.target, nil, "")
			r.wantError(t, tt.status, tt.typ)
			if r.Headers["location"] != "" {
				t.Errorf("redirected to %s", r.Headers["location"])
			}
		})
	}
}

func TestOAuth2ProviderError(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	b := env.browser()
	start := b.do("GET", "/oauth2/github?redirect="+url.QueryEscape(appOrigin+"/ok")+"&failure="+url.QueryEscape(appOrigin+"/failed"), "")
	toProvider := get(t, start.location(t, http.StatusFound).String(), http.StatusMovedPermanently)
	provider, _ := url.Parse(env.server.URL)
	provider = provider.ResolveReference(toProvider)
	q := provider.Query()
	q.Set("error", "access_denied")
	provider.RawQuery = q.Encode()
	callback := get(t, provider.String(), http.StatusMovedPermanently)

	r := b.do("GET", pathAndQuery(callback), "")
	to := r.location(t, http.StatusSeeOther)
	if to.Path != "/failed" || to.Query().Get("error") == "" {
		t.Errorf("provider error redirects to %s, want the failure page with an error type", to)
	}
	if strings.Contains(to.RawQuery, "message") || b.value != "" {
		t.Errorf("failure redirect %s carries more than the type, or a session was set", to)
	}
}

func flowParam(js string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(js))
}

// magicLink asks for a magic link for email in b and returns the link
// from the emulator's outbox.
func magicLink(t *testing.T, b *browser, email string) *url.URL {
	t.Helper()
	r := b.do("POST", "/magic-url", `{"email":"`+email+`","redirect":"`+appOrigin+`/in"}`)
	if r.Status != http.StatusAccepted {
		t.Fatalf("POST /magic-url: %d %s", r.Status, r.Body)
	}
	msg, ok := b.env.emu.LastMessage(email, appwritetest.MessageMagicURL)
	if !ok {
		t.Fatal("no magic link in the outbox")
	}
	link, err := url.Parse(msg.Link)
	if err != nil || link.Host != functionHost || link.Path != "/magic-url/callback" {
		t.Fatalf("link %q: want the function's callback", msg.Link)
	}
	return link
}

func TestMagicURLSameBrowser(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	b := env.browser()
	link := magicLink(t, b, "magic@example.com")
	r := b.do("GET", pathAndQuery(link), "")
	if to := r.location(t, http.StatusSeeOther); to.String() != appOrigin+"/in" {
		t.Errorf("link redirects to %s", to)
	}
	if me := b.do("GET", "/me", ""); me.Status != 200 || !strings.Contains(string(me.Body), "magic@example.com") {
		t.Errorf("GET /me: %d %s", me.Status, me.Body)
	}
	// Single use: the state is spent, and so is the token behind it.
	if to := b.do("GET", pathAndQuery(link), "").location(t, http.StatusSeeOther); to.Query().Get("error") != "flow_state_used" {
		t.Errorf("second use redirects to %s, want ?error=flow_state_used", to)
	}
	confirm := env.browser()
	page := confirm.do("GET", pathAndQuery(link), "")
	form := formValues(t, string(page.Body))
	r = confirm.doWith("POST", "/magic-url/confirm", map[string]string{"origin": functionOrigin, "content-type": "application/x-www-form-urlencoded"}, form.Encode())
	if to := r.location(t, http.StatusSeeOther); to.Query().Get("error") != "flow_state_used" {
		t.Errorf("the spent link confirmed elsewhere redirects to %s, want ?error=flow_state_used", to)
	}
}

func TestMagicURLOtherBrowserAsksFirst(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	requester := env.browser()
	link := magicLink(t, requester, "victim@example.com")

	other := env.browser()
	page := other.do("GET", pathAndQuery(link), "")
	if page.Status != 200 || !strings.HasPrefix(page.Headers["content-type"], "text/html") {
		t.Fatalf("link in another browser: %d %s, want the confirmation page", page.Status, page.Headers["content-type"])
	}
	if other.value != "" {
		t.Fatal("opening the link in another browser signed it in without a click")
	}
	html := string(page.Body)
	if strings.Contains(html, "victim") || !strings.Contains(html, "Only continue if you asked for this link") {
		t.Errorf("page should warn and name no account: %s", html)
	}
	// A made-up link gets the same page: it tells nothing about users.
	forged := link.Query()
	forged.Set("userId", "nosuchuser")
	forged.Set("secret", strings.Repeat("ab", 32))
	fake := other.do("GET", link.Path+"?"+forged.Encode(), "")
	if fake.Status != 200 || strings.ReplaceAll(string(fake.Body), "nosuchuser", "") == string(fake.Body) {
		t.Errorf("a made-up link: %d, want the same confirmation page", fake.Status)
	}
	csp := page.Headers["content-security-policy"]
	for _, want := range []string{"default-src 'none'", "form-action 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %s", csp, want)
		}
	}
	if page.Headers["cache-control"] != "no-store" {
		t.Errorf("confirmation page cache-control = %q", page.Headers["cache-control"])
	}

	form := formValues(t, html)
	post := func(headers map[string]string) *result {
		return other.doWith("POST", "/magic-url/confirm", headers, form.Encode())
	}
	formHeaders := map[string]string{"content-type": "application/x-www-form-urlencoded"}
	// Posted from a foreign page, or as JSON, it is refused.
	foreign := post(map[string]string{"content-type": "application/x-www-form-urlencoded", "origin": "https://evil.example.net"})
	foreign.wantError(t, http.StatusForbidden, "request_origin_rejected")
	fromApp := post(map[string]string{"content-type": "application/x-www-form-urlencoded", "origin": appOrigin})
	fromApp.wantError(t, http.StatusForbidden, "request_origin_rejected")
	formHeaders["origin"] = functionOrigin
	formHeaders["sec-fetch-site"] = "same-origin"
	r := post(formHeaders)
	if to := r.location(t, http.StatusSeeOther); to.String() != appOrigin+"/in" {
		t.Errorf("confirm redirects to %s", to)
	}
	if me := other.do("GET", "/me", ""); me.Status != 200 || !strings.Contains(string(me.Body), "victim@example.com") {
		t.Errorf("GET /me after confirming: %d %s", me.Status, me.Body)
	}
}

// formValues reads the hidden inputs of the confirmation page's form.
func formValues(t *testing.T, html string) url.Values {
	t.Helper()
	v := url.Values{}
	for _, name := range []string{"flow", "userId", "secret"} {
		marker := `name="` + name + `" value="`
		i := strings.Index(html, marker)
		if i < 0 {
			t.Fatalf("no %s input in %s", name, html)
		}
		rest := html[i+len(marker):]
		v.Set(name, rest[:strings.Index(rest, `"`)])
	}
	return v
}

func TestMagicURLNoEnumeration(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	if _, err := env.emu.CreateUser("known@example.com", "correct horse battery", ""); err != nil {
		t.Fatal(err)
	}
	known := env.call("POST", "/magic-url", nil, `{"email":"known@example.com"}`)
	unknown := env.call("POST", "/magic-url", nil, `{"email":"unknown@example.com"}`)
	if known.Status != 202 || unknown.Status != 202 || string(known.Body) != string(unknown.Body) {
		t.Errorf("known %d %s, unknown %d %s: want the same 202", known.Status, known.Body, unknown.Status, unknown.Body)
	}
}

func TestMagicURLErrors(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	env.call("POST", "/magic-url", nil, `{"email":"x@example.com","redirect":"https://evil.example.net/"}`).
		wantError(t, 400, "redirect_not_allowed")
	env.call("POST", "/magic-url", nil, `{}`).wantError(t, 400, "general_argument_invalid")
	env.call("POST", "/magic-url", nil, `{"email":"not an email"}`).wantError(t, 400, "general_argument_invalid")

	off := newTestEnv(t, nil, appwritetest.WithSMTP(false))
	off.call("POST", "/magic-url", nil, `{"email":"x@example.com"}`).wantError(t, 503, "general_smtp_disabled")
}

func TestMagicURLExpires(t *testing.T) {
	t.Parallel()
	clock := appwritetest.NewClock(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	env := newTestEnv(t, nil, appwritetest.WithClock(clock.Now))
	b := env.browser()
	link := magicLink(t, b, "late@example.com")
	clock.Advance(61 * time.Minute)
	if to := b.do("GET", pathAndQuery(link), "").location(t, http.StatusSeeOther); to.Query().Get("error") != "user_invalid_token" {
		t.Errorf("expired link redirects to %s", to)
	}
	if b.value != "" {
		t.Error("an expired link signed in")
	}
}

func TestEmailCode(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	b := env.browser()
	r := b.do("POST", "/otp", `{"email":"Code@Example.com"}`)
	var started struct {
		UserID string `json:"userId"`
	}
	r.decode(t, &started)
	if r.Status != 200 || started.UserID == "" {
		t.Fatalf("POST /otp: %d %s", r.Status, r.Body)
	}
	msg, ok := env.emu.LastMessage("code@example.com", appwritetest.MessageEmailOTP)
	if !ok || len(msg.Code) != 6 {
		t.Fatalf("outbox message %+v", msg)
	}
	wrong := "000000"
	if msg.Code == wrong {
		wrong = "111111"
	}
	b.do("POST", "/otp/verify", `{"userId":"`+started.UserID+`","code":"`+wrong+`"}`).
		wantError(t, http.StatusUnauthorized, "user_invalid_token")
	if b.value != "" {
		t.Fatal("a wrong code set a session")
	}
	// Typed as people type it: with a space in the middle.
	typed := msg.Code[:3] + " " + msg.Code[3:]
	ok2 := b.do("POST", "/otp/verify", `{"userId":"`+started.UserID+`","code":"`+typed+`"}`)
	var user map[string]any
	ok2.decode(t, &user)
	if ok2.Status != 200 || user["$id"] != started.UserID || user["email"] != "code@example.com" || b.value == "" {
		t.Fatalf("POST /otp/verify: %d %s", ok2.Status, ok2.Body)
	}
	// The code is single use.
	env.call("POST", "/otp/verify", nil, `{"userId":"`+started.UserID+`","code":"`+msg.Code+`"}`).
		wantError(t, http.StatusUnauthorized, "user_invalid_token")
	env.call("POST", "/otp/verify", nil, `{"userId":"`+started.UserID+`"}`).wantError(t, 400, "general_argument_invalid")
}

func TestGuestUpgrade(t *testing.T) {
	t.Parallel()
	for _, mode := range signUpModes {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			guestUpgrade(t, newTestEnv(t, map[string]string{"SIGNUP_VERIFICATION": mode}))
		})
	}
}

func guestUpgrade(t *testing.T, env *testEnv) {
	b := env.browser()
	r := b.do("POST", "/anonymous", "")
	var guest map[string]any
	r.decode(t, &guest)
	if r.Status != http.StatusCreated || guest["email"] != "" || b.value == "" {
		t.Fatalf("POST /anonymous: %d %s", r.Status, r.Body)
	}
	if r := b.do("PATCH", "/me", `{"prefs":{"cart":["book"]}}`); r.Status != 200 {
		t.Fatalf("PATCH /me as guest: %d %s", r.Status, r.Body)
	}
	r = b.completeSignUp(`{"email":"guest@example.com","password":"correct horse battery","name":"Now Named"}`)
	var upgraded map[string]any
	r.decode(t, &upgraded)
	if r.Status != http.StatusCreated || upgraded["$id"] != guest["$id"] || upgraded["email"] != "guest@example.com" || upgraded["name"] != "Now Named" {
		t.Fatalf("sign-up as guest: %d %s, want the guest's own account upgraded", r.Status, r.Body)
	}
	if cart := upgraded["prefs"].(map[string]any)["cart"]; cart == nil {
		t.Errorf("prefs lost in the upgrade: %v", upgraded["prefs"])
	}
	// The upgraded account signs in with its new password, anywhere.
	other := env.browser()
	if r := other.do("POST", "/login", `{"email":"guest@example.com","password":"correct horse battery"}`); r.Status != 200 {
		t.Errorf("login after upgrade: %d %s", r.Status, r.Body)
	}
}

func TestJWT(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	b := env.browser()
	b.signUp("jwt@example.com", "correct horse battery")
	r := b.do("POST", "/jwt", `{"duration":60}`)
	var jwt struct{ JWT, Expire string }
	r.decode(t, &jwt)
	if r.Status != http.StatusCreated || strings.Count(jwt.JWT, ".") != 2 || jwt.Expire == "" {
		t.Fatalf("POST /jwt: %d %s", r.Status, r.Body)
	}
	// The JWT works against Appwrite directly, as the browser would use it.
	req, _ := http.NewRequest("GET", env.server.Endpoint+"/account", nil)
	req.Header.Set("X-Appwrite-Project", env.server.ProjectID)
	req.Header.Set("X-Appwrite-JWT", jwt.JWT)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("GET /account with the JWT: %d", resp.StatusCode)
	}
	b.do("POST", "/jwt", `{"duration":7200}`).wantError(t, 400, "general_argument_invalid")
	b.do("POST", "/jwt", `{"duration":"60"}`).wantError(t, 400, "general_argument_invalid")
	env.call("POST", "/jwt", nil, `{}`).wantError(t, 401, "user_unauthorized")
}

func TestSessions(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	laptop, phone, tablet := env.browser(), env.browser(), env.browser()
	laptop.signUp("many@example.com", "correct horse battery")
	for _, b := range []*browser{phone, tablet} {
		if r := b.do("POST", "/login", `{"email":"many@example.com","password":"correct horse battery"}`); r.Status != 200 {
			t.Fatalf("login: %d %s", r.Status, r.Body)
		}
	}
	r := laptop.do("GET", "/sessions", "")
	var list struct {
		Total    int              `json:"total"`
		Sessions []map[string]any `json:"sessions"`
	}
	r.decode(t, &list)
	if r.Status != 200 || list.Total != 3 || len(list.Sessions) != 3 {
		t.Fatalf("GET /sessions: %d %s", r.Status, r.Body)
	}
	current := 0
	var phoneID string
	for _, s := range list.Sessions {
		for _, k := range []string{"secret", "providerAccessToken", "providerRefreshToken"} {
			if _, ok := s[k]; ok {
				t.Errorf("session shows %q", k)
			}
		}
		for _, k := range []string{"$id", "osName", "clientName", "deviceName", "countryCode", "current", "expire"} {
			if _, ok := s[k]; !ok {
				t.Errorf("session lacks %q", k)
			}
		}
		if s["current"] == true {
			current++
		}
	}
	if current != 1 {
		t.Errorf("%d sessions marked current, want 1", current)
	}
	// Find the phone's session from the phone itself.
	var phoneList struct {
		Sessions []map[string]any `json:"sessions"`
	}
	phone.do("GET", "/sessions", "").decode(t, &phoneList)
	for _, s := range phoneList.Sessions {
		if s["current"] == true {
			phoneID = s["$id"].(string)
		}
	}
	// Revoke the phone from the laptop: the phone is signed out at once.
	if r := laptop.do("DELETE", "/sessions/"+phoneID, ""); r.Status != 204 || r.cookie(t) != nil {
		t.Fatalf("DELETE /sessions/{phone}: %d %s (cookie %q)", r.Status, r.Body, r.Headers["set-cookie"])
	}
	phone.do("GET", "/me", "").wantError(t, 401, "user_unauthorized")
	// Another user's session cannot be revoked.
	stranger := env.browser()
	stranger.signUp("stranger@example.com", "correct horse battery")
	var laptopList struct {
		Sessions []map[string]any `json:"sessions"`
	}
	laptop.do("GET", "/sessions", "").decode(t, &laptopList)
	stranger.do("DELETE", "/sessions/"+laptopList.Sessions[0]["$id"].(string), "").wantError(t, 404, "user_session_not_found")

	// Sign out everywhere else, then everywhere.
	if r := laptop.do("DELETE", "/sessions?scope=others", ""); r.Status != 204 || r.cookie(t) != nil {
		t.Fatalf("scope=others: %d %s", r.Status, r.Body)
	}
	tablet.do("GET", "/me", "").wantError(t, 401, "user_unauthorized")
	if r := laptop.do("GET", "/me", ""); r.Status != 200 {
		t.Fatalf("the laptop was signed out by scope=others: %d", r.Status)
	}
	laptop.do("DELETE", "/sessions?scope=everything", "").wantError(t, 400, "general_argument_invalid")
	r = laptop.do("DELETE", "/sessions?scope=all", "")
	if r.Status != 204 {
		t.Fatalf("scope=all: %d %s", r.Status, r.Body)
	}
	r.wantCleared(t)
	env.call("GET", "/sessions", nil, "").wantError(t, 401, "user_unauthorized")
}

func TestDeleteCurrentSessionClearsCookie(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	b := env.browser()
	b.signUp("cur@example.com", "correct horse battery")
	r := b.do("DELETE", "/sessions/current", "")
	if r.Status != 204 {
		t.Fatalf("DELETE /sessions/current: %d %s", r.Status, r.Body)
	}
	r.wantCleared(t)
	b.do("DELETE", "/sessions/bad!id", "").wantError(t, 400, "general_argument_invalid")
}

func TestRecovery(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	b := env.browser()
	user := b.signUp("lost@example.com", "old password 123")
	other := env.browser()
	other.do("POST", "/login", `{"email":"lost@example.com","password":"old password 123"}`)

	for _, email := range []string{"lost@example.com", "nobody@example.com"} {
		r := env.call("POST", "/recovery", nil, `{"email":"`+email+`","redirect":"`+appOrigin+`/reset"}`)
		if r.Status != http.StatusAccepted || string(r.Body) != "{}" {
			t.Errorf("POST /recovery for %s: %d %s, want 202 {}", email, r.Status, r.Body)
		}
	}
	msg, ok := env.emu.LastMessage("lost@example.com", appwritetest.MessageRecovery)
	if !ok {
		t.Fatal("no recovery e-mail")
	}
	link, _ := url.Parse(msg.Link)
	if link.Host != appHost || link.Path != "/reset" {
		t.Errorf("recovery link %s, want the app's reset page", link)
	}
	q := link.Query()
	body := func(secret, password string) string {
		b, _ := json.Marshal(map[string]string{"userId": q.Get("userId"), "secret": secret, "password": password})
		return string(b)
	}
	env.call("POST", "/recovery/confirm", nil, body("wrong", "new password 456")).wantError(t, 401, "user_invalid_token")
	env.call("POST", "/recovery/confirm", nil, body(q.Get("secret"), "short")).wantError(t, 400, "general_argument_invalid")
	r := env.call("POST", "/recovery/confirm", nil, body(q.Get("secret"), "new password 456"))
	if r.Status != 200 {
		t.Fatalf("POST /recovery/confirm: %d %s", r.Status, r.Body)
	}
	env.call("POST", "/recovery/confirm", nil, body(q.Get("secret"), "new password 789")).wantError(t, 401, "user_invalid_token")
	if n := env.emu.SessionCount(user["$id"].(string)); n != 0 {
		t.Errorf("%d sessions survive the reset, want 0", n)
	}
	env.call("POST", "/login", nil, `{"email":"lost@example.com","password":"old password 123"}`).wantError(t, 401, "user_invalid_credentials")
	if r := env.call("POST", "/login", nil, `{"email":"lost@example.com","password":"new password 456"}`); r.Status != 200 {
		t.Errorf("login with the new password: %d %s", r.Status, r.Body)
	}
	env.call("POST", "/recovery", nil, `{"email":"lost@example.com","redirect":"https://evil.example.net/"}`).wantError(t, 400, "redirect_not_allowed")
}

// verificationLink asks for a verification e-mail in b, signed in as
// email, and returns the link from the outbox.
func verificationLink(t *testing.T, b *browser, email string) *url.URL {
	t.Helper()
	r := b.do("POST", "/verification", `{"redirect":"`+appOrigin+`/verified"}`)
	if r.Status != http.StatusAccepted {
		t.Fatalf("POST /verification: %d %s", r.Status, r.Body)
	}
	msg, ok := b.env.emu.LastMessage(email, appwritetest.MessageVerification)
	if !ok {
		t.Fatal("no verification e-mail")
	}
	link, _ := url.Parse(msg.Link)
	if link.Host != functionHost || link.Path != "/verification/callback" {
		t.Fatalf("verification link %s", link)
	}
	return link
}

// emailVerified reports whether b's user has a verified address.
func emailVerified(t *testing.T, b *browser) bool {
	t.Helper()
	var me map[string]any
	b.do("GET", "/me", "").decode(t, &me)
	return me["emailVerification"] == true
}

// TestVerification: the link opened in the browser that asked for it
// verifies the address at once; the flow cookie is set by POST
// /verification.
func TestVerification(t *testing.T) {
	t.Parallel()
	// Verified sign-up proves the address; an instant one leaves it to
	// the verification link.
	env := newTestEnv(t, map[string]string{"SIGNUP_VERIFICATION": "off"})
	b := env.browser()
	b.signUp("verify@example.com", "correct horse battery")
	env.call("POST", "/verification", nil, `{}`).wantError(t, 401, "user_unauthorized")
	start := b.do("POST", "/verification", `{"redirect":"`+appOrigin+`/verified"}`)
	if c := start.cookie(t); c == nil || c.Name != "__Host-"+sessionCookieName(env)+"_verify" || c.Path != "/" || c.MaxAge != 900 || !c.HttpOnly || !c.Secure {
		t.Errorf("POST /verification set-cookie %q, want the __Host- flow cookie for 15 minutes", start.Headers["set-cookie"])
	}
	link := verificationLink(t, b, "verify@example.com")
	r := b.do("GET", pathAndQuery(link), "")
	if to := r.location(t, http.StatusSeeOther); to.Path != "/verified" || to.Query().Get("verified") != "true" {
		t.Errorf("callback redirects to %s", to)
	}
	if !emailVerified(t, b) {
		t.Error("the address is not verified after the link")
	}
	again := b.do("GET", pathAndQuery(link), "")
	if to := again.location(t, http.StatusSeeOther); to.Query().Get("error") != "user_invalid_token" {
		t.Errorf("second use redirects to %s", to)
	}
	if r := b.do("POST", "/verification", `{}`); r.Status != 409 {
		t.Errorf("POST /verification when verified: %d %s, want 409", r.Status, r.Body)
	}
}

// TestVerificationOtherBrowserAsksFirst: opened in any other browser the
// link changes nothing; it shows a page naming the account, masked, whose
// button, posted from the function's own page, verifies the address.
func TestVerificationOtherBrowserAsksFirst(t *testing.T) {
	t.Parallel()
	// Verified sign-up proves the address; an instant one leaves it to
	// the verification link.
	env := newTestEnv(t, map[string]string{"SIGNUP_VERIFICATION": "off"})
	b := env.browser()
	b.signUp("verify-elsewhere@example.com", "correct horse battery")
	link := verificationLink(t, b, "verify-elsewhere@example.com")

	other := env.browser()
	page := other.do("GET", pathAndQuery(link), "")
	if page.Status != http.StatusOK || !strings.HasPrefix(page.Headers["content-type"], "text/html") || page.Headers["set-cookie"] != "" {
		t.Fatalf("the link in another browser: %d %s, set-cookie %q; want the confirmation page", page.Status, page.Headers["content-type"], page.Headers["set-cookie"])
	}
	html := string(page.Body)
	for _, want := range []string{`<strong id="account">v***@example.com</strong>`, "Only continue if you asked for this e-mail yourself", `action="` + functionOrigin + `/verification/confirm"`} {
		if !strings.Contains(html, want) {
			t.Errorf("the page lacks %s:\n%s", want, html)
		}
	}
	if csp := page.Headers["content-security-policy"]; !strings.Contains(csp, "form-action 'self' "+appOrigin) || page.Headers["cache-control"] != "no-store" {
		t.Errorf("CSP %q, cache-control %q", csp, page.Headers["cache-control"])
	}
	if emailVerified(t, b) {
		t.Fatal("opening the link in another browser verified the address")
	}

	form := formValues(t, html).Encode()
	formType := "application/x-www-form-urlencoded"
	other.doWith("POST", "/verification/confirm", map[string]string{"content-type": formType, "origin": appOrigin}, form).
		wantError(t, http.StatusForbidden, "request_origin_rejected")
	other.doWith("POST", "/verification/confirm", map[string]string{"content-type": "application/json", "origin": functionOrigin}, form).
		wantError(t, http.StatusUnsupportedMediaType, "request_content_type_unsupported")
	if emailVerified(t, b) {
		t.Fatal("a refused confirmation verified the address")
	}
	r := other.doWith("POST", "/verification/confirm", map[string]string{"content-type": formType, "origin": functionOrigin, "sec-fetch-site": "same-origin"}, form)
	if to := r.location(t, http.StatusSeeOther); to.Path != "/verified" || to.Query().Get("verified") != "true" || r.Headers["set-cookie"] != "" {
		t.Errorf("the confirmation redirects to %s, set-cookie %q", to, r.Headers["set-cookie"])
	}
	// Another browser's button cannot tell the owner from whoever set the
	// instant sign-up's password: the unproven account was retired
	// (TestVerificationByOwnerRetires), and the address is verified.
	if u := env.emu.Users(); len(u) != 1 || !u[0].EmailVerification {
		t.Errorf("the confirmed link did not verify the address: %+v", u)
	}
	b.do("GET", "/me", "").wantError(t, http.StatusUnauthorized, "user_unauthorized")
	missing := other.doWith("POST", "/verification/confirm", map[string]string{"content-type": formType, "origin": functionOrigin},
		url.Values{"flow": {link.Query().Get("flow")}}.Encode())
	if to := missing.location(t, http.StatusSeeOther); to.Query().Get("error") != "user_invalid_token" {
		t.Errorf("a form without the token redirects to %s", to)
	}
}

func TestProfile(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	b := env.browser()
	b.signUp("prof@example.com", "correct horse battery")
	r := b.do("PATCH", "/me", `{"name":"New Name","prefs":{"theme":"dark","n":2}}`)
	var user map[string]any
	r.decode(t, &user)
	if r.Status != 200 || user["name"] != "New Name" || user["prefs"].(map[string]any)["theme"] != "dark" {
		t.Fatalf("PATCH /me: %d %s", r.Status, r.Body)
	}
	b.do("PATCH", "/me", `{}`).wantError(t, 400, "general_argument_invalid")
	b.do("PATCH", "/me", `{"prefs":[1]}`).wantError(t, 400, "general_argument_invalid")
	b.do("PATCH", "/me", `{"name":""}`).wantError(t, 400, "general_argument_invalid")
	env.call("PATCH", "/me", nil, `{"name":"x"}`).wantError(t, 401, "user_unauthorized")

	b.do("POST", "/me/password", `{"password":"brand new pass","oldPassword":"wrong password"}`).wantError(t, 401, "user_invalid_credentials")
	b.do("POST", "/me/password", `{"password":"brand new pass"}`).wantError(t, 401, "user_invalid_credentials")
	b.do("POST", "/me/password", `{"oldPassword":"correct horse battery"}`).wantError(t, 400, "general_argument_invalid")
	oldCookie := b.value
	if r := b.do("POST", "/me/password", `{"password":"brand new pass","oldPassword":"correct horse battery"}`); r.Status != 200 {
		t.Fatalf("POST /me/password: %d %s", r.Status, r.Body)
	}
	// This browser stays signed in, on a new session; the old one is gone.
	if b.value == oldCookie || b.do("GET", "/me", "").Status != 200 {
		t.Fatalf("after the password change the browser has cookie %q and /me fails, want a new working session", b.value)
	}
	env.call("GET", "/me", map[string]string{"cookie": b.name + "=" + oldCookie}, "").wantError(t, 401, "user_unauthorized")
	if r := env.call("POST", "/login", nil, `{"email":"prof@example.com","password":"brand new pass"}`); r.Status != 200 {
		t.Errorf("login with the new password: %d", r.Status)
	}

	b.do("POST", "/me/email", `{"email":"moved@example.com","password":"wrong password"}`).wantError(t, 401, "user_invalid_credentials")
	r = b.do("POST", "/me/email", `{"email":"Moved@Example.com","password":"brand new pass"}`)
	r.decode(t, &user)
	if r.Status != 200 || user["email"] != "moved@example.com" || user["emailVerification"] != false {
		t.Fatalf("POST /me/email: %d %s", r.Status, r.Body)
	}
}

func TestMFA(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	b := env.browser()
	user := b.signUp("mfa@example.com", "correct horse battery")
	if err := env.emu.SetEmailVerified(user["$id"].(string), true); err != nil {
		t.Fatal(err)
	}
	r := b.do("PATCH", "/me/mfa", `{"enabled":true}`)
	var updated map[string]any
	r.decode(t, &updated)
	if r.Status != 200 || updated["mfa"] != true {
		t.Fatalf("PATCH /me/mfa: %d %s", r.Status, r.Body)
	}
	b.do("PATCH", "/me/mfa", `{"enabled":"yes"}`).wantError(t, 400, "general_argument_invalid")

	second := env.browser()
	r = second.do("POST", "/login", `{"email":"mfa@example.com","password":"correct horse battery"}`)
	var step struct {
		MFARequired bool     `json:"mfaRequired"`
		Factors     []string `json:"factors"`
	}
	r.decode(t, &step)
	if r.Status != 200 || !step.MFARequired || len(step.Factors) == 0 || step.Factors[0] != "email" || second.value == "" {
		t.Fatalf("login with MFA: %d %s (cookie %q)", r.Status, r.Body, second.value)
	}
	second.do("GET", "/me", "").wantError(t, 401, "user_more_factors_required")
	second.do("POST", "/mfa/challenge", `{"factor":"sms"}`).wantError(t, 400, "general_argument_invalid")
	r = second.do("POST", "/mfa/challenge", `{"factor":"email"}`)
	var challenge struct{ ChallengeID string }
	r.decode(t, &challenge)
	if r.Status != http.StatusCreated || challenge.ChallengeID == "" {
		t.Fatalf("POST /mfa/challenge: %d %s", r.Status, r.Body)
	}
	msg, ok := env.emu.LastMessage("mfa@example.com", appwritetest.MessageMFA)
	if !ok {
		t.Fatal("no MFA code e-mailed")
	}
	second.do("POST", "/mfa/verify", `{"challengeId":"`+challenge.ChallengeID+`","otp":"000000x"}`).wantError(t, 401, "user_invalid_token")
	r = second.do("POST", "/mfa/verify", `{"challengeId":"`+challenge.ChallengeID+`","otp":"`+msg.Code+`"}`)
	if r.Status != 200 || !strings.Contains(string(r.Body), "mfa@example.com") {
		t.Fatalf("POST /mfa/verify: %d %s", r.Status, r.Body)
	}
	if r := second.do("GET", "/me", ""); r.Status != 200 {
		t.Errorf("GET /me after MFA: %d %s", r.Status, r.Body)
	}
	env.call("POST", "/mfa/challenge", nil, `{"factor":"email"}`).wantError(t, 401, "user_unauthorized")
	// Turning it off takes more than the session: the password, or a
	// second factor completed in the last five minutes.
	b.do("PATCH", "/me/mfa", `{"enabled":false}`).wantError(t, 401, "user_challenge_required")
	b.do("PATCH", "/me/mfa", `{"enabled":false,"password":"not it"}`).wantError(t, 401, "user_invalid_credentials")
	if r := b.do("PATCH", "/me/mfa", `{"enabled":false,"password":"correct horse battery"}`); r.Status != 200 {
		t.Errorf("turning MFA off with the password: %d %s", r.Status, r.Body)
	}
	if r := second.do("PATCH", "/me/mfa", `{"enabled":false}`); r.Status != 200 {
		t.Errorf("turning MFA off just after a second factor: %d %s", r.Status, r.Body)
	}
}

// TestSessionsShowTheBrowser: the admin client forwards the browser's user
// agent, so the session Appwrite records shows the user's browser and
// system, not the SDK.
func TestSessionsShowTheBrowser(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	b := env.browser()
	b.extras["user-agent"] = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:121.0) Gecko/20100101 Firefox/121.0"
	b.signUp("ua@example.com", "correct horse battery")
	var list struct {
		Sessions []struct {
			ClientName string `json:"clientName"`
			OSName     string `json:"osName"`
			DeviceName string `json:"deviceName"`
		} `json:"sessions"`
	}
	b.do("GET", "/sessions", "").decode(t, &list)
	if len(list.Sessions) != 1 || list.Sessions[0].ClientName != "Firefox" || list.Sessions[0].OSName != "Mac" || list.Sessions[0].DeviceName != "desktop" {
		t.Errorf("sessions = %+v, want Firefox on Mac, desktop", list.Sessions)
	}
}

// TestPasswordChangesAreNotOneSharedBudget: Appwrite limits its own
// password route to 10 calls an hour per IP, and all the function's calls
// come from one address. Eleven users changing their passwords in the same
// hour must all succeed: the function checks and sets passwords with the
// admin client, which Appwrite does not limit.
func TestPasswordChangesAreNotOneSharedBudget(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	for i := 0; i < 11; i++ {
		b := env.browser()
		b.signUp(fmt.Sprintf("pw%d@example.com", i), "correct horse battery")
		if r := b.do("POST", "/me/password", `{"password":"brand new pass","oldPassword":"correct horse battery"}`); r.Status != 200 {
			t.Fatalf("user %d's password change: %d %s", i, r.Status, r.Body)
		}
	}
}

// TestSetFirstPassword: a user who signed in without a password (an
// e-mail code) sets one without an old one, and can then sign in with it.
func TestSetFirstPassword(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	b := env.browser()
	var started struct{ UserID string }
	b.do("POST", "/otp", `{"email":"first@example.com"}`).decode(t, &started)
	msg, _ := env.emu.LastMessage("first@example.com", appwritetest.MessageEmailOTP)
	if r := b.do("POST", "/otp/verify", `{"userId":"`+started.UserID+`","code":"`+msg.Code+`"}`); r.Status != 200 {
		t.Fatalf("code sign-in: %d %s", r.Status, r.Body)
	}
	if r := b.do("POST", "/me/password", `{"password":"first password 1"}`); r.Status != 200 {
		t.Fatalf("setting a first password: %d %s", r.Status, r.Body)
	}
	if r := b.do("GET", "/me", ""); r.Status != 200 {
		t.Errorf("GET /me after setting a password: %d", r.Status)
	}
	if r := env.call("POST", "/login", nil, `{"email":"first@example.com","password":"first password 1"}`); r.Status != 200 {
		t.Errorf("sign-in with the new password: %d %s", r.Status, r.Body)
	}
}
