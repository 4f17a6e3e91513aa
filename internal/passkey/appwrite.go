package passkey

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/appwrite/sdk-for-go/client"
	"github.com/appwrite/sdk-for-go/models"
	"github.com/appwrite/sdk-for-go/query"
	"github.com/appwrite/sdk-for-go/tablesdb"

	"openruntimes/handler/internal/upstream"
)

// The columns of the Appwrite store's table.
const (
	ColumnCredentialID   = "credentialId"   // string: the credential ID, base64url
	ColumnUserID         = "userId"         // string: the Appwrite user ID
	ColumnPublicKey      = "publicKey"      // string: the COSE public key, base64url
	ColumnSignCount      = "signCount"      // integer: the signature counter
	ColumnTransports     = "transports"     // string array
	ColumnAAGUID         = "aaguid"         // string: the AAGUID as a UUID
	ColumnBackupEligible = "backupEligible" // boolean
	ColumnBackupState    = "backupState"    // boolean
	ColumnName           = "name"           // string
	ColumnCreatedAt      = "createdAt"      // integer: Unix milliseconds
	ColumnLastUsedAt     = "lastUsedAt"     // integer: Unix milliseconds, null when never used
)

// IndexUserID is the key index on ColumnUserID that ListByUser and
// DeleteAllForUser query.
const IndexUserID = "by_user"

// Column declares one column of the store's table, as appwrite.json's
// "columns" entries do.
type Column struct {
	Key      string `json:"key"`
	Type     string `json:"type"` // "string", "integer" or "boolean"
	Required bool   `json:"required"`
	Array    bool   `json:"array"`
	Size     int    `json:"size,omitempty"` // string columns
	Min      *int64 `json:"min,omitempty"`  // integer columns
	Max      *int64 `json:"max,omitempty"`  // integer columns
}

// Index declares one index of the store's table, as appwrite.json's
// "indexes" entries do.
type Index struct {
	Key     string   `json:"key"`
	Type    string   `json:"type"`
	Columns []string `json:"columns"`
	Orders  []string `json:"orders"`
}

// maxMillis bounds the time columns (year 2286), as the rate-limit
// table's resetAt.
const maxMillis = 9999999999999

// TableColumns are the columns of the store's table. A string column's
// size is in characters: base64url of the largest credential ID (1023
// bytes) and public key (MaxPublicKeyLen bytes), a UUID, and names of
// MaxNameLen.
var TableColumns = []Column{
	{Key: ColumnCredentialID, Type: "string", Required: true, Size: base64.RawURLEncoding.EncodedLen(MaxCredentialIDLen)},
	{Key: ColumnUserID, Type: "string", Required: true, Size: maxUserID},
	{Key: ColumnPublicKey, Type: "string", Required: true, Size: base64.RawURLEncoding.EncodedLen(MaxPublicKeyLen)},
	{Key: ColumnSignCount, Type: "integer", Required: true, Min: ptr(0), Max: ptr(1<<32 - 1)},
	{Key: ColumnTransports, Type: "string", Array: true, Size: 16},
	{Key: ColumnAAGUID, Type: "string", Required: true, Size: 36},
	{Key: ColumnBackupEligible, Type: "boolean", Required: true},
	{Key: ColumnBackupState, Type: "boolean", Required: true},
	{Key: ColumnName, Type: "string", Required: true, Size: MaxNameLen},
	{Key: ColumnCreatedAt, Type: "integer", Required: true, Min: ptr(0), Max: ptr(maxMillis)},
	{Key: ColumnLastUsedAt, Type: "integer", Min: ptr(0), Max: ptr(maxMillis)},
}

// TableIndexes are the indexes of the store's table. A passkey is found
// by its credential ID through the row ID (PasskeyID of the credential
// ID), which Appwrite keeps unique and indexed itself: no other index on
// credentialId is needed, and two accounts cannot register one credential
// (the second CreateRow is 409 row_already_exists).
var TableIndexes = []Index{
	{Key: IndexUserID, Type: "key", Columns: []string{ColumnUserID}, Orders: []string{"ASC"}},
}

func ptr(n int64) *int64 { return &n }

