package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"

	"openruntimes/handler/internal/apierror"
)

// oauth2Providers are the providers Appwrite accepts on its OAuth2 token
// route, in any version the function runs on (app/config/oAuthProviders.php
// without its mock providers): the 39 of 1.8; fusionauth, keycloak, kick
// and x from 1.9.0; appwrite and huggingface on main after 1.9.6; kakao and
// tiktok in 2.1 (known from its release notes only). A provider the
// project's server does not have is refused by Appwrite itself, on its
// own page; one no Appwrite has is refused here.
var oauth2Providers = []string{
	"amazon", "apple", "appwrite", "auth0", "authentik", "autodesk", "bitbucket", "bitly", "box",
	"dailymotion", "discord", "disqus", "dropbox", "etsy", "facebook", "figma", "fusionauth", "github",
	"gitlab", "google", "huggingface", "kakao", "keycloak", "kick", "linkedin", "microsoft", "notion",
	"oidc", "okta", "paypal", "paypalSandbox", "podio", "salesforce", "slack", "spotify", "stripe",
	"tiktok", "tradeshift", "tradeshiftBox", "twitch", "wordpress", "x", "yahoo", "yammer", "yandex",
	"zoho", "zoom",
}

const (
	oauth2CallbackPath = "/oauth2/callback"
	oauth2FlowCookie   = "oauth2"
	maxOAuth2Scopes    = 20
)

// startOAuth2 serves GET /oauth2/{provider}?redirect=<app URL>&failure=<app
// URL>&scopes=<scope>…: a browser navigation that is sent on to Appwrite's
// OAuth2 token route, which sends it to the provider. The URL is built here
// rather than with the SDK's CreateOAuth2Token, which follows the redirect
// itself (losing the provider URL) and forwards the API key to the
// provider. The browser, not the function, talks to Appwrite, so Appwrite
// counts the browser's own IP.
//
// The response sets a short-lived state cookie, scoped to the callback's
// path, which binds the flow to this browser: a callback URL replayed in
// another browser signs nobody in (login CSRF).
func startOAuth2(d *Deps, r *Request) Reply {
	provider := r.Params["provider"]
	if !slices.Contains(oauth2Providers, provider) {
		return Fail(invalidArgument("Invalid `provider` param: Value must be one of the OAuth2 providers Appwrite supports."))
	}
	redirect, err := d.redirectTarget(r.Query.Get("redirect"), "redirect")
	if err != nil {
		return Fail(err)
	}
	failure := redirect
	if raw := r.Query.Get("failure"); raw != "" {
		if failure, err = d.Redirects.Check(raw); err != nil {
			return Fail(err)
		}
	}
	scopes := r.Query["scopes"]
	if len(scopes) > maxOAuth2Scopes {
		return Fail(invalidArgument("Invalid `scopes` param: at most 20 scopes."))
	}

	f := flow{State: newState(), Redirect: redirect, Failure: failure}
	callback := d.callbackURL(oauth2CallbackPath, f)
	q := url.Values{}
	q.Set("project", d.Config.ProjectID)
	q.Set("success", callback)
	q.Set("failure", callback)
	for _, s := range scopes {
		q.Add("scopes[]", s)
	}
	location := d.Config.Endpoint + "/account/tokens/oauth2/" + provider + "?" + q.Encode()
	cookie := d.Config.Cookie.FlowCookie(oauth2FlowCookie, oauth2CallbackPath, f.State, flowStateLifetime)
	return Redirect(http.StatusFound, location).WithCookie(cookie)
}

// finishOAuth2 serves GET /oauth2/callback?flow=…&userId=…&secret=…, where
// Appwrite sends the browser back after the provider: it checks that the
// browser holds the flow's state cookie, exchanges the one-time token for a
// session with the admin client, sets the session cookie and sends the
// browser to the app with 303. Errors (the provider's, a missing or wrong
// state, a spent token) send it to the app's failure URL with ?error=<type>.
//
// A response sets one cookie only, so the session cookie cannot be set and
// the state cookie cleared together. The state cookie is left to expire:
// it lives 10 minutes and is worthless once its state is spent.
func finishOAuth2(d *Deps, r *Request) Reply {
	f, err := d.readFlow(r)
	if err != nil {
		return Fail(err)
	}
	if raw := r.Query.Get("error"); raw != "" {
		var providerErr struct {
			Type string `json:"type"`
		}
		typ := "user_oauth2_provider_error"
		if json.Unmarshal([]byte(raw), &providerErr) == nil && validErrorType(providerErr.Type) {
			typ = providerErr.Type
		}
		return Redirect(http.StatusSeeOther, withQuery(f.Failure, "error", typ))
	}
	if !stateMatches(f, d.readBrowserState(r, oauth2FlowCookie)) {
		return stateMismatch(f)
	}
	userID, secret, reply, ok := callbackToken(f, r)
	if !ok {
		return reply
	}
	return tokenSession(d, r, f, userID, secret, flowState{kind: oauth2FlowCookie, lifetime: flowStateLifetime})
}

// stateUsed sends the browser to the flow's failure URL with
// flow_state_used. Whoever replays a spent state with other credentials
// (an attacker's own token, say) signs the browser into nothing.
func stateUsed(f flow) Reply {
	return Redirect(http.StatusSeeOther, withQuery(f.Failure, "error", apierror.TypeStateUsed))
}

// validErrorType accepts snake_case error types only, so that nothing else
// of a provider's error travels on to the app's URL.
func validErrorType(t string) bool {
	if t == "" || len(t) > 64 {
		return false
	}
	for i := 0; i < len(t); i++ {
		if c := t[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}
