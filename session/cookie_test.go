package session

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// testSecret returns an Appwrite-style session secret for userID. Real
// secrets are base64 of ASCII JSON and so rarely hold '+' or '/'; a filler
// field (ignored by readers) makes sure these ones hold '+', '/' and '='
// padding, the characters naive cookie parsers break on.
func testSecret(userID string) string {
	for pad := ""; len(pad) < 3; pad += "x" {
		s := base64.StdEncoding.EncodeToString([]byte(`{"id":"` + userID + `","secret":"` + strings.Repeat("fb3e", 64) + `","f":"` + pad + `~~~?~~~?"}`))
		if strings.Contains(s, "+") && strings.Contains(s, "/") && strings.HasSuffix(s, "=") {
			return s
		}
	}
	panic("no padding gives a secret with '+', '/' and '='")
}

var testOptions = CookieOptions{Name: "a_session_proj1", Path: "/", SameSite: http.SameSiteLaxMode, Secure: true}

func TestTestSecretHasSpecialCharacters(t *testing.T) {
	t.Parallel()
	s := testSecret("u1")
	if !strings.ContainsAny(s, "+/") || !strings.HasSuffix(s, "=") {
		t.Fatalf("testSecret = %q, want '+' or '/' and '=' in it so the tests below mean something", s)
	}
}

