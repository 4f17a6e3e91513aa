package passkey

import (
	"crypto/rand"
	"encoding/base32"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"time"
)

// Ceremony is what a challenge was issued for.
type Ceremony uint8

// The two ceremonies.
const (
	// Registration adds a passkey to a signed-in account.
	Registration Ceremony = 1
	// Login signs in with a discoverable passkey.
	Login Ceremony = 2
)

// String names the ceremony.
func (c Ceremony) String() string {
	switch c {
	case Registration:
		return "registration"
	case Login:
		return "login"
	}
	return fmt.Sprintf("Ceremony(%d)", uint8(c))
}

// State is what the server keeps of a ceremony between its options and
// the browser's response: the challenge, what it was issued for, to whom
// (registration) and until when. It is secret only in that it must stay
// on the server (the browser has the challenge already); keep it in a
// [ChallengeStore] under a flow ID, take it back once.
type State struct {
	Ceremony  Ceremony
	Challenge []byte    // the random challenge, 32 bytes as issued
	UserID    string    // registration: the account the passkey is for; login: empty
	Expires   time.Time // millisecond precision
}

// stateVersion is the first byte of an encoded state.
const stateVersion = 1

// Bounds of a state's fields.
const (
	minChallenge = 16
	maxChallenge = 64
	maxUserID    = 64
)

// errState is the error of a state that cannot be decoded or encoded.
var errState = errors.New("passkey: malformed challenge state")

// Encode writes s compactly (about 110 characters of base64url): a
// version byte, the ceremony, the expiry in Unix milliseconds, then the
// challenge and the user ID, each after its length.
func (s State) Encode() (string, error) {
	if err := s.check(); err != nil {
		return "", err
	}
	b := make([]byte, 0, 12+len(s.Challenge)+len(s.UserID))
	b = append(b, stateVersion, byte(s.Ceremony))
	b = binary.BigEndian.AppendUint64(b, uint64(s.Expires.UnixMilli()))
	b = append(b, byte(len(s.Challenge)))
	b = append(b, s.Challenge...)
	b = append(b, byte(len(s.UserID)))
	b = append(b, s.UserID...)
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// DecodeState reads a state written by [State.Encode]. Anything else,
// including trailing bytes, is an error.
func DecodeState(encoded string) (State, error) {
	if len(encoded) > 256 {
		return State{}, errState
	}
	b, err := base64.RawURLEncoding.DecodeString(encoded)
	if err != nil || len(b) < 12 || b[0] != stateVersion {
		return State{}, errState
	}
	s := State{Ceremony: Ceremony(b[1])}
	ms := int64(binary.BigEndian.Uint64(b[2:10]))
	s.Expires = time.UnixMilli(ms)
	rest := b[10:]
	n := int(rest[0])
	if len(rest) < 1+n+1 {
		return State{}, errState
	}
	s.Challenge = append([]byte(nil), rest[1:1+n]...)
	rest = rest[1+n:]
	m := int(rest[0])
	if len(rest) != 1+m {
		return State{}, errState
	}
	s.UserID = string(rest[1:])
	if err := s.check(); err != nil {
		return State{}, err
	}
	return s, nil
}

// check reports whether s can be encoded and used.
func (s State) check() error {
	switch {
	case s.Ceremony != Registration && s.Ceremony != Login:
		return errState
	case len(s.Challenge) < minChallenge || len(s.Challenge) > maxChallenge:
		return errState
	case s.Ceremony == Registration && !validUserID(s.UserID):
		return errState
	case s.Ceremony == Login && s.UserID != "":
		return errState
	case s.Expires.UnixMilli() <= 0:
		return errState
	}
	return nil
}

// validUserID reports whether id can name a user: 1 to 64 bytes of
// letters, digits, '.', '-' and '_' (every Appwrite user ID is).
func validUserID(id string) bool {
	if id == "" || len(id) > maxUserID {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// flowEncoding writes flow IDs: lower-case base32 without padding, valid
// as an Appwrite row ID and as a cookie value.
var flowEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// flowIDLen is the length of a flow ID: 160 random bits.
const flowIDLen = 32

// NewFlowID returns a new random flow ID: 32 characters of a-z and 2-7
// (160 bits), to key a state in a [ChallengeStore] and to put in the
// browser's flow cookie.
func NewFlowID() (string, error) {
	var b [20]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("passkey: no randomness: %w", err)
	}
	return flowEncoding.EncodeToString(b[:]), nil
}

// ValidFlowID reports whether s has the shape of a flow ID; a cookie value
// that has not is refused before any store is asked.
func ValidFlowID(s string) bool {
	if len(s) != flowIDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '2' && c <= '7') {
			return false
		}
	}
	return true
}
