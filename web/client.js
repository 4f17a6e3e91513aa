// Browser client for the cookie-session auth function.
//
// Dependency-free ES module: import it, or copy this one file into an app.
// The session lives in an httpOnly cookie that the function sets; this
// client never sees it. Every call is a fetch with credentials: "include",
// so the browser sends and stores that cookie on cross-origin calls too.
//
// Two ways to use it, with the same functions:
//
//   import { configure, signIn, getMe } from "./client.js";
//   configure({ baseUrl: "https://auth.example.com" });
//   const user = await getMe();
//
//   import { createClient } from "./client.js";
//   const auth = createClient({ baseUrl: "https://auth.example.com" });
//   const user = await auth.getMe();
//
// Each route's function is named by the route's operationId in
// openapi.json (GET /me is getMe, POST /otp is startEmailCode); the routes
// table below lists them. The module-level functions use a default client
// whose options are set by configure() (until then the base URL is "", so
// calls go to the page's own origin). Methods never use `this`:
// `const { getMe } = createClient(...)` works.
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
/** @typedef {import("./client.js").RouteName} RouteName */
/** @typedef {import("./client.js").DeprecatedName} DeprecatedName */
/** @typedef {import("./client.js").AuthChange} AuthChange */
/**
 * A row of the routes table: method, path and the fields, which must be
 * fields of the operation's request body (or, for a navigation, of its
 * query).
 * @template {RouteName} Op
 * @typedef {readonly ["GET" | "POST" | "PUT" | "PATCH" | "DELETE", string, ...Field<Op>[]]} Route
 */
/**
 * The fields of an operation's JSON body and query.
 * @template {RouteName} Op
 * @typedef {KeysOf<import("./client.js").RequestBody<Op>> | KeysOf<NonNullable<import("./api.js").operations[Op]["parameters"]["query"]>>} Field
 */
/**
 * The keys of an object type (of each member of a union); none of never,
 * nor of a body openapi.json leaves untyped (unknown), which fails the
 * table's check: every body is an object type.
 * @template T
 * @typedef {[T] extends [never] ? never : T extends object ? keyof T & string : never} KeysOf
 */

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
 * The function's routes, by operationId: openapi.json's name for the
 * route, and this client's name for its function. Each is
 * [method, path, ...fields]:
 *   - path is openapi.json's; each {name} in it is filled, in order, from
 *     the function's leading arguments, URL-encoded;
 *   - a GET sends no body. Any other method sends a JSON body, {} when it
 *     has no fields (the function requires the JSON content type on every
 *     state-changing request: it is its CSRF defence). The fields are
 *     taken from the object argument that follows the path's (it may be
 *     left out when no field is required); only they are sent, and
 *     undefined ones are left out;
 *   - a GET with fields is a browser navigation, not a fetch: the fields go
 *     in the query (startOAuth2).
 * client.test.mjs checks every row against openapi.json: the method, the
 * path and the body's fields.
 * @type {{ readonly [Op in RouteName]: Route<Op> }}
 */
const routes = {
  signUp: ["POST", "/signup", "email", "password", "name"],
  verifySignUp: ["POST", "/signup/verify", "userId", "code", "password", "name"],
  signIn: ["POST", "/login", "email", "password"],
  signOut: ["POST", "/logout"],
  getMe: ["GET", "/me"],
  updateMe: ["PATCH", "/me", "name", "prefs"],
  deleteAccount: ["DELETE", "/me", "password", "code"],
  changePassword: ["POST", "/me/password", "password", "oldPassword"],
  changeEmail: ["POST", "/me/email", "email", "password", "code"],
  setMFA: ["PATCH", "/me/mfa", "enabled", "code", "password"],
  listMFAFactors: ["GET", "/me/mfa/factors"],
  startTOTP: ["POST", "/me/mfa/totp"],
  confirmTOTP: ["PUT", "/me/mfa/totp", "code"],
  removeTOTP: ["DELETE", "/me/mfa/totp", "code", "password"],
  countRecoveryCodes: ["GET", "/me/mfa/recovery-codes"],
  createRecoveryCodes: ["POST", "/me/mfa/recovery-codes"],
  listIdentities: ["GET", "/me/identities"],
  unlinkIdentity: ["DELETE", "/me/identities/{identityId}"],
  startOAuth2: ["GET", "/oauth2/{provider}", "redirect", "failure"],
  startMagicURL: ["POST", "/magic-url", "email", "redirect"],
  startEmailCode: ["POST", "/otp", "email"],
  verifyEmailCode: ["POST", "/otp/verify", "userId", "code"],
  signInAnonymously: ["POST", "/anonymous"],
  createJWT: ["POST", "/jwt", "duration"],
  listSessions: ["GET", "/sessions"],
  deleteSession: ["DELETE", "/sessions/{sessionId}"],
  deleteSessions: ["DELETE", "/sessions?scope={scope}"],
  startRecovery: ["POST", "/recovery", "email", "redirect"],
  confirmRecovery: ["POST", "/recovery/confirm", "userId", "secret", "password"],
  startVerification: ["POST", "/verification", "redirect"],
  createMFAChallenge: ["POST", "/mfa/challenge", "factor"],
  verifyMFAChallenge: ["POST", "/mfa/verify", "challengeId", "otp"],
  getHealth: ["GET", "/health"],
};

