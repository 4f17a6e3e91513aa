package ratelimit_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/appwrite/sdk-for-go/appwrite"
	"github.com/appwrite/sdk-for-go/client"

	"openruntimes/handler/appwritetest"
	"openruntimes/handler/internal/upstream"
	"openruntimes/handler/security/ratelimit"
	"openruntimes/handler/security/ratelimit/storetest"
	"openruntimes/handler/session"
)

// The table the tests provision, as appwrite.json does.
const (
	testDatabase = "auth"
	testTable    = "rate_limits"
)

// newEmulator returns an emulator with the store's table.
func newEmulator(t *testing.T) *appwritetest.Emulator {
	t.Helper()
	e := appwritetest.New()
	if err := e.CreateTable(testDatabase, testTable, ratelimit.ColumnCount, ratelimit.ColumnResetAt); err != nil {
		t.Fatal(err)
	}
	return e
}

// clientFactory returns the factory an execution builds its store with: a
// new admin client for each call, as upstream.NewAdminClient builds it,
// over transport.
func clientFactory(e *appwritetest.Emulator, transport http.RoundTripper) func() client.Client {
	cfg := &session.Config{
		Endpoint:        "https://appwrite.test/v1",
		ProjectID:       e.ProjectID(),
		APIKey:          e.APIKey(),
		UpstreamTimeout: 5 * time.Second,
		Transport:       transport,
	}
	return func() client.Client { return upstream.NewAdminClient(cfg, "") }
}

// TestAppwriteStoreContract runs the Store contract on an AppwriteStore
// backed by the emulator, through the real SDK: over a loopback server and
// over the in-memory transport.
func TestAppwriteStoreContract(t *testing.T) {
	t.Parallel()
	t.Run("loopback", func(t *testing.T) {
		t.Parallel()
		srv := appwritetest.Start(t)
		if err := srv.Emulator.CreateTable(testDatabase, testTable, ratelimit.ColumnCount, ratelimit.ColumnResetAt); err != nil {
			t.Fatal(err)
		}
		cfg := &session.Config{Endpoint: srv.Endpoint, ProjectID: srv.ProjectID, APIKey: srv.APIKey, UpstreamTimeout: 5 * time.Second}
		newClient := func() client.Client { return upstream.NewAdminClient(cfg, "") }
		storetest.Run(t, func(*testing.T) ratelimit.Store {
			return ratelimit.NewAppwriteStore(testDatabase, testTable, newClient)
		})
	})
	t.Run("in memory", func(t *testing.T) {
		t.Parallel()
		e := newEmulator(t)
		storetest.Run(t, func(*testing.T) ratelimit.Store {
			return ratelimit.NewAppwriteStore(testDatabase, testTable, clientFactory(e, e.Transport()))
		})
	})
}

// TestAppwriteStoreSharedByInstances: two Limiters, each with its own
// store value and clients, as two instances of the function are, enforce
// one limit together because they share the table.
func TestAppwriteStoreSharedByInstances(t *testing.T) {
	t.Parallel()
	e := newEmulator(t)
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	policy := ratelimit.Policy{Window: 15 * time.Minute, PerIP: 10, PerIPEmailFailures: 3, PerEmailFailures: 50}
	instance := func() *ratelimit.Limiter {
		store := ratelimit.NewAppwriteStore(testDatabase, testTable, clientFactory(e, e.Transport()))
		return ratelimit.NewLimiter(store, policy, func() time.Time { return now })
	}
	a := instance()
	b := instance()
	ctx := context.Background()

	// Failures on one account from one address, split over the instances.
	for i, l := range []*ratelimit.Limiter{a, b, a} {
		if err := l.Allow(ctx, ratelimit.Attempt{Route: "/login", IP: "198.51.100.7", Account: "victim@example.com"}); err != nil {
			t.Fatalf("attempt %d: %v", i+1, err)
		}
	}
	var limited *ratelimit.RateLimitError
	if err := b.Allow(ctx, ratelimit.Attempt{Route: "/login", IP: "198.51.100.7", Account: "victim@example.com"}); !errors.As(err, &limited) || limited.Scope != ratelimit.ScopeIPAccount {
		t.Fatalf("4th attempt on instance b after 3 failures over both: %v, want the ip_account budget", err)
	}

	// Attempts from one address, split over the instances: 4 so far.
	for i := 4; i < 10; i++ {
		l := a
		if i%2 == 1 {
			l = b
		}
		if err := l.Allow(ctx, ratelimit.Attempt{Route: "/otp", IP: "198.51.100.7"}); err != nil {
			t.Fatalf("attempt %d: %v", i+1, err)
		}
	}
	for _, l := range []*ratelimit.Limiter{a, b} {
		if err := l.Allow(ctx, ratelimit.Attempt{Route: "/otp", IP: "198.51.100.7"}); !errors.As(err, &limited) || limited.Scope != ratelimit.ScopeIP {
			t.Errorf("attempt beyond PerIP: %v, want the ip budget", err)
		}
	}
	if err := a.Allow(ctx, ratelimit.Attempt{Route: "/otp", IP: "198.51.100.8"}); err != nil {
		t.Errorf("another address: %v", err)
	}
}

