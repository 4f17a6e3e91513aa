package server

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// appwriteAccount is an account as Appwrite 1.8 sends it, targets and all.
const appwriteAccount = `{"$id":"6650c1f3a2b4c5d6e7f8","$createdAt":"2026-11-27T05:21:50.123+00:00","$updatedAt":"2026-11-27T05:21:50.123+00:00",` +
	`"name":"Ada Lovelace","registration":"2026-11-27T05:21:50.123+00:00","status":true,"labels":["vip","beta"],` +
	`"passwordUpdate":"2026-11-27T05:21:50.123+00:00","email":"ada@example.com","phone":"","emailVerification":false,` +
	`"phoneVerification":false,"mfa":false,"prefs":{"theme":"dark","n":[1,2.5e-3,-0],"o":{"x":null}},` +
	`"targets":[{"$id":"t1","$createdAt":"2026-11-27T05:21:50.123+00:00","$updatedAt":"2026-11-27T05:21:50.123+00:00",` +
	`"name":"","userId":"6650c1f3a2b4c5d6e7f8","providerId":null,"providerType":"email","identifier":"ada@example.com","expired":false}],` +
	`"accessedAt":"2026-11-27T05:21:50.123+00:00"}`

// userInputs are inputs on both sides of every check of the fast path.
var userInputs = []string{
	appwriteAccount,
	`{}`, ` { } `, `{"$id":"u"}`, `{"$id":"u","$id":"v"}`,
	`{"name":"caf\u00e9"}`, `{"name":"café"}`, `{"name":"a\"b"}`, `{"name":"a\\b"}`, `{"name":"\ud83d\ude00"}`,
	`{"name":"\ud83d"}`, "{\"name\":\"\xff\"}", "{\"x\":\"\xff\",\"name\":\"n\"}", "{\"name\":\"a\tb\"}",
	`{"name":null}`, `{"name":1}`, `{"name":true}`, `{"status":"true"}`, `{"status":null}`, `{"status":1}`,
	`{"mfa":truex}`, `{"mfa":tru}`, `{"labels":[]}`, `{"labels":null}`, `{"labels":["a",1]}`, `{"labels":["a",]}`,
	`{"labels":["a" "b"]}`, `{"labels":{}}`, `{"prefs":null}`, `{"prefs":[]}`, `{"prefs":"x"}`, `{"prefs":{}}`,
	`{"prefs":{"a":{"b":[{"c":"\u0041"}]}}}`, `{"prefs":{"a":}}`, `{"prefs":{"a":1,}}`, `{"prefs":{1:2}}`,
	`{"NAME":"n"}`, `{"Email":"e"}`, `{"$ID":"x"}`, `{"ſtatus":true}`, `{"unknown":1}`, `{"unknown":-0.5E+10}`,
	`{"unknown":01}`, `{"unknown":-}`, `{"unknown":1.}`, `{"unknown":1e}`, `{"unknown":.5}`, `{"unknown":"\x"}`,
	`{"unknown":"\u12"}`, `{"unknown":"\u12G4"}`, `{"unknown":[1,[2,[3]]]}`, `{"unknown":nul}`, `{"unknown":NaN}`,
	`{"a\u0062":1}`, `{"$id":"u"} x`, `{"$id":"u"}}`, `{"$id":"u"`, `{"$id" "u"}`, `{"$id":"u",}`, `{,}`,
	`null`, `[]`, `"x"`, ``, `{"unknown":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`,
	`{"unknown":` + strings.Repeat(`{"a":`, 70) + `1` + strings.Repeat("}", 70) + `}`,
}

// TestDecodeUserMatchesEncodingJSON checks decodeUser against
// json.Unmarshal, into a zero User and into one already filled.
func TestDecodeUserMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	for _, in := range userInputs {
		checkDecodeUser(t, []byte(in))
	}
}

func FuzzDecodeUser(f *testing.F) {
	for _, in := range userInputs {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkDecodeUser(t, data)
	})
}

func checkDecodeUser(t *testing.T, data []byte) {
	t.Helper()
	filled := User{ID: "before", Name: "before", Status: true, Labels: []string{"old"}, Prefs: json.RawMessage(`{"old":1}`)}
	for _, start := range []User{{}, filled} {
		got, want := start, start
		want.Labels = append([]string(nil), start.Labels...)
		gotErr := decodeUser(data, &got)
		wantErr := json.Unmarshal(data, &want)
		if (gotErr == nil) != (wantErr == nil) || !reflect.DeepEqual(got, want) {
			t.Fatalf("decodeUser(%q) = %+v, %v;\njson.Unmarshal gives %+v, %v", data, got, gotErr, want, wantErr)
		}
	}
}

// TestUserJSONEveryField fills every field of User with a value of its
// own and checks that AppendJSON writes what encoding/json writes and
// that the fast path reads it all back: a field added to User is covered
// with no edit here.
func TestUserJSONEveryField(t *testing.T) {
	t.Parallel()
	var u User
	v := reflect.ValueOf(&u).Elem()
	for i := range v.NumField() {
		switch p := v.Field(i).Addr().Interface().(type) {
		case *string:
			*p = fmt.Sprintf("value %d", i)
		case *bool:
			*p = true
		case *[]string:
			*p = []string{fmt.Sprintf("item %d", i), "more"}
		case *json.RawMessage:
			*p = json.RawMessage(fmt.Sprintf(`{"field":%d}`, i))
		default:
			t.Fatalf("User.%s has a type this test does not fill", v.Type().Field(i).Name)
		}
	}
	want, err := json.Marshal(&u)
	if err != nil {
		t.Fatal(err)
	}
	got := u.AppendJSON(nil)
	if string(got) != string(want) {
		t.Fatalf("AppendJSON = %s\nencoding/json %s", got, want)
	}
	var back User
	if !decodeUserFast(got, &back) {
		t.Fatalf("%s left the fast path", got)
	}
	if !reflect.DeepEqual(back, u) {
		t.Errorf("decodeUserFast(AppendJSON(u)) = %+v, want %+v", back, u)
	}
}

// TestDecodeUserFastPath checks that Appwrite's own answers take the fast
// path, which is what it is for.
func TestDecodeUserFastPath(t *testing.T) {
	t.Parallel()
	for _, in := range []string{appwriteAccount, `{"$id":"u","labels":[],"prefs":{}}`} {
		var u User
		if !decodeUserFast([]byte(in), &u) {
			t.Errorf("%.60s... left the fast path", in)
		}
	}
}

func BenchmarkDecodeUser(b *testing.B) {
	data := []byte(appwriteAccount)
	for _, bc := range []struct {
		name   string
		decode func([]byte, *User) error
	}{{"typed", decodeUser}, {"encoding-json", func(d []byte, u *User) error { return json.Unmarshal(d, u) }}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				var u User
				if err := bc.decode(data, &u); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
