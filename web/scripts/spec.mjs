// Where the function's openapi.json is, relative to this package's folder
// (web/). The one place that says so: the type generator (types.mjs), its
// tests and client.test.mjs all read the spec through it.

import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** openapi.json's path relative to web/. */
export const specFromWeb = "../api/openapi.json";

/** This package's folder (web/). */
export const webDir = fileURLToPath(new URL("..", import.meta.url));

/**
 * Returns the path of openapi.json for the web folder dir (default: this
 * package's).
 * @param {string} [dir]
 */
export function specPath(dir = webDir) {
  return join(dir, specFromWeb);
}
