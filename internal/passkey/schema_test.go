package passkey_test

import (
	"encoding/json"
	"testing"

	"openruntimes/handler/internal/passkey"
)

// wantTable is the declaration appwrite.json's "tables" gets for the
// store (database auth, table passkeys).
const wantTable = `{
  "$id": "passkeys",
  "$permissions": [],
  "databaseId": "auth",
  "name": "passkeys",
  "enabled": true,
  "rowSecurity": false,
  "columns": [
    {"key": "credentialId", "type": "string", "required": true, "array": false, "size": 1364},
    {"key": "userId", "type": "string", "required": true, "array": false, "size": 64},
    {"key": "publicKey", "type": "string", "required": true, "array": false, "size": 1024},
    {"key": "signCount", "type": "integer", "required": true, "array": false, "min": 0, "max": 4294967295},
    {"key": "transports", "type": "string", "required": false, "array": true, "size": 16},
    {"key": "aaguid", "type": "string", "required": true, "array": false, "size": 36},
    {"key": "backupEligible", "type": "boolean", "required": true, "array": false},
    {"key": "backupState", "type": "boolean", "required": true, "array": false},
    {"key": "name", "type": "string", "required": true, "array": false, "size": 64},
    {"key": "createdAt", "type": "integer", "required": true, "array": false, "min": 0, "max": 9999999999999},
    {"key": "lastUsedAt", "type": "integer", "required": false, "array": false, "min": 0, "max": 9999999999999}
  ],
  "indexes": [
    {"key": "by_user", "type": "key", "columns": ["userId"], "orders": ["ASC"]}
  ]
}`

// TestAppwriteTable: the declaration is the one documented (and proposed
// for appwrite.json).
func TestAppwriteTable(t *testing.T) {
	t.Parallel()
	got, err := json.Marshal(passkey.AppwriteTable("auth", "passkeys"))
	if err != nil {
		t.Fatal(err)
	}
	var a, b any
	if err := json.Unmarshal(got, &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(wantTable), &b); err != nil {
		t.Fatal(err)
	}
	ga, _ := json.Marshal(a)
	gb, _ := json.Marshal(b)
	if string(ga) != string(gb) {
		t.Errorf("AppwriteTable =\n%s\nwant\n%s", ga, gb)
	}
}