// Table is the store's table as appwrite.json declares it in "tables",
// for `appwrite push tables` (and for a test that keeps appwrite.json in
// step with [TableColumns] and [TableIndexes]).
type Table struct {
	ID          string   `json:"$id"`
	Permissions []string `json:"$permissions"`
	DatabaseID  string   `json:"databaseId"`
	Name        string   `json:"name"`
	Enabled     bool     `json:"enabled"`
	RowSecurity bool     `json:"rowSecurity"`
	Columns     []Column `json:"columns"`
	Indexes     []Index  `json:"indexes"`
}

// AppwriteTable returns the declaration of the store's table in the
// given database: no permissions and no row security (only the API key
// reaches it), the columns and the indexes.
func AppwriteTable(databaseID, tableID string) Table {
	return Table{
		ID:          tableID,
		Permissions: []string{},
		DatabaseID:  databaseID,
		Name:        tableID,
		Enabled:     true,
		Columns:     append([]Column(nil), TableColumns...),
		Indexes:     append([]Index(nil), TableIndexes...),
	}
}

// AppwriteStore is a [Store] in a table of Appwrite's own database
// (TablesDB), shared by every instance of the function. Each passkey is
// one row whose $id is PasskeyID(credential ID), with [TableColumns].
// The table must have no permissions and row security off: only the
// function's API key (scopes rows.read and rows.write) reaches it.
//
// Calls: GetByCredentialID, Create, UpdateCounter and ListByUser one
// each; Rename and Delete two (a read that checks the owner, then the
// write); DeleteAllForUser one listing and one deletion per passkey.
//
// Two registrations of one account finishing at the same moment may
// leave it one passkey over MaxPasskeys (the count is read before the
// row is written), and two sign-ins with one passkey at the same moment
// both write their counter (the later wins): a counter stays monotonic
// only as far as one sign-in at a time goes, which is all a cloned
// authenticator check needs.
type AppwriteStore struct {
	database, table string
	newClient       func() client.Client
}

var _ Store = (*AppwriteStore)(nil)

// NewAppwriteStore returns a store in the given database and table;
// newClient makes the SDK client of each call (an admin client with the
// execution's API key). The store holds nothing else: make one per
// execution when the key comes with it.
func NewAppwriteStore(databaseID, tableID string, newClient func() client.Client) *AppwriteStore {
	return &AppwriteStore{database: databaseID, table: tableID, newClient: newClient}
}

// passkeyRow is a row of the table.
type passkeyRow struct {
	ID             string   `json:"$id"`
	CredentialID   string   `json:"credentialId"`
	UserID         string   `json:"userId"`
	PublicKey      string   `json:"publicKey"`
	SignCount      *int64   `json:"signCount"`
	Transports     []string `json:"transports"`
	AAGUID         string   `json:"aaguid"`
	BackupEligible bool     `json:"backupEligible"`
	BackupState    bool     `json:"backupState"`
	Name           string   `json:"name"`
	CreatedAt      *int64   `json:"createdAt"`
	LastUsedAt     *int64   `json:"lastUsedAt"`
}

// errRow is the error of a row that does not hold a passkey.
var errRow = errors.New("passkey: appwrite store: unreadable row")

// credential converts a row.
func (r passkeyRow) credential() (Credential, error) {
	id, err := base64.RawURLEncoding.DecodeString(r.CredentialID)
	if err != nil || r.ID != PasskeyID(id) {
		return Credential{}, errRow
	}
	key, err := base64.RawURLEncoding.DecodeString(r.PublicKey)
	if err != nil || r.SignCount == nil || *r.SignCount < 0 || *r.SignCount > 1<<32-1 || r.CreatedAt == nil {
		return Credential{}, errRow
	}
	aaguid, ok := parseAAGUID(r.AAGUID)
	if !ok {
		return Credential{}, errRow
	}
	c := Credential{
		ID:             r.ID,
		CredentialID:   id,
		UserID:         r.UserID,
		PublicKey:      key,
		SignCount:      uint32(*r.SignCount),
		Transports:     r.Transports,
		AAGUID:         aaguid,
		BackupEligible: r.BackupEligible,
		BackupState:    r.BackupState,
		Name:           r.Name,
		CreatedAt:      time.UnixMilli(*r.CreatedAt),
	}
	if c.Transports == nil {
		c.Transports = []string{}
	}
	if r.LastUsedAt != nil {
		c.LastUsedAt = time.UnixMilli(*r.LastUsedAt)
	}
	return c, nil
}

