package appwritetest

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/appwrite/sdk-for-go/appwrite"
	"github.com/appwrite/sdk-for-go/client"
	"github.com/appwrite/sdk-for-go/tablesdb"
)

// tablesDB returns the TablesDB service of a jar-less SDK client for srv
// with the given options (a key, usually). The spec subset covers only the
// account and users routes, so responses are not checked against it.
func tablesDB(srv *Server, opts ...client.ClientOption) *tablesdb.TablesDB {
	all := append([]client.ClientOption{appwrite.WithEndpoint(srv.Endpoint), appwrite.WithProject(srv.ProjectID)}, opts...)
	c := appwrite.NewClient(all...)
	c.Client = &http.Client{Transport: http.DefaultTransport}
	return appwrite.NewTablesDB(c)
}

// counter is the row shape of the tests: two integer columns.
type counter struct {
	ID         string `json:"$id"`
	Sequence   int    `json:"$sequence"`
	TableID    string `json:"$tableId"`
	DatabaseID string `json:"$databaseId"`
	Count      *int64 `json:"count"`
	ResetAt    *int64 `json:"resetAt"`
}

// decodeRow decodes a row of the tests.
func decodeRow(t *testing.T, what string, r interface{ Decode(any) error }) counter {
	t.Helper()
	var c counter
	if err := r.Decode(&c); err != nil {
		t.Fatalf("%s: decode: %v", what, err)
	}
	return c
}

// TestTablesDBProvisioning creates a database, a table and its integer
// columns through the SDK, as `appwrite push tables` would, and checks the
// models and the main failures.
func TestTablesDBProvisioning(t *testing.T) {
	t.Parallel()
	clock := NewClock(time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC))
	srv := Start(t, WithClock(clock.Now))
	tdb := tablesDB(srv, appwrite.WithKey(srv.APIKey))

	db, err := tdb.Create("auth", "Auth")
	mustOK(t, "Create", err)
	if db.Id != "auth" || db.Name != "Auth" || !db.Enabled || db.Type != "tablesdb" || db.CreatedAt != "2026-05-06T07:08:09.000+00:00" {
		t.Errorf("database = %+v", db)
	}
	_, err = tdb.Create("auth", "Again")
	if ae := wantError(t, "Create twice", err, 409, "database_already_exists"); !strings.Contains(ae.Message, "'auth'") {
		t.Errorf("message %q does not name the database", ae.Message)
	}
	_, err = tdb.Create("_bad", "Bad")
	wantError(t, "Create with a bad ID", err, 400, "general_argument_invalid")

	tbl, err := tdb.CreateTable("auth", "rate_limits", "Rate limits", tdb.WithCreateTableRowSecurity(false))
	mustOK(t, "CreateTable", err)
	if tbl.Id != "rate_limits" || tbl.DatabaseId != "auth" || tbl.Name != "Rate limits" || tbl.RowSecurity || !tbl.Enabled ||
		len(tbl.Permissions) != 0 || len(tbl.Columns) != 0 || tbl.BytesMax != 65535 || tbl.BytesUsed != 1067 {
		t.Errorf("table = %+v", tbl)
	}
	_, err = tdb.CreateTable("auth", "rate_limits", "Again")
	wantError(t, "CreateTable twice", err, 409, "table_already_exists")
	_, err = tdb.CreateTable("nope", "t", "T")
	wantError(t, "CreateTable in a missing database", err, 404, "database_not_found")
	_, err = tdb.CreateTable("auth", "inline", "Inline", tdb.WithCreateTableColumns([]any{map[string]any{"key": "n", "type": "integer"}}))
	wantError(t, "CreateTable with inline columns", err, 400, "general_argument_invalid")

	col, err := tdb.CreateIntegerColumn("auth", "rate_limits", "count", true, tdb.WithCreateIntegerColumnMin(0), tdb.WithCreateIntegerColumnMax(1000000000))
	mustOK(t, "CreateIntegerColumn", err)
	if col.Key != "count" || col.Type != "integer" || col.Status != "processing" || !col.Required || col.Min != 0 || col.Max != 1000000000 {
		t.Errorf("column = %+v", col)
	}
	col, err = tdb.CreateIntegerColumn("auth", "rate_limits", "resetAt", true)
	mustOK(t, "CreateIntegerColumn resetAt", err)
	if col.Min != -9223372036854775808 || col.Max != 9223372036854775807 {
		t.Errorf("default range = %d..%d, want the 64-bit range", col.Min, col.Max)
	}
	_, err = tdb.CreateIntegerColumn("auth", "rate_limits", "count", true)
	wantError(t, "CreateIntegerColumn twice", err, 409, "column_already_exists")
	_, err = tdb.CreateIntegerColumn("auth", "rate_limits", "x", true, tdb.WithCreateIntegerColumnDefault(1))
	wantError(t, "required with a default", err, 400, "column_default_unsupported")
	_, err = tdb.CreateIntegerColumn("auth", "rate_limits", "x", false, tdb.WithCreateIntegerColumnMin(5), tdb.WithCreateIntegerColumnMax(1))
	wantError(t, "min above max", err, 400, "column_value_invalid")
	_, err = tdb.CreateIntegerColumn("auth", "nope", "x", false)
	wantError(t, "column of a missing table", err, 404, "table_not_found")

	got, err := tdb.GetTable("auth", "rate_limits")
	if err == nil {
		t.Errorf("GetTable is not emulated, but answered %+v", got)
	}
	wantError(t, "GetTable", err, 404, "general_route_not_found")
}

