package server

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"openruntimes/handler/appwritetest"
)

// ---------------------------------------------------------------------------
// Secret hygiene

// exchangeLog records every response a scenario gets from the function.
type exchangeLog struct {
	t       *testing.T
	entries []loggedExchange
}

type loggedExchange struct {
	method, target string
	r              *result
}

// do makes a call with b and records it.
func (l *exchangeLog) do(b *browser, method, target string, headers map[string]string, body string) *result {
	l.t.Helper()
	r := b.doWith(method, target, headers, body)
	l.entries = append(l.entries, loggedExchange{method, target, r})
	return r
}

// flowsIn returns the decoded flow= parameters of a URL, looking into the
// URLs its query carries (Appwrite's success and failure) too.
func flowsIn(raw string, depth int) []string {
	u, err := url.Parse(raw)
	if err != nil || depth > 2 {
		return nil
	}
	var out []string
	for key, values := range u.Query() {
		for _, v := range values {
			if key == "flow" {
				b, _ := base64.RawURLEncoding.DecodeString(v)
				out = append(out, string(b))
			}
			if strings.Contains(v, "://") {
				out = append(out, flowsIn(v, depth+1)...)
			}
		}
	}
	return out
}

// TestNoSecretInLogsBodiesOrRedirects runs every flow (sign-up, sign-in,
// magic links in the same and another browser, e-mail codes, recovery,
// JWT, MFA by e-mail code, authenticator app and recovery code, OAuth2
// through the emulator's provider, verification, sign-out) with Appwrite's per-execution key in x-appwrite-key, collects
// every secret that appeared (passwords, the API key, session secrets,
// token secrets and codes from the outbox, the OAuth2 token secret, the
// JWT, the authenticator's secret and code, the recovery codes), and checks that none is in a log line, a response body, a
// response header other than the session's own Set-Cookie, or a redirect
// Location, the flow= parameters inside it decoded. The only secrets a
// body may hold are the ones it exists to hand over: the JWT in POST
// /jwt's answer, the authenticator's secret in POST /me/mfa/totp's, the
// recovery codes in POST /me/mfa/recovery-codes's, and a magic or
// verification link's own token in the confirmation page of that link. Defences: the log line of respond.go (route pattern,
// hashed user ID, nothing of headers, query or body), the handlers'
// answers, failRedirect (the error type only), the flow value (state and
// targets only).
func TestNoSecretInLogsBodiesOrRedirects(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, map[string]string{"APPWRITE_API_KEY": ""})
	log := &exchangeLog{t: t}
	key := env.server.APIKey
	newBrowser := func() *browser {
		b := env.browser()
		b.extras["x-appwrite-key"] = key
		return b
	}
	passwords := []string{"alice password 123", "wrong guess 1234", "alice new password 456", "erin password 789", "frank password 012", "hank password 345"}
	mustStatus := func(r *result, status int, what string) {
		t.Helper()
		if r.Status != status {
			t.Fatalf("%s: %d %s, want %d", what, r.Status, r.Body, status)
		}
	}

	signUp := func(b *browser, body string) *result {
		t.Helper()
		return finishSignUp(env, log.do(b, "POST", "/signup", nil, body), body, func(verify string) *result {
			return log.do(b, "POST", "/signup/verify", nil, verify)
		})
	}

	// E-mail and password.
	a, b := newBrowser(), newBrowser()
	mustStatus(signUp(a, `{"email":"alice@example.com","password":"alice password 123","name":"Alice"}`), 201, "sign-up")
	mustStatus(log.do(b, "POST", "/login", nil, `{"email":"alice@example.com","password":"wrong guess 1234"}`), 401, "wrong sign-in")
	mustStatus(log.do(b, "POST", "/login", nil, `{"email":"alice@example.com","password":"alice password 123"}`), 200, "sign-in")
	mustStatus(log.do(a, "GET", "/me", nil, ""), 200, "GET /me")
	mustStatus(log.do(a, "GET", "/sessions", nil, ""), 200, "GET /sessions")

	// Magic links: the same browser, then another one that confirms.
	c := newBrowser()
	mustStatus(log.do(c, "POST", "/magic-url", nil, `{"email":"carol@example.com","redirect":"`+appOrigin+`/in"}`), 202, "magic link")
	m, _ := env.emu.LastMessage("carol@example.com", appwritetest.MessageMagicURL)
	link, _ := url.Parse(m.Link)
	mustStatus(log.do(c, "GET", pathAndQuery(link), nil, ""), 303, "magic link, same browser")
	mustStatus(log.do(c, "POST", "/magic-url", nil, `{"email":"carol@example.com","redirect":"`+appOrigin+`/in"}`), 202, "second magic link")
	m, _ = env.emu.LastMessage("carol@example.com", appwritetest.MessageMagicURL)
	link, _ = url.Parse(m.Link)
	d := newBrowser()
	page := log.do(d, "GET", pathAndQuery(link), nil, "")
	mustStatus(page, 200, "magic link, other browser")
	mustStatus(log.do(d, "POST", "/magic-url/confirm", map[string]string{
		"content-type": "application/x-www-form-urlencoded", "origin": functionOrigin, "sec-fetch-site": "same-origin",
	}, formValues(t, string(page.Body)).Encode()), 303, "magic link confirmation")

	// E-mail code.
	dave := newBrowser()
	r := log.do(dave, "POST", "/otp", nil, `{"email":"dave@example.com"}`)
	mustStatus(r, 200, "POST /otp")
	var otp struct {
		UserID string `json:"userId"`
	}
	r.decode(t, &otp)
	code, _ := env.emu.LastMessage("dave@example.com", appwritetest.MessageEmailOTP)
	log.do(dave, "POST", "/otp/verify", nil, `{"userId":"`+otp.UserID+`","code":"`+strings.Repeat("9", 6)+`"}`)
	mustStatus(log.do(dave, "POST", "/otp/verify", nil, `{"userId":"`+otp.UserID+`","code":"`+code.Code+`"}`), 200, "code")

	// Recovery.
	mustStatus(log.do(newBrowser(), "POST", "/recovery", nil, `{"email":"alice@example.com","redirect":"`+appOrigin+`/reset"}`), 202, "recovery")
	rec, _ := env.emu.LastMessage("alice@example.com", appwritetest.MessageRecovery)
	body, _ := json.Marshal(map[string]string{"userId": rec.UserID, "secret": rec.Secret, "password": "alice new password 456"})
	mustStatus(log.do(newBrowser(), "POST", "/recovery/confirm", nil, string(body)), 200, "recovery confirmation")

	// JWT and verification.
	e := newBrowser()
	erin := signUp(e, `{"email":"erin@example.com","password":"erin password 789"}`)
	mustStatus(erin, 201, "sign-up erin")
	// An account from before verified sign-up, whose address is unproven.
	var erinUser struct {
		ID string `json:"$id"`
	}
	erin.decode(t, &erinUser)
	env.emu.SetEmailVerified(erinUser.ID, false)
	r = log.do(e, "POST", "/jwt", nil, `{"duration":60}`)
	mustStatus(r, 201, "JWT")
	var jwt struct {
		JWT string `json:"jwt"`
	}
	r.decode(t, &jwt)
	mustStatus(log.do(e, "POST", "/verification", nil, `{"redirect":"`+appOrigin+`/verified"}`), 202, "verification")
	ver, _ := env.emu.LastMessage("erin@example.com", appwritetest.MessageVerification)
	vlink, _ := url.Parse(ver.Link)
	other := newBrowser()
	vpage := log.do(other, "GET", pathAndQuery(vlink), nil, "")
	mustStatus(vpage, 200, "verification link, other browser")
	mustStatus(log.do(other, "POST", "/verification/confirm", map[string]string{
		"content-type": "application/x-www-form-urlencoded", "origin": functionOrigin, "sec-fetch-site": "same-origin",
	}, formValues(t, string(vpage.Body)).Encode()), 303, "verification confirmation")

	// MFA.
	f := newBrowser()
	frank := signUp(f, `{"email":"frank@example.com","password":"frank password 012"}`)
	mustStatus(frank, 201, "sign-up frank")
	var frankUser struct {
		ID string `json:"$id"`
	}
	frank.decode(t, &frankUser)
	env.emu.SetEmailVerified(frankUser.ID, true)
	mustStatus(log.do(f, "PATCH", "/me/mfa", nil, `{"enabled":true}`), 200, "MFA on")
	f2 := newBrowser()
	mustStatus(log.do(f2, "POST", "/login", nil, `{"email":"frank@example.com","password":"frank password 012"}`), 200, "MFA sign-in")
	r = log.do(f2, "POST", "/mfa/challenge", nil, `{"factor":"email"}`)
	mustStatus(r, 201, "MFA challenge")
	var ch struct {
		ChallengeID string `json:"challengeId"`
	}
	r.decode(t, &ch)
	mfa, _ := env.emu.LastMessage("frank@example.com", appwritetest.MessageMFA)
	mustStatus(log.do(f2, "POST", "/mfa/verify", nil, `{"challengeId":"`+ch.ChallengeID+`","otp":"`+mfa.Code+`"}`), 200, "MFA verify")

	// An authenticator app, recovery codes and a sign-in with one.
	r = log.do(f, "POST", "/me/mfa/totp", nil, "")
	mustStatus(r, 201, "TOTP enrolment")
	var totp struct {
		Secret string `json:"secret"`
	}
	r.decode(t, &totp)
	if left := 30 - time.Now().Unix()%30; left <= 2 { // the emulator's step must be the code's
		time.Sleep(time.Duration(left) * time.Second)
	}
	totpCode := appwritetest.TOTPCode(totp.Secret, time.Now())
	mustStatus(log.do(f, "PUT", "/me/mfa/totp", nil, `{"code":"`+totpCode+`"}`), 200, "TOTP confirmation")
	r = log.do(f, "POST", "/me/mfa/recovery-codes", nil, "")
	mustStatus(r, 201, "recovery codes")
	var rc struct {
		RecoveryCodes []string `json:"recoveryCodes"`
	}
	r.decode(t, &rc)
	f3 := newBrowser()
	mustStatus(log.do(f3, "POST", "/login", nil, `{"email":"frank@example.com","password":"frank password 012"}`), 200, "MFA sign-in")
	r = log.do(f3, "POST", "/mfa/challenge", nil, `{"factor":"recoveryCode"}`)
	mustStatus(r, 201, "recovery-code challenge")
	r.decode(t, &ch)
	mustStatus(log.do(f3, "POST", "/mfa/verify", nil, `{"challengeId":"`+ch.ChallengeID+`","otp":"`+rc.RecoveryCodes[0]+`"}`), 200, "recovery-code sign-in")

	// OAuth2 through the emulator's provider.
	g := newBrowser()
	start := log.do(g, "GET", "/oauth2/github?redirect="+url.QueryEscape(appOrigin+"/welcome"), nil, "")
	toProvider := get(t, start.location(t, http.StatusFound).String(), http.StatusMovedPermanently)
	provider, _ := url.Parse(env.server.URL)
	provider = provider.ResolveReference(toProvider)
	pq := provider.Query()
	pq.Set("email", "gina@example.com")
	provider.RawQuery = pq.Encode()
	callback := get(t, provider.String(), http.StatusMovedPermanently)
	oauthSecret := callback.Query().Get("secret")
	mustStatus(log.do(g, "GET", pathAndQuery(callback), nil, ""), 303, "OAuth2 callback")
	mustStatus(log.do(g, "GET", "/me", nil, ""), 200, "GET /me after OAuth2")

	// A pre-hijacked account, made at Appwrite directly, retired by a
	// magic link.
	if _, err := env.emu.CreateUser("hank@example.com", "hank password 345", ""); err != nil {
		t.Fatal(err)
	}
	h := newBrowser()
	mustStatus(log.do(h, "POST", "/magic-url", nil, `{"email":"hank@example.com","redirect":"`+appOrigin+`/in"}`), 202, "hank's magic link")
	m, _ = env.emu.LastMessage("hank@example.com", appwritetest.MessageMagicURL)
	link, _ = url.Parse(m.Link)
	mustStatus(log.do(h, "GET", pathAndQuery(link), nil, ""), 303, "hank's account retired")
	if !strings.Contains(env.logs.text(), "the account was retired") {
		t.Error("the account was not retired")
	}

	// Sign-out.
	mustStatus(log.do(a, "POST", "/logout", nil, ""), 204, "sign-out")
	mustStatus(log.do(g, "POST", "/logout", nil, ""), 204, "sign-out")

	// Every secret of the run.
	secrets := map[string]string{key: "API key", oauthSecret: "OAuth2 token secret", jwt.JWT: "JWT",
		totp.Secret: "TOTP secret", totpCode: "TOTP code"}
	for _, c := range rc.RecoveryCodes {
		secrets[c] = "recovery code"
	}
	for _, p := range passwords {
		secrets[p] = "password"
	}
	for _, msg := range env.emu.Outbox() {
		if msg.Secret != "" {
			secrets[msg.Secret] = string(msg.Kind) + " token secret"
		}
		if msg.Code != "" {
			secrets[msg.Code] = string(msg.Kind) + " code"
		}
	}
	for _, x := range log.entries {
		c := x.r.cookie(t)
		if c == nil || c.Name != sessionCookieName(env) || c.Value == "" {
			continue
		}
		secrets[c.Value] = "session cookie"
		raw, _ := base64.StdEncoding.DecodeString(c.Value)
		var inner struct{ Secret string }
		if json.Unmarshal(raw, &inner) == nil && inner.Secret != "" {
			secrets[inner.Secret] = "session secret"
		}
	}
	delete(secrets, "")
	if n := len(secrets); n < 20 {
		t.Fatalf("only %d secrets collected: the scenario did not run", n)
	}

	// A six-digit code counts only as a whole word, so that it is not
	// found by chance inside an ID or a timestamp.
	contains := func(text, s string) bool {
		if len(s) > 6 {
			return strings.Contains(text, s)
		}
		for i := strings.Index(text, s); i >= 0; {
			before, after := i-1, i+len(s)
			if (before < 0 || !isAlnum(text[before])) && (after >= len(text) || !isAlnum(text[after])) {
				return true
			}
			next := strings.Index(text[i+1:], s)
			if next < 0 {
				break
			}
			i += 1 + next
		}
		return false
	}
	logs := env.logs.text()
	for s, kind := range secrets {
		for _, form := range []string{s, url.QueryEscape(s)} {
			if contains(logs, form) {
				t.Errorf("the log holds a %s", kind)
			}
		}
	}
	for _, x := range log.entries {
		what := x.method + " " + strings.SplitN(x.target, "?", 2)[0]
		for s, kind := range secrets {
			inBody := contains(string(x.r.Body), s)
			switch {
			case inBody && kind == "JWT" && x.target == "/jwt":
			case inBody && kind == "TOTP secret" && x.method == "POST" && x.target == "/me/mfa/totp":
			case inBody && kind == "recovery code" && x.method == "POST" && x.target == "/me/mfa/recovery-codes":
			case inBody && kind == "magic-url token secret" && strings.HasPrefix(x.target, "/magic-url/callback?") &&
				strings.Contains(x.target, "secret="+url.QueryEscape(s)):
			case inBody && kind == "verification token secret" && strings.HasPrefix(x.target, "/verification/callback?") &&
				strings.Contains(x.target, "secret="+url.QueryEscape(s)):
			case inBody:
				t.Errorf("%s: the body holds a %s", what, kind)
			}
			for h, v := range x.r.Headers {
				if h == "set-cookie" && kind == "session cookie" || h == "set-cookie" && kind == "session secret" {
					continue
				}
				if contains(v, s) || contains(v, url.QueryEscape(s)) {
					t.Errorf("%s: header %s holds a %s", what, h, kind)
				}
			}
			for _, flow := range flowsIn(x.r.Headers["location"], 0) {
				if contains(flow, s) {
					t.Errorf("%s: the flow= parameter of the location holds a %s", what, kind)
				}
			}
		}
		for _, flow := range flowsIn(x.r.Headers["location"], 0) {
			var fields map[string]any
			if err := json.Unmarshal([]byte(flow), &fields); err != nil {
				t.Errorf("%s: flow %q is not JSON", what, flow)
			}
			for k := range fields {
				if k != "s" && k != "r" && k != "f" {
					t.Errorf("%s: flow %q carries %q", what, flow, k)
				}
			}
		}
	}
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
