package security

import (
	"net/netip"
	"net/url"
	"strings"
	"testing"
)

// refOrigin normalizes an origin with net/url and net/netip instead of
// this package's parser: the reference FuzzOrigins checks against.
func refOrigin(raw string) (scheme, host, port string, ok bool) {
	u, err := url.Parse(raw)
	if err != nil || u.User != nil || u.Opaque != "" || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || (u.Path != "" && u.Path != "/") {
		return "", "", "", false
	}
	scheme, host, port = strings.ToLower(u.Scheme), strings.ToLower(u.Hostname()), u.Port()
	if (scheme == "https" && port == "443") || (scheme == "http" && port == "80") {
		port = ""
	}
	if addr, err := netip.ParseAddr(host); err == nil {
		host = addr.String()
	}
	return scheme, host, port, scheme == "http" || scheme == "https"
}

// FuzzOrigins checks that Allowed never panics and allows only origins
// that are spelled as net/url and net/netip normalize them and are an
// entry of the list or a subdomain of a wildcard entry; and that
// CORSHeaders agrees with it.
func FuzzOrigins(f *testing.F) {
	for _, s := range []string{
		"https://app.example.com", "HTTPS://APP.EXAMPLE.COM:443", "https://a.b.example.org",
		"https://example.org", "null", "http://[::1]:3000", "http://[0::1]:3000", "https://app.example.com.",
		"https://%61pp.example.com", "https://\u212aey.example.org", "http://2130706433:8080", "https://*.example.org",
	} {
		f.Add("", s)
		f.Add("https://*."+strings.TrimPrefix(s, "https://"), s)
	}
	f.Fuzz(func(t *testing.T, list, origin string) {
		o, err := ParseOrigins(list)
		if err != nil || o.Empty() {
			o = mustParseOrigins(t, testOrigins)
		}
		allowed := o.Allowed(origin)
		if _, ok := CORSHeaders(o, origin)["access-control-allow-origin"]; ok != allowed {
			t.Fatalf("CORSHeaders(%q) disagrees with Allowed = %v", origin, allowed)
		}
		if !allowed {
			return
		}
		for i := 0; i < len(origin); i++ {
			if c := origin[i]; c <= ' ' || c >= 0x7f || c == '\\' || c == '%' || c == '@' {
				t.Fatalf("Allowed(%q) = true with byte %q", origin, c)
			}
		}
		scheme, host, port, ok := refOrigin(origin)
		if !ok {
			t.Fatalf("Allowed(%q) = true, but net/url does not read it as an origin", origin)
		}
		want := scheme + "://" + host
		if strings.Contains(host, ":") {
			want = scheme + "://[" + host + "]"
		}
		if port != "" {
			want += ":" + port
		}
		if origin != want {
			t.Fatalf("Allowed(%q) = true, but browsers spell it %s", origin, want)
		}
		for _, entry := range o.List() {
			es, eh, ep, ok := refOrigin(strings.Replace(entry, "://*.", "://wildcard.", 1))
			if !ok {
				t.Fatalf("entry %q does not parse", entry)
			}
			if es != scheme || ep != port {
				continue
			}
			if strings.Contains(entry, "://*.") {
				suffix := strings.TrimPrefix(eh, "wildcard")
				if strings.HasSuffix(host, suffix) && len(host) > len(suffix) {
					return
				}
			} else if eh == host {
				return
			}
		}
		t.Fatalf("Allowed(%q) = true, but it is in none of %q", origin, o.List())
	})
}

