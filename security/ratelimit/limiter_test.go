package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"openruntimes/handler/internal/apierror"
)

// clock is a fake clock for a Limiter.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

// newClock returns a clock at t0.
func newClock() *clock { return &clock{now: t0} }

// Now returns the clock's time.
func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// testPolicy is the policy of most limiter tests: small budgets, so a test
// reaches them quickly.
var testPolicy = Policy{
	Window:             15 * time.Minute,
	PerIP:              100,
	PerIPEmailFailures: 10,
	PerEmailFailures:   50,
	TrustedFor:         time.Hour,
}

// newTestLimiter returns a Limiter over a new MemoryStore, and its clock.
func newTestLimiter(p Policy) (*Limiter, *clock) {
	c := newClock()
	return NewLimiter(NewMemoryStore(100000), p, c.Now), c
}

// remoteMemory is a MemoryStore that says its calls go over the network,
// so that a Limiter over it takes the path of the Appwrite store: every
// budget counted at once, refusals taken back from the later ones.
type remoteMemory struct{ *MemoryStore }

func (remoteMemory) Remote() bool { return true }

// newRemoteTestLimiter is newTestLimiter over a remoteMemory.
func newRemoteTestLimiter(p Policy) (*Limiter, *clock) {
	c := newClock()
	return NewLimiter(remoteMemory{NewMemoryStore(100000)}, p, c.Now), c
}

// onBothPaths runs test with a limiter over memory and with one that
// counts as a store over the network does: the two paths must decide the
// same.
func onBothPaths(t *testing.T, test func(*testing.T, func(Policy) (*Limiter, *clock))) {
	t.Run("memory", func(t *testing.T) { test(t, newTestLimiter) })
	t.Run("network", func(t *testing.T) { test(t, newRemoteTestLimiter) })
}

// attempt runs one attempt through l: Allow, then, if allowed and it
// succeeded, Succeeded. It returns Allow's error.
func attempt(t *testing.T, l *Limiter, ip, account string, success bool) error {
	t.Helper()
	ctx := context.Background()
	if err := l.Allow(ctx, Attempt{Route: "/login", IP: ip, Account: account}); err != nil {
		return err
	}
	if !success {
		return nil
	}
	if err := l.Succeeded(ctx, Attempt{Route: "/login", IP: ip, Account: account}); err != nil {
		t.Fatalf("Succeeded: %v", err)
	}
	return nil
}

// wantLimited fails the test unless err is a *RateLimitError of scope.
func wantLimited(t *testing.T, err error, scope Scope) *RateLimitError {
	t.Helper()
	var rl *RateLimitError
	if !errors.As(err, &rl) {
		t.Fatalf("error = %v, want a *RateLimitError (%s)", err, scope)
	}
	if rl.Scope != scope {
		t.Fatalf("scope = %s, want %s (%v)", rl.Scope, scope, err)
	}
	return rl
}

// ipN returns the n-th of many distinct IPv4 addresses.
func ipN(n int) string {
	return fmt.Sprintf("10.%d.%d.%d", n>>16&0xff, n>>8&0xff, n&0xff)
}

// TestCredentialStuffingFromOneIP: one address tries many accounts, once
// each; the address's budget stops it, and no one else.
func TestCredentialStuffingFromOneIP(t *testing.T) { onBothPaths(t, testCredentialStuffingFromOneIP) }

func testCredentialStuffingFromOneIP(t *testing.T, newTestLimiter func(Policy) (*Limiter, *clock)) {
	t.Parallel()
	l, c := newTestLimiter(testPolicy)
	const attacker = "198.51.100.9"
	for i := range testPolicy.PerIP {
		if err := attempt(t, l, attacker, fmt.Sprintf("user%d@example.com", i), false); err != nil {
			t.Fatalf("attempt %d: %v", i+1, err)
		}
		c.Advance(time.Second)
	}
	rl := wantLimited(t, attempt(t, l, attacker, "fresh@example.com", false), ScopeIP)
	if want := testPolicy.Window - time.Duration(testPolicy.PerIP)*time.Second; rl.RetryAfter != want {
		t.Errorf("RetryAfter = %v, want %v (the end of the window the first attempt opened)", rl.RetryAfter, want)
	}
	if rl.Route != "/login" {
		t.Errorf("Route = %q", rl.Route)
	}
	wantLimited(t, attempt(t, l, attacker, "", false), ScopeIP)
	if err := attempt(t, l, "203.0.113.5", "user1@example.com", true); err != nil {
		t.Errorf("another address: %v", err)
	}
}

