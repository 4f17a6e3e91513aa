package appwritetest

import (
	"bytes"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/appwrite/sdk-for-go/appwrite"
)

// TestSnapshotRestore builds state of every kind through the SDK,
// restores a snapshot of it into a new emulator, and checks that the new
// one carries on where the first stopped: the same snapshot, the same
// users field for field, the same sessions, JWTs, tokens, blocked users,
// second factors, linked identities, outbox and rows.
func TestSnapshotRestore(t *testing.T) {
	t.Parallel()
	clock := NewClock(time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC))
	srv := Start(t, WithClock(clock.Now))
	tg := emulatorTarget(srv)

	// A user signed in, with a JWT.
	_, emailA := tg.signUp(t, "snapA")
	secretA := tg.signIn(t, emailA, testPassword)
	jwt, err := tg.as(t, secretA).CreateJWT()
	mustOK(t, "CreateJWT", err)
	// A blocked user.
	idB, emailB := tg.signUp(t, "snapB")
	mustOK(t, "block", errOf(tg.users(t).UpdateStatus(idB, false)))
	// A guest, through a guest's client, which the per-route limits count.
	_, err = tg.guest(t).CreateAnonymousSession()
	mustOK(t, "CreateAnonymousSession", err)
	// A magic link not used yet, and an open MFA challenge.
	_, err = tg.admin(t).CreateMagicURLToken("unique()", emailA)
	mustOK(t, "CreateMagicURLToken", err)
	idC, emailC := tg.signUp(t, "snapC")
	mustOK(t, "SetMFA", srv.Emulator.SetMFA(idC, true))
	_, err = tg.as(t, tg.signIn(t, emailC, testPassword)).CreateMfaChallenge("email")
	mustOK(t, "CreateMfaChallenge", err)
	// A user with MFA by an authenticator app, recovery codes and a
	// linked GitHub identity.
	idD, emailD := tg.signUp(t, "snapD")
	meD := tg.as(t, tg.signIn(t, emailD, testPassword))
	auth, err := meD.CreateMFAAuthenticator("totp")
	mustOK(t, "CreateMFAAuthenticator", err)
	mustOK(t, "UpdateMFAAuthenticator", errOf(meD.UpdateMFAAuthenticator("totp", TOTPCode(auth.Secret, clock.Now()))))
	_, err = meD.CreateMFARecoveryCodes()
	mustOK(t, "CreateMFARecoveryCodes", err)
	mustOK(t, "UpdateMFA", errOf(meD.UpdateMFA(true)))
	mustOK(t, "AddIdentity", srv.Emulator.AddIdentity(idD, "github", emailD))
	// An OAuth2 login waiting at the fake provider.
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Get(srv.Endpoint + "/account/tokens/oauth2/github?project=" + srv.ProjectID)
	mustOK(t, "OAuth2 start", err)
	resp.Body.Close()
	// A row in a table.
	mustOK(t, "CreateTable", srv.Emulator.CreateTable("auth", "rate_limits", "count", "resetAt"))
	_, err = tablesDB(srv, appwrite.WithKey(srv.APIKey)).CreateRow("auth", "rate_limits", "ip_x", map[string]any{"count": 5, "resetAt": int64(1) << 40})
	mustOK(t, "CreateRow", err)

	data, err := srv.Emulator.Snapshot()
	mustOK(t, "Snapshot", err)
	for _, part := range []string{`"challenges": [`, `"oauthStates": [`, `"rateLimits": [`, `"secretSha256"`, `"kind": "magic-url"`} {
		if !strings.Contains(string(data), part) || strings.Contains(string(data), strings.TrimSuffix(part, "[")+"[]") {
			t.Errorf("the snapshot has no %s… of the state built: the test proves less than it says", part)
		}
	}

	srv2 := Start(t, WithClock(clock.Now))
	mustOK(t, "Restore", srv2.Emulator.Restore(data))
	again, err := srv2.Emulator.Snapshot()
	mustOK(t, "Snapshot of the restored emulator", err)
	if !bytes.Equal(again, data) {
		t.Fatalf("a restored emulator's snapshot differs from the one restored:\n%s\nvs\n%s", again, data)
	}

	tg2 := emulatorTarget(srv2)
	// The authenticator still asks for its code, and a recovery code still
	// works once.
	meD2 := tg2.as(t, tg2.signIn(t, emailD, testPassword))
	if f, err := meD2.ListMFAFactors(); err != nil || !f.Totp || !f.RecoveryCode {
		t.Errorf("the second factors after Restore: %+v, %v", f, err)
	}
	wantError(t, "the account read before the second factor, after Restore", errOf(meD2.Get()), 401, "user_more_factors_required")
	ch, err := meD2.CreateMfaChallenge("totp")
	mustOK(t, "CreateMfaChallenge totp after Restore", err)
	mustOK(t, "the authenticator's code after Restore", errOf(meD2.UpdateMfaChallenge(ch.Id, TOTPCode(auth.Secret, clock.Now()))))
	if ids, err := meD2.ListIdentities(); err != nil || ids.Total != 1 {
		t.Errorf("the linked identity after Restore: %+v, %v", ids, err)
	}
	if me, err := tg2.as(t, secretA).Get(); err != nil || !strings.EqualFold(me.Email, emailA) {
		t.Errorf("the session after Restore: %v", err)
	}
	if me, err := appwrite.NewAccount(tg2.sdk(t, appwrite.WithJWT(jwt.Jwt))).Get(); err != nil || !strings.EqualFold(me.Email, emailA) {
		t.Errorf("the JWT after Restore: %v", err)
	}
	wantError(t, "the blocked user's sign-in after Restore", errOf(tg2.admin(t).CreateEmailPasswordSession(emailB, testPassword)), tg2.blockedStatus(), "user_blocked")
	link, ok := srv2.Emulator.LastMessage(emailA, MessageMagicURL)
	if !ok {
		t.Fatal("the outbox lost the magic link")
	}
	mustOK(t, "the magic link's token after Restore", errOf(tg2.admin(t).CreateSession(link.UserID, link.Secret)))
	row, err := tablesDB(srv2, appwrite.WithKey(srv2.APIKey)).GetRow("auth", "rate_limits", "ip_x")
	if c := decodeRow(t, "GetRow after Restore", row); err != nil || c.Count == nil || *c.Count != 5 || *c.ResetAt != 1<<40 {
		t.Errorf("the row after Restore: %+v, %v", c, err)
	}
}

