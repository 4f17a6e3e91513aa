// Package upstream is the function's way to Appwrite: the SDK clients, the
// one tuned transport they share, the per-execution deadline and timer of
// Appwrite calls, and the mapping of an SDK call's error to the function's
// answer.
//
// The function follows Appwrite's server-side auth pattern. An admin client,
// built with the API key, creates accounts and sessions and is the only one
// that ever sees a session's secret. The secret is then kept in the browser
// in an httpOnly cookie, and a session client, built from that cookie and
// carrying no key, acts as the user:
//
//	admin := upstream.NewAdminClient(&cfg, userAgent) // new client per request
//	s, err := account.New(admin).CreateEmailPasswordSession(email, password)
//	err = upstream.AdminError(err)                     // the key's call, mapped once
//
//	user, err := account.New(upstream.NewSessionClient(&cfg, secret)).Get()
//	err = upstream.UserError(err)                      // a dead session is ErrSignedOut
//
// Clients are never shared between requests and never keep a cookie jar:
// Appwrite answers every session creation with its own Set-Cookie, even to
// API-key callers, and a jar would replay one user's session on the next
// user's request. All clients share one tuned [http.Transport], so
// connections to Appwrite are pooled across requests. [FromSDK] is the one
// place that reads Appwrite's error type from the SDK's raw response;
// internal/apierror decides the status.
package upstream
