package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// loadConfig is one load run against one function.
type loadConfig struct {
	url      string
	users    int
	warmup   time.Duration
	duration time.Duration
	origin   string
	// pid, when not zero, is the function's process, whose memory is
	// sampled during the run.
	pid int
	// mix runs the mix workload (see mix.go) with reads GET /me per
	// round, instead of GET /me alone.
	mix   bool
	reads int
	// latency is the delay put in front of every call to Appwrite, by
	// which the mix's route latencies are divided into round trips.
	latency time.Duration
	// code returns the sign-up code the emulator e-mailed to an address
	// and the user ID it is for; nil for a target whose mail the harness
	// cannot read (-target), which must then sign up at once (201).
	code func(email string) (userID, code string, ok bool)
	// measureFrom and end bound the measured window; runLoad sets them.
	measureFrom, end time.Time
}

// loadResult is what one run measured.
type loadResult struct {
	Target      string        `json:"target"`
	Users       int           `json:"users"`
	Duration    time.Duration `json:"-"`
	Requests    int           `json:"requests"`
	RPS         float64       `json:"rps"`
	P50         time.Duration `json:"-"`
	P90         time.Duration `json:"-"`
	P99         time.Duration `json:"-"`
	Max         time.Duration `json:"-"`
	P50ms       float64       `json:"p50Ms"`
	P90ms       float64       `json:"p90Ms"`
	P99ms       float64       `json:"p99Ms"`
	MaxMs       float64       `json:"maxMs"`
	Errors      int64         `json:"errors"`
	Status5xx   int64         `json:"status5xx"`
	Leaks       int64         `json:"leaks"`
	SignInFails int64         `json:"signInFailures"`
	// Upstream connections the function opened: over the whole run
	// (sign-ins included), during the measured window, and the most open
	// at once. -1 when not counted (-target).
	UpstreamConns       int64 `json:"upstreamConns"`
	UpstreamConnsWindow int64 `json:"upstreamConnsMeasured"`
	UpstreamPeakOpen    int64 `json:"upstreamPeakOpen"`
	// Memory of the function process, in bytes: the largest VmRSS seen
	// while under load and VmHWM (peak RSS over its life) at the end.
	// 0 when not measured.
	RSSUnderLoad int64 `json:"rssUnderLoadBytes"`
	PeakRSS      int64 `json:"peakRssBytes"`
	// CPU time the function process spent per measured request, and the
	// cores it kept busy on average. 0 when not measured.
	CPUPerRequestUs float64  `json:"cpuPerRequestUs"`
	CPUCores        float64  `json:"cpuCores"`
	FirstErrors     []string `json:"firstErrors,omitempty"`
	// HarnessCores is the cores this program (virtual users, emulator)
	// kept busy meanwhile: near its CPU count, it, not the function, set
	// the pace.
	HarnessCores float64 `json:"harnessCores,omitempty"`
	// Rounds is how many runs were merged into this result (see merge).
	Rounds int `json:"rounds,omitempty"`
	// Routes are the mix's per-route results (-mix only).
	Routes []routeResult `json:"routes,omitempty"`
	// latencies are the measured requests' latencies, sorted; routeLat
	// the mix's, by route.
	latencies []time.Duration
	routeLat  map[string][]time.Duration
	latency   time.Duration
}