// TestDistributedSlowGuess: many addresses guess one account, a few times
// each, below every per-address budget; the account's budget stops them.
func TestDistributedSlowGuess(t *testing.T) { onBothPaths(t, testDistributedSlowGuess) }

func testDistributedSlowGuess(t *testing.T, newTestLimiter func(Policy) (*Limiter, *clock)) {
	t.Parallel()
	l, c := newTestLimiter(testPolicy)
	const victim = "victim@example.com"
	for i := range testPolicy.PerEmailFailures {
		if err := attempt(t, l, ipN(i), victim, false); err != nil {
			t.Fatalf("guess %d: %v", i+1, err)
		}
		c.Advance(10 * time.Second)
	}
	for i := range 20 {
		wantLimited(t, attempt(t, l, ipN(1000+i), victim, false), ScopeAccount)
	}
	if err := attempt(t, l, ipN(2000), "other@example.com", false); err != nil {
		t.Errorf("another account: %v", err)
	}
	c.Advance(testPolicy.Window)
	if err := attempt(t, l, ipN(3000), victim, false); err != nil {
		t.Errorf("after the window: %v", err)
	}
}

// TestVictimNotLockedOut: an attacker's failures from many addresses lock
// the account for new addresses, but never for the one its owner signed in
// from within TrustedFor.
func TestVictimNotLockedOut(t *testing.T) { onBothPaths(t, testVictimNotLockedOut) }

func testVictimNotLockedOut(t *testing.T, newTestLimiter func(Policy) (*Limiter, *clock)) {
	t.Parallel()
	l, c := newTestLimiter(testPolicy)
	const victim, home = "victim@example.com", "203.0.113.20"
	if err := attempt(t, l, home, victim, true); err != nil {
		t.Fatal(err)
	}
	c.Advance(time.Minute)
	for i := range 2 * testPolicy.PerEmailFailures {
		err := attempt(t, l, ipN(i), victim, false)
		if i >= testPolicy.PerEmailFailures {
			wantLimited(t, err, ScopeAccount)
		}
	}
	for i := range 5 {
		if err := attempt(t, l, home, victim, i == 4); err != nil {
			t.Fatalf("the owner's attempt %d from home: %v", i+1, err)
		}
	}
	wantLimited(t, attempt(t, l, "192.0.2.77", victim, true), ScopeAccount)

	// The trust lasts TrustedFor from the last sign-in (a minute after
	// t0), not for ever. The account's first window has ended by now;
	// the attacker exhausts a second one.
	c.Advance(testPolicy.TrustedFor - time.Minute)
	for i := range testPolicy.PerEmailFailures {
		attempt(t, l, ipN(500+i), victim, false)
	}
	wantLimited(t, attempt(t, l, ipN(999), victim, false), ScopeAccount)
	if err := attempt(t, l, home, victim, false); err != nil {
		t.Fatalf("the owner, 59 minutes after signing in: %v", err)
	}
	c.Advance(2 * time.Minute)
	wantLimited(t, attempt(t, l, home, victim, true), ScopeAccount)
}

// TestPerIPAccountFailures: one address guessing one account is stopped
// there, without locking the account for others.
func TestPerIPAccountFailures(t *testing.T) { onBothPaths(t, testPerIPAccountFailures) }

func testPerIPAccountFailures(t *testing.T, newTestLimiter func(Policy) (*Limiter, *clock)) {
	t.Parallel()
	l, _ := newTestLimiter(testPolicy)
	const ip, account = "198.51.100.1", "someone@example.com"
	for i := range testPolicy.PerIPEmailFailures {
		if err := attempt(t, l, ip, account, false); err != nil {
			t.Fatalf("failure %d: %v", i+1, err)
		}
	}
	wantLimited(t, attempt(t, l, ip, account, true), ScopeIPAccount)
	if err := attempt(t, l, ip, "other@example.com", false); err != nil {
		t.Errorf("same address, another account: %v", err)
	}
	if err := attempt(t, l, "198.51.100.2", account, true); err != nil {
		t.Errorf("another address, same account: %v", err)
	}
}

// TestSuccessResets: a success forgets the address's failures on the
// account, not the account's failures.
func TestSuccessResets(t *testing.T) { onBothPaths(t, testSuccessResets) }

