// Type declarations for client.js. Every body and reply type is taken from
// api.d.ts, which is generated from openapi.json (npm run generate), so a
// change to the API changes these types; `npm run check` (in CI) then type
// checks client.js and the READMEs' examples against them.

import type { APIErrorType, ClientErrorType, components, operations } from "./api.js";

export type { APIErrorType, ClientErrorType } from "./api.js";

type Schemas = components["schemas"];

/** The JSON body an operation of openapi.json takes. */
type Body<Op extends keyof operations> =
  NonNullable<operations[Op]["requestBody"]> extends { content: { "application/json": infer T } } ? T : never;

/** The JSON reply of an operation of openapi.json with the status. */
type Reply<Op extends keyof operations, Status extends keyof operations[Op]["responses"]> =
  operations[Op]["responses"][Status] extends { content: { "application/json": infer T } } ? T : never;

/**
 * Makes a reply that is either the user or MFARequired a discriminated
 * union: every member that is not MFARequired gets `mfaRequired?: undefined`,
 * so `if (result.mfaRequired)` tells them apart under `--strict`.
 */
type MFAUnion<T> = T extends { mfaRequired: true } ? T : T & { mfaRequired?: undefined };

/**
 * The user's preferences when the app does not say what they hold: any
 * JSON object, each value `unknown` until checked.
 */
export type Preferences = Record<string, unknown>;

/**
 * Appwrite's account model, as GET /me returns it, with `prefs` of the
 * app's type: `getMe<{ theme: "dark" | "light" }>()` reads
 * `user.prefs.theme` as that (the function does not check the shape; the
 * type says what the app stores there), as Appwrite's SDK types
 * `account.get<Preferences>()`.
 */
export type User<Prefs extends Record<string, any> = Preferences> = Omit<Schemas["User"], "prefs"> & {
  /** The user's preferences: any JSON object, `{}` when empty. */
  prefs: Prefs;
};

/** T with its User members' prefs of type Prefs. */
type WithPrefs<T, Prefs extends Record<string, any>> = T extends Schemas["User"] ? User<Prefs> : T;

/** The reply of a route that answers with the user, with the app's prefs. */
type UserReply<Op extends keyof operations, Status extends keyof operations[Op]["responses"], Prefs extends Record<string, any>> =
  WithPrefs<Reply<Op, Status>, Prefs>;
/** One of the user's sessions, as GET /sessions lists it. */
export type Session = Schemas["Session"];
export type SessionList = Schemas["SessionList"];
/**
 * What a sign-in resolves to when the account has MFA on: a partial session
 * is set; finish with createMFAChallenge and verifyMFAChallenge.
 */
export type MFARequired = Schemas["MFARequired"];
export type MFAChallenge = Schemas["MFAChallenge"];
export type JWT = Schemas["JWT"];
export type Health = Schemas["Health"];
/** The second factors a user has, as GET /me/mfa/factors lists them. */
export type MFAFactors = Schemas["MFAFactors"];
/** A new authenticator app: secret, otpauth:// URI and QR code. */
export type TOTPEnrolment = Schemas["TOTPEnrolment"];
/** Recovery codes, as POST /me/mfa/recovery-codes shows them once. */
export type RecoveryCodes = Schemas["RecoveryCodes"];
/** A sign-in method linked to the account (an OAuth2 provider's account). */
export type Identity = Schemas["Identity"];
export type IdentityList = Schemas["IdentityList"];
/** The empty object that 202 replies return. */
export type Empty = Schemas["Empty"];
/**
 * POST /signup's answer when the address must be proven first: pass
 * `userId` with the e-mailed code to verifySignUp.
 */
export type SignUpPending = Schemas["SignUpPending"];
/**
 * What confirmRecovery resolves to: `{}`, or `{ accountReset: true }` when
 * the account held credentials nobody had proven and was replaced by a new
 * one with this password.
 */
export type RecoveryConfirmed = Schemas["RecoveryConfirmed"];

