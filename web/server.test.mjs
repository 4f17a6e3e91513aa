// Unit tests for server.js: against a stubbed fetch passed as an option,
// and against a real HTTP server on loopback for what fetch itself does
// (timeouts, refused connections, redirects).
// Run: node --test web/   (Node ≥ 20, no packages)

import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";

import { AuthError, createServerClient, getUser, getUserFromRequest, sessionCookies } from "./server.js";
import { AuthError as ClientAuthError } from "./client.js";

const user = { $id: "u1", email: "ada@example.com", name: "Ada" };

function json(status, body) {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

/** A fetch that records its calls and answers with reply(). */
function stubFetch(reply = () => json(200, user)) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url: String(url), init });
    return reply(url, init);
  };
  return { calls, fetch };
}

const base = "https://auth.example.com";

test("forwards only the a_session_ cookies to GET /me and resolves to the user", async () => {
  const { calls, fetch } = stubFetch();
  const got = await getUser("theme=dark; a_session_dev=s3cr3t; csrf=x; a_session_other=y", { baseUrl: base + "/", fetch });
  assert.deepEqual(got, user);
  assert.equal(calls.length, 1);
  const { url, init } = calls[0];
  assert.equal(url, base + "/me");
  assert.equal(init.method, "GET");
  assert.equal(init.body, undefined);
  assert.equal(init.headers.Cookie, "a_session_dev=s3cr3t; a_session_other=y");
  assert.equal(init.headers.Accept, "application/json");
  assert.equal(init.redirect, "manual", "a redirect must not carry the cookie on");
  assert.equal(init.cache, "no-store");
});

test("cookieName forwards exactly that cookie", async () => {
  const { calls, fetch } = stubFetch();
  await getUser("a_session_dev=a; __Host-auth=b; __Host-auth2=c", { baseUrl: base, cookieName: "__Host-auth", fetch });
  assert.equal(calls[0].init.headers.Cookie, "__Host-auth=b");
});

test("no session cookie is signed out, with no call", async () => {
  const { calls, fetch } = stubFetch();
  for (const header of [null, undefined, "", "theme=dark; csrf=x", "a_session_=", "=a_session_x"]) {
    assert.equal(await getUser(header, { baseUrl: base, fetch }), null, `cookie header ${header}`);
  }
  assert.equal(await getUser("a_session_dev=x", { baseUrl: base, cookieName: "auth", fetch }), null);
  assert.equal(calls.length, 0);
});

test("401 is signed out: stale session, blocked user, or MFA still due", async () => {
  for (const type of ["user_unauthorized", "user_blocked", "user_more_factors_required"]) {
    const { fetch } = stubFetch(() => json(401, { message: "No.", code: 401, type }));
    assert.equal(await getUser("a_session_dev=x", { baseUrl: base, fetch }), null, type);
  }
});

test("anything but a user or a 401 throws a typed AuthError, never null", async () => {
  const cases = [
    ["502 upstream", () => json(502, { message: "Appwrite is down.", code: 502, type: "upstream_unavailable" }), "upstream_unavailable", 502],
    ["504 upstream", () => json(504, { message: "Too slow.", code: 504, type: "upstream_timeout" }), "upstream_timeout", 504],
    ["500 misconfigured", () => json(500, { message: "Set X.", code: 500, type: "function_misconfigured" }), "function_misconfigured", 500],
    ["503 from a proxy", () => new Response("<h1>503</h1>", { status: 503 }), "response_invalid", 503],
    ["401 from a gate in front", () => new Response("Authorization required", { status: 401 }), "response_invalid", 401],
    ["404 wrong base URL", () => json(404, { message: "No route.", code: 404, type: "route_not_found" }), "route_not_found", 404],
    ["302 redirect", () => new Response(null, { status: 302, headers: { location: "https://elsewhere.example/" } }), "response_invalid", 302],
    ["200 HTML", () => new Response("<html></html>", { status: 200 }), "response_invalid", 200],
    ["200 not a user", () => json(200, { status: "ok" }), "response_invalid", 200],
    ["fetch fails", () => { throw new TypeError("fetch failed"); }, "network_error", 0],
  ];
  for (const [name, reply, type, code] of cases) {
    const { fetch } = stubFetch(reply);
    const err = await getUser("a_session_dev=x", { baseUrl: base, fetch }).then(
      (v) => assert.fail(`${name}: resolved to ${JSON.stringify(v)}`),
      (e) => e,
    );
    assert.ok(err instanceof AuthError, `${name}: ${err}`);
    assert.equal(err.type, type, name);
    assert.equal(err.code, code, name);
  }
});

