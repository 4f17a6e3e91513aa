package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"openruntimes/handler/internal/apierror"
	"openruntimes/handler/internal/upstream"
	"openruntimes/handler/session"

	"github.com/appwrite/sdk-for-go/account"
	"github.com/appwrite/sdk-for-go/users"
)

const (
	magicURLCallbackPath = "/magic-url/callback"
	magicURLFlowCookie   = "magic"
	// magicURLStateLifetime is how long the browser that asked for a link
	// is recognised when the link is opened: long enough to open one's
	// mail and click, shorter than the token's hour. A link opened later,
	// or elsewhere, asks for a confirmation first.
	magicURLStateLifetime = 15 * time.Minute
)

// magicURLState is the magic-link flow's state.
var magicURLState = flowState{kind: magicURLFlowCookie, lifetime: magicURLStateLifetime}

// startMagicURL serves POST /magic-url {email, redirect?}: Appwrite e-mails
// the user a link to GET /magic-url/callback. It answers 202 {} whatever
// the e-mail, so the answer tells nobody whether an account exists. The
// response sets a flow cookie (for magicURLStateLifetime) so that the
// link, opened in this same browser, signs in at once.
func startMagicURL(d *Deps, r *Request) Reply {
	email, redirect, err := readEmailBody(d, r, true)
	if err != nil {
		return Fail(err)
	}
	if err := d.sendingMail(budgetMagicURLMail, email); err != nil {
		return Fail(err)
	}
	f := flow{State: newState(), Redirect: redirect}
	admin := d.admin(r)
	_, err = account.New(admin).CreateMagicURLToken("unique()", email,
		account.New(admin).WithCreateMagicURLTokenUrl(d.callbackURL(magicURLCallbackPath, f)))
	if err = hideAccountErrors(upstream.AdminError(err)); err != nil {
		return Fail(err)
	}
	cookie := d.Config.Cookie.FlowCookie(magicURLFlowCookie, magicURLCallbackPath, f.State, magicURLStateLifetime)
	return JSON(http.StatusAccepted, struct{}{}).WithCookie(cookie)
}

// hideAccountErrors drops the errors that would tell a caller whether an
// e-mail has an account (or is tied to an OAuth identity), so flows that
// send e-mail answer the same either way. Other errors (a malformed
// e-mail, SMTP off, Appwrite down) are kept.
func hideAccountErrors(err error) error {
	for _, typ := range []string{"user_not_found", "user_email_already_exists", "general_bad_request", "user_blocked", "user_count_exceeded"} {
		if apierror.Is(err, typ) {
			return nil
		}
	}
	return err
}

// openMagicURL serves GET /magic-url/callback?flow=…&userId=…&secret=…,
// the link from the e-mail. Opened in the browser that asked for it (its
// flow cookie matches) it exchanges the token for a session and sends the
// browser to the app with 303. Opened anywhere else it signs nobody in
// silently: it shows a page whose button POSTs to /magic-url/confirm. That
// stops an attacker from signing a victim into the attacker's account by
// sending them the attacker's own link. The page is the same whatever the
// link holds, so it tells nobody whether a user or a token exists. A
// browser holding two values of the flow cookie (one tossed in by another
// host) is neither signed in nor shown the page: it goes to the failure
// URL with flow_state_mismatch.
func openMagicURL(d *Deps, r *Request) Reply {
	f, err := d.readFlow(r)
	if err != nil {
		return Fail(err)
	}
	userID, secret, reply, ok := callbackToken(f, r)
	if !ok {
		return reply
	}
	switch state := d.readBrowserState(r, magicURLFlowCookie); {
	case state.tossed:
		return stateMismatch(f)
	case stateMatches(f, state):
		return tokenSession(d, r, f, userID, secret, magicURLState)
	}
	// Each view reads the account the link names, for anyone who makes
	// up a link: it counts on the address's budget, as a sign-in does.
	if _, err := d.attempt(budgetConfirmPage, ""); err != nil {
		return failRedirect(f.Failure, err)
	}
	page, err := renderConfirmPage(confirmPage{
		Action:  d.Self + "/magic-url/confirm",
		Flow:    r.Query.Get("flow"),
		UserID:  userID,
		Secret:  secret,
		Account: accountHint(d, r, userID),
	})
	if err != nil {
		return Fail(err)
	}
	return Reply{Status: http.StatusOK, HTML: page, Private: true, Header: map[string]string{
		"content-security-policy": confirmPageCSP(f),
		"referrer-policy":         confirmPageReferrerPolicy,
	}}
}

// confirmPageReferrerPolicy replaces the no-referrer policy of every other
// response on the confirmation page. Under no-referrer browsers send
// "Origin: null" with a page's form posts (the Fetch standard serializes
// the origin as null for that policy), so the page's own button was
// refused by fromOwnPage. Under same-origin the post to the function
// carries the function's origin, and no other origin ever gets the page's
// URL, which holds the token's secret: the 303 to the app carries no
// Referer.
const confirmPageReferrerPolicy = "same-origin"

