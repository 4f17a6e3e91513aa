package ratelimit

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"strings"
	"sync"
	"time"

	"openruntimes/handler/internal/parallel"
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
	// remote is whether the store's calls go over the network: the calls
	// of one attempt are then made at the same time.
	remote bool
	// spent remembers, with a remote store, the budgets this process saw
	// refuse (see spentBudgets); the Limiters of one [Limiters] share it.
	spent *spentBudgets
}

// spentBudgets remembers budgets that refused an attempt and cannot
// recover before their window ends, with that end: the next attempt
// against one is refused at once, without a call to the store. With a
// store over the network, a refused attempt otherwise costs a write on
// every one of its budgets and a second one to take it back from the
// later ones, and refused attempts are what an attacker can send without
// end. Only budgets whose count nothing but the window lowers are kept:
// not an address's failures on an account (a success forgives them), not
// a budget trusted addresses are spared (whether the next attempt comes
// from one is not known). It is bounded: when full, the expired entries
// go, and if none has, all of them (the store still decides).
type spentBudgets struct {
	mu   sync.Mutex
	ends map[string]time.Time
}

// maxSpentBudgets bounds spentBudgets: some tens of bytes an entry.
const maxSpentBudgets = 10000

// until returns the end of key's window if key is remembered as spent
// at now.
func (s *spentBudgets) until(key string, now time.Time) (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	end, ok := s.ends[key]
	if ok && !now.Before(end) {
		delete(s.ends, key)
		return time.Time{}, false
	}
	return end, ok
}

// add remembers key as spent until end.
func (s *spentBudgets) add(key string, end, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ends == nil {
		s.ends = map[string]time.Time{}
	}
	if len(s.ends) >= maxSpentBudgets {
		for k, e := range s.ends {
			if !now.Before(e) {
				delete(s.ends, k)
			}
		}
		if len(s.ends) >= maxSpentBudgets {
			clear(s.ends)
		}
	}
	s.ends[key] = end
}

// NewLimiter returns a Limiter that keeps its counters in store and reads
// the time from now (time.Now if nil): for a store the process keeps for
// its life, such as a [MemoryStore]. A store built for each execution
// (an [AppwriteStore], which needs that execution's client) takes
// [Limiters] instead.
func NewLimiter(store Store, p Policy, now func() time.Time) *Limiter {
	return NewLimiters(p, now).Over(store)
}

// Limiters is what a process keeps of its limiting when the store is
// built for each execution: the policy, the clock and the budgets seen
// spent (see spentBudgets), shared by every Limiter it makes. It is safe
// for concurrent use.
type Limiters struct {
	policy Policy
	now    func() time.Time
	spent  *spentBudgets
}

// NewLimiters returns the Limiters of policy p, reading the time from now
// (time.Now if nil).
func NewLimiters(p Policy, now func() time.Time) *Limiters {
	if now == nil {
		now = time.Now
	}
	return &Limiters{policy: p.withDefaults(), now: now, spent: &spentBudgets{}}
}

// Over returns a Limiter that applies the policy to the counters in
// store. It costs one small allocation: build one per execution, over
// that execution's store.
func (ls *Limiters) Over(store Store) *Limiter {
	r, ok := store.(remoteStore)
	return &Limiter{store: store, policy: ls.policy, now: ls.now, remote: ok && r.Remote(), spent: ls.spent}
}

// Policy returns the policy the Limiter applies, defaults filled in.
func (l *Limiter) Policy() Policy {
	return l.policy
}

// Attempt is one attempt on a sensitive route (login, signup, otp,
// otp/verify, magic-url, recovery, mfa/verify), as [Limiter.Allow] counts
// it and [Limiter.Succeeded] records its success.
type Attempt struct {
	// Route names the route, for the error.
	Route string
	// Credential names what the attempt proves, such as a password or an
	// e-mail code: an address's failures on the account are counted, and
	// forgiven, per credential, and a success trusts its address for its
	// own credential only, so that proving one (an authenticator the
	// attacker enrolled, say) gives nothing back on guesses at another.
	// "" is a credential of its own.
	Credential string
	// IP is the client's address ([security.ClientIP]).
	IP string
	// Account is the e-mail address the attempt is for, a user ID for
	// routes that take one (treated as an opaque account key), or "" for
	// routes keyed on the address only.
	Account string
	// WithSession marks a check made by a signed-in session (the password
	// re-entered to change it, a proof of ownership): no trusted address
	// is spared a budget for it. Trust keeps the owner able to sign in
	// while others spend the account's budget; a session is signed in
	// already, and whoever holds a stolen one may sit behind the owner's
	// own address.
	WithSession bool
	// Extras are further budgets the attempt counts against.
	Extras []Extra
}

