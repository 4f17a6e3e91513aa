package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// limitVars is a small policy so the tests reach the limits quickly.
var limitVars = map[string]string{
	"RATE_LIMIT_PER_IP":       "30",
	"RATE_LIMIT_PER_IP_EMAIL": "3",
	"RATE_LIMIT_PER_EMAIL":    "8",
}

// loginFrom tries a sign-in from ip.
func loginFrom(env *testEnv, ip, email, password string) *result {
	return env.call("POST", "/login", map[string]string{"x-appwrite-client-ip": ip},
		`{"email":"`+email+`","password":"`+password+`"}`)
}

func wantLimited(t *testing.T, r *result) {
	t.Helper()
	r.wantError(t, http.StatusTooManyRequests, "rate_limit_exceeded")
	if s, err := strconv.Atoi(r.Headers["retry-after"]); err != nil || s < 1 {
		t.Errorf("retry-after = %q, want whole seconds ≥ 1", r.Headers["retry-after"])
	}
}

// TestPasswordGuessingFromOneIP: one address guessing one account's
// password is stopped after PER_IP_EMAIL failures, and not even the right
// password gets through from there until the window ends.
func TestPasswordGuessingFromOneIP(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, limitVars)
	env.emu.CreateUser("target@example.com", "correct horse battery", "")
	for i := 0; i < 3; i++ {
		loginFrom(env, "203.0.113.9", "target@example.com", fmt.Sprintf("guess %d xx", i)).
			wantError(t, http.StatusUnauthorized, "user_invalid_credentials")
	}
	wantLimited(t, loginFrom(env, "203.0.113.9", "target@example.com", "guess 4 xx"))
	wantLimited(t, loginFrom(env, "203.0.113.9", "target@example.com", "correct horse battery"))
}

// TestVictimNotLockedOutFromElsewhere: an attacker's failures from one
// address do not stop the owner signing in from theirs.
func TestVictimNotLockedOutFromElsewhere(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, limitVars)
	env.emu.CreateUser("victim@example.com", "correct horse battery", "")
	for i := 0; i < 6; i++ {
		loginFrom(env, "198.51.100.66", "victim@example.com", "wrong password")
	}
	if r := loginFrom(env, "192.0.2.10", "victim@example.com", "correct horse battery"); r.Status != http.StatusOK {
		t.Fatalf("the victim's own sign-in: %d %s", r.Status, r.Body)
	}
}

// TestDistributedGuessing: failures on one account from many addresses
// exhaust the account's budget for new addresses, while an address the
// owner signed in from before stays open.
func TestDistributedGuessing(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, limitVars)
	env.emu.CreateUser("spread@example.com", "correct horse battery", "")
	if r := loginFrom(env, "192.0.2.77", "spread@example.com", "correct horse battery"); r.Status != 200 {
		t.Fatalf("owner sign-in: %d", r.Status)
	}
	limited := false
	for i := 0; i < 20; i++ {
		r := loginFrom(env, fmt.Sprintf("10.0.%d.1", i), "spread@example.com", "wrong password")
		if r.Status == http.StatusTooManyRequests {
			limited = true
			break
		}
	}
	if !limited {
		t.Fatal("20 addresses guessed one account without being limited")
	}
	wantLimited(t, loginFrom(env, "10.9.9.9", "spread@example.com", "correct horse battery"))
	if r := loginFrom(env, "192.0.2.77", "spread@example.com", "correct horse battery"); r.Status != 200 {
		t.Errorf("the owner's known address was locked out: %d %s", r.Status, r.Body)
	}
}

// TestCredentialStuffingFromOneIP: one address trying many accounts is
// stopped by the per-IP budget, which covers every sensitive route.
func TestCredentialStuffingFromOneIP(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, limitVars)
	limitedAt := -1
	for i := 0; i < 40; i++ {
		r := loginFrom(env, "203.0.113.50", fmt.Sprintf("u%d@example.com", i), "password123")
		if r.Status == http.StatusTooManyRequests {
			limitedAt = i
			break
		}
	}
	if limitedAt != 30 {
		t.Fatalf("limited after %d attempts, want 30 (RATE_LIMIT_PER_IP)", limitedAt)
	}
	wantLimited(t, env.call("POST", "/otp", map[string]string{"x-appwrite-client-ip": "203.0.113.50"}, `{"email":"a@example.com"}`))
	// Other addresses are not affected.
	loginFrom(env, "203.0.113.51", "u1@example.com", "password123").wantError(t, 401, "user_invalid_credentials")
}

// TestCodeGuessing: guessing an e-mail code is limited per address and
// user, though Appwrite itself does not limit the API key's attempts.
func TestCodeGuessing(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, limitVars)
	r := env.call("POST", "/otp", map[string]string{"x-appwrite-client-ip": "192.0.2.1"}, `{"email":"codes@example.com"}`)
	var started struct{ UserID string }
	r.decode(t, &started)
	ip := map[string]string{"x-appwrite-client-ip": "203.0.113.3"}
	for i := 0; i < 3; i++ {
		env.call("POST", "/otp/verify", ip, `{"userId":"`+started.UserID+`","code":"00000`+strconv.Itoa(i)+`"}`).
			wantError(t, 401, "user_invalid_token")
	}
	wantLimited(t, env.call("POST", "/otp/verify", ip, `{"userId":"`+started.UserID+`","code":"000009"}`))
}

