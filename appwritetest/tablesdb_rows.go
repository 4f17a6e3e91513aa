// The TablesDB subset's rows (see tablesdb.go): the structure check of
// row data, the create, read, update, upsert and delete handlers, and the
// atomic increment and decrement a rate-limit counter uses.

package appwritetest

import (
	"bytes"
	"encoding/json"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// row is one row of a table. values holds, by column key, an int64, a
// string or a bool as the column's type is (a []int64, []string or []bool
// for array columns), or nil; a missing key is null too.
type row struct {
	id          string
	sequence    int64
	createdAt   time.Time
	updatedAt   time.Time
	permissions []string
	values      map[string]any
}

// rowModel renders a row as the Row model, whose keys are the row's own:
// the columns in table order, then $sequence, $id, $createdAt, $updatedAt,
// $permissions, $databaseId and $tableId, the order of GET on MariaDB.
type rowModel struct {
	t         *table
	r         *row
	updatedAt time.Time
	// shown replaces stored values in the response (the increment's sum).
	shown map[string]any
	// sequenceString writes $sequence as a string, as the 1.9 line's Row
	// model has it; it stays a number for 1.8 and for clients asking for
	// a format before 1.9.0 (ResponseV21).
	sequenceString bool
}

// newRowModel renders r as it is stored, for the client of q.
func newRowModel(q *request, t *table, r *row) rowModel {
	return rowModel{t: t, r: r, updatedAt: r.updatedAt, sequenceString: q.e.line19() && q.format19()}
}

// MarshalJSON writes the row's keys in order.
func (m rowModel) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	field := func(key string, v any) {
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		writeJSON(&b, key)
		b.WriteByte(':')
		writeJSON(&b, v)
	}
	for _, c := range m.t.columns {
		v, ok := m.shown[c.key]
		if !ok {
			v = m.r.values[c.key]
		}
		field(c.key, v)
	}
	if m.sequenceString {
		field("$sequence", strconv.FormatInt(m.r.sequence, 10))
	} else {
		field("$sequence", m.r.sequence)
	}
	field("$id", m.r.id)
	field("$createdAt", formatDate(m.r.createdAt))
	field("$updatedAt", formatDate(m.updatedAt))
	field("$permissions", nonNil(m.r.permissions))
	field("$databaseId", m.t.databaseID)
	field("$tableId", m.t.id)
	b.WriteByte('}')
	return b.Bytes(), nil
}

// writeJSON encodes v into b without HTML escaping and without the
// encoder's newline.
func writeJSON(b *bytes.Buffer, v any) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // values are strings, numbers, nil and slices of them
	b.Truncate(b.Len() - 1)
}

// Validators of the TablesDB params.

// rowData decodes the data param: an object, or a string holding one. ok is
// false for a JSON value that is not an object.
func rowData(v any) (data map[string]any, ok bool) {
	switch x := v.(type) {
	case map[string]any:
		return x, true
	case []any:
		return map[string]any{}, len(x) == 0
	case string:
		dec := json.NewDecoder(strings.NewReader(x))
		dec.UseNumber()
		var parsed any
		if dec.Decode(&parsed) != nil {
			return nil, false
		}
		return rowData(parsed)
	}
	return nil, false
}

// checkStructure validates the values a row would hold (data merged over
// old, or data alone for a new row, with column defaults filled in) as
// utopia-php/database's Structure validator does, and returns them.
func checkStructure(t *table, old, data map[string]any) (map[string]any, *apiError) {
	values := map[string]any{}
	for k, v := range old {
		values[k] = v
	}
	for k, v := range data {
		if !systemKeys[k] {
			values[k] = v
		}
	}
	if old == nil {
		for _, c := range t.columns {
			if values[c.key] == nil && c.def != nil {
				values[c.key] = c.def
			}
		}
	}
	invalid := func(msg string) *apiError {
		return errorf("row_invalid_structure", "Invalid document structure: %s", msg)
	}
	for _, c := range t.columns {
		if c.required && values[c.key] == nil {
			return nil, invalid(`Missing required attribute "` + c.key + `"`)
		}
	}
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	slices.Sort(keys) // deterministic messages
	for _, k := range keys {
		if t.findColumn(k) == nil {
			return nil, invalid(`Unknown attribute: "` + k + `"`)
		}
	}
	out := map[string]any{}
	for _, c := range t.columns {
		v, ok, msg := c.convert(values[c.key])
		if !ok {
			return nil, invalid(msg)
		}
		if v != nil {
			out[c.key] = v
		}
	}
	return out, nil
}

