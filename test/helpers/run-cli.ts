/** Runs the real `agentic` command as a subprocess, as a user's shell would. */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
/** The CLI's entry point. */
export const AGENTIC_BIN = fileURLToPath(new URL("../../bin/agentic.js", import.meta.url));

/** What a run printed and how it exited. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `agentic ...args` in `cwd`, with `env` over the test's environment (and no colours). */
export async function runAgentic(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<CliRun> {
  try {
    const { stdout, stderr } = await run(process.execPath, [AGENTIC_BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: "1", ...options.env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
