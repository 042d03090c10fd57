/**
 * The registry served over MCP with the official SDK. One `Server` per connection (stdio has one;
 * streamable HTTP has one per session); every registered tool is offered under its external name
 * (external-names.ts), and the tool list follows registrations (`notifications/tools/list_changed`).
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  type CallToolResult,
  ErrorCode,
  ListToolsRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "../core/logger.ts";
import { silentLogger } from "../core/logger.ts";
import type { ToolRegistry } from "../core/registry.ts";
import type { InvocationResult } from "../core/result.ts";
import { fromExternalName } from "./external-names.ts";
import { META_NAME, toMcpTool } from "./mcp-tool-definition.ts";

export { META_NAME, toMcpTool } from "./mcp-tool-definition.ts";

/** Options of an MCP server over the registry. */
export interface McpServerOptions {
  registry: ToolRegistry;
  /** Reported to clients in `initialize`. */
  version: string;
  logger?: Logger;
  /** Coalesces a burst of (un)registrations, e.g. a plugin reload, into one notification. */
  listChangedDebounceMs?: number;
}

/** An MCP `Server` bound to the registry; `close()` also stops following the registry. */
export interface RegistryMcpServer {
  server: Server;
  close(): Promise<void>;
}

/** Creates a Server that offers the registry's tools; connect it to a transport. */
export function createRegistryMcpServer(options: McpServerOptions): RegistryMcpServer {
  const { registry } = options;
  const logger = options.logger ?? silentLogger;
  const server = new Server(
    { name: "agentic-workbench", version: options.version },
    {
      capabilities: { tools: { listChanged: true } },
      instructions:
        "Tools of the Agentic Workbench. MCP tool names map to ours reversibly: `math__calculator` is `@math/calculator`.",
    },
  );

  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: registry.list().map(toMcpTool),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const external = request.params.name;
    const name = fromExternalName(
      external,
      registry.list().map((t) => t.metadata.name),
    );
    if (!name || !registry.has(name)) {
      // A plain Error with a code: McpError would prefix its message, and clients prefix again.
      throw Object.assign(
        new Error(
          `NOT_FOUND: no tool named ${JSON.stringify(external)}; call tools/list for the names`,
        ),
        { code: ErrorCode.InvalidParams },
      );
    }
    const progressToken = request.params._meta?.progressToken;
    const result = await registry.invoke(name, request.params.arguments ?? {}, {
      signal: extra.signal,
      origin: "mcp",
      ...(progressToken !== undefined
        ? {
            onProgress: (update) => {
              extra
                .sendNotification({
                  method: "notifications/progress",
                  params: {
                    progressToken,
                    progress: update.progress,
                    ...(update.total !== undefined ? { total: update.total } : {}),
                    ...(update.message !== undefined ? { message: update.message } : {}),
                  },
                })
                .catch((error: unknown) =>
                  logger.debug("progress notification not sent", { error: String(error) }),
                );
            },
          }
        : {}),
    });
    return toCallToolResult(name, result);
  });

  let timer: NodeJS.Timeout | undefined;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      // Before `initialize` there is nobody to tell; the client lists tools when it connects.
      if (!server.transport) return;
      server
        .sendToolListChanged()
        .catch((error: unknown) =>
          logger.debug("tools/list_changed not sent", { error: String(error) }),
        );
    }, options.listChangedDebounceMs ?? 50);
  };
  const unsubscribe = [registry.on("registered", changed), registry.on("unregistered", changed)];

  return {
    server,
    async close() {
      clearTimeout(timer);
      for (const off of unsubscribe) off();
      await server.close();
    },
  };
}

/**
 * Our invocation result as an MCP tool result: the value as text plus `structuredContent` (the
 * value when it is a JSON object, else `{ value }`); a failure as `isError` with our code.
 */
export function toCallToolResult(name: string, result: InvocationResult): CallToolResult {
  const _meta = {
    [META_NAME]: name,
    "agentic-workbench/invocationId": result.invocationId,
    "agentic-workbench/durationMs": result.durationMs,
    "agentic-workbench/cost": result.cost,
  };
  if (result.ok) {
    const value = result.value;
    const text = typeof value === "string" ? value : (JSON.stringify(value, null, 2) ?? "null");
    const structured =
      typeof value === "object" && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : { value: value ?? null };
    return { content: [{ type: "text", text }], structuredContent: structured, _meta };
  }
  const { code, message, hint, details } = result.error;
  return {
    isError: true,
    content: [{ type: "text", text: `${code}: ${message}${hint ? ` (hint: ${hint})` : ""}` }],
    structuredContent: {
      error: { code, message, ...(hint ? { hint } : {}), ...(details ? { details } : {}) },
    },
    _meta,
  };
}
