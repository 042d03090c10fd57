/**
 * Tool definitions as a reviewable file (`agentic tools snapshot > tools.json`): what callers
 * depend on — names, parameter schemas, annotations, cost, deterministic — sorted by name so two
 * snapshots diff cleanly in git too.
 */
import type { JsonSchema, ToolMetadata } from "../core/protocol.ts";

/** One tool's recorded definition. */
export type ToolDefinition = Pick<
  ToolMetadata,
  | "name"
  | "description"
  | "deterministic"
  | "costPerInvocation"
  | "parametersSchema"
  | "version"
  | "resultSchema"
  | "timeoutMs"
  | "tags"
  | "annotations"
>;

/** A snapshot file's content. */
export interface ToolsSnapshot {
  format: "agentic-tools-snapshot";
  version: 1;
  tools: ToolDefinition[];
}

/** A snapshot file that cannot be read as one. */
export class SnapshotFileError extends Error {
  readonly code = "INVALID_SNAPSHOT";
  readonly hint = "make one with `agentic tools snapshot > tools.json`";
}

/** The definitions of `tools`, sorted by name. */
export function snapshotTools(tools: ToolMetadata[]): ToolsSnapshot {
  const definitions = tools
    .map(
      (m): ToolDefinition => ({
        name: m.name,
        description: m.description,
        deterministic: m.deterministic,
        costPerInvocation: m.costPerInvocation,
        parametersSchema: m.parametersSchema,
        ...(m.version !== undefined ? { version: m.version } : {}),
        ...(m.resultSchema !== undefined ? { resultSchema: m.resultSchema } : {}),
        ...(m.timeoutMs !== undefined ? { timeoutMs: m.timeoutMs } : {}),
        ...(m.tags !== undefined ? { tags: m.tags } : {}),
        ...(m.annotations !== undefined ? { annotations: m.annotations } : {}),
      }),
    )
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { format: "agentic-tools-snapshot", version: 1, tools: definitions };
}

/**
 * Reads a snapshot; `agentic tools list --json` output (an array of metadata) is accepted too,
 * so an older listing kept in CI can serve as the baseline.
 */
export function parseSnapshot(file: string, text: string): ToolsSnapshot {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new SnapshotFileError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  const tools = Array.isArray(data) ? data : (data as { tools?: unknown } | null)?.tools;
  if (!Array.isArray(tools)) {
    throw new SnapshotFileError(`${file}: expected { "tools": [...] } or an array of tools`);
  }
  tools.forEach((t, i) => {
    const tool = t as { name?: unknown; parametersSchema?: unknown } | null;
    if (typeof tool?.name !== "string") {
      throw new SnapshotFileError(`${file}: tools[${i}].name is missing or not a string`);
    }
    if (typeof tool.parametersSchema !== "object" || tool.parametersSchema === null) {
      throw new SnapshotFileError(
        `${file}: tools[${i}] (${tool.name}): parametersSchema is missing or not an object`,
      );
    }
  });
  return snapshotTools(tools as ToolMetadata[]);
}

export type { JsonSchema };
