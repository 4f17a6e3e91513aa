package ratelimit

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// mapEnv returns a getenv backed by m.
func mapEnv(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// TestPolicyFromEnv checks defaults and every setting.
func TestPolicyFromEnv(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		want Policy
	}{
		{"nothing set", nil, DefaultPolicy},
		{"blank values", map[string]string{"RATE_LIMIT_WINDOW": " ", "RATE_LIMIT_STORE": ""}, DefaultPolicy},
		{"everything set", map[string]string{
			"RATE_LIMIT_WINDOW":       "5m",
			"RATE_LIMIT_PER_IP":       "20",
			"RATE_LIMIT_PER_IP_EMAIL": "3",
			"RATE_LIMIT_PER_EMAIL":    "30",
			"RATE_LIMIT_TRUSTED_FOR":  "168h",
			"RATE_LIMIT_STORE":        " Appwrite ",
			"RATE_LIMIT_MAX_KEYS":     "5000",
			"RATE_LIMIT_DATABASE":     " main-db ",
			"RATE_LIMIT_TABLE":        "Limits.v2",
		}, Policy{Window: 5 * time.Minute, PerIP: 20, PerIPEmailFailures: 3, PerEmailFailures: 30, TrustedFor: 168 * time.Hour, Store: StoreAppwrite, MaxKeys: 5000,
			Database: "main-db", Table: "Limits.v2"}},
		{"longest IDs", map[string]string{"RATE_LIMIT_DATABASE": strings.Repeat("d", 36), "RATE_LIMIT_TABLE": "t"},
			func() Policy { p := DefaultPolicy; p.Database, p.Table = strings.Repeat("d", 36), "t"; return p }()},
		{"seconds", map[string]string{"RATE_LIMIT_WINDOW": "900", "RATE_LIMIT_TRUSTED_FOR": "3600"},
			func() Policy { p := DefaultPolicy; p.TrustedFor = time.Hour; return p }()},
		{"trust disabled", map[string]string{"RATE_LIMIT_TRUSTED_FOR": "0"},
			func() Policy { p := DefaultPolicy; p.TrustedFor = -1; return p }()},
		{"bounds", map[string]string{"RATE_LIMIT_WINDOW": "24h", "RATE_LIMIT_PER_IP": "1", "RATE_LIMIT_MAX_KEYS": "10000000"},
			func() Policy { p := DefaultPolicy; p.Window, p.PerIP, p.MaxKeys = 24*time.Hour, 1, 10000000; return p }()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, problems := PolicyFromEnv(mapEnv(tt.env))
			if len(problems) != 0 {
				t.Errorf("problems = %+v", problems)
			}
			if got != tt.want {
				t.Errorf("PolicyFromEnv = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestPolicyFromEnvProblems checks that every invalid variable is
// reported, at once, and keeps its default.
func TestPolicyFromEnvProblems(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		env       map[string]string
		variables []string
	}{
		{"bad window", map[string]string{"RATE_LIMIT_WINDOW": "soon"}, []string{"RATE_LIMIT_WINDOW"}},
		{"window too short", map[string]string{"RATE_LIMIT_WINDOW": "500ms"}, []string{"RATE_LIMIT_WINDOW"}},
		{"window too long", map[string]string{"RATE_LIMIT_WINDOW": "25h"}, []string{"RATE_LIMIT_WINDOW"}},
		{"window in too many seconds", map[string]string{"RATE_LIMIT_WINDOW": "99999999999999"}, []string{"RATE_LIMIT_WINDOW"}},
		{"zero window", map[string]string{"RATE_LIMIT_WINDOW": "0"}, []string{"RATE_LIMIT_WINDOW"}},
		{"zero per IP", map[string]string{"RATE_LIMIT_PER_IP": "0"}, []string{"RATE_LIMIT_PER_IP"}},
		{"negative", map[string]string{"RATE_LIMIT_PER_IP_EMAIL": "-1"}, []string{"RATE_LIMIT_PER_IP_EMAIL"}},
		{"not a number", map[string]string{"RATE_LIMIT_PER_EMAIL": "fifty"}, []string{"RATE_LIMIT_PER_EMAIL"}},
		{"fraction", map[string]string{"RATE_LIMIT_PER_EMAIL": "2.5"}, []string{"RATE_LIMIT_PER_EMAIL"}},
		{"negative trust", map[string]string{"RATE_LIMIT_TRUSTED_FOR": "-1h"}, []string{"RATE_LIMIT_TRUSTED_FOR"}},
		{"trust too long", map[string]string{"RATE_LIMIT_TRUSTED_FOR": "9000h"}, []string{"RATE_LIMIT_TRUSTED_FOR"}},
		{"unknown store", map[string]string{"RATE_LIMIT_STORE": "redis"}, []string{"RATE_LIMIT_STORE"}},
		{"too few keys", map[string]string{"RATE_LIMIT_MAX_KEYS": "10"}, []string{"RATE_LIMIT_MAX_KEYS"}},
		{"database ID starts with a special character", map[string]string{"RATE_LIMIT_DATABASE": "_auth"}, []string{"RATE_LIMIT_DATABASE"}},
		{"database ID too long", map[string]string{"RATE_LIMIT_DATABASE": strings.Repeat("d", 37)}, []string{"RATE_LIMIT_DATABASE"}},
		{"table ID with a slash", map[string]string{"RATE_LIMIT_TABLE": "rate/limits"}, []string{"RATE_LIMIT_TABLE"}},
		{"table ID unique()", map[string]string{"RATE_LIMIT_TABLE": "unique()"}, []string{"RATE_LIMIT_TABLE"}},
		{"everything at once", map[string]string{
			"RATE_LIMIT_WINDOW": "x", "RATE_LIMIT_PER_IP": "x", "RATE_LIMIT_PER_IP_EMAIL": "x", "RATE_LIMIT_PER_EMAIL": "x",
			"RATE_LIMIT_TRUSTED_FOR": "x", "RATE_LIMIT_STORE": "x", "RATE_LIMIT_MAX_KEYS": "x",
			"RATE_LIMIT_DATABASE": "-", "RATE_LIMIT_TABLE": "ü",
		}, []string{"RATE_LIMIT_WINDOW", "RATE_LIMIT_PER_IP", "RATE_LIMIT_PER_IP_EMAIL", "RATE_LIMIT_PER_EMAIL",
			"RATE_LIMIT_TRUSTED_FOR", "RATE_LIMIT_MAX_KEYS", "RATE_LIMIT_STORE", "RATE_LIMIT_DATABASE", "RATE_LIMIT_TABLE"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, problems := PolicyFromEnv(mapEnv(tt.env))
			var variables []string
			for _, p := range problems {
				variables = append(variables, p.Variable)
				if !strings.Contains(p.Message, p.Variable) {
					t.Errorf("message %q does not name %s", p.Message, p.Variable)
				}
			}
			if !reflect.DeepEqual(variables, tt.variables) {
				t.Errorf("problems for %q, want %q", variables, tt.variables)
			}
			if got != DefaultPolicy {
				t.Errorf("policy = %+v, want the defaults in place of invalid values", got)
			}
		})
	}
}
