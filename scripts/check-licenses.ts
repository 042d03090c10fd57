/**
 * Fails when an installed dependency (production or development: CI runs both) carries a licence
 * that is not a free or open-source one. SPDX expressions are honoured: for `A OR B` one allowed
 * licence suffices, for `A AND B` each must be allowed. Then the same for the Python packages of
 * every `.venv-*` the project installs.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const checker = require("license-checker-rseidelsohn") as {
  init(
    options: { start: string; excludePrivatePackages: boolean },
    callback: (
      error: Error | null,
      packages: Record<string, { licenses?: string | string[] }>,
    ) => void,
  ): void;
};

/** OSI-approved or FSF-free licences, plus the Creative Commons ones data packages use. */
const ALLOWED = new Set([
  "MIT",
  "MIT-0",
  "ISC",
  "Apache-2.0",
  "BSD-2-Clause",
  "BSD-3-Clause",
  "0BSD",
  "BlueOak-1.0.0",
  "MPL-2.0",
  "CC0-1.0",
  "CC-BY-3.0",
  "CC-BY-4.0",
  "Unlicense",
  "Python-2.0",
  "Zlib",
  "WTFPL",
  "LGPL-2.1",
  "LGPL-3.0",
  "Artistic-2.0",
  "BSD",
  "Apache 2.0",
  "Public Domain",
  "Unicode-DFS-2016",
  "Unicode-3.0",
]);

/**
 * Packages whose package.json names no licence, reviewed by hand: name@version → what the
 * package's own files say. A new version is checked again.
 */
const REVIEWED: Record<string, string> = {
  // Dependency of winston 2 (via @doyensec/electronegativity); cycle.js's header says "Public Domain."
  "cycle@1.0.3": "Public Domain",
  // "SEE LICENSE IN LICENSE": the MCP project's LICENSE, code under Apache-2.0 and (not yet
  // relicensed contributions) MIT. Dev dependencies of the interop tests.
  "@modelcontextprotocol/inspector@2.12.0": "Apache-2.0 AND MIT",
  // No LICENSE file in the package; its README: "licensed under the MIT License" (the servers repo).
  "@modelcontextprotocol/server-filesystem@2026.8.31": "MIT",
};

function allowed(expression: string): boolean {
  const text = expression.replace(/[()*]/g, " ").trim();
  if (/\sOR\s/i.test(text)) return text.split(/\s+OR\s+/i).some(allowed);
  if (/\sAND\s/i.test(text)) return text.split(/\s+AND\s+/i).every(allowed);
  return ALLOWED.has(text.replace(/-or-later$|-only$|\+$/, ""));
}

checker.init({ start: process.cwd(), excludePrivatePackages: true }, (error, packages) => {
  if (error) {
    console.error(`licence check failed to run: ${error.message}`);
    process.exit(1);
  }
  const bad = Object.entries(packages).filter(([name, info]) => {
    const reviewed = REVIEWED[name];
    if (reviewed) return !allowed(reviewed);
    const licences = Array.isArray(info.licenses) ? info.licenses : [info.licenses ?? "UNKNOWN"];
    return !licences.every(allowed);
  });
  for (const [name, info] of bad)
    console.error(`not an open-source licence: ${name} (${String(info.licenses)})`);
  console.log(`licences: ${Object.keys(packages).length} packages checked, ${bad.length} refused`);
  const pythonOk = checkPythonVenvs();
  process.exit(bad.length > 0 || !pythonOk ? 1 : 0);
});

/**
 * The Python side: every virtualenv the project installs (`.venv-*`: LiteLLM, aider) is checked
 * with its own interpreter by scripts/check-python-licenses.py. In CI each must be there.
 */
function checkPythonVenvs(): boolean {
  const root = process.cwd();
  const venvs = readdirSync(root).filter((name) => /^\.venv(-|$)/.test(name));
  let ok = true;
  for (const expected of [".venv-litellm", ".venv-aider"]) {
    if (process.env.CI && !venvs.includes(expected)) {
      console.error(`licence check: ${expected} is missing; .ci/run installs it before this step`);
      ok = false;
    }
  }
  for (const venv of venvs) {
    const python = path.join(root, venv, "bin", "python");
    if (!existsSync(python)) continue;
    const run = spawnSync(python, [path.join(root, "scripts", "check-python-licenses.py")], {
      stdio: "inherit",
    });
    if (run.status !== 0) ok = false;
  }
  return ok;
}
