package appwritetest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The TablesDB subset: enough of Appwrite 1.8's TablesDB API to provision a
// database, a table and its integer columns, and to keep counters in rows
// (create, read, update, delete, and the atomic increment). It follows the
// routes under src/Appwrite/Platform/Modules/Databases/Http/TablesDB/ and
// utopia-php/database 5.2 at the reference commit of the 1.8.x branch.

// database is one TablesDB database of the project.
type database struct {
	id        string
	name      string
	enabled   bool
	createdAt time.Time
	updatedAt time.Time
	tables    map[string]*table
}

// table is one table of a database.
type table struct {
	id          string
	databaseID  string
	name        string
	permissions []string
	rowSecurity bool
	enabled     bool
	createdAt   time.Time
	updatedAt   time.Time
	columns     []*column // in creation order, the order of a row's keys
	rows        map[string]*row
	sequence    int64 // the last row's $sequence
}

// column is an integer column: the only type the emulator has.
type column struct {
	key       string
	required  bool
	array     bool
	min, max  int64
	def       *int64 // default; nil means none
	createdAt time.Time
	updatedAt time.Time
}

// row is one row of a table. values holds, by column key, an int64, a
// []int64 for array columns, or nil; a missing key is null too.
type row struct {
	id          string
	sequence    int64
	createdAt   time.Time
	updatedAt   time.Time
	permissions []string
	values      map[string]any
}

// Limits of utopia-php/database used by the integer columns.
const (
	maxInt32 = math.MaxInt32 // Database::MAX_INT, the bound of 4-byte columns
	maxInt64 = math.MaxInt64 // Database::MAX_BIG_INT, the bound of 8-byte ones
)

// bytesBase is getAttributeWidth of a table without columns on MariaDB: the
// internal columns (_id, _uid, _tenant, _createdAt, _updatedAt,
// _permissions). bytesMax is getDocumentSizeLimit.
const (
	bytesBase = 1067
	bytesMax  = 65535
)

// size is the column's width in bytes, as Appwrite chooses it: 8 when max
// needs more than 32 bits, else 4.
func (c *column) size() int {
	if c.max > maxInt32 {
		return 8
	}
	return 4
}

// findColumn returns the table's column with key, or nil.
func (t *table) findColumn(key string) *column {
	for _, c := range t.columns {
		if c.key == key {
			return c
		}
	}
	return nil
}

// bytesUsed is the table's row width as Appwrite reports it.
func (t *table) bytesUsed() int {
	n := bytesBase
	for _, c := range t.columns {
		if c.array {
			n += 20
		} else {
			n += c.size()
		}
	}
	return n
}

// Response models.

// databaseModel is the Database model.
type databaseModel struct {
	ID        string `json:"$id"`
	Name      string `json:"name"`
	CreatedAt string `json:"$createdAt"`
	UpdatedAt string `json:"$updatedAt"`
	Enabled   bool   `json:"enabled"`
	Type      string `json:"type"`
}

// tableModel is the Table model.
type tableModel struct {
	ID          string               `json:"$id"`
	CreatedAt   string               `json:"$createdAt"`
	UpdatedAt   string               `json:"$updatedAt"`
	Permissions []string             `json:"$permissions"`
	DatabaseID  string               `json:"databaseId"`
	Name        string               `json:"name"`
	Enabled     bool                 `json:"enabled"`
	RowSecurity bool                 `json:"rowSecurity"`
	Columns     []columnIntegerModel `json:"columns"`
	Indexes     []struct{}           `json:"indexes"`
	BytesMax    int                  `json:"bytesMax"`
	BytesUsed   int                  `json:"bytesUsed"`
}

// columnIntegerModel is the ColumnInteger model. default is null when the
// column has none.
type columnIntegerModel struct {
	Key       string `json:"key"`
	Type      string `json:"type"`
	Status    string `json:"status"`
	Error     string `json:"error"`
	Required  bool   `json:"required"`
	Array     bool   `json:"array"`
	CreatedAt string `json:"$createdAt"`
	UpdatedAt string `json:"$updatedAt"`
	Min       int64  `json:"min"`
	Max       int64  `json:"max"`
	Default   *int64 `json:"default"`
}

