package session

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"iter"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"
	"time"
)

// MaxSecretLength bounds the cookie values Read accepts. Appwrite's
// secrets are about 400 bytes; anything much longer is not one.
const MaxSecretLength = 2048

// CookieOptions describes the session cookie. The fields are named after
// [http.Cookie]. The cookie is always HttpOnly; its expiry is the Appwrite
// session's.
type CookieOptions struct {
	// Name is SESSION_COOKIE_NAME, by default a_session_<projectId> in
	// lower case: the name of Appwrite's own session cookie, so the browser
	// SDK can share the session when Appwrite's API sits on a sibling
	// custom domain.
	Name string
	// Domain is SESSION_COOKIE_DOMAIN; empty means a host-only cookie.
	Domain string
	// Path is always "/": every route of the function reads the cookie.
	Path string
	// SameSite is SESSION_COOKIE_SAMESITE: Lax (default), Strict or None.
	SameSite http.SameSite
	// Secure is SESSION_COOKIE_SECURE, true by default. Browsers treat
	// http://localhost as secure, so it can stay on in development.
	Secure bool
}

func loadCookieOptions(getenv func(string) string, projectID string, problems *ConfigError) CookieOptions {
	opts := CookieOptions{
		Name:     strings.TrimSpace(getenv("SESSION_COOKIE_NAME")),
		Domain:   strings.TrimSpace(getenv("SESSION_COOKIE_DOMAIN")),
		Path:     "/",
		SameSite: http.SameSiteLaxMode,
		Secure:   true,
	}
	if opts.Name == "" {
		opts.Name = "a_session_" + strings.ToLower(projectID)
	} else if !validCookieName(opts.Name) {
		problems.Add("SESSION_COOKIE_NAME", "SESSION_COOKIE_NAME must be a cookie name: letters, digits and !#$%&'*+-.^_`|~ only")
	}
	switch raw := strings.ToLower(strings.TrimSpace(getenv("SESSION_COOKIE_SAMESITE"))); raw {
	case "", "lax":
	case "strict":
		opts.SameSite = http.SameSiteStrictMode
	case "none":
		opts.SameSite = http.SameSiteNoneMode
	default:
		problems.Add("SESSION_COOKIE_SAMESITE", "SESSION_COOKIE_SAMESITE must be Lax, Strict or None")
	}
	if raw := getenv("SESSION_COOKIE_SECURE"); strings.TrimSpace(raw) != "" {
		secure, ok := parseBool(raw)
		if !ok {
			problems.Add("SESSION_COOKIE_SECURE", "SESSION_COOKIE_SECURE must be true or false")
		}
		opts.Secure = secure || !ok
	}
	if opts.Domain != "" && !validCookieDomain(opts.Domain) {
		problems.Add("SESSION_COOKIE_DOMAIN", "SESSION_COOKIE_DOMAIN must be a host name such as example.com")
	}

	// The combinations browsers silently refuse are errors here, so that a
	// deployment never "works" without a cookie ever being stored.
	if opts.SameSite == http.SameSiteNoneMode && !opts.Secure {
		problems.Add("SESSION_COOKIE_SECURE", "SESSION_COOKIE_SAMESITE=None requires SESSION_COOKIE_SECURE=true")
	}
	switch {
	case strings.HasPrefix(opts.Name, "__Host-"):
		if opts.Domain != "" {
			problems.Add("SESSION_COOKIE_DOMAIN", "a __Host- cookie name forbids SESSION_COOKIE_DOMAIN")
		}
		if !opts.Secure {
			problems.Add("SESSION_COOKIE_SECURE", "a __Host- cookie name requires SESSION_COOKIE_SECURE=true")
		}
	case strings.HasPrefix(opts.Name, "__Secure-"):
		if !opts.Secure {
			problems.Add("SESSION_COOKIE_SECURE", "a __Secure- cookie name requires SESSION_COOKIE_SECURE=true")
		}
	}
	return opts
}

