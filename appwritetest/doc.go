// Package appwritetest is an in-process emulator of one Appwrite 1.8
// project's Account API, and of the few TablesDB routes a function needs to
// keep counters in a table, faithful enough that the Go SDK
// (github.com/appwrite/sdk-for-go v1.0.0) cannot tell it from the real
// server on the routes it covers. It uses the standard library only.
//
// The contract it reproduces is ../shared/reference/appwrite-account-api.md
// (§1–9) and the spec extracts in ../shared/appwrite-spec/: the same paths,
// params and validator messages, the same order of checks (caller, project,
// key, scope, MFA, rate limit, "already signed in", params), the same status
// codes, response models (model key order, no extra keys, no nulls except
// Target.providerId and the /users password), sensitive-field rules, error
// bodies ({message, code, type, version} with an integer code), cookies and
// date format.
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
// set the project ID and name, API keys and scopes, the clock ([Clock] is a manual
// one), session length, session limit, registered platform hostnames
// (redirect and Origin checks), SMTP and rate limits.
//
// # Versions
//
// Appwrite Cloud runs the 1.9 line; self-hosted Appwrite 1.8 runs the
// 1.8.1 release; the spec files and Go SDK v1.0.0 follow the later 1.8.x
// branch (../shared/reference/appwrite-1.8.1-release-vs-branch.md,
// appwrite-1.9.md). [WithServerVersion] chooses which one the emulator is:
// [ServerBranch18x] (the default), [ServerRelease181] or [ServerCloud19x]
// (see its doc for what the 1.9 line changes). As the release, POST /account/jwts
// ignores duration (every JWT lives 900 s) and allows 100 JWTs an hour
// per user instead of 120 a minute; MFA challenges are completed however
// old; a successful sign-in does not reset its rate-limit counters
// (abuse-reset); an API key sent with a user's session is 403
// user_key_and_session_set; PATCH /account/sessions/{sessionId} extends
// any session, where the branch answers 400 project_provider_unsupported
// for sessions of no OAuth2 provider (all the emulator makes); a JWT sent with a session cookie acts as the
// JWT's user instead of failing with user_jwt_and_cookie_set; a key with
// the project only in the query is accepted (no project_id_missing); and
// error bodies follow errors-1.8.1.json, including its default messages.
// Both report 1.8.1 from GET /v1/health/version.
//
// Both versions share: blocked users ([WithBlockedStatus] sets the status
// of user_blocked, 401 by default, 403 as later branch commits send it),
// the project's invalidateSessions setting ([WithInvalidateSessions], on
// by default as in a new project) and the OAuth2 flow of a browser that
// is already signed in (see below).
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
// POST /users/{userId}/tokens; GET /users/{userId}/mfa/recovery-codes;
// DELETE /users/{userId}/mfa/authenticators/{type}; GET /health/version.
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
// "recoverycode" on the 1.8.1 release, "recoveryCode" on the branch (both
// spellings pass the factor param, and the other one leaves every code
// user_invalid_token). POST /account/mfa/challenges and POST
// /account/mfa/recovery-codes answer 201 on the branch and 200 on the
// release.
//
// TablesDB (src/Appwrite/Platform/Modules/Databases/Http/TablesDB/ and
// utopia-php/database 5.2 at the reference commit): POST /tablesdb (create
// a database; scope databases.write); POST /tablesdb/{databaseId}/tables
// and POST /tablesdb/{databaseId}/tables/{tableId}/columns/integer (scope
// tables.write or collections.write); POST
// /tablesdb/{databaseId}/tables/{tableId}/rows; PUT (upsert, answered
// 200 as Appwrite does), PATCH and DELETE
// /tablesdb/{databaseId}/tables/{tableId}/rows/{rowId}; PATCH
// /tablesdb/{databaseId}/tables/{tableId}/rows/{rowId}/{column}/increment
// and …/decrement (scope rows.write or documents.write); GET
// /tablesdb/{databaseId}/tables/{tableId}/rows/{rowId} (scope rows.read or
// documents.read). All state sits behind the emulator's one lock, so the
// increment and decrement are atomic, as Appwrite's UPDATE … SET column =
// column + value is. An upsert of an existing row keeps the columns its
// data leaves out.
//
// # Known differences from Appwrite
//
// Scope of the emulation:
//   - Only the routes above exist; every other path answers 404
//     general_route_not_found, where Appwrite would serve it (for example
//     DELETE /account, PATCH /account/phone, PATCH /account/status,
//     logs, phone tokens and verification, the other Users MFA routes,
//     push targets, the OAuth2 session flow GET
//     /account/sessions/oauth2/{provider} and its callback and redirect
//     routes). No CORS headers are sent and OPTIONS preflights are not
//     answered. Bodies are JSON or form-encoded (no multipart), up to
//     10 MiB.
//   - There is one project. A request without a project (Appwrite's console
//     project) gets 404 project_not_found, except GET /v1/health/version.
//   - The project has Appwrite's defaults for a new project: every auth
//     method and every OAuth2 provider enabled, no user limit, password
//     dictionary, history and personal-data checks off, session alerts off,
//     invalidateSessions on unless [WithInvalidateSessions](false). So
//     user_auth_method_unsupported, project_provider_disabled,
//     user_count_exceeded, password_recently_used and password_personal_data
//     are never sent.
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
//     address, else the peer address.
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
//     hour as the branch's are refused (see [ServerBranch18x]); Appwrite
//     removes no challenge in the background either.
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
//     databases, tables or columns, no indexes, no other column types, no
//     bulk rows, no queries, no transactions, no
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
package appwritetest
