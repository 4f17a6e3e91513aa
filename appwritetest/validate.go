package appwritetest

import (
	"bytes"
	"encoding/json"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// param declares one route parameter, as Utopia's ->param() does.
type param struct {
	name     string
	optional bool
	def      any // value when absent (optional params only)
	check    validator
	// branchOnly params exist on the 1.8.x branch only: the 1.8.1
	// release ignores them, as Utopia ignores any param a route does not
	// declare.
	branchOnly bool
}

// validator checks one param value. It returns whether the value is valid
// and the validator's description, which follows "Invalid `x` param: " in
// the 400 error.
type validator func(e *Emulator, v any) (ok bool, description string)

// validateParams checks q.params against the route's declarations and
// fills in defaults, as the Utopia framework does before an action runs:
// an absent required param is `Param "x" is not optional.`, a present one
// must pass its validator.
func validateParams(e *Emulator, q *request, decl []param) *apiError {
	for _, p := range decl {
		if p.branchOnly && e.release() {
			delete(q.params, p.name)
			continue
		}
		v, present := q.params[p.name]
		if !present {
			if !p.optional {
				return missingParam(p.name)
			}
			q.params[p.name] = p.def
			continue
		}
		if p.optional && v == nil {
			q.params[p.name] = p.def
			continue
		}
		if ok, desc := p.check(e, v); !ok {
			return invalidParam(p.name, desc)
		}
	}
	return nil
}

// text is Utopia's Text(max): a string of 1 to max characters.
func text(max int) validator {
	desc := "Value must be a valid string and at least 1 chars and no longer than " + strconv.Itoa(max) + " chars"
	return func(_ *Emulator, v any) (bool, string) {
		s, ok := v.(string)
		n := utf8.RuneCountInString(s)
		return ok && n >= 1 && n <= max, desc
	}
}

// keyPattern is the rule of utopia-php/database's Key validator: up to 36
// characters of a-z, A-Z, 0-9, ".", "-" and "_", not starting with ".",
// "-" or "_".
var keyPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,35}$`)

// customID is Appwrite's CustomId: "unique()" or a valid key.
func customID(_ *Emulator, v any) (bool, string) {
	s, ok := v.(string)
	return ok && (s == "unique()" || keyPattern.MatchString(s)),
		"Parameter must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. Can't start with a special char"
}

// uid is utopia-php/database's UID validator.
func uid(_ *Emulator, v any) (bool, string) {
	s, ok := v.(string)
	return ok && keyPattern.MatchString(s),
		"UID must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, and underscore. Can't start with a leading underscore"
}

// emailLocal and emailDomain approximate PHP's FILTER_VALIDATE_EMAIL: an
// unquoted dot-atom local part of at most 64 characters and a domain of at
// least two labels whose last one starts with a letter.
var (
	emailLocal  = regexp.MustCompile(`^[A-Za-z0-9!#$%&'*+/=?^_` + "`" + `{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_` + "`" + `{|}~-]+)*$`)
	emailDomain = regexp.MustCompile(`^([A-Za-z0-9]+(-+[A-Za-z0-9]+)*\.)+[A-Za-z][A-Za-z0-9]*(-+[A-Za-z0-9]+)*$`)
)

// validEmail reports whether s is an address FILTER_VALIDATE_EMAIL accepts.
func validEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || len(s) > 320 {
		return false
	}
	local, domain := s[:at], s[at+1:]
	return len(local) <= 64 && len(domain) <= 253 && emailLocal.MatchString(local) && emailDomain.MatchString(domain)
}

// emailAddress is Appwrite's Email validator.
func emailAddress(_ *Emulator, v any) (bool, string) {
	s, ok := v.(string)
	return ok && validEmail(s), "Value must be a valid email address"
}

// passwordParam is Appwrite's Password validator: 8 to 256 bytes.
func passwordParam(_ *Emulator, v any) (bool, string) {
	s, ok := v.(string)
	return ok && len(s) >= 8 && len(s) <= 256, "Password must be between 8 and 256 characters long."
}

// optionalEmail is the Email validator of a parameter that may be left
// empty (POST /v1/users: a user with only a phone has no e-mail).
func optionalEmail(e *Emulator, v any) (bool, string) {
	if s, ok := v.(string); ok && s == "" {
		return true, ""
	}
	return emailAddress(e, v)
}

// optionalNewPassword is newPasswordParam for a parameter that may be left
// empty: POST /v1/users makes a user without a password then.
func optionalNewPassword(e *Emulator, v any) (bool, string) {
	if s, ok := v.(string); ok && s == "" {
		return true, ""
	}
	return newPasswordParam(e, v)
}

// phoneNumber is Appwrite's Phone(allowEmpty: true): "" or "+" and 7 to 15
// digits, not starting with 0.
var phonePattern = regexp.MustCompile(`^\+[1-9]\d{6,14}$`)

func phoneNumber(_ *Emulator, v any) (bool, string) {
	s, ok := v.(string)
	return ok && (s == "" || phonePattern.MatchString(s)), "Phone number must start with a '+' can have a maximum of fifteen digits."
}

// boolean is Utopia's Boolean: a JSON true or false.
func boolean(_ *Emulator, v any) (bool, string) {
	_, ok := v.(bool)
	return ok, "Value must be a valid boolean"
}

// looseBoolean is Utopia's Boolean(true), which also takes "true", "false",
// "1" and "0" (query strings).
func looseBoolean(_ *Emulator, v any) (bool, string) {
	_, ok := toBool(v)
	return ok, "Value must be a valid boolean"
}

