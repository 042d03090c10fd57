/**
 * Who owns stdio in `agentic mcp`'s stdio mode, decided before anything else loads: this module
 * imports neither the MCP SDK nor the workbench, so the relaying parent (mcp-stdio-relay.ts)
 * stays a small process and the server's child pays for them once.
 */
import { createWriteStream } from "node:fs";
import type { Readable, Writable } from "node:stream";
import { canRelay, relayToChild, takeProtocolStream } from "./mcp-stdio-relay.ts";

/** The protocol's streams in stdio mode, once claimStdio has run. */
let protocol: { input: Readable; output: Writable } | undefined;
/** This process is the thin parent that relays stdio to the real server (see mcp-stdio-relay). */
let relaying = false;

/**
 * In stdio mode stdout carries protocol messages only. On POSIX, the first `agentic mcp` becomes
 * a relay and the server runs as its child with the protocol on fd 3 and fd 1 pointing at stderr
 * (mcp-stdio-relay.ts); this function, in that child, takes the protocol's descriptor. On Windows,
 * the protocol keeps fd 1 and `process.stdout` is turned to stderr: console.log and a worker's
 * output land there, `fs.writeSync(1, …)` and inheriting child processes still do not.
 */
export function claimStdio(): void {
  if (protocol || relaying) return;
  const stream = takeProtocolStream();
  if (stream) {
    protocol = { input: stream, output: stream };
    return;
  }
  if (canRelay()) {
    relaying = true;
    return;
  }
  protocol = { input: process.stdin, output: createWriteStream("", { fd: 1, autoClose: false }) };
  const toStderr = ((chunk: unknown, encoding?: unknown, callback?: unknown) =>
    process.stderr.write(
      chunk as string,
      encoding as BufferEncoding,
      callback as (error?: Error | null) => void,
    )) as typeof process.stdout.write;
  process.stdout.write = toStderr;
}

/** Whether this process only relays stdio to the real server (claimStdio decided). */
export function mustRelay(options: { http?: string }): boolean {
  return options.http === undefined && relaying;
}

/** Runs the server as a child and relays stdio to it; resolves to its exit code. */
export function relayStdio(argv: string[]): Promise<number> {
  return relayToChild(argv);
}

/** The streams the protocol runs on (claimStdio's, else the process's own). */
export function protocolStreams(): { input: Readable; output: Writable } {
  return protocol ?? { input: process.stdin, output: process.stdout };
}
