package server

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"unicode/utf8"
)

// ---------------------------------------------------------------------------
// Hostile request bodies

// firstField returns the name of the first field of a JSON object.
func firstField(t *testing.T, body string) string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("example body %s is not an object", body)
	}
	tok, err := dec.Token()
	if err != nil {
		t.Fatalf("example body %s: %v", body, err)
	}
	return tok.(string)
}

// TestHostileJSONBodies sends every JSON route, signed in, bodies made to
// hurt a parser: too large, nested 20,000 deep, invalid UTF-8, raw NUL and
// \u0000, a byte-order mark, huge numbers, trailing data, a top-level
// array. Each gets a 4xx with the function's error (413
// request_body_too_large, or 400 general_argument_invalid saying what is
// wrong), never a 5xx, and Appwrite is never called. Defence: DecodeBody
// in body.go (size limit, UTF-8 and NUL checks, scanBody,
// strict decoding).
func TestHostileJSONBodies(t *testing.T) {
	t.Parallel()
	env, up := newAttackEnv(t, nil)
	b := env.browser()
	b.signUp("bodies@example.com", "correct horse battery")
	deep := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	n := 0
	for _, rt := range stateChanging(t) {
		example, contentType := exampleBody(t, rt)
		if contentType != "application/json" {
			continue
		}
		n++
		field := firstField(t, example)
		bodies := []struct {
			name, body     string
			status         int
			typ, inMessage string
		}{
			{"oversized", `{"` + field + `":"` + strings.Repeat("a", 70<<10) + `"}`, 413, "request_body_too_large", ""},
			{"oversized whitespace", `{"` + field + `":"a"}` + strings.Repeat(" ", 70<<10), 413, "request_body_too_large", ""},
			{"nested", `{"` + field + `":` + deep + `}`, 400, "general_argument_invalid", "nested"},
			{"nested objects", strings.Repeat(`{"a":`, 5000) + "1" + strings.Repeat("}", 5000), 400, "general_argument_invalid", "nested"},
			{"invalid UTF-8", `{"` + field + `":"a` + "\xff\xfe" + `b@example.com"}`, 400, "general_argument_invalid", "UTF-8"},
			{"overlong UTF-8", `{"` + field + `":"` + "\xc0\xaf" + `@example.com"}`, 400, "general_argument_invalid", "UTF-8"},
			{"raw NUL", `{"` + field + `":"a` + "\x00" + `b@example.com"}`, 400, "general_argument_invalid", "NUL"},
			{"escaped NUL", `{"` + field + `":"a\u0000b@example.com"}`, 400, "general_argument_invalid", "NUL"},
			{"BOM", "\xef\xbb\xbf" + example, 400, "general_argument_invalid", ""},
			{"huge number", `{"` + field + `":1e999}`, 400, "general_argument_invalid", ""},
			{"long integer", `{"` + field + `":123456789012345678901234567890123456789}`, 400, "general_argument_invalid", ""},
			{"trailing data", example + `{}`, 400, "general_argument_invalid", ""},
			{"array", `[` + example + `]`, 400, "general_argument_invalid", ""},
		}
		for _, tt := range bodies {
			what := fmt.Sprintf("%s %s, %s body", rt.method, rt.path, tt.name)
			before := up.count()
			r := b.do(rt.method, rt.path, tt.body)
			if wantErr(t, r, tt.status, tt.typ, what) && tt.inMessage != "" {
				var e apiError
				r.decode(t, &e)
				if !strings.Contains(e.Message, tt.inMessage) {
					t.Errorf("%s: message %q does not mention %s", what, e.Message, tt.inMessage)
				}
			}
			wantNoUpstream(t, up, before, what)
		}
	}
	if n < 15 {
		t.Fatalf("only %d JSON routes found", n)
	}
	// Huge numbers inside prefs, which pass to Appwrite as they are, are
	// not a 5xx either.
	for _, prefs := range []string{`{"n":1e999}`, `{"n":123456789012345678901234567890}`, `{"n":-0.0000000000000000000000001e-400}`} {
		if r := b.do("PATCH", "/me", `{"prefs":`+prefs+`}`); r.Status >= 500 {
			t.Errorf("PATCH /me with prefs %s: %d %s", prefs, r.Status, r.Body)
		}
	}
}

