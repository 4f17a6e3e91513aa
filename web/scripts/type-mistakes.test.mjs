// Compiles type-mistakes.ts with tsc --strict (TypeScript's API, from
// web/'s devDependencies) and checks it line by line: every line marked
// `//! TSnnnn` fails with that error, and no other line fails. One
// compilation for all of them, so a mistake that starts to compile (a type
// that got looser) is named by its line. Without `npm ci` in web/ it skips,
// except with CI=true.
// Run: node --test web/

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

import { webDir } from "./spec.mjs";

const installed = existsSync(join(webDir, "node_modules", "typescript"));
const inCI = /^(true|1)$/i.test(process.env.CI ?? "");
const skip = installed || inCI ? false : "SKIPPED: needs web/'s devDependencies: run `npm ci` in web/";
const file = join(webDir, "scripts", "type-mistakes.ts");

/** The marked lines: line number (1-based) → the error code tsc must give. */
function marked() {
  const want = new Map();
  readFileSync(file, "utf8").split("\n").forEach((line, i) => {
    const m = /\/\/! TS(\d+)\s*$/.exec(line);
    if (m) want.set(i + 1, Number(m[1]));
  });
  return want;
}

/** Compiles the file; returns its diagnostics by line, and any elsewhere. */
function compile() {
  const ts = createRequire(join(webDir, "package.json"))("typescript");
  const { options, errors } = ts.convertCompilerOptionsFromJson(
    {
      strict: true,
      noEmit: true,
      target: "es2022",
      module: "esnext",
      moduleResolution: "bundler",
      lib: ["es2022", "dom"],
      types: [],
      skipDefaultLibCheck: true,
    },
    webDir,
  );
  assert.deepEqual(errors, []);
  const program = ts.createProgram({ rootNames: [file], options });
  const byLine = new Map();
  const elsewhere = [];
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (d.file?.fileName !== file.replaceAll("\\", "/") || d.start === undefined) {
      elsewhere.push(`${d.file?.fileName ?? "(options)"}: TS${d.code} ${text}`);
      continue;
    }
    const line = d.file.getLineAndCharacterOfPosition(d.start).line + 1;
    if (!byLine.has(line)) byLine.set(line, []);
    byLine.get(line).push({ code: d.code, text });
  }
  return { byLine, elsewhere };
}

test("each mistake of type-mistakes.ts fails tsc --strict, with its error, and nothing else does", { skip }, () => {
  const want = marked();
  assert.ok(want.size >= 30, `type-mistakes.ts marks ${want.size} lines`);
  const { byLine, elsewhere } = compile();
  assert.deepEqual(elsewhere, [], "errors outside type-mistakes.ts (the package's own declarations)");
  const source = readFileSync(file, "utf8").split("\n");
  const problems = [];
  for (const [line, code] of want) {
    const got = byLine.get(line) ?? [];
    if (got.length === 0) problems.push(`line ${line} compiles, but is a mistake: ${source[line - 1].trim()}`);
    else if (!got.some((d) => d.code === code)) {
      problems.push(`line ${line} fails with ${got.map((d) => `TS${d.code}`).join(", ")}, not TS${code}: ${got[0].text}`);
    }
  }
  for (const [line, got] of byLine) {
    if (!want.has(line)) problems.push(`line ${line} is meant to compile: TS${got[0].code} ${got[0].text}`);
  }
  assert.deepEqual(problems, []);
});
