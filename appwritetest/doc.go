// Package appwritetest is an in-process emulator of one Appwrite project's
// Account API, the Users API routes that serve it, and the few TablesDB
// routes a function needs to keep counters in a table, faithful enough
// that the Go SDK (github.com/appwrite/sdk-for-go v1.0.0) cannot tell it
// from the real server on the routes it covers. It models three Appwrite
// versions (see Versions) and uses the standard library only.
//
// The contract it reproduces is ../shared/reference/appwrite-account-api.md
// (§1–9) and the spec extracts in ../shared/appwrite-spec/: the same paths,
// params and validator messages, the same order of checks (caller, project,
// key, scope, MFA, rate limit, "already signed in", params), the same status
// codes, response models (model key order, no extra keys, no nulls except
// Target.providerId, the /users password and the 1.9 line's optional
// fields), sensitive-field rules, error bodies ({message, code, type,
// version} with an integer code), cookies and date format.
//
// # Using it
//
// In tests, [Start] runs an [Emulator] on a loopback port and returns its
// endpoint, project ID and API key:
//
//	srv := appwritetest.Start(t)
//	admin := appwrite.NewAccount(appwrite.NewClient(
//		appwrite.WithEndpoint(srv.Endpoint),
//		appwrite.WithProject(srv.ProjectID),
//		appwrite.WithKey(srv.APIKey)))
//
// Elsewhere, [New] returns an [http.Handler] to mount at a server's root;
// [Emulator.Transport] serves requests in memory without sockets. Options
// set the version, the project ID and name, API keys and scopes, the
// clock ([Clock] is a manual one), session length, session limit,
// registered platform hostnames (redirect and Origin checks), SMTP, rate
// limits and the 1.9 line's project policies. [Emulator.ExecutionKey]
// mints the key Appwrite gives a function execution.
//
// # Versions
//
// [WithServerVersion] chooses which Appwrite the emulator is
// ([DefaultServerVersion] without it):
//   - [ServerCloud19x], "1.9.x": the 1.9 line Appwrite Cloud runs, the
//     1.9.6 release and cl-1.9.6-1 (../shared/reference/appwrite-1.9.md).
//   - [ServerBranch18x], "1.8.x": the 1.8.x branch at commit 9dc11c17, which
//     the spec files and Go SDK v1.0.0 follow.
//   - [ServerRelease181], "1.8.1": the last 1.8 release, which self-hosted
//     1.8 servers run
//     (../shared/reference/appwrite-1.8.1-release-vs-branch.md).
//
// Where the versions differ (1.9.x / 1.8.x / 1.8.1):
//   - Version in error bodies and GET /v1/health/version: 1.9.6 / 1.8.1 /
//     1.8.1; X-Appwrite-Warning for an SDK whose response format is newer
//     than that.
//   - user_blocked: 403 "The current user has been blocked." / 401 / 401
//     with the longer message ([WithBlockedStatus] overrides the status).
//   - OAuth2 success URL's secret: an HS256 JWT {secret, provider, exp}
//     valid 60 s, the bare secret refused, sessions with the provider's ID
//     (github) as provider / 64 hex, good for the session length, provider
//     oauth2 / the same. Provider enum: 43 (1.9.6 adds fusionauth,
//     keycloak, kick, x) / 39 / 39.
//   - Execution key ([Emulator.ExecutionKey]): ephemeral_<JWT> (dynamic_
//     still accepted) / dynamic_<JWT> / dynamic_<JWT>.
//   - An API key with a user's session: the key acts / the key acts / 403
//     user_key_and_session_set. A JWT with a session cookie: 403
//     user_jwt_and_cookie_set / 403 / the JWT's user acts. A key with the
//     project in the query only: 403 project_id_missing / 403 / accepted.
//   - POST /account/jwts: duration 0–3600 s, 120 a minute per user / the
//     same / duration ignored (900 s), 100 an hour. A JWT of an expired
//     session: a guest / the user / the user.
//   - MFA challenges: completed however old / refused after an hour /
//     completed however old; POST /account/mfa/challenges and
//     /account/mfa/recovery-codes answer 201 / 201 / 200; the recovery-code
//     factor completes when spelled recoveryCode / recoveryCode /
//     recoverycode.
//   - PATCH /account/sessions/{sessionId}: extends any session / 400
//     project_provider_unsupported / extends any session.
//   - PUT /account/recovery: ends all the user's sessions when
//     invalidateSessions is on / keeps them / keeps them.
//   - Users API session routes: users.* or sessions.read/sessions.write /
//     users.* / users.*.
//   - New passwords: the project's strength policy ([WithPasswordStrength];
//     default 8 to 256 bytes, message "Password must be between 8 and 256
//     characters long."), PATCH /users/{id}/password also takes "",
//     oldPassword any text up to 256 / 8 to 256 bytes with "…between 8 and
//     265 characters long, and should not be one of the commonly used
//     password." / the same. E-mail policies ([WithEmailPolicy], 400
//     user_email_disposable, user_email_not_canonical, user_email_free,
//     user_email_not_corporate): when set / none / none.
//   - User and Account models: emailCanonical, emailIsFree,
//     emailIsDisposable, emailIsCorporate and emailIsCanonical always, and
//     impersonator and impersonatorUserId for response format 1.9.0 or
//     later or none / neither / neither. TablesDB $sequence: a string for
//     format 1.9.0 or later or none, else a number / a number / a number.
//   - Sign-in counters reset on a 201 (abuse-reset): yes / yes / no.
//   - Error tables: errors-1.8.x.json with 1.9.6's rows over it (the four
//     user_email_* types; no user_key_and_session_set) / errors-1.8.x.json /
//     errors-1.8.1.json, default messages included.
//
// Every version reads array params as PHP does, queries[]= and queries[0]=
// alike, and shares the project's invalidateSessions setting
// ([WithInvalidateSessions], on by default as in a new project) and the
// OAuth2 flow of a browser that is already signed in (see below).
//
// Every e-mail Appwrite would send is kept in an outbox: [Emulator.Outbox]
// and [Emulator.LastMessage] in Go, GET /__emulator/outbox as JSON. Seeding
// helpers ([Emulator.CreateUser], [Emulator.SetMFA],
// [Emulator.SetEmailVerified], [Emulator.SetPhone], [Emulator.AddIdentity],
// [Emulator.SessionCount],
// [Emulator.CreateTable], [Emulator.RowCount]) set up and inspect state
// without HTTP. A developer's console uses [Emulator.Users],
// [Emulator.SetBlocked], [Emulator.DeleteUser], [Emulator.DeleteSession]
// and [Emulator.Reset]; [Emulator.Snapshot] and [Emulator.Restore] save
// the whole state as JSON and load it back, so that a long-running
// emulator (the dev runtime's, with -data) survives a restart.
//
// GET /v1/account/tokens/oauth2/{provider} sends the browser to a fake
// provider page, /__emulator/oauth2/{provider}/authorize?state=…, where a
// person types an e-mail address and a name. A test can skip the form by
// adding &email=…&name=… (or &error=access_denied) to that URL. The page
// then answers 301 to success with userId and secret appended, or to
// failure with Appwrite's error JSON in the error param. When the
// provider's return carries a valid a_session_<project> cookie, the
// emulator does what Appwrite's callback does for a signed-in browser: it
// fails with user_already_exists when another user has the provider's
// e-mail address (as an account or an identity), and otherwise deletes
// that session and links the identity to its user, who gets the token. A
// blocked user's provider sign-in fails with user_blocked.
//
// # Routes
//
// POST /account; POST /account/sessions/email (alias POST
// /account/sessions); POST /account/sessions/anonymous; POST
// /account/sessions/token and the deprecated PUT /account/sessions/magic-url
// and PUT /account/sessions/phone; POST /account/tokens/magic-url (alias
// POST /account/sessions/magic-url); POST /account/tokens/email; GET
// /account/tokens/oauth2/{provider}; GET /account; GET /account/identities
// (no queries) and DELETE /account/identities/{identityId}; PATCH /account/name,
// /account/email, /account/password; GET and PATCH /account/prefs; POST
// /account/jwts (alias /account/jwt); GET and DELETE /account/sessions; GET,
// PATCH and DELETE /account/sessions/{sessionId}; POST and PUT
// /account/recovery; POST and PUT /account/verifications/email (alias
// /account/verification); PATCH /account/mfa; GET /account/mfa/factors; POST
// and PUT /account/mfa/challenges (alias /account/mfa/challenge); POST, PUT
// and DELETE /account/mfa/authenticators/{type}; GET, POST and PATCH
// /account/mfa/recovery-codes; GET and DELETE /users/{userId}; PATCH
// /users/{userId}/status, /users/{userId}/password, /users/{userId}/phone,
// /users/{userId}/mfa and /users/{userId}/verification; GET
// /users/identities (queries: equal on userId only) and DELETE
// /users/identities/{identityId}; GET, POST and DELETE
// /users/{userId}/sessions; DELETE /users/{userId}/sessions/{sessionId};
// POST /users/{userId}/tokens; POST /users/{userId}/jwts; GET
// /users/{userId}/mfa/recovery-codes; DELETE
// /users/{userId}/mfa/authenticators/{type}; GET /health/version.
// All under /v1.
//
// # MFA
//
// The factors are e-mail, an authenticator app (TOTP: RFC 6238, HMAC-SHA-1,
// 6 digits, 30-second steps, on the emulator's clock) and recovery codes.
// As on Appwrite: an authenticator's secret is 64 random bytes in base32
// (103 characters) and its URI otpauth://totp/<issuer>:<e-mail>?issuer=…&secret=…
// with the project's name as the issuer ([WithProjectName]; default its
// ID); a code is good for its own step only, with no window before or
// after; a verified authenticator counts as a factor (MFA on then asks for
// a second factor); recovery codes are six of ten hex characters, each
// good for one challenge, created once by POST (409
// user_recovery_codes_already_exists after that) and read or renewed
// (GET, PATCH) only by a session that completed a challenge in the last
// 30 minutes (Appwrite's mfaProtected group, 401 user_challenge_required;
// so is DELETE of the authenticator). A recovery-code challenge completes
// only when created with the spelling the version's verifier knows:
// "recoverycode" on the 1.8.1 release, "recoveryCode" on the branch and
// the 1.9 line (both spellings pass the factor param, and the other one
// leaves every code user_invalid_token). POST /account/mfa/challenges and
// POST /account/mfa/recovery-codes answer 201 on the branch and the 1.9
// line, 200 on the release.
//
// TablesDB (src/Appwrite/Platform/Modules/Databases/Http/TablesDB/ and
// utopia-php/database 5.2 at the reference commit): POST /tablesdb (create
// a database; scope databases.write); POST /tablesdb/{databaseId}/tables
// and POST /tablesdb/{databaseId}/tables/{tableId}/columns/integer,
// …/columns/string and …/columns/boolean (scope tables.write or
// collections.write); POST
// /tablesdb/{databaseId}/tables/{tableId}/rows; PUT (upsert, answered
// 200 as Appwrite does), PATCH and DELETE
// /tablesdb/{databaseId}/tables/{tableId}/rows/{rowId}; PATCH
// /tablesdb/{databaseId}/tables/{tableId}/rows/{rowId}/{column}/increment
// and …/decrement (scope rows.write or documents.write); GET
// /tablesdb/{databaseId}/tables/{tableId}/rows/{rowId} and GET
// /tablesdb/{databaseId}/tables/{tableId}/rows (a listing, with equal,
// orderAsc, orderDesc, limit and offset queries; scope rows.read or
// documents.read). All state sits behind the emulator's one lock, so the
// increment and decrement are atomic, as Appwrite's UPDATE … SET column =
// column + value is. An upsert of an existing row keeps the columns its
// data leaves out.
//
// # Known differences from Appwrite
//
// In every version (../shared/reference/appwrite-1.9.0-measured.md has a
// request-by-request comparison with a real 1.9.0), then each version's
// own below.
//
// Scope of the emulation:
//   - Only the routes above exist; every other path answers 404
//     general_route_not_found, where Appwrite would serve it (for example
//     DELETE /account, PATCH /account/phone, PATCH /account/status,
//     logs, phone tokens and verification, the other Users MFA routes,
//     push targets, the OAuth2 session flow GET
//     /account/sessions/oauth2/{provider} and its callback and redirect
//     routes, and POST /users and the Users API's e-mail, name, prefs and
//     MFA factor and recovery-code routes). No CORS headers are sent,
//     where Appwrite sends them on every answer, and OPTIONS preflights
//     are not answered. Bodies are JSON or form-encoded (no multipart), up to
//     10 MiB.
//   - There is one project. A request without a project (Appwrite's console
//     project) gets 404 project_not_found, except GET /v1/health/version
//     (1.9.0 answered a key-less GET /users/{id} so 401
//     general_unauthorized_scope).
//   - Queries: GET /users/identities takes equal on userId only and GET
//     /account/identities none (400 general_query_invalid for the
//     others, which Appwrite serves); GET …/rows/{rowId} takes none. The
//     OAuth2 provider param refuses Appwrite's mock providers, which its
//     WhiteList (but not its documentation) accepts.
//   - The project has Appwrite's defaults for a new project: every auth
//     method on unless [WithAuthMethod] turns it off, every OAuth2
//     provider enabled, no user limit, password dictionary, history and
//     personal-data checks off, session alerts off, invalidateSessions on
//     unless [WithInvalidateSessions](false). So project_provider_disabled,
//     user_count_exceeded, password_recently_used and password_personal_data
//     are never sent. [ReadProjectSettings] and [ProjectSettings.Options]
//     turn an appwrite.json's settings into these options, as `appwrite
//     push settings` would set the project.
//   - Users cannot be flagged for a password reset, so
//     user_password_reset_required is never sent. A blocked user's
//     requests are refused after the scope check, as Appwrite does. API keys
//     never expire (no project_key_expired). Execution keys
//     ([Emulator.ExecutionKey]: dynamic_ on 1.8, ephemeral_ on 1.9) are;
//     dev keys and account and organization keys are not: an unknown
//     account_ or organization_ key is refused like an unknown standard
//     key (401 user_unauthorized), a key with another prefix makes the
//     caller a guest, as on Appwrite. A configured key matches whatever
//     its prefix.
//
// Data the emulator does not compute:
//   - Session device fields come from a small user-agent reader that knows
//     the common browsers (Chrome, Edge, Opera, Firefox, Safari, headless
//     Chrome) and systems, not Appwrite's full device detector: unknown
//     agents leave os*, client* and device* "", and deviceBrand and
//     deviceModel are always "". There is no GeoIP database: countryCode is
//     "--" and countryName "Unknown". ip is the first X-Forwarded-For
//     address, else the peer address. So the Go SDK's own agent
//     (AppwriteGoSDK/v1.0.0 (linux; amd64)) leaves osCode, osName and
//     deviceName "", where 1.9.0 shows LIN, GNU/Linux and desktop.
//   - hashOptions shows {type, memoryCost 7168, timeCost 5, threads 1};
//     1.9.0 showed snake_case keys (memory_cost 65536, time_cost 4,
//     threads 3).
//   - PUT /account/sessions/magic-url makes a session secret of 256 hex
//     characters, as every other session route; 1.9.0 makes 64 there.
//   - Passwords are stored as salted SHA-256, not argon2id. GET
//     /users/{userId} shows hash "argon2" and Appwrite's default argon2
//     options, and a password string in argon2id's PHC shape that is not an
//     argon2 hash.
//   - IDs have the shape of Appwrite's ID::unique() (20 hex characters) but
//     their time part comes from the emulator clock. Security phrases come
//     from a small word list.
//   - The X-Fallback-Cookies decision approximates the registrable domain
//     as the last two labels of a host name (no public-suffix list).
//   - E-mail addresses are checked by an approximation of PHP's
//     FILTER_VALIDATE_EMAIL: a dot-atom local part and a domain of two or
//     more labels whose last label starts with a letter; quoted local parts
//     and IP-literal domains are refused.
//
// Behaviour that differs on purpose or by necessity:
//   - MFA has no phone factor: a phone challenge answers 503
//     general_phone_disabled (no SMS provider). Challenges expire after an
//     hour only on 1.8.x (see Versions); Appwrite removes no challenge in
//     the background either.
//     Recovery codes are compared exactly, where Appwrite's in_array
//     compares loosely (two numeric strings such as "0e12345678" and
//     "0e99999999" are equal to PHP). A TOTP challenge of a user with no
//     authenticator is 500 general_unknown, as Appwrite's verifier fails
//     on the missing document.
//   - The OAuth2 token flow uses the built-in fake provider instead of the
//     real one and Appwrite's callback and redirect routes. The provider
//     identity is the e-mail address, which the provider always reports as
//     verified (so an existing user with that address is linked). Only the
//     provider's return reads the browser's session cookie (where Appwrite's
//     callback does); the start route ignores it. The login state is kept
//     on the server, is single use and expires after an hour. The token
//     secret is 64 hex characters on 1.8; on the 1.9 line it is wrapped in
//     a JWT that lives 60 s, as Appwrite does. Without success or failure
//     URLs the redirect goes to /console/auth/oauth2/… on the emulator's
//     host, which does not exist.
//   - Appwrite runs htmlentities on magic URL, recovery and verification
//     URLs before appending userId, secret and expire, which turns "&" in
//     an existing query into "&amp;". The emulator appends to the URL as
//     given. Query values are escaped with url.QueryEscape, which leaves "~"
//     alone where PHP writes "%7E".
//   - Nothing expires in the background: expired sessions and tokens stay
//     stored until deleted ([Emulator.SessionCount] counts them), as they
//     would until Appwrite's maintenance job runs.
//   - A new user whose requested custom ID is taken gets 409
//     user_already_exists from the magic URL and e-mail OTP routes, where
//     Appwrite fails with a server error.
//   - No e-mail leaves the process: SMTP "works" unless [WithSMTP](false),
//     and messages go to the outbox. Session alert e-mails are not sent.
//   - Rate-limit counters live in memory, per emulator, in fixed windows
//     aligned to the clock as utopia-php/abuse aligns them.
//   - TablesDB: only the routes above (no listing, getting or deleting of
//     databases, tables or columns, no indexes, no column types but
//     integer, string and boolean, no bulk rows, no queries but those of
//     the row listing, no transactions, no
//     logs or usage). Only API keys reach the TablesDB routes: the emulated
//     guests and users roles lack the rows.* and documents.* scopes, so
//     sessions and JWTs get 401 general_unauthorized_scope where Appwrite
//     would check table and row permissions. Permissions are validated for
//     their type and shape only (not their roles), stored ("write"
//     expanded, as Appwrite does) and never enforced.
//   - TablesDB, like Appwrite 1.8: incrementing a row that does not exist
//     answers 404 column_not_found with the unformatted default message
//     ("… key '%s' …"), not row_not_found; the increment's response shows
//     the row's previous $updatedAt; a new integer column is answered 202
//     "processing" (the emulator makes it available at once, where
//     Appwrite's worker takes a moment); a column's width is 8 bytes when
//     its max needs more than 32 bits, else 4, and values are checked
//     against that width and the column's min and max.
//   - TablesDB differences: a row's keys are written in the order GET
//     gives them on MariaDB (columns, then $sequence, $id, $createdAt,
//     $updatedAt, $permissions, $databaseId, $tableId) by every route,
//     where Appwrite's create and update keep the order the row was built
//     in. $-keys in data ($id, $createdAt, …) are ignored, where Appwrite
//     lets API keys set $createdAt and $updatedAt. POST …/tables refuses
//     inline columns and indexes (400 general_argument_invalid); POST
//     …/rows refuses the bulk rows param the same way, and GET …/rows/{rowId}
//     refuses queries with 400 general_query_invalid. A transactionId is
//     answered as for a transaction that does not exist: 404
//     transaction_not_found (400 general_bad_request on the increment),
//     after the row lookup on update and delete. A fractional increment of
//     an integer column stores the rounded sum (as MariaDB does) and
//     answers the exact one. Structure errors (row_invalid_structure)
//     follow utopia-php/database's messages (such as Invalid document
//     structure: Unknown attribute: "x"); the Integer validator's own
//     description is assumed to be "Value must be a valid integer".
//     Database and table sequences, bytesUsed for column types other than
//     integer, column limits and the X-Debug-Operations header are not
//     emulated.
//   - Errors never carry the development-mode fields (file, line, trace),
//     and response filters for formats older than 1.7.0 are not applied.
//     X-Debug-Speed is the emulator's own time.
//
// Known differences from the 1.9 line (1.9.6 and Cloud's cl-1.9.6-1):
//   - A JWT whose session has expired makes a guest, as on the 1.9.x branch
//     after 1.9.6 and on main; tag 1.9.6 and cl-1.9.6-1 still accept it
//     while the session is stored.
//   - cl-1.9.6-1 also has the appwrite OAuth2 provider; the enum is 1.9.6's.
//     main refuses a JWT made with a JWT (user_jwt_creation_denied), checks
//     MFA challenges' expiry and has a custom MFA factor and an mfaFactors
//     policy; none of this is emulated. Nor are impersonation, account keys
//     (user_api_key_and_session_set), or main dropping the always-granted
//     scopes from execution keys (the applications role's are added).
//   - The e-mail policies apply whenever they are set; Appwrite applies them
//     only on a Cloud plan that supports them (never self-hosted). The
//     e-mail fields come from a sample of utopia-php/emails' domain lists
//     (example.com is disposable there, and here) and its alias rules for
//     Gmail, Outlook, iCloud and Yahoo, and are worked out from the current
//     address when a user is shown, where Appwrite stores them when the
//     address is set (so some of its users have nulls the emulator fills).
//   - PATCH /users/{userId}/password with "" stores the hash of "" and
//     answers once; 1.9.6 carries on after its first answer and does the
//     same. PATCH /account/sessions/{sessionId} of a session from an OAuth2
//     token (provider github, no refresh token) extends it; 1.9.6 asks the
//     provider to refresh an empty token (its outcome is not known).
//   - Of the response-format filters only ResponseV21's User and Row parts
//     apply; the others change no emulated model.
//   - The error table of 1.9.6 is not in ../shared: the mode's rows are
//     errors-1.8.x.json's, with the differences read in errors.php@1.9.6.
//
// Known differences from the 1.8.x branch (9dc11c17): expired MFA
// challenges are refused, as the reference table reads the branch; its
// source checks no expiry (the emulator keeps the stricter side, which a
// client must survive anyway). Later branch commits send user_blocked with
// 403 ([WithBlockedStatus]).
//
// Known differences from the 1.8.1 release: none beyond those of every
// version.
package appwritetest