// TestDuplicateJSONKeys: a body with a key twice is read one way only (the
// last value wins, as in encoding/json), so the limiter and Appwrite can
// never see different e-mail addresses for one request: a sign-up with
// two e-mails creates the account of the second, and failures with two
// e-mails count against the second.
func TestDuplicateJSONKeys(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, limitVars)
	r := env.completeSignUp(nil, `{"email":"first@example.com","password":"correct horse battery","email":"second@example.com"}`)
	var user map[string]any
	r.decode(t, &user)
	if r.Status != http.StatusCreated || user["email"] != "second@example.com" {
		t.Fatalf("sign-up with a duplicate key: %d %s, want the second e-mail's account", r.Status, r.Body)
	}
	env.emu.CreateUser("dup-victim@example.com", "correct horse battery", "")
	ip := map[string]string{"x-appwrite-client-ip": "203.0.113.20"}
	for i := 0; i < 3; i++ {
		r := env.call("POST", "/login", ip, `{"email":"decoy@example.com","password":"wrong password","email":"dup-victim@example.com"}`)
		r.wantError(t, http.StatusUnauthorized, "user_invalid_credentials")
	}
	wantLimited(t, env.call("POST", "/login", ip, `{"email":"dup-victim@example.com","password":"wrong password"}`))
	if r := env.call("POST", "/login", ip, `{"email":"decoy@example.com","password":"wrong password"}`); r.Status != http.StatusUnauthorized {
		t.Errorf("the decoy e-mail was charged for the victim's failures: %d", r.Status)
	}
}

// ---------------------------------------------------------------------------
// Cookie tampering

// encodeSecret returns a session secret in Appwrite's format: base64 of
// {"id": <user ID>, "secret": <hex>}.
func encodeSecret(id, secret string) string {
	b, _ := json.Marshal(map[string]string{"id": id, "secret": secret})
	return base64.StdEncoding.EncodeToString(b)
}

