package server

// budget names a limiter budget: the route key under which the limiter
// counts attempts (and failures per address and per account) of every
// route that declares it.
type budget string

// The limiter's budgets. Routes that prove the same secret share one: a
// password guessed on sign-in and on account deletion is one guesser.
const (
	budgetSignUp budget = "signup"
	budgetSignIn budget = "login"
	budgetGuest  budget = "anonymous"
	// budgetConfirmPage counts the views of a confirmation page, which
	// read the account a link names: on the address's budget only.
	budgetConfirmPage budget = "confirm-page"
	budgetPassword    budget = "password"
	budgetEmailCode   budget = "otp/verify"
	budgetTOTP        budget = "mfa/totp"
	budgetMFA         budget = "mfa/verify"
	// The budgets of e-mails sent to one address (see MailAccount).
	budgetMagicURLMail budget = "magic-url"
	budgetCodeMail     budget = "otp"
	budgetRecoveryMail budget = "recovery"
)

// The credentials the limiter keeps an address's failures and trust
// apart by (ratelimit.Attempt.Credential): the secrets the budgets'
// attempts prove.
const (
	credentialPassword  = "password"
	credentialEmailCode = "email-code"
	credentialTOTP      = "totp"
	credentialMFA       = "mfa"
)

// credential is what an attempt on b proves. Sign-up, sign-in and the
// password checks of a session share the password's: a sign-up refused
// for the victim's address is one more guess at it. Budgets that never
// succeed (e-mails, guests) are their own.
func (b budget) credential() string {
	switch b {
	case budgetSignUp, budgetSignIn, budgetPassword:
		return credentialPassword
	case budgetEmailCode:
		return credentialEmailCode
	case budgetTOTP:
		return credentialTOTP
	case budgetMFA:
		return credentialMFA
	}
	return string(b)
}

// Credentials are the credentials the function's limiter keeps apart,
// for a tool that labels the limiter's keys ([ratelimit.Limiter.KeysFor]).
func Credentials() []string {
	return []string{credentialPassword, credentialEmailCode, credentialTOTP, credentialMFA}
}

// routes is the function's one route table: method, path, operationId,
// handler, who may call it and the limiter budgets it counts attempts
// against. A new route is one line here, its handler (named as its
// operationId) and its operation in api/openapi.json.
var routes = newRouter([]route{
	{"GET", "/", "getIndex", getIndex, anyone, nil},
	{"GET", "/health", "getHealth", getHealth, anyone, nil},
	{"GET", "/openapi.json", "getOpenAPI", getOpenAPI, anyone, nil},

	// E-mail and password.
	{"POST", "/signup", "signUp", signUp, anyone, []budget{budgetSignUp, budgetCodeMail}},
	{"POST", "/signup/verify", "verifySignUp", verifySignUp, anyone, []budget{budgetEmailCode}},
	{"POST", "/login", "signIn", signIn, anyone, []budget{budgetSignIn}},
	{"POST", "/logout", "signOut", signOut, anyone, nil},

	// The signed-in user.
	{"GET", "/me", "getMe", getMe, needsSession, nil},
	{"PATCH", "/me", "updateMe", updateMe, needsSession, nil},
	{"POST", "/me/password", "changePassword", changePassword, needsSession, []budget{budgetPassword}},
	{"POST", "/me/email", "changeEmail", changeEmail, needsSession, []budget{budgetPassword, budgetEmailCode}},
	{"PATCH", "/me/mfa", "setMFA", setMFA, needsSession, []budget{budgetPassword, budgetTOTP}},
	{"DELETE", "/me", "deleteAccount", deleteAccount, needsSession, []budget{budgetPassword, budgetEmailCode}},

	// Second factors and linked sign-in methods of the signed-in user.
	{"GET", "/me/mfa/factors", "listMFAFactors", listMFAFactors, needsSession, nil},
	{"POST", "/me/mfa/totp", "startTOTP", startTOTP, needsSession, nil},
	{"PUT", "/me/mfa/totp", "confirmTOTP", confirmTOTP, needsSession, []budget{budgetTOTP}},
	{"DELETE", "/me/mfa/totp", "removeTOTP", removeTOTP, needsSession, []budget{budgetPassword, budgetTOTP}},
	{"GET", "/me/mfa/recovery-codes", "countRecoveryCodes", countRecoveryCodes, needsSession, nil},
	{"POST", "/me/mfa/recovery-codes", "createRecoveryCodes", createRecoveryCodes, needsSession, nil},
	{"GET", "/me/identities", "listIdentities", listIdentities, needsSession, nil},
	{"DELETE", "/me/identities/{identityId}", "unlinkIdentity", unlinkIdentity, needsSession, nil},

	// Browser flows that end at a callback of the function.
	{"GET", "/oauth2/callback", "finishOAuth2", finishOAuth2, anyone, nil},
	{"GET", "/oauth2/{provider}", "startOAuth2", startOAuth2, anyone, nil},
	{"POST", "/magic-url", "startMagicURL", startMagicURL, anyone, []budget{budgetMagicURLMail}},
	{"GET", "/magic-url/callback", "openMagicURL", openMagicURL, anyone, []budget{budgetConfirmPage}},
	{"POST", "/magic-url/confirm", "confirmMagicURL", confirmMagicURL, anyone, nil},
	{"POST", "/verification", "startVerification", startVerification, needsSession, nil},
	{"GET", "/verification/callback", "finishVerification", finishVerification, anyone, []budget{budgetConfirmPage}},
	{"POST", "/verification/confirm", "confirmVerification", confirmVerification, anyone, nil},

	// Codes, guests, tokens.
	{"POST", "/otp", "startEmailCode", startEmailCode, anyone, []budget{budgetCodeMail}},
	{"POST", "/otp/verify", "verifyEmailCode", verifyEmailCode, anyone, []budget{budgetEmailCode}},
	{"POST", "/anonymous", "signInAnonymously", signInAnonymously, anyone, []budget{budgetGuest}},
	{"POST", "/jwt", "createJWT", createJWT, needsSession, nil},
	{"POST", "/recovery", "startRecovery", startRecovery, anyone, []budget{budgetRecoveryMail}},
	{"POST", "/recovery/confirm", "confirmRecovery", confirmRecovery, anyone, nil},
	{"POST", "/mfa/challenge", "createMFAChallenge", createMFAChallenge, needsSession, nil},
	{"POST", "/mfa/verify", "verifyMFAChallenge", verifyMFAChallenge, needsSession, []budget{budgetMFA}},

	// Sessions.
	{"GET", "/sessions", "listSessions", listSessions, needsSession, nil},
	{"DELETE", "/sessions", "deleteSessions", deleteSessions, needsSession, nil},
	{"DELETE", "/sessions/{sessionId}", "deleteSession", deleteSession, needsSession, nil},
})
