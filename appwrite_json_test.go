package handler

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
)

// TestAppwriteJSON checks appwrite.json against what the Appwrite CLI
// accepts (its schema is strict: unknown keys fail `appwrite push`) and
// what the function needs to run on a custom domain.
func TestAppwriteJSON(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("appwrite.json")
	if err != nil {
		t.Fatal(err)
	}
	var root map[string]json.RawMessage
	if err := json.Unmarshal(data, &root); err != nil {
		t.Fatalf("appwrite.json: %v", err)
	}
	rootKeys := []string{"projectId", "projectName", "endpoint", "organizationId", "includes", "settings", "functions",
		"sites", "databases", "collections", "tablesDB", "tables", "topics", "teams", "buckets", "webhooks", "messages"}
	for k := range root {
		if !slices.Contains(rootKeys, k) {
			t.Errorf("appwrite.json has root key %q, which the CLI refuses", k)
		}
	}
	var cfg struct {
		Functions []map[string]json.RawMessage `json:"functions"`
	}
	if err := json.Unmarshal(data, &cfg); err != nil || len(cfg.Functions) != 1 {
		t.Fatalf("want exactly one function, got %d (%v)", len(cfg.Functions), err)
	}
	fnKeys := []string{"$id", "name", "runtime", "path", "entrypoint", "commands", "execute", "events", "schedule",
		"timeout", "enabled", "logging", "scopes", "specification", "vars", "ignore"}
	fn := cfg.Functions[0]
	for k := range fn {
		if !slices.Contains(fnKeys, k) {
			t.Errorf("function key %q is not one the CLI accepts", k)
		}
	}
	var f struct {
		Runtime    string   `json:"runtime"`
		Entrypoint string   `json:"entrypoint"`
		Path       string   `json:"path"`
		Execute    []string `json:"execute"`
		Scopes     []string `json:"scopes"`
		Timeout    int      `json:"timeout"`
		Logging    bool     `json:"logging"`
	}
	raw, _ := json.Marshal(fn)
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	if f.Runtime != "go-1.23" || f.Entrypoint != "main.go" || f.Path != "." {
		t.Errorf("runtime, entrypoint, path = %q, %q, %q", f.Runtime, f.Entrypoint, f.Path)
	}
	if _, err := os.Stat(f.Entrypoint); err != nil {
		t.Errorf("entrypoint: %v", err)
	}
	if !slices.Contains(f.Execute, "any") {
		t.Errorf("execute = %q: a custom domain needs \"any\"", f.Execute)
	}
	for _, s := range []string{"sessions.write", "users.write"} {
		if !slices.Contains(f.Scopes, s) {
			t.Errorf("scopes = %q, missing %s", f.Scopes, s)
		}
	}
	if f.Timeout < 10 || !f.Logging {
		t.Errorf("timeout %d, logging %v: want at least 10 s and logs on", f.Timeout, f.Logging)
	}
}