// TestCookieTampering sends GET /me, GET /sessions and POST /logout
// tampered session cookies: truncated, padded, another user's ID with this
// user's secret, a forged secret, a stale one, 10 KB ones, 100 cookies,
// duplicates, URL-encoded and double-encoded variants, other names. None
// is a 5xx; none shows a user whose valid cookie was not in the header;
// malformed ones are "signed out" without a call to Appwrite; well-formed
// forged and stale ones are signed out and the cookie cleared. Defences:
// CookieOptions.Read and normalizeSecret (session/cookie.go), Appwrite's
// own check of the secret, failUser clearing the cookie.
func TestCookieTampering(t *testing.T) {
	t.Parallel()
	env, up := newAttackEnv(t, nil)
	name := sessionCookieName(env)
	alice, bob := env.browser(), env.browser()
	aliceID := alice.signUp("alice@example.com", "correct horse battery")["$id"].(string)
	bobID := bob.signUp("bob@example.com", "correct horse battery")["$id"].(string)
	a := alice.value
	raw, _ := base64.StdEncoding.DecodeString(a)
	var inner struct{ ID, Secret string }
	if err := json.Unmarshal(raw, &inner); err != nil || inner.ID != aliceID {
		t.Fatalf("alice's cookie %q is not in Appwrite's format", a)
	}
	stale := env.browser()
	stale.do("POST", "/login", `{"email":"alice@example.com","password":"correct horse battery"}`)
	staleValue := stale.value
	stale.do("POST", "/logout", "")

	var hundred, hundredJunk []string
	for i := 0; i < 99; i++ {
		hundred = append(hundred, fmt.Sprintf("c%d=%s", i, strings.Repeat("x", 20)))
		hundredJunk = append(hundredJunk, fmt.Sprintf("%s=%s", name, encodeSecret(aliceID, "zz")))
	}
	hundredJunk = append(hundredJunk, "other=1")

	const (
		malformed = iota // signed out, Appwrite not asked
		rejected         // signed out by Appwrite, cookie cleared
		valid            // one of the users in allow
		harmless         // one of the users in allow, or signed out
	)
	escapeFirst := fmt.Sprintf("%%%02X", a[0]) + a[1:] // a with its first byte percent-encoded
	cases := []struct {
		name   string
		cookie string
		want   int
		allow  []string // users whose valid cookie is in the header
	}{
		{"valid (control)", name + "=" + a, valid, []string{aliceID}},
		{"truncated by 4", name + "=" + a[:len(a)-4], malformed, nil},
		{"truncated by half", name + "=" + a[:len(a)/2], malformed, nil},
		{"padded ==", name + "=" + a + "==", malformed, nil},
		{"padded AAAA", name + "=" + a + "AAAA", malformed, nil},
		{"padded spaces", name + "=" + a + "%20%20", malformed, nil},
		{"another user's ID, this user's secret", name + "=" + encodeSecret(bobID, inner.Secret), rejected, nil},
		{"forged secret", name + "=" + encodeSecret(aliceID, strings.Repeat("deadbeef", 16)), rejected, nil},
		{"forged secret, other user", name + "=" + encodeSecret(bobID, strings.Repeat("0", 64)), rejected, nil},
		{"stale", name + "=" + staleValue, rejected, nil},
		{"not hex", name + "=" + encodeSecret(aliceID, "not-hex"), malformed, nil},
		{"ID with a path", name + "=" + encodeSecret("../../users", "abcd"), malformed, nil},
		{"extra fields", name + "=" + base64.StdEncoding.EncodeToString([]byte(`{"id":"`+bobID+`","secret":"ab","admin":true}`)), rejected, nil},
		{"JSON array", name + "=" + base64.StdEncoding.EncodeToString([]byte(`["`+aliceID+`","ab"]`)), malformed, nil},
		{"10 KB junk", name + "=" + strings.Repeat("A", 10<<10), malformed, nil},
		{"10 KB well-formed", name + "=" + encodeSecret(aliceID, strings.Repeat("ab", 5<<10)), malformed, nil},
		{"100 cookies, valid last", strings.Join(hundred, "; ") + "; " + name + "=" + a, valid, []string{aliceID}},
		{"100 cookies, none valid", strings.Join(hundredJunk, "; "), malformed, nil},
		{"valid then forged", name + "=" + a + "; " + name + "=" + encodeSecret(bobID, "ab"), valid, []string{aliceID}},
		{"forged then valid", name + "=" + encodeSecret(bobID, "ab") + "; " + name + "=" + a, rejected, nil},
		{"malformed then valid", name + "=garbage; " + name + "=" + a, valid, []string{aliceID}},
		{"bob then alice", name + "=" + bob.value + "; " + name + "=" + a, valid, []string{aliceID, bobID}},
		{"URL-encoded", name + "=" + url.QueryEscape(a), valid, []string{aliceID}},
		{"path-encoded", name + "=" + strings.ReplaceAll(a, "=", "%3D"), valid, []string{aliceID}},
		{"percent-encoded byte", name + "=" + escapeFirst, valid, []string{aliceID}},
		{"double-encoded", name + "=%25" + escapeFirst[1:], malformed, nil},
		{"broken escape", name + "=" + a + "%zz", malformed, nil},
		{"URL-encoded forged", name + "=" + url.QueryEscape(encodeSecret(bobID, "ab")), rejected, nil},
		{"quoted", name + `="` + a + `"`, harmless, []string{aliceID}},
		{"CR LF", name + "=" + a + "\r\n", harmless, []string{aliceID}},
		{"NUL", name + "=" + a[:10] + "\x00" + a[10:], malformed, nil},
		{"upper-case name", strings.ToUpper(name) + "=" + a, malformed, nil},
		{"name with space", name + " =" + a, malformed, nil},
		{"prefix name", "x" + name + "=" + a, malformed, nil},
		{"empty", name + "=", malformed, nil},
	}
	for _, tt := range cases {
		for _, route := range []struct{ method, path string }{{"GET", "/me"}, {"GET", "/sessions"}, {"POST", "/logout"}} {
			if route.method == "POST" && (tt.want == valid || tt.want == harmless) {
				continue // would sign alice out
			}
			what := fmt.Sprintf("%s %s with %s", route.method, route.path, tt.name)
			before := up.count()
			r := env.call(route.method, route.path, map[string]string{"cookie": tt.cookie}, "")
			wantCleanHeaders(t, r, what)
			if r.Status >= 500 {
				t.Errorf("%s: %d %s", what, r.Status, r.Body)
				continue
			}
			// Whose data came back?
			for _, id := range []string{aliceID, bobID} {
				if bytes.Contains(r.Body, []byte(id)) && !slices.Contains(tt.allow, id) {
					t.Errorf("%s: the answer shows user %s, whose valid cookie was not sent: %s", what, id, r.Body)
				}
			}
			switch {
			case route.method == "POST":
				if r.Status != http.StatusNoContent {
					t.Errorf("%s: %d, want 204", what, r.Status)
				}
				r.wantCleared(t)
				if tt.want == malformed {
					wantNoUpstream(t, up, before, what)
				}
			case tt.want == harmless:
				if r.Status != http.StatusOK && r.Status != http.StatusUnauthorized {
					t.Errorf("%s: %d %s, want 200 or 401", what, r.Status, r.Body)
				}
			case tt.want == valid:
				if r.Status != http.StatusOK {
					t.Errorf("%s: %d %s, want 200", what, r.Status, r.Body)
				}
			case tt.want == malformed:
				wantErr(t, r, http.StatusUnauthorized, "user_unauthorized", what)
				wantNoUpstream(t, up, before, what)
			case tt.want == rejected:
				wantErr(t, r, http.StatusUnauthorized, "user_unauthorized", what)
				if c := r.cookie(t); c == nil || c.Value != "" || c.MaxAge >= 0 {
					t.Errorf("%s: set-cookie %q, want the cookie cleared", what, r.Headers["set-cookie"])
				}
			}
		}
	}
	// Nothing above ended alice's or bob's session.
	for _, b := range []*browser{alice, bob} {
		if r := b.do("GET", "/me", ""); r.Status != http.StatusOK {
			t.Errorf("a session was lost to the tampering: %d", r.Status)
		}
	}
}

