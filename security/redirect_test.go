package security

import (
	"bufio"
	"errors"
	"net/http"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"openruntimes/handler/internal/apierror"
)

// payloadFile is the open-redirect payload list, shared with the attack
// suite of other packages.
const payloadFile = "testdata/open-redirects.txt"

// payloads is the content of payloadFile.
type payloads struct {
	allow   []string // ALLOWED_REDIRECT_URLS entries
	accept  []string // control targets that must be accepted
	refuse  []string // payloads that must be refused
	comment []string // the comment above each payload, for messages
}

// readPayloads reads payloadFile in the format its header describes.
func readPayloads(t testing.TB) payloads {
	t.Helper()
	f, err := os.Open(payloadFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var p payloads
	section := ""
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "#allow: "):
			p.allow = append(p.allow, strings.TrimPrefix(line, "#allow: "))
		case strings.HasPrefix(line, "#accept: "):
			p.accept = append(p.accept, strings.TrimPrefix(line, "#accept: "))
		case strings.HasPrefix(line, "#"):
			section = strings.TrimSpace(strings.TrimPrefix(line, "#"))
		case line == "":
		case strings.HasPrefix(line, `"`):
			s, err := strconv.Unquote(line)
			if err != nil {
				t.Fatalf("%s:%d: %v", payloadFile, n, err)
			}
			p.refuse, p.comment = append(p.refuse, s), append(p.comment, section)
		default:
			p.refuse, p.comment = append(p.refuse, line), append(p.comment, section)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return p
}

// wantRedirectRefused fails the test unless err is a 400
// redirect_not_allowed *apierror.Error.
func wantRedirectRefused(t *testing.T, raw, got string, err error) {
	t.Helper()
	var e *apierror.Error
	if !errors.As(err, &e) {
		t.Errorf("Check(%q) = %q, %v; want a *apierror.Error", raw, got, err)
		return
	}
	if e.Code != http.StatusBadRequest || e.Type != apierror.TypeRedirectNotAllowed || got != "" {
		t.Errorf("Check(%q) = %q, %+v; want \"\" and 400 %s", raw, got, e, apierror.TypeRedirectNotAllowed)
	}
}

// TestOpenRedirectPayloads runs the shared payload list: every payload is
// refused, every control target accepted.
func TestOpenRedirectPayloads(t *testing.T) {
	t.Parallel()
	p := readPayloads(t)
	if len(p.refuse) < 30 || len(p.accept) == 0 || len(p.allow) == 0 {
		t.Fatalf("%s has %d payloads, %d accepted targets, %d allow entries; want at least 30, 1, 1",
			payloadFile, len(p.refuse), len(p.accept), len(p.allow))
	}
	r, err := ParseRedirects(strings.Join(p.allow, " "))
	if err != nil {
		t.Fatal(err)
	}
	for _, raw := range p.accept {
		if _, err := r.Check(raw); err != nil {
			t.Errorf("control target Check(%q) = %v, want it accepted", raw, err)
		}
	}
	for i, raw := range p.refuse {
		got, err := r.Check(raw)
		if err == nil {
			t.Errorf("payload %q (%s) accepted as %q", raw, p.comment[i], got)
			continue
		}
		wantRedirectRefused(t, raw, got, err)
	}
}

// testRedirects is the ALLOWED_REDIRECT_URLS of most tests below.
const testRedirects = "https://app.example.com/auth/ https://app.example.com/done,https://*.example.org http://localhost:5173 https://admin.example.com:8443/"

// TestRedirectsCheckAccepts checks accepted targets and their normalized
// form.
func TestRedirectsCheckAccepts(t *testing.T) {
	t.Parallel()
	r, err := ParseRedirects(testRedirects)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ raw, want string }{
		{"https://app.example.com/auth/", "https://app.example.com/auth/"},
		{"https://app.example.com/auth/callback?x=1&y=%2F#frag", "https://app.example.com/auth/callback?x=1&y=%2F#frag"},
		{"HTTPS://APP.EXAMPLE.COM/auth/cb", "https://app.example.com/auth/cb"},
		{"https://app.example.com:443/auth/cb", "https://app.example.com/auth/cb"},
		{"https://app.example.com/done", "https://app.example.com/done"},
		{"https://app.example.com/done/", "https://app.example.com/done/"},
		{"https://app.example.com/done/x", "https://app.example.com/done/x"},
		{"https://app.example.com/done?ok", "https://app.example.com/done?ok"},
		{"https://a.example.org", "https://a.example.org/"},
		{"https://a.b.c.example.org/deep/path/", "https://a.b.c.example.org/deep/path/"},
		{"https://x.example.org?q", "https://x.example.org/?q"},
		{"https://x.example.org#f", "https://x.example.org/#f"},
		{"https://x.example.org/#a#b", "https://x.example.org/#a%23b"},
		{"https://x.example.org/#/route?x=1", "https://x.example.org/#/route?x=1"},
		{"https://x.example.org/#@evil.com", "https://x.example.org/#@evil.com"},
		{"https://x.example.org/a\"b<c>", "https://x.example.org/a%22b%3Cc%3E"},
		{"https://x.example.org/%7euser/%c3%a9", "https://x.example.org/%7Euser/%C3%A9"},
		{"https://x.example.org/a?b=[1]|{2}", "https://x.example.org/a?b=%5B1%5D%7C%7B2%7D"},
		{"https://x.example.org/..%2e", "https://x.example.org/..%2E"},
		{"https://x.example.org/.well-known/x", "https://x.example.org/.well-known/x"},
		{"https://x.example.org/?next=//evil.com", "https://x.example.org/?next=//evil.com"},
		{"http://localhost:5173", "http://localhost:5173/"},
		{"http://LOCALHOST:5173/x", "http://localhost:5173/x"},
		{"https://admin.example.com:8443/x", "https://admin.example.com:8443/x"},
	}
	for i, tt := range tests {
		got, err := r.Check(tt.raw)
		if err != nil || got != tt.want {
			t.Errorf("#%d Check(%q) = %q, %v; want %q", i, tt.raw, got, err, tt.want)
			continue
		}
		if again, err := r.Check(got); again != got || err != nil {
			t.Errorf("#%d Check(%q) = %q, %v; want it unchanged", i, got, again, err)
		}
	}
}

