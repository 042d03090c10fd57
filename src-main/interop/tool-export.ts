/**
 * The registry's tools as function definitions for other tool APIs: OpenAI (Chat Completions
 * `tools` entries), Anthropic (Messages API `tools` entries) and MCP (`tools/list` entries). Names
 * are mapped with external-names.ts, so a model's tool call maps back to our tool.
 */
import type { JsonSchema, RegisteredTool } from "../core/protocol.ts";
import { EXTERNAL_NAME_LIMITS, toExternalName } from "./external-names.ts";
import { toMcpTool } from "./mcp-tool-definition.ts";
import { portableSchema } from "./portable-schema.ts";

/** Formats `tools export` knows. */
export const EXPORT_FORMATS = ["openai", "anthropic", "mcp"] as const;

/** One of EXPORT_FORMATS. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** An OpenAI Chat Completions tool. */
export interface OpenAiFunctionTool {
  type: "function";
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

/** An Anthropic Messages API tool. */
export interface AnthropicTool {
  name: string;
  description: string;
  input_schema: Record<string, unknown>;
}

/** The definitions plus the map from each external name back to ours. */
export interface ToolExport {
  format: ExportFormat;
  tools: unknown[];
  /** External name → our name. */
  names: Record<string, string>;
}

/** Exports `tools` in `format`. */
export function exportTools(tools: RegisteredTool[], format: ExportFormat): ToolExport {
  const names: Record<string, string> = {};
  const definitions = tools.map((tool) => {
    const m = tool.metadata;
    let external: string;
    let definition: unknown;
    switch (format) {
      case "openai": {
        external = toExternalName(m.name, EXTERNAL_NAME_LIMITS.openai);
        definition = {
          type: "function",
          function: {
            name: external,
            description: m.description,
            parameters: params(m.parametersSchema),
          },
        } satisfies OpenAiFunctionTool;
        break;
      }
      case "anthropic": {
        external = toExternalName(m.name, EXTERNAL_NAME_LIMITS.anthropic);
        definition = {
          name: external,
          description: m.description,
          input_schema: params(m.parametersSchema),
        } satisfies AnthropicTool;
        break;
      }
      case "mcp": {
        const mcp = toMcpTool(tool);
        external = mcp.name;
        definition = mcp;
        break;
      }
    }
    names[external] = m.name;
    return definition;
  });
  return { format, tools: definitions, names };
}

/** Both APIs want an object schema at the top, without `$schema`. */
function params(schema: JsonSchema): Record<string, unknown> {
  return portableSchema(schema) as Record<string, unknown>;
}