// ---------------------------------------------------------------------------
// Protocol edges

// TestHeadWhereverGet: uptime probes and link checkers send HEAD (RFC
// 9110 §9.3.2). Every route that answers GET answers HEAD with the same
// status and headers and no body, and HEAD shows in allow.
func TestHeadWhereverGet(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	b := env.browser()
	b.signUp("head@example.com", "correct horse battery")
	for _, rt := range routeTable(t) {
		if rt.method != "GET" {
			continue
		}
		get := b.do("GET", rt.path, "")
		head := b.do("HEAD", rt.path, "")
		if head.Status != get.Status || len(head.Body) != 0 {
			t.Errorf("HEAD %s: %d with %d bytes, want GET's %d without a body", rt.path, head.Status, len(head.Body), get.Status)
		}
		for name := range get.Headers {
			if _, ok := head.Headers[name]; !ok {
				t.Errorf("HEAD %s: no %s header, which GET has", rt.path, name)
			}
		}
		if ct := head.Headers["content-type"]; ct != get.Headers["content-type"] {
			t.Errorf("HEAD %s: content-type %q, GET's %q", rt.path, ct, get.Headers["content-type"])
		}
	}
	r := env.call("DELETE", "/health", nil, "")
	if r.Headers["allow"] != "GET, HEAD" {
		t.Errorf("allow = %q, want GET, HEAD", r.Headers["allow"])
	}
}