/**
 * What signIn resolves to: the user, or MFARequired when a second factor is
 * due. `mfaRequired` tells them apart:
 *
 *     const result = await signIn({ email, password });
 *     if (result.mfaRequired) result.factors;  // MFARequired
 *     else result.email;                        // User
 */
export type SignInResult<Prefs extends Record<string, any> = Preferences> = MFAUnion<UserReply<"signIn", 200, Prefs>>;
/**
 * What signUp resolves to: `SignUpPending` (`{ userId, verification:
 * "code" }`, the function's default) or, with SIGNUP_VERIFICATION=off, the
 * signed-in user with `verification` absent, so that
 * `if (result.verification === "code")` tells them apart under `--strict`.
 */
export type SignUpResult<Prefs extends Record<string, any> = Preferences> =
  | SignUpPending
  | (UserReply<"signUp", 201, Prefs> & { verification?: undefined });
/**
 * What verifySignUp resolves to: the user (with `accountReset: true` when
 * an account nobody had proven was replaced), or MFARequired.
 */
export type VerifySignUpResult<Prefs extends Record<string, any> = Preferences> =
  MFAUnion<UserReply<"verifySignUp", 201, Prefs> | UserReply<"verifySignUp", 200, Prefs>>;
/** What verifyEmailCode resolves to: the user, or MFARequired. */
export type VerifyEmailCodeResult<Prefs extends Record<string, any> = Preferences> = MFAUnion<UserReply<"verifyEmailCode", 200, Prefs>>;

/**
 * Every error type an AuthError can carry: the API's (see api.d.ts) and the
 * client's own ("network_error", "network_timeout", "response_invalid").
 */
export type ErrorType = APIErrorType | ClientErrorType;

export interface ClientOptions {
  /**
   * The function's URL, such as "https://auth.example.com", without a
   * trailing slash (one is removed). Default "": the page's own origin.
   */
  baseUrl?: string;
  /** The fetch to call; default: globalThis.fetch, looked up at each call. */
  fetch?: typeof globalThis.fetch;
  /**
   * Headers sent with every call (a server forwards a Cookie header this
   * way). Not Accept or Content-Type: the client sets those.
   */
  headers?: Record<string, string>;
  /**
   * Milliseconds to wait for each reply; past it the call rejects with
   * "network_timeout". Default: no limit but the fetch's own.
   */
  timeout?: number;
}

/**
 * The error every call rejects with. `code` is the HTTP status; the client's
 * own types are "network_error" and "network_timeout" (code 0: unreachable,
 * refused by CORS, or too slow) and "response_invalid" (the reply was not
 * the promised JSON).
 */
export class AuthError extends Error {
  constructor(
    message: string,
    details: { type: ErrorType; code: number; retryAfter?: number; cause?: unknown },
  );
  name: "AuthError";
  /**
   * snake_case error type, such as "user_invalid_credentials". Appwrite's
   * errors pass through with their own type, so a type Appwrite adds later
   * can arrive before openapi.json (and this union) lists it.
   */
  type: ErrorType;
  /** The HTTP status, or 0 for "network_error" and "network_timeout". */
  code: number;
  /** On 429: seconds to wait, when the retry-after header is readable. */
  retryAfter: number | undefined;
}

/** The module's own type: the interfaces below are taken from its declarations. */
type Module = typeof import("./client.js");

/**
 * The operationIds of openapi.json that the client has a function for, each
 * the function's name: every exported function but the ones below.
 */
export type RouteName = Exclude<keyof Module, NotRoute | DeprecatedName>;

/** The module's exports that are not routes. */
type NotRoute = "AuthError" | "createClient" | "configure" | "isSignedOut" | "getUser" | "onChange";

/** The names of 0.1.0 that are deprecated aliases now (removed in 0.3.0). */
export type DeprecatedName =
  | "me"
  | "updateProfile"
  | "requestMagicLink"
  | "requestEmailCode"
  | "requestRecovery"
  | "requestVerification"
  | "health";

