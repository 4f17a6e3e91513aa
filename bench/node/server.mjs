// The Go function's POST /signup, POST /login, GET /me, PATCH /me and
// POST /logout, written the way
// Appwrite's server-side rendering guides write them with node-appwrite
// (https://appwrite.io/docs/products/auth/server-side-rendering): an admin
// client with the API key creates the account and the session, the session
// secret goes into an httpOnly cookie, and every request builds a new
// client, parses the cookie and calls account.get() with setSession. It is
// the baseline cmd/load compares the Go function with (see BENCHMARKS.md);
// it is not part of the function.
//
// Environment: APPWRITE_FUNCTION_API_ENDPOINT, APPWRITE_FUNCTION_PROJECT_ID,
// APPWRITE_API_KEY, as for the Go function; PORT (default 0: any free port)
// and HOST (default 127.0.0.1). Like the Go dev runtime it prints
// "function: <url>" and then "ready" once it listens.
import http from "node:http";
import { Account, AppwriteException, Client, ID } from "node-appwrite";

const endpoint = process.env.APPWRITE_FUNCTION_API_ENDPOINT;
const project = process.env.APPWRITE_FUNCTION_PROJECT_ID;
const apiKey = process.env.APPWRITE_API_KEY;
if (!endpoint || !project || !apiKey) {
  console.error("set APPWRITE_FUNCTION_API_ENDPOINT, APPWRITE_FUNCTION_PROJECT_ID and APPWRITE_API_KEY");
  process.exit(1);
}
const SESSION_COOKIE = `a_session_${project.toLowerCase()}`;

// createAdminClient and createSessionClient are the guides' two helpers.
function createAdminClient() {
  const client = new Client().setEndpoint(endpoint).setProject(project).setKey(apiKey);
  return {
    get account() {
      return new Account(client);
    },
  };
}

function createSessionClient(req) {
  const client = new Client().setEndpoint(endpoint).setProject(project);
  const session = parseCookies(req.headers.cookie)[SESSION_COOKIE];
  if (!session) {
    throw new AppwriteException("You are not signed in.", 401, "user_unauthorized");
  }
  client.setSession(session);
  return {
    get account() {
      return new Account(client);
    },
  };
}

// parseCookies reads a Cookie header into an object, as the cookie helpers
// of the frameworks in the guides do.
function parseCookies(header) {
  const out = {};
  if (!header) return out;
  for (const pair of header.split(";")) {
    const eq = pair.indexOf("=");
    if (eq < 0) continue;
    const name = pair.slice(0, eq).trim();
    if (!name || name in out) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      out[name] = value;
    }
  }
  return out;
}

function sessionCookie(session) {
  return (
    `${SESSION_COOKIE}=${session.secret}; Path=/; Expires=${new Date(session.expire).toUTCString()}; ` +
    "HttpOnly; Secure; SameSite=Lax"
  );
}

async function readJSON(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? JSON.parse(text) : {};
}

function send(res, status, body, cookie) {
  const headers = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };
  if (cookie) headers["set-cookie"] = cookie;
  res.writeHead(status, headers);
  res.end(body === undefined ? "" : JSON.stringify(body));
}

const routes = {
  // Sign up: create the account and a session with the admin client.
  "POST /signup": async (req, res) => {
    const { email, password, name } = await readJSON(req);
    const { account } = createAdminClient();
    const user = await account.create(ID.unique(), email, password, name);
    const session = await account.createEmailPasswordSession(email, password);
    send(res, 201, user, sessionCookie(session));
  },
  // Sign in: a session with the admin client, then the user with it.
  "POST /login": async (req, res) => {
    const { email, password } = await readJSON(req);
    const { account } = createAdminClient();
    const session = await account.createEmailPasswordSession(email, password);
    const client = new Client().setEndpoint(endpoint).setProject(project).setSession(session.secret);
    const user = await new Account(client).get();
    send(res, 200, user, sessionCookie(session));
  },
  // Who am I: a new session client from the cookie, account.get().
  "GET /me": async (req, res) => {
    const { account } = createSessionClient(req);
    send(res, 200, await account.get());
  },
  // Rename: the session client updates the name.
  "PATCH /me": async (req, res) => {
    const { name } = await readJSON(req);
    const { account } = createSessionClient(req);
    send(res, 200, await account.updateName(name));
  },
  // Sign out: the session client deletes its own session, and the cookie
  // is cleared, as the guides' signOut does.
  "POST /logout": async (req, res) => {
    const { account } = createSessionClient(req);
    await account.deleteSession("current");
    send(res, 204, undefined, `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax`);
  },
};

const server = http.createServer(async (req, res) => {
  const route = routes[`${req.method} ${req.url.split("?")[0]}`];
  if (!route) {
    send(res, 404, { message: "No route.", code: 404, type: "route_not_found" });
    return;
  }
  try {
    await route(req, res);
  } catch (err) {
    if (err instanceof AppwriteException && err.code >= 400 && err.code < 500) {
      send(res, err.code, { message: err.message, code: err.code, type: err.type });
    } else if (err instanceof SyntaxError) {
      send(res, 400, { message: "The request body is not valid JSON.", code: 400, type: "general_argument_invalid" });
    } else {
      console.error(err);
      send(res, 502, { message: "Appwrite cannot be reached.", code: 502, type: "upstream_error" });
    }
  }
});

server.listen(Number(process.env.PORT || 0), process.env.HOST || "127.0.0.1", () => {
  const { address, port } = server.address();
  console.log(`function: http://${address}:${port}`);
  console.log("ready");
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
