package security

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"openruntimes/handler/internal/apierror"
)

// MaxRedirectLength bounds the redirect targets [Redirects.Check] accepts,
// in bytes: no app needs more, and browsers and proxies cut long Location
// headers in ways that differ.
const MaxRedirectLength = 2048

// maxDecodeDepth is how many rounds of percent-decoding Check looks
// through for dot segments, slashes and control characters: %252e%252e is
// ".." to a server that decodes twice.
const maxDecodeDepth = 3

// Redirects is a parsed ALLOWED_REDIRECT_URLS list: where the function may
// send the browser after a sign-in, an OAuth2 round trip, a magic link or a
// recovery e-mail. An entry is an origin, which allows every path on it,
// or an origin and a path, which allows that path and what is under it,
// segment by segment: https://app.example.com/auth/ allows /auth/ and
// /auth/done, not /authx or /admin. Paths compare byte for byte, letter
// case included. Hosts may be wildcards, as in [Origins].
//
// A Redirects is immutable and safe for concurrent use. The nil *Redirects
// allows nothing.
type Redirects struct {
	rules []redirectRule
	list  []string
}

// redirectRule is one entry of a Redirects.
type redirectRule struct {
	origin origin
	// prefix is "" when any path is allowed, else a path that starts with
	// a slash, in the escaped form Check produces.
	prefix string
}

// ParseRedirects parses a list of allowed redirect URLs separated by
// commas or white space. Origins are normalized as [ParseOrigins] does;
// paths must be plain: no query, fragment, empty segment, dot segment,
// encoded slash or backslash. The error names every invalid entry at once.
// An empty list gives an empty *Redirects, which allows nothing: the caller
// falls back to [RedirectsFromOrigins].
func ParseRedirects(list string) (*Redirects, error) {
	r := &Redirects{}
	var bad []string
	for _, entry := range splitList(list) {
		rule, reason := parseRedirectEntry(entry)
		if reason != "" {
			bad = append(bad, strconv.Quote(entry)+" ("+reason+")")
			continue
		}
		r.add(rule)
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("invalid redirect URLs: %s", strings.Join(bad, "; "))
	}
	return r, nil
}

// RedirectsFromOrigins returns the Redirects that allow any path on the
// origins of o, wildcards included: the fallback when
// ALLOWED_REDIRECT_URLS is not set.
func RedirectsFromOrigins(o *Origins) *Redirects {
	r := &Redirects{}
	if o == nil {
		return r
	}
	for _, s := range o.list {
		p, _ := parseOriginEntry(s)
		r.add(redirectRule{origin: p})
	}
	return r
}

// add adds a rule, once.
func (r *Redirects) add(rule redirectRule) {
	for _, have := range r.rules {
		if have == rule {
			return
		}
	}
	r.rules = append(r.rules, rule)
	r.list = append(r.list, rule.origin.String()+rule.prefix)
}

// parseRedirectEntry parses one configured redirect URL.
func parseRedirectEntry(entry string) (redirectRule, string) {
	switch lowerASCII(entry) {
	case "*", "null":
		return redirectRule{}, "list each allowed origin, such as https://app.example.com"
	}
	scheme, authority, rest, ok := splitURL(entry)
	if !ok {
		return redirectRule{}, "an allowed redirect URL is http:// or https:// followed by a host and an optional path, such as https://app.example.com/auth/"
	}
	o, reason := parseAuthority(scheme, authority, true)
	if reason != "" {
		return redirectRule{}, reason
	}
	if strings.ContainsAny(rest, "?#") {
		return redirectRule{}, "an allowed redirect URL has no query or fragment"
	}
	if rest == "" || rest == "/" {
		return redirectRule{origin: o}, ""
	}
	if reason := checkBytes(rest); reason != "" {
		return redirectRule{}, reason
	}
	if reason := checkEscapes(rest); reason != "" {
		return redirectRule{}, reason
	}
	if reason := checkPath(rest); reason != "" {
		return redirectRule{}, reason
	}
	return redirectRule{origin: o, prefix: escape(rest, "")}, ""
}

