/**
 * `agentic mcp [--http PORT]`: the registry as an MCP server, over stdio (default) or streamable
 * HTTP on 127.0.0.1. Plugins are watched, and clients are told when the tool list changes.
 */
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { APP_VERSION } from "../../api/app-paths.ts";
import type { Workbench } from "../../api/workbench.ts";
import { startMcpHttp } from "../../interop/mcp-http.ts";
import { createRegistryMcpServer } from "../../interop/mcp-server.ts";
import { UsageError } from "./output.ts";

/** Serves until the client disconnects (stdio) or SIGINT/SIGTERM; resolves to the exit code. */
export async function serveMcp(
  workbench: Workbench,
  options: { http?: string; token?: string },
): Promise<number> {
  const createServer = () =>
    createRegistryMcpServer({
      registry: workbench.registry,
      version: APP_VERSION,
      logger: workbench.logger,
    });
  if (options.http === undefined) {
    await workbench.loader.watch();
    const mcp = createServer();
    protectStdout();
    const transport = new StdioServerTransport(process.stdin, protocolStdout);
    const closed = new Promise<void>((resolve) => {
      transport.onclose = () => resolve();
      process.stdin.once("end", resolve);
      process.stdin.once("close", resolve);
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

/** The protocol's own handle on file descriptor 1, once protectStdout has run. */
let protocolStdout: Writable | undefined;

/**
 * In stdio mode stdout carries protocol messages only. The protocol gets its own stream on file
 * descriptor 1, and `process.stdout` is turned to stderr: console.log, a plugin's
 * `process.stdout.write`, and the output of plugin worker threads (which Node pipes into the main
 * thread's `process.stdout`) all land on stderr. Call before the workbench loads plugins.
 */
export function protectStdout(): void {
  if (protocolStdout) return;
  protocolStdout = createWriteStream("", { fd: 1, autoClose: false });
  const toStderr = ((chunk: unknown, encoding?: unknown, callback?: unknown) =>
    process.stderr.write(
      chunk as string,
      encoding as BufferEncoding,
      callback as (error?: Error | null) => void,
    )) as typeof process.stdout.write;
  process.stdout.write = toStderr;
}
