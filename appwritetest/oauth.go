package appwritetest

import (
	"html"
	"net/http"
	"strings"
	"time"
)

// oauthProviderPrefix is where the fake OAuth2 provider's pages live.
const oauthProviderPrefix = "/__emulator/oauth2/"

// oauthStateLifetime is how long a login started at
// GET /v1/account/tokens/oauth2/{provider} can be completed.
const oauthStateLifetime = time.Hour

// oauthState is a login in progress at the fake provider. It is kept on the
// server and referred to by a random ID, so a client cannot change where
// the login ends up.
type oauthState struct {
	provider string
	success  string
	failure  string
	expire   time.Time
}

// oauthProviderNames are the providers' display names (Appwrite's
// app/config/oAuthProviders.php), used in error messages.
var oauthProviderNames = map[string]string{
	"amazon": "Amazon", "apple": "Apple", "auth0": "Auth0", "authentik": "Authentik",
	"autodesk": "Autodesk", "bitbucket": "BitBucket", "bitly": "Bitly", "box": "Box",
	"dailymotion": "Dailymotion", "discord": "Discord", "disqus": "Disqus", "dropbox": "Dropbox",
	"etsy": "Etsy", "facebook": "Facebook", "figma": "Figma", "fusionauth": "FusionAuth",
	"github": "GitHub", "gitlab": "GitLab", "google": "Google", "keycloak": "Keycloak", "kick": "Kick",
	"linkedin": "LinkedIn", "microsoft": "Microsoft", "notion": "Notion",
	"oidc": "OpenID Connect", "okta": "Okta", "paypal": "PayPal", "paypalSandbox": "PayPal Sandbox",
	"podio": "Podio", "salesforce": "Salesforce", "slack": "Slack", "spotify": "Spotify",
	"stripe": "Stripe", "tradeshift": "Tradeshift", "tradeshiftBox": "Tradeshift Sandbox",
	"twitch": "Twitch", "wordpress": "WordPress", "x": "X", "yahoo": "Yahoo", "yammer": "Yammer",
	"yandex": "Yandex", "zoho": "Zoho", "zoom": "Zoom",
}

// canonicalProvider returns the enum spelling of a provider matched
// case-insensitively.
func (e *Emulator) canonicalProvider(p string) string {
	for _, name := range e.providers() {
		if strings.EqualFold(name, p) {
			return name
		}
	}
	return p
}

// handleCreateOAuth2Token handles "GET /v1/account/tokens/oauth2/:provider":
// it answers 301 to the fake provider's sign-in page. Every provider is
// enabled.
func handleCreateOAuth2Token(e *Emulator, q *request) (*reply, *apiError) {
	provider := e.canonicalProvider(q.str("provider"))
	success, failure := q.str("success"), q.str("failure")
	if success == "" {
		success = q.baseURL() + "/console/auth/oauth2/success"
	}
	if failure == "" {
		failure = q.baseURL() + "/console/auth/oauth2/failure"
	}
	id := randomHex(16)
	e.oauthStates[id] = &oauthState{
		provider: provider,
		success:  success,
		failure:  failure,
		expire:   q.now.Add(oauthStateLifetime),
	}
	return redirect(q.baseURL() + oauthProviderPrefix + provider + "/authorize?state=" + id), nil
}

