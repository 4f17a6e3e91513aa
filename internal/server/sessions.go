package server

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/appwrite/sdk-for-go/account"
	"github.com/appwrite/sdk-for-go/users"

	"openruntimes/handler/internal/apierror"
	"openruntimes/handler/internal/upstream"
)

// SessionList is the answer of GET /sessions.
type SessionList struct {
	Total    int           `json:"total"`
	Sessions []SessionInfo `json:"sessions"`
}

// listSessions serves GET /sessions: the signed-in user's sessions with
// their device, browser, OS, country and which one is this browser's;
// never a secret or a provider token.
func listSessions(d *Deps, r *Request) Reply {
	secret := d.Secret
	list, err := account.New(d.user(secret)).ListSessions()
	if err != nil {
		return failUser(d, err)
	}
	out := SessionList{Total: len(list.Sessions), Sessions: make([]SessionInfo, 0, len(list.Sessions))}
	for i := range list.Sessions {
		out.Sessions = append(out.Sessions, newSessionInfo(&list.Sessions[i]))
	}
	return UserData(http.StatusOK, out)
}

// deleteSession serves DELETE /sessions/{sessionId} ("current" names this
// browser's): 204, clearing the cookie when it was this browser's. The
// session is looked up with the user's client, so a user can only end
// their own, and deleted with the admin client (see signOut).
func deleteSession(d *Deps, r *Request) Reply {
	id := r.Params["sessionId"]
	secret := d.Secret
	userClient := d.user(secret)
	s, err := account.New(userClient).GetSession(id)
	if err != nil {
		if id == "current" && apierror.Is(upstream.UserError(err), apierror.TypeMoreFactorsRequired) {
			return deletePendingSession(d, userClient)
		}
		return failUser(d, err)
	}
	if _, err := users.New(d.admin(r)).DeleteSession(s.UserId, s.Id); err != nil {
		return Fail(upstream.AdminError(err))
	}
	if s.Current {
		return NoContent().WithCookie(d.Config.Cookie.Clear())
	}
	return NoContent()
}

// deleteSessions serves DELETE /sessions?scope=others|all: others ends
// every session but this browser's ("sign out everywhere else"); all ends
// every one and clears the cookie.
func deleteSessions(d *Deps, r *Request) Reply {
	scope := r.Query.Get("scope")
	if scope != "others" && scope != "all" {
		return Fail(invalidArgument("Invalid `scope` param: Value must be one of (others, all)"))
	}
	secret := d.Secret
	list, err := account.New(d.user(secret)).ListSessions()
	if err != nil {
		return failUser(d, err)
	}
	admin := users.New(d.admin(r))
	if scope == "all" {
		if len(list.Sessions) > 0 {
			if _, err := admin.DeleteSessions(list.Sessions[0].UserId); err != nil {
				return Fail(upstream.AdminError(err))
			}
		}
		return NoContent().WithCookie(d.Config.Cookie.Clear())
	}
	for _, s := range list.Sessions {
		if s.Current {
			continue
		}
		if err := deleteSessionByID(d.admin(r), s.UserId, s.Id); err != nil {
			return Fail(err)
		}
	}
	return NoContent()
}

// JWT is the answer of POST /jwt.
type JWT struct {
	JWT    string `json:"jwt"`
	Expire string `json:"expire"`
}

// createJWT serves POST /jwt {duration?}: a JWT of the signed-in user's
// session, for calling Appwrite directly from the browser (X-Appwrite-JWT
// or the web SDK's setJWT) without giving it the session secret. duration
// is in seconds, 0 to 3600, default 900.
//
// The JWT is made with the API key (POST /users/{userId}/jwts), not by the
// session (POST /account/jwts), so that the project's jwt auth method can
// be off for everyone but the function (appwrite.json's settings). The
// session is read first, with its own client: that proves it is alive,
// its user not blocked and its second factor done, and gives the IDs the
// key's call needs. Appwrite signs a JWT of no session when the session
// it is asked for is gone (users.php), and such a JWT outlives every
// session of the user: one that does not name the session read is never
// handed out. expire is read from the token Appwrite made, never computed
// from what was asked.
func createJWT(d *Deps, r *Request) Reply {
	var body struct {
		Duration *int `json:"duration"`
	}
	if err := DecodeBody(r, &body); err != nil {
		return Fail(err)
	}
	duration := 900
	if body.Duration != nil {
		duration = *body.Duration
	}
	if duration < 0 || duration > 3600 {
		return Fail(invalidArgument("Invalid `duration` param: Value must be a valid range between 0 and 3,600"))
	}
	current, err := account.New(d.user(d.Secret)).GetSession("current")
	if err != nil {
		return failUser(d, err)
	}
	u := users.New(d.admin(r))
	jwt, err := u.CreateJWT(current.UserId, u.WithCreateJWTSessionId(current.Id), u.WithCreateJWTDuration(duration))
	if err != nil {
		return Fail(upstream.AdminError(err))
	}
	claims, ok := readJWTClaims(jwt.Jwt)
	if !ok {
		return Fail(apierror.New(apierror.TypeUpstreamError,
			"Appwrite answered with a JWT whose expiry cannot be read."))
	}
	if claims.sessionID != current.Id {
		// The session ended between the two calls.
		return Fail(upstream.ErrSignedOut).WithCookie(d.Config.Cookie.Clear())
	}
	return UserData(http.StatusCreated, JWT{JWT: jwt.Jwt, Expire: claims.exp.UTC().Format(appwriteDate)})
}

// jwtExpiry returns the exp claim (Unix seconds) of a JWT, read without
// checking its signature: the function only reports what Appwrite put
// there.
func jwtExpiry(token string) (time.Time, bool) {
	c, ok := readJWTClaims(token)
	return c.exp, ok
}

// jwtClaims are the claims of an Appwrite JWT the function reads.
type jwtClaims struct {
	exp       time.Time
	sessionID string
}

// readJWTClaims reads a JWT's exp (a positive Unix time, required) and
// sessionId claims without checking its signature.
func readJWTClaims(token string) (jwtClaims, bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return jwtClaims{}, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return jwtClaims{}, false
	}
	var claims struct {
		Exp       *int64 `json:"exp"`
		SessionID string `json:"sessionId"`
	}
	if json.Unmarshal(payload, &claims) != nil || claims.Exp == nil || *claims.Exp <= 0 {
		return jwtClaims{}, false
	}
	return jwtClaims{exp: time.Unix(*claims.Exp, 0), sessionID: claims.SessionID}, true
}

// appwriteDate is Appwrite's date format.
const appwriteDate = "2006-01-02T15:04:05.000+00:00"