// TestTablesDBRows drives every row route through the SDK: success and
// the main failures.
func TestTablesDBRows(t *testing.T) {
	t.Parallel()
	clock := NewClock(time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC))
	srv := Start(t, WithClock(clock.Now))
	mustOK(t, "CreateTable", srv.Emulator.CreateTable("auth", "rate_limits", "count", "resetAt"))
	tdb := tablesDB(srv, appwrite.WithKey(srv.APIKey))

	r, err := tdb.CreateRow("auth", "rate_limits", "ip_abc", map[string]any{"count": 1, "resetAt": 1777000000000})
	mustOK(t, "CreateRow", err)
	if r.Id != "ip_abc" || r.Sequence != 1 || r.TableId != "rate_limits" || r.DatabaseId != "auth" || len(r.Permissions) != 0 ||
		r.CreatedAt != "2026-05-06T07:08:09.000+00:00" || r.UpdatedAt != r.CreatedAt {
		t.Errorf("row = %+v", r)
	}
	if c := decodeRow(t, "CreateRow", r); *c.Count != 1 || *c.ResetAt != 1777000000000 {
		t.Errorf("values = %d, %d", *c.Count, *c.ResetAt)
	}
	_, err = tdb.CreateRow("auth", "rate_limits", "ip_abc", map[string]any{"count": 1, "resetAt": 1})
	if ae := wantError(t, "CreateRow twice", err, 409, "row_already_exists"); !strings.Contains(ae.Message, "'ip_abc'") {
		t.Errorf("message %q", ae.Message)
	}
	_, err = tdb.CreateRow("auth", "rate_limits", "r2", map[string]any{"count": 1, "resetAt": 1, "other": 2})
	if ae := wantError(t, "CreateRow with an unknown column", err, 400, "row_invalid_structure"); ae.Message != `Invalid document structure: Unknown attribute: "other"` {
		t.Errorf("message %q", ae.Message)
	}
	_, err = tdb.CreateRow("auth", "rate_limits", "r2", map[string]any{"count": 1})
	wantError(t, "CreateRow without a required column", err, 400, "row_invalid_structure")
	_, err = tdb.CreateRow("auth", "rate_limits", "r2", map[string]any{"count": 1.5, "resetAt": 1})
	wantError(t, "CreateRow with a fraction", err, 400, "row_invalid_structure")
	_, err = tdb.CreateRow("auth", "rate_limits", "r2", map[string]any{})
	wantError(t, "CreateRow without data", err, 400, "row_missing_data")
	_, err = tdb.CreateRow("auth", "missing", "r2", map[string]any{"count": 1})
	wantError(t, "CreateRow in a missing table", err, 404, "table_not_found")
	_, err = tdb.CreateRow("nodb", "rate_limits", "r2", map[string]any{"count": 1})
	wantError(t, "CreateRow in a missing database", err, 404, "database_not_found")

	clock.Advance(time.Second)
	r, err = tdb.IncrementRowColumn("auth", "rate_limits", "ip_abc", "count")
	mustOK(t, "IncrementRowColumn", err)
	if c := decodeRow(t, "IncrementRowColumn", r); *c.Count != 2 || *c.ResetAt != 1777000000000 {
		t.Errorf("after increment: %d, %d", *c.Count, *c.ResetAt)
	}
	if r.UpdatedAt != "2026-05-06T07:08:09.000+00:00" {
		t.Errorf("increment shows $updatedAt %s, want the previous one, as Appwrite does", r.UpdatedAt)
	}
	r, err = tdb.IncrementRowColumn("auth", "rate_limits", "ip_abc", "count", tdb.WithIncrementRowColumnValue(3))
	mustOK(t, "IncrementRowColumn by 3", err)
	if c := decodeRow(t, "IncrementRowColumn by 3", r); *c.Count != 5 {
		t.Errorf("after +3: %d", *c.Count)
	}
	_, err = tdb.IncrementRowColumn("auth", "rate_limits", "ip_abc", "count", tdb.WithIncrementRowColumnMax(5))
	if ae := wantError(t, "IncrementRowColumn past max", err, 400, "column_limit_exceeded"); ae.Message != `tablesDB "count" has reached the maximum value of 5` {
		t.Errorf("message %q", ae.Message)
	}
	_, err = tdb.IncrementRowColumn("auth", "rate_limits", "ip_missing", "count")
	if ae := wantError(t, "IncrementRowColumn of a missing row", err, 404, "column_not_found"); ae.Message != "Column with the requested key '%s' could not be found." {
		t.Errorf("message %q, want Appwrite's unformatted default", ae.Message)
	}
	_, err = tdb.IncrementRowColumn("auth", "rate_limits", "ip_abc", "nope")
	wantError(t, "IncrementRowColumn of a missing column", err, 404, "column_not_found")
	_, err = tdb.IncrementRowColumn("auth", "rate_limits", "ip_abc", "count", tdb.WithIncrementRowColumnValue(0))
	wantError(t, "IncrementRowColumn by 0", err, 400, "general_argument_invalid")
	_, err = tdb.IncrementRowColumn("auth", "missing", "ip_abc", "count")
	wantError(t, "IncrementRowColumn in a missing table", err, 404, "table_not_found")

	r, err = tdb.GetRow("auth", "rate_limits", "ip_abc")
	mustOK(t, "GetRow", err)
	if c := decodeRow(t, "GetRow", r); *c.Count != 5 || r.UpdatedAt != "2026-05-06T07:08:10.000+00:00" {
		t.Errorf("GetRow: count %d, $updatedAt %s", *c.Count, r.UpdatedAt)
	}
	_, err = tdb.GetRow("auth", "rate_limits", "nope")
	wantError(t, "GetRow of a missing row", err, 404, "row_not_found")
	_, err = tdb.GetRow("auth", "rate_limits", "ip_abc", tdb.WithGetRowQueries([]string{`{"method":"select","values":["count"]}`}))
	wantError(t, "GetRow with queries", err, 400, "general_query_invalid")

	r, err = tdb.UpdateRow("auth", "rate_limits", "ip_abc", tdb.WithUpdateRowData(map[string]any{"count": 1}))
	mustOK(t, "UpdateRow", err)
	if c := decodeRow(t, "UpdateRow", r); *c.Count != 1 || *c.ResetAt != 1777000000000 {
		t.Errorf("UpdateRow keeps the other columns: %d, %d", *c.Count, *c.ResetAt)
	}
	_, err = tdb.UpdateRow("auth", "rate_limits", "nope", tdb.WithUpdateRowData(map[string]any{"count": 1}))
	wantError(t, "UpdateRow of a missing row", err, 404, "row_not_found")
	_, err = tdb.UpdateRow("auth", "rate_limits", "ip_abc")
	wantError(t, "UpdateRow without data", err, 400, "row_missing_payload")
	_, err = tdb.UpdateRow("auth", "rate_limits", "ip_abc", tdb.WithUpdateRowData(map[string]any{"count": nil}))
	wantError(t, "UpdateRow clearing a required column", err, 400, "row_invalid_structure")

	_, err = tdb.DeleteRow("auth", "rate_limits", "ip_abc")
	mustOK(t, "DeleteRow", err)
	_, err = tdb.DeleteRow("auth", "rate_limits", "ip_abc")
	wantError(t, "DeleteRow twice", err, 404, "row_not_found")
	if n := srv.Emulator.RowCount("auth", "rate_limits"); n != 0 {
		t.Errorf("RowCount = %d after the delete", n)
	}
	_, err = tdb.DeleteRow("auth", "rate_limits", "ip_abc", tdb.WithDeleteRowTransactionId("tx1"))
	wantError(t, "DeleteRow in a transaction", err, 404, "row_not_found")

	r, err = tdb.CreateRow("auth", "rate_limits", "unique()", map[string]any{"count": 1, "resetAt": 1})
	mustOK(t, "CreateRow unique()", err)
	if len(r.Id) != 20 || r.Sequence != 2 {
		t.Errorf("unique() row: ID %q, $sequence %d", r.Id, r.Sequence)
	}
	_, err = tdb.CreateRow("auth", "rate_limits", "r3", map[string]any{"count": 1, "resetAt": 1}, tdb.WithCreateRowTransactionId("tx1"))
	wantError(t, "CreateRow in an unknown transaction", err, 404, "transaction_not_found")
}

