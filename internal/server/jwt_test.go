package server

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"
)

// jwtWithPayload returns a token whose payload is payload, with a header
// and signature that are never checked.
func jwtWithPayload(payload string) string {
	return "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9." + base64.RawURLEncoding.EncodeToString([]byte(payload)) + ".c2ln"
}

func TestJWTExpiry(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		token string
		want  int64 // 0: no expiry can be read
	}{
		{"Appwrite's claims", jwtWithPayload(`{"userId":"u1","sessionId":"s1","exp":1767225600}`), 1767225600},
		{"padded payload", strings.Replace(jwtWithPayload(`{"exp":1767225600}`), ".c2ln", "=.c2ln", 1), 1767225600},
		{"no exp", jwtWithPayload(`{"userId":"u1"}`), 0},
		{"exp not a number", jwtWithPayload(`{"exp":"1767225600"}`), 0},
		{"exp zero", jwtWithPayload(`{"exp":0}`), 0},
		{"exp negative", jwtWithPayload(`{"exp":-5}`), 0},
		{"payload not JSON", jwtWithPayload(`exp=1767225600`), 0},
		{"payload not base64url", "a.b+c/.d", 0},
		{"two parts", "a.b", 0},
		{"four parts", jwtWithPayload(`{"exp":1}`) + ".x", 0},
		{"empty", "", 0},
	}
	for _, tc := range tests {
		got, ok := jwtExpiry(tc.token)
		switch {
		case tc.want == 0 && ok:
			t.Errorf("%s: expiry %v, want none", tc.name, got)
		case tc.want != 0 && (!ok || !got.Equal(time.Unix(tc.want, 0))):
			t.Errorf("%s: expiry %v (%v), want %v", tc.name, got, ok, time.Unix(tc.want, 0))
		}
	}
}

// FuzzJWTExpiry: whatever Appwrite sends, reading the expiry never
// panics, and an expiry it reads is a positive Unix time.
func FuzzJWTExpiry(f *testing.F) {
	f.Add(jwtWithPayload(`{"userId":"u1","sessionId":"s1","exp":1767225600}`))
	f.Add("a.b.c")
	f.Add(jwtWithPayload(`{"exp":1e400}`))
	f.Fuzz(func(t *testing.T, token string) {
		if exp, ok := jwtExpiry(token); ok && exp.Unix() <= 0 {
			t.Errorf("jwtExpiry(%q) = %v, not a positive time", token, exp)
		}
	})
}
