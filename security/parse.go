package security

import (
	"net/netip"
	"strconv"
	"strings"
)

// origin is a parsed, normalized web origin: scheme, host and port. It is
// the one representation that configured origins, Origin headers and
// redirect targets are all reduced to before they are compared.
type origin struct {
	// scheme is "http" or "https".
	scheme string
	// host is a lower-case DNS name, a canonical dotted IPv4 address or a
	// canonical IPv6 address in brackets. For a wildcard it is the suffix
	// the subdomains share, with its leading dot: ".example.com".
	host string
	// port is the port in decimal, or "" for the scheme's default port.
	port string
	// wildcard marks https://*.example.com: any subdomain at any depth of
	// the suffix in host, never the suffix itself.
	wildcard bool
}

// String returns the origin as browsers serialize it, such as
// https://app.example.com:8443 or https://*.example.com.
func (o origin) String() string {
	var b strings.Builder
	b.WriteString(o.scheme)
	b.WriteString("://")
	if o.wildcard {
		b.WriteByte('*')
	}
	b.WriteString(o.host)
	if o.port != "" {
		b.WriteByte(':')
		b.WriteString(o.port)
	}
	return b.String()
}

// matches reports whether the concrete origin c is o, or one of the
// subdomains a wildcard o stands for.
func (o origin) matches(c origin) bool {
	if c.wildcard || o.scheme != c.scheme || o.port != c.port {
		return false
	}
	if !o.wildcard {
		return o.host == c.host
	}
	// c.host is a valid DNS name, so a longer host that ends in
	// ".example.com" is a subdomain of example.com, at any depth.
	return len(c.host) > len(o.host) && strings.HasSuffix(c.host, o.host) && !isIPHost(c.host)
}

// splitURL cuts s, an absolute http(s) URL or origin, into its lower-case
// scheme, its authority and the rest (path, query and fragment, starting
// with '/', '?' or '#', or empty). ok is false when s does not start with
// http:// or https:// in any letter case.
func splitURL(s string) (scheme, authority, rest string, ok bool) {
	i := strings.Index(s, "://")
	if i < 0 {
		return "", "", "", false
	}
	scheme = lowerASCII(s[:i])
	if scheme != "http" && scheme != "https" {
		return "", "", "", false
	}
	authority = s[i+3:]
	if j := strings.IndexAny(authority, "/?#"); j >= 0 {
		authority, rest = authority[:j], authority[j:]
	}
	return scheme, authority, rest, true
}

// parseAuthority parses host[:port] for scheme. It refuses user info,
// percent-encoding, backslashes, non-ASCII and control characters, hosts
// that are not plain DNS names, canonical IPv4 or bracketed IPv6
// addresses, trailing dots and invalid ports. With allowWildcard, a host
// of the form *.example.com gives a wildcard origin. It returns the reason
// of a refusal, a short phrase, or "".
func parseAuthority(scheme, authority string, allowWildcard bool) (origin, string) {
	o := origin{scheme: scheme}
	if authority == "" {
		return o, "it has no host"
	}
	for i := 0; i < len(authority); i++ {
		switch c := authority[i]; {
		case c == '@':
			return o, "it has user info (an @ before the host)"
		case c == '%':
			return o, "its host is percent-encoded"
		case c == '\\':
			return o, "it has a backslash"
		case c <= ' ' || c >= 0x7f:
			return o, "its host has spaces, control or non-ASCII characters (use punycode for IDN hosts)"
		}
	}

	host, port := authority, ""
	if strings.HasPrefix(authority, "[") {
		end := strings.IndexByte(authority, ']')
		if end < 0 {
			return o, "its IPv6 host has no closing bracket"
		}
		host, port = authority[:end+1], authority[end+1:]
		if port != "" && port[0] != ':' {
			return o, "it has characters after its IPv6 host"
		}
	} else if i := strings.IndexByte(authority, ':'); i >= 0 {
		host, port = authority[:i], authority[i:]
	}
	if port != "" {
		p, reason := parsePort(scheme, port[1:])
		if reason != "" {
			return o, reason
		}
		o.port = p
	}

	host = lowerASCII(host)
	if allowWildcard && strings.HasPrefix(host, "*.") {
		suffix := host[2:]
		if reason := checkDNSName(suffix); reason != "" {
			return o, reason
		}
		if isIPHost(suffix) || !strings.Contains(suffix, ".") {
			return o, "a wildcard must cover a domain of at least two labels, such as *.example.com"
		}
		o.host, o.wildcard = "."+suffix, true
		return o, ""
	}
	if strings.HasPrefix(host, "[") {
		addr, err := netip.ParseAddr(host[1 : len(host)-1])
		if err != nil || !addr.Is6() || addr.Zone() != "" {
			return o, "its IPv6 host is not a valid address"
		}
		o.host = "[" + addr.String() + "]"
		return o, ""
	}
	if reason := checkDNSName(host); reason != "" {
		return o, reason
	}
	o.host = host
	return o, ""
}

