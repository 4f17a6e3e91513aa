package appwritetest

import (
	"strings"
)

// route is one Appwrite route with the labels that drive its checks.
type route struct {
	method         string
	path           string   // Appwrite's path, e.g. "/v1/account/sessions/:sessionId"
	aliases        []string // older paths that serve the same route
	scope          string
	createsSession bool // group "session": refused when a session is active
	mfaExempt      bool // group "mfa": allowed before all factors are done
	mfaProtected   bool // group "mfaProtected": needs an MFA challenge in the last 30 minutes
	noProject      bool // works without a project
	html           bool // errors are an HTML page (browser navigation)
	limit          rateLimit
	// releaseLimit, when set, is the route's limit in the 1.8.1 release,
	// where it differs from the branch's.
	releaseLimit *rateLimit
	params       []param
	handle       func(e *Emulator, q *request) (*reply, *apiError)
	// altScopes are further scopes that grant the route too: Appwrite's
	// scope label may be a list, and any one of its scopes will do.
	altScopes []string
	// line19Scopes are further scopes that grant the route on the 1.9
	// line only.
	line19Scopes []string
	// authMethod is the route's auth.type label (group "auth"): the
	// project auth method that, when off, refuses it to callers without
	// an API key.
	authMethod string
}

// Rate-limit key templates used by the routes.
const (
	keyURLIP    = "url:{url},ip:{ip}"
	keyURLEmail = "url:{url},email:{param-email}"
	keyURLUser  = "url:{url},userId:{userId}"
	keyIP       = "ip:{ip}"
	keyIPUserID = "ip:{ip},userId:{param-userId}"
)

// hour is the default rate-limit window.
const hour = 3600

// oauthProviders is the provider enum of the OAuth2 routes on 1.8
// (app/config/oAuthProviders.php without its mock providers).
var oauthProviders = []string{
	"amazon", "apple", "auth0", "authentik", "autodesk", "bitbucket", "bitly", "box", "dailymotion",
	"discord", "disqus", "dropbox", "etsy", "facebook", "figma", "github", "gitlab", "google",
	"linkedin", "microsoft", "notion", "oidc", "okta", "paypal", "paypalSandbox", "podio",
	"salesforce", "slack", "spotify", "stripe", "tradeshift", "tradeshiftBox", "twitch",
	"wordpress", "yahoo", "yammer", "yandex", "zoho", "zoom",
}

// oauthProviders19 is the enum on the 1.9 line: 1.9.6 adds fusionauth,
// keycloak, kick and x (in the config's alphabetical order).
var oauthProviders19 = []string{
	"amazon", "apple", "auth0", "authentik", "autodesk", "bitbucket", "bitly", "box", "dailymotion",
	"discord", "disqus", "dropbox", "etsy", "facebook", "figma", "fusionauth", "github", "gitlab",
	"google", "keycloak", "kick", "linkedin", "microsoft", "notion", "oidc", "okta", "paypal",
	"paypalSandbox", "podio", "salesforce", "slack", "spotify", "stripe", "tradeshift",
	"tradeshiftBox", "twitch", "wordpress", "x", "yahoo", "yammer", "yandex", "zoho", "zoom",
}

// providers returns the version's OAuth2 provider enum.
func (e *Emulator) providers() []string {
	if e.line19() {
		return oauthProviders19
	}
	return oauthProviders
}

// Validators of the provider param, one per provider list.
var (
	providerParam18 = whiteList(oauthProviders...)
	providerParam19 = whiteList(oauthProviders19...)
)

// providerParam is the provider param's WhiteList of the version.
func providerParam(e *Emulator, v any) (bool, string) {
	if e.line19() {
		return providerParam19(e, v)
	}
	return providerParam18(e, v)
}

