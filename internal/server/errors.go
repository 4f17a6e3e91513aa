package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"openruntimes/handler/security"
	"openruntimes/handler/security/ratelimit"
	"openruntimes/handler/session"
)

// Error types of the function's own. Appwrite's types pass through
// unchanged when Appwrite produced the error.
const (
	TypeMisconfigured        = "function_misconfigured"
	TypeArgumentInvalid      = "general_argument_invalid"
	TypeContentType          = "request_content_type_unsupported"
	TypeBodyTooLarge         = "request_body_too_large"
	TypeRouteNotFound        = "route_not_found"
	TypeMethodNotAllowed     = "method_not_allowed"
	TypeUnauthorized         = "user_unauthorized"
	TypeInvalidCredentials   = "user_invalid_credentials"
	TypeMoreFactorsRequired  = "user_more_factors_required"
	TypeUnknown              = "general_unknown"
	TypeSessionAlreadyExists = "user_session_already_exists"
)

// Fail returns the reply that reports err. It is the one place where an
// error becomes a status:
//   - a *session.Error keeps its code (Appwrite's, or the function's own);
//   - a *ratelimit.RateLimitError is 429 rate_limit_exceeded with
//     retry-after;
//   - Appwrite's own 429 (general_rate_limit_exceeded, its limits on the
//     user's own calls) is 429 rate_limit_exceeded too; Main adds the
//     retry-after Appwrite gave;
//   - a *session.ConfigError is 500 function_misconfigured naming the
//     variables to fix (the details go to the log, not the response);
//   - anything else is 500 general_unknown, with no detail.
func Fail(err error) Reply {
	var limited *ratelimit.RateLimitError
	if errors.As(err, &limited) {
		return Reply{Status: http.StatusTooManyRequests, Body: limited.APIError(), Err: err,
			Header: map[string]string{"retry-after": strconv.Itoa(limited.RetryAfterSeconds())}}
	}
	e := toAPIError(err)
	if e.Type == typeAppwriteRateLimited {
		e = errAppwriteRateLimited
	}
	return Reply{Status: e.Code, Body: e, Err: err}
}

// typeAppwriteRateLimited is Appwrite's 429, which the function answers
// as its own rate_limit_exceeded: to the app, too many attempts are too
// many attempts, whoever counted them.
const typeAppwriteRateLimited = "general_rate_limit_exceeded"

var errAppwriteRateLimited = session.NewError(http.StatusTooManyRequests, ratelimit.TypeRateLimited,
	"Too many attempts. Try again later.")

// toAPIError is Fail's mapping from any error to the function's error.
func toAPIError(err error) *session.Error {
	var e *session.Error
	var cfgErr *session.ConfigError
	switch {
	case errors.As(err, &e):
		return e
	case errors.As(err, &cfgErr):
		return session.NewError(http.StatusInternalServerError, TypeMisconfigured,
			"The function is misconfigured: check "+strings.Join(cfgErr.Variables, ", ")+".")
	}
	return session.NewError(http.StatusInternalServerError, TypeUnknown, "Something went wrong on our side.")
}

// adminError turns the error of a call made with the API key into the
// function's error. Appwrite refusing the key itself is the deployment's
// fault, not the user's, so it becomes function_misconfigured.
func adminError(err error) error {
	if err == nil {
		return nil
	}
	e := session.FromSDK(err)
	switch e.Type {
	case "user_unauthorized", "general_unauthorized_scope", "project_key_expired",
		"project_not_found", "project_id_missing", "general_access_forbidden":
		cfgErr := &session.ConfigError{
			Problems:  []string{"Appwrite refused the API key: " + e.Type},
			Variables: []string{"APPWRITE_API_KEY (or the function's scopes)", "APPWRITE_FUNCTION_PROJECT_ID"},
		}
		return cfgErr
	}
	return e
}

// userError turns the error of a call made with the user's session into
// the function's error. Appwrite answers a stale, expired or deleted
// session with 401 general_unauthorized_scope ("guests missing scope
// account"); to the browser that simply means "not signed in".
func userError(err error) error {
	if err == nil {
		return nil
	}
	// What the function decided itself (a limit's refusal, a problem of
	// its configuration) is already the answer.
	var limited *ratelimit.RateLimitError
	var config *session.ConfigError
	if errors.As(err, &limited) || errors.As(err, &config) {
		return err
	}
	e := session.FromSDK(err)
	switch e.Type {
	case "general_unauthorized_scope", "user_unauthorized", "user_jwt_invalid", "user_session_not_found":
		if e.Code == http.StatusUnauthorized {
			return errSignedOut
		}
	}
	return e
}

var (
	errOriginRejected = session.NewError(http.StatusForbidden, security.TypeOriginRejected,
		"This request must come from the function's own page.")
	errFormContentType = session.NewError(http.StatusUnsupportedMediaType, TypeContentType,
		"The form must be sent as application/x-www-form-urlencoded.")
	errBodyTooLarge = session.NewError(http.StatusRequestEntityTooLarge, TypeBodyTooLarge,
		"The request body is too large.")
)

// errInvalidCredentials is Appwrite's answer to a wrong password, given
// by the function when it checks one itself.
var errInvalidCredentials = session.NewError(http.StatusUnauthorized, TypeInvalidCredentials,
	"Invalid credentials. Please check the email and password.")

// errSignedOut is the answer to any request that needs a session and has
// none that Appwrite accepts.
var errSignedOut = session.NewError(http.StatusUnauthorized, TypeUnauthorized, "You are not signed in.")

// isSignedOut reports whether err means the caller has no valid session.
func isSignedOut(err error) bool {
	var e *session.Error
	return errors.As(err, &e) && e.Type == TypeUnauthorized
}

// endsSession reports whether err means the browser's session is of no
// more use: gone (isSignedOut) or its user blocked. Either way the cookie
// is cleared.
func endsSession(err error) bool {
	return isSignedOut(err) || isType(err, session.TypeUserBlocked)
}

// isType reports whether err is an *session.Error of type typ.
func isType(err error, typ string) bool {
	var e *session.Error
	return errors.As(err, &e) && e.Type == typ
}

// invalidArgument returns a 400 general_argument_invalid error.
func invalidArgument(message string) *session.Error {
	return session.NewError(http.StatusBadRequest, TypeArgumentInvalid, message)
}
