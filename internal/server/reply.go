package server

import (
	"net/http"
)

// Reply is what a handler returns: a status, a JSON body, at most one
// cookie and an optional redirect target. Main turns it into the runtime's
// response; handlers never build one themselves.
type Reply struct {
	Status int
	// Body is encoded as JSON; nil means an empty body.
	Body any
	// HTML, when set, is sent as text/html instead of Body.
	HTML []byte
	// Cookie is one Set-Cookie value. The Go runtime keeps one value per
	// header name, so a response can never set two cookies.
	Cookie string
	// Location is the target of a 302 or 303 redirect.
	Location string
	// Header holds further response headers, such as allow or retry-after.
	Header map[string]string
	// Private marks replies that carry user data, so they are never cached
	// even when they set no cookie.
	Private bool
	// Err, when set, is the error this reply reports, kept for the log line.
	Err error
}

// JSON returns a reply with status and a JSON body.
func JSON(status int, body any) Reply {
	return Reply{Status: status, Body: body}
}

// UserData returns a reply with a JSON body that belongs to the signed-in
// user and must not be cached.
func UserData(status int, body any) Reply {
	return Reply{Status: status, Body: body, Private: true}
}

// NoContent returns a 204 reply.
func NoContent() Reply {
	return Reply{Status: http.StatusNoContent}
}

// Redirect returns a redirect to location. Only 302 and 303 are used: the
// runtime's default, 301, is cached by browsers forever.
func Redirect(status int, location string) Reply {
	if status != http.StatusFound && status != http.StatusSeeOther {
		status = http.StatusFound
	}
	return Reply{Status: status, Location: location}
}

// WithCookie returns r with the Set-Cookie value cookie.
func (r Reply) WithCookie(cookie string) Reply {
	r.Cookie = cookie
	return r
}

// WithHeader returns r with one more response header.
func (r Reply) WithHeader(name, value string) Reply {
	h := make(map[string]string, len(r.Header)+1)
	for k, v := range r.Header {
		h[k] = v
	}
	h[name] = value
	r.Header = h
	return r
}
