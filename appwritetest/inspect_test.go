package appwritetest

import (
	"errors"
	"testing"
	"time"

	"github.com/appwrite/sdk-for-go/appwrite"
)

// TestInspection drives the console's hooks: Users lists what the routes
// made, SetBlocked, DeleteSession and DeleteUser act as the Users API
// does, and Reset empties everything but the tables' schema.
func TestInspection(t *testing.T) {
	t.Parallel()
	clock := NewClock(time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC))
	srv := Start(t, WithClock(clock.Now))
	tg := emulatorTarget(srv)
	e := srv.Emulator

	idA, emailA := tg.signUp(t, "inspectA")
	secretA := tg.signIn(t, emailA, testPassword)
	clock.Advance(time.Second)
	guest, err := tg.admin(t).CreateAnonymousSession()
	mustOK(t, "CreateAnonymousSession", err)

	users := e.Users()
	if len(users) != 2 || users[0].ID != guest.UserId || users[1].ID != idA {
		t.Fatalf("Users = %+v, want the guest then %s (newest first)", users, idA)
	}
	if g := users[0]; !g.Guest || g.Email != "" || len(g.Sessions) != 1 || g.Sessions[0].Provider != "anonymous" {
		t.Errorf("the guest: %+v", g)
	}
	a := users[1]
	if a.Guest || a.Blocked || a.EmailVerification || a.MFA || a.Name != "Test inspectA" || len(a.Sessions) != 1 ||
		a.Sessions[0].Provider != "email" || a.Sessions[0].Expired {
		t.Errorf("the user: %+v", a)
	}

	mustOK(t, "SetBlocked", e.SetBlocked(idA, true))
	if !e.Users()[1].Blocked {
		t.Error("Users does not show the user blocked")
	}
	wantError(t, "a blocked user's session", errOf(tg.as(t, secretA).Get()), tg.blockedStatus(), "user_blocked")
	mustOK(t, "SetBlocked false", e.SetBlocked(idA, false))
	mustOK(t, "the session once unblocked", errOf(tg.as(t, secretA).Get()))

	mustOK(t, "DeleteSession", e.DeleteSession(idA, a.Sessions[0].ID))
	wantError(t, "a deleted session", errOf(tg.as(t, secretA).Get()), 401, "general_unauthorized_scope")
	if err := e.DeleteSession(idA, a.Sessions[0].ID); !errors.Is(err, ErrSessionNotFound) {
		t.Errorf("DeleteSession twice = %v", err)
	}

	mustOK(t, "DeleteUser", e.DeleteUser(guest.UserId))
	if err := e.DeleteUser(guest.UserId); !errors.Is(err, ErrUserNotFound) {
		t.Errorf("DeleteUser twice = %v", err)
	}
	if err := e.SetBlocked("nobody", true); !errors.Is(err, ErrUserNotFound) {
		t.Errorf("SetBlocked of nobody = %v", err)
	}

	mustOK(t, "CreateTable", e.CreateTable("auth", "rate_limits", "count", "resetAt"))
	_, err = tablesDB(srv, appwrite.WithKey(srv.APIKey)).CreateRow("auth", "rate_limits", "r", map[string]any{"count": 1, "resetAt": 2})
	mustOK(t, "CreateRow", err)
	_, err = tg.admin(t).CreateMagicURLToken("unique()", emailA)
	mustOK(t, "CreateMagicURLToken", err)

	e.Reset()
	if n, m, rows := len(e.Users()), len(e.Outbox()), e.RowCount("auth", "rate_limits"); n != 0 || m != 0 || rows != 0 {
		t.Errorf("after Reset: %d users, %d messages, %d rows", n, m, rows)
	}
	if err := e.CreateTable("auth", "rate_limits", "count"); !errors.Is(err, ErrTableExists) {
		t.Errorf("after Reset the table is gone: CreateTable = %v", err)
	}
	wantError(t, "sign-in after Reset", errOf(tg.admin(t).CreateEmailPasswordSession(emailA, testPassword)), 401, "user_invalid_credentials")
}
