// Generates web/api.d.ts from the function's openapi.json, and checks that
// the package's types follow the API.
//
//   node scripts/types.mjs generate   (npm run generate) rewrites api.d.ts
//   node scripts/types.mjs check      (npm run check)    fails when api.d.ts
//       is not what openapi.json gives, or when tsc --strict finds an error
//       in the package (client.js and server.js checked against their
//       declarations) or in a code example of README.md or web/README.md
//
// Options: --spec <openapi.json> (default: spec.mjs's, ../api/openapi.json), --dir <web
// folder> (default: this package). The checker's own test uses both to
// check a drifted copy. Needs the devDependencies (npm ci in web/).

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

import openapiTS, { astToString } from "openapi-typescript";

import { specPath } from "./spec.mjs";

// This package's folder (web/).
const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));

/** The header of api.d.ts. */
const header = `// Generated from openapi.json by \`npm run generate\` in web/ (scripts/types.mjs,
// with openapi-typescript). Do not edit: change openapi.json and regenerate.
// CI fails when this file is not what openapi.json gives.

`;

/**
 * The error types the client itself gives an AuthError, beside the API's.
 * @type {Record<string, string>}
 */
const clientErrorTypes = {
  network_error: "the function could not be reached, or the browser refused its reply (CORS); code 0",
  network_timeout: "the client's `timeout` passed before the function answered; code 0",
  response_invalid: "the reply was not the JSON the API promises (a proxy's error page, a wrong base URL); code = the HTTP status",
};

/**
 * Returns the error types openapi.json documents: each `type` enum of an
 * error body, and each `snake_case` name in backquotes in the description of
 * an error response (4xx, 5xx, default, and every shared response), which
 * is where the spec lists the types each status carries.
 * @param {any} spec
 * @returns {string[]} sorted
 */
export function errorTypes(spec) {
  const found = new Set();
  const named = spec.components?.responses ?? {};
  /** @param {any} response */
  const collect = (response) => {
    if (response?.$ref) response = named[response.$ref.split("/").pop()];
    if (!response) return;
    for (const [, name] of (response.description ?? "").matchAll(/`([a-z][a-z0-9]*(?:_[a-z0-9]+)+)`/g)) {
      found.add(name);
    }
    JSON.stringify(response.content ?? {}, (key, value) => {
      if (key === "type" && value && Array.isArray(value.enum)) value.enum.forEach((t) => found.add(t));
      return value;
    });
  };
  for (const item of Object.values(spec.paths ?? {})) {
    for (const op of Object.values(item)) {
      for (const [status, response] of Object.entries(op?.responses ?? {})) {
        if (status === "default" || Number(status) >= 400) collect(response);
      }
    }
  }
  Object.values(named).forEach(collect);
  return [...found].sort();
}

/**
 * Rewrites, in place, each object schema whose anyOf (or oneOf) members
 * only list required fields, the JSON Schema way of saying "at least one
 * of" (UpdateMeRequest: name, prefs, or both), into alternatives that each
 * carry the properties. openapi-typescript turns the members, which have
 * no type, into `unknown`, and the union with them swallows the object:
 * the body of updateMe was `unknown`, so `updateMe("hello")` compiled.
 * Rewritten, it is `{ name: string; prefs?: … } | { name?: string; prefs: … }`.
 * @param {any} node a parsed openapi.json, or a part of it
 * @returns {any} node
 */
export function requiredAlternatives(node) {
  if (Array.isArray(node)) node.forEach(requiredAlternatives);
  if (node === null || typeof node !== "object") return node;
  Object.values(node).forEach(requiredAlternatives);
  for (const key of ["anyOf", "oneOf"]) {
    const members = node[key];
    const onlyRequired = (/** @type {any} */ m) =>
      m !== null && typeof m === "object" && Array.isArray(m.required) && Object.keys(m).every((k) => k === "required");
    if (!node.properties || !Array.isArray(members) || !members.every(onlyRequired)) continue;
    const { description, [key]: _, ...object } = node;
    for (const k of Object.keys(node)) delete node[k];
    if (description !== undefined) node.description = description;
    node[key] = members.map((/** @type {any} */ m) => ({
      ...object,
      required: [...new Set([...(object.required ?? []), ...m.required])],
    }));
  }
  return node;
}

/**
 * Returns the text of api.d.ts for the spec at specPath.
 * @param {string} specPath
 * @returns {Promise<string>}
 */
export async function generate(specPath) {
  const spec = JSON.parse(readFileSync(specPath, "utf8"));
  // defaultNonNullable: false keeps a request field with a default optional;
  // emptyObjectsUnknown: an object schema without properties (User.prefs)
  // is any JSON object, Record<string, unknown>, not Record<string, never>,
  // which let `const n: number = user.prefs.anything` compile.
  const ast = await openapiTS(requiredAlternatives(structuredClone(spec)), {
    silent: true,
    defaultNonNullable: false,
    emptyObjectsUnknown: true,
  });
  const types = errorTypes(spec);
  const union = (/** @type {string[]} */ names) => names.map((t) => `\n    | ${JSON.stringify(t)}`).join("");
  return (
    header +
    astToString(ast) +
    `
/**
 * Every error \`type\` openapi.json documents for the function's replies.
 * Appwrite's own errors pass through with their type, so a type Appwrite
 * adds later can arrive before openapi.json lists it.
 */
export type APIErrorType =${union(types)};

/**
 * The error types the client adds:
${Object.entries(clientErrorTypes).map(([t, why]) => ` * - \`${t}\`: ${why}`).join("\n")}
 */
