import { defineConfig } from "astro/config";
import node from "@astrojs/node";

export default defineConfig({
  // Pages render on the server for each request (a page can opt out with
  // `export const prerender = true`), on a standalone Node server:
  // `npm run build`, then `node dist/server/entry.mjs` (PORT, HOST).
  output: "server",
  adapter: node({ mode: "standalone" }),
  // The package is linked from ../../web (a file: dependency): let the dev
  // server read it.
  vite: { server: { fs: { allow: ["../../web"] } } },
});
