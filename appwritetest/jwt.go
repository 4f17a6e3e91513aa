package appwritetest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"
)

// jwtClaims are the claims of an account JWT, in Appwrite's order.
type jwtClaims struct {
	UserID    string `json:"userId"`
	SessionID string `json:"sessionId"`
	Exp       int64  `json:"exp"`
}

// jwtHeader is the JOSE header adhocore/php-jwt writes.
type jwtHeader struct {
	Typ string `json:"typ"`
	Alg string `json:"alg"`
}

// signJWT returns an HS256 JWT for the session, valid for duration seconds.
func (e *Emulator) signJWT(userID, sessionID string, now time.Time, duration int64) string {
	enc := base64.RawURLEncoding
	h, _ := json.Marshal(jwtHeader{Typ: "JWT", Alg: "HS256"})
	p, _ := json.Marshal(jwtClaims{UserID: userID, SessionID: sessionID, Exp: now.Unix() + duration})
	signing := enc.EncodeToString(h) + "." + enc.EncodeToString(p)
	return signing + "." + enc.EncodeToString(e.jwtMAC(signing))
}

// jwtMAC is the HMAC-SHA256 of s under the emulator's key.
func (e *Emulator) jwtMAC(s string) []byte {
	m := hmac.New(sha256.New, e.jwtKey)
	m.Write([]byte(s))
	return m.Sum(nil)
}

// verifyJWT checks a JWT as Appwrite's user resource does and returns its
// claims, or 401 user_jwt_invalid with adhocore/php-jwt's reason.
func (e *Emulator) verifyJWT(token string, now time.Time) (jwtClaims, *apiError) {
	var claims jwtClaims
	fail := func(reason string) (jwtClaims, *apiError) {
		return claims, errorf("user_jwt_invalid", "Failed to verify JWT. %s", reason)
	}
	parts := strings.SplitN(token, ".", 3)
	if len(parts) < 3 {
		return fail("Invalid token: Incomplete segments")
	}
	enc := base64.RawURLEncoding
	rawHeader, err := enc.DecodeString(strings.TrimRight(parts[0], "="))
	var header map[string]any
	if err != nil || json.Unmarshal(rawHeader, &header) != nil {
		return fail("JSON failed: Syntax error")
	}
	alg, _ := header["alg"].(string)
	switch alg {
	case "":
		return fail("Invalid token: Missing header algo")
	case "HS256", "HS384", "HS512", "RS256", "RS384", "RS512":
	default:
		return fail("Invalid token: Unsupported header algo")
	}
	sig, err := enc.DecodeString(strings.TrimRight(parts[2], "="))
	if err != nil || !hmac.Equal(sig, e.jwtMAC(parts[0]+"."+parts[1])) {
		return fail("Invalid token: Signature failed")
	}
	rawPayload, err := enc.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return fail("JSON failed: Syntax error")
	}
	dec := json.NewDecoder(bytes.NewReader(rawPayload))
	var payload map[string]any
	if dec.Decode(&payload) != nil {
		return fail("JSON failed: Syntax error")
	}
	claims.UserID, _ = payload["userId"].(string)
	claims.SessionID, _ = payload["sessionId"].(string)
	if exp, ok := payload["exp"].(float64); ok {
		claims.Exp = int64(exp)
		if now.Unix() >= claims.Exp {
			return fail("Invalid token: Expired")
		}
	}
	return claims, nil
}
