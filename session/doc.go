// Package session holds what the function reads about a user's session:
// its configuration from the environment ([LoadEnv], [Config.ForRequest]
// for the per-execution API key), the session cookie ([CookieOptions]:
// reading, writing and clearing it, and the short-lived flow cookies of
// browser flows) and the [Index] of the sessions this instance made.
//
//	cfg, err := session.LoadEnv(os.Getenv)           // once per process
//	cfg, err = cfg.ForRequest(headers)                // the per-execution API key
//	secret, ok := cfg.Cookie.Read(headers)            // the browser's session
//	setCookie := cfg.Cookie.Write(s.Secret, s.Expire) // one Set-Cookie value
//
// A missing, malformed or unknown cookie means "signed out", never an error.
// The SDK clients built from a Config are internal/upstream's.
package session