// rowData is the data of a new row for c.
func rowData(c Credential) map[string]any {
	data := map[string]any{
		ColumnCredentialID:   base64.RawURLEncoding.EncodeToString(c.CredentialID),
		ColumnUserID:         c.UserID,
		ColumnPublicKey:      base64.RawURLEncoding.EncodeToString(c.PublicKey),
		ColumnSignCount:      int64(c.SignCount),
		ColumnTransports:     cleanTransports(c.Transports),
		ColumnAAGUID:         formatAAGUID(c.AAGUID),
		ColumnBackupEligible: c.BackupEligible,
		ColumnBackupState:    c.BackupState,
		ColumnName:           c.Name,
		ColumnCreatedAt:      c.CreatedAt.UnixMilli(),
	}
	if len(c.AAGUID) == 0 {
		data[ColumnAAGUID] = formatAAGUID(make([]byte, 16))
	}
	if !c.LastUsedAt.IsZero() {
		data[ColumnLastUsedAt] = c.LastUsedAt.UnixMilli()
	}
	return data
}

// decodeRow reads a row of the table.
func decodeRow(row *models.Row) (Credential, error) {
	var r passkeyRow
	if err := row.Decode(&r); err != nil {
		return Credential{}, errRow
	}
	return r.credential()
}

// ListByUser implements [Store] with one listing (equal on userId).
func (s *AppwriteStore) ListByUser(ctx context.Context, userID string) ([]Credential, error) {
	tdb, err := s.service(ctx)
	if err != nil {
		return nil, err
	}
	return s.list(tdb, userID)
}

// list returns a user's passkeys, at most MaxPasskeysLimit.
func (s *AppwriteStore) list(tdb *tablesdb.TablesDB, userID string) ([]Credential, error) {
	if !validUserID(userID) {
		return []Credential{}, nil
	}
	list, err := tdb.ListRows(s.database, s.table,
		tdb.WithListRowsQueries([]string{query.Equal(ColumnUserID, userID), query.Limit(MaxPasskeysLimit)}),
		tdb.WithListRowsTotal(false))
	if err != nil {
		return nil, callError("list rows", err)
	}
	var rows struct {
		Rows []passkeyRow `json:"rows"`
	}
	if err := list.Decode(&rows); err != nil {
		return nil, errRow
	}
	out := make([]Credential, 0, len(rows.Rows))
	for _, r := range rows.Rows {
		c, err := r.credential()
		if err != nil {
			return nil, err
		}
		if c.UserID == userID {
			out = append(out, c)
		}
	}
	sortCredentials(out)
	return out, nil
}

// GetByCredentialID implements [Store] with one GetRow.
func (s *AppwriteStore) GetByCredentialID(ctx context.Context, credentialID []byte) (Credential, error) {
	if len(credentialID) == 0 || len(credentialID) > MaxCredentialIDLen {
		return Credential{}, ErrNotFound
	}
	tdb, err := s.service(ctx)
	if err != nil {
		return Credential{}, err
	}
	c, err := s.get(tdb, PasskeyID(credentialID))
	if err != nil {
		return Credential{}, err
	}
	if string(c.CredentialID) != string(credentialID) {
		return Credential{}, ErrNotFound // a hash collision: not this credential
	}
	return c, nil
}

// get reads the row of a passkey ID.
func (s *AppwriteStore) get(tdb *tablesdb.TablesDB, id string) (Credential, error) {
	row, err := tdb.GetRow(s.database, s.table, id)
	if err != nil {
		if appwriteType(err) == "row_not_found" {
			return Credential{}, ErrNotFound
		}
		return Credential{}, callError("get row", err)
	}
	return decodeRow(row)
}

// Create implements [Store] with one CreateRow.
func (s *AppwriteStore) Create(ctx context.Context, c Credential) error {
	if err := checkNew(c); err != nil {
		return err
	}
	tdb, err := s.service(ctx)
	if err != nil {
		return err
	}
	if _, err := tdb.CreateRow(s.database, s.table, c.ID, rowData(c)); err != nil {
		if appwriteType(err) == "row_already_exists" {
			return ErrCredentialExists
		}
		return callError("create row", err)
	}
	return nil
}