// TestTablesDBUpsertRow checks PUT …/rows/{rowId}: one call creates the
// row or sets columns of the one that exists, keeping the others.
func TestTablesDBUpsertRow(t *testing.T) {
	t.Parallel()
	clock := NewClock(time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC))
	srv := Start(t, WithClock(clock.Now))
	mustOK(t, "CreateTable", srv.Emulator.CreateTable("auth", "rate_limits", "count", "resetAt"))
	tdb := tablesDB(srv, appwrite.WithKey(srv.APIKey))

	r, err := tdb.UpsertRow("auth", "rate_limits", "trust_x", tdb.WithUpsertRowData(map[string]any{"count": 1, "resetAt": 1777000000000}))
	mustOK(t, "UpsertRow (new)", err)
	if r.Id != "trust_x" || r.Sequence != 1 || len(r.Permissions) != 0 || r.CreatedAt != "2026-05-06T07:08:09.000+00:00" {
		t.Errorf("new row = %+v", r)
	}
	if c := decodeRow(t, "UpsertRow (new)", r); *c.Count != 1 || *c.ResetAt != 1777000000000 {
		t.Errorf("new values = %d, %d", *c.Count, *c.ResetAt)
	}
	mustOK(t, "IncrementRowColumn", errOf(tdb.IncrementRowColumn("auth", "rate_limits", "trust_x", "count")))
	clock.Advance(time.Second)
	r, err = tdb.UpsertRow("auth", "rate_limits", "trust_x", tdb.WithUpsertRowData(map[string]any{"count": 1}))
	mustOK(t, "UpsertRow (existing)", err)
	if c := decodeRow(t, "UpsertRow (existing)", r); *c.Count != 1 || *c.ResetAt != 1777000000000 || r.Sequence != 1 ||
		r.CreatedAt != "2026-05-06T07:08:09.000+00:00" || r.UpdatedAt != "2026-05-06T07:08:10.000+00:00" {
		t.Errorf("upserted row = %+v (%d, %d)", r, *c.Count, *c.ResetAt)
	}
	if n := srv.Emulator.RowCount("auth", "rate_limits"); n != 1 {
		t.Errorf("RowCount = %d, want 1", n)
	}
	// Without permissions an existing row keeps its own; with some, they
	// are the row's.
	readAny := []string{`read("any")`}
	mustOK(t, "UpsertRow (permissions)", errOf(tdb.UpsertRow("auth", "rate_limits", "trust_x", tdb.WithUpsertRowPermissions(readAny))))
	r, err = tdb.UpsertRow("auth", "rate_limits", "trust_x", tdb.WithUpsertRowData(map[string]any{"count": 2}))
	mustOK(t, "UpsertRow (no permissions)", err)
	if !reflect.DeepEqual(r.Permissions, readAny) {
		t.Errorf("permissions after an upsert without any: %q, want the row's own %q", r.Permissions, readAny)
	}
	_, err = tdb.UpsertRow("auth", "rate_limits", "new_y", tdb.WithUpsertRowData(map[string]any{"count": 1}))
	wantError(t, "UpsertRow creating without a required column", err, 400, "row_invalid_structure")
	_, err = tdb.UpsertRow("auth", "rate_limits", "trust_x")
	wantError(t, "UpsertRow without data", err, 400, "row_missing_payload")
	_, err = tdb.UpsertRow("auth", "missing", "trust_x", tdb.WithUpsertRowData(map[string]any{"count": 1}))
	wantError(t, "UpsertRow in a missing table", err, 404, "table_not_found")
	_, err = tdb.UpsertRow("auth", "rate_limits", "trust_x", tdb.WithUpsertRowData(map[string]any{"count": 1}), tdb.WithUpsertRowTransactionId("tx1"))
	wantError(t, "UpsertRow in a transaction", err, 404, "transaction_not_found")
	req, _ := http.NewRequest("PUT", srv.Endpoint+"/tablesdb/auth/tables/rate_limits/rows/trust_z", strings.NewReader(`{"data":{"count":1,"resetAt":1}}`))
	req.Header.Set("X-Appwrite-Project", srv.ProjectID)
	req.Header.Set("X-Appwrite-Key", srv.APIKey)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	mustOK(t, "PUT row", err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("a created row is answered %d, want 200 as Appwrite sends it", resp.StatusCode)
	}
}

