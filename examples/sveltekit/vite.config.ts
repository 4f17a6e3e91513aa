import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [sveltekit()],
  // The package is linked from ../../web (a file: dependency): let the dev
  // server read it.
  server: { fs: { allow: ["../../web"] } },
});
