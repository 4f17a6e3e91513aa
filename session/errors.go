package session

import (
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"

	"github.com/appwrite/sdk-for-go/client"
)

// Error is the function's one error shape, the same as Appwrite's:
// {"message": "...", "code": 401, "type": "user_invalid_credentials"}.
// Code is the HTTP status the function answers with.
type Error struct {
	Message string `json:"message"`
	Code    int    `json:"code"`
	Type    string `json:"type"`
}

// NewError returns an *Error.
func NewError(code int, typ, message string) *Error {
	return &Error{Message: message, Code: code, Type: typ}
}

func (e *Error) Error() string {
	return e.Type + ": " + e.Message
}

// Error types the function produces itself when Appwrite cannot be used.
const (
	TypeUpstreamUnavailable = "upstream_unavailable"
	TypeUpstreamTimeout     = "upstream_timeout"
	TypeUpstreamError       = "upstream_error"
)

// TypeUserBlocked is Appwrite's error for a user whose account has been
// blocked (PATCH /users/{userId}/status false).
const TypeUserBlocked = "user_blocked"

// passThrough5xx are the Appwrite 5xx errors that describe the project's
// setup rather than a fault, and so reach the caller as they are.
var passThrough5xx = map[string]int{
	"general_smtp_disabled":        http.StatusServiceUnavailable,
	"general_phone_disabled":       http.StatusServiceUnavailable,
	"user_auth_method_unsupported": http.StatusNotImplemented,
}

// FromSDK turns an error of an SDK call into an *Error. It is the one place
// that reads Appwrite's error type, which the SDK only keeps in the raw
// response body:
//   - an Appwrite 4xx keeps Appwrite's code, type and message, except
//     that user_blocked is always 401 (later 1.8.x servers send 403);
//   - an Appwrite 5xx, or a body that is not Appwrite's error JSON, becomes
//     502 upstream_error, and nothing of the upstream body is passed on,
//     except for the few 5xx that say a feature is off (SMTP, an auth
//     method), which keep their code and type;
//   - a timeout becomes 504 upstream_timeout;
//   - any other transport failure becomes 502 upstream_unavailable.
func FromSDK(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var appwriteErr *client.AppwriteError
	if errors.As(err, &appwriteErr) {
		status := appwriteErr.GetStatusCode()
		var body struct {
			Message string `json:"message"`
			Type    string `json:"type"`
		}
		if json.Unmarshal([]byte(appwriteErr.GetResponse()), &body) == nil && body.Type != "" &&
			(status >= 400 && status < 500 || passThrough5xx[body.Type] == status) {
			if body.Type == TypeUserBlocked {
				// 401 on the 1.8.1 release, 403 on later 1.8.x: the
				// function answers one status for it.
				status = http.StatusUnauthorized
			}
			return &Error{Message: body.Message, Code: status, Type: body.Type}
		}
		return NewError(http.StatusBadGateway, TypeUpstreamError, "Appwrite answered with an unexpected error.")
	}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return NewError(http.StatusGatewayTimeout, TypeUpstreamTimeout, "Appwrite did not answer in time.")
	}
	if errors.As(err, &netErr) || errors.Is(err, io.ErrUnexpectedEOF) {
		return NewError(http.StatusBadGateway, TypeUpstreamUnavailable, "Appwrite cannot be reached.")
	}
	// The call went through but its answer could not be decoded: a
	// truncated JSON body, HTML from a proxy, a model the SDK does not know.
	return NewError(http.StatusBadGateway, TypeUpstreamError, "Appwrite answered with something that is not a valid response.")
}
