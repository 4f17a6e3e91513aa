// Checks that the package installs and resolves as an app would use it:
// `npm pack`, the tarball installed into a scratch project, and there
//   - the tarball holds the package's files and nothing else;
//   - Node imports both entries ("@appwrite-cookie-auth/web" and
//     "@appwrite-cookie-auth/web/server") by name;
//   - tsc --strict compiles imports of both, with their types, under the
//     module resolutions apps use (nodenext and bundler).
// Run: npm run pack-check (in web/; needs the devDependencies).

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const web = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(web, "package.json"), "utf8"));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const work = mkdtempSync(join(tmpdir(), "pack-check-"));

/** Runs a command, failing with its output. */
function run(cmd, args, cwd) {
  try {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (err) {
    throw new Error(`${cmd} ${args.join(" ")} (in ${cwd}) failed:\n${err.stdout ?? ""}${err.stderr ?? ""}`);
  }
}

try {
  const [packed] = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", work], web));
  const files = packed.files.map((f) => f.path).sort();
  const want = [...pkg.files, "package.json"].sort();
  if (JSON.stringify(files) !== JSON.stringify(want)) {
    throw new Error(`the tarball holds ${files.join(", ")}\nwant exactly ${want.join(", ")}`);
  }

  const app = join(work, "app");
  run("mkdir", ["-p", app], work);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "scratch", private: true, type: "module" }));
  run("npm", ["install", "--no-audit", "--no-fund", "--offline", join(work, packed.filename)], app);
  const installed = JSON.parse(readFileSync(join(app, "node_modules", pkg.name, "package.json"), "utf8"));
  if (installed.version !== pkg.version) throw new Error(`installed ${installed.version}, packed ${pkg.version}`);
  if (Object.keys(installed.dependencies ?? {}).length) throw new Error("the package has runtime dependencies");

  // Node resolves both entries by name.
  writeFileSync(
    join(app, "run.mjs"),
    `import { createClient, AuthError } from ${JSON.stringify(pkg.name)};
import { getUser, createServerClient, AuthError as ServerAuthError } from ${JSON.stringify(pkg.name + "/server")};
if (typeof createClient().getMe !== "function" || typeof getUser !== "function" ||
    typeof createServerClient !== "function" || AuthError !== ServerAuthError) process.exit(1);
console.log("ok");
`,
  );
  if (run(process.execPath, ["run.mjs"], app).trim() !== "ok") throw new Error("node could not use the entries");

  // tsc finds the declarations of both entries through "exports".
  writeFileSync(
    join(app, "index.ts"),
    `import { createClient, AuthError, type User, type ErrorType, type SignInResult } from ${JSON.stringify(pkg.name)};
import { getUser, getUserFromRequest, type ServerOptions } from ${JSON.stringify(pkg.name + "/server")};

const auth = createClient({ baseUrl: "https://auth.example.com" });
const result: SignInResult = await auth.signIn({ email: "a@example.com", password: "pw" });
const who: string = result.mfaRequired ? result.factors.join() : result.email;
const options: ServerOptions = { baseUrl: "https://auth.example.com", timeout: 5000 };
const user: User | null = await getUser("a_session_x=1", options);
const again: User | null = await getUserFromRequest(new Request("https://app.example.com/"), options);
const type: ErrorType = new AuthError("m", { type: "network_error", code: 0 }).type;
// @ts-expect-error: the types are real, not any
const wrong: number = user?.email;
export { who, again, type, wrong };
`,
  );
  for (const resolution of [
    { module: "nodenext", moduleResolution: "nodenext" },
    { module: "esnext", moduleResolution: "bundler" },
  ]) {
    writeFileSync(
      join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, target: "es2022", lib: ["es2022", "dom"], types: [], ...resolution },
        files: ["index.ts"],
      }),
    );
    run(process.execPath, [tsc, "-p", "tsconfig.json"], app);
  }
  console.log(`${packed.filename}: ${files.length} files, installs into a scratch project; both entries resolve in node and in tsc --strict (nodenext, bundler)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
