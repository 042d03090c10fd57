/**
 * `agentic mcp` over stdio keeps the protocol off file descriptor 1. Patching `process.stdout`
 * cannot catch `fs.writeSync(1, …)`, a worker writing to fd 1, or a child process that inherits
 * stdout, and Node cannot dup2. So the command re-runs itself as a child whose fd 1 *is* our
 * stderr and whose protocol travels over an extra descriptor (fd 3, a socket pair); this thin
 * parent only relays its own stdin/stdout to that descriptor. Whatever a plugin, its worker or
 * its grandchildren print lands on stderr. The child's stdin is /dev/null, so a plugin reading
 * stdin cannot swallow protocol messages either.
 */
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import type { Duplex } from "node:stream";
import { appRoot } from "../../api/app-paths.ts";

/** Set in the child's environment (and removed from it on start): the protocol's descriptor. */
const PROTOCOL_FD_ENV = "AGENTIC_MCP_PROTOCOL_FD";

/** Whether this platform can keep the protocol on its own descriptor (POSIX socket pairs). */
export function canRelay(): boolean {
  return process.platform !== "win32";
}

/**
 * In the child: the protocol's stream, read once (the variable is removed so that a plugin's own
 * `agentic mcp` child would not mistake itself for ours). Undefined in any other process.
 */
export function takeProtocolStream(): Duplex | undefined {
  const fd = Number(process.env[PROTOCOL_FD_ENV]);
  delete process.env[PROTOCOL_FD_ENV];
  if (!Number.isInteger(fd) || fd < 3) return undefined;
  return new net.Socket({ fd, readable: true, writable: true });
}

/**
 * In the parent: runs `agentic <argv>` as the child described above, relays stdin → child and
 * child → stdout until the child exits, and resolves to its exit code. SIGINT/SIGTERM are passed
 * on so the child can close its workbench (and the plugins' processes) itself.
 */
export function relayToChild(argv: string[]): Promise<number> {
  const bin = path.join(appRoot(), "bin", "agentic.js");
  const child = spawn(process.execPath, [...process.execArgv, bin, ...argv], {
    env: { ...process.env, [PROTOCOL_FD_ENV]: "3" },
    // fd 1 of the child is our fd 2: stderr, where stray output cannot corrupt the protocol.
    stdio: ["ignore", 2, "inherit", "pipe"],
  });
  const protocol = child.stdio[3] as Duplex;
  process.stdin.pipe(protocol);
  protocol.pipe(process.stdout);
  // A client that goes away closes our stdout; the child then sees its descriptor close.
  protocol.on("error", () => undefined);
  process.stdout.on("error", () => protocol.destroy());
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const onInt = forward("SIGINT");
  const onTerm = forward("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  return new Promise((resolve) => {
    child.on("error", (error) => {
      process.stderr.write(`agentic mcp: cannot start the server process: ${error.message}\n`);
      resolve(1);
    });
    child.on("exit", (code, signal) => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      process.stdin.unpipe(protocol);
      process.stdin.pause();
      // Let the last protocol bytes reach stdout before the caller exits.
      const done = () => resolve(code ?? (signal ? 1 : 0));
      if (protocol.readableEnded || protocol.destroyed) done();
      else {
        protocol.once("end", done);
        protocol.once("close", done);
      }
    });
  });
}
