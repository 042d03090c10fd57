// `npm start`: build if the sources are newer than the build, then open the Electron app — or,
// where the Electron binary is missing (it cannot always be downloaded), serve the same UI with
// the web host and print its URL.
import { spawn } from "node:child_process";
import path from "node:path";
import { buildIfStale, root } from "./build-if-stale.mjs";
import { electronBinary } from "./electron-binary.mjs";

const passThrough = process.argv.slice(2);
if (!buildIfStale()) process.exit(1);

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
