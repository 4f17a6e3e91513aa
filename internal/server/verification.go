package server

import (
	"net/http"
	"time"

	"openruntimes/handler/internal/upstream"

	"github.com/appwrite/sdk-for-go/account"
)

const (
	verificationCallbackPath = "/verification/callback"
	verificationFlowCookie   = "verify"
	// verificationStateLifetime is how long the browser that asked for a
	// verification e-mail is recognised when its link is opened, as for
	// a magic link; a link opened later, or elsewhere, asks first.
	verificationStateLifetime = 15 * time.Minute
)

// startVerification serves POST /verification {redirect?} for a signed-in
// user: Appwrite e-mails a link to GET /verification/callback, and the
// answer is 202 {}. It sets a flow cookie so that the link, opened in this
// same browser, verifies the address at once.
func startVerification(d *Deps, r *Request) Reply {
	var body struct {
		Redirect string `json:"redirect"`
	}
	if err := DecodeBody(r, &body); err != nil {
		return Fail(err)
	}
	redirect, err := d.redirectTarget(body.Redirect, "redirect")
	if err != nil {
		return Fail(err)
	}
	f := flow{State: newState(), Redirect: redirect}
	c := account.New(d.user(d.Secret))
	if _, err := c.CreateEmailVerification(d.callbackURL(verificationCallbackPath, f)); err != nil {
		return failUser(d, err)
	}
	cookie := d.Config.Cookie.FlowCookie(verificationFlowCookie, verificationCallbackPath, f.State, verificationStateLifetime)
	return JSON(http.StatusAccepted, struct{}{}).WithCookie(cookie)
}

// finishVerification serves GET /verification/callback?flow=…&userId=…&secret=…,
// the link from the e-mail. Opened in the browser that asked for it (its
// flow cookie matches) it confirms the address and sends the browser to
// the app with 303 and ?verified=true, or ?error=<type>. Opened anywhere
// else it changes nothing: it shows a page naming the account, masked,
// whose button POSTs to /verification/confirm. A link-scanning mail
// gateway that opens every link so verifies nobody's address, nor does
// the owner of an address who opens the link of an account someone else
// made with it, unless they press the button.
func finishVerification(d *Deps, r *Request) Reply {
	f, err := d.readFlow(r)
	if err != nil {
		return Fail(err)
	}
	userID, secret, reply, ok := callbackToken(f, r)
	if !ok {
		return reply
	}
	switch state := d.readBrowserState(r, verificationFlowCookie); {
	case state.tossed:
		return stateMismatch(f)
	case stateMatches(f, state):
		return verifyAddress(d, r, f, userID, secret, false)
	}
	return showConfirmPage(d, r, f, userID, secret, verificationConfirmPage)
}

// verificationConfirmPage is the verification link's confirmation page.
var verificationConfirmPage = confirmTexts{
	Action:   "/verification/confirm",
	Title:    "Confirm your address",
	Heading:  "Verify this address?",
	Question: "Verify the address of the account",
	Context:  "This verification link was opened in a different browser from the one that asked for it, or a while after.",
	Warning:  "Only continue if you asked for this e-mail yourself.",
	Risk:     "Someone who made an account with your address can have its verification e-mail sent to you. Verifying here resets such an account: its password, sessions and sign-in methods are removed, and you sign in with an e-mail code or link and choose a password.",
	Button:   "Verify address",
	Note:     "If you did not ask for this e-mail, close this page: nothing happens unless you press the button.",
}

// confirmVerification serves POST /verification/confirm, the button of
// the confirmation page (see readConfirmForm): it confirms the address.
// Pressed in a browser other than the one that asked for the e-mail, it is
// a proof by someone who may not be whoever set the account's
// credentials: an account holding anything nobody had proven is retired
// (see retire), as at a sign-in by link or code.
func confirmVerification(d *Deps, r *Request) Reply {
	f, userID, secret, reply, ok := readConfirmForm(d, r)
	if !ok {
		return reply
	}
	return verifyAddress(d, r, f, userID, secret, true)
}

// verifyAddress spends the verification token: 303 to the app with
// ?verified=true, or to the failure URL with the error's type. The token
// needs no session; Appwrite refuses API keys on this route, so it is
// spent with neither. With retireUnproven, the account is read first and
// retired once the address is verified when it held anything nobody had
// proven; the app is then told accountReset=true as well.
func verifyAddress(d *Deps, r *Request, f flow, userID, secret string, retireUnproven bool) Reply {
	var prior *priorAccount
	if retireUnproven {
		var err error
		if prior, err = readBeforeProof(d.admin(r), userID); err != nil {
			return failRedirect(f.Failure, err)
		}
	}
	if _, err := account.New(upstream.NewPublicClient(d.Config)).UpdateEmailVerification(userID, secret); err != nil {
		return failRedirect(f.Failure, upstream.FromSDK(err))
	}
	to := withQuery(f.Redirect, "verified", "true")
	if prior.unproven() {
		if _, err := retire(d, d.admin(r), prior, newOwner{}, false); err != nil {
			return failRedirect(f.Failure, err)
		}
		to = withQuery(to, "accountReset", "true")
	}
	return Redirect(http.StatusSeeOther, to)
}