// Read returns the session secret from the request's cookie header. A
// missing cookie, a value that is not an Appwrite session secret, or a
// header too broken to parse all mean "signed out": ok is false. When the
// name appears several times (a host cookie and a domain cookie, say), the
// first value that is a well-formed secret wins.
func (o CookieOptions) Read(headers map[string]string) (secret string, ok bool) {
	secret, _, ok = o.ReadSession(headers)
	return secret, ok
}

// ReadSession is [CookieOptions.Read] that also returns the ID of the user
// the secret names (see [UserIDFromSecret]), which it reads anyway.
func (o CookieOptions) ReadSession(headers map[string]string) (secret, userID string, ok bool) {
	for value := range cookieValues(headers["cookie"], o.Name) {
		if value, userID, ok := normalizeSecret(value); ok {
			return value, userID, true
		}
	}
	return "", "", false
}

// cookieValues yields the value of each pair named name in the Cookie
// header line, in order. Each pair is read by http.ParseCookie on its own,
// so a malformed pair (another application's cookie, say) is skipped
// instead of spoiling the line and signing the user out. Only the pairs
// that begin with name and '=' reach http.ParseCookie: the others cost a
// scan, not its allocations.
func cookieValues(line, name string) iter.Seq[string] {
	return func(yield func(string) bool) {
		if !strings.Contains(line, name) {
			return
		}
		for rest, more := line, true; more; {
			var part string
			part, rest, more = strings.Cut(rest, ";")
			if p := textproto.TrimString(part); !strings.HasPrefix(p, name) || len(p) == len(name) || p[len(name)] != '=' {
				continue
			}
			cookies, err := http.ParseCookie(part)
			if err != nil || len(cookies) != 1 || cookies[0].Name != name {
				continue
			}
			if !yield(cookies[0].Value) {
				return
			}
		}
	}
}

// Write returns the Set-Cookie value that stores secret until expire, an
// Appwrite date such as 2027-01-01T00:00:00.000+00:00. If expire cannot be
// parsed the cookie lasts for the browser session.
func (o CookieOptions) Write(secret, expire string) string {
	c := o.cookie(secret)
	if t, err := time.Parse(time.RFC3339, expire); err == nil {
		c.Expires = t.UTC()
	}
	return c.String()
}

// Clear returns the Set-Cookie value that removes the session cookie.
func (o CookieOptions) Clear() string {
	c := o.cookie("")
	c.MaxAge = -1
	c.Expires = time.Unix(0, 0).UTC()
	return c.String()
}

// FlowCookie returns the Set-Cookie value of a short-lived cookie that
// binds a browser flow (OAuth2, magic URL, verification) to the browser
// that started it: HttpOnly, SameSite=Lax (the callback is reached by a
// top-level navigation from another site), host-only, expiring after
// maxAge. Its name is the session cookie's with a suffix.
//
// When the cookie is Secure its name has the __Host- prefix, and so its
// path is "/" (the prefix requires it): browsers then refuse the name to
// every other origin, so a sibling subdomain cannot toss in a flow cookie
// of its own (a Domain= cookie of the same name, which a __Secure- name
// allows). Without Secure there is no prefix to use, and the cookie is
// scoped to path, the flow's callback, so it travels with no other
// request.
func (o CookieOptions) FlowCookie(suffix, path, value string, maxAge time.Duration) string {
	if o.Secure {
		path = "/"
	}
	c := &http.Cookie{
		Name:     o.flowName(suffix),
		Value:    value,
		Path:     path,
		MaxAge:   int(maxAge / time.Second),
		Secure:   o.Secure,
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
	}
	return c.String()
}

// ReadFlow returns the non-empty values of the flow cookie named by
// suffix in the request's cookie header. A browser that started a flow
// holds one: a cookie of the same name, host and path replaces the one
// before. More than one means a cookie of that name was set for another
// domain or path (tossed in by a sibling subdomain, say), and callers
// refuse the flow.
func (o CookieOptions) ReadFlow(headers map[string]string, suffix string) []string {
	var values []string
	for value := range cookieValues(headers["cookie"], o.flowName(suffix)) {
		if value != "" {
			values = append(values, value)
		}
	}
	return values
}

