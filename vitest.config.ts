import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "agentic-workbench": fileURLToPath(new URL("./src-main/index.ts", import.meta.url)),
    },
  },
  test: {
    include: ["test/**/*.test.ts", "src-main/**/*.test.ts"],
    // Real subprocesses, git repositories and file watchers: allow for a loaded 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