// toBool converts a loose boolean value.
func toBool(v any) (bool, bool) {
	switch b := v.(type) {
	case bool:
		return b, true
	case string:
		switch b {
		case "true", "1":
			return true, true
		case "false", "0":
			return false, true
		}
	case json.Number:
		switch b.String() {
		case "1":
			return true, true
		case "0":
			return false, true
		}
	}
	return false, false
}

// rangeInt is Utopia's Range(min, max) for integers.
func rangeInt(min, max int64) validator {
	desc := "Value must be a valid range between " + groupThousands(min) + " and " + groupThousands(max)
	return func(_ *Emulator, v any) (bool, string) {
		n, ok := toInt(v)
		return ok && n >= min && n <= max, desc
	}
}

// toInt converts a JSON number or a numeric string to an integer.
func toInt(v any) (int64, bool) {
	var s string
	switch n := v.(type) {
	case json.Number:
		s = n.String()
	case string:
		s = n
	case int64:
		return n, true
	case int:
		return int64(n), true
	default:
		return 0, false
	}
	i, err := strconv.ParseInt(s, 10, 64)
	return i, err == nil
}

// groupThousands formats n as PHP's number_format does: 3600 → "3,600".
func groupThousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// assoc is Utopia's Assoc: a JSON object whose encoding is at most 65535
// bytes. An empty array is accepted too (PHP cannot tell [] from {}).
func assoc(_ *Emulator, v any) (bool, string) {
	const desc = "Value must be a valid object."
	switch m := v.(type) {
	case map[string]any:
		b, err := json.Marshal(m)
		return err == nil && len(b) <= 65535, desc
	case []any:
		return len(m) == 0, desc
	}
	return false, desc
}

// whiteList is Utopia's WhiteList, matched case-insensitively.
func whiteList(list ...string) validator {
	desc := "Value must be one of (" + strings.Join(list, ", ") + ")"
	return func(_ *Emulator, v any) (bool, string) {
		s, ok := v.(string)
		if !ok {
			return false, desc
		}
		for _, w := range list {
			if strings.EqualFold(s, w) {
				return true, desc
			}
		}
		return false, desc
	}
}

// arrayOf is Utopia's ArrayList(item, max).
func arrayOf(item validator, max int) validator {
	return func(e *Emulator, v any) (bool, string) {
		_, itemDesc := item(e, "")
		desc := "Value must a valid array no longer than " + strconv.Itoa(max) + " items and " + itemDesc
		list, ok := v.([]any)
		if !ok || len(list) > max {
			return false, desc
		}
		for _, x := range list {
			if ok, _ := item(e, x); !ok {
				return false, desc
			}
		}
		return true, desc
	}
}

// redirectURL is Appwrite's Redirect validator: an http(s) URL whose host
// is a registered web platform, or a URL with one of the project's custom
// schemes (exp, appwrite-callback-<projectId>).
func redirectURL(e *Emulator, v any) (bool, string) {
	s, _ := v.(string)
	ok, scheme, host := e.allowedURL(s)
	if ok {
		return true, ""
	}
	if scheme == "" && host == "" {
		return false, "Invalid URI."
	}
	platform := platformName(scheme)
	if host != "" {
		host = "(" + host + ")"
	}
	return false, "Invalid URI. Register your new client " + host + " as a new " + platform + " platform on your project console dashboard"
}

// schemePattern finds the scheme of a URL url.Parse rejects.
var schemePattern = regexp.MustCompile(`^([a-zA-Z][a-zA-Z0-9+.-]*):`)

// allowedURL reports whether s may be used as a redirect or Origin, and
// returns its scheme and host.
func (e *Emulator) allowedURL(s string) (ok bool, scheme, host string) {
	if strings.TrimSpace(s) == "" {
		return false, "", ""
	}
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		if m := schemePattern.FindStringSubmatch(s); m != nil {
			return false, m[1], ""
		}
		return false, "", ""
	}
	scheme, host = u.Scheme, strings.ToLower(u.Hostname())
	switch scheme {
	case "http", "https", "chrome-extension", "moz-extension", "safari-web-extension", "ms-browser-extension":
		return e.platformHost(host), scheme, host
	case "exp", "appwrite-callback-" + e.cfg.projectID:
		return true, scheme, host
	}
	return false, scheme, host
}

// platformHost reports whether host is one of the registered platform
// hostnames; "*.example.com" matches subdomains of example.com.
func (e *Emulator) platformHost(host string) bool {
	if host == "" {
		return false
	}
	for _, h := range e.cfg.platformHosts {
		if h == host || h == "*" {
			return true
		}
		if rest, ok := strings.CutPrefix(h, "*."); ok && strings.HasSuffix(host, "."+rest) {
			return true
		}
	}
	return false
}

// platformName is Appwrite's Platform::getNameByScheme.
func platformName(scheme string) string {
	switch scheme {
	case "http", "https":
		return "Web"
	case "chrome-extension":
		return "Web (Chrome Extension)"
	case "moz-extension":
		return "Web (Firefox Extension)"
	case "safari-web-extension":
		return "Web (Safari Extension)"
	case "ms-browser-extension":
		return "Web (Edge Extension)"
	case "appwrite-ios":
		return "iOS"
	case "appwrite-macos":
		return "macOS"
	case "appwrite-watchos":
		return "watchOS"
	case "appwrite-tvos":
		return "tvOS"
	case "appwrite-android":
		return "Android"
	case "appwrite-windows":
		return "Windows"
	case "appwrite-linux":
		return "Linux"
	}
	return ""
}

// compactJSON re-encodes a decoded prefs object compactly, keeping the key
// order the client sent.
func compactJSON(raw []byte) json.RawMessage {
	var buf bytes.Buffer
	if json.Compact(&buf, raw) != nil {
		return nil
	}
	return json.RawMessage(buf.Bytes())
}