// TestTablesDBDecrement checks PATCH …/{column}/decrement, the increment's
// twin, and its min.
func TestTablesDBDecrement(t *testing.T) {
	t.Parallel()
	srv := Start(t)
	mustOK(t, "CreateTable", srv.Emulator.CreateTable("auth", "rate_limits", "count", "resetAt"))
	tdb := tablesDB(srv, appwrite.WithKey(srv.APIKey))
	mustOK(t, "CreateRow", errOf(tdb.CreateRow("auth", "rate_limits", "k", map[string]any{"count": 3, "resetAt": 1})))
	r, err := tdb.DecrementRowColumn("auth", "rate_limits", "k", "count")
	mustOK(t, "DecrementRowColumn", err)
	if c := decodeRow(t, "DecrementRowColumn", r); *c.Count != 2 {
		t.Errorf("after -1: %d", *c.Count)
	}
	r, err = tdb.DecrementRowColumn("auth", "rate_limits", "k", "count", tdb.WithDecrementRowColumnValue(2), tdb.WithDecrementRowColumnMin(0))
	mustOK(t, "DecrementRowColumn to the min", err)
	if c := decodeRow(t, "DecrementRowColumn to the min", r); *c.Count != 0 {
		t.Errorf("after -2: %d", *c.Count)
	}
	_, err = tdb.DecrementRowColumn("auth", "rate_limits", "k", "count", tdb.WithDecrementRowColumnMin(0))
	if ae := wantError(t, "DecrementRowColumn past min", err, 400, "column_limit_exceeded"); ae.Message != `tablesDB "count" has reached the minimum value of 0` {
		t.Errorf("message %q", ae.Message)
	}
	_, err = tdb.DecrementRowColumn("auth", "rate_limits", "missing", "count")
	wantError(t, "DecrementRowColumn of a missing row", err, 404, "column_not_found")
}

