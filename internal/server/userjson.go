package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"

	"openruntimes/handler/internal/jsonenc"
)

// userField is one field of User in its JSON: its key and its index in
// the struct.
type userField struct {
	key   string
	index int
}

// userFields are User's fields in order, read from its struct tags, and
// userFieldByKey finds one by its key: AppendJSON and decodeUser's fast
// path go through them, so a field added to User is written and read
// with no other edit. A field neither can handle (another type, a tag
// option such as omitempty, a key that needs escaping) stops the program
// at start, with its name.
var userFields, userFieldByKey = buildUserFields()

func buildUserFields() ([]userField, map[string]int) {
	t := reflect.TypeFor[User]()
	fields := make([]userField, 0, t.NumField())
	byKey := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		key, options, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || key == "" || key == "-" || options != "" || string(jsonenc.String(nil, key)) != `"`+key+`"` {
			panic(fmt.Sprintf("server: User.%s: its tag must be a plain JSON key, with no options, for userjson.go", f.Name))
		}
		switch reflect.New(f.Type).Interface().(type) {
		case *string, *bool, *[]string, *json.RawMessage:
		default:
			panic(fmt.Sprintf("server: User.%s: userjson.go reads and writes string, bool, []string and json.RawMessage only, not %s", f.Name, f.Type))
		}
		byKey[key] = len(fields)
		fields = append(fields, userField{key: key, index: i})
	}
	return fields, byKey
}

// AppendJSON appends u as JSON, with the keys and values encoding/json
// would write, without reflecting on every value: /me writes a user on
// every page load of the app. prefs are copied as Appwrite sent them
// (valid JSON, since they were decoded into a json.RawMessage); empty
// prefs are {}.
func (u *User) AppendJSON(b []byte) []byte {
	v := reflect.ValueOf(u).Elem()
	b = append(b, '{')
	for i, f := range userFields {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonenc.Key(b, f.key)
		switch p := v.Field(f.index).Addr().Interface().(type) {
		case *string:
			b = jsonenc.String(b, *p)
		case *bool:
			b = jsonenc.Bool(b, *p)
		case *[]string:
			b = jsonenc.Strings(b, *p)
		case *json.RawMessage:
			if len(*p) == 0 {
				b = append(b, '{', '}')
			} else {
				b = append(b, *p...)
			}
		}
	}
	return append(b, '}')
}

// decodeUser decodes an Appwrite account (or user) model into u, giving
// what json.Unmarshal(data, u) gives, mostly without it: GET /me decodes
// one on every page load of the app, and encoding/json spent more time on
// it (12 µs, mostly on the messaging targets the function drops) than the
// rest of the function together.
//
// The fast path reads the shape Appwrite sends: one object, keys and
// string values without escape sequences, booleans, string arrays of such
// strings, raw values that are objects, and any other key's value checked
// and skipped. Whatever else it meets (an escape, a null, a number where
// a string belongs, a key that only matches a field when case is ignored,
// invalid JSON, deep nesting) it hands the whole input to encoding/json,
// which then decides the result and the error.
func decodeUser(data []byte, u *User) error {
	before := *u
	if decodeUserFast(data, u) {
		return nil
	}
	*u = before
	return json.Unmarshal(data, u)
}

// decodeUserFast is decodeUser's fast path; false means "ask
// encoding/json", with u possibly half written.
func decodeUserFast(data []byte, u *User) bool {
	s := jsonScanner{data: data}
	if !s.consume('{') {
		return false
	}
	if s.consume('}') {
		return s.atEnd()
	}
	v := reflect.ValueOf(u).Elem()
	for {
		key, ok := s.plainString()
		if !ok || !s.consume(':') {
			return false
		}
		if !decodeUserField(&s, key, v) {
			return false
		}
		if s.consume('}') {
			return s.atEnd()
		}
		if !s.consume(',') {
			return false
		}
	}
}

// decodeUserField reads the value of key into the User u.
func decodeUserField(s *jsonScanner, key []byte, u reflect.Value) bool {
	i, known := userFieldByKey[string(key)]
	if !known {
		// encoding/json matches keys ignoring case, by Unicode rules for
		// other than ASCII: such keys are its to read.
		for _, f := range userFields {
			if equalFoldASCII(string(key), f.key) {
				return false
			}
		}
		if !isASCII(string(key)) {
			return false
		}
		return s.skipValue(0)
	}
	switch p := u.Field(userFields[i].index).Addr().Interface().(type) {
	case *string:
		v, ok := s.plainString()
		*p = string(v)
		return ok
	case *bool:
		v, ok := s.boolean()
		*p = v
		return ok
	case *[]string:
		return s.plainStrings(p)
	case *json.RawMessage:
		s.skipSpace()
		start := s.i
		if s.i >= len(s.data) || s.data[s.i] != '{' || !s.skipValue(0) {
			return false
		}
		*p = append(json.RawMessage(nil), s.data[start:s.i]...)
		return true
	}
	return false
}

