import { resolve } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "electron-vite";

// main, preload and renderer point at src-main and src-renderer (DESIGN.md's layout).
export default defineConfig({
  main: {
    build: {
      outDir: "out/main",
      // The entries share one build: Electron's main, the `agentic` CLI (bin/agentic.js runs
      // out/main/cli.js when it is up to date, so no command compiles TypeScript at start), and
      // the plugin host's worker thread, which the built code starts from out/main/plugin-host.js,
      // and the plugin API.
      rollupOptions: {
        input: {
          index: resolve("src-main/hosts/electron/main.ts"),
          cli: resolve("src-main/hosts/cli/main.ts"),
          "plugin-host": resolve("src-main/isolation/host-entry.ts"),
          // What plugins import as `agentic-workbench`, as JavaScript Node imports without
          // compiling (natively imported plugins would otherwise need Node's type stripping).
          "plugin-api": resolve("src-main/core/plugin-api.ts"),
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
      // electron-vite leaves bundles unminified; the renderer is also served to browsers, and
      // parsing 1.5 MB of unminified JavaScript was a third of the web UI's start.
      minify: true,
      rollupOptions: { input: { index: resolve("src-renderer/index.html") } },
    },
  },
});
