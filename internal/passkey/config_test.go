package passkey_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"openruntimes/handler/internal/passkey"
)

// TestNewConfig: which configurations New accepts, the RP ID it takes,
// and why it refuses the others.
func TestNewConfig(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		cfg     passkey.Config
		rpID    string // accepted with this RP ID, or
		refused string // refused with an error containing this
	}{
		{"public URL's host", passkey.Config{PublicURL: "https://auth.example.com"}, "auth.example.com", ""},
		{"frontend under the function's host", passkey.Config{PublicURL: "https://example.com", AllowedOrigins: []string{"https://app.example.com"}}, "example.com", ""},
		{"parent domain configured", passkey.Config{PublicURL: "https://auth.example.com", AllowedOrigins: []string{"https://app.example.com"}, RPID: "example.com"}, "example.com", ""},
		{"RP ID upper case, trimmed", passkey.Config{PublicURL: "https://auth.example.com", RPID: " Example.COM "}, "example.com", ""},
		{"RP ID alone with origins", passkey.Config{AllowedOrigins: []string{"https://www.example.co.uk:8443"}, RPID: "example.co.uk"}, "example.co.uk", ""},
		{"wildcard origin", passkey.Config{RPID: "example.com", AllowedOrigins: []string{"https://*.example.com"}}, "example.com", ""},
		{"localhost", passkey.Config{PublicURL: "http://localhost:8080", AllowedOrigins: []string{"http://localhost:5173", "http://app.localhost:3000"}}, "localhost", ""},
		{"sibling origin", passkey.Config{PublicURL: "https://auth.example.com", AllowedOrigins: []string{"https://app.example.com"}}, "",
			"not a registrable suffix of the host of origin https://app.example.com: browsers refuse passkeys there; set the RP ID to a parent domain every origin shares, such as example.com"},
		{"unrelated origin", passkey.Config{RPID: "example.com", AllowedOrigins: []string{"https://example.net"}}, "", "not a registrable suffix"},
		{"suffix without a dot", passkey.Config{RPID: "ample.com", AllowedOrigins: []string{"https://example.com"}}, "", "not a registrable suffix"},
		{"wildcard wider than the RP ID", passkey.Config{RPID: "app.example.com", AllowedOrigins: []string{"https://*.example.com"}}, "", "not a registrable suffix"},
		{"bare top-level name", passkey.Config{RPID: "com", AllowedOrigins: []string{"https://example.com"}}, "", "bare top-level name"},
		{"IP address", passkey.Config{PublicURL: "https://192.0.2.1"}, "", "IP address"},
		{"IP RP ID", passkey.Config{RPID: "192.0.2.1", AllowedOrigins: []string{"https://example.com"}}, "", "IP address"},
		{"RP ID with a port", passkey.Config{RPID: "example.com:443", AllowedOrigins: []string{"https://example.com"}}, "", "not a domain name"},
		{"RP ID as a URL", passkey.Config{RPID: "https://example.com", AllowedOrigins: []string{"https://example.com"}}, "", "not a domain name"},
		{"http origin", passkey.Config{RPID: "example.com", AllowedOrigins: []string{"http://app.example.com"}}, "", "need https"},
		{"origin with a path", passkey.Config{RPID: "example.com", AllowedOrigins: []string{"https://app.example.com/login"}}, "", "not an origin"},
		{"public URL with a path", passkey.Config{PublicURL: "https://auth.example.com/v1"}, "", "must be an origin"},
		{"nothing", passkey.Config{}, "", "no relying party ID"},
		{"no origin", passkey.Config{RPID: "example.com"}, "", "no origin"},
		{"too many passkeys", passkey.Config{PublicURL: "https://example.com", MaxPasskeys: 1000}, "", "MaxPasskeys"},
	} {
		rp, err := passkey.New(tc.cfg)
		switch {
		case tc.refused != "" && (err == nil || !strings.Contains(err.Error(), tc.refused)):
			t.Errorf("%s: New = %v, want an error containing %q", tc.name, err, tc.refused)
		case tc.refused == "" && err != nil:
			t.Errorf("%s: New: %v", tc.name, err)
		case tc.refused == "" && rp.RPID() != tc.rpID:
			t.Errorf("%s: RP ID %q, want %q", tc.name, rp.RPID(), tc.rpID)
		}
	}
	rp, err := passkey.New(passkey.Config{PublicURL: "https://auth.example.com:443/", AllowedOrigins: []string{"https://APP.example.com", "https://*.preview.example.com"}, RPID: "example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rp.Origins(), " "); got != "https://auth.example.com https://app.example.com https://*.preview.example.com" {
		t.Errorf("origins %q", got)
	}
	if rp.MaxPasskeys() != passkey.DefaultMaxPasskeys {
		t.Errorf("MaxPasskeys %d", rp.MaxPasskeys())
	}
}