// handleProvider serves the fake provider's page
// GET /__emulator/oauth2/{provider}/authorize?state=…. Without an identity
// it shows a form asking for an e-mail and a name. With email (and
// optionally name) it signs that identity in: it creates or links the user
// and answers 301 to success with userId and secret (an OAuth2 token for
// POST /v1/account/sessions/token) appended. With error (for example
// access_denied) it answers 301 to failure with Appwrite's error JSON.
func (e *Emulator) handleProvider(r *http.Request) *reply {
	q := &request{e: e, r: r, now: e.now(), host: r.Host, extra: http.Header{},
		https: r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")}
	rest := strings.TrimPrefix(r.URL.Path, oauthProviderPrefix)
	provider, page, _ := strings.Cut(rest, "/")
	if page != "authorize" || r.Method != http.MethodGet {
		return htmlErrorReply(newError("general_route_not_found"))
	}
	vals := r.URL.Query()
	stateID := vals.Get("state")
	st := e.oauthStates[stateID]
	if st == nil || st.provider != provider || q.now.After(st.expire) {
		return htmlErrorReply(errorf("general_argument_invalid", "Unknown or expired OAuth2 state."))
	}
	name := oauthProviderNames[provider]
	if errParam := vals.Get("error"); errParam != "" {
		delete(e.oauthStates, stateID)
		msg := "The " + name + " OAuth2 provider returned an error: " + errParam
		if d := vals.Get("error_description"); d != "" {
			msg += ": " + d
		}
		return e.oauthFailure(st, errorf("user_oauth2_provider_error", "%s", msg))
	}
	if !vals.Has("email") {
		return providerForm(provider, name, stateID, "", http.StatusOK)
	}
	email := strings.ToLower(strings.TrimSpace(vals.Get("email")))
	if email == "" {
		delete(e.oauthStates, stateID)
		return e.oauthFailure(st, errorf("user_unauthorized", "OAuth provider failed to return email."))
	}
	if !validEmail(email) {
		return providerForm(provider, name, stateID, "Enter a valid e-mail address.", http.StatusBadRequest)
	}
	delete(e.oauthStates, stateID)

	userName := strings.TrimSpace(vals.Get("name"))
	var u *user
	var err *apiError
	if current, signedIn := e.signedInSession(q); signedIn != nil {
		u, err = e.linkOAuthIdentity(q, signedIn, current, provider, email, userName)
	} else {
		u, err = e.oauthUser(q, provider, email, userName)
	}
	if err != nil {
		return e.oauthFailure(st, err)
	}
	secret := randomHex(32)
	e.issueToken(u, tokenOAuth2, secret, q.now, e.cfg.sessionDuration)
	if e.line19() {
		// 1.9 wraps the secret in a JWT that names the provider and
		// lives 60 s, whatever the token's own expiry.
		secret = e.signClaims(oauthSecretClaims{Secret: secret, Provider: provider, Exp: q.now.Unix() + oauthSecretLifetime})
	}
	return redirect(withQuery(st.success, [2]string{"secret", secret}, [2]string{"userId", u.id}))
}

// oauthSecretLifetime is how long, in seconds, the 1.9 line's OAuth2
// secret JWT can be turned into a session.
const oauthSecretLifetime = 60

// oauthSecretClaims are the claims of the 1.9 line's OAuth2 secret, in
// Appwrite's order.
type oauthSecretClaims struct {
	Secret   string `json:"secret"`
	Provider string `json:"provider"`
	Exp      int64  `json:"exp"`
}

// unwrapOAuthSecret is the 1.9 line's first step of a token exchange: a
// secret that is a valid JWT of the emulator's key carries the token
// secret and the OAuth2 provider, which it returns; one that is not is a
// token secret as it is, with no provider. A valid JWT without a provider
// is user_invalid_token.
func (e *Emulator) unwrapOAuthSecret(secret string, now time.Time) (string, string, *apiError) {
	payload, reason := e.decodeJWT(secret, now)
	if reason != "" {
		return secret, "", nil
	}
	provider, _ := payload["provider"].(string)
	if provider == "" {
		return "", "", newError("user_invalid_token")
	}
	inner, _ := payload["secret"].(string)
	return inner, provider, nil
}

// signedInSession returns the session the browser holds on the emulator's
// own domain (its a_session_<project> cookie) when it is valid, with its
// user: Appwrite's callback reads it to link the provider identity to
// that user.
func (e *Emulator) signedInSession(q *request) (*session, *user) {
	u, s := e.sessionOf(e.readSessionSecret(q), q.now)
	return s, u
}

// linkOAuthIdentity is the provider's return for a browser signed in as u
// with session current, as Appwrite's callback does it: an identity or a
// user of that e-mail address other than u fails with
// user_already_exists; otherwise the browser's session is deleted and the
// identity linked to u, who gets the token. (Appwrite links whatever
// address the provider reports: the identity's e-mail need not be u's.)
func (e *Emulator) linkOAuthIdentity(q *request, u *user, current *session, provider, email, name string) (*user, *apiError) {
	if e.identityEmailUsed(email, u) {
		return nil, newError("user_already_exists")
	}
	if other := e.userByEmail(email); other != nil && other != u {
		return nil, newError("user_already_exists")
	}
	u.deleteSession(current)
	if err := e.linkIdentity(q, u, provider, email, name); err != nil {
		return nil, err
	}
	return u, nil
}

// oauthUser finds the user for a provider identity, links it to the user
// with that e-mail address, or creates a new, verified user.
func (e *Emulator) oauthUser(q *request, provider, email, name string) (*user, *apiError) {
	var u *user
	for _, cand := range e.users {
		for _, id := range cand.identities {
			if id.provider == provider && id.providerUID == email {
				u = cand
			}
		}
	}
	if u == nil {
		u = e.userByEmail(email)
	}
	if u == nil {
		for _, cand := range e.users {
			for _, id := range cand.identities {
				if strings.EqualFold(id.email, email) {
					u = cand
				}
			}
		}
	}
	if u == nil {
		if err := e.checkEmailPolicy(email); err != nil {
			return nil, err
		}
		u = e.addUser(q.now, e.newID(q.now))
		u.email = email
		u.name = name
		u.emailVerification = true
		e.addEmailTarget(u, q.now)
	}
	if err := e.linkIdentity(q, u, provider, email, name); err != nil {
		return nil, err
	}
	return u, nil
}

// linkIdentity refuses a blocked user, then links the provider identity
// to u unless it is linked already, and fills in u's e-mail and name
// when u has none.
func (e *Emulator) linkIdentity(q *request, u *user, provider, email, name string) *apiError {
	if !u.status {
		return e.blockedError()
	}
	linked := false
	for _, id := range u.identities {
		if id.provider == provider && id.providerUID == email {
			linked = true
		}
	}
	if !linked {
		if e.identityEmailUsed(email, u) {
			return newError("general_bad_request")
		}
		u.identities = append(u.identities, &identity{id: e.newID(q.now), createdAt: q.now, updatedAt: q.now,
			provider: provider, providerUID: email, email: email})
	}
	if u.email == "" {
		u.email = email
	}
	if u.name == "" {
		u.name = name
	}
	u.updatedAt = q.now
	return nil
}

// oauthFailure redirects to the login's failure URL with Appwrite's error
// JSON, as the emulated version words it, in the error param.
func (e *Emulator) oauthFailure(st *oauthState, err *apiError) *reply {
	err = e.forVersion(err)
	payload := struct {
		Message string `json:"message"`
		Type    string `json:"type"`
		Code    int    `json:"code"`
	}{err.message, err.typ, err.status()}
	return redirect(withQuery(st.failure, [2]string{"error", string(phpJSON(payload))}))
}

// providerForm renders the fake provider's sign-in form, styled like the
// dev runtime's demo app so the detour through it reads as part of the
// same local setup.
func providerForm(provider, name, state, problem string, status int) *reply {
	action := html.EscapeString(oauthProviderPrefix + provider + "/authorize")
	st := html.EscapeString(state)
	title := "Sign in with " + html.EscapeString(name)
	page := "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">" +
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
		"<title>" + title + "</title>\n<style>" + providerCSS + "</style></head>\n<body>\n<main class=\"card\">\n" +
		"<p class=\"badge\">Appwrite emulator · fake OAuth2 provider</p>\n" +
		"<h1>" + title + "</h1>\n" +
		"<p class=\"hint\">No " + html.EscapeString(name) + " account is involved: choose the identity to sign in as. " +
		"A new address makes a new, verified user; an existing one signs that user in.</p>\n"
	if problem != "" {
		page += "<p class=\"problem\" role=\"alert\">" + html.EscapeString(problem) + "</p>\n"
	}
	page += "<form method=\"get\" action=\"" + action + "\">\n" +
		"<input type=\"hidden\" name=\"state\" value=\"" + st + "\">\n" +
		"<label>E-mail <input type=\"email\" name=\"email\" required autofocus autocomplete=\"email\"></label>\n" +
		"<label>Name <input type=\"text\" name=\"name\" autocomplete=\"name\" placeholder=\"optional\"></label>\n" +
		"<button type=\"submit\">Sign in</button>\n</form>\n" +
		"<form method=\"get\" action=\"" + action + "\" class=\"deny\">\n" +
		"<input type=\"hidden\" name=\"state\" value=\"" + st + "\">\n" +
		"<input type=\"hidden\" name=\"error\" value=\"access_denied\">\n" +
		"<button type=\"submit\" class=\"secondary\">Deny access</button>\n</form>\n</main>\n</body></html>\n"
	rep := &reply{status: status, header: http.Header{}, body: []byte(page)}
	rep.header.Set("Content-Type", "text/html; charset=UTF-8")
	rep.header.Set("Cache-Control", "no-store")
	// No form-action: the form's answer redirects to the app's origin.
	rep.header.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'")
	return rep
}

// providerCSS is the provider page's style: the demo app's colours,
// type and card.
const providerCSS = `
:root { --accent: #fd366e; --accent-dark: #d81b55; --text: #1b1d24; --muted: #5d6375; --line: #e2e5ec;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 15px; line-height: 1.45; color: var(--text); background: #f4f5f8; }
* { box-sizing: border-box; }
body { margin: 0; padding: 48px 16px; }
.card { max-width: 420px; margin: 0 auto; background: #fff; border: 1px solid var(--line); border-radius: 12px;
  box-shadow: 0 1px 2px rgba(16,24,40,.06), 0 1px 3px rgba(16,24,40,.08); padding: 24px; }
.badge { display: inline-block; margin: 0 0 12px; padding: 2px 10px; border-radius: 999px; background: #fff4e0;
  color: #9a5b00; font-size: .8rem; font-weight: 600; }
h1 { font-size: 1.3rem; margin: 0 0 8px; }
.hint { margin: 0 0 16px; color: var(--muted); font-size: .9rem; }
.problem { margin: 0 0 16px; padding: 10px 14px; border-radius: 10px; border: 1px solid #f5c2bd; background: #fdecea;
  color: #b42318; font-weight: 500; }
form { display: flex; flex-direction: column; gap: 12px; }
form.deny { margin-top: 12px; }
label { display: flex; flex-direction: column; gap: 4px; font-size: .85rem; font-weight: 600; color: #3a3f4d; }
input { font: inherit; font-weight: 400; padding: 8px 10px; border: 1px solid #cfd4de; border-radius: 8px; width: 100%; }
input:focus { outline: 2px solid rgba(253,54,110,.35); outline-offset: 1px; border-color: var(--accent); }
button { font: inherit; font-weight: 600; padding: 9px 14px; border-radius: 8px; border: 1px solid var(--accent);
  background: var(--accent); color: #fff; cursor: pointer; }
button:hover { background: var(--accent-dark); border-color: var(--accent-dark); }
button.secondary { background: #fff; color: var(--text); border-color: #cfd4de; }
button.secondary:hover { background: #f3f4f7; }
`
