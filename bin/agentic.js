#!/usr/bin/env node
// The `agentic` command. It runs the built JavaScript (out/main/cli.js, made by `npm run build`,
// which `npm install` runs through `prepare`) when that is at least as new as the sources;
// otherwise — a checkout being edited — tsx compiles the TypeScript on the fly, as before.
import { statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { newestMtime } from "../scripts/build-if-stale.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const built = path.join(root, "out", "main", "cli.js");

function builtIsFresh() {
  try {
    return statSync(built).mtimeMs >= newestMtime(path.join(root, "src-main"));
  } catch {
    return false;
  }
}

let runCli;
if (process.env.AGENTIC_FROM_SOURCE !== "1" && builtIsFresh()) {
  ({ runCli } = await import(pathToFileURL(built).href));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ runCli } = await import("../src-main/hosts/cli/main.ts"));
}
const code = await runCli(process.argv.slice(2));
// Exit now: a timed-out or cancelled tool may still hold timers or sockets that would otherwise
// keep the process alive after its result was printed (stdout to pipes and files is synchronous).
process.exit(code);
