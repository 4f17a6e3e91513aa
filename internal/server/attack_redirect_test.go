package server

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"openruntimes/handler/appwritetest"

	"github.com/open-runtimes/types-for-go/v4/openruntimes"
)

// ---------------------------------------------------------------------------
// Open redirects

// redirectPayloads is security/testdata/open-redirects.txt, read in the
// format its header describes.
type redirectPayloads struct {
	allow, accept, refuse []string
}

func readRedirectPayloads(t *testing.T) redirectPayloads {
	t.Helper()
	const file = "../../security/testdata/open-redirects.txt"
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var p redirectPayloads
	for n, line := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(line, "#allow: "):
			p.allow = append(p.allow, strings.TrimPrefix(line, "#allow: "))
		case strings.HasPrefix(line, "#accept: "):
			p.accept = append(p.accept, strings.TrimPrefix(line, "#accept: "))
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, `"`):
			s, err := strconv.Unquote(line)
			if err != nil {
				t.Fatalf("%s:%d: %v", file, n+1, err)
			}
			p.refuse = append(p.refuse, s)
		default:
			p.refuse = append(p.refuse, line)
		}
	}
	if len(p.refuse) < 100 || len(p.accept) == 0 || len(p.allow) == 0 {
		t.Fatalf("%s: %d payloads, %d controls, %d allow entries", file, len(p.refuse), len(p.accept), len(p.allow))
	}
	// Overlong targets are built here, as the file's header says.
	p.refuse = append(p.refuse, "https://app.example.com/auth/"+strings.Repeat("a", 2100))
	return p
}

// redirectEntryPoint sends target through one place where the function
// takes a redirect target, and returns the answer.
type redirectEntryPoint struct {
	name string
	send func(b *browser, target string) *result
}

func redirectEntryPoints(control string) []redirectEntryPoint {
	jsonBody := func(fields map[string]string) string {
		b, _ := json.Marshal(fields)
		return string(b)
	}
	ownPage := map[string]string{"origin": functionOrigin, "sec-fetch-site": "same-origin", "content-type": "application/x-www-form-urlencoded"}
	return []redirectEntryPoint{
		{"GET /oauth2/{provider}?redirect=", func(b *browser, p string) *result {
			return b.do("GET", "/oauth2/github?redirect="+url.QueryEscape(p), "")
		}},
		{"GET /oauth2/{provider}?failure=", func(b *browser, p string) *result {
			return b.do("GET", "/oauth2/github?redirect="+url.QueryEscape(control)+"&failure="+url.QueryEscape(p), "")
		}},
		{"POST /magic-url", func(b *browser, p string) *result {
			return b.do("POST", "/magic-url", jsonBody(map[string]string{"email": "redirects@example.com", "redirect": p}))
		}},
		{"POST /recovery", func(b *browser, p string) *result {
			return b.do("POST", "/recovery", jsonBody(map[string]string{"email": "redirects@example.com", "redirect": p}))
		}},
		{"POST /verification", func(b *browser, p string) *result {
			return b.do("POST", "/verification", jsonBody(map[string]string{"redirect": p}))
		}},
		{"GET /oauth2/callback flow.r", func(b *browser, p string) *result {
			return b.do("GET", "/oauth2/callback?flow="+forgedFlow(map[string]string{"s": "state", "r": p}), "")
		}},
		{"GET /oauth2/callback flow.f", func(b *browser, p string) *result {
			return b.do("GET", "/oauth2/callback?flow="+forgedFlow(map[string]string{"s": "state", "r": control, "f": p})+
				"&error="+url.QueryEscape(`{"type":"access_denied"}`), "")
		}},
		{"GET /magic-url/callback flow.r", func(b *browser, p string) *result {
			return b.do("GET", "/magic-url/callback?flow="+forgedFlow(map[string]string{"s": "state", "r": p}), "")
		}},
		{"GET /magic-url/callback flow.f", func(b *browser, p string) *result {
			return b.do("GET", "/magic-url/callback?flow="+forgedFlow(map[string]string{"r": control, "f": p}), "")
		}},
		{"GET /verification/callback flow.r", func(b *browser, p string) *result {
			return b.do("GET", "/verification/callback?flow="+forgedFlow(map[string]string{"r": p}), "")
		}},
		{"GET /verification/callback flow.f", func(b *browser, p string) *result {
			return b.do("GET", "/verification/callback?flow="+forgedFlow(map[string]string{"r": control, "f": p}), "")
		}},
		{"POST /magic-url/confirm flow.r", func(b *browser, p string) *result {
			return b.doWith("POST", "/magic-url/confirm", ownPage, url.Values{"flow": {forgedFlow(map[string]string{"r": p})}}.Encode())
		}},
	}
}