// model renders d as the Database model.
func (d *database) model() databaseModel {
	return databaseModel{
		ID:        d.id,
		Name:      d.name,
		CreatedAt: formatDate(d.createdAt),
		UpdatedAt: formatDate(d.updatedAt),
		Enabled:   d.enabled,
		Type:      "tablesdb",
	}
}

// model renders t as the Table model.
func (t *table) model() tableModel {
	cols := make([]columnIntegerModel, 0, len(t.columns))
	for _, c := range t.columns {
		cols = append(cols, c.model("available"))
	}
	return tableModel{
		ID:          t.id,
		CreatedAt:   formatDate(t.createdAt),
		UpdatedAt:   formatDate(t.updatedAt),
		Permissions: nonNil(t.permissions),
		DatabaseID:  t.databaseID,
		Name:        t.name,
		Enabled:     t.enabled,
		RowSecurity: t.rowSecurity,
		Columns:     cols,
		Indexes:     []struct{}{},
		BytesMax:    bytesMax,
		BytesUsed:   t.bytesUsed(),
	}
}

// model renders c as the ColumnInteger model with the given status.
func (c *column) model(status string) columnIntegerModel {
	return columnIntegerModel{
		Key:       c.key,
		Type:      "integer",
		Status:    status,
		Required:  c.required,
		Array:     c.array,
		CreatedAt: formatDate(c.createdAt),
		UpdatedAt: formatDate(c.updatedAt),
		Min:       c.min,
		Max:       c.max,
		Default:   c.def,
	}
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
}

