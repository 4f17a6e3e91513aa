package appwritetest

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// dateLayout is PHP's Y-m-d\TH:i:s.vP in UTC, the format of every Appwrite
// date-time.
const dateLayout = "2006-01-02T15:04:05.000-07:00"

// formatDate writes t as Appwrite does; the zero time is "".
func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(dateLayout)
}

// newID returns a 20-character ID in the shape of Appwrite's ID::unique():
// uniqid() (8 hex seconds, 5 hex microseconds) and 7 random hex characters.
func (e *Emulator) newID(now time.Time) string {
	return fmt.Sprintf("%08x%05x", now.Unix(), now.Nanosecond()/1000) + randomHex(4)[:7]
}

// hashSecret is how every secret is stored: its SHA-256. Only the hash is
// kept, as Appwrite does.
func hashSecret(secret string) [32]byte { return sha256.Sum256([]byte(secret)) }

// user is one account of the project.
type user struct {
	id                string
	createdAt         time.Time
	updatedAt         time.Time
	name              string
	email             string
	phone             string
	password          *password // nil: the user has no password
	passwordUpdate    time.Time
	registration      time.Time
	status            bool
	labels            []string
	emailVerification bool
	phoneVerification bool
	mfa               bool
	prefs             json.RawMessage // compact JSON object; nil means {}
	targets           []*target
	accessedAt        time.Time
	identities        []*identity
	sessions          []*session // oldest first
	tokens            []*token
	// authenticator is the user's TOTP authenticator, nil when none.
	authenticator *authenticator
	// recoveryCodes are the MFA recovery codes not used yet.
	recoveryCodes []string
}

// password is a salted SHA-256 of a user's password. (Appwrite uses
// argon2id, which the standard library does not have.)
type password struct {
	salt []byte
	hash [32]byte
}

// newPassword hashes plain with a fresh salt.
func newPassword(plain string) *password {
	p := &password{salt: randomBytes(16)}
	p.hash = sha256.Sum256(append(append([]byte(nil), p.salt...), plain...))
	return p
}

// matches reports whether plain is the password.
func (p *password) matches(plain string) bool {
	h := sha256.Sum256(append(append([]byte(nil), p.salt...), plain...))
	return subtle.ConstantTimeCompare(h[:], p.hash[:]) == 1
}

// phc renders the stored password the way GET /users/{userId} shows it: in
// the PHC shape of Appwrite's argon2id hashes. It is not an argon2 hash.
func (p *password) phc() string {
	enc := base64.RawStdEncoding
	return "$argon2id$v=19$m=7168,t=5,p=1$" + enc.EncodeToString(p.salt) + "$" + enc.EncodeToString(p.hash[:])
}

// target is a messaging target of a user (the e-mail address).
type target struct {
	id           string
	createdAt    time.Time
	updatedAt    time.Time
	providerType string
	identifier   string
}

// identity links a user to an account at an OAuth2 provider.
type identity struct {
	id          string
	createdAt   time.Time
	updatedAt   time.Time
	provider    string
	providerUID string
	email       string
}

// session is one login of a user.
type session struct {
	id           string
	createdAt    time.Time
	updatedAt    time.Time
	userID       string
	expire       time.Time
	provider     string
	providerUID  string
	secretHash   [32]byte
	ip           string
	factors      []string
	mfaUpdatedAt time.Time
	device       device
}

// valid reports whether the session has not expired at now. Appwrite keeps
// a session usable up to and including its expiry instant.
func (s *session) valid(now time.Time) bool { return !now.After(s.expire) }

// tokenType is Appwrite's token type (TOKEN_TYPE_* constants).
type tokenType int

// The token types the emulator issues.
const (
	tokenVerification tokenType = 2
	tokenRecovery     tokenType = 3
	tokenMagicURL     tokenType = 5
	tokenOAuth2       tokenType = 7
	tokenGeneric      tokenType = 8
	tokenEmail        tokenType = 9
)

// token is a single-use secret issued to a user.
type token struct {
	id         string
	createdAt  time.Time
	userID     string
	typ        tokenType
	secretHash [32]byte
	expire     time.Time
}

// challenge is an open MFA challenge.
type challenge struct {
	id        string
	createdAt time.Time
	userID    string
	factor    string
	code      string
	expire    time.Time
}

// Response models. Field order is the model's key order; every field is
// always present, as Appwrite's Response::output() fills defaults.

