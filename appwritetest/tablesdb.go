package appwritetest

import (
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
	"unicode/utf8"
)

// The TablesDB subset: enough of Appwrite 1.8's TablesDB API to provision a
// database, a table and its integer, string and boolean columns, to keep
// counters in rows (create, read, update, delete, and the atomic
// increment) and to list rows with simple queries (tablesdb_list.go). It
// follows the
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

// The column types the emulator has.
const (
	typeInteger = "integer"
	typeString  = "string"
	typeBoolean = "boolean"
)

// column is an integer, string or boolean column.
type column struct {
	key      string
	typ      string // typeInteger, typeString or typeBoolean; "" is integer
	required bool
	array    bool
	min, max int64 // integer columns
	size     int64 // string columns: the most characters a value has
	encrypt  bool  // string columns: shown in the model, no other effect
	// def is the default, nil for none: an int64, a string or a bool as
	// the column's type is.
	def       any
	createdAt time.Time
	updatedAt time.Time
}

// kind returns the column's type, integer for a column restored from a
// snapshot of an emulator that had no other.
func (c *column) kind() string {
	if c.typ == "" {
		return typeInteger
	}
	return c.typ
}

// Limits of utopia-php/database used by the integer columns.
const (
	maxInt32 = math.MaxInt32 // Database::MAX_INT, the bound of 4-byte columns
	maxInt64 = math.MaxInt64 // Database::MAX_BIG_INT, the bound of 8-byte ones
)

