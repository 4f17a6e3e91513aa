package security

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// maxOriginLength bounds the Origin headers [Origins.Allowed] looks at: a
// scheme, a 253-byte host and a port fit well below it.
const maxOriginLength = 300

// Origins is a parsed ALLOWED_ORIGINS list: the origins whose pages may
// call the function with the user's cookie. It holds exact origins, such as
// https://app.example.com, and wildcard origins, such as
// https://*.example.com, which match every subdomain of example.com at any
// depth with the same scheme and port, never example.com itself.
//
// An Origins is immutable and safe for concurrent use. The nil *Origins is
// an empty list.
type Origins struct {
	exact    map[string]struct{}
	wildcard []origin
	list     []string
}

// ParseOrigins parses a list of origins separated by commas or white
// space. Each is normalized: scheme and host in lower case, the scheme's
// default port dropped, one trailing slash dropped. Punycode hosts
// (xn--...) are kept as written; hosts in other scripts are refused, since
// browsers send them in punycode. A bare "*" and "null" are refused, since
// with credentials they would let any page act as the user, and so are
// paths, queries, fragments and user info. The error names every invalid
// entry at once. An empty list gives an empty *Origins and no error.
func ParseOrigins(list string) (*Origins, error) {
	o := &Origins{exact: map[string]struct{}{}}
	var bad []string
	for _, entry := range splitList(list) {
		parsed, reason := parseOriginEntry(entry)
		if reason != "" {
			bad = append(bad, strconv.Quote(entry)+" ("+reason+")")
			continue
		}
		o.add(parsed)
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("invalid origins: %s", strings.Join(bad, "; "))
	}
	return o, nil
}

// add adds a parsed origin, once.
func (o *Origins) add(p origin) {
	s := p.String()
	if p.wildcard {
		for _, w := range o.wildcard {
			if w == p {
				return
			}
		}
		o.wildcard = append(o.wildcard, p)
	} else {
		if _, ok := o.exact[s]; ok {
			return
		}
		o.exact[s] = struct{}{}
	}
	o.list = append(o.list, s)
}

// parseOriginEntry parses one configured origin.
func parseOriginEntry(entry string) (origin, string) {
	switch lowerASCII(entry) {
	case "*":
		return origin{}, `"*" cannot be used with credentials: list each origin, or a wildcard such as https://*.example.com`
	case "null":
		return origin{}, `"null" is the origin of sandboxed frames and local files, which any page can create`
	}
	scheme, authority, rest, ok := splitURL(entry)
	if !ok {
		return origin{}, "an origin is http:// or https:// followed by a host, such as https://app.example.com"
	}
	if rest != "" && rest != "/" {
		return origin{}, "an origin has no path, query or fragment"
	}
	return parseAuthority(scheme, authority, true)
}

// Allowed reports whether origin, the value of an Origin header, is in the
// list. It must be spelled as browsers serialize an origin (the HTML
// standard's ASCII serialization): scheme and host in lower case, no
// default port, no trailing slash, IPv6 in its canonical form. Any other
// spelling of an allowed origin (HTTPS://APP.example.com,
// https://app.example.com:443, https://app.example.com/) is refused: no
// browser sends it, so it comes from something that is not a page of
// that origin. "null", paths, user info, trailing dots, percent-encoding,
// non-ASCII and numeric hosts that are not canonical IPv4 addresses are
// never allowed.
func (o *Origins) Allowed(origin string) bool {
	_, ok := o.match(origin)
	return ok
}

// match returns origin if the list allows it (see [Origins.Allowed]).
func (o *Origins) match(raw string) (string, bool) {
	if o == nil || len(raw) > maxOriginLength {
		return "", false
	}
	// The usual allowed origin is found as it is, without parsing.
	if _, ok := o.exact[raw]; ok {
		return raw, true
	}
	c, ok := canonicalOrigin(raw)
	if !ok {
		return "", false
	}
	for _, w := range o.wildcard {
		if w.matches(c) {
			return raw, true
		}
	}
	return "", false
}

// canonicalOrigin parses an Origin header that is spelled as browsers
// serialize origins, and refuses any other spelling.
func canonicalOrigin(raw string) (origin, bool) {
	c, ok := parseOriginHeader(raw)
	if !ok || c.String() != raw {
		return origin{}, false
	}
	return c, true
}

// parseOriginHeader parses the value of an Origin header, or an origin the
// caller passes in, into a concrete (non-wildcard) origin.
func parseOriginHeader(raw string) (origin, bool) {
	scheme, authority, rest, ok := splitURL(raw)
	if !ok || (rest != "" && rest != "/") {
		return origin{}, false
	}
	c, reason := parseAuthority(scheme, authority, false)
	return c, reason == ""
}

// Empty reports whether the list has no origin at all.
func (o *Origins) Empty() bool {
	return o == nil || len(o.list) == 0
}

// List returns the normalized origins in the order they were configured,
// wildcards as https://*.example.com.
func (o *Origins) List() []string {
	if o == nil {
		return nil
	}
	return append([]string(nil), o.list...)
}

// Origin returns the serialized origin of a URL with this scheme, host and
// port, normalized as [Origins.Allowed] normalizes Origin headers, or ""
// if they do not make a valid origin. Port 0 means the scheme's default.
// It builds the function's own origin, the self of [CheckOrigin], from the
// request the runtime hands over.
func Origin(scheme, host string, port int) string {
	authority := host
	if strings.Contains(host, ":") && !strings.HasPrefix(host, "[") {
		authority = "[" + host + "]" // a bare IPv6 address
	}
	if port != 0 {
		authority += ":" + strconv.Itoa(port)
	}
	c, ok := parseOriginHeader(scheme + "://" + authority)
	if !ok {
		return ""
	}
	return c.String()
}

// splitList splits a configuration list on commas and white space.
func splitList(list string) []string {
	return strings.FieldsFunc(list, func(r rune) bool {
		return r == ',' || unicode.IsSpace(r)
	})
}
