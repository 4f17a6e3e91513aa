package appwritetest

import (
	"fmt"
	"net/http"
)

// The server versions [WithServerVersion] accepts. Self-hosted Appwrite
// 1.8 runs the 1.8.1 release; the spec files in ../shared/appwrite-spec
// and Go SDK v1.0.0 follow the 1.8.x branch; Appwrite Cloud runs the 1.9
// line (its deploy tags cl-1.9.0-1 … cl-1.9.6-1). The 1.8 versions report
// 1.8.1 from GET /v1/health/version and in error bodies, the 1.9 line
// 1.9.6.
const (
	// ServerRelease181 is the 1.8.1 release (tag 1.8.1): JWTs always live
	// 900 s and are limited to 100 an hour per user; MFA challenges are
	// never refused for age; sign-in counters are not reset by a success;
	// an API key with a session is 403 user_key_and_session_set; a JWT
	// with a session cookie acts as the JWT's user, and the cookie's
	// session is the request's only when it is that user's; the error
	// table is errors-1.8.1.json.
	ServerRelease181 = "1.8.1"
	// ServerBranch18x is the 1.8.x branch at the spec files' commit
	// 9dc11c17: JWTs take a duration of 0 to 3600 s, limited to 120 a
	// minute per user; expired MFA challenges are refused (the reference
	// table's reading; Appwrite's source checks the age only on main after
	// ac04af99d1, not at the branch's commit 9dc11c17: the emulator keeps
	// the stricter side, which the function must survive anyway); the
	// error table is errors-1.8.x.json.
	ServerBranch18x = "1.8.x"
	// ServerCloud19x is the 1.9 line, what Appwrite Cloud runs: the 1.9.6
	// release (tag 1.9.6) and Cloud's cl-1.9.6-1, with the 1.9.x branch's
	// later fix that a JWT ends with its session. It behaves as the 1.8.x
	// branch does, except that: the OAuth2 success URL's secret is an HS256
	// JWT {secret, provider, exp} that lives 60 s, the bare token secret is
	// refused (user_invalid_token), and the session made from it has the
	// provider's ID (github) as its provider, not oauth2; it reports 1.9.6
	// and warns only SDKs built for a newer one; the execution key is
	// ephemeral_<JWT> ([Emulator.ExecutionKey]); user_blocked is 403 with
	// 1.9.6's shorter message; PUT /account/recovery ends all the user's
	// sessions when invalidateSessions is on; a JWT whose session has expired
	// makes a guest; MFA challenges are completed however old (1.9.6 does not
	// look); PATCH /account/sessions/{sessionId} extends any session; the
	// Users API's session routes take sessions.read or sessions.write as well
	// as users.read or users.write; the OAuth2 providers include fusionauth,
	// keycloak, kick and x; the project policies of 1.9.5 apply
	// ([WithPasswordStrength], [WithEmailPolicy]), and a new password is
	// described by the strength policy; the User and Account models carry
	// emailCanonical, emailIsFree, emailIsDisposable, emailIsCorporate and
	// emailIsCanonical, and, for clients asking for format 1.9.0 or later (or
	// none), impersonator and impersonatorUserId, and TablesDB rows a string
	// $sequence. Its error table is errors-1.8.x.json with 1.9.6's rows where
	// they differ.
	ServerCloud19x = "1.9.x"
)

// DefaultServerVersion is the version an emulator behaves as without
// [WithServerVersion]: what Appwrite Cloud runs, the 1.9 line. Programs
// that let a user choose the version (a -appwrite-version flag) should
// default to it too.
const DefaultServerVersion = ServerCloud19x

// ValidServerVersion reports whether v is a version [WithServerVersion]
// accepts.
func ValidServerVersion(v string) bool {
	return v == ServerRelease181 || v == ServerBranch18x || v == ServerCloud19x
}

// WithServerVersion chooses which Appwrite the emulator behaves as:
// [ServerCloud19x] (the default), [ServerBranch18x] or
// [ServerRelease181]. Any other value makes [New] panic; check it first
// with [ValidServerVersion].
func WithServerVersion(v string) Option {
	return func(c *config) { c.version = v }
}

