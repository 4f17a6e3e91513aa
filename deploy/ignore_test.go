package deploy

import (
	"slices"
	"testing"
)

// TestUploadKeepsExactlyTheBuild applies appwrite.json's ignore list to
// the checkout, plus files a user's checkout may hold (.git, .env,
// node_modules, binaries, new folders), and checks that what a push would
// upload is exactly what the runtime builds: a package the function comes
// to import must be let through, and anything else, a new folder or a
// package the function does not import included, must be left out.
func TestUploadKeepsExactlyTheBuild(t *testing.T) {
	t.Parallel()
	root := moduleRoot(t)
	fn := readFunction(t, root)
	rules := uploadRules(t, fn)
	need := buildFiles(t, root)

	kept := map[string]bool{}
	files := append(checkoutFiles(t, root), sortedKeys(need)...)
	for f := range decoys {
		files = append(files, f)
	}
	for _, f := range files {
		if !ignored(rules, f) {
			kept[f] = true
		}
	}
	if err := compareUpload(kept, need); err != nil {
		t.Errorf("appwrite.json's ignore list (a new package the function imports needs a \"!/dir/\" line, anything else a line that drops it):\n%v", err)
	}
	// The ignore list replaces .gitignore: .env files, wherever they are,
	// must be named, not only fall under "/*".
	if !slices.Contains(fn.Ignore, ".env") {
		t.Errorf("ignore = %q: name .env, since the list replaces .gitignore", fn.Ignore)
	}
}

// TestIgnoreRules checks the matcher against what the Appwrite CLI's
// ignore package (5.3.2) answers for the same rules and paths.
func TestIgnoreRules(t *testing.T) {
	t.Parallel()
	rules, err := parseIgnore([]string{".appwrite", "/*", "!/go.mod", "!/*.go", "!/handlers/", "!/internal/",
		"/internal/*", "!/internal/jsonenc/", "*_test.go", "testdata/", ".env", "# a comment", ""})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path    string
		ignored bool
	}{
		{"go.mod", false},
		{"go.sum", true},
		{"main.go", false},
		{"main_test.go", true},
		{"README.md", true},
		{".env", true},
		{".git/config", true},
		{".appwrite/x", true},
		{"handlers/auth.go", false},
		{"handlers/auth_test.go", true},
		{"handlers/.env", true},
		{"handlers/sub/x.go", false},
		{"handlers/testdata/x", true},
		{"handlers/node_modules/x.js", false},
		{"internal/x.go", true},
		{"internal/apispec/a.go", true},
		{"internal/jsonenc/j.go", false},
		{"internal/jsonenc/testdata/fuzz/x", true},
		{"cmd/dev/main.go", true},
		{"newdir/x.go", true},
	}
	for _, tt := range tests {
		if got := ignored(rules, tt.path); got != tt.ignored {
			t.Errorf("ignored(%q) = %v, want %v", tt.path, got, tt.ignored)
		}
	}
	for _, bad := range []string{"**/x", `\#x`, " x", "[", "!"} {
		if _, err := parseIgnore([]string{bad}); err == nil {
			t.Errorf("parseIgnore(%q) = nil error", bad)
		}
	}
}
