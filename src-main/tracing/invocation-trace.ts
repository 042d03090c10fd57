/**
 * One invocation as trace observations: the `tool` observation, the trace record of an invocation
 * that is its own trace, and an invocation nested in an open run trace (an agent run's).
 */
import type { Invocation, NextStep } from "../core/middleware.ts";
import type { InvocationResult } from "../core/result.ts";
import { type KeyMatcher, redact } from "./redact.ts";
import { TRACE_SERVICE, TraceCollector } from "./trace-context.ts";
import { newSpanId } from "./trace-ids.ts";
import type { Observation, ObservationMetadata, TraceRecord } from "./trace-types.ts";

/**
 * An invocation inside an open run trace: its `tool` observation (and whatever the tool nests in
 * it) becomes part of the run's trace, under the run's root, instead of a trace of its own.
 */
export async function nestedInvocation(
  invocation: Invocation,
  next: NextStep,
  run: TraceCollector,
  matcher: KeyMatcher,
): Promise<InvocationResult> {
  const collector = new TraceCollector(run.traceId, newSpanId(), matcher);
  invocation.services[TRACE_SERVICE] = collector;
  invocation.traceId = run.traceId;
  const startMs = Date.now();
  const t0 = performance.now();
  const result = await next(invocation);
  const durationMs = performance.now() - t0;
  result.traceId ??= run.traceId;
  const tool = toolObservation(invocation, result, collector, startMs, durationMs, matcher);
  run.adopt([{ ...tool, parentId: run.observationId }, ...collector.close()]);
  return result;
}

export function buildTrace(
  invocation: Invocation,
  result: InvocationResult,
  collector: TraceCollector,
  startMs: number,
  durationMs: number,
  matcher: KeyMatcher,
): TraceRecord {
  const { metadata } = invocation.tool;
  const root = toolObservation(invocation, result, collector, startMs, durationMs, matcher);
  return {
    traceId: collector.traceId,
    tool: metadata.name,
    invocationId: result.invocationId,
    status: result.ok ? "ok" : "error",
    startTime: root.startTime,
    endTime: root.endTime,
    durationMs,
    cost: result.cost,
    observations: [root, ...collector.close()],
  };
}

/** The `tool` observation of one invocation. */
function toolObservation(
  invocation: Invocation,
  result: InvocationResult,
  collector: TraceCollector,
  startMs: number,
  durationMs: number,
  matcher: KeyMatcher,
): Observation {
  const { metadata, source } = invocation.tool;
  const startTime = new Date(startMs).toISOString();
  const endTime = new Date(startMs + durationMs).toISOString();
  const meta: ObservationMetadata = {
    deterministic: metadata.deterministic,
    source,
    cost: result.cost,
    invocationId: result.invocationId,
    ...(metadata.version ? { toolVersion: metadata.version } : {}),
    ...(result.ok ? {} : { errorCode: result.error.code }),
  };
  return {
    id: collector.observationId,
    traceId: collector.traceId,
    name: metadata.name,
    type: "tool",
    startTime,
    endTime,
    durationMs,
    input: redact(invocation.params, matcher),
    output: result.ok ? redact(result.value, matcher) : redact({ error: result.error }, matcher),
    level: result.ok ? "DEFAULT" : "ERROR",
    ...(result.ok ? {} : { statusMessage: result.error.message }),
    metadata: meta,
  };
}
