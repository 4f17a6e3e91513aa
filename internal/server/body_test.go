package server

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"openruntimes/handler/internal/apierror"
)

type testBody struct {
	Email *string        `json:"email"`
	Count *int           `json:"count"`
	Flag  *bool          `json:"flag"`
	Prefs map[string]any `json:"prefs"`
}

func TestDecodeBody(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, contentType, body string
		status                  int
		typ, mention            string
	}{
		{"valid", "application/json", `{"email":"a@b.c","count":2,"flag":true,"prefs":{"x":[1,{"y":null}]}}`, 0, "", ""},
		{"charset", "application/json; charset=utf-8", `{}`, 0, "", ""},
		{"empty body is {}", "application/json", ``, 0, "", ""},
		{"whitespace body is {}", "application/json", " \n ", 0, "", ""},
		{"missing content type", "", `{}`, 415, apierror.TypeContentType, ""},
		{"no body and no content type is {}", "", ``, 0, "", ""},
		{"no body but a wrong content type", "text/plain", ``, 415, apierror.TypeContentType, ""},
		{"text/plain", "text/plain", `{}`, 415, apierror.TypeContentType, ""},
		{"json lookalike", "application/jsonp", `{}`, 415, apierror.TypeContentType, ""},
		{"form", "multipart/form-data; boundary=x", `{}`, 415, apierror.TypeContentType, ""},
		{"other charset", "application/json; charset=utf-16", `{}`, 415, apierror.TypeContentType, ""},
		{"too large", "application/json", `{"email":"` + strings.Repeat("a", MaxBodyBytes) + `"}`, 413, apierror.TypeBodyTooLarge, ""},
		{"string for int", "application/json", `{"count":"2"}`, 400, apierror.TypeArgumentInvalid, "count"},
		{"float for int", "application/json", `{"count":2.5}`, 400, apierror.TypeArgumentInvalid, "count"},
		{"int for string", "application/json", `{"email":1}`, 400, apierror.TypeArgumentInvalid, "email"},
		{"string for bool", "application/json", `{"flag":"true"}`, 400, apierror.TypeArgumentInvalid, "flag"},
		{"array for object", "application/json", `{"prefs":[]}`, 400, apierror.TypeArgumentInvalid, "prefs"},
		{"unknown field", "application/json", `{"role":"admin"}`, 400, apierror.TypeArgumentInvalid, "role"},
		{"not an object", "application/json", `"hello"`, 400, apierror.TypeArgumentInvalid, "object"},
		{"syntax", "application/json", `{"email":"a"`, 400, apierror.TypeArgumentInvalid, "JSON"},
		{"trailing garbage", "application/json", `{} x`, 400, apierror.TypeArgumentInvalid, ""},
		{"invalid UTF-8", "application/json", "{\"email\":\"\xff\xfe\"}", 400, apierror.TypeArgumentInvalid, "UTF-8"},
		{"raw NUL", "application/json", "{\"email\":\"a\x00b\"}", 400, apierror.TypeArgumentInvalid, "NUL"},
		{"escaped NUL", "application/json", `{"email":"a\u0000b"}`, 400, apierror.TypeArgumentInvalid, "NUL"},
		{"escaped NUL in a key", "application/json", `{"em\u0000ail":"a"}`, 400, apierror.TypeArgumentInvalid, "NUL"},
		{"escaped NUL after an escaped backslash", "application/json", `{"email":"a\\\u0000b"}`, 400, apierror.TypeArgumentInvalid, "NUL"},
		{"a backslash then u0000 is text", "application/json", `{"email":"pass\\u0000word"}`, 0, "", ""},
		{"an escaped quote does not end the string", "application/json", `{"email":"a\"\\u0000"}`, 0, "", ""},
		{"deep nesting", "application/json", `{"prefs":` + strings.Repeat(`{"a":`, 40) + `1` + strings.Repeat(`}`, 40) + `}`, 400, apierror.TypeArgumentInvalid, "nested"},
		{"brackets inside strings do not count", "application/json", `{"email":"` + strings.Repeat("[{", 100) + `"}`, 0, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var dst testBody
			err := DecodeBody(&Request{Headers: map[string]string{"content-type": tt.contentType}, Body: []byte(tt.body)}, &dst)
			if tt.status == 0 {
				if err != nil {
					t.Fatalf("DecodeBody = %v, want nil", err)
				}
				return
			}
			var e *apierror.Error
			if !errors.As(err, &e) || e.Code != tt.status || e.Type != tt.typ || !strings.Contains(e.Message, tt.mention) {
				t.Fatalf("DecodeBody = %v, want %d %s mentioning %q", err, tt.status, tt.typ, tt.mention)
			}
		})
	}
}

// FuzzDecodeBody feeds arbitrary bodies to DecodeBody: it must never
// panic, and every refusal must be a 4xx *apierror.Error.
func FuzzDecodeBody(f *testing.F) {
	for _, seed := range []string{
		`{}`, `{"email":"a@b.c","count":1}`, `{"prefs":{"a":[1,2,{"b":null}]}}`, `[`, `{"email":"\u0000"}`,
		"\xff", `{"count":1e400}`, strings.Repeat("[", 50), `{"a":1}{"b":2}`, `null`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var dst testBody
		err := DecodeBody(&Request{Headers: map[string]string{"content-type": "application/json"}, Body: []byte(body)}, &dst)
		if err == nil {
			if dst.Email != nil && strings.ContainsRune(*dst.Email, 0) {
				t.Fatalf("DecodeBody(%q) let a NUL through: %q", body, *dst.Email)
			}
			return
		}
		var e *apierror.Error
		if !errors.As(err, &e) || e.Code < 400 || e.Code >= 500 || e.Message == "" {
			t.Fatalf("DecodeBody(%q) = %v, want a 4xx *apierror.Error", body, err)
		}
		if e.Code != http.StatusBadRequest && e.Code != http.StatusRequestEntityTooLarge {
			t.Fatalf("DecodeBody(%q) status %d", body, e.Code)
		}
	})
}