func testSuccessResets(t *testing.T, newTestLimiter func(Policy) (*Limiter, *clock)) {
	t.Parallel()
	p := testPolicy
	p.PerEmailFailures = 25
	l, _ := newTestLimiter(p)
	const ip, account = "198.51.100.1", "someone@example.com"
	for range p.PerIPEmailFailures - 1 {
		attempt(t, l, ip, account, false)
	}
	if err := attempt(t, l, ip, account, true); err != nil {
		t.Fatal(err)
	}
	for i := range p.PerIPEmailFailures {
		if err := attempt(t, l, ip, account, false); err != nil {
			t.Fatalf("failure %d after the success: %v", i+1, err)
		}
	}
	wantLimited(t, attempt(t, l, ip, account, false), ScopeIPAccount)

	// 19 failures on the account so far; 6 more from elsewhere exhaust it.
	for i := range 6 {
		attempt(t, l, ipN(i), account, false)
	}
	wantLimited(t, attempt(t, l, ipN(100), account, false), ScopeAccount)
}

// TestCredentialsApart: a success of one credential forgives the
// address's failures of that credential only, and trusts the address for
// it only, while the account's budget counts every credential's failures.
func TestCredentialsApart(t *testing.T) { onBothPaths(t, testCredentialsApart) }

func testCredentialsApart(t *testing.T, newTestLimiter func(Policy) (*Limiter, *clock)) {
	t.Parallel()
	p := testPolicy
	p.PerIPEmailFailures, p.PerEmailFailures = 3, 8
	l, _ := newTestLimiter(p)
	ctx := context.Background()
	const ip, account = "198.51.100.1", "user1"
	code := func(ip string) Attempt {
		return Attempt{Route: "otp/verify", Credential: "email-code", IP: ip, Account: account}
	}
	totp := Attempt{Route: "mfa/totp", Credential: "totp", IP: ip, Account: account}

	for i := range 3 {
		if err := l.Allow(ctx, code(ip)); err != nil {
			t.Fatalf("code guess %d: %v", i+1, err)
		}
	}
	// The address proves another credential of the account: its code
	// guesses stay counted.
	if err := l.Allow(ctx, totp); err != nil {
		t.Fatal(err)
	}
	if err := l.Succeeded(ctx, totp); err != nil {
		t.Fatal(err)
	}
	wantLimited(t, l.Allow(ctx, code(ip)), ScopeIPAccount)
	if err := l.Allow(ctx, totp); err != nil {
		t.Errorf("the proven credential's own budget: %v", err)
	}

	// Another address proves totp too. 6 attempts on the account so far,
	// whatever their credential; 2 more from elsewhere spend its budget,
	// for that address too when it guesses codes: it is trusted for totp
	// only.
	trusted := totp
	trusted.IP = "203.0.113.1"
	if err := l.Allow(ctx, trusted); err != nil {
		t.Fatal(err)
	}
	if err := l.Succeeded(ctx, trusted); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if err := l.Allow(ctx, code(ipN(i))); err != nil {
			t.Fatalf("guess from %s: %v", ipN(i), err)
		}
	}
	wantLimited(t, l.Allow(ctx, code(ipN(10))), ScopeAccount)
	wantLimited(t, l.Allow(ctx, code(trusted.IP)), ScopeAccount)
	if err := l.Allow(ctx, trusted); err != nil {
		t.Errorf("the address trusted for totp, on totp: %v", err)
	}
}

// TestSessionChecksNotSpared: an address trusted for the account is
// spared the account's budget, and a trust-exempt extra's, when it signs
// in, and spared neither for a check made with a session.
func TestSessionChecksNotSpared(t *testing.T) { onBothPaths(t, testSessionChecksNotSpared) }

