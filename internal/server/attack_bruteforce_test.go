package server

import (
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"openruntimes/handler/appwritetest"
	"openruntimes/handler/security"
	"openruntimes/handler/security/ratelimit"

	"github.com/open-runtimes/types-for-go/v4/openruntimes"
)

// ---------------------------------------------------------------------------
// Memory under a flood of addresses

// TestFloodOfDistinctIPsKeepsMemoryBounded: a distributed guess at one
// account from 100,000 different addresses, through the function, is
// refused every time once the account's budget is spent, and leaves the
// limiter holding at most RATE_LIMIT_MAX_KEYS keys and the heap no larger
// than a few megabytes. Defences: the per-account budget, checked before
// Appwrite is called (signIn: body, then limiter, then Appwrite),
// and the bounded, evicting MemoryStore (security/ratelimit/memory.go):
// each new address is a new key.
func TestFloodOfDistinctIPsKeepsMemoryBounded(t *testing.T) {
	// Not parallel: the heap is measured for the whole process.
	const requests = 100_000
	env, up := newAttackEnv(t, map[string]string{"RATE_LIMIT_MAX_KEYS": "1000", "RATE_LIMIT_PER_EMAIL": "3"})
	store := ratelimit.NewMemoryStore(env.app.settings.rateLimit.MaxKeys)
	env.app.limiter = ratelimit.NewLimiter(store, env.app.settings.rateLimit, nil)
	env.emu.CreateUser("flooded@example.com", "correct horse battery", "")
	for i := 0; i < 3; i++ {
		loginFrom(env, fmt.Sprintf("192.0.2.%d", i+1), "flooded@example.com", "wrong password").
			wantError(t, http.StatusUnauthorized, "user_invalid_credentials")
	}

	body := []byte(`{"email":"flooded@example.com","password":"guess"}`)
	serve := func(i int) int {
		ctx := openruntimes.NewContext(openruntimes.Logger{})
		ctx.Req = openruntimes.ContextRequest{
			Method: "POST", Path: "/login", Scheme: "https", Host: functionHost, Port: 443,
			Headers: map[string]string{
				"origin":               appOrigin,
				"content-type":         "application/json",
				"x-appwrite-client-ip": fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255),
			},
		}
		ctx.Req.SetBodyBinary(body)
		return env.app.serve(&ctx).StatusCode
	}

	calls := up.count()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	var allowed atomic.Int64
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < requests && allowed.Load() < 100; i += workers {
				if serve(i) != http.StatusTooManyRequests {
					allowed.Add(1)
				}
			}
		}(w)
	}
	wg.Wait()
	elapsed := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	growth := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("%d requests in %v; heap %+d KiB; %d keys held", requests, elapsed, growth>>10, store.Len())

	if n := allowed.Load(); n != 0 {
		t.Errorf("%d guesses from fresh addresses were not refused with 429 (the flood stops at 100)", n)
	}
	wantNoUpstream(t, up, calls, "the flood")
	if n := store.Len(); n > store.MaxKeys() {
		t.Errorf("the limiter holds %d keys after a flood of %d addresses, want at most %d", n, requests, store.MaxKeys())
	}
	if limit := int64(8 << 20); growth > limit {
		t.Errorf("the heap grew by %d KiB over the flood, want under %d KiB", growth>>10, limit>>10)
	}
}

// ---------------------------------------------------------------------------
// Brute force (ratelimit_test.go has the basics on /login)

// sensitiveAttempt is one attempt on a sensitive route, made distinct by i
// so that only the per-address budget can stop a series of them.
type sensitiveAttempt struct {
	route string
	send  func(env *testEnv, ip string, i int) *result
}

