package appwritetest

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"time"
)

// snapshotFormat and snapshotVersion name the format of [Emulator.Snapshot].
const (
	snapshotFormat  = "appwritetest-snapshot"
	snapshotVersion = 1
)

// Snapshot returns the emulator's state as JSON, for [Emulator.Restore]:
// a program that runs an emulator for a person (the dev runtime with
// -data) writes it to a file and reads it back at its next start.
//
// The state is everything requests change: users (with their salted
// password hashes, targets, OAuth2 identities, blocked status, sessions
// and tokens), open MFA challenges and OAuth2 logins, the per-route
// rate-limit counters, the outbox, the TablesDB databases with their
// tables, columns and rows, and the key JWTs are signed with. The options
// given to [New] (project, API keys, clock, server version…) are settings,
// not state, and are not in it.
//
// The format is one JSON object:
//
//	{"format": "appwritetest-snapshot", "version": 1, "projectId": "…",
//	 "jwtKey": "<base64>", "users": […], "challenges": […],
//	 "oauthStates": […], "rateLimits": […], "outbox": […], "databases": […]}
//
// Users are in order of creation, each with its sessions and tokens
// nested; times are RFC 3339 with nanoseconds; session and token secrets
// appear as the hex SHA-256 the emulator keeps (a snapshot holds no secret
// a browser holds), but the JWT key, the MFA codes of open challenges and
// the outbox's links and codes are secrets: keep a snapshot as private as
// the accounts it holds.
func (e *Emulator) Snapshot() ([]byte, error) {
	e.mu.Lock()
	s := e.snapshotLocked()
	e.mu.Unlock()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(s); err != nil {
		return nil, fmt.Errorf("appwritetest: encoding the snapshot: %w", err)
	}
	return buf.Bytes(), nil
}

// Restore replaces the emulator's state with a snapshot that
// [Emulator.Snapshot] wrote for the same project ID (a session's cookie is
// named after its project). The snapshot is checked whole first: on error
// nothing has changed.
func (e *Emulator) Restore(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // row values: integers up to 64 bits
	dec.DisallowUnknownFields()
	var s snapshot
	if err := dec.Decode(&s); err != nil {
		return fmt.Errorf("appwritetest: reading the snapshot: %w", err)
	}
	switch {
	case s.Format != snapshotFormat:
		return fmt.Errorf("appwritetest: not an emulator snapshot (format %q)", s.Format)
	case s.Version != snapshotVersion:
		return fmt.Errorf("appwritetest: snapshot version %d, this emulator reads version %d", s.Version, snapshotVersion)
	case s.ProjectID != e.cfg.projectID:
		return fmt.Errorf("appwritetest: the snapshot is of project %q, this emulator's is %q", s.ProjectID, e.cfg.projectID)
	case len(s.JWTKey) < 32:
		return errors.New("appwritetest: the snapshot's JWT key is missing or short")
	}
	st, err := s.state()
	if err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.jwtKey = s.JWTKey
	e.users, e.challenges, e.oauthStates = st.users, st.challenges, st.oauthStates
	e.limits, e.outbox, e.databases = st.limits, st.outbox, st.databases
	return nil
}

// snapshot is the JSON form of the emulator's state.
type snapshot struct {
	Format      string           `json:"format"`
	Version     int              `json:"version"`
	ProjectID   string           `json:"projectId"`
	JWTKey      []byte           `json:"jwtKey"`
	Users       []userRecord     `json:"users"`
	Challenges  []challengeRec   `json:"challenges"`
	OAuthStates []oauthStateRec  `json:"oauthStates"`
	RateLimits  []rateLimitRec   `json:"rateLimits"`
	Outbox      []Message        `json:"outbox"`
	Databases   []databaseRecord `json:"databases"`
}

