// The project policies of the 1.9 line (1.9.5): password strength and the
// e-mail checks, and what the e-mail checks know about an address, which
// 1.9.6 also shows in the User model.

package appwritetest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// PasswordStrength is a project's password policy, auths.passwordStrength
// of Appwrite 1.9.5 and later: a minimum length (8 to 256 bytes; 0 means
// 8) and the kinds of character a new password must have.
type PasswordStrength struct {
	Min       int
	Uppercase bool // an ASCII capital letter
	Lowercase bool // an ASCII small letter
	Number    bool // an ASCII digit
	Symbols   bool // a character that is no letter, digit or space
}

// WithPasswordStrength sets the project's password policy (default: 8
// bytes, nothing else). Every route that takes a new password (POST
// /account, PATCH /account/password, PUT /account/recovery, PATCH
// /users/{userId}/password) refuses a password that breaks it with 400
// general_argument_invalid and the policy's description, "Invalid
// `password` param: Password must be between 12 and 256 characters long,
// include a number." Only the 1.9 line has the policy: with another
// version [New] panics.
func WithPasswordStrength(p PasswordStrength) Option {
	return func(c *config) { c.passwordStrength = &p }
}

// EmailPolicy is a project's e-mail policy (1.9.5): the auths settings
// disposableEmails, canonicalEmails, freeEmails and corporateEmails.
// Appwrite applies them only on a Cloud plan that supports them; the
// emulator applies them whenever they are set.
type EmailPolicy struct {
	DenyDisposable   bool // user_email_disposable for a throwaway address
	RequireCanonical bool // user_email_not_canonical for an alias (a+tag@gmail.com)
	DenyFree         bool // user_email_free for a free mailbox (gmail.com)
	RequireCorporate bool // user_email_not_corporate for anything free or disposable
}

// WithEmailPolicy turns on the project's e-mail policy. A new user's
// address, or a changed one, is checked in the order above by POST
// /account, the magic URL and e-mail OTP token routes (for an address
// with no account yet), PATCH /account/email and the OAuth2 sign-in of a
// new user (which ends at the failure URL with the error); each answers
// 400 with the policy's error type. Only the 1.9 line has the policy:
// with another version [New] panics.
func WithEmailPolicy(p EmailPolicy) Option {
	return func(c *config) { c.emailPolicy = p }
}

// checkPolicies panics on policies the version does not have.
func (c *config) checkPolicies() {
	if c.version != ServerCloud19x && (c.passwordStrength != nil || c.emailPolicy != (EmailPolicy{})) {
		panic(fmt.Sprintf("appwritetest: Appwrite %s has no password-strength or e-mail policies (1.9.5 added them)", c.version))
	}
	if p := c.passwordStrength; p != nil && p.Min != 0 && (p.Min < 8 || p.Min > 256) {
		panic(fmt.Sprintf("appwritetest: a password policy's minimum is 8 to 256, not %d", p.Min))
	}
}

// strength returns the project's password policy with its defaults.
func (e *Emulator) strength() PasswordStrength {
	var p PasswordStrength
	if e.cfg.passwordStrength != nil {
		p = *e.cfg.passwordStrength
	}
	if p.Min == 0 {
		p.Min = 8
	}
	return p
}

// Character classes of Appwrite's PasswordStrength validator.
var (
	upperRE  = regexp.MustCompile(`[A-Z]`)
	lowerRE  = regexp.MustCompile(`[a-z]`)
	digitRE  = regexp.MustCompile(`[0-9]`)
	symbolRE = regexp.MustCompile(`[^\p{L}\p{N}\s]`)
)

// describe is the validator's description of the policy.
func (p PasswordStrength) describe() string {
	parts := []string{"between " + strconv.Itoa(p.Min) + " and 256 characters long"}
	for _, r := range []struct {
		on   bool
		text string
	}{{p.Uppercase, "include an uppercase letter"}, {p.Lowercase, "include a lowercase letter"},
		{p.Number, "include a number"}, {p.Symbols, "include a symbol"}} {
		if r.on {
			parts = append(parts, r.text)
		}
	}
	return "Password must be " + strings.Join(parts, ", ") + "."
}

// allows reports whether s meets the policy (lengths in bytes, as PHP's
// strlen counts).
func (p PasswordStrength) allows(s string) bool {
	return len(s) >= 8 && len(s) <= 256 && len(s) >= p.Min &&
		(!p.Uppercase || upperRE.MatchString(s)) && (!p.Lowercase || lowerRE.MatchString(s)) &&
		(!p.Number || digitRE.MatchString(s)) && (!p.Symbols || symbolRE.MatchString(s))
}

