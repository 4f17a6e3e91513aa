package server

import (
	"net/http"

	"openruntimes/handler/internal/upstream"

	"github.com/appwrite/sdk-for-go/account"
)

const verificationCallbackPath = "/verification/callback"

// startVerification serves POST /verification {redirect?} for a signed-in
// user: Appwrite e-mails a link to GET /verification/callback, and the
// answer is 202 {}.
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
	secret := d.Secret
	c := account.New(d.user(secret))
	if _, err := c.CreateEmailVerification(d.callbackURL(verificationCallbackPath, flow{Redirect: redirect})); err != nil {
		return failUser(d, err)
	}
	return JSON(http.StatusAccepted, struct{}{})
}

// finishVerification serves GET /verification/callback?flow=…&userId=…&secret=…,
// the link from the e-mail: it confirms the address and sends the browser
// to the app with 303 and ?verified=true, or ?error=<type>. It needs no
// session, so the link works in any browser; Appwrite refuses API keys on
// this route, so it is made with neither.
func finishVerification(d *Deps, r *Request) Reply {
	f, err := d.readFlow(r)
	if err != nil {
		return Fail(err)
	}
	userID, secret, reply, ok := callbackToken(f, r)
	if !ok {
		return reply
	}
	if _, err := account.New(upstream.NewPublicClient(d.Config)).UpdateEmailVerification(userID, secret); err != nil {
		return failRedirect(f.Failure, upstream.FromSDK(err))
	}
	return Redirect(http.StatusSeeOther, withQuery(f.Redirect, "verified", "true"))
}
