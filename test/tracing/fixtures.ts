/** Trace records for tests. */
import { newSpanId, newTraceId } from "../../src-main/tracing/trace-ids.ts";
import type { TraceRecord } from "../../src-main/tracing/trace-types.ts";

let counter = 0;

/** A one-observation trace; `startMs` defaults to a fresh second of 2025-01-01. */
export function traceRecord(
  over: { tool?: string; ok?: boolean; startMs?: number; input?: unknown; output?: unknown } = {},
): TraceRecord {
  counter++;
  const traceId = newTraceId();
  const startMs = over.startMs ?? Date.UTC(2025, 0, 1, 0, 0, counter);
  const ok = over.ok ?? true;
  const startTime = new Date(startMs).toISOString();
  const endTime = new Date(startMs + 5).toISOString();
  const tool = over.tool ?? "@math/calculator";
  return {
    traceId,
    tool,
    invocationId: `inv-${counter}`,
    status: ok ? "ok" : "error",
    startTime,
    endTime,
    durationMs: 5,
    cost: 0,
    observations: [
      {
        id: newSpanId(),
        traceId,
        name: tool,
        type: "tool",
        startTime,
        endTime,
        durationMs: 5,
        input: over.input ?? { a: counter, b: 1 },
        output:
          over.output ?? (ok ? counter + 1 : { error: { code: "TOOL_ERROR", message: "no" } }),
        level: ok ? "DEFAULT" : "ERROR",
        ...(ok ? {} : { statusMessage: "no" }),
        metadata: { deterministic: true, source: "builtin", cost: 0 },
      },
    ],
  };
}