export type ClientErrorType =${union(Object.keys(clientErrorTypes))};
`
  );
}

/**
 * Extracts the js and ts code blocks of a Markdown file, each as a module
 * (export {} makes top-level await legal) with the line it starts on.
 * @param {string} markdownPath
 * @returns {{ line: number, code: string }[]}
 */
export function codeBlocks(markdownPath) {
  const lines = readFileSync(markdownPath, "utf8").split("\n");
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(js|javascript|ts|typescript)\s*$/.exec(lines[i]);
    if (!open) continue;
    const indent = open[1].length;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end])) end++;
    const code = lines.slice(start, end).map((l) => l.slice(indent)).join("\n");
    blocks.push({ line: start + 1, code: `${code}\nexport {};\n` });
    i = end;
  }
  return blocks;
}

/**
 * Runs tsc --strict --noEmit over the package in dir and the code examples
 * of the given Markdown files. Returns tsc's output, or "" when clean.
 * @param {string} dir the web folder
 * @param {string[]} markdown
 * @returns {string}
 */
export function typecheck(dir, markdown) {
  const work = mkdtempSync(join(tmpdir(), "web-types-"));
  try {
    /** @type {Record<string, string>} file name → where the example is */
    const sources = {};
    markdown.forEach((file, f) =>
      codeBlocks(file).forEach((b) => {
        const name = `example-${f}-${b.line}.ts`;
        sources[name] = `${relative(join(dir, ".."), file)}:${b.line}`;
        writeFileSync(join(work, name), b.code);
      }),
    );
    const tsconfig = {
      compilerOptions: {
        strict: true,
        noEmit: true,
        allowJs: true,
        checkJs: true,
        target: "es2022",
        module: "esnext",
        moduleResolution: "bundler",
        lib: ["es2022", "dom", "dom.iterable"],
        types: [],
        skipLibCheck: false, // api.d.ts, client.d.ts and server.d.ts are checked too
        skipDefaultLibCheck: true, // TypeScript's own lib.*.d.ts are not ours to check
        // The examples import the package by its name, as an app does, and
        // get its declarations, as an app's tsc does (package.json's
        // "types"): mapped to the .js files, they would see the sources,
        // which export no types.
        paths: {
          "@appwrite-cookie-auth/web": [join(dir, "client.d.ts")],
          "@appwrite-cookie-auth/web/server": [join(dir, "server.d.ts")],
        },
      },
      files: [
        join(dir, "client.js"),
        join(dir, "server.js"),
        join(packageDir, "scripts", "doc-globals.d.ts"),
        ...Object.keys(sources).map((n) => join(work, n)),
      ],
    };
    writeFileSync(join(work, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
    const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
    try {
      execFileSync(process.execPath, [tsc, "-p", join(work, "tsconfig.json"), "--pretty", "false"], {
        cwd: work,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
      return "";
    } catch (err) {
      // Name each example by its Markdown file and line, not its temp file.
      let out = `${err.stdout ?? ""}${err.stderr ?? ""}`;
      for (const [name, where] of Object.entries(sources)) out = out.replaceAll(name, `${where} (example)`);
      out = out.replaceAll(relative(work, dir) + "/", "web/");
      return out.trim() || String(err);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Returns a short description of the first difference between two texts.
 * @param {string} want
 * @param {string} got
 */
function firstDifference(want, got) {
  const a = want.split("\n");
  const b = got.split("\n");
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `line ${i + 1}:\n  openapi.json gives: ${a[i] ?? "(end of file)"}\n  api.d.ts has:       ${b[i] ?? "(end of file)"}`;
}

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { spec: { type: "string" }, dir: { type: "string" } },
  });
  const dir = resolve(values.dir ?? packageDir);
  const spec = resolve(values.spec ?? specPath(dir));
  const target = join(dir, "api.d.ts");
  const want = await generate(spec);

  switch (positionals[0]) {
    case "generate":
      mkdirSync(dir, { recursive: true });
      writeFileSync(target, want);
      console.log(`wrote ${target} from ${spec}`);
      return;
    case "check": {
      let got = "";
      try {
        got = readFileSync(target, "utf8");
      } catch {}
      if (got !== want) {
        console.error(`${target} is not what ${spec} gives: the API changed and the types did not follow.\n` +
          `Regenerate it with \`npm run generate\` in web/ and commit it (then fix what tsc reports).\n` +
          firstDifference(want, got));
        process.exitCode = 1;
        return;
      }
      const markdown = [join(dir, "..", "README.md"), join(dir, "README.md")];
      const errors = typecheck(dir, markdown);
      if (errors) {
        console.error(`tsc --strict found errors in the package or its documentation examples:\n${errors}`);
        process.exitCode = 1;
        return;
      }
      console.log(`api.d.ts follows ${spec}; tsc --strict passes over the package and ${markdown.length} READMEs' examples`);
      return;
    }
    default:
      console.error("usage: node scripts/types.mjs generate|check [--spec openapi.json] [--dir web]");
      process.exitCode = 2;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