/**
 * The JSON body of an operation, by its operationId: an object type with
 * exactly openapi.json's fields (`RequestBody<"signIn">` is
 * `{ email: string; password: string }`).
 */
export type RequestBody<Op extends keyof operations> = Body<Op>;

/**
 * A client: one method per route, named by its operationId, the
 * deprecated names, getUser and onChange. The same functions as the
 * module's, bound to the client's options and with listeners of their
 * own. Methods never use `this`.
 */
export interface AuthClient extends Pick<Module, RouteName | DeprecatedName | "getUser" | "onChange"> {}

/**
 * What onChange listeners hear: a sign-in (`user`), a sign-out (`user`
 * null), or a reply that said the browser is signed out (`user` null and
 * the `error`).
 */
export interface AuthChange {
  /** The user who just signed in, or null: signed out. */
  readonly user: User | null;
  /**
   * When a reply said so, the 401 that did: `user_unauthorized` (no
   * session, or one that ended: signed out elsewhere, revoked, expired),
   * `user_blocked` (the account is blocked) or `user_more_factors_required`
   * (a sign-in still waits for its second factor). Absent after a sign-in
   * and after a call that signs out (signOut, deleteAccount,
   * deleteSession("current"), deleteSessions("all")).
   */
  readonly error?: AuthError;
}

/**
 * The signed-in user, or null when the browser is not signed in: GET /me
 * answered the function's 401 (no session, one that ended, a blocked
 * user, a second factor still due; onChange hears it, with the error).
 * Rejects with an AuthError when the function cannot say: unreachable
 * ("network_error"), too slow ("network_timeout"), a 5xx such as
 * "upstream_unavailable" or "function_misconfigured", another 4xx, a 401
 * that is not the function's JSON, or a reply that is not a user
 * ("response_invalid"). Never null for those: an outage is not "signed
 * out". The server helper's getUser decides the same way.
 */
export function getUser<Prefs extends Record<string, any> = Preferences>(): Promise<User<Prefs> | null>;

/**
 * Reports whether err says the browser is not signed in: an AuthError with
 * status 401 and type "user_unauthorized", "user_blocked" or
 * "user_more_factors_required". False for anything else, such as a wrong
 * password (401 "user_invalid_credentials"), a step-up due (401
 * "user_challenge_required") or an outage.
 */
export function isSignedOut(err: unknown): err is AuthError;

/**
 * Calls listener after each change this client sees: a sign-in
 * (verifySignUp, signIn, verifyEmailCode, verifyMFAChallenge,
 * signInAnonymously, or signUp with SIGNUP_VERIFICATION=off, resolving to
 * the user; not an MFARequired reply, nor signUp's 202 waiting for its
 * code), a sign-out (signOut, deleteAccount, deleteSession("current"),
 * deleteSessions("all") resolving), and any reply for which isSignedOut is
 * true (from every call but the credential checks signIn, verifySignUp,
 * verifyEmailCode and confirmRecovery, whose 401 is about what they were
 * sent), or getUser's null. Listeners
 * run before the call's promise settles; the same state can be told more
 * than once (three calls that each get a 401 tell three times). A listener
 * that throws is reported (reportError) and does not fail the call.
 * Returns the function that unsubscribes this listener.
 */
export function onChange(listener: (change: AuthChange) => void): () => void;

/** Returns a client with the options. */
export function createClient(options?: ClientOptions): AuthClient;

/** Sets the options of the default client behind the functions below. */
export function configure(options: ClientOptions): void;

// ---- one function per route, named by its operationId in openapi.json -------
// One declaration each, `export function <operationId>(` (or
// `<operationId><Prefs …>(` for a reply with the user), so that tools (and
// the Go test of the route table) can read the list.

/**
 * POST /signup → 202 {userId, verification: "code"}: a code is e-mailed to
 * the address; pass userId and the code to verifySignUp. With the
 * function's SIGNUP_VERIFICATION=off: 201 with the user, signed in (a guest
 * is upgraded).
 */
