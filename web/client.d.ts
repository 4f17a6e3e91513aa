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

/** Appwrite's account model, as GET /me returns it. */
export type User = Schemas["User"];
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
/** The empty object that 202 replies and POST /recovery/confirm return. */
export type Empty = Schemas["Empty"];

/**
 * What signIn resolves to: the user, or MFARequired when a second factor is
 * due. `mfaRequired` tells them apart:
 *
 *     const result = await signIn({ email, password });
 *     if (result.mfaRequired) result.factors;  // MFARequired
 *     else result.email;                        // User
 */
export type SignInResult = MFAUnion<Reply<"signIn", 200>>;
/** What verifyEmailCode resolves to: the user, or MFARequired. */
export type VerifyEmailCodeResult = MFAUnion<Reply<"verifyEmailCode", 200>>;

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

/** One method per route of the function. Methods never use `this`. */
export interface AuthClient {
  /** POST /signup → 201. Signed in as a guest, it upgrades that account. */
  signUp(body: Body<"signUp">): Promise<Reply<"signUp", 201>>;
  /** POST /login → the user, or MFARequired when a second factor is due. */
  signIn(body: Body<"signIn">): Promise<SignInResult>;
  /** POST /logout → 204. */
  signOut(): Promise<null>;
  /** GET /me. Rejects with 401 user_unauthorized when signed out. */
  me(): Promise<Reply<"getMe", 200>>;
  /** PATCH /me. */
  updateProfile(body: Body<"updateMe">): Promise<Reply<"updateMe", 200>>;
  /** POST /me/password. */
  changePassword(body: Body<"changePassword">): Promise<Reply<"changePassword", 200>>;
  /** POST /me/email. */
  changeEmail(body: Body<"changeEmail">): Promise<Reply<"changeEmail", 200>>;
  /** PATCH /me/mfa. */
  setMFA(body: Body<"setMFA">): Promise<Reply<"setMFA", 200>>;
  /**
   * DELETE /me → 204: deletes the account, with `password`, or with `code`
   * (from requestEmailCode for the account's address) when it has none.
   */
  deleteAccount(body?: Body<"deleteAccount">): Promise<null>;
  /** GET /me/mfa/factors: which second factors the user has. */
  listMFAFactors(): Promise<Reply<"listMFAFactors", 200>>;
  /** POST /me/mfa/totp → 201: a new authenticator's secret, URI and QR code. */
  startTOTP(): Promise<Reply<"startTOTP", 201>>;
  /** PUT /me/mfa/totp: confirms the authenticator with its current code. */
  confirmTOTP(body: Body<"confirmTOTP">): Promise<Reply<"confirmTOTP", 200>>;
  /**
   * DELETE /me/mfa/totp → 204, with a current `code`, the `password`, or
   * nothing after a second factor completed in the last 5 minutes.
   */
  removeTOTP(body?: Body<"removeTOTP">): Promise<null>;
  /** GET /me/mfa/recovery-codes: how many are left (never the codes). */
  countRecoveryCodes(): Promise<Reply<"countRecoveryCodes", 200>>;
  /** POST /me/mfa/recovery-codes → 201: new codes, shown this once. */
  createRecoveryCodes(): Promise<Reply<"createRecoveryCodes", 201>>;
  /** GET /me/identities: the linked OAuth2 accounts. */
  listIdentities(): Promise<Reply<"listIdentities", 200>>;
  /** DELETE /me/identities/{id} → 204; 409 user_last_sign_in_method for the last way to sign in. */
  unlinkIdentity(identityId: operations["unlinkIdentity"]["parameters"]["path"]["identityId"]): Promise<null>;
  /**
   * Navigates the browser (window.location) to GET /oauth2/{provider}; the
   * flow ends back on `redirect`, or on `failure` with ?error=<type>.
   */
  startOAuth2(
    provider: operations["startOAuth2"]["parameters"]["path"]["provider"],
    options: { redirect: string; failure?: string },
  ): void;
  /** POST /magic-url → 202 {} whether or not the account exists. */
  requestMagicLink(body: Body<"startMagicURL">): Promise<Reply<"startMagicURL", 202>>;
  /** POST /otp: e-mails a code; pass the userId on to verifyEmailCode. */
  requestEmailCode(body: Body<"startEmailCode">): Promise<Reply<"startEmailCode", 200>>;
  /** POST /otp/verify → the user, or MFARequired when a second factor is due. */
  verifyEmailCode(body: Body<"verifyEmailCode">): Promise<VerifyEmailCodeResult>;
  /** POST /anonymous → 201. */
  signInAnonymously(): Promise<Reply<"signInAnonymously", 201>>;
  /** POST /jwt → 201. */
  createJWT(body?: Body<"createJWT">): Promise<Reply<"createJWT", 201>>;
  /** GET /sessions. */
  listSessions(): Promise<Reply<"listSessions", 200>>;
  /** DELETE /sessions/{id} → 204 ("current" for this browser's). */
  deleteSession(sessionId: operations["deleteSession"]["parameters"]["path"]["sessionId"]): Promise<null>;
  /** DELETE /sessions?scope=… → 204: every other session, or all of them. */
  deleteSessions(scope: NonNullable<NonNullable<operations["deleteSessions"]["parameters"]["query"]>["scope"]>): Promise<null>;
  /** POST /recovery → 202 {}. */
  requestRecovery(body: Body<"startRecovery">): Promise<Reply<"startRecovery", 202>>;
  /** POST /recovery/confirm. */
  confirmRecovery(body: Body<"confirmRecovery">): Promise<Reply<"confirmRecovery", 200>>;
  /** POST /verification → 202 {}. */
  requestVerification(body?: Body<"startVerification">): Promise<Reply<"startVerification", 202>>;
  /** POST /mfa/challenge → 201 {challengeId, expire}. */
  createMFAChallenge(body: Body<"createMFAChallenge">): Promise<Reply<"createMFAChallenge", 201>>;
  /** POST /mfa/verify. */
  verifyMFAChallenge(body: Body<"verifyMFAChallenge">): Promise<Reply<"verifyMFAChallenge", 200>>;
  /** GET /health (200 only; a 503 rejects). */
  health(): Promise<Reply<"getHealth", 200>>;
}