// UpdateCounter implements [Store] with one UpdateRow.
func (s *AppwriteStore) UpdateCounter(ctx context.Context, id string, signCount uint32, backupState bool, lastUsedAt time.Time) error {
	if !ValidPasskeyID(id) {
		return ErrNotFound
	}
	tdb, err := s.service(ctx)
	if err != nil {
		return err
	}
	_, err = tdb.UpdateRow(s.database, s.table, id, tdb.WithUpdateRowData(map[string]any{
		ColumnSignCount:   int64(signCount),
		ColumnBackupState: backupState,
		ColumnLastUsedAt:  lastUsedAt.UnixMilli(),
	}))
	if err != nil {
		if appwriteType(err) == "row_not_found" {
			return ErrNotFound
		}
		return callError("update row", err)
	}
	return nil
}

// owned reads the passkey id and checks that it is userID's.
func (s *AppwriteStore) owned(tdb *tablesdb.TablesDB, userID, id string) (Credential, error) {
	if !ValidPasskeyID(id) {
		return Credential{}, ErrNotFound
	}
	c, err := s.get(tdb, id)
	if err != nil {
		return Credential{}, err
	}
	if c.UserID != userID {
		return Credential{}, ErrNotFound
	}
	return c, nil
}

// Rename implements [Store]: GetRow, then UpdateRow.
func (s *AppwriteStore) Rename(ctx context.Context, userID, id, name string) (Credential, error) {
	if name == "" || CleanName(name) != name {
		return Credential{}, errBadCredential("name")
	}
	tdb, err := s.service(ctx)
	if err != nil {
		return Credential{}, err
	}
	c, err := s.owned(tdb, userID, id)
	if err != nil {
		return Credential{}, err
	}
	if _, err := tdb.UpdateRow(s.database, s.table, id, tdb.WithUpdateRowData(map[string]any{ColumnName: name})); err != nil {
		if appwriteType(err) == "row_not_found" {
			return Credential{}, ErrNotFound
		}
		return Credential{}, callError("update row", err)
	}
	c.Name = name
	return c, nil
}

// Delete implements [Store]: GetRow, then DeleteRow.
func (s *AppwriteStore) Delete(ctx context.Context, userID, id string) error {
	tdb, err := s.service(ctx)
	if err != nil {
		return err
	}
	if _, err := s.owned(tdb, userID, id); err != nil {
		return err
	}
	return s.delete(tdb, id)
}

// delete deletes a row; a row gone already is no error.
func (s *AppwriteStore) delete(tdb *tablesdb.TablesDB, id string) error {
	if _, err := tdb.DeleteRow(s.database, s.table, id); err != nil && appwriteType(err) != "row_not_found" {
		return callError("delete row", err)
	}
	return nil
}

// DeleteAllForUser implements [Store]: it lists the user's passkeys and
// deletes them one by one, until the listing is empty.
func (s *AppwriteStore) DeleteAllForUser(ctx context.Context, userID string) (int, error) {
	tdb, err := s.service(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for {
		list, err := s.list(tdb, userID)
		if err != nil || len(list) == 0 {
			return n, err
		}
		for _, c := range list {
			if err := s.delete(tdb, c.ID); err != nil {
				return n, err
			}
			n++
		}
		if err := ctx.Err(); err != nil {
			return n, err
		}
	}
}

// service returns the TablesDB service of a new client. Its requests
// carry ctx, so that its deadline and cancellation apply (the SDK's
// calls take no context of their own).
func (s *AppwriteStore) service(ctx context.Context) (*tablesdb.TablesDB, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s.newClient == nil {
		return nil, errors.New("passkey: appwrite store without a client factory")
	}
	c := s.newClient()
	if c.Client != nil && ctx.Done() != nil {
		hc := *c.Client
		hc.Transport = contextTransport{ctx: ctx, base: hc.Transport}
		c.Client = &hc
	}
	return tablesdb.New(c), nil
}

// contextTransport sends every request with ctx.
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

// appwriteType returns the Appwrite error type of an SDK error ("" for
// other errors and for 5xx).
func appwriteType(err error) string {
	e := upstream.FromSDK(err)
	if e == nil || e.Code >= 500 {
		return ""
	}
	return e.Type
}

// callError describes a failed call for the log, as upstream.FromSDK tells
// it (nothing of a 5xx body).
func callError(op string, err error) error {
	return fmt.Errorf("passkey: appwrite store: %s: %s", op, upstream.FromSDK(err).Error())
}