// merge adds the run r to the result of earlier runs of the same target
// at the same concurrency, as if their measured windows were one: counts
// add up, percentiles and requests/s are those of all the requests, CPU
// per request is over all of them, memory and open connections are the
// largest seen. m may be nil.
func merge(m, r *loadResult) *loadResult {
	if m == nil {
		c := *r
		c.Rounds = 1
		return &c
	}
	cpu := m.CPUCores*m.Duration.Seconds() + r.CPUCores*r.Duration.Seconds()
	out := *m
	out.Rounds++
	out.Duration += r.Duration
	out.latencies = append(append(make([]time.Duration, 0, len(m.latencies)+len(r.latencies)), m.latencies...), r.latencies...)
	sort.Slice(out.latencies, func(i, j int) bool { return out.latencies[i] < out.latencies[j] })
	out.setLatencies()
	out.Errors += r.Errors
	out.Status5xx += r.Status5xx
	out.Leaks += r.Leaks
	out.SignInFails += r.SignInFails
	out.UpstreamConns = addCounts(m.UpstreamConns, r.UpstreamConns)
	out.UpstreamConnsWindow = addCounts(m.UpstreamConnsWindow, r.UpstreamConnsWindow)
	out.UpstreamPeakOpen = max(m.UpstreamPeakOpen, r.UpstreamPeakOpen)
	out.RSSUnderLoad = max(m.RSSUnderLoad, r.RSSUnderLoad)
	out.PeakRSS = max(m.PeakRSS, r.PeakRSS)
	out.CPUPerRequestUs, out.CPUCores = 0, 0
	if m.CPUCores > 0 && r.CPUCores > 0 && out.Requests > 0 {
		out.CPUPerRequestUs = cpu * 1e6 / float64(out.Requests)
		out.CPUCores = cpu / out.Duration.Seconds()
	}
	out.HarnessCores = (m.HarnessCores*m.Duration.Seconds() + r.HarnessCores*r.Duration.Seconds()) / out.Duration.Seconds()
	if len(r.routeLat) > 0 {
		lat := map[string][]time.Duration{}
		for _, src := range []map[string][]time.Duration{m.routeLat, r.routeLat} {
			for route, d := range src {
				lat[route] = append(lat[route], d...)
			}
		}
		out.routeLat = lat
		out.Routes = routeResults(lat, r.latency)
	}
	out.FirstErrors = append(append([]string(nil), m.FirstErrors...), r.FirstErrors...)
	if len(out.FirstErrors) > maxFirstErrors {
		out.FirstErrors = out.FirstErrors[:maxFirstErrors]
	}
	return &out
}

// addCounts adds two counts of which -1 means "not counted".
func addCounts(a, b int64) int64 {
	if a < 0 || b < 0 {
		return -1
	}
	return a + b
}

// setLatencies sets the request count, requests/s and percentiles from
// the sorted latencies and the measured duration.
func (res *loadResult) setLatencies() {
	all := res.latencies
	res.Requests = len(all)
	res.RPS = float64(len(all)) / res.Duration.Seconds()
	res.P50, res.P90, res.P99 = percentile(all, 50), percentile(all, 90), percentile(all, 99)
	res.Max = 0
	if len(all) > 0 {
		res.Max = all[len(all)-1]
	}
	res.P50ms, res.P90ms, res.P99ms, res.MaxMs = ms(res.P50), ms(res.P90), ms(res.P99), ms(res.Max)
}

// vuser is one virtual user: an e-mail address, a password, a browser of
// its own (connection and cookie jar) and the latencies it measured (in
// all, and per route with -mix).
type vuser struct {
	email, password string
	id              string
	client          *http.Client
	jar             *jar
	latencies       []time.Duration
	routeLat        map[string][]time.Duration
}

// runLoad signs cfg.users users up and in, has each call /me in a loop
// (or run the mix) for warmup+duration, and measures the duration after
// the warm-up.
func runLoad(cfg loadConfig, up *countingListener) loadResult {
	res := loadResult{Users: cfg.users, Duration: cfg.duration, UpstreamConns: -1, UpstreamConnsWindow: -1, UpstreamPeakOpen: -1}
	var t tally
	users := newVusers(cfg.users)
	res.SignInFails = signInAll(cfg, users, &t.errs)
	if cfg.mix {
		// Each round of the mix starts signed out.
		for _, u := range users {
			if u.id != "" {
				u.do(cfg, "POST", "/logout", "")
			}
		}
	}

	cfg.measureFrom = time.Now().Add(cfg.warmup)
	cfg.end = cfg.measureFrom.Add(cfg.duration)
	connsAtStart := countConnsAt(up, cfg.measureFrom)
	s := startSampling(cfg)
	var wg sync.WaitGroup
	for _, u := range users {
		if u.id == "" {
			continue
		}
		wg.Add(1)
		go func(u *vuser) {
			defer wg.Done()
			u.latencies = make([]time.Duration, 0, 1024)
			if cfg.mix {
				u.loopMix(cfg, &t)
			} else {
				u.loopMe(cfg, &t)
			}
		}(u)
	}
	wg.Wait()
	s.stop()

	res.setProcessFigures(cfg, s, t.requests.Load())
	res.setUpstreamFigures(up, connsAtStart)
	res.collect(users, cfg.latency)
	res.Errors, res.Status5xx, res.Leaks = t.errors.Load(), t.fivexx.Load(), t.leaks.Load()
	res.FirstErrors = t.errs.first()
	return res
}