// parsePort checks a port written after a colon and returns it in
// canonical form, "" for the scheme's default port. A port must be 1 to
// 65535 in plain decimal, without leading zeros; an empty port is refused.
func parsePort(scheme, port string) (string, string) {
	if port == "" {
		return "", "it has an empty port"
	}
	if len(port) > 5 || port[0] == '0' {
		return "", "its port is not a number from 1 to 65535"
	}
	for i := 0; i < len(port); i++ {
		if port[i] < '0' || port[i] > '9' {
			return "", "its port is not a number from 1 to 65535"
		}
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 {
		return "", "its port is not a number from 1 to 65535"
	}
	if (scheme == "https" && n == 443) || (scheme == "http" && n == 80) {
		return "", ""
	}
	return port, ""
}

// checkDNSName reports why host, already in lower case, is not a DNS name
// of labels made of a-z, 0-9 and inner hyphens, or a canonical dotted IPv4
// address; "" means it is one. Empty labels, so trailing dots, are refused:
// app.example.com. is a different origin to a browser. A name whose last
// label is numeric, or hexadecimal like 0x7f, must be a canonical IPv4
// address: browsers read http://2130706433, http://0x7f.1 and
// http://0177.0.0.1 as 127.0.0.1.
func checkDNSName(host string) string {
	if host == "" {
		return "it has no host"
	}
	if len(host) > 253 {
		return "its host is longer than 253 characters"
	}
	if strings.HasSuffix(host, ".") {
		return "its host ends with a dot"
	}
	last := host
	for _, label := range strings.Split(host, ".") {
		if label == "" || len(label) > 63 {
			return "its host has an empty or overlong label"
		}
		if label[0] == '-' || label[len(label)-1] == '-' {
			return "its host has a label that starts or ends with a hyphen"
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return "its host has characters other than letters, digits, hyphens and dots"
			}
		}
		last = label
	}
	if numericLabel(last) {
		addr, err := netip.ParseAddr(host)
		if err != nil || !addr.Is4() || addr.String() != host {
			return "its host is a numeric address that is not a canonical IPv4 address"
		}
	}
	return ""
}

// numericLabel reports whether a host's last label makes browsers parse
// the host as an IPv4 address: all decimal digits, or 0x followed by hex
// digits.
func numericLabel(label string) bool {
	if strings.HasPrefix(label, "0x") {
		label = label[2:]
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
				return false
			}
		}
		return true
	}
	for i := 0; i < len(label); i++ {
		if label[i] < '0' || label[i] > '9' {
			return false
		}
	}
	return label != ""
}

// isIPHost reports whether host, as parseAuthority leaves it, is an IP
// address rather than a DNS name.
func isIPHost(host string) bool {
	if strings.HasPrefix(host, "[") {
		return true
	}
	_, err := netip.ParseAddr(host)
	return err == nil
}

// lowerASCII returns s with ASCII letters in lower case and every other
// byte unchanged. Unlike strings.ToLower it never maps a non-ASCII letter
// to an ASCII one: the Kelvin sign U+212A would otherwise become 'k'.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
