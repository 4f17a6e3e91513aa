// Generated from openapi.json by `npm run generate` in web/ (scripts/types.mjs,
// with openapi-typescript). Do not edit: change openapi.json and regenerate.
// CI fails when this file is not what openapi.json gives.

export interface paths {
    "/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What this is
         * @description Names the function and its version and points to this document and the health check, for a person who opens the function's URL.
         *
         *     **Security:** public; no cookie is read or set.
         */
        get: operations["getIndex"];
        put?: never;
        post?: never;
        delete?: never;
        /**
         * CORS preflight (GET)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightIndex"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Health check
         * @description Reports the function's version and uptime, and whether Appwrite answers (`GET /health/version`, with neither API key nor session) and how fast.
         *
         *     **Security:** public; no cookie is read or set. Still 500 `function_misconfigured` when the function's configuration is invalid.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        /**
         * CORS preflight (GET)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightHealth"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This document
         * @description Serves this OpenAPI 3.1 document as JSON (`Cache-Control: public, max-age=300`).
         *
         *     **Security:** public.
         */
        get: operations["getOpenAPI"];
        put?: never;
        post?: never;
        delete?: never;
        /**
         * CORS preflight (GET)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightOpenapiJson"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/signup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a sign-up (or, with SIGNUP_VERIFICATION=off, create the account and sign in)
         * @description By default (`SIGNUP_VERIFICATION=code`) nobody gets an account with a password, a name or a session before proving its address: the address is e-mailed a six-digit code (Appwrite's e-mail token, with the API key) and the answer is 202 `SignUpPending`, the same whether the address has an account or not (nothing is told about it). No session, no password: `POST /signup/verify` with the code sets them. A password that can never be accepted (not 8 to 256 bytes of UTF-8) is refused here already, before any e-mail goes out.
         *
         *     **`SIGNUP_VERIFICATION=off`:** the account is created at once (Appwrite `POST /account` with the API key) with a session, 201 with the user and the session cookie; 409 when the address has an account. Nobody has proven the address: the account's first proof (a code, a magic link, a provider, a recovery) retires it (see `accountReset`).
         *
         *     **Guests (`off`):** when the browser holds a guest session (see `POST /anonymous`), the guest account gets the e-mail, password and name instead, so nothing the guest did is orphaned; the guest's sessions end and the browser gets a new session cookie. With `code` the same happens at `POST /signup/verify`.
         *
         *     **Rate limit:** e-mails are limited per client IP and per address (at most 3 live codes an address, shared with `POST /otp`); over budget the answer is 429 `rate_limit_exceeded` with a `retry-after` header.
         *
         *     **CSRF:** the request must come from an allowed origin: an `Origin` listed in `ALLOWED_ORIGINS` or the function's own, or no `Origin` and `Sec-Fetch-Site: same-origin` or `same-site`. Otherwise it fails with 403 `request_origin_rejected`.
         *
         *     **Body:** `Content-Type: application/json` (charset utf-8 only; else 415 `request_content_type_unsupported`), at most 64 KiB (else 413 `request_body_too_large`), one JSON object without unknown fields, at most 32 levels deep (else 400 `general_argument_invalid`).
         */
        post: operations["signUp"];
        delete?: never;
        /**
         * CORS preflight (POST)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightSignup"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/signup/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Complete a sign-up with the e-mailed code
         * @description Exchanges the code from `POST /signup` for a session, which proves the address; only then are the password and the name set (with the API key, so Appwrite's password policies apply: a refused password is a 400 with no session, and signing up again sends a new code). Answers 201 with the user and the session cookie.
         *
         *     **An address that had an account:** completing the sign-up is a sign-in by e-mail code to that account (for a user with MFA on the answer is `MFARequired` with the partial session cookie) and sets its password, as a recovery would; nothing tells the two cases apart before the code is proven. An account that held credentials nobody had proven is retired first (see `accountReset`).
         *
         *     **Guests:** when the browser holds a guest session and the address had no account, the guest account gets the address (verified), password and name and keeps its ID; its sessions end and the browser gets a new one.
         *
         *     **Cookie:** sets the session cookie (`set-cookie`); a session the browser held before is ended in Appwrite. Replies carrying user data or a cookie are `Cache-Control: no-store`.
         *
         *     **Rate limit:** attempts are limited per client IP (`x-appwrite-client-ip`) and per user (wrong codes count), with a ceiling of 100 guesses a day per user that addresses the user signed in from are exempt from; over budget the answer is 429 `rate_limit_exceeded` with a `retry-after` header.
         *
         *     **CSRF:** the request must come from an allowed origin: an `Origin` listed in `ALLOWED_ORIGINS` or the function's own, or no `Origin` and `Sec-Fetch-Site: same-origin` or `same-site`. Otherwise it fails with 403 `request_origin_rejected`.
         *
         *     **Body:** `Content-Type: application/json` (charset utf-8 only; else 415 `request_content_type_unsupported`), at most 64 KiB (else 413 `request_body_too_large`), one JSON object without unknown fields, at most 32 levels deep (else 400 `general_argument_invalid`).
         */
        post: operations["verifySignUp"];
        delete?: never;
        /**
         * CORS preflight (POST)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightSignupVerify"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with e-mail and password
         * @description Creates an e-mail/password session with the API key and answers 200 with the user and the session cookie.
         *
         *     Unknown e-mail and wrong password get the same 401 `user_invalid_credentials`.
         *
         *     **MFA:** when the user has multi-factor sign-in on, the session is partial: the answer is `{"mfaRequired": true, "factors": [...]}` with the (partial) session cookie, and `POST /mfa/challenge` then `POST /mfa/verify` complete it.
         *
         *     **Cookie:** sets the session cookie (`set-cookie`); a session the browser held before is ended in Appwrite. Replies carrying user data or a cookie are `Cache-Control: no-store`.
         *
         *     **Rate limit:** attempts are limited per client IP (`x-appwrite-client-ip`) and per e-mail; over budget the answer is 429 `rate_limit_exceeded` with a `retry-after` header.
         *
         *     **CSRF:** the request must come from an allowed origin: an `Origin` listed in `ALLOWED_ORIGINS` or the function's own, or no `Origin` and `Sec-Fetch-Site: same-origin` or `same-site`. Otherwise it fails with 403 `request_origin_rejected`.
         *
         *     **Body:** `Content-Type: application/json` (charset utf-8 only; else 415 `request_content_type_unsupported`), at most 64 KiB (else 413 `request_body_too_large`), one JSON object without unknown fields, at most 32 levels deep (else 400 `general_argument_invalid`).
         */
        post: operations["signIn"];
        delete?: never;
        /**
         * CORS preflight (POST)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightLogin"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign out
         * @description Deletes this browser's session (looked up with the session, deleted with the API key) and clears the cookie. Answers 204 also when the cookie was missing or stale.
         *
         *     **Cookie:** clears the session cookie (`set-cookie`).
         *
         *     **CSRF:** the request must come from an allowed origin: an `Origin` listed in `ALLOWED_ORIGINS` or the function's own, or no `Origin` and `Sec-Fetch-Site: same-origin` or `same-site`. Otherwise it fails with 403 `request_origin_rejected`.
         *
         *     **Body:** none; anything sent is ignored.
         */
        post: operations["signOut"];
        delete?: never;
        /**
         * CORS preflight (POST)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightLogout"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The signed-in user
         * @description Returns the signed-in user, read with the session.
         *
         *     **Session:** needs the session cookie. Without one, or with one Appwrite no longer accepts, the answer is 401 `user_unauthorized` (a stale cookie is also cleared). A session still waiting for its second factor gets 401 `user_more_factors_required`.
         *
         *     **Cookie:** read; cleared when stale. Replies carrying user data or a cookie are `Cache-Control: no-store`.
         */
        get: operations["getMe"];
        put?: never;
        post?: never;
        /**
         * Delete the account
         * @description Deletes the signed-in user's account through the Users API, with every session of the user, and clears the cookie. The request must show it is the owner's, not just someone holding the session: an account with a password sends it (`{password}`); an account without one sends a fresh e-mail code (`{code}`, asked for with `POST /otp {email}` for the account's own address, and spent by this call); a guest account (no password, no e-mail address) goes with its session alone.
         *
         *     **Rate limit:** each password check counts on the budgets of `POST /login` for the account's e-mail (per client IP and e-mail, per e-mail), and an address the user signed in from is not spared them: 429 `rate_limit_exceeded` with `retry-after`; an e-mail code counts like `POST /otp/verify`'s guesses: per client IP and user, with a ceiling of 100 a day.
         *
         *     **Session:** needs the session cookie. Without one, or with one Appwrite no longer accepts, the answer is 401 `user_unauthorized` (a stale cookie is also cleared). A session still waiting for its second factor gets 401 `user_more_factors_required`.
         *
         *     **CSRF:** the request must come from an allowed origin: an `Origin` listed in `ALLOWED_ORIGINS` or the function's own, or no `Origin` and `Sec-Fetch-Site: same-origin` or `same-site`. Otherwise it fails with 403 `request_origin_rejected`.
         *
         *     **Body:** `Content-Type: application/json` (charset utf-8 only; else 415 `request_content_type_unsupported`), at most 64 KiB (else 413 `request_body_too_large`), one JSON object without unknown fields, at most 32 levels deep (else 400 `general_argument_invalid`).
         */
        delete: operations["deleteAccount"];
        /**
         * CORS preflight (GET, PATCH, DELETE)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightMe"];
        head?: never;
        /**
         * Change the name and/or the preferences
         * @description Changes the signed-in user's name and/or replaces their preferences (a JSON object, as Appwrite stores it; at least one of the two must be sent) and answers with the user.
         *
         *     **Session:** needs the session cookie. Without one, or with one Appwrite no longer accepts, the answer is 401 `user_unauthorized` (a stale cookie is also cleared). A session still waiting for its second factor gets 401 `user_more_factors_required`.
         *
         *     Replies carrying user data or a cookie are `Cache-Control: no-store`.
         *
         *     **CSRF:** the request must come from an allowed origin: an `Origin` listed in `ALLOWED_ORIGINS` or the function's own, or no `Origin` and `Sec-Fetch-Site: same-origin` or `same-site`. Otherwise it fails with 403 `request_origin_rejected`.
         *
         *     **Body:** `Content-Type: application/json` (charset utf-8 only; else 415 `request_content_type_unsupported`), at most 64 KiB (else 413 `request_body_too_large`), one JSON object without unknown fields, at most 32 levels deep (else 400 `general_argument_invalid`).
         */
        patch: operations["updateMe"];
        trace?: never;
    };
    "/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change the password
         * @description Sets a new password for the signed-in user and answers 200 with the user and a new session cookie. A user who has a password must give it as `oldPassword` (missing or wrong: 401 `user_invalid_credentials`); users who never set one (guests, magic-link, code or OAuth2 sign-ins) leave it out.
         *
         *     The function checks the old password itself (by signing in with it, behind its own limiter: 429 `rate_limit_exceeded`) and sets the new one with the admin client, because Appwrite limits its own password route to 10 calls an hour per IP and every call of the function comes from one address. Then the function ends every session of the user itself, whatever the project's `invalidateSessions` setting says, and this browser gets a new session, signed in with the new password.
         *
         *     **Session:** needs the session cookie. Without one, or with one Appwrite no longer accepts, the answer is 401 `user_unauthorized` (a stale cookie is also cleared). A session still waiting for its second factor gets 401 `user_more_factors_required`.
         *
         *     Replies carrying user data or a cookie are `Cache-Control: no-store`.
         *
         *     **Rate limit:** checks of the old password count on the budgets of `POST /login` for the account's e-mail (per client IP and e-mail, per e-mail), and an address the user signed in from is not spared them (429 `rate_limit_exceeded`, with `retry-after`).
         *
         *     **CSRF:** the request must come from an allowed origin: an `Origin` listed in `ALLOWED_ORIGINS` or the function's own, or no `Origin` and `Sec-Fetch-Site: same-origin` or `same-site`. Otherwise it fails with 403 `request_origin_rejected`.
         *
         *     **Body:** `Content-Type: application/json` (charset utf-8 only; else 415 `request_content_type_unsupported`), at most 64 KiB (else 413 `request_body_too_large`), one JSON object without unknown fields, at most 32 levels deep (else 400 `general_argument_invalid`).
         */
        post: operations["changePassword"];
        delete?: never;
        /**
         * CORS preflight (POST)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightMePassword"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change the e-mail address
         * @description Changes the signed-in user's e-mail; the password confirms it. An account without a password sets it with this call, and must also send `code`, a fresh e-mail code of its current address (ask with `POST /otp`), so that a stolen session alone cannot move the account to another address. The new address is unverified until `POST /verification` is done. Every other session of the user is then ended; this browser stays signed in.
         *
         *     **Rate limit:** each password check counts on the budgets of `POST /login` for the account's e-mail (per client IP and e-mail, per e-mail), and an address the user signed in from is not spared them: 429 `rate_limit_exceeded` with `retry-after`, so a stolen session cannot guess the password.
         *
         *     **Session:** needs the session cookie. Without one, or with one Appwrite no longer accepts, the answer is 401 `user_unauthorized` (a stale cookie is also cleared). A session still waiting for its second factor gets 401 `user_more_factors_required`.
         *
         *     Replies carrying user data or a cookie are `Cache-Control: no-store`.
         *
         *     **CSRF:** the request must come from an allowed origin: an `Origin` listed in `ALLOWED_ORIGINS` or the function's own, or no `Origin` and `Sec-Fetch-Site: same-origin` or `same-site`. Otherwise it fails with 403 `request_origin_rejected`.
         *
         *     **Body:** `Content-Type: application/json` (charset utf-8 only; else 415 `request_content_type_unsupported`), at most 64 KiB (else 413 `request_body_too_large`), one JSON object without unknown fields, at most 32 levels deep (else 400 `general_argument_invalid`).
         */
        post: operations["changeEmail"];
        delete?: never;
        /**
         * CORS preflight (POST)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightMeEmail"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/mfa": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        /**
         * CORS preflight (PATCH)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightMeMfa"];
        head?: never;
        /**
         * Turn multi-factor sign-in on or off
         * @description Turns multi-factor sign-in on or off for the signed-in user. Appwrite asks for a second factor only when the user has one (a verified e-mail at least, or an authenticator app).
         *
         *     Turning it **off** takes the same proof as `DELETE /me/mfa/totp`, so that a stolen session alone cannot undo the owner's second factor: `code` (the authenticator's current code), `password`, or neither when this session completed a second factor in the last 5 minutes. Turning it **on** takes none, except in the 30 minutes after an authenticator app was added to the account (a stolen session could add its own and lock the owner out): then `password`, or a second factor this session completed in the last 5 minutes before the app was added; else 401 `user_challenge_required`, and a `code` of the new app is 400.
         *
         *     **Rate limit:** each code or password checked counts on the same budgets as the other code guesses and password checks of the user: 429 `rate_limit_exceeded` with `retry-after`.
         *
         *     **Session:** needs the session cookie. Without one, or with one Appwrite no longer accepts, the answer is 401 `user_unauthorized` (a stale cookie is also cleared). A session still waiting for its second factor gets 401 `user_more_factors_required`.
         *
         *     Replies carrying user data or a cookie are `Cache-Control: no-store`.
         *
         *     **CSRF:** the request must come from an allowed origin: an `Origin` listed in `ALLOWED_ORIGINS` or the function's own, or no `Origin` and `Sec-Fetch-Site: same-origin` or `same-site`. Otherwise it fails with 403 `request_origin_rejected`.
         *
         *     **Body:** `Content-Type: application/json` (charset utf-8 only; else 415 `request_content_type_unsupported`), at most 64 KiB (else 413 `request_body_too_large`), one JSON object without unknown fields, at most 32 levels deep (else 400 `general_argument_invalid`).
         */
        patch: operations["setMFA"];
        trace?: never;
    };
    "/me/mfa/factors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the user's second factors
         * @description Which second factors the user can complete a sign-in with: a confirmed authenticator app, a verified e-mail address or phone, unused recovery codes. Also answers for a sign-in still waiting for its second factor.
         *
         *     **Session:** needs the (partial or whole) session cookie; without a valid one: 401 `user_unauthorized` (a stale cookie is cleared).
         *
         *     Replies carrying user data or a cookie are `Cache-Control: no-store`.
         */
        get: operations["listMFAFactors"];
        put?: never;
        post?: never;
        delete?: never;
        /**
         * CORS preflight (GET)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightMeMfaFactors"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/mfa/totp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Confirm the authenticator app
         * @description Checks a code from the new authenticator. Once one is right, the authenticator is a second factor (with MFA on, sign-ins then offer `totp`) and this session counts it as completed. Appwrite takes the code of the current 30-second step only: a device whose clock is off by more than a few seconds gives codes that fail.
         *
         *     **Rate limit:** attempts are limited per client IP (`x-appwrite-client-ip`) and per user (wrong codes count), with a ceiling of 100 guesses a day per user that addresses the user signed in from are exempt from; over budget the answer is 429 `rate_limit_exceeded` with a `retry-after` header.
         *
         *     **Session:** needs the session cookie. Without one, or with one Appwrite no longer accepts, the answer is 401 `user_unauthorized` (a stale cookie is also cleared). A session still waiting for its second factor gets 401 `user_more_factors_required`.
         *
         *     Replies carrying user data or a cookie are `Cache-Control: no-store`.
         *
         *     **CSRF:** the request must come from an allowed origin: an `Origin` listed in `ALLOWED_ORIGINS` or the function's own, or no `Origin` and `Sec-Fetch-Site: same-origin` or `same-site`. Otherwise it fails with 403 `request_origin_rejected`.
         *
         *     **Body:** `Content-Type: application/json` (charset utf-8 only; else 415 `request_content_type_unsupported`), at most 64 KiB (else 413 `request_body_too_large`), one JSON object without unknown fields, at most 32 levels deep (else 400 `general_argument_invalid`).
         */
        put: operations["confirmTOTP"];
        /**
         * Start adding an authenticator app
         * @description Appwrite makes a new authenticator (TOTP, RFC 6238: SHA-1, 6 digits, 30 seconds) for the user, replacing one never confirmed, and the answer holds its secret, its `otpauth://` URI and that URI as a QR code (an SVG image the function draws). Show the QR code; the user scans it with an authenticator app and confirms with a code through `PUT /me/mfa/totp`. Until then it is no factor.
         *
         *     **Session:** needs the session cookie. Without one, or with one Appwrite no longer accepts, the answer is 401 `user_unauthorized` (a stale cookie is also cleared). A session still waiting for its second factor gets 401 `user_more_factors_required`.
         *
         *     Replies carrying user data or a cookie are `Cache-Control: no-store`.
         *
         *     **CSRF:** the request must come from an allowed origin: an `Origin` listed in `ALLOWED_ORIGINS` or the function's own, or no `Origin` and `Sec-Fetch-Site: same-origin` or `same-site`. Otherwise it fails with 403 `request_origin_rejected`.
         */
        post: operations["startTOTP"];
        /**
         * Remove the authenticator app
         * @description Removes the user's authenticator, confirmed or not. The request proves it is the user's with a current code of the authenticator (`{code}`), the account's password (`{password}`), or, with an empty body, a recent second factor: so a user who lost the device and signed in with a recovery code can remove it. A **recent second factor** means an MFA challenge completed on this session (`POST /mfa/challenge`, then `POST /mfa/verify`, with any factor the user has) in the last 5 minutes; without one the answer is 401 `user_challenge_required`.
         *
         *     **Rate limit:** a code counts like `PUT /me/mfa/totp`'s, a password like `POST /me/password`'s: 429 `rate_limit_exceeded` with `retry-after`.
         *
         *     **Session:** needs the session cookie. Without one, or with one Appwrite no longer accepts, the answer is 401 `user_unauthorized` (a stale cookie is also cleared). A session still waiting for its second factor gets 401 `user_more_factors_required`.
         *
         *     **CSRF:** the request must come from an allowed origin: an `Origin` listed in `ALLOWED_ORIGINS` or the function's own, or no `Origin` and `Sec-Fetch-Site: same-origin` or `same-site`. Otherwise it fails with 403 `request_origin_rejected`.
         *
         *     **Body:** `Content-Type: application/json` (charset utf-8 only; else 415 `request_content_type_unsupported`), at most 64 KiB (else 413 `request_body_too_large`), one JSON object without unknown fields, at most 32 levels deep (else 400 `general_argument_invalid`).
         */
        delete: operations["removeTOTP"];
        /**
         * CORS preflight (POST, PUT, DELETE)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightMeMfaTotp"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/mfa/recovery-codes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Count the recovery codes left
         * @description How many unused recovery codes the user has. Never the codes: they are shown once, when made.
         *
         *     **Session:** needs the session cookie. Without one, or with one Appwrite no longer accepts, the answer is 401 `user_unauthorized` (a stale cookie is also cleared). A session still waiting for its second factor gets 401 `user_more_factors_required`.
         *
         *     Replies carrying user data or a cookie are `Cache-Control: no-store`.
         */
        get: operations["countRecoveryCodes"];
        put?: never;
        /**
         * Make recovery codes
         * @description Makes six recovery codes and answers with them: the only time they are shown (the reply is `no-store`, and no log line holds them). Each one completes one sign-in in place of a second factor (`POST /mfa/challenge {"factor": "recoveryCode"}`) and is then gone. The user's first codes need only the session; new codes replace the old ones and need a recent second factor, so that a stolen session cannot mint codes that outlive it. A **recent second factor** means an MFA challenge completed on this session (`POST /mfa/challenge`, then `POST /mfa/verify`, with any factor the user has) in the last 5 minutes; without one the answer is 401 `user_challenge_required`.
         *
         *     **Session:** needs the session cookie. Without one, or with one Appwrite no longer accepts, the answer is 401 `user_unauthorized` (a stale cookie is also cleared). A session still waiting for its second factor gets 401 `user_more_factors_required`.
         *
         *     Replies carrying user data or a cookie are `Cache-Control: no-store`.
         *
         *     **CSRF:** the request must come from an allowed origin: an `Origin` listed in `ALLOWED_ORIGINS` or the function's own, or no `Origin` and `Sec-Fetch-Site: same-origin` or `same-site`. Otherwise it fails with 403 `request_origin_rejected`.
         */
        post: operations["createRecoveryCodes"];
        delete?: never;
        /**
         * CORS preflight (GET, POST)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightMeMfaRecoveryCodes"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/identities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List linked sign-in methods
         * @description The OAuth2 accounts linked to the user (one per provider the user signed in with), without their tokens.
         *
         *     **Session:** needs the session cookie. Without one, or with one Appwrite no longer accepts, the answer is 401 `user_unauthorized` (a stale cookie is also cleared). A session still waiting for its second factor gets 401 `user_more_factors_required`.
         *
         *     Replies carrying user data or a cookie are `Cache-Control: no-store`.
         */
        get: operations["listIdentities"];
        put?: never;
        post?: never;
        delete?: never;
        /**
         * CORS preflight (GET)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightMeIdentities"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/identities/{identityId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Unlink a sign-in method
         * @description Unlinks one of the user's identities. The last way to sign in cannot be unlinked: an identity of an account with no other identity and no password (a password counts with an e-mail address to sign in with) is refused with 409 `user_last_sign_in_method`; set a password first (`POST /me/password`), or link another provider. An e-mail address alone does not count: magic links and codes may be off, and a provider's address need not be one the user reads. A provider whose address is the account's may link itself again at the next sign-in with it (Appwrite matches accounts by e-mail).
         *
         *     **Session:** needs the session cookie. Without one, or with one Appwrite no longer accepts, the answer is 401 `user_unauthorized` (a stale cookie is also cleared). A session still waiting for its second factor gets 401 `user_more_factors_required`.
         *
         *     **CSRF:** the request must come from an allowed origin: an `Origin` listed in `ALLOWED_ORIGINS` or the function's own, or no `Origin` and `Sec-Fetch-Site: same-origin` or `same-site`. Otherwise it fails with 403 `request_origin_rejected`.
         */
        delete: operations["unlinkIdentity"];
        /**
         * CORS preflight (DELETE)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightMeIdentitiesIdentityId"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth2/{provider}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Start an OAuth2 sign-in
         * @description A browser navigation (not `fetch`): answers 302 to Appwrite's OAuth2 token route `{endpoint}/account/tokens/oauth2/{provider}?project=...&success=...&failure=...`, whose success and failure URLs are this function's `GET /oauth2/callback`, carrying the flow. The URL is built by hand: the API key never travels, and the browser itself talks to Appwrite.
         *
         *     **Cookie:** sets a short-lived flow-state cookie, scoped to `/oauth2/callback`, that binds the flow to this browser (login-CSRF defence). The session cookie is set by the callback.
         *
         *     **Open redirects:** `redirect` and `failure` must be on the allowlist (`ALLOWED_REDIRECT_URLS`, else the allowed origins): 400 `redirect_not_allowed`.
         */
        get: operations["startOAuth2"];
        put?: never;
        post?: never;
        delete?: never;
        /**
         * CORS preflight (GET)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightOauth2Provider"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth2/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * OAuth2 callback
         * @description Where Appwrite sends the browser back after the provider, with `userId` and `secret` appended. When the browser holds the flow-state cookie, the one-time token is exchanged for a session (API key), the session cookie is set and the browser goes to the app with 303.
         *
         *     On failure the browser goes to the flow's failure URL with `?error=<type>`: `flow_state_mismatch` (the browser did not start this flow, or holds two values of its flow cookie, one set by another host: login CSRF defence), `flow_state_used` (this flow's state was used already: a state signs a browser in once), `user_invalid_token` (missing, spent or expired token), the provider's error type (default `user_oauth2_provider_error`), or the type of any other error (`upstream_unavailable`, `function_misconfigured`, ...). No message or secret travels in the URL.
         *
         *     **Cookie:** sets the session cookie on success; a session the browser held before is ended in Appwrite. The flow-state cookie is left to expire (one cookie per response).
         */
        get: operations["finishOAuth2"];
        put?: never;
        post?: never;
        delete?: never;
        /**
         * CORS preflight (GET)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightOauth2Callback"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/magic-url": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * E-mail a sign-in link
         * @description Appwrite e-mails the user a link to `GET /magic-url/callback` (valid one hour); the account is created on first use. Answers 202 `{}` whatever the e-mail: the answer never tells whether an account exists.
         *
         *     **Cookie:** sets a flow cookie (15 minutes) so the link, opened in this browser within that time, signs in at once; opened later, or in any other browser, it asks for confirmation first.
         *
         *     **Rate limit:** attempts are limited per client IP (`x-appwrite-client-ip`) and per e-mail; over budget the answer is 429 `rate_limit_exceeded` with a `retry-after` header.
         *
         *     **Open redirects:** `redirect` must be on the allowlist: 400 `redirect_not_allowed`.
         *
         *     **CSRF:** the request must come from an allowed origin: an `Origin` listed in `ALLOWED_ORIGINS` or the function's own, or no `Origin` and `Sec-Fetch-Site: same-origin` or `same-site`. Otherwise it fails with 403 `request_origin_rejected`.
         *
         *     **Body:** `Content-Type: application/json` (charset utf-8 only; else 415 `request_content_type_unsupported`), at most 64 KiB (else 413 `request_body_too_large`), one JSON object without unknown fields, at most 32 levels deep (else 400 `general_argument_invalid`).
         */
        post: operations["startMagicURL"];
        delete?: never;
        /**
         * CORS preflight (POST)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightMagicUrl"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/magic-url/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Magic link target
         * @description The link from the e-mail. Opened in the browser that asked for it (its flow cookie matches), it exchanges the token for a session and sends the browser to the app with 303. Opened anywhere else it signs nobody in silently: it answers a small HTML page naming the account, masked (`a***@example.com`; for a link to no account a made-up address of the same shape, the same on every view, so the page does not tell), whose button POSTs to `/magic-url/confirm`. Each view of the page counts on the client address's rate-limit budget. That stops an attacker from signing a victim into the attacker's account with the attacker's own link.
         *
         *     On failure the browser goes to the flow's failure URL with `?error=<type>`: `flow_state_mismatch` (the browser holds two values of the flow cookie, one set by another host: it is neither signed in nor shown the page), `flow_state_used` (the link was used already: its state signs a browser in once), `rate_limit_exceeded` (this address has viewed too many confirmation pages, or made too many sign-in attempts, in the window), `user_invalid_token` (missing, spent or expired token), `user_blocked`, or the type of any other error (`upstream_unavailable`, `function_misconfigured`, ...). No message or secret travels in the URL.
         *
         *     **Cookie:** sets the session cookie when it signs in; a session the browser held before is ended in Appwrite. The page is `Cache-Control: no-store` with a strict `Content-Security-Policy`.
         */
        get: operations["openMagicURL"];
        put?: never;
        post?: never;
        delete?: never;
        /**
         * CORS preflight (GET)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightMagicUrlCallback"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/magic-url/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm a magic-link sign-in
         * @description The button of the confirmation page: a form post (the one route that takes one), accepted only from the function's own page (`Origin` equal to the function's origin, or no `Origin` and `Sec-Fetch-Site: same-origin`). Exchanges the token for a session and sends the browser to the app with 303.
         *
         *     On failure the browser goes to the flow's failure URL with `?error=<type>`: `flow_state_used` (the link was used already: its state signs a browser in once), `user_invalid_token` (missing, spent or expired token), `user_blocked`, or the type of any other error (`upstream_unavailable`, `function_misconfigured`, ...). No message or secret travels in the URL.
         *
         *     **Cookie:** sets the session cookie on success; a session the browser held before is ended in Appwrite.
         *
         *     **Body:** `application/x-www-form-urlencoded` (else 415 `request_content_type_unsupported`), at most 64 KiB (else 413).
         */
        post: operations["confirmMagicURL"];
        delete?: never;
        /**
         * CORS preflight (POST)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightMagicUrlConfirm"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/verification": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * E-mail a verification link
         * @description Appwrite e-mails the signed-in user a link to `GET /verification/callback`, which confirms the address and lands on `redirect` (or the default app URL).
         *
         *     **Cookie:** sets a flow cookie (15 minutes) so the link, opened in this browser within that time, verifies the address at once; opened later, or in any other browser, it asks for confirmation first.
         *
         *     **Session:** needs the session cookie. Without one, or with one Appwrite no longer accepts, the answer is 401 `user_unauthorized` (a stale cookie is also cleared). A session still waiting for its second factor gets 401 `user_more_factors_required`.
         *
         *     **Rate limit:** Appwrite limits verification e-mails per user and hour: 429 `rate_limit_exceeded` with `retry-after`.
         *
         *     **Open redirects:** `redirect` must be on the allowlist: 400 `redirect_not_allowed`.
         *
         *     **CSRF:** the request must come from an allowed origin: an `Origin` listed in `ALLOWED_ORIGINS` or the function's own, or no `Origin` and `Sec-Fetch-Site: same-origin` or `same-site`. Otherwise it fails with 403 `request_origin_rejected`.
         *
         *     **Body:** optional: a request with no body counts as `{}` and may leave out `Content-Type`; a body must be sent as `application/json` (else 415 `request_content_type_unsupported`), at most 64 KiB (else 413 `request_body_too_large`), without unknown fields (else 400 `general_argument_invalid`).
         */
        post: operations["startVerification"];
        delete?: never;
        /**
         * CORS preflight (POST)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightVerification"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/verification/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Verification link target
         * @description The link from the e-mail. Opened in the browser that asked for it (its flow cookie matches), it confirms the address (with neither API key nor session) and sends the browser to the app with 303 and `?verified=true`. Opened anywhere else it changes nothing: it answers a small HTML page naming the account, masked (`a***@example.com`; for a link to no account a made-up address of the same shape, the same on every view), whose button POSTs to `/verification/confirm`. A mail gateway that opens every link, or the owner of an address opening the link of an account someone else made with it, so verifies nothing. Each view of the page counts on the client address's rate-limit budget.
         *
         *     On failure the browser goes to the flow's failure URL with `?error=<type>`: `flow_state_mismatch` (the browser holds two values of the flow cookie, one set by another host), `rate_limit_exceeded` (this address has viewed too many confirmation pages, or made too many sign-in attempts, in the window), `user_invalid_token` (missing, spent or expired token), or the type of any other error. No message or secret travels in the URL.
         *
         *     **Cookie:** reads the flow cookie; none is set. The page is `Cache-Control: no-store` with a strict `Content-Security-Policy`.
         */
        get: operations["finishVerification"];
        put?: never;
        post?: never;
        delete?: never;
        /**
         * CORS preflight (GET)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightVerificationCallback"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/verification/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm an e-mail verification
         * @description The button of the verification link's confirmation page: a form post, accepted only from the function's own page (`Origin` equal to the function's origin, or no `Origin` and `Sec-Fetch-Site: same-origin`). Confirms the address (with neither API key nor session) and sends the browser to the app with 303 and `?verified=true`.
         *
         *     On failure the browser goes to the flow's failure URL with `?error=<type>`: `user_invalid_token` (missing, spent or expired token), or the type of any other error (`upstream_unavailable`, `function_misconfigured`, ...). No message or secret travels in the URL.
         *
         *     **Cookie:** none is read or set.
         *
         *     **Body:** `application/x-www-form-urlencoded` (else 415 `request_content_type_unsupported`), at most 64 KiB (else 413).
         */
        post: operations["confirmVerification"];
        delete?: never;
        /**
         * CORS preflight (POST)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightVerificationConfirm"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/otp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * E-mail a sign-in code
         * @description Appwrite e-mails a six-digit code (valid 15 minutes) and the answer is the user ID to send back with it to `POST /otp/verify`. Appwrite creates the user when the e-mail is new, so known and unknown addresses get the same answer.
         *
         *     **Rate limit:** attempts are limited per client IP (`x-appwrite-client-ip`) and per e-mail (every code sent counts), and at most 3 codes go to one address in 15 minutes (a code's lifetime), account or not; over budget the answer is 429 `rate_limit_exceeded` with a `retry-after` header.
         *
         *     **CSRF:** the request must come from an allowed origin: an `Origin` listed in `ALLOWED_ORIGINS` or the function's own, or no `Origin` and `Sec-Fetch-Site: same-origin` or `same-site`. Otherwise it fails with 403 `request_origin_rejected`.
         *
         *     **Body:** `Content-Type: application/json` (charset utf-8 only; else 415 `request_content_type_unsupported`), at most 64 KiB (else 413 `request_body_too_large`), one JSON object without unknown fields, at most 32 levels deep (else 400 `general_argument_invalid`).
         *
         *     When Appwrite refuses the address for a reason that would reveal whether it has an account, the answer is the same 200 with a user ID no code will match: the same for that address on every request, and shaped like Appwrite's IDs.
         */
        post: operations["startEmailCode"];
        delete?: never;
        /**
         * CORS preflight (POST)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightOtp"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/otp/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with an e-mail code
         * @description Exchanges the code for a session and answers 200 with the user and the session cookie, or, for a user with MFA on, `MFARequired` and the partial session cookie.
         *
         *     **Pre-hijacked accounts:** when the account held credentials nobody had proven (a password, a linked identity, a phone, a second factor on an unverified address), the code is the first proof of the address: the account is retired (deleted, with every token ever issued for it) and a new, verified account made for the address, which this browser is signed in to; the answer carries `accountReset`. Magic links, OAuth2 sign-ins (`accountReset=true` in the redirect) and recoveries do the same.
         *
         *     **Cookie:** sets the session cookie (`set-cookie`); a session the browser held before is ended in Appwrite. Replies carrying user data or a cookie are `Cache-Control: no-store`.
         *
         *     **Rate limit:** attempts are limited per client IP (`x-appwrite-client-ip`) and per user (wrong codes count), with a ceiling of 100 guesses a day per user that addresses the user signed in from are exempt from; over budget the answer is 429 `rate_limit_exceeded` with a `retry-after` header.
         *
         *     **CSRF:** the request must come from an allowed origin: an `Origin` listed in `ALLOWED_ORIGINS` or the function's own, or no `Origin` and `Sec-Fetch-Site: same-origin` or `same-site`. Otherwise it fails with 403 `request_origin_rejected`.
         *
         *     **Body:** `Content-Type: application/json` (charset utf-8 only; else 415 `request_content_type_unsupported`), at most 64 KiB (else 413 `request_body_too_large`), one JSON object without unknown fields, at most 32 levels deep (else 400 `general_argument_invalid`).
         */
        post: operations["verifyEmailCode"];
        delete?: never;
        /**
         * CORS preflight (POST)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightOtpVerify"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/anonymous": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in as a guest
         * @description Creates a guest account (no name, no e-mail) and its session, and answers 201 with the user and the session cookie. A later `POST /signup` from this browser turns the guest into a full account. A browser that is already signed in gets 409 `user_session_already_exists` instead of a second account. Guest sign-ins are limited per client IP (429 `rate_limit_exceeded`).
         *
         *     **Cookie:** sets the session cookie (`set-cookie`); a session the browser held before is ended in Appwrite. Replies carrying user data or a cookie are `Cache-Control: no-store`.
         *
         *     **CSRF:** the request must come from an allowed origin: an `Origin` listed in `ALLOWED_ORIGINS` or the function's own, or no `Origin` and `Sec-Fetch-Site: same-origin` or `same-site`. Otherwise it fails with 403 `request_origin_rejected`.
         *
         *     **Body:** none; anything sent is ignored.
         */
        post: operations["signInAnonymously"];
        delete?: never;
        /**
         * CORS preflight (POST)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightAnonymous"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jwt": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A JWT for direct Appwrite calls
         * @description Creates a JWT of the signed-in user's session, for calling Appwrite directly from the browser (`X-Appwrite-JWT`, or the web SDK's `setJWT`) without handing out the session secret.
         *
         *     **Session:** needs the session cookie. Without one, or with one Appwrite no longer accepts, the answer is 401 `user_unauthorized` (a stale cookie is also cleared). A session still waiting for its second factor gets 401 `user_more_factors_required`.
         *
         *     Replies carrying user data or a cookie are `Cache-Control: no-store`.
         *
         *     **Project settings:** the JWT is made with the function's API key, so it works with the project's JWT method off, as `appwrite.json` sets it; Appwrite's limit on a user's JWTs does not apply to it.
         *
         *     **CSRF:** the request must come from an allowed origin: an `Origin` listed in `ALLOWED_ORIGINS` or the function's own, or no `Origin` and `Sec-Fetch-Site: same-origin` or `same-site`. Otherwise it fails with 403 `request_origin_rejected`.
         *
         *     **Body:** optional: a request with no body counts as `{}` and may leave out `Content-Type`; a body must be sent as `application/json` (else 415 `request_content_type_unsupported`), at most 64 KiB (else 413 `request_body_too_large`), without unknown fields (else 400 `general_argument_invalid`).
         */
        post: operations["createJWT"];
        delete?: never;
        /**
         * CORS preflight (POST)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightJwt"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/recovery": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * E-mail a password-reset link
         * @description Appwrite e-mails a link to `redirect` (the app's reset-password page, or the default app URL) with `userId` and `secret` appended; the page then calls `POST /recovery/confirm`. Answers 202 `{}` whatever the e-mail: the answer never tells whether an account exists.
         *
         *     **Rate limit:** attempts are limited per client IP (`x-appwrite-client-ip`) and per e-mail (every e-mail sent counts); over budget the answer is 429 `rate_limit_exceeded` with a `retry-after` header.
         *
         *     **Open redirects:** `redirect` must be on the allowlist: 400 `redirect_not_allowed`.
         *
         *     **CSRF:** the request must come from an allowed origin: an `Origin` listed in `ALLOWED_ORIGINS` or the function's own, or no `Origin` and `Sec-Fetch-Site: same-origin` or `same-site`. Otherwise it fails with 403 `request_origin_rejected`.
         *
         *     **Body:** `Content-Type: application/json` (charset utf-8 only; else 415 `request_content_type_unsupported`), at most 64 KiB (else 413 `request_body_too_large`), one JSON object without unknown fields, at most 32 levels deep (else 400 `general_argument_invalid`).
         */
        post: operations["startRecovery"];
        delete?: never;
        /**
         * CORS preflight (POST)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightRecovery"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/recovery/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set a new password
         * @description Sent by the app's reset-password page with the `userId` and `secret` of the link: sets the new password and ends every session of the user (whoever forced the reset may be signed in elsewhere).
         *
         *     **Cookie:** clears this browser's session cookie (`set-cookie`).
         *
         *     **CSRF:** the request must come from an allowed origin: an `Origin` listed in `ALLOWED_ORIGINS` or the function's own, or no `Origin` and `Sec-Fetch-Site: same-origin` or `same-site`. Otherwise it fails with 403 `request_origin_rejected`.
         *
         *     **Body:** `Content-Type: application/json` (charset utf-8 only; else 415 `request_content_type_unsupported`), at most 64 KiB (else 413 `request_body_too_large`), one JSON object without unknown fields, at most 32 levels deep (else 400 `general_argument_invalid`).
         */
        post: operations["confirmRecovery"];
        delete?: never;
        /**
         * CORS preflight (POST)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightRecoveryConfirm"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/mfa/challenge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask for a second-factor code
         * @description Appwrite sends a code for the factor (e-mail: to the verified address; `totp` and `recoveryCode` send nothing) and the answer is the challenge to complete with `POST /mfa/verify`. Works on the partial session a sign-in with MFA leaves, and on a whole one: a challenge completed there is the recent second factor that new recovery codes and removing the authenticator without a code ask for.
         *
         *     **Session:** needs the (partial) session cookie; without a valid one: 401 `user_unauthorized` (a stale cookie is cleared).
         *
         *     Replies carrying user data or a cookie are `Cache-Control: no-store`.
         *
         *     **Rate limit:** Appwrite limits challenges per user and hour: 429 `rate_limit_exceeded` with `retry-after`.
         *
         *     **CSRF:** the request must come from an allowed origin: an `Origin` listed in `ALLOWED_ORIGINS` or the function's own, or no `Origin` and `Sec-Fetch-Site: same-origin` or `same-site`. Otherwise it fails with 403 `request_origin_rejected`.
         *
         *     **Body:** `Content-Type: application/json` (charset utf-8 only; else 415 `request_content_type_unsupported`), at most 64 KiB (else 413 `request_body_too_large`), one JSON object without unknown fields, at most 32 levels deep (else 400 `general_argument_invalid`).
         */
        post: operations["createMFAChallenge"];
        delete?: never;
        /**
         * CORS preflight (POST)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightMfaChallenge"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/mfa/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Complete the second factor
         * @description Completes the challenge with the code (spaces and hyphens ignored, any case; a recovery code is spent), which makes the session whole, and answers with the user. The cookie does not change.
         *
         *     **Session:** needs the (partial) session cookie; without a valid one: 401 `user_unauthorized` (a stale cookie is cleared).
         *
         *     Replies carrying user data or a cookie are `Cache-Control: no-store`.
         *
         *     **Rate limit:** attempts are limited per client IP (`x-appwrite-client-ip`) and per user (wrong codes count), with a ceiling of 100 guesses a day per user that addresses the user signed in from are exempt from; over budget the answer is 429 `rate_limit_exceeded` with a `retry-after` header. Appwrite's own hourly limit per challenge gives 429 `rate_limit_exceeded` with `retry-after`.
         *
         *     **CSRF:** the request must come from an allowed origin: an `Origin` listed in `ALLOWED_ORIGINS` or the function's own, or no `Origin` and `Sec-Fetch-Site: same-origin` or `same-site`. Otherwise it fails with 403 `request_origin_rejected`.
         *
         *     **Body:** `Content-Type: application/json` (charset utf-8 only; else 415 `request_content_type_unsupported`), at most 64 KiB (else 413 `request_body_too_large`), one JSON object without unknown fields, at most 32 levels deep (else 400 `general_argument_invalid`).
         */
        post: operations["verifyMFAChallenge"];
        delete?: never;
        /**
         * CORS preflight (POST)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightMfaVerify"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The user's sessions
         * @description Lists the signed-in user's sessions with device, browser, OS, country and which one is this browser's (`current`). Never a secret or a provider token.
         *
         *     **Session:** needs the session cookie. Without one, or with one Appwrite no longer accepts, the answer is 401 `user_unauthorized` (a stale cookie is also cleared). A session still waiting for its second factor gets 401 `user_more_factors_required`.
         *
         *     Replies carrying user data or a cookie are `Cache-Control: no-store`.
         */
        get: operations["listSessions"];
        put?: never;
        post?: never;
        /**
         * Sign out elsewhere, or everywhere
         * @description `scope=others` ends every session of the user but this browser's ("sign out everywhere else"); `scope=all` ends every one, this browser's included, and clears the cookie.
         *
         *     **Session:** needs the session cookie. Without one, or with one Appwrite no longer accepts, the answer is 401 `user_unauthorized` (a stale cookie is also cleared). A session still waiting for its second factor gets 401 `user_more_factors_required`.
         *
         *     **Cookie:** cleared with `scope=all`.
         *
         *     **CSRF:** the request must come from an allowed origin: an `Origin` listed in `ALLOWED_ORIGINS` or the function's own, or no `Origin` and `Sec-Fetch-Site: same-origin` or `same-site`. Otherwise it fails with 403 `request_origin_rejected`.
         */
        delete: operations["deleteSessions"];
        /**
         * CORS preflight (GET, DELETE)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightSessions"];
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions/{sessionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * End one session
         * @description Ends one of the signed-in user's sessions (`current` names this browser's). The session is looked up with the user's session, so a user can only end their own, and deleted with the API key.
         *
         *     **Session:** needs the session cookie. Without one, or with one Appwrite no longer accepts, the answer is 401 `user_unauthorized` (a stale cookie is also cleared). A session still waiting for its second factor gets 401 `user_more_factors_required`.
         *
         *     **Cookie:** cleared when the session ended is this browser's.
         *
         *     **CSRF:** the request must come from an allowed origin: an `Origin` listed in `ALLOWED_ORIGINS` or the function's own, or no `Origin` and `Sec-Fetch-Site: same-origin` or `same-site`. Otherwise it fails with 403 `request_origin_rejected`.
         */
        delete: operations["deleteSession"];
        /**
         * CORS preflight (DELETE)
         * @description Answered by the function for the methods of this path.
         */
        options: operations["preflightSessionsSessionId"];
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description The one error shape, the same as Appwrite's. Appwrite's `type` passes through when Appwrite produced the error; the function's own types are snake_case too.
         * @example {
         *       "message": "Invalid credentials. Please check the email and password.",
         *       "code": 401,
         *       "type": "user_invalid_credentials"
         *     }
         */
        Error: {
            /** @description A human-readable message. Never holds a secret or an upstream body. */
            message: string;
            /** @description The HTTP status of the response. */
            code: number;
            /** @description The machine-readable error type. */
            type: string;
        };
        /** @description The user as the function shows it: Appwrite's account model, without messaging targets. */
        User: {
            /** @description User ID. */
            $id: string;
            /**
             * Format: date-time
             * @description When the user was created (ISO 8601).
             */
            $createdAt: string;
            /**
             * Format: date-time
             * @description When the user was last updated (ISO 8601).
             */
            $updatedAt: string;
            /** @description Name; empty for guests and when none was given. */
            name: string;
            /**
             * Format: date-time
             * @description Registration date (ISO 8601).
             */
            registration: string;
            /** @description false when the user is blocked. */
            status: boolean;
            /** @description Labels set by the project's admins. */
            labels: string[];
            /** @description When the password was last changed (ISO 8601), or empty when the user has none. */
            passwordUpdate: string;
            /** @description E-mail address; empty for guests. */
            email: string;
            /** @description Phone number; usually empty. */
            phone: string;
            /** @description Whether the e-mail is verified. */
            emailVerification: boolean;
            /** @description Whether the phone number is verified. */
            phoneVerification: boolean;
            /** @description Whether multi-factor sign-in is on. */
            mfa: boolean;
            /** @description The user's preferences: any JSON object, `{}` when empty. */
            prefs: Record<string, unknown>;
            /** @description When the user was last active (ISO 8601, hourly resolution). */
            accessedAt: string;
            /**
             * @description Present, and true, only in the answer to a sign-in that retired the account it proved the address of: the account held credentials nobody had proven (a password, a linked identity, a phone, a second factor), so it was deleted and this new, verified account made for the address. The app tells the user: "your account was reset: set a password".
             * @constant
             */
            accountReset?: true;
        };
        /** @description A session as the function shows it: where and when it was created, never its secret or provider tokens. */
        Session: {
            /** @description Session ID. */
            $id: string;
            /**
             * Format: date-time
             * @description When the session was created (ISO 8601).
             */
            $createdAt: string;
            /**
             * Format: date-time
             * @description When the session was last updated (ISO 8601).
             */
            $updatedAt: string;
            /** @description The user's ID. */
            userId: string;
            /**
             * Format: date-time
             * @description When the session expires (ISO 8601).
             */
            expire: string;
            /** @description How it was created: `email`, `anonymous`, `magic-url`, `token`, `server`, …; after an OAuth2 sign-in, `oauth2` on Appwrite 1.8 and the provider's ID (such as `github`) on 1.9 and later. */
            provider: string;
            /** @description IP address the session was created from. */
            ip: string;
            /** @description Operating system name. */
            osName: string;
            /** @description Operating system version. */
            osVersion: string;
            /** @description Client type, such as `browser`. */
            clientType: string;
            /** @description Client name, such as `Chrome`. */
            clientName: string;
            /** @description Client version. */
            clientVersion: string;
            /** @description Device type, such as `desktop`. */
            deviceName: string;
            /** @description Device brand. */
            deviceBrand: string;
            /** @description Device model. */
            deviceModel: string;
            /** @description Country code, `--` when unknown. */
            countryCode: string;
            /** @description Country name, `Unknown` when unknown. */
            countryName: string;
            /** @description Whether this is the calling browser's session. */
            current: boolean;
            /** @description Factors the session has passed, such as `password`, `email`, `totp`. */
            factors: string[];
        };
        SessionList: {
            /** @description Number of sessions. */
            total: number;
            sessions: components["schemas"]["Session"][];
        };
        JWT: {
            /** @description The JWT, for `X-Appwrite-JWT` or the web SDK's `setJWT`. */
            jwt: string;
            /**
             * Format: date-time
             * @description When the JWT expires (ISO 8601), read from the token's own `exp` claim: Appwrite's 1.8.1 release ignores `duration` and makes every JWT live 900 seconds.
             */
            expire: string;
        };
        /**
         * @description The answer to a sign-in that needs a second factor. The partial session cookie is set.
         * @example {
         *       "mfaRequired": true,
         *       "factors": [
         *         "email"
         *       ]
         *     }
         */
        MFARequired: {
            /** @constant */
            mfaRequired: true;
            /** @description The factors the user can complete sign-in with. */
            factors: ("email" | "totp" | "phone" | "recoveryCode")[];
        };
        MFAChallenge: {
            /** @description The challenge to complete with `POST /mfa/verify`. */
            challengeId: string;
            /**
             * Format: date-time
             * @description When the challenge expires (ISO 8601).
             */
            expire: string;
        };
        Health: {
            /** @enum {string} */
            status: "ok" | "degraded";
            /** @description The function's version. */
            version: string;
            /** @description How long this process has run, as a Go duration such as `1h2m3s`. */
            uptime: string;
            appwrite: {
                /** @description Whether Appwrite answered. */
                reachable: boolean;
                /** @description Appwrite's version, when it answered. */
                version?: string;
                /** @description How long the call took, in milliseconds. */
                latencyMs: number;
                /** @description The error type, when it did not answer. */
                error?: string;
            };
        };
        Index: {
            /** @description What the function is. */
            name: string;
            /** @description The function's version, as `GET /health` reports it. */
            version: string;
            /**
             * @description The path of this document.
             * @constant
             */
            openapi: "/openapi.json";
            /**
             * @description The path of the health check.
             * @constant
             */
            health: "/health";
        };
        UserId: {
            /** @description The user to send back with the code to `POST /otp/verify`. */
            userId: string;
        };
        /** @description An empty object. */
        Empty: Record<string, unknown>;
        SignUpRequest: {
            /**
             * Format: email
             * @description E-mail address; trimmed and lower-cased.
             */
            email: string;
            /** @description The new password: 8 to 256 bytes (Appwrite may also refuse common or personal passwords). */
            password: string;
            /** @description Display name, at most 128 characters. */
            name?: string;
        };
        SignInRequest: {
            /**
             * Format: email
             * @description E-mail address; trimmed and lower-cased.
             */
            email: string;
            /** @description The password: 8 to 256 bytes. */
            password: string;
        };
        /** @description At least one of `name` and `prefs`. */
        UpdateMeRequest: {
            /** @description New name, 1 to 128 characters. */
            name: string;
            /** @description Replaces all preferences: a JSON object of at most 64 KiB. */
            prefs?: Record<string, unknown>;
        } | {
            /** @description New name, 1 to 128 characters. */
            name?: string;
            /** @description Replaces all preferences: a JSON object of at most 64 KiB. */
            prefs: Record<string, unknown>;
        };
        ChangePasswordRequest: {
            /** @description The new password: 8 to 256 bytes (Appwrite may also refuse common or personal passwords). */
            password: string;
            /** @description The current password: required when the user has one (else 401 `user_invalid_credentials`); leave it out for users who never set one (guests, magic-link, code or OAuth2 sign-ins). */
            oldPassword?: string;
        };
        ChangeEmailRequest: {
            /**
             * Format: email
             * @description E-mail address; trimmed and lower-cased.
             */
            email: string;
            /** @description The current password. */
            password: string;
            /** @description For an account without a password: an e-mail code of its current address, from `POST /otp`. */
            code?: string;
        };
        SetMFARequest: {
            /** @description true turns MFA on, false off. */
            enabled: boolean;
            /** @description Turning off: the authenticator's current code. */
            code?: string;
            /** @description Turning off: the account's password. */
            password?: string;
        };
        MagicURLRequest: {
            /**
             * Format: email
             * @description E-mail address; trimmed and lower-cased.
             */
            email: string;
            /**
             * Format: uri
             * @description The app URL the flow ends at; must be on the allowlist. Default: the first `ALLOWED_ORIGINS` entry, when it is an exact origin.
             */
            redirect?: string;
        };
        /** @description The hidden fields of the confirmation page. Other fields are ignored. */
        MagicURLConfirmForm: {
            /** @description The `flow` of the link. */
            flow: string;
            /** @description The `userId` of the link. */
            userId: string;
            /** @description The `secret` of the link. */
            secret: string;
        };
        /** @description The hidden fields of the confirmation page. Other fields are ignored. */
        VerificationConfirmForm: {
            /** @description The `flow` of the link. */
            flow: string;
            /** @description The `userId` of the link. */
            userId: string;
            /** @description The `secret` of the link. */
            secret: string;
        };
        VerificationRequest: {
            /**
             * Format: uri
             * @description The app URL the flow ends at; must be on the allowlist. Default: the first `ALLOWED_ORIGINS` entry, when it is an exact origin.
             */
            redirect?: string;
        };
        EmailCodeRequest: {
            /**
             * Format: email
             * @description E-mail address; trimmed and lower-cased.
             */
            email: string;
        };
        EmailCodeVerifyRequest: {
            /** @description The `userId` from `POST /otp`. */
            userId: string;
            /** @description The six-digit code from the e-mail (surrounding spaces are ignored). */
            code: string;
        };
        JWTRequest: {
            /**
             * @description Lifetime in seconds, 0 to 3600. Appwrite's 1.8.1 release ignores it (900 s); the answer's `expire` is what the token really has.
             * @default 900
             */
            duration?: number;
        };
        RecoveryRequest: {
            /**
             * Format: email
             * @description E-mail address; trimmed and lower-cased.
             */
            email: string;
            /**
             * Format: uri
             * @description The app's reset-password page; Appwrite appends `userId` and `secret`. Must be on the allowlist. Default: the first `ALLOWED_ORIGINS` entry, when it is an exact origin.
             */
            redirect?: string;
        };
        RecoveryConfirmRequest: {
            /** @description The `userId` of the link. */
            userId: string;
            /** @description The `secret` of the link. */
            secret: string;
            /** @description The new password: 8 to 256 bytes (Appwrite may also refuse common or personal passwords). */
            password: string;
        };
        MFAChallengeRequest: {
            /**
             * @description The factor to challenge (case-insensitive).
             * @enum {string}
             */
            factor: "email" | "phone" | "totp" | "recoveryCode";
        };
        MFAVerifyRequest: {
            /** @description The `challengeId` from `POST /mfa/challenge`. */
            challengeId: string;
            /** @description The code. */
            otp: string;
        };
        /**
         * @description A new authenticator, to add to an authenticator app and confirm with `PUT /me/mfa/totp`.
         * @example {
         *       "secret": "JBSWY3DPEHPK3PXP",
         *       "uri": "otpauth://totp/My%20App%3Aada%40example.com?issuer=My%20App&secret=JBSWY3DPEHPK3PXP",
         *       "qrCode": "data:image/svg+xml;base64,PHN2ZyB4bWxucz0i…"
         *     }
         */
        TOTPEnrolment: {
            /** @description The shared key in base32 (upper case, no padding), for typing into the app by hand. */
            secret: string;
            /** @description The `otpauth://totp/…` URI that the QR code holds: issuer (the project's name), account (the e-mail address), secret. */
            uri: string;
            /** @description The URI as a QR code: an SVG image as a `data:` URI, for an `<img src>`. */
            qrCode: string;
        };
        TOTPConfirmRequest: {
            /** @description The authenticator app's current six-digit code (spaces and hyphens are ignored). */
            code: string;
        };
        /** @description Proof that the request is the user's: a current code of the authenticator, or the account's password, not both. Neither needs a recent second factor on this session. */
        TOTPRemoveRequest: {
            /** @description The authenticator app's current code. */
            code?: string;
            /** @description The account's password. */
            password?: string;
        };
        /**
         * @description Recovery codes, each good for one sign-in in place of a second factor. Shown this once: store them somewhere safe.
         * @example {
         *       "recoveryCodes": [
         *         "a1b2c3d4e5",
         *         "0f9e8d7c6b",
         *         "5a4b3c2d1e",
         *         "e5d4c3b2a1",
         *         "6b7c8d9e0f",
         *         "1e2d3c4b5a"
         *       ]
         *     }
         */
        RecoveryCodes: {
            recoveryCodes: string[];
        };
        RecoveryCodesLeft: {
            /** @description How many recovery codes are left unused (0 when the user has none). */
            remaining: number;
        };
        /** @description The second factors the user can complete a sign-in with. */
        MFAFactors: {
            /** @description A confirmed authenticator app. */
            totp: boolean;
            /** @description A verified e-mail address. */
            email: boolean;
            /** @description A verified phone number. */
            phone: boolean;
            /** @description Unused recovery codes. */
            recoveryCode: boolean;
        };
        /** @description A sign-in method linked to the account: an account at an OAuth2 provider. Never its tokens. */
        Identity: {
            /** @description The identity's ID, for `DELETE /me/identities/{identityId}`. */
            $id: string;
            /** Format: date-time */
            $createdAt: string;
            /** Format: date-time */
            $updatedAt: string;
            /** @description The provider, such as `github`. */
            provider: string;
            /** @description The user's ID at the provider. */
            providerUid: string;
            /** @description The e-mail address the provider reported. */
            providerEmail: string;
        };
        IdentityList: {
            /** @description Number of identities. */
            total: number;
            identities: components["schemas"]["Identity"][];
        };
        /** @description Proof that the request is the owner's: the password of an account that has one; else a fresh e-mail code (ask with `POST /otp` for the account's address). A guest account (no password, no e-mail address) needs neither. */
        DeleteAccountRequest: {
            /** @description The account's password. */
            password?: string;
            /** @description An e-mail code from `POST /otp`, for an account without a password. */
            code?: string;
        };
        SignUpPending: {
            /** @description Send it back with the code to `POST /signup/verify`. The same shape for an address with an account and one without. */
            userId: string;
            /**
             * @description How the sign-up completes: `code`, the six-digit code e-mailed to the address.
             * @constant
             */
            verification: "code";
        };
        SignUpVerifyRequest: {
            /** @description The `userId` from `POST /signup`. */
            userId: string;
            /** @description The six-digit code from the e-mail (surrounding spaces are ignored). */
            code: string;
            /** @description The account's password, 8 to 256 bytes; set only now, once the code has proven the address. */
            password: string;
            /** @description The user's name, at most 128 characters. */
            name?: string;
        };
        RecoveryConfirmed: {
            /**
             * @description Present, and true, when the recovery retired the account: it held credentials nobody had proven, so it was deleted and a new, verified account with this password made for the address.
             * @constant
             */
            accountReset?: true;
        };
    };
    responses: {
        /**
         * @description The request does not come from an allowed origin (CSRF defence).
         *
         *     - `request_origin_rejected`: `Origin` is not allowed, is `null`, or is missing without `Sec-Fetch-Site: same-origin|same-site`
         */
        OriginRejected: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    /** @constant */
                    code?: 403;
                    /** @enum {unknown} */
                    type?: "request_origin_rejected";
                };
            };
        };
        /**
         * @description The request body is larger than 64 KiB.
         *
         *     - `request_body_too_large`: the body is over 65536 bytes
         */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    /** @constant */
                    code?: 413;
                    /** @enum {unknown} */
                    type?: "request_body_too_large";
                };
            };
        };
        /**
         * @description The request body is not sent as JSON.
         *
         *     - `request_content_type_unsupported`: `Content-Type` is not `application/json` (with an optional `charset=utf-8`)
         */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    /** @constant */
                    code?: 415;
                    /** @enum {unknown} */
                    type?: "request_content_type_unsupported";
                };
            };
        };
        /**
         * @description The function cannot serve the request.
         *
         *     - `function_misconfigured`: the function's variables are invalid, no API key is available, or Appwrite refuses the key; the message names the variables to check and the log has the details
         *     - `general_unknown`: an unexpected failure; nothing more is said
         */
        ServerError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    /** @constant */
                    code?: 500;
                    /** @enum {unknown} */
                    type?: "function_misconfigured" | "general_unknown";
                };
            };
        };
        /**
         * @description Appwrite cannot be used.
         *
         *     - `upstream_unavailable`: Appwrite cannot be reached
         *     - `upstream_error`: Appwrite answered with a 5xx or something that is not a valid response; nothing of it is passed on
         */
        BadGateway: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    /** @constant */
                    code?: 502;
                    /** @enum {unknown} */
                    type?: "upstream_unavailable" | "upstream_error";
                };
            };
        };
        /**
         * @description Appwrite did not answer in time (`UPSTREAM_TIMEOUT`, 10 s by default, for all of a request's calls together, counting any wait for a turn under `MAX_CONCURRENT_EXECUTIONS`).
         *
         *     - `upstream_timeout`: the call to Appwrite timed out
         */
        GatewayTimeout: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    /** @constant */
                    code?: 504;
                    /** @enum {unknown} */
                    type?: "upstream_timeout";
                };
            };
        };
        /**
         * @description The project cannot send e-mail.
         *
         *     - `general_smtp_disabled`: SMTP is not configured on the Appwrite instance
         */
        EmailDisabled: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    /** @constant */
                    code?: 503;
                    /** @enum {unknown} */
                    type?: "general_smtp_disabled";
                };
            };
        };
        /**
         * @description The project cannot send the code.
         *
         *     - `general_smtp_disabled`: factor `email`, and SMTP is not configured on the Appwrite instance
         *     - `general_phone_disabled`: factor `phone`, and no SMS provider is configured
         */
        MessagingDisabled: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    /** @constant */
                    code?: 503;
                    /** @enum {unknown} */
                    type?: "general_smtp_disabled" | "general_phone_disabled";
                };
            };
        };
        /** @description Any other 4xx error Appwrite gives (for example 412 `user_password_reset_required`), passed through with its status and `type`; and 501 `user_auth_method_unsupported` when the auth method is disabled in the project. */
        PassThroughError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The origin is allowed and the method is one this path takes. */
        PreflightAllowed: {
            headers: {
                /** @description The request's origin (never `*`). */
                "access-control-allow-origin"?: string;
                /** @description `true`. */
                "access-control-allow-credentials"?: string;
                /** @description The requested method. */
                "access-control-allow-methods"?: string;
                /** @description `content-type`, plus the requested headers among `accept`, `accept-language`, `content-language` and `x-requested-with`. */
                "access-control-allow-headers"?: string;
                /** @description `600` (seconds). */
                "access-control-max-age"?: string;
                /** @description `origin, access-control-request-method, access-control-request-headers`. */
                vary?: string;
                [name: string]: unknown;
            };
            content?: never;
        };
        /** @description The origin is not in `ALLOWED_ORIGINS`, or the path does not take the requested method: no CORS header, so the browser refuses the request. */
        PreflightRefused: {
            headers: {
                /** @description `origin, access-control-request-method, access-control-request-headers`. */
                vary?: string;
                [name: string]: unknown;
            };
            content?: never;
        };
        /**
         * @description No route has this path (any method, OPTIONS included).
         *
         *     - `route_not_found`: the path is unknown
         */
        RouteNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    /** @constant */
                    code?: 404;
                    /** @enum {unknown} */
                    type?: "route_not_found";
                };
            };
        };
        /**
         * @description The path exists but not with this method.
         *
         *     - `method_not_allowed`: see the `allow` header
         */
        MethodNotAllowed: {
            headers: {
                /** @description The path's methods, comma-separated, such as `GET, PATCH`. */
                allow?: string;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"] & {
                    /** @constant */
                    code?: 405;
                    /** @enum {unknown} */
                    type?: "method_not_allowed";
                };
            };
        };
    };
    parameters: {
        /**
         * @description The page's origin; must be in `ALLOWED_ORIGINS`.
         * @example https://app.example.com
         */
        Origin: string;
        /**
         * @description The method of the actual request (case-sensitive).
         * @example POST
         */
        AccessControlRequestMethod: string;
        /**
         * @description The headers the actual request will send.
         * @example content-type
         */
        AccessControlRequestHeaders: string;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getIndex: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The index. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Index"];
                };
            };
            /**
             * @description The request is malformed.
             *
             *     - `general_argument_invalid`: the query string does not parse
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["ServerError"];
        };
    };
    preflightIndex: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Appwrite answered: `status` is `ok`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"] & {
                        /** @constant */
                        status?: "ok";
                    };
                };
            };
            /**
             * @description The request is malformed.
             *
             *     - `general_argument_invalid`: the query string does not parse
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["ServerError"];
            /** @description Appwrite cannot be reached or answered with an error: `status` is `degraded` and `appwrite.error` holds the error type (for example `upstream_unavailable`). */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"] & {
                        /** @constant */
                        status?: "degraded";
                    };
                };
            };
        };
    };
    preflightHealth: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    getOpenAPI: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI document. */
            200: {
                headers: {
                    /** @description `public, max-age=300`. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        openapi: string;
                        info: Record<string, unknown>;
                        paths: Record<string, unknown>;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /**
             * @description The request is malformed.
             *
             *     - `general_argument_invalid`: the query string does not parse
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["ServerError"];
        };
    };
    preflightOpenapiJson: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    signUp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "ada@example.com",
                 *       "password": "correct horse battery staple",
                 *       "name": "Ada Lovelace"
                 *     }
                 */
                "application/json": components["schemas"]["SignUpRequest"];
            };
        };
        responses: {
            /** @description `SIGNUP_VERIFICATION=off` only: the account exists and the browser is signed in (or the guest was upgraded). */
            201: {
                headers: {
                    /** @description Stores the new session (for an upgraded guest too: the guest's sessions are ended). Stores the new session: `a_session_<projectId>=<Appwrite session secret>; Path=/; Expires=<session expiry>; HttpOnly; Secure; SameSite=Lax` (name, `Domain`, `SameSite` and `Secure` follow the `SESSION_COOKIE_*` variables). */
                    "set-cookie"?: string;
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description The code is on its way (`SIGNUP_VERIFICATION=code`, the default). */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignUpPending"];
                };
            };
            /**
             * @description The request is invalid.
             *
             *     - `general_argument_invalid`: a required field is missing or empty, a field has the wrong type or value, a field is unknown, or the body is not one JSON object
             *     - `password_personal_data`: the password contains the user's name, e-mail or ID (project setting)
             *     - `general_bad_request`: the e-mail is already used by an OAuth2 identity
             *     - `user_count_exceeded`: the project's user limit is reached
             *     - `user_email_disposable`, `user_email_free`, `user_email_not_corporate`, `user_email_not_canonical`: the address breaks the project's e-mail policy (Appwrite 1.9.5 and later, on the Cloud plans that have it)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            403: components["responses"]["OriginRejected"];
            /**
             * @description `SIGNUP_VERIFICATION=off` only. The account cannot be created.
             *
             *     - `user_already_exists`: an account with this e-mail already exists
             *     - `user_email_already_exists`: upgrading a guest: another account already uses this e-mail
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /**
             * @description Too many requests.
             *
             *     - `rate_limit_exceeded`: too many attempts from this client IP or for this e-mail; `retry-after` says how many seconds to wait
             */
            429: {
                headers: {
                    /** @description Whole seconds to wait before trying again (at least 1). */
                    "retry-after"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @constant */
                        code?: 429;
                        /** @enum {unknown} */
                        type?: "rate_limit_exceeded";
                    };
                };
            };
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            504: components["responses"]["GatewayTimeout"];
            default: components["responses"]["PassThroughError"];
        };
    };
    preflightSignup: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    verifySignUp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "userId": "6650c0ffee",
                 *       "code": "123456",
                 *       "password": "correct horse battery staple",
                 *       "name": "Ada Lovelace"
                 *     }
                 */
                "application/json": components["schemas"]["SignUpVerifyRequest"];
            };
        };
        responses: {
            /** @description The address had an account with MFA on: a second factor is needed (`MFARequired`), with the partial session cookie; the password is set. */
            200: {
                headers: {
                    /** @description Stores the new session: `a_session_<projectId>=<Appwrite session secret>; Path=/; Expires=<session expiry>; HttpOnly; Secure; SameSite=Lax` (name, `Domain`, `SameSite` and `Secure` follow the `SESSION_COOKIE_*` variables). */
                    "set-cookie"?: string;
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MFARequired"];
                };
            };
            /** @description Signed up, or signed in to the account the address had (`User`); sets the session cookie. */
            201: {
                headers: {
                    /** @description Stores the new session: `a_session_<projectId>=<Appwrite session secret>; Path=/; Expires=<session expiry>; HttpOnly; Secure; SameSite=Lax` (name, `Domain`, `SameSite` and `Secure` follow the `SESSION_COOKIE_*` variables). */
                    "set-cookie"?: string;
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /**
             * @description The request is invalid.
             *
             *     - `general_argument_invalid`: a required field is missing or empty, a field has the wrong type or value, a field is unknown, or the body is not one JSON object
             *     - `password_personal_data`: the password contains the user's name, e-mail or ID (project setting)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description The code is refused.
             *
             *     - `user_invalid_token`: wrong, spent or expired code, or unknown user
             *     - `user_blocked`: the account is blocked; the session Appwrite made from the code is deleted
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            403: components["responses"]["OriginRejected"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /**
             * @description Too many requests.
             *
             *     - `rate_limit_exceeded`: too many attempts from this client IP or for this user; `retry-after` says how many seconds to wait
             */
            429: {
                headers: {
                    /** @description Whole seconds to wait before trying again (at least 1). */
                    "retry-after"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @constant */
                        code?: 429;
                        /** @enum {unknown} */
                        type?: "rate_limit_exceeded";
                    };
                };
            };
            500: components["responses"]["ServerError"];
            /**
             * @description Appwrite cannot be used.
             *
             *     - `upstream_unavailable`: Appwrite cannot be reached
             *     - `upstream_error`: Appwrite answered with a 5xx or something that is not a valid response; nothing of it is passed on
             *
             *     When the browser was signed in before, its earlier session was ended while the new one was read, so the cookie is cleared: sign in again.
             */
            502: {
                headers: {
                    /** @description Present when the browser held a session before: clears it (empty value, `Max-Age=0`). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @constant */
                        code?: 502;
                        /** @enum {unknown} */
                        type?: "upstream_unavailable" | "upstream_error";
                    };
                };
            };
            /**
             * @description Appwrite did not answer in time (`UPSTREAM_TIMEOUT`, 10 s by default).
             *
             *     - `upstream_timeout`: the call to Appwrite timed out
             *
             *     When the browser was signed in before, its earlier session was ended while the new one was read, so the cookie is cleared: sign in again.
             */
            504: {
                headers: {
                    /** @description Present when the browser held a session before: clears it (empty value, `Max-Age=0`). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @constant */
                        code?: 504;
                        /** @enum {unknown} */
                        type?: "upstream_timeout";
                    };
                };
            };
            default: components["responses"]["PassThroughError"];
        };
    };
    preflightSignupVerify: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    signIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "ada@example.com",
                 *       "password": "correct horse battery staple"
                 *     }
                 */
                "application/json": components["schemas"]["SignInRequest"];
            };
        };
        responses: {
            /** @description Signed in (`User`), or the first factor is accepted and a second one is needed (`MFARequired`). Both set the session cookie. */
            200: {
                headers: {
                    /** @description Stores the new session: `a_session_<projectId>=<Appwrite session secret>; Path=/; Expires=<session expiry>; HttpOnly; Secure; SameSite=Lax` (name, `Domain`, `SameSite` and `Secure` follow the `SESSION_COOKIE_*` variables). */
                    "set-cookie"?: string;
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"] | components["schemas"]["MFARequired"];
                };
            };
            /**
             * @description The request is invalid.
             *
             *     - `general_argument_invalid`: a required field is missing or empty, a field has the wrong type or value, a field is unknown, or the body is not one JSON object
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description The credentials are refused.
             *
             *     - `user_invalid_credentials`: unknown e-mail, wrong password, or an account without a password
             *     - `user_blocked`: the account is blocked
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            403: components["responses"]["OriginRejected"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /**
             * @description Too many requests.
             *
             *     - `rate_limit_exceeded`: too many attempts from this client IP or for this e-mail; `retry-after` says how many seconds to wait
             */
            429: {
                headers: {
                    /** @description Whole seconds to wait before trying again (at least 1). */
                    "retry-after"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @constant */
                        code?: 429;
                        /** @enum {unknown} */
                        type?: "rate_limit_exceeded";
                    };
                };
            };
            500: components["responses"]["ServerError"];
            /**
             * @description Appwrite cannot be used.
             *
             *     - `upstream_unavailable`: Appwrite cannot be reached
             *     - `upstream_error`: Appwrite answered with a 5xx or something that is not a valid response; nothing of it is passed on
             *
             *     When the browser was signed in before, its earlier session was ended while the new one was read, so the cookie is cleared: sign in again.
             */
            502: {
                headers: {
                    /** @description Present when the browser held a session before: clears it (empty value, `Max-Age=0`). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @constant */
                        code?: 502;
                        /** @enum {unknown} */
                        type?: "upstream_unavailable" | "upstream_error";
                    };
                };
            };
            /**
             * @description Appwrite did not answer in time (`UPSTREAM_TIMEOUT`, 10 s by default).
             *
             *     - `upstream_timeout`: the call to Appwrite timed out
             *
             *     When the browser was signed in before, its earlier session was ended while the new one was read, so the cookie is cleared: sign in again.
             */
            504: {
                headers: {
                    /** @description Present when the browser held a session before: clears it (empty value, `Max-Age=0`). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @constant */
                        code?: 504;
                        /** @enum {unknown} */
                        type?: "upstream_timeout";
                    };
                };
            };
            default: components["responses"]["PassThroughError"];
        };
    };
    preflightLogin: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    signOut: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signed out; the cookie is cleared. */
            204: {
                headers: {
                    /** @description Clears the session cookie: empty value, `Max-Age=0` and an `Expires` in the past. */
                    "set-cookie"?: string;
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description The request is malformed.
             *
             *     - `general_argument_invalid`: the query string does not parse
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description Appwrite refused the sign-out for another reason than the session being gone (a blocked user, say); the cookie is cleared all the same.
             *
             *     - `user_blocked`: the user is blocked
             *
             *     Appwrite's other errors of this status pass through with their own `type`. A session still waiting for its second factor is deleted and answered 204.
             */
            401: {
                headers: {
                    /** @description Clears the session cookie. */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            403: components["responses"]["OriginRejected"];
            500: components["responses"]["ServerError"];
            /**
             * @description Appwrite cannot be used.
             *
             *     - `upstream_unavailable`: Appwrite cannot be reached
             *     - `upstream_error`: Appwrite answered with a 5xx or something that is not a valid response; nothing of it is passed on The session cookie is cleared all the same.
             */
            502: {
                headers: {
                    /** @description Clears the session cookie: the browser is signed out even though Appwrite could not delete the session, which lives on until it expires. */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @constant */
                        code?: 502;
                        /** @enum {unknown} */
                        type?: "upstream_unavailable" | "upstream_error";
                    };
                };
            };
            /**
             * @description Appwrite did not answer in time (`UPSTREAM_TIMEOUT`, 10 s by default).
             *
             *     - `upstream_timeout`: the call to Appwrite timed out The session cookie is cleared all the same.
             */
            504: {
                headers: {
                    /** @description Clears the session cookie: the browser is signed out even though Appwrite could not delete the session, which lives on until it expires. */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @constant */
                        code?: 504;
                        /** @enum {unknown} */
                        type?: "upstream_timeout";
                    };
                };
            };
            default: components["responses"]["PassThroughError"];
        };
    };
    preflightLogout: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The signed-in user. */
            200: {
                headers: {
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /**
             * @description The request is malformed.
             *
             *     - `general_argument_invalid`: the query string does not parse
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description No valid session.
             *
             *     - `user_unauthorized`: no session cookie, or one Appwrite no longer accepts (the cookie is then cleared)
             *     - `user_more_factors_required`: the session still waits for its second factor (see `POST /mfa/challenge`)
             *     - `user_blocked`: the account is blocked
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            401: {
                headers: {
                    /** @description Present when the cookie held a session Appwrite no longer accepts: clears it (empty value, `Max-Age=0`). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            504: components["responses"]["GatewayTimeout"];
            default: components["responses"]["PassThroughError"];
        };
    };
    deleteAccount: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "password": "correct horse battery"
                 *     }
                 */
                "application/json": components["schemas"]["DeleteAccountRequest"];
            };
        };
        responses: {
            /** @description The account is deleted. */
            204: {
                headers: {
                    /** @description Clears the session cookie (empty value, `Max-Age=0`). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description The request is invalid.
             *
             *     - `general_argument_invalid`: a required field is missing or empty, a field has the wrong type or value, a field is unknown, or the body is not one JSON object
             *     - `general_argument_invalid`: the proof does not fit the account: `password` for an account with a password, `code` for one without
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description No valid session.
             *
             *     - `user_unauthorized`: no session cookie, or one Appwrite no longer accepts (the cookie is then cleared)
             *     - `user_more_factors_required`: the session still waits for its second factor (see `POST /mfa/challenge`)
             *     - `user_invalid_credentials`: `password` is wrong
             *     - `user_invalid_token`: `code` is wrong, used or expired
             *     - `user_blocked`: the account is blocked (the cookie is then cleared)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            401: {
                headers: {
                    /** @description Present when the cookie held a session Appwrite no longer accepts: clears it (empty value, `Max-Age=0`). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            403: components["responses"]["OriginRejected"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /**
             * @description Too many requests.
             *
             *     - `rate_limit_exceeded`: too many password checks or code guesses for this user, from this client IP or in all; `retry-after` says how many seconds to wait
             */
            429: {
                headers: {
                    /** @description Whole seconds to wait before trying again (at least 1). */
                    "retry-after"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @constant */
                        code?: 429;
                        /** @enum {unknown} */
                        type?: "rate_limit_exceeded";
                    };
                };
            };
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            504: components["responses"]["GatewayTimeout"];
            default: components["responses"]["PassThroughError"];
        };
    };
    preflightMe: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    updateMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Ada King",
                 *       "prefs": {
                 *         "theme": "dark"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["UpdateMeRequest"];
            };
        };
        responses: {
            /** @description The updated user. */
            200: {
                headers: {
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /**
             * @description The request is invalid.
             *
             *     - `general_argument_invalid`: a required field is missing or empty, a field has the wrong type or value, a field is unknown, or the body is not one JSON object
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description No valid session.
             *
             *     - `user_unauthorized`: no session cookie, or one Appwrite no longer accepts (the cookie is then cleared)
             *     - `user_more_factors_required`: the session still waits for its second factor (see `POST /mfa/challenge`)
             *     - `user_blocked`: the account is blocked (the cookie is then cleared)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            401: {
                headers: {
                    /** @description Present when the cookie held a session Appwrite no longer accepts: clears it (empty value, `Max-Age=0`). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            403: components["responses"]["OriginRejected"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            504: components["responses"]["GatewayTimeout"];
            default: components["responses"]["PassThroughError"];
        };
    };
    changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "password": "new correct horse battery",
                 *       "oldPassword": "correct horse battery staple"
                 *     }
                 */
                "application/json": components["schemas"]["ChangePasswordRequest"];
            };
        };
        responses: {
            /** @description The password is changed and this browser has a new session. */
            200: {
                headers: {
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    /** @description Stores the new session, signed in with the new password. */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /**
             * @description The request is invalid.
             *
             *     - `general_argument_invalid`: a required field is missing or empty, a field has the wrong type or value, a field is unknown, or the body is not one JSON object
             *     - `password_recently_used`: the new password was used recently (project setting)
             *     - `password_personal_data`: the new password contains the user's name, e-mail or ID (project setting)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description No valid session.
             *
             *     - `user_unauthorized`: no session cookie, or one Appwrite no longer accepts (the cookie is then cleared)
             *     - `user_more_factors_required`: the session still waits for its second factor (see `POST /mfa/challenge`)
             *     - `user_invalid_credentials`: `oldPassword` is wrong
             *     - `user_blocked`: the account is blocked (the cookie is then cleared)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            401: {
                headers: {
                    /** @description Present when the cookie held a session Appwrite no longer accepts: clears it (empty value, `Max-Age=0`). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            403: components["responses"]["OriginRejected"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /**
             * @description Too many requests.
             *
             *     - `rate_limit_exceeded`: too many password checks for this user, from this client IP or in all, or Appwrite's own limit on the signed-in user's calls; `retry-after` says how many seconds to wait
             */
            429: {
                headers: {
                    /** @description Whole seconds to wait before trying again (at least 1). */
                    "retry-after"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @constant */
                        code?: 429;
                        /** @enum {unknown} */
                        type?: "rate_limit_exceeded";
                    };
                };
            };
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            504: components["responses"]["GatewayTimeout"];
            default: components["responses"]["PassThroughError"];
        };
    };
    preflightMePassword: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    changeEmail: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "ada.king@example.com",
                 *       "password": "correct horse battery staple"
                 *     }
                 */
                "application/json": components["schemas"]["ChangeEmailRequest"];
            };
        };
        responses: {
            /** @description The e-mail is changed; the user, with `emailVerification` false. */
            200: {
                headers: {
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /**
             * @description The request is invalid.
             *
             *     - `general_argument_invalid`: a required field is missing or empty, a field has the wrong type or value, a field is unknown, or the body is not one JSON object
             *     - `general_argument_invalid`: the account has no password and `code` is missing
             *     - `user_email_disposable`, `user_email_free`, `user_email_not_corporate`, `user_email_not_canonical`: the address breaks the project's e-mail policy (Appwrite 1.9.5 and later, on the Cloud plans that have it)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description No valid session.
             *
             *     - `user_unauthorized`: no session cookie, or one Appwrite no longer accepts (the cookie is then cleared)
             *     - `user_more_factors_required`: the session still waits for its second factor (see `POST /mfa/challenge`)
             *     - `user_invalid_credentials`: `password` is wrong
             *     - `user_invalid_token`: `code` is not a current e-mail code of the account
             *     - `user_blocked`: the account is blocked (the cookie is then cleared)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            401: {
                headers: {
                    /** @description Present when the cookie held a session Appwrite no longer accepts: clears it (empty value, `Max-Age=0`). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            403: components["responses"]["OriginRejected"];
            /**
             * @description The e-mail is taken.
             *
             *     - `user_already_exists`: another account uses this e-mail
             *     - `user_email_already_exists`: another account uses this e-mail
             *     - `user_target_already_exists`: another account has this e-mail as a messaging target
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /**
             * @description Too many requests.
             *
             *     - `rate_limit_exceeded`: too many password checks for this user, from this client IP or in all, or Appwrite's own limit on the signed-in user's calls; `retry-after` says how many seconds to wait
             */
            429: {
                headers: {
                    /** @description Whole seconds to wait before trying again (at least 1). */
                    "retry-after"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @constant */
                        code?: 429;
                        /** @enum {unknown} */
                        type?: "rate_limit_exceeded";
                    };
                };
            };
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            504: components["responses"]["GatewayTimeout"];
            default: components["responses"]["PassThroughError"];
        };
    };
    preflightMeEmail: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    preflightMeMfa: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    setMFA: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "enabled": true
                 *     }
                 */
                "application/json": components["schemas"]["SetMFARequest"];
            };
        };
        responses: {
            /** @description The user, with `mfa` as requested. */
            200: {
                headers: {
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /**
             * @description The request is invalid.
             *
             *     - `general_argument_invalid`: a required field is missing or empty, a field has the wrong type or value, a field is unknown, or the body is not one JSON object
             *     - `general_argument_invalid`: both `code` and `password` were sent
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description No valid session.
             *
             *     - `user_unauthorized`: no session cookie, or one Appwrite no longer accepts (the cookie is then cleared)
             *     - `user_more_factors_required`: the session still waits for its second factor (see `POST /mfa/challenge`)
             *     - `user_invalid_token`: `code` is not the authenticator's current code
             *     - `user_invalid_credentials`: `password` is wrong
             *     - `user_challenge_required`: neither was sent, and this session completed no second factor in the last 5 minutes
             *     - `user_blocked`: the account is blocked (the cookie is then cleared)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            401: {
                headers: {
                    /** @description Present when the cookie held a session Appwrite no longer accepts: clears it (empty value, `Max-Age=0`). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            403: components["responses"]["OriginRejected"];
            /**
             * @description No authenticator.
             *
             *     - `user_authenticator_not_found`: `code` was sent, and the user has no confirmed authenticator
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /**
             * @description Too many requests.
             *
             *     - `rate_limit_exceeded`: too many code guesses or password checks for this user, from this client IP or in all; `retry-after` says how many seconds to wait
             */
            429: {
                headers: {
                    /** @description Whole seconds to wait before trying again (at least 1). */
                    "retry-after"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @constant */
                        code?: 429;
                        /** @enum {unknown} */
                        type?: "rate_limit_exceeded";
                    };
                };
            };
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            504: components["responses"]["GatewayTimeout"];
            default: components["responses"]["PassThroughError"];
        };
    };
    listMFAFactors: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The factors. */
            200: {
                headers: {
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MFAFactors"];
                };
            };
            /**
             * @description The request is malformed.
             *
             *     - `general_argument_invalid`: the query string does not parse
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description No valid session.
             *
             *     - `user_unauthorized`: no session cookie, or one Appwrite no longer accepts (the cookie is then cleared)
             *     - `user_blocked`: the account is blocked (the cookie is then cleared)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            401: {
                headers: {
                    /** @description Present when the cookie held a session Appwrite no longer accepts: clears it (empty value, `Max-Age=0`). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            504: components["responses"]["GatewayTimeout"];
            default: components["responses"]["PassThroughError"];
        };
    };
    preflightMeMfaFactors: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    confirmTOTP: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "code": "123456"
                 *     }
                 */
                "application/json": components["schemas"]["TOTPConfirmRequest"];
            };
        };
        responses: {
            /** @description The authenticator is confirmed; the user. */
            200: {
                headers: {
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /**
             * @description The request is invalid.
             *
             *     - `general_argument_invalid`: a required field is missing or empty, a field has the wrong type or value, a field is unknown, or the body is not one JSON object
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description No valid session.
             *
             *     - `user_unauthorized`: no session cookie, or one Appwrite no longer accepts (the cookie is then cleared)
             *     - `user_more_factors_required`: the session still waits for its second factor (see `POST /mfa/challenge`)
             *     - `user_invalid_token`: `code` is not the authenticator's current code
             *     - `user_blocked`: the account is blocked (the cookie is then cleared)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            401: {
                headers: {
                    /** @description Present when the cookie held a session Appwrite no longer accepts: clears it (empty value, `Max-Age=0`). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            403: components["responses"]["OriginRejected"];
            /**
             * @description No authenticator.
             *
             *     - `user_authenticator_not_found`: no authenticator was started (`POST /me/mfa/totp`)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description Conflict.
             *
             *     - `user_authenticator_already_verified`: the authenticator is confirmed already
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /**
             * @description Too many requests.
             *
             *     - `rate_limit_exceeded`: too many attempts from this client IP or for this user, or Appwrite's own limit on the signed-in user's calls; `retry-after` says how many seconds to wait
             */
            429: {
                headers: {
                    /** @description Whole seconds to wait before trying again (at least 1). */
                    "retry-after"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @constant */
                        code?: 429;
                        /** @enum {unknown} */
                        type?: "rate_limit_exceeded";
                    };
                };
            };
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            504: components["responses"]["GatewayTimeout"];
            default: components["responses"]["PassThroughError"];
        };
    };
    startTOTP: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The new authenticator. */
            201: {
                headers: {
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TOTPEnrolment"];
                };
            };
            /**
             * @description The request is malformed.
             *
             *     - `general_argument_invalid`: the query string does not parse
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description No valid session.
             *
             *     - `user_unauthorized`: no session cookie, or one Appwrite no longer accepts (the cookie is then cleared)
             *     - `user_more_factors_required`: the session still waits for its second factor (see `POST /mfa/challenge`)
             *     - `user_blocked`: the account is blocked (the cookie is then cleared)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            401: {
                headers: {
                    /** @description Present when the cookie held a session Appwrite no longer accepts: clears it (empty value, `Max-Age=0`). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            403: components["responses"]["OriginRejected"];
            /**
             * @description Conflict.
             *
             *     - `user_authenticator_already_verified`: the user has a confirmed authenticator already: remove it first (`DELETE /me/mfa/totp`)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            504: components["responses"]["GatewayTimeout"];
            default: components["responses"]["PassThroughError"];
        };
    };
    removeTOTP: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "code": "123456"
                 *     }
                 */
                "application/json": components["schemas"]["TOTPRemoveRequest"];
            };
        };
        responses: {
            /** @description The authenticator is removed. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description The request is invalid.
             *
             *     - `general_argument_invalid`: a required field is missing or empty, a field has the wrong type or value, a field is unknown, or the body is not one JSON object
             *     - `general_argument_invalid`: both `code` and `password` were sent
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description No valid session.
             *
             *     - `user_unauthorized`: no session cookie, or one Appwrite no longer accepts (the cookie is then cleared)
             *     - `user_more_factors_required`: the session still waits for its second factor (see `POST /mfa/challenge`)
             *     - `user_invalid_token`: `code` is not the authenticator's current code
             *     - `user_invalid_credentials`: `password` is wrong
             *     - `user_challenge_required`: neither was sent, and this session completed no second factor in the last 5 minutes
             *     - `user_blocked`: the account is blocked (the cookie is then cleared)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            401: {
                headers: {
                    /** @description Present when the cookie held a session Appwrite no longer accepts: clears it (empty value, `Max-Age=0`). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            403: components["responses"]["OriginRejected"];
            /**
             * @description No authenticator.
             *
             *     - `user_authenticator_not_found`: the user has no authenticator (with `code`: no confirmed one)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /**
             * @description Too many requests.
             *
             *     - `rate_limit_exceeded`: too many code guesses or password checks for this user, from this client IP or in all; `retry-after` says how many seconds to wait
             */
            429: {
                headers: {
                    /** @description Whole seconds to wait before trying again (at least 1). */
                    "retry-after"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @constant */
                        code?: 429;
                        /** @enum {unknown} */
                        type?: "rate_limit_exceeded";
                    };
                };
            };
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            504: components["responses"]["GatewayTimeout"];
            default: components["responses"]["PassThroughError"];
        };
    };
    preflightMeMfaTotp: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    countRecoveryCodes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The count. */
            200: {
                headers: {
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecoveryCodesLeft"];
                };
            };
            /**
             * @description The request is malformed.
             *
             *     - `general_argument_invalid`: the query string does not parse
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description No valid session.
             *
             *     - `user_unauthorized`: no session cookie, or one Appwrite no longer accepts (the cookie is then cleared)
             *     - `user_more_factors_required`: the session still waits for its second factor (see `POST /mfa/challenge`)
             *     - `user_blocked`: the account is blocked (the cookie is then cleared)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            401: {
                headers: {
                    /** @description Present when the cookie held a session Appwrite no longer accepts: clears it (empty value, `Max-Age=0`). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            504: components["responses"]["GatewayTimeout"];
            default: components["responses"]["PassThroughError"];
        };
    };
    createRecoveryCodes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The codes, shown this once. */
            201: {
                headers: {
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecoveryCodes"];
                };
            };
            /**
             * @description The request is malformed.
             *
             *     - `general_argument_invalid`: the query string does not parse
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description No valid session.
             *
             *     - `user_unauthorized`: no session cookie, or one Appwrite no longer accepts (the cookie is then cleared)
             *     - `user_more_factors_required`: the session still waits for its second factor (see `POST /mfa/challenge`)
             *     - `user_challenge_required`: the user has codes already, and this session completed no second factor in the last 5 minutes
             *     - `user_blocked`: the account is blocked (the cookie is then cleared)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            401: {
                headers: {
                    /** @description Present when the cookie held a session Appwrite no longer accepts: clears it (empty value, `Max-Age=0`). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            403: components["responses"]["OriginRejected"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            504: components["responses"]["GatewayTimeout"];
            default: components["responses"]["PassThroughError"];
        };
    };
    preflightMeMfaRecoveryCodes: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    listIdentities: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The identities. */
            200: {
                headers: {
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IdentityList"];
                };
            };
            /**
             * @description The request is malformed.
             *
             *     - `general_argument_invalid`: the query string does not parse
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description No valid session.
             *
             *     - `user_unauthorized`: no session cookie, or one Appwrite no longer accepts (the cookie is then cleared)
             *     - `user_more_factors_required`: the session still waits for its second factor (see `POST /mfa/challenge`)
             *     - `user_blocked`: the account is blocked (the cookie is then cleared)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            401: {
                headers: {
                    /** @description Present when the cookie held a session Appwrite no longer accepts: clears it (empty value, `Max-Age=0`). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            504: components["responses"]["GatewayTimeout"];
            default: components["responses"]["PassThroughError"];
        };
    };
    preflightMeIdentities: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    unlinkIdentity: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description An identity ID from `GET /me/identities`.
                 * @example 66f1a2b3c4d5e6f7a8b9
                 */
                identityId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The identity is unlinked. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description The request is invalid.
             *
             *     - `general_argument_invalid`: `identityId` is not a valid ID, or the query string does not parse
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description No valid session.
             *
             *     - `user_unauthorized`: no session cookie, or one Appwrite no longer accepts (the cookie is then cleared)
             *     - `user_more_factors_required`: the session still waits for its second factor (see `POST /mfa/challenge`)
             *     - `user_blocked`: the account is blocked (the cookie is then cleared)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            401: {
                headers: {
                    /** @description Present when the cookie held a session Appwrite no longer accepts: clears it (empty value, `Max-Age=0`). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            403: components["responses"]["OriginRejected"];
            /**
             * @description No such identity.
             *
             *     - `user_identity_not_found`: the user has no identity with this ID
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description Conflict.
             *
             *     - `user_last_sign_in_method`: this identity is the account's last way to sign in
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            504: components["responses"]["GatewayTimeout"];
            default: components["responses"]["PassThroughError"];
        };
    };
    preflightMeIdentitiesIdentityId: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path: {
                identityId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    startOAuth2: {
        parameters: {
            query?: {
                /**
                 * @description The app URL to land on once signed in. Optional when the first `ALLOWED_ORIGINS` entry is an exact origin (its `/` is the default).
                 * @example https://app.example.com/welcome
                 */
                redirect?: string;
                /**
                 * @description The app URL to land on when sign-in fails (with `?error=<type>`). Default: `redirect`.
                 * @example https://app.example.com/login
                 */
                failure?: string;
                /** @description Extra OAuth2 scopes to ask the provider for (repeat the parameter; at most 20). */
                scopes?: string[];
            };
            header?: never;
            path: {
                /**
                 * @description An OAuth2 provider Appwrite supports, enabled in the project. The list is every Appwrite version's (1.9 added `fusionauth`, `keycloak`, `kick` and `x`; later versions `appwrite`, `huggingface`, `kakao` and `tiktok`): a server without the provider refuses it on its own page.
                 * @example github
                 */
                provider: "amazon" | "apple" | "appwrite" | "auth0" | "authentik" | "autodesk" | "bitbucket" | "bitly" | "box" | "dailymotion" | "discord" | "disqus" | "dropbox" | "etsy" | "facebook" | "figma" | "fusionauth" | "github" | "gitlab" | "google" | "huggingface" | "kakao" | "keycloak" | "kick" | "linkedin" | "microsoft" | "notion" | "oidc" | "okta" | "paypal" | "paypalSandbox" | "podio" | "salesforce" | "slack" | "spotify" | "stripe" | "tiktok" | "tradeshift" | "tradeshiftBox" | "twitch" | "wordpress" | "x" | "yahoo" | "yammer" | "yandex" | "zoho" | "zoom";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description To Appwrite's OAuth2 token route, which sends the browser on to the provider. */
            302: {
                headers: {
                    /** @description `{endpoint}/account/tokens/oauth2/{provider}?project=...&success=...&failure=...`. */
                    location?: string;
                    /** @description Binds the flow to this browser: `__Host-a_session_<projectId>_oauth2=<random state>; Path=/; Max-Age=600; HttpOnly; Secure; SameSite=Lax` (the `__Host-` prefix keeps every other host, sibling subdomains included, from setting it). With `SESSION_COOKIE_SECURE=false` it has neither `__Host-` nor `Secure`, and `Path=/oauth2/callback`. */
                    "set-cookie"?: string;
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description The request is invalid.
             *
             *     - `general_argument_invalid`: unknown `provider`, more than 20 `scopes`, or no `redirect` and no default
             *     - `redirect_not_allowed`: `redirect` (or `failure`) is not on the `ALLOWED_REDIRECT_URLS` allowlist (or the allowed origins)
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["ServerError"];
        };
    };
    preflightOauth2Provider: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path: {
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    finishOAuth2: {
        parameters: {
            query: {
                /** @description The flow the function put in the callback URL it gave Appwrite (base64url JSON: state, success and failure targets). Its targets are checked against the allowlist again. */
                flow: string;
                /** @description Appended by Appwrite: the user the one-time token belongs to. */
                userId?: string;
                /** @description Appended by Appwrite: the one-time token's secret. */
                secret?: string;
                /** @description Appended by Appwrite when the provider refused: Appwrite's error as JSON. Only its `type` is passed on. */
                error?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description To the app: the flow's redirect URL when signed in (with the session cookie), else its failure URL with `?error=<type>`. */
            303: {
                headers: {
                    /** @description The app URL, checked against the allowlist. */
                    location?: string;
                    /** @description Only on success. Stores the new session: `a_session_<projectId>=<Appwrite session secret>; Path=/; Expires=<session expiry>; HttpOnly; Secure; SameSite=Lax` (name, `Domain`, `SameSite` and `Secure` follow the `SESSION_COOKIE_*` variables). */
                    "set-cookie"?: string;
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description The link is damaged: there is no safe place to send the browser, so the error is JSON.
             *
             *     - `general_argument_invalid`: the `flow` parameter is missing or damaged (the link was not made by this function)
             *     - `redirect_not_allowed`: `redirect` (or `failure`) is not on the `ALLOWED_REDIRECT_URLS` allowlist (or the allowed origins)
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["ServerError"];
        };
    };
    preflightOauth2Callback: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    startMagicURL: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "ada@example.com",
                 *       "redirect": "https://app.example.com/welcome"
                 *     }
                 */
                "application/json": components["schemas"]["MagicURLRequest"];
            };
        };
        responses: {
            /** @description The link is on its way (or the address cannot receive one: the answer is the same). */
            202: {
                headers: {
                    /** @description Binds the flow to this browser: `__Host-a_session_<projectId>_magic=<random state>; Path=/; Max-Age=900; HttpOnly; Secure; SameSite=Lax` (the `__Host-` prefix keeps every other host, sibling subdomains included, from setting it). With `SESSION_COOKIE_SECURE=false` it has neither `__Host-` nor `Secure`, and `Path=/magic-url/callback`. */
                    "set-cookie"?: string;
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Empty"];
                };
            };
            /**
             * @description The request is invalid.
             *
             *     - `general_argument_invalid`: a required field is missing or empty, a field has the wrong type or value, a field is unknown, or the body is not one JSON object
             *     - `redirect_not_allowed`: `redirect` (or `failure`) is not on the `ALLOWED_REDIRECT_URLS` allowlist (or the allowed origins)
             *     - `user_email_disposable`, `user_email_free`, `user_email_not_corporate`, `user_email_not_canonical`: the address breaks the project's e-mail policy (Appwrite 1.9.5 and later, on the Cloud plans that have it)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            403: components["responses"]["OriginRejected"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /**
             * @description Too many requests.
             *
             *     - `rate_limit_exceeded`: too many attempts from this client IP or for this e-mail; `retry-after` says how many seconds to wait
             */
            429: {
                headers: {
                    /** @description Whole seconds to wait before trying again (at least 1). */
                    "retry-after"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @constant */
                        code?: 429;
                        /** @enum {unknown} */
                        type?: "rate_limit_exceeded";
                    };
                };
            };
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["EmailDisabled"];
            504: components["responses"]["GatewayTimeout"];
            default: components["responses"]["PassThroughError"];
        };
    };
    preflightMagicUrl: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    openMagicURL: {
        parameters: {
            query: {
                /** @description The flow the function put in the callback URL it gave Appwrite (base64url JSON: state, success and failure targets). Its targets are checked against the allowlist again. */
                flow: string;
                /** @description Appended by Appwrite: the user the one-time token belongs to. */
                userId?: string;
                /** @description Appended by Appwrite: the one-time token's secret. */
                secret?: string;
                /** @description Appended by Appwrite: the token's expiry. Ignored. */
                expire?: string;
                /** @description Appended by Appwrite: the project ID. Ignored. */
                project?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The confirmation page (another browser opened the link). */
            200: {
                headers: {
                    /** @description `default-src 'none'; style-src 'sha256-...'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`. */
                    "content-security-policy"?: string;
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description To the app: the flow's redirect URL when signed in (with the session cookie), else its failure URL with `?error=<type>`. */
            303: {
                headers: {
                    /** @description The app URL, checked against the allowlist. */
                    location?: string;
                    /** @description Only on success. Stores the new session: `a_session_<projectId>=<Appwrite session secret>; Path=/; Expires=<session expiry>; HttpOnly; Secure; SameSite=Lax` (name, `Domain`, `SameSite` and `Secure` follow the `SESSION_COOKIE_*` variables). */
                    "set-cookie"?: string;
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description The link is damaged: there is no safe place to send the browser, so the error is JSON.
             *
             *     - `general_argument_invalid`: the `flow` parameter is missing or damaged (the link was not made by this function)
             *     - `redirect_not_allowed`: `redirect` (or `failure`) is not on the `ALLOWED_REDIRECT_URLS` allowlist (or the allowed origins)
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["ServerError"];
        };
    };
    preflightMagicUrlCallback: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    confirmMagicURL: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "flow": "eyJzIjoi...",
                 *       "userId": "6650c0ffee",
                 *       "secret": "9f86d081884c7d65..."
                 *     }
                 */
                "application/x-www-form-urlencoded": components["schemas"]["MagicURLConfirmForm"];
            };
        };
        responses: {
            /** @description To the app: the flow's redirect URL when signed in (with the session cookie), else its failure URL with `?error=<type>`. */
            303: {
                headers: {
                    /** @description The app URL, checked against the allowlist. */
                    location?: string;
                    /** @description Only on success. Stores the new session: `a_session_<projectId>=<Appwrite session secret>; Path=/; Expires=<session expiry>; HttpOnly; Secure; SameSite=Lax` (name, `Domain`, `SameSite` and `Secure` follow the `SESSION_COOKIE_*` variables). */
                    "set-cookie"?: string;
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description The request is invalid.
             *
             *     - `general_argument_invalid`: the form is malformed, or its `flow` is missing or damaged
             *     - `redirect_not_allowed`: `redirect` (or `failure`) is not on the `ALLOWED_REDIRECT_URLS` allowlist (or the allowed origins)
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description The form was not posted from the function's own page.
             *
             *     - `request_origin_rejected`: `Origin` is not the function's own (or is missing without `Sec-Fetch-Site: same-origin`)
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @constant */
                        code?: 403;
                        /** @enum {unknown} */
                        type?: "request_origin_rejected";
                    };
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            /**
             * @description The form is not sent as a form.
             *
             *     - `request_content_type_unsupported`: the `Content-Type` is not `application/x-www-form-urlencoded`
             */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @constant */
                        code?: 415;
                        /** @enum {unknown} */
                        type?: "request_content_type_unsupported";
                    };
                };
            };
            500: components["responses"]["ServerError"];
        };
    };
    preflightMagicUrlConfirm: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    startVerification: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "redirect": "https://app.example.com/settings"
                 *     }
                 */
                "application/json": components["schemas"]["VerificationRequest"];
            };
        };
        responses: {
            /** @description The link is on its way. */
            202: {
                headers: {
                    /** @description Binds the flow to this browser: `__Host-a_session_<projectId>_verify=<random state>; Path=/; Max-Age=900; HttpOnly; Secure; SameSite=Lax` (the `__Host-` prefix keeps every other host, sibling subdomains included, from setting it). With `SESSION_COOKIE_SECURE=false` it has neither `__Host-` nor `Secure`, and `Path=/verification/callback`. */
                    "set-cookie"?: string;
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Empty"];
                };
            };
            /**
             * @description The request is invalid.
             *
             *     - `general_argument_invalid`: a required field is missing or empty, a field has the wrong type or value, a field is unknown, or the body is not one JSON object
             *     - `redirect_not_allowed`: `redirect` (or `failure`) is not on the `ALLOWED_REDIRECT_URLS` allowlist (or the allowed origins)
             *     - `user_email_not_found`: the user has no e-mail address (a guest)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description No valid session.
             *
             *     - `user_unauthorized`: no session cookie, or one Appwrite no longer accepts (the cookie is then cleared)
             *     - `user_more_factors_required`: the session still waits for its second factor (see `POST /mfa/challenge`)
             *     - `user_blocked`: the account is blocked (the cookie is then cleared)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            401: {
                headers: {
                    /** @description Present when the cookie held a session Appwrite no longer accepts: clears it (empty value, `Max-Age=0`). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            403: components["responses"]["OriginRejected"];
            /**
             * @description Nothing to verify.
             *
             *     - `user_email_already_verified`: the address is already verified
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /**
             * @description Too many requests.
             *
             *     - `rate_limit_exceeded`: Appwrite's own limit on the signed-in user's calls was reached; `retry-after` says how many seconds until it resets
             */
            429: {
                headers: {
                    /** @description Whole seconds to wait before trying again (at least 1). */
                    "retry-after"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @constant */
                        code?: 429;
                        /** @enum {unknown} */
                        type?: "rate_limit_exceeded";
                    };
                };
            };
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["EmailDisabled"];
            504: components["responses"]["GatewayTimeout"];
            default: components["responses"]["PassThroughError"];
        };
    };
    preflightVerification: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    finishVerification: {
        parameters: {
            query: {
                /** @description The flow the function put in the callback URL it gave Appwrite (base64url JSON: state, success and failure targets). Its targets are checked against the allowlist again. */
                flow: string;
                /** @description Appended by Appwrite: the user the one-time token belongs to. */
                userId?: string;
                /** @description Appended by Appwrite: the one-time token's secret. */
                secret?: string;
                /** @description Appended by Appwrite: the token's expiry. Ignored. */
                expire?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The confirmation page (another browser opened the link). */
            200: {
                headers: {
                    /** @description `default-src 'none'; style-src 'sha256-...'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`. */
                    "content-security-policy"?: string;
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description To the app: `?verified=true`, or `?error=<type>`. */
            303: {
                headers: {
                    /** @description The app URL, checked against the allowlist. */
                    location?: string;
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description The link is damaged: there is no safe place to send the browser, so the error is JSON.
             *
             *     - `general_argument_invalid`: the `flow` parameter is missing or damaged (the link was not made by this function)
             *     - `redirect_not_allowed`: `redirect` (or `failure`) is not on the `ALLOWED_REDIRECT_URLS` allowlist (or the allowed origins)
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["ServerError"];
        };
    };
    preflightVerificationCallback: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    confirmVerification: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "flow": "eyJzIjoi...",
                 *       "userId": "6650c0ffee",
                 *       "secret": "9f86d081884c7d65..."
                 *     }
                 */
                "application/x-www-form-urlencoded": components["schemas"]["VerificationConfirmForm"];
            };
        };
        responses: {
            /** @description To the app: `?verified=true`, or the failure URL with `?error=<type>`. */
            303: {
                headers: {
                    /** @description The app URL, checked against the allowlist. */
                    location?: string;
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description The request is invalid.
             *
             *     - `general_argument_invalid`: the form is malformed, or its `flow` is missing or damaged
             *     - `redirect_not_allowed`: `redirect` (or `failure`) is not on the `ALLOWED_REDIRECT_URLS` allowlist (or the allowed origins)
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description The form was not posted from the function's own page.
             *
             *     - `request_origin_rejected`: `Origin` is not the function's own (or is missing without `Sec-Fetch-Site: same-origin`)
             */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @constant */
                        code?: 403;
                        /** @enum {unknown} */
                        type?: "request_origin_rejected";
                    };
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            /**
             * @description The form is not sent as a form.
             *
             *     - `request_content_type_unsupported`: the `Content-Type` is not `application/x-www-form-urlencoded`
             */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @constant */
                        code?: 415;
                        /** @enum {unknown} */
                        type?: "request_content_type_unsupported";
                    };
                };
            };
            500: components["responses"]["ServerError"];
        };
    };
    preflightVerificationConfirm: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    startEmailCode: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "ada@example.com"
                 *     }
                 */
                "application/json": components["schemas"]["EmailCodeRequest"];
            };
        };
        responses: {
            /** @description The code is on its way. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserId"];
                };
            };
            /**
             * @description The request is invalid.
             *
             *     - `general_argument_invalid`: a required field is missing or empty, a field has the wrong type or value, a field is unknown, or the body is not one JSON object
             *     - `general_bad_request`: the e-mail is already used by an OAuth2 identity
             *     - `user_count_exceeded`: the project's user limit is reached
             *     - `user_email_disposable`, `user_email_free`, `user_email_not_corporate`, `user_email_not_canonical`: the address breaks the project's e-mail policy (Appwrite 1.9.5 and later, on the Cloud plans that have it)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            403: components["responses"]["OriginRejected"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /**
             * @description Too many requests.
             *
             *     - `rate_limit_exceeded`: too many attempts from this client IP or for this e-mail; `retry-after` says how many seconds to wait
             */
            429: {
                headers: {
                    /** @description Whole seconds to wait before trying again (at least 1). */
                    "retry-after"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @constant */
                        code?: 429;
                        /** @enum {unknown} */
                        type?: "rate_limit_exceeded";
                    };
                };
            };
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["EmailDisabled"];
            504: components["responses"]["GatewayTimeout"];
            default: components["responses"]["PassThroughError"];
        };
    };
    preflightOtp: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    verifyEmailCode: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "userId": "6650c0ffee",
                 *       "code": "123456"
                 *     }
                 */
                "application/json": components["schemas"]["EmailCodeVerifyRequest"];
            };
        };
        responses: {
            /** @description Signed in (`User`) or a second factor is needed (`MFARequired`); both set the session cookie. */
            200: {
                headers: {
                    /** @description Stores the new session: `a_session_<projectId>=<Appwrite session secret>; Path=/; Expires=<session expiry>; HttpOnly; Secure; SameSite=Lax` (name, `Domain`, `SameSite` and `Secure` follow the `SESSION_COOKIE_*` variables). */
                    "set-cookie"?: string;
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"] | components["schemas"]["MFARequired"];
                };
            };
            /**
             * @description The request is invalid.
             *
             *     - `general_argument_invalid`: a required field is missing or empty, a field has the wrong type or value, a field is unknown, or the body is not one JSON object
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description The code is refused.
             *
             *     - `user_invalid_token`: wrong, spent or expired code, or unknown user
             *     - `user_blocked`: the account is blocked; the session Appwrite made from the code is deleted
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            403: components["responses"]["OriginRejected"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /**
             * @description Too many requests.
             *
             *     - `rate_limit_exceeded`: too many attempts from this client IP or for this user; `retry-after` says how many seconds to wait
             */
            429: {
                headers: {
                    /** @description Whole seconds to wait before trying again (at least 1). */
                    "retry-after"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @constant */
                        code?: 429;
                        /** @enum {unknown} */
                        type?: "rate_limit_exceeded";
                    };
                };
            };
            500: components["responses"]["ServerError"];
            /**
             * @description Appwrite cannot be used.
             *
             *     - `upstream_unavailable`: Appwrite cannot be reached
             *     - `upstream_error`: Appwrite answered with a 5xx or something that is not a valid response; nothing of it is passed on
             *
             *     When the browser was signed in before, its earlier session was ended while the new one was read, so the cookie is cleared: sign in again.
             */
            502: {
                headers: {
                    /** @description Present when the browser held a session before: clears it (empty value, `Max-Age=0`). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @constant */
                        code?: 502;
                        /** @enum {unknown} */
                        type?: "upstream_unavailable" | "upstream_error";
                    };
                };
            };
            /**
             * @description Appwrite did not answer in time (`UPSTREAM_TIMEOUT`, 10 s by default).
             *
             *     - `upstream_timeout`: the call to Appwrite timed out
             *
             *     When the browser was signed in before, its earlier session was ended while the new one was read, so the cookie is cleared: sign in again.
             */
            504: {
                headers: {
                    /** @description Present when the browser held a session before: clears it (empty value, `Max-Age=0`). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @constant */
                        code?: 504;
                        /** @enum {unknown} */
                        type?: "upstream_timeout";
                    };
                };
            };
            default: components["responses"]["PassThroughError"];
        };
    };
    preflightOtpVerify: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    signInAnonymously: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The guest is signed in. */
            201: {
                headers: {
                    /** @description Stores the new session: `a_session_<projectId>=<Appwrite session secret>; Path=/; Expires=<session expiry>; HttpOnly; Secure; SameSite=Lax` (name, `Domain`, `SameSite` and `Secure` follow the `SESSION_COOKIE_*` variables). */
                    "set-cookie"?: string;
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /**
             * @description The guest cannot be created.
             *
             *     - `user_count_exceeded`: the project's user limit is reached
             *     - `general_argument_invalid`: the query string does not parse
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            403: components["responses"]["OriginRejected"];
            /**
             * @description This browser is already signed in.
             *
             *     - `user_session_already_exists`: sign out first
             */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description Too many requests.
             *
             *     - `rate_limit_exceeded`: too many attempts from this client IP or for this e-mail; `retry-after` says how many seconds to wait
             */
            429: {
                headers: {
                    /** @description Whole seconds to wait before trying again (at least 1). */
                    "retry-after"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @constant */
                        code?: 429;
                        /** @enum {unknown} */
                        type?: "rate_limit_exceeded";
                    };
                };
            };
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            504: components["responses"]["GatewayTimeout"];
            default: components["responses"]["PassThroughError"];
        };
    };
    preflightAnonymous: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    createJWT: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "duration": 900
                 *     }
                 */
                "application/json": components["schemas"]["JWTRequest"];
            };
        };
        responses: {
            /** @description The JWT and when it expires. */
            201: {
                headers: {
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JWT"];
                };
            };
            /**
             * @description The request is invalid.
             *
             *     - `general_argument_invalid`: a required field is missing or empty, a field has the wrong type or value, a field is unknown, or the body is not one JSON object
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description No valid session.
             *
             *     - `user_unauthorized`: no session cookie, or one Appwrite no longer accepts (the cookie is then cleared)
             *     - `user_more_factors_required`: the session still waits for its second factor (see `POST /mfa/challenge`)
             *     - `user_blocked`: the account is blocked (the cookie is then cleared)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            401: {
                headers: {
                    /** @description Present when the cookie held a session Appwrite no longer accepts: clears it (empty value, `Max-Age=0`). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            403: components["responses"]["OriginRejected"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            504: components["responses"]["GatewayTimeout"];
            default: components["responses"]["PassThroughError"];
        };
    };
    preflightJwt: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    startRecovery: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "ada@example.com",
                 *       "redirect": "https://app.example.com/reset-password"
                 *     }
                 */
                "application/json": components["schemas"]["RecoveryRequest"];
            };
        };
        responses: {
            /** @description The link is on its way (or the address has no account: the answer is the same). */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Empty"];
                };
            };
            /**
             * @description The request is invalid.
             *
             *     - `general_argument_invalid`: a required field is missing or empty, a field has the wrong type or value, a field is unknown, or the body is not one JSON object
             *     - `redirect_not_allowed`: `redirect` (or `failure`) is not on the `ALLOWED_REDIRECT_URLS` allowlist (or the allowed origins)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            403: components["responses"]["OriginRejected"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /**
             * @description Too many requests.
             *
             *     - `rate_limit_exceeded`: too many attempts from this client IP or for this e-mail; `retry-after` says how many seconds to wait
             */
            429: {
                headers: {
                    /** @description Whole seconds to wait before trying again (at least 1). */
                    "retry-after"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @constant */
                        code?: 429;
                        /** @enum {unknown} */
                        type?: "rate_limit_exceeded";
                    };
                };
            };
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["EmailDisabled"];
            504: components["responses"]["GatewayTimeout"];
            default: components["responses"]["PassThroughError"];
        };
    };
    preflightRecovery: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    confirmRecovery: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "userId": "6650c0ffee",
                 *       "secret": "9f86d081884c7d65...",
                 *       "password": "new correct horse battery"
                 *     }
                 */
                "application/json": components["schemas"]["RecoveryConfirmRequest"];
            };
        };
        responses: {
            /** @description The password is set; every session is ended. When the account held credentials nobody had proven it was retired and a new account with this password made for the address (`accountReset`). */
            200: {
                headers: {
                    /** @description Clears the session cookie: empty value, `Max-Age=0` and an `Expires` in the past. */
                    "set-cookie"?: string;
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecoveryConfirmed"];
                };
            };
            /**
             * @description The request is invalid.
             *
             *     - `general_argument_invalid`: a required field is missing or empty, a field has the wrong type or value, a field is unknown, or the body is not one JSON object
             *     - `password_recently_used`: the new password was used recently (project setting)
             *     - `password_personal_data`: the new password contains the user's name, e-mail or ID (project setting)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description The link is refused.
             *
             *     - `user_invalid_token`: wrong, spent or expired `secret`
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            403: components["responses"]["OriginRejected"];
            /**
             * @description No such user.
             *
             *     - `user_not_found`: `userId` names no user
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            504: components["responses"]["GatewayTimeout"];
            default: components["responses"]["PassThroughError"];
        };
    };
    preflightRecoveryConfirm: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    createMFAChallenge: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "factor": "email"
                 *     }
                 */
                "application/json": components["schemas"]["MFAChallengeRequest"];
            };
        };
        responses: {
            /** @description The challenge. */
            201: {
                headers: {
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MFAChallenge"];
                };
            };
            /**
             * @description The request is invalid.
             *
             *     - `general_argument_invalid`: a required field is missing or empty, a field has the wrong type or value, a field is unknown, or the body is not one JSON object
             *     - `user_email_not_verified`: factor `email`, but the address is not verified
             *     - `user_email_not_found`: factor `email`, but the user has no address
             *     - `user_phone_not_found`: factor `phone`, but the user has no phone number
             *     - `user_phone_not_verified`: factor `phone`, but the number is not verified
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description No valid session.
             *
             *     - `user_unauthorized`: no session cookie, or one Appwrite no longer accepts (the cookie is then cleared)
             *     - `user_blocked`: the account is blocked (the cookie is then cleared)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            401: {
                headers: {
                    /** @description Present when the cookie held a session Appwrite no longer accepts: clears it (empty value, `Max-Age=0`). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            403: components["responses"]["OriginRejected"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /**
             * @description Too many requests.
             *
             *     - `rate_limit_exceeded`: Appwrite's own limit on the signed-in user's calls was reached; `retry-after` says how many seconds until it resets
             */
            429: {
                headers: {
                    /** @description Whole seconds to wait before trying again (at least 1). */
                    "retry-after"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @constant */
                        code?: 429;
                        /** @enum {unknown} */
                        type?: "rate_limit_exceeded";
                    };
                };
            };
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["MessagingDisabled"];
            504: components["responses"]["GatewayTimeout"];
            default: components["responses"]["PassThroughError"];
        };
    };
    preflightMfaChallenge: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    verifyMFAChallenge: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "challengeId": "6650c0ffee01",
                 *       "otp": "123456"
                 *     }
                 */
                "application/json": components["schemas"]["MFAVerifyRequest"];
            };
        };
        responses: {
            /** @description The session is complete; the user. */
            200: {
                headers: {
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /**
             * @description The request is invalid.
             *
             *     - `general_argument_invalid`: a required field is missing or empty, a field has the wrong type or value, a field is unknown, or the body is not one JSON object
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description No valid session.
             *
             *     - `user_unauthorized`: no session cookie, or one Appwrite no longer accepts (the cookie is then cleared)
             *     - `user_invalid_token`: unknown or expired challenge, or wrong code
             *     - `user_blocked`: the account is blocked (the cookie is then cleared)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            401: {
                headers: {
                    /** @description Present when the cookie held a session Appwrite no longer accepts: clears it (empty value, `Max-Age=0`). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            403: components["responses"]["OriginRejected"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /**
             * @description Too many requests.
             *
             *     - `rate_limit_exceeded`: too many attempts from this client IP or for this user, or Appwrite's own limit on the signed-in user's calls; `retry-after` says how many seconds to wait
             */
            429: {
                headers: {
                    /** @description Whole seconds to wait before trying again (at least 1). */
                    "retry-after"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] & {
                        /** @constant */
                        code?: 429;
                        /** @enum {unknown} */
                        type?: "rate_limit_exceeded";
                    };
                };
            };
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            504: components["responses"]["GatewayTimeout"];
            default: components["responses"]["PassThroughError"];
        };
    };
    preflightMfaVerify: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    listSessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The sessions. */
            200: {
                headers: {
                    /** @description `no-store`: the reply carries a cookie or user data. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionList"];
                };
            };
            /**
             * @description The request is malformed.
             *
             *     - `general_argument_invalid`: the query string does not parse
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description No valid session.
             *
             *     - `user_unauthorized`: no session cookie, or one Appwrite no longer accepts (the cookie is then cleared)
             *     - `user_more_factors_required`: the session still waits for its second factor (see `POST /mfa/challenge`)
             *     - `user_blocked`: the account is blocked (the cookie is then cleared)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            401: {
                headers: {
                    /** @description Present when the cookie held a session Appwrite no longer accepts: clears it (empty value, `Max-Age=0`). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            504: components["responses"]["GatewayTimeout"];
            default: components["responses"]["PassThroughError"];
        };
    };
    deleteSessions: {
        parameters: {
            query: {
                /**
                 * @description Which sessions to end.
                 * @example others
                 */
                scope: "others" | "all";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The sessions are ended. */
            204: {
                headers: {
                    /** @description With `scope=all`: clears the session cookie (empty value, `Max-Age=0`). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description The request is invalid.
             *
             *     - `general_argument_invalid`: `scope` is missing or not `others` or `all`
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description No valid session.
             *
             *     - `user_unauthorized`: no session cookie, or one Appwrite no longer accepts (the cookie is then cleared)
             *     - `user_more_factors_required`: the session still waits for its second factor (see `POST /mfa/challenge`)
             *     - `user_blocked`: the account is blocked (the cookie is then cleared)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            401: {
                headers: {
                    /** @description Present when the cookie held a session Appwrite no longer accepts: clears it (empty value, `Max-Age=0`). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            403: components["responses"]["OriginRejected"];
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            504: components["responses"]["GatewayTimeout"];
            default: components["responses"]["PassThroughError"];
        };
    };
    preflightSessions: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
    deleteSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description A session ID from `GET /sessions`, or `current`.
                 * @example current
                 */
                sessionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session is ended. */
            204: {
                headers: {
                    /** @description When the session was this browser's: clears the session cookie (empty value, `Max-Age=0`). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /**
             * @description The request is invalid.
             *
             *     - `general_argument_invalid`: `sessionId` is not a valid ID
             */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /**
             * @description No valid session.
             *
             *     - `user_unauthorized`: no session cookie, or one Appwrite no longer accepts (the cookie is then cleared)
             *     - `user_more_factors_required`: the session still waits for its second factor (see `POST /mfa/challenge`)
             *     - `user_blocked`: the account is blocked (the cookie is then cleared)
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            401: {
                headers: {
                    /** @description Present when the cookie held a session Appwrite no longer accepts: clears it (empty value, `Max-Age=0`). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            403: components["responses"]["OriginRejected"];
            /**
             * @description No such session.
             *
             *     - `user_session_not_found`: the user has no session with this ID
             *
             *     Appwrite's other errors of this status pass through with their own `type`.
             */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            500: components["responses"]["ServerError"];
            502: components["responses"]["BadGateway"];
            504: components["responses"]["GatewayTimeout"];
            default: components["responses"]["PassThroughError"];
        };
    };
    preflightSessionsSessionId: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The page's origin; must be in `ALLOWED_ORIGINS`.
                 * @example https://app.example.com
                 */
                Origin: components["parameters"]["Origin"];
                /**
                 * @description The method of the actual request (case-sensitive).
                 * @example POST
                 */
                "Access-Control-Request-Method": components["parameters"]["AccessControlRequestMethod"];
                /**
                 * @description The headers the actual request will send.
                 * @example content-type
                 */
                "Access-Control-Request-Headers"?: components["parameters"]["AccessControlRequestHeaders"];
            };
            path: {
                sessionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["PreflightAllowed"];
            403: components["responses"]["PreflightRefused"];
        };
    };
}

/**
 * Every error `type` openapi.json documents for the function's replies.
 * Appwrite's own errors pass through with their type, so a type Appwrite
 * adds later can arrive before openapi.json lists it.
 */
export type APIErrorType =
    | "function_misconfigured"
    | "general_argument_invalid"
    | "general_bad_request"
    | "general_phone_disabled"
    | "general_smtp_disabled"
    | "general_unknown"
    | "method_not_allowed"
    | "password_personal_data"
    | "password_recently_used"
    | "rate_limit_exceeded"
    | "redirect_not_allowed"
    | "request_body_too_large"
    | "request_content_type_unsupported"
    | "request_origin_rejected"
    | "route_not_found"
    | "upstream_error"
    | "upstream_timeout"
    | "upstream_unavailable"
    | "user_already_exists"
    | "user_auth_method_unsupported"
    | "user_authenticator_already_verified"
    | "user_authenticator_not_found"
    | "user_blocked"
    | "user_challenge_required"
    | "user_count_exceeded"
    | "user_email_already_exists"
    | "user_email_already_verified"
    | "user_email_disposable"
    | "user_email_free"
    | "user_email_not_canonical"
    | "user_email_not_corporate"
    | "user_email_not_found"
    | "user_email_not_verified"
    | "user_identity_not_found"
    | "user_invalid_credentials"
    | "user_invalid_token"
    | "user_last_sign_in_method"
    | "user_more_factors_required"
    | "user_not_found"
    | "user_password_reset_required"
    | "user_phone_not_found"
    | "user_phone_not_verified"
    | "user_session_already_exists"
    | "user_session_not_found"
    | "user_target_already_exists"
    | "user_unauthorized";

/**
 * The error types the client adds:
 * - `network_error`: the function could not be reached, or the browser refused its reply (CORS); code 0
 * - `network_timeout`: the client's `timeout` passed before the function answered; code 0
 * - `response_invalid`: the reply was not the JSON the API promises (a proxy's error page, a wrong base URL); code = the HTTP status
 */
export type ClientErrorType =
    | "network_error"
    | "network_timeout"
    | "response_invalid";
