package appwritetest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// reply is what a handler produces: a status, headers and a body. One
// function, [reply.write], turns it into an HTTP response, so every route
// gets the same headers.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// jsonReply encodes v the way PHP's json_encode does and labels it
// application/json, the prefix the Go SDK needs before it decodes a body.
func jsonReply(status int, v any) *reply {
	rep := &reply{status: status, header: http.Header{}, body: phpJSON(v)}
	rep.header.Set("Content-Type", "application/json; charset=UTF-8")
	return rep
}

// noContent is a 204. Like Swoole, it is labelled text/html so the SDK does
// not try to decode the empty body as JSON.
func noContent() *reply {
	rep := &reply{status: http.StatusNoContent, header: http.Header{}}
	rep.header.Set("Content-Type", "text/html")
	return rep
}

// redirect is Appwrite's 301 with an empty body and no-store caching.
func redirect(location string) *reply {
	rep := &reply{status: http.StatusMovedPermanently, header: http.Header{}}
	rep.header.Set("Location", location)
	rep.header.Set("Cache-Control", "no-store, no-cache, must-revalidate, max-age=0")
	rep.header.Set("Pragma", "no-cache")
	rep.header.Set("Content-Type", "text/html")
	return rep
}

// write sends the reply with extra (headers gathered while the request was
// processed: cookies, rate limits, debug headers) and the headers Appwrite
// sets on every response.
func (rep *reply) write(w http.ResponseWriter, extra http.Header, started time.Time) {
	h := w.Header()
	h.Set("Server", "Appwrite")
	h.Set("X-Content-Type-Options", "nosniff")
	for k, vs := range extra {
		for _, v := range vs {
			h.Add(k, v)
		}
	}
	for k, vs := range rep.header {
		h[k] = append([]string(nil), vs...)
	}
	h.Set("X-Debug-Speed", strconv.FormatFloat(time.Since(started).Seconds(), 'f', 6, 64))
	if rep.status != http.StatusNoContent && rep.status != http.StatusNotModified {
		h.Set("Content-Length", strconv.Itoa(len(rep.body)))
	}
	w.WriteHeader(rep.status)
	if len(rep.body) > 0 {
		_, _ = w.Write(rep.body)
	}
}

// phpJSON encodes v as PHP's json_encode(…, JSON_UNESCAPED_UNICODE) does:
// no HTML escaping, "/" written as "\/", key order as declared.
func phpJSON(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Only programmer errors (unsupported types) end here.
		return []byte(`{}`)
	}
	return escapeSlashes(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

// escapeSlashes rewrites every unescaped "/" inside the JSON strings of b as
// "\/". Outside strings a "/" cannot occur in valid JSON.
func escapeSlashes(b []byte) []byte {
	if !bytes.Contains(b, []byte("/")) {
		return b
	}
	out := make([]byte, 0, len(b)+8)
	inString := false
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case inString && c == '\\' && i+1 < len(b):
			out = append(out, c, b[i+1])
			i++
		case c == '"':
			inString = !inString
			out = append(out, c)
		case inString && c == '/':
			out = append(out, '\\', '/')
		default:
			out = append(out, c)
		}
	}
	return out
}
