// Unit tests for client.js against a stubbed global fetch.
// Run: node --test web/   (Node ≥ 20, no packages)

import { test, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";

import { specPath } from "./scripts/spec.mjs";

import * as client from "./client.js";
import { AuthError, configure, createClient } from "./client.js";

/** @type {{ url: string, init: RequestInit }[]} */
let calls;
/** @type {() => Promise<Response>} */
let reply;
const realFetch = globalThis.fetch;

beforeEach(() => {
  calls = [];
  reply = async () => json(200, {});
  globalThis.fetch = async (url, init) => {
    calls.push({ url: String(url), init });
    return reply();
  };
  configure({ baseUrl: "" });
});

afterEach(() => {
  globalThis.fetch = realFetch;
  delete globalThis.location;
});

function json(status, body, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

function only() {
  assert.equal(calls.length, 1, "one fetch per call");
  return calls[0];
}

const user = { $id: "u1", email: "a@example.com", name: "A" };

// Every route: the call, then the method, path and JSON body it must send.
const routes = [
  [(c) => c.signUp({ email: "a@b.c", password: "pw", name: "A" }), "POST", "/signup", { email: "a@b.c", password: "pw", name: "A" }],
  [(c) => c.verifySignUp({ userId: "u1", code: "123456", password: "pw", name: "A" }), "POST", "/signup/verify", { userId: "u1", code: "123456", password: "pw", name: "A" }],
  [(c) => c.verifySignUp({ userId: "u1", code: "123456", password: "pw" }), "POST", "/signup/verify", { userId: "u1", code: "123456", password: "pw" }],
  [(c) => c.signIn({ email: "a@b.c", password: "pw" }), "POST", "/login", { email: "a@b.c", password: "pw" }],
  [(c) => c.signOut(), "POST", "/logout", {}],
  [(c) => c.getMe(), "GET", "/me", undefined],
  [(c) => c.updateMe({ name: "B" }), "PATCH", "/me", { name: "B" }],
  [(c) => c.updateMe({ prefs: { theme: "dark" } }), "PATCH", "/me", { prefs: { theme: "dark" } }],
  [(c) => c.changePassword({ password: "new", oldPassword: "old" }), "POST", "/me/password", { password: "new", oldPassword: "old" }],
  [(c) => c.changeEmail({ email: "n@b.c", password: "pw" }), "POST", "/me/email", { email: "n@b.c", password: "pw" }],
  [(c) => c.setMFA({ enabled: false }), "PATCH", "/me/mfa", { enabled: false }],
  [(c) => c.setMFA({ enabled: false, password: "pw" }), "PATCH", "/me/mfa", { enabled: false, password: "pw" }],
  [(c) => c.changeEmail({ email: "n@b.c", password: "pw", code: "123456" }), "POST", "/me/email", { email: "n@b.c", password: "pw", code: "123456" }],
  [(c) => c.deleteAccount({ password: "pw" }), "DELETE", "/me", { password: "pw" }],
  [(c) => c.deleteAccount({ code: "123456" }), "DELETE", "/me", { code: "123456" }],
  [(c) => c.deleteAccount(), "DELETE", "/me", {}],
  [(c) => c.listMFAFactors(), "GET", "/me/mfa/factors", undefined],
  [(c) => c.startTOTP(), "POST", "/me/mfa/totp", {}],
  [(c) => c.confirmTOTP({ code: "123456" }), "PUT", "/me/mfa/totp", { code: "123456" }],
  [(c) => c.removeTOTP({ code: "123456" }), "DELETE", "/me/mfa/totp", { code: "123456" }],
  [(c) => c.removeTOTP({ password: "pw" }), "DELETE", "/me/mfa/totp", { password: "pw" }],
  [(c) => c.removeTOTP(), "DELETE", "/me/mfa/totp", {}],
  [(c) => c.countRecoveryCodes(), "GET", "/me/mfa/recovery-codes", undefined],
  [(c) => c.createRecoveryCodes(), "POST", "/me/mfa/recovery-codes", {}],
  [(c) => c.listIdentities(), "GET", "/me/identities", undefined],
  [(c) => c.unlinkIdentity("i/1"), "DELETE", "/me/identities/i%2F1", {}],
  [(c) => c.startMagicURL({ email: "a@b.c", redirect: "http://app/" }), "POST", "/magic-url", { email: "a@b.c", redirect: "http://app/" }],
  [(c) => c.startEmailCode({ email: "a@b.c" }), "POST", "/otp", { email: "a@b.c" }],
  [(c) => c.verifyEmailCode({ userId: "u1", code: "123456" }), "POST", "/otp/verify", { userId: "u1", code: "123456" }],
  [(c) => c.signInAnonymously(), "POST", "/anonymous", {}],
  [(c) => c.createJWT(), "POST", "/jwt", {}],
  [(c) => c.createJWT({ duration: 60 }), "POST", "/jwt", { duration: 60 }],
  [(c) => c.listSessions(), "GET", "/sessions", undefined],
  [(c) => c.deleteSession("s/1"), "DELETE", "/sessions/s%2F1", {}],
  [(c) => c.deleteSessions("others"), "DELETE", "/sessions?scope=others", {}],
  [(c) => c.deleteSessions("all"), "DELETE", "/sessions?scope=all", {}],
  [(c) => c.startRecovery({ email: "a@b.c" }), "POST", "/recovery", { email: "a@b.c" }],
  [(c) => c.confirmRecovery({ userId: "u", secret: "s", password: "p" }), "POST", "/recovery/confirm", { userId: "u", secret: "s", password: "p" }],
  [(c) => c.startVerification(), "POST", "/verification", {}],
  [(c) => c.startVerification({ redirect: "http://app/" }), "POST", "/verification", { redirect: "http://app/" }],
  [(c) => c.createMFAChallenge({ factor: "email" }), "POST", "/mfa/challenge", { factor: "email" }],
  [(c) => c.verifyMFAChallenge({ challengeId: "c", otp: "1" }), "POST", "/mfa/verify", { challengeId: "c", otp: "1" }],
  [(c) => c.getHealth(), "GET", "/health", undefined],
];

for (const [call, method, path, body] of routes) {
  test(`${method} ${path} ${JSON.stringify(body) ?? ""}`, async () => {
    const c = createClient({ baseUrl: "https://auth.example.com/" });
    await call(c);
    const { url, init } = only();
    assert.equal(url, "https://auth.example.com" + path);
    assert.equal(init.method, method);
    assert.equal(init.credentials, "include");
    assert.equal(init.headers.Accept, "application/json");
    if (body === undefined) {
      assert.equal(init.body, undefined, "GET sends no body");
      assert.equal(init.headers["Content-Type"], undefined, "GET sends no Content-Type");
    } else {
      assert.equal(init.headers["Content-Type"], "application/json");
      assert.deepEqual(JSON.parse(init.body), body);
    }
  });
}

test("only the contract's fields are sent", async () => {
  await client.signIn({ email: "a@b.c", password: "pw", remember: true });
  assert.deepEqual(JSON.parse(only().init.body), { email: "a@b.c", password: "pw" });
});

test("resolves to the parsed JSON reply", async () => {
  reply = async () => json(201, user);
  assert.deepEqual(await client.signUp({ email: "a@b.c", password: "pw" }), user);
  reply = async () => json(200, { mfaRequired: true, factors: ["email"] });
  assert.deepEqual(await client.signIn({ email: "a@b.c", password: "pw" }), { mfaRequired: true, factors: ["email"] });
});

test("204 resolves to null", async () => {
  reply = async () => new Response(null, { status: 204 });
  assert.equal(await client.signOut(), null);
  assert.equal(await client.deleteSession("s1"), null);
});

test("module functions follow configure()", async () => {
  await client.getMe();
  configure({ baseUrl: "http://localhost:3000//" });
  await client.getMe();
  assert.deepEqual(calls.map((c) => c.url), ["/me", "http://localhost:3000/me"]);
});

test("methods work detached from their client", async () => {
  const { getMe } = createClient({ baseUrl: "http://fn" });
  await getMe();
  assert.equal(only().url, "http://fn/me");
});

test("an error reply throws AuthError with type, code and message", async () => {
  reply = async () => json(401, { message: "Invalid credentials.", code: 401, type: "user_invalid_credentials" });
  const err = await client.signIn({ email: "a@b.c", password: "bad" }).catch((e) => e);
  assert.ok(err instanceof AuthError);
  assert.ok(err instanceof Error);
  assert.equal(err.name, "AuthError");
  assert.equal(err.message, "Invalid credentials.");
  assert.equal(err.type, "user_invalid_credentials");
  assert.equal(err.code, 401);
  assert.equal(err.retryAfter, undefined);
});

test("429 carries retryAfter in seconds", async () => {
  reply = async () =>
    json(429, { message: "Too many attempts.", code: 429, type: "rate_limit_exceeded" }, { "retry-after": "42" });
  const err = await client.signIn({ email: "a@b.c", password: "pw" }).catch((e) => e);
  assert.equal(err.type, "rate_limit_exceeded");
  assert.equal(err.code, 429);
  assert.equal(err.retryAfter, 42);
});

test("429 retry-after as an HTTP date", async () => {
  const at = new Date(Date.now() + 30_000).toUTCString();
  reply = async () => json(429, { message: "Slow down.", code: 429, type: "rate_limit_exceeded" }, { "retry-after": at });
  const err = await client.signIn({ email: "a@b.c", password: "pw" }).catch((e) => e);
  assert.ok(err.retryAfter >= 28 && err.retryAfter <= 30, `retryAfter = ${err.retryAfter}`);
});

test("429 without a readable retry-after leaves retryAfter undefined", async () => {
  reply = async () => json(429, { message: "Slow down.", code: 429, type: "rate_limit_exceeded" });
  const err = await client.signIn({ email: "a@b.c", password: "pw" }).catch((e) => e);
  assert.equal(err.code, 429);
  assert.equal(err.retryAfter, undefined);
});

test("a network failure throws AuthError network_error with code 0", async () => {
  const cause = new TypeError("Failed to fetch");
  globalThis.fetch = async () => {
    throw cause;
  };
  const err = await client.getMe().catch((e) => e);
  assert.ok(err instanceof AuthError);
  assert.equal(err.type, "network_error");
  assert.equal(err.code, 0);
  assert.equal(err.cause, cause);
  assert.match(err.message, /reach/);
  // A refused CORS preflight is a network error too: the message says so
  // and names the setting that fixes it.
  assert.match(err.message, /CORS preflight/);
  assert.match(err.message, /ALLOWED_ORIGINS/);
});

test("an error reply that is not the error JSON is response_invalid with the status", async () => {
  reply = async () => new Response("<html>Bad gateway</html>", { status: 502, headers: { "content-type": "text/html" } });
  const err = await client.getMe().catch((e) => e);
  assert.equal(err.type, "response_invalid");
  assert.equal(err.code, 502);
  assert.match(err.message, /502/);
});

test("a 2xx reply that is not JSON is response_invalid", async () => {
  reply = async () => new Response("OK", { status: 200 });
  const err = await client.getHealth().catch((e) => e);
  assert.equal(err.type, "response_invalid");
  assert.equal(err.code, 200);
});

test("startOAuth2 navigates to the provider route", () => {
  const assigned = [];
  globalThis.location = { assign: (url) => assigned.push(url) };
  const c = createClient({ baseUrl: "http://localhost:3000" });
  c.startOAuth2("github", { redirect: "http://localhost:5173/?a=1", failure: "http://localhost:5173/failed" });
  c.startOAuth2("git hub", { redirect: "http://app/" });
  assert.deepEqual(assigned, [
    "http://localhost:3000/oauth2/github?redirect=http%3A%2F%2Flocalhost%3A5173%2F%3Fa%3D1&failure=http%3A%2F%2Flocalhost%3A5173%2Ffailed",
    "http://localhost:3000/oauth2/git%20hub?redirect=http%3A%2F%2Fapp%2F",
  ]);
  assert.equal(calls.length, 0, "startOAuth2 is a navigation, not a fetch");
});

// ---- the session: getUser, isSignedOut, onChange ----------------------------

const apiError = (status, type, message = "No.") => () => json(status, { message, code: status, type });

test("getUser resolves to the user, and to null for each way of being signed out", async () => {
  reply = async () => json(200, user);
  assert.deepEqual(await client.getUser(), user);
  assert.deepEqual(only().url, "/me");
  for (const type of ["user_unauthorized", "user_blocked", "user_more_factors_required"]) {
    reply = apiError(401, type);
    assert.equal(await client.getUser(), null, type);
  }
});

test("getUser throws, never null, when the function cannot say", async () => {
  const cases = [
    ["502 upstream", apiError(502, "upstream_unavailable"), "upstream_unavailable", 502],
    ["500 misconfigured", apiError(500, "function_misconfigured"), "function_misconfigured", 500],
    ["404 wrong base URL", apiError(404, "route_not_found"), "route_not_found", 404],
    ["429", apiError(429, "rate_limit_exceeded"), "rate_limit_exceeded", 429],
    ["401 from a gate in front", () => new Response("Authorization required", { status: 401 }), "response_invalid", 401],
    ["200 not a user", () => json(200, { status: "ok" }), "response_invalid", 200],
    ["fetch fails", () => { throw new TypeError("Failed to fetch"); }, "network_error", 0],
  ];
  for (const [name, answer, type, code] of cases) {
    reply = async () => answer();
    const err = await client.getUser().then((v) => assert.fail(`${name}: resolved to ${JSON.stringify(v)}`), (e) => e);
    assert.ok(err instanceof AuthError, name);
    assert.deepEqual([err.type, err.code], [type, code], name);
  }
});

test("isSignedOut: true for the 401s that mean no usable session, false for the rest", async () => {
  const of = async (status, type) => {
    reply = apiError(status, type);
    return client.getMe().catch((e) => e);
  };
  for (const type of ["user_unauthorized", "user_blocked", "user_more_factors_required"]) {
    assert.equal(client.isSignedOut(await of(401, type)), true, type);
  }
  for (const [status, type] of [
    [401, "user_invalid_credentials"], // a wrong password
    [401, "user_invalid_token"], // a wrong code
    [401, "user_challenge_required"], // a step-up due: signed in
    [403, "user_blocked"], // not the function's status for it
    [502, "upstream_unavailable"],
    [429, "rate_limit_exceeded"],
  ]) {
    assert.equal(client.isSignedOut(await of(status, type)), false, `${status} ${type}`);
  }
  reply = async () => new Response("no", { status: 401 });
  assert.equal(client.isSignedOut(await client.getMe().catch((e) => e)), false, "a 401 that is not the function's JSON");
  for (const other of [undefined, null, "user_unauthorized", new Error("user_unauthorized"), { code: 401, type: "user_unauthorized" }]) {
    assert.equal(client.isSignedOut(other), false, String(other));
  }
  assert.equal(client.isSignedOut(new AuthError("x", { type: "user_blocked", code: 401 })), true);
});

/** Subscribes to the client's changes for the test; returns what it hears. */
function listen(t, c = client) {
  const heard = [];
  t.after(c.onChange((change) => heard.push(change)));
  return heard;
}

test("onChange hears each sign-in, with the user", async (t) => {
  const heard = listen(t);
  reply = async () => json(201, user);
  await client.signUp({ email: "a@b.c", password: "pw" }); // SIGNUP_VERIFICATION=off
  await client.verifySignUp({ userId: "u1", code: "1", password: "pw" });
  await client.signInAnonymously();
  reply = async () => json(200, user);
  await client.signIn({ email: "a@b.c", password: "pw" });
  await client.verifyEmailCode({ userId: "u1", code: "1" });
  await client.verifyMFAChallenge({ challengeId: "c", otp: "1" });
  assert.deepEqual(heard, Array(6).fill({ user }));
});

test("onChange: a sign-up waiting for its code is no sign-in yet", async (t) => {
  const heard = listen(t);
  reply = async () => json(202, { userId: "u1", verification: "code" });
  const pending = await client.signUp({ email: "a@b.c", password: "pw" });
  assert.deepEqual(pending, { userId: "u1", verification: "code" });
  assert.deepEqual(heard, []);
});

test("onChange: a sign-in that waits for its second factor is no sign-in yet", async (t) => {
  const heard = listen(t);
  reply = async () => json(200, { mfaRequired: true, factors: ["email"] });
  await client.signIn({ email: "a@b.c", password: "pw" });
  await client.verifyEmailCode({ userId: "u1", code: "1" });
  await client.verifySignUp({ userId: "u1", code: "1", password: "pw" });
  assert.deepEqual(heard, []);
});

test("onChange hears each sign-out, with no error", async (t) => {
  const heard = listen(t);
  reply = async () => new Response(null, { status: 204 });
  await client.signOut();
  await client.deleteAccount({ password: "pw" });
  await client.deleteSession("current");
  await client.deleteSessions("all");
  assert.deepEqual(heard, Array(4).fill({ user: null }));
  // Ending other sessions leaves this browser's.
  await client.deleteSession("s1");
  await client.deleteSessions("others");
  assert.equal(heard.length, 4);
});

test("onChange hears a 401 that says signed out, from any call, with its error", async (t) => {
  const heard = listen(t);
  reply = apiError(401, "user_blocked", "Blocked.");
  const calls = [() => client.getMe(), () => client.listSessions(), () => client.updateMe({ name: "B" }), () => client.getUser()];
  for (const call of calls) await call().catch(() => {});
  assert.equal(heard.length, calls.length);
  for (const change of heard) {
    assert.equal(change.user, null);
    assert.ok(change.error instanceof AuthError);
    assert.deepEqual([change.error.type, change.error.code, change.error.message], ["user_blocked", 401, "Blocked."]);
  }
  // What the call rejects with is what the listener heard.
  const err = await client.createJWT().catch((e) => e);
  assert.equal(heard.at(-1).error, err);
});

test("onChange does not hear other errors, nor a credential check's 401", async (t) => {
  const heard = listen(t);
  for (const [status, type] of [[401, "user_invalid_credentials"], [401, "user_challenge_required"], [502, "upstream_unavailable"], [429, "rate_limit_exceeded"]]) {
    reply = apiError(status, type);
    await client.changePassword({ password: "new", oldPassword: "old" }).catch(() => {});
  }
  // A blocked account's sign-in says nothing of this browser's session,
  // which may be someone else's.
  reply = apiError(401, "user_blocked");
  await client.signIn({ email: "b@b.c", password: "pw" }).catch(() => {});
  await client.verifyEmailCode({ userId: "u2", code: "1" }).catch(() => {});
  await client.verifySignUp({ userId: "u2", code: "1", password: "pw" }).catch(() => {});
  await client.confirmRecovery({ userId: "u2", secret: "s", password: "pw" }).catch(() => {});
  // Reads that succeed are no change.
  reply = async () => json(200, user);
  await client.getMe();
  await client.getUser();
  await client.updateMe({ name: "B" });
  assert.deepEqual(heard, []);
});

test("onChange: listeners run before the call settles; unsubscribing stops one", async (t) => {
  const order = [];
  const stop = client.onChange(() => order.push("first"));
  t.after(client.onChange(() => order.push("second")));
  reply = async () => json(200, user);
  await client.signIn({ email: "a@b.c", password: "pw" }).then(() => order.push("resolved"));
  stop();
  stop(); // twice is harmless
  await client.signIn({ email: "a@b.c", password: "pw" });
  assert.deepEqual(order, ["first", "second", "resolved", "second"]);
  assert.throws(() => client.onChange("not a function"), TypeError);
});

test("onChange: a listener that throws is reported, and neither fails the call nor silences the others", async (t) => {
  const reported = [];
  const realReport = globalThis.reportError;
  globalThis.reportError = (err) => reported.push(err);
  t.after(() => { globalThis.reportError = realReport; });
  const bug = new Error("listener bug");
  t.after(client.onChange(() => { throw bug; }));
  const heard = listen(t);
  reply = async () => json(200, user);
  assert.deepEqual(await client.signIn({ email: "a@b.c", password: "pw" }), user);
  assert.deepEqual(reported, [bug]);
  assert.equal(heard.length, 1);
});

test("onChange: each client has its own listeners; the module's are the default client's", async (t) => {
  const mine = createClient({ baseUrl: "http://fn" });
  const heardMine = listen(t, mine);
  const heardModule = listen(t);
  reply = async () => json(200, user);
  await mine.signIn({ email: "a@b.c", password: "pw" });
  assert.equal(heardMine.length, 1);
  assert.equal(heardModule.length, 0);
  await client.signIn({ email: "a@b.c", password: "pw" });
  assert.equal(heardModule.length, 1);
  assert.equal(heardMine.length, 1);
});

// ---- outside a browser: fetch, headers, timeout -------------------------------

test("options: a custom fetch and extra headers", async () => {
  const seen = [];
  const c = createClient({
    baseUrl: "http://fn",
    fetch: async (url, init) => {
      seen.push({ url, init });
      return json(200, user);
    },
    headers: { Cookie: "a_session_dev=s" },
  });
  await c.getMe();
  await c.signIn({ email: "a@b.c", password: "pw" });
  assert.equal(calls.length, 0, "the global fetch is not used");
  assert.deepEqual(seen.map((s) => [s.url, s.init.headers]), [
    ["http://fn/me", { Cookie: "a_session_dev=s", Accept: "application/json" }],
    ["http://fn/login", { Cookie: "a_session_dev=s", Accept: "application/json", "Content-Type": "application/json" }],
  ]);
});

test("options: timeout rejects with network_timeout", async () => {
  const c = createClient({
    timeout: 20,
    fetch: (url, init) =>
      new Promise((resolve, reject) => init.signal.addEventListener("abort", () => reject(init.signal.reason))),
  });
  // AbortSignal.timeout's timer does not keep Node running; a socket would.
  const alive = setTimeout(() => {}, 5000);
  const err = await c.getMe().catch((e) => e);
  clearTimeout(alive);
  assert.ok(err instanceof AuthError);
  assert.equal(err.type, "network_timeout");
  assert.equal(err.code, 0);
  assert.match(err.message, /20 ms/);
});

test("options: no timeout sends no signal", async () => {
  await client.getMe();
  assert.equal(only().init.signal, undefined);
});

test("configure() sets every option of the module functions, and resets those left out", async () => {
  const seen = [];
  configure({ baseUrl: "http://fn", headers: { "X-Test": "1" }, fetch: async (url, init) => (seen.push([url, init.headers["X-Test"]]), json(200, user)) });
  await client.getMe();
  configure({ baseUrl: "http://other" });
  await client.getMe();
  assert.deepEqual(seen, [["http://fn/me", "1"]]);
  assert.deepEqual(calls.map((c) => [c.url, c.init.headers["X-Test"]]), [["http://other/me", undefined]]);
});

test("bad options throw a TypeError at once", () => {
  for (const options of [{ baseUrl: 1 }, { fetch: "f" }, { headers: { a: 1 } }, { headers: [] }, { headers: { accept: "text/html" } }, { headers: { "Content-Type": "text/plain" } }, { timeout: 0 }, { timeout: Infinity }]) {
    assert.throws(() => createClient(options), TypeError, JSON.stringify(options));
    assert.throws(() => configure(options), TypeError, JSON.stringify(options));
  }
});

// ---- the client follows openapi.json ----------------------------------------

// Operations the client has no function for: browser navigations and
// documents, not calls an app makes (the OAuth2 callback, the magic link's
// page and its form, the verification link, the spec, the index page). The
// client starts OAuth2 with startOAuth2, a navigation it does have.
const browserOnly = ["getIndex", "getOpenAPI", "finishOAuth2", "openMagicURL", "confirmMagicURL", "finishVerification", "confirmVerification"];

/** The old names (0.1.0), deprecated aliases of the operationIds' functions. */
const deprecated = {
  me: "getMe",
  updateProfile: "updateMe",
  requestMagicLink: "startMagicURL",
  requestEmailCode: "startEmailCode",
  requestRecovery: "startRecovery",
  requestVerification: "startVerification",
  health: "getHealth",
};

/** The exports of client.js that are not routes. */
const notRoutes = ["AuthError", "createClient", "configure", "isSignedOut", "getUser", "onChange"];

/** openapi.json's operations, preflights (OPTIONS) left out. */
async function operations() {
  const spec = JSON.parse(await readFile(specPath(), "utf8"));
  const ops = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (method !== "options" && op?.operationId) ops.push({ method: method.toUpperCase(), path, id: op.operationId, op, spec });
    }
  }
  return ops;
}

