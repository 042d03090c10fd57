/**
 * Traces that outlive one invocation: an agent run is ONE trace whose root is an `agent`
 * observation, holding the run's `generation`s and the `tool` invocations it made. The run opens
 * it here; each tool invocation names it as its `traceParent` (plain ids that the core carries),
 * and the tracing middleware, finding the trace open, records the invocation as a child of the
 * root instead of a trace of its own. The trace is written — to the local store and every
 * exporter — once, when the run ends.
 */
import type { TraceParent } from "../core/middleware.ts";
import { type KeyMatcher, redact } from "./redact.ts";
import { type ObservationHandle, TraceCollector } from "./trace-context.ts";
import { newSpanId, newTraceId } from "./trace-ids.ts";
import type {
  Observation,
  ObservationLevel,
  ObservationMetadata,
  TraceRecord,
} from "./trace-types.ts";

/** What a run trace starts with. */
export interface RunTraceStart {
  /** The root observation's (and the trace's) name, e.g. `agent`. */
  name: string;
  /** The root's input, e.g. the prompt. */
  input?: unknown;
  /** Names the run (the record's `invocationId`). */
  runId: string;
}

/** How a run ended. */
export interface RunTraceEnd {
  output?: unknown;
  level?: ObservationLevel;
  statusMessage?: string;
  metadata?: ObservationMetadata;
  /** USD, LLM and tools together: the record's `cost`. */
  cost: number;
}

/** An open run trace: nest observations in it, hand `parent` to invocations, then `end` it once. */
export interface RunTrace extends TraceParent {
  /** What an invocation passes as `traceParent` to nest inside this trace. */
  readonly parent: TraceParent;
  startObservation(
    name: string,
    type: "generation" | "span" | "tool",
    input?: unknown,
  ): ObservationHandle;
  /** Writes the trace; resolves once the local store has it. Later calls do nothing. */
  end(outcome: RunTraceEnd): Promise<void>;
}

/** The run traces now open, by trace id; owned by one tracing middleware. */
export class OpenRunTraces {
  private readonly open = new Map<string, TraceCollector>();

  constructor(
    private readonly matcher: KeyMatcher,
    private readonly record: (trace: TraceRecord) => Promise<void>,
  ) {}

  /** The collector an invocation with this parent nests into, if that trace is still open. */
  collectorFor(parent: TraceParent | undefined): TraceCollector | undefined {
    if (!parent) return undefined;
    const collector = this.open.get(parent.traceId);
    return collector?.open && collector.observationId === parent.observationId
      ? collector
      : undefined;
  }

  start(options: RunTraceStart): RunTrace {
    const collector = new TraceCollector(newTraceId(), newSpanId(), this.matcher);
    const { traceId, observationId } = collector;
    this.open.set(traceId, collector);
    const startMs = Date.now();
    const t0 = performance.now();
    const input = options.input === undefined ? undefined : redact(options.input, this.matcher);
    let ended: Promise<void> | undefined;
    return {
      traceId,
      observationId,
      parent: { traceId, observationId },
      startObservation: (name, type, childInput) =>
        collector.startObservation(name, type, childInput),
      end: (outcome) => {
        ended ??= (async () => {
          this.open.delete(traceId);
          const durationMs = performance.now() - t0;
          const startTime = new Date(startMs).toISOString();
          const endTime = new Date(startMs + durationMs).toISOString();
          const level = outcome.level ?? "DEFAULT";
          const root: Observation = {
            id: observationId,
            traceId,
            name: options.name,
            type: "agent",
            startTime,
            endTime,
            durationMs,
            ...(input === undefined ? {} : { input }),
            ...(outcome.output === undefined
              ? {}
              : { output: redact(outcome.output, this.matcher) }),
            level,
            ...(outcome.statusMessage ? { statusMessage: outcome.statusMessage } : {}),
            // The run's cost stays out of metadata.cost: sinks (Langfuse) add up the nested
            // observations' costs, and counting the total again would double it.
            metadata: (redact(outcome.metadata ?? {}, this.matcher) ?? {}) as ObservationMetadata,
          };
          await this.record({
            traceId,
            tool: options.name,
            invocationId: options.runId,
            status: level === "ERROR" ? "error" : "ok",
            startTime,
            endTime,
            durationMs,
            cost: outcome.cost,
            observations: [root, ...collector.close()],
          });
        })();
        return ended;
      },
    };
  }
}
