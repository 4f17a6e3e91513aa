package appwritetest

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestProjectSettingsOptions checks what an appwrite.json's settings make
// of an emulator: the auth methods it names, its session length and its
// sessions limit, and errors for what Appwrite would refuse.
func TestProjectSettingsOptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		json    string
		wantErr string
		check   func(t *testing.T, e *Emulator)
	}{
		{"no settings", `{"projectId":"p"}`, "", func(t *testing.T, e *Emulator) {
			for _, m := range []string{AuthEmailPassword, AuthMagicURL, AuthEmailOTP, AuthAnonymous, AuthJWT, AuthPhone, AuthInvites} {
				if !e.AuthMethodEnabled(m) {
					t.Errorf("%s off without settings", m)
				}
			}
			if e.cfg.sessionDuration != 365*24*time.Hour || e.cfg.maxSessions != 10 {
				t.Errorf("duration %v, sessions %d: want a new project's", e.cfg.sessionDuration, e.cfg.maxSessions)
			}
		}},
		{"methods and security", `{"settings":{"auth":{"methods":{"anonymous":false,"jwt":true},
			"security":{"duration":3600,"limit":0,"sessionsLimit":3,"passwordHistory":0,"passwordDictionary":true,
			"personalDataCheck":true,"sessionAlerts":false,"mockNumbers":[]}}}}`, "", func(t *testing.T, e *Emulator) {
			if e.AuthMethodEnabled(AuthAnonymous) || !e.AuthMethodEnabled(AuthJWT) || !e.AuthMethodEnabled(AuthEmailPassword) {
				t.Errorf("anonymous %v, jwt %v, email-password %v: want off, on, on",
					e.AuthMethodEnabled(AuthAnonymous), e.AuthMethodEnabled(AuthJWT), e.AuthMethodEnabled(AuthEmailPassword))
			}
			if e.cfg.sessionDuration != time.Hour || e.cfg.maxSessions != 3 {
				t.Errorf("duration %v, sessions %d: want 1h and 3", e.cfg.sessionDuration, e.cfg.maxSessions)
			}
			if r := (rawCall{method: "POST", url: "/v1/account/sessions/anonymous", body: `{}`}).do(t, e); r.status != http.StatusNotImplemented {
				t.Errorf("client guest with anonymous off: %d %s", r.status, r.body)
			}
		}},
		{"unknown method", `{"settings":{"auth":{"methods":{"oauth2":false}}}}`, `"oauth2" is no auth method`, nil},
		{"duration too short", `{"settings":{"auth":{"security":{"duration":0}}}}`, "duration: 0 s", nil},
		{"duration too long", `{"settings":{"auth":{"security":{"duration":31536001}}}}`, "duration: 31536001 s", nil},
		{"no sessions", `{"settings":{"auth":{"security":{"sessionsLimit":0}}}}`, "sessionsLimit: 0", nil},
		{"not JSON", `{"settings":`, "unexpected end", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, err := ReadProjectSettings([]byte(tc.json))
			var opts []Option
			if err == nil {
				opts, err = s.Options()
			}
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one saying %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, New(opts...))
		})
	}
}