// tally counts a run's requests and failures, from every user at once.
type tally struct {
	requests, errors, fivexx, leaks atomic.Int64
	errs                            errorLog
}

// outcome counts how one step of the mix ended: with an error (a 5xx
// among them) or with another user's data.
func (t *tally) outcome(status int, err, leak error) {
	switch {
	case err != nil:
		t.errors.Add(1)
		t.errs.add(err)
		if status >= 500 {
			t.fivexx.Add(1)
		}
	case leak != nil:
		t.leaks.Add(1)
		t.errs.add(leak)
	}
}

// newVusers makes n users with addresses of their own, one connection
// each.
func newVusers(n int) []*vuser {
	runID := randomHex(4)
	users := make([]*vuser, n)
	for i := range users {
		users[i] = &vuser{
			email:    fmt.Sprintf("vu%d-%s@load.example.com", i, runID),
			password: "load-test-password-" + runID,
			jar:      &jar{},
			client: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
				DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
				MaxIdleConnsPerHost: 1,
				DisableCompression:  true,
			}},
		}
	}
	return users
}

// signInAll signs every user up and in, 50 at a time, and returns how
// many failed; their errors go to errs.
func signInAll(cfg loadConfig, users []*vuser, errs *errorLog) int64 {
	var wg sync.WaitGroup
	var fails atomic.Int64
	sem := make(chan struct{}, 50)
	for _, u := range users {
		wg.Add(1)
		sem <- struct{}{}
		go func(u *vuser) {
			defer wg.Done()
			defer func() { <-sem }()
			if err := u.signIn(cfg); err != nil {
				fails.Add(1)
				errs.add(err)
			}
		}(u)
	}
	wg.Wait()
	return fails.Load()
}

// countConnsAt returns the number of connections up has accepted at the
// time at, once it is reached; -1 until then, or without up.
func countConnsAt(up *countingListener, at time.Time) *atomic.Int64 {
	var conns atomic.Int64
	conns.Store(-1)
	if up != nil {
		go func() {
			time.Sleep(time.Until(at))
			conns.Store(up.accepted.Load())
		}()
	}
	return &conns
}

// loopMe calls GET /me until the run ends, checking each answer is this
// user's, and keeps the latencies of the measured window.
func (u *vuser) loopMe(cfg loadConfig, t *tally) {
	for {
		t0 := time.Now()
		if !t0.Before(cfg.end) {
			return
		}
		status, body, err := u.do(cfg, "GET", "/me", "")
		elapsed := time.Since(t0)
		measured := !t0.Before(cfg.measureFrom)
		switch {
		case err != nil:
			t.errors.Add(1)
			t.errs.add(err)
			time.Sleep(10 * time.Millisecond)
			continue
		case status >= 500:
			t.fivexx.Add(1)
			t.errors.Add(1)
			t.errs.add(fmt.Errorf("GET /me: %d %.200s", status, body))
			continue
		case status != http.StatusOK:
			t.errors.Add(1)
			t.errs.add(fmt.Errorf("GET /me: %d %.200s", status, body))
			continue
		}
		if err := u.checkOwn(body); err != nil {
			t.leaks.Add(1)
			t.errs.add(err)
		}
		if measured {
			u.latencies = append(u.latencies, elapsed)
			t.requests.Add(1)
		}
	}
}

// loopMix runs rounds of the mix until the run ends, keeping each
// request's latency, in all and per route.
func (u *vuser) loopMix(cfg loadConfig, t *tally) {
	u.routeLat = map[string][]time.Duration{}
	record := func(route string, d time.Duration) {
		u.latencies = append(u.latencies, d)
		u.routeLat[route] = append(u.routeLat[route], d)
		t.requests.Add(1)
	}
	for time.Now().Before(cfg.end) {
		u.mixRound(cfg, record, t.outcome)
	}
}

// sampler samples the function's memory while the load runs, and the
// function's and this program's CPU time at the measured window's ends.
// Its figures are read after stop.
type sampler struct {
	stopping, done          chan struct{}
	maxRSS, maxRSSUnderLoad int64
	cpuStart, cpuEnd        time.Duration // the function's
	selfStart, selfEnd      time.Duration // this program's
}

// startSampling starts a sampler for the run cfg describes.
func startSampling(cfg loadConfig) *sampler {
	s := &sampler{stopping: make(chan struct{}), done: make(chan struct{})}
	go s.run(cfg)
	return s
}

