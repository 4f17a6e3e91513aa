package server

import (
	"net/http"
	"time"

	"openruntimes/handler/internal/apierror"
	"openruntimes/handler/internal/upstream"

	"github.com/appwrite/sdk-for-go/account"
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
	return showConfirmPage(d, r, f, userID, secret, magicURLConfirmPage)
}

// magicURLConfirmPage is the magic link's confirmation page.
var magicURLConfirmPage = confirmTexts{
	Action:   "/magic-url/confirm",
	Title:    "Confirm sign-in",
	Heading:  "Continue signing in?",
	Question: "Sign in as",
	Context:  "This sign-in link was opened in a different browser from the one that asked for it, or a while after.",
	Warning:  "Only continue if you asked for this link yourself.",
	Risk:     "Someone who sends you a link they asked for could sign you into their account.",
	Button:   "Sign in",
	Note:     "If you did not ask for this link, close this page: nothing happens unless you press the button.",
}

// confirmMagicURL serves POST /magic-url/confirm, the button of the
// confirmation page (see readConfirmForm): it signs the browser in.
func confirmMagicURL(d *Deps, r *Request) Reply {
	f, userID, secret, reply, ok := readConfirmForm(d, r)
	if !ok {
		return reply
	}
	// A confirmed link spends its state too: the browser that asked for
	// it cannot have it replayed with other credentials later.
	return tokenSession(d, r, f, userID, secret, magicURLState)
}
