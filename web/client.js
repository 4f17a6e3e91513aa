// Browser client for the cookie-session auth function.
//
// Dependency-free ES module: import it, or copy this one file into an app.
// The session lives in an httpOnly cookie that the function sets; this
// client never sees it. Every call is a fetch with credentials: "include",
// so the browser sends and stores that cookie on cross-origin calls too.
//
// Two ways to use it, with the same functions:
//
//   import { configure, signIn, me } from "./client.js";
//   configure({ baseUrl: "https://auth.example.com" });
//   const user = await me();
//
//   import { createClient } from "./client.js";
//   const auth = createClient({ baseUrl: "https://auth.example.com" });
//   const user = await auth.me();
//
// The module-level functions use a default client whose options are set by
// configure() (until then the base URL is "", so calls go to the page's own
// origin). Methods never use `this`: `const { me } = createClient(...)` works.
//
// Outside a browser (a server, a test, a worker), pass a `fetch`, extra
// `headers` (such as the session cookie) and a `timeout`; ./server.js does
// that to read the signed-in user on the server.
//
// Conventions:
//   - a function whose route takes a JSON body takes that body as one
//     object with the same field names (signIn({ email, password }));
//     only the listed fields are sent, and undefined ones are left out;
//   - it resolves to the parsed JSON reply, or null for 204 No Content;
//   - it rejects with an AuthError carrying the function's error type, code
//     (the HTTP status) and message; see AuthError for the client's own types.

// Types are declared in client.d.ts, next to this file.
/** @typedef {import("./client.js").ClientOptions} ClientOptions */
/** @typedef {import("./client.js").AuthClient} AuthClient */

/**
 * The error every call rejects with.
 *
 * `type` is the function's (or Appwrite's) snake_case error type, such as
 * "user_invalid_credentials"; `code` is the HTTP status. The client adds two
 * types of its own: "network_error" (code 0) when the function could not be
 * reached or the browser refused the response (CORS), and
 * "response_invalid" (code = the HTTP status) when the reply was not the
 * JSON the contract promises; and "network_timeout" (code 0) when the
 * client's `timeout` passed first.
 */
export class AuthError extends Error {
  /**
   * @param {string} message
   * @param {{ type: import("./client.js").ErrorType, code: number, retryAfter?: number, cause?: unknown }} details
   */
  constructor(message, details) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "AuthError";
    /** @type {import("./client.js").ErrorType} */
    this.type = details.type;
    /** @type {number} */
    this.code = details.code;
    /**
     * Seconds to wait before trying again; set on 429 replies whose
     * retry-after header the browser lets the page read.
     * @type {number | undefined}
     */
    this.retryAfter = details.retryAfter;
  }
}

/**
 * Returns a client whose methods call the function at options.baseUrl.
 * @param {ClientOptions} [options]
 * @returns {AuthClient}
 */
export function createClient(options = {}) {
  const settings = checkOptions(options);
  return makeClient(() => settings);
}

/** @type {Settings} */
let defaults = checkOptions({});

/**
 * Sets the options the module-level functions use. Options left out get
 * their defaults again.
 * @param {ClientOptions} options
 * @returns {void}
 */
export function configure(options) {
  defaults = checkOptions(options);
}

const defaultClient = makeClient(() => defaults);

export const {
  signUp,
  signIn,
  signOut,
  me,
  updateProfile,
  changePassword,
  changeEmail,
  setMFA,
  deleteAccount,
  listMFAFactors,
  startTOTP,
  confirmTOTP,
  removeTOTP,
  countRecoveryCodes,
  createRecoveryCodes,
  listIdentities,
  unlinkIdentity,
  startOAuth2,
  requestMagicLink,
  requestEmailCode,
  verifyEmailCode,
  signInAnonymously,
  createJWT,
  listSessions,
  deleteSession,
  deleteSessions,
  requestRecovery,
  confirmRecovery,
  requestVerification,
  createMFAChallenge,
  verifyMFAChallenge,
  health,
} = defaultClient;

/**
 * The options of one client, checked, with their defaults.
 * @typedef {object} Settings
 * @property {string} baseUrl without a trailing slash
 * @property {typeof globalThis.fetch | undefined} fetch undefined: globalThis.fetch at call time
 * @property {Record<string, string>} headers
 * @property {number | undefined} timeout milliseconds
 */

/**
 * Checks options and fills in their defaults. Wrong types throw a
 * TypeError at once, not at the first call.
 * @param {ClientOptions} options
 * @returns {Settings}
 */