// convert checks one value of the column and returns it as stored: an
// int64, a string, a bool, a slice of one of them, or nil. msg says what
// is wrong, as the Structure validator does (for an integer column created
// with the intRange format).
func (c *column) convert(v any) (stored any, ok bool, msg string) {
	if v == nil {
		return nil, true, ""
	}
	if !c.array {
		x, msg := c.one(v, `"`+c.key+`"`)
		return x, msg == "", msg
	}
	list, isList := asList(v)
	if !isList {
		return nil, false, `Attribute "` + c.key + `" must be an array`
	}
	if len(list) == 0 && !c.required {
		return nil, true, ""
	}
	var ints []int64
	var strs []string
	var bools []bool
	for i, x := range list {
		if x == nil && !c.required {
			continue
		}
		y, msg := c.one(x, `"`+c.key+`['`+strconv.Itoa(i)+`']"`)
		if msg != "" {
			return nil, false, msg
		}
		switch z := y.(type) {
		case int64:
			ints = append(ints, z)
		case string:
			strs = append(strs, z)
		case bool:
			bools = append(bools, z)
		}
	}
	switch c.kind() {
	case typeString:
		return nonNil(strs), true, ""
	case typeBoolean:
		if bools == nil {
			bools = []bool{}
		}
		return bools, true, ""
	}
	if ints == nil {
		ints = []int64{}
	}
	return ints, true, ""
}

// asList returns the items of an array value, as decoded from JSON or as
// stored.
func asList(v any) ([]any, bool) {
	var list []any
	switch x := v.(type) {
	case []any:
		return x, true
	case []int64:
		for _, i := range x {
			list = append(list, i)
		}
	case []string:
		for _, s := range x {
			list = append(list, s)
		}
	case []bool:
		for _, b := range x {
			list = append(list, b)
		}
	default:
		return nil, false
	}
	return list, true
}

// one checks a single value (an array's item, for array columns) and
// returns it as stored, or the Structure validator's message for it;
// label names the value in the message.
func (c *column) one(x any, label string) (any, string) {
	switch c.kind() {
	case typeString:
		s, ok := x.(string)
		if !ok || int64(utf8.RuneCountInString(s)) > c.size {
			return nil, "Attribute " + label + " has invalid type. Value must be a valid string and no longer than " + strconv.FormatInt(c.size, 10) + " chars"
		}
		return s, ""
	case typeBoolean:
		b, ok := x.(bool)
		if !ok {
			return nil, "Attribute " + label + " has invalid type. Value must be a valid boolean"
		}
		return b, ""
	}
	bound := int64(maxInt32)
	if c.max > maxInt32 {
		bound = maxInt64
	}
	var i int64
	switch y := x.(type) {
	case int64:
		i = y
	case json.Number:
		n, err := strconv.ParseInt(y.String(), 10, 64)
		if err != nil {
			return nil, "Attribute " + label + " has invalid format. Value must be a valid integer"
		}
		i = n
	default:
		return nil, "Attribute " + label + " has invalid format. Value must be a valid integer"
	}
	if i < -bound || i > bound {
		return nil, "Attribute " + label + " has invalid format. Value must be a valid range between " + groupThousands(-bound) + " and " + groupThousands(bound)
	}
	if i < c.min || i > c.max {
		return nil, "Attribute " + label + " has invalid format. Value must be a valid range between " + groupThousands(c.min) + " and " + groupThousands(c.max)
	}
	return i, ""
}

// handleCreateRow serves POST /v1/tablesdb/{databaseId}/tables/{tableId}/rows
// for one row (the bulk form, with rows, is not emulated).
func handleCreateRow(e *Emulator, q *request) (*reply, *apiError) {
	data, ok := rowData(q.params["data"])
	if !ok {
		return nil, invalidParam("data", "Value must be a valid JSON string")
	}
	bulk, _ := q.params["rows"].([]any)
	id := q.str("rowId")
	switch {
	case len(data) == 0 && len(bulk) == 0:
		return nil, newError("row_missing_data")
	case len(data) > 0 && len(bulk) > 0:
		return nil, errorf("general_bad_request", "You can only send one of the following parameters: data, rows")
	case len(data) > 0 && id == "":
		return nil, errorf("row_missing_data", "Row ID is required when creating a single row.")
	case len(bulk) > 0 && id != "":
		return nil, errorf("general_bad_request", `Param "rowId" is not allowed when creating multiple rows, set "$id" on each instead.`)
	}
	t, err := e.lookupTable(q)
	if err != nil {
		return nil, err
	}
	if len(bulk) > 0 {
		return nil, errorf("general_argument_invalid", "The emulator does not create rows in bulk: send one row at a time, with data.")
	}
	if id == "unique()" {
		id = e.newID(q.now)
	}
	if tx, ok := q.params["transactionId"].(string); ok {
		return nil, errorFor("transaction_not_found", tx)
	}
	values, err := checkStructure(t, nil, data)
	if err != nil {
		return nil, err
	}
	if t.rows[id] != nil {
		return nil, errorFor("row_already_exists", q.str("rowId"))
	}
	perms, _ := q.params["permissions"].([]any)
	t.sequence++
	r := &row{
		id:          id,
		sequence:    t.sequence,
		createdAt:   q.now,
		updatedAt:   q.now,
		permissions: aggregatePermissions(perms, "read", "update", "delete"),
		values:      values,
	}
	t.rows[id] = r
	return jsonReply(http.StatusCreated, newRowModel(q, t, r)), nil
}