// accountModel is the server's Account model, emitted by /account routes:
// the User keys without password, hash and hashOptions.
type accountModel struct {
	ID                string   `json:"$id"`
	CreatedAt         string   `json:"$createdAt"`
	UpdatedAt         string   `json:"$updatedAt"`
	Name              string   `json:"name"`
	Registration      string   `json:"registration"`
	Status            bool     `json:"status"`
	Labels            []string `json:"labels"`
	PasswordUpdate    string   `json:"passwordUpdate"`
	Email             string   `json:"email"`
	Phone             string   `json:"phone"`
	EmailVerification bool     `json:"emailVerification"`
	// The 1.9 line's e-mail fields (userModel's too): null, or a value,
	// each; left out on 1.8. See account.
	EmailCanonical    json.RawMessage `json:"emailCanonical,omitempty"`
	EmailIsFree       json.RawMessage `json:"emailIsFree,omitempty"`
	EmailIsDisposable json.RawMessage `json:"emailIsDisposable,omitempty"`
	EmailIsCorporate  json.RawMessage `json:"emailIsCorporate,omitempty"`
	EmailIsCanonical  json.RawMessage `json:"emailIsCanonical,omitempty"`
	PhoneVerification bool            `json:"phoneVerification"`
	Mfa               bool            `json:"mfa"`
	Prefs             json.RawMessage `json:"prefs"`
	Targets           []targetModel   `json:"targets"`
	AccessedAt        string          `json:"accessedAt"`
	// Impersonator fields of the 1.9 line, for clients asking for
	// format 1.9.0 or later (or none).
	Impersonator       json.RawMessage `json:"impersonator,omitempty"`
	ImpersonatorUserID json.RawMessage `json:"impersonatorUserId,omitempty"`
}

// userModel is the User model of /users routes, with the password hash.
type userModel struct {
	ID                string      `json:"$id"`
	CreatedAt         string      `json:"$createdAt"`
	UpdatedAt         string      `json:"$updatedAt"`
	Name              string      `json:"name"`
	Password          *string     `json:"password"`
	Hash              string      `json:"hash"`
	HashOptions       hashOptions `json:"hashOptions"`
	Registration      string      `json:"registration"`
	Status            bool        `json:"status"`
	Labels            []string    `json:"labels"`
	PasswordUpdate    string      `json:"passwordUpdate"`
	Email             string      `json:"email"`
	Phone             string      `json:"phone"`
	EmailVerification bool        `json:"emailVerification"`
	// The 1.9 line's e-mail fields (userModel's too): null, or a value,
	// each; left out on 1.8. See account.
	EmailCanonical    json.RawMessage `json:"emailCanonical,omitempty"`
	EmailIsFree       json.RawMessage `json:"emailIsFree,omitempty"`
	EmailIsDisposable json.RawMessage `json:"emailIsDisposable,omitempty"`
	EmailIsCorporate  json.RawMessage `json:"emailIsCorporate,omitempty"`
	EmailIsCanonical  json.RawMessage `json:"emailIsCanonical,omitempty"`
	PhoneVerification bool            `json:"phoneVerification"`
	Mfa               bool            `json:"mfa"`
	Prefs             json.RawMessage `json:"prefs"`
	Targets           []targetModel   `json:"targets"`
	AccessedAt        string          `json:"accessedAt"`
	// Impersonator fields of the 1.9 line, for clients asking for
	// format 1.9.0 or later (or none).
	Impersonator       json.RawMessage `json:"impersonator,omitempty"`
	ImpersonatorUserID json.RawMessage `json:"impersonatorUserId,omitempty"`
}

// hashOptions are Appwrite's default argon2 options.
type hashOptions struct {
	Type       string `json:"type"`
	MemoryCost int    `json:"memoryCost"`
	TimeCost   int    `json:"timeCost"`
	Threads    int    `json:"threads"`
}

// targetModel is the Target model. providerId is null when unset.
type targetModel struct {
	ID           string  `json:"$id"`
	CreatedAt    string  `json:"$createdAt"`
	UpdatedAt    string  `json:"$updatedAt"`
	Name         string  `json:"name"`
	UserID       string  `json:"userId"`
	ProviderID   *string `json:"providerId"`
	ProviderType string  `json:"providerType"`
	Identifier   string  `json:"identifier"`
	Expired      bool    `json:"expired"`
}