// Allow is called before an attempt. It counts the attempt, before it is
// made, against:
//   - the address's budget (PerIP attempts per Window);
//   - the address's budget on this account and credential
//     (PerIPEmailFailures);
//   - the account's budget from every address, whatever the credential
//     (PerEmailFailures), which does not apply to an address that proved
//     the attempt's credential for the account within TrustedFor, unless
//     the attempt is made WithSession;
//
// and refuses it when one is spent. Counting before the attempt, not after
// its outcome, is what keeps parallel guesses from all passing the check
// before any of them is counted. An attempt one budget refuses does not
// count on the budgets after it. A store whose calls go over the network
// (see [AppwriteStore]) is asked for every budget at once, so that the
// counting costs one round trip, not one per budget; a refusal then takes
// the attempt back from the later budgets. Only when a budget that spares
// trusted addresses is spent does the limiter ask, after that, whether the
// address is trusted. An attempt that turns out to succeed
// gives its address's budget on the account back (see Succeeded); the
// account's budget keeps it, since its owner signs in far less often than
// the budget allows.
//
// The error is nil, a *[RateLimitError] (refuse the attempt with 429), or,
// when the store fails, a *[StoreError]: the limiter fails open, so the
// attempt goes on and the caller logs the error. Without a valid ip the
// address budgets do not apply (there is nothing to key them on) and only
// the account budget does.
//
// The attempt's extras are checked after the three above: an e-mail
// code's issue count, a long ceiling of guesses. Their RateLimitError has
// the extra's Scope.
func (l *Limiter) Allow(ctx context.Context, a Attempt) error {
	k := l.keys(a.IP, a.Account, a.Credential)
	c := &check{l: l, ctx: ctx, route: a.Route, now: l.now(), keys: k, budgets: l.budgets(k, a.Extras), withSession: a.WithSession}
	if l.remote {
		return c.countAtOnce()
	}
	return c.countInTurn()
}

// budgets returns the budgets of an attempt, in the order a refusal is
// reported: the address's, the address's on the account, the account's,
// then the extras'.
func (l *Limiter) budgets(k attemptKeys, extras []Extra) []budget {
	p := l.policy
	budgets := make([]budget, 0, 3+len(extras))
	if k.ip != "" {
		budgets = append(budgets, budget{key: "ip_" + k.ip, window: p.Window, limit: p.PerIP, scope: ScopeIP})
	}
	if k.account != "" {
		if k.ip != "" {
			budgets = append(budgets, budget{key: k.failures(), window: p.Window, limit: p.PerIPEmailFailures, scope: ScopeIPAccount, forgiven: true})
		}
		budgets = append(budgets, budget{key: "acct_" + k.account, window: p.Window, limit: p.PerEmailFailures, scope: ScopeAccount, trustExempt: true})
	}
	for _, x := range extras {
		key := strings.ToLower(strings.TrimSpace(x.Key))
		if key == "" || x.Limit <= 0 || x.Window <= 0 {
			continue
		}
		budgets = append(budgets, budget{key: "x_" + hash(string(x.Scope), key), window: x.Window, limit: x.Limit, scope: x.Scope, trustExempt: x.TrustExempt})
	}
	return budgets
}

// check is one attempt Allow counts: its budgets, and what the store has
// answered so far.
type check struct {
	l       *Limiter
	ctx     context.Context
	route   string
	now     time.Time
	keys    attemptKeys
	budgets []budget
	// withSession spares no trusted address (see Attempt.WithSession).
	withSession bool
	// trusted is asked once, only when a budget that spares trusted
	// addresses is spent.
	trusted *bool
	// storeErr gathers the store's failures, for a *StoreError.
	storeErr error
}

// countInTurn counts the attempt on one budget after another, as a store
// in memory is best used: a refusal stops the counting, so an attempt
// refused by one budget does not count on the budgets after it.
func (c *check) countInTurn() error {
	for i := range c.budgets {
		if n := c.hit(i); c.refuses(i, n) {
			return c.refusal(i, n.resetAt)
		}
	}
	return storeError(c.storeErr)
}

// countAtOnce counts the attempt as a store over the network is best
// used. A budget this process saw spent refuses at once (see
// spentBudgets). Otherwise every budget is counted at once, in one round
// trip; a refusal then takes the attempt back from the budgets after the
// refusing one, so that an address refused for its own budget cannot
// spend an account's (a second round trip, for refused attempts only).
func (c *check) countAtOnce() error {
	for _, b := range c.budgets {
		if end, ok := c.l.spent.until(b.key, c.now); ok {
			return newRateLimitError(c.route, b.scope, end.Sub(c.now))
		}
	}
	counts := make([]counted, len(c.budgets))
	c.l.each(len(c.budgets), func(i int) { counts[i] = c.hit(i) })
	for i := range c.budgets {
		if c.refuses(i, counts[i]) {
			if b := c.budgets[i]; !b.forgiven && !b.trustExempt {
				c.l.spent.add(b.key, counts[i].resetAt, c.now)
			}
			refused := c.refusal(i, counts[i].resetAt)
			if err := c.takeBackAfter(i, counts); err != nil {
				return errors.Join(refused, err)
			}
			return refused
		}
	}
	return storeError(c.storeErr)
}

