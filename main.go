// Package handler is what Appwrite builds into the function: [Main], the
// entry point its Go runtime calls, and the GOMAXPROCS sizing for the
// function's CPUs. The server itself is internal/server; see README.md.
package handler

import (
	"github.com/open-runtimes/types-for-go/v4/openruntimes"

	"openruntimes/handler/internal/server"
)

// Main is the entry point Appwrite's Go runtime calls for every execution.
// Several executions may run at once in one process: nothing here keeps
// per-user state between them.
func Main(Context openruntimes.Context) openruntimes.Response {
	return server.Handle(&Context)
}
