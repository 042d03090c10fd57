/**
 * `agentic mcp [--http PORT]`: the tools as an MCP server over the Workbench API, over stdio
 * (default) or streamable HTTP on 127.0.0.1. Plugins are watched, and clients are told when the
 * tool list changes.
 */
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import type { Readable, Writable } from "node:stream";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createMcpServer } from "../../api/mcp-service.ts";
import type { Workbench } from "../../api/workbench.ts";
import type { WorkbenchService } from "../../api/workbench-service.ts";
import { startMcpHttp } from "../mcp/http-endpoint.ts";
import { canRelay, relayToChild, takeProtocolStream } from "./mcp-stdio-relay.ts";
import { UsageError } from "./output.ts";

/** Serves until the client disconnects (stdio) or SIGINT/SIGTERM; resolves to the exit code. */
export async function serveMcp(
  workbench: Workbench,
  service: WorkbenchService,
  options: { http?: string; token?: string },
): Promise<number> {
  const createServer = () => createMcpServer(service, workbench.logger);
  if (options.http === undefined) {
    await workbench.loader.watch();
    const mcp = createServer();
    claimStdio();
    const { input, output } = protocol ?? { input: process.stdin, output: process.stdout };
    const transport = new StdioServerTransport(input, output);
    const closed = new Promise<void>((resolve) => {
      transport.onclose = () => resolve();
      input.once("end", resolve);
      input.once("close", resolve);
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await mcp.server.connect(transport);
    await closed;
    await mcp.close().catch(() => undefined);
    return 0;
  }

  const port = Number(options.http);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--http must be a port number, got ${JSON.stringify(options.http)}`);
  }
  // A token of the user's (--token, AGENTIC_MCP_TOKEN) lets a client be configured once.
  const token = options.token ?? process.env.AGENTIC_MCP_TOKEN ?? randomBytes(24).toString("hex");
  if (token.length < 16) {
    throw new UsageError(
      "--token must be at least 16 characters",
      "or leave it out for a random one",
    );
  }
  await workbench.loader.watch();
  const host = await startMcpHttp({ createServer, port, token, logger: workbench.logger }).catch(
    (error: NodeJS.ErrnoException) => {
      throw new UsageError(
        error.code === "EADDRINUSE"
          ? `port ${port} is already in use`
          : `cannot start the MCP HTTP endpoint: ${error.message}`,
        error.code === "EADDRINUSE" ? "pick another port, or --http 0 for a free one" : undefined,
      );
    },
  );
  process.stdout.write(`MCP server (streamable HTTP) at ${host.url}   (Ctrl+C to stop)\n`);
  process.stdout.write(`Send every request with the header  Authorization: Bearer ${token}\n`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await host.close();
  return 0;
}

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
