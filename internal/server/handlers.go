package server

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/appwrite/sdk-for-go/client"

	"openruntimes/handler/internal/apierror"
	"openruntimes/handler/internal/parallel"
	"openruntimes/handler/internal/upstream"
	"openruntimes/handler/security/ratelimit"
	"openruntimes/handler/session"
)

// Request is one execution's request as the runtime hands it over, plus
// the path parameters the route table matched.
type Request struct {
	Method string
	// Path is the URL path, such as /sessions/abc.
	Path string
	// Params holds path parameters by name, such as "provider".
	Params map[string]string
	Query  url.Values
	// Headers are lower-cased, first value only, as the runtime gives them.
	Headers map[string]string
	Body    []byte
	// Scheme, Host and Port are where the browser sent the request.
	Scheme string
	Host   string
	Port   int
}

// Shared is what every execution of the function uses alike: built once,
// with the configuration, and never written after.
type Shared struct {
	// Now is the clock.
	Now func() time.Time
	// Info describes the running function for /health.
	Info Info
	// Redirects checks every redirect target against the allowlist.
	Redirects RedirectChecker
	// DefaultRedirect is where flows end when the app names no target.
	DefaultRedirect string
	// Sessions remembers the sessions this instance created, so that
	// sign-out can end one without looking it up first. Nil means none.
	Sessions *session.Index
	// Decoys make the stand-ins for accounts that do not exist (see
	// decoys).
	Decoys decoys
	// InstantSignUp is SIGNUP_VERIFICATION=off: POST /signup makes the
	// account and signs it in at once; else it e-mails a code and POST
	// /signup/verify completes it.
	InstantSignUp bool
}

// Deps is what a handler needs besides the request: what the function
// shares between executions (Shared), and what this execution brings.
// Main builds one per execution.
type Deps struct {
	*Shared

	// Config is this execution's configuration, API key included.
	Config *session.Config
	// Self is the function's public base URL (scheme, host and port, no
	// trailing slash): PUBLIC_URL, or else where the request was sent.
	// Callback URLs handed to Appwrite start with it.
	Self string
	// Limiter applies the brute-force limits, with this execution's API
	// key when its store is Appwrite's; nil means none.
	Limiter Limiter
	// ClientIP is the browser's address as Appwrite reports it.
	ClientIP string
	// Secret is the session secret the request's cookie holds, read once
	// by Main; "" when there is none.
	Secret string
	// Note records, for the request's log line, a problem the request got
	// past. Nil means nobody listens. It may be called from the request's
	// background work, so it must be safe for concurrent use.
	Note func(string)

	// budgets are the limiter budgets the route declares in the route
	// table; attempt refuses any other.
	budgets []budget

	// background is the request's work that runs beside its own calls
	// to Appwrite (see later); Main waits for it before answering, and a
	// panic of it is raised there.
	background parallel.Group
}

// later runs f beside the handler's own work, in the background; Main
// waits for it before it answers (see Wait). Work after an attempt's
// outcome, such as the limiter's bookkeeping, so costs no round trip of
// its own.
func (d *Deps) later(f func()) { d.background.Go(f) }

// Wait waits for the request's background work. Main calls it once the
// handler has returned, before it answers. A panic of the background work
// is raised again here.
func (d *Deps) Wait() { d.background.Wait() }

// RedirectChecker validates a redirect target and returns it in the form
// safe to put in a Location header.
type RedirectChecker interface {
	Check(raw string) (string, error)
}

// Limiter limits attempts on sensitive routes per client IP and account.
type Limiter interface {
	// Allow is called before an attempt and refuses it when a budget is
	// spent, the extras' included.
	Allow(ctx context.Context, a ratelimit.Attempt) error
	// Succeeded records an attempt's success; a failure needs no call,
	// Allow counted it.
	Succeeded(ctx context.Context, a ratelimit.Attempt) error
	// EndTrust ends the trust of every address in account.
	EndTrust(ctx context.Context, account string) error
	// Remember records that something of kind happened to value, for
	// window; Remembered tells how long ago, within window.
	Remember(ctx context.Context, kind, value string, window time.Duration) error
	Remembered(ctx context.Context, kind, value string, window time.Duration) (ago time.Duration, ok bool, err error)
	// Spend records one use of a single-use value (a flow's state) and
	// reports whether it was the first.
	Spend(ctx context.Context, kind, value string, window time.Duration) (first bool, err error)
	// Concurrent reports whether the limiter's calls go over the network,
	// so that running them beside the route's own calls saves round
	// trips.
	Concurrent() bool
}

// Info describes the running function.
type Info struct {
	Version string
	Started time.Time
}

