/** `agentic traces list` and `agentic traces show`: the local trace store from the command line. */
import type { Workbench } from "../../api/workbench.ts";
import type { Observation, TraceRecord } from "../../tracing/trace-types.ts";
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
  if (traces.length === 0 && options.tool) {
    // `--tool calculator` matches nothing: the store keys on the full name, @scope/name.
    const near = workbench.registry
      .list({})
      .map((t) => t.metadata.name)
      .filter((n) => n !== options.tool && n.includes(options.tool as string));
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
    `${traces.length} trace${traces.length === 1 ? "" : "s"} in ${workbench.agenticHome}/traces\n`,
  );
}

export async function showTrace(
  workbench: Workbench,
  traceId: string,
  options: { json?: boolean },
): Promise<void> {
  const trace = await findTrace(workbench, traceId);
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

/**
 * The trace with this id, or the only one whose id starts with it: the UI shows ids shortened
 * ("trace 3f2a9c1b…"), and a user copies what they see (with or without the ellipsis).
 */
async function findTrace(workbench: Workbench, given: string): Promise<TraceRecord> {
  const id = given
    .trim()
    .replace(/(…|\.\.\.)$/, "")
    .toLowerCase();
  const exact = await workbench.tracing.store.get(id);
  if (exact) return exact;
  const matches =
    id.length >= 4
      ? (await workbench.tracing.store.query({ limit: 10_000 })).filter((t) =>
          t.traceId.startsWith(id),
        )
      : [];
  if (matches.length > 1) {
    throw new UsageError(
      `${matches.length} traces start with ${JSON.stringify(id)}: ${matches
        .slice(0, 5)
        .map((t) => t.traceId)
        .join(", ")}${matches.length > 5 ? ", …" : ""}`,
      "give more of the id",
    );
  }
  const only = matches[0] ? await workbench.tracing.store.get(matches[0].traceId) : undefined;
  if (only) return only;
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
