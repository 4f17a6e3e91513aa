package appwritetest

import (
	"fmt"
	"net/http"
)

// The server versions [WithServerVersion] accepts. Self-hosted Appwrite
// runs the 1.8.1 release; Appwrite Cloud, the spec files in
// ../shared/appwrite-spec and Go SDK v1.0.0 follow the 1.8.x branch. Both
// report 1.8.1 from GET /v1/health/version.
const (
	// ServerRelease181 is the 1.8.1 release (tag 1.8.1): JWTs always live
	// 900 s and are limited to 100 an hour per user; MFA challenges are
	// never refused for age; sign-in counters are not reset by a success;
	// an API key with a session is 403 user_key_and_session_set; a JWT
	// with a session cookie acts as the JWT's user, and the cookie's
	// session is the request's only when it is that user's; the error
	// table is errors-1.8.1.json.
	ServerRelease181 = "1.8.1"
	// ServerBranch18x is the 1.8.x branch, what Appwrite Cloud runs: JWTs
	// take a duration of 0 to 3600 s, limited to 120 a minute per user;
	// expired MFA challenges are refused (the reference table's reading;
	// Appwrite's source checks the age only on main after ac04af99d1, not
	// at the branch's commit 9dc11c17: the emulator keeps the stricter
	// side, which the function must survive anyway); the error table is
	// errors-1.8.x.json. It is the default.
	ServerBranch18x = "1.8.x"
)

// ValidServerVersion reports whether v is a version [WithServerVersion]
// accepts.
func ValidServerVersion(v string) bool {
	return v == ServerRelease181 || v == ServerBranch18x
}

// WithServerVersion chooses which Appwrite the emulator behaves as:
// [ServerBranch18x] (the default) or [ServerRelease181]. Any other value
// makes [New] panic; check it first with [ValidServerVersion].
func WithServerVersion(v string) Option {
	return func(c *config) { c.version = v }
}

// WithInvalidateSessions sets the project's auths.invalidateSessions
// (default true, as on a new project). When false, PATCH
// /account/password and PATCH /users/{userId}/password leave the user's
// other sessions alive, as Appwrite does for projects created before the
// setting existed or where it was turned off.
func WithInvalidateSessions(on bool) Option {
	return func(c *config) { c.invalidateSessions = on }
}

// WithBlockedStatus sets the HTTP status of user_blocked: 401 (the
// default, as in the 1.8.1 release and the spec files) or 403, as later
// commits of the 1.8.x branch send it.
func WithBlockedStatus(code int) Option {
	return func(c *config) { c.blockedStatus = code }
}

// ServerVersion returns the version the emulator behaves as.
func (e *Emulator) ServerVersion() string { return e.cfg.version }

// release reports whether the emulator behaves as the 1.8.1 release.
func (e *Emulator) release() bool { return e.cfg.version == ServerRelease181 }

// checkConfig panics on settings no Appwrite has, so that a test cannot
// silently run against an emulator that is neither version.
func (c *config) checkConfig() {
	if !ValidServerVersion(c.version) {
		panic(fmt.Sprintf("appwritetest: unknown server version %q (want %q or %q)", c.version, ServerRelease181, ServerBranch18x))
	}
	if c.blockedStatus != http.StatusUnauthorized && c.blockedStatus != http.StatusForbidden {
		panic(fmt.Sprintf("appwritetest: user_blocked is sent with 401 or 403, not %d", c.blockedStatus))
	}
}

// blockedError is user_blocked with the configured status.
func (e *Emulator) blockedError() *apiError {
	err := newError("user_blocked")
	err.code = e.cfg.blockedStatus
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
	return jsonReply(http.StatusOK, u.full()), nil
}
