package passkey

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Credential is one registered passkey: what verifying its next sign-in
// needs, and what the account page shows.
type Credential struct {
	// ID is the passkey's own ID, derived from CredentialID ([PasskeyID]):
	// 32 characters of a-z and 2-7, for URLs such as /me/passkeys/{id} and
	// as the Appwrite row ID.
	ID string
	// CredentialID is the authenticator's credential ID (1 to 1023 bytes).
	CredentialID []byte
	// UserID is the Appwrite user the passkey signs in, also its WebAuthn
	// user handle.
	UserID string
	// PublicKey is the credential public key as the authenticator gave it
	// (a COSE_Key, which the library reads).
	PublicKey []byte
	// SignCount is the last signature counter seen (0 for authenticators
	// that keep none, as synced passkeys do).
	SignCount uint32
	// Transports are how the browser can reach the authenticator ("usb",
	// "nfc", "ble", "smart-card", "hybrid", "internal"), as it reported.
	Transports []string
	// AAGUID names the authenticator's model (16 bytes; all zero when the
	// authenticator does not say).
	AAGUID []byte
	// BackupEligible: the passkey may be synced (it never changes);
	// BackupState: it is backed up now (it may change at each sign-in).
	BackupEligible bool
	BackupState    bool
	// Name is what the account page shows: the authenticator's name when
	// its AAGUID is known, else the one the browser gave, else "Passkey";
	// the user may rename it.
	Name string
	// CreatedAt is when it was registered; LastUsedAt when it last signed
	// in (zero: never).
	CreatedAt  time.Time
	LastUsedAt time.Time
}

// Limits of a credential's fields, as the Appwrite table's columns hold
// them.
const (
	// MaxCredentialIDLen is WebAuthn's bound on a credential ID.
	MaxCredentialIDLen = 1023
	// MaxPublicKeyLen bounds a public key (an RSA-4096 COSE key is about
	// 530 bytes; the P-256 keys of nearly every passkey about 77).
	MaxPublicKeyLen = 768
	// MaxNameLen is the most characters of a passkey's name.
	MaxNameLen = 64
	// maxTransports bounds the transports kept.
	maxTransports = 8
)

// PasskeyID returns the passkey ID of a credential ID: 160 bits of its
// SHA-256 in lower-case base32, 32 characters, a valid Appwrite row ID
// whatever the credential ID holds.
func PasskeyID(credentialID []byte) string {
	sum := sha256.Sum256(credentialID)
	return flowEncoding.EncodeToString(sum[:20])
}

// ValidPasskeyID reports whether s has the shape of a passkey ID (a path
// parameter is checked before any store is asked).
func ValidPasskeyID(s string) bool { return ValidFlowID(s) }

// CleanName makes a passkey name fit to keep and show: control and
// format characters become spaces, runs of spaces one, invalid UTF-8 is
// dropped, the ends are trimmed, and the name is cut at MaxNameLen
// characters. It returns "" for a name with nothing left.
func CleanName(name string) string {
	var b strings.Builder
	space := false
	n := 0
	for _, r := range strings.ToValidUTF8(name, "") {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r) || r == utf8.RuneError {
			space = b.Len() > 0
			continue
		}
		if space {
			if n+1 >= MaxNameLen {
				break
			}
			b.WriteByte(' ')
			n++
			space = false
		}
		if n >= MaxNameLen {
			break
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// AuthenticatorName returns the name of the authenticator model an AAGUID
// names, or "" when it is not one of the common ones the package knows.
func AuthenticatorName(aaguid []byte) string {
	if len(aaguid) != 16 {
		return ""
	}
	return aaguidNames[formatAAGUID(aaguid)]
}

// formatAAGUID writes a 16-byte AAGUID as a lower-case UUID.
func formatAAGUID(b []byte) string {
	if len(b) != 16 {
		return ""
	}
	h := hex.EncodeToString(b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// parseAAGUID reads a UUID written by formatAAGUID ("" is no AAGUID).
func parseAAGUID(s string) ([]byte, bool) {
	if s == "" {
		return nil, true
	}
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return nil, false
	}
	b, err := hex.DecodeString(s[0:8] + s[9:13] + s[14:18] + s[19:23] + s[24:36])
	return b, err == nil && strings.ToLower(s) == s
}

// aaguidNames are the AAGUIDs of common passkey providers, as the
// community list at github.com/passkeydeveloper/passkey-authenticator-aaguids
// names them. Security keys report an AAGUID per model and firmware, too
// many to list: theirs get the browser's name.
var aaguidNames = map[string]string{
	"ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4": "Google Password Manager",
	"adce0002-35bc-c60a-648b-0b25f1f05503": "Chrome on Mac",
	"b5397666-4885-aa6b-cebf-e52262a439a2": "Chromium Browser",
	"771b48fd-d3d4-4f74-9232-fc157ab0507a": "Edge on Mac",
	"08987058-cadc-4b81-b6e1-30de50dcbe96": "Windows Hello",
	"9ddd1817-af5a-4672-a2b9-3e3dd95000a9": "Windows Hello",
	"6028b017-b1d4-4c02-b4b3-afcdafc96bb2": "Windows Hello",
	"fbfc3007-154e-4ecc-8c0b-6e020557d7bd": "Apple Passwords",
	"dd4ec289-e01d-41c9-bb89-70fa845d4bf2": "iCloud Keychain (Managed)",
	"53414d53-554e-4700-0000-000000000000": "Samsung Pass",
	"bada5566-a7aa-401f-bd96-45619a55120d": "1Password",
	"d548826e-79b4-db40-a3d8-11116f7e8349": "Bitwarden",
	"531126d6-e717-415c-9320-3d9aa6981239": "Dashlane",
	"b84e4048-15dc-4dd0-8640-f4f60813c8af": "NordPass",
	"0ea242b4-43c4-4a1b-8b17-dd6d0b6baec6": "Keeper",
	"f3809540-7f14-49c1-a8b3-8f813b225541": "Enpass",
	"fdb141b2-5d84-443e-8a35-4698c205a502": "KeePassXC",
	"50726f74-6f6e-5061-7373-50726f746f6e": "Proton Pass",
}

// knownTransports are the transports WebAuthn defines.
var knownTransports = map[string]bool{"usb": true, "nfc": true, "ble": true, "smart-card": true, "hybrid": true, "internal": true}

// cleanTransports keeps the known transports, once each, in order, at
// most maxTransports.
func cleanTransports(in []string) []string {
	out := []string{}
	for _, t := range in {
		if knownTransports[t] && len(out) < maxTransports && !contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// contains reports whether list holds s.
func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