// The lists as tools read them from the source, without running it (the Go
// test of the route table does this): each is a regular block, one name a
// line. The tests below check that what these read is what the modules hold,
// so the blocks stay readable.
const source = {
  js: await readFile(new URL("./client.js", import.meta.url), "utf8"),
  dts: await readFile(new URL("./client.d.ts", import.meta.url), "utf8"),
};
/** The lines of client.js between the line start and the line end. */
function block(start, end) {
  const from = source.js.indexOf(`\n${start}\n`);
  const to = source.js.indexOf(`\n${end}\n`, from);
  assert.ok(from >= 0 && to > from, `client.js has a block from "${start}" to "${end}"`);
  return source.js.slice(from, to);
}
const read = {
  /**
   * client.js's exports: `export class|function <name>`, `export const <name> =`
   * and the names in `export const {…} = defaultClient;` (the route functions
   * and the old names).
   */
  exports: () => [
    ...[...source.js.matchAll(/^export (?:class|function|const) (\w+)/gm)].map((m) => m[1]),
    ...[...block("export const {", "} = defaultClient;").matchAll(/^ {2}(\w+),$/gm)].map((m) => m[1]),
  ],
  /** client.js's routes table: `  <operationId>: ["<METHOD>", "<path>", "<field>", …],`. */
  routes: () =>
    [...block("const routes = {", "};").matchAll(/^ {2}(\w+): \["([A-Z]+)", "([^"]+)"((?:, "\w+")*)\],$/gm)].map((m) => ({
      id: m[1], method: m[2], path: m[3], fields: [...m[4].matchAll(/"(\w+)"/g)].map((f) => f[1]),
    })),
  /** client.js's deprecated names: `  <old>: "<operationId>",`. */
  renamed: () => Object.fromEntries([...block("const renamed = {", "};").matchAll(/^ {2}(\w+): "(\w+)",$/gm)].map((m) => [m[1], m[2]])),
  /** client.d.ts's declarations: `export const|function|class <name>`. */
  declared: () => [...source.dts.matchAll(/^export (?:const|function|class) (\w+)/gm)].map((m) => m[1]),
  /** client.d.ts's deprecated aliases: a one-line @deprecated comment, then `export const <old>: typeof <operationId>;`. */
  deprecated: () =>
    Object.fromEntries([...source.dts.matchAll(/^\/\*\* @deprecated [^\n]*\*\/\nexport const (\w+): typeof (\w+);$/gm)].map((m) => [m[1], m[2]])),
};