/**
 * The names of 0.1.0 that differ from the operationId, kept as deprecated
 * aliases (the same function) until 0.3.0.
 * @type {{ readonly [Old in DeprecatedName]: RouteName }}
 */
const renamed = {
  me: "getMe",
  updateProfile: "updateMe",
  requestMagicLink: "startMagicURL",
  requestEmailCode: "startEmailCode",
  requestRecovery: "startRecovery",
  requestVerification: "startVerification",
  health: "getHealth",
};

/**
 * The error types that say a request had no usable session: none, or one
 * Appwrite no longer accepts (user_unauthorized: signed out, expired,
 * revoked), a blocked user's (user_blocked), or one still waiting for its
 * second factor (user_more_factors_required). openapi.json documents them
 * on every route that needs a session, always with 401.
 */
const signedOutTypes = ["user_unauthorized", "user_blocked", "user_more_factors_required"];

/**
 * Reports whether err says the browser is not signed in: an AuthError
 * with status 401 and one of the types above. Other 401s are about what
 * was sent (a wrong password or code: user_invalid_credentials,
 * user_invalid_token; a step-up due: user_challenge_required), and an
 * unreachable or failing function (network_error, 5xx) says nothing about
 * the session: both are false.
 * @param {unknown} err
 * @returns {boolean}
 */
export function isSignedOut(err) {
  return err instanceof AuthError && err.code === 401 && signedOutTypes.includes(err.type);
}

/**
 * The routes whose reply starts a session: resolving to a user tells
 * onChange of the sign-in. Not MFARequired, whose session waits for
 * verifyMFAChallenge, nor signUp's 202 {userId, verification}, which
 * waits for verifySignUp: neither is a user (isUser).
 * @type {readonly RouteName[]}
 */
const signsIn = ["signUp", "verifySignUp", "signIn", "verifyEmailCode", "signInAnonymously", "verifyMFAChallenge"];

/**
 * Reports whether a reply is a user (it has the user's $id), not
 * MFARequired or signUp's pending answer.
 * @param {unknown} value
 * @returns {boolean}
 */
function isUser(value) {
  return typeof value === "object" && value !== null && typeof (/** @type {{ $id?: unknown }} */ (value).$id) === "string";
}

/**
 * The routes that end this browser's session when they succeed, given
 * their arguments.
 * @type {{ readonly [Op in RouteName]?: (...args: any[]) => boolean }}
 */
const signsOut = {
  signOut: () => true,
  deleteAccount: () => true,
  deleteSession: (sessionId) => sessionId === "current",
  deleteSessions: (scope) => scope === "all",
};

/**
 * The routes whose 401 is about the credentials they were sent (another
 * account's, perhaps blocked), not about this browser's session: their
 * errors do not tell onChange.
 * @type {readonly RouteName[]}
 */
const checksCredentials = ["signIn", "verifySignUp", "verifyEmailCode", "confirmRecovery"];

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

const defaultClient = /* @__PURE__ */ makeClient(() => defaults);

// The module-level functions: one per route, named by its operationId in
// openapi.json (the routes table above), then the deprecated names of
// 0.1.0. One name a line, so that tools (and the Go test of the route
// table) can read the list without running it.
export const {
  signUp,
  verifySignUp,
  signIn,
  signOut,
  getMe,
  updateMe,
  deleteAccount,
  changePassword,
  changeEmail,
  setMFA,
  listMFAFactors,
  startTOTP,
  confirmTOTP,
  removeTOTP,
  countRecoveryCodes,
  createRecoveryCodes,
  listIdentities,
  unlinkIdentity,
  startOAuth2,
  startMagicURL,
  startEmailCode,
  verifyEmailCode,
  signInAnonymously,
  createJWT,
  listSessions,
  deleteSession,
  deleteSessions,
  startRecovery,
  confirmRecovery,
  startVerification,
  createMFAChallenge,
  verifyMFAChallenge,
  getHealth,
  // Deprecated: the names of 0.1.0 (see `renamed` below).
  me,
  updateProfile,
  requestMagicLink,
  requestEmailCode,
  requestRecovery,
  requestVerification,
  health,
} = defaultClient;

