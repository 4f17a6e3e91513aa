package session

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"openruntimes/handler/internal/apierror"
)

// DefaultUpstreamTimeout bounds the Appwrite calls of one execution, all
// together, unless UPSTREAM_TIMEOUT says otherwise. It stays below
// Appwrite's default function timeout (15 s), so that the function answers
// 504 itself rather than being stopped mid-flow by the platform.
const DefaultUpstreamTimeout = 10 * time.Second

// TimeoutMargin is how far UPSTREAM_TIMEOUT must stay below the function's
// timeout. Appwrite's executor gives the runtime the function's timeout
// less the cold start (x-open-runtimes-timeout), and an execution that
// outlives it ends as an empty 500 with "Execution timed out." in the
// error log: the function's own 504 must come first.
const TimeoutMargin = 3 * time.Second

// Config is the function's configuration. [LoadEnv] reads the parts that
// come from the environment; [Config.ForRequest] adds the API key of one
// execution. A Config is immutable once loaded and safe to share.
type Config struct {
	// Endpoint is Appwrite's API endpoint, ending in /v1.
	Endpoint string
	// ProjectID is the Appwrite project the function belongs to.
	ProjectID string
	// APIKey is the key of the admin client: the execution's dynamic key
	// (x-appwrite-key header) or else APPWRITE_API_KEY. Never log it.
	APIKey string
	// Cookie describes the session cookie.
	Cookie CookieOptions
	// UpstreamTimeout bounds the Appwrite calls of one execution, all
	// together: [Config.ForRequest] sets the deadline they share.
	UpstreamTimeout time.Duration
	// Transport carries the SDK clients' requests. Nil means the shared,
	// tuned transport of this package; tests and benchmarks put an
	// in-memory transport here.
	Transport http.RoundTripper

	envKey string
	// deadline is when this execution's Appwrite calls must be done.
	deadline time.Time
}

// ConfigError lists every problem found in the configuration at once, so
// that whoever deploys the function can fix them in one go.
type ConfigError struct {
	// Problems names each invalid or missing setting, one sentence each.
	Problems []string
	// Variables lists the variables concerned, without duplicates.
	Variables []string
}

func (e *ConfigError) Error() string {
	return "function misconfigured: " + strings.Join(e.Problems, "; ") + " (check " + strings.Join(e.Variables, ", ") + ")"
}

// APIError returns the error a request is answered with while the
// configuration has problems: 500 function_misconfigured naming the
// variables to fix. The problems themselves go to the log, not to the
// caller.
func (e *ConfigError) APIError() *apierror.Error {
	return apierror.New(apierror.TypeMisconfigured,
		"The function is misconfigured: check "+strings.Join(e.Variables, ", ")+".")
}

// Add records a problem with variable.
func (e *ConfigError) Add(variable, problem string) {
	e.Problems = append(e.Problems, problem)
	for _, v := range e.Variables {
		if v == variable {
			return
		}
	}
	e.Variables = append(e.Variables, variable)
}

func (e *ConfigError) orNil() error {
	if len(e.Problems) == 0 {
		return nil
	}
	return e
}

