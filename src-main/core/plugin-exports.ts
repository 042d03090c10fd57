/**
 * Finds the tools a plugin module exports. Accepted, as the default or a named export: a tool, a
 * tool class (constructed without arguments), an array of tools, or a plugin `{ name, tools }`.
 */
import type { ToolProtocol } from "./protocol.ts";

/** What a plugin module yielded. */
export interface ExtractedPlugin {
  /** The plugin's declared name, when it exported `{ name, tools }`. */
  name?: string;
  version?: string;
  tools: { exportName: string; tool: ToolProtocol }[];
  /** Exports that look like tools but are not valid ones. */
  problems: string[];
}

/** Walks a module namespace and collects tools, de-duplicated by identity. */
export function extractTools(moduleNamespace: Record<string, unknown>): ExtractedPlugin {
  const result: ExtractedPlugin = { tools: [], problems: [] };
  const seen = new Set<unknown>();
  const add = (exportName: string, value: unknown) => {
    const tool = asTool(exportName, value, result.problems);
    if (tool && !seen.has(tool)) {
      seen.add(tool);
      seen.add(value);
      result.tools.push({ exportName, tool });
    }
  };
  const visit = (exportName: string, value: unknown, depth: number) => {
    if (value === null || value === undefined || seen.has(value)) return;
    if (isPluginObject(value)) {
      seen.add(value);
      if (typeof value.name === "string") result.name = value.name;
      if (typeof value.version === "string") result.version = value.version;
      for (const [i, t] of value.tools.entries()) add(`${exportName}.tools[${i}]`, t);
      return;
    }
    if (Array.isArray(value)) {
      seen.add(value);
      for (const [i, t] of value.entries()) add(`${exportName}[${i}]`, t);
      return;
    }
    if (looksLikeTool(value) || isToolClass(value)) {
      add(exportName, value);
      return;
    }
    if (isFlatTool(value)) {
      result.problems.push(flatToolProblem(exportName, value));
      return;
    }
    // `module.exports = { a, b }` arrives as a plain default object: look one level inside.
    if (depth === 0 && exportName === "default" && isPlainObject(value)) {
      seen.add(value);
      for (const [key, inner] of Object.entries(value)) visit(key, inner, 1);
    }
  };
  for (const [exportName, value] of Object.entries(moduleNamespace)) {
    if (exportName === "__esModule") continue;
    visit(exportName, value, 0);
  }
  return result;
}

function asTool(exportName: string, value: unknown, problems: string[]): ToolProtocol | undefined {
  if (isToolClass(value)) {
    try {
      const instance = new (value as new () => unknown)();
      if (looksLikeTool(instance)) return instance as ToolProtocol;
      problems.push(
        `export "${exportName}" is a class whose instances have no metadata and invoke`,
      );
    } catch (error) {
      problems.push(
        `export "${exportName}": constructing the tool class threw: ${(error as Error).message}`,
      );
    }
    return undefined;
  }
  if (looksLikeTool(value)) return value as ToolProtocol;
  problems.push(`export "${exportName}" is not a tool (it needs metadata and an invoke function)`);
  return undefined;
}

/**
 * The flat-object mistake: `export default { name, description, invoke }` — the metadata fields
 * beside `invoke` instead of inside `metadata`. Said with the right shape, not as "no tools".
 */
function isFlatTool(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value) || "metadata" in value) return false;
  return (
    typeof value.invoke === "function" &&
    (typeof value.name === "string" || typeof value.description === "string")
  );
}

function flatToolProblem(exportName: string, value: Record<string, unknown>): string {
  const name = typeof value.name === "string" ? value.name : "@scope/name";
  return (
    `export "${exportName}" has name/description beside invoke, but a tool keeps them in "metadata": ` +
    `export default { metadata: { name: ${JSON.stringify(name)}, description, deterministic, costPerInvocation, parametersSchema }, invoke(params, ctx) { ... } } ` +
    `— or write it flat with defineTool({ name, description, deterministic, costPerInvocation, parametersSchema, invoke })`
  );
}

function looksLikeTool(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    "metadata" in value &&
    typeof (value as { invoke?: unknown }).invoke === "function"
  );
}

function isToolClass(value: unknown): boolean {
  return (
    typeof value === "function" &&
    typeof (value as { prototype?: { invoke?: unknown } }).prototype?.invoke === "function"
  );
}

function isPluginObject(
  value: unknown,
): value is { name?: unknown; version?: unknown; tools: unknown[] } {
  return isPlainObject(value) && Array.isArray((value as { tools?: unknown }).tools);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