var sensitiveAttempts = []sensitiveAttempt{
	{"/login", func(env *testEnv, ip string, i int) *result {
		return env.call("POST", "/login", map[string]string{"x-appwrite-client-ip": ip}, fmt.Sprintf(`{"email":"s%d@example.com","password":"password123"}`, i))
	}},
	{"/signup", func(env *testEnv, ip string, i int) *result {
		// An address of its own: a sign-up mails a code, on the budget of
		// mails to the address that /otp, /magic-url and /recovery share.
		return env.call("POST", "/signup", map[string]string{"x-appwrite-client-ip": ip}, fmt.Sprintf(`{"email":"new%d@example.com","password":"correct horse battery"}`, i))
	}},
	{"/otp", func(env *testEnv, ip string, i int) *result {
		return env.call("POST", "/otp", map[string]string{"x-appwrite-client-ip": ip}, fmt.Sprintf(`{"email":"s%d@example.com"}`, i))
	}},
	{"/otp/verify", func(env *testEnv, ip string, i int) *result {
		return env.call("POST", "/otp/verify", map[string]string{"x-appwrite-client-ip": ip}, fmt.Sprintf(`{"userId":"user%d","code":"123456"}`, i))
	}},
	{"/magic-url", func(env *testEnv, ip string, i int) *result {
		return env.call("POST", "/magic-url", map[string]string{"x-appwrite-client-ip": ip}, fmt.Sprintf(`{"email":"s%d@example.com"}`, i))
	}},
	{"/recovery", func(env *testEnv, ip string, i int) *result {
		return env.call("POST", "/recovery", map[string]string{"x-appwrite-client-ip": ip}, fmt.Sprintf(`{"email":"s%d@example.com"}`, i))
	}},
	{"/mfa/verify", func(env *testEnv, ip string, i int) *result {
		cookie := sessionCookieName(env) + "=" + encodeSecret(fmt.Sprintf("user%d", i), "ab")
		return env.call("POST", "/mfa/verify", map[string]string{"x-appwrite-client-ip": ip, "cookie": cookie}, `{"challengeId":"c1","otp":"123456"}`)
	}},
	{"/me/mfa/totp", func(env *testEnv, ip string, i int) *result {
		cookie := sessionCookieName(env) + "=" + encodeSecret(fmt.Sprintf("user%d", i), "ab")
		return env.call("PUT", "/me/mfa/totp", map[string]string{"x-appwrite-client-ip": ip, "cookie": cookie}, `{"code":"123456"}`)
	}},
	{"/anonymous", func(env *testEnv, ip string, i int) *result {
		return env.call("POST", "/anonymous", map[string]string{"x-appwrite-client-ip": ip}, "")
	}},
}

// TestCredentialStuffingAcrossSensitiveRoutes: one address spreading its
// attempts over every sensitive route (sign-in, sign-up, codes, magic
// links, recovery, MFA, authenticator codes, guests), each for a different account, is stopped
// after RATE_LIMIT_PER_IP attempts in all, on every route at once, before
// Appwrite is called; other addresses are not. Defence: the per-address
// budget of ratelimit.Limiter, applied by every sensitive handler.
func TestCredentialStuffingAcrossSensitiveRoutes(t *testing.T) {
	t.Parallel()
	env, up := newAttackEnv(t, limitVars)
	const attacker = "203.0.113.60"
	for i := 0; i < 30; i++ {
		a := sensitiveAttempts[i%len(sensitiveAttempts)]
		if r := a.send(env, attacker, i); r.Status == http.StatusTooManyRequests || r.Status >= 500 {
			t.Fatalf("attempt %d (%s): %d %s before the budget of 30 was spent", i+1, a.route, r.Status, r.Body)
		}
	}
	before := up.count()
	for _, a := range sensitiveAttempts {
		r := a.send(env, attacker, 1000)
		if !wantErr(t, r, http.StatusTooManyRequests, "rate_limit_exceeded", a.route+" after 30 attempts") {
			continue
		}
		if r.Headers["retry-after"] == "" {
			t.Errorf("%s: 429 without retry-after", a.route)
		}
	}
	wantNoUpstream(t, up, before, "the refused attempts")
	for _, a := range sensitiveAttempts {
		if r := a.send(env, "203.0.113.61", 2000); r.Status == http.StatusTooManyRequests {
			t.Errorf("%s from another address: limited too", a.route)
		}
	}
}

