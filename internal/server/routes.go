package server

// routes is the function's one route table: method, path pattern
// ({name} matches one path segment) and handler.
var routes = newRouter([]route{
	{"GET", "/", serveIndex},
	{"GET", "/health", HealthCheck},
	{"GET", "/openapi.json", serveOpenAPI},

	// E-mail and password.
	{"POST", "/signup", SignUp},
	{"POST", "/login", SignIn},
	{"POST", "/logout", SignOut},

	// The signed-in user.
	{"GET", "/me", Me},
	{"PATCH", "/me", UpdateMe},
	{"POST", "/me/password", ChangePassword},
	{"POST", "/me/email", ChangeEmail},
	{"PATCH", "/me/mfa", SetMFA},
	{"DELETE", "/me", DeleteAccount},

	// Second factors and linked sign-in methods of the signed-in user.
	{"GET", "/me/mfa/factors", ListFactors},
	{"POST", "/me/mfa/totp", StartTOTP},
	{"PUT", "/me/mfa/totp", ConfirmTOTP},
	{"DELETE", "/me/mfa/totp", RemoveTOTP},
	{"GET", "/me/mfa/recovery-codes", CountRecoveryCodes},
	{"POST", "/me/mfa/recovery-codes", CreateRecoveryCodes},
	{"GET", "/me/identities", ListIdentities},
	{"DELETE", "/me/identities/{identityId}", UnlinkIdentity},

	// Browser flows that end at a callback of the function.
	{"GET", "/oauth2/callback", OAuth2Callback},
	{"GET", "/oauth2/{provider}", OAuth2Start},
	{"POST", "/magic-url", MagicURLStart},
	{"GET", "/magic-url/callback", MagicURLCallback},
	{"POST", "/magic-url/confirm", MagicURLConfirm},
	{"POST", "/verification", VerificationStart},
	{"GET", "/verification/callback", VerificationCallback},

	// Codes, guests, tokens.
	{"POST", "/otp", EmailCodeStart},
	{"POST", "/otp/verify", EmailCodeVerify},
	{"POST", "/anonymous", SignInAnonymously},
	{"POST", "/jwt", CreateJWT},
	{"POST", "/recovery", RecoveryStart},
	{"POST", "/recovery/confirm", RecoveryConfirm},
	{"POST", "/mfa/challenge", CreateMFAChallenge},
	{"POST", "/mfa/verify", VerifyMFAChallenge},

	// Sessions.
	{"GET", "/sessions", ListSessions},
	{"DELETE", "/sessions", DeleteSessions},
	{"DELETE", "/sessions/{sessionId}", DeleteSession},
})
