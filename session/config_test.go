package session

import (
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

// env returns a getenv backed by a map, with a valid base configuration
// that overrides can change or, with "", remove.
func env(overrides map[string]string) func(string) string {
	m := map[string]string{
		"APPWRITE_FUNCTION_API_ENDPOINT": "https://appwrite.example.com/v1",
		"APPWRITE_FUNCTION_PROJECT_ID":   "Proj1",
		"APPWRITE_API_KEY":               "standard_abc",
	}
	for k, v := range overrides {
		m[k] = v
	}
	return func(k string) string { return m[k] }
}

func TestLoadEnvDefaults(t *testing.T) {
	t.Parallel()
	cfg, err := LoadEnv(env(nil))
	if err != nil {
		t.Fatalf("LoadEnv: %v", err)
	}
	want := CookieOptions{Name: "a_session_proj1", Path: "/", SameSite: http.SameSiteLaxMode, Secure: true}
	if cfg.Cookie != want {
		t.Errorf("Cookie = %+v, want %+v", cfg.Cookie, want)
	}
	if cfg.Endpoint != "https://appwrite.example.com/v1" || cfg.ProjectID != "Proj1" {
		t.Errorf("Endpoint, ProjectID = %q, %q", cfg.Endpoint, cfg.ProjectID)
	}
	if cfg.UpstreamTimeout != DefaultUpstreamTimeout {
		t.Errorf("UpstreamTimeout = %v, want %v", cfg.UpstreamTimeout, DefaultUpstreamTimeout)
	}
	if cfg.APIKey != "" {
		t.Errorf("APIKey = %q before ForRequest, want empty", cfg.APIKey)
	}
}

func TestLoadEnvSettings(t *testing.T) {
	t.Parallel()
	cfg, err := LoadEnv(env(map[string]string{
		"APPWRITE_FUNCTION_API_ENDPOINT": "http://localhost:8080/v1/",
		"SESSION_COOKIE_NAME":            "__Secure-sid",
		"SESSION_COOKIE_DOMAIN":          "example.com",
		"SESSION_COOKIE_SAMESITE":        "strict",
		"SESSION_COOKIE_SECURE":          "yes",
		"UPSTREAM_TIMEOUT":               "2500ms",
	}))
	if err != nil {
		t.Fatalf("LoadEnv: %v", err)
	}
	want := CookieOptions{Name: "__Secure-sid", Domain: "example.com", Path: "/", SameSite: http.SameSiteStrictMode, Secure: true}
	if cfg.Cookie != want {
		t.Errorf("Cookie = %+v, want %+v", cfg.Cookie, want)
	}
	if cfg.Endpoint != "http://localhost:8080/v1" {
		t.Errorf("Endpoint = %q, want the trailing slash trimmed", cfg.Endpoint)
	}
	if cfg.UpstreamTimeout != 2500*time.Millisecond {
		t.Errorf("UpstreamTimeout = %v", cfg.UpstreamTimeout)
	}
}

func TestLoadEnvProblems(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		env       map[string]string
		variables []string
	}{
		{"nothing set", map[string]string{"APPWRITE_FUNCTION_API_ENDPOINT": "", "APPWRITE_FUNCTION_PROJECT_ID": ""},
			[]string{"APPWRITE_FUNCTION_API_ENDPOINT", "APPWRITE_FUNCTION_PROJECT_ID"}},
		{"endpoint not a URL", map[string]string{"APPWRITE_FUNCTION_API_ENDPOINT": "appwrite.example.com"},
			[]string{"APPWRITE_FUNCTION_API_ENDPOINT"}},
		{"endpoint with credentials", map[string]string{"APPWRITE_FUNCTION_API_ENDPOINT": "https://u:p@x.example/v1"},
			[]string{"APPWRITE_FUNCTION_API_ENDPOINT"}},
		{"endpoint without /v1", map[string]string{"APPWRITE_FUNCTION_API_ENDPOINT": "https://appwrite.example.com"},
			[]string{"APPWRITE_FUNCTION_API_ENDPOINT"}},
		{"endpoint with another path", map[string]string{"APPWRITE_FUNCTION_API_ENDPOINT": "https://appwrite.example.com/v1/account"},
			[]string{"APPWRITE_FUNCTION_API_ENDPOINT"}},
		{"bad project", map[string]string{"APPWRITE_FUNCTION_PROJECT_ID": "-bad id"},
			[]string{"APPWRITE_FUNCTION_PROJECT_ID"}},
		{"bad samesite and secure", map[string]string{"SESSION_COOKIE_SAMESITE": "sometimes", "SESSION_COOKIE_SECURE": "maybe"},
			[]string{"SESSION_COOKIE_SAMESITE", "SESSION_COOKIE_SECURE"}},
		{"None without Secure", map[string]string{"SESSION_COOKIE_SAMESITE": "None", "SESSION_COOKIE_SECURE": "false"},
			[]string{"SESSION_COOKIE_SECURE"}},
		{"__Host- with a domain", map[string]string{"SESSION_COOKIE_NAME": "__Host-sid", "SESSION_COOKIE_DOMAIN": "example.com"},
			[]string{"SESSION_COOKIE_DOMAIN"}},
		{"__Host- without Secure", map[string]string{"SESSION_COOKIE_NAME": "__Host-sid", "SESSION_COOKIE_SECURE": "false"},
			[]string{"SESSION_COOKIE_SECURE"}},
		{"__Secure- without Secure", map[string]string{"SESSION_COOKIE_NAME": "__Secure-sid", "SESSION_COOKIE_SECURE": "0"},
			[]string{"SESSION_COOKIE_SECURE"}},
		{"bad cookie name", map[string]string{"SESSION_COOKIE_NAME": "my session"},
			[]string{"SESSION_COOKIE_NAME"}},
		{"bad cookie domain", map[string]string{"SESSION_COOKIE_DOMAIN": "exa mple.com"},
			[]string{"SESSION_COOKIE_DOMAIN"}},
		{"bad timeout", map[string]string{"UPSTREAM_TIMEOUT": "soon"},
			[]string{"UPSTREAM_TIMEOUT"}},
		{"bad function timeout", map[string]string{"FUNCTION_TIMEOUT": "soon"},
			[]string{"FUNCTION_TIMEOUT"}},
		{"function timeout under a second", map[string]string{"FUNCTION_TIMEOUT": "500ms"},
			[]string{"FUNCTION_TIMEOUT"}},
		{"function timeout within the margin", map[string]string{"FUNCTION_TIMEOUT": "3", "UPSTREAM_TIMEOUT": "1s"},
			[]string{"FUNCTION_TIMEOUT"}},
		{"default upstream timeout without the margin", map[string]string{"FUNCTION_TIMEOUT": "12"},
			[]string{"UPSTREAM_TIMEOUT"}},
		{"upstream timeout without the margin", map[string]string{"FUNCTION_TIMEOUT": "30", "UPSTREAM_TIMEOUT": "27001ms"},
			[]string{"UPSTREAM_TIMEOUT"}},
		{"everything at once", map[string]string{"APPWRITE_FUNCTION_PROJECT_ID": "", "UPSTREAM_TIMEOUT": "-1s", "SESSION_COOKIE_SAMESITE": "x"},
			[]string{"APPWRITE_FUNCTION_PROJECT_ID", "UPSTREAM_TIMEOUT", "SESSION_COOKIE_SAMESITE"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := LoadEnv(env(tt.env))
			var cfgErr *ConfigError
			if !errors.As(err, &cfgErr) {
				t.Fatalf("LoadEnv error = %v, want *ConfigError", err)
			}
			if !reflect.DeepEqual(cfgErr.Variables, tt.variables) {
				t.Errorf("Variables = %q, want %q", cfgErr.Variables, tt.variables)
			}
			if len(cfgErr.Problems) < len(tt.variables) {
				t.Errorf("Problems = %q, want one per variable at least", cfgErr.Problems)
			}
		})
	}
}

