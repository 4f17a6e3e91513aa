package repocheck

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/appwrite/sdk-for-go/appwrite"
	"github.com/appwrite/sdk-for-go/client"
	"github.com/appwrite/sdk-for-go/tablesdb"

	"openruntimes/handler/appwritetest"
	"openruntimes/handler/internal/upstream"
	"openruntimes/handler/security/ratelimit"
	"openruntimes/handler/session"
)

// TestAppwriteJSON checks appwrite.json's keys against the schema of the
// Appwrite CLI (lib/commands/config.ts: strict in the releases that
// validate; 12.0.1, the one the README installs, validates nothing and
// quietly ignores a misspelt key) and what the function needs to run on a
// custom domain. deploy/ checks its ignore list and pushes it with the
// real CLI.
func TestAppwriteJSON(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("appwrite.json")
	if err != nil {
		t.Fatal(err)
	}
	var root map[string]json.RawMessage
	if err := json.Unmarshal(data, &root); err != nil {
		t.Fatalf("appwrite.json: %v", err)
	}
	rootKeys := []string{"projectId", "projectName", "endpoint", "organizationId", "includes", "settings", "functions",
		"sites", "databases", "collections", "tablesDB", "tables", "topics", "teams", "buckets", "webhooks", "messages"}
	for k := range root {
		if !slices.Contains(rootKeys, k) {
			t.Errorf("appwrite.json has root key %q, which the CLI refuses", k)
		}
	}
	var cfg struct {
		Functions []map[string]json.RawMessage `json:"functions"`
	}
	if err := json.Unmarshal(data, &cfg); err != nil || len(cfg.Functions) != 1 {
		t.Fatalf("want exactly one function, got %d (%v)", len(cfg.Functions), err)
	}
	fnKeys := []string{"$id", "name", "runtime", "path", "entrypoint", "commands", "execute", "events", "schedule",
		"timeout", "enabled", "logging", "scopes", "specification", "vars", "ignore"}
	fn := cfg.Functions[0]
	for k := range fn {
		if !slices.Contains(fnKeys, k) {
			t.Errorf("function key %q is not one the CLI accepts", k)
		}
	}
	var f struct {
		Runtime    string   `json:"runtime"`
		Entrypoint string   `json:"entrypoint"`
		Path       string   `json:"path"`
		Execute    []string `json:"execute"`
		Scopes     []string `json:"scopes"`
		Timeout    int      `json:"timeout"`
		Logging    bool     `json:"logging"`
		// Specification, when set, is what every push sets; unset, a push
		// asks to confirm the change and resets the Console's choice.
		Specification string `json:"specification"`
	}
	raw, _ := json.Marshal(fn)
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	if f.Runtime != "go-1.23" || f.Entrypoint != "main.go" || f.Path != "." {
		t.Errorf("runtime, entrypoint, path = %q, %q, %q", f.Runtime, f.Entrypoint, f.Path)
	}
	if _, err := os.Stat(f.Entrypoint); err != nil {
		t.Errorf("entrypoint: %v", err)
	}
	if !slices.Contains(f.Execute, "any") {
		t.Errorf("execute = %q: a custom domain needs \"any\"", f.Execute)
	}
	// users.read to read a user before a token sign-in and to count
	// recovery codes; rows.* for the shared rate-limit store
	// (RATE_LIMIT_STORE=appwrite).
	for _, s := range []string{"sessions.write", "users.read", "users.write", "rows.read", "rows.write"} {
		if !slices.Contains(f.Scopes, s) {
			t.Errorf("scopes = %q, missing %s", f.Scopes, s)
		}
	}
	if f.Specification != "s-1vcpu-512mb" {
		t.Errorf("specification = %q, want s-1vcpu-512mb, the one BENCHMARKS.md measures", f.Specification)
	}
	if f.Timeout < 10 || !f.Logging {
		t.Errorf("timeout %d, logging %v: want at least 10 s and logs on", f.Timeout, f.Logging)
	}
}

