package handlers

import (
	"net/http"
	"strings"

	"github.com/appwrite/sdk-for-go/account"

	"openruntimes/handler/session"
)

// MFAChallenge is the answer of POST /mfa/challenge.
type MFAChallenge struct {
	ChallengeID string `json:"challengeId"`
	Expire      string `json:"expire"`
}

// CreateMFAChallenge serves POST /mfa/challenge {factor}: Appwrite sends a
// code for the factor (e-mail: to the verified address) and the answer is
// 201 {challengeId, expire}. It works on the partial session a sign-in
// with MFA leaves.
func CreateMFAChallenge(d *Deps, r *Request) Reply {
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
	secret, ok := d.sessionSecret()
	if !ok {
		return Fail(errSignedOut)
	}
	challenge, err := account.New(d.user(secret)).CreateMFAChallenge(factor)
	if err != nil {
		return failUser(d, err)
	}
	return UserData(http.StatusCreated, MFAChallenge{ChallengeID: challenge.Id, Expire: challenge.Expire})
}

// VerifyMFAChallenge serves POST /mfa/verify {challengeId, otp}: it
// completes the challenge, which makes the session whole, and answers 200
// with the user. Guesses are limited per IP and user.
func VerifyMFAChallenge(d *Deps, r *Request) Reply {
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
	secret, ok := d.sessionSecret()
	if !ok {
		return Fail(errSignedOut)
	}
	userID, _ := session.UserIDFromSecret(secret)
	done, err := d.attempt("mfa/verify", userID, codeGuesses(userID))
	if err != nil {
		return Fail(err)
	}
	c := d.user(secret)
	_, err = account.New(c).UpdateMFAChallenge(*body.ChallengeID, strings.TrimSpace(*body.OTP))
	done(err == nil)
	if err != nil {
		return failUser(d, err)
	}
	user, err := getAccount(c)
	if err != nil {
		return failUser(d, err)
	}
	return UserData(http.StatusOK, user)
}