// confirmMagicURL serves POST /magic-url/confirm, the button of the
// confirmation page: a form post (the one route that takes one), accepted
// only from the function's own page (Origin or Sec-Fetch-Site).
func confirmMagicURL(d *Deps, r *Request) Reply {
	if !fromOwnPage(d, r) {
		return Fail(errOriginRejected)
	}
	if ct := r.Headers["content-type"]; !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		return Fail(errFormContentType)
	}
	if len(r.Body) > MaxBodyBytes {
		return Fail(errBodyTooLarge)
	}
	form, err := url.ParseQuery(string(r.Body))
	if err != nil {
		return Fail(invalidArgument("The form is malformed."))
	}
	q := url.Values{"flow": {form.Get("flow")}}
	f, err := d.readFlow(&Request{Query: q})
	if err != nil {
		return Fail(err)
	}
	userID, secret := form.Get("userId"), form.Get("secret")
	if userID == "" || secret == "" {
		return Redirect(http.StatusSeeOther, withQuery(f.Failure, "error", "user_invalid_token"))
	}
	// A confirmed link spends its state too: the browser that asked for
	// it cannot have it replayed with other credentials later.
	return tokenSession(d, r, f, userID, secret, magicURLState)
}

// fromOwnPage reports whether a form post comes from one of the function's
// own pages: its Origin is the function's, or, without Origin, the browser
// says it is same-origin.
func fromOwnPage(d *Deps, r *Request) bool {
	if origin, ok := r.Headers["origin"]; ok {
		return origin == d.Self
	}
	return r.Headers["sec-fetch-site"] == "same-origin"
}

// confirmPage is what the magic-link confirmation page shows and posts.
type confirmPage struct {
	Action, Flow, UserID, Secret string
	// Account names the account the link signs into, masked
	// (a***@example.com), so whoever opens it sees whose it is.
	Account string
}

// accountHint returns the masked e-mail address of the user a link signs
// into, read with the admin client. A link whose user does not exist,
// has no address or cannot be read gets a made-up address of the same
// shape, the same on every view (see decoys): the page does not tell an
// ID of no account from an account's, and the link fails when confirmed.
func accountHint(d *Deps, r *Request, userID string) string {
	if session.ValidID(userID) {
		if u, err := users.New(d.admin(r)).Get(userID); err == nil && u.Email != "" {
			return maskEmail(u.Email)
		}
	}
	return d.Decoys.mask(userID)
}

// maskEmail shows the first character of an address's local part and its
// domain: ada@example.com becomes a***@example.com.
func maskEmail(email string) string {
	local, domain, ok := strings.Cut(email, "@")
	if !ok || local == "" || domain == "" {
		return "***@***"
	}
	first, _ := utf8.DecodeRuneInString(local)
	return string(first) + "***@" + domain
}

const confirmPageStyle = `body{font:16px/1.5 system-ui,sans-serif;background:#f4f5f7;color:#1d2433;display:grid;place-items:center;min-height:100vh;margin:0}` +
	`main{background:#fff;padding:2rem 2.5rem;border-radius:12px;box-shadow:0 4px 24px rgba(0,0,0,.08);max-width:26rem}` +
	`h1{font-size:1.25rem;margin:0 0 .5rem}button{font:inherit;background:#fd366e;color:#fff;border:0;border-radius:8px;padding:.6rem 1.2rem;cursor:pointer}` +
	`p.note{color:#5b6478;font-size:.875rem}`

// confirmPageCSP lets the page do nothing but show its own style and post
// its form to the function. Browsers apply form-action to the redirects
// that follow a form's submission too, so it also lists the origins of the
// flow's targets (checked against the allowlist by readFlow): with 'self'
// alone the function's 303 to the app was blocked and the button appeared
// to do nothing.
func confirmPageCSP(f flow) string {
	formAction := "'self'"
	seen := map[string]bool{}
	for _, target := range []string{f.Redirect, f.Failure} {
		if o := cspOrigin(target); o != "" && !seen[o] {
			seen[o] = true
			formAction += " " + o
		}
	}
	return "default-src 'none'; style-src 'sha256-" + confirmPageStyleHash + "'; form-action " + formAction +
		"; frame-ancestors 'none'; base-uri 'none'"
}

var confirmPageStyleHash = styleHash(confirmPageStyle)

// cspOrigin returns the origin of an http(s) URL as a CSP source
// expression, or "" if it has none or holds a character a source
// expression cannot.
func cspOrigin(target string) string {
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return ""
	}
	for _, c := range u.Host {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune(".-:[]", c)) {
			return ""
		}
	}
	return u.Scheme + "://" + u.Host
}

func styleHash(style string) string {
	sum := sha256.Sum256([]byte(style))
	return base64.StdEncoding.EncodeToString(sum[:])
}

var confirmPageTemplate = template.Must(template.New("confirm").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="{{.ReferrerPolicy}}"><title>Confirm sign-in</title><style>{{.Style}}</style></head>
<body><main>
<h1>Continue signing in?</h1>
<p>Sign in as <strong id="account">{{.Page.Account}}</strong>?</p>
<p>This sign-in link was opened in a different browser from the one that asked for it, or a while after.</p>
<p><strong>Only continue if you asked for this link yourself.</strong> Someone who sends you a link they asked for could sign you into their account.</p>
<form method="post" action="{{.Page.Action}}">
<input type="hidden" name="flow" value="{{.Page.Flow}}">
<input type="hidden" name="userId" value="{{.Page.UserID}}">
<input type="hidden" name="secret" value="{{.Page.Secret}}">
<button type="submit" id="confirm">Sign in</button>
</form>
<p class="note">If you did not ask for this link, close this page: nothing happens unless you press the button.</p>
</main></body></html>
`))

func renderConfirmPage(p confirmPage) ([]byte, error) {
	var buf bytes.Buffer
	err := confirmPageTemplate.Execute(&buf, struct {
		Style          template.CSS
		ReferrerPolicy string
		Page           confirmPage
	}{template.CSS(confirmPageStyle), confirmPageReferrerPolicy, p})
	return buf.Bytes(), err
}