// TestSnapshotRecordsEveryField: each field of the emulator's user,
// session, token, identity, target and authenticator has a field of the
// same name in its snapshot record, but for those derived on Restore. A
// field added to the model and forgotten here would vanish across a
// restart of the dev runtime (as the second factors once did).
func TestSnapshotRecordsEveryField(t *testing.T) {
	t.Parallel()
	// Fields rebuilt on Restore rather than stored, and stored under
	// another name.
	derived := map[string]bool{"session.userID": true, "token.userID": true}
	renamed := map[string]string{"token.typ": "Type"}
	for _, pair := range []struct{ model, record any }{
		{user{}, userRecord{}}, {session{}, sessionRecord{}}, {token{}, tokenRecord{}},
		{identity{}, identityRec{}}, {target{}, targetRecord{}}, {authenticator{}, authenticatorRecord{}},
	} {
		m, r := reflect.TypeOf(pair.model), reflect.TypeOf(pair.record)
		for i := range m.NumField() {
			name := m.Field(i).Name
			if derived[m.Name()+"."+name] {
				continue
			}
			if to, ok := renamed[m.Name()+"."+name]; ok {
				name = to
			}
			if _, ok := r.FieldByNameFunc(func(f string) bool { return strings.EqualFold(f, name) }); !ok {
				t.Errorf("%s.%s has no field in %s: a snapshot loses it", m.Name(), name, r.Name())
			}
		}
	}
}

// TestRestoreRefuses checks that Restore refuses what it cannot use and
// then leaves the emulator as it was.
func TestRestoreRefuses(t *testing.T) {
	t.Parallel()
	src := New()
	if _, err := src.CreateUser("kept@example.com", testPassword, "Kept"); err != nil {
		t.Fatal(err)
	}
	good, err := src.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		emulator *Emulator
		data     string
		want     string
	}{
		"not JSON":      {New(), "{", "reading"},
		"not a format":  {New(), `{"format":"x","version":1}`, "not an emulator snapshot"},
		"newer version": {New(), strings.Replace(string(good), `"version": 1`, `"version": 2`, 1), "version 2"},
		"other project": {New(WithProjectID("other")), string(good), `"other"`},
		"unknown field": {New(), strings.Replace(string(good), `"users"`, `"userz"`, 1), "unknown field"},
		"bad hash":      {New(), strings.Replace(string(good), `"sha256": "`, `"sha256": "AAAA`, 1), "password hash"},
	} {
		if _, err := tc.emulator.CreateUser("before@example.com", testPassword, ""); err != nil {
			t.Fatal(err)
		}
		err := tc.emulator.Restore([]byte(tc.data))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Restore = %v, want an error about %q", name, err, tc.want)
		}
		if users := tc.emulator.Users(); len(users) != 1 || users[0].Email != "before@example.com" {
			t.Errorf("%s: after a refused Restore the users are %+v", name, users)
		}
	}
}
