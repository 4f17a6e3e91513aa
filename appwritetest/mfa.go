package appwritetest

import (
	"net/http"
	"time"
)

// challengeLifetime is how long an MFA challenge is open
// (TOKEN_EXPIRATION_CONFIRM).
const challengeLifetime = time.Hour

// addFactor appends f to factors unless it is there already.
func addFactor(factors []string, f string) []string {
	for _, x := range factors {
		if x == f {
			return factors
		}
	}
	return append(factors, f)
}

// handleUpdateMFA handles "PATCH /v1/account/mfa". Turning MFA on credits
// the current session with the factors the user already has verified (an
// authenticator, the e-mail address, the phone), so the session that
// enables MFA is not locked out.
func handleUpdateMFA(e *Emulator, q *request) (*reply, *apiError) {
	u := q.caller.user
	u.mfa = q.boolean("mfa")
	u.updatedAt = q.now
	if s := q.caller.session; u.mfa && s != nil {
		if u.hasVerifiedAuthenticator() {
			s.factors = addFactor(s.factors, "totp")
		}
		if u.email != "" && u.emailVerification {
			s.factors = addFactor(s.factors, "email")
		}
		if u.phone != "" && u.phoneVerification {
			s.factors = addFactor(s.factors, "phone")
		}
		s.updatedAt = q.now
	}
	return jsonReply(http.StatusOK, u.account(q)), nil
}

// handleListFactors handles "GET /v1/account/mfa/factors".
func handleListFactors(e *Emulator, q *request) (*reply, *apiError) {
	u := q.caller.user
	return jsonReply(http.StatusOK, mfaFactorsModel{
		TOTP:         u.hasVerifiedAuthenticator(),
		Email:        u.email != "" && u.emailVerification,
		Phone:        u.phone != "" && u.phoneVerification,
		RecoveryCode: len(u.recoveryCodes) > 0,
	}), nil
}

// handleCreateChallenge handles "POST /v1/account/mfa/challenges". The
// e-mail factor sends a 6-digit code; phone needs an SMS provider the
// emulator does not have; totp and recovery-code challenges send nothing
// and are opened whether or not the user has the factor. The factor is
// kept as it was spelled (the param is matched without regard to case),
// which decides whether a recovery code can complete it (see
// handleUpdateChallenge). The branch answers 201, the 1.8.1 release 200.
func handleCreateChallenge(e *Emulator, q *request) (*reply, *apiError) {
	u := q.caller.user
	factor := q.str("factor")
	c := &challenge{
		id:        e.newID(q.now),
		createdAt: q.now,
		userID:    u.id,
		factor:    factor,
		code:      digits(6),
		expire:    q.now.Add(challengeLifetime),
	}
	switch factor {
	case "phone":
		return nil, errorf("general_phone_disabled", "Phone provider not configured")
	case "email":
		if !e.cfg.smtp {
			return nil, errorf("general_smtp_disabled", "SMTP disabled")
		}
		if u.email == "" {
			return nil, newError("user_email_not_found")
		}
		if !u.emailVerification {
			return nil, newError("user_email_not_verified")
		}
		e.send(Message{To: u.email, Kind: MessageMFA, UserID: u.id, Code: c.code, Time: q.now})
	}
	e.challenges[c.id] = c
	return jsonReply(e.createdStatus(), mfaChallengeModel{
		ID:        c.id,
		CreatedAt: formatDate(c.createdAt),
		UserID:    c.userID,
		Expire:    formatDate(c.expire),
	}), nil
}

// handleUpdateChallenge handles "PUT /v1/account/mfa/challenges": the right
// code adds the factor, as the challenge spells it, to the current session
// and makes the session's mfaUpdatedAt now. The code is the e-mailed one,
// the authenticator's current one (totp: verified or not, as Appwrite
// does not look), or one of the user's recovery codes, which is spent.
// A recovery-code challenge completes only when it was created with the
// spelling the version's verifier knows: "recoverycode" on the 1.8.1
// release, "recoveryCode" on the branch; with the other, every code is
// user_invalid_token and none is spent. The body is the stored session,
// so current is false and countryName empty, as Appwrite sends them.
func handleUpdateChallenge(e *Emulator, q *request) (*reply, *apiError) {
	s := q.caller.session
	if s == nil {
		// Appwrite's action needs a session document; a JWT caller
		// has none and the server fails with a TypeError.
		return nil, errorf("general_unknown", "Server Error")
	}
	c := e.challenges[q.str("challengeId")]
	// Only the 1.8.x branch looks at a challenge's expiry (see
	// ServerBranch18x): the 1.8.1 release and 1.9.6 never do.
	if c == nil || c.userID != q.caller.user.id || (q.now.After(c.expire) && e.cfg.version == ServerBranch18x) {
		return nil, newError("user_invalid_token")
	}
	u := q.caller.user
	ok := false
	switch c.factor {
	case "email":
		ok = c.code == q.str("otp")
	case "totp":
		if u.authenticator == nil {
			// Appwrite reads the missing authenticator's data and fails.
			return nil, errorf("general_unknown", "Server Error")
		}
		ok = u.authenticator.totpMatches(q.str("otp"), q.now)
	case e.recoveryCodeFactor():
		if ok = u.spendRecoveryCode(q.str("otp")); ok {
			u.updatedAt = q.now
		}
	}
	if !ok {
		return nil, newError("user_invalid_token")
	}
	delete(e.challenges, c.id)
	s.factors = addFactor(s.factors, c.factor)
	s.mfaUpdatedAt = q.now
	s.updatedAt = q.now
	return jsonReply(http.StatusOK, s.model(sessionView{})), nil
}

// recoveryCodeFactor is the spelling of the recovery-code factor that this
// version's challenge verifier accepts.
func (e *Emulator) recoveryCodeFactor() string {
	if e.release() {
		return "recoverycode"
	}
	return "recoveryCode"
}