// Empty reports whether the list allows no redirect at all.
func (r *Redirects) Empty() bool {
	return r == nil || len(r.rules) == 0
}

// List returns the normalized entries in the order they were configured.
func (r *Redirects) List() []string {
	if r == nil {
		return nil
	}
	return append([]string(nil), r.list...)
}

// Check validates raw, a redirect target a caller asked for, and returns
// it normalized, safe to send in a Location header as is: an absolute
// http(s) URL on an allowed origin (and under an allowed path, if the
// origin's entry names one), with scheme and host in lower case, the
// default port dropped, an empty path made "/", characters that have no
// place in a URL percent-encoded and the fragment kept.
//
// It refuses, with a *apierror.Error 400 [apierror.TypeRedirectNotAllowed]:
//   - anything longer than [MaxRedirectLength] bytes or empty;
//   - spaces, control characters (CR, LF, TAB, NUL, ...) and non-ASCII
//     characters anywhere, raw; and control characters percent-encoded,
//     through up to three rounds of decoding; so no header injection and
//     no IDN homographs (punycode hosts are compared as written);
//   - backslashes anywhere, which browsers read as slashes;
//   - relative and scheme-relative URLs (/path, //evil.com, /\evil.com)
//     and every scheme but http and https (javascript:, data:, ...);
//   - user info (https://app.example.com@evil.com);
//   - percent-encoded hosts (https://%61pp.example.com): refused rather
//     than decoded, so that what is checked is what the browser resolves;
//   - hosts with a trailing dot or an empty label, numeric hosts that are
//     not canonical dotted IPv4 (http://2130706433, http://0x7f.1,
//     http://0177.0.0.1), empty, zero-padded or out-of-range ports;
//   - hosts, schemes and ports not in the list (app.example.com.evil.com,
//     evilapp.example.com, the apex of a wildcard);
//   - empty path segments (//), dot segments (/auth/../admin), including
//     percent-encoded (%2e%2e), double-encoded (%252e) and with a ;param
//     (..;), and encoded slashes or backslashes (%2f, %5c), on every
//     path, since servers and frontends differ in how they resolve them;
//   - invalid percent-escapes.
func (r *Redirects) Check(raw string) (string, error) {
	if r.Empty() {
		return "", redirectError("no redirect target is configured (ALLOWED_REDIRECT_URLS or ALLOWED_ORIGINS)")
	}
	if raw == "" {
		return "", redirectError("it is empty")
	}
	if len(raw) > MaxRedirectLength {
		return "", redirectError("it is longer than " + strconv.Itoa(MaxRedirectLength) + " bytes")
	}
	if reason := checkBytes(raw); reason != "" {
		return "", redirectError(reason)
	}
	scheme, authority, rest, ok := splitURL(raw)
	if !ok {
		return "", redirectError("it is not an absolute http or https URL")
	}
	c, reason := parseAuthority(scheme, authority, false)
	if reason != "" {
		return "", redirectError(reason)
	}
	if reason := checkEscapes(rest); reason != "" {
		return "", redirectError(reason)
	}

	path, query, fragment := rest, "", ""
	hasQuery, hasFragment := false, false
	if i := strings.IndexByte(path, '#'); i >= 0 {
		path, fragment, hasFragment = path[:i], path[i+1:], true
	}
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path, query, hasQuery = path[:i], path[i+1:], true
	}
	if path == "" {
		path = "/"
	}
	if reason := checkPath(path); reason != "" {
		return "", redirectError(reason)
	}
	path = escape(path, "")

	originKnown := false
	allowed := false
	for _, rule := range r.rules {
		if !rule.origin.matches(c) {
			continue
		}
		originKnown = true
		if rule.prefix == "" || underPrefix(path, rule.prefix) {
			allowed = true
			break
		}
	}
	switch {
	case !originKnown:
		return "", redirectError("its origin is not an allowed redirect target")
	case !allowed:
		return "", redirectError("its path is not under an allowed path of its origin")
	}

	var b strings.Builder
	b.WriteString(c.String())
	b.WriteString(path)
	if hasQuery {
		b.WriteByte('?')
		b.WriteString(escape(query, "/?"))
	}
	if hasFragment {
		b.WriteByte('#')
		b.WriteString(escape(fragment, "/?"))
	}
	out := b.String()

	// What the browser will resolve must be what was checked; Go's own
	// parser stands in for it here.
	u, err := url.Parse(out)
	if err != nil || u.Scheme != c.scheme || u.Host != strings.TrimPrefix(c.String(), c.scheme+"://") || u.User != nil || u.Opaque != "" {
		return "", redirectError("it is not a well-formed URL")
	}
	return out, nil
}