// stop ends the sampling, once the load has ended.
func (s *sampler) stop() {
	close(s.stopping)
	<-s.done
}

func (s *sampler) run(cfg loadConfig) {
	defer close(s.done)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	measuring := time.NewTimer(time.Until(cfg.measureFrom))
	defer measuring.Stop()
	ending := time.NewTimer(time.Until(cfg.end))
	defer ending.Stop()
	for {
		select {
		case <-s.stopping:
			if s.cpuEnd == 0 {
				// The last requests ended as the window closed.
				s.cpuEnd, s.selfEnd = processCPUTime(cfg.pid), processCPUTime(os.Getpid())
			}
			return
		case <-measuring.C:
			s.cpuStart, s.selfStart = processCPUTime(cfg.pid), processCPUTime(os.Getpid())
		case <-ending.C:
			s.cpuEnd, s.selfEnd = processCPUTime(cfg.pid), processCPUTime(os.Getpid())
		case <-tick.C:
			s.sampleRSS(cfg)
		}
	}
}

// sampleRSS notes the function's resident memory, if it is a process of
// this machine.
func (s *sampler) sampleRSS(cfg loadConfig) {
	if cfg.pid == 0 {
		return
	}
	rss, _, err := memory(cfg.pid)
	if err != nil {
		return
	}
	s.maxRSS = max(s.maxRSS, rss)
	if !time.Now().Before(cfg.measureFrom) {
		s.maxRSSUnderLoad = max(s.maxRSSUnderLoad, rss)
	}
}

// setProcessFigures sets the memory and CPU figures from s, and from the
// function's process once the load has ended.
func (res *loadResult) setProcessFigures(cfg loadConfig, s *sampler, requests int64) {
	if s.selfEnd > s.selfStart && s.selfStart > 0 {
		res.HarnessCores = (s.selfEnd - s.selfStart).Seconds() / cfg.duration.Seconds()
	}
	res.RSSUnderLoad = s.maxRSSUnderLoad
	if cfg.pid == 0 {
		return
	}
	// VmHWM misses peaks the Go runtime has since returned with madvise,
	// so the largest sample counts too.
	if _, peak, err := memory(cfg.pid); err == nil {
		res.PeakRSS = max(peak, s.maxRSS)
	}
	if c0, c1 := s.cpuStart, s.cpuEnd; c0 > 0 && c1 > c0 && requests > 0 {
		res.CPUPerRequestUs = float64((c1 - c0).Microseconds()) / float64(requests)
		res.CPUCores = (c1 - c0).Seconds() / cfg.duration.Seconds()
	}
}

// setUpstreamFigures sets the connections the function opened to
// Appwrite (the emulator behind up), if it was counted.
func (res *loadResult) setUpstreamFigures(up *countingListener, connsAtStart *atomic.Int64) {
	if up == nil {
		return
	}
	res.UpstreamConns = up.accepted.Load()
	if s := connsAtStart.Load(); s >= 0 {
		res.UpstreamConnsWindow = res.UpstreamConns - s
	}
	res.UpstreamPeakOpen = up.peak.Load()
}