func testSessionChecksNotSpared(t *testing.T, newTestLimiter func(Policy) (*Limiter, *clock)) {
	t.Parallel()
	p := testPolicy
	p.PerEmailFailures = 4
	l, _ := newTestLimiter(p)
	ctx := context.Background()
	const owner = "192.0.2.1"
	day := Extra{Scope: ScopeGuessesPerDay, Key: "user1", Limit: 4, Window: 24 * time.Hour, TrustExempt: true}
	signIn := Attempt{Route: "login", Credential: "password", IP: owner, Account: "user1"}
	if err := l.Allow(ctx, signIn); err != nil {
		t.Fatal(err)
	}
	if err := l.Succeeded(ctx, signIn); err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		l.Allow(ctx, Attempt{Route: "login", Credential: "password", IP: ipN(i), Account: "user1", Extras: []Extra{day}})
	}
	wantLimited(t, l.Allow(ctx, Attempt{Route: "login", Credential: "password", IP: ipN(9), Account: "user1"}), ScopeAccount)
	if err := l.Allow(ctx, signIn); err != nil {
		t.Errorf("a sign-in from the trusted address: %v", err)
	}
	check := signIn
	check.WithSession = true
	wantLimited(t, l.Allow(ctx, check), ScopeAccount)

	// The day's ceiling, trust-exempt, is spent too: on its own it spares
	// the trusted address's sign-in and not its session's check.
	other := Attempt{Route: "code", Credential: "email-code", IP: owner, Account: "user2", Extras: []Extra{day}}
	if err := l.Allow(ctx, other); err != nil {
		t.Fatal(err)
	}
	if err := l.Succeeded(ctx, other); err != nil {
		t.Fatal(err)
	}
	if err := l.Allow(ctx, other); err != nil {
		t.Errorf("a sign-in from the trusted address, the day's ceiling spent: %v", err)
	}
	other.WithSession = true
	wantLimited(t, l.Allow(ctx, other), ScopeGuessesPerDay)
}

// TestEndTrust: once an account's trust ends, no address trusted before
// is spared its budget, whatever the credential it proved; an address
// that proves one afterwards is again, and other accounts keep theirs.
func TestEndTrust(t *testing.T) { onBothPaths(t, testEndTrust) }

