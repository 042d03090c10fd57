// Runs `electron-vite build` when out/ is missing or older than the sources it is built from.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The newest modification time of any file under `dir`. */
export function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds if needed; returns false when the build failed. */
export function buildIfStale() {
  const built = path.join(root, "out", "renderer", "index.html");
  // The CLI's entry too: an out/ from before it was built (or without it) is rebuilt.
  if (!existsSync(path.join(root, "out", "main", "cli.js"))) return runBuild();
  const sources = ["src-main", "src-renderer"].map((d) => newestMtime(path.join(root, d)));
  const config = statSync(path.join(root, "electron.vite.config.ts")).mtimeMs;
  if (existsSync(built) && Math.max(...sources, config) <= statSync(built).mtimeMs) return true;
  return runBuild();
}

function runBuild() {
  console.log("Building the workbench (electron-vite build)…");
  const result = spawnSync(
    process.execPath,
    [path.join(root, "node_modules", "electron-vite", "bin", "electron-vite.js"), "build"],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
  return result.status === 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(buildIfStale() ? 0 : 1);
