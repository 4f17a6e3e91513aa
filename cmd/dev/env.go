package main

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
)

// devEnv is the function's environment in the dev runtime: the process
// environment, and under it the variables of a .env file.
type devEnv struct {
	getenv func(string) string
	// values holds what the function must see beyond the environment:
	// the .env file's variables and, with the emulator, its settings.
	values map[string]string
}

// loadEnv reads the .env file at path, if there is one.
func loadEnv(path string, getenv func(string) string) (*devEnv, error) {
	env := &devEnv{getenv: getenv, values: map[string]string{}}
	if path == "" {
		return env, nil
	}
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return env, nil
	case err != nil:
		return nil, err
	}
	if err := parseDotEnv(string(data), env.values); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for k := range env.values {
		if getenv(k) != "" {
			delete(env.values, k) // the environment wins
		}
	}
	return env, nil
}

// get returns a variable as the function will see it.
func (e *devEnv) get(key string) string {
	if v := e.getenv(key); v != "" {
		return v
	}
	return e.values[key]
}

// appwriteVariables are the variables that point the function at a real
// Appwrite; with none of them set the dev runtime starts its emulator.
var appwriteVariables = []string{"APPWRITE_FUNCTION_API_ENDPOINT", "APPWRITE_FUNCTION_PROJECT_ID", "APPWRITE_API_KEY"}

// usesRealAppwrite reports whether the three variables that point at a
// real Appwrite are all set.
func (e *devEnv) usesRealAppwrite() bool {
	return len(e.missingAppwrite()) == 0
}

// missingAppwrite returns the variables of appwriteVariables not set.
func (e *devEnv) missingAppwrite() []string {
	var missing []string
	for _, v := range appwriteVariables {
		if e.get(v) == "" {
			missing = append(missing, v)
		}
	}
	return missing
}

// checkAppwrite refuses some of the three Appwrite variables without the
// others: silently falling back to the emulator would hide a .env that
// misses one.
func (e *devEnv) checkAppwrite() error {
	missing := e.missingAppwrite()
	if len(missing) == 0 || len(missing) == len(appwriteVariables) {
		return nil
	}
	var set []string
	for _, v := range appwriteVariables {
		if !slices.Contains(missing, v) {
			set = append(set, v)
		}
	}
	return fmt.Errorf("%s %s set (in the environment or .env) but %s %s not: set all three to use that Appwrite, or none to use the embedded emulator",
		joinAnd(set), isAre(set), joinAnd(missing), isAre(missing))
}

// joinAnd joins names as "a", "a and b" or "a, b and c".
func joinAnd(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// isAre is the verb for a list of names.
func isAre(names []string) string {
	if len(names) == 1 {
		return "is"
	}
	return "are"
}

// parseDotEnv reads KEY=VALUE lines: blank lines and # comments are
// skipped, an optional "export " prefix is dropped, and a value in single
// or double quotes loses its quotes.
func parseDotEnv(data string, into map[string]string) error {
	scanner := bufio.NewScanner(strings.NewReader(data))
	for n := 1; scanner.Scan(); n++ {
		line := strings.TrimSpace(scanner.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		line = strings.TrimPrefix(line, "export ")
		key, value, ok := strings.Cut(line, "=")
		key = strings.TrimSpace(key)
		if !ok || key == "" || strings.ContainsAny(key, " \t") {
			return fmt.Errorf("line %d is not KEY=VALUE", n)
		}
		value = strings.TrimSpace(value)
		if len(value) >= 2 && (value[0] == '"' || value[0] == '\'') && value[len(value)-1] == value[0] {
			value = value[1 : len(value)-1]
		}
		into[key] = value
	}
	return scanner.Err()
}
