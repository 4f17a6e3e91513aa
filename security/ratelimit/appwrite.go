package ratelimit

import (
	"context"
	"crypto/sha256"
	"errors"
	"net/http"
	"time"

	"openruntimes/handler/internal/upstream"

	"github.com/appwrite/sdk-for-go/client"
	"github.com/appwrite/sdk-for-go/models"
	"github.com/appwrite/sdk-for-go/tablesdb"
)

// The columns of the Appwrite store's table, both integer.
const (
	// ColumnCount is the number of hits in the current window.
	ColumnCount = "count"
	// ColumnResetAt is when the window ends, in Unix milliseconds.
	ColumnResetAt = "resetAt"
)

// AppwriteStore is a [Store] in a table of Appwrite's own database
// (TablesDB), shared by every instance of the function, so that a limit
// holds however many instances Appwrite runs. Each key is one row:
//
//	$id      the key itself when it is a lower-case Appwrite ID (the
//	         Limiter's keys are), else "hash_" and 26 characters of its
//	         SHA-256
//	count    integer: hits in the current window
//	resetAt  integer: when the window ends, in Unix milliseconds
//
// resetAt is an integer rather than a datetime column because the store
// only ever compares it with the now it is given, in Go: an integer needs
// no date parsing or formatting, has no time zone, keeps the millisecond
// Appwrite's datetimes keep too, and keeps the table to the one column
// type the test emulator has. Its cost is that the console shows a number.
//
// # Calls and races
//
// Hit makes one call in the common case: the atomic PATCH
// …/rows/{key}/count/increment, whose answer holds the new count and the
// window's end. Only when a window opens does it make a second:
//
//   - no row yet (Appwrite 1.8 answers 404 column_not_found for a missing
//     row; the store takes that, or row_not_found, to mean the row is
//     missing): CreateRow with count 1 and a new end. If another instance
//     created the row in between (409 row_already_exists), the store
//     increments that row instead: three calls, and no hit lost;
//   - the row's window has ended: UpdateRow sets count 1 and a new end.
//     Two instances that find the same window ended at the same moment
//     both open a new one; the later write wins, and the hits of the other
//     (and any increment that landed between the two) are lost. The new
//     window may so start a few hits short, once per window per key, about
//     as many as there were instances racing: against budgets of tens to
//     hundreds of attempts per window this is noise, and a compare-and-set
//     that would close it costs a transaction (several calls) on every
//     window start with Appwrite 1.8.
//
// Get makes one call (GetRow) and treats a missing row or an ended window
// as zero. Reset makes one (DeleteRow; a missing row is no error), and so
// do Restart (UpsertRow) and Undo (an atomic decrement).
//
// # Growth
//
// A key has at most one row, and a row whose window has ended is
// overwritten by the key's next hit, so the table grows with the number of
// distinct keys, not of hits. Rows of keys never seen again stay: an
// address that tried once stays as a row of about a hundred bytes. Get
// does not delete ended windows it reads: that would put a write on the
// read path, and could delete a window a concurrent Hit has just reopened.
// To bound the table, delete rows whose resetAt is in the past now and
// then, for example from a scheduled function calling DeleteRows with
// Query.lessThan("resetAt", now) (an index on resetAt keeps that cheap);
// trust rows (RATE_LIMIT_TRUSTED_FOR, 30 days by default) are the longest
// lived.
//
// Errors are returned as they are (the Limiter wraps them in a
// *[StoreError] and fails open); their text holds Appwrite's error type and
// message, never an upstream body of a 5xx.
type AppwriteStore struct {
	database  string
	table     string
	newClient func() client.Client
}

var _ Store = (*AppwriteStore)(nil)

// NewAppwriteStore returns a store in the given TablesDB database and
// table, which must exist with the integer columns [ColumnCount] and
// [ColumnResetAt] (appwrite.json provisions them; see README.md).
// newClient builds the SDK client of each call to Appwrite; it must act
// with an API key that has the rows.read and rows.write scopes. The key
// comes with each execution, so build the store for each execution (it
// is two strings and a function; a [Limiters] makes its Limiter), with a
// factory that builds the client only when the store calls. It panics
// when newClient is nil: a store that cannot reach its table would let
// every attempt through.
func NewAppwriteStore(databaseID, tableID string, newClient func() client.Client) *AppwriteStore {
	if newClient == nil {
		panic("ratelimit: NewAppwriteStore needs a client factory")
	}
	return &AppwriteStore{database: databaseID, table: tableID, newClient: newClient}
}

