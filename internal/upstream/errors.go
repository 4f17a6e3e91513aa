package upstream

import (
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"

	"openruntimes/handler/internal/apierror"
	"openruntimes/handler/session"

	"github.com/appwrite/sdk-for-go/client"
)

// FromSDK turns an error of an SDK call into an *apierror.Error. It is the
// one place that reads Appwrite's error type, which the SDK only keeps in
// the raw response body:
//   - an Appwrite error is answered as [apierror.FromAppwrite] says;
//   - a timeout becomes 504 upstream_timeout;
//   - any other transport failure becomes 502 upstream_unavailable.
func FromSDK(err error) *apierror.Error {
	if err == nil {
		return nil
	}
	var e *apierror.Error
	if errors.As(err, &e) {
		return e
	}
	var appwriteErr *client.AppwriteError
	if errors.As(err, &appwriteErr) {
		var body struct {
			Message string `json:"message"`
			Type    string `json:"type"`
		}
		if json.Unmarshal([]byte(appwriteErr.GetResponse()), &body) != nil {
			body.Type = ""
		}
		return apierror.FromAppwrite(appwriteErr.GetStatusCode(), body.Type, body.Message)
	}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return apierror.New(apierror.TypeUpstreamTimeout, "Appwrite did not answer in time.")
	}
	if errors.As(err, &netErr) || errors.Is(err, io.ErrUnexpectedEOF) {
		return apierror.New(apierror.TypeUpstreamUnavailable, "Appwrite cannot be reached.")
	}
	// The call went through but its answer could not be decoded: a
	// truncated JSON body, HTML from a proxy, a model the SDK does not know.
	return apierror.New(apierror.TypeUpstreamError, "Appwrite answered with something that is not a valid response.")
}

// AdminError turns the error of a call made with the API key into the
// function's error. Appwrite refusing the key itself is the deployment's
// fault, not the user's, so it becomes function_misconfigured.
func AdminError(err error) error {
	if err == nil {
		return nil
	}
	e := FromSDK(err)
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

// UserError turns the error of a call made with the user's session into
// the function's error. Appwrite answers a stale, expired or deleted
// session with 401 general_unauthorized_scope ("guests missing scope
// account"); to the browser that simply means "not signed in".
func UserError(err error) error {
	if err == nil {
		return nil
	}
	// What the function decided itself (a limit's refusal, a problem of
	// its configuration) is already the answer.
	var decided apierror.Answerer
	if errors.As(err, &decided) {
		return err
	}
	e := FromSDK(err)
	switch e.Type {
	case "general_unauthorized_scope", "user_unauthorized", "user_jwt_invalid", "user_session_not_found":
		if e.Code == http.StatusUnauthorized {
			return ErrSignedOut
		}
	}
	return e
}

// ErrSignedOut is the answer to any request that needs a session and has
// none that Appwrite accepts.
var ErrSignedOut = apierror.New(apierror.TypeUnauthorized, "You are not signed in.")