func TestCookieRead(t *testing.T) {
	t.Parallel()
	good := testSecret("u1")
	other := testSecret("u2")
	tests := []struct {
		name   string
		header string
		want   string
		ok     bool
	}{
		{"no header", "", "", false},
		{"only other cookies", "theme=dark; lang=en", "", false},
		{"plain value with = + /", "a_session_proj1=" + good, good, true},
		{"among others", "theme=dark; a_session_proj1=" + good + "; lang=en", good, true},
		{"URL-encoded as Appwrite sets it", "a_session_proj1=" + url.QueryEscape(good), good, true},
		{"quoted", `a_session_proj1="` + good + `"`, good, true},
		{"duplicates, first garbage", "a_session_proj1=garbage; a_session_proj1=" + good, good, true},
		{"duplicates, both good: first wins", "a_session_proj1=" + other + "; a_session_proj1=" + good, other, true},
		{"a malformed neighbour", "bad cookie name=1; a_session_proj1=" + good + "; x=\"unterminated", good, true},
		{"garbage", "a_session_proj1=%%%", "", false},
		{"not base64", "a_session_proj1=hello-world", "", false},
		{"base64 but not JSON", "a_session_proj1=" + base64.StdEncoding.EncodeToString([]byte("hello")), "", false},
		{"JSON without secret", "a_session_proj1=" + base64.StdEncoding.EncodeToString([]byte(`{"id":"u1"}`)), "", false},
		{"secret not hex", "a_session_proj1=" + base64.StdEncoding.EncodeToString([]byte(`{"id":"u1","secret":"zz"}`)), "", false},
		{"bad user id", "a_session_proj1=" + base64.StdEncoding.EncodeToString([]byte(`{"id":"../etc","secret":"ab"}`)), "", false},
		{"truncated", "a_session_proj1=" + good[:len(good)-5], "", false},
		{"too long", "a_session_proj1=" + strings.Repeat("A", MaxSecretLength+4), "", false},
		{"name differs in case", "A_SESSION_PROJ1=" + good, "", false},
		{"legacy suffix is another cookie", "a_session_proj1_legacy=" + good, "", false},
		{"empty value", "a_session_proj1=", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := testOptions.Read(map[string]string{"cookie": tt.header})
			if got != tt.want || ok != tt.ok {
				t.Errorf("Read(%q) = %q, %v, want %q, %v", tt.header, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestCookieReadFlow(t *testing.T) {
	t.Parallel()
	const name = "__Host-a_session_proj1_oauth2" // testOptions is Secure
	tests := []struct {
		name   string
		header string
		want   []string
	}{
		{"no header", "", nil},
		{"only the session cookie", "a_session_proj1=abc", nil},
		{"one", name + "=s1", []string{"s1"}},
		{"among others", "theme=dark; " + name + "=s1; lang=en", []string{"s1"}},
		{"several, in order", name + "=s1; " + name + "=s2", []string{"s1", "s2"}},
		{"quoted", name + `="s1"`, []string{"s1"}},
		{"empty value skipped", name + "=; " + name + "=s2", []string{"s2"}},
		{"malformed value skipped", name + `=a\b; ` + name + "=s2", []string{"s2"}},
		{"spaces and commas are net/http's cookie-octets", name + "=a b,c", []string{"a b,c"}},
		{"a malformed neighbour", "bad cookie name=1; " + name + "=s1; x=\"unterminated", []string{"s1"}},
		{"unprefixed name is another cookie", "a_session_proj1_oauth2=s1", nil},
		{"longer name is another cookie", name + "x=s1", nil},
		{"space before =", name + " =s1", nil},
		{"name only", name, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := testOptions.ReadFlow(map[string]string{"cookie": tt.header}, "oauth2")
			if !slices.Equal(got, tt.want) {
				t.Errorf("ReadFlow(%q) = %q, want %q", tt.header, got, tt.want)
			}
		})
	}
}

func TestCookieWriteRoundTrip(t *testing.T) {
	t.Parallel()
	secret := testSecret("u1")
	line := testOptions.Write(secret, "2027-03-04T05:06:07.000+00:00")
	c, err := http.ParseSetCookie(line)
	if err != nil {
		t.Fatalf("ParseSetCookie(%q): %v", line, err)
	}
	if c.Name != "a_session_proj1" || c.Value != secret {
		t.Errorf("cookie %s=%s, want the secret unchanged", c.Name, c.Value)
	}
	if !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Domain != "" {
		t.Errorf("attributes of %q are not HttpOnly; Secure; SameSite=Lax; Path=/ host-only", line)
	}
	if want := time.Date(2027, 3, 4, 5, 6, 7, 0, time.UTC); !c.Expires.Equal(want) {
		t.Errorf("Expires = %v, want %v", c.Expires, want)
	}
	got, ok := testOptions.Read(map[string]string{"cookie": c.Name + "=" + c.Value})
	if !ok || got != secret {
		t.Errorf("Read after Write = %q, %v; want the secret back", got, ok)
	}
}

func TestCookieWriteOptions(t *testing.T) {
	t.Parallel()
	opts := CookieOptions{Name: "sid", Domain: "example.com", Path: "/", SameSite: http.SameSiteNoneMode, Secure: true}
	line := opts.Write(testSecret("u1"), "not a date")
	for _, want := range []string{"Domain=example.com", "SameSite=None", "Secure", "HttpOnly"} {
		if !strings.Contains(line, want) {
			t.Errorf("Write = %q, want %s", line, want)
		}
	}
	if strings.Contains(line, "Expires") {
		t.Errorf("Write with an unparsable expiry = %q, want a browser-session cookie", line)
	}
}

func TestCookieClear(t *testing.T) {
	t.Parallel()
	line := testOptions.Clear()
	c, err := http.ParseSetCookie(line)
	if err != nil {
		t.Fatalf("ParseSetCookie(%q): %v", line, err)
	}
	if c.Name != testOptions.Name || c.Value != "" || c.MaxAge >= 0 || !c.Expires.Before(time.Unix(1, 0)) {
		t.Errorf("Clear = %q, want an empty value, Max-Age=0 and an expiry in 1970", line)
	}
	if !c.HttpOnly || !c.Secure || c.Path != "/" {
		t.Errorf("Clear = %q, want the same attributes as the cookie it clears", line)
	}
}

func TestUserIDFromSecret(t *testing.T) {
	t.Parallel()
	if id, ok := UserIDFromSecret(testSecret("user_42")); !ok || id != "user_42" {
		t.Errorf("UserIDFromSecret = %q, %v, want user_42, true", id, ok)
	}
	if _, ok := UserIDFromSecret("nope"); ok {
		t.Error("UserIDFromSecret(nope) ok, want false")
	}
}

// FuzzCookieRead feeds arbitrary cookie headers to Read: it must never
// panic, and whatever it returns must be a well-formed secret.
func FuzzCookieRead(f *testing.F) {
	good := testSecret("u1")
	for _, seed := range []string{
		"", "a_session_proj1=" + good, "a_session_proj1=" + url.QueryEscape(good),
		"a=1; a_session_proj1=" + good + "; b", `a_session_proj1="x`, "a_session_proj1=%zz",
		"a_session_proj1=" + good + "; a_session_proj1=" + good, ";;;=;", strings.Repeat("a_session_proj1=x;", 100),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, header string) {
		secret, ok := testOptions.Read(map[string]string{"cookie": header})
		if ok != (secret != "") {
			t.Fatalf("Read(%q) = %q, %v: ok and an empty secret disagree", header, secret, ok)
		}
		if ok {
			if _, valid := UserIDFromSecret(secret); !valid {
				t.Fatalf("Read(%q) = %q, which is not a session secret", header, secret)
			}
		}
	})
}

// ExampleCookieOptions shows the session cookie's round trip: written
// after sign-in, read back from the browser's next request, cleared at
// sign-out.
func ExampleCookieOptions() {
	opts := CookieOptions{Name: "a_session_demo", Path: "/", SameSite: http.SameSiteLaxMode, Secure: true}
	secret := base64.StdEncoding.EncodeToString([]byte(`{"id":"u1","secret":"0123abcd"}`))

	fmt.Println(opts.Write(secret, "2030-01-01T00:00:00.000+00:00"))
	got, ok := opts.Read(map[string]string{"cookie": "theme=dark; a_session_demo=" + secret})
	fmt.Println(got == secret, ok)
	fmt.Println(opts.Clear())
	// Output:
	// a_session_demo=eyJpZCI6InUxIiwic2VjcmV0IjoiMDEyM2FiY2QifQ==; Path=/; Expires=Tue, 01 Jan 2030 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax
	// true true
	// a_session_demo=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Secure; SameSite=Lax
}
