#!/usr/bin/env node
// Runs the TypeScript CLI without a build step: tsx compiles it on the fly.
import { register } from "tsx/esm/api";

register();
const { runCli } = await import("../src-main/hosts/cli/main.ts");
const code = await runCli(process.argv.slice(2));
// Exit now: a timed-out or cancelled tool may still hold timers or sockets that would otherwise
// keep the process alive after its result was printed (stdout to pipes and files is synchronous).
process.exit(code);
