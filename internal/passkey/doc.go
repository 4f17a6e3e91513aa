// Package passkey runs the WebAuthn ceremonies of passkeys (registration,
// and sign-in with discoverable credentials) and keeps passkeys in an
// Appwrite TablesDB table. Verification is go-webauthn/webauthn v0.13.4's
// (the newest whose module and dependencies declare go ≤ 1.23); the
// package adds what that version leaves to its caller or does not do:
// challenge states that are single-use, bound to their ceremony (and, for
// registration, to the user) and expire after five minutes on the
// package's clock (the library enforces no expiry of a discoverable
// login); a signature counter that goes backwards refused as a cloned
// authenticator; a registrable-suffix check of the RP ID against every
// origin at start; and distinct errors for each refusal.
//
// It imports nothing of the function but session.FromSDK (the one place
// Appwrite errors are read), so the routes can be wired on top of it.
//
// # Setting up (once per process)
//
//	rp, err := passkey.New(passkey.Config{
//		PublicURL:      settings.publicURL,       // PUBLIC_URL
//		AllowedOrigins: settings.origins.List(),  // ALLOWED_ORIGINS
//		RPID:           getenv("PASSKEY_RP_ID"),  // optional: e.g. example.com for auth.example.com + app.example.com
//	})
//
// New refuses (report it as a configuration problem, at start) an RP ID
// that is not the host, or a parent domain of the host, of every origin,
// and origins WebAuthn cannot run on (http other than localhost, IP
// addresses). The RP ID defaults to the public URL's host, which only
// works when the frontends are on that host or under it: a function at
// auth.example.com for app.example.com needs RPID example.com, and New's
// error says so. "localhost" works for `go run ./cmd/dev`.
//
// rp holds immutable configuration only and serves all executions.
//
// # Per execution
//
//	svc := passkey.Service{
//		RP:         rp,
//		Store:      passkey.NewAppwriteStore("auth", "passkeys", func() client.Client { return session.NewAdminClient(cfg, ua) }),
//		Challenges: challenges, // a ChallengeStore shared by all instances (the limiter's store); MemoryChallengeStore for one
//	}
//
// The AppwriteStore takes its client factory as a constructor argument
// (the key comes with the execution): it is a small value, make it per
// execution. The table is [AppwriteTable] (see TableColumns, TableIndexes).
//
// # Routes
//
// Register (signed in, from a recently signed-in session, address
// verified; the route checks those):
//
//	POST /me/passkeys/options
//		options, flowID, err := svc.StartRegistration(ctx, passkey.User{ID: u.Id, Name: u.Email, DisplayName: u.Name})
//		→ 200 options (JSON for navigator.credentials.create: {"publicKey": {...}}, binary in base64url),
//		  set the flow cookie (flowID; HttpOnly, Secure, SameSite as the session cookie, Max-Age 300)
//	POST /me/passkeys   body: {"response": <PublicKeyCredential.toJSON()>, "name": "<optional>"}
//		cred, err := svc.FinishRegistration(ctx, user, flowIDFromCookie, response, name)
//		→ 201 the passkey (see below), clear the flow cookie
//
// Sign in (no e-mail typed; the page may ask for mediation "conditional"
// to offer passkeys in the e-mail field's autofill):
//
//	POST /passkeys/sign-in/options
//		options, flowID, err := svc.StartSignIn(ctx)
//		→ 200 options (for navigator.credentials.get), set the flow cookie
//	POST /passkeys/sign-in   body: <PublicKeyCredential.toJSON()>
//		userID, cred, err := svc.FinishSignIn(ctx, flowIDFromCookie, body)   // 1 round trip: the state's Take beside the passkey's read
//		then, at the same time:
//			svc.RecordSignIn(ctx, cred)          // the new counter, backup state, last use
//			Users.CreateSession(userID)          // the session, set as the cookie
//		(2 sequential Appwrite calls after the options). Users with MFA on
//		still owe their second factor unless the project counts a
//		user-verified passkey as two.
//
// Before FinishSignIn the route may rate-limit per credential and per
// user: [ParseAssertion] gives the credential ID and the claimed user
// (unverified) without any call.
//
// Manage (signed in; each acts on the signed-in user's passkeys only, any
// other ID is ErrNotFound → 404):
//
//	GET    /me/passkeys            store.ListByUser(ctx, userID)
//	PATCH  /me/passkeys/{id}       store.Rename(ctx, userID, id, passkey.CleanName(name))   (refuse "" after cleaning)
//	DELETE /me/passkeys/{id}       store.Delete(ctx, userID, id)
//
// where {id} is [Credential].ID (check it with [ValidPasskeyID] first). A
// listing shows Name, CreatedAt, LastUsedAt (zero: never) and BackupState
// ("backed up"); never PublicKey. A passkey counts as a way to sign in:
// refuse deleting the last one when the account has no password or
// identity. Account deletion, and the pre-hijack take-back, call
// store.DeleteAllForUser.
//
// # Errors
//
// Everything the browser or user got wrong is one of the Err* values
// (errors.Is): answer 400 (general_argument_invalid-like) for
// ErrInvalidResponse, ErrWrongOrigin, ErrWrongRPID, ErrWrongCeremony,
// ErrChallengeMismatch; 401 user_invalid_credentials for ErrChallengeUnknown,
// ErrChallengeExpired, ErrUnknownCredential, ErrCredentialUser,
// ErrClonedAuthenticator and ErrUserVerification (and do not tell them
// apart in the body: log the error, whose text quotes nothing the browser
// sent); 409 for ErrCredentialExists; 403 or 409 for ErrTooManyPasskeys and
// ErrWrongUser; 404 for ErrNotFound; 429 for ErrChallengeStoreFull. Log
// ErrClonedAuthenticator as a security event. Other errors are the stores'
// (Appwrite unreachable, …): 5xx as the function maps them.
//
// # States
//
// A ceremony's [State] (challenge, ceremony, user for registration,
// expiry) stays on the server: [State.Encode] writes it in about 110
// characters, kept by the [ChallengeStore] under a random flow ID
// ([NewFlowID]: 32 characters of a-z2-7, valid as an Appwrite row ID and a
// cookie value) for [ChallengeTTL]; [TakeState] gets and deletes it in
// one step, so a challenge answers once, on whichever instance. The
// lower-level [RelyingParty] methods (BeginRegistration,
// FinishRegistration, BeginLogin, FinishLogin) take and return states for
// callers that keep them otherwise.
package passkey
