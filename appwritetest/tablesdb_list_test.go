package appwritetest

import (
	"strings"
	"testing"
	"time"

	"github.com/appwrite/sdk-for-go/appwrite"
	"github.com/appwrite/sdk-for-go/query"
	"github.com/appwrite/sdk-for-go/tablesdb"
)

// item is the row shape of the typed-column tests.
type item struct {
	ID     string   `json:"$id"`
	Owner  string   `json:"owner"`
	Tags   []string `json:"tags"`
	Backed bool     `json:"backed"`
	Count  int64    `json:"count"`
	Note   *string  `json:"note"`
}

// typedTable provisions, through the SDK, a table with string, boolean
// and integer columns, and returns the TablesDB service.
func typedTable(t *testing.T, srv *Server) *tablesdb.TablesDB {
	t.Helper()
	tdb := tablesDB(srv, appwrite.WithKey(srv.APIKey))
	mustOK(t, "Create", errOf(tdb.Create("auth", "Auth")))
	mustOK(t, "CreateTable", errOf(tdb.CreateTable("auth", "items", "Items")))
	mustOK(t, "owner", errOf(tdb.CreateStringColumn("auth", "items", "owner", 36, true)))
	mustOK(t, "tags", errOf(tdb.CreateStringColumn("auth", "items", "tags", 8, false, tdb.WithCreateStringColumnArray(true))))
	mustOK(t, "backed", errOf(tdb.CreateBooleanColumn("auth", "items", "backed", true)))
	mustOK(t, "count", errOf(tdb.CreateIntegerColumn("auth", "items", "count", false, tdb.WithCreateIntegerColumnDefault(7))))
	mustOK(t, "note", errOf(tdb.CreateStringColumn("auth", "items", "note", 16, false)))
	return tdb
}

// decodeItems decodes the rows of a listing.
func decodeItems(t *testing.T, list interface{ Decode(any) error }) []item {
	t.Helper()
	var l struct {
		Rows []item `json:"rows"`
	}
	mustOK(t, "Decode", list.Decode(&l))
	return l.Rows
}

// TestTablesDBTypedColumns creates string and boolean columns through the
// SDK, checks their models and what rows may hold.
func TestTablesDBTypedColumns(t *testing.T) {
	t.Parallel()
	srv := Start(t)
	tdb := typedTable(t, srv)

	col, err := tdb.CreateStringColumn("auth", "items", "label", 10, false, tdb.WithCreateStringColumnDefault("none"), tdb.WithCreateStringColumnEncrypt(true))
	mustOK(t, "CreateStringColumn", err)
	if col.Key != "label" || col.Type != "string" || col.Status != "processing" || col.Size != 10 || col.Default != "none" || !col.Encrypt {
		t.Errorf("string column = %+v", col)
	}
	b, err := tdb.CreateBooleanColumn("auth", "items", "flag", false, tdb.WithCreateBooleanColumnDefault(true))
	mustOK(t, "CreateBooleanColumn", err)
	if b.Key != "flag" || b.Type != "boolean" || !b.Default {
		t.Errorf("boolean column = %+v", b)
	}
	_, err = tdb.CreateStringColumn("auth", "items", "long", 2, false, tdb.WithCreateStringColumnDefault("abc"))
	wantError(t, "default longer than size", err, 400, "column_value_invalid")
	_, err = tdb.CreateStringColumn("auth", "items", "zero", 0, false)
	wantError(t, "size 0", err, 400, "general_argument_invalid")
	_, err = tdb.CreateBooleanColumn("auth", "items", "req", true, tdb.WithCreateBooleanColumnDefault(false))
	wantError(t, "required with a default", err, 400, "column_default_unsupported")
	_, err = tdb.CreateStringColumn("auth", "items", "owner", 36, true)
	wantError(t, "twice", err, 409, "column_already_exists")
	_, err = tdb.CreateStringColumn("auth", "items", "huge", 16381, false)
	wantError(t, "past the row width", err, 400, "column_limit_exceeded")

	r, err := tdb.CreateRow("auth", "items", "a", map[string]any{"owner": "u1", "tags": []string{"usb", "nfc"}, "backed": true})
	mustOK(t, "CreateRow", err)
	var got item
	mustOK(t, "Decode", r.Decode(&got))
	if got.Owner != "u1" || strings.Join(got.Tags, ",") != "usb,nfc" || !got.Backed || got.Count != 7 || got.Note != nil {
		t.Errorf("row = %+v", got)
	}
	for name, data := range map[string]map[string]any{
		"string too long":   {"owner": strings.Repeat("x", 37), "backed": true},
		"number for string": {"owner": 5, "backed": true},
		"string for bool":   {"owner": "u", "backed": "yes"},
		"long array item":   {"owner": "u", "backed": true, "tags": []string{"123456789"}},
		"missing required":  {"owner": "u"},
	} {
		_, err := tdb.CreateRow("auth", "items", "unique()", data)
		wantError(t, name, err, 400, "row_invalid_structure")
	}
	_, err = tdb.IncrementRowColumn("auth", "items", "a", "owner")
	wantError(t, "increment a string", err, 400, "attribute_type_invalid")
}