// flowName is the name of the flow cookie of suffix: __Host-<session
// cookie's name without prefix>_<suffix> when Secure, else without the
// prefix.
func (o CookieOptions) flowName(suffix string) string {
	base := strings.TrimPrefix(strings.TrimPrefix(o.Name, "__Host-"), "__Secure-")
	name := base + "_" + suffix
	if o.Secure {
		name = "__Host-" + name
	}
	return name
}

func (o CookieOptions) cookie(value string) *http.Cookie {
	return &http.Cookie{
		Name:     o.Name,
		Value:    value,
		Path:     o.Path,
		Domain:   o.Domain,
		Secure:   o.Secure,
		HttpOnly: true,
		SameSite: o.SameSite,
	}
}

// UserIDFromSecret returns the user ID an Appwrite session secret names,
// without checking the secret with Appwrite.
func UserIDFromSecret(secret string) (string, bool) {
	if len(secret) > fastSecretLength {
		return userIDFromSecretJSON(secret)
	}
	// The secret is base64 of {"id":"<user ID>","secret":"<hex>"}, as
	// Appwrite writes it: read that shape directly, on the stack. Any other
	// encoding of the payload goes through encoding/json, which gives the
	// same answer for this shape.
	var src [fastSecretLength]byte
	var raw [fastSecretLength / 4 * 3]byte
	n, err := base64.StdEncoding.Decode(raw[:], src[:copy(src[:], secret)])
	if err != nil {
		return "", false
	}
	const idKey, secretKey, end = `{"id":"`, `","secret":"`, `"}`
	payload := raw[:n]
	if len(payload) > len(idKey)+len(end) && bytes.HasPrefix(payload, []byte(idKey)) && bytes.HasSuffix(payload, []byte(end)) {
		rest := payload[len(idKey) : len(payload)-len(end)]
		// The ID ends at the first quote; a valid ID and a hex secret hold
		// no quote, backslash or control character, so the payload is
		// exactly this JSON object.
		if i := bytes.IndexByte(rest, '"'); i >= 0 && bytes.HasPrefix(rest[i:], []byte(secretKey)) {
			id, hexSecret := rest[:i], rest[i+len(secretKey):]
			if ValidID(string(id)) && len(hexSecret) > 0 && isHex(hexSecret) {
				return string(id), true
			}
		}
	}
	return userIDFromPayload(bytes.Clone(payload))
}

// fastSecretLength bounds the secrets UserIDFromSecret reads on the stack;
// Appwrite's are about 400 characters.
const fastSecretLength = 768

// userIDFromSecretJSON is UserIDFromSecret for any secret, through
// encoding/json.
func userIDFromSecretJSON(secret string) (string, bool) {
	raw, err := base64.StdEncoding.DecodeString(secret)
	if err != nil {
		return "", false
	}
	return userIDFromPayload(raw)
}

// userIDFromPayload decodes the JSON payload of a session secret.
func userIDFromPayload(raw []byte) (string, bool) {
	var payload struct {
		ID     string `json:"id"`
		Secret string `json:"secret"`
	}
	if json.Unmarshal(raw, &payload) != nil || !ValidID(payload.ID) || payload.Secret == "" || !isHex(payload.Secret) {
		return "", false
	}
	return payload.ID, true
}

// normalizeSecret undoes the URL encoding Appwrite's own cookie carries
// (%3D for =) and checks the value has the shape of an Appwrite session
// secret: base64 of {"id": <user ID>, "secret": <hex>}. Anything else is not
// worth a call to Appwrite. It also returns the user ID.
func normalizeSecret(value string) (secret, userID string, ok bool) {
	if value == "" || len(value) > MaxSecretLength {
		return "", "", false
	}
	if strings.Contains(value, "%") {
		unescaped, err := url.PathUnescape(value) // PathUnescape keeps '+'
		if err != nil {
			return "", "", false
		}
		value = unescaped
	}
	if userID, ok = UserIDFromSecret(value); !ok {
		return "", "", false
	}
	return value, userID, true
}

func isHex[T string | []byte](s T) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

func validCookieName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

func validCookieDomain(domain string) bool {
	domain = strings.TrimPrefix(domain, ".")
	if domain == "" || len(domain) > 253 {
		return false
	}
	for _, label := range strings.Split(domain, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}