// width is the column's width in bytes, as Appwrite's MariaDB adapter
// counts it: for an integer 8 when max needs more than 32 bits, else 4; for
// a boolean 1; for a string of up to 16,381 characters a VARCHAR of four
// bytes a character and one or two of length, for a longer one a TEXT of
// some ten bytes in the row; for an array 20.
func (c *column) width() int {
	switch {
	case c.array:
		return 20
	case c.kind() == typeBoolean:
		return 1
	case c.kind() == typeString && c.size > 16381:
		return 10
	case c.kind() == typeString && c.size > 255:
		return int(c.size)*4 + 2
	case c.kind() == typeString:
		return int(c.size)*4 + 1
	case c.max > maxInt32:
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

// bytesBase is getAttributeWidth of a table without columns on MariaDB: the
// internal columns (_id, _uid, _tenant, _createdAt, _updatedAt,
// _permissions). bytesMax is getDocumentSizeLimit.
const (
	bytesBase = 1067
	bytesMax  = 65535
)

// bytesUsed is the table's row width as Appwrite reports it.
func (t *table) bytesUsed() int {
	n := bytesBase
	for _, c := range t.columns {
		n += c.width()
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
	ID          string     `json:"$id"`
	CreatedAt   string     `json:"$createdAt"`
	UpdatedAt   string     `json:"$updatedAt"`
	Permissions []string   `json:"$permissions"`
	DatabaseID  string     `json:"databaseId"`
	Name        string     `json:"name"`
	Enabled     bool       `json:"enabled"`
	RowSecurity bool       `json:"rowSecurity"`
	Columns     []any      `json:"columns"`
	Indexes     []struct{} `json:"indexes"`
	BytesMax    int        `json:"bytesMax"`
	BytesUsed   int        `json:"bytesUsed"`
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
	Default   any    `json:"default"`
}

// columnStringModel is the ColumnString model.
type columnStringModel struct {
	Key       string `json:"key"`
	Type      string `json:"type"`
	Status    string `json:"status"`
	Error     string `json:"error"`
	Required  bool   `json:"required"`
	Array     bool   `json:"array"`
	CreatedAt string `json:"$createdAt"`
	UpdatedAt string `json:"$updatedAt"`
	Size      int64  `json:"size"`
	Default   any    `json:"default"`
	Encrypt   bool   `json:"encrypt"`
}

// columnBooleanModel is the ColumnBoolean model.
type columnBooleanModel struct {
	Key       string `json:"key"`
	Type      string `json:"type"`
	Status    string `json:"status"`
	Error     string `json:"error"`
	Required  bool   `json:"required"`
	Array     bool   `json:"array"`
	CreatedAt string `json:"$createdAt"`
	UpdatedAt string `json:"$updatedAt"`
	Default   any    `json:"default"`
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
	cols := make([]any, 0, len(t.columns))
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

// model renders c as the model of its type (ColumnInteger, ColumnString
// or ColumnBoolean) with the given status.
func (c *column) model(status string) any {
	switch c.kind() {
	case typeString:
		return columnStringModel{
			Key: c.key, Type: typeString, Status: status, Required: c.required, Array: c.array,
			CreatedAt: formatDate(c.createdAt), UpdatedAt: formatDate(c.updatedAt),
			Size: c.size, Default: c.def, Encrypt: c.encrypt,
		}
	case typeBoolean:
		return columnBooleanModel{
			Key: c.key, Type: typeBoolean, Status: status, Required: c.required, Array: c.array,
			CreatedAt: formatDate(c.createdAt), UpdatedAt: formatDate(c.updatedAt), Default: c.def,
		}
	}
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

// textOrEmpty is Utopia's Text(0, 0): any string, empty included.
func textOrEmpty(_ *Emulator, v any) (bool, string) {
	_, ok := v.(string)
	return ok, "Value must be a valid string"
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
	{method: "POST", path: "/v1/tablesdb/:databaseId/tables/:tableId/columns/string",
		scope: "tables.write", altScopes: []string{"collections.write"},
		params: []param{
			{name: "databaseId", check: uid},
			{name: "tableId", check: uid},
			{name: "key", check: keyParam},
			{name: "size", check: rangeInt(1, maxStringSize)},
			{name: "required", check: boolean},
			{name: "default", optional: true, check: nullable(textOrEmpty)},
			{name: "array", optional: true, def: false, check: boolean},
			{name: "encrypt", optional: true, def: false, check: boolean},
		},
		handle: handleCreateStringColumn},
	{method: "POST", path: "/v1/tablesdb/:databaseId/tables/:tableId/columns/boolean",
		scope: "tables.write", altScopes: []string{"collections.write"},
		params: []param{
			{name: "databaseId", check: uid},
			{name: "tableId", check: uid},
			{name: "key", check: keyParam},
			{name: "required", check: boolean},
			{name: "default", optional: true, check: nullable(boolean)},
			{name: "array", optional: true, def: false, check: boolean},
		},
		handle: handleCreateBooleanColumn},
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
	{method: "GET", path: "/v1/tablesdb/:databaseId/tables/:tableId/rows", scope: "rows.read", altScopes: []string{"documents.read"},
		params: []param{
			{name: "databaseId", check: uid},
			{name: "tableId", check: uid},
			{name: "queries", optional: true, def: []any{}, check: arrayOf(text(4096), 100)},
			transactionParam,
			{name: "total", optional: true, def: true, check: looseBoolean},
		},
		handle: handleListRows},
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
		typ:       typeInteger,
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
		c.def = v
	}
	return e.addColumn(q, c)
}

// maxStringSize is APP_DATABASE_ATTRIBUTE_STRING_MAX_LENGTH, the largest
// size of a string column.
const maxStringSize = 1073741824

// handleCreateStringColumn serves POST
// /v1/tablesdb/{databaseId}/tables/{tableId}/columns/string, made
// available at once like an integer column. A default longer than size is
// refused; encrypt is kept for the model and changes nothing else.
func handleCreateStringColumn(e *Emulator, q *request) (*reply, *apiError) {
	c := &column{
		key:       q.str("key"),
		typ:       typeString,
		required:  q.boolean("required"),
		array:     q.boolean("array"),
		size:      q.integer("size"),
		encrypt:   q.boolean("encrypt"),
		createdAt: q.now,
		updatedAt: q.now,
	}
	if def, ok := q.params["default"].(string); ok {
		if int64(utf8.RuneCountInString(def)) > c.size {
			return nil, errorf("column_value_invalid", "Default value length exceeds column size")
		}
		c.def = def
	}
	return e.addColumn(q, c)
}

// handleCreateBooleanColumn serves POST
// /v1/tablesdb/{databaseId}/tables/{tableId}/columns/boolean.
func handleCreateBooleanColumn(e *Emulator, q *request) (*reply, *apiError) {
	c := &column{
		key:       q.str("key"),
		typ:       typeBoolean,
		required:  q.boolean("required"),
		array:     q.boolean("array"),
		createdAt: q.now,
		updatedAt: q.now,
	}
	if def, ok := q.params["default"].(bool); ok {
		c.def = def
	}
	return e.addColumn(q, c)
}

// addColumn adds c to the request's table after the checks every column
// type shares, and answers 202 with the column "processing".
func (e *Emulator) addColumn(q *request, c *column) (*reply, *apiError) {
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
	case t.bytesUsed()+c.width() > bytesMax:
		return nil, errorFor("column_limit_exceeded", t.id)
	}
	t.columns = append(t.columns, c)
	t.updatedAt = q.now
	return jsonReply(http.StatusAccepted, c.model("processing")), nil
}

// systemKeys are the $-keys Appwrite takes out of a row's data or sets
// itself; the emulator ignores them in data (see the package doc).
var systemKeys = map[string]bool{
	"$id": true, "$sequence": true, "$databaseId": true, "$tableId": true, "$collection": true,
	"$tenant": true, "$permissions": true, "$createdAt": true, "$updatedAt": true,
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