// collect gathers the users' latencies, in all and per route with the mix,
// and closes their idle connections.
func (res *loadResult) collect(users []*vuser, latency time.Duration) {
	var all []time.Duration
	for _, u := range users {
		all = append(all, u.latencies...)
		u.client.CloseIdleConnections()
		for route, d := range u.routeLat {
			if res.routeLat == nil {
				res.routeLat = map[string][]time.Duration{}
			}
			res.routeLat[route] = append(res.routeLat[route], d...)
		}
	}
	if res.routeLat != nil {
		res.latency = latency
		res.Routes = routeResults(res.routeLat, latency)
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	res.latencies = all
	res.setLatencies()
}

// signIn signs the user up (POST /signup, then POST /signup/verify with
// the e-mailed code when the function verifies addresses) and then in
// again (POST /login), checking both answers are the user's own.
func (u *vuser) signIn(cfg loadConfig) error {
	creds := fmt.Sprintf(`{"email":%q,"password":%q`, u.email, u.password)
	status, body, err := u.do(cfg, "POST", "/signup", creds+`,"name":"Load User"}`)
	if err != nil {
		return err
	}
	if status == http.StatusAccepted {
		status, body, err = u.verifySignUp(cfg)
		if err != nil {
			return err
		}
	}
	if status != http.StatusCreated {
		return fmt.Errorf("POST /signup: %d %.200s", status, body)
	}
	var user struct {
		ID    string `json:"$id"`
		Email string `json:"email"`
	}
	if err := json.Unmarshal(body, &user); err != nil || user.Email != u.email || user.ID == "" {
		return fmt.Errorf("POST /signup answered %.200s for %s", body, u.email)
	}
	u.id = user.ID
	status, body, err = u.do(cfg, "POST", "/login", creds+"}")
	if err == nil && status != http.StatusOK {
		err = fmt.Errorf("POST /login: %d %.200s", status, body)
	}
	if err == nil {
		err = u.checkOwn(body)
	}
	if err != nil {
		u.id = ""
	}
	return err
}

// verifySignUp completes a sign-up that answered 202 with the code the
// emulator e-mailed.
func (u *vuser) verifySignUp(cfg loadConfig) (int, []byte, error) {
	if cfg.code == nil {
		return 0, nil, fmt.Errorf("POST /signup answered 202 (a code e-mailed), and the harness cannot read %s's mail: start the target with SIGNUP_VERIFICATION=off", cfg.url)
	}
	userID, code, ok := cfg.code(u.email)
	if !ok {
		return 0, nil, fmt.Errorf("no sign-up code was e-mailed to %s", u.email)
	}
	return u.do(cfg, "POST", "/signup/verify", fmt.Sprintf(`{"userId":%q,"code":%q,"password":%q,"name":"Load User"}`, userID, code, u.password))
}

// checkOwn fails if body is not this user's account.
func (u *vuser) checkOwn(body []byte) error {
	var user struct {
		ID    string `json:"$id"`
		Email string `json:"email"`
	}
	if err := json.Unmarshal(body, &user); err != nil {
		return fmt.Errorf("%s got a body that is not a user: %.200s", u.email, body)
	}
	if user.Email != u.email || user.ID != u.id {
		return fmt.Errorf("LEAK: %s (%s) got the data of %s (%s)", u.email, u.id, user.Email, user.ID)
	}
	return nil
}

// do sends one request as the user's browser would, from the app's origin
// with the user's cookies, and keeps the cookies the answer sets.
func (u *vuser) do(cfg loadConfig, method, path, body string) (int, []byte, error) {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, cfg.url+path, r)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Origin", cfg.origin)
	req.Header.Set("User-Agent", "cmd/load")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if c := u.jar.header(); c != "" {
		req.Header.Set("Cookie", c)
	}
	resp, err := u.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return 0, nil, err
	}
	u.jar.store(resp.Header.Values("Set-Cookie"))
	return resp.StatusCode, data, nil
}

// jar is one user's cookie jar: name=value pairs as the function set
// them. It ignores Secure (the load runs over plain http on loopback, as
// browsers allow for localhost), Domain and Path (every route is on one
// origin, Path=/), and drops a cookie that is cleared.
type jar struct {
	mu      sync.Mutex
	cookies []*http.Cookie
}

func (j *jar) store(lines []string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, line := range lines {
		c, err := http.ParseSetCookie(line)
		if err != nil {
			continue
		}
		kept := j.cookies[:0]
		for _, old := range j.cookies {
			if old.Name != c.Name {
				kept = append(kept, old)
			}
		}
		j.cookies = kept
		if c.MaxAge >= 0 && c.Value != "" && (c.Expires.IsZero() || c.Expires.After(time.Now())) {
			j.cookies = append(j.cookies, c)
		}
	}
}

func (j *jar) header() string {
	j.mu.Lock()
	defer j.mu.Unlock()
	var b bytes.Buffer
	for i, c := range j.cookies {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(c.Name + "=" + c.Value)
	}
	return b.String()
}

// maxFirstErrors is how many errors a result keeps, to show.
const maxFirstErrors = 5

// errorLog keeps the first errors of a run.
type errorLog struct {
	mu   sync.Mutex
	errs []string
}

func (l *errorLog) add(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.errs) < maxFirstErrors {
		l.errs = append(l.errs, err.Error())
	}
}

func (l *errorLog) first() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.errs...)
}

// percentile returns the p-th percentile of sorted (nearest rank).
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(p/100*float64(len(sorted))+0.999999) - 1
	if rank < 0 {
		rank = 0
	}
	if rank >= len(sorted) {
		rank = len(sorted) - 1
	}
	return sorted[rank]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