// The session, as the server helper (./server.js) reads it, and its changes.
export const getUser = defaultClient.getUser;
export const onChange = defaultClient.onChange;

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
 * Builds the methods over settings read at call time: one per row of
 * routes, the deprecated names as the same functions, getUser and
 * onChange.
 * @param {() => Settings} settings
 * @returns {AuthClient}
 */
function makeClient(settings) {
  /** @type {Set<(change: AuthChange) => void>} */
  const listeners = new Set();
  /** @param {AuthChange} change */
  const tell = (change) => {
    for (const listener of [...listeners]) {
      try {
        listener(Object.freeze({ ...change }));
      } catch (err) {
        // A listener's bug must not fail the call, nor keep the others
        // from hearing: report it as an uncaught error.
        report(err);
      }
    }
  };

  /** @type {Record<string, Function>} */
  const methods = {};
  /** @type {Record<string, (...args: any[]) => any>} */
  const send = {};
  for (const [op, row] of Object.entries(routes)) {
    const route = /** @type {RouteName} */ (op);
    const call = (send[op] = routeFunction(settings, row));
    methods[op] = (/** @type {any[]} */ ...args) => {
      const result = call(...args);
      if (!(result instanceof Promise)) return result; // a navigation
      return result.then(
        (value) => {
          if (signsIn.includes(route) && isUser(value)) tell({ user: value });
          else if (signsOut[route]?.(...args)) tell({ user: null });
          return value;
        },
        (err) => {
          if (isSignedOut(err) && !checksCredentials.includes(route)) tell(signedOut(err));
          throw err;
        },
      );
    };
  }
  for (const [old, op] of Object.entries(renamed)) methods[old] = methods[op];

  const getMe = /** @type {AuthClient["getMe"]} */ (send.getMe);
  methods.getUser = async () => {
    let user;
    try {
      user = await getMe();
    } catch (err) {
      // As the server helper decides: GET /me's 401 in the function's JSON
      // is "signed out" (no session, an ended one, a blocked user, a second
      // factor still due); anything else (unreachable, a 5xx, a 401 that
      // is not the function's, such as a proxy's) is no answer, and
      // throws.
      if (err instanceof AuthError && err.code === 401 && err.type !== "response_invalid") {
        tell(signedOut(err));
        return null;
      }
      throw err;
    }
    if (typeof user.$id !== "string" || typeof user.email !== "string") {
      throw new AuthError("GET /me answered 200 without a user: is baseUrl the auth function?", {
        type: "response_invalid",
        code: 200,
      });
    }
    return user;
  };

  methods.onChange = (/** @type {unknown} */ listener) => {
    if (typeof listener !== "function") throw new TypeError("onChange takes a function");
    // Each subscription is its own: the same function subscribed twice
    // hears twice, and each unsubscribe ends one.
    /** @param {AuthChange} change */
    const one = (change) => listener(change);
    listeners.add(one);
    return () => {
      listeners.delete(one);
    };
  };

  return /** @type {AuthClient} */ (/** @type {unknown} */ (Object.freeze(methods)));
}

/**
 * The change a reply that says "signed out" makes.
 * @param {any} err the reply's AuthError
 * @returns {AuthChange}
 */
function signedOut(err) {
  return { user: null, error: err };
}

/**
 * Reports an error no caller can catch: the browser's reportError (the
 * page's error event and console), else a rethrow on a later tick.
 * @param {unknown} err
 */
function report(err) {
  if (typeof globalThis.reportError === "function") globalThis.reportError(err);
  else setTimeout(() => { throw err; });
}

/**
 * Returns the function of one route (see routes).
 * @param {() => Settings} settings
 * @param {readonly string[]} row
 * @returns {(...args: any[]) => any}
 */
function routeFunction(settings, [method, template, ...fields]) {
  const params = template.match(/\{\w+\}/g)?.length ?? 0;
  /** @param {unknown[]} args */
  const path = (args) => {
    let i = 0;
    return template.replace(/\{\w+\}/g, () => encodeURIComponent(String(args[i++])));
  };
  /**
   * The object argument's fields, those that are not undefined.
   * @param {unknown} given
   */
  const pick = (given) => {
    const from = /** @type {Record<string, unknown>} */ (given ?? {});
    /** @type {Record<string, unknown>} */
    const picked = {};
    for (const f of fields) if (from[f] !== undefined) picked[f] = from[f];
    return picked;
  };
  if (method === "GET" && fields.length > 0) {
    return (...args) => {
      const query = new URLSearchParams(/** @type {Record<string, string>} */ (pick(args[params])));
      globalThis.location.assign(`${settings().baseUrl}${path(args)}?${query}`);
    };
  }
  return (...args) =>
    request(settings(), path(args), method, method === "GET" ? undefined : pick(args[params]));
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