// takeBackAfter takes the attempt back from the budgets after budget i
// that counted it, all at once; the error is a *StoreError, or nil.
func (c *check) takeBackAfter(i int, counts []counted) error {
	var undo []string
	for j := i + 1; j < len(c.budgets); j++ {
		if counts[j].err == nil {
			undo = append(undo, c.budgets[j].key)
		}
	}
	errs := make([]error, len(undo))
	c.l.each(len(undo), func(k int) { errs[k] = c.l.store.Undo(c.ctx, undo[k], c.now) })
	return storeError(errors.Join(errs...))
}

// hit counts the attempt on budget i.
func (c *check) hit(i int) counted {
	b := c.budgets[i]
	var n counted
	n.count, n.resetAt, n.err = c.l.store.Hit(c.ctx, b.key, b.window, c.now)
	return n
}

// refuses reports whether budget i, counted as n, refuses the attempt. A
// store's failure refuses nothing (the limiter fails open); it is kept
// for the error.
func (c *check) refuses(i int, n counted) bool {
	b := c.budgets[i]
	if n.err != nil {
		c.storeErr = errors.Join(c.storeErr, n.err)
		return false
	}
	if n.count <= b.limit {
		return false
	}
	if !b.trustExempt || c.withSession {
		return true
	}
	if c.trusted == nil {
		t, err := c.l.trusted(c.ctx, c.keys, c.now)
		c.storeErr = errors.Join(c.storeErr, err)
		c.trusted = &t
	}
	return !*c.trusted
}

// refusal is the error of budget i refusing the attempt until resetAt.
func (c *check) refusal(i int, resetAt time.Time) error {
	return newRateLimitError(c.route, c.budgets[i].scope, resetAt.Sub(c.now))
}

// budget is one counter an attempt is counted on.
type budget struct {
	key         string
	window      time.Duration
	limit       int
	scope       Scope
	trustExempt bool
	// forgiven is a budget a success restarts (an address's failures on
	// an account): its count can fall within the window.
	forgiven bool
}

// counted is what the store answered for one budget.
type counted struct {
	count   int
	resetAt time.Time
	err     error
}

// each runs f(0) to f(n-1): all at once when the store's calls go over the
// network, so that they cost one round trip, else one after another (a
// goroutine costs more than a call to memory).
func (l *Limiter) each(n int, f func(i int)) {
	if !l.remote || n < 2 {
		for i := range n {
			f(i)
		}
		return
	}
	parallel.Each(n, f)
}

// Concurrent reports whether the limiter's store goes over the network,
// so that a caller gains from running the limiter's calls beside its own
// (see [Limiter.Succeeded]).
func (l *Limiter) Concurrent() bool { return l.remote }

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

// Remember records that something of kind happened to value (an
// authenticator added to a user, say), for window from now; Remembered
// tells when. Only a hash of the value is stored. Remembering again
// restarts the window. The error is a *StoreError, for the log.
func (l *Limiter) Remember(ctx context.Context, kind, value string, window time.Duration) error {
	return storeError(l.store.Restart(ctx, "mark_"+hash(kind, value), 1, window, l.now()))
}

// Remembered reports whether Remember recorded kind for value within
// window (the window it was given), and how long ago, by the Limiter's
// clock: a caller compares it with ages by other clocks (Appwrite's, say)
// rather than with their times. When the store fails, ok is false (the
// check fails open, like the limits) and err is a *StoreError for the
// log.
func (l *Limiter) Remembered(ctx context.Context, kind, value string, window time.Duration) (ago time.Duration, ok bool, err error) {
	now := l.now()
	count, resetAt, err := l.store.Get(ctx, "mark_"+hash(kind, value), window, now)
	if err != nil || count == 0 {
		return 0, false, storeError(err)
	}
	return now.Sub(resetAt.Add(-window)), true, nil
}

// Use records one use of value, of kind, within window (from its first
// use) and returns how many uses it has had in that window, this one
// included: a value that must be issued once and answered once (a
// passkey's challenge) is recorded at issue (1) and accepted only at its
// second use (2). Only a hash of the value is stored. Unlike Spend, a
// store failure is returned with 0 uses, for the caller to refuse: a
// window that has ended, or a value the store has evicted, counts from 1
// again, so neither is ever taken for an issued value.
func (l *Limiter) Use(ctx context.Context, kind, value string, window time.Duration) (uses int, err error) {
	count, _, err := l.store.Hit(ctx, "once_"+hash(kind, value), window, l.now())
	if err != nil {
		return 0, storeError(err)
	}
	return count, nil
}

