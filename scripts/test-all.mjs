// `npm test`: every runner — Vitest (unit and integration) and Playwright (e2e in Chromium, and in
// Electron where its binary exists) — then one closing line, "N passed, N failed", summing them.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildIfStale, root } from "./build-if-stale.mjs";
import { electronBinary } from "./electron-binary.mjs";

const reports =
  process.env.TEST_REPORT_DIR ?? mkdtempSync(path.join(os.tmpdir(), "agentic-test-reports-"));
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const run = (command, args, env = {}) =>
  spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } })
    .status === 0;

let ok = run(bin("vitest"), [
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${path.join(reports, "vitest.json")}`,
]);

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  console.log(
    `e2e: no Chromium at ${chromium} — install Debian's package (apt-get install chromium) or set CHROMIUM_PATH`,
  );
  ok = false;
} else if (!buildIfStale()) {
  console.log("e2e: the build failed");
  ok = false;
} else {
  // The same check playwright.config.ts makes to add the electron project.
  if (!electronBinary()) {
    console.log(
      "e2e: the electron project is skipped: the Electron binary is not installed here (it cannot be downloaded); the web project runs the same specs in Chromium",
    );
  }
  ok =
    run(bin("playwright"), ["test"], {
      PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(reports, "playwright.json"),
    }) && ok;
}

const summary = spawnSync(
  process.execPath,
  [path.join(root, "scripts", "ci-summary.mjs"), reports],
  { stdio: "inherit" },
);
process.exit(ok && summary.status === 0 ? 0 : 1);