// sessionModel is the Session model.
type sessionModel struct {
	ID                        string   `json:"$id"`
	CreatedAt                 string   `json:"$createdAt"`
	UpdatedAt                 string   `json:"$updatedAt"`
	UserID                    string   `json:"userId"`
	Expire                    string   `json:"expire"`
	Provider                  string   `json:"provider"`
	ProviderUID               string   `json:"providerUid"`
	ProviderAccessToken       string   `json:"providerAccessToken"`
	ProviderAccessTokenExpiry string   `json:"providerAccessTokenExpiry"`
	ProviderRefreshToken      string   `json:"providerRefreshToken"`
	IP                        string   `json:"ip"`
	OsCode                    string   `json:"osCode"`
	OsName                    string   `json:"osName"`
	OsVersion                 string   `json:"osVersion"`
	ClientType                string   `json:"clientType"`
	ClientCode                string   `json:"clientCode"`
	ClientName                string   `json:"clientName"`
	ClientVersion             string   `json:"clientVersion"`
	ClientEngine              string   `json:"clientEngine"`
	ClientEngineVersion       string   `json:"clientEngineVersion"`
	DeviceName                string   `json:"deviceName"`
	DeviceBrand               string   `json:"deviceBrand"`
	DeviceModel               string   `json:"deviceModel"`
	CountryCode               string   `json:"countryCode"`
	CountryName               string   `json:"countryName"`
	Current                   bool     `json:"current"`
	Factors                   []string `json:"factors"`
	Secret                    string   `json:"secret"`
	MfaUpdatedAt              string   `json:"mfaUpdatedAt"`
}

// sessionListModel is the SessionList model.
type sessionListModel struct {
	Total    int            `json:"total"`
	Sessions []sessionModel `json:"sessions"`
}

// tokenModel is the Token model.
type tokenModel struct {
	ID        string `json:"$id"`
	CreatedAt string `json:"$createdAt"`
	UserID    string `json:"userId"`
	Secret    string `json:"secret"`
	Expire    string `json:"expire"`
	Phrase    string `json:"phrase"`
}

// jwtModel is the JWT model.
type jwtModel struct {
	JWT string `json:"jwt"`
}

// mfaChallengeModel is the MfaChallenge model.
type mfaChallengeModel struct {
	ID        string `json:"$id"`
	CreatedAt string `json:"$createdAt"`
	UserID    string `json:"userId"`
	Expire    string `json:"expire"`
}

// mfaFactorsModel is the MfaFactors model.
type mfaFactorsModel struct {
	TOTP         bool `json:"totp"`
	Phone        bool `json:"phone"`
	Email        bool `json:"email"`
	RecoveryCode bool `json:"recoveryCode"`
}

// versionModel is the HealthVersion model.
type versionModel struct {
	Version string `json:"version"`
}

// emptyObject is PHP's new \stdClass(), written as {}.
var emptyObject = json.RawMessage(`{}`)

// account renders u as the Account model, with the fields of the version
// and response format of q.
func (u *user) account(q *request) accountModel {
	m := accountModel{
		ID:                u.id,
		CreatedAt:         formatDate(u.createdAt),
		UpdatedAt:         formatDate(u.updatedAt),
		Name:              u.name,
		Registration:      formatDate(u.registration),
		Status:            u.status,
		Labels:            nonNil(u.labels),
		PasswordUpdate:    formatDate(u.passwordUpdate),
		Email:             u.email,
		Phone:             u.phone,
		EmailVerification: u.emailVerification,
		PhoneVerification: u.phoneVerification,
		Mfa:               u.mfa,
		Prefs:             u.prefsJSON(),
		Targets:           u.targetModels(),
		AccessedAt:        formatDate(u.accessedAt),
	}
	if q.e.line19() {
		m.EmailCanonical, m.EmailIsFree, m.EmailIsDisposable, m.EmailIsCorporate, m.EmailIsCanonical = u.emailFields()
		if q.format19() {
			m.Impersonator, m.ImpersonatorUserID = json.RawMessage("false"), json.RawMessage("null")
		}
	}
	return m
}

// emailFields are the user's emailCanonical, emailIsFree,
// emailIsDisposable, emailIsCorporate and emailIsCanonical as JSON: null
// each for a user without an address, which Appwrite never classified.
func (u *user) emailFields() (canonical, free, disposable, corporate, isCanonical json.RawMessage) {
	null := json.RawMessage("null")
	if u.email == "" {
		return null, null, null, null, null
	}
	info := classifyEmail(u.email)
	b := func(v bool) json.RawMessage { return json.RawMessage(strconv.FormatBool(v)) }
	c, _ := json.Marshal(info.canonical)
	return c, b(info.free), b(info.disposable), b(info.corporate), b(info.isCanonical(u.email))
}

