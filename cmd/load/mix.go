package main

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"time"

	"openruntimes/handler/security/ratelimit"
)

// The mix workload (-mix): what a signed-in person does, in a loop. Each
// virtual user signs in, reads /me a few times, renames itself and signs
// out, again and again; every request is measured, per route.
const (
	routeLogin  = "POST /login"
	routeMe     = "GET /me"
	routePatch  = "PATCH /me"
	routeLogout = "POST /logout"
)

// mixRoutes are the mix's routes, in the order of one round.
var mixRoutes = []string{routeLogin, routeMe, routePatch, routeLogout}

// roundTripBudgets are the sequential round trips to Appwrite each route
// of the mix may take, with the limits in memory (BENCHMARKS.md, "Round
// trips"): sign-in creates the session, then reads the user with it;
// sign-out needs the session's ID before it can delete it with the API
// key, which the function knows for the sessions it made itself.
var roundTripBudgets = map[string]float64{routeLogin: 2, routeMe: 1, routePatch: 1, routeLogout: 2}

// sharedStoreExtra is the round trips the limits kept in Appwrite's
// database (RATE_LIMIT_STORE=appwrite) may add to each route: sign-in
// counts its attempt, every counter at once, before creating the
// session; what it records afterwards runs beside the user read.
var sharedStoreExtra = map[string]float64{routeLogin: 1}

// roundTripBudget is route's budget with the limits in store.
func roundTripBudget(route, store string) (float64, bool) {
	budget, ok := roundTripBudgets[route]
	if store == ratelimit.StoreAppwrite {
		budget += sharedStoreExtra[route]
	}
	return budget, ok
}

// routeResult is what one route of the mix measured.
type routeResult struct {
	Route    string  `json:"route"`
	Requests int     `json:"requests"`
	P50ms    float64 `json:"p50Ms"`
	P99ms    float64 `json:"p99Ms"`
	// RoundTrips is p50 ÷ the injected upstream latency: how many calls
	// to Appwrite the route makes one after another. 0 without latency.
	RoundTrips float64 `json:"roundTrips,omitempty"`
}

// mixStep is one request of a round of the mix.
type mixStep struct {
	route, method, path, body string
	// want is the status it must get; own says the answer must be the
	// user's own account.
	want int
	own  bool
}

// mixRound runs one round of the mix as u, until cfg.end: it hands each
// measured request's latency to record, and each answer to tally (its
// status, its error, and a leak: an answer that holds another user's
// data). A failed request ends the round, which leaves the user signed
// out or in as it may: the next round's sign-in puts it right.
func (u *vuser) mixRound(cfg loadConfig, record func(route string, d time.Duration), tally func(status int, err, leak error)) {
	steps := []mixStep{{routeLogin, "POST", "/login", fmt.Sprintf(`{"email":%q,"password":%q}`, u.email, u.password), http.StatusOK, true}}
	for range cfg.reads {
		steps = append(steps, mixStep{routeMe, "GET", "/me", "", http.StatusOK, true})
	}
	steps = append(steps,
		mixStep{routePatch, "PATCH", "/me", fmt.Sprintf(`{"name":"Load User %d"}`, time.Now().UnixNano()%1000), http.StatusOK, true},
		mixStep{routeLogout, "POST", "/logout", "", http.StatusNoContent, false},
	)
	for _, s := range steps {
		t0 := time.Now()
		if !t0.Before(cfg.end) {
			return
		}
		status, body, err := u.do(cfg, s.method, s.path, s.body)
		elapsed := time.Since(t0)
		var leak error
		switch {
		case err != nil:
		case status != s.want:
			err = fmt.Errorf("%s: %d %.200s", s.route, status, body)
		case s.own:
			leak = u.checkOwn(body)
		}
		tally(status, err, leak)
		if err != nil {
			time.Sleep(10 * time.Millisecond)
			return
		}
		if !t0.Before(cfg.measureFrom) {
			record(s.route, elapsed)
		}
	}
}

// routeResults sums up the per-route latencies of a run, sorted.
func routeResults(lat map[string][]time.Duration, latency time.Duration) []routeResult {
	var out []routeResult
	for _, route := range mixRoutes {
		d := lat[route]
		if len(d) == 0 {
			continue
		}
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		r := routeResult{Route: route, Requests: len(d), P50ms: ms(percentile(d, 50)), P99ms: ms(percentile(d, 99))}
		if latency > 0 {
			r.RoundTrips = float64(percentile(d, 50)) / float64(latency)
		}
		out = append(out, r)
	}
	return out
}

// printRoutes prints the per-route results of the targets of one level,
// side by side.
func printRoutes(out io.Writer, lr levelResults) {
	if lr.Go == nil || len(lr.Go.Routes) == 0 {
		return
	}
	fmt.Fprintf(out, "  %-14s %-6s %9s %9s %9s %12s\n", "route", "target", "requests", "p50 ms", "p99 ms", "round trips")
	for _, g := range lr.Go.Routes {
		for _, line := range []struct {
			target string
			r      *routeResult
		}{{"go", &g}, {"node", routeOf(lr.Node, g.Route)}} {
			if line.r == nil {
				continue
			}
			trips := "-"
			if line.r.RoundTrips > 0 {
				trips = fmt.Sprintf("%.2f", line.r.RoundTrips)
			}
			fmt.Fprintf(out, "  %-14s %-6s %9d %9.2f %9.2f %12s\n", line.r.Route, line.target, line.r.Requests, line.r.P50ms, line.r.P99ms, trips)
		}
	}
}

// routeOf returns the line of route in the result r, or nil.
func routeOf(r *loadResult, route string) *routeResult {
	if r == nil {
		return nil
	}
	for i := range r.Routes {
		if r.Routes[i].Route == route {
			return &r.Routes[i]
		}
	}
	return nil
}

// checkRoundTrips returns a failure for each route of the Go function
// whose sequential round trips exceed its budget, with the limits in
// store, by more than slack.
func checkRoundTrips(r *loadResult, users int, store string, slack float64) []string {
	var f []string
	for _, rr := range r.Routes {
		budget, ok := roundTripBudget(rr.Route, store)
		if !ok || rr.RoundTrips == 0 {
			continue
		}
		if rr.RoundTrips > budget+slack {
			f = append(f, fmt.Sprintf("%s, %d users: %s took %.2f sequential round trips, budget %g (+%g)",
				r.Target, users, rr.Route, rr.RoundTrips, budget, slack))
		}
	}
	return f
}
