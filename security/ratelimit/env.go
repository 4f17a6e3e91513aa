package ratelimit

import (
	"strconv"
	"strings"
	"time"

	"openruntimes/handler/session"
)

// Problem is one invalid setting, for the caller to merge into a
// session.ConfigError.
type Problem struct {
	// Variable is the environment variable to fix.
	Variable string
	// Message says what is wrong, in one sentence that names Variable.
	Message string
}

// PolicyFromEnv reads the policy from the environment through getenv
// (os.Getenv in production, a map in tests). Unset or blank variables take
// [DefaultPolicy]'s values:
//
//	RATE_LIMIT_WINDOW        duration, 1s to 24h       15m
//	RATE_LIMIT_PER_IP        attempts, 1 to 1000000    100
//	RATE_LIMIT_PER_IP_EMAIL  failures, 1 to 1000000    10
//	RATE_LIMIT_PER_EMAIL     failures, 1 to 1000000    50
//	RATE_LIMIT_TRUSTED_FOR   duration, 0 to 8760h      720h (0 trusts no address)
//	RATE_LIMIT_STORE         memory or appwrite        memory
//	RATE_LIMIT_MAX_KEYS      keys, 1000 to 10000000    100000 (memory store)
//	RATE_LIMIT_DATABASE      Appwrite ID               auth (appwrite store)
//	RATE_LIMIT_TABLE         Appwrite ID               rate_limits (appwrite store)
//
// Durations are Go durations (15m, 720h) or whole seconds (900). An
// Appwrite ID is 1 to 36 characters of a-z, A-Z, 0-9, period, hyphen and
// underscore, not starting with one of the last three. Every invalid
// variable is reported at once, and keeps its default in the policy
// returned.
func PolicyFromEnv(getenv func(string) string) (Policy, []Problem) {
	r := envReader{getenv: getenv}
	p := DefaultPolicy
	p.Window = r.duration("RATE_LIMIT_WINDOW", p.Window, time.Second, 24*time.Hour)
	p.PerIP = r.count("RATE_LIMIT_PER_IP", p.PerIP, 1, 1000000)
	p.PerIPEmailFailures = r.count("RATE_LIMIT_PER_IP_EMAIL", p.PerIPEmailFailures, 1, 1000000)
	p.PerEmailFailures = r.count("RATE_LIMIT_PER_EMAIL", p.PerEmailFailures, 1, 1000000)
	p.TrustedFor = r.duration("RATE_LIMIT_TRUSTED_FOR", p.TrustedFor, 0, 8760*time.Hour)
	if p.TrustedFor == 0 {
		p.TrustedFor = -1 // in a Policy, zero means the default
	}
	p.MaxKeys = r.count("RATE_LIMIT_MAX_KEYS", p.MaxKeys, 1000, 10000000)
	switch raw := strings.ToLower(strings.TrimSpace(getenv("RATE_LIMIT_STORE"))); raw {
	case "":
	case StoreMemory, StoreAppwrite:
		p.Store = raw
	default:
		r.bad("RATE_LIMIT_STORE", "RATE_LIMIT_STORE must be memory or appwrite")
	}
	p.Database = r.id("RATE_LIMIT_DATABASE", p.Database)
	p.Table = r.id("RATE_LIMIT_TABLE", p.Table)
	return p, r.problems
}

// envReader reads settings and collects their problems.
type envReader struct {
	getenv   func(string) string
	problems []Problem
}

// bad records a problem.
func (r *envReader) bad(variable, message string) {
	r.problems = append(r.problems, Problem{Variable: variable, Message: message})
}

// duration reads a duration between lo and hi, or returns def.
func (r *envReader) duration(variable string, def, lo, hi time.Duration) time.Duration {
	raw := strings.TrimSpace(r.getenv(variable))
	if raw == "" {
		return def
	}
	d, err := time.ParseDuration(raw)
	if n, nerr := strconv.ParseInt(raw, 10, 64); nerr == nil {
		d, err = time.Duration(n)*time.Second, nil
		if n > int64(hi/time.Second) || n < 0 {
			d = hi + 1
		}
	}
	if err != nil || d < lo || d > hi {
		r.bad(variable, variable+" must be a duration between "+formatDuration(lo)+" and "+formatDuration(hi)+", such as "+formatDuration(def))
		return def
	}
	return d
}

// count reads a whole number between lo and hi, or returns def.
func (r *envReader) count(variable string, def, lo, hi int) int {
	raw := strings.TrimSpace(r.getenv(variable))
	if raw == "" {
		return def
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < lo || n > hi {
		r.bad(variable, variable+" must be a whole number from "+strconv.Itoa(lo)+" to "+strconv.Itoa(hi))
		return def
	}
	return n
}

// id reads an Appwrite ID (a database or table ID), or returns def.
func (r *envReader) id(variable, def string) string {
	raw := strings.TrimSpace(r.getenv(variable))
	if raw == "" {
		return def
	}
	if !session.ValidID(raw) {
		r.bad(variable, variable+" must be an Appwrite ID: 1 to 36 characters of a-z, A-Z, 0-9, period, hyphen and underscore, not starting with a period, hyphen or underscore")
		return def
	}
	return raw
}

// formatDuration writes d the short way: 15m rather than 15m0s.
func formatDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