// TestCredentialStuffingFromRotatingIPv6: an attacker holding an IPv6 /64
// uses a new address in it for every attempt; the /64 shares one budget,
// while the next /64 has its own. An IPv4 address and its IPv4-mapped IPv6
// form share one budget too. Defence: security.RateKeyIP.
func TestCredentialStuffingFromRotatingIPv6(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, limitVars)
	for i := 0; i < 30; i++ {
		ip := fmt.Sprintf("2001:db8:1:2:%x:%x::%x", i*7919&0xffff, i*104729&0xffff, i+1)
		if security.ClientIP(map[string]string{"x-appwrite-client-ip": ip}) == "" {
			t.Fatalf("%s is not an address", ip)
		}
		loginFrom(env, ip, fmt.Sprintf("v6-%d@example.com", i), "password123").wantError(t, http.StatusUnauthorized, "user_invalid_credentials")
	}
	for _, ip := range []string{"2001:db8:1:2::ffff", "2001:DB8:1:2:FFFF:FFFF:FFFF:FFFF", "2001:db8:1:2::1%eth0"} {
		wantLimited(t, loginFrom(env, ip, "v6-new@example.com", "password123"))
	}
	loginFrom(env, "2001:db8:1:3::1", "v6-new@example.com", "password123").wantError(t, http.StatusUnauthorized, "user_invalid_credentials")

	for i := 0; i < 30; i++ {
		ip := "198.51.100.200"
		if i%2 == 1 {
			ip = "::ffff:198.51.100.200"
		}
		loginFrom(env, ip, fmt.Sprintf("v4-%d@example.com", i), "password123").wantError(t, http.StatusUnauthorized, "user_invalid_credentials")
	}
	wantLimited(t, loginFrom(env, "::ffff:c633:64c8", "v4-new@example.com", "password123"))
}

// TestDistributedCodeGuessingFromManyNetworks: guesses at one user's
// e-mail code from as many IPv6 networks as there are failures allowed
// spend the account's budget, after which even the right code from yet
// another network is refused. Defence: the per-account budget
// (RATE_LIMIT_PER_EMAIL), which counts the user ID on /otp/verify.
func TestDistributedCodeGuessingFromManyNetworks(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, limitVars)
	r := env.call("POST", "/otp", map[string]string{"x-appwrite-client-ip": "192.0.2.44"}, `{"email":"codes-victim@example.com"}`)
	var started struct {
		UserID string `json:"userId"`
	}
	r.decode(t, &started)
	msg, ok := env.emu.LastMessage("codes-victim@example.com", appwritetest.MessageEmailOTP)
	if !ok {
		t.Fatal("no code e-mailed")
	}
	wrong := "000000"
	if msg.Code == wrong {
		wrong = "111111"
	}
	for i := 0; i < 8; i++ {
		ip := fmt.Sprintf("2001:db8:%x::1", 0x100+i)
		env.call("POST", "/otp/verify", map[string]string{"x-appwrite-client-ip": ip}, `{"userId":"`+started.UserID+`","code":"`+wrong+`"}`).
			wantError(t, http.StatusUnauthorized, "user_invalid_token")
	}
	wantLimited(t, env.call("POST", "/otp/verify", map[string]string{"x-appwrite-client-ip": "2001:db8:999::1"},
		`{"userId":"`+started.UserID+`","code":"`+msg.Code+`"}`))
}

// TestVictimLockoutWithForgedForwardingHeaders: an attacker guessing a
// victim's password sends X-Forwarded-For, X-Real-IP, Forwarded,
// True-Client-IP and CF-Connecting-IP, first rotating them to escape its
// own budget, then naming the victim's address to spend the victim's. The
// limiter only trusts x-appwrite-client-ip, which Appwrite sets: the
// attacker is stopped after RATE_LIMIT_PER_IP_EMAIL failures, and the
// victim still signs in from its own address. Defence: security.ClientIP.
func TestVictimLockoutWithForgedForwardingHeaders(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, limitVars)
	env.emu.CreateUser("framed@example.com", "correct horse battery", "")
	const attacker, victim = "198.51.100.66", "192.0.2.10"
	forwarded := func(ip string) map[string]string {
		return map[string]string{
			"x-appwrite-client-ip": attacker,
			"x-forwarded-for":      ip + ", " + attacker,
			"x-real-ip":            ip,
			"forwarded":            "for=" + ip,
			"true-client-ip":       ip,
			"cf-connecting-ip":     ip,
		}
	}
	guess := `{"email":"framed@example.com","password":"wrong password"}`
	for i := 0; i < 3; i++ {
		env.call("POST", "/login", forwarded(fmt.Sprintf("10.1.1.%d", i)), guess).wantError(t, http.StatusUnauthorized, "user_invalid_credentials")
	}
	for i := 3; i < 8; i++ {
		wantLimited(t, env.call("POST", "/login", forwarded(fmt.Sprintf("10.1.1.%d", i)), guess))
		wantLimited(t, env.call("POST", "/login", forwarded(victim), guess))
	}
	if r := loginFrom(env, victim, "framed@example.com", "correct horse battery"); r.Status != http.StatusOK {
		t.Fatalf("the victim, from its own address: %d %s", r.Status, r.Body)
	}
}