// Handler serves one route: it reads the request and its dependencies and
// returns a reply, which Main turns into the runtime's response.
type Handler func(d *Deps, r *Request) Reply

// sessionSecret returns the request's session secret, and whether it has
// one.
func (d *Deps) sessionSecret() (string, bool) {
	return d.Secret, d.Secret != ""
}

// admin returns a new admin client for this request.
func (d *Deps) admin(r *Request) client.Client {
	return upstream.NewAdminClient(d.Config, r.Headers["user-agent"])
}

// user returns a new session client acting with secret.
func (d *Deps) user(secret string) client.Client {
	return upstream.NewSessionClient(d.Config, secret)
}

// attempt asks the limiter whether one more sign-in attempt on budget b
// for account (an e-mail or a user ID) may go ahead, and returns the
// function to call when it succeeds (a failure needs no call: Allow
// counted it). Without a limiter every attempt may go ahead. When
// the limiter's store cannot be reached the attempt goes ahead too (the
// limits fail open, so an outage of the store does not stop every
// sign-in) and the log line says so.
//
// It panics when the route's line in the route table does not declare b:
// the table says which budgets each route spends, and tests exercise
// every attempt.
func (d *Deps) attempt(b budget, account string, extras ...ratelimit.Extra) (succeeded func(), err error) {
	return d.count(ratelimit.Attempt{Route: string(b), Credential: b.credential(), IP: d.ClientIP, Account: account, Extras: extras})
}

// sessionCheck is attempt for a check made with the request's session
// (the password re-entered, a proof of ownership): no trusted address is
// spared a budget for it (ratelimit.Attempt.WithSession). account is the
// one the credential's sign-in counts on: the e-mail for a password (see
// passwordAccount), the user ID for codes.
func (d *Deps) sessionCheck(b budget, account string, extras ...ratelimit.Extra) (succeeded func(), err error) {
	return d.count(ratelimit.Attempt{Route: string(b), Credential: b.credential(), IP: d.ClientIP, Account: account, Extras: extras, WithSession: true})
}

// count is attempt and sessionCheck: a is on the budget a.Route names.
func (d *Deps) count(a ratelimit.Attempt) (succeeded func(), err error) {
	b := budget(a.Route)
	if !slices.Contains(d.budgets, b) {
		panic("server: a route counts attempts against budget " + string(b) + ", which its line in the route table does not declare")
	}
	if d.Limiter == nil {
		return func() {}, nil
	}
	ctx := context.Background()
	if err := d.Limiter.Allow(ctx, a); err != nil {
		var limited *ratelimit.RateLimitError
		if errors.As(err, &limited) && limited.Scope == ratelimit.ScopeCodeUsed {
			return nil, errCodeUsed
		}
		var storeErr *ratelimit.StoreError
		if !errors.As(err, &storeErr) {
			return nil, err
		}
		d.note("rate limit store: " + storeErr.Error())
	}
	record := func() {
		if err := d.Limiter.Succeeded(ctx, a); err != nil {
			d.note("rate limit store: " + err.Error())
		}
	}
	if d.Limiter.Concurrent() {
		// The success's bookkeeping goes to Appwrite: it runs beside the
		// route's remaining calls rather than after them. (It must not
		// be the result variable: a closure that hands itself to later
		// would spawn itself forever, and Wait would never return.)
		return func() { d.later(record) }, nil
	}
	return record, nil
}

// endTrust tells the limiter that no address is trusted any longer for
// accounts (the e-mail and the user ID of one user, since password
// checks count on the one and codes on the other): at a take-back
// (retire), a password reset and a password change, whoever had proven
// a credential of the account before meets its budgets again. With a
// store over the network it runs beside the request's remaining calls;
// a success the request records after them still trusts its address. A
// failure is noted in the log line.
func (d *Deps) endTrust(accounts ...string) {
	if d.Limiter == nil {
		return
	}
	for _, account := range accounts {
		end := func() {
			if err := d.Limiter.EndTrust(context.Background(), account); err != nil {
				d.note("rate limit store: " + err.Error())
			}
		}
		if d.Limiter.Concurrent() {
			d.later(end)
		} else {
			end()
		}
	}
}

// Budgets of one-time codes, beside the limiter's Policy.
const (
	// maxCodesSent is how many e-mail codes one address may be sent while
	// they are valid (codeLifetime): each live code is one more winning
	// value for every guess, so an attacker must not be able to have
	// dozens issued at once.
	maxCodesSent = 3
	// codeLifetime is how long Appwrite's e-mail codes are valid.
	codeLifetime = 15 * time.Minute
	// maxGuessesPerDay is a long ceiling on guesses at one account's codes
	// (e-mail sign-in and MFA), on top of the limiter's windows: a slow
	// guesser spread over many addresses and windows gets this many a day.
	maxGuessesPerDay = 100
)