// TestRedirectsCheckRefuses adds what the payload file cannot hold and
// what differs with testRedirects.
func TestRedirectsCheckRefuses(t *testing.T) {
	t.Parallel()
	r, err := ParseRedirects(testRedirects)
	if err != nil {
		t.Fatal(err)
	}
	long := "https://app.example.com/auth/" + strings.Repeat("a", MaxRedirectLength)
	exact := "https://app.example.com/auth/" + strings.Repeat("a", MaxRedirectLength-len("https://app.example.com/auth/"))
	if _, err := r.Check(exact); err != nil {
		t.Errorf("Check of exactly %d bytes: %v", len(exact), err)
	}
	tests := []string{
		"",
		long,
		exact + "a",
		"https://app.example.com/donex",
		"https://app.example.com/don",
		"https://app.example.com/",
		"https://admin.example.com/x",
		"https://admin.example.com:443/x",
		"https://example.org/",
		"https://x.example.org/..",
		"https://x.example.org/a/./b",
		"https://x.example.org/%2e",
		"https://x.example.org/a%2fb",
		"https://x.example.org/a%252fb",
		"https://x.example.org/a%5Cb",
		"https://x.example.org/?%00",
		"https://x.example.org/#%0a",
		"https://x.example.org/#%7F",
	}
	for _, raw := range tests {
		got, err := r.Check(raw)
		if err == nil {
			t.Errorf("Check(%.80q) = %q, want it refused", raw, got)
			continue
		}
		wantRedirectRefused(t, raw, got, err)
	}
}

// TestParseRedirects checks the normalized entries.
func TestParseRedirects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		list string
		want []string
	}{
		{"", nil},
		{testRedirects, []string{"https://app.example.com/auth/", "https://app.example.com/done", "https://*.example.org", "http://localhost:5173", "https://admin.example.com:8443"}},
		{"HTTPS://App.Example.com:443/Auth/", []string{"https://app.example.com/Auth/"}},
		{"https://app.example.com/ https://app.example.com", []string{"https://app.example.com"}},
		{"https://app.example.com/a%2dz", []string{"https://app.example.com/a%2Dz"}},
	}
	for i, tt := range tests {
		r, err := ParseRedirects(tt.list)
		if err != nil {
			t.Errorf("#%d ParseRedirects(%q): %v", i, tt.list, err)
			continue
		}
		if got := r.List(); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("#%d ParseRedirects(%q).List() = %q, want %q", i, tt.list, got, tt.want)
		}
	}

	bad := []string{
		"*", "null", "app.example.com", "/auth/", "javascript:alert(1)",
		"https://app.example.com/auth?x=1", "https://app.example.com/auth#x",
		"https://app.example.com/auth/../x", "https://app.example.com/a//b",
		"https://app.example.com/a%2fb", "https://app.example.com/a%zz",
		"https://u@app.example.com/", "https://app.example.com./", "https://*.com/",
	}
	for _, entry := range bad {
		_, err := ParseRedirects("https://ok.example.com " + entry)
		if err == nil || !strings.Contains(err.Error(), strconv.Quote(entry)) {
			t.Errorf("ParseRedirects(%q) error = %v, want one that names the entry", entry, err)
		}
	}
}

// TestRedirectsFromOrigins checks the fallback on ALLOWED_ORIGINS.
func TestRedirectsFromOrigins(t *testing.T) {
	t.Parallel()
	r := RedirectsFromOrigins(mustParseOrigins(t, testOrigins))
	for _, raw := range []string{"https://app.example.com/any/path?x#y", "https://deep.sub.example.org/", "http://[::1]:3000/cb", "https://x.corp.example.net:8443/"} {
		if _, err := r.Check(raw); err != nil {
			t.Errorf("Check(%q) = %v, want it accepted", raw, err)
		}
	}
	for _, raw := range []string{"https://example.org/", "https://x.corp.example.net/", "https://evil.com/", "http://localhost:5174/"} {
		got, err := r.Check(raw)
		wantRedirectRefused(t, raw, got, err)
	}

	for _, r := range []*Redirects{nil, RedirectsFromOrigins(nil), RedirectsFromOrigins(mustParseOrigins(t, ""))} {
		if !r.Empty() {
			t.Errorf("%v.Empty() = false", r)
		}
		got, err := r.Check("https://app.example.com/")
		wantRedirectRefused(t, "https://app.example.com/", got, err)
	}
}
