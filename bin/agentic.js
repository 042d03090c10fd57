#!/usr/bin/env node
// Runs the TypeScript CLI without a build step: tsx compiles it on the fly.
import { register } from "tsx/esm/api";

register();
const { runCli } = await import("../src-main/hosts/cli/main.ts");
process.exitCode = await runCli(process.argv.slice(2));
