/** Events the registry emits; the UI and MCP server subscribe to follow tools and invocations. */

import type { ProgressUpdate, RegisteredTool } from "./protocol.ts";
import type { InvocationResult } from "./result.ts";

/** Event name → payload. */
export interface RegistryEvents {
  registered: { tool: RegisteredTool };
  unregistered: { name: string; source: string };
  "invocation:started": { invocationId: string; name: string; params: unknown };
  "invocation:progress": { invocationId: string; name: string; update: ProgressUpdate };
  "invocation:finished": {
    invocationId: string;
    name: string;
    params: unknown;
    result: InvocationResult;
  };
}

/** Name of a registry event. */
export type RegistryEventName = keyof RegistryEvents;
