// The project's auth-method switches: Appwrite's "auth" route group
// (app/controllers/shared/api/auth.php, the same on 1.8.1 and 1.9.6).

package appwritetest

import (
	"fmt"
	"slices"
)

// The project's auth methods, named as app/config/auth.php, PATCH
// /v1/projects/{projectId}/auth/{method} and appwrite.json's
// settings.auth.methods name them. A new project has every one on.
const (
	AuthEmailPassword = "email-password" // POST /account, POST /account/sessions/email
	AuthMagicURL      = "magic-url"      // POST /account/tokens/magic-url
	AuthEmailOTP      = "email-otp"      // POST /account/tokens/email
	AuthAnonymous     = "anonymous"      // POST /account/sessions/anonymous
	AuthJWT           = "jwt"            // POST /account/jwts
	AuthPhone         = "phone"          // phone tokens and verification (not emulated)
	AuthInvites       = "invites"        // team invitations (not emulated)
)

// authMethods are the methods in app/config/auth.php's order, with the
// message Appwrite refuses each with when it is off.
var authMethods = []struct{ name, disabled string }{
	{AuthEmailPassword, "Email / Password authentication is disabled for this project"},
	{AuthMagicURL, "Magic URL authentication is disabled for this project"},
	{AuthEmailOTP, "Email OTP authentication is disabled for this project"},
	{AuthAnonymous, "Anonymous authentication is disabled for this project"},
	{AuthInvites, "Invites authentication is disabled for this project"},
	{AuthJWT, "JWT authentication is disabled for this project"},
	{AuthPhone, "Phone authentication is disabled for this project"},
}

// ValidAuthMethod reports whether m is an auth method [WithAuthMethod]
// accepts.
func ValidAuthMethod(m string) bool {
	return slices.ContainsFunc(authMethods, func(a struct{ name, disabled string }) bool { return a.name == m })
}

// WithAuthMethod turns one of the project's auth methods on or off, as
// the Console's Auth settings and `appwrite push settings` do. A method
// that is off refuses every caller without an API key at its routes with
// 501 user_auth_method_unsupported, after the scope, blocked-user, MFA
// and rate-limit checks and before the params are read, as Appwrite's
// "auth" route group does; a caller with a valid API key (an execution
// key included) passes, and so does every other route: a session still
// reads its account, and turning a token into a session (POST
// /account/sessions/token, PUT /account/sessions/magic-url) is no auth
// method. An unknown method makes [New] panic; check it first with
// [ValidAuthMethod].
func WithAuthMethod(method string, enabled bool) Option {
	return func(c *config) {
		if c.authMethodsOff == nil {
			c.authMethodsOff = map[string]bool{}
		}
		c.authMethodsOff[method] = !enabled
	}
}

// AuthMethodEnabled reports whether the project's auth method m is on.
func (e *Emulator) AuthMethodEnabled(m string) bool { return !e.cfg.authMethodsOff[m] }

// checkAuthMethods panics on a method Appwrite does not have.
func (c *config) checkAuthMethods() {
	for m := range c.authMethodsOff {
		if !ValidAuthMethod(m) {
			panic(fmt.Sprintf("appwritetest: unknown auth method %q", m))
		}
	}
}

// checkAuthMethod refuses a caller without an API key at a route of an
// auth method that is off.
func (e *Emulator) checkAuthMethod(q *request) *apiError {
	m := q.rt.authMethod
	if m == "" || q.caller.isApp() || !e.cfg.authMethodsOff[m] {
		return nil
	}
	for _, a := range authMethods {
		if a.name == m {
			return errorf("user_auth_method_unsupported", "%s", a.disabled)
		}
	}
	return newError("user_auth_method_unsupported")
}
