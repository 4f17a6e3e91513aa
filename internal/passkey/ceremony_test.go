package passkey_test

import (
	"context"
	"crypto/rand"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"openruntimes/handler/internal/passkey"
)

// clock is a manual clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// fixture is a relying party at example.com for app.example.com, with
// in-memory stores on a manual clock.
type fixture struct {
	clock *clock
	rp    *passkey.RelyingParty
	svc   passkey.Service
	store passkey.Store
}

func newFixture(t testing.TB, store passkey.Store) *fixture {
	t.Helper()
	c := newClock()
	rp, err := passkey.New(passkey.Config{
		PublicURL:      "https://auth.example.com",
		AllowedOrigins: []string{testOrigin, "https://*.preview.example.com"},
		RPID:           "example.com",
		RPName:         "Example",
		MaxPasskeys:    3,
		Now:            c.Now,
	})
	if err != nil {
		t.Fatal(err)
	}
	if store == nil {
		store = passkey.NewMemoryStore()
	}
	return &fixture{clock: c, rp: rp, store: store,
		svc: passkey.Service{RP: rp, Store: store, Challenges: passkey.NewMemoryChallengeStore(0, c.Now)}}
}

var (
	alice = passkey.User{ID: "alice01", Name: "alice@example.com", DisplayName: "Alice"}
	bob   = passkey.User{ID: "bob02", Name: "bob@example.com"}
)

// register runs a whole registration through the service.
func (f *fixture) register(t testing.TB, u passkey.User, a *authenticator, c ceremony, name string) (passkey.Credential, error) {
	t.Helper()
	opts, flow, err := f.svc.StartRegistration(context.Background(), u)
	if err != nil {
		return passkey.Credential{}, err
	}
	return f.svc.FinishRegistration(context.Background(), u, flow, a.create(t, opts, c), name)
}

// mustRegister registers a and fails the test on an error.
func (f *fixture) mustRegister(t testing.TB, u passkey.User, a *authenticator) passkey.Credential {
	t.Helper()
	cred, err := f.register(t, u, a, ceremony{}, "")
	if err != nil {
		t.Fatalf("register %s: %v", u.ID, err)
	}
	return cred
}

// signIn runs a whole sign-in through the service and records it.
func (f *fixture) signIn(t testing.TB, a *authenticator, c ceremony) (string, passkey.Credential, error) {
	t.Helper()
	opts, flow, err := f.svc.StartSignIn(context.Background())
	if err != nil {
		return "", passkey.Credential{}, err
	}
	user, cred, err := f.svc.FinishSignIn(context.Background(), flow, a.get(t, opts, c))
	if err == nil {
		if err := f.svc.RecordSignIn(context.Background(), cred); err != nil {
			t.Fatalf("RecordSignIn: %v", err)
		}
	}
	return user, cred, err
}