// counterRow is a row of the store's table.
type counterRow struct {
	Count   *int64 `json:"count"`
	ResetAt *int64 `json:"resetAt"`
}

// Hit implements [Store].
func (s *AppwriteStore) Hit(ctx context.Context, key string, window time.Duration, now time.Time) (int, time.Time, error) {
	if window <= 0 {
		return 0, time.Time{}, errWindow
	}
	tdb, err := s.service(ctx)
	if err != nil {
		return 0, time.Time{}, err
	}
	id := rowID(key)
	end := now.Add(window).UnixMilli()

	row, err := tdb.IncrementRowColumn(s.database, s.table, id, ColumnCount)
	if err == nil {
		return s.counted(tdb, id, row, now, end)
	}
	if !isMissingRow(err) {
		return 0, time.Time{}, callError("increment", err)
	}
	_, err = tdb.CreateRow(s.database, s.table, id, map[string]any{ColumnCount: 1, ColumnResetAt: end})
	if err == nil {
		return 1, time.UnixMilli(end), nil
	}
	if appwriteType(err) != "row_already_exists" {
		return 0, time.Time{}, callError("create row", err)
	}
	// Another instance created the row since the increment: count this
	// hit in its window.
	row, err = tdb.IncrementRowColumn(s.database, s.table, id, ColumnCount)
	if err != nil {
		return 0, time.Time{}, callError("increment", err)
	}
	return s.counted(tdb, id, row, now, end)
}

// counted reads the row an increment returned. If its window has ended it
// opens a new one, ending at end, with this hit as its first.
func (s *AppwriteStore) counted(tdb *tablesdb.TablesDB, id string, row *models.Row, now time.Time, end int64) (int, time.Time, error) {
	var c counterRow
	if err := row.Decode(&c); err != nil {
		return 0, time.Time{}, errors.New("ratelimit: appwrite store: unreadable row: " + err.Error())
	}
	if c.Count != nil && c.ResetAt != nil && *c.ResetAt > now.UnixMilli() {
		return int(*c.Count), time.UnixMilli(*c.ResetAt), nil
	}
	_, err := tdb.UpdateRow(s.database, s.table, id, tdb.WithUpdateRowData(map[string]any{ColumnCount: 1, ColumnResetAt: end}))
	if err != nil {
		return 0, time.Time{}, callError("update row", err)
	}
	return 1, time.UnixMilli(end), nil
}

// Get implements [Store].
func (s *AppwriteStore) Get(ctx context.Context, key string, window time.Duration, now time.Time) (int, time.Time, error) {
	if window <= 0 {
		return 0, time.Time{}, errWindow
	}
	tdb, err := s.service(ctx)
	if err != nil {
		return 0, time.Time{}, err
	}
	row, err := tdb.GetRow(s.database, s.table, rowID(key))
	if err != nil {
		if appwriteType(err) == "row_not_found" {
			return 0, time.Time{}, nil
		}
		return 0, time.Time{}, callError("get row", err)
	}
	var c counterRow
	if err := row.Decode(&c); err != nil {
		return 0, time.Time{}, errors.New("ratelimit: appwrite store: unreadable row: " + err.Error())
	}
	if c.Count == nil || c.ResetAt == nil || *c.ResetAt <= now.UnixMilli() {
		return 0, time.Time{}, nil
	}
	return int(*c.Count), time.UnixMilli(*c.ResetAt), nil
}

// Reset implements [Store].
func (s *AppwriteStore) Reset(ctx context.Context, key string) error {
	tdb, err := s.service(ctx)
	if err != nil {
		return err
	}
	if _, err := tdb.DeleteRow(s.database, s.table, rowID(key)); err != nil && appwriteType(err) != "row_not_found" {
		return callError("delete row", err)
	}
	return nil
}