// routes lists the whole emulated API: the Account and Users routes in the
// order of reference §5, then the TablesDB subset of tablesdb.go.
var routes = append([]*route{
	// 5.1 Account creation and login.
	{method: "POST", path: "/v1/account", scope: "sessions.write", authMethod: AuthEmailPassword,
		limit: rateLimit{limit: 10, seconds: hour, keys: []string{keyURLIP}},
		params: []param{
			{name: "userId", check: customID},
			{name: "email", check: emailAddress},
			{name: "password", check: newPasswordParam},
			{name: "name", optional: true, def: "", check: text(128)},
		},
		handle: handleCreateAccount},
	{method: "POST", path: "/v1/account/sessions/email", aliases: []string{"/v1/account/sessions"},
		scope: "sessions.write", createsSession: true, authMethod: AuthEmailPassword,
		limit: rateLimit{limit: 10, seconds: hour, keys: []string{keyURLEmail}, resetOn201: true},
		params: []param{
			{name: "email", check: emailAddress},
			{name: "password", check: passwordParam},
		},
		handle: handleCreateEmailSession},
	{method: "POST", path: "/v1/account/sessions/anonymous", scope: "sessions.write", createsSession: true, authMethod: AuthAnonymous,
		limit:  rateLimit{limit: 50, seconds: hour, keys: []string{keyIP}},
		handle: handleCreateAnonymousSession},
	{method: "POST", path: "/v1/account/sessions/token", scope: "sessions.write", createsSession: true,
		limit:  rateLimit{limit: 10, seconds: hour, keys: []string{keyIPUserID}, resetOn201: true},
		params: tokenSessionParams,
		handle: handleCreateTokenSession},
	{method: "PUT", path: "/v1/account/sessions/magic-url", scope: "sessions.write", createsSession: true,
		limit:  rateLimit{limit: 10, seconds: hour, keys: []string{keyIPUserID}, resetOn201: true},
		params: tokenSessionParams,
		handle: handleCreateTokenSession},
	{method: "PUT", path: "/v1/account/sessions/phone", scope: "sessions.write", createsSession: true,
		limit:  rateLimit{limit: 10, seconds: hour, keys: []string{keyIPUserID}},
		params: tokenSessionParams,
		handle: handleCreateTokenSession},

	// 5.2 Token-issuing routes.
	{method: "POST", path: "/v1/account/tokens/magic-url", aliases: []string{"/v1/account/sessions/magic-url"},
		scope: "sessions.write", authMethod: AuthMagicURL,
		limit: rateLimit{limit: 60, seconds: hour, keys: []string{keyURLEmail, keyURLIP}},
		params: []param{
			{name: "userId", check: customID},
			{name: "email", check: emailAddress},
			{name: "url", optional: true, def: "", check: redirectURL},
			{name: "phrase", optional: true, def: false, check: boolean},
		},
		handle: handleCreateMagicURLToken},
	{method: "POST", path: "/v1/account/tokens/email", scope: "sessions.write", authMethod: AuthEmailOTP,
		limit: rateLimit{limit: 10, seconds: hour, keys: []string{keyURLEmail, keyURLIP}},
		params: []param{
			{name: "userId", check: customID},
			{name: "email", check: emailAddress},
			{name: "phrase", optional: true, def: false, check: boolean},
		},
		handle: handleCreateEmailToken},
	{method: "GET", path: "/v1/account/tokens/oauth2/:provider", scope: "sessions.write", html: true,
		limit: rateLimit{limit: 50, seconds: hour, keys: []string{keyIP}},
		params: []param{
			{name: "provider", check: providerParam},
			{name: "success", optional: true, def: "", check: redirectURL},
			{name: "failure", optional: true, def: "", check: redirectURL},
			{name: "scopes", optional: true, def: []any{}, check: arrayOf(text(4096), 100)},
		},
		handle: handleCreateOAuth2Token},

	// 5.3 Current account.
	{method: "GET", path: "/v1/account", scope: "account", handle: handleGetAccount},
	{method: "PATCH", path: "/v1/account/name", scope: "account",
		params: []param{{name: "name", check: text(128)}},
		handle: handleUpdateName},
	{method: "PATCH", path: "/v1/account/email", scope: "account",
		params: []param{
			{name: "email", check: emailAddress},
			{name: "password", check: passwordParam},
		},
		handle: handleUpdateEmail},
	{method: "PATCH", path: "/v1/account/password", scope: "account",
		limit: rateLimit{limit: 10, seconds: hour, keys: []string{keyURLIP}},
		params: []param{
			{name: "password", check: newPasswordParam},
			{name: "oldPassword", optional: true, def: "", check: oldPasswordParam},
		},
		handle: handleUpdatePassword},
	{method: "GET", path: "/v1/account/prefs", scope: "account", handle: handleGetPrefs},
	{method: "PATCH", path: "/v1/account/prefs", scope: "account",
		params: []param{{name: "prefs", check: assoc}},
		handle: handleUpdatePrefs},
	{method: "POST", path: "/v1/account/jwts", aliases: []string{"/v1/account/jwt"}, scope: "account", authMethod: AuthJWT,
		limit:        rateLimit{limit: 120, seconds: 60, keys: []string{keyURLUser}},
		releaseLimit: &rateLimit{limit: 100, seconds: hour, keys: []string{keyURLUser}},
		params:       []param{{name: "duration", optional: true, def: int64(900), check: rangeInt(0, 3600), branchOnly: true}},
		handle:       handleCreateJWT},

	{method: "GET", path: "/v1/account/identities", scope: "account",
		params: []param{
			{name: "queries", optional: true, def: []any{}, check: arrayOf(text(4096), 100)},
			{name: "total", optional: true, def: true, check: looseBoolean},
		},
		handle: handleListIdentities},
	{method: "DELETE", path: "/v1/account/identities/:identityId", scope: "account",
		params: []param{{name: "identityId", check: uid}},
		handle: handleDeleteIdentity},

	// 5.4 Sessions of the current user.
	{method: "GET", path: "/v1/account/sessions", scope: "account", handle: handleListSessions},
	{method: "DELETE", path: "/v1/account/sessions", scope: "account",
		limit:  rateLimit{limit: 100, seconds: hour, keys: []string{keyURLIP}},
		handle: handleDeleteSessions},
	{method: "GET", path: "/v1/account/sessions/:sessionId", scope: "account",
		params: []param{{name: "sessionId", check: uid}},
		handle: handleGetSession},
	{method: "PATCH", path: "/v1/account/sessions/:sessionId", scope: "account",
		limit:  rateLimit{limit: 10, seconds: hour, keys: []string{keyURLIP}},
		params: []param{{name: "sessionId", check: uid}},
		handle: handleUpdateSession},
	{method: "DELETE", path: "/v1/account/sessions/:sessionId", scope: "account", mfaExempt: true,
		limit:  rateLimit{limit: 100, seconds: hour, keys: []string{keyURLIP}},
		params: []param{{name: "sessionId", check: uid}},
		handle: handleDeleteSession},

	// 5.5 Recovery and e-mail verification.
	{method: "POST", path: "/v1/account/recovery", scope: "sessions.write",
		limit: rateLimit{limit: 10, seconds: hour, keys: []string{keyURLEmail, keyURLIP}},
		params: []param{
			{name: "email", check: emailAddress},
			{name: "url", check: redirectURL},
		},
		handle: handleCreateRecovery},
	{method: "PUT", path: "/v1/account/recovery", scope: "sessions.write",
		limit: rateLimit{limit: 10, seconds: hour, keys: []string{"url:{url},userId:{param-userId}"}},
		params: []param{
			{name: "userId", check: uid},
			{name: "secret", check: text(256)},
			{name: "password", check: newPasswordParam},
		},
		handle: handleUpdateRecovery},
	{method: "POST", path: "/v1/account/verifications/email", aliases: []string{"/v1/account/verification"},
		scope:  "account",
		limit:  rateLimit{limit: 10, seconds: hour, keys: []string{keyURLUser}},
		params: []param{{name: "url", check: redirectURL}},
		handle: handleCreateVerification},
	{method: "PUT", path: "/v1/account/verifications/email", aliases: []string{"/v1/account/verification"},
		scope: "public",
		limit: rateLimit{limit: 10, seconds: hour, keys: []string{"url:{url},userId:{param-userId}"}},
		params: []param{
			{name: "userId", check: uid},
			{name: "secret", check: text(256)},
		},
		handle: handleUpdateVerification},

	// 5.6 MFA.
	{method: "PATCH", path: "/v1/account/mfa", scope: "account",
		params: []param{{name: "mfa", check: boolean}},
		handle: handleUpdateMFA},
	{method: "GET", path: "/v1/account/mfa/factors", scope: "account", mfaExempt: true,
		handle: handleListFactors},
	{method: "POST", path: "/v1/account/mfa/challenges", aliases: []string{"/v1/account/mfa/challenge"},
		scope: "account", mfaExempt: true,
		limit:  rateLimit{limit: 10, seconds: hour, keys: []string{keyURLUser}},
		params: []param{{name: "factor", check: whiteList("email", "phone", "totp", "recoverycode")}},
		handle: handleCreateChallenge},
	{method: "PUT", path: "/v1/account/mfa/challenges", aliases: []string{"/v1/account/mfa/challenge"},
		scope: "account", mfaExempt: true,
		limit: rateLimit{limit: 10, seconds: hour, keys: []string{"url:{url},challengeId:{param-challengeId}"}},
		params: []param{
			{name: "challengeId", check: text(256)},
			{name: "otp", check: text(256)},
		},
		handle: handleUpdateChallenge},
	{method: "POST", path: "/v1/account/mfa/authenticators/:type", scope: "account",
		params: []param{{name: "type", check: whiteList("totp")}},
		handle: handleCreateAuthenticator},
	{method: "PUT", path: "/v1/account/mfa/authenticators/:type", scope: "account",
		params: []param{
			{name: "type", check: whiteList("totp")},
			{name: "otp", check: text(256)},
		},
		handle: handleVerifyAuthenticator},
	{method: "DELETE", path: "/v1/account/mfa/authenticators/:type", scope: "account", mfaProtected: true,
		params: []param{{name: "type", check: whiteList("totp")}},
		handle: handleDeleteAuthenticator},
	{method: "POST", path: "/v1/account/mfa/recovery-codes", scope: "account",
		handle: handleCreateRecoveryCodes},
	{method: "GET", path: "/v1/account/mfa/recovery-codes", scope: "account", mfaProtected: true,
		handle: handleGetRecoveryCodes},
	{method: "PATCH", path: "/v1/account/mfa/recovery-codes", scope: "account", mfaProtected: true,
		handle: handleUpdateRecoveryCodes},

	// 5.7 Server-side user routes. /v1/users/identities comes before
	// /v1/users/:userId, which would take "identities" for an ID.
	{method: "GET", path: "/v1/users/identities", scope: "users.read",
		params: []param{
			{name: "queries", optional: true, def: []any{}, check: arrayOf(text(4096), 100)},
			{name: "total", optional: true, def: true, check: looseBoolean},
		},
		handle: handleListUserIdentities},
	{method: "DELETE", path: "/v1/users/identities/:identityId", scope: "users.write",
		params: []param{{name: "identityId", check: uid}},
		handle: handleDeleteUserIdentity},
	{method: "PATCH", path: "/v1/users/:userId/phone", scope: "users.write",
		params: []param{
			{name: "userId", check: uid},
			{name: "number", check: phoneNumber},
		},
		handle: handleUpdateUserPhone},
	{method: "PATCH", path: "/v1/users/:userId/mfa", scope: "users.write",
		params: []param{
			{name: "userId", check: uid},
			{name: "mfa", check: looseBoolean},
		},
		handle: handleUpdateUserMFA},
	{method: "PATCH", path: "/v1/users/:userId/verification", scope: "users.write",
		params: []param{
			{name: "userId", check: uid},
			{name: "emailVerification", check: looseBoolean},
		},
		handle: handleUpdateUserEmailVerification},
	{method: "POST", path: "/v1/users", scope: "users.write",
		params: []param{
			{name: "userId", check: customID},
			{name: "email", optional: true, def: "", check: optionalEmail},
			{name: "phone", optional: true, def: "", check: phoneNumber},
			{name: "password", optional: true, def: "", check: optionalNewPassword},
			{name: "name", optional: true, def: "", check: text(128)},
		},
		handle: handleCreateUser},
	{method: "PATCH", path: "/v1/users/:userId/email", scope: "users.write",
		params: []param{
			{name: "userId", check: uid},
			{name: "email", check: emailAddress},
		},
		handle: handleUpdateUserEmail},
	{method: "PATCH", path: "/v1/users/:userId/name", scope: "users.write",
		params: []param{
			{name: "userId", check: uid},
			{name: "name", check: text(128)},
		},
		handle: handleUpdateUserName},
	{method: "GET", path: "/v1/users/:userId/memberships", scope: "users.read",
		params: []param{
			{name: "userId", check: uid},
			{name: "queries", optional: true, def: []any{}, check: arrayOf(text(4096), 100)},
			{name: "search", optional: true, def: "", check: text(256)},
			{name: "total", optional: true, def: true, check: looseBoolean},
		},
		handle: handleListUserMemberships},
	{method: "GET", path: "/v1/users/:userId", scope: "users.read",
		params: []param{{name: "userId", check: uid}},
		handle: handleGetUser},
	{method: "DELETE", path: "/v1/users/:userId", scope: "users.write",
		params: []param{{name: "userId", check: uid}},
		handle: handleDeleteUser},
	{method: "GET", path: "/v1/users/:userId/mfa/recovery-codes", scope: "users.read",
		params: []param{{name: "userId", check: uid}},
		handle: handleGetUserRecoveryCodes},
	{method: "DELETE", path: "/v1/users/:userId/mfa/authenticators/:type", scope: "users.write",
		params: []param{
			{name: "userId", check: uid},
			{name: "type", check: whiteList("totp")},
		},
		handle: handleDeleteUserAuthenticator},
	{method: "PATCH", path: "/v1/users/:userId/status", scope: "users.write",
		params: []param{
			{name: "userId", check: uid},
			{name: "status", check: looseBoolean},
		},
		handle: handleUpdateUserStatus},
	{method: "PATCH", path: "/v1/users/:userId/password", scope: "users.write",
		params: []param{
			{name: "userId", check: uid},
			{name: "password", check: userPasswordParam},
		},
		handle: handleUpdateUserPassword},
	{method: "GET", path: "/v1/users/:userId/sessions", scope: "users.read", line19Scopes: []string{"sessions.read"},
		params: []param{
			{name: "userId", check: uid},
			{name: "total", optional: true, def: true, check: looseBoolean},
		},
		handle: handleListUserSessions},
	{method: "POST", path: "/v1/users/:userId/sessions", scope: "users.write", line19Scopes: []string{"sessions.write"},
		params: []param{{name: "userId", check: customID}},
		handle: handleCreateUserSession},
	{method: "POST", path: "/v1/users/:userId/jwts", scope: "users.write",
		params: []param{
			{name: "userId", check: uid},
			{name: "sessionId", optional: true, def: "", check: uid},
			{name: "duration", optional: true, def: int64(900), check: rangeInt(0, 3600)},
		},
		handle: handleCreateUserJWT},
	{method: "DELETE", path: "/v1/users/:userId/sessions", scope: "users.write", line19Scopes: []string{"sessions.write"},
		params: []param{{name: "userId", check: uid}},
		handle: handleDeleteUserSessions},
	{method: "DELETE", path: "/v1/users/:userId/sessions/:sessionId", scope: "users.write", line19Scopes: []string{"sessions.write"},
		params: []param{
			{name: "userId", check: uid},
			{name: "sessionId", check: uid},
		},
		handle: handleDeleteUserSession},
	{method: "POST", path: "/v1/users/:userId/tokens", scope: "users.write",
		params: []param{
			{name: "userId", check: uid},
			{name: "length", optional: true, def: int64(6), check: rangeInt(4, 128)},
			{name: "expire", optional: true, def: int64(900), check: rangeInt(60, 31536000)},
		},
		handle: handleCreateUserToken},

	// Health.
	{method: "GET", path: "/v1/health/version", scope: "public", noProject: true, handle: handleVersion},
}, tablesDBRoutes...)