// TestRegisterAndSignIn: the good path, and what the options ask for.
func TestRegisterAndSignIn(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	a := newAuthenticator(t)
	a.flags |= flagBE | flagBS
	copy(a.aaguid[:], []byte{0xea, 0x9b, 0x8d, 0x66, 0x4d, 0x01, 0x1d, 0x21, 0x3c, 0xe4, 0xb6, 0xb4, 0x8c, 0xb5, 0x75, 0xd4})

	opts, flow, err := f.svc.StartRegistration(context.Background(), alice)
	if err != nil {
		t.Fatal(err)
	}
	o := parseOptions(t, opts)
	sel := o.PublicKey.AuthenticatorSelection
	if sel.ResidentKey != "required" || sel.UserVerification != "required" || o.PublicKey.RP.ID != "example.com" ||
		o.PublicKey.Timeout != 300000 || len(o.PublicKey.ExcludeCredentials) != 0 {
		t.Errorf("registration options %s", opts)
	}
	if got, _ := b64.DecodeString(o.PublicKey.User.ID); string(got) != alice.ID {
		t.Errorf("user.id = %q, want the user ID", got)
	}
	if !passkey.ValidFlowID(flow) {
		t.Errorf("flow ID %q", flow)
	}
	cred, err := f.svc.FinishRegistration(context.Background(), alice, flow, a.create(t, opts, ceremony{}), "My phone")
	if err != nil {
		t.Fatalf("FinishRegistration: %v", err)
	}
	if cred.UserID != alice.ID || cred.Name != "Google Password Manager" || cred.SignCount != 1 || !cred.BackupEligible || !cred.BackupState ||
		cred.ID != passkey.PasskeyID(a.credID) || strings.Join(cred.Transports, ",") != "internal,hybrid" || !cred.CreatedAt.Equal(f.clock.Now()) {
		t.Errorf("credential = %+v", cred)
	}

	f.clock.Advance(time.Minute)
	lopts, _, err := f.svc.StartSignIn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if lo := parseOptions(t, lopts); lo.PublicKey.RPID != "example.com" || lo.PublicKey.UserVerification != "required" || lo.PublicKey.Timeout != 300000 {
		t.Errorf("sign-in options %s", lopts)
	}
	for i := 2; i <= 3; i++ {
		user, used, err := f.signIn(t, a, ceremony{})
		if err != nil {
			t.Fatalf("sign-in %d: %v", i, err)
		}
		if user != alice.ID || used.SignCount != uint32(i) || !used.LastUsedAt.Equal(f.clock.Now()) {
			t.Errorf("sign-in %d: user %q, credential %+v", i, user, used)
		}
	}
	list, err := f.store.ListByUser(context.Background(), alice.ID)
	if err != nil || len(list) != 1 || list[0].SignCount != 3 || !list[0].LastUsedAt.Equal(f.clock.Now()) {
		t.Errorf("stored after sign-in: %+v, %v", list, err)
	}

	// A second passkey of the account is excluded from the next options.
	opts, _, err = f.svc.StartRegistration(context.Background(), alice)
	if err != nil {
		t.Fatal(err)
	}
	if ex := parseOptions(t, opts).PublicKey.ExcludeCredentials; len(ex) != 1 || ex[0].ID != b64.EncodeToString(a.credID) {
		t.Errorf("excludeCredentials = %+v", ex)
	}
}

// TestNames: the AAGUID's name, else the browser's (cleaned), else
// "Passkey".
func TestNames(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ given, want string }{
		{"  Work\tlaptop\n", "Work laptop"},
		{"", "Passkey"},
		{"\u0000\u200b", "Passkey"},
		{strings.Repeat("é", 80), strings.Repeat("é", passkey.MaxNameLen)},
	} {
		f := newFixture(t, nil)
		cred, err := f.register(t, alice, newAuthenticator(t), ceremony{}, tc.given)
		if err != nil || cred.Name != tc.want {
			t.Errorf("name %q: got %q, %v; want %q", tc.given, cred.Name, err, tc.want)
		}
	}
}

// TestSignInRefused: every way a sign-in response can be wrong.
func TestSignInRefused(t *testing.T) {
	t.Parallel()
	zero, one := uint32(0), uint32(1)
	for _, tc := range []struct {
		name string
		c    ceremony
		want error
	}{
		{"wrong origin", ceremony{origin: "https://app.example.net"}, passkey.ErrWrongOrigin},
		{"origin of a sibling", ceremony{origin: "https://other.example.com"}, passkey.ErrWrongOrigin},
		{"http origin", ceremony{origin: "http://app.example.com"}, passkey.ErrWrongOrigin},
		{"cross-origin frame", ceremony{crossOrig: true}, passkey.ErrWrongOrigin},
		{"wrong RP ID", ceremony{rpID: "evil.example"}, passkey.ErrWrongRPID},
		{"RP ID of a subdomain", ceremony{rpID: "app.example.com"}, passkey.ErrWrongRPID},
		{"no user verification", ceremony{clearFlags: flagUV}, passkey.ErrUserVerification},
		{"no user presence", ceremony{clearFlags: flagUP}, passkey.ErrInvalidResponse},
		{"another challenge", ceremony{challenge: random(t, 32)}, passkey.ErrChallengeMismatch},
		{"a registration response", ceremony{typ: "webauthn.create"}, passkey.ErrWrongCeremony},
		{"bad signature", ceremony{badSig: true}, passkey.ErrInvalidResponse},
		{"counter backwards", ceremony{counter: &zero}, passkey.ErrClonedAuthenticator},
		{"counter unchanged", ceremony{counter: &one}, passkey.ErrClonedAuthenticator},
		{"another user's handle", ceremony{userHandle: []byte(bob.ID)}, passkey.ErrCredentialUser},
		{"no user handle", ceremony{userHandle: []byte{}}, passkey.ErrInvalidResponse},
		{"a user handle that is no user ID", ceremony{userHandle: []byte("a/b")}, passkey.ErrInvalidResponse},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, nil)
			a := newAuthenticator(t)
			f.mustRegister(t, alice, a)
			f.mustRegister(t, bob, newAuthenticator(t))
			_, _, err := f.signIn(t, a, tc.c)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			// The refusal changed nothing: the honest next sign-in works.
			if _, _, err := f.signIn(t, a, ceremony{}); err != nil {
				t.Errorf("the next honest sign-in: %v", err)
			}
		})
	}
}