// TestOpenRedirectPayloads sends every payload of
// security/testdata/open-redirects.txt through every place the function
// takes a redirect target: the OAuth2 start's redirect and failure, the
// magic-link, recovery and verification requests, and a forged flow=
// parameter on each callback and on the magic-link confirmation. Each is
// refused with 400 and no Location, before Appwrite is called; each
// control URL is accepted, and every Location it leads to is on the
// allowlist (or is Appwrite's OAuth2 route carrying an allowed target).
// Defence: security.Redirects.Check, called by redirectTarget and
// readFlow (flow.go) and startOAuth2.
func TestOpenRedirectPayloads(t *testing.T) {
	t.Parallel()
	payloads := readRedirectPayloads(t)
	// An instant sign-up, so that the address is unproven and POST
	// /verification sends a link.
	env, up := newAttackEnv(t, map[string]string{"ALLOWED_REDIRECT_URLS": strings.Join(payloads.allow, ","), "SIGNUP_VERIFICATION": "off"},
		appwritetest.WithPlatformHosts(functionHost, appHost, "*.example.org", "localhost"))
	b := env.browser()
	b.signUp("redirects@example.com", "correct horse battery")
	redirects := env.app.settings.redirects
	control := payloads.accept[0]

	before := up.count()
	for _, ep := range redirectEntryPoints(control) {
		for _, p := range payloads.refuse {
			what := fmt.Sprintf("%s with %q", ep.name, p)
			r := ep.send(b, p)
			var e apiError
			_ = json.Unmarshal(r.Body, &e)
			// A payload with a NUL byte is refused by the body decoder
			// before the redirect validator sees it; both are 400.
			if r.Status != http.StatusBadRequest || (e.Type != "redirect_not_allowed" && !(e.Type == "general_argument_invalid" && strings.ContainsRune(p, 0))) {
				t.Errorf("%s: %d %s, want 400 redirect_not_allowed", what, r.Status, openAPIExcerpt(r.Body, 150))
			}
			if loc, ok := r.Headers["location"]; ok {
				t.Errorf("%s: location %q", what, loc)
			}
			wantCleanHeaders(t, r, what)
		}
	}
	wantNoUpstream(t, up, before, "refused redirect targets")

	for _, c := range payloads.accept {
		for _, ep := range redirectEntryPoints(c) {
			what := fmt.Sprintf("%s with control %q", ep.name, c)
			r := ep.send(b, c)
			switch {
			case r.Status == http.StatusAccepted:
				continue // an e-mail was sent; its link is checked below
			case r.Status != http.StatusFound && r.Status != http.StatusSeeOther:
				t.Errorf("%s: %d %s, want a 302/303 or 202", what, r.Status, openAPIExcerpt(r.Body, 200))
				continue
			}
			loc := r.Headers["location"]
			if strings.HasPrefix(loc, env.server.Endpoint+"/account/tokens/oauth2/github?") {
				u, _ := url.Parse(loc)
				success, _ := url.Parse(u.Query().Get("success"))
				flow, err := base64.RawURLEncoding.DecodeString(success.Query().Get("flow"))
				var f struct{ R, F string }
				if err != nil || json.Unmarshal(flow, &f) != nil {
					t.Errorf("%s: the callback's flow does not decode: %s", what, loc)
					continue
				}
				for _, target := range []string{f.R, f.F} {
					if _, err := redirects.Check(target); target != "" && err != nil {
						t.Errorf("%s: the flow carries %q, off the allowlist", what, target)
					}
				}
				continue
			}
			if _, err := redirects.Check(loc); err != nil {
				t.Errorf("%s: location %q is off the allowlist: %v", what, loc, err)
			}
		}
	}
	// The links Appwrite e-mailed for the controls lead to the function's
	// callbacks (magic URL, verification) or to an allowed page
	// (recovery), whose flow names an allowed target.
	for _, m := range env.emu.Outbox() {
		link, err := url.Parse(m.Link)
		if err != nil {
			t.Errorf("e-mailed link %q: %v", m.Link, err)
			continue
		}
		if link.Host == functionHost {
			flow, _ := base64.RawURLEncoding.DecodeString(link.Query().Get("flow"))
			var f struct{ R string }
			if json.Unmarshal(flow, &f) != nil {
				t.Errorf("e-mailed link %q: no flow", m.Link)
			} else if _, err := redirects.Check(f.R); err != nil {
				t.Errorf("e-mailed link %q: flow target %q is off the allowlist", m.Link, f.R)
			}
			continue
		}
		if _, err := redirects.Check(m.Link); err != nil {
			t.Errorf("e-mailed %s link %q is off the allowlist", m.Kind, m.Link)
		}
	}
}