// The keys the CLI's schema accepts in tablesDB, tables, their columns and
// their indexes (lib/commands/config.ts of appwrite/sdk-for-cli, the same
// from 16.0.0, the last release for Appwrite 1.8, to 25.1.0, less the
// later bigint type and previousKey hint).
var (
	cliDatabaseKeys = []string{"$id", "name", "enabled"}
	cliTableKeys    = []string{"$id", "$permissions", "databaseId", "name", "enabled", "rowSecurity", "columns", "indexes"}
	cliColumnKeys   = []string{"key", "type", "required", "array", "size", "default", "min", "max", "format", "elements",
		"relatedTable", "relationType", "twoWay", "twoWayKey", "onDelete", "side", "columns", "orders", "encrypt"}
	cliIndexKeys = []string{"key", "type", "status", "columns", "orders"}
)

// onlyKeys reports the keys of m that allowed does not list.
func onlyKeys(t *testing.T, what string, m map[string]json.RawMessage, allowed []string) {
	t.Helper()
	for k := range m {
		if !slices.Contains(allowed, k) {
			t.Errorf("%s has key %q, which the CLI refuses", what, k)
		}
	}
}

// TestAppwriteJSONRateLimitTable checks that appwrite.json provisions the
// table of the Appwrite rate-limit store (`appwrite push tables`) with the
// defaults of RATE_LIMIT_DATABASE and RATE_LIMIT_TABLE, the columns the
// store writes, and only keys the CLI accepts.
func TestAppwriteJSONRateLimitTable(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("appwrite.json")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		TablesDB []map[string]json.RawMessage `json:"tablesDB"`
		Tables   []map[string]json.RawMessage `json:"tables"`
	}
	if err := json.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	databases := map[string]bool{}
	for _, db := range cfg.TablesDB {
		onlyKeys(t, "a tablesDB entry", db, cliDatabaseKeys)
		var d struct {
			ID      string `json:"$id"`
			Name    string `json:"name"`
			Enabled *bool  `json:"enabled"`
		}
		raw, _ := json.Marshal(db)
		json.Unmarshal(raw, &d)
		if d.ID == "" || d.Name == "" || d.Enabled == nil {
			t.Errorf("tablesDB entry %s: want $id, name and enabled (push compares enabled)", raw)
		}
		databases[d.ID] = true
	}

	type column struct {
		Key      string          `json:"key"`
		Type     string          `json:"type"`
		Required bool            `json:"required"`
		Array    bool            `json:"array"`
		Default  json.RawMessage `json:"default"`
		Min      *int64          `json:"min"`
		Max      *int64          `json:"max"`
	}
	var found bool
	policy := ratelimit.DefaultPolicy
	for _, tbl := range cfg.Tables {
		onlyKeys(t, "a tables entry", tbl, cliTableKeys)
		var tb struct {
			ID          string    `json:"$id"`
			DatabaseID  string    `json:"databaseId"`
			Permissions *[]string `json:"$permissions"`
			RowSecurity *bool     `json:"rowSecurity"`
			Enabled     *bool     `json:"enabled"`
		}
		raw, _ := json.Marshal(tbl)
		if err := json.Unmarshal(raw, &tb); err != nil {
			t.Fatalf("table %s: %v", raw, err)
		}
		if !databases[tb.DatabaseID] {
			t.Errorf("table %s is in database %q, which tablesDB does not list", tb.ID, tb.DatabaseID)
		}
		var cols []map[string]json.RawMessage
		json.Unmarshal(tbl["columns"], &cols)
		for _, c := range cols {
			onlyKeys(t, "a column of "+tb.ID, c, cliColumnKeys)
		}
		var idx []map[string]json.RawMessage
		json.Unmarshal(tbl["indexes"], &idx)
		for _, i := range idx {
			onlyKeys(t, "an index of "+tb.ID, i, cliIndexKeys)
		}
		if tb.DatabaseID != policy.Database || tb.ID != policy.Table {
			continue
		}
		found = true
		// Only API keys may read or write the counters: no permissions and
		// no row security (the CLI's default for rowSecurity is true).
		if tb.Permissions == nil || len(*tb.Permissions) != 0 || tb.RowSecurity == nil || *tb.RowSecurity || tb.Enabled == nil || !*tb.Enabled {
			t.Errorf("table %s: want $permissions [], rowSecurity false and enabled true, all explicit", raw)
		}
		var columns []column
		json.Unmarshal(tbl["columns"], &columns)
		byKey := map[string]column{}
		for _, c := range columns {
			byKey[c.Key] = c
		}
		for _, key := range []string{ratelimit.ColumnCount, ratelimit.ColumnResetAt} {
			c, ok := byKey[key]
			switch {
			case !ok:
				t.Errorf("table %s has no column %q", tb.ID, key)
			case c.Type != "integer" || !c.Required || c.Array || (len(c.Default) > 0 && string(c.Default) != "null"):
				t.Errorf("column %s = %+v: want a required integer without a default", key, c)
			case c.Min == nil || c.Max == nil:
				t.Errorf("column %s: set min and max, or every push sees a change against Appwrite's 64-bit defaults", key)
			}
		}
		// Unix milliseconds need a 64-bit column, which Appwrite makes
		// when max needs more than 32 bits.
		if c := byKey[ratelimit.ColumnResetAt]; c.Max != nil && *c.Max < time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli() {
			t.Errorf("resetAt max %d: Unix milliseconds need more", *c.Max)
		}
	}
	if !found {
		t.Errorf("appwrite.json provisions no table %s in database %s (RATE_LIMIT_DATABASE, RATE_LIMIT_TABLE defaults)", policy.Table, policy.Database)
	}
}

