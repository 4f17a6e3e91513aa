// Server helper for the cookie-session auth function: the signed-in user
// while a page renders on the server (Next.js, SvelteKit, Astro, any
// server with fetch), with no Appwrite SDK in the app.
//
//   import { getUser } from "@appwrite-cookie-auth/web/server";
//   const user = await getUser(request.headers.get("cookie"), { baseUrl: "https://auth.example.com" });
//   // user: the User, or null when signed out (no session, an ended one, a
//   // blocked user); throws AuthError when the function cannot say
//   // (unreachable, too slow, 5xx, misconfigured)
//
// It calls the function's GET /me with only the session cookie of the
// browser's Cookie header: the app's other cookies never leave the app.
// For that the browser must send the function's cookie to the app too: on
// localhost it does (cookies ignore ports); in production the function sets
// it with SESSION_COOKIE_DOMAIN=example.com (see the README's Frameworks
// section).

import { AuthError, createClient } from "./client.js";

export { AuthError };

/** @typedef {import("./server.js").ServerOptions} ServerOptions */
/** @typedef {import("./server.js").ServerClient} ServerClient */
/** @typedef {import("./client.js").User} User */

/** The prefix of the function's default cookie name, a_session_<projectId>. */
const defaultCookiePrefix = "a_session_";

/** The default timeout of a GET /me, in milliseconds. */
const defaultTimeout = 10_000;

/**
 * Returns getUser and getUserFromRequest bound to options, checked once.
 * @param {ServerOptions} options
 * @returns {ServerClient}
 */
export function createServerClient(options) {
  const { baseUrl, cookieName, fetch, timeout = defaultTimeout, headers = {} } = options ?? {};
  if (typeof baseUrl !== "string" || !/^https?:\/\/[^/]/.test(baseUrl)) {
    throw new TypeError("baseUrl must be the function's absolute http(s) URL, such as https://auth.example.com");
  }
  if (cookieName !== undefined && (typeof cookieName !== "string" || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(cookieName))) {
    throw new TypeError("cookieName must be a cookie name, such as a_session_<projectId>");
  }
  // Checks fetch, headers and timeout the way the browser client does.
  createClient({ baseUrl, fetch, headers, timeout });
  const lowerNames = Object.keys(headers).map((h) => h.toLowerCase());
  if (lowerNames.includes("cookie")) throw new TypeError("headers must not hold a cookie: it comes from the request");
  if (lowerNames.includes("authorization")) throw new TypeError("headers must not hold an authorization header");

  /** @type {ServerClient["getUser"]} */
  const getUser = async (cookieHeader) => {
    const cookie = sessionCookies(cookieHeader ?? "", cookieName);
    if (cookie === "") return null; // no session cookie: signed out, no call
    const client = createClient({
      baseUrl,
      // The cookie is for the function only: a redirect (a wrong base
      // URL, an http → https hop) ends the call instead of carrying it on.
      fetch: (url, init) => (fetch ?? globalThis.fetch)(url, { ...init, redirect: "manual", cache: "no-store" }),
      headers: { ...headers, Cookie: cookie },
      timeout,
    });
    // The browser client's getUser decides, so that both entries call the
    // same thing "signed out": the function's JSON 401 (no session, a
    // stale one, a blocked user, a sign-in still waiting for its second
    // factor) is null; anything else, a 401 that is not the function's
    // JSON (a basic-auth gate, a WAF) included, is not an answer about
    // the user, and throws.
    return client.getUser();
  };

  /** @type {ServerClient["getUserFromRequest"]} */
  const getUserFromRequest = (request) => getUser(request.headers.get("cookie"));
  return Object.freeze({ getUser, getUserFromRequest });
}

/**
 * Returns the signed-in user for a Cookie request header, or null when
 * signed out. See createServerClient.
 * @param {string | null | undefined} cookieHeader
 * @param {ServerOptions} options
 * @returns {Promise<User | null>}
 */
export function getUser(cookieHeader, options) {
  return createServerClient(options).getUser(cookieHeader);
}

/**
 * Returns the signed-in user for a Request (its Cookie header), or null.
 * @param {{ headers: { get(name: string): string | null } }} request
 * @param {ServerOptions} options
 * @returns {Promise<User | null>}
 */
export function getUserFromRequest(request, options) {
  return createServerClient(options).getUserFromRequest(request);
}

/**
 * Returns the Cookie header to send to the function: the cookies of
 * cookieHeader named cookieName, or, without a name, those whose names
 * start with "a_session_" (the function's default name is
 * a_session_<projectId>). Cookies with an empty value are left out. ""
 * when there is none.
 * @param {string} cookieHeader
 * @param {string | undefined} cookieName
 * @returns {string}
 */
export function sessionCookies(cookieHeader, cookieName) {
  if (typeof cookieHeader !== "string") throw new TypeError("the cookie header must be a string");
  return cookieHeader
    .split(";")
    .map((pair) => pair.trim())
    .filter((pair) => {
      const eq = pair.indexOf("=");
      if (eq <= 0 || eq === pair.length - 1) return false; // no name, or no value
      const name = pair.slice(0, eq).trim();
      return cookieName === undefined ? name.startsWith(defaultCookiePrefix) : name === cookieName;
    })
    .join("; ");
}
