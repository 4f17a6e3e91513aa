package passkey_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"testing"
)

// The software authenticator of the tests: an ECDSA P-256 key pair of its
// own, a hand-built CBOR attestation object ("none" format) and hand-built
// assertions, as a platform authenticator and a browser would make them.

// Authenticator data flags.
const (
	flagUP = 0x01 // user present
	flagUV = 0x04 // user verified
	flagBE = 0x08 // backup eligible
	flagBS = 0x10 // backed up
	flagAT = 0x40 // attested credential data included
)

// b64 is base64url without padding, as WebAuthn's JSON writes binary.
var b64 = base64.RawURLEncoding

// authenticator is one credential on a software authenticator.
type authenticator struct {
	key        *ecdsa.PrivateKey
	credID     []byte
	aaguid     [16]byte
	counter    uint32 // the next signature counts this, then counts up
	noCounter  bool   // the counter stays 0, as synced passkeys keep it
	userHandle []byte // set at registration, from the options' user.id
	flags      byte   // base flags: UP|UV, and BE|BS for a synced one
}

// newAuthenticator returns a fresh credential with a random ID whose
// counter starts at 1.
func newAuthenticator(t testing.TB) *authenticator {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	id := make([]byte, 32)
	if _, err := rand.Read(id); err != nil {
		t.Fatal(err)
	}
	return &authenticator{key: key, credID: id, counter: 1, flags: flagUP | flagUV}
}

// ceremony says how one response departs from an honest one.
type ceremony struct {
	origin     string // the page's origin; "" means testOrigin
	rpID       string // the RP ID whose hash the authenticator signs; "" means the options'
	typ        string // client data type; "" means the ceremony's own
	challenge  []byte // nil means the options'
	clearFlags byte   // flags to clear (flagUV: no user verification)
	counter    *uint32
	userHandle []byte // login: nil means the registered one
	crossOrig  bool
	badSig     bool
}

// testOrigin is the frontend of the tests.
const testOrigin = "https://app.example.com"

// options reads what the authenticator needs of the options JSON.
type options struct {
	PublicKey struct {
		Challenge string `json:"challenge"`
		RPID      string `json:"rpId"` // request options
		RP        struct {
			ID string `json:"id"`
		} `json:"rp"` // creation options
		User struct {
			ID string `json:"id"`
		} `json:"user"`
		UserVerification       string `json:"userVerification"`
		AuthenticatorSelection struct {
			ResidentKey      string `json:"residentKey"`
			UserVerification string `json:"userVerification"`
		} `json:"authenticatorSelection"`
		ExcludeCredentials []struct {
			ID string `json:"id"`
		} `json:"excludeCredentials"`
		Timeout int `json:"timeout"`
	} `json:"publicKey"`
}

// parseOptions decodes options JSON.
func parseOptions(t testing.TB, raw []byte) options {
	t.Helper()
	var o options
	if err := json.Unmarshal(raw, &o); err != nil {
		t.Fatalf("options %s: %v", raw, err)
	}
	return o
}