// WithInvalidateSessions sets the project's auths.invalidateSessions
// (default true, as on a new project). When false, PATCH
// /account/password and PATCH /users/{userId}/password leave the user's
// other sessions alive, as Appwrite does for projects created before the
// setting existed or where it was turned off; on [ServerCloud19x] so does
// PUT /account/recovery, which ends all of them when it is on.
func WithInvalidateSessions(on bool) Option {
	return func(c *config) { c.invalidateSessions = on }
}

// WithBlockedStatus sets the HTTP status of user_blocked: 401 or 403. The
// default is the version's: 401 on [ServerRelease181] and
// [ServerBranch18x] (the spec files' status), 403 on [ServerCloud19x].
// 403 on a 1.8 version is what later commits of the 1.8.x branch send.
func WithBlockedStatus(code int) Option {
	return func(c *config) { c.blockedStatus = code }
}

// ServerVersion returns the version the emulator behaves as.
func (e *Emulator) ServerVersion() string { return e.cfg.version }

// AppVersion returns the version the emulator reports, from GET
// /v1/health/version and in error bodies: 1.8.1 on the 1.8 versions,
// 1.9.6 on the 1.9 line.
func (e *Emulator) AppVersion() string { return e.appVersion() }

// release reports whether the emulator behaves as the 1.8.1 release.
func (e *Emulator) release() bool { return e.cfg.version == ServerRelease181 }

// line19 reports whether the emulator behaves as the 1.9 line.
func (e *Emulator) line19() bool { return e.cfg.version == ServerCloud19x }

// appVersion is the version's APP_VERSION_STABLE, sent in every error
// body and by GET /v1/health/version.
func (e *Emulator) appVersion() string {
	if e.line19() {
		return appVersion19
	}
	return appVersion18
}

// APP_VERSION_STABLE of the emulated versions.
const (
	appVersion18 = "1.8.1"
	appVersion19 = "1.9.6"
)

// checkConfig panics on settings no Appwrite has, so that a test cannot
// silently run against an emulator that is no version at all.
func (c *config) checkConfig() {
	if !ValidServerVersion(c.version) {
		panic(fmt.Sprintf("appwritetest: unknown server version %q (want %q, %q or %q)", c.version, ServerRelease181, ServerBranch18x, ServerCloud19x))
	}
	c.checkPolicies()
	c.checkAuthMethods()
	if c.blockedStatus != 0 && c.blockedStatus != http.StatusUnauthorized && c.blockedStatus != http.StatusForbidden {
		panic(fmt.Sprintf("appwritetest: user_blocked is sent with 401 or 403, not %d", c.blockedStatus))
	}
}

// blockedError is user_blocked with the configured status, or the
// version's.
func (e *Emulator) blockedError() *apiError {
	err := newError("user_blocked")
	switch {
	case e.cfg.blockedStatus != 0:
		err.code = e.cfg.blockedStatus
	case e.line19():
		err.code = http.StatusForbidden
	default:
		err.code = http.StatusUnauthorized
	}
	return err
}

// limitFor returns the rate limit of rt on this version: the release's
// own where it differs from the branch's.
func (e *Emulator) limitFor(rt *route) rateLimit {
	if e.release() && rt.releaseLimit != nil {
		return *rt.releaseLimit
	}
	return rt.limit
}

// handleUpdateUserStatus handles "PATCH /v1/users/:userId/status": false
// blocks the user, true unblocks. Blocking ends no session: every request
// of the user's sessions and JWTs is refused with user_blocked instead.
func handleUpdateUserStatus(e *Emulator, q *request) (*reply, *apiError) {
	u := e.users[q.str("userId")]
	if u == nil {
		return nil, newError("user_not_found")
	}
	status, _ := toBool(q.params["status"])
	u.status = status
	u.updatedAt = q.now
	return jsonReply(http.StatusOK, u.full(q)), nil
}
