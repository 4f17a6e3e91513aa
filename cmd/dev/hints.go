package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"

	"openruntimes/handler/internal/server"
	"openruntimes/handler/security"
	"openruntimes/handler/security/ratelimit"
)

// devHints wraps the function's handler in the dev runtime, and only
// there: it writes to errs what a developer needs to know about an answer
// the function gives without a word, a refused origin with its fix and a
// rate limit with where to reset it, and it notes the address and account
// of each attempt so that the console can label the limiter's counters,
// whose keys hold hashes only. It changes neither requests nor answers.
type devHints struct {
	next http.Handler
	// origins are the allowed origins, as the function parsed them.
	origins *security.Origins
	// consoleURL is where a rate limit can be reset.
	consoleURL string
	errs       io.Writer
	labels     *keyLabels
}

func (h *devHints) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && h.labels != nil {
		h.noteAttempt(r)
	}
	rec := &statusRecorder{ResponseWriter: w}
	h.next.ServeHTTP(rec, r)

	origin := r.Header.Get("Origin")
	// "null" is the origin of the function's own magic-link confirmation
	// page (no-referrer), which the function handles itself.
	foreign := origin != "" && origin != "null" && origin != "http://"+r.Host && !h.origins.Allowed(origin)
	if !foreign && rec.status != http.StatusTooManyRequests {
		return
	}
	// What the request chose is printed escaped (see printable).
	path, origin := printable(r.URL.Path), printable(origin)
	fix := "add it to ALLOWED_ORIGINS (now " + strings.Join(h.origins.List(), ", ") + ")"
	switch {
	case foreign && r.Method == http.MethodOptions:
		fmt.Fprintf(h.errs, "dev: refused the CORS preflight of %s %s from %s, so the browser does not send the request and the page sees a network error: %s\n",
			printable(r.Header.Get("Access-Control-Request-Method")), path, origin, fix)
	case foreign && rec.status == http.StatusForbidden:
		fmt.Fprintf(h.errs, "dev: refused %s %s from %s (request_origin_rejected): %s\n", r.Method, path, origin, fix)
	case foreign && r.Header.Get("Sec-Fetch-Mode") != "navigate": // CORS does not apply to navigations
		fmt.Fprintf(h.errs, "dev: answered %s %s from %s without CORS headers, so the browser hides the answer from that page: %s\n",
			r.Method, path, origin, fix)
	}
	if rec.status == http.StatusTooManyRequests {
		fmt.Fprintf(h.errs, "dev: %s %s answered 429: a rate limit is spent. The dev console resets it: %s\n",
			r.Method, path, h.consoleURL+"#counters")
	}
}

// noteAttempt records the client address and the accounts named in a JSON
// body (email, userId), which are what the limiter keys its counters on.
func (h *devHints) noteAttempt(r *http.Request) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), r.Body))
	if err != nil {
		return
	}
	var fields struct {
		Email  string `json:"email"`
		UserID string `json:"userId"`
	}
	if json.Unmarshal(body, &fields) != nil {
		return
	}
	host, _, _ := net.SplitHostPort(r.RemoteAddr)
	h.labels.saw(security.ClientIP(map[string]string{security.ClientIPHeader: host}), accountsOf(fields.Email, fields.UserID))
}

// accountsOf returns the accounts the limiter may count for an e-mail
// address and a user ID, with how to show each.
func accountsOf(email, userID string) map[string]string {
	out := map[string]string{}
	if email = strings.TrimSpace(email); email != "" {
		out[email] = email
		out[server.MailAccount(email)] = "e-mails to " + email
	}
	if userID != "" {
		out[userID] = "user " + userID
	}
	return out
}

// statusRecorder remembers the status an answer was sent with.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Bounds of keyLabels: a developer's machine sees a few addresses and
// accounts; these only stop a script from growing the maps for ever.
const (
	maxLabelIPs      = 16
	maxLabelAccounts = 1000
)

// keyLabels remembers the addresses and accounts the function was asked
// about, to name the limiter's counters in the console: a key is a hash of
// them, so the only way back is to hash each pair seen and compare.
type keyLabels struct {
	mu       sync.Mutex
	ips      map[string]bool
	accounts map[string]string // as the limiter is given it → as shown
}

func newKeyLabels() *keyLabels {
	return &keyLabels{ips: map[string]bool{}, accounts: map[string]string{}}
}

// saw records an address and accounts.
func (k *keyLabels) saw(ip string, accounts map[string]string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if ip != "" && (k.ips[ip] || len(k.ips) < maxLabelIPs) {
		k.ips[ip] = true
	}
	for a, label := range accounts {
		if _, ok := k.accounts[a]; ok || len(k.accounts) < maxLabelAccounts {
			k.accounts[a] = label
		}
	}
}

// label returns, for each key the limiter writes for the addresses and
// accounts seen and the extra accounts, what it counts in words.
func (k *keyLabels) label(limiter *ratelimit.Limiter, extra map[string]string) map[string]string {
	k.mu.Lock()
	ips := make([]string, 0, len(k.ips))
	for ip := range k.ips {
		ips = append(ips, ip)
	}
	accounts := make(map[string]string, len(k.accounts)+len(extra))
	for a, l := range k.accounts {
		accounts[a] = l
	}
	k.mu.Unlock()
	for a, l := range extra {
		accounts[a] = l
	}
	sort.Strings(ips)
	out := map[string]string{}
	for _, ip := range ips {
		for key := range limiter.KeysFor(ip, "") {
			out[key] = ip
		}
		for account, shown := range accounts {
			for key, kind := range limiter.KeysFor(ip, account, server.Credentials()...) {
				switch kind {
				case ratelimit.KeyAccount:
					out[key] = shown
				case ratelimit.KeyIPAccount, ratelimit.KeyTrust:
					out[key] = shown + " from " + ip
				}
			}
		}
	}
	return out
}

// savedLabels is keyLabels as the -data file keeps it.
type savedLabels struct {
	IPs      []string          `json:"ips"`
	Accounts map[string]string `json:"accounts"`
}

func (k *keyLabels) save() savedLabels {
	k.mu.Lock()
	defer k.mu.Unlock()
	s := savedLabels{IPs: []string{}, Accounts: map[string]string{}}
	for ip := range k.ips {
		s.IPs = append(s.IPs, ip)
	}
	sort.Strings(s.IPs)
	for a, l := range k.accounts {
		s.Accounts[a] = l
	}
	return s
}

func (k *keyLabels) restore(s savedLabels) {
	for _, ip := range s.IPs {
		k.saw(ip, nil)
	}
	k.saw("", s.Accounts)
}