// TestAppwriteJSONProvisionsStore creates what appwrite.json lists through
// the SDK calls `appwrite push tables` makes (create the database, the
// table, then each integer column), on the emulator, and runs the Appwrite
// store on the result.
func TestAppwriteJSONProvisionsStore(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("appwrite.json")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		TablesDB []struct {
			ID      string `json:"$id"`
			Name    string `json:"name"`
			Enabled bool   `json:"enabled"`
		} `json:"tablesDB"`
		Tables []struct {
			ID          string   `json:"$id"`
			DatabaseID  string   `json:"databaseId"`
			Name        string   `json:"name"`
			Permissions []string `json:"$permissions"`
			RowSecurity bool     `json:"rowSecurity"`
			Enabled     bool     `json:"enabled"`
			Columns     []struct {
				Key      string `json:"key"`
				Type     string `json:"type"`
				Required bool   `json:"required"`
				Array    bool   `json:"array"`
				Min      *int   `json:"min"`
				Max      *int   `json:"max"`
			} `json:"columns"`
		} `json:"tables"`
	}
	if err := json.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	srv := appwritetest.Start(t)
	admin := appwrite.NewClient(appwrite.WithEndpoint(srv.Endpoint), appwrite.WithProject(srv.ProjectID), appwrite.WithKey(srv.APIKey))
	admin.Client = &http.Client{}
	tdb := appwrite.NewTablesDB(admin)
	for _, db := range cfg.TablesDB {
		if _, err := tdb.Create(db.ID, db.Name, tdb.WithCreateEnabled(db.Enabled)); err != nil {
			t.Fatalf("create database %s: %v", db.ID, err)
		}
	}
	for _, tbl := range cfg.Tables {
		_, err := tdb.CreateTable(tbl.DatabaseID, tbl.ID, tbl.Name, tdb.WithCreateTablePermissions(tbl.Permissions),
			tdb.WithCreateTableRowSecurity(tbl.RowSecurity), tdb.WithCreateTableEnabled(tbl.Enabled))
		if err != nil {
			t.Fatalf("create table %s: %v", tbl.ID, err)
		}
		for _, c := range tbl.Columns {
			if c.Type != "integer" {
				t.Fatalf("column %s: type %s, which this test does not provision", c.Key, c.Type)
			}
			var opts []tablesdb.CreateIntegerColumnOption
			if c.Min != nil {
				opts = append(opts, tdb.WithCreateIntegerColumnMin(*c.Min))
			}
			if c.Max != nil {
				opts = append(opts, tdb.WithCreateIntegerColumnMax(*c.Max))
			}
			if c.Array {
				opts = append(opts, tdb.WithCreateIntegerColumnArray(true))
			}
			if _, err := tdb.CreateIntegerColumn(tbl.DatabaseID, tbl.ID, c.Key, c.Required, opts...); err != nil {
				t.Fatalf("create column %s: %v", c.Key, err)
			}
		}
	}

	p := ratelimit.DefaultPolicy
	cfgs := &session.Config{Endpoint: srv.Endpoint, ProjectID: srv.ProjectID, APIKey: srv.APIKey, UpstreamTimeout: 5 * time.Second}
	store := ratelimit.NewAppwriteStore(p.Database, p.Table, func() client.Client { return upstream.NewAdminClient(cfgs, "") })
	ctx := context.Background()
	now := time.Now()
	for want := 1; want <= 3; want++ {
		n, reset, err := store.Hit(ctx, "ip_provisioned", p.Window, now)
		if err != nil || n != want || !reset.After(now) {
			t.Fatalf("Hit #%d on the provisioned table: %d, %v, %v", want, n, reset, err)
		}
	}
}

