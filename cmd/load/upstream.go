package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"openruntimes/handler/appwritetest"
	"openruntimes/handler/security/ratelimit"
)

// upstream is the Appwrite the functions under test talk to: one
// appwritetest emulator, served over real loopback HTTP on one listener per
// function, so that each function's upstream connections are counted on
// its own.
type upstream struct {
	emu       *appwritetest.Emulator
	mu        sync.Mutex
	listeners []*countingListener
	servers   []*http.Server
}

// newUpstream returns an upstream whose every call takes latency more,
// as a network round trip to a real Appwrite would. Appwrite's own
// per-IP limits are off: every virtual user comes from one address, and
// the Node baseline's sign-out (the user's own DELETE
// /account/sessions/current, as Appwrite's guides write it) would meet the
// limit of 100 an hour that all its users share, where the Go function
// deletes sessions with the API key. It holds the table the Go function
// keeps its limits in with RATE_LIMIT_STORE=appwrite (the default
// database and table), whichever store the function uses.
func newUpstream(latency time.Duration) (*upstream, error) {
	emu := appwritetest.New(
		appwritetest.WithProjectID("load"),
		appwritetest.WithPlatformHosts("localhost", "127.0.0.1"),
		appwritetest.WithLatency(latency),
		appwritetest.WithRateLimits(false),
	)
	if err := emu.CreateTable(ratelimit.DefaultPolicy.Database, ratelimit.DefaultPolicy.Table, ratelimit.ColumnCount, ratelimit.ColumnResetAt); err != nil {
		return nil, err
	}
	return &upstream{emu: emu}, nil
}

// listen serves the emulator on a new loopback port and returns its
// endpoint (ending in /v1) and the listener, whose counters tell how many
// connections were opened to it.
func (u *upstream) listen() (endpoint string, l *countingListener, err error) {
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	l = &countingListener{Listener: inner}
	srv := &http.Server{Handler: u.emu, ReadHeaderTimeout: 10 * time.Second}
	u.mu.Lock()
	u.listeners = append(u.listeners, l)
	u.servers = append(u.servers, srv)
	u.mu.Unlock()
	go srv.Serve(l)
	return "http://" + inner.Addr().String() + "/v1", l, nil
}

func (u *upstream) close() {
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, s := range u.servers {
		s.Close()
	}
}

// session signs a new user in directly on the emulator (in memory, no
// socket) and returns the user's e-mail address and session secret.
func (u *upstream) session(email, password string) (secret string, err error) {
	if _, err := u.emu.CreateUser(email, password, "Cold Start"); err != nil {
		return "", err
	}
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	req, _ := http.NewRequest("POST", "http://emulator.local/v1/account/sessions/email", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Appwrite-Project", u.emu.ProjectID())
	req.Header.Set("X-Appwrite-Key", u.emu.APIKey())
	resp, err := (&http.Client{Transport: u.emu.Transport()}).Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var s struct {
		Secret string `json:"secret"`
	}
	if resp.StatusCode != http.StatusCreated || json.Unmarshal(data, &s) != nil || s.Secret == "" {
		return "", fmt.Errorf("creating a session: %d %s", resp.StatusCode, data)
	}
	return s.Secret, nil
}

// countingListener counts the connections it accepts and how many are open
// at once. It is the honest measure of the connections a function opens
// to Appwrite: every one of them is accepted here.
type countingListener struct {
	net.Listener
	accepted atomic.Int64
	open     atomic.Int64
	peak     atomic.Int64
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	l.accepted.Add(1)
	n := l.open.Add(1)
	for {
		p := l.peak.Load()
		if n <= p || l.peak.CompareAndSwap(p, n) {
			break
		}
	}
	return &countedConn{Conn: c, l: l}, nil
}

// countedConn takes itself off its listener's open count once closed.
type countedConn struct {
	net.Conn
	l      *countingListener
	closed atomic.Bool
}

func (c *countedConn) Close() error {
	if c.closed.CompareAndSwap(false, true) {
		c.l.open.Add(-1)
	}
	return c.Conn.Close()
}

// signUpCode returns the last sign-up code the emulator e-mailed to
// email, and the user ID it is for.
func (u *upstream) signUpCode(email string) (userID, code string, ok bool) {
	m, ok := u.emu.LastMessage(email, appwritetest.MessageEmailOTP)
	return m.UserID, m.Code, ok
}
