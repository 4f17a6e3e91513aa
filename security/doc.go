// Package security holds the function's web-security building blocks:
// pure functions of the configuration and the request headers, with no
// state and no I/O, which Main applies to every request. Each answers one
// threat.
//
// # Cross-origin reads: CORS ([Origins], [CORSHeaders], [Preflight])
//
// The function holds the user's session in a cookie, and browsers send
// it with every credentialed fetch, from any page. CORS decides which
// pages may read the answers. ALLOWED_ORIGINS ([ParseOrigins]) lists them
// exactly, or as https://*.example.com for every subdomain; "*" and
// "null" are refused outright, since with credentials they would let any
// page read the user's data. An allowed origin is echoed in
// access-control-allow-origin with access-control-allow-credentials; any
// other gets no CORS header at all. Origins are compared after one
// normalization (letter case, default port) and an otherwise strict
// parse: app.example.com.evil.com, evilapp.example.com, a trailing dot,
// percent-encoding, user info and non-ASCII never match. Every answer
// varies on Origin, so that a shared cache never hands one origin's answer
// to another. Preflights are answered here, allowing only the route's
// methods and a fixed list of harmless request headers.
//
// # Cross-site request forgery ([CheckOrigin])
//
// CORS stops other sites reading answers, not sending requests: a form on
// evil.com can still POST to /logout or /account/password with the
// cookie (SameSite=Lax does not cover every case, and SameSite=None, which
// cross-site frontends need, covers none). Every state-changing request
// must therefore carry an allowed Origin (or the function's own), or, in
// the rare browsers that leave Origin out, Sec-Fetch-Site: same-origin or
// same-site. Pages cannot forge either header. The caller also insists on
// a JSON content type, which a plain form cannot send.
//
// # Open redirects and header injection ([Redirects])
//
// OAuth2, magic URL, verification and recovery flows end with a redirect
// to a URL the caller chose. Unchecked, the function's own domain would
// lend credibility to phishing links, and could hand a token or code
// in the URL to another site. Every target goes through one validator,
// [Redirects.Check], against ALLOWED_REDIRECT_URLS (or ALLOWED_ORIGINS):
// absolute http(s) URLs only, on an allowed origin and path, after a
// parse that refuses rather than repairs every known bypass (scheme-
// relative and backslash forms, user info, encoded hosts, numeric hosts,
// homographs, dot segments, encoded slashes). Control characters, raw or
// percent-encoded, are refused too, so a target can never inject a header
// into the response. testdata/open-redirects.txt lists the bypass forms,
// for other packages' tests to reuse.
//
// # Spoofed client addresses ([ClientIP], [RateKeyIP])
//
// Rate limits key on the client's address, so the address must be one the
// client cannot choose. Only x-appwrite-client-ip is read, which Appwrite
// (and the dev runtime) set from the connection; X-Forwarded-For is
// written by the client and would give an attacker a fresh budget for
// every request. IPv6 addresses are counted by their /64, which one
// subscriber usually holds whole.
//
// # Brute force (package ratelimit)
//
// Appwrite does not rate-limit calls made with an API key. The subpackage
// ratelimit rebuilds per-address and per-account limits, with bounded
// memory; its package doc explains the policy.
//
// Errors are *apierror.Error values the handlers send as they are: 403
// request_origin_rejected ([apierror.TypeOriginRejected]) and 400
// redirect_not_allowed ([apierror.TypeRedirectNotAllowed]). Their messages name the
// rule that was broken, never the rejected value.
package security
