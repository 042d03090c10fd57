/**
 * The workbench's tools served over MCP (interop/mcp-server.ts), composed here so that hosts —
 * `agentic mcp` over stdio and the HTTP endpoint in hosts/mcp — import the API layer only. No agent
 * run is offered: an MCP client is already an agent.
 */
import { createRegistryMcpServer, type RegistryMcpServer } from "../interop/mcp-server.ts";
import { APP_VERSION } from "./app-paths.ts";
import type { Workbench } from "./workbench.ts";

export type { RegistryMcpServer } from "../interop/mcp-server.ts";

/** A fresh MCP server over the workbench's registry (one per connection or HTTP session). */
export function createMcpServer(
  workbench: Pick<Workbench, "registry" | "logger">,
): RegistryMcpServer {
  return createRegistryMcpServer({
    registry: workbench.registry,
    version: APP_VERSION,
    logger: workbench.logger,
  });
}