// TestGuessBudgetNotResetBySignUpError: a sign-up for the victim's e-mail
// that Appwrite refuses (a password that is too short, say) must not count
// as a success: a success forgets the address's failures on the account
// and trusts the address for it, so one such request every few guesses
// would lift both the per-address and the per-account budget. Defence:
// signUp records a success only when the account was created
// (auth.go); the limiter counts every attempt, the refused
// sign-up included, before it is made.
func TestGuessBudgetNotResetBySignUpError(t *testing.T) {
	t.Parallel()
	// Instant sign-up's: a verified sign-up only mails a code, which
	// forgives and trusts nothing.
	env := newTestEnv(t, withVars(limitVars, "SIGNUP_VERIFICATION", "off"))
	env.emu.CreateUser("reset-victim@example.com", "correct horse battery", "")
	const attacker = "203.0.113.90"
	badSignUp := func(ip, email string) {
		t.Helper()
		env.call("POST", "/signup", map[string]string{"x-appwrite-client-ip": ip}, `{"email":"`+email+`","password":"short"}`).
			wantError(t, http.StatusBadRequest, "general_argument_invalid")
	}
	// Two guesses and a refused sign-up spend the address's budget on the
	// account (RATE_LIMIT_PER_IP_EMAIL=3): the sign-up gave nothing back.
	loginFrom(env, attacker, "reset-victim@example.com", "guess one").wantError(t, 401, "user_invalid_credentials")
	loginFrom(env, attacker, "reset-victim@example.com", "guess two").wantError(t, 401, "user_invalid_credentials")
	badSignUp(attacker, "reset-victim@example.com")
	wantLimited(t, loginFrom(env, attacker, "reset-victim@example.com", "guess three"))

	// Addresses that each made a refused sign-up first are not trusted:
	// together they still spend the account's budget (RATE_LIMIT_PER_EMAIL=8).
	env.emu.CreateUser("trust-victim@example.com", "correct horse battery", "")
	ips := []string{"10.7.0.1", "10.7.0.2", "10.7.0.3", "10.7.0.4"}
	for _, ip := range ips {
		badSignUp(ip, "trust-victim@example.com")
	}
	for _, ip := range ips {
		loginFrom(env, ip, "trust-victim@example.com", "wrong password").wantError(t, 401, "user_invalid_credentials")
	}
	for _, ip := range ips {
		wantLimited(t, loginFrom(env, ip, "trust-victim@example.com", "wrong password"))
	}
}

// ---------------------------------------------------------------------------
// One credential's success and another's guesses

// enrolOwnAuthenticator is what a stolen session can do at will: it
// replaces the account's authenticator (secret, when there is one) with
// a new one of its own, each step proved with a fresh code. It returns
// the new authenticator's secret.
func enrolOwnAuthenticator(t *testing.T, b *browser, clock *appwritetest.Clock, secret string) string {
	t.Helper()
	if secret != "" {
		clock.Advance(30 * time.Second)
		if r := b.do("DELETE", "/me/mfa/totp", `{"code":"`+appwritetest.TOTPCode(secret, clock.Now())+`"}`); r.Status != http.StatusNoContent {
			t.Fatalf("removing the thief's authenticator: %d %s", r.Status, r.Body)
		}
	}
	clock.Advance(30 * time.Second)
	return enrolTOTP(t, b, clock)
}

