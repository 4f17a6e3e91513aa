package server

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"time"
)

// decoys makes the stand-ins that let an answer look the same whether an
// account exists or not: a user ID for an address Appwrite refused a code
// for, an address for a confirmation page whose user ID names no account.
// Each is derived from its input with a keyed hash, so that it is the
// same every time it is asked for (a stand-in that changed would give
// itself away beside a real ID or address, which never change) and nobody
// without the key can tell it from a real one by computing it.
//
// The key is derived from APPWRITE_API_KEY when the function has a stored
// key, so every instance makes the same stand-ins; without one it is
// random per process, and a stand-in changes when the instance does.
type decoys struct {
	key []byte
}

// newDecoys returns the decoys keyed on apiKey, or on a random key when
// it is empty.
func newDecoys(apiKey string) decoys {
	if apiKey == "" {
		key := make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			panic("crypto/rand failed: " + err.Error())
		}
		return decoys{key: key}
	}
	sum := sha256.Sum256([]byte("decoys of the cookie-session function\x00" + apiKey))
	return decoys{key: sum[:]}
}

// sum returns the keyed hash of purpose and value.
func (d decoys) sum(purpose, value string) []byte {
	mac := hmac.New(sha256.New, d.key)
	mac.Write([]byte(purpose))
	mac.Write([]byte{0})
	mac.Write([]byte(value))
	return mac.Sum(nil)
}

// The span the time part of a decoy user ID falls in: the IDs of accounts
// made some time before, as those of the addresses that get a decoy are.
var (
	decoyIDsFrom  = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	decoyIDsUntil = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
)

// userID returns the decoy user ID of an e-mail address, shaped as
// Appwrite's ID::unique() is: PHP's uniqid() (8 hex digits of Unix
// seconds, 5 of microseconds) and 7 more hex digits.
func (d decoys) userID(email string) string {
	h := d.sum("user ID", email)
	span := uint64(decoyIDsUntil.Unix() - decoyIDsFrom.Unix())
	seconds := uint64(decoyIDsFrom.Unix()) + binary.BigEndian.Uint64(h[0:8])%span
	micros := binary.BigEndian.Uint32(h[8:12]) % 1_000_000
	return hex.EncodeToString(binary.BigEndian.AppendUint32(nil, uint32(seconds))) +
		hex.EncodeToString(binary.BigEndian.AppendUint32(nil, micros))[3:] +
		hex.EncodeToString(h[12:16])[:7]
}

// decoyDomains are the domains a decoy address is shown at: the mail
// providers most addresses have.
var decoyDomains = []string{
	"gmail.com", "gmail.com", "gmail.com", "gmail.com", "outlook.com", "hotmail.com",
	"yahoo.com", "icloud.com", "proton.me", "gmx.de", "web.de", "yandex.ru",
}

// mask returns the masked address a confirmation page shows for a user
// ID that names no account (or one without an address), shaped as
// maskEmail shapes a real one.
func (d decoys) mask(userID string) string {
	h := d.sum("address", userID)
	first := string(rune('a' + h[0]%26))
	return first + "***@" + decoyDomains[int(h[1])%len(decoyDomains)]
}