type userRecord struct {
	ID                string          `json:"id"`
	CreatedAt         time.Time       `json:"createdAt"`
	UpdatedAt         time.Time       `json:"updatedAt"`
	Name              string          `json:"name"`
	Email             string          `json:"email"`
	Phone             string          `json:"phone"`
	Password          *passwordRecord `json:"password"`
	PasswordUpdate    time.Time       `json:"passwordUpdate"`
	Registration      time.Time       `json:"registration"`
	Status            bool            `json:"status"`
	Labels            []string        `json:"labels"`
	EmailVerification bool            `json:"emailVerification"`
	PhoneVerification bool            `json:"phoneVerification"`
	MFA               bool            `json:"mfa"`
	Prefs             json.RawMessage `json:"prefs,omitempty"`
	Targets           []targetRecord  `json:"targets"`
	AccessedAt        time.Time       `json:"accessedAt"`
	Identities        []identityRec   `json:"identities"`
	Sessions          []sessionRecord `json:"sessions"`
	Tokens            []tokenRecord   `json:"tokens"`
	// Authenticator and RecoveryCodes are the user's second factors: the
	// TOTP key and the unused codes in plain text, as the emulator keeps
	// them (a snapshot is a test's or a developer's file; the dev runtime
	// writes it readable by its owner only).
	Authenticator *authenticatorRecord `json:"authenticator,omitempty"`
	RecoveryCodes []string             `json:"recoveryCodes,omitempty"`
}

type authenticatorRecord struct {
	ID        string    `json:"id"`
	CreatedAt time.Time `json:"createdAt"`
	Secret    string    `json:"secret"`
	Verified  bool      `json:"verified"`
}

type passwordRecord struct {
	Salt []byte `json:"salt"`
	Hash []byte `json:"sha256"`
}

type targetRecord struct {
	ID           string    `json:"id"`
	CreatedAt    time.Time `json:"createdAt"`
	UpdatedAt    time.Time `json:"updatedAt"`
	ProviderType string    `json:"providerType"`
	Identifier   string    `json:"identifier"`
}

type identityRec struct {
	ID          string    `json:"id"`
	CreatedAt   time.Time `json:"createdAt"`
	UpdatedAt   time.Time `json:"updatedAt"`
	Provider    string    `json:"provider"`
	ProviderUID string    `json:"providerUid"`
	Email       string    `json:"email"`
}

type sessionRecord struct {
	ID           string       `json:"id"`
	CreatedAt    time.Time    `json:"createdAt"`
	UpdatedAt    time.Time    `json:"updatedAt"`
	Expire       time.Time    `json:"expire"`
	Provider     string       `json:"provider"`
	ProviderUID  string       `json:"providerUid"`
	SecretHash   hexHash      `json:"secretSha256"`
	IP           string       `json:"ip"`
	Factors      []string     `json:"factors"`
	MFAUpdatedAt time.Time    `json:"mfaUpdatedAt"`
	Device       deviceRecord `json:"device"`
}

type deviceRecord struct {
	OSCode        string `json:"osCode"`
	OSName        string `json:"osName"`
	OSVersion     string `json:"osVersion"`
	ClientType    string `json:"clientType"`
	ClientCode    string `json:"clientCode"`
	ClientName    string `json:"clientName"`
	ClientVersion string `json:"clientVersion"`
	Engine        string `json:"clientEngine"`
	EngineVersion string `json:"clientEngineVersion"`
	DeviceName    string `json:"deviceName"`
}

type tokenRecord struct {
	ID         string    `json:"id"`
	CreatedAt  time.Time `json:"createdAt"`
	Type       int       `json:"type"`
	SecretHash hexHash   `json:"secretSha256"`
	Expire     time.Time `json:"expire"`
}

type challengeRec struct {
	ID        string    `json:"id"`
	CreatedAt time.Time `json:"createdAt"`
	UserID    string    `json:"userId"`
	Factor    string    `json:"factor"`
	Code      string    `json:"code"`
	Expire    time.Time `json:"expire"`
}

