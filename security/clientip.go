package security

import (
	"net/netip"
	"strings"
)

// ClientIPHeader is the header that carries the client's IP address:
// Appwrite (1.8 and later) sets it from the connection, and so does the dev
// runtime. Headers a client can set, such as X-Forwarded-For, are never
// read: an attacker would pick a new address for every attempt.
const ClientIPHeader = "x-appwrite-client-ip"

// ClientIP returns the client's IP address from the x-appwrite-client-ip
// header, normalized: an IPv4-mapped IPv6 address becomes the IPv4 address
// (::ffff:192.0.2.1 is 192.0.2.1), IPv6 is in its canonical form and any
// zone is dropped. It returns "" when the header is missing or is not one
// IP address.
func ClientIP(headers map[string]string) string {
	raw := strings.TrimSpace(headers[ClientIPHeader])
	if raw == "" || len(raw) > 64 {
		return ""
	}
	addr, err := netip.ParseAddr(raw)
	if err != nil {
		return ""
	}
	return addr.WithZone("").Unmap().String()
}

// RateKeyIP returns the part of ip that rate limits count against: the
// IPv4 address itself, or the /64 prefix of an IPv6 address (such as
// 2001:db8:1:2::/64), since one subscriber usually holds a whole /64 and
// can use every address in it. It returns "" if ip is not an IP address.
func RateKeyIP(ip string) string {
	if len(ip) > 64 {
		return ""
	}
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return ""
	}
	addr = addr.WithZone("").Unmap()
	if addr.Is4() {
		return addr.String()
	}
	return netip.PrefixFrom(addr, 64).Masked().String()
}
