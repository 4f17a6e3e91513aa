// Package ratelimit limits brute-force attempts on the function's sensitive
// routes (sign-in, sign-up, e-mail codes, magic links, recovery, MFA).
//
// # Why
//
// The function calls Appwrite with an API key, and Appwrite does not
// rate-limit API-key calls: its own brute-force protection is gone unless
// the function rebuilds it. A [Limiter] does, with three budgets per
// window, so that each attack meets one and the account's owner meets none:
//
//   - credential stuffing (one address tries many accounts) spends the
//     address's budget of attempts, PerIP;
//   - guessing one account's password from one address spends the budget
//     of failures of that address on that account, PerIPEmailFailures,
//     which locks no one else out;
//   - a slow guess spread over many addresses spends the account's budget
//     of failures, PerEmailFailures. Addresses the account signed in from
//     within TrustedFor are exempt: an attacker cannot lock the owner out
//     from the owner's usual address.
//
// A success forgets the address's failures on the account and trusts the
// address; it does not forget the account's failures, or each sign-in of
// the owner would hand a distributed attacker a fresh budget. Both are
// per credential (a password, an e-mail code, an authenticator's code):
// proving one neither forgives nor trusts guesses at another, while the
// account's budget counts them all.
//
// Addresses come from [security.ClientIP] (never X-Forwarded-For, which the
// client writes) and are counted by [security.RateKeyIP]: an IPv6 address
// by its /64, which one subscriber usually holds whole. Accounts are
// e-mail addresses, trimmed and in lower case, or user IDs for routes that
// take one. Keys hold a hash of either, never the value: a key is at most
// 36 characters of a-z, 0-9 and '_' whatever the input, holds no personal
// data, and is a valid Appwrite row ID for a store on Appwrite's database.
//
// # Bounded memory
//
// A [MemoryStore] holds at most MaxKeys keys, so a flood of distinct
// addresses or e-mails cannot grow memory without limit (about 110 bytes a
// key; the tests hold it under 250 after a million distinct keys). When
// full it evicts expired counters first, then, among a random sample, the
// lowest count: a flood of new keys, each at one, pushes out other
// one-attempt keys and not the counters an attacker drove up. The price of
// the bound is that an attacker who can send more than MaxKeys distinct
// keys per window can push out some counters; the Appwrite store has no
// such bound. A MemoryStore holds per instance of the function; choose the
// store with RATE_LIMIT_STORE ([PolicyFromEnv]).
//
// # Shared across instances
//
// Appwrite may run several instances of the function, each with its own
// memory: with a MemoryStore an attacker whose requests are spread over n
// instances gets n budgets. An [AppwriteStore] keeps the counters in a
// table of the project's own database (TablesDB), one row per key, so
// every instance counts against the same budgets. Its Hit is one atomic
// increment in the common case; see [AppwriteStore] for the calls, the
// races and the table's growth. The API key arrives with each execution,
// so the store is built for each execution with a client factory
// ([NewAppwriteStore]), and its Limiter by the process's [Limiters]; the
// store builds a client only when it talks to Appwrite.
//
// # When the store fails: fail open
//
// If the store cannot be reached (Appwrite down, say), failing closed
// would take every sign-in down with it, for everyone: the limiter would
// turn an outage of a side table into an outage of the product, and an
// attacker who can slow the store down into a denial of service. The
// limiter therefore fails open: [Limiter.Allow] lets the attempt through
// and returns the store's error as a *[StoreError], distinct from a
// *[RateLimitError], for the caller to log. Appwrite's own checks on the
// credentials still apply meanwhile.
//
// # Use
//
//	policy, problems := ratelimit.PolicyFromEnv(os.Getenv)  // once per process
//	limiters := ratelimit.NewLimiters(policy, time.Now)
//	memory := ratelimit.NewMemoryStore(policy.MaxKeys)
//
//	limiter := limiters.Over(memory)                        // each execution
//	if policy.Store == ratelimit.StoreAppwrite {
//		limiter = limiters.Over(ratelimit.NewAppwriteStore(policy.Database, policy.Table, newAdminClient))
//	}
//	ip := security.ClientIP(headers)                        // each attempt
//	attempt := ratelimit.Attempt{Route: "/login", Credential: "password", IP: ip, Account: email}
//	err := limiter.Allow(ctx, attempt)
//	var limited *ratelimit.RateLimitError
//	switch {
//	case errors.As(err, &limited):
//		// 429: limited.APIError(), retry-after: limited.RetryAfterSeconds()
//	case err != nil:
//		// *StoreError: log it and go on
//	}
//	// ... the attempt ...
//	err = limiter.Succeeded(ctx, attempt)                   // only on success; log a *StoreError
//
// The package storetest holds the tests every [Store] must pass.
package ratelimit
