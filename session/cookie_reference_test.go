package session

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// The reference implementations below read the cookie header the plain
// way: http.ParseCookie on the whole line with a pair-by-pair fallback,
// http.ParseCookie on every pair, and encoding/json. Read, ReadFlow and
// UserIDFromSecret skip work the references do; the tests check they give
// the same answer for every input.

func referenceRead(o CookieOptions, headers map[string]string) (string, bool) {
	line := headers["cookie"]
	if line == "" || !strings.Contains(line, o.Name) {
		return "", false
	}
	cookies, err := http.ParseCookie(line)
	if err != nil {
		cookies = cookies[:0]
		for _, part := range strings.Split(line, ";") {
			if c, err := http.ParseCookie(part); err == nil {
				cookies = append(cookies, c...)
			}
		}
	}
	for _, c := range cookies {
		if c.Name != o.Name {
			continue
		}
		if value, ok := referenceNormalizeSecret(c.Value); ok {
			return value, true
		}
	}
	return "", false
}

func referenceReadFlow(o CookieOptions, headers map[string]string, suffix string) []string {
	name := o.flowName(suffix)
	var values []string
	for _, part := range strings.Split(headers["cookie"], ";") {
		cookies, err := http.ParseCookie(part)
		if err != nil {
			continue
		}
		for _, c := range cookies {
			if c.Name == name && c.Value != "" {
				values = append(values, c.Value)
			}
		}
	}
	return values
}

func referenceNormalizeSecret(value string) (string, bool) {
	if value == "" || len(value) > MaxSecretLength {
		return "", false
	}
	if strings.Contains(value, "%") {
		unescaped, err := url.PathUnescape(value)
		if err != nil {
			return "", false
		}
		value = unescaped
	}
	if _, ok := referenceUserIDFromSecret(value); !ok {
		return "", false
	}
	return value, true
}