export function signUp<Prefs extends Record<string, any> = Preferences>(body: Body<"signUp">): Promise<SignUpResult<Prefs>>;
/**
 * POST /signup/verify → 201: the code proved the address; the password and
 * name are set and the browser is signed in (or MFARequired, for an
 * address whose account has a second factor). `accountReset` is true when
 * an account nobody had proven was replaced.
 */
export function verifySignUp<Prefs extends Record<string, any> = Preferences>(body: Body<"verifySignUp">): Promise<VerifySignUpResult<Prefs>>;
/** POST /login → the user, or MFARequired when a second factor is due. */
export function signIn<Prefs extends Record<string, any> = Preferences>(body: Body<"signIn">): Promise<SignInResult<Prefs>>;
/** POST /logout → 204. */
export function signOut(): Promise<null>;
/** GET /me. Rejects with 401 user_unauthorized when signed out. */
export function getMe<Prefs extends Record<string, any> = Preferences>(): Promise<UserReply<"getMe", 200, Prefs>>;
/**
 * PATCH /me: a new name, new prefs (which replace all of them), or both;
 * at least one.
 */
export function updateMe<Prefs extends Record<string, any> = Preferences>(body: Body<"updateMe"> & { prefs?: Prefs }): Promise<UserReply<"updateMe", 200, Prefs>>;
/**
 * DELETE /me → 204: deletes the account, with `password`, or with `code`
 * (from startEmailCode for the account's address) when it has none.
 */
export function deleteAccount(body?: Body<"deleteAccount">): Promise<null>;
/** POST /me/password. */
export function changePassword<Prefs extends Record<string, any> = Preferences>(body: Body<"changePassword">): Promise<UserReply<"changePassword", 200, Prefs>>;
/** POST /me/email. */
export function changeEmail<Prefs extends Record<string, any> = Preferences>(body: Body<"changeEmail">): Promise<UserReply<"changeEmail", 200, Prefs>>;
/** PATCH /me/mfa. */
export function setMFA<Prefs extends Record<string, any> = Preferences>(body: Body<"setMFA">): Promise<UserReply<"setMFA", 200, Prefs>>;
/** GET /me/mfa/factors: which second factors the user has. */
export function listMFAFactors(): Promise<Reply<"listMFAFactors", 200>>;
/** POST /me/mfa/totp → 201: a new authenticator's secret, URI and QR code. */
export function startTOTP(): Promise<Reply<"startTOTP", 201>>;
/** PUT /me/mfa/totp: confirms the authenticator with its current code. */
export function confirmTOTP<Prefs extends Record<string, any> = Preferences>(body: Body<"confirmTOTP">): Promise<UserReply<"confirmTOTP", 200, Prefs>>;
/**
 * DELETE /me/mfa/totp → 204, with a current `code`, the `password`, or
 * nothing after a second factor completed in the last 5 minutes.
 */
export function removeTOTP(body?: Body<"removeTOTP">): Promise<null>;
/** GET /me/mfa/recovery-codes: how many are left (never the codes). */
export function countRecoveryCodes(): Promise<Reply<"countRecoveryCodes", 200>>;
/** POST /me/mfa/recovery-codes → 201: new codes, shown this once. */
export function createRecoveryCodes(): Promise<Reply<"createRecoveryCodes", 201>>;
/** GET /me/identities: the linked OAuth2 accounts. */
export function listIdentities(): Promise<Reply<"listIdentities", 200>>;
/** DELETE /me/identities/{id} → 204; 409 user_last_sign_in_method for the last way to sign in. */
export function unlinkIdentity(identityId: operations["unlinkIdentity"]["parameters"]["path"]["identityId"]): Promise<null>;
/**
 * Navigates the browser (window.location) to GET /oauth2/{provider}; the
 * flow ends back on `redirect`, or on `failure` with ?error=<type>.
 */