// TestRegistrationRefused: every way a registration response can be
// wrong.
func TestRegistrationRefused(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		c    ceremony
		want error
	}{
		{"wrong origin", ceremony{origin: "https://evil.example.net"}, passkey.ErrWrongOrigin},
		{"wrong RP ID", ceremony{rpID: "evil.example"}, passkey.ErrWrongRPID},
		{"no user verification", ceremony{clearFlags: flagUV}, passkey.ErrUserVerification},
		{"another challenge", ceremony{challenge: random(t, 32)}, passkey.ErrChallengeMismatch},
		{"a sign-in response type", ceremony{typ: "webauthn.get"}, passkey.ErrWrongCeremony},
		{"unknown type", ceremony{typ: "payment.get"}, passkey.ErrInvalidResponse},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, nil)
			if _, err := f.register(t, alice, newAuthenticator(t), tc.c, ""); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if list, _ := f.store.ListByUser(context.Background(), alice.ID); len(list) != 0 {
				t.Errorf("a refused registration stored %+v", list)
			}
		})
	}
}

// TestWildcardOrigin: a page of an allowed wildcard origin runs both
// ceremonies.
func TestWildcardOrigin(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	a := newAuthenticator(t)
	c := ceremony{origin: "https://pr-7.preview.example.com"}
	if _, err := f.register(t, alice, a, c, ""); err != nil {
		t.Fatalf("register: %v", err)
	}
	if _, _, err := f.signIn(t, a, c); err != nil {
		t.Fatalf("sign in: %v", err)
	}
	if _, _, err := f.signIn(t, a, ceremony{origin: "https://preview.example.com"}); !errors.Is(err, passkey.ErrWrongOrigin) {
		t.Errorf("the wildcard's base domain: %v", err)
	}
}

// TestReplayedChallenge: a flow ID, and the response made for it, work
// once.
func TestReplayedChallenge(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, nil)
	a := newAuthenticator(t)
	opts, flow, err := f.svc.StartRegistration(ctx, alice)
	if err != nil {
		t.Fatal(err)
	}
	resp := a.create(t, opts, ceremony{})
	if _, err := f.svc.FinishRegistration(ctx, alice, flow, resp, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.FinishRegistration(ctx, alice, flow, resp, ""); !errors.Is(err, passkey.ErrChallengeUnknown) {
		t.Errorf("registration replayed: %v", err)
	}

	opts, flow, err = f.svc.StartSignIn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	resp = a.get(t, opts, ceremony{})
	if _, _, err := f.svc.FinishSignIn(ctx, flow, resp); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.FinishSignIn(ctx, flow, resp); !errors.Is(err, passkey.ErrChallengeUnknown) {
		t.Errorf("sign-in replayed: %v", err)
	}
	// A failed attempt uses the flow up too.
	opts, flow, _ = f.svc.StartSignIn(ctx)
	if _, _, err := f.svc.FinishSignIn(ctx, flow, []byte("{}")); !errors.Is(err, passkey.ErrInvalidResponse) {
		t.Errorf("a malformed response: %v", err)
	}
	if _, _, err := f.svc.FinishSignIn(ctx, flow, a.get(t, opts, ceremony{})); !errors.Is(err, passkey.ErrChallengeUnknown) {
		t.Errorf("after a malformed response: %v", err)
	}
	for _, id := range []string{"", "short", strings.Repeat("A", 32), "../../etc/passwd"} {
		if _, _, err := f.svc.FinishSignIn(ctx, id, resp); !errors.Is(err, passkey.ErrChallengeUnknown) {
			t.Errorf("flow ID %q: %v", id, err)
		}
	}
}