// TestLoadEnvTimeoutMargin checks the timeouts that leave UPSTREAM_TIMEOUT
// at least TimeoutMargin below the function's timeout, and that without
// FUNCTION_TIMEOUT nothing is checked.
func TestLoadEnvTimeoutMargin(t *testing.T) {
	t.Parallel()
	for _, vars := range []map[string]string{
		{"FUNCTION_TIMEOUT": "15"},
		{"FUNCTION_TIMEOUT": "13"},
		{"FUNCTION_TIMEOUT": "13s"},
		{"FUNCTION_TIMEOUT": "30", "UPSTREAM_TIMEOUT": "27s"},
		{"FUNCTION_TIMEOUT": "4", "UPSTREAM_TIMEOUT": "1s"},
		{"UPSTREAM_TIMEOUT": "5m"},
	} {
		if _, err := LoadEnv(env(vars)); err != nil {
			t.Errorf("LoadEnv(%v): %v", vars, err)
		}
	}
}

func TestForRequestKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, envKey, header, want string
		wantErr                    bool
	}{
		{"header wins", "standard_env", "dynamic_header", "dynamic_header", false},
		{"env fallback", "standard_env", "", "standard_env", false},
		{"header only", "", "dynamic_header", "dynamic_header", false},
		{"neither", "", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, err := LoadEnv(env(map[string]string{"APPWRITE_API_KEY": tt.envKey}))
			if err != nil {
				t.Fatal(err)
			}
			got, err := cfg.ForRequest(map[string]string{"x-appwrite-key": tt.header})
			if (err != nil) != tt.wantErr {
				t.Fatalf("ForRequest error = %v, wantErr %v", err, tt.wantErr)
			}
			if got.APIKey != tt.want {
				t.Errorf("APIKey = %q, want %q", got.APIKey, tt.want)
			}
			if err != nil && !strings.Contains(err.Error(), "APPWRITE_API_KEY") {
				t.Errorf("error %q does not name APPWRITE_API_KEY", err)
			}
		})
	}
}

// TestEndpointHint: the endpoint a wrong APPWRITE_FUNCTION_API_ENDPOINT
// most likely means, as the problem suggests it.
func TestEndpointHint(t *testing.T) {
	t.Parallel()
	for raw, want := range map[string]string{
		"https://appwrite.example.com":             "https://appwrite.example.com/v1",
		"https://appwrite.example.com/":            "https://appwrite.example.com/v1",
		"https://appwrite.example.com/v1/account":  "https://appwrite.example.com/v1",
		"https://example.com/appwrite":             "https://example.com/appwrite/v1",
		"https://example.com/appwrite/v1/users/x/": "https://example.com/appwrite/v1",
	} {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		if got := endpointHint(u); got != want {
			t.Errorf("endpointHint(%s) = %s, want %s", raw, got, want)
		}
	}
}
