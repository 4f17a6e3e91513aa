package ratelimit_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"openruntimes/handler/security/ratelimit"
)

// ExampleLimiter shows a guess at one account, from one address, stopped
// by the budget of that address on that account.
func ExampleLimiter() {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	policy := ratelimit.Policy{Window: 15 * time.Minute, PerIPEmailFailures: 3}
	limiter := ratelimit.NewLimiter(ratelimit.NewMemoryStore(1000), policy, func() time.Time { return now })
	ctx := context.Background()

	for i := 1; i <= 4; i++ {
		err := limiter.Allow(ctx, ratelimit.Attempt{Route: "/login", IP: "198.51.100.7", Account: "Victim@Example.com"})
		var limited *ratelimit.RateLimitError
		if errors.As(err, &limited) {
			fmt.Printf("attempt %d: %d %s, retry-after %d\n", i, limited.APIError().Code, limited.APIError().Type, limited.RetryAfterSeconds())
			break
		}
		fmt.Printf("attempt %d: allowed\n", i)
		now = now.Add(time.Minute)
	}
	// Output:
	// attempt 1: allowed
	// attempt 2: allowed
	// attempt 3: allowed
	// attempt 4: 429 rate_limit_exceeded, retry-after 720
}
