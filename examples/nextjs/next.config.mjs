import { fileURLToPath } from "node:url";

// The package is linked from ../../web (a file: dependency), outside this
// folder: Turbopack and output tracing must see the repository's root.
const root = fileURLToPath(new URL("../..", import.meta.url));

/** @type {import("next").NextConfig} */
const nextConfig = {
  turbopack: { root },
  outputFileTracingRoot: root,
};

export default nextConfig;
