package server

import (
	"encoding/json"
	"testing"
)

// TestUserAppendJSON checks the hand-written encoder against
// encoding/json, with values that need escaping.
func TestUserAppendJSON(t *testing.T) {
	t.Parallel()
	users := []User{
		{},
		{ID: "u1", CreatedAt: "2030-01-01T00:00:00.000+00:00", Name: `Ada "<Lovelace>" & co`, Status: true,
			Labels: []string{"vip", "beta\n"}, Email: "ada@example.com", Phone: "+44", EmailVerification: true,
			MFA: true, Prefs: json.RawMessage(`{"theme":"dark","n":[1,2]}`), AccessedAt: "x\u2028y"},
	}
	for _, u := range users {
		u.normalize()
		want, err := json.Marshal(&u)
		if err != nil {
			t.Fatal(err)
		}
		if got := u.AppendJSON(nil); string(got) != string(want) {
			t.Errorf("AppendJSON = %s\nwant          %s", got, want)
		}
	}
}
