package passkey

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Limits and defaults.
const (
	// ChallengeTTL is how long a ceremony's challenge stays good: from
	// the options to the response, five minutes, as the options' timeout
	// tells the browser.
	ChallengeTTL = 5 * time.Minute
	// DefaultMaxPasskeys is the most passkeys an account may hold when
	// Config.MaxPasskeys is 0.
	DefaultMaxPasskeys = 10
	// MaxPasskeysLimit is the largest Config.MaxPasskeys accepted (the
	// Appwrite store lists an account's passkeys in one page).
	MaxPasskeysLimit = 100
)

// Config is what a [RelyingParty] is made from: the function's
// configuration, read once at start.
type Config struct {
	// PublicURL is the function's own origin (PUBLIC_URL), such as
	// https://auth.example.com. Its host is the RP ID unless RPID says
	// otherwise, and pages it serves may run the ceremonies. It may be
	// empty when RPID is set.
	PublicURL string
	// AllowedOrigins are the frontends' origins (ALLOWED_ORIGINS, as
	// security.Origins.List gives them): the pages that may run the
	// ceremonies. An entry may be a wildcard such as https://*.example.com
	// (any subdomain, at any depth).
	AllowedOrigins []string
	// RPID is the relying party ID, the domain passkeys are bound to. Empty
	// means the host of PublicURL. It must be the host of every origin, or
	// a parent domain of it (a "registrable suffix"), and not a bare
	// top-level name; "localhost" is allowed (for development). A
	// function at auth.example.com serving app.example.com needs
	// RPID example.com.
	RPID string
	// RPName is the name authenticators may show; empty means the RP ID.
	RPName string
	// MaxPasskeys is the most passkeys one account may hold; 0 means
	// DefaultMaxPasskeys.
	MaxPasskeys int
	// Now is the clock (tests inject one); nil means time.Now.
	Now func() time.Time
}

// RelyingParty runs the WebAuthn ceremonies for one relying party ID. It
// holds only immutable configuration: one value serves every execution
// of the process, concurrently.
type RelyingParty struct {
	rpID      string
	rpName    string
	exact     []string // allowed origins, normalized, as the library compares them
	wildcards []wildcardOrigin
	max       int
	now       func() time.Time
}

// wildcardOrigin is an allowed origin of the form scheme://*.base[:port].
type wildcardOrigin struct {
	scheme, base, port string
}

// New checks cfg and returns its relying party. It refuses (with an error
// that says what to change) a missing or malformed RP ID, an origin that
// is not https (http only on localhost), and an RP ID that is not the
// host, or a parent domain of the host, of every origin: browsers would
// refuse every ceremony on such an origin.
func New(cfg Config) (*RelyingParty, error) {
	rp := &RelyingParty{rpID: strings.ToLower(strings.TrimSpace(cfg.RPID)), rpName: strings.TrimSpace(cfg.RPName), max: cfg.MaxPasskeys, now: cfg.Now}
	if rp.now == nil {
		rp.now = time.Now
	}
	switch {
	case rp.max == 0:
		rp.max = DefaultMaxPasskeys
	case rp.max < 1 || rp.max > MaxPasskeysLimit:
		return nil, fmt.Errorf("passkey: MaxPasskeys must be from 1 to %d", MaxPasskeysLimit)
	}
	entries := make([]string, 0, len(cfg.AllowedOrigins)+1)
	if pub := strings.TrimSpace(cfg.PublicURL); pub != "" {
		o, err := parseOrigin(strings.TrimRight(pub, "/"))
		switch {
		case err != nil:
			return nil, fmt.Errorf("passkey: the public URL %q: %v (it must be an origin such as https://auth.example.com)", pub, err)
		case o.wildcard:
			return nil, fmt.Errorf("passkey: the public URL %q must be an origin such as https://auth.example.com", pub)
		}
		if rp.rpID == "" {
			rp.rpID = o.host
		}
		entries = append(entries, pub)
	}
	entries = append(entries, cfg.AllowedOrigins...)
	if rp.rpID == "" {
		return nil, errors.New("passkey: no relying party ID: set the public URL or the RP ID")
	}
	if reason := checkRPID(rp.rpID); reason != "" {
		return nil, fmt.Errorf("passkey: relying party ID %q %s", rp.rpID, reason)
	}
	seen := map[string]bool{}
	for _, entry := range entries {
		entry = strings.TrimRight(strings.TrimSpace(entry), "/")
		if entry == "" {
			continue
		}
		o, err := parseOrigin(entry)
		if err != nil {
			return nil, fmt.Errorf("passkey: origin %q: %v", entry, err)
		}
		if !underRPID(o.host, rp.rpID) {
			return nil, fmt.Errorf("passkey: relying party ID %q is not a registrable suffix of the host of origin %s: browsers refuse passkeys there%s",
				rp.rpID, o, suggestRPID(entries))
		}
		if seen[o.String()] {
			continue
		}
		seen[o.String()] = true
		if o.wildcard {
			rp.wildcards = append(rp.wildcards, wildcardOrigin{scheme: o.scheme, base: o.host, port: o.port})
		} else {
			rp.exact = append(rp.exact, o.String())
		}
	}
	if len(rp.exact) == 0 && len(rp.wildcards) == 0 {
		return nil, errors.New("passkey: no origin may run the ceremonies: set the public URL or the allowed origins")
	}
	if rp.rpName == "" {
		rp.rpName = rp.rpID
	}
	return rp, nil
}