// TestStateEncoding: states survive their encoding, which is compact, and
// malformed ones are refused.
func TestStateEncoding(t *testing.T) {
	t.Parallel()
	exp := time.UnixMilli(1780000000123)
	for _, st := range []passkey.State{
		{Ceremony: passkey.Registration, Challenge: random(t, 32), UserID: "alice01", Expires: exp},
		{Ceremony: passkey.Login, Challenge: random(t, 32), Expires: exp},
	} {
		enc, err := st.Encode()
		if err != nil {
			t.Fatal(err)
		}
		if len(enc) > 120 {
			t.Errorf("encoding of %d characters", len(enc))
		}
		back, err := passkey.DecodeState(enc)
		if err != nil || back.Ceremony != st.Ceremony || string(back.Challenge) != string(st.Challenge) || back.UserID != st.UserID || !back.Expires.Equal(st.Expires) {
			t.Errorf("round trip of %+v: %+v, %v", st, back, err)
		}
	}
	for name, st := range map[string]passkey.State{
		"no ceremony":           {Challenge: random(t, 32), Expires: exp},
		"short challenge":       {Ceremony: passkey.Login, Challenge: random(t, 8), Expires: exp},
		"registration, no user": {Ceremony: passkey.Registration, Challenge: random(t, 32), Expires: exp},
		"login with a user":     {Ceremony: passkey.Login, Challenge: random(t, 32), UserID: "x", Expires: exp},
		"bad user ID":           {Ceremony: passkey.Registration, Challenge: random(t, 32), UserID: "a b", Expires: exp},
		"no expiry":             {Ceremony: passkey.Login, Challenge: random(t, 32)},
	} {
		if _, err := st.Encode(); err == nil {
			t.Errorf("%s: encoded", name)
		}
	}
	good, _ := passkey.State{Ceremony: passkey.Login, Challenge: random(t, 32), Expires: exp}.Encode()
	for _, bad := range []string{"", "AQ", good + "AA", good[:len(good)-2], "!" + good[1:], strings.Repeat("A", 300)} {
		if _, err := passkey.DecodeState(bad); err == nil {
			t.Errorf("DecodeState(%q) accepted", bad)
		}
	}
}

// FuzzDecodeState: whatever a store hands back, DecodeState does not
// panic, and what it accepts encodes back to the same string.
func FuzzDecodeState(f *testing.F) {
	for _, st := range []passkey.State{
		{Ceremony: passkey.Registration, Challenge: make([]byte, 32), UserID: "alice01", Expires: time.UnixMilli(1)},
		{Ceremony: passkey.Login, Challenge: make([]byte, 16), Expires: time.UnixMilli(1780000000000)},
	} {
		enc, _ := st.Encode()
		f.Add(enc)
	}
	f.Add("AQIAAAGV")
	f.Fuzz(func(t *testing.T, s string) {
		st, err := passkey.DecodeState(s)
		if err != nil {
			return
		}
		enc, err := st.Encode()
		if err != nil || enc != s {
			t.Fatalf("decoded %q to %+v, which encodes to %q, %v", s, st, enc, err)
		}
	})
}

// TestMemoryChallengeStore: single use, expiry and the bound.
func TestMemoryChallengeStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c := newClock()
	s := passkey.NewMemoryChallengeStore(2, c.Now)
	if err := s.Put(ctx, "a", []byte("1"), time.Minute); err != nil {
		t.Fatal(err)
	}
	if v, err := s.Take(ctx, "a"); err != nil || string(v) != "1" {
		t.Errorf("Take = %q, %v", v, err)
	}
	if _, err := s.Take(ctx, "a"); !errors.Is(err, passkey.ErrChallengeUnknown) {
		t.Errorf("Take twice: %v", err)
	}
	_ = s.Put(ctx, "b", []byte("2"), time.Minute)
	_ = s.Put(ctx, "c", []byte("3"), 2*time.Minute)
	if err := s.Put(ctx, "d", []byte("4"), time.Minute); !errors.Is(err, passkey.ErrChallengeStoreFull) {
		t.Errorf("Put into a full store: %v", err)
	}
	if err := s.Put(ctx, "c", []byte("3b"), 2*time.Minute); err != nil {
		t.Errorf("replacing a key of a full store: %v", err)
	}
	c.Advance(time.Minute)
	if _, err := s.Take(ctx, "b"); !errors.Is(err, passkey.ErrChallengeUnknown) {
		t.Errorf("Take at expiry: %v", err)
	}
	_ = s.Put(ctx, "b", []byte("2"), time.Second) // full again, b live
	c.Advance(time.Second)
	if err := s.Put(ctx, "d", []byte("4"), time.Minute); err != nil {
		t.Errorf("Put when a sweep can free room: %v", err)
	}
	if s.Len() != 2 {
		t.Errorf("Len = %d after the sweep", s.Len())
	}
	if v, err := s.Take(ctx, "c"); err != nil || string(v) != "3b" {
		t.Errorf("Take c = %q, %v", v, err)
	}
	// The store keeps its own copy of the value.
	v := []byte("5")
	_ = s.Put(ctx, "e", v, time.Minute)
	v[0] = 'x'
	if got, _ := s.Take(ctx, "e"); string(got) != "5" {
		t.Errorf("the caller's slice changed the stored value: %q", got)
	}
}

