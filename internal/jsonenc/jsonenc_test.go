package jsonenc

import (
	"encoding/json"
	"testing"
)

func TestStringMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"", "plain", `quote " and \ backslash`, "new\nline\r\ttab", "\x00\x01\x1f", "<script>&amp;</script>",
		"héllo wörld ✓", "\u2028\u2029", "bad \xff utf-8 \xc3", "emoji 😀",
	} {
		want, _ := json.Marshal(s)
		if got := String(nil, s); string(got) != string(want) {
			t.Errorf("String(%q) = %s, want %s", s, got, want)
		}
	}
}

func TestScalars(t *testing.T) {
	t.Parallel()
	var b []byte
	b = append(b, '{')
	b = Key(b, "a")
	b = Int(b, -42)
	b = append(b, ',')
	b = Key(b, "b")
	b = Bool(b, true)
	b = append(b, ',')
	b = Key(b, "c")
	b = Float(b, 1.25)
	b = append(b, ',')
	b = Key(b, "d")
	b = Strings(b, nil)
	b = append(b, ',')
	b = Key(b, "e")
	b = Strings(b, []string{"x", "y\"z"})
	b = append(b, '}')
	want := `{"a":-42,"b":true,"c":1.25,"d":[],"e":["x","y\"z"]}`
	if string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
}

// FuzzString checks String against encoding/json for any input.
func FuzzString(f *testing.F) {
	for _, s := range []string{"", "a\"b", "\xff", "\u2028", "<&>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := String(nil, s); string(got) != string(want) {
			t.Fatalf("String(%q) = %s, want %s", s, got, want)
		}
	})
}