// redirectError returns the error Check gives for a refused target. It
// names the rule, never the target, which the caller may log.
func redirectError(reason string) error {
	return apierror.New(apierror.TypeRedirectNotAllowed, "The redirect target is not allowed: "+reason+".")
}

// checkBytes refuses spaces, control characters, non-ASCII characters and
// backslashes.
func checkBytes(s string) string {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c <= ' ' || c >= 0x7f:
			return "it has spaces, control or non-ASCII characters"
		case c == '\\':
			return "it has a backslash"
		}
	}
	return ""
}

// checkEscapes refuses invalid percent-escapes and control characters
// hidden behind up to maxDecodeDepth rounds of percent-encoding.
func checkEscapes(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && (i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2])) {
			return "it has an invalid percent-escape"
		}
	}
	for range maxDecodeDepth {
		d := unescape(s)
		if d == s {
			break
		}
		for i := 0; i < len(d); i++ {
			if c := d[i]; c < ' ' || c == 0x7f {
				return "it has percent-encoded control characters"
			}
		}
		s = d
	}
	return ""
}

// checkPath refuses empty segments, dot segments and encoded slashes or
// backslashes in path, which starts with a slash, looking through up to
// maxDecodeDepth rounds of percent-encoding.
func checkPath(path string) string {
	if !strings.HasPrefix(path, "/") {
		return "its path does not start with a slash"
	}
	if strings.Contains(path, "//") {
		return "its path has an empty segment (//)"
	}
	for _, seg := range strings.Split(path[1:], "/") {
		decoded := seg
		for range maxDecodeDepth {
			d := unescape(decoded)
			if d == decoded {
				break
			}
			decoded = d
		}
		if strings.ContainsAny(decoded, "/\\") {
			return "its path has an encoded slash or backslash"
		}
		name, _, _ := strings.Cut(decoded, ";")
		if name == "." || name == ".." {
			return "its path has a dot segment (. or ..)"
		}
	}
	return ""
}

// underPrefix reports whether path is prefix or under it, segment by
// segment: /auth and /auth/ both allow /auth/x and not /authx.
func underPrefix(path, prefix string) bool {
	if strings.HasSuffix(prefix, "/") {
		return strings.HasPrefix(path, prefix)
	}
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

// escape percent-encodes the bytes of s that RFC 3986 does not allow in a
// path, plus those in extra that it does (such as '?' and '/' in a query
// or fragment), and upper-cases the hex digits of existing escapes, so
// that one target has one spelling. s has valid escapes and no control or
// non-ASCII bytes.
func escape(s, extra string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s):
			b.WriteByte('%')
			b.WriteByte(upperHex(s[i+1]))
			b.WriteByte(upperHex(s[i+2]))
			i += 2
		case pathByte(c) || strings.IndexByte(extra, c) >= 0:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xf])
		}
	}
	return b.String()
}

// pathByte reports whether RFC 3986 allows c as is in a path: unreserved
// characters, sub-delimiters, ':', '@' and '/'.
func pathByte(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()*+,;=:@/", c) >= 0
}

// unescape decodes the valid percent-escapes of s and leaves anything
// else as is, so that one invalid escape cannot hide the others.
func unescape(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// isHex reports whether c is a hexadecimal digit.
func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// unhex returns the value of the hexadecimal digit c.
func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// upperHex returns the hexadecimal digit c in upper case.
func upperHex(c byte) byte {
	if c >= 'a' && c <= 'f' {
		return c - 'a' + 'A'
	}
	return c
}