// ---------------------------------------------------------------------------
// Header injection

// TestHeaderInjection puts CR/LF (raw, and percent-encoded where the input
// is decoded) into every place user input could reach a response header:
// redirect targets, the execution ID echoed as x-request-id, the cookie,
// the Origin echoed in CORS headers, the provider name and scopes of the
// OAuth2 start, a provider's error type, preflight request headers, the
// client IP, and a session secret and expiry from a compromised Appwrite.
// No response header ever holds CR, LF or NUL, and no forged header
// appears. Defences: validRequestID (respond.go), the redirect validator,
// security.Origins (exact echo of a parsed origin), the provider list,
// url.Values encoding of the Location, validErrorType, allowHeaders, and
// net/http's cookie serialization.
func TestHeaderInjection(t *testing.T) {
	t.Parallel()
	env, up := newAttackEnv(t, nil)
	b := env.browser()
	b.signUp("inject@example.com", "correct horse battery")
	cookieName := sessionCookieName(env)
	crlf := "\r\nSet-Cookie: injected=1"
	enc := "%0d%0aSet-Cookie:%20injected=1"
	app := url.QueryEscape(appOrigin + "/")

	cases := map[string]func() *result{
		"execution id": func() *result {
			return env.call("GET", "/me", map[string]string{"x-appwrite-execution-id": "exec" + crlf}, "")
		},
		"execution id, LF": func() *result {
			return env.call("GET", "/me", map[string]string{"x-appwrite-execution-id": "exec\nx-evil: 1"}, "")
		},
		"execution id, encoded": func() *result {
			return env.call("GET", "/me", map[string]string{"x-appwrite-execution-id": "exec" + enc}, "")
		},
		"redirect query": func() *result {
			return env.call("GET", "/oauth2/github?redirect="+url.QueryEscape(appOrigin+"/"+crlf), nil, "")
		},
		"redirect query, encoded": func() *result {
			return env.call("GET", "/oauth2/github?redirect="+url.QueryEscape(appOrigin+"/"+enc), nil, "")
		},
		"failure query": func() *result {
			return env.call("GET", "/oauth2/github?redirect="+app+"&failure="+url.QueryEscape(appOrigin+"/"+crlf), nil, "")
		},
		"redirect body": func() *result {
			return env.call("POST", "/magic-url", nil, `{"email":"inject@example.com","redirect":"https://app.example.com/\r\nSet-Cookie: injected=1"}`)
		},
		"flow target": func() *result {
			return env.call("GET", "/magic-url/callback?flow="+forgedFlow(map[string]string{"r": appOrigin + "/" + crlf}), nil, "")
		},
		"cookie value": func() *result {
			return env.call("GET", "/me", map[string]string{"cookie": cookieName + "=abc" + crlf}, "")
		},
		"valid cookie + CRLF": func() *result {
			return env.call("GET", "/me", map[string]string{"cookie": cookieName + "=" + b.value + crlf}, "")
		},
		"origin":              func() *result { return env.call("GET", "/me", map[string]string{"origin": appOrigin + crlf}, "") },
		"origin, trailing LF": func() *result { return env.call("GET", "/me", map[string]string{"origin": appOrigin + "\n"}, "") },
		"origin, preflight": func() *result {
			return env.call("OPTIONS", "/login", map[string]string{"origin": appOrigin + crlf, "access-control-request-method": "POST"}, "")
		},
		"preflight method": func() *result {
			return env.call("OPTIONS", "/login", map[string]string{"access-control-request-method": "POST" + crlf}, "")
		},
		"preflight headers": func() *result {
			return env.call("OPTIONS", "/login", map[string]string{"access-control-request-method": "POST", "access-control-request-headers": "content-type" + crlf}, "")
		},
		"provider": func() *result { return env.call("GET", "/oauth2/github"+enc+"?redirect="+app, nil, "") },
		"scopes":   func() *result { return env.call("GET", "/oauth2/github?redirect="+app+"&scopes=email"+enc, nil, "") },
		"provider error": func() *result {
			return env.call("GET", "/oauth2/callback?flow="+forgedFlow(map[string]string{"r": appOrigin + "/"})+
				"&error="+url.QueryEscape(`{"type":"denied`+crlf+`"}`), nil, "")
		},
		"confirmation page fields": func() *result {
			return env.call("GET", "/magic-url/callback?flow="+forgedFlow(map[string]string{"r": appOrigin + "/"})+
				"&userId=u"+enc+"&secret=s"+enc, nil, "")
		},
		"client ip": func() *result {
			return env.call("POST", "/login", map[string]string{"x-appwrite-client-ip": "203.0.113.1" + crlf}, `{"email":"inject@example.com","password":"wrong password"}`)
		},
		"method": func() *result { return env.call("GET"+crlf, "/me", nil, "") },
	}
	for name, send := range cases {
		r := send()
		wantCleanHeaders(t, r, name)
		if c := r.Headers["set-cookie"]; strings.Contains(c, "injected") {
			t.Errorf("%s: set-cookie %q carries the injected cookie", name, c)
		}
		if r.Status >= 500 {
			t.Errorf("%s: %d %s", name, r.Status, r.Body)
		}
	}

	// A compromised Appwrite answers the sign-in with a secret and an
	// expiry made to split the Set-Cookie header.
	forged := func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/v1/account/sessions/email" {
			return false
		}
		w.Header().Set("content-type", "application/json")
		w.WriteHeader(http.StatusCreated)
		json.NewEncoder(w).Encode(map[string]any{
			"$id": "s1", "userId": "u1", "secret": "abc" + crlf, "expire": "2030-01-01T00:00:00.000+00:00" + crlf, "factors": []string{"password"},
		})
		return true
	}
	up.answer.Store(&forged)
	defer up.answer.Store(nil)
	r := env.call("POST", "/login", nil, `{"email":"inject@example.com","password":"correct horse battery"}`)
	wantCleanHeaders(t, r, "forged session secret")
	if c := r.Headers["set-cookie"]; strings.Contains(strings.ToLower(c), "injected") {
		t.Errorf("forged session secret: set-cookie %q", c)
	}
}

