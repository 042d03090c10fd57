/** `agentic tools list` and `agentic tools show`. */

import type { Workbench } from "../../api/workbench.ts";
import type { RegisteredTool } from "../../core/protocol.ts";
import { suggestNames } from "../../core/suggestions.ts";
import { formatCost, printJson, table, UsageError } from "./output.ts";

/** Metadata plus `source`, the shape of `--json` output. */
export function toolJson(tool: RegisteredTool): Record<string, unknown> {
  return { ...tool.metadata, source: tool.source };
}

export function listTools(
  workbench: Workbench,
  options: { json?: boolean; search?: string; scope?: string; deterministic?: boolean },
): void {
  const tools = workbench.registry.list({
    ...(options.search ? { search: options.search } : {}),
    ...(options.scope ? { scope: options.scope } : {}),
    ...(options.deterministic ? { deterministicOnly: true } : {}),
  });
  if (options.json) {
    printJson(tools.map(toolJson));
    return;
  }
  const rows = tools.map((t) => [
    t.metadata.name,
    t.metadata.deterministic ? "yes" : "no",
    formatCost(t.metadata.costPerInvocation),
    shortSource(t.source, workbench.workspaceRoot),
    t.metadata.description,
  ]);
  process.stdout.write(
    `${table(["NAME", "DETERMINISTIC", "COST", "SOURCE", "DESCRIPTION"], rows)}\n`,
  );
  process.stdout.write(`${tools.length} tool${tools.length === 1 ? "" : "s"}\n`);
}

export function showTool(workbench: Workbench, name: string, options: { json?: boolean }): void {
  const tool = workbench.registry.registration(name);
  if (!tool) {
    const suggestions = suggestNames(
      name,
      workbench.registry.list().map((t) => t.metadata.name),
    );
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
  const m = tool.metadata;
  const lines = [
    m.name + (m.version ? ` ${m.version}` : ""),
    `  ${m.description}`,
    `  deterministic: ${m.deterministic ? "yes" : "no"}`,
    `  cost per invocation: ${formatCost(m.costPerInvocation)}`,
    `  source: ${tool.source}`,
  ];
  if (m.timeoutMs !== undefined) lines.push(`  timeout: ${m.timeoutMs} ms`);
  if (m.tags?.length) lines.push(`  tags: ${m.tags.join(", ")}`);
  if (m.annotations) {
    const a = Object.entries(m.annotations)
      .filter(([, v]) => v)
      .map(([k]) => k);
    if (a.length) lines.push(`  annotations: ${a.join(", ")}`);
  }
  lines.push(
    "  parameters:",
    ...JSON.stringify(m.parametersSchema, null, 2)
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
