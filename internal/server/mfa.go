package server

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/appwrite/sdk-for-go/account"
	"github.com/appwrite/sdk-for-go/client"
	"github.com/appwrite/sdk-for-go/models"

	"openruntimes/handler/session"
)

// MFAChallenge is the answer of POST /mfa/challenge.
type MFAChallenge struct {
	ChallengeID string `json:"challengeId"`
	Expire      string `json:"expire"`
}

// createMFAChallenge serves POST /mfa/challenge {factor}: Appwrite sends a
// code for the factor (e-mail: to the verified address; totp and
// recoveryCode send nothing, the code is the authenticator's or a
// recovery code) and the answer is 201 {challengeId, expire}. It works on
// the partial session a sign-in with MFA leaves, and on a full one, whose
// completed challenge counts as a recent second factor (see
// needRecentSecondFactor).
func createMFAChallenge(d *Deps, r *Request) Reply {
	var body struct {
		Factor *string `json:"factor"`
	}
	if err := DecodeBody(r, &body); err != nil {
		return Fail(err)
	}
	if body.Factor == nil || *body.Factor == "" {
		return Fail(required("factor"))
	}
	factor := strings.ToLower(*body.Factor)
	switch factor {
	case "email", "phone", "totp":
	case "recoverycode":
		factor = "recoveryCode"
	default:
		return Fail(invalidArgument("Invalid `factor` param: Value must be one of (email, phone, totp, recoveryCode)"))
	}
	secret := d.Secret
	var challenge MFAChallenge
	var err error
	if factor == "recoveryCode" {
		challenge, err = createRecoveryCodeChallenge(d.user(secret))
	} else {
		var c *models.MfaChallenge
		if c, err = account.New(d.user(secret)).CreateMFAChallenge(factor); err == nil {
			challenge = MFAChallenge{ChallengeID: c.Id, Expire: c.Expire}
		}
	}
	if err != nil {
		return failUser(d, err)
	}
	return UserData(http.StatusCreated, challenge)
}

// verifyMFAChallenge serves POST /mfa/verify {challengeId, otp}: it
// completes the challenge, which makes the session whole, and answers 200
// with the user. The code may be typed with spaces or hyphens, in any
// case (see normalizeCode); a recovery code is spent. Guesses are limited
// per IP and user, with a ceiling a day.
func verifyMFAChallenge(d *Deps, r *Request) Reply {
	var body struct {
		ChallengeID *string `json:"challengeId"`
		OTP         *string `json:"otp"`
	}
	if err := DecodeBody(r, &body); err != nil {
		return Fail(err)
	}
	switch {
	case body.ChallengeID == nil || *body.ChallengeID == "":
		return Fail(required("challengeId"))
	case body.OTP == nil || *body.OTP == "":
		return Fail(required("otp"))
	}
	secret := d.Secret
	userID, _ := session.UserIDFromSecret(secret)
	succeeded, err := d.attempt(budgetMFA, userID, codeGuesses(userID), codeUsedOnce(userID, normalizeCode(*body.OTP), d.Now()))
	if err != nil {
		return Fail(err)
	}
	c := d.user(secret)
	_, err = account.New(c).UpdateMFAChallenge(*body.ChallengeID, normalizeCode(*body.OTP))
	if err != nil {
		return failUser(d, err)
	}
	succeeded()
	user, err := getAccount(c)
	if err != nil {
		return failUser(d, err)
	}
	return UserData(http.StatusOK, user)
}

// createRecoveryCodeChallenge opens a recovery-code challenge that
// Appwrite can complete. Its versions disagree on the factor's spelling:
// the 1.8.x branch (Appwrite Cloud) completes only challenges created as
// "recoveryCode", the 1.8.1 release only those created as "recoverycode",
// and both accept either when creating. They also answer differently:
// 201 on the branch, 200 on the release (whose action sets no status).
// So the challenge is created as "recoveryCode", and again as
// "recoverycode" when the answer says the release made it. The first one
// of the release is left to expire.
func createRecoveryCodeChallenge(c client.Client) (MFAChallenge, error) {
	challenge, status, err := createChallenge(c, "recoveryCode")
	if err == nil && status == http.StatusOK {
		challenge, _, err = createChallenge(c, "recoverycode")
	}
	return challenge, err
}

// createChallenge makes POST /account/mfa/challenges with the factor as
// spelled, and returns the challenge and the answer's status.
func createChallenge(c client.Client, factor string) (MFAChallenge, int, error) {
	resp, err := c.Call("POST", "/account/mfa/challenges", map[string]any{"content-type": "application/json"},
		map[string]any{"factor": factor})
	if err != nil {
		return MFAChallenge{}, 0, err
	}
	var m models.MfaChallenge
	body, ok := resp.Result.(string)
	if !ok || json.Unmarshal([]byte(body), &m) != nil || m.Id == "" {
		return MFAChallenge{}, 0, errors.New("appwrite: the challenge is not JSON")
	}
	return MFAChallenge{ChallengeID: m.Id, Expire: m.Expire}, resp.StatusCode, nil
}
