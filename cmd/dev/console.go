package main

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"openruntimes/handler/appwritetest"
	"openruntimes/handler/internal/server"
	"openruntimes/handler/security/ratelimit"
)

// consolePath is where the dev runtime serves its console, on the
// function's own origin. The function has no route under it (its paths
// never start with /__), and the deployed function has no console at all:
// this file is part of the dev runtime only.
const consolePath = "/__dev/"

//go:embed console/index.html console/console.js console/console.css
var consoleFiles embed.FS

// consoleCSP lets the console page load its own script and style and call
// its own API, and nothing else.
const consoleCSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// console serves the dev console: a page and a small JSON API over the
// emulator and the function's rate-limit store.
type console struct {
	emu    *appwritetest.Emulator // nil with a real Appwrite
	fn     *server.DevFunction
	labels *keyLabels
	info   consoleInfo
	// changed is called after a call that changed state (for -data).
	changed func()
	now     func() time.Time
}

// consoleInfo is what the console says about the dev runtime.
type consoleInfo struct {
	Function       string        `json:"function"`
	App            string        `json:"app"` // "" without the demo
	OpenAPI        string        `json:"openapi"`
	Health         string        `json:"health"`
	Emulator       string        `json:"emulator"` // "" with a real Appwrite
	Emulates       string        `json:"emulates"`
	Appwrite       string        `json:"appwrite"` // a real Appwrite's endpoint
	State          string        `json:"state"`
	AllowedOrigins []string      `json:"allowedOrigins"`
	RateLimitStore string        `json:"rateLimitStore"`
	Budgets        consoleBudget `json:"budgets"`
}

// consoleBudget is the limiter's policy, as the console shows it.
type consoleBudget struct {
	WindowSeconds   int `json:"windowSeconds"`
	PerIP           int `json:"perIp"`
	PerIPAccount    int `json:"perIpAccount"`
	PerAccount      int `json:"perAccount"`
	TrustedForHours int `json:"trustedForHours"`
}

// consoleState is the answer of GET /__dev/api/state. Inbox and Users are
// null with a real Appwrite, Counters with RATE_LIMIT_STORE=appwrite.
type consoleState struct {
	Now      time.Time               `json:"now"`
	Info     consoleInfo             `json:"info"`
	Inbox    []inboxMessage          `json:"inbox"`
	Users    []appwritetest.UserInfo `json:"users"`
	Counters []counterInfo           `json:"counters"`
}

// inboxMessage is an e-mail of the outbox, as the console lists it.
type inboxMessage struct {
	To     string    `json:"to"`
	Kind   string    `json:"kind"`
	UserID string    `json:"userId"`
	Link   string    `json:"link"`
	Code   string    `json:"code"`
	Time   time.Time `json:"time"`
}

// counterInfo is one counter of the function's rate limits.
type counterInfo struct {
	Key     string    `json:"key"`
	Kind    string    `json:"kind"`
	Label   string    `json:"label"` // who it counts, when known
	Count   int       `json:"count"`
	Limit   int       `json:"limit"` // 0: no budget (a trusted address)
	ResetAt time.Time `json:"resetAt"`
	// Locked: the next attempt it counts is refused with 429.
	Locked bool `json:"locked"`
}

// handler returns the console's routes behind its guard.
func (c *console) handler() http.Handler {
	mux := http.NewServeMux()
	for name, contentType := range map[string]string{
		"index.html":  "text/html; charset=utf-8",
		"console.js":  "text/javascript; charset=utf-8",
		"console.css": "text/css; charset=utf-8",
	} {
		body, err := consoleFiles.ReadFile("console/" + name)
		if err != nil {
			panic(err) // embedded above
		}
		path := consolePath + name
		if name == "index.html" {
			path = consolePath + "{$}"
		}
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", contentType)
			w.Write(body)
		})
	}
	mux.HandleFunc("GET /__dev", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, consolePath, http.StatusFound)
	})
	mux.HandleFunc("GET /__dev/api/state", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, c.state())
	})
	mux.HandleFunc("POST /__dev/api/users/{id}/block", c.emulatorCall(func(r *http.Request) error {
		return c.emu.SetBlocked(r.PathValue("id"), true)
	}))
	mux.HandleFunc("POST /__dev/api/users/{id}/unblock", c.emulatorCall(func(r *http.Request) error {
		return c.emu.SetBlocked(r.PathValue("id"), false)
	}))
	mux.HandleFunc("DELETE /__dev/api/users/{id}", c.emulatorCall(func(r *http.Request) error {
		return c.emu.DeleteUser(r.PathValue("id"))
	}))
	mux.HandleFunc("DELETE /__dev/api/users/{id}/sessions/{sessionId}", c.emulatorCall(func(r *http.Request) error {
		return c.emu.DeleteSession(r.PathValue("id"), r.PathValue("sessionId"))
	}))
	mux.HandleFunc("DELETE /__dev/api/counters/{key}", c.counterCall(func(m *ratelimit.MemoryStore, r *http.Request) {
		m.Reset(context.Background(), r.PathValue("key"))
	}))
	mux.HandleFunc("DELETE /__dev/api/counters", c.counterCall(func(m *ratelimit.MemoryStore, _ *http.Request) {
		m.Clear()
	}))
	mux.HandleFunc("POST /__dev/api/reset", func(w http.ResponseWriter, r *http.Request) {
		if c.emu != nil {
			c.emu.Reset()
		}
		if c.fn.Memory != nil {
			c.fn.Memory.Clear()
		}
		c.changed()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("/__dev/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "the console has no "+r.Method+" "+r.URL.Path)
	})
	return c.guard(mux)
}

