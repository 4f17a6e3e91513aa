package security

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// testOrigins is the ALLOWED_ORIGINS most tests of this package use: an
// exact origin, a dev server, wildcards with and without a port, and IP
// hosts.
const testOrigins = "https://app.example.com, http://localhost:5173 https://*.example.org\thttps://*.corp.example.net:8443,http://127.0.0.1:8080 http://[::1]:3000"

// mustParseOrigins parses list or fails the test.
func mustParseOrigins(t testing.TB, list string) *Origins {
	t.Helper()
	o, err := ParseOrigins(list)
	if err != nil {
		t.Fatalf("ParseOrigins(%q): %v", list, err)
	}
	return o
}

// TestParseOrigins checks separators, normalization and deduplication.
func TestParseOrigins(t *testing.T) {
	t.Parallel()
	tests := []struct {
		list string
		want []string
	}{
		{"", nil},
		{" , \n ", nil},
		{testOrigins, []string{
			"https://app.example.com", "http://localhost:5173", "https://*.example.org",
			"https://*.corp.example.net:8443", "http://127.0.0.1:8080", "http://[::1]:3000",
		}},
		{"HTTPS://App.Example.COM", []string{"https://app.example.com"}},
		{"https://app.example.com:443 http://app.example.com:80", []string{"https://app.example.com", "http://app.example.com"}},
		{"https://app.example.com/", []string{"https://app.example.com"}},
		{"https://app.example.com https://APP.example.com:443/", []string{"https://app.example.com"}},
		{"https://xn--80ak6aa92e.com", []string{"https://xn--80ak6aa92e.com"}},
		{"http://[0:0:0:0:0:0:0:1]:3000", []string{"http://[::1]:3000"}},
		{"https://*.EXAMPLE.org https://*.example.org", []string{"https://*.example.org"}},
	}
	for i, tt := range tests {
		o, err := ParseOrigins(tt.list)
		if err != nil {
			t.Errorf("#%d ParseOrigins(%q) error %v", i, tt.list, err)
			continue
		}
		if got := o.List(); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("#%d ParseOrigins(%q).List() = %q, want %q", i, tt.list, got, tt.want)
		}
		if o.Empty() != (len(tt.want) == 0) {
			t.Errorf("#%d ParseOrigins(%q).Empty() = %v", i, tt.list, o.Empty())
		}
	}
}

// TestParseOriginsErrors checks that every invalid entry is refused and
// named in the error, all at once.
func TestParseOriginsErrors(t *testing.T) {
	t.Parallel()
	bad := []string{
		"*",
		"null",
		"NULL",
		"app.example.com",
		"//app.example.com",
		"ftp://app.example.com",
		"https://",
		"https://app.example.com/path",
		"https://app.example.com?x=1",
		"https://app.example.com#x",
		"https://user@app.example.com",
		"https://user:pw@app.example.com",
		"https://app.example.com.",
		"https://app..example.com",
		"https://-app.example.com",
		"https://app_x.example.com",
		"https://%61pp.example.com",
		"https://app.example.com:0",
		"https://app.example.com:65536",
		"https://app.example.com:08443",
		"https://app.example.com:",
		"https://app.example.com:x",
		"https://аpp.example.com",
		"https://*",
		"https://*.com",
		"https://*.*.example.com",
		"https://a.*.example.com",
		"https://*example.com",
		"https://*.1.2.3.4",
		"http://2130706433",
		"http://0x7f.0.0.1",
		"http://127.000.0.1",
		"http://[::1",
		"http://[fe80::1%25eth0]",
		"http://[127.0.0.1]",
		"https://" + strings.Repeat("a", 64) + ".com",
	}
	for _, entry := range bad {
		_, err := ParseOrigins("https://good.example.com " + entry)
		if err == nil {
			t.Errorf("ParseOrigins(%q) = nil error, want one", entry)
			continue
		}
		if !strings.Contains(err.Error(), strconv.Quote(entry)) {
			t.Errorf("ParseOrigins(%q) error %q does not name the entry", entry, err)
		}
		if strings.Contains(err.Error(), "good.example.com") {
			t.Errorf("ParseOrigins(%q) error %q names the valid entry too", entry, err)
		}
	}

	_, err := ParseOrigins("* https://ok.example.com null https://x.example.com/p")
	if err == nil {
		t.Fatal("ParseOrigins with three bad entries: no error")
	}
	for _, name := range []string{`"*"`, `"null"`, `"https://x.example.com/p"`} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not name %s", err, name)
		}
	}
}