function checkOptions(options) {
  const { baseUrl = "", fetch, headers = {}, timeout } = options ?? {};
  if (typeof baseUrl !== "string") throw new TypeError("baseUrl must be a string");
  if (fetch !== undefined && typeof fetch !== "function") throw new TypeError("fetch must be a function");
  if (headers === null || typeof headers !== "object" || Array.isArray(headers) ||
      !Object.values(headers).every((v) => typeof v === "string")) {
    throw new TypeError("headers must be an object of strings");
  }
  if (Object.keys(headers).some((h) => /^(accept|content-type)$/i.test(h))) {
    throw new TypeError("headers must not set Accept or Content-Type: the client sets them");
  }
  if (timeout !== undefined && !(Number.isFinite(timeout) && timeout > 0)) {
    throw new TypeError("timeout must be a positive number of milliseconds");
  }
  return { baseUrl: baseUrl.replace(/\/+$/, ""), fetch, headers: { ...headers }, timeout };
}

/**
 * Builds the methods over settings read at call time.
 * @param {() => Settings} settings
 * @returns {AuthClient}
 */
function makeClient(settings) {
  const base = () => settings().baseUrl;
  /**
   * @param {string} method
   * @param {string} path
   * @param {Record<string, unknown>} [body]
   */
  const call = (method, path, body) => request(settings(), path, method, body);

  return Object.freeze({
    /** @type {AuthClient["signUp"]} */
    signUp: ({ email, password, name }) => call("POST", "/signup", { email, password, name }),
    /** @type {AuthClient["signIn"]} */
    signIn: ({ email, password }) => call("POST", "/login", { email, password }),
    /** @type {AuthClient["signOut"]} */
    signOut: () => call("POST", "/logout", {}),
    /** @type {AuthClient["me"]} */
    me: () => call("GET", "/me"),
    /** @type {AuthClient["updateProfile"]} */
    updateProfile: ({ name, prefs }) => call("PATCH", "/me", { name, prefs }),
    /** @type {AuthClient["changePassword"]} */
    changePassword: ({ password, oldPassword }) => call("POST", "/me/password", { password, oldPassword }),
    /** @type {AuthClient["changeEmail"]} */
    changeEmail: ({ email, password, code }) => call("POST", "/me/email", { email, password, code }),
    /** @type {AuthClient["setMFA"]} */
    setMFA: ({ enabled, code, password }) => call("PATCH", "/me/mfa", { enabled, code, password }),
    /** @type {AuthClient["deleteAccount"]} */
    deleteAccount: ({ password, code } = {}) => call("DELETE", "/me", { password, code }),
    /** @type {AuthClient["listMFAFactors"]} */
    listMFAFactors: () => call("GET", "/me/mfa/factors"),
    /** @type {AuthClient["startTOTP"]} */
    startTOTP: () => call("POST", "/me/mfa/totp", {}),
    /** @type {AuthClient["confirmTOTP"]} */
    confirmTOTP: ({ code }) => call("PUT", "/me/mfa/totp", { code }),
    /** @type {AuthClient["removeTOTP"]} */
    removeTOTP: ({ code, password } = {}) => call("DELETE", "/me/mfa/totp", { code, password }),
    /** @type {AuthClient["countRecoveryCodes"]} */
    countRecoveryCodes: () => call("GET", "/me/mfa/recovery-codes"),
    /** @type {AuthClient["createRecoveryCodes"]} */
    createRecoveryCodes: () => call("POST", "/me/mfa/recovery-codes", {}),
    /** @type {AuthClient["listIdentities"]} */
    listIdentities: () => call("GET", "/me/identities"),
    /** @type {AuthClient["unlinkIdentity"]} */
    unlinkIdentity: (identityId) => call("DELETE", `/me/identities/${encodeURIComponent(identityId)}`, {}),
    /** @type {AuthClient["startOAuth2"]} */
    startOAuth2: (provider, { redirect, failure }) => {
      const query = new URLSearchParams({ redirect });
      if (failure !== undefined) query.set("failure", failure);
      globalThis.location.assign(`${base()}/oauth2/${encodeURIComponent(provider)}?${query}`);
    },
    /** @type {AuthClient["requestMagicLink"]} */
    requestMagicLink: ({ email, redirect }) => call("POST", "/magic-url", { email, redirect }),
    /** @type {AuthClient["requestEmailCode"]} */
    requestEmailCode: ({ email }) => call("POST", "/otp", { email }),
    /** @type {AuthClient["verifyEmailCode"]} */
    verifyEmailCode: ({ userId, code }) => call("POST", "/otp/verify", { userId, code }),
    /** @type {AuthClient["signInAnonymously"]} */
    signInAnonymously: () => call("POST", "/anonymous", {}),
    /** @type {AuthClient["createJWT"]} */
    createJWT: ({ duration } = {}) => call("POST", "/jwt", { duration }),
    /** @type {AuthClient["listSessions"]} */
    listSessions: () => call("GET", "/sessions"),
    /** @type {AuthClient["deleteSession"]} */
    deleteSession: (sessionId) => call("DELETE", `/sessions/${encodeURIComponent(sessionId)}`, {}),
    /** @type {AuthClient["deleteSessions"]} */
    deleteSessions: (scope) => call("DELETE", `/sessions?scope=${encodeURIComponent(scope)}`, {}),
    /** @type {AuthClient["requestRecovery"]} */
    requestRecovery: ({ email, redirect }) => call("POST", "/recovery", { email, redirect }),
    /** @type {AuthClient["confirmRecovery"]} */
    confirmRecovery: ({ userId, secret, password }) =>
      call("POST", "/recovery/confirm", { userId, secret, password }),
    /** @type {AuthClient["requestVerification"]} */
    requestVerification: ({ redirect } = {}) => call("POST", "/verification", { redirect }),
    /** @type {AuthClient["createMFAChallenge"]} */
    createMFAChallenge: ({ factor }) => call("POST", "/mfa/challenge", { factor }),
    /** @type {AuthClient["verifyMFAChallenge"]} */
    verifyMFAChallenge: ({ challengeId, otp }) => call("POST", "/mfa/verify", { challengeId, otp }),
    /** @type {AuthClient["health"]} */
    health: () => call("GET", "/health"),
  });
}

