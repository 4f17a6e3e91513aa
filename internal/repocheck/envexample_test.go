package repocheck

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// configRow is one row of README.md's Configuration table.
type configRow struct {
	variable, def, meaning string
}

// readmeConfigTable returns the rows of README.md's Configuration table.
func readmeConfigTable(t *testing.T) []configRow {
	t.Helper()
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(data), "\n## Configuration\n")
	if !ok {
		t.Fatal("README.md has no Configuration section")
	}
	var rows []configRow
	for _, line := range strings.Split(section, "\n") {
		if !strings.HasPrefix(line, "| `") {
			if len(rows) > 0 {
				break
			}
			continue
		}
		cells := strings.Split(strings.TrimSuffix(strings.TrimPrefix(line, "|"), "|"), "|")
		if len(cells) != 3 {
			t.Fatalf("README.md: a Configuration row without three cells: %s", line)
		}
		rows = append(rows, configRow{
			variable: strings.Trim(strings.TrimSpace(cells[0]), "`"),
			def:      strings.TrimSpace(cells[1]),
			meaning:  strings.TrimSpace(cells[2]),
		})
	}
	if len(rows) == 0 {
		t.Fatal("README.md's Configuration section has no table")
	}
	return rows
}

// literalDefault matches a default that is one value, in one code span,
// which .env.example writes as the variable's value.
var literalDefault = regexp.MustCompile("^`([^`<]*)`$")

// TestEnvExampleMatchesREADME checks that .env.example lists every
// variable of README.md's Configuration table, in its order, each with a
// comment line of its meaning and default and a commented-out line with
// the default as value, so that copying the file changes nothing.
func TestEnvExampleMatchesREADME(t *testing.T) {
	t.Parallel()
	rows := readmeConfigTable(t)
	data, err := os.ReadFile(".env.example")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	var listed []string
	for i, line := range lines {
		name, value, ok := strings.Cut(strings.TrimPrefix(line, "# "), "=")
		if !ok || !regexp.MustCompile(`^[A-Z][A-Z0-9_]+$`).MatchString(name) {
			continue
		}
		listed = append(listed, name)
		var row *configRow
		for j := range rows {
			if rows[j].variable == name {
				row = &rows[j]
			}
		}
		if row == nil {
			t.Errorf(".env.example lists %s, which README.md's Configuration table does not", name)
			continue
		}
		if !strings.HasPrefix(line, "# ") {
			t.Errorf(".env.example sets %s: every line stays commented out, so that a copy changes nothing", name)
		}
		def, want := strings.ReplaceAll(row.def, "`", ""), ""
		if def == "" {
			def = "none"
		}
		if m := literalDefault.FindStringSubmatch(row.def); m != nil {
			want = m[1]
		}
		if value != want {
			t.Errorf(".env.example: %s=%q, want the README's default %q", name, value, want)
		}
		comment := "# " + strings.ReplaceAll(row.meaning, "`", "") + " (default: " + def + ")"
		if i == 0 || lines[i-1] != comment {
			t.Errorf(".env.example: the line before %s is not its meaning and default from README.md:\n got %q\nwant %q",
				name, lines[max(i-1, 0)], comment)
		}
	}
	var documented []string
	for _, r := range rows {
		documented = append(documented, r.variable)
	}
	if !slices.Equal(listed, documented) {
		t.Errorf(".env.example lists\n%v\nREADME.md's Configuration table\n%v", listed, documented)
	}
}

// TestREADMEDocumentsEveryVariable checks that every variable the
// function's code names is in README.md's Configuration table (and so in
// .env.example).
func TestREADMEDocumentsEveryVariable(t *testing.T) {
	t.Parallel()
	documented := map[string]bool{}
	for _, r := range readmeConfigTable(t) {
		documented[r.variable] = true
	}
	name := regexp.MustCompile(`"((?:APPWRITE|ALLOWED|PUBLIC|SESSION|UPSTREAM|RATE)_[A-Z0-9_]+)"`)
	found := 0
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch path {
			case "cmd", "e2e", "bench", "appwritetest", "internal", "examples", "web", "node_modules":
				return filepath.SkipDir // not the function
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range name.FindAllStringSubmatch(string(src), -1) {
			found++
			if !documented[m[1]] {
				t.Errorf("%s reads %s, which README.md's Configuration table (and .env.example) does not list", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < len(documented) {
		t.Errorf("found %d names of variables in the function's code, fewer than the %d documented: the scan misses some", found, len(documented))
	}
}
