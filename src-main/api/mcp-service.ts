/**
 * The workbench's tools served over MCP (interop/mcp-server.ts) through the Workbench API's own
 * calls — `exportTools("mcp")`, `invoke` with origin `mcp`, `cancel` and the event stream — so an
 * MCP client gets the validation, history, traces and cancellation every other host gets. Composed
 * here so that hosts (`agentic mcp` over stdio, the HTTP endpoint in hosts/mcp) import the API
 * layer only. No agent run is offered: an MCP client is already an agent.
 */
import { randomUUID } from "node:crypto";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "../core/logger.ts";
import {
  createMcpToolServer,
  type McpToolCalls,
  type McpToolServer,
} from "../interop/mcp-server.ts";
import { APP_VERSION } from "./app-paths.ts";
import type { WorkbenchService } from "./workbench-service.ts";

export type { McpToolServer } from "../interop/mcp-server.ts";

/** A fresh MCP server over the service (one per connection or HTTP session). */
export function createMcpServer(
  service: Pick<WorkbenchService, "calls" | "subscribe">,
  logger?: Logger,
): McpToolServer {
  return createMcpToolServer({
    tools: serviceToolCalls(service),
    version: APP_VERSION,
    ...(logger ? { logger } : {}),
  });
}

/** The MCP server's port filled with the API's calls: a signal becomes `cancel`, progress events. */
function serviceToolCalls(service: Pick<WorkbenchService, "calls" | "subscribe">): McpToolCalls {
  const { calls } = service;
  return {
    async exportTools() {
      const exported = await calls.exportTools("mcp");
      // The MCP format's definitions are MCP tools (interop/tool-export.ts uses toMcpTool).
      return { tools: exported.tools as Tool[], names: exported.names };
    },
    async invoke(name, params, { signal, onProgress }) {
      const invocationId = randomUUID();
      const stopProgress = onProgress
        ? service.subscribe((event) => {
            if (event.type === "invocation-progress" && event.invocationId === invocationId)
              onProgress(event.update);
          })
        : undefined;
      const cancel = () => void calls.cancel(invocationId);
      try {
        // `invoke` knows the id (so `cancel` finds it) before it first waits: the tool is
        // registered, its name came from exportTools.
        const result = calls.invoke({ name, params, invocationId, origin: "mcp" });
        if (signal.aborted) cancel();
        else signal.addEventListener("abort", cancel, { once: true });
        return await result;
      } finally {
        signal.removeEventListener("abort", cancel);
        stopProgress?.();
      }
    },
    onToolsChanged(listener) {
      return service.subscribe((event) => {
        if (event.type === "tools-changed") listener();
      });
    },
  };
}
