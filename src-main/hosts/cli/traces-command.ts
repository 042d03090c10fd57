/** `agentic traces list` and `agentic traces show`: the local trace store from the command line. */
import type { Workbench } from "../../api/workbench.ts";
import type { Observation } from "../../tracing/trace-types.ts";
import { formatCost, formatMs, printJson, table, UsageError } from "./output.ts";

export async function listTraces(
  workbench: Workbench,
  options: { json?: boolean; tool?: string; status?: string; limit?: string },
): Promise<void> {
  if (options.status !== undefined && options.status !== "ok" && options.status !== "error") {
    throw new UsageError(`--status must be ok or error, got ${JSON.stringify(options.status)}`);
  }
  const limit = options.limit === undefined ? 50 : Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new UsageError("--limit must be a positive whole number");
  const traces = await workbench.tracing.store.query({
    ...(options.tool ? { tool: options.tool } : {}),
    ...(options.status ? { status: options.status as "ok" | "error" } : {}),
    limit,
  });
  if (options.json) {
    printJson(traces);
    return;
  }
  const rows = traces.map((t) => [
    t.startTime.replace("T", " ").slice(0, 19),
    t.status,
    t.tool,
    formatMs(t.durationMs),
    formatCost(t.cost),
    t.traceId,
  ]);
  process.stdout.write(
    `${table(["STARTED (UTC)", "STATUS", "TOOL", "DURATION", "COST", "TRACE ID"], rows)}\n`,
  );
  process.stdout.write(
    `${traces.length} trace${traces.length === 1 ? "" : "s"} in ${workbench.agenticHome}/traces\n`,
  );
}

export async function showTrace(
  workbench: Workbench,
  traceId: string,
  options: { json?: boolean },
): Promise<void> {
  const trace = await workbench.tracing.store.get(traceId);
  if (!trace) {
    throw new UsageError(
      `no trace ${JSON.stringify(traceId)} in the local store`,
      "run `agentic traces list` to see recent trace ids",
    );
  }
  const langfuseUrl = await workbench.tracing.langfuse?.linkFor(trace);
  if (options.json) {
    printJson({ ...trace, ...(langfuseUrl ? { langfuseUrl } : {}) });
    return;
  }
  const lines = [
    `trace ${trace.traceId}  ${trace.tool}  ${trace.status}  ${formatMs(trace.durationMs)}  cost ${formatCost(trace.cost)}`,
    `started ${trace.startTime}  invocation ${trace.invocationId}`,
  ];
  if (langfuseUrl) lines.push(`Langfuse: ${langfuseUrl}`);
  const byParent = new Map<string | undefined, Observation[]>();
  for (const o of trace.observations)
    byParent.set(o.parentId, [...(byParent.get(o.parentId) ?? []), o]);
  const walk = (parent: string | undefined, depth: number) => {
    for (const o of byParent.get(parent) ?? []) {
      const indent = "  ".repeat(depth + 1);
      lines.push(
        `${indent}${o.type} ${o.name}  ${formatMs(o.durationMs)}${o.level === "ERROR" ? `  ERROR: ${o.statusMessage ?? ""}` : ""}`,
      );
      lines.push(`${indent}  input:  ${JSON.stringify(o.input)}`);
      if (o.output !== undefined) lines.push(`${indent}  output: ${JSON.stringify(o.output)}`);
      walk(o.id, depth + 1);
    }
  };
  walk(undefined, 0);
  process.stdout.write(`${lines.join("\n")}\n`);
}