// TestEmailBombing: one address cannot make Appwrite send an unbounded
// number of e-mails to one inbox.
func TestEmailBombing(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, limitVars)
	ip := map[string]string{"x-appwrite-client-ip": "203.0.113.4"}
	for _, route := range []string{"/magic-url", "/recovery"} {
		statuses := []int{}
		for i := 0; i < 4; i++ {
			statuses = append(statuses, env.call("POST", route, ip, `{"email":"inbox@example.com"}`).Status)
		}
		if statuses[3] != http.StatusTooManyRequests {
			t.Errorf("%s statuses %v, want the 4th limited", route, statuses)
		}
	}
}

// appwriteStoreVars puts the limits in Appwrite's database.
var appwriteStoreVars = map[string]string{
	"RATE_LIMIT_PER_IP":       "30",
	"RATE_LIMIT_PER_IP_EMAIL": "3",
	"RATE_LIMIT_PER_EMAIL":    "8",
	"RATE_LIMIT_STORE":        "appwrite",
	"RATE_LIMIT_DATABASE":     "auth",
	"RATE_LIMIT_TABLE":        "rate_limits",
}

// instance returns another instance of the function: the same variables
// and Appwrite project (the same emulator), its own process state.
func (e *testEnv) instance() *testEnv {
	other := *e
	other.app = newApp(func(k string) string { return e.vars[k] })
	return &other
}

// TestBruteForceAcrossInstances: with RATE_LIMIT_STORE=appwrite, guesses
// at one password spread over two instances of the function meet one
// budget, where each instance's memory would grant its own.
func TestBruteForceAcrossInstances(t *testing.T) {
	t.Parallel()
	for _, store := range []string{"appwrite", "memory"} {
		t.Run(store, func(t *testing.T) {
			t.Parallel()
			vars := map[string]string{}
			for k, v := range appwriteStoreVars {
				vars[k] = v
			}
			vars["RATE_LIMIT_STORE"] = store
			a := newTestEnv(t, vars)
			if err := a.emu.CreateTable("auth", "rate_limits", "count", "resetAt"); err != nil {
				t.Fatal(err)
			}
			b := a.instance()
			a.emu.CreateUser("shared@example.com", "correct horse battery", "")
			var statuses []int
			for i := range 8 {
				env := []*testEnv{a, b}[i%2]
				statuses = append(statuses, loginFrom(env, "203.0.113.20", "shared@example.com", fmt.Sprintf("guess %d xx", i)).Status)
			}
			limited := 0
			for _, s := range statuses {
				if s == http.StatusTooManyRequests {
					limited++
				}
			}
			switch {
			case store == "appwrite" && fmt.Sprint(statuses[:4]) != "[401 401 401 429]":
				t.Errorf("statuses %v: want the 4th guess, on either instance, limited", statuses)
			case store == "appwrite" && limited != 5:
				t.Errorf("statuses %v: want every guess after the 3rd limited", statuses)
			case store == "memory" && limited != 2:
				t.Errorf("statuses %v: want each instance to grant its own 3 guesses", statuses)
			}
			if store == "appwrite" {
				wantLimited(t, loginFrom(b, "203.0.113.20", "shared@example.com", "correct horse battery"))
				if n := a.emu.RowCount("auth", "rate_limits"); n == 0 {
					t.Error("the Appwrite store wrote no rows")
				}
				if strings.Contains(a.logs.text(), "rate limit store") {
					t.Errorf("the store failed: %s", a.logs.text())
				}
			}
		})
	}
}

// failTablesDB fails every TablesDB request, as if Appwrite's database
// could not be reached, and passes the rest to base.
type failTablesDB struct{ base http.RoundTripper }

func (f failTablesDB) RoundTrip(req *http.Request) (*http.Response, error) {
	if strings.HasPrefix(req.URL.Path, "/v1/tablesdb/") {
		return nil, errors.New("dial tcp 10.0.0.1:443: connect: connection refused")
	}
	return f.base.RoundTrip(req)
}