// guessesThrough counts the answers of guess, made n times, that reached
// Appwrite (status reached) before the limiter refused them, and fails on
// any other answer.
func guessesThrough(t *testing.T, n, reached int, guess func(i int) *result) int {
	t.Helper()
	through := 0
	for i := range n {
		switch r := guess(i); r.Status {
		case reached:
			through++
		case http.StatusTooManyRequests:
		default:
			t.Fatalf("guess %d: %d %s", i+1, r.Status, r.Body)
		}
	}
	return through
}

// TestOwnAuthenticatorForgivesNoPasswordGuesses: a thief replaying a
// stolen session from their own address guesses the account's password
// at POST /me/password, and after every second guess proves an
// authenticator they enrolled themselves. Proving it must not give back
// the address's budget
// of password guesses (RATE_LIMIT_PER_IP_EMAIL=3): the review's thief got
// 63 guesses through a budget of 10 this way. Defence: the limiter keeps
// an address's failures per credential (ratelimit.Attempt.Credential,
// budget.credential in routes.go).
func TestOwnAuthenticatorForgivesNoPasswordGuesses(t *testing.T) {
	t.Parallel()
	env, clock := newMFAEnv(t, limitVars)
	victim := at(env.browser(), "192.0.2.30")
	victim.signUp("enrolled@example.com", "correct horse battery")
	thief := at(env.browser(), "198.51.100.30")
	thief.cookies = victim.cookies
	secret, through := "", 0
	for cycle := range 4 {
		through += guessesThrough(t, 2, http.StatusUnauthorized, func(i int) *result {
			return thief.do("POST", "/me/password", fmt.Sprintf(`{"password":"the thief's own","oldPassword":"guess %d-%d"}`, cycle, i))
		})
		secret = enrolOwnAuthenticator(t, thief, clock, secret)
	}
	if through != 3 {
		t.Errorf("%d of 8 password guesses reached Appwrite between the thief's own authenticator proofs, want 3", through)
	}
}

// TestOwnAuthenticatorForgivesNoCodeGuesses: the same thief guesses the
// owner's e-mail codes at POST /otp/verify (the user ID, the account key
// of code guesses and of authenticator proofs alike, is in the cookie and
// /otp's answer), proving their own authenticator between guesses: only
// RATE_LIMIT_PER_IP_EMAIL guesses reach Appwrite. Defence: as above.
func TestOwnAuthenticatorForgivesNoCodeGuesses(t *testing.T) {
	t.Parallel()
	// The account's budget, which the thief's own proofs spend too, is
	// set out of the way: the address's is the one under test.
	env, clock := newMFAEnv(t, map[string]string{"RATE_LIMIT_PER_IP_EMAIL": "3", "RATE_LIMIT_PER_EMAIL": "50"})
	victim := at(env.browser(), "192.0.2.31")
	victim.signUp("coded@example.com", "correct horse battery")
	thief := at(env.browser(), "198.51.100.31")
	thief.cookies = victim.cookies
	userID := requestCode(t, thief, "coded@example.com")
	secret, through := "", 0
	for cycle := range 4 {
		through += guessesThrough(t, 2, http.StatusUnauthorized, func(i int) *result {
			return thief.do("POST", "/otp/verify", fmt.Sprintf(`{"userId":"%s","code":"00%d00%d"}`, userID, cycle, i))
		})
		secret = enrolOwnAuthenticator(t, thief, clock, secret)
	}
	if through != 3 {
		t.Errorf("%d of 8 code guesses reached Appwrite between the thief's own authenticator proofs, want 3", through)
	}
}

// TestOwnAuthenticatorTrustsNoCodeGuesses: the thief's address proves
// the thief's own authenticator, and the thief's helpers at other
// addresses spend the account's budget of guesses
// (RATE_LIMIT_PER_EMAIL=8). The thief's address must not then be spared
// that budget for guesses at the owner's e-mail codes, as the addresses
// the owner signed in from by code are. Defence: a success trusts its
// address for its own credential only (Limiter.trusted, per credential).
func TestOwnAuthenticatorTrustsNoCodeGuesses(t *testing.T) {
	t.Parallel()
	env, clock := newMFAEnv(t, limitVars)
	victim := at(env.browser(), "192.0.2.32")
	victim.signUp("trusting@example.com", "correct horse battery")
	thief := at(env.browser(), "198.51.100.32")
	thief.cookies = victim.cookies
	userID := requestCode(t, thief, "trusting@example.com")
	enrolOwnAuthenticator(t, thief, clock, "")
	guess := func(ip string, i int) *result {
		return env.call("POST", "/otp/verify", map[string]string{"x-appwrite-client-ip": ip}, fmt.Sprintf(`{"userId":"%s","code":"1%05d"}`, userID, i))
	}
	for i := range 9 {
		guess(fmt.Sprintf("203.0.113.%d", 40+i/3), i)
	}
	wantLimited(t, guess("203.0.113.99", 99))
	wantLimited(t, thief.do("POST", "/otp/verify", `{"userId":"`+userID+`","code":"222222"}`))
}

