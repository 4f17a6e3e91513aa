package appwritetest

import (
	"net/http"
	"net/url"
	"reflect"
	"testing"

	"github.com/appwrite/sdk-for-go/query"
)

// TestAddValues checks how query strings and form bodies become params,
// as PHP reads them: name[] and name[0] both make arrays.
func TestAddValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		raw  string
		want map[string]any
	}{
		{"a=1&b=2", map[string]any{"a": "1", "b": "2"}},
		{"a=1&a=2", map[string]any{"a": "2"}},
		{"q[]=x&q[]=y", map[string]any{"q": []any{"x", "y"}}},
		{"q[0]=x&q[1]=y", map[string]any{"q": []any{"x", "y"}}},
		{"q%5B0%5D=x&q%5B1%5D=y", map[string]any{"q": []any{"x", "y"}}},
		{"q[1]=y&q[0]=x", map[string]any{"q": []any{"y", "x"}}},
		{"q[0]=x&q[0]=z", map[string]any{"q": []any{"z"}}},
		{"q[]=x&q[5]=y&q[]=z", map[string]any{"q": []any{"x", "y", "z"}}},
		{"q[a]=x", map[string]any{"q": map[string]any{"a": "x"}}},
		{"q=x&q[]=y", map[string]any{"q": []any{"y"}}},
		{"q[]=y&q=x", map[string]any{"q": "x"}},
		{"a=%zz&b=1&&=3", map[string]any{"b": "1"}},
		{"total=false&queries[0]=%7B%7D", map[string]any{"total": "false", "queries": []any{"{}"}}},
	}
	for _, tc := range tests {
		got := map[string]any{}
		addValues(got, tc.raw)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("addValues(%q) = %#v, want %#v", tc.raw, got, tc.want)
		}
	}
}

// TestIdentityQueriesBothEncodings is the security check behind the array
// encodings: a list of identities filtered by userId, sent as SDK v1.0.0
// does (queries[]=) or as newer SDKs do (queries[0]=), lists that user's
// identity and no other user's, on every version. When queries[0]= was
// ignored the filter matched everything, and a take-back that deletes
// every identity it lists deleted other users'.
func TestIdentityQueriesBothEncodings(t *testing.T) {
	t.Parallel()
	for _, version := range allVersions {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			e := New(WithServerVersion(version))
			victim := seedUser(t, e, "victim@example.com")
			other := seedUser(t, e, "other@example.com")
			mustOK(t, "AddIdentity", e.AddIdentity(victim, "github", "victim@example.com"))
			mustOK(t, "AddIdentity", e.AddIdentity(other, "github", "other@example.com"))
			byVictim := query.Equal("userId", victim)
			encodings := map[string]string{
				"queries[]":          url.Values{"queries[]": {byVictim}}.Encode(),
				"queries[0]":         url.Values{"queries[0]": {byVictim}}.Encode(),
				"queries[0] literal": "queries[0]=" + url.QueryEscape(byVictim),
				"queries[0], [1]":    url.Values{"queries[0]": {byVictim}, "queries[1]": {query.Equal("userId", victim)}}.Encode(),
			}
			for name, raw := range encodings {
				r := rawCall{method: "GET", url: "/v1/users/identities?" + raw, header: map[string]string{"X-Appwrite-Key": e.APIKey()}}.do(t, e)
				var list struct {
					Total      int
					Identities []struct{ UserID string }
				}
				r.decode(t, &list)
				if r.status != http.StatusOK || list.Total != 1 || len(list.Identities) != 1 {
					t.Errorf("%s: %d %s, want the victim's one identity", name, r.status, r.body)
				}
				for _, id := range list.Identities {
					if id.UserID != victim {
						t.Errorf("%s: lists %s's identity, filtered on %s", name, id.UserID, victim)
					}
				}
			}
			// What Appwrite refuses in either encoding, so must the emulator.
			for name, path := range map[string]string{
				"users, queries[0]=garbage":   "/v1/users/identities?queries[0]=garbage",
				"users, queries[]=garbage":    "/v1/users/identities?queries[]=garbage",
				"account, queries[0]=garbage": "/v1/account/identities?queries[0]=garbage",
				"users, queries[x]":           "/v1/users/identities?queries[x]=" + url.QueryEscape(byVictim),
			} {
				header := map[string]string{"X-Appwrite-Key": e.APIKey()}
				if name[:7] == "account" {
					secret, _ := login(t, e, "victim@example.com", testPassword)
					header = map[string]string{"X-Appwrite-Session": secret}
				}
				r := rawCall{method: "GET", url: path, header: header}.do(t, e)
				if r.errType() != "general_argument_invalid" {
					t.Errorf("%s: %d %s, want 400 general_argument_invalid", name, r.status, r.body)
				}
			}
		})
	}
}
