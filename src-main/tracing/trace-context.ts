/**
 * What a running tool sees of its trace (through `ctx.services[TRACE_SERVICE]`): the trace id and
 * a way to nest observations (an LLM call as a `generation`, a step as a `span`) inside the tool's.
 */

import type { KeyMatcher } from "./redact.ts";
import { redact } from "./redact.ts";
import { newSpanId } from "./trace-ids.ts";
import type { Observation, ObservationLevel, ObservationMetadata } from "./trace-types.ts";

/** The key under which the tracing middleware puts a TraceContext in the tool's services. */
export const TRACE_SERVICE = "trace";

/** What may nest inside a trace's root: an LLM call, a step, or (inside an agent run) a tool. */
export type NestedObservationType = "generation" | "span" | "tool";

/** How a nested observation ended. */
export interface ObservationEnd {
  output?: unknown;
  level?: ObservationLevel;
  statusMessage?: string;
  metadata?: ObservationMetadata;
}

/** A started nested observation; `end` it once (later calls are ignored). */
export interface ObservationHandle {
  readonly id: string;
  /** Starts an observation nested in this one. */
  startObservation(name: string, type: NestedObservationType, input?: unknown): ObservationHandle;
  end(outcome?: ObservationEnd): void;
}

/** The trace of the running invocation. */
export interface TraceContext {
  readonly traceId: string;
  /** The tool observation's id. */
  readonly observationId: string;
  /** Starts an observation nested in the tool's. */
  startObservation(name: string, type: NestedObservationType, input?: unknown): ObservationHandle;
}

/** Collects the nested observations of one trace; closed when the tool observation ends. */
export class TraceCollector implements TraceContext {
  readonly observations: Observation[] = [];
  private closed = false;

  constructor(
    readonly traceId: string,
    readonly observationId: string,
    private readonly matcher: KeyMatcher,
  ) {}

  /** After this, observations that end are not recorded (the trace has been written). */
  close(): Observation[] {
    this.closed = true;
    return this.observations;
  }

  startObservation(name: string, type: NestedObservationType, input?: unknown): ObservationHandle {
    return this.start(this.observationId, name, type, input);
  }

  /** Takes observations finished elsewhere (a tool invocation nested in an agent run). */
  adopt(observations: Observation[]): boolean {
    if (this.closed) return false;
    this.observations.push(...observations);
    return true;
  }

  /** Whether the trace still takes observations. */
  get open(): boolean {
    return !this.closed;
  }

  private start(
    parentId: string,
    name: string,
    type: NestedObservationType,
    input: unknown,
  ): ObservationHandle {
    const id = newSpanId();
    const startMs = Date.now();
    const t0 = performance.now();
    const redactedInput = input === undefined ? undefined : redact(input, this.matcher);
    let ended = false;
    return {
      id,
      startObservation: (childName, childType, childInput) =>
        this.start(id, childName, childType, childInput),
      end: (outcome = {}) => {
        if (ended || this.closed) return;
        ended = true;
        const durationMs = performance.now() - t0;
        this.observations.push({
          id,
          traceId: this.traceId,
          parentId,
          name,
          type,
          startTime: new Date(startMs).toISOString(),
          endTime: new Date(startMs + durationMs).toISOString(),
          durationMs,
          ...(redactedInput === undefined ? {} : { input: redactedInput }),
          ...(outcome.output === undefined ? {} : { output: redact(outcome.output, this.matcher) }),
          level: outcome.level ?? "DEFAULT",
          ...(outcome.statusMessage ? { statusMessage: outcome.statusMessage } : {}),
          metadata: (redact(outcome.metadata ?? {}, this.matcher) ?? {}) as ObservationMetadata,
        });
      },
    };
  }
}
