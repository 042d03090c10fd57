/**
 * `agentic mcp [--http PORT]`: the tools as an MCP server over the Workbench API, over stdio
 * (default) or streamable HTTP on 127.0.0.1. Plugins are watched, and clients are told when the
 * tool list changes.
 */
import { randomBytes } from "node:crypto";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createMcpServer } from "../../api/mcp-service.ts";
import type { Workbench } from "../../api/workbench.ts";
import type { WorkbenchService } from "../../api/workbench-service.ts";
import { claimStdio, protocolStreams } from "./mcp-stdio-claim.ts";
import { UsageError } from "./output.ts";

/** Serves until the client disconnects (stdio) or SIGINT/SIGTERM; resolves to the exit code. */
export async function serveMcp(
  workbench: Workbench,
  service: WorkbenchService,
  options: { http?: string; token?: string },
): Promise<number> {
  const createServer = () => createMcpServer(service, workbench.logger);
  if (options.http === undefined) {
    // Watching starts beside the handshake, not in front of it: the tools are loaded already.
    const watching = workbench.loader
      .watch()
      .catch((error: unknown) =>
        workbench.logger.error("watching the plugin folders failed", { error: String(error) }),
      );
    const mcp = createServer();
    claimStdio();
    const { input, output } = protocolStreams();
    const transport = new StdioServerTransport(input, output);
    const closed = new Promise<void>((resolve) => {
      transport.onclose = () => resolve();
      input.once("end", resolve);
      input.once("close", resolve);
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await mcp.server.connect(transport);
    await watching;
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
  // Only HTTP needs the HTTP endpoint (and its server library): stdio does not load it.
  const { startMcpHttp } = await import("../mcp/http-endpoint.ts");
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
