/**
 * In the plugin host (worker thread): every child process a plugin starts with spawn, exec,
 * execFile or fork is put in a process group of its own and its id reported to the main side,
 * which ends those groups when the host goes down or closes (child-groups.ts). A group, not just
 * the pid, so that `sh -c 'server &'` — whose shell exits at once — is still reached. The
 * synchronous variants (spawnSync, execSync) end before they return and are not tracked.
 */
import { ChildProcess } from "node:child_process";

/** POSIX only: Windows has no process groups to kill by id. */
const GROUPS = process.platform !== "win32";

/**
 * Wraps `ChildProcess.prototype.spawn`, which every asynchronous child_process function goes
 * through. Built-in modules are per thread, so this touches the plugin host's thread alone.
 */
export function trackChildProcesses(report: (pid: number) => void): void {
  if (!GROUPS) return;
  // Not in Node's types, but stable since Node 0.x: spawn/exec/execFile/fork all call it.
  const proto = ChildProcess.prototype as unknown as { spawn: SpawnMethod };
  const original = proto.spawn;
  proto.spawn = function spawnInOwnGroup(this: ChildProcess, options: Record<string, unknown>) {
    // detached on POSIX means setsid(): a new session and process group led by the child.
    const result = original.call(this, { ...options, detached: true });
    if (typeof this.pid === "number") report(this.pid);
    return result;
  };
}

type SpawnMethod = (this: ChildProcess, options: Record<string, unknown>) => unknown;
