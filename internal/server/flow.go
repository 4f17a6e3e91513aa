package server

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"time"

	"openruntimes/handler/internal/apierror"
)

// flow is what a callback URL carries from the start of a browser flow
// (OAuth2, magic URL, verification) to its end: the state that binds it to
// the browser that started it, and where to send the browser afterwards.
//
// It travels as one query parameter, flow=<base64url JSON>, because
// Appwrite appends its own parameters (userId, secret, …) to the URL it is
// given, and some Appwrite versions HTML-escape an '&' already in that URL.
// Nothing in it is secret, and nothing in it is trusted: the targets are
// checked against the allowlist again at the callback, and the state only
// counts when the browser's own flow cookie holds the same value.
type flow struct {
	State    string `json:"s,omitempty"`
	Redirect string `json:"r"`
	Failure  string `json:"f,omitempty"`
}

// flowStateLifetime bounds how long a started OAuth2 flow may take; its
// state is accepted once within it.
const flowStateLifetime = 10 * time.Minute

// encode returns the flow as a query parameter value.
func (f flow) encode() string {
	b, _ := json.Marshal(f)
	return base64.RawURLEncoding.EncodeToString(b)
}

// callbackURL returns the function's URL for path carrying f.
func (d *Deps) callbackURL(path string, f flow) string {
	return d.Self + path + "?flow=" + f.encode()
}

// readFlow decodes the flow parameter of a callback and checks its targets
// again. A callback without a valid flow cannot be redirected anywhere
// safe, so it fails with a JSON error.
func (d *Deps) readFlow(r *Request) (flow, error) {
	var f flow
	raw, err := base64.RawURLEncoding.DecodeString(r.Query.Get("flow"))
	if err != nil || len(raw) > 8<<10 || json.Unmarshal(raw, &f) != nil {
		return flow{}, invalidArgument("Invalid `flow` param: this link is damaged or was not made by this function.")
	}
	if f.Redirect, err = d.Redirects.Check(f.Redirect); err != nil {
		return flow{}, err
	}
	if f.Failure == "" {
		f.Failure = f.Redirect
	} else if f.Failure, err = d.Redirects.Check(f.Failure); err != nil {
		return flow{}, err
	}
	return f, nil
}

// callbackToken returns the user ID and one-time secret Appwrite appended
// to a callback URL. When either is missing, ok is false and reply sends
// the browser to the flow's failure URL.
func callbackToken(f flow, r *Request) (userID, secret string, reply Reply, ok bool) {
	userID, secret = r.Query.Get("userId"), r.Query.Get("secret")
	if userID == "" || secret == "" {
		return "", "", Redirect(http.StatusSeeOther, withQuery(f.Failure, "error", "user_invalid_token")), false
	}
	return userID, secret, Reply{}, true
}

// flowState says which flow a callback ends: the name of its state cookie,
// which also names its spent states, and how long its state lives.
type flowState struct {
	kind     string
	lifetime time.Duration
}

// tokenSession exchanges a one-time token for a session and ends the flow
// (OAuth2, magic URL): the session cookie and a 303 to the app, or a 303
// to the failure URL with the error type. The flow's state is accepted
// once: it is spent beside the exchange, and when it had been spent
// already the new session is deleted and the flow ends with
// flow_state_used. A session that cannot read its account (its user is
// blocked, say) is deleted, not handed over; one that still needs its
// second factor is, and the app's GET /me then says so.
func tokenSession(d *Deps, r *Request, f flow, userID, secret string, state flowState) Reply {
	first := d.spendStateLater(state.kind, f.State, state.lifetime)
	old := d.lookUpReplaced()
	proof, err := exchangeToken(d, r, userID, secret, newOwner{})
	s := proof.session
	if !first() {
		if err == nil {
			d.deleteSession(s)
		}
		return stateUsed(f)
	}
	if err != nil {
		return failRedirect(f.Failure, err)
	}
	cookie, err := sessionCookie(d, s)
	if err != nil {
		return failRedirect(f.Failure, err)
	}
	ended := old.endLater(d, s)
	if _, err := newSessionAccount(d, s); err != nil && !apierror.Is(err, apierror.TypeMoreFactorsRequired) {
		if ended() {
			return failRedirect(f.Failure, err).WithCookie(d.Config.Cookie.Clear())
		}
		return failRedirect(f.Failure, err)
	}
	if proof.retired {
		// The app says "your account was reset: set a password".
		return Redirect(http.StatusSeeOther, withQuery(f.Redirect, "accountReset", "true")).WithCookie(cookie)
	}
	return Redirect(http.StatusSeeOther, f.Redirect).WithCookie(cookie)
}

// redirectTarget checks the app URL a flow should end at, or supplies the
// default one.
func (d *Deps) redirectTarget(raw string, name string) (string, error) {
	if raw == "" {
		if d.DefaultRedirect == "" {
			return "", required(name)
		}
		return d.DefaultRedirect, nil
	}
	return d.Redirects.Check(raw)
}

// newState returns a fresh random state for a flow cookie.
func newState() string { return randomToken() }

// randomToken returns 32 bytes from crypto/rand, base64url: a value
// nobody can guess.
func randomToken() string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// browserState is what a callback finds of its flow cookie in the
// browser: the one value it holds, or tossed when it holds several.
type browserState struct {
	value  string
	tossed bool
}

// readBrowserState reads the flow cookie of kind from the request. A
// browser that started the flow holds one value (a flow started again
// replaces it); two or more mean someone set a cookie of that name for
// another domain or path, such as a sibling subdomain tossing in the
// state of a flow the attacker started, and the callback refuses them.
func (d *Deps) readBrowserState(r *Request, kind string) browserState {
	values := d.Config.Cookie.ReadFlow(r.Headers, kind)
	switch len(values) {
	case 0:
		return browserState{}
	case 1:
		return browserState{value: values[0]}
	}
	return browserState{tossed: true}
}

// stateMismatch sends the browser to the flow's failure URL with
// flow_state_mismatch: the browser did not start this flow, or holds
// more than one state for it.
func stateMismatch(f flow) Reply {
	return Redirect(http.StatusSeeOther, withQuery(f.Failure, "error", apierror.TypeStateMismatch))
}

// stateMatches reports, in constant time, whether the browser's flow
// cookie holds the flow's state, and nothing else.
func stateMatches(f flow, b browserState) bool {
	if f.State == "" || b.tossed || b.value == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(b.value), []byte(f.State)) == 1
}

// withQuery returns target with one more query parameter. target has been
// checked by the redirect validator, so it parses.
func withQuery(target, key, value string) string {
	u, err := url.Parse(target)
	if err != nil {
		return target
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}

// failRedirect sends the browser to the flow's failure URL with the error
// type: the app shows the message, and no detail or secret travels in the
// URL.
func failRedirect(target string, err error) Reply {
	reply := Redirect(http.StatusSeeOther, withQuery(target, "error", apierror.From(err).Type))
	reply.Err = err
	return reply
}