// TestOriginsAllowed is the table of Origin headers against testOrigins.
func TestOriginsAllowed(t *testing.T) {
	t.Parallel()
	o := mustParseOrigins(t, testOrigins)
	tests := []struct {
		origin string
		want   bool
	}{
		{"https://app.example.com", true},
		{"http://localhost:5173", true},
		{"http://127.0.0.1:8080", true},
		{"http://[::1]:3000", true},
		{"https://a.example.org", true},
		{"https://a.b.c.example.org", true},
		{"https://x.corp.example.net:8443", true},

		// Allowed origins in spellings no browser sends.
		{"HTTPS://APP.EXAMPLE.COM", false},
		{"https://App.example.com", false},
		{"https://app.example.com:443", false},
		{"https://app.example.com/", false},
		{"http://[0::1]:3000", false},
		{"http://[0:0::1]:3000", false},
		{"https://A.Example.Org", false},
		{"https://a.example.org:443", false},
		{"http://localhost:5173/", false},

		{"", false},
		{"null", false},
		{"*", false},
		{"https://app.example.com.evil.com", false},
		{"https://evilapp.example.com", false},
		{"https://app.example.com.", false},
		{"https://app.example.com:8443", false},
		{"https://app.example.com:0443", false},
		{"https://app.example.com:", false},
		{"http://app.example.com", false},
		{"https://app.example.com/path", false},
		{"https://app.example.com?", false},
		{"https://user@app.example.com", false},
		{"https://app.example.com@evil.com", false},
		{"https://%61pp.example.com", false},
		{"https://аpp.example.com", false},
		{"https://app.example.com\x00", false},
		{"https://app.example.com\r\nx: y", false},
		{" https://app.example.com", false},
		{"app.example.com", false},
		{"//app.example.com", false},
		{"http://localhost:5174", false},
		{"http://localhost", false},
		{"https://localhost:5173", false},
		{"http://127.0.0.1:8081", false},
		{"http://2130706433:8080", false},
		{"http://0x7f000001:8080", false},
		{"http://0177.0.0.1:8080", false},
		{"http://[::ffff:127.0.0.1]:8080", false},
		{"http://[::1]:3001", false},
		{"https://example.org", false},
		{"https://evilexample.org", false},
		{"https://example.org.evil.com", false},
		{"https://a.example.org.evil.com", false},
		{"http://a.example.org", false},
		{"https://a.example.org:8443", false},
		{"https://a.example.org.", false},
		{"https://.example.org", false},
		{"https://*.example.org", false},
		{"https://\u212aey.example.org", false},
		{"https://x.corp.example.net", false},
		{"https://corp.example.net:8443", false},
		{"https://" + strings.Repeat("a.", 200) + "example.org", false},
	}
	for i, tt := range tests {
		if got := o.Allowed(tt.origin); got != tt.want {
			t.Errorf("#%d Allowed(%q) = %v, want %v", i, tt.origin, got, tt.want)
		}
	}
}

// TestOriginsNil checks that the nil and the empty list allow nothing.
func TestOriginsNil(t *testing.T) {
	t.Parallel()
	var nilOrigins *Origins
	empty := mustParseOrigins(t, "")
	for _, o := range []*Origins{nilOrigins, empty} {
		if !o.Empty() {
			t.Errorf("%v.Empty() = false", o)
		}
		if o.Allowed("https://app.example.com") {
			t.Errorf("%v.Allowed = true", o)
		}
		if len(o.List()) != 0 {
			t.Errorf("%v.List() = %q", o, o.List())
		}
	}
}

// TestOrigin checks the function's own origin built from the request.
func TestOrigin(t *testing.T) {
	t.Parallel()
	tests := []struct {
		scheme, host string
		port         int
		want         string
	}{
		{"https", "auth.example.com", 443, "https://auth.example.com"},
		{"https", "Auth.Example.com", 0, "https://auth.example.com"},
		{"http", "localhost", 3000, "http://localhost:3000"},
		{"http", "localhost", 80, "http://localhost"},
		{"http", "::1", 3000, "http://[::1]:3000"},
		{"http", "[::1]", 3000, "http://[::1]:3000"},
		{"https", "", 443, ""},
		{"ftp", "auth.example.com", 21, ""},
		{"https", "auth.example.com", 70000, ""},
		{"https", "evil.com/x", 443, ""},
		{"https", "a@b", 443, ""},
	}
	for i, tt := range tests {
		if got := Origin(tt.scheme, tt.host, tt.port); got != tt.want {
			t.Errorf("#%d Origin(%q, %q, %d) = %q, want %q", i, tt.scheme, tt.host, tt.port, got, tt.want)
		}
	}
}
