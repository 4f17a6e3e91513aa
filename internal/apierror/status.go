package apierror

import "net/http"

// Error types the function answers with. Appwrite's own types pass through
// unchanged (see [FromAppwrite]) unless the table below names them.
const (
	// TypeArgumentInvalid is Appwrite's type for a bad argument, which the
	// function uses for its own checks of a request too.
	TypeArgumentInvalid      = "general_argument_invalid"
	TypeContentType          = "request_content_type_unsupported"
	TypeBodyTooLarge         = "request_body_too_large"
	TypeRouteNotFound        = "route_not_found"
	TypeMethodNotAllowed     = "method_not_allowed"
	TypeOriginRejected       = "request_origin_rejected"
	TypeRedirectNotAllowed   = "redirect_not_allowed"
	TypeRateLimited          = "rate_limit_exceeded"
	TypeMisconfigured        = "function_misconfigured"
	TypeUnknown              = "general_unknown"
	TypeUnauthorized         = "user_unauthorized"
	TypeInvalidCredentials   = "user_invalid_credentials"
	TypeMoreFactorsRequired  = "user_more_factors_required"
	TypeSessionAlreadyExists = "user_session_already_exists"
	TypeAlreadyExists        = "user_already_exists"
	TypeUserBlocked          = "user_blocked"
	TypeIdentityNotFound     = "user_identity_not_found"
	TypeLastSignInMethod     = "user_last_sign_in_method"
	TypeAuthenticatorMissing = "user_authenticator_not_found"
	TypeChallengeRequired    = "user_challenge_required"
	TypeInvalidToken         = "user_invalid_token"

	// The function's types for an Appwrite it cannot use.
	TypeUpstreamUnavailable = "upstream_unavailable"
	TypeUpstreamTimeout     = "upstream_timeout"
	TypeUpstreamError       = "upstream_error"
)

// Error types a browser flow reports in its failure URL's error
// parameter, never as a status.
const (
	// TypeStateMismatch is the error of a callback opened in a browser that
	// did not start the flow.
	TypeStateMismatch = "flow_state_mismatch"
	// TypeStateUsed is the error of a callback whose flow state has been
	// used already: a state signs one browser in once.
	TypeStateUsed = "flow_state_used"
)

// statuses is the one table of the status each type is answered with.
var statuses = map[string]int{
	TypeArgumentInvalid:      http.StatusBadRequest,
	TypeRedirectNotAllowed:   http.StatusBadRequest,
	TypeUnauthorized:         http.StatusUnauthorized,
	TypeInvalidCredentials:   http.StatusUnauthorized,
	TypeMoreFactorsRequired:  http.StatusUnauthorized,
	TypeChallengeRequired:    http.StatusUnauthorized,
	TypeInvalidToken:         http.StatusUnauthorized,
	TypeUserBlocked:          http.StatusUnauthorized,
	TypeOriginRejected:       http.StatusForbidden,
	TypeRouteNotFound:        http.StatusNotFound,
	TypeIdentityNotFound:     http.StatusNotFound,
	TypeAuthenticatorMissing: http.StatusNotFound,
	TypeMethodNotAllowed:     http.StatusMethodNotAllowed,
	TypeSessionAlreadyExists: http.StatusConflict,
	TypeAlreadyExists:        http.StatusConflict,
	TypeLastSignInMethod:     http.StatusConflict,
	TypeBodyTooLarge:         http.StatusRequestEntityTooLarge,
	TypeContentType:          http.StatusUnsupportedMediaType,
	TypeRateLimited:          http.StatusTooManyRequests,
	TypeMisconfigured:        http.StatusInternalServerError,
	TypeUnknown:              http.StatusInternalServerError,
	TypeUpstreamError:        http.StatusBadGateway,
	TypeUpstreamUnavailable:  http.StatusBadGateway,
	TypeUpstreamTimeout:      http.StatusGatewayTimeout,
}

// Appwrite types answered otherwise than Appwrite answers them.
const (
	// typeAppwriteRateLimited is Appwrite's 429 (its limits on the user's
	// own calls), answered as the function's rate_limit_exceeded: to the
	// app, too many attempts are too many attempts, whoever counted them.
	typeAppwriteRateLimited = "general_rate_limit_exceeded"
)

// passedOn5xx are the Appwrite 5xx errors that describe the project's
// setup rather than a fault, and so reach the caller with their status.
var passedOn5xx = map[string]int{
	"general_smtp_disabled":        http.StatusServiceUnavailable,
	"general_phone_disabled":       http.StatusServiceUnavailable,
	"user_auth_method_unsupported": http.StatusNotImplemented,
}

// Status returns the status the table gives typ, and whether it has one.
func Status(typ string) (int, bool) {
	code, ok := statuses[typ]
	return code, ok
}

// FromAppwrite returns the function's answer to an Appwrite error of
// status, type and message:
//   - a 4xx keeps Appwrite's status, type and message, except for the
//     types the table answers otherwise: user_blocked is always 401 (the
//     1.8.1 release sends 401, later releases 403), and Appwrite's own
//     429 is the function's rate_limit_exceeded;
//   - the few 5xx that say a feature is off (SMTP, an auth method) keep
//     their status and type;
//   - any other answer, or one without a type, is 502 upstream_error, and
//     nothing of Appwrite's message is passed on.
func FromAppwrite(status int, typ, message string) *Error {
	switch {
	case typ == "" || !(status >= 400 && status < 500 || passedOn5xx[typ] == status):
		return New(TypeUpstreamError, "Appwrite answered with an unexpected error.")
	case typ == typeAppwriteRateLimited:
		return New(TypeRateLimited, userMessage(typ, message))
	case typ == TypeUserBlocked:
		return New(TypeUserBlocked, userMessage(typ, message))
	}
	return &Error{Message: userMessage(typ, message), Code: status, Type: typ}
}
