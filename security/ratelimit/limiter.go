package ratelimit

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"strings"
	"time"

	"openruntimes/handler/security"
)

// Policy is the brute-force policy of a [Limiter]. Zero fields take the
// value of [DefaultPolicy].
type Policy struct {
	// Window is the length of every counting window (RATE_LIMIT_WINDOW).
	Window time.Duration
	// PerIP is how many attempts one IP address (one /64 for IPv6) may
	// make on all sensitive routes together per window, successful or not
	// (RATE_LIMIT_PER_IP). It stops credential stuffing from one address.
	PerIP int
	// PerIPEmailFailures is how many failed attempts one address may make
	// on one account per window (RATE_LIMIT_PER_IP_EMAIL). It stops
	// guessing one password from one address without locking the account
	// for anyone else.
	PerIPEmailFailures int
	// PerEmailFailures is how many failed attempts on one account, from
	// all addresses together, the account tolerates per window
	// (RATE_LIMIT_PER_EMAIL). It stops a slow guess spread over many
	// addresses. Addresses the account signed in from within TrustedFor
	// are exempt, so the owner keeps access.
	PerEmailFailures int
	// TrustedFor is how long a successful sign-in makes its address
	// trusted for that account (RATE_LIMIT_TRUSTED_FOR). A negative value
	// trusts no address, ever.
	TrustedFor time.Duration
	// Store names the store the limits are kept in (RATE_LIMIT_STORE):
	// [StoreMemory] or [StoreAppwrite]. The Limiter does not read it; it
	// tells whoever builds the Limiter which Store to give it.
	Store string
	// MaxKeys is the most keys a [MemoryStore] holds (RATE_LIMIT_MAX_KEYS).
	MaxKeys int
	// Database and Table are the IDs of the TablesDB database and table an
	// [AppwriteStore] keeps its rows in (RATE_LIMIT_DATABASE,
	// RATE_LIMIT_TABLE).
	Database string
	Table    string
}

// The stores RATE_LIMIT_STORE may name.
const (
	// StoreMemory keeps counters in each instance's memory.
	StoreMemory = "memory"
	// StoreAppwrite keeps counters in Appwrite's database, shared by all
	// instances.
	StoreAppwrite = "appwrite"
)

// DefaultPolicy is the policy when nothing is configured: 100 attempts per
// address, 10 failures per address and account and 50 failures per account
// every 15 minutes; a sign-in trusts its address for 30 days.
var DefaultPolicy = Policy{
	Window:             15 * time.Minute,
	PerIP:              100,
	PerIPEmailFailures: 10,
	PerEmailFailures:   50,
	TrustedFor:         720 * time.Hour,
	Store:              StoreMemory,
	MaxKeys:            100000,
	Database:           "auth",
	Table:              "rate_limits",
}

// withDefaults returns p with its zero fields set from DefaultPolicy.
func (p Policy) withDefaults() Policy {
	d := DefaultPolicy
	if p.Window <= 0 {
		p.Window = d.Window
	}
	if p.PerIP <= 0 {
		p.PerIP = d.PerIP
	}
	if p.PerIPEmailFailures <= 0 {
		p.PerIPEmailFailures = d.PerIPEmailFailures
	}
	if p.PerEmailFailures <= 0 {
		p.PerEmailFailures = d.PerEmailFailures
	}
	if p.TrustedFor == 0 {
		p.TrustedFor = d.TrustedFor
	}
	if p.Store == "" {
		p.Store = d.Store
	}
	if p.MaxKeys <= 0 {
		p.MaxKeys = d.MaxKeys
	}
	if p.Database == "" {
		p.Database = d.Database
	}
	if p.Table == "" {
		p.Table = d.Table
	}
	return p
}

// Limiter applies the brute-force policy on top of a [Store]. It is safe
// for concurrent use and meant to be shared by every execution of the
// process.
type Limiter struct {
	store  Store
	policy Policy
	now    func() time.Time
}

// NewLimiter returns a Limiter that keeps its counters in store and reads
// the time from now (time.Now if nil).
func NewLimiter(store Store, p Policy, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{store: store, policy: p.withDefaults(), now: now}
}

// Policy returns the policy the Limiter applies, defaults filled in.
func (l *Limiter) Policy() Policy {
	return l.policy
}

