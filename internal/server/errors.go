package server

import (
	"errors"
	"net/http"
	"strconv"

	"openruntimes/handler/internal/apierror"
	"openruntimes/handler/security/ratelimit"
	"openruntimes/handler/session"
)

// Fail returns the reply that reports err, with the status
// internal/apierror's table gives its type (apierror.From says which
// *apierror.Error an error is answered with). A refused attempt of the
// rate limiter also says when to retry; for Appwrite's own 429, respond
// adds the retry-after Appwrite gave.
func Fail(err error) Reply {
	e := apierror.From(err)
	reply := Reply{Status: e.Code, Body: e, Err: err}
	var limited *ratelimit.RateLimitError
	if errors.As(err, &limited) {
		reply.Header = map[string]string{"retry-after": strconv.Itoa(limited.RetryAfterSeconds())}
	}
	return reply
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
	errOriginRejected = apierror.New(apierror.TypeOriginRejected,
		"This request must come from the function's own page.")
	errFormContentType = apierror.New(apierror.TypeContentType,
		"The form must be sent as application/x-www-form-urlencoded.")
	errBodyTooLarge = apierror.New(apierror.TypeBodyTooLarge,
		"The request body is too large.")
)

// errInvalidCredentials is Appwrite's answer to a wrong password, given
// by the function when it checks one itself.
var errInvalidCredentials = apierror.New(apierror.TypeInvalidCredentials,
	"Invalid credentials. Please check the email and password.")

// errSignedOut is the answer to any request that needs a session and has
// none that Appwrite accepts.
var errSignedOut = apierror.New(apierror.TypeUnauthorized, "You are not signed in.")

// isSignedOut reports whether err means the caller has no valid session.
func isSignedOut(err error) bool {
	var e *apierror.Error
	return errors.As(err, &e) && e.Type == apierror.TypeUnauthorized
}

// endsSession reports whether err means the browser's session is of no
// more use: gone (isSignedOut) or its user blocked. Either way the cookie
// is cleared.
func endsSession(err error) bool {
	return isSignedOut(err) || apierror.Is(err, apierror.TypeUserBlocked)
}

// invalidArgument returns a 400 general_argument_invalid error.
func invalidArgument(message string) *apierror.Error {
	return apierror.New(apierror.TypeArgumentInvalid, message)
}