func testEndTrust(t *testing.T, newTestLimiter func(Policy) (*Limiter, *clock)) {
	t.Parallel()
	p := testPolicy
	p.PerEmailFailures = 2
	l, c := newTestLimiter(p)
	ctx := context.Background()
	signIn := func(ip, account, credential string) Attempt {
		return Attempt{Route: "login", Credential: credential, IP: ip, Account: account}
	}
	trust := func(a Attempt) {
		t.Helper()
		if err := l.Allow(ctx, a); err != nil {
			t.Fatal(err)
		}
		if err := l.Succeeded(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	trust(signIn("192.0.2.1", "victim", "password"))
	trust(signIn("192.0.2.2", "victim", "code"))
	trust(signIn("192.0.2.3", "bystander", "password"))
	for _, account := range []string{"victim", "bystander"} {
		for i := range 3 {
			l.Allow(ctx, signIn(ipN(i), account, "password"))
		}
	}
	c.Advance(time.Minute)
	if err := l.EndTrust(ctx, " Victim "); err != nil {
		t.Fatal(err)
	}
	wantLimited(t, l.Allow(ctx, signIn("192.0.2.1", "victim", "password")), ScopeAccount)
	wantLimited(t, l.Allow(ctx, signIn("192.0.2.2", "victim", "code")), ScopeAccount)
	if err := l.Allow(ctx, signIn("192.0.2.3", "bystander", "password")); err != nil {
		t.Errorf("another account's trusted address: %v", err)
	}

	// A trust earned after the end counts. (Its attempt goes through the
	// store's own way: the account's budget is spent.)
	c.Advance(time.Minute)
	if err := l.Succeeded(ctx, signIn("192.0.2.1", "victim", "password")); err != nil {
		t.Fatal(err)
	}
	if err := l.Allow(ctx, signIn("192.0.2.1", "victim", "password")); err != nil {
		t.Errorf("an address trusted after the end: %v", err)
	}
	if err := l.EndTrust(ctx, ""); err != nil {
		t.Errorf("EndTrust of no account: %v", err)
	}
}

// TestWindowExpiry: budgets open again when their window ends, not a
// nanosecond before.
func TestWindowExpiry(t *testing.T) { onBothPaths(t, testWindowExpiry) }

func testWindowExpiry(t *testing.T, newTestLimiter func(Policy) (*Limiter, *clock)) {
	t.Parallel()
	p := testPolicy
	p.PerIP = 3
	l, c := newTestLimiter(p)
	for range 3 {
		attempt(t, l, "198.51.100.1", "", false)
	}
	rl := wantLimited(t, attempt(t, l, "198.51.100.1", "", false), ScopeIP)
	if rl.RetryAfter != p.Window || rl.RetryAfterSeconds() != 900 {
		t.Errorf("RetryAfter = %v (%ds), want %v", rl.RetryAfter, rl.RetryAfterSeconds(), p.Window)
	}
	c.Advance(p.Window - time.Nanosecond)
	rl = wantLimited(t, attempt(t, l, "198.51.100.1", "", false), ScopeIP)
	if rl.RetryAfter != time.Nanosecond || rl.RetryAfterSeconds() != 1 {
		t.Errorf("RetryAfter = %v (%ds), want 1ns (1s)", rl.RetryAfter, rl.RetryAfterSeconds())
	}
	c.Advance(time.Nanosecond)
	for i := range 3 {
		if err := attempt(t, l, "198.51.100.1", "", false); err != nil {
			t.Fatalf("attempt %d in the next window: %v", i+1, err)
		}
	}
	wantLimited(t, attempt(t, l, "198.51.100.1", "", false), ScopeIP)
}

// TestAccountsAreNormalized: case and surrounding space do not give a new
// budget.
func TestAccountsAreNormalized(t *testing.T) { onBothPaths(t, testAccountsAreNormalized) }

func testAccountsAreNormalized(t *testing.T, newTestLimiter func(Policy) (*Limiter, *clock)) {
	t.Parallel()
	l, _ := newTestLimiter(testPolicy)
	spellings := []string{"Victim@Example.com", " victim@example.com", "VICTIM@EXAMPLE.COM\t"}
	for i := range testPolicy.PerIPEmailFailures {
		attempt(t, l, "198.51.100.1", spellings[i%len(spellings)], false)
	}
	for _, s := range spellings {
		wantLimited(t, attempt(t, l, "198.51.100.1", s, false), ScopeIPAccount)
	}
	wantLimited(t, attempt(t, l, "198.51.100.1", "victim@example.com", false), ScopeIPAccount)
}

// TestIPv6SharesA64: addresses of one /64 share one budget; IPv4-mapped
// addresses are their IPv4 address.
func TestIPv6SharesA64(t *testing.T) { onBothPaths(t, testIPv6SharesA64) }

func testIPv6SharesA64(t *testing.T, newTestLimiter func(Policy) (*Limiter, *clock)) {
	t.Parallel()
	p := testPolicy
	p.PerIP = 5
	l, _ := newTestLimiter(p)
	for i := range 5 {
		if err := attempt(t, l, fmt.Sprintf("2001:db8:1:2::%x", i+1), "", false); err != nil {
			t.Fatal(err)
		}
	}
	wantLimited(t, attempt(t, l, "2001:db8:1:2:ffff:ffff:ffff:ffff", "", false), ScopeIP)
	if err := attempt(t, l, "2001:db8:1:3::1", "", false); err != nil {
		t.Errorf("another /64: %v", err)
	}

	for range 5 {
		attempt(t, l, "192.0.2.1", "", false)
	}
	wantLimited(t, attempt(t, l, "::ffff:192.0.2.1", "", false), ScopeIP)
}

// TestUnknownIP: without an address only the account's budget applies.
func TestUnknownIP(t *testing.T) { onBothPaths(t, testUnknownIP) }

func testUnknownIP(t *testing.T, newTestLimiter func(Policy) (*Limiter, *clock)) {
	t.Parallel()
	p := testPolicy
	p.PerIP, p.PerEmailFailures = 3, 20
	l, _ := newTestLimiter(p)
	for i := range 20 {
		if err := attempt(t, l, "", "victim@example.com", false); err != nil {
			t.Fatalf("attempt %d without an address: %v", i+1, err)
		}
	}
	wantLimited(t, attempt(t, l, "", "victim@example.com", false), ScopeAccount)
	wantLimited(t, attempt(t, l, "not-an-ip", "victim@example.com", false), ScopeAccount)
	for i := range 10 {
		if err := attempt(t, l, "", fmt.Sprint(i, "@example.com"), false); err != nil {
			t.Fatalf("attempt %d on another account: %v", i+1, err)
		}
	}
}

// failingStore is a Store that is down.
type failingStore struct{}

// errDown is the error of failingStore.
var errDown = errors.New("appwrite unreachable")

// Hit fails.
func (failingStore) Hit(context.Context, string, time.Duration, time.Time) (int, time.Time, error) {
	return 0, time.Time{}, errDown
}

// Get fails.
func (failingStore) Get(context.Context, string, time.Duration, time.Time) (int, time.Time, error) {
	return 0, time.Time{}, errDown
}

// Reset fails.
func (failingStore) Reset(context.Context, string) error { return errDown }

// Undo fails.
func (failingStore) Undo(context.Context, string, time.Time) error { return errDown }

// Restart fails.
func (failingStore) Restart(context.Context, string, int, time.Duration, time.Time) error {
	return errDown
}

// TestStoreDownFailsOpen: when the store fails, attempts go on and the
// error comes back as a *StoreError to log.
func TestStoreDownFailsOpen(t *testing.T) {
	t.Parallel()
	l := NewLimiter(failingStore{}, testPolicy, nil)
	ctx := context.Background()
	for _, account := range []string{"", "victim@example.com"} {
		err := l.Allow(ctx, Attempt{Route: "/login", IP: "198.51.100.1", Account: account})
		var se *StoreError
		var rl *RateLimitError
		if !errors.As(err, &se) || errors.As(err, &rl) || !errors.Is(err, errDown) {
			t.Errorf("Allow(%q) with the store down = %v, want a *StoreError wrapping the cause", account, err)
		}
		// A failure was counted by Allow: it needs no call. A success
		// forgets failures and trusts the address, in the store.
		if err := l.Succeeded(ctx, Attempt{Route: "/login", IP: "198.51.100.1", Account: account}); account != "" && (!errors.As(err, &se) || !errors.Is(err, errDown)) {
			t.Errorf("Succeeded(%q) with the store down = %v, want a *StoreError", account, err)
		}
	}
}

// recordingStore records the keys a Limiter uses.
type recordingStore struct {
	Store
	mu   sync.Mutex
	keys map[string]bool
}

// record notes that key was used.
func (s *recordingStore) record(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys[key] = true
}

// Hit records key and hits it.
func (s *recordingStore) Hit(ctx context.Context, key string, w time.Duration, now time.Time) (int, time.Time, error) {
	s.record(key)
	return s.Store.Hit(ctx, key, w, now)
}

// Get records key and reads it.
func (s *recordingStore) Get(ctx context.Context, key string, w time.Duration, now time.Time) (int, time.Time, error) {
	s.record(key)
	return s.Store.Get(ctx, key, w, now)
}

// Reset records key and forgets it.
func (s *recordingStore) Reset(ctx context.Context, key string) error {
	s.record(key)
	return s.Store.Reset(ctx, key)
}

// Undo records key and takes a hit back.
func (s *recordingStore) Undo(ctx context.Context, key string, now time.Time) error {
	s.record(key)
	return s.Store.Undo(ctx, key, now)
}

// Restart records key and restarts it.
func (s *recordingStore) Restart(ctx context.Context, key string, count int, w time.Duration, now time.Time) error {
	s.record(key)
	return s.Store.Restart(ctx, key, count, w, now)
}

// TestKeysHideInputs: keys never hold an address or an e-mail address, and
// are short IDs whatever the input's length.
func TestKeysHideInputs(t *testing.T) {
	t.Parallel()
	s := &recordingStore{Store: NewMemoryStore(1000), keys: map[string]bool{}}
	l := NewLimiter(s, testPolicy, newClock().Now)
	long := strings.Repeat("x", 100000) + "@example.com"
	for _, in := range []struct{ ip, account string }{
		{"198.51.100.1", "victim@example.com"},
		{"2001:db8::1", long},
		{"198.51.100.1", "user-id-123"},
	} {
		attempt(t, l, in.ip, in.account, false)
		attempt(t, l, in.ip, in.account, true)
	}
	if len(s.keys) < 8 {
		t.Fatalf("only %d keys recorded: %v", len(s.keys), s.keys)
	}
	for key := range s.keys {
		if len(key) > 36 {
			t.Errorf("key %q is longer than 36 characters", key)
		}
		for _, c := range key {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
				t.Errorf("key %q has %q", key, c)
			}
		}
		for _, secret := range []string{"198", "51.100", "2001", "db8", "victim", "example", "user-id", "xxxx"} {
			if strings.Contains(key, secret) {
				t.Errorf("key %q holds %q", key, secret)
			}
		}
	}
}

// TestLimiterMemoryUnder100kIPs: 100k distinct addresses, each making one
// attempt on its own account, keep the store within its bound.
func TestLimiterMemoryUnder100kIPs(t *testing.T) {
	const maxKeys = 10000
	before := heapInUse()
	store := NewMemoryStore(maxKeys)
	c := newClock()
	l := NewLimiter(store, testPolicy, c.Now)
	ctx := context.Background()
	for i := range 100000 {
		ip, account := ipN(i), fmt.Sprintf("user%d@example.com", i)
		if err := l.Allow(ctx, Attempt{Route: "/login", IP: ip, Account: account}); err != nil {
			t.Fatalf("attempt %d: %v", i, err)
		}
		if i%2 == 0 {
			l.Succeeded(ctx, Attempt{Route: "/login", IP: ip, Account: account})
		}
		if i%1000 == 0 && store.Len() > maxKeys {
			t.Fatalf("Len = %d after %d addresses", store.Len(), i+1)
		}
	}
	grown := int64(heapInUse()) - int64(before)
	runtime.KeepAlive(store)
	t.Logf("heap grew by %d bytes for 100k addresses (maxKeys %d)", grown, maxKeys)
	if grown > maxBytesPerKey*maxKeys {
		t.Errorf("heap grew by %d bytes, want at most %d", grown, maxBytesPerKey*maxKeys)
	}
	if store.Len() > maxKeys {
		t.Errorf("Len = %d, want at most %d", store.Len(), maxKeys)
	}
}

// TestLimiterConcurrent runs attempts from many goroutines at once: the
// budget is exact, and the race detector sees the shared state.
func TestLimiterConcurrent(t *testing.T) { onBothPaths(t, testLimiterConcurrent) }

func testLimiterConcurrent(t *testing.T, newTestLimiter func(Policy) (*Limiter, *clock)) {
	t.Parallel()
	p := testPolicy
	p.PerIP = 100
	l, _ := newTestLimiter(p)
	ctx := context.Background()
	var allowed, refused atomic.Int64
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				account := fmt.Sprintf("user%d-%d@example.com", g, i)
				err := l.Allow(ctx, Attempt{Route: "/login", IP: "198.51.100.1", Account: account})
				var rl *RateLimitError
				switch {
				case err == nil:
					allowed.Add(1)
					if g%2 == 0 {
						l.Succeeded(ctx, Attempt{Route: "/login", IP: "198.51.100.1", Account: account})
					}
				case errors.As(err, &rl):
					refused.Add(1)
				default:
					t.Error(err)
				}
				l.Allow(ctx, Attempt{Route: "/otp", IP: ipN(g*1000 + i)})
			}
		}()
	}
	wg.Wait()
	if allowed.Load() != 100 || refused.Load() != 300 {
		t.Errorf("allowed %d, refused %d of 400; want exactly 100 allowed", allowed.Load(), refused.Load())
	}
}