// newPasswordParam validates a new password. On 1.8 it is Appwrite's
// PasswordDictionary with the dictionary check off (the project default):
// 8 to 256 bytes, with the validator's own description, typo included. On
// the 1.9 line it is PasswordStrength then PasswordDictionary, and the
// first that fails describes the error: with the dictionary off, always
// the strength policy's description.
func newPasswordParam(e *Emulator, v any) (bool, string) {
	s, ok := v.(string)
	if e.line19() {
		p := e.strength()
		return ok && p.allows(s), p.describe()
	}
	return ok && len(s) >= 8 && len(s) <= 256,
		"Password must be between 8 and 265 characters long, and should not be one of the commonly used password."
}

// userPasswordParam is the password of PATCH /users/{userId}/password:
// a new password, which the 1.9 line also allows to be empty.
func userPasswordParam(e *Emulator, v any) (bool, string) {
	ok, desc := newPasswordParam(e, v)
	if s, isString := v.(string); e.line19() && isString && s == "" {
		ok = true
	}
	return ok, desc
}

// oldPasswordParam is the oldPassword of PATCH /account/password: a
// password (8 to 256 bytes) on 1.8, a Text(256, 0) on the 1.9 line.
func oldPasswordParam(e *Emulator, v any) (bool, string) {
	if e.line19() {
		s, ok := v.(string)
		return ok && len([]rune(s)) <= 256, "Value must be a valid string and no longer than 256 chars"
	}
	return passwordParam(e, v)
}

// emailInfo is what Appwrite 1.9's e-mail library (utopia-php/emails)
// tells of an address, as the User model shows it.
type emailInfo struct {
	canonical  string
	free       bool
	disposable bool
	corporate  bool
}

// isCanonical reports whether the address is its own canonical form.
func (i emailInfo) isCanonical(email string) bool { return i.canonical == email }

// freeDomains and disposableDomains are a small sample of the library's
// lists (thousands of domains each). A domain on both counts as
// disposable; corporate means neither.
var (
	freeDomains = setOf("gmail.com", "googlemail.com", "yahoo.com", "ymail.com", "rocketmail.com",
		"outlook.com", "hotmail.com", "live.com", "msn.com", "icloud.com", "me.com", "mac.com",
		"aol.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de", "gmx.net", "web.de",
		"mail.com", "yandex.com", "yandex.ru", "mail.ru", "zoho.com", "fastmail.com", "qq.com", "163.com")
	disposableDomains = setOf("mailinator.com", "yopmail.com", "guerrillamail.com", "10minutemail.com",
		"temp-mail.org", "trashmail.com", "sharklasers.com", "dispostable.com", "maildrop.cc",
		"getnada.com", "example.com")
)

// setOf makes a set of strings.
func setOf(items ...string) map[string]bool {
	m := make(map[string]bool, len(items))
	for _, s := range items {
		m[s] = true
	}
	return m
}

// canonicalMailboxes are the providers whose aliases the library folds:
// the domains of each, its canonical domain, and how it cuts the local
// part.
var canonicalMailboxes = []struct {
	domains   map[string]bool
	canonical string
	fold      func(local string) string
}{
	{setOf("gmail.com", "googlemail.com"), "gmail.com", func(l string) string { return strings.ReplaceAll(cutAt(l, "+"), ".", "") }},
	{setOf("outlook.com", "hotmail.com", "live.com", "msn.com"), "outlook.com", func(l string) string { return cutAt(l, "+") }},
	{setOf("icloud.com", "me.com", "mac.com"), "icloud.com", func(l string) string { return cutAt(l, "+") }},
	{setOf("yahoo.com", "ymail.com", "rocketmail.com"), "yahoo.com", func(l string) string {
		if i := strings.LastIndexByte(l, '-'); i > 0 {
			return l[:i]
		}
		return l
	}},
}

// cutAt returns local up to the first sep after its first character.
func cutAt(local, sep string) string {
	if i := strings.Index(local, sep); i > 0 {
		return local[:i]
	}
	return local
}

// classifyEmail tells what the library would of a lower-case address.
func classifyEmail(email string) emailInfo {
	local, domain, _ := strings.Cut(email, "@")
	info := emailInfo{canonical: email, disposable: disposableDomains[domain]}
	info.free = freeDomains[domain] && !info.disposable
	info.corporate = !info.free && !info.disposable
	for _, m := range canonicalMailboxes {
		if m.domains[domain] {
			info.canonical = m.fold(local) + "@" + m.canonical
		}
	}
	return info
}

// checkEmailPolicy applies the project's e-mail policy to a new or
// changed address, in Appwrite's order.
func (e *Emulator) checkEmailPolicy(email string) *apiError {
	p := e.cfg.emailPolicy
	info := classifyEmail(strings.ToLower(email))
	switch {
	case p.DenyDisposable && info.disposable:
		return newError("user_email_disposable")
	case p.RequireCanonical && !info.isCanonical(strings.ToLower(email)):
		return newError("user_email_not_canonical")
	case p.DenyFree && info.free:
		return newError("user_email_free")
	case p.RequireCorporate && !info.corporate:
		return newError("user_email_not_corporate")
	}
	return nil
}