// ---------------------------------------------------------------------------
// Checks made with a session

// sessionPasswordChecks are the routes that check the account's password
// for a signed-in session, each sending guess as the password.
var sessionPasswordChecks = []struct {
	route string
	send  func(b *browser, guess string) *result
}{
	{"POST /me/password", func(b *browser, guess string) *result {
		return b.do("POST", "/me/password", `{"password":"the thief's own","oldPassword":"`+guess+`"}`)
	}},
	{"POST /me/email", func(b *browser, guess string) *result {
		return b.do("POST", "/me/email", `{"email":"thief@example.com","password":"`+guess+`"}`)
	}},
	{"DELETE /me", func(b *browser, guess string) *result { return b.do("DELETE", "/me", `{"password":"`+guess+`"}`) }},
	{"DELETE /me/mfa/totp", func(b *browser, guess string) *result {
		return b.do("DELETE", "/me/mfa/totp", `{"password":"`+guess+`"}`)
	}},
	{"PATCH /me/mfa", func(b *browser, guess string) *result {
		return b.do("PATCH", "/me/mfa", `{"enabled":false,"password":"`+guess+`"}`)
	}},
}

// stolen is a browser at ip that replays b's session cookie.
func stolen(b *browser, ip string) *browser {
	thief := at(b.env.browser(), ip)
	thief.cookies = b.cookies
	return thief
}

// TestSessionPasswordChecksShareTheSignInBudgets: a thief guesses the
// account's password both at POST /login and through a stolen session at
// each route that checks it. The guesses share one budget per address
// and e-mail (RATE_LIMIT_PER_IP_EMAIL=3) and one per e-mail
// (RATE_LIMIT_PER_EMAIL=8) rather than each way having its own. Defence:
// the session's checks count on the e-mail, as /login does
// (passwordAccount in profile.go).
func TestSessionPasswordChecksShareTheSignInBudgets(t *testing.T) {
	t.Parallel()
	for _, check := range sessionPasswordChecks {
		t.Run(check.route, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, limitVars)
			victim := at(env.browser(), "192.0.2.40")
			victim.signUp("shared-budget@example.com", "correct horse battery")
			const thiefIP = "198.51.100.40"
			for i := range 3 {
				loginFrom(env, thiefIP, "shared-budget@example.com", fmt.Sprintf("wrong guess %d", i)).wantError(t, http.StatusUnauthorized, "user_invalid_credentials")
			}
			wantLimited(t, check.send(stolen(victim, thiefIP), "wrong guess 3"))

			for i := range 6 {
				loginFrom(env, fmt.Sprintf("203.0.113.%d", 50+i/2), "shared-budget@example.com", fmt.Sprintf("wrong guess %d", 10+i))
			}
			wantLimited(t, check.send(stolen(victim, "198.51.100.41"), "wrong guess 20"))
		})
	}
}