// TestTablesDBListRows lists rows through the SDK with equal, order,
// limit and offset queries, and checks what it refuses.
func TestTablesDBListRows(t *testing.T) {
	t.Parallel()
	clock := NewClock(time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC))
	srv := Start(t, WithClock(clock.Now))
	tdb := typedTable(t, srv)
	for _, r := range []struct {
		id, owner string
		backed    bool
		count     int
	}{{"r1", "u1", true, 3}, {"r2", "u2", false, 1}, {"r3", "u1", false, 2}, {"r4", "u1", true, 1}} {
		clock.Advance(time.Second)
		_, err := tdb.CreateRow("auth", "items", r.id, map[string]any{"owner": r.owner, "backed": r.backed, "count": r.count})
		mustOK(t, "CreateRow "+r.id, err)
	}
	ids := func(what string, queries ...string) (string, int) {
		t.Helper()
		list, err := tdb.ListRows("auth", "items", tdb.WithListRowsQueries(queries))
		mustOK(t, what, err)
		var out []string
		for _, it := range decodeItems(t, list) {
			out = append(out, it.ID)
		}
		return strings.Join(out, ","), list.Total
	}
	for _, tc := range []struct {
		name    string
		queries []string
		want    string
		total   int
	}{
		{"all", nil, "r1,r2,r3,r4", 4},
		{"equal", []string{query.Equal("owner", "u1")}, "r1,r3,r4", 3},
		{"equal any of", []string{query.Equal("owner", []any{"u2", "u3"})}, "r2", 1},
		{"two equals", []string{query.Equal("owner", "u1"), query.Equal("backed", true)}, "r1,r4", 2},
		{"equal integer", []string{query.Equal("count", 1)}, "r2,r4", 2},
		{"equal $id", []string{query.Equal("$id", "r3")}, "r3", 1},
		{"none", []string{query.Equal("owner", "nobody")}, "", 0},
		{"limit", []string{query.Equal("owner", "u1"), query.Limit(2)}, "r1,r3", 3},
		{"offset", []string{query.Equal("owner", "u1"), query.Offset(2)}, "r4", 3},
		{"order", []string{query.OrderAsc("count"), query.OrderDesc("$createdAt")}, "r4,r2,r3,r1", 4},
		{"order desc", []string{query.OrderDesc("$id")}, "r4,r3,r2,r1", 4},
	} {
		got, total := ids(tc.name, tc.queries...)
		if got != tc.want || total != tc.total {
			t.Errorf("%s: rows %q total %d, want %q total %d", tc.name, got, total, tc.want, tc.total)
		}
	}
	list, err := tdb.ListRows("auth", "items", tdb.WithListRowsTotal(false))
	mustOK(t, "ListRows total=false", err)
	if list.Total != 0 || len(list.Rows) != 4 {
		t.Errorf("total=false: total %d, %d rows", list.Total, len(list.Rows))
	}
	for name, q := range map[string]string{
		"unknown column": query.Equal("nope", "x"),
		"wrong type":     query.Equal("backed", "yes"),
		"array column":   query.Equal("tags", "usb"),
		"limit 0":        query.Limit(0),
		"not supported":  query.StartsWith("owner", "u"),
		"not JSON":       "equal(owner)",
	} {
		_, err := tdb.ListRows("auth", "items", tdb.WithListRowsQueries([]string{q}))
		wantError(t, name, err, 400, "general_query_invalid")
	}
	_, err = tdb.ListRows("auth", "missing")
	wantError(t, "missing table", err, 404, "table_not_found")
}

// TestSnapshotTypedColumns: string and boolean columns, their defaults
// and their rows survive a snapshot.
func TestSnapshotTypedColumns(t *testing.T) {
	t.Parallel()
	srv := Start(t)
	tdb := typedTable(t, srv)
	mustOK(t, "label", errOf(tdb.CreateStringColumn("auth", "items", "label", 10, false, tdb.WithCreateStringColumnDefault("none"))))
	mustOK(t, "CreateRow", errOf(tdb.CreateRow("auth", "items", "a", map[string]any{"owner": "u1", "tags": []string{"usb"}, "backed": true})))
	snap, err := srv.Emulator.Snapshot()
	mustOK(t, "Snapshot", err)

	other := Start(t)
	mustOK(t, "Restore", other.Emulator.Restore(snap))
	again, err := other.Emulator.Snapshot()
	mustOK(t, "Snapshot again", err)
	if string(again) != string(snap) {
		t.Errorf("snapshot changed on restore:\n%s\n%s", snap, again)
	}
	tdb2 := tablesDB(other, appwrite.WithKey(other.APIKey))
	r, err := tdb2.CreateRow("auth", "items", "b", map[string]any{"owner": "u2", "backed": false})
	mustOK(t, "CreateRow after restore", err)
	var got struct {
		Label string `json:"label"`
	}
	mustOK(t, "Decode", r.Decode(&got))
	if got.Label != "none" {
		t.Errorf("label default after restore = %q", got.Label)
	}
	list, err := tdb2.ListRows("auth", "items", tdb2.WithListRowsQueries([]string{query.Equal("owner", "u1")}))
	mustOK(t, "ListRows", err)
	if len(list.Rows) != 1 {
		t.Fatalf("restored rows of u1: %d", len(list.Rows))
	}
	if it := decodeItems(t, list)[0]; it.ID != "a" || len(it.Tags) != 1 || it.Tags[0] != "usb" || !it.Backed {
		t.Errorf("restored row = %+v", it)
	}
}