// FuzzRedirectCheck checks that Check never panics and accepts only
// absolute http(s) URLs without control characters, spaces, backslashes
// or user info, on an allowed origin and under an allowed path, that Check
// leaves as they are.
func FuzzRedirectCheck(f *testing.F) {
	p := readPayloads(f)
	for _, s := range append(p.refuse, p.accept...) {
		f.Add(s)
	}
	for _, s := range []string{
		"https://app.example.com/auth/x?y#z", "https://a.example.org/%2e%2e", "https://a.example.org/%252e",
		"https://app.example.com/done/..", "http://localhost:5173/?a=%0", "https://admin.example.com:8443/#%23",
	} {
		f.Add(s)
	}
	r, err := ParseRedirects(testRedirects)
	if err != nil {
		f.Fatal(err)
	}
	origins, err := ParseOrigins("https://app.example.com https://*.example.org http://localhost:5173 https://admin.example.com:8443")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		out, err := r.Check(raw)
		if err != nil {
			if out != "" {
				t.Fatalf("Check(%q) = %q with error %v", raw, out, err)
			}
			return
		}
		if len(raw) > MaxRedirectLength {
			t.Fatalf("Check accepted %d bytes", len(raw))
		}
		for i := 0; i < len(out); i++ {
			if c := out[i]; c <= ' ' || c >= 0x7f || c == '\\' {
				t.Fatalf("Check(%q) = %q, with byte %q", raw, out, c)
			}
		}
		u, err := url.Parse(out)
		if err != nil {
			t.Fatalf("Check(%q) = %q, which does not parse: %v", raw, out, err)
		}
		if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.Opaque != "" {
			t.Fatalf("Check(%q) = %q: scheme %q, host %q, user %v", raw, out, u.Scheme, u.Host, u.User)
		}
		if strings.Contains(u.Host, "%") || strings.Contains(u.Host, "@") {
			t.Fatalf("Check(%q) = %q: host %q", raw, out, u.Host)
		}
		if !origins.Allowed(u.Scheme + "://" + u.Host) {
			t.Fatalf("Check(%q) = %q, whose origin is not allowed", raw, out)
		}
		if u.Host == "app.example.com" && !strings.HasPrefix(u.EscapedPath(), "/auth/") &&
			u.EscapedPath() != "/done" && !strings.HasPrefix(u.EscapedPath(), "/done/") {
			t.Fatalf("Check(%q) = %q, outside the allowed paths", raw, out)
		}
		for _, seg := range strings.Split(u.Path, "/") {
			if seg == "." || seg == ".." {
				t.Fatalf("Check(%q) = %q, with a dot segment", raw, out)
			}
		}
		if len(out) <= MaxRedirectLength {
			if again, err := r.Check(out); again != out || err != nil {
				t.Fatalf("Check(%q) = %q, but Check(%q) = %q, %v", raw, out, out, again, err)
			}
		}
	})
}

// FuzzClientIP checks that ClientIP and RateKeyIP never panic and return
// only canonical addresses and prefixes.
func FuzzClientIP(f *testing.F) {
	for _, s := range []string{"203.0.113.7", "::ffff:203.0.113.7", "2001:db8::1", "fe80::1%eth0", "", "1.2.3.4, 5.6.7.8", "::", "0.0.0.0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got := ClientIP(map[string]string{ClientIPHeader: raw})
		key := RateKeyIP(raw)
		if got == "" {
			return
		}
		addr, err := netip.ParseAddr(got)
		if err != nil || addr.Zone() != "" || addr.Is4In6() || addr.String() != got {
			t.Fatalf("ClientIP(%q) = %q, not a canonical address", raw, got)
		}
		if again := ClientIP(map[string]string{ClientIPHeader: got}); again != got {
			t.Fatalf("ClientIP(%q) = %q, but ClientIP(%q) = %q", raw, got, got, again)
		}
		key = RateKeyIP(got)
		if addr.Is4() {
			if key != got {
				t.Fatalf("RateKeyIP(%q) = %q", got, key)
			}
			return
		}
		prefix, err := netip.ParsePrefix(key)
		if err != nil || prefix.Bits() != 64 || !prefix.Contains(addr) || prefix.Masked() != prefix {
			t.Fatalf("RateKeyIP(%q) = %q, not the /64 holding it", got, key)
		}
	})
}
