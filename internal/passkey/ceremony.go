package passkey

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"
)

// User is the account a passkey is registered for.
type User struct {
	// ID is the Appwrite user ID, which becomes the passkey's user handle.
	ID string
	// Name is the account name authenticators show and tell apart
	// accounts by, usually the e-mail address.
	Name string
	// DisplayName is the person's name; empty means Name.
	DisplayName string
}

// maxResponseLen bounds a browser's response: a real one is 1 to 3 KB, a
// few more with a long attestation certificate chain.
const maxResponseLen = 64 << 10

// defaultName names a passkey of an unknown authenticator that the
// browser gave no name for.
const defaultName = "Passkey"

// BeginRegistration starts adding a passkey to user's account, which
// holds existing already. It returns the options for
// navigator.credentials.create (JSON: {"publicKey": {...}} with binary
// fields in base64url, as PublicKeyCredential.parseCreationOptionsFromJSON
// takes the inner object) and the state to keep until the response
// comes. The options require a discoverable (resident) credential and
// user verification, ask for no attestation, exclude the account's
// passkeys (so the authenticator that has one says so instead of making
// a second), and time out when the challenge does (five minutes).
//
// An account that has MaxPasskeys already gets ErrTooManyPasskeys.
func (rp *RelyingParty) BeginRegistration(user User, existing []Credential) (json.RawMessage, State, error) {
	if !validUserID(user.ID) {
		return nil, State{}, errors.New("passkey: the user ID must be 1 to 64 letters, digits, '.', '-' or '_'")
	}
	if len(existing) >= rp.max {
		return nil, State{}, fmt.Errorf("%w (%d)", ErrTooManyPasskeys, rp.max)
	}
	wa, err := rp.library("")
	if err != nil {
		return nil, State{}, err
	}
	exclude := make([]protocol.CredentialDescriptor, 0, len(existing))
	for _, c := range existing {
		exclude = append(exclude, libraryCredential(c).Descriptor())
	}
	creation, session, err := wa.BeginRegistration(libraryUser{user: user},
		webauthn.WithExclusions(exclude),
		webauthn.WithAuthenticatorSelection(authenticatorSelection()),
		webauthn.WithConveyancePreference(protocol.PreferNoAttestation),
	)
	if err != nil {
		return nil, State{}, fmt.Errorf("passkey: registration options: %w", err)
	}
	return rp.begin(Registration, user.ID, creation, session)
}

