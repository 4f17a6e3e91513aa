package security

import (
	"net"
	"net/http"
	"net/url"

	"openruntimes/handler/internal/apierror"
)

// CheckOrigin refuses cross-site request forgery. A request with any
// method but GET, HEAD and OPTIONS must come from a page the function
// trusts (the GET routes that do change state, the OAuth2, magic-link and
// verification callbacks, are top-level navigations from an e-mail or a
// provider, and carry their own defences: a flow state cookie, a
// confirmation page, a single-use token):
//   - with an Origin header, the origin must be in o or be self, the
//     function's own origin (see [Origin]), spelled as browsers send it
//     (see [Origins.Allowed]); "null", the origin of sandboxed frames,
//     data: URLs and some redirects, never is;
//   - without one (older browsers leave it out of same-origin requests),
//     the browser's Sec-Fetch-Site header must say same-origin or
//     same-site.
//
// Browsers set both headers themselves and pages cannot forge them, so a
// form or fetch() on another site cannot pass. Clients that are not
// browsers must send an Origin header from the list.
//
// headers are the request's, lower-cased. The error is a *apierror.Error,
// 403 [apierror.TypeOriginRejected].
func CheckOrigin(o *Origins, self string, method string, headers map[string]string) error {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return nil
	}
	origin := headers["origin"]
	if origin == "" {
		switch headers["sec-fetch-site"] {
		case "same-origin", "same-site":
			return nil
		}
		return apierror.New(apierror.TypeOriginRejected,
			"The request has no Origin header and the browser does not vouch that it comes from the same site: requests that change state must come from an allowed origin.")
	}
	if lowerASCII(origin) == "null" {
		return apierror.New(apierror.TypeOriginRejected,
			"Requests from an opaque origin (Origin: null, such as a sandboxed frame or a local file) cannot change state.")
	}
	if o.Allowed(origin) {
		return nil
	}
	if c, ok := canonicalOrigin(origin); ok {
		if s, ok := parseOriginHeader(self); ok && c == s {
			return nil
		}
	}
	if local, ok := localhostInstead(origin); ok {
		return apierror.New(apierror.TypeOriginRejected,
			"The request comes from a page on a loopback address, which is another site than localhost: the session cookie would not travel with its requests and the app would look signed out. Open the app at "+local+" and list that in ALLOWED_ORIGINS.")
	}
	return apierror.New(apierror.TypeOriginRejected,
		"The request's origin is not allowed to change state here: add it to ALLOWED_ORIGINS if it is your app.")
}

// localhostInstead returns, for an origin on a loopback IP address
// (http://127.0.0.1:5173, http://[::1]:5173), the same origin on
// localhost, where a development app belongs: browsers hold a loopback
// address and localhost for different sites, so a SameSite cookie set for
// one is not sent from the other's pages.
func localhostInstead(origin string) (string, bool) {
	u, err := url.Parse(origin)
	if err != nil {
		return "", false
	}
	ip := net.ParseIP(u.Hostname())
	if ip == nil || !ip.IsLoopback() {
		return "", false
	}
	host := "localhost"
	if port := u.Port(); port != "" {
		host = net.JoinHostPort(host, port)
	}
	return u.Scheme + "://" + host, true
}
