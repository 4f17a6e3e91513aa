package server

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"openruntimes/handler/security"
	"openruntimes/handler/security/ratelimit"
	"openruntimes/handler/session"
)

// settings is everything the function reads from its environment, parsed
// once per process.
type settings struct {
	session session.Config
	// origins may call the function with credentials (ALLOWED_ORIGINS).
	origins *security.Origins
	// redirects are where flows may send the browser
	// (ALLOWED_REDIRECT_URLS, else the allowed origins).
	redirects *security.Redirects
	// defaultRedirect ends flows whose app named no target: the first
	// allowed origin, if it is an exact one.
	defaultRedirect string
	// publicURL is PUBLIC_URL: the function's own base URL, when it should
	// not be taken from the request.
	publicURL string
	// rateLimit is the brute-force policy (RATE_LIMIT_*).
	rateLimit ratelimit.Policy
	// instantSignUp is SIGNUP_VERIFICATION=off: sign-up makes the account
	// and its session at once, without proof of the address.
	instantSignUp bool
	// maxConcurrent is MAX_CONCURRENT_EXECUTIONS: how many executions an
	// instance runs at once (0: no bound).
	maxConcurrent int
}

// maxConcurrentLimit is the largest MAX_CONCURRENT_EXECUTIONS accepted.
const maxConcurrentLimit = 1_000_000

// loadSettings reads the environment through getenv and reports every
// problem at once as one *session.ConfigError.
func loadSettings(getenv func(string) string) (settings, error) {
	var s settings
	var problems session.ConfigError
	cfg, err := session.LoadEnv(getenv)
	s.session = cfg
	var cfgErr *session.ConfigError
	if errors.As(err, &cfgErr) {
		problems = *cfgErr
	}

	if s.origins, err = security.ParseOrigins(getenv("ALLOWED_ORIGINS")); err != nil {
		problems.Add("ALLOWED_ORIGINS", "ALLOWED_ORIGINS has "+err.Error())
		s.origins, _ = security.ParseOrigins("")
	}
	if raw := getenv("ALLOWED_REDIRECT_URLS"); strings.TrimSpace(raw) != "" {
		if s.redirects, err = security.ParseRedirects(raw); err != nil {
			problems.Add("ALLOWED_REDIRECT_URLS", "ALLOWED_REDIRECT_URLS has "+err.Error())
		}
	}
	if s.redirects == nil {
		s.redirects = security.RedirectsFromOrigins(s.origins)
	}
	if first, _, _ := strings.Cut(strings.TrimSpace(getenv("ALLOWED_ORIGINS")), ","); first != "" && !strings.Contains(first, "*") {
		if target, err := s.redirects.Check(strings.Fields(first)[0] + "/"); err == nil {
			s.defaultRedirect = target
		}
	}
	if raw := strings.TrimRight(strings.TrimSpace(getenv("PUBLIC_URL")), "/"); raw != "" {
		// Normalized as browsers write an Origin header (no default port),
		// since it is compared with them.
		origin := ""
		if u, err := url.Parse(raw); err == nil && u.User == nil && u.Path == "" && u.RawQuery == "" && u.Fragment == "" {
			port, err := 0, error(nil)
			if u.Port() != "" {
				port, err = strconv.Atoi(u.Port())
			}
			if err == nil {
				origin = security.Origin(u.Scheme, u.Hostname(), port)
			}
		}
		if origin == "" {
			problems.Add("PUBLIC_URL", "PUBLIC_URL must be the function's origin, such as https://auth.example.com")
		}
		s.publicURL = origin
	}
	policy, limitProblems := ratelimit.PolicyFromEnv(getenv)
	for _, p := range limitProblems {
		problems.Add(p.Variable, p.Message)
	}
	s.rateLimit = policy
	if raw := strings.TrimSpace(getenv("MAX_CONCURRENT_EXECUTIONS")); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > maxConcurrentLimit {
			problems.Add("MAX_CONCURRENT_EXECUTIONS", "MAX_CONCURRENT_EXECUTIONS must be a whole number from 1 to 1000000, or unset for no bound")
		} else {
			s.maxConcurrent = n
		}
	}
	switch strings.ToLower(strings.TrimSpace(getenv("SIGNUP_VERIFICATION"))) {
	case "", "code":
	case "off":
		s.instantSignUp = true
	default:
		problems.Add("SIGNUP_VERIFICATION", "SIGNUP_VERIFICATION must be code (the default: sign-up completes with a code e-mailed to the address) or off (accounts without proof of their address)")
	}
	if len(problems.Problems) > 0 {
		return s, &problems
	}
	return s, nil
}