export function startOAuth2(
  provider: operations["startOAuth2"]["parameters"]["path"]["provider"],
  options: { redirect: string; failure?: string },
): void;
/** POST /magic-url → 202 {} whether or not the account exists. */
export function startMagicURL(body: Body<"startMagicURL">): Promise<Reply<"startMagicURL", 202>>;
/** POST /otp: e-mails a code; pass the userId on to verifyEmailCode. */
export function startEmailCode(body: Body<"startEmailCode">): Promise<Reply<"startEmailCode", 200>>;
/** POST /otp/verify → the user, or MFARequired when a second factor is due. */
export function verifyEmailCode<Prefs extends Record<string, any> = Preferences>(body: Body<"verifyEmailCode">): Promise<VerifyEmailCodeResult<Prefs>>;
/** POST /anonymous → 201. */
export function signInAnonymously<Prefs extends Record<string, any> = Preferences>(): Promise<UserReply<"signInAnonymously", 201, Prefs>>;
/** POST /jwt → 201. */
export function createJWT(body?: Body<"createJWT">): Promise<Reply<"createJWT", 201>>;
/** GET /sessions. */
export function listSessions(): Promise<Reply<"listSessions", 200>>;
/** DELETE /sessions/{id} → 204 ("current" for this browser's). */
export function deleteSession(sessionId: operations["deleteSession"]["parameters"]["path"]["sessionId"]): Promise<null>;
/** DELETE /sessions?scope=… → 204: every other session, or all of them. */
export function deleteSessions(scope: NonNullable<NonNullable<operations["deleteSessions"]["parameters"]["query"]>["scope"]>): Promise<null>;
/** POST /recovery → 202 {}. */
export function startRecovery(body: Body<"startRecovery">): Promise<Reply<"startRecovery", 202>>;
/**
 * POST /recovery/confirm → `{}`, or `{ accountReset: true }` when the
 * account was replaced (see RecoveryConfirmed); every session is ended.
 */
export function confirmRecovery(body: Body<"confirmRecovery">): Promise<RecoveryConfirmed>;
/** POST /verification → 202 {}. */
export function startVerification(body?: Body<"startVerification">): Promise<Reply<"startVerification", 202>>;
/** POST /mfa/challenge → 201 {challengeId, expire}. */
export function createMFAChallenge(body: Body<"createMFAChallenge">): Promise<Reply<"createMFAChallenge", 201>>;
/** POST /mfa/verify. */
export function verifyMFAChallenge<Prefs extends Record<string, any> = Preferences>(body: Body<"verifyMFAChallenge">): Promise<UserReply<"verifyMFAChallenge", 200, Prefs>>;
/** GET /health (200 only; a 503 rejects). */
export function getHealth(): Promise<Reply<"getHealth", 200>>;

// ---- the names of 0.1.0, deprecated (removed in 0.3.0) ----------------------
// Each is the same function as its operationId's, declared on one line:
// `export const <old>: typeof <operationId>;` after its @deprecated comment.

/** @deprecated Renamed getMe, openapi.json's operationId; this name goes in 0.3.0. */
export const me: typeof getMe;
/** @deprecated Renamed updateMe, openapi.json's operationId; this name goes in 0.3.0. */
export const updateProfile: typeof updateMe;
/** @deprecated Renamed startMagicURL, openapi.json's operationId; this name goes in 0.3.0. */
export const requestMagicLink: typeof startMagicURL;
/** @deprecated Renamed startEmailCode, openapi.json's operationId; this name goes in 0.3.0. */
export const requestEmailCode: typeof startEmailCode;
/** @deprecated Renamed startRecovery, openapi.json's operationId; this name goes in 0.3.0. */
export const requestRecovery: typeof startRecovery;
/** @deprecated Renamed startVerification, openapi.json's operationId; this name goes in 0.3.0. */
export const requestVerification: typeof startVerification;
/** @deprecated Renamed getHealth, openapi.json's operationId; this name goes in 0.3.0. */
export const health: typeof getHealth;