// RPID returns the relying party ID.
func (rp *RelyingParty) RPID() string { return rp.rpID }

// MaxPasskeys returns the most passkeys one account may hold.
func (rp *RelyingParty) MaxPasskeys() int { return rp.max }

// Origins returns the allowed origins, wildcards written *.base.
func (rp *RelyingParty) Origins() []string {
	out := append([]string(nil), rp.exact...)
	for _, w := range rp.wildcards {
		out = append(out, origin{scheme: w.scheme, host: w.base, port: w.port, wildcard: true}.String())
	}
	return out
}

// origin is a parsed origin: scheme, lower-case host, and port (empty for
// the scheme's default).
type origin struct {
	scheme, host, port string
	wildcard           bool // host is the base of *.host
}

// String writes o as browsers write an origin.
func (o origin) String() string {
	s := o.scheme + "://"
	if o.wildcard {
		s += "*."
	}
	s += o.host
	if o.port != "" {
		s += ":" + o.port
	}
	return s
}

// parseOrigin parses an allowed origin (a wildcard allowed) and checks
// that WebAuthn can run there: https, or http on localhost, and a domain
// name rather than an IP address.
func parseOrigin(s string) (origin, error) {
	u, err := url.Parse(s)
	if err != nil || u.Opaque != "" || u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.Host == "" {
		return origin{}, errors.New("not an origin (scheme://host[:port])")
	}
	o := origin{scheme: strings.ToLower(u.Scheme), host: strings.ToLower(u.Hostname()), port: u.Port()}
	if rest, ok := strings.CutPrefix(o.host, "*."); ok {
		o.host, o.wildcard = rest, true
	}
	if o.port != "" {
		n, err := strconv.Atoi(o.port)
		if err != nil || n < 1 || n > 65535 {
			return origin{}, errors.New("invalid port")
		}
		if o.scheme == "https" && n == 443 || o.scheme == "http" && n == 80 {
			o.port = ""
		}
	}
	if net.ParseIP(o.host) != nil {
		return origin{}, errors.New("passkeys need a domain name, not an IP address")
	}
	if !validHostname(o.host) {
		return origin{}, errors.New("invalid host")
	}
	switch o.scheme {
	case "https":
	case "http":
		if o.host != "localhost" && !strings.HasSuffix(o.host, ".localhost") {
			return origin{}, errors.New("passkeys need https (http only on localhost)")
		}
	default:
		return origin{}, errors.New("the scheme must be https (or http on localhost)")
	}
	return o, nil
}

// checkRPID returns why id cannot be an RP ID, or "".
func checkRPID(id string) string {
	if net.ParseIP(id) != nil {
		return "is an IP address: passkeys need a domain name"
	}
	if strings.ContainsAny(id, ":/") || !validHostname(id) {
		return "is not a domain name (no scheme, port or path)"
	}
	labels := strings.Split(id, ".")
	if id != "localhost" && len(labels) < 2 {
		return "is a bare top-level name: use a registrable domain such as example.com"
	}
	if last := labels[len(labels)-1]; strings.Trim(last, "0123456789") == "" {
		return "ends in a numeric label: not a domain name"
	}
	return ""
}

// validHostname reports whether h is a lower-case DNS name: labels of 1 to
// 63 letters, digits and hyphens, not starting or ending with a hyphen,
// at most 253 characters, no trailing dot.
func validHostname(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// underRPID reports whether host is rpID or a subdomain of it.
func underRPID(host, rpID string) bool {
	return host == rpID || strings.HasSuffix(host, "."+rpID)
}

// suggestRPID proposes, for the error of New, the longest domain of at
// least two labels (or localhost) that the host of every entry is under.
func suggestRPID(entries []string) string {
	var hosts []string
	for _, e := range entries {
		if o, err := parseOrigin(strings.TrimRight(strings.TrimSpace(e), "/")); err == nil {
			hosts = append(hosts, o.host)
		}
	}
	if len(hosts) == 0 {
		return ""
	}
	common := strings.Split(hosts[0], ".")
	for _, h := range hosts[1:] {
		labels := strings.Split(h, ".")
		n := 0
		for n < len(common) && n < len(labels) && common[len(common)-1-n] == labels[len(labels)-1-n] {
			n++
		}
		common = common[len(common)-n:]
	}
	if len(common) < 2 && !(len(common) == 1 && common[0] == "localhost") {
		return ""
	}
	return "; set the RP ID to a parent domain every origin shares, such as " + strings.Join(common, ".")
}

// allowedOrigin reports whether the origin a browser wrote in the client
// data is allowed, and returns it as the library compares origins.
func (rp *RelyingParty) allowedOrigin(raw string) (string, bool) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil {
		return "", false
	}
	o := origin{scheme: strings.ToLower(u.Scheme), host: strings.ToLower(u.Hostname()), port: u.Port()}
	if o.scheme == "https" && o.port == "443" || o.scheme == "http" && o.port == "80" {
		o.port = ""
	}
	s := o.String()
	for _, e := range rp.exact {
		if e == s {
			return s, true
		}
	}
	for _, w := range rp.wildcards {
		if o.scheme == w.scheme && o.port == w.port && strings.HasSuffix(o.host, "."+w.base) && validHostname(o.host) {
			return s, true
		}
	}
	return "", false
}