// TestFlowIDs: flow IDs are random and of one shape.
func TestFlowIDs(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 100 {
		id, err := passkey.NewFlowID()
		if err != nil || !passkey.ValidFlowID(id) || seen[id] {
			t.Fatalf("flow ID %q, %v", id, err)
		}
		seen[id] = true
	}
	for _, bad := range []string{"", strings.Repeat("a", 31), strings.Repeat("a", 33), strings.Repeat("1", 32), strings.Repeat("A", 32)} {
		if passkey.ValidFlowID(bad) {
			t.Errorf("ValidFlowID(%q)", bad)
		}
	}
}

// TestAuthenticatorName: known AAGUIDs have names, others none.
func TestAuthenticatorName(t *testing.T) {
	t.Parallel()
	icloud := []byte{0xfb, 0xfc, 0x30, 0x07, 0x15, 0x4e, 0x4e, 0xcc, 0x8c, 0x0b, 0x6e, 0x02, 0x05, 0x57, 0xd7, 0xbd}
	if got := passkey.AuthenticatorName(icloud); got != "Apple Passwords" {
		t.Errorf("iCloud: %q", got)
	}
	if got := passkey.AuthenticatorName(make([]byte, 16)); got != "" {
		t.Errorf("zero AAGUID: %q", got)
	}
	if got := passkey.AuthenticatorName([]byte{1, 2}); got != "" {
		t.Errorf("short AAGUID: %q", got)
	}
}

// TestCleanName: names as the browser or the user sends them.
func TestCleanName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"YubiKey 5":                    "YubiKey 5",
		"  a \t\n b  ":                 "a b",
		"\u202eevil\u200d":             "evil",
		"bad\xffutf8":                  "badutf8",
		"":                             "",
		" \n ":                         "",
		strings.Repeat("ab ", 40):      strings.TrimSpace(strings.Repeat("ab ", 40)[:passkey.MaxNameLen]),
		strings.Repeat("x", 63) + " y": strings.Repeat("x", 63),
	} {
		if got := passkey.CleanName(in); got != want {
			t.Errorf("CleanName(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzCleanName: a cleaned name is valid UTF-8, at most MaxNameLen
// characters, without control, format or leading, trailing or double
// spaces, and cleaning it again changes nothing.
func FuzzCleanName(f *testing.F) {
	for _, s := range []string{"Phone", " a\tb ", "\u200bx\u0000", strings.Repeat("é ", 50), "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := passkey.CleanName(s)
		if !utf8.ValidString(got) || utf8.RuneCountInString(got) > passkey.MaxNameLen || strings.TrimSpace(got) != got || strings.Contains(got, "  ") {
			t.Fatalf("CleanName(%q) = %q", s, got)
		}
		for _, r := range got {
			if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r) && r != ' ' {
				t.Fatalf("CleanName(%q) = %q keeps %U", s, got, r)
			}
		}
		if again := passkey.CleanName(got); again != got {
			t.Fatalf("CleanName not idempotent: %q → %q → %q", s, got, again)
		}
	})
}

// FuzzFinishLogin: whatever a browser sends as a sign-in response, the
// package does not panic and accepts nothing but a good signature.
func FuzzFinishLogin(f *testing.F) {
	fx := newFixture(f, nil)
	a := newAuthenticator(f)
	fx.mustRegister(f, alice, a)
	opts, st, err := fx.rp.BeginLogin()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(a.get(f, opts, ceremony{badSig: true}))
	f.Add(a.get(f, opts, ceremony{clearFlags: flagUV}))
	f.Add([]byte(`{"id":"AA","rawId":"AA","type":"public-key","response":{}}`))
	f.Add([]byte(`null`))
	lookup := func(id []byte) (passkey.Credential, error) {
		return fx.store.GetByCredentialID(context.Background(), id)
	}
	f.Fuzz(func(t *testing.T, response []byte) {
		if _, _, err := fx.rp.FinishLogin(st, response, lookup); err == nil {
			t.Fatalf("accepted %q", response)
		}
	})
}

// FuzzFinishRegistration: whatever a browser sends as a registration
// response, the package does not panic.
func FuzzFinishRegistration(f *testing.F) {
	fx := newFixture(f, nil)
	opts, st, err := fx.rp.BeginRegistration(alice, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(newAuthenticator(f).create(f, opts, ceremony{}))
	f.Add(newAuthenticator(f).create(f, opts, ceremony{rpID: "evil.example"}))
	f.Add([]byte(`{"id":"AA","rawId":"AA","type":"public-key","response":{"attestationObject":"oA","clientDataJSON":"e30"}}`))
	f.Fuzz(func(t *testing.T, response []byte) {
		c, err := fx.rp.FinishRegistration(st, alice, nil, response, "")
		if err == nil && (c.UserID != alice.ID || c.ID != passkey.PasskeyID(c.CredentialID) || c.Name == "") {
			t.Fatalf("accepted %q as %+v", response, c)
		}
	})
}