// TestAppwriteStoreConcurrentInstances: many executions on two instances
// at once let exactly PerIP attempts through, however their hits
// interleave (the increment is atomic and the create race is resolved).
func TestAppwriteStoreConcurrentInstances(t *testing.T) {
	t.Parallel()
	e := newEmulator(t)
	policy := ratelimit.Policy{Window: time.Hour, PerIP: 40}
	var allowed atomic.Int64
	var wg sync.WaitGroup
	for range 2 {
		instance := ratelimit.NewLimiters(policy, nil)
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				l := instance.Over(ratelimit.NewAppwriteStore(testDatabase, testTable, clientFactory(e, e.Transport())))
				ctx := context.Background()
				for range 10 {
					err := l.Allow(ctx, ratelimit.Attempt{Route: "/login", IP: "203.0.113.5"})
					var limited *ratelimit.RateLimitError
					switch {
					case err == nil:
						allowed.Add(1)
					case !errors.As(err, &limited):
						t.Errorf("Allow: %v", err)
						return
					}
				}
			}()
		}
	}
	wg.Wait()
	if n := allowed.Load(); n != int64(policy.PerIP) {
		t.Errorf("%d of 160 concurrent attempts allowed, want exactly PerIP = %d", n, policy.PerIP)
	}
	if n := e.RowCount(testDatabase, testTable); n != 1 {
		t.Errorf("%d rows for one key", n)
	}
}

// countingTransport counts requests by method and runs after, if set,
// after each response.
type countingTransport struct {
	base  http.RoundTripper
	mu    sync.Mutex
	calls []string
	after func(req *http.Request, resp *http.Response)
}

func (c *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.base.RoundTrip(req)
	c.mu.Lock()
	c.calls = append(c.calls, req.Method+" "+strings.TrimPrefix(req.URL.Path, "/v1/tablesdb/auth/tables/rate_limits/rows"))
	after := c.after
	c.mu.Unlock()
	if err == nil && after != nil {
		after(req, resp)
	}
	return resp, err
}

// take returns the calls so far and forgets them.
func (c *countingTransport) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	calls := c.calls
	c.calls = nil
	return calls
}

