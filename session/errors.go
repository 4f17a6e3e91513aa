package session

import (
	"encoding/json"
	"errors"
	"io"
	"net"

	"openruntimes/handler/internal/apierror"

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
