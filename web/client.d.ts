// Type declarations for client.js, written by hand: keep them in step.

/** Appwrite's account model, as GET /me returns it. */
export interface User {
  $id: string;
  $createdAt: string;
  $updatedAt: string;
  name: string;
  registration: string;
  status: boolean;
  labels: string[];
  passwordUpdate: string;
  email: string;
  phone: string;
  emailVerification: boolean;
  phoneVerification: boolean;
  mfa: boolean;
  prefs: Record<string, unknown>;
  accessedAt: string;
}

/** One of the user's sessions, as GET /sessions lists it. */
export interface Session {
  $id: string;
  $createdAt: string;
  $updatedAt: string;
  userId: string;
  expire: string;
  provider: string;
  ip: string;
  osName: string;
  osVersion: string;
  clientType: string;
  clientName: string;
  clientVersion: string;
  deviceName: string;
  deviceBrand: string;
  deviceModel: string;
  countryCode: string;
  countryName: string;
  /** True for the session of the browser making the call. */
  current: boolean;
  factors: string[];
}

export interface SessionList {
  total: number;
  sessions: Session[];
}

/**
 * What signIn resolves to when the account has MFA on: a partial session
 * is set; finish with createMFAChallenge and verifyMFAChallenge.
 */
export interface MFARequired {
  mfaRequired: true;
  factors: string[];
}

export interface JWT {
  jwt: string;
  expire: string;
}

export interface Health {
  status: string;
  version: string;
  uptime: number;
  appwrite: {
    reachable: boolean;
    version: string;
    latencyMs: number;
  };
}

/** The empty object that 202 replies and POST /recovery/confirm return. */
export type Empty = Record<string, never>;

export interface ClientOptions {
  /**
   * The function's URL, such as "https://auth.example.com", without a
   * trailing slash (one is removed). Default "": the page's own origin.
   */
  baseUrl?: string;
}

/**
 * The error every call rejects with. `code` is the HTTP status; the client's
 * own types are "network_error" (code 0: unreachable, or refused by CORS)
 * and "response_invalid" (the reply was not the promised JSON).
 */
export class AuthError extends Error {
  constructor(
    message: string,
    details: { type: string; code: number; retryAfter?: number; cause?: unknown },
  );
  name: "AuthError";
  /** snake_case error type, such as "user_invalid_credentials". */
  type: string;
  /** The HTTP status, or 0 for "network_error". */
  code: number;
  /** On 429: seconds to wait, when the retry-after header is readable. */
  retryAfter: number | undefined;
}

/** One method per route of the function. Methods never use `this`. */
export interface AuthClient {
  /** POST /signup → 201. Signed in as a guest, it upgrades that account. */
  signUp(body: { email: string; password: string; name?: string }): Promise<User>;
  /** POST /login → the user, or MFARequired when a second factor is due. */
  signIn(body: { email: string; password: string }): Promise<User | MFARequired>;
  /** POST /logout → 204. */
  signOut(): Promise<null>;
  /** GET /me. Rejects with 401 user_unauthorized when signed out. */
  me(): Promise<User>;
  /** PATCH /me. */
  updateProfile(body: { name?: string; prefs?: Record<string, unknown> }): Promise<User>;
  /** POST /me/password. */
  changePassword(body: { password: string; oldPassword: string }): Promise<User>;
  /** POST /me/email. */
  changeEmail(body: { email: string; password: string }): Promise<User>;
  /** PATCH /me/mfa. */
  setMFA(body: { enabled: boolean }): Promise<User>;
  /**
   * Navigates the browser (window.location) to GET /oauth2/{provider}; the
   * flow ends back on `redirect`, or on `failure` with ?error=<type>.
   */
  startOAuth2(provider: string, options: { redirect: string; failure?: string }): void;
  /** POST /magic-url → 202 {} whether or not the account exists. */
  requestMagicLink(body: { email: string; redirect?: string }): Promise<Empty>;
  /** POST /otp: e-mails a code; pass the userId on to verifyEmailCode. */
  requestEmailCode(body: { email: string }): Promise<{ userId: string }>;
  /** POST /otp/verify. */
  verifyEmailCode(body: { userId: string; code: string }): Promise<User>;
  /** POST /anonymous → 201. */
  signInAnonymously(): Promise<User>;
  /** POST /jwt → 201. */
  createJWT(body?: { duration?: number }): Promise<JWT>;
  /** GET /sessions. */
  listSessions(): Promise<SessionList>;
  /** DELETE /sessions/{id} → 204. */
  deleteSession(sessionId: string): Promise<null>;
  /** DELETE /sessions?scope=… → 204: every other session, or all of them. */
  deleteSessions(scope: "others" | "all"): Promise<null>;
  /** POST /recovery → 202 {}. */
  requestRecovery(body: { email: string; redirect?: string }): Promise<Empty>;
  /** POST /recovery/confirm. */
  confirmRecovery(body: { userId: string; secret: string; password: string }): Promise<Empty>;
  /** POST /verification → 202 {}. */
  requestVerification(body?: { redirect?: string }): Promise<Empty>;
  /** POST /mfa/challenge → 201. */
  createMFAChallenge(body: { factor: string }): Promise<{ challengeId: string }>;
  /** POST /mfa/verify. */
  verifyMFAChallenge(body: { challengeId: string; otp: string }): Promise<User>;
  /** GET /health. */
  health(): Promise<Health>;
}

/** Returns a client bound to options.baseUrl. */
export function createClient(options?: ClientOptions): AuthClient;

/** Sets the base URL of the default client behind the functions below. */
export function configure(options: ClientOptions): void;

export const signUp: AuthClient["signUp"];
export const signIn: AuthClient["signIn"];
export const signOut: AuthClient["signOut"];
export const me: AuthClient["me"];
export const updateProfile: AuthClient["updateProfile"];
export const changePassword: AuthClient["changePassword"];
export const changeEmail: AuthClient["changeEmail"];
export const setMFA: AuthClient["setMFA"];
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
