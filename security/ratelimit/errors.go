package ratelimit

import (
	"strconv"
	"time"

	"openruntimes/handler/internal/apierror"
)

// Scope names the budget an attempt exceeded.
type Scope string

// The budgets of a [Policy].
const (
	// ScopeIP is the address's budget of attempts (PerIP).
	ScopeIP Scope = "ip"
	// ScopeIPAccount is the address's budget of failures on one account
	// (PerIPEmailFailures).
	ScopeIPAccount Scope = "ip_account"
	// ScopeAccount is the account's budget of failures from all addresses
	// (PerEmailFailures).
	ScopeAccount Scope = "account"
	// ScopeCodesSent is the budget of e-mail codes one address may be
	// sent while they are valid (an [Extra]).
	ScopeCodesSent Scope = "codes_sent"
	// ScopeGuessesPerDay is the long ceiling on guesses at one account's
	// codes over a day (an [Extra]).
	ScopeGuessesPerDay Scope = "guesses_day"
	// ScopeCodeUsed is the one use a code has while it is valid, such
	// as an authenticator's code in its 30-second step (an [Extra] of
	// limit 1): the same code a second time is refused.
	ScopeCodeUsed Scope = "code_used"
)

// RateLimitError reports an attempt refused by a [Limiter].
type RateLimitError struct {
	// RetryAfter is how long until the budget that refused the attempt
	// opens again: the end of its window.
	RetryAfter time.Duration
	// Route is the route the attempt was on, as given to Allow.
	Route string
	// Scope is the budget the attempt exceeded. It is for logs: the
	// response does not say which budget it was.
	Scope Scope
}

// newRateLimitError returns a *RateLimitError.
func newRateLimitError(route string, scope Scope, retryAfter time.Duration) *RateLimitError {
	return &RateLimitError{RetryAfter: retryAfter, Route: route, Scope: scope}
}

// Error says which route and budget refused the attempt, for logs.
func (e *RateLimitError) Error() string {
	return "ratelimit: too many attempts on " + e.Route + " (" + string(e.Scope) + " budget); retry in " + strconv.Itoa(e.RetryAfterSeconds()) + "s"
}

// RetryAfterSeconds returns RetryAfter in whole seconds, rounded up and at
// least 1: the value of the retry-after header.
func (e *RateLimitError) RetryAfterSeconds() int {
	s := int((e.RetryAfter + time.Second - 1) / time.Second)
	return max(s, 1)
}

// APIError returns the error the function answers with: 429
// rate_limit_exceeded. The caller also sets retry-after to
// [RateLimitError.RetryAfterSeconds]. The message says when to try again,
// not which budget ran out, so it tells an attacker nothing about the
// account.
func (e *RateLimitError) APIError() *apierror.Error {
	return apierror.New(apierror.TypeRateLimited,
		"Too many attempts. Try again in "+waitText(e.RetryAfterSeconds())+".")
}

// waitText says how long s seconds are, rounded up to the unit it uses.
func waitText(s int) string {
	switch {
	case s == 1:
		return "1 second"
	case s < 120:
		return strconv.Itoa(s) + " seconds"
	case s < 2*3600:
		return strconv.Itoa((s+59)/60) + " minutes"
	}
	return strconv.Itoa((s+3599)/3600) + " hours"
}

// StoreError reports that the [Store] failed. A Limiter fails open: Allow
// returns a StoreError only when it let the attempt through, so the caller
// logs it and goes on.
type StoreError struct {
	// Err is the store's error.
	Err error
}

// storeError wraps err in a *StoreError, or returns nil.
func storeError(err error) error {
	if err == nil {
		return nil
	}
	return &StoreError{Err: err}
}

// Error says that the store failed and the attempt was allowed.
func (e *StoreError) Error() string {
	return "ratelimit: store failed, attempt allowed: " + e.Err.Error()
}

// Unwrap returns the store's error.
func (e *StoreError) Unwrap() error {
	return e.Err
}
