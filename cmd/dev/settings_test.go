package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"openruntimes/handler/appwritetest"
)

// TestDevRuntimeOnlyDoor: the dev runtime's emulator has appwrite.json's
// settings, as a project after `appwrite push settings`: a sign-up sent to
// it directly, without a key, is refused with 501
// user_auth_method_unsupported, the same sent with the printed API key
// passes, and the function's own sign-up works.
func TestDevRuntimeOnlyDoor(t *testing.T) {
	t.Parallel()
	p := startDev(t)
	c := &http.Client{Timeout: 10 * time.Second}
	post := func(url, body string, header map[string]string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("POST", url, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		for k, v := range header {
			req.Header.Set(k, v)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatalf("POST %s: %v", url, err)
		}
		defer resp.Body.Close()
		var e struct{ Type string }
		_ = json.NewDecoder(resp.Body).Decode(&e)
		return resp.StatusCode, e.Type
	}
	project := map[string]string{"X-Appwrite-Project": p.lines["project"]}
	body := `{"userId":"unique()","email":"direct@example.com","password":"correct horse battery"}`
	if status, typ := post(p.lines["emulator"]+"/account", body, project); status != http.StatusNotImplemented || typ != "user_auth_method_unsupported" {
		t.Errorf("a sign-up at the emulator without a key: %d %s, want 501 user_auth_method_unsupported", status, typ)
	}
	project["X-Appwrite-Key"] = p.lines["api key"]
	if status, typ := post(p.lines["emulator"]+"/account", body, project); status != http.StatusCreated {
		t.Errorf("a sign-up at the emulator with the key: %d %s, want 201", status, typ)
	}
	fn := p.lines["function"]
	if status, typ := post(fn+"/signup", `{"email":"door@example.com","password":"correct horse battery"}`, map[string]string{"Origin": fn}); status/100 != 2 {
		t.Errorf("the function's sign-up: %d %s", status, typ)
	}
}

// TestAppwriteJSONSettings: the settings come from the appwrite.json the
// CLI would use, from the directory up; none means a new project's
// defaults; a setting Appwrite would refuse stops the dev runtime with
// the file's name.
func TestAppwriteJSONSettings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, json string
		wantOpts   int
		wantErr    string
	}{
		{"no settings", `{"projectId":"p"}`, 0, ""},
		{"methods", `{"settings":{"auth":{"methods":{"anonymous":false,"jwt":false}}}}`, 2, ""},
		{"unknown method", `{"settings":{"auth":{"methods":{"sms":false}}}}`, 0, `"sms" is no auth method`},
		{"not JSON", `{"settings":[}`, 0, "appwrite.json"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			root := t.TempDir()
			if err := os.WriteFile(filepath.Join(root, "appwrite.json"), []byte(tc.json), 0o644); err != nil {
				t.Fatal(err)
			}
			sub := filepath.Join(root, "cmd", "dev")
			if err := os.MkdirAll(sub, 0o755); err != nil {
				t.Fatal(err)
			}
			opts, err := appwriteJSONSettings(sub)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), root) {
					t.Fatalf("error %v, want one naming %s and saying %q", err, root, tc.wantErr)
				}
				return
			}
			if err != nil || len(opts) != tc.wantOpts {
				t.Fatalf("%d options, %v; want %d", len(opts), err, tc.wantOpts)
			}
			e := appwritetest.New(opts...)
			if tc.wantOpts > 0 && (e.AuthMethodEnabled(appwritetest.AuthAnonymous) || e.AuthMethodEnabled(appwritetest.AuthJWT)) {
				t.Error("anonymous or jwt still on")
			}
		})
	}
	if opts, err := appwriteJSONSettings(t.TempDir()); err != nil || opts != nil {
		t.Errorf("no appwrite.json: %d options, %v; want none", len(opts), err)
	}
}
