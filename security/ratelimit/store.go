package ratelimit

import (
	"context"
	"time"
)

// Store counts hits per key in fixed windows. Implementations must be safe
// for concurrent use.
//
// A key's window opens at the first hit after the previous one ended (or
// the first hit ever) and lasts the window duration given with that hit:
// the window that contains now is [opened, opened+window). This is the
// fixed window of "INCR and EXPIRE", so a store on a shared database needs
// only a count and an end time per key, which lets a limit hold across all
// instances of the function.
//
// Keys are short opaque strings; the [Limiter]'s are at most 36
// characters of a-z, 0-9 and '_', valid as Appwrite document or row IDs.
type Store interface {
	// Hit adds one to key's counter in the window that contains now,
	// opening a new window if the key has none that has not ended, and
	// returns the new count and when that window ends.
	Hit(ctx context.Context, key string, window time.Duration, now time.Time) (count int, resetAt time.Time, err error)
	// Get returns the count in the window that contains now without
	// adding to it: 0 and the zero time when the key has no open window.
	Get(ctx context.Context, key string, window time.Duration, now time.Time) (count int, resetAt time.Time, err error)
	// Reset forgets key.
	Reset(ctx context.Context, key string) error
	// Restart opens a new window for key at now, of length window, with
	// count hits (0 or more), whatever key held before: one call where
	// Reset then Hit would take two, and, unlike Reset, it keeps the key,
	// so that the key's next Hit finds it.
	Restart(ctx context.Context, key string, count int, window time.Duration, now time.Time) error
	// Undo takes back one hit of key in the window that contains now (a
	// hit counted at the same time as a budget that refused the attempt).
	// A missing key, or a count of 0, is left as it is. A key whose window
	// has ended may be left as it is or take the hit back too (one atomic
	// call cannot tell): its next Hit opens a new window either way.
	Undo(ctx context.Context, key string, now time.Time) error
}

// remoteStore is a [Store] whose calls go over the network, such as
// [AppwriteStore]: the [Limiter] makes the calls of one attempt at the same
// time, so that they cost one round trip rather than one each.
type remoteStore interface {
	Store
	// Remote reports whether the store's calls wait on the network.
	Remote() bool
}