// Allow is called before an attempt on a sensitive route (login, signup,
// otp, otp/verify, magic-url, recovery, mfa/verify), which route names
// for the error. ip is the client's address ([security.ClientIP]); account
// is the e-mail address the attempt is for, a user ID for routes that take
// one (treated as an opaque account key), or "" for routes keyed on the
// address only. Allow counts the attempt, before it is made, against:
//   - the address's budget (PerIP attempts per Window);
//   - the address's budget on this account (PerIPEmailFailures);
//   - the account's budget from every address (PerEmailFailures), which
//     does not apply to an address that signed in as the account within
//     TrustedFor;
//
// and refuses it when one is spent. Counting before the attempt, not after
// its outcome, is what keeps parallel guesses from all passing the check
// before any of them is counted. An attempt that turns out to succeed
// gives its address's budget on the account back (see Done); the
// account's budget keeps it, since its owner signs in far less often than
// the budget allows.
//
// The error is nil, a *[RateLimitError] (refuse the attempt with 429), or,
// when the store fails, a *[StoreError]: the limiter fails open, so the
// attempt goes on and the caller logs the error. Without a valid ip the
// address budgets do not apply (there is nothing to key them on) and only
// the account budget does.
//
// Extras are further budgets the attempt counts against, each checked
// after the three above: an e-mail code's issue count, a long ceiling of
// guesses. Their RateLimitError has the extra's Scope.
func (l *Limiter) Allow(ctx context.Context, route, ip, account string, extras ...Extra) error {
	p := l.policy
	now := l.now()
	ipKey, accountKey := l.keys(ip, account)
	var storeErr error
	// trusted is asked at most once per attempt, when a budget that
	// exempts trusted addresses is spent.
	var trusted *bool
	isTrusted := func() bool {
		if trusted == nil {
			t, err := l.trusted(ctx, ipKey, accountKey, now)
			if err != nil {
				storeErr = errors.Join(storeErr, err)
			}
			trusted = &t
		}
		return *trusted
	}

	if ipKey != "" {
		count, resetAt, err := l.store.Hit(ctx, "ip_"+ipKey, p.Window, now)
		switch {
		case err != nil:
			storeErr = errors.Join(storeErr, err)
		case count > p.PerIP:
			return newRateLimitError(route, ScopeIP, resetAt.Sub(now))
		}
	}
	if accountKey == "" {
		return l.allowExtras(ctx, route, extras, now, isTrusted, storeErr)
	}

	if ipKey != "" {
		count, resetAt, err := l.store.Hit(ctx, pairKey("fail", ipKey, accountKey), p.Window, now)
		switch {
		case err != nil:
			storeErr = errors.Join(storeErr, err)
		case count > p.PerIPEmailFailures:
			return newRateLimitError(route, ScopeIPAccount, resetAt.Sub(now))
		}
	}
	count, resetAt, err := l.store.Hit(ctx, "acct_"+accountKey, p.Window, now)
	switch {
	case err != nil:
		storeErr = errors.Join(storeErr, err)
	case count > p.PerEmailFailures && !isTrusted():
		return newRateLimitError(route, ScopeAccount, resetAt.Sub(now))
	}
	return l.allowExtras(ctx, route, extras, now, isTrusted, storeErr)
}

// Extra is one more budget an attempt counts against, beside the
// address and account budgets of the [Policy]: for example how many
// e-mail codes one address may be sent while they are valid, or a
// ceiling on guesses at one account over a day.
type Extra struct {
	// Scope names the budget: it keys the counter and is the Scope of
	// the RateLimitError when the budget is spent.
	Scope Scope
	// Key is what the budget counts for: an e-mail address or a user ID,
	// trimmed and compared in lower case. Only its hash is stored.
	Key string
	// Limit is how many attempts the budget allows per Window.
	Limit int
	// Window is the budget's own window.
	Window time.Duration
	// TrustExempt exempts the addresses trusted for the attempt's
	// account, as the account budget does, so that an attacker who spends
	// the budget does not lock the owner out from the owner's usual
	// address.
	TrustExempt bool
}

