package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"strings"
	"unicode/utf8"

	"openruntimes/handler/internal/apierror"
)

// MaxBodyBytes bounds request bodies. Every body the function accepts is
// a handful of short fields; prefs are the largest (Appwrite caps them at
// 64 KB too).
const MaxBodyBytes = 64 << 10

// MaxJSONDepth bounds the nesting of request bodies, so that a body made of
// brackets costs nothing to reject.
const MaxJSONDepth = 32

// readBody returns the request's body when its shape is one DecodeBody
// can take: JSON by its Content-Type (415), at most MaxBodyBytes (413),
// valid UTF-8 without NUL characters and at most MaxJSONDepth levels of
// nesting (400). An empty body with no Content-Type at all is {}.
func readBody(r *Request) ([]byte, error) {
	body := r.Body
	if len(bytes.TrimSpace(body)) == 0 && r.Headers["content-type"] == "" {
		body = nil
	} else if err := checkContentType(r.Headers["content-type"]); err != nil {
		return nil, err
	}
	if len(body) > MaxBodyBytes {
		return nil, apierror.New(apierror.TypeBodyTooLarge,
			fmt.Sprintf("The request body is larger than %d bytes.", MaxBodyBytes))
	}
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	if !utf8.Valid(body) {
		return nil, invalidArgument("The request body is not valid UTF-8.")
	}
	if bytes.IndexByte(body, 0) >= 0 {
		return nil, errNUL
	}
	if err := scanBody(body); err != nil {
		return nil, err
	}
	return body, nil
}

// DecodeBody decodes the request's JSON body into dst, a pointer to a
// struct. It insists on a Content-Type of application/json (415), at most
// MaxBodyBytes (413), valid UTF-8 without NUL characters, at most
// MaxJSONDepth levels of nesting, no unknown fields and the right type for
// every field (400 general_argument_invalid naming the field). An empty
// body with no Content-Type at all decodes as {}: there is nothing in it
// to misread, and routes whose fields are all optional can be called with
// a bare fetch(url, {method: "POST"}).
func DecodeBody(r *Request, dst any) error {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return invalidArgument("The request body must hold exactly one JSON object.")
	}
	return nil
}

// checkContentType accepts application/json with optional parameters (a
// charset). Form posts, which browsers send cross-site without a preflight,
// are refused.
func checkContentType(header string) error {
	mediaType, params, err := mime.ParseMediaType(header)
	if err == nil && mediaType == "application/json" {
		if cs, ok := params["charset"]; !ok || strings.EqualFold(cs, "utf-8") {
			return nil
		}
	}
	return apierror.New(apierror.TypeContentType,
		"The request body must be JSON, sent with Content-Type: application/json.")
}

// errNUL refuses a body that holds a NUL character, raw or escaped: no
// field of the function takes one, and Appwrite's database would cut a
// string at it.
var errNUL = invalidArgument("The request body must not contain NUL characters.")

// scanBody rejects, without decoding the body, strings holding the escape
// of a NUL character (\u0000; a literal backslash followed by "u0000",
// written \\u0000, is text like any other) and nesting deeper than
// MaxJSONDepth.
func scanBody(body []byte) error {
	depth, inString, escaped := 0, false, false
	for i, c := range body {
		switch {
		case escaped:
			escaped = false
			if c == 'u' && bytes.HasPrefix(body[i+1:], []byte("0000")) {
				return errNUL
			}
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case inString:
		case c == '{' || c == '[':
			depth++
			if depth > MaxJSONDepth {
				return invalidArgument(fmt.Sprintf("The request body is nested deeper than %d levels.", MaxJSONDepth))
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return nil
}

// decodeError words a JSON decoding error for the caller, naming the field
// at fault where there is one.
func decodeError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr) && typeErr.Field != "":
		return invalidArgument(fmt.Sprintf("Invalid `%s` param: must be %s.", typeErr.Field, jsonKind(typeErr.Type.Kind().String())))
	case errors.As(err, &typeErr):
		return invalidArgument("The request body must be a JSON object.")
	case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF):
		return invalidArgument("The request body is not valid JSON.")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return invalidArgument(fmt.Sprintf("Unknown param `%s`.", field))
	}
	return invalidArgument("The request body is not valid JSON.")
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "bool":
		return "a boolean"
	case "int", "int64", "int32", "float64":
		return "a number"
	case "map", "struct":
		return "an object"
	case "slice":
		return "an array"
	}
	return "of another type"
}

// required returns the 400 error for a missing or empty field.
func required(name string) error {
	return invalidArgument(fmt.Sprintf("The field `%s` is required.", name))
}
