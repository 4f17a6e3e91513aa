package apierror

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// TestEveryTypeHasAStatus reads status.go's constants: every Type
// constant but the flow ones (which travel in a URL, never as a status)
// must have a status in the table, and New must give it.
func TestEveryTypeHasAStatus(t *testing.T) {
	t.Parallel()
	f, err := parser.ParseFile(token.NewFileSet(), "status.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	flowOnly := map[string]bool{TypeStateMismatch: true, TypeStateUsed: true}
	seen := 0
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			for i, name := range spec.(*ast.ValueSpec).Names {
				if !strings.HasPrefix(name.Name, "Type") {
					continue
				}
				lit := spec.(*ast.ValueSpec).Values[i].(*ast.BasicLit)
				typ, _ := strconv.Unquote(lit.Value)
				seen++
				code, ok := Status(typ)
				if flowOnly[typ] {
					if ok {
						t.Errorf("%s (%s) travels in a URL, yet has status %d", name.Name, typ, code)
					}
					continue
				}
				if !ok || code < 400 || code > 599 {
					t.Errorf("%s (%s) has status %d, %v", name.Name, typ, code, ok)
					continue
				}
				if e := New(typ, "m"); e.Code != code || e.Type != typ || e.Message != "m" {
					t.Errorf("New(%s) = %+v", typ, e)
				}
			}
		}
	}
	if seen < 20 {
		t.Fatalf("read %d Type constants from status.go; expected all of them", seen)
	}
	if len(statuses) != seen-len(flowOnly) {
		t.Errorf("the table has %d types, status.go declares %d with a status: a type without a constant", len(statuses), seen-len(flowOnly))
	}
}

func TestNewPanicsWithoutStatus(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Error("New of a type the table lacks did not panic")
		}
	}()
	New("no_such_type", "m")
}

func TestFromAppwrite(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		status    int
		typ, msg  string
		wantCode  int
		wantType  string
		keepsText bool
	}{
		// keepsText: Appwrite's message is passed on; else the
		// function's own (userMessages).
		{401, "user_invalid_credentials", "Invalid credentials.", 401, "user_invalid_credentials", false},
		{400, "general_argument_invalid", "Param email", 400, "general_argument_invalid", true},
		{400, "general_argument_invalid", "Invalid `password` param: Password must be between 8 and 265 characters long", 400, "general_argument_invalid", false},
		{409, "user_already_exists", "exists", 409, "user_already_exists", false},
		{401, "user_blocked", "blocked", 401, "user_blocked", false},
		{403, "user_blocked", "blocked", 401, "user_blocked", false},
		{404, "user_some_new_type", "Appwrite's words", 404, "user_some_new_type", true},
		{429, "general_rate_limit_exceeded", "Rate limit for the current endpoint", 429, TypeRateLimited, false},
		{503, "general_smtp_disabled", "SMTP disabled", 503, "general_smtp_disabled", false},
		{501, "user_auth_method_unsupported", "off", 501, "user_auth_method_unsupported", false},
		{500, "general_smtp_disabled", "wrong status for it", 502, TypeUpstreamError, false},
		{500, "general_unknown", "stack trace here", 502, TypeUpstreamError, false},
		{503, "general_server_error", "db down", 502, TypeUpstreamError, false},
		{404, "", "no type", 502, TypeUpstreamError, false},
		{302, "x", "redirect", 502, TypeUpstreamError, false},
	} {
		e := FromAppwrite(tc.status, tc.typ, tc.msg)
		if e.Code != tc.wantCode || e.Type != tc.wantType || (e.Message == tc.msg) != tc.keepsText {
			t.Errorf("FromAppwrite(%d, %q, %q) = %+v; want %d %s (message kept: %v)", tc.status, tc.typ, tc.msg, e, tc.wantCode, tc.wantType, tc.keepsText)
		}
	}
}

type answering struct{}

func (answering) Error() string    { return "answering" }
func (answering) APIError() *Error { return New(TypeMisconfigured, "check X") }

func TestFrom(t *testing.T) {
	t.Parallel()
	own := New(TypeRouteNotFound, "No route /x.")
	for _, tc := range []struct {
		name     string
		err      error
		wantCode int
		wantType string
	}{
		{"an *Error", own, 404, TypeRouteNotFound},
		{"a wrapped *Error", fmt.Errorf("context: %w", own), 404, TypeRouteNotFound},
		{"an Answerer", answering{}, 500, TypeMisconfigured},
		{"a wrapped Answerer", fmt.Errorf("x: %w", answering{}), 500, TypeMisconfigured},
		{"anything else", errors.New("secret detail"), 500, TypeUnknown},
	} {
		e := From(tc.err)
		if e.Code != tc.wantCode || e.Type != tc.wantType {
			t.Errorf("%s: From = %+v; want %d %s", tc.name, e, tc.wantCode, tc.wantType)
		}
		if strings.Contains(e.Message, "secret") {
			t.Errorf("%s: the message %q repeats the error's detail", tc.name, e.Message)
		}
	}
	if !Is(fmt.Errorf("w: %w", own), TypeRouteNotFound) || Is(own, TypeUnknown) || Is(errors.New("x"), TypeUnknown) {
		t.Error("Is does not tell an error's type")
	}
}

func ExampleNew() {
	e := New(TypeRouteNotFound, "No route /nope.")
	fmt.Println(e.Code, e.Type, http.StatusText(e.Code))
	// Output: 404 route_not_found Not Found
}

// TestUserMessagesSpeakToUsers: the messages that replace Appwrite's are
// sentences for an app's users: none names Appwrite, its APIs, its
// console or a project's administrator, and none repeats Appwrite's
// 265-character password limit.
func TestUserMessagesSpeakToUsers(t *testing.T) {
	t.Parallel()
	for typ, m := range userMessages {
		lower := strings.ToLower(m)
		for _, word := range []string{"appwrite", "api", "console", "administrator", "endpoint", "265", "project"} {
			if strings.Contains(lower, word) {
				t.Errorf("%s: %q speaks of %q", typ, m, word)
			}
		}
		if !strings.HasSuffix(m, ".") || m[0] < 'A' || m[0] > 'Z' {
			t.Errorf("%s: %q is not one sentence", typ, m)
		}
	}
}
