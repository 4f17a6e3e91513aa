// Package session holds what every request of the function needs to talk
// to Appwrite on a user's behalf: the configuration, the session cookie and
// the SDK clients.
//
// The function follows Appwrite's server-side auth pattern. An admin client,
// built with the API key, creates accounts and sessions and is the only one
// that ever sees a session's secret. The secret is then kept in the browser
// in an httpOnly cookie, and a session client, built from that cookie and
// carrying no key, acts as the user:
//
//	cfg, err := session.LoadEnv(os.Getenv)           // once per process
//	cfg, err = cfg.ForRequest(headers)                // the per-execution API key
//	admin := session.NewAdminClient(&cfg, userAgent)  // new client per request
//	s, err := account.New(admin).CreateEmailPasswordSession(email, password)
//	setCookie := cfg.Cookie.Write(s.Secret, s.Expire) // one Set-Cookie value
//
//	secret, ok := cfg.Cookie.Read(headers)            // later requests
//	user, err := account.New(session.NewSessionClient(&cfg, secret)).Get()
//
// Clients are never shared between requests and never keep a cookie jar:
// Appwrite answers every session creation with its own Set-Cookie, even to
// API-key callers, and a jar would replay one user's session on the next
// user's request. All clients share one tuned [http.Transport], so
// connections to Appwrite are pooled across requests.
//
// A missing, malformed or unknown cookie means "signed out", never an error.
// Every failure of an Appwrite call is turned into an [*Error] by
// [FromSDK], the one place that reads the error type from the SDK's raw
// response.
package session
