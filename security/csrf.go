package security

import (
	"net/http"

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
	return apierror.New(apierror.TypeOriginRejected,
		"The request's origin is not allowed to change state here: add it to ALLOWED_ORIGINS if it is your app.")
}
