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
}