// findRow looks up the request's row.
func findRow(t *table, q *request) (*row, *apiError) {
	r := t.rows[q.str("rowId")]
	if r == nil {
		return nil, errorFor("row_not_found", q.str("rowId"))
	}
	return r, nil
}

// rowToWrite finds the table and the row an update or a deletion names;
// a transactionId is 404 transaction_not_found (the emulator has none).
func (e *Emulator) rowToWrite(q *request) (*table, *row, *apiError) {
	t, err := e.lookupTable(q)
	if err != nil {
		return nil, nil, err
	}
	r, err := findRow(t, q)
	if err != nil {
		return nil, nil, err
	}
	if tx, ok := q.params["transactionId"].(string); ok {
		return nil, nil, errorFor("transaction_not_found", tx)
	}
	return t, r, nil
}

// handleGetRow serves GET
// /v1/tablesdb/{databaseId}/tables/{tableId}/rows/{rowId}.
func handleGetRow(e *Emulator, q *request) (*reply, *apiError) {
	t, err := e.lookupTable(q)
	if err != nil {
		return nil, err
	}
	if queries, _ := q.params["queries"].([]any); len(queries) > 0 {
		return nil, errorf("general_query_invalid", "The emulator does not support queries.")
	}
	if tx, ok := q.params["transactionId"].(string); ok {
		return nil, errorFor("transaction_not_found", tx)
	}
	r, err := findRow(t, q)
	if err != nil {
		return nil, err
	}
	return jsonReply(http.StatusOK, newRowModel(q, t, r)), nil
}

// rowPatch is what an update or an upsert sets: the columns in data and,
// when the request gives them, the permissions.
type rowPatch struct {
	data     map[string]any
	perms    []any
	hasPerms bool
}

// readRowPatch reads an update's or an upsert's data and permissions, of
// which there must be one at least.
func readRowPatch(q *request) (rowPatch, *apiError) {
	data, ok := rowData(q.params["data"])
	if !ok {
		return rowPatch{}, invalidParam("data", "Value must be a valid JSON string")
	}
	perms, hasPerms := q.params["permissions"].([]any)
	if len(data) == 0 && !hasPerms {
		return rowPatch{}, newError("row_missing_payload")
	}
	return rowPatch{data: data, perms: perms, hasPerms: hasPerms}, nil
}

// apply gives r the values checkStructure made of p's data (merged with
// r's own), p's permissions if it has some, and now as its update time.
func (p rowPatch) apply(r *row, values map[string]any, now time.Time) {
	r.values = values
	if p.hasPerms {
		r.permissions = aggregatePermissions(p.perms, "read", "update", "delete")
	}
	r.updatedAt = now
}

// handleUpdateRow serves PATCH
// /v1/tablesdb/{databaseId}/tables/{tableId}/rows/{rowId}: the columns in
// data are set, the others kept.
func handleUpdateRow(e *Emulator, q *request) (*reply, *apiError) {
	patch, err := readRowPatch(q)
	if err != nil {
		return nil, err
	}
	t, r, err := e.rowToWrite(q)
	if err != nil {
		return nil, err
	}
	values, err := checkStructure(t, r.values, patch.data)
	if err != nil {
		return nil, err
	}
	patch.apply(r, values, q.now)
	return jsonReply(http.StatusOK, newRowModel(q, t, r)), nil
}

// handleUpsertRow serves PUT
// /v1/tablesdb/{databaseId}/tables/{tableId}/rows/{rowId}: it creates the
// row, or sets the columns in data on the row that exists (the others are
// kept), in one call. Without permissions a new row gets none (an API key
// has no user to give them to) and an existing one keeps its own. As on
// Appwrite, the answer is 200 whether the row was created or updated
// (the SDK's documentation says 201).
func handleUpsertRow(e *Emulator, q *request) (*reply, *apiError) {
	patch, err := readRowPatch(q)
	if err != nil {
		return nil, err
	}
	t, err := e.lookupTable(q)
	if err != nil {
		return nil, err
	}
	if tx, ok := q.params["transactionId"].(string); ok {
		return nil, errorFor("transaction_not_found", tx)
	}
	r := t.rows[q.str("rowId")]
	var old map[string]any
	if r != nil {
		old = r.values
	}
	values, err := checkStructure(t, old, patch.data)
	if err != nil {
		return nil, err
	}
	if r == nil {
		t.sequence++
		r = &row{id: q.str("rowId"), sequence: t.sequence, createdAt: q.now, permissions: []string{}}
		t.rows[r.id] = r
	}
	patch.apply(r, values, q.now)
	return jsonReply(http.StatusOK, newRowModel(q, t, r)), nil
}