// TestExpiredChallenge: five minutes after the options, the challenge is
// refused, by the package's own check (the library's, for a discoverable
// login, is none) and by the store.
func TestExpiredChallenge(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, nil)
	a := newAuthenticator(t)

	// The relying party alone, with the state in hand.
	opts, st, err := f.rp.BeginRegistration(alice, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := f.clock.Now().Add(passkey.ChallengeTTL); !st.Expires.Equal(want) {
		t.Errorf("expires %v, want %v", st.Expires, want)
	}
	resp := a.create(t, opts, ceremony{})
	f.clock.Advance(passkey.ChallengeTTL)
	if _, err := f.rp.FinishRegistration(st, alice, nil, resp, ""); !errors.Is(err, passkey.ErrChallengeExpired) {
		t.Errorf("registration: %v", err)
	}
	f.mustRegister(t, alice, a)
	opts, st, err = f.rp.BeginLogin()
	if err != nil {
		t.Fatal(err)
	}
	lookup := func(id []byte) (passkey.Credential, error) { return f.store.GetByCredentialID(ctx, id) }
	resp = a.get(t, opts, ceremony{})
	f.clock.Advance(passkey.ChallengeTTL - time.Millisecond)
	if _, _, err := f.rp.FinishLogin(st, resp, lookup); err != nil {
		t.Errorf("a millisecond before expiry: %v", err)
	}
	resp = a.get(t, opts, ceremony{})
	f.clock.Advance(time.Millisecond)
	if _, _, err := f.rp.FinishLogin(st, resp, lookup); !errors.Is(err, passkey.ErrChallengeExpired) {
		t.Errorf("login at expiry: %v", err)
	}

	// Through the service, the store forgets it too.
	opts, flow, err := f.svc.StartSignIn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(passkey.ChallengeTTL)
	if _, _, err := f.svc.FinishSignIn(ctx, flow, a.get(t, opts, ceremony{})); !errors.Is(err, passkey.ErrChallengeUnknown) {
		t.Errorf("service: %v", err)
	}
}

// TestStateOfTheOtherCeremony: a registration state cannot finish a
// sign-in, nor a sign-in state a registration.
func TestStateOfTheOtherCeremony(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t, nil)
	a := newAuthenticator(t)
	f.mustRegister(t, alice, a)

	opts, flow, err := f.svc.StartRegistration(ctx, alice)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.FinishSignIn(ctx, flow, a.get(t, opts, ceremony{})); !errors.Is(err, passkey.ErrWrongCeremony) {
		t.Errorf("registration flow used to sign in: %v", err)
	}
	opts, flow, err = f.svc.StartSignIn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.FinishRegistration(ctx, alice, flow, newAuthenticator(t).create(t, opts, ceremony{rpID: "example.com"}), ""); !errors.Is(err, passkey.ErrWrongCeremony) {
		t.Errorf("sign-in flow used to register: %v", err)
	}
	// A registration state of one user, finished by another.
	_, flow, err = f.svc.StartRegistration(ctx, alice)
	if err != nil {
		t.Fatal(err)
	}
	opts, _, _ = f.svc.StartRegistration(ctx, bob)
	if _, err := f.svc.FinishRegistration(ctx, bob, flow, newAuthenticator(t).create(t, opts, ceremony{}), ""); !errors.Is(err, passkey.ErrWrongUser) {
		t.Errorf("alice's flow finished by bob: %v", err)
	}
}

