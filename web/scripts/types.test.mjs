// Tests of the type generator and checker (types.mjs): an API change the
// types do not follow fails the check. Needs web/'s devDependencies
// (npm ci in web/); without them it skips, except with CI=true.
// Run: node --test web/

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { specPath } from "./spec.mjs";

const web = fileURLToPath(new URL("..", import.meta.url));
const script = join(web, "scripts", "types.mjs");
const installed = existsSync(join(web, "node_modules", "typescript")) && existsSync(join(web, "node_modules", "openapi-typescript"));
const inCI = /^(true|1)$/i.test(process.env.CI ?? "");
const skip = installed || inCI ? false : "SKIPPED: needs web/'s devDependencies: run `npm ci` in web/";

/**
 * Copies the package and the READMEs to a temp folder laid out as the
 * repository is (README.md beside web/, openapi.json where spec.mjs says),
 * with edit applied to the parsed openapi.json.
 */
function copyWithSpec(t, edit) {
  const root = mkdtempSync(join(tmpdir(), "types-drift-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const dir = join(root, "web");
  mkdirSync(dir);
  for (const f of ["client.js", "client.d.ts", "server.js", "server.d.ts", "api.d.ts", "README.md"]) {
    copyFileSync(join(web, f), join(dir, f));
  }
  copyFileSync(join(web, "..", "README.md"), join(root, "README.md"));
  const spec = JSON.parse(readFileSync(specPath(), "utf8"));
  edit(spec);
  mkdirSync(dirname(specPath(dir)), { recursive: true });
  writeFileSync(specPath(dir), JSON.stringify(spec, null, 2));
  return dir;
}

/** Runs types.mjs with the arguments; returns its exit code and output. */
function run(...args) {
  try {
    const out = execFileSync(process.execPath, [script, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return { code: 0, out };
  } catch (err) {
    return { code: err.status, out: `${err.stdout}${err.stderr}` };
  }
}

/** Renames a property of a schema of openapi.json, in properties and required. */
function rename(spec, schema, from, to) {
  const s = spec.components.schemas[schema];
  assert.ok(s.properties[from], `${schema}.${from} is in openapi.json`);
  s.properties[to] = s.properties[from];
  delete s.properties[from];
  s.required = (s.required ?? []).map((r) => (r === from ? to : r));
}

// Each case runs tsc (about 5 s): two at a time.
describe("the checker, on copies of the package", { concurrency: 2 }, () => {
  test("an unchanged copy passes: the drift tests below fail for the drift alone", { skip }, (t) => {
    const dir = copyWithSpec(t, () => {});
    const { code, out } = run("check", "--dir", dir);
    assert.equal(code, 0, out);
  });

  test("a renamed API field fails the check until api.d.ts is regenerated", { skip }, (t) => {
    const dir = copyWithSpec(t, (spec) => rename(spec, "MFAChallenge", "expire", "expiresAt"));
    const { code, out } = run("check", "--dir", dir);
    assert.equal(code, 1, out);
    assert.match(out, /api\.d\.ts is not what .*openapi\.json gives/);
    assert.match(out, /npm run generate/);
  });

  // After regenerating, the code and documentation written against the old
  // field no longer compile: the rename reaches tsc, not only the diff.
  for (const [name, edit, where] of [
    ["a request field (SignInRequest.password)", (s) => rename(s, "SignInRequest", "password", "passphrase"), /web\/client\.js\(\d+,\d+\): error TS2322: Type '\["POST", string, "email", "password"\]' is not assignable to type 'Route<"signIn">'/],
    ["a reply field (User.email)", (s) => rename(s, "User", "email", "emailAddress"), /web\/client\.js\(\d+,\d+\): error TS2339: Property 'email' does not exist/],
    ["a reply field the READMEs use (MFARequired.factors)", (s) => rename(s, "MFARequired", "factors", "methods"), /README\.md:\d+ \(example\).*error TS2339: Property 'factors' does not exist/],
    ["a route (operation signIn renamed)", (s) => { s.paths["/login"].post.operationId = "logIn"; }, /web\/client\.d\.ts\(\d+,\d+\): error TS2344/],
  ]) {
    test(`regenerated for a renamed ${name}, tsc --strict fails where the old name is used`, { skip }, (t) => {
      const dir = copyWithSpec(t, edit);
      assert.equal(run("generate", "--dir", dir).code, 0);
      const { code, out } = run("check", "--dir", dir);
      assert.equal(code, 1, out);
      assert.match(out, where);
    });
  }
});

test("error types come from the error responses' descriptions and type enums", { skip }, async () => {
  const { errorTypes } = await import("./types.mjs");
  const spec = {
    paths: {
      "/a": {
        post: {
          responses: {
            200: { description: "- `not_an_error`: ok" },
            401: { description: "- `user_invalid_credentials`: no\n- `user_blocked`: blocked; see `retry-after`" },
            429: { $ref: "#/components/responses/Limited" },
          },
        },
      },
    },
    components: {
      responses: {
        Limited: {
          description: "Too many.",
          content: { "application/json": { schema: { allOf: [{}, { properties: { type: { enum: ["rate_limit_exceeded"] } } }] } } },
        },
      },
    },
  };
  assert.deepEqual(errorTypes(spec), ["rate_limit_exceeded", "user_blocked", "user_invalid_credentials"]);
});

test("an anyOf of required fields becomes alternatives that carry the object's properties", { skip }, async () => {
  const { requiredAlternatives } = await import("./types.mjs");
  const properties = { name: { type: "string" }, prefs: { type: "object" } };
  const schema = {
    description: "At least one.",
    type: "object",
    properties,
    additionalProperties: false,
    anyOf: [{ required: ["name"] }, { required: ["prefs"] }],
  };
  assert.deepEqual(requiredAlternatives({ components: { schemas: { S: schema } } }).components.schemas.S, {
    description: "At least one.",
    anyOf: [
      { type: "object", properties, additionalProperties: false, required: ["name"] },
      { type: "object", properties, additionalProperties: false, required: ["prefs"] },
    ],
  });
  // A union of real schemas (a reply that is the user or MFARequired) stays.
  const union = { oneOf: [{ $ref: "#/components/schemas/User" }, { $ref: "#/components/schemas/MFARequired" }] };
  assert.deepEqual(requiredAlternatives(structuredClone(union)), union);
});