// ---------------------------------------------------------------------------
// Host header poisoning

// TestHostHeaderPoisoning: a request made outside a browser with a forged
// Host asks for a magic link to the victim's e-mail, hoping the link (with
// its token) points at the attacker's host. With PUBLIC_URL set, callback
// URLs ignore the Host; without it, Appwrite refuses a callback host that
// is not one of the project's Web platforms, and nothing is sent.
// Defences: PUBLIC_URL (app.self in main.go), and Appwrite's platform
// check (as the emulator applies it).
func TestHostHeaderPoisoning(t *testing.T) {
	t.Parallel()
	for _, vars := range []map[string]string{{"PUBLIC_URL": functionOrigin}, nil} {
		env := newTestEnv(t, vars)
		ctx := openruntimes.NewContext(openruntimes.Logger{})
		ctx.Req = openruntimes.ContextRequest{
			Method: "POST", Path: "/magic-url", Scheme: "https", Host: "evil.example", Port: 443,
			Headers: map[string]string{"origin": appOrigin, "content-type": "application/json", "x-forwarded-host": "evil.example"},
		}
		ctx.Req.SetBodyBinary([]byte(`{"email":"host-victim@example.com"}`))
		res := env.app.serve(&ctx)
		m, sent := env.emu.LastMessage("host-victim@example.com", appwritetest.MessageMagicURL)
		switch {
		case vars != nil && (res.StatusCode != http.StatusAccepted || !strings.HasPrefix(m.Link, functionOrigin+"/magic-url/callback?")):
			t.Errorf("with PUBLIC_URL: %d, link %q, want 202 and a link to %s", res.StatusCode, m.Link, functionOrigin)
		case vars == nil && (sent || res.StatusCode != http.StatusBadRequest):
			t.Errorf("without PUBLIC_URL: %d, link %q, want Appwrite to refuse the foreign host", res.StatusCode, m.Link)
		}
	}
}