const sorted = (names) => [...names].sort();
const routeExports = () => Object.keys(client).filter((n) => !notRoutes.includes(n) && !(n in deprecated));

test("the route functions are openapi.json's operationIds, browser-only routes left out", async () => {
  const ids = (await operations()).map((o) => o.id).filter((id) => !browserOnly.includes(id));
  assert.deepEqual(sorted(routeExports()), sorted(ids),
    "an operation of openapi.json and client.js's functions disagree: add a row to client.js's routes table " +
    "(named by the operationId), its name to the export list and its declaration to client.d.ts");
  for (const name of routeExports()) assert.equal(typeof client[name], "function", name);
  for (const id of browserOnly) assert.ok(!ids.includes(id) && (await operations()).some((o) => o.id === id), `${id} is an operation of openapi.json`);
});

test("each route calls the method and path openapi.json gives its operationId, with the body's fields", async () => {
  const ops = await operations();
  const rows = read.routes();
  assert.deepEqual(sorted(rows.map((r) => r.id)), sorted(routeExports()), "a row of the routes table per route function");
  for (const { id, method, path, fields } of rows) {
    const op = ops.find((o) => o.id === id);
    assert.ok(op, `${id} is in openapi.json`);
    assert.equal(`${method} ${path.split("?")[0]}`, `${op.method} ${op.path}`, id);
    // The query in a path ("?scope={scope}") and a navigation's fields are
    // the operation's query parameters; a call's fields are its body's.
    const query = (op.op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
    for (const [, name] of (path.split("?")[1] ?? "").matchAll(/(\w+)=\{\w+\}/g)) assert.ok(query.includes(name), `${id}: query ${name}`);
    if (method === "GET") {
      for (const f of fields) assert.ok(query.includes(f), `${id}: ${f} is a query parameter`);
      continue;
    }
    let schema = op.op.requestBody?.content?.["application/json"]?.schema ?? {};
    if (schema.$ref) schema = op.spec.components.schemas[schema.$ref.split("/").pop()];
    assert.deepEqual(sorted(fields), sorted(Object.keys(schema.properties ?? {})),
      `${id}: the routes table sends exactly the fields of openapi.json's request body`);
  }
});

test("the deprecated names are the same functions as their operationIds'", () => {
  assert.deepEqual(read.renamed(), deprecated);
  for (const c of [client, createClient()]) {
    for (const [old, id] of Object.entries(deprecated)) {
      assert.equal(typeof c[id], "function", id);
      assert.equal(c[old], c[id], `${old} is ${id}`);
    }
  }
});

test("client.d.ts declares every export of client.js, and nothing else; the old names as @deprecated", () => {
  assert.deepEqual(sorted(read.declared()), sorted(Object.keys(client)));
  assert.deepEqual(read.deprecated(), deprecated);
  // Only the old names are deprecated.
  assert.equal(source.dts.match(/\/\*\*[^/]*@deprecated/g).length, Object.keys(deprecated).length);
});

test("a client has a method for each route function and old name, getUser and onChange, as the module has", () => {
  const unbound = ["AuthError", "createClient", "configure", "isSignedOut"];
  assert.deepEqual(sorted(Object.keys(createClient())), sorted(Object.keys(client).filter((n) => !unbound.includes(n))));
});

test("the source's lists read as the modules hold them (the Go side parses them)", () => {
  assert.deepEqual(sorted(read.exports()), sorted(Object.keys(client)));
  assert.deepEqual(sorted(read.routes().map((r) => r.id)), sorted(routeExports()));
});

test("every route the client calls is in openapi.json", async () => {
  const ops = await operations();
  const matches = (template, path) =>
    new RegExp("^" + template.replace(/\{[^}]+\}/g, "[^/]+") + "$").test(path.split("?")[0]);
  for (const [, method, path] of routes) {
    assert.ok(ops.some((o) => o.method === method && matches(o.path, path)), `the client calls ${method} ${path}, which openapi.json does not have`);
  }
});