// allowExtras counts the attempt against each extra budget, in order,
// and refuses it at the first one spent. storeErr is what the store has
// failed with so far.
func (l *Limiter) allowExtras(ctx context.Context, route string, extras []Extra, now time.Time, isTrusted func() bool, storeErr error) error {
	for _, x := range extras {
		key := strings.ToLower(strings.TrimSpace(x.Key))
		if key == "" || x.Limit <= 0 || x.Window <= 0 {
			continue
		}
		count, resetAt, err := l.store.Hit(ctx, "x_"+hash(string(x.Scope), key), x.Window, now)
		switch {
		case err != nil:
			storeErr = errors.Join(storeErr, err)
		case count > x.Limit && !(x.TrustExempt && isTrusted()):
			return newRateLimitError(route, x.Scope, resetAt.Sub(now))
		}
	}
	return storeError(storeErr)
}

// Spend records one use of value, a single-use value of kind such as the
// state of a sign-in flow, and reports whether it is the first use within
// window (the value's lifetime). Only a hash of the value is stored, so
// the store holds nothing that could be replayed. Two concurrent uses
// cannot both be first: the store counts them atomically. When the store
// fails, first is true (the check fails open, like the limits) and err is
// a *StoreError for the log.
func (l *Limiter) Spend(ctx context.Context, kind, value string, window time.Duration) (first bool, err error) {
	count, _, err := l.store.Hit(ctx, "once_"+hash(kind, value), window, l.now())
	if err != nil {
		return true, storeError(err)
	}
	return count == 1, nil
}

// trusted reports whether the address signed in as the account within
// TrustedFor.
func (l *Limiter) trusted(ctx context.Context, ipKey, accountKey string, now time.Time) (bool, error) {
	if ipKey == "" || l.policy.TrustedFor <= 0 {
		return false, nil
	}
	count, _, err := l.store.Get(ctx, pairKey("trust", ipKey, accountKey), l.policy.TrustedFor, now)
	return count > 0, err
}

// Done records the outcome of an attempt Allow let through, with the same
// route, ip and account. Allow has already counted the attempt as a
// failure, so a failure needs nothing more. A success gives the address's
// budget on the account back (the owner's typos before it are forgiven)
// and trusts the address for the account for TrustedFor from now; it
// leaves the account's count as it is, or an attacker's budget would start
// again each time the owner signs in. With account "" there is nothing to
// record. The error is a *StoreError, for the log.
func (l *Limiter) Done(ctx context.Context, route, ip, account string, success bool) error {
	p := l.policy
	now := l.now()
	ipKey, accountKey := l.keys(ip, account)
	if !success || accountKey == "" || ipKey == "" {
		return nil
	}
	var errs []error
	errs = append(errs, l.store.Reset(ctx, pairKey("fail", ipKey, accountKey)))
	if p.TrustedFor > 0 {
		// Reset first, so the trust lasts TrustedFor from this sign-in
		// rather than from the first one.
		trustKey := pairKey("trust", ipKey, accountKey)
		errs = append(errs, l.store.Reset(ctx, trustKey))
		_, _, err := l.store.Hit(ctx, trustKey, p.TrustedFor, now)
		errs = append(errs, err)
	}
	return storeError(errors.Join(errs...))
}

// keys returns the hashed key parts of an address (its /64 for IPv6) and
// of an account (trimmed, in lower case), each "" when there is none.
func (l *Limiter) keys(ip, account string) (ipKey, accountKey string) {
	if k := security.RateKeyIP(ip); k != "" {
		ipKey = hash("ip", k)
	}
	if a := strings.ToLower(strings.TrimSpace(account)); a != "" {
		accountKey = hash("account", a)
	}
	return ipKey, accountKey
}

// keyEncoding writes hashes with lower-case letters and digits only.
var keyEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// hash returns 128 bits of SHA-256 of a domain and a value, in 26
// characters: keys never hold an address or an e-mail address, however
// long, and have a fixed size.
func hash(domain, value string) string {
	sum := sha256.Sum256([]byte("ratelimit\x00" + domain + "\x00" + value))
	return keyEncoding.EncodeToString(sum[:16])
}

// pairKey returns the key of an address and an account together.
func pairKey(kind, ipKey, accountKey string) string {
	return kind + "_" + hash(kind, ipKey+"\x00"+accountKey)
}