// TestTablesDBScopes checks that the row routes need rows.* (or the older
// documents.*) scopes, and that only API keys get in.
func TestTablesDBScopes(t *testing.T) {
	t.Parallel()
	srv := Start(t,
		WithAPIKey("standard_readonly", "rows.read"),
		WithAPIKey("standard_documents", "documents.read", "documents.write"),
		WithAPIKey("standard_users", "users.read"))
	mustOK(t, "CreateTable", srv.Emulator.CreateTable("auth", "rate_limits", "count", "resetAt"))

	readOnly := tablesDB(srv, appwrite.WithKey("standard_readonly"))
	_, err := readOnly.CreateRow("auth", "rate_limits", "a", map[string]any{"count": 1, "resetAt": 1})
	ae := wantError(t, "CreateRow with rows.read only", err, 401, "general_unauthorized_scope")
	if !strings.HasSuffix(ae.Message, `(role: applications) missing scopes (["rows.write","documents.write"])`) {
		t.Errorf("message %q", ae.Message)
	}
	_, err = readOnly.GetRow("auth", "rate_limits", "a")
	wantError(t, "GetRow with rows.read", err, 404, "row_not_found")

	docs := tablesDB(srv, appwrite.WithKey("standard_documents"))
	_, err = docs.CreateRow("auth", "rate_limits", "a", map[string]any{"count": 1, "resetAt": 1})
	mustOK(t, "CreateRow with documents.write", err)
	_, err = docs.IncrementRowColumn("auth", "rate_limits", "a", "count")
	mustOK(t, "IncrementRowColumn with documents.write", err)
	_, err = docs.Create("db2", "No")
	wantError(t, "Create database with documents.* only", err, 401, "general_unauthorized_scope")

	_, err = tablesDB(srv, appwrite.WithKey("standard_users")).GetRow("auth", "rate_limits", "a")
	wantError(t, "GetRow with users.read only", err, 401, "general_unauthorized_scope")
	_, err = tablesDB(srv).GetRow("auth", "rate_limits", "a")
	wantError(t, "GetRow as a guest", err, 401, "general_unauthorized_scope")
}