// TestRateLimitError checks the rounding of retry-after and the API error.
func TestRateLimitError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		retry   time.Duration
		seconds int
		text    string
	}{
		{0, 1, "1 second"},
		{-time.Second, 1, "1 second"},
		{time.Nanosecond, 1, "1 second"},
		{time.Second, 1, "1 second"},
		{1200 * time.Millisecond, 2, "2 seconds"},
		{119 * time.Second, 119, "119 seconds"},
		{15 * time.Minute, 900, "15 minutes"},
		{14*time.Minute + 1*time.Second, 841, "15 minutes"},
		{720 * time.Hour, 2592000, "720 hours"},
	}
	for i, tt := range tests {
		e := &RateLimitError{RetryAfter: tt.retry, Route: "/login", Scope: ScopeIP}
		if got := e.RetryAfterSeconds(); got != tt.seconds {
			t.Errorf("#%d RetryAfterSeconds(%v) = %d, want %d", i, tt.retry, got, tt.seconds)
		}
		api := e.APIError()
		if api.Code != http.StatusTooManyRequests || api.Type != apierror.TypeRateLimited || !strings.Contains(api.Message, "Try again in "+tt.text+".") {
			t.Errorf("#%d APIError() = %+v, want 429 %s saying %q", i, api, apierror.TypeRateLimited, tt.text)
		}
		if strings.Contains(api.Message, string(e.Scope)) {
			t.Errorf("#%d APIError() message %q names the budget", i, api.Message)
		}
		if !strings.Contains(e.Error(), "/login") || !strings.Contains(e.Error(), "ip budget") {
			t.Errorf("#%d Error() = %q", i, e.Error())
		}
	}
}