// Restart implements [Store] with one upsert (PUT …/rows/{key}), which
// creates the row or overwrites its count and end.
func (s *AppwriteStore) Restart(ctx context.Context, key string, count int, window time.Duration, now time.Time) error {
	if window <= 0 {
		return errWindow
	}
	tdb, err := s.service(ctx)
	if err != nil {
		return err
	}
	_, err = tdb.UpsertRow(s.database, s.table, rowID(key),
		tdb.WithUpsertRowData(map[string]any{ColumnCount: max(count, 0), ColumnResetAt: now.Add(window).UnixMilli()}))
	if err != nil {
		return callError("upsert row", err)
	}
	return nil
}

// Undo implements [Store] with one atomic decrement (PATCH
// …/rows/{key}/count/decrement, min 0). A missing row, or a count already
// at 0, is no error. A window that ended since the hit is decremented all
// the same: the new window starts one hit short, as a race of Hit may
// also make it.
func (s *AppwriteStore) Undo(ctx context.Context, key string, now time.Time) error {
	tdb, err := s.service(ctx)
	if err != nil {
		return err
	}
	_, err = tdb.DecrementRowColumn(s.database, s.table, rowID(key), ColumnCount,
		tdb.WithDecrementRowColumnValue(1), tdb.WithDecrementRowColumnMin(0))
	if err != nil && !isMissingRow(err) && appwriteType(err) != "column_limit_exceeded" {
		return callError("decrement", err)
	}
	return nil
}

// Remote reports that the store's calls go to Appwrite over the network.
func (s *AppwriteStore) Remote() bool { return true }

// service returns the TablesDB service of a new client from the store's
// factory. The client's requests carry ctx, so its deadline and
// cancellation apply.
func (s *AppwriteStore) service(ctx context.Context) (*tablesdb.TablesDB, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c := s.newClient()
	if c.Client != nil && ctx.Done() != nil {
		hc := *c.Client
		hc.Transport = contextTransport{ctx: ctx, base: hc.Transport}
		c.Client = &hc
	}
	return tablesdb.New(c), nil
}

// contextTransport sends every request with ctx: the SDK's calls take no
// context of their own.
type contextTransport struct {
	ctx  context.Context
	base http.RoundTripper
}

// RoundTrip sends req with the transport's context.
func (t contextTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.base
	if base == nil {
		base = http.DefaultTransport
	}
	return base.RoundTrip(req.WithContext(t.ctx))
}

// isMissingRow reports whether an increment failed because the row does
// not exist. Appwrite 1.8 answers 404 column_not_found for that (its
// database layer throws one NotFoundException for a missing row and a
// missing column); row_not_found is what it means, and what a later
// version may send. A missing column then fails the CreateRow that
// follows, with row_invalid_structure.
func isMissingRow(err error) bool {
	switch appwriteType(err) {
	case "column_not_found", "row_not_found", "document_not_found":
		return true
	}
	return false
}

// appwriteType returns the Appwrite error type of an SDK error ("" for
// other errors).
func appwriteType(err error) string {
	e := upstream.FromSDK(err)
	if e == nil || e.Code >= 500 {
		return ""
	}
	return e.Type
}

// callError describes a failed call for the log: the operation and the
// error as [upstream.FromSDK] tells it, which keeps nothing of a 5xx body.
func callError(op string, err error) error {
	return errors.New("ratelimit: appwrite store: " + op + ": " + upstream.FromSDK(err).Error())
}

// rowID returns the row ID of key: the key itself when it is a valid
// Appwrite ID in lower case (1 to 36 characters of a-z, 0-9, '.', '-' and
// '_', starting with a letter or digit), which every key of the Limiter
// is; otherwise "hash_" and 128 bits of its SHA-256 in 26 characters. The
// lower-case rule keeps two keys that differ only in case apart whatever
// collation the database compares IDs with.
func rowID(key string) string {
	if validRowKey(key) {
		return key
	}
	sum := sha256.Sum256([]byte(key))
	return "hash_" + keyEncoding.EncodeToString(sum[:16])
}

// validRowKey reports whether key can be a row ID as it is.
func validRowKey(key string) bool {
	if key == "" || len(key) > 36 {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case (c == '.' || c == '-' || c == '_') && i > 0:
		default:
			return false
		}
	}
	return true
}