// LoadEnv reads the configuration from the environment through getenv
// (os.Getenv in production, a map in tests). It reports every problem at
// once as a *ConfigError. A missing API key is not a problem here, since
// the key may come with each request; [Config.ForRequest] checks it.
func LoadEnv(getenv func(string) string) (Config, error) {
	var problems ConfigError
	cfg := Config{
		Endpoint:        strings.TrimRight(strings.TrimSpace(getenv("APPWRITE_FUNCTION_API_ENDPOINT")), "/"),
		ProjectID:       strings.TrimSpace(getenv("APPWRITE_FUNCTION_PROJECT_ID")),
		envKey:          strings.TrimSpace(getenv("APPWRITE_API_KEY")),
		UpstreamTimeout: DefaultUpstreamTimeout,
	}

	switch u, err := url.Parse(cfg.Endpoint); {
	case cfg.Endpoint == "":
		problems.Add("APPWRITE_FUNCTION_API_ENDPOINT", "APPWRITE_FUNCTION_API_ENDPOINT is not set")
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "":
		problems.Add("APPWRITE_FUNCTION_API_ENDPOINT", "APPWRITE_FUNCTION_API_ENDPOINT must be an http(s) URL such as https://cloud.appwrite.io/v1")
	case !strings.HasSuffix(u.Path, "/v1"):
		// Appwrite always sets https://<api host>/v1; without /v1 every
		// call would be a 404 from Appwrite's router.
		problems.Add("APPWRITE_FUNCTION_API_ENDPOINT", "APPWRITE_FUNCTION_API_ENDPOINT must end in /v1, as Appwrite's endpoints do: "+endpointHint(u)+", not "+cfg.Endpoint)
	}
	if cfg.ProjectID == "" {
		problems.Add("APPWRITE_FUNCTION_PROJECT_ID", "APPWRITE_FUNCTION_PROJECT_ID is not set")
	} else if !ValidID(cfg.ProjectID) {
		problems.Add("APPWRITE_FUNCTION_PROJECT_ID", "APPWRITE_FUNCTION_PROJECT_ID must be 1-36 characters of a-z, A-Z, 0-9, period, hyphen and underscore")
	}

	upstreamOK := true
	if raw := strings.TrimSpace(getenv("UPSTREAM_TIMEOUT")); raw != "" {
		d, err := parseDuration(raw)
		if err != nil || d <= 0 || d > 5*time.Minute {
			problems.Add("UPSTREAM_TIMEOUT", "UPSTREAM_TIMEOUT must be a duration between 1ms and 5m, such as 10s or 2500ms")
			upstreamOK = false
		} else {
			cfg.UpstreamTimeout = d
		}
	}
	// Appwrite does not tell the function its timeout: FUNCTION_TIMEOUT
	// does, when the deployer (or cmd/dev) sets it.
	if raw := strings.TrimSpace(getenv("FUNCTION_TIMEOUT")); raw != "" {
		d, err := parseDuration(raw)
		switch {
		case err != nil || d < time.Second || d > 24*time.Hour:
			problems.Add("FUNCTION_TIMEOUT", "FUNCTION_TIMEOUT must be the function's timeout (appwrite.json's timeout), in seconds such as 15")
		case d <= TimeoutMargin:
			problems.Add("FUNCTION_TIMEOUT", fmt.Sprintf("FUNCTION_TIMEOUT (%v) must be more than %v: the calls to Appwrite need time below it", d, TimeoutMargin))
		case upstreamOK && cfg.UpstreamTimeout > d-TimeoutMargin:
			problems.Add("UPSTREAM_TIMEOUT", fmt.Sprintf("UPSTREAM_TIMEOUT (%v) must stay %v below the function's timeout "+
				"(FUNCTION_TIMEOUT, %v), or a slow cold start turns the function's 504 into Appwrite's empty 500",
				cfg.UpstreamTimeout, TimeoutMargin, d))
		}
	}

	cfg.Cookie = loadCookieOptions(getenv, cfg.ProjectID, &problems)
	return cfg, problems.orNil()
}

// ForRequest returns a copy of c for one execution: the API key is the
// x-appwrite-key header Appwrite sends with every execution when present,
// else APPWRITE_API_KEY, and every client made from the copy shares one
// deadline, UpstreamTimeout from now. Without a key it returns a
// *ConfigError.
func (c Config) ForRequest(headers map[string]string) (Config, error) {
	if c.UpstreamTimeout > 0 {
		c.deadline = time.Now().Add(c.UpstreamTimeout)
	}
	c.APIKey = strings.TrimSpace(headers["x-appwrite-key"])
	if c.APIKey == "" {
		c.APIKey = c.envKey
	}
	if c.APIKey == "" {
		var problems ConfigError
		problems.Add("APPWRITE_API_KEY", "no API key: Appwrite sent no x-appwrite-key header and APPWRITE_API_KEY is not set")
		return c, &problems
	}
	return c, nil
}

// Deadline is when the Appwrite calls of the execution c was made for
// must be done: zero for a Config that [Config.ForRequest] did not make,
// or without UpstreamTimeout.
func (c Config) Deadline() time.Time {
	return c.deadline
}

// parseDuration accepts Go durations ("10s") and plain seconds ("10").
func parseDuration(raw string) (time.Duration, error) {
	if n, err := strconv.Atoi(raw); err == nil {
		return time.Duration(n) * time.Second, nil
	}
	return time.ParseDuration(raw)
}

// parseBool accepts the usual spellings of a boolean setting.
func parseBool(raw string) (value, ok bool) {
	switch strings.ToLower(strings.TrimSpace(raw)) {
	case "1", "true", "yes", "on":
		return true, true
	case "0", "false", "no", "off":
		return false, true
	}
	return false, false
}

// endpointHint is the endpoint u most likely means: cut after its /v1
// (https://h/v1/account is https://h/v1), else with /v1 added.
func endpointHint(u *url.URL) string {
	hint := *u
	if before, _, ok := strings.Cut(u.Path, "/v1/"); ok {
		hint.Path = before + "/v1"
	} else {
		hint.Path = strings.TrimSuffix(u.Path, "/") + "/v1"
	}
	return hint.String()
}

// ValidID reports whether id passes Appwrite's ID validators (custom IDs
// and UIDs, "current" included): 1 to 36 characters of a-z, A-Z, 0-9,
// period, hyphen and underscore, not starting with one of the last three.
func ValidID(id string) bool {
	if id == "" || len(id) > 36 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case (c == '.' || c == '-' || c == '_') && i > 0:
		default:
			return false
		}
	}
	return true
}
