package appwritetest

import (
	"strings"
)

// rateLimit is a route's abuse-limit, abuse-time and abuse-key labels:
// limit requests per fixed window of seconds, counted per expanded key.
type rateLimit struct {
	limit      int
	seconds    int64
	keys       []string // templates such as "url:{url},email:{param-email}"
	resetOn201 bool     // abuse-reset: a 201 clears the counters
}

// limitWindow counts the requests of one key in one fixed window.
type limitWindow struct {
	start int64
	count int
}

// checkRateLimit applies the route's limits as utopia-php/abuse does:
// windows aligned to multiples of the period, X-RateLimit-* headers for the
// key closest to its limit (sent to every caller), and 429
// general_rate_limit_exceeded for callers without an API key once a key has
// had limit requests in the window.
func (e *Emulator) checkRateLimit(q *request) *apiError {
	rl := e.limitFor(q.rt)
	if rl.limit == 0 {
		return nil
	}
	start := q.now.Unix() - q.now.Unix()%rl.seconds
	closest := -1
	for _, tmpl := range rl.keys {
		key := q.rt.path + "|" + e.expandLimitKey(q, tmpl)
		q.limitKeys = append(q.limitKeys, key)
		w := e.limits[key]
		if w == nil || w.start != start {
			w = &limitWindow{start: start}
			e.limits[key] = w
		}
		remaining := rl.limit - (w.count + 1)
		if remaining < 0 {
			remaining = 0
		}
		if closest < 0 || remaining < closest {
			closest = remaining
			q.extra.Set("X-RateLimit-Limit", itoa(int64(rl.limit)))
			q.extra.Set("X-RateLimit-Remaining", itoa(int64(remaining)))
			q.extra.Set("X-RateLimit-Reset", itoa(start+rl.seconds))
		}
		if !e.cfg.rateLimits || q.caller.isApp() {
			continue
		}
		if w.count >= rl.limit {
			return newError("general_rate_limit_exceeded")
		}
		w.count++
	}
	return nil
}

// resetRateLimit clears the counters this request used (abuse-reset).
func (e *Emulator) resetRateLimit(q *request) {
	for _, key := range q.limitKeys {
		delete(e.limits, key)
	}
}

// expandLimitKey fills a key template's placeholders: {url} (hostname and
// route path), {ip}, {method}, {userId} and {param-<name>}. A param that is empty
// leaves its placeholder as it is, as Appwrite does.
func (e *Emulator) expandLimitKey(q *request, tmpl string) string {
	out := strings.NewReplacer(
		"{url}", q.hostname+q.rt.path,
		"{ip}", q.ip,
		"{method}", q.r.Method,
		"{userId}", q.caller.userID(),
	).Replace(tmpl)
	var b strings.Builder
	for {
		i := strings.Index(out, "{param-")
		if i < 0 {
			b.WriteString(out)
			return b.String()
		}
		j := strings.Index(out[i:], "}")
		if j < 0 {
			b.WriteString(out)
			return b.String()
		}
		b.WriteString(out[:i])
		placeholder := out[i : i+j+1]
		if v := abuseValue(q.params[placeholder[len("{param-"):len(placeholder)-1]]); v != "" {
			b.WriteString(v)
		} else {
			b.WriteString(placeholder)
		}
		out = out[i+j+1:]
	}
}