// totpStep is how long an authenticator's code is valid: Appwrite takes
// the code of the current 30-second step only.
const totpStep = 30 * time.Second

// codeUsedOnce is the extra budget that lets a code of account (a user
// ID) be tried once while it can be valid: for the rest of its
// authenticator step, at now, and one step more, for clocks that differ
// from Appwrite's. An authenticator's code is no single-use token at
// Appwrite (a step's code completes any number of challenges), so
// without it a code seen over the owner's shoulder, or relayed by a
// phishing page, completes the attacker's sign-in too. A code that
// failed is refused again as well; it was wrong, or its challenge was.
// Counted in the limiter's store, the rule holds across every instance
// that shares it.
func codeUsedOnce(account, code string, now time.Time) ratelimit.Extra {
	step := int64(totpStep / time.Second)
	end := time.Unix((now.Unix()/step+1)*step, 0)
	return ratelimit.Extra{Scope: ratelimit.ScopeCodeUsed, Key: account + "\x00" + code, Limit: 1,
		Window: end.Sub(now) + totpStep}
}

// errCodeUsed answers a code tried a second time while it is valid (see
// codeUsedOnce).
var errCodeUsed = apierror.New(apierror.TypeInvalidToken,
	"This code has been used already: wait for the next one.")

// codeGuesses is the extra budget of a guess at a code of account (a
// user ID): the day's ceiling, which the account's trusted addresses are
// exempt from.
func codeGuesses(account string) ratelimit.Extra {
	return ratelimit.Extra{Scope: ratelimit.ScopeGuessesPerDay, Key: account, Limit: maxGuessesPerDay,
		Window: 24 * time.Hour, TrustExempt: true}
}

// spendStateLater records the use of a flow's state, beside the caller's
// own calls when the limiter's store is remote, and returns the function
// that reports whether it was the first: a state is accepted once, across
// every instance that shares the limiter's store, for the state's
// lifetime. Without a limiter or a state, or when the store fails (noted
// in the log line), every use is accepted.
func (d *Deps) spendStateLater(kind, state string, lifetime time.Duration) (first func() bool) {
	if d.Limiter == nil || state == "" {
		return func() bool { return true }
	}
	spend := func() bool {
		first, err := d.Limiter.Spend(context.Background(), kind, state, lifetime)
		if err != nil {
			d.note("rate limit store: " + err.Error())
		}
		return first
	}
	if !d.Limiter.Concurrent() {
		ok := spend()
		return func() bool { return ok }
	}
	return parallel.Later(&d.background, spend)
}

// MailAccount is the account the limiter counts the e-mails sent to an
// address on: beside the address's own budgets, so that asking for mail
// cannot spend the budget of signing in.
func MailAccount(email string) string { return "mail:" + email }

// sendingMail counts one e-mail that route is about to make Appwrite send
// to email, and refuses it when the address's budget is spent: it bounds
// how many messages anyone can have sent to one inbox. Messages have
// budgets of their own (MailAccount), because anyone can ask for
// e-mails to any address: sharing the sign-in budget would let them lock
// the owner out of signing in.
func (d *Deps) sendingMail(b budget, email string, extras ...ratelimit.Extra) error {
	// Allow counts the message; nothing is recorded after it.
	_, err := d.attempt(b, MailAccount(email), extras...)
	return err
}

// readEmailBody decodes the body of a route that e-mails a link or a code:
// {email} and, when withRedirect, an optional app URL the link ends at
// (checked against the allowlist, or the default one).
func readEmailBody(d *Deps, r *Request, withRedirect bool) (email, redirect string, err error) {
	var body struct {
		Email    *string `json:"email"`
		Redirect *string `json:"redirect"`
	}
	if err := DecodeBody(r, &body); err != nil {
		return "", "", err
	}
	switch {
	case body.Email == nil || strings.TrimSpace(*body.Email) == "":
		return "", "", required("email")
	case body.Redirect != nil && !withRedirect:
		return "", "", invalidArgument("Unknown param `redirect`.")
	case withRedirect:
		raw := ""
		if body.Redirect != nil {
			raw = *body.Redirect
		}
		if redirect, err = d.redirectTarget(raw, "redirect"); err != nil {
			return "", "", err
		}
	}
	return NormalizeEmail(*body.Email), redirect, nil
}

func (d *Deps) note(msg string) {
	if d.Note != nil {
		d.Note(msg)
	}
}
