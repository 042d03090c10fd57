/**
 * Tools served over MCP with the official SDK. One `Server` per connection (stdio has one;
 * streamable HTTP has one per session); every tool is offered under its external name
 * (external-names.ts), and the tool list follows registrations (`notifications/tools/list_changed`).
 * The server reaches the tools through a port (McpToolCalls): in the app, the Workbench API's own
 * calls (api/mcp-service.ts), so MCP gets the validation, history, traces and cancel every other
 * host gets; over a bare registry, `createRegistryMcpServer` (tests, scripts).
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  type CallToolResult,
  ErrorCode,
  ListToolsRequestSchema,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "../core/logger.ts";
import { silentLogger } from "../core/logger.ts";
import type { ProgressUpdate } from "../core/protocol.ts";
import type { ToolRegistry } from "../core/registry.ts";
import type { InvocationResult } from "../core/result.ts";
import { META_NAME, toMcpTool } from "./mcp-tool-definition.ts";

export { META_NAME, toMcpTool } from "./mcp-tool-definition.ts";

/** What the server needs of the tools: their definitions, one call, news of the list changing. */
export interface McpToolCalls {
  /** The tools as MCP definitions, with each external name mapped back to ours. */
  exportTools(): Promise<{ tools: Tool[]; names: Record<string, string> }>;
  /** Runs one tool for an MCP client (origin `mcp`); aborting `signal` cancels it. */
  invoke(
    name: string,
    params: unknown,
    options: { signal: AbortSignal; onProgress?: (update: ProgressUpdate) => void },
  ): Promise<InvocationResult>;
  /** Calls `listener` when tools come or go; returns the function that stops it. */
  onToolsChanged(listener: () => void): () => void;
}

/** Options of an MCP server over tools. */
export interface McpToolServerOptions {
  tools: McpToolCalls;
  /** Reported to clients in `initialize`. */
  version: string;
  logger?: Logger;
  /** Coalesces a burst of (un)registrations, e.g. a plugin reload, into one notification. */
  listChangedDebounceMs?: number;
}

/** Options of an MCP server over a bare registry. */
export interface McpServerOptions extends Omit<McpToolServerOptions, "tools"> {
  registry: ToolRegistry;
}

/** An MCP `Server` bound to the tools; `close()` also stops following their list. */
export interface McpToolServer {
  server: Server;
  close(): Promise<void>;
}

/** Creates a Server that offers the tools; connect it to a transport. */
export function createMcpToolServer(options: McpToolServerOptions): McpToolServer {
  const { tools } = options;
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
    tools: (await tools.exportTools()).tools,
  }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const external = request.params.name;
    const { names } = await tools.exportTools();
    const name = Object.hasOwn(names, external) ? names[external] : undefined;
    if (!name) {
      // A plain Error with a code: McpError would prefix its message, and clients prefix again.
      throw Object.assign(
        new Error(
          `NOT_FOUND: no tool named ${JSON.stringify(external)}; call tools/list for the names`,
        ),
        { code: ErrorCode.InvalidParams },
      );
    }
    const progressToken = request.params._meta?.progressToken;
    const result = await tools.invoke(name, request.params.arguments ?? {}, {
      signal: extra.signal,
      ...(progressToken !== undefined
        ? {
            onProgress: (update: ProgressUpdate) => {
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
  const unsubscribe = tools.onToolsChanged(changed);

  return {
    server,
    async close() {
      clearTimeout(timer);
      unsubscribe();
      await server.close();
    },
  };
}

/** Creates a Server over a bare registry (no workbench: tests, scripts); the app uses the API. */
export function createRegistryMcpServer(options: McpServerOptions): McpToolServer {
  const { registry, ...rest } = options;
  return createMcpToolServer({ ...rest, tools: registryToolCalls(registry) });
}

/** The port filled straight from a registry. */
function registryToolCalls(registry: ToolRegistry): McpToolCalls {
  return {
    async exportTools() {
      const names: Record<string, string> = {};
      const tools = registry.list().map((tool) => {
        const definition = toMcpTool(tool);
        names[definition.name] = tool.metadata.name;
        return definition;
      });
      return { tools, names };
    },
    invoke: (name, params, { signal, onProgress }) =>
      registry.invoke(name, params, {
        signal,
        origin: "mcp",
        ...(onProgress ? { onProgress } : {}),
      }),
    onToolsChanged(listener) {
      const off = [registry.on("registered", listener), registry.on("unregistered", listener)];
      return () => {
        for (const stop of off) stop();
      };
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