// TestNewLimiterDefaults checks that zero fields take the defaults.
func TestNewLimiterDefaults(t *testing.T) {
	t.Parallel()
	if got := NewLimiter(NewMemoryStore(10), Policy{}, nil).Policy(); got != DefaultPolicy {
		t.Errorf("Policy() = %+v, want %+v", got, DefaultPolicy)
	}
	p := Policy{Window: time.Minute, PerIP: 1, PerIPEmailFailures: 2, PerEmailFailures: 3, TrustedFor: -1, Store: StoreAppwrite, MaxKeys: 5000,
		Database: "db", Table: "t"}
	if got := NewLimiter(NewMemoryStore(10), p, nil).Policy(); got != p {
		t.Errorf("Policy() = %+v, want %+v", got, p)
	}
}

// TestNoTrust: with TrustedFor negative, no address is exempt.
func TestNoTrust(t *testing.T) { onBothPaths(t, testNoTrust) }

func testNoTrust(t *testing.T, newTestLimiter func(Policy) (*Limiter, *clock)) {
	t.Parallel()
	p := testPolicy
	p.TrustedFor, p.PerEmailFailures = -1, 5
	l, _ := newTestLimiter(p)
	attempt(t, l, "203.0.113.20", "victim@example.com", true)
	for i := range 5 {
		attempt(t, l, ipN(i), "victim@example.com", false)
	}
	wantLimited(t, attempt(t, l, "203.0.113.20", "victim@example.com", true), ScopeAccount)
}

