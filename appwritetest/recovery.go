package appwritetest

import (
	"net/http"
)

// Recovery codes as Appwrite makes them (Type::generateBackupCodes): six
// codes of ten hex characters.
const (
	recoveryCodeCount  = 6
	recoveryCodeLength = 10
)

// mfaRecoveryCodesModel is the MFARecoveryCodes model.
type mfaRecoveryCodesModel struct {
	RecoveryCodes []string `json:"recoveryCodes"`
}

// newRecoveryCodes returns a fresh set of recovery codes.
func newRecoveryCodes() []string {
	codes := make([]string, recoveryCodeCount)
	for i := range codes {
		codes[i] = randomHex(recoveryCodeLength / 2)
	}
	return codes
}

// createdStatus is the status of the MFA routes that create something:
// 201 on the branch, 200 on the 1.8.1 release, whose actions never set
// one (POST /account/mfa/challenges and /account/mfa/recovery-codes).
func (e *Emulator) createdStatus() int {
	if e.release() {
		return http.StatusOK
	}
	return http.StatusCreated
}

// handleCreateRecoveryCodes handles "POST /v1/account/mfa/recovery-codes":
// the user's first recovery codes, shown this once. A user who has codes
// gets 409 user_recovery_codes_already_exists (new ones need PATCH, which
// needs a recent challenge).
func handleCreateRecoveryCodes(e *Emulator, q *request) (*reply, *apiError) {
	u := q.caller.user
	if len(u.recoveryCodes) > 0 {
		return nil, newError("user_recovery_codes_already_exists")
	}
	u.recoveryCodes = newRecoveryCodes()
	u.updatedAt = q.now
	return jsonReply(e.createdStatus(), mfaRecoveryCodesModel{RecoveryCodes: append([]string(nil), u.recoveryCodes...)}), nil
}

// handleGetRecoveryCodes handles "GET /v1/account/mfa/recovery-codes"
// (mfaProtected: only after a recent challenge): the codes left, or 404
// user_recovery_codes_not_found when there are none.
func handleGetRecoveryCodes(e *Emulator, q *request) (*reply, *apiError) {
	return recoveryCodesReply(q.caller.user)
}

// handleUpdateRecoveryCodes handles "PATCH /v1/account/mfa/recovery-codes"
// (mfaProtected): a new set replaces the codes, which must exist.
func handleUpdateRecoveryCodes(e *Emulator, q *request) (*reply, *apiError) {
	u := q.caller.user
	if len(u.recoveryCodes) == 0 {
		return nil, newError("user_recovery_codes_not_found")
	}
	u.recoveryCodes = newRecoveryCodes()
	u.updatedAt = q.now
	return recoveryCodesReply(u)
}

// handleGetUserRecoveryCodes handles
// "GET /v1/users/:userId/mfa/recovery-codes": the Users API reads a
// user's codes with no challenge.
func handleGetUserRecoveryCodes(e *Emulator, q *request) (*reply, *apiError) {
	u := e.users[q.str("userId")]
	if u == nil {
		return nil, newError("user_not_found")
	}
	return recoveryCodesReply(u)
}

// recoveryCodesReply answers 200 with the user's codes, or 404
// user_recovery_codes_not_found.
func recoveryCodesReply(u *user) (*reply, *apiError) {
	if len(u.recoveryCodes) == 0 {
		return nil, newError("user_recovery_codes_not_found")
	}
	return jsonReply(http.StatusOK, mfaRecoveryCodesModel{RecoveryCodes: append([]string(nil), u.recoveryCodes...)}), nil
}

// spendRecoveryCode removes otp from the user's recovery codes and
// reports whether it was one. Appwrite compares with PHP's loose in_array;
// the emulator compares exactly.
func (u *user) spendRecoveryCode(otp string) bool {
	for i, c := range u.recoveryCodes {
		if c == otp {
			u.recoveryCodes = append(u.recoveryCodes[:i:i], u.recoveryCodes[i+1:]...)
			return true
		}
	}
	return false
}