// TestRateLimitStoreFailsOpen: when the Appwrite store cannot be used
// (unreachable, or its table missing) sign-ins still work, and the log
// line says why the limits were skipped, without secrets.
func TestRateLimitStoreFailsOpen(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		table string // the table provisioned
		down  bool   // TablesDB unreachable
		want  string
	}{
		{"unreachable", "rate_limits", true, "upstream_unavailable"},
		{"no database", "", false, "database_not_found"},
		{"no table", "other", false, "table_not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, appwriteStoreVars)
			if tt.table != "" {
				if err := env.emu.CreateTable("auth", tt.table, "count", "resetAt"); err != nil {
					t.Fatal(err)
				}
			}
			if tt.down {
				env.app.settings.session.Transport = failTablesDB{base: http.DefaultTransport}
			}
			env.emu.CreateUser("open@example.com", "correct horse battery", "")
			for range 5 {
				loginFrom(env, "203.0.113.30", "open@example.com", "wrong password").
					wantError(t, http.StatusUnauthorized, "user_invalid_credentials")
			}
			r := loginFrom(env, "203.0.113.30", "open@example.com", "correct horse battery")
			if r.Status != http.StatusOK {
				t.Fatalf("sign-in with the store down: %d %s", r.Status, r.Body)
			}
			lines := strings.Split(strings.TrimSpace(env.logs.text()), "\n")
			var line struct {
				Status int
				Notes  []string
			}
			if err := json.Unmarshal([]byte(lines[len(lines)-1]), &line); err != nil {
				t.Fatalf("log line %q: %v", lines[len(lines)-1], err)
			}
			notes := strings.Join(line.Notes, "\n")
			if line.Status != http.StatusOK || !strings.Contains(notes, "rate limit store") || !strings.Contains(notes, tt.want) {
				t.Errorf("log line %s: want a note that the store failed with %s", lines[len(lines)-1], tt.want)
			}
			for _, secret := range []string{env.server.APIKey, "correct horse battery", "open@example.com"} {
				if strings.Contains(env.logs.text(), secret) {
					t.Errorf("the log holds %q", secret)
				}
			}
		})
	}
}

// TestMailRequestsDoNotLockOutSignIn: anyone can ask for e-mails to any
// address, so those requests have budgets of their own: exhausting them
// from many addresses must not stop the owner signing in from a new one.
func TestMailRequestsDoNotLockOutSignIn(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, limitVars)
	env.emu.CreateUser("owner@example.com", "correct horse battery", "")
	limited := false
	for i := 0; i < 12; i++ {
		ip := map[string]string{"x-appwrite-client-ip": fmt.Sprintf("10.1.%d.1", i)}
		for _, route := range []string{"/magic-url", "/recovery", "/otp"} {
			if env.call("POST", route, ip, `{"email":"owner@example.com"}`).Status == http.StatusTooManyRequests {
				limited = true
			}
		}
	}
	if !limited {
		t.Fatal("36 e-mail requests from 12 addresses were never limited")
	}
	if r := loginFrom(env, "192.0.2.200", "owner@example.com", "correct horse battery"); r.Status != http.StatusOK {
		t.Errorf("the owner's sign-in after a flood of e-mail requests: %d %s", r.Status, r.Body)
	}
}

// TestParallelGuessesCountedBeforeTheyRun: guesses sent all at once must
// not all pass the check before any of them is counted. The limiter counts
// each attempt before it reaches Appwrite, so exactly the budget gets
// through.
func TestParallelGuessesCountedBeforeTheyRun(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, limitVars)
	env.emu.CreateUser("burst@example.com", "correct horse battery", "")
	var wg sync.WaitGroup
	statuses := make(chan int, 25)
	for i := 0; i < 25; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			statuses <- loginFrom(env, "203.0.113.77", "burst@example.com", fmt.Sprintf("guess %02d xx", i)).Status
		}(i)
	}
	wg.Wait()
	close(statuses)
	reached := 0
	for s := range statuses {
		if s == http.StatusUnauthorized {
			reached++
		} else if s != http.StatusTooManyRequests {
			t.Errorf("status %d", s)
		}
	}
	if reached != 3 {
		t.Errorf("%d parallel guesses reached Appwrite, want exactly 3 (RATE_LIMIT_PER_IP_EMAIL)", reached)
	}
}

// TestRefusedGuessesSpareTheAccount: with the limits in Appwrite's table,
// where one attempt's budgets are all counted at once, guesses an address
// keeps sending after its own budget refused them must not spend the
// account's budget: the owner, from another address, still signs in.
// Defence: Limiter.Allow takes a refused attempt back from the budgets
// after the one that refused it.
func TestRefusedGuessesSpareTheAccount(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, appwriteStoreVars)
	if err := env.emu.CreateTable("auth", "rate_limits", "count", "resetAt"); err != nil {
		t.Fatal(err)
	}
	env.emu.CreateUser("spared@example.com", "correct horse battery", "")
	for i := range 3 {
		loginFrom(env, "198.51.100.66", "spared@example.com", fmt.Sprintf("guess %d xx", i)).
			wantError(t, http.StatusUnauthorized, "user_invalid_credentials")
	}
	for i := range 10 {
		wantLimited(t, loginFrom(env, "198.51.100.66", "spared@example.com", fmt.Sprintf("refused %d xx", i)))
	}
	if r := loginFrom(env, "192.0.2.10", "spared@example.com", "correct horse battery"); r.Status != http.StatusOK {
		t.Fatalf("the owner, from its own address: %d %s", r.Status, r.Body)
	}
}
