// Package apierror is the function's error model: the one shape every
// failure has on the wire (Appwrite's own), every error type the function
// answers with by name, and the one table, in status.go, that says which
// HTTP status each type is answered with. It imports nothing of the
// function, so every package builds its errors here without importing
// another package for an error type.
package apierror

import "errors"

// Error is the function's one error shape, the same as Appwrite's:
// {"message": "...", "code": 401, "type": "user_invalid_credentials"}.
// Code is the HTTP status the function answers with.
type Error struct {
	Message string `json:"message"`
	Code    int    `json:"code"`
	Type    string `json:"type"`
}

// Error returns the type and message, for logs.
func (e *Error) Error() string {
	return e.Type + ": " + e.Message
}

// New returns an error of type typ with the status the table gives it.
// It panics when the table has no status for typ: every type the function
// answers with is in the table, and a test builds one of each.
func New(typ, message string) *Error {
	code, ok := statuses[typ]
	if !ok {
		panic("apierror: no status for error type " + typ)
	}
	return &Error{Message: message, Code: code, Type: typ}
}

// Is reports whether err is an *Error of type typ.
func Is(err error, typ string) bool {
	var e *Error
	return errors.As(err, &e) && e.Type == typ
}

// Answerer is an error that knows the *Error it is answered with: a
// refused attempt of the rate limiter, a problem of the configuration.
type Answerer interface {
	error
	APIError() *Error
}

// From returns the *Error err is answered with: err itself when it is
// one, the answer of an [Answerer], else 500 general_unknown with no
// detail (what went wrong goes to the log, not to the caller).
func From(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var a Answerer
	if errors.As(err, &a) {
		return a.APIError()
	}
	return New(TypeUnknown, "Something went wrong on our side.")
}