// clientData writes the client data JSON of a ceremony.
func clientData(t testing.TB, typ string, challenge []byte, c ceremony) []byte {
	t.Helper()
	origin := c.origin
	if origin == "" {
		origin = testOrigin
	}
	if c.typ != "" {
		typ = c.typ
	}
	b, err := json.Marshal(map[string]any{"type": typ, "challenge": b64.EncodeToString(challenge), "origin": origin, "crossOrigin": c.crossOrig})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// authData writes authenticator data: the RP ID hash, flags and counter,
// then the attested credential data when att is set.
func (a *authenticator) authData(rpID string, flags byte, counter uint32, att bool) []byte {
	h := sha256.Sum256([]byte(rpID))
	b := append([]byte{}, h[:]...)
	if att {
		flags |= flagAT
	}
	b = append(b, flags)
	b = binary.BigEndian.AppendUint32(b, counter)
	if att {
		b = append(b, a.aaguid[:]...)
		b = binary.BigEndian.AppendUint16(b, uint16(len(a.credID)))
		b = append(b, a.credID...)
		b = append(b, a.coseKey()...)
	}
	return b
}

// coseKey writes the public key as a COSE_Key: {1: 2 (EC2), 3: -7
// (ES256), -1: 1 (P-256), -2: x, -3: y}.
func (a *authenticator) coseKey() []byte {
	x := make([]byte, 32)
	y := make([]byte, 32)
	a.key.PublicKey.X.FillBytes(x)
	a.key.PublicKey.Y.FillBytes(y)
	var b []byte
	b = cborHead(b, 5, 5) // map of 5 pairs
	b = cborInt(b, 1)
	b = cborInt(b, 2)
	b = cborInt(b, 3)
	b = cborInt(b, -7)
	b = cborInt(b, -1)
	b = cborInt(b, 1)
	b = cborInt(b, -2)
	b = cborBytes(b, x)
	b = cborInt(b, -3)
	b = cborBytes(b, y)
	return b
}

// CBOR, as much as the tests write: heads, integers, byte and text
// strings, maps.

// cborHead appends a head of major type major with argument n.
func cborHead(b []byte, major byte, n uint64) []byte {
	m := major << 5
	switch {
	case n < 24:
		return append(b, m|byte(n))
	case n <= 0xff:
		return append(b, m|24, byte(n))
	case n <= 0xffff:
		return binary.BigEndian.AppendUint16(append(b, m|25), uint16(n))
	case n <= 0xffffffff:
		return binary.BigEndian.AppendUint32(append(b, m|26), uint32(n))
	}
	return binary.BigEndian.AppendUint64(append(b, m|27), n)
}

func cborInt(b []byte, n int64) []byte {
	if n >= 0 {
		return cborHead(b, 0, uint64(n))
	}
	return cborHead(b, 1, uint64(-1-n))
}

func cborBytes(b, v []byte) []byte { return append(cborHead(b, 2, uint64(len(v))), v...) }

func cborText(b []byte, s string) []byte { return append(cborHead(b, 3, uint64(len(s))), s...) }

// attestationObject writes {"fmt": "none", "attStmt": {}, "authData": …}.
func attestationObject(authData []byte) []byte {
	var b []byte
	b = cborHead(b, 5, 3)
	b = cborText(b, "fmt")
	b = cborText(b, "none")
	b = cborText(b, "attStmt")
	b = cborHead(b, 5, 0)
	b = cborText(b, "authData")
	b = cborBytes(b, authData)
	return b
}

// create answers creation options as navigator.credentials.create and
// PublicKeyCredential.toJSON would.
func (a *authenticator) create(t testing.TB, rawOptions []byte, c ceremony) []byte {
	t.Helper()
	o := parseOptions(t, rawOptions)
	challenge, err := b64.DecodeString(o.PublicKey.Challenge)
	if err != nil {
		t.Fatalf("challenge: %v", err)
	}
	if c.challenge != nil {
		challenge = c.challenge
	}
	if a.userHandle, err = b64.DecodeString(o.PublicKey.User.ID); err != nil {
		t.Fatalf("user.id: %v", err)
	}
	rpID := o.PublicKey.RP.ID
	if c.rpID != "" {
		rpID = c.rpID
	}
	counter := a.nextCounter(c)
	ad := a.authData(rpID, a.flags&^c.clearFlags, counter, true)
	resp := map[string]any{
		"id":    b64.EncodeToString(a.credID),
		"rawId": b64.EncodeToString(a.credID),
		"type":  "public-key",
		"response": map[string]any{
			"clientDataJSON":    b64.EncodeToString(clientData(t, "webauthn.create", challenge, c)),
			"attestationObject": b64.EncodeToString(attestationObject(ad)),
			"transports":        []string{"internal", "hybrid"},
		},
		"clientExtensionResults":  map[string]any{},
		"authenticatorAttachment": "platform",
	}
	b, err := json.Marshal(resp)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// get answers request options as navigator.credentials.get and
// PublicKeyCredential.toJSON would.
func (a *authenticator) get(t testing.TB, rawOptions []byte, c ceremony) []byte {
	t.Helper()
	o := parseOptions(t, rawOptions)
	challenge, err := b64.DecodeString(o.PublicKey.Challenge)
	if err != nil {
		t.Fatalf("challenge: %v", err)
	}
	if c.challenge != nil {
		challenge = c.challenge
	}
	rpID := o.PublicKey.RPID
	if rpID == "" {
		rpID = o.PublicKey.RP.ID // creation options answered with an assertion
	}
	if c.rpID != "" {
		rpID = c.rpID
	}
	counter := a.nextCounter(c)
	ad := a.authData(rpID, a.flags&^c.clearFlags, counter, false)
	cd := clientData(t, "webauthn.get", challenge, c)
	hash := sha256.Sum256(cd)
	digest := sha256.Sum256(append(append([]byte{}, ad...), hash[:]...))
	sig, err := ecdsa.SignASN1(rand.Reader, a.key, digest[:])
	if err != nil {
		t.Fatal(err)
	}
	if c.badSig {
		sig[len(sig)-1] ^= 1
	}
	handle := a.userHandle
	if c.userHandle != nil {
		handle = c.userHandle
	}
	resp := map[string]any{
		"id":    b64.EncodeToString(a.credID),
		"rawId": b64.EncodeToString(a.credID),
		"type":  "public-key",
		"response": map[string]any{
			"clientDataJSON":    b64.EncodeToString(cd),
			"authenticatorData": b64.EncodeToString(ad),
			"signature":         b64.EncodeToString(sig),
			"userHandle":        b64.EncodeToString(handle),
		},
		"clientExtensionResults":  map[string]any{},
		"authenticatorAttachment": "platform",
	}
	b, err := json.Marshal(resp)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// nextCounter returns the counter of the next signature.
func (a *authenticator) nextCounter(c ceremony) uint32 {
	if c.counter != nil {
		return *c.counter
	}
	if a.noCounter {
		return 0
	}
	n := a.counter
	a.counter++
	return n
}