/** Returns a client with the options. */
export function createClient(options?: ClientOptions): AuthClient;

/** Sets the options of the default client behind the functions below. */
export function configure(options: ClientOptions): void;

export const signUp: AuthClient["signUp"];
export const signIn: AuthClient["signIn"];
export const signOut: AuthClient["signOut"];
export const me: AuthClient["me"];
export const updateProfile: AuthClient["updateProfile"];
export const changePassword: AuthClient["changePassword"];
export const changeEmail: AuthClient["changeEmail"];
export const setMFA: AuthClient["setMFA"];
export const deleteAccount: AuthClient["deleteAccount"];
export const listMFAFactors: AuthClient["listMFAFactors"];
export const startTOTP: AuthClient["startTOTP"];
export const confirmTOTP: AuthClient["confirmTOTP"];
export const removeTOTP: AuthClient["removeTOTP"];
export const countRecoveryCodes: AuthClient["countRecoveryCodes"];
export const createRecoveryCodes: AuthClient["createRecoveryCodes"];
export const listIdentities: AuthClient["listIdentities"];
export const unlinkIdentity: AuthClient["unlinkIdentity"];
export const startOAuth2: AuthClient["startOAuth2"];
export const requestMagicLink: AuthClient["requestMagicLink"];
export const requestEmailCode: AuthClient["requestEmailCode"];
export const verifyEmailCode: AuthClient["verifyEmailCode"];
export const signInAnonymously: AuthClient["signInAnonymously"];
export const createJWT: AuthClient["createJWT"];
export const listSessions: AuthClient["listSessions"];
export const deleteSession: AuthClient["deleteSession"];
export const deleteSessions: AuthClient["deleteSessions"];
export const requestRecovery: AuthClient["requestRecovery"];
export const confirmRecovery: AuthClient["confirmRecovery"];
export const requestVerification: AuthClient["requestVerification"];
export const createMFAChallenge: AuthClient["createMFAChallenge"];
export const verifyMFAChallenge: AuthClient["verifyMFAChallenge"];
export const health: AuthClient["health"];