// TestAppwriteStoreCalls checks the calls each operation makes: one per
// Hit in the common case, two when a window opens, three when another
// instance creates the row in between.
func TestAppwriteStoreCalls(t *testing.T) {
	t.Parallel()
	e := newEmulator(t)
	ct := &countingTransport{base: e.Transport()}
	ctx := context.Background()
	s := ratelimit.NewAppwriteStore(testDatabase, testTable, clientFactory(e, ct))
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	key := "ip_abcdefghijklmnopqrstuvwxyz"

	check := func(what string, want ...string) {
		t.Helper()
		if got := ct.take(); strings.Join(got, ", ") != strings.Join(want, ", ") {
			t.Errorf("%s: calls %q, want %q", what, got, want)
		}
	}
	hit := func(what string, at time.Time, wantCount int) {
		t.Helper()
		n, _, err := s.Hit(ctx, key, time.Minute, at)
		if err != nil || n != wantCount {
			t.Fatalf("%s: %d, %v; want %d", what, n, err, wantCount)
		}
	}
	inc := "PATCH /" + key + "/count/increment"
	hit("first hit", now, 1)
	check("first hit", inc, "POST ")
	hit("second hit", now.Add(time.Second), 2)
	check("second hit", inc)
	hit("hit after the window", now.Add(2*time.Minute), 1)
	check("hit after the window", inc, "PATCH /"+key)
	if n, _, err := s.Get(ctx, key, time.Minute, now.Add(2*time.Minute)); err != nil || n != 1 {
		t.Fatalf("Get: %d, %v", n, err)
	}
	check("Get", "GET /"+key)
	if err := s.Reset(ctx, key); err != nil {
		t.Fatal(err)
	}
	check("Reset", "DELETE /"+key)
	if n := e.RowCount(testDatabase, testTable); n != 0 {
		t.Errorf("%d rows after Reset", n)
	}

	// Another instance creates the row between this one's increment (404)
	// and its create (409): the hit is counted in that row.
	var once sync.Once
	other := ratelimit.NewAppwriteStore(testDatabase, testTable, clientFactory(e, e.Transport()))
	ct.mu.Lock()
	ct.after = func(req *http.Request, resp *http.Response) {
		if req.Method == "PATCH" && resp.StatusCode == http.StatusNotFound {
			once.Do(func() {
				if _, _, err := other.Hit(ctx, key, time.Minute, now.Add(3*time.Minute)); err != nil {
					t.Errorf("the other instance's hit: %v", err)
				}
			})
		}
	}
	ct.mu.Unlock()
	hit("hit racing a create", now.Add(3*time.Minute), 2)
	check("hit racing a create", inc, "POST ", inc)
}

// TestAppwriteStoreRowsAreReused: a key keeps one row across windows, and
// the Limiter's keys are their own row IDs while other keys are hashed.
func TestAppwriteStoreRowsAreReused(t *testing.T) {
	t.Parallel()
	e := newEmulator(t)
	ctx := context.Background()
	s := ratelimit.NewAppwriteStore(testDatabase, testTable, clientFactory(e, e.Transport()))
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	for i := range 5 {
		if n, _, err := s.Hit(ctx, "acct_k", time.Minute, now.Add(time.Duration(i)*time.Hour)); err != nil || n != 1 {
			t.Fatalf("window %d: %d, %v", i, n, err)
		}
	}
	for _, key := range []string{"Mixed_Case", strings.Repeat("k", 37), "_lead", "key with spaces", "ünïcode"} {
		if _, _, err := s.Hit(ctx, key, time.Minute, now); err != nil {
			t.Errorf("Hit(%q): %v", key, err)
		}
	}
	if n := e.RowCount(testDatabase, testTable); n != 6 {
		t.Errorf("%d rows, want 6: one per key, whatever its windows", n)
	}
	if n, _, err := s.Get(ctx, "mixed_case", time.Minute, now); err != nil || n != 0 {
		t.Errorf("a key differing only in case shares a row: %d, %v", n, err)
	}
}

// TestAppwriteStoreFailures: without the table, without a column, or
// without Appwrite the store returns an error that says why, and the
// Limiter lets the attempt through with a *StoreError. (A store without a
// client is not built: see TestAppwriteStoreNeedsAClient.)
func TestAppwriteStoreFailures(t *testing.T) {
	t.Parallel()
	e := newEmulator(t)
	if err := e.CreateTable(testDatabase, "no_reset", ratelimit.ColumnCount); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	down := roundTripFunc(func(*http.Request) (*http.Response, error) {
		return nil, errors.New("dial tcp: connection refused")
	})
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name      string
		table     string
		transport http.RoundTripper
		ctx       context.Context
		want      string
	}{
		{"no table", "missing", e.Transport(), context.Background(), "table_not_found"},
		{"no resetAt column", "no_reset", e.Transport(), context.Background(), "row_invalid_structure"},
		{"Appwrite unreachable", testTable, down, context.Background(), "upstream_unavailable"},
		{"canceled", testTable, e.Transport(), canceled, "context canceled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := ratelimit.NewAppwriteStore(testDatabase, tt.table, clientFactory(e, tt.transport))
			if _, _, err := s.Hit(tt.ctx, "ip_x", time.Minute, now); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Hit: %v, want an error mentioning %q", err, tt.want)
			}
			l := ratelimit.NewLimiter(s, ratelimit.Policy{PerIP: 1}, func() time.Time { return now })
			for i := range 3 {
				err := l.Allow(tt.ctx, ratelimit.Attempt{Route: "/login", IP: "192.0.2.1", Account: "a@example.com"})
				var storeErr *ratelimit.StoreError
				if !errors.As(err, &storeErr) || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("Allow #%d: %v, want a *StoreError (fail open) mentioning %q", i+1, err, tt.want)
				}
			}
			if strings.Contains(fmt.Sprint(l.Succeeded(tt.ctx, ratelimit.Attempt{Route: "/login", IP: "192.0.2.1", Account: "a@example.com"})), e.APIKey()) {
				t.Error("an error holds the API key")
			}
		})
	}
}

