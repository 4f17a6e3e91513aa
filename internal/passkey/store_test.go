package passkey_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/appwrite/sdk-for-go/appwrite"
	"github.com/appwrite/sdk-for-go/client"
	"github.com/appwrite/sdk-for-go/tablesdb"

	"openruntimes/handler/appwritetest"
	"openruntimes/handler/internal/passkey"
	"openruntimes/handler/internal/upstream"
	"openruntimes/handler/session"
)

// The table the tests provision, as appwrite.json would.
const (
	testDatabase = "auth"
	testTable    = "passkeys"
)

// provision creates the store's table through the SDK from
// passkey.TableColumns, as `appwrite push tables` does from appwrite.json.
// (The emulator has no index routes: TableIndexes are left out.)
func provision(t testing.TB, tdb *tablesdb.TablesDB) {
	t.Helper()
	if _, err := tdb.Create(testDatabase, "Auth"); err != nil {
		t.Fatalf("create database: %v", err)
	}
	if _, err := tdb.CreateTable(testDatabase, testTable, "Passkeys", tdb.WithCreateTablePermissions([]string{}), tdb.WithCreateTableRowSecurity(false)); err != nil {
		t.Fatalf("create table: %v", err)
	}
	for _, c := range passkey.TableColumns {
		var err error
		switch c.Type {
		case "string":
			_, err = tdb.CreateStringColumn(testDatabase, testTable, c.Key, c.Size, c.Required, tdb.WithCreateStringColumnArray(c.Array))
		case "integer":
			_, err = tdb.CreateIntegerColumn(testDatabase, testTable, c.Key, c.Required,
				tdb.WithCreateIntegerColumnMin(int(*c.Min)), tdb.WithCreateIntegerColumnMax(int(*c.Max)), tdb.WithCreateIntegerColumnArray(c.Array))
		case "boolean":
			_, err = tdb.CreateBooleanColumn(testDatabase, testTable, c.Key, c.Required, tdb.WithCreateBooleanColumnArray(c.Array))
		default:
			err = fmt.Errorf("type %q", c.Type)
		}
		if err != nil {
			t.Fatalf("column %s: %v", c.Key, err)
		}
	}
}

// emulatorStore returns an AppwriteStore over a new emulator with the
// table, through the real SDK, in memory or over a loopback server.
func emulatorStore(t testing.TB, loopback bool) *passkey.AppwriteStore {
	t.Helper()
	var cfg *session.Config
	if loopback {
		srv := appwritetest.Start(t)
		cfg = &session.Config{Endpoint: srv.Endpoint, ProjectID: srv.ProjectID, APIKey: srv.APIKey, UpstreamTimeout: 5 * time.Second}
	} else {
		e := appwritetest.New()
		cfg = &session.Config{Endpoint: "https://appwrite.test/v1", ProjectID: e.ProjectID(), APIKey: e.APIKey(), UpstreamTimeout: 5 * time.Second, Transport: e.Transport()}
	}
	newClient := func() client.Client { return upstream.NewAdminClient(cfg, "") }
	provision(t, appwrite.NewTablesDB(newClient()))
	return passkey.NewAppwriteStore(testDatabase, testTable, newClient)
}

// stores are the implementations the contract runs on.
func stores() map[string]func(testing.TB) passkey.Store {
	return map[string]func(testing.TB) passkey.Store{
		"memory":             func(testing.TB) passkey.Store { return passkey.NewMemoryStore() },
		"appwrite in memory": func(t testing.TB) passkey.Store { return emulatorStore(t, false) },
		"appwrite loopback":  func(t testing.TB) passkey.Store { return emulatorStore(t, true) },
	}
}

// sample returns a valid credential of userID.
func sample(t testing.TB, userID string, created time.Time) passkey.Credential {
	id := random(t, 20)
	return passkey.Credential{
		ID:             passkey.PasskeyID(id),
		CredentialID:   id,
		UserID:         userID,
		PublicKey:      random(t, 77),
		SignCount:      7,
		Transports:     []string{"usb", "nfc"},
		AAGUID:         random(t, 16),
		BackupEligible: true,
		Name:           "Key " + userID,
		CreatedAt:      created,
	}
}

