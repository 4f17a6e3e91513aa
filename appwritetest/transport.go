package appwritetest

import (
	"bytes"
	"crypto/tls"
	"io"
	"net/http"
	"net/http/httptest"
)

// Transport returns an [http.RoundTripper] that hands requests straight to
// [Emulator.ServeHTTP], with no sockets: for benchmarks and tests that do
// not want a listener. Any host name works; "https" URLs are served as if
// over TLS. It is safe for concurrent use and answers like a real round
// trip: status, every header (several Set-Cookie lines included) and body.
func (e *Emulator) Transport() http.RoundTripper { return memTransport{h: e} }

// memTransport is the RoundTripper of [Emulator.Transport].
type memTransport struct{ h http.Handler }

// RoundTrip serves req in memory. Like a network transport it consumes and
// closes the request body and leaves req unmodified.
func (t memTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
	}
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	sreq := req.Clone(req.Context())
	sreq.Body = io.NopCloser(bytes.NewReader(body))
	sreq.ContentLength = int64(len(body))
	sreq.RequestURI = req.URL.RequestURI()
	sreq.RemoteAddr = "127.0.0.1:49152"
	if sreq.Host == "" {
		sreq.Host = req.URL.Host
	}
	if req.URL.Scheme == "https" {
		sreq.TLS = &tls.ConnectionState{HandshakeComplete: true, ServerName: req.URL.Hostname()}
	}
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, sreq)
	resp := rec.Result()
	resp.Request = req
	if req.Method == http.MethodHead {
		resp.Body = http.NoBody
	}
	return resp, nil
}
