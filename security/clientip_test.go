package security

import (
	"strings"
	"testing"
)

// TestClientIP checks which header is read and how its value is
// normalized.
func TestClientIP(t *testing.T) {
	t.Parallel()
	tests := []struct {
		headers map[string]string
		want    string
	}{
		{map[string]string{"x-appwrite-client-ip": "203.0.113.7"}, "203.0.113.7"},
		{map[string]string{"x-appwrite-client-ip": " 203.0.113.7 "}, "203.0.113.7"},
		{map[string]string{"x-appwrite-client-ip": "::ffff:203.0.113.7"}, "203.0.113.7"},
		{map[string]string{"x-appwrite-client-ip": "::FFFF:cb00:7107"}, "203.0.113.7"},
		{map[string]string{"x-appwrite-client-ip": "2001:DB8:0:0:1:0:0:1"}, "2001:db8::1:0:0:1"},
		{map[string]string{"x-appwrite-client-ip": "fe80::1%eth0"}, "fe80::1"},
		{map[string]string{"x-appwrite-client-ip": "::1"}, "::1"},
		{map[string]string{"x-appwrite-client-ip": ""}, ""},
		{map[string]string{"x-appwrite-client-ip": "203.0.113.7, 198.51.100.1"}, ""},
		{map[string]string{"x-appwrite-client-ip": "203.0.113.7:443"}, ""},
		{map[string]string{"x-appwrite-client-ip": "[::1]"}, ""},
		{map[string]string{"x-appwrite-client-ip": "203.0.113.07"}, ""},
		{map[string]string{"x-appwrite-client-ip": "2130706433"}, ""},
		{map[string]string{"x-appwrite-client-ip": "localhost"}, ""},
		{map[string]string{"x-appwrite-client-ip": "203.0.113.7\r\nx: y"}, ""},
		{map[string]string{"x-appwrite-client-ip": "::1%" + strings.Repeat("a", 100)}, ""},
		{map[string]string{"x-forwarded-for": "203.0.113.7"}, ""},
		{map[string]string{"x-real-ip": "203.0.113.7", "forwarded": "for=203.0.113.7"}, ""},
		{map[string]string{"x-forwarded-for": "198.51.100.1", "x-appwrite-client-ip": "203.0.113.7"}, "203.0.113.7"},
		{nil, ""},
	}
	for i, tt := range tests {
		if got := ClientIP(tt.headers); got != tt.want {
			t.Errorf("#%d ClientIP(%q) = %q, want %q", i, tt.headers, got, tt.want)
		}
	}
}

// TestRateKeyIP checks the /64 grouping of IPv6 addresses.
func TestRateKeyIP(t *testing.T) {
	t.Parallel()
	tests := []struct{ ip, want string }{
		{"203.0.113.7", "203.0.113.7"},
		{"::ffff:203.0.113.7", "203.0.113.7"},
		{"2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"},
		{"2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"},
		{"2001:db8:1:3::1", "2001:db8:1:3::/64"},
		{"fe80::1%eth0", "fe80::/64"},
		{"::1", "::/64"},
		{"", ""},
		{"not an ip", ""},
		{"2001:db8::/64", ""},
	}
	for i, tt := range tests {
		if got := RateKeyIP(tt.ip); got != tt.want {
			t.Errorf("#%d RateKeyIP(%q) = %q, want %q", i, tt.ip, got, tt.want)
		}
	}
}
