// The package as it is published: package.json publishable, CHANGELOG.md
// in step with its version (README.md's "Versions and releases").
// Run: node --test web/   (Node ≥ 20, no packages)

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";

import * as client from "./client.js";

const pkg = JSON.parse(await readFile(new URL("./package.json", import.meta.url), "utf8"));
const lock = JSON.parse(await readFile(new URL("./package-lock.json", import.meta.url), "utf8"));
const changelog = await readFile(new URL("./CHANGELOG.md", import.meta.url), "utf8");

/** The version headings of CHANGELOG.md, newest first: { version, date }. */
const releases = [...changelog.matchAll(/^## (\d+\.\d+\.\d+) \((unreleased|\d{4}-\d{2}-\d{2})\)$|^## (\d+\.\d+\.\d+)$/gm)].map((m) => ({
  version: m[1] ?? m[3],
  date: m[2],
}));

test("package.json is publishable: not private, public, a semver version, no runtime dependencies", () => {
  assert.equal(pkg.private, undefined, "private: true would refuse npm publish");
  assert.equal(pkg.publishConfig?.access, "public", "a scoped package is private on the registry without it");
  assert.match(pkg.version, /^\d+\.\d+\.\d+$/);
  assert.deepEqual(Object.keys(pkg.dependencies ?? {}), []);
  assert.ok(pkg.files.includes("CHANGELOG.md"), "the changelog goes in the tarball");
  assert.match(pkg.scripts.prepublishOnly, /npm run check/, "a publish runs the checks first");
  assert.equal(lock.version, pkg.version, "package-lock.json follows package.json (npm version does both)");
  assert.equal(lock.packages[""].version, pkg.version);
});

test("CHANGELOG.md's top section is package.json's version, and versions only go up", () => {
  assert.ok(releases.length > 0, "CHANGELOG.md has ## <version> sections");
  assert.equal(releases[0].version, pkg.version, "the top section of CHANGELOG.md is the version package.json says");
  const n = (v) => v.split(".").map(Number);
  for (let i = 1; i < releases.length; i++) {
    const [a, b] = [n(releases[i - 1].version), n(releases[i].version)];
    assert.ok(a[0] > b[0] || (a[0] === b[0] && (a[1] > b[1] || (a[1] === b[1] && a[2] > b[2]))),
      `${releases[i - 1].version} above ${releases[i].version}: newest first`);
  }
  assert.ok(releases.slice(1).every((r) => r.date !== "unreleased"), "only the top section may be unreleased");
});

test("CHANGELOG.md's rename table has a row for every deprecated alias the client has", () => {
  // An alias is the same function as its operationId's: two names, one function.
  const names = Object.keys(client).filter((n) => typeof client[n] === "function");
  const pairs = names.flatMap((a) => names.filter((b) => a < b && client[a] === client[b]).map((b) => [a, b]));
  assert.ok(pairs.length > 0, "the client has deprecated aliases");
  for (const [a, b] of pairs) {
    const row = (x, y) => changelog.includes(`| \`${x}\` | \`${y}\` |`);
    assert.ok(row(a, b) || row(b, a), `CHANGELOG.md has no row | \`old\` | \`new\` | for ${a} and ${b}`);
  }
});
