package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"time"
)

// coldResult is the cold start of one kind of function over several runs.
//
// A run starts a fresh process of the function, pointed at an emulator
// that already holds a signed-in user, and times from just before the
// process is started (fork and exec included) until the answer to that
// user's first GET /me has been read in full and checked to be the
// user's. Nothing is cached between runs but the binary in the page cache:
// the process, its connection to Appwrite and the function's parsed
// configuration are all new.
type coldResult struct {
	Target string `json:"target"`
	Runs   int    `json:"runs"`
	// TotalMs are the runs' times to the first /me, sorted.
	TotalMs []float64 `json:"totalMs"`
	// ReadyMs are the times until the process said it was listening, and
	// FirstMs the times of the first request alone, in run order.
	ReadyMs []float64 `json:"readyMs"`
	FirstMs []float64 `json:"firstMeMs"`
	// IdleRSS is the process's VmHWM after its first request, in bytes
	// (the largest seen over the runs).
	IdleRSS int64 `json:"idleRssBytes"`
}

func (c coldResult) median() float64 { return medianOf(c.TotalMs) }

func medianOf(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}

// coldStart measures runs cold starts of l against up.
func coldStart(l launcher, up *upstream, runs int, origin string) (coldResult, error) {
	res := coldResult{Target: l.name, Runs: runs}
	endpoint, _, err := up.listen()
	if err != nil {
		return res, err
	}
	email := "cold-" + l.name + "-" + randomHex(4) + "@load.example.com"
	secret, err := up.session(email, "cold-start-password")
	if err != nil {
		return res, err
	}
	cookie := "a_session_" + up.emu.ProjectID() + "=" + secret
	u := &vuser{email: email, jar: &jar{}}
	for i := 0; i < runs; i++ {
		// A new client each run: no connection survives from the last.
		u.client = &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
		u.jar.cookies = nil
		u.jar.store([]string{cookie})
		p, err := l.start(endpoint, up.emu.ProjectID(), up.emu.APIKey(), origin)
		if err != nil {
			return res, err
		}
		status, body, err := u.do(loadConfig{url: p.url, origin: origin}, "GET", "/me", "")
		done := time.Now()
		if err == nil && status != http.StatusOK {
			err = fmt.Errorf("first GET /me: %d %.200s", status, body)
		}
		if err == nil {
			var user struct {
				Email string `json:"email"`
			}
			if jsonErr := json.Unmarshal(body, &user); jsonErr != nil || user.Email != email {
				err = fmt.Errorf("first GET /me answered %.200s", body)
			}
		}
		if _, peak, memErr := memory(p.pid()); memErr == nil && peak > res.IdleRSS {
			res.IdleRSS = peak
		}
		p.kill()
		if err != nil {
			return res, fmt.Errorf("%s cold start: %v\n%s", l.name, err, p.stderr)
		}
		res.TotalMs = append(res.TotalMs, ms(done.Sub(p.started)))
		res.ReadyMs = append(res.ReadyMs, ms(p.ready.Sub(p.started)))
		res.FirstMs = append(res.FirstMs, ms(done.Sub(p.ready)))
		u.client.CloseIdleConnections()
	}
	sort.Float64s(res.TotalMs)
	return res, nil
}
