// `npm start`: build if the sources are newer than the build, then open the Electron app — or,
// where the Electron binary is missing (it cannot always be downloaded), serve the same UI with
// the web host and print its URL.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const built = path.join(root, "out", "renderer", "index.html");
const passThrough = process.argv.slice(2);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const stale =
  !existsSync(built) ||
  Math.max(newestMtime(path.join(root, "src-main")), newestMtime(path.join(root, "src-renderer"))) >
    statSync(built).mtimeMs;
if (stale) {
  console.log("Building the workbench (electron-vite build)…");
  const result = spawnSync(
    process.execPath,
    [path.join(root, "node_modules", "electron-vite", "bin", "electron-vite.js"), "build"],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** The Electron binary, found the way the electron package records it, without requiring it. */
export function electronBinary() {
  const pkg = path.join(root, "node_modules", "electron");
  const pathFile = path.join(pkg, "path.txt");
  if (!existsSync(pathFile)) return undefined;
  const binary = path.join(pkg, "dist", readFileSync(pathFile, "utf8").trim());
  return existsSync(binary) ? binary : undefined;
}

const binary = electronBinary();
const child = binary
  ? spawn(binary, [root, ...passThrough], { cwd: process.cwd(), stdio: "inherit" })
  : (() => {
      console.log(
        "The Electron binary is not installed here (it could not be downloaded); serving the same UI in your browser instead.",
      );
      return spawn(
        process.execPath,
        [path.join(root, "bin", "agentic.js"), "serve", ...passThrough],
        {
          cwd: process.cwd(),
          stdio: "inherit",
        },
      );
    })();
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
