/** `agentic traces list` and `agentic traces show`: the local trace store, over the Workbench API. */
import type { Observation, TraceDetail, WorkbenchCalls } from "../../api/contract.ts";
import { formatCost, formatMs, printJson, table, UsageError } from "./output.ts";

export async function listTraces(
  api: WorkbenchCalls,
  options: { json?: boolean; tool?: string; status?: string; limit?: string },
): Promise<void> {
  if (options.status !== undefined && options.status !== "ok" && options.status !== "error") {
    throw new UsageError(`--status must be ok or error, got ${JSON.stringify(options.status)}`);
  }
  const limit = options.limit === undefined ? 50 : Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new UsageError("--limit must be a positive whole number");
  const traces = await api.traceRecords({
    ...(options.tool ? { tool: options.tool } : {}),
    ...(options.status ? { status: options.status as "ok" | "error" } : {}),
    limit,
  });
  if (options.json) {
    printJson(traces);
    return;
  }
  if (traces.length === 0 && options.tool) {
    // `--tool calculator` matches nothing: the store keys on the full name, @scope/name.
    const near = await api.suggestTools(options.tool);
    if (near.length > 0)
      process.stderr.write(
        `hint: --tool takes the full name; did you mean ${near.map((n) => `--tool ${n}`).join(" or ")}?\n`,
      );
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
    `${traces.length} trace${traces.length === 1 ? "" : "s"} in ${(await api.info()).agenticHome}/traces\n`,
  );
}

export async function showTrace(
  api: WorkbenchCalls,
  traceId: string,
  options: { json?: boolean },
): Promise<void> {
  const trace = await findTrace(api, traceId);
  const { langfuseUrl } = trace;
  if (options.json) {
    printJson(trace);
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
        `${indent}${o.type} ${o.name}  ${formatMs(o.durationMs)}${generationFacts(o)}${o.level === "ERROR" ? `  ERROR: ${o.statusMessage ?? ""}` : ""}`,
      );
      lines.push(`${indent}  input:  ${JSON.stringify(o.input)}`);
      if (o.output !== undefined) lines.push(`${indent}  output: ${JSON.stringify(o.output)}`);
      walk(o.id, depth + 1);
    }
  };
  walk(undefined, 0);
  process.stdout.write(`${lines.join("\n")}\n`);
}

/** The trace the user named (the API accepts a shortened id), or a usage error saying what to do. */
async function findTrace(api: WorkbenchCalls, given: string): Promise<TraceDetail> {
  const trace = await api.trace(given).catch((error: Error & { hint?: string }) => {
    throw new UsageError(error.message, error.hint);
  });
  if (trace) return trace;
  throw new UsageError(
    `no trace ${JSON.stringify(given)} in the local store`,
    "run `agentic traces list` to see recent trace ids (the first 8 characters are enough)",
  );
}

/** `  model gpt-4o-mini · 12+30 tokens · $0.0001` for a generation; nothing for other kinds. */
function generationFacts(o: Observation): string {
  if (o.type !== "generation") return "";
  const m = o.metadata;
  const usage = m.usage as { input?: number; output?: number; total?: number } | undefined;
  const parts = [
    typeof m.model === "string" ? `model ${m.model}` : undefined,
    usage?.total !== undefined
      ? `${usage.input ?? "?"}+${usage.output ?? "?"}=${usage.total} tokens`
      : undefined,
    typeof m.cost === "number" ? `cost ${formatCost(m.cost)}` : undefined,
  ].filter((p): p is string => p !== undefined);
  return parts.length > 0 ? `  ${parts.join(" · ")}` : "";
}
