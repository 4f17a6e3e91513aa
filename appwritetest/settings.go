// An appwrite.json's project settings, as the Appwrite CLI pushes them.

package appwritetest

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// ProjectSettings is the "settings" member of an appwrite.json, which
// `appwrite push settings` of the Appwrite CLI 12.0.1 sends to the
// project (lib/config.js getProject and lib/commands/push.js
// pushSettings): each service's status, each auth method's status
// (PATCH /v1/projects/{projectId}/auth/{method}), and, when security is
// there, all eight of its values, each with its own PATCH (absent ones
// are sent empty, which Appwrite refuses).
type ProjectSettings struct {
	Services map[string]bool `json:"services,omitempty"`
	Auth     struct {
		Methods  map[string]bool `json:"methods,omitempty"`
		Security *AuthSecurity   `json:"security,omitempty"`
	} `json:"auth"`
}

// AuthSecurity is settings.auth.security: the project's Auth → Security
// settings, named as the CLI names them.
type AuthSecurity struct {
	Duration           *int  `json:"duration"`           // session length in seconds (PATCH …/auth/duration)
	Limit              *int  `json:"limit"`              // most users, 0 for no limit (…/auth/limit)
	SessionsLimit      *int  `json:"sessionsLimit"`      // most sessions per user (…/auth/max-sessions)
	PasswordHistory    *int  `json:"passwordHistory"`    // earlier passwords refused, 0 for none (…/auth/password-history)
	PasswordDictionary *bool `json:"passwordDictionary"` // refuse common passwords (…/auth/password-dictionary)
	PersonalDataCheck  *bool `json:"personalDataCheck"`  // refuse passwords holding the name, e-mail or phone (…/auth/personal-data)
	SessionAlerts      *bool `json:"sessionAlerts"`      // mail the user on a new session (…/auth/session-alerts)
	MockNumbers        []any `json:"mockNumbers"`        // phone numbers with fixed codes (…/auth/mock-numbers)
}

// ReadProjectSettings reads the settings of an appwrite.json. A file
// without settings has none (the zero value).
func ReadProjectSettings(appwriteJSON []byte) (ProjectSettings, error) {
	var file struct {
		Settings ProjectSettings `json:"settings"`
	}
	if err := json.Unmarshal(appwriteJSON, &file); err != nil {
		return ProjectSettings{}, err
	}
	return file.Settings, nil
}

// Options returns the emulator options that make a project what `appwrite
// push settings` makes of s, for what the emulator models: the auth
// methods ([WithAuthMethod]), the session length ([WithSessionDuration])
// and the sessions limit ([WithMaxSessions]). The user limit, password
// history, dictionary and personal-data checks, session alerts, mock
// numbers and the services are not modelled: the emulator keeps a new
// project's defaults for them. An auth method Appwrite does not have, or
// a value Appwrite would refuse, is an error.
func (s ProjectSettings) Options() ([]Option, error) {
	var opts []Option
	methods := make([]string, 0, len(s.Auth.Methods))
	for m := range s.Auth.Methods {
		methods = append(methods, m)
	}
	sort.Strings(methods)
	for _, m := range methods {
		if !ValidAuthMethod(m) {
			return nil, fmt.Errorf("settings.auth.methods: %q is no auth method of Appwrite's", m)
		}
		opts = append(opts, WithAuthMethod(m, s.Auth.Methods[m]))
	}
	if sec := s.Auth.Security; sec != nil {
		if d := sec.Duration; d != nil {
			// 1.9.6 takes 5 to 31536000 seconds (1.8.1 from 0).
			if *d < 5 || *d > 365*24*3600 {
				return nil, fmt.Errorf("settings.auth.security.duration: %d s, want 5 to 31536000", *d)
			}
			opts = append(opts, WithSessionDuration(time.Duration(*d)*time.Second))
		}
		if n := sec.SessionsLimit; n != nil {
			// 1.8.1 takes 1 to 100 (1.9.6 up to 5000).
			if *n < 1 || *n > 100 {
				return nil, fmt.Errorf("settings.auth.security.sessionsLimit: %d, want 1 to 100", *n)
			}
			opts = append(opts, WithMaxSessions(*n))
		}
	}
	return opts, nil
}
