package server

import (
	"github.com/open-runtimes/types-for-go/v4/openruntimes"

	"openruntimes/handler/security/ratelimit"
)

// DevFunction is the function as the dev runtime (cmd/dev) runs it: the
// same code as [Main], with its configuration read before the first
// request and its rate-limit counters in reach of the dev runtime's
// console. It exists for local development only. Appwrite's runtime calls
// [Main], which never builds one, and no route of the function leads to
// it: what the console does, the deployed function cannot be asked to do.
type DevFunction struct {
	// Main handles one execution, as [Main] does.
	Main func(openruntimes.Context) openruntimes.Response
	// Policy is the brute-force policy the function applies.
	Policy ratelimit.Policy
	// Limiter is the function's brute-force limiter when its counters are
	// kept in memory (RATE_LIMIT_STORE=memory, the default); nil
	// otherwise, since a limiter over Appwrite's table is built for each
	// execution, with its key.
	Limiter *ratelimit.Limiter
	// Memory is the Limiter's store when it is kept in memory; nil
	// otherwise.
	Memory *ratelimit.MemoryStore
}

// NewDevFunction reads the configuration through getenv, as [Main] does on
// its first execution, and returns the function configured by it. The
// error is the *session.ConfigError listing every problem, with which
// every request would be answered 500 function_misconfigured; the dev
// runtime reports it before it starts serving.
func NewDevFunction(getenv func(string) string) (*DevFunction, error) {
	a := newApp(getenv)
	fn := &DevFunction{
		Main: func(ctx openruntimes.Context) openruntimes.Response {
			return a.serve(&ctx)
		},
		Policy:  a.settings.rateLimit,
		Limiter: a.limiter,
	}
	if a.limiter != nil {
		fn.Memory, _ = a.limiter.Store().(*ratelimit.MemoryStore)
	}
	return fn, a.configErr
}