// TestAppwriteJSONSettings checks appwrite.json's project settings, which
// `appwrite push settings` (CLI 12.0.1: the root key "settings") sends:
// every auth method the function performs with its key is off, so that
// Appwrite refuses it to anyone calling it directly; the security block
// has all eight values, since the CLI sends each of them and an absent one
// goes out empty, which Appwrite refuses; services, team invitations and
// OAuth2 providers are left to the Console.
func TestAppwriteJSONSettings(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("appwrite.json")
	if err != nil {
		t.Fatal(err)
	}
	var root struct {
		Settings struct {
			Services json.RawMessage `json:"services"`
			Auth     struct {
				Methods  map[string]bool            `json:"methods"`
				Security map[string]json.RawMessage `json:"security"`
			} `json:"auth"`
		} `json:"settings"`
	}
	if err := json.Unmarshal(data, &root); err != nil {
		t.Fatal(err)
	}
	auth := root.Settings.Auth
	// POST /account, /account/sessions/email, /account/tokens/magic-url,
	// /account/tokens/email, /account/sessions/anonymous with the key;
	// JWTs through POST /users/{userId}/jwts; phone, which the function
	// does not offer.
	for _, m := range []string{"email-password", "magic-url", "email-otp", "anonymous", "phone", "jwt"} {
		if on, ok := auth.Methods[m]; !ok || on {
			t.Errorf("settings.auth.methods.%s = %v (set %v), want false", m, on, ok)
		}
	}
	if _, ok := auth.Methods["invites"]; ok {
		t.Error("settings.auth.methods sets invites: team invitations are the teams issue's to decide")
	}
	for m := range auth.Methods {
		if !appwritetest.ValidAuthMethod(m) {
			t.Errorf("settings.auth.methods.%s is no auth method of Appwrite's", m)
		}
	}
	for _, k := range []string{"duration", "limit", "sessionsLimit", "passwordHistory", "passwordDictionary", "personalDataCheck", "sessionAlerts", "mockNumbers"} {
		if _, ok := auth.Security[k]; !ok {
			t.Errorf("settings.auth.security has no %s: the CLI would send it empty", k)
		}
	}
	if len(auth.Security) != 8 {
		t.Errorf("settings.auth.security has %d keys, want the CLI's 8", len(auth.Security))
	}
	for _, k := range []string{"passwordDictionary", "personalDataCheck"} {
		if string(auth.Security[k]) != "true" {
			t.Errorf("settings.auth.security.%s = %s, want true", k, auth.Security[k])
		}
	}
	if root.Settings.Services != nil {
		t.Errorf("settings.services = %s: the CLI would set every service listed; leave them to the Console", root.Settings.Services)
	}
	s, err := appwritetest.ReadProjectSettings(data)
	if err == nil {
		_, err = s.Options()
	}
	if err != nil {
		t.Errorf("the emulator cannot take appwrite.json's settings: %v", err)
	}
}
