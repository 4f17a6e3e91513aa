// The TablesDB subset's row listing (see tablesdb.go): GET …/rows with the
// queries a server needs to find rows by a column's value.

package appwritetest

import (
	"cmp"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// Query limits of Appwrite 1.8: the default page size
// (APP_LIMIT_LIST_DEFAULT) and the largest limit and offset
// (APP_LIMIT_COUNT, PHP_INT_MAX for the offset is not modelled).
const (
	listDefaultLimit = 25
	listMaxLimit     = 5000
)

// rowQuery is one parsed query of a listing.
type rowQuery struct {
	Method    string `json:"method"`
	Attribute string `json:"attribute"`
	Values    []any  `json:"values"`
}

// rowListing is what a listing's queries ask for.
type rowListing struct {
	filters []rowQuery // equal queries, all of which a row must match
	orders  []rowQuery // orderAsc and orderDesc, in the order given
	limit   int
	offset  int
}

// handleListRows serves GET
// /v1/tablesdb/{databaseId}/tables/{tableId}/rows. Of Appwrite's queries
// the emulator takes equal (on a column that is not an array, or on $id),
// orderAsc and orderDesc (on a column, $id, $createdAt, $updatedAt or
// $sequence), limit and offset; any other is 400 general_query_invalid.
// Rows come in $sequence order unless ordered otherwise, 25 at most unless
// limited otherwise. total counts every matching row, unless the request
// says total=false (then 0).
func handleListRows(e *Emulator, q *request) (*reply, *apiError) {
	t, err := e.lookupTable(q)
	if err != nil {
		return nil, err
	}
	if tx, ok := q.params["transactionId"].(string); ok {
		return nil, errorFor("transaction_not_found", tx)
	}
	raw, _ := q.params["queries"].([]any)
	l, err := parseRowQueries(t, raw)
	if err != nil {
		return nil, err
	}
	matched := make([]*row, 0, len(t.rows))
	for _, r := range t.rows {
		if l.matches(r) {
			matched = append(matched, r)
		}
	}
	slices.SortFunc(matched, l.compare)
	total := len(matched)
	if !q.boolean("total") {
		total = 0
	}
	page := matched[min(l.offset, len(matched)):]
	page = page[:min(l.limit, len(page))]
	rows := make([]rowModel, 0, len(page))
	for _, r := range page {
		rows = append(rows, newRowModel(q, t, r))
	}
	return jsonReply(http.StatusOK, struct {
		Total int        `json:"total"`
		Rows  []rowModel `json:"rows"`
	}{total, rows}), nil
}

// parseRowQueries reads a listing's queries against t's columns.
func parseRowQueries(t *table, raw []any) (rowListing, *apiError) {
	l := rowListing{limit: listDefaultLimit}
	invalid := func(msg string) (rowListing, *apiError) {
		return rowListing{}, errorf("general_query_invalid", "Invalid query: %s", msg)
	}
	for _, x := range raw {
		s, _ := x.(string)
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		var qr rowQuery
		if err := dec.Decode(&qr); err != nil {
			return invalid("Syntax error")
		}
		switch qr.Method {
		case "equal":
			if len(qr.Values) == 0 {
				return invalid(`Equal queries require at least one value.`)
			}
			if qr.Attribute == "$id" {
				for _, v := range qr.Values {
					if _, ok := v.(string); !ok {
						return invalid(`Query value is invalid for attribute "$id"`)
					}
				}
				l.filters = append(l.filters, qr)
				continue
			}
			c := t.findColumn(qr.Attribute)
			if c == nil {
				return invalid("Attribute not found in schema: " + qr.Attribute)
			}
			if c.array {
				return invalid(`Cannot query equal on attribute "` + qr.Attribute + `" because it is an array.`)
			}
			values := make([]any, 0, len(qr.Values))
			for _, v := range qr.Values {
				stored, msg := c.one(v, `"`+c.key+`"`)
				if msg != "" {
					return invalid(`Query value is invalid for attribute "` + qr.Attribute + `"`)
				}
				values = append(values, stored)
			}
			qr.Values = values
			l.filters = append(l.filters, qr)
		case "orderAsc", "orderDesc":
			switch qr.Attribute {
			case "$id", "$createdAt", "$updatedAt", "$sequence":
			default:
				if c := t.findColumn(qr.Attribute); c == nil || c.array {
					return invalid("Attribute not found in schema: " + qr.Attribute)
				}
			}
			l.orders = append(l.orders, qr)
		case "limit", "offset":
			n, ok := int64(0), len(qr.Values) == 1
			if ok {
				n, ok = toInt(qr.Values[0])
			}
			maxN := int64(listMaxLimit)
			if qr.Method == "offset" {
				maxN = 1 << 31
			}
			if !ok || n < 0 || n > maxN || qr.Method == "limit" && n < 1 {
				return invalid(qr.Method + " must be a valid integer between " + map[string]string{"limit": "1", "offset": "0"}[qr.Method] + " and " + groupThousands(maxN))
			}
			if qr.Method == "limit" {
				l.limit = int(n)
			} else {
				l.offset = int(n)
			}
		default:
			return rowListing{}, errorf("general_query_invalid", "The emulator supports only equal, orderAsc, orderDesc, limit and offset queries on rows.")
		}
	}
	return l, nil
}

// matches reports whether r passes every equal query of l.
func (l rowListing) matches(r *row) bool {
	for _, f := range l.filters {
		var have any
		if f.Attribute == "$id" {
			have = r.id
		} else {
			have = r.values[f.Attribute]
		}
		if !slices.Contains(f.Values, have) {
			return false
		}
	}
	return true
}

// compare orders two rows by l's orders, then by $sequence.
func (l rowListing) compare(a, b *row) int {
	for _, o := range l.orders {
		c := compareValues(rowValue(a, o.Attribute), rowValue(b, o.Attribute))
		if o.Method == "orderDesc" {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	return cmp.Compare(a.sequence, b.sequence)
}

// rowValue returns a row's value of a column or of a $-attribute.
func rowValue(r *row, attr string) any {
	switch attr {
	case "$id":
		return r.id
	case "$createdAt":
		return r.createdAt.UnixNano()
	case "$updatedAt":
		return r.updatedAt.UnixNano()
	case "$sequence":
		return r.sequence
	}
	return r.values[attr]
}

// compareValues orders two stored values of one column: null first, then
// by value (false before true).
func compareValues(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	switch x := a.(type) {
	case int64:
		y, _ := b.(int64)
		return cmp.Compare(x, y)
	case string:
		y, _ := b.(string)
		return strings.Compare(x, y)
	case bool:
		y, _ := b.(bool)
		switch {
		case x == y:
			return 0
		case !x:
			return -1
		}
		return 1
	}
	return 0
}