type oauthStateRec struct {
	ID       string    `json:"id"`
	Provider string    `json:"provider"`
	Success  string    `json:"success"`
	Failure  string    `json:"failure"`
	Expire   time.Time `json:"expire"`
}

type rateLimitRec struct {
	Key   string `json:"key"`
	Start int64  `json:"start"`
	Count int    `json:"count"`
}

type databaseRecord struct {
	ID        string        `json:"id"`
	Name      string        `json:"name"`
	Enabled   bool          `json:"enabled"`
	CreatedAt time.Time     `json:"createdAt"`
	UpdatedAt time.Time     `json:"updatedAt"`
	Tables    []tableRecord `json:"tables"`
}

type tableRecord struct {
	ID          string         `json:"id"`
	Name        string         `json:"name"`
	Permissions []string       `json:"permissions"`
	RowSecurity bool           `json:"rowSecurity"`
	Enabled     bool           `json:"enabled"`
	CreatedAt   time.Time      `json:"createdAt"`
	UpdatedAt   time.Time      `json:"updatedAt"`
	Columns     []columnRecord `json:"columns"`
	Rows        []rowRecord    `json:"rows"`
	Sequence    int64          `json:"sequence"`
}

type columnRecord struct {
	Key       string    `json:"key"`
	Type      string    `json:"type,omitempty"` // "" (an older snapshot) is integer
	Required  bool      `json:"required"`
	Array     bool      `json:"array"`
	Min       int64     `json:"min"`
	Max       int64     `json:"max"`
	Size      int64     `json:"size,omitempty"`
	Encrypt   bool      `json:"encrypt,omitempty"`
	Default   any       `json:"default"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

type rowRecord struct {
	ID          string         `json:"id"`
	Sequence    int64          `json:"sequence"`
	CreatedAt   time.Time      `json:"createdAt"`
	UpdatedAt   time.Time      `json:"updatedAt"`
	Permissions []string       `json:"permissions"`
	Values      map[string]any `json:"values"`
}

// hexHash is a SHA-256 written as hex.
type hexHash [32]byte

func (h hexHash) MarshalText() ([]byte, error) {
	return []byte(hex.EncodeToString(h[:])), nil
}

func (h *hexHash) UnmarshalText(b []byte) error {
	raw, err := hex.DecodeString(string(b))
	if err != nil || len(raw) != len(h) {
		return fmt.Errorf("%q is not a hex SHA-256", b)
	}
	copy(h[:], raw)
	return nil
}

// snapshotLocked copies the state into its JSON form. It runs with e.mu
// held.
func (e *Emulator) snapshotLocked() snapshot {
	s := snapshot{
		Format: snapshotFormat, Version: snapshotVersion, ProjectID: e.cfg.projectID,
		JWTKey: append([]byte(nil), e.jwtKey...),
		Users:  []userRecord{}, Challenges: []challengeRec{}, OAuthStates: []oauthStateRec{},
		RateLimits: []rateLimitRec{}, Outbox: append([]Message{}, e.outbox...), Databases: []databaseRecord{},
	}
	for _, u := range e.usersByCreation() {
		s.Users = append(s.Users, u.record())
	}
	for id, c := range e.challenges {
		s.Challenges = append(s.Challenges, challengeRec{ID: id, CreatedAt: c.createdAt, UserID: c.userID, Factor: c.factor, Code: c.code, Expire: c.expire})
	}
	sort.Slice(s.Challenges, func(i, j int) bool { return s.Challenges[i].ID < s.Challenges[j].ID })
	for id, st := range e.oauthStates {
		s.OAuthStates = append(s.OAuthStates, oauthStateRec{ID: id, Provider: st.provider, Success: st.success, Failure: st.failure, Expire: st.expire})
	}
	sort.Slice(s.OAuthStates, func(i, j int) bool { return s.OAuthStates[i].ID < s.OAuthStates[j].ID })
	for key, w := range e.limits {
		s.RateLimits = append(s.RateLimits, rateLimitRec{Key: key, Start: w.start, Count: w.count})
	}
	sort.Slice(s.RateLimits, func(i, j int) bool { return s.RateLimits[i].Key < s.RateLimits[j].Key })
	for _, id := range slices.Sorted(maps.Keys(e.databases)) {
		s.Databases = append(s.Databases, e.databases[id].record())
	}
	return s
}

// usersByCreation returns the users oldest first (then by ID). It runs
// with e.mu held.
func (e *Emulator) usersByCreation() []*user {
	out := make([]*user, 0, len(e.users))
	for _, u := range e.users {
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].createdAt.Equal(out[j].createdAt) {
			return out[i].createdAt.Before(out[j].createdAt)
		}
		return out[i].id < out[j].id
	})
	return out
}

func (u *user) record() userRecord {
	r := userRecord{
		ID: u.id, CreatedAt: u.createdAt, UpdatedAt: u.updatedAt, Name: u.name, Email: u.email, Phone: u.phone,
		PasswordUpdate: u.passwordUpdate, Registration: u.registration, Status: u.status,
		Labels: append([]string{}, u.labels...), EmailVerification: u.emailVerification,
		PhoneVerification: u.phoneVerification, MFA: u.mfa, Prefs: u.prefs, AccessedAt: u.accessedAt,
		Targets: []targetRecord{}, Identities: []identityRec{}, Sessions: []sessionRecord{}, Tokens: []tokenRecord{},
	}
	if u.password != nil {
		r.Password = &passwordRecord{Salt: u.password.salt, Hash: u.password.hash[:]}
	}
	for _, t := range u.targets {
		r.Targets = append(r.Targets, targetRecord{ID: t.id, CreatedAt: t.createdAt, UpdatedAt: t.updatedAt, ProviderType: t.providerType, Identifier: t.identifier})
	}
	for _, id := range u.identities {
		r.Identities = append(r.Identities, identityRec{ID: id.id, CreatedAt: id.createdAt, UpdatedAt: id.updatedAt,
			Provider: id.provider, ProviderUID: id.providerUID, Email: id.email})
	}
	for _, s := range u.sessions {
		d := s.device
		r.Sessions = append(r.Sessions, sessionRecord{
			ID: s.id, CreatedAt: s.createdAt, UpdatedAt: s.updatedAt, Expire: s.expire, Provider: s.provider,
			ProviderUID: s.providerUID, SecretHash: s.secretHash, IP: s.ip, Factors: append([]string{}, s.factors...),
			MFAUpdatedAt: s.mfaUpdatedAt,
			Device: deviceRecord{OSCode: d.osCode, OSName: d.osName, OSVersion: d.osVersion, ClientType: d.clientType,
				ClientCode: d.clientCode, ClientName: d.clientName, ClientVersion: d.clientVer, Engine: d.engine,
				EngineVersion: d.engineVersion, DeviceName: d.deviceName},
		})
	}
	for _, t := range u.tokens {
		r.Tokens = append(r.Tokens, tokenRecord{ID: t.id, CreatedAt: t.createdAt, Type: int(t.typ), SecretHash: t.secretHash, Expire: t.expire})
	}
	if a := u.authenticator; a != nil {
		r.Authenticator = &authenticatorRecord{ID: a.id, CreatedAt: a.createdAt, Secret: a.secret, Verified: a.verified}
	}
	r.RecoveryCodes = append([]string(nil), u.recoveryCodes...)
	return r
}

func (db *database) record() databaseRecord {
	r := databaseRecord{ID: db.id, Name: db.name, Enabled: db.enabled, CreatedAt: db.createdAt, UpdatedAt: db.updatedAt, Tables: []tableRecord{}}
	for _, id := range slices.Sorted(maps.Keys(db.tables)) {
		t := db.tables[id]
		tr := tableRecord{ID: t.id, Name: t.name, Permissions: append([]string{}, t.permissions...), RowSecurity: t.rowSecurity,
			Enabled: t.enabled, CreatedAt: t.createdAt, UpdatedAt: t.updatedAt, Sequence: t.sequence,
			Columns: []columnRecord{}, Rows: []rowRecord{}}
		for _, c := range t.columns {
			tr.Columns = append(tr.Columns, columnRecord{Key: c.key, Type: c.typ, Required: c.required, Array: c.array, Min: c.min, Max: c.max,
				Size: c.size, Encrypt: c.encrypt, Default: c.def, CreatedAt: c.createdAt, UpdatedAt: c.updatedAt})
		}
		for _, rid := range slices.Sorted(maps.Keys(t.rows)) {
			row := t.rows[rid]
			tr.Rows = append(tr.Rows, rowRecord{ID: row.id, Sequence: row.sequence, CreatedAt: row.createdAt, UpdatedAt: row.updatedAt,
				Permissions: append([]string{}, row.permissions...), Values: row.values})
		}
		r.Tables = append(r.Tables, tr)
	}
	return r
}

// restoredState is a snapshot turned back into the emulator's maps.
type restoredState struct {
	users       map[string]*user
	challenges  map[string]*challenge
	oauthStates map[string]*oauthState
	limits      map[string]*limitWindow
	outbox      []Message
	databases   map[string]*database
}

// state checks the snapshot and builds the state it describes.
func (s *snapshot) state() (*restoredState, error) {
	st := &restoredState{
		users: map[string]*user{}, challenges: map[string]*challenge{}, oauthStates: map[string]*oauthState{},
		limits: map[string]*limitWindow{}, outbox: append([]Message{}, s.Outbox...), databases: map[string]*database{},
	}
	for _, r := range s.Users {
		if r.ID == "" || st.users[r.ID] != nil {
			return nil, fmt.Errorf("appwritetest: snapshot: user ID %q is empty or repeated", r.ID)
		}
		u, err := r.user()
		if err != nil {
			return nil, fmt.Errorf("appwritetest: snapshot: user %s: %w", r.ID, err)
		}
		st.users[r.ID] = u
	}
	for _, c := range s.Challenges {
		if st.users[c.UserID] == nil {
			return nil, fmt.Errorf("appwritetest: snapshot: challenge %s is of no user", c.ID)
		}
		st.challenges[c.ID] = &challenge{id: c.ID, createdAt: c.CreatedAt, userID: c.UserID, factor: c.Factor, code: c.Code, expire: c.Expire}
	}
	for _, o := range s.OAuthStates {
		st.oauthStates[o.ID] = &oauthState{provider: o.Provider, success: o.Success, failure: o.Failure, expire: o.Expire}
	}
	for _, l := range s.RateLimits {
		st.limits[l.Key] = &limitWindow{start: l.Start, count: l.Count}
	}
	for _, d := range s.Databases {
		db, err := d.database()
		if err != nil {
			return nil, fmt.Errorf("appwritetest: snapshot: database %s: %w", d.ID, err)
		}
		st.databases[d.ID] = db
	}
	return st, nil
}

func (r *userRecord) user() (*user, error) {
	u := &user{
		id: r.ID, createdAt: r.CreatedAt, updatedAt: r.UpdatedAt, name: r.Name, email: r.Email, phone: r.Phone,
		passwordUpdate: r.PasswordUpdate, registration: r.Registration, status: r.Status, labels: r.Labels,
		emailVerification: r.EmailVerification, phoneVerification: r.PhoneVerification, mfa: r.MFA,
		accessedAt: r.AccessedAt,
	}
	if len(r.Prefs) > 0 {
		u.prefs = r.Prefs
	}
	if r.Password != nil {
		if len(r.Password.Hash) != 32 {
			return nil, errors.New("the password hash is not a SHA-256")
		}
		u.password = &password{salt: r.Password.Salt}
		copy(u.password.hash[:], r.Password.Hash)
	}
	for _, t := range r.Targets {
		u.targets = append(u.targets, &target{id: t.ID, createdAt: t.CreatedAt, updatedAt: t.UpdatedAt, providerType: t.ProviderType, identifier: t.Identifier})
	}
	for _, id := range r.Identities {
		u.identities = append(u.identities, &identity{id: id.ID, createdAt: id.CreatedAt, updatedAt: id.UpdatedAt,
			provider: id.Provider, providerUID: id.ProviderUID, email: id.Email})
	}
	for _, s := range r.Sessions {
		d := s.Device
		u.sessions = append(u.sessions, &session{
			id: s.ID, createdAt: s.CreatedAt, updatedAt: s.UpdatedAt, userID: r.ID, expire: s.Expire, provider: s.Provider,
			providerUID: s.ProviderUID, secretHash: s.SecretHash, ip: s.IP, factors: s.Factors, mfaUpdatedAt: s.MFAUpdatedAt,
			device: device{osCode: d.OSCode, osName: d.OSName, osVersion: d.OSVersion, clientType: d.ClientType,
				clientCode: d.ClientCode, clientName: d.ClientName, clientVer: d.ClientVersion, engine: d.Engine,
				engineVersion: d.EngineVersion, deviceName: d.DeviceName},
		})
	}
	for _, t := range r.Tokens {
		typ := tokenType(t.Type)
		switch typ {
		case tokenVerification, tokenRecovery, tokenMagicURL, tokenOAuth2, tokenGeneric, tokenEmail:
		default:
			return nil, fmt.Errorf("token %s has unknown type %d", t.ID, t.Type)
		}
		u.tokens = append(u.tokens, &token{id: t.ID, createdAt: t.CreatedAt, userID: r.ID, typ: typ, secretHash: t.SecretHash, expire: t.Expire})
	}
	if a := r.Authenticator; a != nil {
		u.authenticator = &authenticator{id: a.ID, createdAt: a.CreatedAt, secret: a.Secret, verified: a.Verified}
	}
	if len(r.RecoveryCodes) > 0 {
		u.recoveryCodes = r.RecoveryCodes
	}
	return u, nil
}

func (r *databaseRecord) database() (*database, error) {
	db := &database{id: r.ID, name: r.Name, enabled: r.Enabled, createdAt: r.CreatedAt, updatedAt: r.UpdatedAt, tables: map[string]*table{}}
	for _, tr := range r.Tables {
		t := &table{id: tr.ID, databaseID: r.ID, name: tr.Name, permissions: nonNil(tr.Permissions), rowSecurity: tr.RowSecurity,
			enabled: tr.Enabled, createdAt: tr.CreatedAt, updatedAt: tr.UpdatedAt, sequence: tr.Sequence, rows: map[string]*row{}}
		for _, c := range tr.Columns {
			col := &column{key: c.Key, typ: c.Type, required: c.Required, array: c.Array, min: c.Min, max: c.Max,
				size: c.Size, encrypt: c.Encrypt, createdAt: c.CreatedAt, updatedAt: c.UpdatedAt}
			if c.Default != nil {
				def, msg := col.one(c.Default, `"`+c.Key+`"`)
				if msg != "" {
					return nil, fmt.Errorf("table %s, column %s: default: %s", tr.ID, c.Key, msg)
				}
				col.def = def
			}
			t.columns = append(t.columns, col)
		}
		for _, rr := range tr.Rows {
			// A non-nil old row: the values are taken as stored, with no
			// defaults filled in.
			values, apiErr := checkStructure(t, map[string]any{}, rr.Values)
			if apiErr != nil {
				return nil, fmt.Errorf("table %s, row %s: %s", tr.ID, rr.ID, apiErr.message)
			}
			t.rows[rr.ID] = &row{id: rr.ID, sequence: rr.Sequence, createdAt: rr.CreatedAt, updatedAt: rr.UpdatedAt,
				permissions: nonNil(rr.Permissions), values: values}
		}
		db.tables[tr.ID] = t
	}
	return db, nil
}
