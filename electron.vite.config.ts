import { resolve } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "electron-vite";

// main, preload and renderer point at src-main and src-renderer (DESIGN.md's layout).
export default defineConfig({
  main: {
    build: {
      outDir: "out/main",
      // Two entries share one build: Electron's main, and the `agentic` CLI (bin/agentic.js runs
      // out/main/cli.js when it is up to date, so no command compiles TypeScript at start).
      rollupOptions: {
        input: {
          index: resolve("src-main/hosts/electron/main.ts"),
          cli: resolve("src-main/hosts/cli/main.ts"),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: "out/preload",
      rollupOptions: {
        input: { index: resolve("src-main/hosts/electron/preload.ts") },
        // A sandboxed preload must be one CommonJS file that requires nothing but electron.
        output: { format: "cjs", entryFileNames: "[name].cjs" },
      },
    },
  },
  renderer: {
    root: "src-renderer",
    plugins: [react()],
    resolve: {
      // @rjsf/core's test helper imports the Ajv validator, which generates code at run time and
      // so breaks under our CSP; the app never calls that helper. Point it at our CSP-safe one.
      alias: { "@rjsf/validator-ajv8": resolve("src-renderer/lib/rjsf-validator.ts") },
    },
    build: {
      outDir: "out/renderer",
      rollupOptions: { input: { index: resolve("src-renderer/index.html") } },
    },
  },
});
