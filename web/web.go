// Package web holds the browser side of the function: client.js, a
// dependency-free ES module with one function per route (see README.md),
// and the demo app that the dev runtime serves on a second origin.
//
// The files are embedded, so a binary that imports the package carries
// them. The package uses the standard library only: it lives in the
// function's module, which must build with go 1.23.
package web

import (
	"embed"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

//go:embed client.js demo/index.html demo/demo.js demo/demo.css
var files embed.FS

// DemoConfig is what the demo page reads from /config.json.
type DemoConfig struct {
	// FunctionURL is where the function is served, such as
	// http://localhost:3000. Empty means the page's own origin.
	FunctionURL string `json:"functionUrl"`
	// OutboxURL is the emulator's outbox, linked from the page so a
	// developer can read the e-mails it would have sent. Empty hides the
	// link (a real Appwrite sends real e-mail).
	OutboxURL string `json:"outboxUrl"`
	// ConsoleURL is the dev runtime's console (inbox, users, rate-limit
	// counters), linked from the page. Empty hides the links.
	ConsoleURL string `json:"consoleUrl"`
}

// asset is one file the demo serves.
type asset struct {
	contentType string
	body        []byte
}

// DemoHandler serves the demo app: / (index.html), /demo.js, /demo.css,
// /client.js and /config.json (config as JSON). Every response is
// Cache-Control: no-store and carries a Content-Security-Policy that lets
// the page reach only its own origin and the function.
//
// It panics if a URL in config is neither empty nor an absolute http(s)
// URL: the dev runtime builds them, so that is a programming error.
func DemoHandler(config DemoConfig) http.Handler {
	functionOrigin := mustOrigin("FunctionURL", config.FunctionURL)
	mustOrigin("OutboxURL", config.OutboxURL)
	mustOrigin("ConsoleURL", config.ConsoleURL)

	configJSON, err := json.Marshal(config)
	if err != nil {
		panic("web: " + err.Error()) // two strings always marshal
	}
	assets := map[string]asset{
		"/":            {"text/html; charset=utf-8", mustRead("demo/index.html")},
		"/index.html":  {"text/html; charset=utf-8", mustRead("demo/index.html")},
		"/demo.js":     {"text/javascript; charset=utf-8", mustRead("demo/demo.js")},
		"/demo.css":    {"text/css; charset=utf-8", mustRead("demo/demo.css")},
		"/client.js":   {"text/javascript; charset=utf-8", mustRead("client.js")},
		"/config.json": {"application/json", configJSON},
	}
	csp := contentSecurityPolicy(functionOrigin)

	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		a, ok := assets[r.URL.Path]
		if !ok {
			http.Error(w, "404 page not found", http.StatusNotFound)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
			return
		}
		h.Set("Content-Type", a.contentType)
		h.Set("Content-Length", strconv.Itoa(len(a.body)))
		w.WriteHeader(http.StatusOK)
		if r.Method == http.MethodGet {
			w.Write(a.body)
		}
	})
}

// contentSecurityPolicy returns the demo's policy: scripts, styles and
// images from its own origin only (images also as data: URLs), fetches and
// form posts to its own origin and functionOrigin, no <base>, no framing.
// An empty functionOrigin allows the page's own origin only.
func contentSecurityPolicy(functionOrigin string) string {
	fn := ""
	if functionOrigin != "" {
		fn = " " + functionOrigin
	}
	return "default-src 'self'; connect-src 'self'" + fn + "; img-src 'self' data:; style-src 'self'; " +
		"script-src 'self'; base-uri 'none'; form-action 'self'" + fn + "; frame-ancestors 'none'"
}

// mustOrigin returns the scheme://host[:port] of raw, which must be empty
// or an absolute http(s) URL whose host is a plain name, IP address and
// port. Only that origin goes into the CSP, so no URL can change the policy.
func mustOrigin(field, raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		strings.ContainsFunc(u.Host, notHostChar) {
		panic(fmt.Sprintf("web: DemoConfig.%s %q is not an http(s) URL", field, raw))
	}
	return u.Scheme + "://" + u.Host
}

// notHostChar reports whether r cannot appear in a host name, an IP
// address (IPv6 in brackets) or a port.
func notHostChar(r rune) bool {
	return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune(".-:[]", r))
}

func mustRead(name string) []byte {
	b, err := files.ReadFile(name)
	if err != nil {
		panic("web: " + err.Error()) // the embed directive lists every name
	}
	return b
}
