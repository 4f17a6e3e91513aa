package server

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/open-runtimes/types-for-go/v4/openruntimes"

	"openruntimes/handler/appwritetest"
	"openruntimes/handler/session"
)

// TestNewDevFunction checks the dev runtime's view of the function: the
// configuration's problems before any request, all at once, and the
// memory store the limiter counts in.
func TestNewDevFunction(t *testing.T) {
	t.Parallel()
	bad := map[string]string{"ALLOWED_ORIGINS": "*", "RATE_LIMIT_WINDOW": "forever", "APPWRITE_FUNCTION_API_ENDPOINT": "http://127.0.0.1:1"}
	_, err := NewDevFunction(func(k string) string { return bad[k] })
	var cfgErr *session.ConfigError
	if !errors.As(err, &cfgErr) {
		t.Fatalf("NewDevFunction with a bad configuration: %v, want a *session.ConfigError", err)
	}
	for _, v := range []string{"ALLOWED_ORIGINS", "RATE_LIMIT_WINDOW", "APPWRITE_FUNCTION_API_ENDPOINT", "APPWRITE_FUNCTION_PROJECT_ID"} {
		if !strings.Contains(strings.Join(cfgErr.Variables, " "), v) {
			t.Errorf("problems %q do not name %s", cfgErr.Problems, v)
		}
	}

	server := appwritetest.Start(t)
	vars := map[string]string{
		"APPWRITE_FUNCTION_API_ENDPOINT": server.Endpoint,
		"APPWRITE_FUNCTION_PROJECT_ID":   server.ProjectID,
		"APPWRITE_API_KEY":               server.APIKey,
		"ALLOWED_ORIGINS":                appOrigin,
		"RATE_LIMIT_PER_IP":              "7",
	}
	fn, err := NewDevFunction(func(k string) string { return vars[k] })
	if err != nil || fn.Memory == nil || fn.Limiter.Policy().PerIP != 7 {
		t.Fatalf("NewDevFunction = %+v, %v; want no error, a memory store and the configured policy", fn, err)
	}
	ctx := openruntimes.NewContext(openruntimes.Logger{StreamLogs: devNull(t), StreamErrors: devNull(t)})
	ctx.Req = openruntimes.ContextRequest{Method: "POST", Path: "/login", Scheme: "https", Host: functionHost, Port: 443,
		Headers: map[string]string{"origin": appOrigin, "content-type": "application/json", "x-appwrite-client-ip": "203.0.113.1"}}
	ctx.Req.SetBodyBinary([]byte(`{"email":"nobody@example.com","password":"wrong password"}`))
	if res := fn.Main(ctx); res.StatusCode != 401 {
		t.Fatalf("POST /login = %d %s", res.StatusCode, res.Body)
	}
	if n := fn.Memory.Len(); n == 0 {
		t.Error("a failed sign-in left no counter in the memory store Memory returns")
	}

	vars["RATE_LIMIT_STORE"] = "appwrite"
	if fn, err := NewDevFunction(func(k string) string { return vars[k] }); err != nil || fn.Memory != nil || fn.Limiter != nil ||
		fn.Policy.Store != "appwrite" || fn.Policy.PerIP != 7 {
		t.Errorf("with RATE_LIMIT_STORE=appwrite: Memory = %v, Limiter = %v, Policy = %+v, %v; want no process limiter and the configured policy",
			fn.Memory, fn.Limiter, fn.Policy, err)
	}
}

// devNull returns the null device, open for writing until the test ends.
func devNull(t *testing.T) *os.File {
	t.Helper()
	f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
