/** `agentic tools list` and `agentic tools show`, over the Workbench API. */

import type { ToolDetail, WorkbenchCalls } from "../../api/contract.ts";
import { formatCost, printJson, table, UsageError } from "./output.ts";

/** The `--json` shape: the tool's metadata plus `source` (the API's scope and kind left out). */
export function toolJson(tool: ToolDetail): Record<string, unknown> {
  const { scope: _scope, sourceKind: _kind, ...metadata } = tool;
  return metadata;
}

export async function listTools(
  api: WorkbenchCalls,
  options: { json?: boolean; search?: string; scope?: string; deterministic?: boolean },
): Promise<void> {
  const tools = await api.listTools({
    ...(options.search ? { search: options.search } : {}),
    ...(options.scope ? { scope: options.scope } : {}),
    ...(options.deterministic ? { deterministicOnly: true } : {}),
  });
  if (options.json) {
    const details = await Promise.all(tools.map((t) => api.getTool(t.name)));
    printJson(details.filter((d): d is ToolDetail => d !== null).map(toolJson));
    return;
  }
  const { workspaceRoot } = await api.info();
  const rows = tools.map((t) => [
    t.name,
    t.deterministic ? "yes" : "no",
    formatCost(t.costPerInvocation),
    shortSource(t.source, workspaceRoot),
    t.description,
  ]);
  process.stdout.write(
    `${table(["NAME", "DETERMINISTIC", "COST", "SOURCE", "DESCRIPTION"], rows)}\n`,
  );
  process.stdout.write(`${tools.length} tool${tools.length === 1 ? "" : "s"}\n`);
}

export async function showTool(
  api: WorkbenchCalls,
  name: string,
  options: { json?: boolean },
): Promise<void> {
  const tool = await api.getTool(name);
  if (!tool) {
    const suggestions = await api.suggestTools(name);
    throw new UsageError(
      `no tool named ${JSON.stringify(name)}`,
      suggestions.length > 0
        ? `did you mean ${suggestions.join(", ")}?`
        : "run `agentic tools list`",
    );
  }
  if (options.json) {
    printJson(toolJson(tool));
    return;
  }
  const lines = [
    tool.name + (tool.version ? ` ${tool.version}` : ""),
    `  ${tool.description}`,
    `  deterministic: ${tool.deterministic ? "yes" : "no"}`,
    `  cost per invocation: ${formatCost(tool.costPerInvocation)}`,
    `  source: ${tool.source}`,
  ];
  if (tool.timeoutMs !== undefined) lines.push(`  timeout: ${tool.timeoutMs} ms`);
  if (tool.tags?.length) lines.push(`  tags: ${tool.tags.join(", ")}`);
  if (tool.annotations) {
    const a = Object.entries(tool.annotations)
      .filter(([, v]) => v)
      .map(([k]) => k);
    if (a.length) lines.push(`  annotations: ${a.join(", ")}`);
  }
  lines.push(
    "  parameters:",
    ...JSON.stringify(tool.parametersSchema, null, 2)
      .split("\n")
      .map((l) => `    ${l}`),
  );
  process.stdout.write(`${lines.join("\n")}\n`);
}

function shortSource(source: string, workspaceRoot: string): string {
  return source.startsWith("file:") && source.includes(workspaceRoot)
    ? `file:${source.slice(5 + workspaceRoot.length + 1)}`
    : source;
}