test("the server entry's AuthError is the browser client's", () => {
  assert.equal(AuthError, ClientAuthError);
});

test("getUserFromRequest reads the request's Cookie header", async () => {
  const { calls, fetch } = stubFetch();
  const request = new Request("https://app.example.com/account", { headers: { cookie: "x=1; a_session_dev=s" } });
  assert.deepEqual(await getUserFromRequest(request, { baseUrl: base, fetch }), user);
  assert.equal(calls[0].init.headers.Cookie, "a_session_dev=s");
});

test("createServerClient binds the options; extra headers go along", async () => {
  const { calls, fetch } = stubFetch();
  const auth = createServerClient({ baseUrl: base, fetch, headers: { "X-Forwarded-For": "203.0.113.7" } });
  await auth.getUser("a_session_dev=s");
  await auth.getUserFromRequest({ headers: new Headers({ cookie: "a_session_dev=t" }) });
  assert.deepEqual(calls.map((c) => [c.init.headers.Cookie, c.init.headers["X-Forwarded-For"]]), [
    ["a_session_dev=s", "203.0.113.7"],
    ["a_session_dev=t", "203.0.113.7"],
  ]);
});

test("bad options throw at once", () => {
  for (const [name, options] of [
    ["no options", undefined],
    ["no baseUrl", {}],
    ["relative baseUrl", { baseUrl: "/auth" }],
    ["baseUrl without a host", { baseUrl: "https://" }],
    ["a cookie name with a space", { baseUrl: base, cookieName: "a b" }],
    ["a Cookie header", { baseUrl: base, headers: { cookie: "a=b" } }],
    ["an Authorization header", { baseUrl: base, headers: { Authorization: "Bearer x" } }],
    ["a fetch that is not a function", { baseUrl: base, fetch: "fetch" }],
    ["a negative timeout", { baseUrl: base, timeout: -1 }],
  ]) {
    assert.throws(() => createServerClient(options), TypeError, name);
  }
});

test("sessionCookies picks the session cookies of a header", () => {
  assert.equal(sessionCookies(" a_session_p=1 ;b=2;a_session_q=3=3 "), "a_session_p=1; a_session_q=3=3");
  assert.equal(sessionCookies("b=2; auth=x", "auth"), "auth=x");
  assert.equal(sessionCookies("b=2"), "");
  assert.equal(sessionCookies(""), "");
  assert.equal(sessionCookies("a_session_p=; a_session_q=1"), "a_session_q=1");
});

// ---- against a real server on loopback --------------------------------------

/** Starts an HTTP server with handler on a free loopback port. */
async function serve(t, handler) {
  const server = createServer(handler);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }));
  return `http://127.0.0.1:${server.address().port}`;
}

test("real fetch: the cookie reaches the server, the user comes back", async (t) => {
  let seen;
  const url = await serve(t, (req, res) => {
    seen = { path: req.url, cookie: req.headers.cookie };
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(user));
  });
  assert.deepEqual(await getUser("other=1; a_session_dev=abc", { baseUrl: url }), user);
  assert.deepEqual(seen, { path: "/me", cookie: "a_session_dev=abc" });
});

test("real fetch: a server that does not answer in time is network_timeout", async (t) => {
  const url = await serve(t, () => {}); // never answers
  const started = Date.now();
  const err = await getUser("a_session_dev=abc", { baseUrl: url, timeout: 200 }).catch((e) => e);
  assert.ok(err instanceof AuthError, String(err));
  assert.equal(err.type, "network_timeout");
  assert.equal(err.code, 0);
  assert.ok(Date.now() - started < 5000, "the timeout ended the call");
});

test("real fetch: a refused connection is network_error", async () => {
  // A port nothing listens on: a server's, once it is closed.
  const closed = createServer();
  await new Promise((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const port = closed.address().port;
  await new Promise((resolve) => closed.close(resolve));
  const err = await getUser("a_session_dev=abc", { baseUrl: `http://127.0.0.1:${port}` }).catch((e) => e);
  assert.ok(err instanceof AuthError, String(err));
  assert.equal(err.type, "network_error");
  assert.equal(err.code, 0);
});

test("real fetch: a redirect is not followed, so the cookie goes nowhere else", async (t) => {
  let elsewhere = 0;
  const other = await serve(t, (req, res) => {
    elsewhere++;
    res.end("{}");
  });
  const url = await serve(t, (req, res) => {
    res.writeHead(302, { location: other + "/me" });
    res.end();
  });
  const err = await getUser("a_session_dev=abc", { baseUrl: url }).catch((e) => e);
  assert.equal(err.type, "response_invalid");
  assert.equal(err.code, 302);
  assert.equal(elsewhere, 0);
});