// sameCredential compares two credentials field by field.
func sameCredential(a, b passkey.Credential) bool {
	return a.ID == b.ID && bytes.Equal(a.CredentialID, b.CredentialID) && a.UserID == b.UserID && bytes.Equal(a.PublicKey, b.PublicKey) &&
		a.SignCount == b.SignCount && strings.Join(a.Transports, ",") == strings.Join(b.Transports, ",") && bytes.Equal(a.AAGUID, b.AAGUID) &&
		a.BackupEligible == b.BackupEligible && a.BackupState == b.BackupState && a.Name == b.Name &&
		a.CreatedAt.Equal(b.CreatedAt) && a.LastUsedAt.Equal(b.LastUsedAt)
}

// TestStoreContract runs the Store contract on every implementation.
func TestStoreContract(t *testing.T) {
	t.Parallel()
	for name, newStore := range stores() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			s := newStore(t)
			t0 := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
			a1, a2, b1 := sample(t, "alice01", t0.Add(time.Second)), sample(t, "alice01", t0), sample(t, "bob02", t0)
			for _, c := range []passkey.Credential{a1, a2, b1} {
				if err := s.Create(ctx, c); err != nil {
					t.Fatalf("Create %s: %v", c.ID, err)
				}
			}
			if err := s.Create(ctx, a1); !errors.Is(err, passkey.ErrCredentialExists) {
				t.Errorf("Create twice: %v", err)
			}
			stolen := a1
			stolen.UserID = "bob02"
			if err := s.Create(ctx, stolen); !errors.Is(err, passkey.ErrCredentialExists) {
				t.Errorf("Create alice's credential for bob: %v", err)
			}
			bad := sample(t, "alice01", t0)
			bad.ID = "wrong"
			if err := s.Create(ctx, bad); err == nil {
				t.Error("Create with an ID that is not PasskeyID: no error")
			}

			list, err := s.ListByUser(ctx, "alice01")
			if err != nil || len(list) != 2 || !sameCredential(list[0], a2) || !sameCredential(list[1], a1) {
				t.Fatalf("ListByUser = %+v, %v; want a2 then a1", list, err)
			}
			if list, err := s.ListByUser(ctx, "nobody"); err != nil || len(list) != 0 {
				t.Errorf("ListByUser of nobody = %+v, %v", list, err)
			}
			got, err := s.GetByCredentialID(ctx, b1.CredentialID)
			if err != nil || !sameCredential(got, b1) {
				t.Errorf("GetByCredentialID = %+v, %v", got, err)
			}
			if _, err := s.GetByCredentialID(ctx, []byte("unknown")); !errors.Is(err, passkey.ErrNotFound) {
				t.Errorf("GetByCredentialID unknown: %v", err)
			}

			used := t0.Add(time.Hour)
			if err := s.UpdateCounter(ctx, a1.ID, 8, true, used); err != nil {
				t.Fatalf("UpdateCounter: %v", err)
			}
			got, _ = s.GetByCredentialID(ctx, a1.CredentialID)
			if got.SignCount != 8 || !got.BackupState || !got.LastUsedAt.Equal(used) || got.Name != a1.Name {
				t.Errorf("after UpdateCounter: %+v", got)
			}
			if err := s.UpdateCounter(ctx, passkey.PasskeyID([]byte("gone")), 1, false, used); !errors.Is(err, passkey.ErrNotFound) {
				t.Errorf("UpdateCounter of a missing passkey: %v", err)
			}

			if _, err := s.Rename(ctx, "bob02", a1.ID, "Mine now"); !errors.Is(err, passkey.ErrNotFound) {
				t.Errorf("Rename another user's passkey: %v", err)
			}
			renamed, err := s.Rename(ctx, "alice01", a1.ID, "Laptop")
			if err != nil || renamed.Name != "Laptop" || renamed.SignCount != 8 {
				t.Errorf("Rename = %+v, %v", renamed, err)
			}
			if got, _ := s.GetByCredentialID(ctx, a1.CredentialID); got.Name != "Laptop" {
				t.Errorf("after Rename: %q", got.Name)
			}

			if err := s.Delete(ctx, "bob02", a1.ID); !errors.Is(err, passkey.ErrNotFound) {
				t.Errorf("Delete another user's passkey: %v", err)
			}
			if err := s.Delete(ctx, "alice01", a1.ID); err != nil {
				t.Errorf("Delete: %v", err)
			}
			if err := s.Delete(ctx, "alice01", a1.ID); !errors.Is(err, passkey.ErrNotFound) {
				t.Errorf("Delete twice: %v", err)
			}
			if _, err := s.GetByCredentialID(ctx, a1.CredentialID); !errors.Is(err, passkey.ErrNotFound) {
				t.Errorf("deleted passkey read: %v", err)
			}

			if err := s.Create(ctx, sample(t, "alice01", t0)); err != nil {
				t.Fatal(err)
			}
			if n, err := s.DeleteAllForUser(ctx, "alice01"); err != nil || n != 2 {
				t.Errorf("DeleteAllForUser = %d, %v; want 2", n, err)
			}
			if list, _ := s.ListByUser(ctx, "alice01"); len(list) != 0 {
				t.Errorf("after DeleteAllForUser: %+v", list)
			}
			if list, _ := s.ListByUser(ctx, "bob02"); len(list) != 1 {
				t.Errorf("bob's passkeys after alice's were deleted: %+v", list)
			}

			canceled, cancel := context.WithCancel(ctx)
			cancel()
			if _, err := s.ListByUser(canceled, "bob02"); !errors.Is(err, context.Canceled) {
				t.Errorf("a canceled context: %v", err)
			}
		})
	}
}

