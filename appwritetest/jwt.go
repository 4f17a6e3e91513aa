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
	return e.signClaims(jwtClaims{UserID: userID, SessionID: sessionID, Exp: now.Unix() + duration})
}

// signClaims returns an HS256 JWT of the claims (a struct whose fields
// are in Appwrite's order, exp last) under the emulator's key, which
// stands for Appwrite's _APP_OPENSSL_KEY_V1: account JWTs, OAuth2 secrets
// and execution keys are all signed with it, as on Appwrite.
func (e *Emulator) signClaims(claims any) string {
	enc := base64.RawURLEncoding
	h, _ := json.Marshal(jwtHeader{Typ: "JWT", Alg: "HS256"})
	p, _ := json.Marshal(claims)
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
	payload, reason := e.decodeJWT(token, now)
	if reason != "" {
		return claims, errorf("user_jwt_invalid", "Failed to verify JWT. %s", reason)
	}
	claims.UserID, _ = payload["userId"].(string)
	claims.SessionID, _ = payload["sessionId"].(string)
	if exp, ok := payload["exp"].(float64); ok {
		claims.Exp = int64(exp)
	}
	return claims, nil
}

// decodeJWT checks a JWT signed with the emulator's key as
// adhocore/php-jwt's decode does (segments, header algorithm, signature,
// then exp: expired once now reaches it) and returns its payload, or ""
// and the library's reason.
func (e *Emulator) decodeJWT(token string, now time.Time) (payload map[string]any, reason string) {
	parts := strings.SplitN(token, ".", 3)
	if len(parts) < 3 {
		return nil, "Invalid token: Incomplete segments"
	}
	enc := base64.RawURLEncoding
	rawHeader, err := enc.DecodeString(strings.TrimRight(parts[0], "="))
	var header map[string]any
	if err != nil || json.Unmarshal(rawHeader, &header) != nil {
		return nil, "JSON failed: Syntax error"
	}
	alg, _ := header["alg"].(string)
	switch alg {
	case "":
		return nil, "Invalid token: Missing header algo"
	case "HS256", "HS384", "HS512", "RS256", "RS384", "RS512":
	default:
		return nil, "Invalid token: Unsupported header algo"
	}
	sig, err := enc.DecodeString(strings.TrimRight(parts[2], "="))
	if err != nil || !hmac.Equal(sig, e.jwtMAC(parts[0]+"."+parts[1])) {
		return nil, "Invalid token: Signature failed"
	}
	rawPayload, err := enc.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return nil, "JSON failed: Syntax error"
	}
	dec := json.NewDecoder(bytes.NewReader(rawPayload))
	if dec.Decode(&payload) != nil {
		return nil, "JSON failed: Syntax error"
	}
	if exp, ok := payload["exp"].(float64); ok && now.Unix() >= int64(exp) {
		return nil, "Invalid token: Expired"
	}
	return payload, ""
}
