package server

import (
	"errors"
	"strconv"

	"openruntimes/handler/internal/apierror"
	"openruntimes/handler/security/ratelimit"
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
