package server

import (
	"encoding/json"
	"errors"

	"github.com/appwrite/sdk-for-go/client"
	"github.com/appwrite/sdk-for-go/models"

	"openruntimes/handler/session"
)

// User is the signed-in user as the function shows it: Appwrite's account
// model with the same keys, minus the messaging targets. The SDK's
// models.User cannot be used for this, because it drops prefs.
//
// Its JSON, read and written, follows these fields and their tags (see
// userFields): a field of type string, bool, []string or json.RawMessage
// is added here and nowhere else.
type User struct {
	ID                string          `json:"$id"`
	CreatedAt         string          `json:"$createdAt"`
	UpdatedAt         string          `json:"$updatedAt"`
	Name              string          `json:"name"`
	Registration      string          `json:"registration"`
	Status            bool            `json:"status"`
	Labels            []string        `json:"labels"`
	PasswordUpdate    string          `json:"passwordUpdate"`
	Email             string          `json:"email"`
	Phone             string          `json:"phone"`
	EmailVerification bool            `json:"emailVerification"`
	PhoneVerification bool            `json:"phoneVerification"`
	MFA               bool            `json:"mfa"`
	Prefs             json.RawMessage `json:"prefs"`
	AccessedAt        string          `json:"accessedAt"`
}

// normalize gives the slices and prefs the empty values Appwrite uses, so
// the JSON never holds null where an array or object belongs.
func (u *User) normalize() *User {
	if u.Labels == nil {
		u.Labels = []string{}
	}
	if len(u.Prefs) == 0 || string(u.Prefs) == "null" || string(u.Prefs) == "[]" {
		u.Prefs = json.RawMessage("{}")
	}
	return u
}

// callJSON makes one Appwrite call with the SDK client c and decodes its
// JSON answer into out (when out is not nil). It is used where the SDK's
// typed method would lose data (prefs) or decode twice.
func callJSON(c client.Client, method, path string, params map[string]any, out any) error {
	headers := map[string]any{}
	if method != "GET" {
		headers["content-type"] = "application/json"
	}
	if params == nil {
		params = map[string]any{}
	}
	resp, err := c.Call(method, path, headers, params)
	if err != nil {
		return err
	}
	if out == nil {
		return nil
	}
	body, ok := resp.Result.(string)
	if !ok {
		return errors.New("appwrite: answer is not JSON")
	}
	if u, ok := out.(*User); ok {
		return decodeUser([]byte(body), u)
	}
	return json.Unmarshal([]byte(body), out)
}

// getAccount returns the user the session client c acts for.
func getAccount(c client.Client) (*User, error) {
	var u User
	if err := callJSON(c, "GET", "/account", nil, &u); err != nil {
		return nil, err
	}
	return u.normalize(), nil
}

// SessionInfo is a session as the function shows it: where and when it was
// created, never its secret or provider tokens.
type SessionInfo struct {
	ID            string   `json:"$id"`
	CreatedAt     string   `json:"$createdAt"`
	UpdatedAt     string   `json:"$updatedAt"`
	UserID        string   `json:"userId"`
	Expire        string   `json:"expire"`
	Provider      string   `json:"provider"`
	IP            string   `json:"ip"`
	OSName        string   `json:"osName"`
	OSVersion     string   `json:"osVersion"`
	ClientType    string   `json:"clientType"`
	ClientName    string   `json:"clientName"`
	ClientVersion string   `json:"clientVersion"`
	DeviceName    string   `json:"deviceName"`
	DeviceBrand   string   `json:"deviceBrand"`
	DeviceModel   string   `json:"deviceModel"`
	CountryCode   string   `json:"countryCode"`
	CountryName   string   `json:"countryName"`
	Current       bool     `json:"current"`
	Factors       []string `json:"factors"`
}

// newSessionInfo copies the public fields of s.
func newSessionInfo(s *models.Session) SessionInfo {
	factors := s.Factors
	if factors == nil {
		factors = []string{}
	}
	return SessionInfo{
		ID: s.Id, CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt, UserID: s.UserId, Expire: s.Expire,
		Provider: s.Provider, IP: s.Ip, OSName: s.OsName, OSVersion: s.OsVersion,
		ClientType: s.ClientType, ClientName: s.ClientName, ClientVersion: s.ClientVersion,
		DeviceName: s.DeviceName, DeviceBrand: s.DeviceBrand, DeviceModel: s.DeviceModel,
		CountryCode: s.CountryCode, CountryName: s.CountryName, Current: s.Current, Factors: factors,
	}
}

// sessionCookie returns the Set-Cookie value that stores the session the
// admin client just created, and remembers the session for sign-out (see
// session.Index). Appwrite shows the secret to key callers only; an empty
// one means the key is not a real key.
func sessionCookie(d *Deps, s *models.Session) (string, error) {
	if s.Secret == "" {
		return "", &session.ConfigError{
			Problems:  []string{"Appwrite returned a session without its secret: the admin client is not using an API key"},
			Variables: []string{"APPWRITE_API_KEY"},
		}
	}
	d.Sessions.Remember(s.Secret, s.UserId, s.Id)
	return d.Config.Cookie.Write(s.Secret, s.Expire), nil
}
