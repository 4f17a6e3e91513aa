package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"openruntimes/handler/session"

	"github.com/appwrite/sdk-for-go/users"
)

// The confirmation page: what a link from an e-mail (a magic link, a
// verification link) shows when it is opened anywhere but in the browser
// that asked for it, so that opening it changes nothing. It names the
// account the link acts on, masked, and its one button posts the link's
// token back to the function, from the function's own page only.

// showConfirmPage answers a link opened elsewhere with the confirmation
// page of texts, whose form carries the flow, userID and secret. Each
// view reads the account the link names, for anyone who makes up a link:
// it counts on the client address's budget, as a sign-in does (the
// route must declare budgetConfirmPage), and past it the browser goes to
// the flow's failure URL with rate_limit_exceeded.
func showConfirmPage(d *Deps, r *Request, f flow, userID, secret string, texts confirmTexts) Reply {
	if _, err := d.attempt(budgetConfirmPage, ""); err != nil {
		return failRedirect(f.Failure, err)
	}
	page, err := renderConfirmPage(confirmPage{
		Action:  d.Self + texts.Action,
		Flow:    r.Query.Get("flow"),
		UserID:  userID,
		Secret:  secret,
		Account: accountHint(d, r, userID),
		Texts:   texts,
	})
	if err != nil {
		return Fail(err)
	}
	return Reply{Status: http.StatusOK, HTML: page, Private: true, Header: map[string]string{
		"content-security-policy": confirmPageCSP(f),
		"referrer-policy":         confirmPageReferrerPolicy,
	}}
}

// readConfirmForm reads the post of a confirmation page's button: a form
// post (the only routes that take one), accepted only from the
// function's own page (Origin or Sec-Fetch-Site). It returns the flow
// and the link's token; when ok is false, reply is the answer: a JSON
// error, or, once the flow is known, the failure URL.
func readConfirmForm(d *Deps, r *Request) (f flow, userID, secret string, reply Reply, ok bool) {
	if !fromOwnPage(d, r) {
		return flow{}, "", "", Fail(errOriginRejected), false
	}
	if ct := r.Headers["content-type"]; !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		return flow{}, "", "", Fail(errFormContentType), false
	}
	if len(r.Body) > MaxBodyBytes {
		return flow{}, "", "", Fail(errBodyTooLarge), false
	}
	form, err := url.ParseQuery(string(r.Body))
	if err != nil {
		return flow{}, "", "", Fail(invalidArgument("The form is malformed.")), false
	}
	f, err = d.readFlow(&Request{Query: url.Values{"flow": {form.Get("flow")}}})
	if err != nil {
		return flow{}, "", "", Fail(err), false
	}
	userID, secret = form.Get("userId"), form.Get("secret")
	if userID == "" || secret == "" {
		return f, "", "", Redirect(http.StatusSeeOther, withQuery(f.Failure, "error", "user_invalid_token")), false
	}
	return f, userID, secret, Reply{}, true
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

// fromOwnPage reports whether a form post comes from one of the function's
// own pages: its Origin is the function's, or, without Origin, the browser
// says it is same-origin.
func fromOwnPage(d *Deps, r *Request) bool {
	if origin, ok := r.Headers["origin"]; ok {
		return origin == d.Self
	}
	return r.Headers["sec-fetch-site"] == "same-origin"
}

// confirmPage is what a confirmation page shows and posts.
type confirmPage struct {
	Action, Flow, UserID, Secret string
	// Account names the account the link acts on, masked
	// (a***@example.com), so whoever opens it sees whose it is.
	Account string
	Texts   confirmTexts
}

// confirmTexts are the words of one flow's confirmation page; Action is
// the path its form posts to.
type confirmTexts struct {
	Action, Title, Heading, Question, Context, Warning, Risk, Button, Note string
}

// accountHint returns the masked e-mail address of the user a link acts
// on, read with the admin client. A link whose user does not exist,
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
<meta name="referrer" content="{{.ReferrerPolicy}}"><title>{{.Page.Texts.Title}}</title><style>{{.Style}}</style></head>
<body><main>
<h1>{{.Page.Texts.Heading}}</h1>
<p>{{.Page.Texts.Question}} <strong id="account">{{.Page.Account}}</strong>?</p>
<p>{{.Page.Texts.Context}}</p>
<p><strong>{{.Page.Texts.Warning}}</strong> {{.Page.Texts.Risk}}</p>
<form method="post" action="{{.Page.Action}}">
<input type="hidden" name="flow" value="{{.Page.Flow}}">
<input type="hidden" name="userId" value="{{.Page.UserID}}">
<input type="hidden" name="secret" value="{{.Page.Secret}}">
<button type="submit" id="confirm">{{.Page.Texts.Button}}</button>
</form>
<p class="note">{{.Page.Texts.Note}}</p>
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