// full renders u as the User model of the /users routes.
func (u *user) full(q *request) userModel {
	a := u.account(q)
	var pw *string
	if u.password != nil {
		s := u.password.phc()
		pw = &s
	}
	return userModel{
		ID:                 a.ID,
		CreatedAt:          a.CreatedAt,
		UpdatedAt:          a.UpdatedAt,
		Name:               a.Name,
		Password:           pw,
		Hash:               "argon2",
		HashOptions:        hashOptions{Type: "argon2", MemoryCost: 7168, TimeCost: 5, Threads: 1},
		Registration:       a.Registration,
		Status:             a.Status,
		Labels:             a.Labels,
		PasswordUpdate:     a.PasswordUpdate,
		Email:              a.Email,
		Phone:              a.Phone,
		EmailVerification:  a.EmailVerification,
		EmailCanonical:     a.EmailCanonical,
		EmailIsFree:        a.EmailIsFree,
		EmailIsDisposable:  a.EmailIsDisposable,
		EmailIsCorporate:   a.EmailIsCorporate,
		EmailIsCanonical:   a.EmailIsCanonical,
		PhoneVerification:  a.PhoneVerification,
		Mfa:                a.Mfa,
		Prefs:              a.Prefs,
		Targets:            a.Targets,
		AccessedAt:         a.AccessedAt,
		Impersonator:       a.Impersonator,
		ImpersonatorUserID: a.ImpersonatorUserID,
	}
}

// prefsJSON returns the preferences object, {} when empty.
func (u *user) prefsJSON() json.RawMessage {
	if len(u.prefs) == 0 {
		return emptyObject
	}
	return u.prefs
}

// targetModels renders the user's targets.
func (u *user) targetModels() []targetModel {
	out := make([]targetModel, 0, len(u.targets))
	for _, t := range u.targets {
		out = append(out, targetModel{
			ID:           t.id,
			CreatedAt:    formatDate(t.createdAt),
			UpdatedAt:    formatDate(t.updatedAt),
			UserID:       u.id,
			ProviderType: t.providerType,
			Identifier:   t.identifier,
		})
	}
	return out
}

// sessionView says how a session is shown: whether it is the caller's
// current one, its secret (shown only to API keys) and whether the
// request-time countryName is filled in.
type sessionView struct {
	current     bool
	secret      string
	countryName bool
}

// model renders s as the Session model.
func (s *session) model(v sessionView) sessionModel {
	m := sessionModel{
		ID:                  s.id,
		CreatedAt:           formatDate(s.createdAt),
		UpdatedAt:           formatDate(s.updatedAt),
		UserID:              s.userID,
		Expire:              formatDate(s.expire),
		Provider:            s.provider,
		ProviderUID:         s.providerUID,
		IP:                  s.ip,
		OsCode:              s.device.osCode,
		OsName:              s.device.osName,
		OsVersion:           s.device.osVersion,
		ClientType:          s.device.clientType,
		ClientCode:          s.device.clientCode,
		ClientName:          s.device.clientName,
		ClientVersion:       s.device.clientVer,
		ClientEngine:        s.device.engine,
		ClientEngineVersion: s.device.engineVersion,
		DeviceName:          s.device.deviceName,
		CountryCode:         "--",
		Current:             v.current,
		Factors:             nonNil(append([]string(nil), s.factors...)),
		Secret:              v.secret,
		MfaUpdatedAt:        formatDate(s.mfaUpdatedAt),
	}
	if v.countryName {
		m.CountryName = "Unknown"
	}
	return m
}

// storedSecret is what Appwrite keeps in a session's secret attribute, the
// hex SHA-256, which GET /users/{userId}/sessions shows to API keys.
func (s *session) storedSecret() string { return hex.EncodeToString(s.secretHash[:]) }

// model renders t as the Token model with the given secret.
func (t *token) model(secret, phrase string) tokenModel {
	return tokenModel{
		ID:        t.id,
		CreatedAt: formatDate(t.createdAt),
		UserID:    t.userID,
		Secret:    secret,
		Expire:    formatDate(t.expire),
		Phrase:    phrase,
	}
}

// nonNil turns a nil slice into an empty one, so it is written as [].
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
