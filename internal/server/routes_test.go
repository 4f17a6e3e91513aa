package server

import (
	"net/http"
	"os"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// tableRoutes returns every line of the route table.
func tableRoutes() []*route {
	var all []*route
	for _, byMethod := range routes.static {
		for _, rt := range byMethod {
			all = append(all, rt)
		}
	}
	return append(all, routes.patterns...)
}

// handlerName returns the name of the function h is.
func handlerName(h Handler) string {
	full := runtime.FuncForPC(reflect.ValueOf(h).Pointer()).Name()
	return full[strings.LastIndex(full, ".")+1:]
}

// TestRouteNamesAgree checks the route's one name: each line's
// operationID is its handler's name and openapi.json's operationId for its
// method and path, and openapi.json has no operation the table lacks.
// (TestWebClientNamesAgree checks the web client against the same names.)
func TestRouteNamesAgree(t *testing.T) {
	t.Parallel()
	spec, err := loadOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]string{}
	for _, op := range spec.doc.Operations() {
		if op.Method != http.MethodOptions {
			documented[op.Method+" "+op.Path] = op.OperationID
		}
	}
	all := tableRoutes()
	if len(all) < 30 {
		t.Fatalf("the route table has %d lines; expected every route", len(all))
	}
	for _, rt := range all {
		key := rt.method + " " + rt.pattern
		if name := handlerName(rt.handler); name != rt.operationID {
			t.Errorf("%s: the handler is %s, the table names it %s", key, name, rt.operationID)
		}
		if id, ok := documented[key]; !ok {
			t.Errorf("%s is not in openapi.json", key)
		} else if id != rt.operationID {
			t.Errorf("%s: openapi.json's operationId is %s, the table's %s", key, id, rt.operationID)
		}
		delete(documented, key)
	}
	for key, id := range documented {
		t.Errorf("openapi.json documents %s (%s), which the route table lacks", key, id)
	}
}

// TestRouteTableRefusesRepeats checks newRouter panics on a line that
// repeats another's method and path, or its name.
func TestRouteTableRefusesRepeats(t *testing.T) {
	t.Parallel()
	for name, table := range map[string][]route{
		"static path": {{"GET", "/a", "a", getIndex, anyone, nil}, {"GET", "/a", "b", getIndex, anyone, nil}},
		"pattern":     {{"GET", "/a/{x}", "a", getIndex, anyone, nil}, {"GET", "/a/{x}", "b", getIndex, anyone, nil}},
		"name":        {{"GET", "/a", "a", getIndex, anyone, nil}, {"POST", "/a", "a", getIndex, anyone, nil}},
		"no name":     {{"GET", "/a", "", getIndex, anyone, nil}},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: newRouter took a table that repeats a route", name)
				}
			}()
			newRouter(table)
		}()
	}
	// The same path with two methods is two routes.
	newRouter([]route{{"GET", "/a", "a", getIndex, anyone, nil}, {"POST", "/a", "b", getIndex, anyone, nil}})
}

// TestSignedInRoutesRefuseWithoutSession checks every route the table
// marks needsSession answers 401 user_unauthorized to a request without a
// session cookie, with no call to Appwrite.
func TestSignedInRoutesRefuseWithoutSession(t *testing.T) {
	t.Parallel()
	env, up := newAttackEnv(t, nil)
	spec, err := loadOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	for _, rt := range tableRoutes() {
		path := spec.examplePath(rt.method, rt.pattern)
		before := up.count()
		r := env.call(rt.method, path, nil, "")
		if rt.access == needsSession {
			if r.Status != http.StatusUnauthorized || !strings.Contains(string(r.Body), `"user_unauthorized"`) {
				t.Errorf("%s %s without a session: %d %s, want 401 user_unauthorized", rt.method, path, r.Status, r.Body)
			}
			wantNoUpstream(t, up, before, rt.method+" "+path+" without a session")
		}
	}
}

// TestUndeclaredBudgetPanics checks attempt refuses a budget the route's
// line does not declare: the table must say which limits a route spends.
func TestUndeclaredBudgetPanics(t *testing.T) {
	t.Parallel()
	d := &Deps{budgets: []budget{budgetSignIn}}
	if _, err := d.attempt(budgetSignIn, "a@example.com"); err != nil {
		t.Fatalf("a declared budget: %v", err)
	}
	defer func() {
		if recover() == nil {
			t.Error("attempt took a budget its route does not declare")
		}
	}()
	d.attempt(budgetPassword, "a@example.com")
}

// browserOnly are the routes a browser opens itself (a page, a callback,
// a form of the function's own page), which the web client has no
// function for.
var browserOnly = map[string]bool{
	"getIndex": true, "getOpenAPI": true, "finishOAuth2": true,
	"openMagicURL": true, "confirmMagicURL": true, "finishVerification": true, "confirmVerification": true,
}

// TestWebClientNamesAgree checks web/client.js exports one function per
// route, named by its operationId (its export list, one name a line, up to
// the deprecated names), and client.d.ts declares each.
func TestWebClientNamesAgree(t *testing.T) {
	t.Parallel()
	js, err := os.ReadFile("../../web/client.js")
	if err != nil {
		t.Fatal(err)
	}
	dts, err := os.ReadFile("../../web/client.d.ts")
	if err != nil {
		t.Fatal(err)
	}
	_, list, ok := strings.Cut(string(js), "\nexport const {\n")
	if !ok {
		t.Fatal("web/client.js has no `export const {` list of route functions")
	}
	list, _, _ = strings.Cut(list, "} = defaultClient;")
	list, _, _ = strings.Cut(list, "// Deprecated")
	exported := map[string]bool{}
	for _, line := range strings.Split(list, "\n") {
		if name := strings.TrimSuffix(strings.TrimSpace(line), ","); name != "" {
			exported[name] = true
		}
	}
	declared := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^export function (\w+)[<(]`).FindAllStringSubmatch(string(dts), -1) {
		declared[m[1]] = true
	}
	for _, rt := range tableRoutes() {
		if browserOnly[rt.operationID] {
			continue
		}
		if !exported[rt.operationID] {
			t.Errorf("%s %s: web/client.js exports no %s", rt.method, rt.pattern, rt.operationID)
		}
		if !declared[rt.operationID] {
			t.Errorf("%s %s: web/client.d.ts declares no %s", rt.method, rt.pattern, rt.operationID)
		}
		delete(exported, rt.operationID)
	}
	for name := range exported {
		t.Errorf("web/client.js exports %s, which names no route of the table", name)
	}
}
