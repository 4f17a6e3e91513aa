// Type declarations for server.js, the package's server entry
// ("@appwrite-cookie-auth/web/server").

import type { Preferences, User } from "./client.js";

export { AuthError } from "./client.js";
export type { User, Preferences, ErrorType } from "./client.js";

export interface ServerOptions {
  /** The function's absolute URL, such as "https://auth.example.com". */
  baseUrl: string;
  /**
   * The function's session cookie name (its SESSION_COOKIE_NAME). Default:
   * every cookie whose name starts with "a_session_", which covers the
   * function's default a_session_<projectId> without knowing the project.
   * Set it when you changed SESSION_COOKIE_NAME, or to forward exactly one.
   */
  cookieName?: string;
  /** The fetch to call; default: globalThis.fetch. */
  fetch?: typeof globalThis.fetch;
  /** Milliseconds to wait for GET /me; default 10000. */
  timeout?: number;
  /** Extra headers for GET /me (never Cookie or Authorization). */
  headers?: Record<string, string>;
}

/** Anything with request headers: a Fetch API Request, a SvelteKit or Astro request. */
export interface RequestLike {
  headers: { get(name: string): string | null };
}

export interface ServerClient {
  /**
   * Calls the function's GET /me with only the session cookie of
   * cookieHeader (a request's Cookie header). Resolves to the user, or null
   * when signed out (no session cookie, which makes no call, or the
   * function's JSON 401: a stale session, a blocked user, or a sign-in
   * still waiting for its second factor; a 401 that is not the function's
   * rejects). The browser client's getUser decides the same way.
   * Rejects with an AuthError when the function cannot say: unreachable
   * ("network_error"), too slow ("network_timeout"), a 5xx, another 4xx, a
   * redirect or a reply that is not a user ("response_invalid"). Never
   * null for those: a page must not treat an outage as "signed out".
   */
  getUser<Prefs extends Record<string, any> = Preferences>(cookieHeader: string | null | undefined): Promise<User<Prefs> | null>;
  /** getUser with the request's Cookie header. */
  getUserFromRequest<Prefs extends Record<string, any> = Preferences>(request: RequestLike): Promise<User<Prefs> | null>;
}

/** Returns getUser and getUserFromRequest bound to options (checked at once). */
export function createServerClient(options: ServerOptions): ServerClient;

/** The signed-in user for a Cookie header, or null. See ServerClient.getUser. */
export function getUser<Prefs extends Record<string, any> = Preferences>(cookieHeader: string | null | undefined, options: ServerOptions): Promise<User<Prefs> | null>;

/** The signed-in user for a request, or null. See ServerClient.getUser. */
export function getUserFromRequest<Prefs extends Record<string, any> = Preferences>(request: RequestLike, options: ServerOptions): Promise<User<Prefs> | null>;

/**
 * The part of a Cookie header that getUser forwards: the cookies named
 * cookieName or, without one, those whose names start with "a_session_";
 * "" when there is none.
 */
export function sessionCookies(cookieHeader: string, cookieName?: string): string;