// trusted reports whether the address proved the credential for the
// account within TrustedFor, and since the account's trust last ended
// (see EndTrust). Both are read at once; when either read fails the
// address is not trusted.
func (l *Limiter) trusted(ctx context.Context, k attemptKeys, now time.Time) (bool, error) {
	if k.ip == "" || l.policy.TrustedFor <= 0 {
		return false, nil
	}
	var trust, ended counted
	l.each(2, func(i int) {
		if i == 0 {
			trust.count, trust.resetAt, trust.err = l.store.Get(ctx, k.trust(), l.policy.TrustedFor, now)
		} else {
			ended.count, ended.resetAt, ended.err = l.store.Get(ctx, k.trustEnded(), l.policy.TrustedFor, now)
		}
	})
	if err := errors.Join(trust.err, ended.err); err != nil {
		return false, err
	}
	// Both windows last TrustedFor from when they were written, so the
	// later end is the later write. A trust earned at the very moment
	// the account's trust ended (the request that ended it) stands.
	return trust.count > 0 && (ended.count == 0 || !trust.resetAt.Before(ended.resetAt)), nil
}

// EndTrust ends the trust of every address in account, for every
// credential: at a take-back of the account, a password reset or a
// password change, whoever had proven a credential of it before must
// meet its budget again. No trust row is listed or deleted: the account
// gets one row of its own, the time its trust ended, and a trust earned
// before that time no longer counts (a trust earned after it does). The
// row lasts TrustedFor, as long as any trust it ends could. The error is
// a *StoreError, for the log: the trust then stands.
func (l *Limiter) EndTrust(ctx context.Context, account string) error {
	k := l.keys("", account, "")
	if k.account == "" || l.policy.TrustedFor <= 0 {
		return nil
	}
	return storeError(l.store.Restart(ctx, k.trustEnded(), 1, l.policy.TrustedFor, l.now()))
}

// Succeeded records that a, an attempt Allow let through, succeeded. Allow has already counted the attempt as a failure,
// so a failure needs no call at all. A success gives the address's budget
// on the account and credential back (the owner's typos before it are
// forgiven) and trusts the address for the account and credential for
// TrustedFor from now; it
// leaves the account's count as it is, or an attacker's budget would start
// again each time the owner signs in. Its two calls (forget, trust) are
// made at the same time on a store that goes over the network; a caller
// may run Succeeded beside its own remaining call ([Limiter.Concurrent]). With
// account "" there is nothing to record. The error is a *StoreError, for
// the log.
func (l *Limiter) Succeeded(ctx context.Context, a Attempt) error {
	p := l.policy
	now := l.now()
	k := l.keys(a.IP, a.Account, a.Credential)
	if k.account == "" || k.ip == "" {
		return nil
	}
	errs := make([]error, 2)
	l.each(2, func(i int) {
		switch i {
		case 0:
			// Forgetting the failures keeps the counter (at 0), so that
			// the next attempt counts on it in one call.
			errs[0] = l.store.Restart(ctx, k.failures(), 0, p.Window, now)
		case 1:
			// A new window from this sign-in, so the trust lasts
			// TrustedFor from now rather than from the first one.
			if p.TrustedFor > 0 {
				errs[1] = l.store.Restart(ctx, k.trust(), 1, p.TrustedFor, now)
			}
		}
	})
	return storeError(errors.Join(errs...))
}

// attemptKeys are the hashed key parts of an attempt, each "" when there
// is none.
type attemptKeys struct {
	// ip is the address's (its /64 for IPv6).
	ip string
	// account is the account's (trimmed, in lower case).
	account string
	// credential is the account's and the credential's together: the
	// account's when the credential is "".
	credential string
}

// keys returns the key parts of an address, an account and a credential.
func (l *Limiter) keys(ip, account, credential string) attemptKeys {
	var k attemptKeys
	if r := security.RateKeyIP(ip); r != "" {
		k.ip = hash("ip", r)
	}
	if a := strings.ToLower(strings.TrimSpace(account)); a != "" {
		k.account = hash("account", a)
		k.credential = k.account
		if credential != "" {
			k.credential = hash("credential", credential+"\x00"+k.account)
		}
	}
	return k
}

// failures is the key of the address's failures on the account and
// credential.
func (k attemptKeys) failures() string { return pairKey("fail", k.ip, k.credential) }

// trust is the key that marks the address trusted for the account and
// credential.
func (k attemptKeys) trust() string { return pairKey("trust", k.ip, k.credential) }

// trustEnded is the key of when the account's trust last ended.
func (k attemptKeys) trustEnded() string { return "end_" + k.account }

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