// tokenSessionParams are the params of the routes that turn a token into a
// session.
var tokenSessionParams = []param{
	{name: "userId", check: customID},
	{name: "secret", check: text(256)},
}

// matchRoute finds the route for method and path. A path that matches
// several patterns takes the one with the most literal segments. The path
// params are returned by name.
func matchRoute(method, path string) (*route, map[string]string) {
	var (
		best       *route
		bestParams map[string]string
		bestScore  = -1
	)
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for _, rt := range routes {
		if rt.method != method {
			continue
		}
		for _, p := range append([]string{rt.path}, rt.aliases...) {
			params, score, ok := matchPattern(strings.Split(strings.Trim(p, "/"), "/"), segs)
			if ok && score > bestScore {
				best, bestParams, bestScore = rt, params, score
			}
		}
	}
	return best, bestParams
}

// matchPattern matches path segments against a pattern whose ":name"
// segments capture one segment each. score counts literal segments.
func matchPattern(pattern, segs []string) (params map[string]string, score int, ok bool) {
	if len(pattern) != len(segs) {
		return nil, 0, false
	}
	params = map[string]string{}
	for i, p := range pattern {
		if name, isParam := strings.CutPrefix(p, ":"); isParam {
			if segs[i] == "" {
				return nil, 0, false
			}
			params[name] = segs[i]
			continue
		}
		if p != segs[i] {
			return nil, 0, false
		}
		score++
	}
	return params, score, true
}