// TestCeremoniesOnAppwrite: registration, sign-in, counter and deletion
// against the emulator's table, through the real SDK.
func TestCeremoniesOnAppwrite(t *testing.T) {
	t.Parallel()
	f := newFixture(t, emulatorStore(t, false))
	a := newAuthenticator(t)
	cred := f.mustRegister(t, alice, a)
	for i := 2; i <= 3; i++ {
		if user, c, err := f.signIn(t, a, ceremony{}); err != nil || user != alice.ID || c.SignCount != uint32(i) {
			t.Fatalf("sign-in %d: %q, %+v, %v", i, user, c, err)
		}
	}
	back := uint32(2)
	if _, _, err := f.signIn(t, a, ceremony{counter: &back}); !errors.Is(err, passkey.ErrClonedAuthenticator) {
		t.Errorf("counter backwards on Appwrite: %v", err)
	}
	if err := f.store.Delete(context.Background(), alice.ID, cred.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.signIn(t, a, ceremony{}); !errors.Is(err, passkey.ErrUnknownCredential) {
		t.Errorf("deleted passkey on Appwrite: %v", err)
	}
}

// TestAppwriteStoreErrors: a table missing, a client without the key's
// scopes, and a dead endpoint are errors (not ErrNotFound), whose text
// keeps nothing of a 5xx body.
func TestAppwriteStoreErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := appwritetest.New()
	cfg := &session.Config{Endpoint: "https://appwrite.test/v1", ProjectID: e.ProjectID(), APIKey: e.APIKey(), UpstreamTimeout: 5 * time.Second, Transport: e.Transport()}
	s := passkey.NewAppwriteStore(testDatabase, "missing", func() client.Client { return upstream.NewAdminClient(cfg, "") })
	if _, err := s.GetByCredentialID(ctx, []byte("x")); err == nil || errors.Is(err, passkey.ErrNotFound) || !strings.Contains(err.Error(), "database_not_found") {
		t.Errorf("missing table: %v", err)
	}
	dead := &session.Config{Endpoint: "http://127.0.0.1:1/v1", ProjectID: "p", APIKey: "k", UpstreamTimeout: time.Second, Transport: http.DefaultTransport}
	s = passkey.NewAppwriteStore(testDatabase, testTable, func() client.Client { return upstream.NewAdminClient(dead, "") })
	if _, err := s.ListByUser(ctx, "alice01"); err == nil || errors.Is(err, passkey.ErrNotFound) {
		t.Errorf("dead endpoint: %v", err)
	}
	if _, err := passkey.NewAppwriteStore(testDatabase, testTable, nil).ListByUser(ctx, "alice01"); err == nil {
		t.Error("no client factory: no error")
	}
}