// TestSessionChecksNotSparedByTrust: the thief's helpers spend the
// account's budget from their own addresses; the owner, at the address
// they signed in from, still signs in (trust spares it). The thief,
// replaying a stolen session from behind that same address (a shared
// network), must not be spared too: each check made with a session, of a
// password, an e-mail code or an authenticator's code, is refused.
// Defence: sessionCheck (handlers.go) marks them WithSession, and the
// limiter spares no address for them (check.refuses).
func TestSessionChecksNotSparedByTrust(t *testing.T) {
	t.Parallel()
	const ownerIP = "192.0.2.41"
	for _, check := range sessionPasswordChecks {
		t.Run("password/"+check.route, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, limitVars)
			owner := at(env.browser(), ownerIP)
			owner.signUp("trusted-net@example.com", "correct horse battery")
			owner.do("POST", "/login", credentialsOf("trusted-net@example.com"))
			for i := range 9 {
				loginFrom(env, fmt.Sprintf("203.0.113.%d", 60+i/3), "trusted-net@example.com", fmt.Sprintf("wrong guess %d", i))
			}
			wantLimited(t, loginFrom(env, "203.0.113.99", "trusted-net@example.com", "correct horse battery"))
			if r := owner.do("POST", "/login", credentialsOf("trusted-net@example.com")); r.Status != http.StatusOK {
				t.Fatalf("the owner's sign-in from their address: %d %s", r.Status, r.Body)
			}
			wantLimited(t, check.send(stolen(owner, ownerIP), "wrong guess 20"))
		})
	}
	// codeGuessesElsewhere spends the account's budget for user ID id.
	codeGuessesElsewhere := func(env *testEnv, id string) {
		for i := range 9 {
			env.call("POST", "/otp/verify", map[string]string{"x-appwrite-client-ip": fmt.Sprintf("203.0.113.%d", 70+i/3)},
				fmt.Sprintf(`{"userId":"%s","code":"3%05d"}`, id, i))
		}
	}
	t.Run("e-mail code/DELETE /me", func(t *testing.T) {
		t.Parallel()
		env := newTestEnv(t, limitVars)
		owner := at(env.browser(), ownerIP)
		if r := emailCodeSignIn(t, owner, "passwordless@example.com"); r.Status != http.StatusOK {
			t.Fatalf("the owner's code sign-in: %d %s", r.Status, r.Body)
		}
		id := userIDOf(t, owner)
		codeGuessesElsewhere(env, id)
		if r := emailCodeSignIn(t, at(env.browser(), ownerIP), "passwordless@example.com"); r.Status != http.StatusOK {
			t.Fatalf("the owner's code sign-in from their address: %d %s", r.Status, r.Body)
		}
		wantLimited(t, stolen(owner, ownerIP).do("DELETE", "/me", `{"code":"000000"}`))
	})
	t.Run("authenticator code/DELETE /me/mfa/totp", func(t *testing.T) {
		t.Parallel()
		env, clock := newMFAEnv(t, limitVars)
		owner := at(env.browser(), ownerIP)
		owner.signUp("app-owner@example.com", "correct horse battery")
		secret := enrolTOTP(t, owner, clock)
		codeGuessesElsewhere(env, userIDOf(t, owner))
		clock.Advance(30 * time.Second)
		wantLimited(t, stolen(owner, ownerIP).do("DELETE", "/me/mfa/totp", `{"code":"`+appwritetest.TOTPCode(secret, clock.Now())+`"}`))
	})
}

// ---------------------------------------------------------------------------
// Trust that outlives the account's change of hands

// trustEnders are the events after which no address trusted for an
// account before may be spared its budgets: each makes the account the
// owner's alone, for an attacker who knew its password (attackerPassword,
// with which the attacker's addresses signed in) and a victim at their
// own address.
var trustEnders = []struct {
	name string
	// plant makes the account for email as the attacker left it; end is
	// the owner's event, from owner.
	plant func(t *testing.T, env *testEnv, email string)
	end   func(t *testing.T, owner *browser, email string)
}{
	{"retired at the owner's first proof", func(t *testing.T, env *testEnv, email string) {
		if _, err := env.emu.CreateUser(email, attackerPassword, ""); err != nil {
			t.Fatal(err)
		}
	}, func(t *testing.T, owner *browser, email string) {
		if r := emailCodeSignIn(t, owner, email); r.Status != http.StatusOK || !strings.Contains(string(r.Body), `"accountReset":true`) {
			t.Fatalf("the owner's code sign-in: %d %s, want the account reset", r.Status, r.Body)
		}
	}},
	{"password reset", verifiedAccount, func(t *testing.T, owner *browser, email string) {
		for _, proof := range addressProofs {
			if proof.name == "recovery" {
				proof.run(t, owner, email)
			}
		}
	}},
	{"password set by a sign-up code", verifiedAccount, func(t *testing.T, owner *browser, email string) {
		if r := owner.completeSignUp(`{"email":"` + email + `","password":"the owner's new one"}`); r.Status != http.StatusCreated {
			t.Fatalf("the owner's sign-up: %d %s", r.Status, r.Body)
		}
	}},
	{"password change", verifiedAccount, func(t *testing.T, owner *browser, email string) {
		if r := owner.do("POST", "/login", `{"email":"`+email+`","password":"`+attackerPassword+`"}`); r.Status != http.StatusOK {
			t.Fatalf("the owner's sign-in: %d %s", r.Status, r.Body)
		}
		if r := owner.do("POST", "/me/password", `{"oldPassword":"`+attackerPassword+`","password":"the owner's new one"}`); r.Status != http.StatusOK {
			t.Fatalf("the password change: %d %s", r.Status, r.Body)
		}
	}},
}