// roundTripFunc is a RoundTripper made of a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestAppwriteStoreKeyScopes: a key without the rows scopes fails with the
// scope error, which is what a deployment without them in appwrite.json
// would log.
func TestAppwriteStoreKeyScopes(t *testing.T) {
	t.Parallel()
	e := appwritetest.New(appwritetest.WithAPIKey("standard_auth", "sessions.write", "users.write"))
	if err := e.CreateTable(testDatabase, testTable, ratelimit.ColumnCount, ratelimit.ColumnResetAt); err != nil {
		t.Fatal(err)
	}
	store := ratelimit.NewAppwriteStore(testDatabase, testTable, func() client.Client {
		c := appwrite.NewClient(appwrite.WithEndpoint("https://appwrite.test/v1"), appwrite.WithProject(e.ProjectID()), appwrite.WithKey("standard_auth"))
		c.Client = &http.Client{Transport: e.Transport()}
		return c
	})
	_, _, err := store.Hit(context.Background(), "ip_x", time.Minute, time.Now())
	if err == nil || !strings.Contains(err.Error(), "general_unauthorized_scope") || !strings.Contains(err.Error(), "rows.write") {
		t.Errorf("Hit with a key lacking rows.write: %v", err)
	}
}

// TestAppwriteStoreNeedsAClient: a store is not built without its client
// factory, so that a wiring mistake stops the first request that counts
// instead of letting every attempt through as a store error would.
func TestAppwriteStoreNeedsAClient(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Error("NewAppwriteStore with a nil client factory returned a store")
		}
	}()
	ratelimit.NewAppwriteStore(testDatabase, testTable, nil)
}

// TestLimitersShareSpentBudgets: the Limiters one process builds for its
// executions, each over its own store value, share what they saw spent:
// once a budget refused one execution, the next execution's attempt
// against it is refused without a call to Appwrite.
func TestLimitersShareSpentBudgets(t *testing.T) {
	t.Parallel()
	e := newEmulator(t)
	ct := &countingTransport{base: e.Transport()}
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	process := ratelimit.NewLimiters(ratelimit.Policy{PerIP: 2}, func() time.Time { return now })
	execution := func() *ratelimit.Limiter {
		return process.Over(ratelimit.NewAppwriteStore(testDatabase, testTable, clientFactory(e, ct)))
	}
	ctx := context.Background()
	var limited *ratelimit.RateLimitError
	for i := range 3 {
		err := execution().Allow(ctx, ratelimit.Attempt{Route: "/otp", IP: "203.0.113.9"})
		if refused := errors.As(err, &limited); refused != (i == 2) || (!refused && err != nil) {
			t.Fatalf("attempt %d: %v", i+1, err)
		}
	}
	ct.take()
	if err := execution().Allow(ctx, ratelimit.Attempt{Route: "/otp", IP: "203.0.113.9"}); !errors.As(err, &limited) || limited.Scope != ratelimit.ScopeIP {
		t.Fatalf("the next execution's attempt: %v, want the ip budget", err)
	}
	if calls := ct.take(); len(calls) != 0 {
		t.Errorf("the next execution asked Appwrite again: %q", calls)
	}
}