// FinishRegistration checks the browser's response to the options of st
// for user, whose account holds existing, and returns the new passkey,
// to store. name is the name the browser or the user gave, used when the
// authenticator's model is not one the package knows ([AuthenticatorName]).
//
// It refuses, each with its error: a state of the other ceremony, of
// another user or expired; an account at MaxPasskeys; a response of
// another origin, relying party ID or challenge, or without user
// verification; a credential the account has already; and anything the
// WebAuthn library finds wrong (ErrInvalidResponse). st must have been
// taken out of its store (single use) before.
func (rp *RelyingParty) FinishRegistration(st State, user User, existing []Credential, response []byte, name string) (Credential, error) {
	if err := rp.checkState(st, Registration); err != nil {
		return Credential{}, err
	}
	if st.UserID != user.ID {
		return Credential{}, ErrWrongUser
	}
	if len(existing) >= rp.max {
		return Credential{}, fmt.Errorf("%w (%d)", ErrTooManyPasskeys, rp.max)
	}
	if len(response) > maxResponseLen {
		return Credential{}, fmt.Errorf("%w: response too large", ErrInvalidResponse)
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes(response)
	if err != nil {
		return Credential{}, invalid(err)
	}
	origin, err := rp.checkClientData(parsed.Response.CollectedClientData, protocol.CreateCeremony, st.Challenge)
	if err != nil {
		return Credential{}, err
	}
	authData := parsed.Response.AttestationObject.AuthData
	if err := rp.checkAuthData(authData); err != nil {
		return Credential{}, err
	}
	att := authData.AttData
	switch {
	case len(att.CredentialID) == 0 || len(att.CredentialID) > MaxCredentialIDLen:
		return Credential{}, fmt.Errorf("%w: credential ID of %d bytes", ErrInvalidResponse, len(att.CredentialID))
	case len(att.CredentialPublicKey) == 0 || len(att.CredentialPublicKey) > MaxPublicKeyLen:
		return Credential{}, fmt.Errorf("%w: public key of %d bytes", ErrInvalidResponse, len(att.CredentialPublicKey))
	case len(att.AAGUID) != 0 && len(att.AAGUID) != 16:
		return Credential{}, fmt.Errorf("%w: AAGUID of %d bytes", ErrInvalidResponse, len(att.AAGUID))
	}
	for _, c := range existing {
		if bytes.Equal(c.CredentialID, att.CredentialID) {
			return Credential{}, ErrCredentialExists
		}
	}
	wa, err := rp.library(origin)
	if err != nil {
		return Credential{}, err
	}
	session := webauthn.SessionData{
		Challenge:        base64.RawURLEncoding.EncodeToString(st.Challenge),
		RelyingPartyID:   rp.rpID,
		UserID:           []byte(user.ID),
		UserVerification: protocol.VerificationRequired,
		CredParams:       webauthn.CredentialParametersDefault(),
	}
	lc, err := wa.CreateCredential(libraryUser{user: user}, session, parsed)
	if err != nil {
		return Credential{}, invalid(err)
	}
	now := rp.now().Truncate(1e6)
	c := Credential{
		ID:             PasskeyID(lc.ID),
		CredentialID:   lc.ID,
		UserID:         user.ID,
		PublicKey:      lc.PublicKey,
		SignCount:      lc.Authenticator.SignCount,
		AAGUID:         lc.Authenticator.AAGUID,
		BackupEligible: lc.Flags.BackupEligible,
		BackupState:    lc.Flags.BackupState,
		CreatedAt:      now,
	}
	if len(c.AAGUID) == 0 {
		c.AAGUID = make([]byte, 16)
	}
	for _, t := range lc.Transport {
		c.Transports = append(c.Transports, string(t))
	}
	c.Transports = cleanTransports(c.Transports)
	c.Name = AuthenticatorName(c.AAGUID)
	if c.Name == "" {
		c.Name = CleanName(name)
	}
	if c.Name == "" {
		c.Name = defaultName
	}
	return c, nil
}

// BeginLogin starts a sign-in with a discoverable passkey: no account is
// named, the browser offers the passkeys it has for the RP ID (in a
// dialog, or in the e-mail field's autofill when the page asks for
// mediation "conditional"). It returns the options for
// navigator.credentials.get ({"publicKey": {...}}, base64url) and the
// state to keep. User verification is required.
func (rp *RelyingParty) BeginLogin() (json.RawMessage, State, error) {
	wa, err := rp.library("")
	if err != nil {
		return nil, State{}, err
	}
	assertion, session, err := wa.BeginDiscoverableLogin(webauthn.WithUserVerification(protocol.VerificationRequired))
	if err != nil {
		return nil, State{}, fmt.Errorf("passkey: login options: %w", err)
	}
	return rp.begin(Login, "", assertion, session)
}

// Lookup finds a registered passkey by its credential ID, for
// [RelyingParty.FinishLogin]: ErrNotFound (or ErrUnknownCredential) when
// there is none. [Store.GetByCredentialID] is one.
type Lookup func(credentialID []byte) (Credential, error)

// FinishLogin checks the browser's response to the options of st and
// returns the user it signs in and the passkey used, its SignCount,
// BackupState and LastUsedAt updated: store them
// ([Store.UpdateCounter]) so that the next sign-in compares with them.
//
// The response's user handle names the user; lookup finds the passkey by
// its credential ID, which must be that user's (ErrCredentialUser). The
// signature counter must move forward unless the authenticator keeps none
// (ErrClonedAuthenticator). It refuses too, each with its error: a state
// of the other ceremony or expired; a response of another origin,
// relying party ID or challenge, or without user verification; an
// unknown (deleted) passkey; and anything the WebAuthn library finds
// wrong, a bad signature first (ErrInvalidResponse). An error of lookup
// other than ErrNotFound is returned as it is. st must have been taken
// out of its store (single use) before.
func (rp *RelyingParty) FinishLogin(st State, response []byte, lookup Lookup) (string, Credential, error) {
	a, err := ParseAssertion(response)
	if err != nil {
		return "", Credential{}, err
	}
	return rp.FinishParsedLogin(st, a, lookup)
}

// Assertion is a parsed sign-in response, for a caller that looks the
// passkey up (by [Assertion.CredentialID]) while it takes the state out of
// its store, then calls [RelyingParty.FinishParsedLogin].
type Assertion struct {
	parsed *protocol.ParsedCredentialAssertionData
}

// ParseAssertion parses a sign-in response (PublicKeyCredential.toJSON of
// navigator.credentials.get's result). It verifies nothing but its shape.
func ParseAssertion(response []byte) (*Assertion, error) {
	if len(response) > maxResponseLen {
		return nil, fmt.Errorf("%w: response too large", ErrInvalidResponse)
	}
	parsed, err := protocol.ParseCredentialRequestResponseBytes(response)
	if err != nil {
		return nil, invalid(err)
	}
	if n := len(parsed.RawID); n == 0 || n > MaxCredentialIDLen {
		return nil, fmt.Errorf("%w: credential ID of %d bytes", ErrInvalidResponse, n)
	}
	return &Assertion{parsed: parsed}, nil
}

// CredentialID returns the ID of the credential the browser used.
func (a *Assertion) CredentialID() []byte { return bytes.Clone(a.parsed.RawID) }

// UserID returns the user the response's user handle names ("" when it
// has none, or not a valid user ID). It is the browser's word only, until
// FinishParsedLogin has checked it.
func (a *Assertion) UserID() string {
	if id := string(a.parsed.Response.UserHandle); validUserID(id) {
		return id
	}
	return ""
}

// FinishParsedLogin is [RelyingParty.FinishLogin] for a response parsed
// already.
func (rp *RelyingParty) FinishParsedLogin(st State, a *Assertion, lookup Lookup) (string, Credential, error) {
	if err := rp.checkState(st, Login); err != nil {
		return "", Credential{}, err
	}
	p := a.parsed
	origin, err := rp.checkClientData(p.Response.CollectedClientData, protocol.AssertCeremony, st.Challenge)
	if err != nil {
		return "", Credential{}, err
	}
	userID := a.UserID()
	if userID == "" {
		return "", Credential{}, fmt.Errorf("%w: no valid user handle (not a discoverable credential)", ErrInvalidResponse)
	}
	if err := rp.checkAuthData(p.Response.AuthenticatorData); err != nil {
		return "", Credential{}, err
	}
	stored, err := lookup(bytes.Clone(p.RawID))
	switch {
	case errors.Is(err, ErrNotFound) || errors.Is(err, ErrUnknownCredential):
		return "", Credential{}, ErrUnknownCredential
	case err != nil:
		return "", Credential{}, err
	case !bytes.Equal(stored.CredentialID, p.RawID):
		return "", Credential{}, ErrUnknownCredential
	case stored.UserID != userID:
		return "", Credential{}, ErrCredentialUser
	}
	wa, err := rp.library(origin)
	if err != nil {
		return "", Credential{}, err
	}
	session := webauthn.SessionData{
		Challenge:        base64.RawURLEncoding.EncodeToString(st.Challenge),
		RelyingPartyID:   rp.rpID,
		UserVerification: protocol.VerificationRequired,
	}
	owner := libraryUser{user: User{ID: stored.UserID}, credentials: []webauthn.Credential{libraryCredential(stored)}}
	_, lc, err := wa.ValidatePasskeyLogin(func(_, _ []byte) (webauthn.User, error) { return owner, nil }, session, p)
	if err != nil {
		return "", Credential{}, invalid(err)
	}
	counter := p.Response.AuthenticatorData.Counter
	if lc.Authenticator.CloneWarning {
		return "", Credential{}, fmt.Errorf("%w: stored %d, presented %d", ErrClonedAuthenticator, stored.SignCount, counter)
	}
	used := stored
	used.SignCount = counter
	used.BackupState = p.Response.AuthenticatorData.Flags.HasBackupState()
	used.LastUsedAt = rp.now().Truncate(1e6)
	return stored.UserID, used, nil
}

// begin turns the library's options and session into the package's.
func (rp *RelyingParty) begin(c Ceremony, userID string, options any, session *webauthn.SessionData) (json.RawMessage, State, error) {
	challenge, err := base64.RawURLEncoding.DecodeString(session.Challenge)
	if err != nil {
		return nil, State{}, fmt.Errorf("passkey: the library's challenge: %w", err)
	}
	st := State{Ceremony: c, Challenge: challenge, UserID: userID, Expires: rp.now().Add(ChallengeTTL).Truncate(1e6)}
	if err := st.check(); err != nil {
		return nil, State{}, err
	}
	b, err := json.Marshal(options)
	if err != nil {
		return nil, State{}, fmt.Errorf("passkey: options: %w", err)
	}
	return b, st, nil
}

// checkState refuses a state of another ceremony, or expired. The library
// (v0.13.4) enforces no expiry of a discoverable login's session, and
// reads time.Now where it does: the package checks its own, on its clock.
func (rp *RelyingParty) checkState(st State, want Ceremony) error {
	if err := st.check(); err != nil {
		return err
	}
	if st.Ceremony != want {
		return fmt.Errorf("%w: a %s state used for a %s", ErrWrongCeremony, st.Ceremony, want)
	}
	if !rp.now().Before(st.Expires) {
		return ErrChallengeExpired
	}
	return nil
}

// checkClientData checks the client data before the library does, to
// tell why a response is refused: the ceremony, the challenge, the
// origin (returned, as the library compares it), and no cross-origin
// frame.
func (rp *RelyingParty) checkClientData(cd protocol.CollectedClientData, want protocol.CeremonyType, challenge []byte) (string, error) {
	if cd.Type != want {
		if cd.Type == protocol.CreateCeremony || cd.Type == protocol.AssertCeremony {
			return "", fmt.Errorf("%w: a %s response", ErrWrongCeremony, cd.Type)
		}
		return "", fmt.Errorf("%w: client data of an unknown type", ErrInvalidResponse)
	}
	got, err := base64.RawURLEncoding.DecodeString(cd.Challenge)
	if err != nil || subtle.ConstantTimeCompare(got, challenge) != 1 {
		return "", ErrChallengeMismatch
	}
	origin, ok := rp.allowedOrigin(cd.Origin)
	if !ok {
		return "", ErrWrongOrigin
	}
	if cd.CrossOrigin || cd.TopOrigin != "" {
		return "", fmt.Errorf("%w: made in a cross-origin frame", ErrWrongOrigin)
	}
	return origin, nil
}

// checkAuthData checks the authenticator data's RP ID hash and flags
// before the library does.
func (rp *RelyingParty) checkAuthData(ad protocol.AuthenticatorData) error {
	want := sha256.Sum256([]byte(rp.rpID))
	if subtle.ConstantTimeCompare(ad.RPIDHash, want[:]) != 1 {
		return ErrWrongRPID
	}
	if !ad.Flags.HasUserPresent() {
		return fmt.Errorf("%w: user presence missing", ErrInvalidResponse)
	}
	if !ad.Flags.HasUserVerified() {
		return ErrUserVerification
	}
	return nil
}

// invalid wraps an error of the library as ErrInvalidResponse, keeping
// its short description (not its debugging details, which quote what the
// browser sent).
func invalid(err error) error {
	var pe *protocol.Error
	if errors.As(err, &pe) {
		return fmt.Errorf("%w: %s", ErrInvalidResponse, pe.Details)
	}
	return fmt.Errorf("%w: %v", ErrInvalidResponse, err)
}

// authenticatorSelection is what registration asks of the authenticator:
// a discoverable credential and user verification, on any attachment.
func authenticatorSelection() protocol.AuthenticatorSelection {
	return protocol.AuthenticatorSelection{
		ResidentKey:        protocol.ResidentKeyRequirementRequired,
		RequireResidentKey: protocol.ResidentKeyRequired(),
		UserVerification:   protocol.VerificationRequired,
	}
}

// library returns the WebAuthn library for the relying party. Its
// origins are the exact allowed ones, and extra: the origin of a
// response, once checkClientData has matched it (against a wildcard, say).
func (rp *RelyingParty) library(extra string) (*webauthn.WebAuthn, error) {
	origins := append([]string(nil), rp.exact...)
	if extra != "" && !contains(origins, extra) {
		origins = append(origins, extra)
	}
	if len(origins) == 0 {
		origins = rp.Origins() // options only: no response is checked against them
	}
	timeout := webauthn.TimeoutConfig{Timeout: ChallengeTTL, TimeoutUVD: ChallengeTTL}
	wa, err := webauthn.New(&webauthn.Config{
		RPID:                        rp.rpID,
		RPDisplayName:               rp.rpName,
		RPOrigins:                   origins,
		RPTopOriginVerificationMode: protocol.TopOriginExplicitVerificationMode,
		AttestationPreference:       protocol.PreferNoAttestation,
		AuthenticatorSelection:      authenticatorSelection(),
		Timeouts:                    webauthn.TimeoutsConfig{Login: timeout, Registration: timeout},
	})
	if err != nil {
		return nil, fmt.Errorf("passkey: %w", err)
	}
	return wa, nil
}

// libraryUser is a User as the library sees one.
type libraryUser struct {
	user        User
	credentials []webauthn.Credential
}

func (u libraryUser) WebAuthnID() []byte   { return []byte(u.user.ID) }
func (u libraryUser) WebAuthnName() string { return u.user.Name }
func (u libraryUser) WebAuthnDisplayName() string {
	if u.user.DisplayName != "" {
		return u.user.DisplayName
	}
	return u.user.Name
}
func (u libraryUser) WebAuthnCredentials() []webauthn.Credential { return u.credentials }

// libraryCredential is a Credential as the library sees one.
func libraryCredential(c Credential) webauthn.Credential {
	lc := webauthn.Credential{
		ID:        c.CredentialID,
		PublicKey: c.PublicKey,
		Flags:     webauthn.CredentialFlags{BackupEligible: c.BackupEligible, BackupState: c.BackupState},
		Authenticator: webauthn.Authenticator{
			AAGUID:    c.AAGUID,
			SignCount: c.SignCount,
		},
	}
	for _, t := range c.Transports {
		lc.Transport = append(lc.Transport, protocol.AuthenticatorTransport(t))
	}
	return lc
}