/**
 * Sends one request and turns the reply into a value or an AuthError.
 *
 * Requests with a body send JSON with Content-Type: application/json, which
 * the function requires on every state-changing request (it is its CSRF
 * defence, and makes the browser send a CORS preflight). Bodiless calls
 * such as signOut send {} for the same reason. The options' headers go
 * along (checkOptions keeps Accept and Content-Type out of them).
 *
 * @param {Settings} settings
 * @param {string} path
 * @param {string} method
 * @param {Record<string, unknown>} [body]
 * @returns {Promise<any>}
 */
async function request(settings, path, method, body) {
  /** @type {Record<string, string>} */
  const headers = { ...settings.headers, Accept: "application/json" };
  /** @type {RequestInit} */
  const init = { method, credentials: "include", headers };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  if (settings.timeout !== undefined) init.signal = AbortSignal.timeout(settings.timeout);
  const fetch = settings.fetch ?? globalThis.fetch;

  let response;
  try {
    response = await fetch(settings.baseUrl + path, init);
  } catch (cause) {
    throw unreachable(cause, settings.timeout);
  }

  if (response.status === 204) return null;

  let text;
  try {
    text = await response.text();
  } catch (cause) {
    if (isTimeout(cause)) throw unreachable(cause, settings.timeout);
    throw new AuthError("The connection to the auth server broke while reading its reply.", {
      type: "network_error",
      code: 0,
      cause,
    });
  }
  let data;
  try {
    data = text === "" ? undefined : JSON.parse(text);
  } catch {
    data = undefined;
  }

  if (response.ok) {
    if (data === undefined || data === null || typeof data !== "object") {
      throw new AuthError(`The auth server sent an unexpected reply (HTTP ${response.status}).`, {
        type: "response_invalid",
        code: response.status,
      });
    }
    return data;
  }

  const error = data !== null && typeof data === "object" ? data : {};
  const hasShape = typeof error.message === "string" && typeof error.type === "string";
  throw new AuthError(
    hasShape ? error.message : `The auth server answered HTTP ${response.status}.`,
    {
      type: hasShape ? error.type : "response_invalid",
      code: response.status,
      retryAfter: response.status === 429 ? parseRetryAfter(response.headers.get("retry-after")) : undefined,
    },
  );
}

/**
 * The error for a request that got no reply: the timeout passed, or fetch
 * failed (no connection, DNS, TLS, refused by CORS).
 * @param {unknown} cause
 * @param {number | undefined} timeout
 * @returns {AuthError}
 */
function unreachable(cause, timeout) {
  if (isTimeout(cause)) {
    return new AuthError(`The auth server did not answer within ${timeout} ms.`, {
      type: "network_timeout",
      code: 0,
      cause,
    });
  }
  return new AuthError(
    "Could not reach the auth server. Check your connection and that the server is up. " +
      "A CORS preflight the server refused looks the same to this page: " +
      "if this page's origin is not in the function's ALLOWED_ORIGINS, add it there.",
    { type: "network_error", code: 0, cause },
  );
}

/**
 * Reports whether err is what fetch throws when AbortSignal.timeout fires.
 * @param {unknown} err
 * @returns {boolean}
 */
function isTimeout(err) {
  return typeof err === "object" && err !== null && "name" in err && err.name === "TimeoutError";
}

/**
 * Reads a Retry-After header: delay-seconds or an HTTP date.
 * @param {string | null} value
 * @returns {number | undefined} whole seconds, never negative
 */
function parseRetryAfter(value) {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