// jsonScanner reads JSON from data, at i.
type jsonScanner struct {
	data []byte
	i    int
}

func (s *jsonScanner) skipSpace() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// consume skips white space and then c, if c is next.
func (s *jsonScanner) consume(c byte) bool {
	s.skipSpace()
	if s.i < len(s.data) && s.data[s.i] == c {
		s.i++
		return true
	}
	return false
}

// atEnd reports whether only white space is left.
func (s *jsonScanner) atEnd() bool {
	s.skipSpace()
	return s.i == len(s.data)
}

// plainString reads a string with no escape sequence, of valid UTF-8: its
// bytes are then its value.
func (s *jsonScanner) plainString() ([]byte, bool) {
	if !s.consume('"') {
		return nil, false
	}
	start := s.i
	for ; s.i < len(s.data); s.i++ {
		switch c := s.data[s.i]; {
		case c == '"':
			v := s.data[start:s.i]
			s.i++
			return v, utf8.Valid(v)
		case c == '\\' || c < 0x20:
			return nil, false
		}
	}
	return nil, false
}

// plainStrings reads an array of plain strings.
func (s *jsonScanner) plainStrings(out *[]string) bool {
	if !s.consume('[') {
		return false
	}
	list := []string{}
	if !s.consume(']') {
		for {
			v, ok := s.plainString()
			if !ok {
				return false
			}
			list = append(list, string(v))
			if s.consume(']') {
				break
			}
			if !s.consume(',') {
				return false
			}
		}
	}
	*out = list
	return true
}

func (s *jsonScanner) boolean() (v, ok bool) {
	s.skipSpace()
	switch {
	case bytes.HasPrefix(s.data[s.i:], []byte("true")):
		s.i += 4
		return true, true
	case bytes.HasPrefix(s.data[s.i:], []byte("false")):
		s.i += 5
		return false, true
	}
	return false, false
}

// maxSkipDepth bounds the nesting skipValue follows; deeper input is left
// to encoding/json.
const maxSkipDepth = 64

// skipValue checks the JSON value at i and moves past it.
func (s *jsonScanner) skipValue(depth int) bool {
	s.skipSpace()
	if s.i >= len(s.data) || depth > maxSkipDepth {
		return false
	}
	switch c := s.data[s.i]; {
	case c == '"':
		return s.skipString()
	case c == '{':
		s.i++
		if s.consume('}') {
			return true
		}
		for {
			s.skipSpace()
			if s.i >= len(s.data) || s.data[s.i] != '"' || !s.skipString() || !s.consume(':') || !s.skipValue(depth+1) {
				return false
			}
			if s.consume('}') {
				return true
			}
			if !s.consume(',') {
				return false
			}
		}
	case c == '[':
		s.i++
		if s.consume(']') {
			return true
		}
		for {
			if !s.skipValue(depth + 1) {
				return false
			}
			if s.consume(']') {
				return true
			}
			if !s.consume(',') {
				return false
			}
		}
	case c == '-' || c >= '0' && c <= '9':
		return s.skipNumber()
	}
	for _, lit := range [...]string{"true", "false", "null"} {
		if bytes.HasPrefix(s.data[s.i:], []byte(lit)) {
			s.i += len(lit)
			return true
		}
	}
	return false
}

// skipString moves past a string, escapes included, checking them.
func (s *jsonScanner) skipString() bool {
	for s.i++; s.i < len(s.data); s.i++ {
		switch c := s.data[s.i]; {
		case c == '"':
			s.i++
			return true
		case c < 0x20:
			return false
		case c == '\\':
			s.i++
			if s.i >= len(s.data) {
				return false
			}
			switch s.data[s.i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if s.i+4 >= len(s.data) || !isHex4(s.data[s.i+1:s.i+5]) {
					return false
				}
				s.i += 4
			default:
				return false
			}
		}
	}
	return false
}

// skipNumber moves past a number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *jsonScanner) skipNumber() bool {
	if s.data[s.i] == '-' {
		s.i++
	}
	switch {
	case s.i < len(s.data) && s.data[s.i] == '0':
		s.i++
	case s.digits() == 0:
		return false
	}
	if s.i < len(s.data) && s.data[s.i] == '.' {
		s.i++
		if s.digits() == 0 {
			return false
		}
	}
	if s.i < len(s.data) && (s.data[s.i] == 'e' || s.data[s.i] == 'E') {
		s.i++
		if s.i < len(s.data) && (s.data[s.i] == '+' || s.data[s.i] == '-') {
			s.i++
		}
		if s.digits() == 0 {
			return false
		}
	}
	return true
}

// digits moves past decimal digits and says how many there were.
func (s *jsonScanner) digits() int {
	start := s.i
	for s.i < len(s.data) && s.data[s.i] >= '0' && s.data[s.i] <= '9' {
		s.i++
	}
	return s.i - start
}

func isHex4(b []byte) bool {
	for _, c := range b {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// equalFoldASCII reports whether a and b are equal ignoring ASCII case.
func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