// TestDeletedPasskey: a deleted passkey signs in no more, and is refused
// as unknown.
func TestDeletedPasskey(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	a := newAuthenticator(t)
	cred := f.mustRegister(t, alice, a)
	if err := f.store.Delete(context.Background(), bob.ID, cred.ID); !errors.Is(err, passkey.ErrNotFound) {
		t.Errorf("bob deleting alice's passkey: %v", err)
	}
	if err := f.store.Delete(context.Background(), alice.ID, cred.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.signIn(t, a, ceremony{}); !errors.Is(err, passkey.ErrUnknownCredential) {
		t.Errorf("sign-in with a deleted passkey: %v", err)
	}
	stranger := newAuthenticator(t)
	stranger.userHandle = []byte(alice.ID)
	if _, _, err := f.signIn(t, stranger, ceremony{}); !errors.Is(err, passkey.ErrUnknownCredential) {
		t.Errorf("sign-in with a passkey never registered: %v", err)
	}
}

// TestAnotherUsersCredential: alice's credential presented with bob's
// user handle is refused, whichever user the response names.
func TestAnotherUsersCredential(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	a := newAuthenticator(t)
	f.mustRegister(t, alice, a)
	f.mustRegister(t, bob, newAuthenticator(t))
	if _, _, err := f.signIn(t, a, ceremony{userHandle: []byte(bob.ID)}); !errors.Is(err, passkey.ErrCredentialUser) {
		t.Errorf("got %v", err)
	}
	// The same credential cannot be registered to bob either.
	if _, err := f.register(t, bob, a, ceremony{}, ""); !errors.Is(err, passkey.ErrCredentialExists) {
		t.Errorf("alice's credential registered to bob: %v", err)
	}
}

// TestCounterless: an authenticator that keeps no counter (0 every time,
// as synced passkeys) signs in again and again; one that starts counting
// later is accepted, and then held to it.
func TestCounterless(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	a := newAuthenticator(t)
	a.noCounter = true
	f.mustRegister(t, alice, a)
	for i := range 3 {
		if _, c, err := f.signIn(t, a, ceremony{}); err != nil || c.SignCount != 0 {
			t.Fatalf("sign-in %d: %+v, %v", i, c, err)
		}
	}
	five, zero := uint32(5), uint32(0)
	if _, _, err := f.signIn(t, a, ceremony{counter: &five}); err != nil {
		t.Fatalf("a counter from 0 to 5: %v", err)
	}
	if _, _, err := f.signIn(t, a, ceremony{counter: &zero}); !errors.Is(err, passkey.ErrClonedAuthenticator) {
		t.Errorf("back to 0: %v", err)
	}
}

// TestTooManyPasskeys: an account holds MaxPasskeys at most, checked at
// both ends of the ceremony, and a credential it has is not registered
// twice.
func TestTooManyPasskeys(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	a := newAuthenticator(t)
	f.mustRegister(t, alice, a)
	opts, st, err := f.rp.BeginRegistration(alice, nil)
	if err != nil {
		t.Fatal(err)
	}
	existing, _ := f.store.ListByUser(context.Background(), alice.ID)
	if _, err := f.rp.FinishRegistration(st, alice, existing, a.create(t, opts, ceremony{}), ""); !errors.Is(err, passkey.ErrCredentialExists) {
		t.Errorf("the same credential twice: %v", err)
	}
	f.mustRegister(t, alice, newAuthenticator(t))
	// Options of the third, then a third made elsewhere: the limit holds
	// at the finish too.
	opts, flow, err := f.svc.StartRegistration(context.Background(), alice)
	if err != nil {
		t.Fatal(err)
	}
	f.mustRegister(t, alice, newAuthenticator(t))
	if _, err := f.svc.FinishRegistration(context.Background(), alice, flow, newAuthenticator(t).create(t, opts, ceremony{}), ""); !errors.Is(err, passkey.ErrTooManyPasskeys) {
		t.Errorf("finish over the limit: %v", err)
	}
	if _, _, err := f.svc.StartRegistration(context.Background(), alice); !errors.Is(err, passkey.ErrTooManyPasskeys) {
		t.Errorf("start over the limit: %v", err)
	}
}

// random returns n random bytes.
func random(t testing.TB, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}