// attackerPassword is the password the attacker of trustEnders knows.
const attackerPassword = "a leaked password"

// verifiedAccount makes an account for email with attackerPassword and a
// verified address: the owner's, whose password leaked.
func verifiedAccount(t *testing.T, env *testEnv, email string) {
	t.Helper()
	id, err := env.emu.CreateUser(email, attackerPassword, "")
	if err == nil {
		err = env.emu.SetEmailVerified(id, true)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// TestTrustEndsWhenTheAccountChangesHands: an attacker who knew an
// account's password signed in with it from four addresses, which the
// limiter so trusted for the account. Then the owner takes the account
// back: it is retired at their first proof of the address, its password
// is reset, or they change it. The attacker's addresses keep guessing the
// password; they must meet the account's budget (RATE_LIMIT_PER_EMAIL=8)
// like any other address, where the review's trusted addresses went on
// unrefused. Defence: Limiter.EndTrust, called by retire (takeover.go),
// confirmRecovery (recovery.go) and changePassword (profile.go).
func TestTrustEndsWhenTheAccountChangesHands(t *testing.T) {
	t.Parallel()
	for _, store := range limitStores {
		for _, ender := range trustEnders {
			t.Run(store+"/"+ender.name, func(t *testing.T) {
				t.Parallel()
				trustEndsWhenTheAccountChangesHands(t, store, ender.plant, ender.end)
			})
		}
	}
}

func trustEndsWhenTheAccountChangesHands(t *testing.T, store string, plant func(*testing.T, *testEnv, string), end func(*testing.T, *browser, string)) {
	env := newTestEnv(t, withVars(limitVars, "RATE_LIMIT_STORE", store))
	provisionLimits(t, env)
	const email = "changing-hands@example.com"
	plant(t, env, email)
	attackers := []string{"198.51.100.81", "198.51.100.82", "198.51.100.83", "198.51.100.84"}
	for _, ip := range attackers {
		if r := loginFrom(env, ip, email, attackerPassword); r.Status != http.StatusOK {
			t.Fatalf("the attacker's sign-in from %s: %d %s", ip, r.Status, r.Body)
		}
	}
	end(t, at(env.browser(), "192.0.2.80"), email)
	through := 0
	for i := range 3 * len(attackers) {
		through += guessesThrough(t, 1, http.StatusUnauthorized, func(int) *result {
			return loginFrom(env, attackers[i%len(attackers)], email, fmt.Sprintf("%s %d", attackerPassword, i))
		})
	}
	if through > 8 {
		t.Errorf("%d of %d guesses from the attacker's addresses reached Appwrite after the account changed hands, over the account's budget of 8", through, 3*len(attackers))
	}
	if text := env.logs.text(); strings.Contains(text, "rate limit store") {
		t.Errorf("the limiter's store failed: %s", text)
	}
}

// limitStores are the limiter's stores, for the threat tests that must
// hold with each: this instance's memory, and Appwrite's table, shared by
// every instance (RATE_LIMIT_STORE=appwrite).
var limitStores = []string{"memory", "appwrite"}

// provisionLimits makes the limiter's table when env keeps its limits in
// Appwrite's database.
func provisionLimits(t *testing.T, env *testEnv) {
	t.Helper()
	if env.vars["RATE_LIMIT_STORE"] != "appwrite" {
		return
	}
	if err := env.emu.CreateTable("auth", "rate_limits", "count", "resetAt"); err != nil {
		t.Fatal(err)
	}
}