func referenceUserIDFromSecret(secret string) (string, bool) {
	raw, err := base64.StdEncoding.DecodeString(secret)
	if err != nil {
		return "", false
	}
	var payload struct {
		ID     string `json:"id"`
		Secret string `json:"secret"`
	}
	if json.Unmarshal(raw, &payload) != nil || !ValidID(payload.ID) || payload.Secret == "" || !isHex(payload.Secret) {
		return "", false
	}
	return payload.ID, true
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// secretInputs are payloads on both sides of every check.
var secretInputs = []string{
	`{"id":"6650c1f3a2b4c5d6e7f8","secret":"0123456789abcdefABCDEF"}`,
	`{"id":"user.1-2_3","secret":"00"}`,
	`{"id":"","secret":"00"}`,
	`{"id":"u","secret":""}`,
	`{"id":"u","secret":"xyz"}`,
	`{"id":"-u","secret":"00"}`,
	`{"id":"u","secret":"00","extra":1}`,
	`{"secret":"00","id":"u"}`,
	`{"ID":"u","SECRET":"00"}`,
	`{"id":"u","id":"v","secret":"00"}`,
	`{ "id" : "u" , "secret" : "00" }`,
	`{"id":"u","secret":"00"} `,
	`{"id":"u","secret":"00"}x`,
	`{"id":"u\u0041","secret":"00"}`,
	`{"id":"u\"","secret":"00"}`,
	`{"id":"u","secret":"0\u0030"}`,
	`{"id":"u","secret":00}`,
	`{"id":null,"secret":"00"}`,
	`{"id":"u` + "\x01" + `","secret":"00"}`,
	`{"id":"u","secret":"00` + "\x7f" + `"}`,
	`{"id":"` + strings.Repeat("a", 36) + `","secret":"00"}`,
	`{"id":"` + strings.Repeat("a", 37) + `","secret":"00"}`,
	`{"id":"é","secret":"00"}`,
	`{"id":"u","secret":"` + strings.Repeat("f", 1400) + `"}`,
	`{"id":"u","secret":"` + strings.Repeat("f", 550) + `"}`,
	`{"id":"u","secret":"` + strings.Repeat("f", 551) + `"}`,
	`{"id":"u","secret":"0"}{"id":"v","secret":"0"}`,
	`{"id":"u","secret":"0","secret":"1"}`,
	`{"id":"u","secret":"0\"}`,
	`{"id":"u","secret":"a"} `,
	`{"id":"u\","secret":"a"}`,
	`[]`, `{}`, ``, `null`, `{"id":"u","secret":"00"`, `{"id":"u","secret":"00"}}`,
}

func TestUserIDFromSecretMatchesReference(t *testing.T) {
	inputs := []string{"", "%%%", "e30", "e30=", "e30=\n", strings.Repeat("A", 4000)}
	for _, p := range secretInputs {
		inputs = append(inputs, b64(p), base64.RawStdEncoding.EncodeToString([]byte(p)), b64(p)+"\r\n", " "+b64(p))
	}
	for _, in := range inputs {
		gotID, gotOK := UserIDFromSecret(in)
		wantID, wantOK := referenceUserIDFromSecret(in)
		if gotID != wantID || gotOK != wantOK {
			t.Errorf("UserIDFromSecret(%q) = %q, %v; reference %q, %v", in, gotID, gotOK, wantID, wantOK)
		}
	}
}

func TestReadMatchesReference(t *testing.T) {
	o := CookieOptions{Name: "a_session_p"}
	good := b64(`{"id":"u1","secret":"00ff"}`)
	other := b64(`{"id":"u2","secret":"abcd"}`)
	lines := []string{
		"", "a_session_p", "a_session_p=", "a_session_p=" + good,
		" a_session_p=" + good + " ", "x=1; a_session_p=" + good + "; y=2",
		"x=1;a_session_p=" + good, "a_session_p=bad; a_session_p=" + good,
		"a_session_p=" + good + "; a_session_p=" + other,
		"bad cookie; a_session_p=" + good, "a_session_p=" + good + "; =; ;",
		`a_session_p="` + good + `"`, `a_session_p="` + good,
		"a_session_p =" + good, "A_SESSION_P=" + good, "a_session_px=" + good,
		"xa_session_p=" + good, "a_session_p=" + strings.ReplaceAll(good, "=", "%3D"),
		"a_session_p=" + strings.ReplaceAll(good, "=", "%3d") + "%", "a_session_p=" + good + "\t",
		"\ta_session_p=" + good, "a_session_p=" + good + "\r\n", "a_session_p=x;y",
		"a_session_p=a b; a_session_p=" + other, strings.Repeat("z=1;", 3100) + "a_session_p=" + good,
		"a_session_p=" + good + ";" + strings.Repeat("z=1;", 3100),
	}
	for _, line := range lines {
		h := map[string]string{"cookie": line}
		gotS, gotOK := o.Read(h)
		wantS, wantOK := referenceRead(o, h)
		if gotS != wantS || gotOK != wantOK {
			t.Errorf("Read(%.80q) = %.40q, %v; reference %.40q, %v", line, gotS, gotOK, wantS, wantOK)
		}
		s, id, ok := o.ReadSession(h)
		wantID, _ := referenceUserIDFromSecret(wantS)
		if s != wantS || ok != wantOK || id != wantID {
			t.Errorf("ReadSession(%.80q) = %.40q, %q, %v; reference %.40q, %q, %v", line, s, id, ok, wantS, wantID, wantOK)
		}
	}
}

func FuzzReadMatchesReference(f *testing.F) {
	good := b64(`{"id":"u1","secret":"00ff"}`)
	f.Add("a_session_p=" + good)
	f.Add("x=1; a_session_p=\"" + good + "\"; a_session_p=" + good)
	f.Add("a_session_p=" + b64(`{"secret":"00","id":"u"}`))
	f.Fuzz(func(t *testing.T, line string) {
		o := CookieOptions{Name: "a_session_p"}
		h := map[string]string{"cookie": line}
		gotS, gotOK := o.Read(h)
		wantS, wantOK := referenceRead(o, h)
		if gotS != wantS || gotOK != wantOK {
			t.Fatalf("Read(%q) = %q, %v; reference %q, %v", line, gotS, gotOK, wantS, wantOK)
		}
	})
}

func FuzzReadFlowMatchesReference(f *testing.F) {
	const name = "a_session_p_oauth2"
	f.Add(name + "=s1")
	f.Add("x=1; " + name + "=\"s1\"; " + name + "=; " + name + "=s2")
	f.Add(name + " =s1;" + name + "x=s2; " + name)
	f.Fuzz(func(t *testing.T, line string) {
		o := CookieOptions{Name: "a_session_p"}
		h := map[string]string{"cookie": line}
		got, want := o.ReadFlow(h, "oauth2"), referenceReadFlow(o, h, "oauth2")
		if !slices.Equal(got, want) {
			t.Fatalf("ReadFlow(%q) = %q; reference %q", line, got, want)
		}
	})
}

func FuzzUserIDFromSecretMatchesReference(f *testing.F) {
	for _, p := range secretInputs {
		f.Add([]byte(p))
	}
	f.Fuzz(func(t *testing.T, payload []byte) {
		for _, in := range []string{base64.StdEncoding.EncodeToString(payload), string(payload)} {
			gotID, gotOK := UserIDFromSecret(in)
			wantID, wantOK := referenceUserIDFromSecret(in)
			if gotID != wantID || gotOK != wantOK {
				t.Fatalf("UserIDFromSecret(%q) = %q, %v; reference %q, %v", in, gotID, gotOK, wantID, wantOK)
			}
		}
	})
}

func BenchmarkRead(b *testing.B) {
	o := CookieOptions{Name: "a_session_p"}
	h := map[string]string{"cookie": "theme=dark; a_session_p=" + b64(`{"id":"6650c1f3a2b4c5d6e7f8","secret":"`+strings.Repeat("0123456789abcdef", 16)+`"}`) + "; _ga=GA1.2.3"}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, ok := o.Read(h); !ok {
			b.Fatal("not read")
		}
	}
}