// TestTablesDBIncrementIsAtomic increments one row from many goroutines
// through the SDK and checks that no increment is lost.
func TestTablesDBIncrementIsAtomic(t *testing.T) {
	t.Parallel()
	srv := Start(t)
	mustOK(t, "CreateTable", srv.Emulator.CreateTable("auth", "rate_limits", "count", "resetAt"))
	tdb := tablesDB(srv, appwrite.WithKey(srv.APIKey))
	_, err := tdb.CreateRow("auth", "rate_limits", "shared", map[string]any{"count": 0, "resetAt": 1})
	mustOK(t, "CreateRow", err)
	const goroutines, each = 16, 25
	var wg sync.WaitGroup
	for range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := tablesDB(srv, appwrite.WithKey(srv.APIKey)) // one client per caller, as the function does
			for range each {
				if _, err := c.IncrementRowColumn("auth", "rate_limits", "shared", "count"); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	r, err := tdb.GetRow("auth", "rate_limits", "shared")
	mustOK(t, "GetRow", err)
	if c := decodeRow(t, "GetRow", r); *c.Count != goroutines*each {
		t.Errorf("count = %d after %d concurrent increments", *c.Count, goroutines*each)
	}
}

// TestTablesDBRawResponses checks what the SDK does not show: the row's
// key order, the 202 of a column, the 204 of a delete and the rate-limit
// headers of the write routes.
func TestTablesDBRawResponses(t *testing.T) {
	t.Parallel()
	clock := NewClock(time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC))
	e := New(WithClock(clock.Now))
	mustOK(t, "CreateTable", e.CreateTable("auth", "rate_limits", "count", "resetAt"))
	hc := &http.Client{Transport: e.Transport()}
	do := func(method, path, body string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest(method, "http://localhost/v1"+path, strings.NewReader(body))
		req.Header.Set("X-Appwrite-Project", e.ProjectID())
		req.Header.Set("X-Appwrite-Key", e.APIKey())
		req.Header.Set("Content-Type", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp, string(b)
	}
	resp, body := do("POST", "/tablesdb/auth/tables/rate_limits/rows", `{"rowId":"k1","data":"{\"resetAt\":5,\"count\":1}"}`)
	// No response format: the default 1.9 line sends $sequence as a string.
	want := `{"count":1,"resetAt":5,"$sequence":"1","$id":"k1","$createdAt":"2026-05-06T07:08:09.000+00:00","$updatedAt":"2026-05-06T07:08:09.000+00:00","$permissions":[],"$databaseId":"auth","$tableId":"rate_limits"}`
	if resp.StatusCode != 201 || body != want {
		t.Errorf("CreateRow with data as a JSON string: %d\n got %s\nwant %s", resp.StatusCode, body, want)
	}
	if resp.Header.Get("X-RateLimit-Limit") != "120" {
		t.Errorf("X-RateLimit-Limit = %q, want 120", resp.Header.Get("X-RateLimit-Limit"))
	}
	resp, body = do("POST", "/tablesdb/auth/tables/rate_limits/rows", `{"rowId":"k2","data":{"count":1,"resetAt":1},"permissions":["write(\"any\")"]}`)
	var perms struct {
		Permissions []string `json:"$permissions"`
	}
	if json.Unmarshal([]byte(body), &perms); resp.StatusCode != 201 || strings.Join(perms.Permissions, " ") != `update("any") delete("any")` {
		t.Errorf("write permission: %d %s", resp.StatusCode, body)
	}
	resp, body = do("POST", "/tablesdb/auth/tables/rate_limits/rows", `{"rowId":"k3","data":{"count":1,"resetAt":1},"permissions":["create(\"any\")"]}`)
	if resp.StatusCode != 400 || !strings.Contains(body, `Permission \"create(\"any\")\" is not allowed. Must be one of: read, update, delete, write. or null`) {
		t.Errorf("create permission on a row: %d %s", resp.StatusCode, body)
	}
	resp, body = do("POST", "/tablesdb/auth/tables/rate_limits/columns/integer", `{"key":"extra","required":false,"default":7}`)
	if resp.StatusCode != 202 || !strings.Contains(body, `"status":"processing"`) || !strings.Contains(body, `"default":7`) {
		t.Errorf("integer column: %d %s", resp.StatusCode, body)
	}
	resp, body = do("POST", "/tablesdb/auth/tables/rate_limits/rows", `{"rowId":"k4","data":{"count":1,"resetAt":1}}`)
	if resp.StatusCode != 201 || !strings.Contains(body, `"extra":7`) {
		t.Errorf("a new row takes the column's default: %d %s", resp.StatusCode, body)
	}
	if _, body = do("GET", "/tablesdb/auth/tables/rate_limits/rows/k1", ""); !strings.HasPrefix(body, `{"count":1,"resetAt":5,"extra":null,"$sequence":"1",`) {
		t.Errorf("a row from before the column shows it as null: %s", body)
	}
	resp, body = do("DELETE", "/tablesdb/auth/tables/rate_limits/rows/k1", "")
	if resp.StatusCode != 204 || body != "" {
		t.Errorf("DeleteRow: %d %q", resp.StatusCode, body)
	}
	resp, body = do("PATCH", "/tablesdb/auth/tables/rate_limits/rows/k2/count/increment", `{"value":1.5}`)
	if resp.StatusCode != 200 || !strings.HasPrefix(body, `{"count":2.5,`) {
		t.Errorf("fractional increment: %d %s", resp.StatusCode, body)
	}
	if _, body = do("GET", "/tablesdb/auth/tables/rate_limits/rows/k2", ""); !strings.HasPrefix(body, `{"count":3,`) {
		t.Errorf("an integer column stores the rounded sum: %s", body)
	}
}

// TestCreateTableHelper checks the seeding helper's errors.
func TestCreateTableHelper(t *testing.T) {
	t.Parallel()
	e := New()
	mustOK(t, "CreateTable", e.CreateTable("auth", "t1", "a"))
	mustOK(t, "second table in the same database", e.CreateTable("auth", "t2"))
	if err := e.CreateTable("auth", "t1"); !errors.Is(err, ErrTableExists) {
		t.Errorf("existing table: %v, want ErrTableExists", err)
	}
	for _, bad := range [][]string{{"_db", "t"}, {"db", "t-" + strings.Repeat("x", 40)}, {"db", "t", "$id"}, {"db", "t", "a", "a"}} {
		if err := e.CreateTable(bad[0], bad[1], bad[2:]...); err == nil {
			t.Errorf("CreateTable(%q): no error", bad)
		}
	}
	if n := e.RowCount("auth", "nope"); n != 0 {
		t.Errorf("RowCount of a missing table = %d", n)
	}
}

// TestRowSequenceByFormat checks $sequence's JSON type: a string on the
// 1.9 line for clients asking for format 1.9.0 or later (or none, as a
// newer SDK or a raw client), a number for older formats (ResponseV21) and
// on 1.8 always; every row route answers alike.
func TestRowSequenceByFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		version, format string
		want            string
	}{
		{ServerCloud19x, "", `"1"`},
		{ServerCloud19x, "1.9.0", `"1"`},
		{ServerCloud19x, "1.9.6", `"1"`},
		{ServerCloud19x, "1.8.0", `1`},
		{ServerBranch18x, "", `1`},
		{ServerBranch18x, "1.9.6", `1`},
		{ServerRelease181, "", `1`},
	}
	for _, tc := range tests {
		e := New(WithServerVersion(tc.version))
		mustOK(t, "CreateTable", e.CreateTable("auth", "rate_limits", "count", "resetAt"))
		hc := &http.Client{Transport: e.Transport()} // the account spec has no TablesDB routes
		const rows = "/v1/tablesdb/auth/tables/rate_limits/rows"
		for _, c := range []struct{ method, path, body string }{
			{"POST", rows, `{"rowId":"k1","data":{"count":1,"resetAt":1}}`},
			{"GET", rows + "/k1", ""},
			{"PATCH", rows + "/k1", `{"data":{"count":2}}`},
			{"PUT", rows + "/k1", `{"data":{"count":3}}`},
			{"PATCH", rows + "/k1/count/increment", `{"value":1}`},
		} {
			req, _ := http.NewRequest(c.method, "http://localhost"+c.path, strings.NewReader(c.body))
			req.Header.Set("X-Appwrite-Project", e.ProjectID())
			req.Header.Set("X-Appwrite-Key", e.APIKey())
			req.Header.Set("Content-Type", "application/json")
			if tc.format != "" {
				req.Header.Set("X-Appwrite-Response-Format", tc.format)
			}
			resp, err := hc.Do(req)
			mustOK(t, c.method+" "+c.path, err)
			var row map[string]json.RawMessage
			err = json.NewDecoder(resp.Body).Decode(&row)
			resp.Body.Close()
			mustOK(t, "decode row", err)
			if got := string(row["$sequence"]); got != tc.want {
				t.Errorf("%s, format %q, %s %s: $sequence %s, want %s", tc.version, tc.format, c.method, c.path, got, tc.want)
			}
		}
	}
}
