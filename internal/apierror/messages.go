package apierror

import "strings"

// userMessages are the messages the function answers with, in its own
// voice and for the app's users, in place of the ones Appwrite sends for
// its error types: those are written for a project's developers ("…by
// making a request to the User API's Update User Status endpoint…") and
// state limits the function does not (Appwrite says passwords may have 265
// characters; the function takes 8 to 256 bytes). A type not named here
// keeps Appwrite's message.
var userMessages = map[string]string{
	"user_blocked":                        "This account is blocked. Ask the app's support if you think this is a mistake.",
	"user_invalid_credentials":            "The e-mail address or the password is wrong.",
	"user_invalid_token":                  "The code or link is wrong, used already or expired: ask for a new one.",
	"user_already_exists":                 "An account with this e-mail address or phone number already exists.",
	"user_email_already_exists":           "Another account has this e-mail address.",
	"user_phone_already_exists":           "Another account has this phone number.",
	"user_target_already_exists":          "Another account has this e-mail address or phone number.",
	"user_count_exceeded":                 "No more accounts can be made in this app for now.",
	"user_password_reset_required":        "This account's password must be reset: ask for a recovery e-mail.",
	"user_password_mismatch":              "The passwords do not match.",
	"password_recently_used":              "This password was used on the account recently: choose another.",
	"password_personal_data":              "The password must not contain the account's name, e-mail address or phone number.",
	"user_session_not_found":              "This session has ended: sign in again.",
	"user_more_factors_required":          "Complete the sign-in with a second factor first (POST /mfa/challenge).",
	"user_challenge_required":             "Complete a second factor first: this needs one from the last 5 minutes.",
	"user_email_not_verified":             "Verify the account's e-mail address first.",
	"user_email_already_verified":         "The account's e-mail address is verified already.",
	"user_phone_not_verified":             "Verify the account's phone number first.",
	"user_phone_already_verified":         "The account's phone number is verified already.",
	"user_phone_not_found":                "The account has no phone number.",
	"user_recovery_codes_already_exists":  "This account has recovery codes already; they are shown only once.",
	"user_recovery_codes_not_found":       "This account has no recovery codes.",
	"user_authenticator_already_verified": "This account has an authenticator app already.",
	"user_deletion_prohibited":            "This account belongs to a team: leave its teams before deleting it.",
	"user_auth_method_unsupported":        "This way of signing in is turned off for the app.",
	"user_oauth2_bad_request":             "The sign-in provider refused the request.",
	"user_oauth2_unauthorized":            "The sign-in provider refused the sign-in.",
	"user_oauth2_provider_error":          "The sign-in provider failed: try again, or sign in another way.",
	"user_email_not_whitelisted":          "This e-mail address may not sign up to this app.",
	// Appwrite 1.9.5's e-mail policies (Cloud plans).
	"user_email_disposable":       "Use a permanent e-mail address: this one is from a disposable-mail service.",
	"user_email_free":             "Use a work e-mail address: addresses from free mail services are not accepted.",
	"user_email_not_corporate":    "Use a work e-mail address.",
	"user_email_not_canonical":    "Use the address without aliases (no \"+tag\", no extra dots).",
	"general_smtp_disabled":       "This app cannot send e-mail right now.",
	"general_phone_disabled":      "This app cannot send text messages right now.",
	"general_rate_limit_exceeded": "Too many attempts. Try again later.",
}

// passwordRefused is the message for Appwrite's refusal of a password
// parameter: what the function accepts, and Appwrite's dictionary check.
const passwordRefused = "The password must be 8 to 256 bytes and not one of the most common passwords."

// userMessage returns the message the function answers an Appwrite error
// of typ with message with.
func userMessage(typ, message string) string {
	if m, ok := userMessages[typ]; ok {
		return m
	}
	// Appwrite's parameter errors say "Invalid `password` param: Password
	// must be between 8 and 265 characters long, …".
	if typ == TypeArgumentInvalid && strings.HasPrefix(message, "Invalid `password` param") {
		return passwordRefused
	}
	return message
}