// emulatorCall answers a call that acts on the emulator: 204, 404 for an
// unknown user or session, 409 with a real Appwrite.
func (c *console) emulatorCall(act func(*http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if c.emu == nil {
			writeError(w, http.StatusConflict, "the function talks to a real Appwrite: manage its users in Appwrite's Console")
			return
		}
		err := act(r)
		switch {
		case errors.Is(err, appwritetest.ErrUserNotFound), errors.Is(err, appwritetest.ErrSessionNotFound):
			writeError(w, http.StatusNotFound, err.Error())
		case err != nil:
			writeError(w, http.StatusInternalServerError, err.Error())
		default:
			c.changed()
			w.WriteHeader(http.StatusNoContent)
		}
	}
}

// counterCall answers a call that acts on the memory store: 204, or 409
// when the counters are not in memory.
func (c *console) counterCall(act func(*ratelimit.MemoryStore, *http.Request)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if c.fn.Memory == nil {
			writeError(w, http.StatusConflict, "the counters are in Appwrite's database (RATE_LIMIT_STORE=appwrite), not in memory")
			return
		}
		act(c.fn.Memory, r)
		c.changed()
		w.WriteHeader(http.StatusNoContent)
	}
}

// state gathers what the console shows.
func (c *console) state() consoleState {
	now := c.now()
	s := consoleState{Now: now, Info: c.info}
	extra := map[string]string{}
	if c.emu != nil {
		s.Users = c.emu.Users()
		outbox := c.emu.Outbox()
		s.Inbox = make([]inboxMessage, 0, len(outbox))
		for i := len(outbox) - 1; i >= 0; i-- {
			m := outbox[i]
			s.Inbox = append(s.Inbox, inboxMessage{To: m.To, Kind: string(m.Kind), UserID: m.UserID, Link: m.Link, Code: m.Code, Time: m.Time})
		}
		// The accounts the limiter may count for every known user.
		for _, u := range s.Users {
			for account, shown := range accountsOf(u.Email, "") {
				extra[account] = shown
			}
			extra[u.ID] = u.Email
			if u.Email == "" {
				extra[u.ID] = "guest " + u.ID
			}
		}
	}
	if c.fn.Memory != nil {
		labels := c.labels.label(c.fn.Limiter, extra)
		s.Counters = []counterInfo{}
		for _, ct := range c.fn.Memory.Counters(now) {
			kind, limit := c.fn.Limiter.Describe(ct.Key)
			s.Counters = append(s.Counters, counterInfo{
				Key: ct.Key, Kind: string(kind), Label: labels[ct.Key], Count: ct.Count, Limit: limit,
				ResetAt: ct.ResetAt, Locked: limit > 0 && ct.Count >= limit,
			})
		}
	}
	return s
}

// guard lets through only what the console's own page on this machine
// sends: a request from another machine, for a host name other than a
// loopback one (DNS rebinding), or a state-changing request from any other
// origin (another local page, say) is refused with 403. It also sets the
// headers of every answer.
func (c *console) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", consoleCSP)
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		switch {
		case !loopbackAddr(r.RemoteAddr):
			writeError(w, http.StatusForbidden, "the dev console answers this machine only")
		case !loopbackHost(r.Host):
			writeError(w, http.StatusForbidden, "the dev console answers on localhost only, not on "+r.Host)
		case r.Method != http.MethodGet && r.Method != http.MethodHead && r.Header.Get("Origin") != "http://"+r.Host:
			writeError(w, http.StatusForbidden, "the dev console takes changes from its own page only (Origin http://"+r.Host+")")
		case r.Method != http.MethodGet && r.Method != http.MethodHead && r.Header.Get("Sec-Fetch-Site") != "" &&
			r.Header.Get("Sec-Fetch-Site") != "same-origin":
			writeError(w, http.StatusForbidden, "the dev console takes changes from its own page only (Sec-Fetch-Site "+r.Header.Get("Sec-Fetch-Site")+")")
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// loopbackAddr reports whether a connection's remote address is a
// loopback one.
func loopbackAddr(remote string) bool {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		return false
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}

// loopbackHost reports whether a Host header names this machine:
// localhost (or a name under .localhost) or a loopback address.
func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.ToLower(strings.Trim(host, "[]"))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}

// writeJSON writes v as the answer.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// writeError writes {"error": message}.
func writeError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, map[string]string{"error": message})
}