// TestLiteralBackslashU0000: a password may hold a backslash followed by
// "u0000" (written \\u0000 in the JSON text); only a real NUL (\u0000 in
// the JSON text) is refused.
func TestLiteralBackslashU0000(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	if r := env.completeSignUp(nil, `{"email":"slash@example.com","password":"my\\u0000password"}`); r.Status != http.StatusCreated {
		t.Fatalf("sign-up with a backslash in the password: %d %s", r.Status, r.Body)
	}
	if r := env.call("POST", "/login", nil, `{"email":"slash@example.com","password":"my\\u0000password"}`); r.Status != http.StatusOK {
		t.Errorf("sign-in with it: %d %s", r.Status, r.Body)
	}
	env.call("POST", "/login", nil, `{"email":"slash@example.com","password":"my\u0000password"}`).
		wantError(t, http.StatusBadRequest, "general_argument_invalid")
}

// TestLongPathsAreCutWhenEchoed: the path is the attacker's; a 100 KB one
// must not come back 100 KB long in the error message or the log line.
func TestLongPathsAreCutWhenEchoed(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, nil)
	long := "/" + strings.Repeat("é", 50_000)
	for _, method := range []string{"GET", "PUTX"} {
		r := env.call(method, long, nil, "")
		if len(r.Body) > 400 || !utf8.Valid(r.Body) {
			t.Errorf("%s of a long path: %d bytes of body (%q…)", method, len(r.Body), r.Body[:min(len(r.Body), 80)])
		}
	}
	r := env.call("DELETE", "/sessions/"+strings.Repeat("x", 10_000)+"/y", nil, "")
	if len(r.Body) > 400 {
		t.Errorf("405 body %d bytes", len(r.Body))
	}
	for _, line := range strings.Split(env.logs.text(), "\n") {
		if len(line) > 700 {
			t.Errorf("log line of %d bytes: %.120s…", len(line), line)
		}
	}
}

// TestSignUpOfPasswordlessAccount: with SIGNUP_VERIFICATION=off, sign-up
// for an address that already has an account (made by a magic link, a
// code or a provider, so with no password) is 409 with a message that
// points to those ways in.
func TestSignUpOfPasswordlessAccount(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, map[string]string{"SIGNUP_VERIFICATION": "off"})
	b := env.browser()
	if r := emailCodeSignIn(t, b, "linkonly@example.com"); r.Status != http.StatusOK {
		t.Fatalf("code sign-in: %d %s", r.Status, r.Body)
	}
	e := env.call("POST", "/signup", nil, `{"email":"linkonly@example.com","password":"correct horse battery"}`).
		wantError(t, http.StatusConflict, "user_already_exists")
	if !strings.Contains(e.Message, "magic link") || !strings.Contains(e.Message, "code") {
		t.Errorf("409 message %q does not point to the magic link or the code", e.Message)
	}
}

// TestTokenUserIDStaysOutOfAdminPaths: the userId of an e-mail code is the
// caller's input, and the function reads the account with the API key
// before the exchange (the pre-hijack check). An ID such as "../health"
// must not become a path of its own choosing under the key: it gets
// Appwrite's answer to a bad userId, 400, and no call to the Users API.
func TestTokenUserIDStaysOutOfAdminPaths(t *testing.T) {
	t.Parallel()
	env, up := newAttackEnv(t, nil)
	var strays atomic.Int64
	watch := func(w http.ResponseWriter, r *http.Request) bool {
		if !strings.HasPrefix(r.URL.Path, "/v1/account/") {
			strays.Add(1)
		}
		return false
	}
	up.answer.Store(&watch)
	for _, id := range []string{"../health", "..%2Fhealth", "a/../../health/version", "x?y=z"} {
		body, _ := json.Marshal(map[string]string{"userId": id, "code": "123456"})
		env.browser().do("POST", "/otp/verify", string(body)).wantError(t, http.StatusBadRequest, "general_argument_invalid")
	}
	if n := strays.Load(); n != 0 {
		t.Errorf("%d calls went elsewhere than the Account API", n)
	}
}