// newRowModel renders r as it is stored.
func newRowModel(t *table, r *row) rowModel {
	return rowModel{t: t, r: r, updatedAt: r.updatedAt}
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
	field("$sequence", m.r.sequence)
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

// keyParam is utopia-php/database's Key validator (a column key).
func keyParam(_ *Emulator, v any) (bool, string) {
	s, ok := v.(string)
	return ok && keyPattern.MatchString(s),
		"Parameter must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. Can't start with a special char"
}

// jsonParam is Utopia's JSON validator: an object (or array), or a string
// holding valid JSON.
func jsonParam(_ *Emulator, v any) (bool, string) {
	const desc = "Value must be a valid JSON string"
	switch x := v.(type) {
	case map[string]any, []any:
		return true, desc
	case string:
		return json.Valid([]byte(x)), desc
	}
	return false, desc
}

// numeric is Utopia's Numeric: a number or a numeric string.
func numeric(_ *Emulator, v any) (bool, string) {
	_, ok := toFloat(v)
	return ok, "Value must be a valid number"
}

// integerParam is Utopia's Integer: a JSON integer (not 1.0, not "1").
func integerParam(_ *Emulator, v any) (bool, string) {
	n, ok := v.(json.Number)
	if ok {
		_, err := strconv.ParseInt(n.String(), 10, 64)
		ok = err == nil
	}
	return ok, "Value must be a valid integer"
}

// nullable is Utopia's Nullable: null, or a value the inner validator
// accepts; the description gains " or null".
func nullable(inner validator) validator {
	return func(e *Emulator, v any) (bool, string) {
		ok, desc := inner(e, v)
		return v == nil || ok, desc + " or null"
	}
}

// permissionTypes are the permission types, in Database::PERMISSIONS order.
var permissionTypes = []string{"create", "read", "update", "delete"}

// permissionsParam is utopia-php/database's Permissions validator for the
// given types (at most 100 permissions). Roles are not checked beyond the
// permission's shape.
func permissionsParam(allowed ...string) validator {
	return func(_ *Emulator, v any) (bool, string) {
		list, ok := v.([]any)
		if !ok {
			return false, "Permissions must be an array of strings."
		}
		if len(list) > 100 {
			return false, "You can only provide up to 100 permissions."
		}
		for _, x := range list {
			s, ok := x.(string)
			switch {
			case !ok:
				return false, "Every permission must be of type string."
			case s == "*":
				return false, `Wildcard permission "*" has been replaced. Use "any" instead.`
			case strings.Contains(s, "role:"):
				return false, `Permissions using the "role:" prefix have been replaced. Use "users", "guests", or "any" instead.`
			}
			prefixed := false
			for _, a := range allowed {
				prefixed = prefixed || strings.HasPrefix(s, a)
			}
			if !prefixed {
				return false, `Permission "` + s + `" is not allowed. Must be one of: ` + strings.Join(allowed, ", ") + "."
			}
			if !permissionPattern.MatchString(s) {
				return false, `Invalid permission string format: "` + s + `".`
			}
		}
		return true, ""
	}
}

// permissionPattern is the shape of a permission: type("role").
var permissionPattern = regexp.MustCompile(`^(create|read|update|delete|write)\("[^"]+"\)$`)

// aggregatePermissions is Permission::aggregate: "write" becomes each of
// create, update and delete that allowed has; duplicates go.
func aggregatePermissions(list []any, allowed ...string) []string {
	out := []string{}
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, x := range list {
		s, _ := x.(string)
		typ, role, _ := strings.Cut(s, "(")
		if typ != "write" {
			add(s)
			continue
		}
		for _, sub := range []string{"create", "update", "delete"} {
			for _, a := range allowed {
				if a == sub {
					add(sub + "(" + role)
				}
			}
		}
	}
	return out
}

// toFloat converts a JSON number or a numeric string (PHP's is_numeric).
func toFloat(v any) (float64, bool) {
	var s string
	switch n := v.(type) {
	case json.Number:
		s = n.String()
	case string:
		s = strings.TrimSpace(n)
	default:
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil && !math.IsInf(f, 0) && !math.IsNaN(f)
}

// The routes' parameters.
var (
	rowPathParams = []param{
		{name: "databaseId", check: uid},
		{name: "tableId", check: uid},
		{name: "rowId", check: uid},
	}
	transactionParam = param{name: "transactionId", optional: true, check: nullable(uid)}
	rowPermissions   = param{name: "permissions", optional: true, check: nullable(permissionsParam("read", "update", "delete", "write"))}
)

// tablesDBRoutes are the TablesDB routes, the last part of [routes].
var tablesDBRoutes = []*route{
	{method: "POST", path: "/v1/tablesdb", scope: "databases.write",
		params: []param{
			{name: "databaseId", check: customID},
			{name: "name", check: text(128)},
			{name: "enabled", optional: true, def: true, check: boolean},
		},
		handle: handleCreateDatabase},
	{method: "POST", path: "/v1/tablesdb/:databaseId/tables", scope: "tables.write", altScopes: []string{"collections.write"},
		params: []param{
			{name: "databaseId", check: uid},
			{name: "tableId", check: customID},
			{name: "name", check: text(128)},
			{name: "permissions", optional: true, check: nullable(permissionsParam(permissionTypes...))},
			{name: "rowSecurity", optional: true, def: false, check: looseBoolean},
			{name: "enabled", optional: true, def: true, check: boolean},
			{name: "columns", optional: true, def: []any{}, check: arrayOf(jsonParam, 100)},
			{name: "indexes", optional: true, def: []any{}, check: arrayOf(jsonParam, 100)},
		},
		handle: handleCreateTable},
	{method: "POST", path: "/v1/tablesdb/:databaseId/tables/:tableId/columns/integer",
		scope: "tables.write", altScopes: []string{"collections.write"},
		params: []param{
			{name: "databaseId", check: uid},
			{name: "tableId", check: uid},
			{name: "key", check: keyParam},
			{name: "required", check: boolean},
			{name: "min", optional: true, check: nullable(integerParam)},
			{name: "max", optional: true, check: nullable(integerParam)},
			{name: "default", optional: true, check: nullable(integerParam)},
			{name: "array", optional: true, def: false, check: boolean},
		},
		handle: handleCreateIntegerColumn},
	{method: "POST", path: "/v1/tablesdb/:databaseId/tables/:tableId/rows", scope: "rows.write", altScopes: []string{"documents.write"},
		limit: rateLimit{limit: 120, seconds: 60, keys: []string{keyWrite}},
		params: []param{
			{name: "databaseId", check: uid},
			{name: "rowId", optional: true, def: "", check: customID},
			{name: "tableId", check: uid},
			{name: "data", optional: true, def: []any{}, check: jsonParam},
			rowPermissions,
			{name: "rows", optional: true, def: []any{}, check: arrayOf(jsonParam, 100)},
			transactionParam,
		},
		handle: handleCreateRow},
	{method: "GET", path: "/v1/tablesdb/:databaseId/tables/:tableId/rows/:rowId", scope: "rows.read", altScopes: []string{"documents.read"},
		params: append(append([]param(nil), rowPathParams...),
			param{name: "queries", optional: true, def: []any{}, check: arrayOf(text(4096), 100)},
			transactionParam),
		handle: handleGetRow},
	{method: "PATCH", path: "/v1/tablesdb/:databaseId/tables/:tableId/rows/:rowId", scope: "rows.write", altScopes: []string{"documents.write"},
		limit: rateLimit{limit: 120, seconds: 60, keys: []string{keyWrite}},
		params: append(append([]param(nil), rowPathParams...),
			param{name: "data", optional: true, def: []any{}, check: jsonParam},
			rowPermissions,
			transactionParam),
		handle: handleUpdateRow},
	{method: "PUT", path: "/v1/tablesdb/:databaseId/tables/:tableId/rows/:rowId", scope: "rows.write", altScopes: []string{"documents.write"},
		limit: rateLimit{limit: 120, seconds: 60, keys: []string{keyWrite}},
		params: append(append([]param(nil), rowPathParams...),
			param{name: "data", optional: true, def: []any{}, check: jsonParam},
			rowPermissions,
			transactionParam),
		handle: handleUpsertRow},
	{method: "DELETE", path: "/v1/tablesdb/:databaseId/tables/:tableId/rows/:rowId", scope: "rows.write", altScopes: []string{"documents.write"},
		limit:  rateLimit{limit: 60, seconds: 60, keys: []string{keyWrite}},
		params: append(append([]param(nil), rowPathParams...), transactionParam),
		handle: handleDeleteRow},
	{method: "PATCH", path: "/v1/tablesdb/:databaseId/tables/:tableId/rows/:rowId/:column/increment",
		scope: "rows.write", altScopes: []string{"documents.write"},
		limit: rateLimit{limit: 120, seconds: 60, keys: []string{keyWrite}},
		params: append(append([]param(nil), rowPathParams...),
			param{name: "column", check: keyParam},
			param{name: "value", optional: true, def: json.Number("1"), check: numeric},
			param{name: "max", optional: true, check: nullable(numeric)},
			transactionParam),
		handle: handleIncrementRowColumn},
	{method: "PATCH", path: "/v1/tablesdb/:databaseId/tables/:tableId/rows/:rowId/:column/decrement",
		scope: "rows.write", altScopes: []string{"documents.write"},
		limit: rateLimit{limit: 120, seconds: 60, keys: []string{keyWrite}},
		params: append(append([]param(nil), rowPathParams...),
			param{name: "column", check: keyParam},
			param{name: "value", optional: true, def: json.Number("1"), check: numeric},
			param{name: "min", optional: true, check: nullable(numeric)},
			transactionParam),
		handle: handleDecrementRowColumn},
}

// keyWrite is the abuse key of the TablesDB write routes.
const keyWrite = "ip:{ip},method:{method},url:{url},userId:{userId}"

// lookupTable finds the database and table of a request, or answers 404
// database_not_found or table_not_found. Only API keys reach these routes,
// so disabled databases and tables are found too, as for keys on Appwrite.
func (e *Emulator) lookupTable(q *request) (*table, *apiError) {
	dbID, tableID := q.str("databaseId"), q.str("tableId")
	db := e.databases[dbID]
	if db == nil {
		return nil, errorFor("database_not_found", dbID)
	}
	t := db.tables[tableID]
	if t == nil {
		return nil, errorFor("table_not_found", tableID)
	}
	return t, nil
}

// handleCreateDatabase serves POST /v1/tablesdb.
func handleCreateDatabase(e *Emulator, q *request) (*reply, *apiError) {
	id := q.str("databaseId")
	if id == "unique()" {
		id = e.newID(q.now)
	}
	if e.databases[id] != nil {
		return nil, errorFor("database_already_exists", id)
	}
	db := e.addDatabase(id, q.str("name"), q.boolean("enabled"), q.now)
	return jsonReply(http.StatusCreated, db.model()), nil
}

// handleCreateTable serves POST /v1/tablesdb/{databaseId}/tables.
func handleCreateTable(e *Emulator, q *request) (*reply, *apiError) {
	dbID := q.str("databaseId")
	db := e.databases[dbID]
	if db == nil {
		return nil, errorFor("database_not_found", dbID)
	}
	id := q.str("tableId")
	if id == "unique()" {
		id = e.newID(q.now)
	}
	if db.tables[id] != nil {
		return nil, errorFor("table_already_exists", id)
	}
	cols, _ := q.params["columns"].([]any)
	idx, _ := q.params["indexes"].([]any)
	if len(cols) > 0 || len(idx) > 0 {
		return nil, errorf("general_argument_invalid", "The emulator does not create columns or indexes with the table: create them with POST /v1/tablesdb/{databaseId}/tables/{tableId}/columns/integer.")
	}
	perms, _ := q.params["permissions"].([]any)
	t := e.addTable(db, id, q.str("name"), q.now)
	t.permissions = aggregatePermissions(perms, permissionTypes...)
	t.rowSecurity = q.boolean("rowSecurity")
	t.enabled = q.boolean("enabled")
	return jsonReply(http.StatusCreated, t.model()), nil
}

// handleCreateIntegerColumn serves POST
// /v1/tablesdb/{databaseId}/tables/{tableId}/columns/integer. Appwrite
// answers 202 with the column "processing" and a worker makes it
// available; the emulator makes it available at once.
func handleCreateIntegerColumn(e *Emulator, q *request) (*reply, *apiError) {
	c := &column{
		key:       q.str("key"),
		required:  q.boolean("required"),
		array:     q.boolean("array"),
		min:       math.MinInt64,
		max:       math.MaxInt64,
		createdAt: q.now,
		updatedAt: q.now,
	}
	if v, ok := toInt(q.params["min"]); ok {
		c.min = v
	}
	if v, ok := toInt(q.params["max"]); ok {
		c.max = v
	}
	if c.min > c.max {
		return nil, errorf("column_value_invalid", "Minimum value must be lesser than maximum value")
	}
	if v, ok := toInt(q.params["default"]); ok {
		if v < c.min || v > c.max {
			return nil, errorf("column_value_invalid", "Value must be a valid range between %s and %s", groupThousands(c.min), groupThousands(c.max))
		}
		c.def = &v
	}
	t, err := e.lookupTable(q)
	if err != nil {
		return nil, err
	}
	switch {
	case c.required && c.def != nil:
		return nil, errorf("column_default_unsupported", "Cannot set default value for required column")
	case c.array && c.def != nil:
		return nil, errorf("column_default_unsupported", "Cannot set default value for array columns")
	case t.findColumn(c.key) != nil:
		return nil, errorFor("column_already_exists", c.key)
	}
	t.columns = append(t.columns, c)
	t.updatedAt = q.now
	return jsonReply(http.StatusAccepted, c.model("processing")), nil
}

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

// systemKeys are the $-keys Appwrite takes out of a row's data or sets
// itself; the emulator ignores them in data (see the package doc).
var systemKeys = map[string]bool{
	"$id": true, "$sequence": true, "$databaseId": true, "$tableId": true, "$collection": true,
	"$tenant": true, "$permissions": true, "$createdAt": true, "$updatedAt": true,
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
				values[c.key] = *c.def
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
// int64, a []int64 or nil. msg says what is wrong, as the Structure
// validator does for a column created with the intRange format.
func (c *column) convert(v any) (stored any, ok bool, msg string) {
	if v == nil {
		return nil, true, ""
	}
	bound := int64(maxInt32)
	if c.size() >= 8 {
		bound = maxInt64
	}
	one := func(x any, label string) (int64, string) {
		var i int64
		switch y := x.(type) {
		case int64:
			i = y
		case json.Number:
			n, err := strconv.ParseInt(y.String(), 10, 64)
			if err != nil {
				return 0, "Attribute " + label + " has invalid format. Value must be a valid integer"
			}
			i = n
		default:
			return 0, "Attribute " + label + " has invalid format. Value must be a valid integer"
		}
		if i < -bound || i > bound {
			return 0, "Attribute " + label + " has invalid format. Value must be a valid range between " + groupThousands(-bound) + " and " + groupThousands(bound)
		}
		if i < c.min || i > c.max {
			return 0, "Attribute " + label + " has invalid format. Value must be a valid range between " + groupThousands(c.min) + " and " + groupThousands(c.max)
		}
		return i, ""
	}
	if !c.array {
		i, msg := one(v, `"`+c.key+`"`)
		return i, msg == "", msg
	}
	var list []any
	switch x := v.(type) {
	case []any:
		list = x
	case []int64:
		for _, i := range x {
			list = append(list, i)
		}
	default:
		return nil, false, `Attribute "` + c.key + `" must be an array`
	}
	if len(list) == 0 && !c.required {
		return nil, true, ""
	}
	out := make([]int64, 0, len(list))
	for i, x := range list {
		if x == nil && !c.required {
			continue
		}
		n, msg := one(x, `"`+c.key+`['`+strconv.Itoa(i)+`']"`)
		if msg != "" {
			return nil, false, msg
		}
		out = append(out, n)
	}
	return out, true, ""
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
	return jsonReply(http.StatusCreated, newRowModel(t, r)), nil
}

// findRow looks up the request's row.
func findRow(t *table, q *request) (*row, *apiError) {
	r := t.rows[q.str("rowId")]
	if r == nil {
		return nil, errorFor("row_not_found", q.str("rowId"))
	}
	return r, nil
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
	return jsonReply(http.StatusOK, newRowModel(t, r)), nil
}

// handleUpdateRow serves PATCH
// /v1/tablesdb/{databaseId}/tables/{tableId}/rows/{rowId}: the columns in
// data are set, the others kept.
func handleUpdateRow(e *Emulator, q *request) (*reply, *apiError) {
	data, ok := rowData(q.params["data"])
	if !ok {
		return nil, invalidParam("data", "Value must be a valid JSON string")
	}
	perms, hasPerms := q.params["permissions"].([]any)
	if len(data) == 0 && !hasPerms {
		return nil, newError("row_missing_payload")
	}
	t, err := e.lookupTable(q)
	if err != nil {
		return nil, err
	}
	r, err := findRow(t, q)
	if err != nil {
		return nil, err
	}
	if tx, ok := q.params["transactionId"].(string); ok {
		return nil, errorFor("transaction_not_found", tx)
	}
	values, err := checkStructure(t, r.values, data)
	if err != nil {
		return nil, err
	}
	r.values = values
	if hasPerms {
		r.permissions = aggregatePermissions(perms, "read", "update", "delete")
	}
	r.updatedAt = q.now
	return jsonReply(http.StatusOK, newRowModel(t, r)), nil
}

// handleUpsertRow serves PUT
// /v1/tablesdb/{databaseId}/tables/{tableId}/rows/{rowId}: it creates the
// row, or sets the columns in data on the row that exists (the others are
// kept), in one call. Without permissions a new row gets none (an API key
// has no user to give them to) and an existing one keeps its own. As on
// Appwrite, the answer is 200 whether the row was created or updated
// (the SDK's documentation says 201).
func handleUpsertRow(e *Emulator, q *request) (*reply, *apiError) {
	data, ok := rowData(q.params["data"])
	if !ok {
		return nil, invalidParam("data", "Value must be a valid JSON string")
	}
	perms, hasPerms := q.params["permissions"].([]any)
	if len(data) == 0 && !hasPerms {
		return nil, newError("row_missing_payload")
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
	values, err := checkStructure(t, old, data)
	if err != nil {
		return nil, err
	}
	if r == nil {
		t.sequence++
		r = &row{id: q.str("rowId"), sequence: t.sequence, createdAt: q.now, permissions: []string{}}
		t.rows[r.id] = r
	}
	r.values = values
	if hasPerms {
		r.permissions = aggregatePermissions(perms, "read", "update", "delete")
	}
	r.updatedAt = q.now
	return jsonReply(http.StatusOK, newRowModel(t, r)), nil
}

// handleDeleteRow serves DELETE
// /v1/tablesdb/{databaseId}/tables/{tableId}/rows/{rowId}.
func handleDeleteRow(e *Emulator, q *request) (*reply, *apiError) {
	t, err := e.lookupTable(q)
	if err != nil {
		return nil, err
	}
	r, err := findRow(t, q)
	if err != nil {
		return nil, err
	}
	if tx, ok := q.params["transactionId"].(string); ok {
		return nil, errorFor("transaction_not_found", tx)
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
	if c.array {
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
	m := rowModel{t: t, r: r, updatedAt: r.updatedAt, shown: shown}
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

// addDatabase stores a new database.
func (e *Emulator) addDatabase(id, name string, enabled bool, now time.Time) *database {
	db := &database{id: id, name: name, enabled: enabled, createdAt: now, updatedAt: now, tables: map[string]*table{}}
	e.databases[id] = db
	return db
}

// addTable stores a new, enabled table without permissions or columns.
func (e *Emulator) addTable(db *database, id, name string, now time.Time) *table {
	t := &table{
		id:          id,
		databaseID:  db.id,
		name:        name,
		permissions: []string{},
		enabled:     true,
		createdAt:   now,
		updatedAt:   now,
		rows:        map[string]*row{},
	}
	db.tables[id] = t
	return t
}

// ErrTableExists is returned by [Emulator.CreateTable] for a table that
// exists already.
var ErrTableExists = errors.New("appwritetest: table already exists")

// CreateTable provisions a TablesDB table for tests, as POST /v1/tablesdb,
// POST /v1/tablesdb/{databaseId}/tables and POST
// …/columns/integer would: the database is created (named after its ID) if
// it does not exist, the table (named after its ID) has no permissions and
// no row security, and each integer column is required, with the full
// 64-bit range. IDs and keys must pass the routes' validators.
func (e *Emulator) CreateTable(databaseID, tableID string, integerColumns ...string) error {
	for _, id := range append([]string{databaseID, tableID}, integerColumns...) {
		if !keyPattern.MatchString(id) {
			return fmt.Errorf("appwritetest: invalid ID or key %q", id)
		}
	}
	for i, key := range integerColumns {
		if slices.Contains(integerColumns[:i], key) {
			return fmt.Errorf("appwritetest: column %q given twice", key)
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.now()
	db := e.databases[databaseID]
	if db == nil {
		db = e.addDatabase(databaseID, databaseID, true, now)
	}
	if db.tables[tableID] != nil {
		return fmt.Errorf("%w: %s/%s", ErrTableExists, databaseID, tableID)
	}
	t := e.addTable(db, tableID, tableID, now)
	for _, key := range integerColumns {
		t.columns = append(t.columns, &column{key: key, required: true, min: math.MinInt64, max: math.MaxInt64, createdAt: now, updatedAt: now})
	}
	return nil
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