// TestExtraBudgets: an extra budget refuses the attempt past its limit,
// with its own scope and window, counts whatever the address, and spares
// trusted addresses when it says so.
func TestExtraBudgets(t *testing.T) { onBothPaths(t, testExtraBudgets) }

func testExtraBudgets(t *testing.T, newTestLimiter func(Policy) (*Limiter, *clock)) {
	t.Parallel()
	l, clock := newTestLimiter(testPolicy)
	ctx := context.Background()
	codes := Extra{Scope: ScopeCodesSent, Key: "Ada@Example.com", Limit: 3, Window: 5 * time.Minute}
	for i := 0; i < 3; i++ {
		if err := l.Allow(ctx, Attempt{Route: "otp", IP: fmt.Sprintf("198.51.100.%d", i), Account: "mail:ada@example.com", Extras: []Extra{codes}}); err != nil {
			t.Fatalf("code %d: %v", i+1, err)
		}
	}
	codes.Key = " ada@example.COM "
	rl := wantLimited(t, l.Allow(ctx, Attempt{Route: "otp", IP: "198.51.100.9", Account: "mail:ada@example.com", Extras: []Extra{codes}}), ScopeCodesSent)
	if rl.RetryAfter <= 0 || rl.RetryAfter > 5*time.Minute {
		t.Errorf("retry after %v, want within the extra's own window", rl.RetryAfter)
	}
	clock.Advance(5 * time.Minute)
	if err := l.Allow(ctx, Attempt{Route: "otp", IP: "198.51.100.9", Account: "mail:ada@example.com", Extras: []Extra{codes}}); err != nil {
		t.Errorf("after the extra's window: %v", err)
	}

	// A trust-exempt ceiling: the trusted address passes, others do not.
	day := Extra{Scope: ScopeGuessesPerDay, Key: "user1", Limit: 2, Window: 24 * time.Hour, TrustExempt: true}
	if err := l.Allow(ctx, Attempt{Route: "otp/verify", IP: "192.0.2.1", Account: "user1", Extras: []Extra{day}}); err != nil {
		t.Fatal(err)
	}
	if err := l.Succeeded(ctx, Attempt{Route: "otp/verify", IP: "192.0.2.1", Account: "user1"}); err != nil {
		t.Fatal(err)
	}
	if err := l.Allow(ctx, Attempt{Route: "otp/verify", IP: "203.0.113.1", Account: "user1", Extras: []Extra{day}}); err != nil {
		t.Fatalf("a guess within the ceiling: %v", err)
	}
	wantLimited(t, l.Allow(ctx, Attempt{Route: "otp/verify", IP: "203.0.113.2", Account: "user1", Extras: []Extra{day}}), ScopeGuessesPerDay)
	if err := l.Allow(ctx, Attempt{Route: "otp/verify", IP: "192.0.2.1", Account: "user1", Extras: []Extra{day}}); err != nil {
		t.Errorf("the trusted address past the ceiling: %v", err)
	}
	day.TrustExempt = false
	day.Scope = "strict"
	for i := 0; i < 2; i++ {
		l.Allow(ctx, Attempt{Route: "otp/verify", IP: "192.0.2.1", Account: "user1", Extras: []Extra{day}})
	}
	wantLimited(t, l.Allow(ctx, Attempt{Route: "otp/verify", IP: "192.0.2.1", Account: "user1", Extras: []Extra{day}}), "strict")
}