// handleDeleteRow serves DELETE
// /v1/tablesdb/{databaseId}/tables/{tableId}/rows/{rowId}.
func handleDeleteRow(e *Emulator, q *request) (*reply, *apiError) {
	t, r, err := e.rowToWrite(q)
	if err != nil {
		return nil, err
	}
	delete(t.rows, r.id)
	return noContent(), nil
}

// handleIncrementRowColumn serves PATCH
// /v1/tablesdb/{databaseId}/tables/{tableId}/rows/{rowId}/{column}/increment.
// It runs under the emulator's one lock, so it is atomic, as Appwrite's
// UPDATE … SET column = column + value is. As on Appwrite 1.8, a missing
// row answers 404 column_not_found (utopia-php/database throws the same
// NotFoundException for a missing row and a missing column), and the
// response shows the new value with the row's previous $updatedAt.
func handleIncrementRowColumn(e *Emulator, q *request) (*reply, *apiError) {
	return e.addToColumn(q, 1, "max", "maximum")
}

// handleDecrementRowColumn serves PATCH
// /v1/tablesdb/{databaseId}/tables/{tableId}/rows/{rowId}/{column}/decrement,
// the increment's twin: value is subtracted, and min bounds the result.
func handleDecrementRowColumn(e *Emulator, q *request) (*reply, *apiError) {
	return e.addToColumn(q, -1, "min", "minimum")
}

// addToColumn adds sign × the value param to a row's integer column,
// refusing a result past the bound param (max for an increment, min for
// a decrement), whose name the error's message gives as word.
func (e *Emulator) addToColumn(q *request, sign int64, bound, word string) (*reply, *apiError) {
	t, err := e.lookupTable(q)
	if err != nil {
		return nil, err
	}
	if _, ok := q.params["transactionId"].(string); ok {
		return nil, errorf("general_bad_request", "Invalid or non\u2011pending transaction")
	}
	value, _ := toFloat(q.params["value"])
	if value <= 0 {
		return nil, errorf("general_argument_invalid", "Value must be numeric and greater than 0")
	}
	key := q.str("column")
	c := t.findColumn(key)
	if c == nil {
		return nil, newError("column_not_found")
	}
	if c.array || c.kind() != typeInteger {
		return nil, errorf("attribute_type_invalid", "tablesDB \"%s\" is not a number", key)
	}
	r := t.rows[q.str("rowId")]
	if r == nil {
		return nil, newError("column_not_found")
	}
	current, _ := r.values[key].(int64)
	delta := float64(sign) * value
	if limit, ok := toFloat(q.params[bound]); ok && (sign > 0 && float64(current)+delta > limit || sign < 0 && float64(current)+delta < limit) {
		return nil, errorf("column_limit_exceeded", "tablesDB \"%s\" has reached the %s value of %s", key, word, phpNumber(q.params[bound]))
	}
	shown := map[string]any{}
	if n, isInt := toIntParam(q.params["value"]); isInt {
		r.values[key] = current + sign*n
		shown[key] = current + sign*n
	} else {
		sum := float64(current) + delta
		r.values[key] = int64(math.Round(sum)) // an integer column rounds what it stores
		shown[key] = sum
	}
	m := newRowModel(q, t, r)
	m.shown = shown
	r.updatedAt = q.now
	return jsonReply(http.StatusOK, m), nil
}

// toIntParam reads an integral JSON number or numeric string as PHP's
// int|float parameter would be an int.
func toIntParam(v any) (int64, bool) {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = x.String()
	case string:
		s = strings.TrimSpace(x)
	default:
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// phpNumber writes a numeric param as PHP's string conversion would.
func phpNumber(v any) string {
	if n, ok := toIntParam(v); ok {
		return strconv.FormatInt(n, 10)
	}
	f, _ := toFloat(v)
	return strconv.FormatFloat(f, 'G', 14, 64)
}

// RowCount returns how many rows the table holds; 0 for a table that does
// not exist.
func (e *Emulator) RowCount(databaseID, tableID string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	if db := e.databases[databaseID]; db != nil {
		if t := db.tables[tableID]; t != nil {
			return len(t.rows)
		}
	}
	return 0
}
