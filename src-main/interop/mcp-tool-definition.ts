/**
 * A registered tool as an MCP `tools/list` entry. Apart from the server so that `tools export
 * --format mcp` (and the agent service, through tool-export.ts) need not import the MCP SDK,
 * which takes ~0.1 s: only its types are used here.
 */
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { JsonSchema, RegisteredTool } from "../core/protocol.ts";
import { EXTERNAL_NAME_LIMITS, toExternalName } from "./external-names.ts";

/** The `_meta` key under which each offered tool carries its name in our registry. */
export const META_NAME = "agentic-workbench/name";

/** A registered tool as an MCP tool definition. */
export function toMcpTool(tool: RegisteredTool): Tool {
  const m = tool.metadata;
  return {
    name: toExternalName(m.name, EXTERNAL_NAME_LIMITS.mcp),
    title: m.name,
    description: m.description,
    inputSchema: objectSchema(m.parametersSchema) as Tool["inputSchema"],
    annotations: {
      title: m.name,
      readOnlyHint: m.annotations?.readOnly === true,
      destructiveHint: m.annotations?.destructive === true,
      // Same parameters, same result, no side effects worth repeating: the MCP meaning of idempotent.
      idempotentHint: m.deterministic || m.annotations?.readOnly === true,
      openWorldHint: tool.source.startsWith("mcp:"),
    },
    _meta: {
      [META_NAME]: m.name,
      "agentic-workbench/deterministic": m.deterministic,
      "agentic-workbench/costPerInvocation": m.costPerInvocation,
      "agentic-workbench/source": tool.source,
    },
  };
}

/** MCP requires an object schema at the top; ours nearly always is. */
function objectSchema(schema: JsonSchema): Record<string, unknown> {
  if (typeof schema === "boolean") return { type: "object" };
  return schema.type === undefined ? { type: "object", ...schema } : { ...schema };
}
