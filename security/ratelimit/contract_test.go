package ratelimit_test

import (
	"fmt"
	"testing"

	"openruntimes/handler/security/ratelimit"
	"openruntimes/handler/security/ratelimit/storetest"
)

// TestMemoryStoreContract runs the Store contract on a MemoryStore, small
// (one shard) and large (sharded).
func TestMemoryStoreContract(t *testing.T) {
	t.Parallel()
	for _, maxKeys := range []int{100, 100000} {
		t.Run(fmt.Sprint(maxKeys), func(t *testing.T) {
			t.Parallel()
			storetest.Run(t, func(*testing.T) ratelimit.Store { return ratelimit.NewMemoryStore(maxKeys) })
		})
	}
}
