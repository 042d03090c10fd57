/**
 * What the tracing pipeline records: observations (one per tool invocation, plus any nested
 * generation or span), grouped into one trace per invocation, and what its sinks look like.
 */

/** The kinds of observation we record; Langfuse knows them all. `agent`: the root of an agent run. */
export type ObservationType = "tool" | "generation" | "span" | "agent";

/** Langfuse's levels, the two we use. */
export type ObservationLevel = "DEFAULT" | "ERROR";

/** Metadata every observation may carry. */
export interface ObservationMetadata {
  deterministic?: boolean;
  /** Where the tool came from (`builtin`, `file:<path>`, ...). */
  source?: string;
  /** The failure's code, when level is ERROR. */
  errorCode?: string;
  /** USD. */
  cost?: number;
  [key: string]: unknown;
}

/** One timed step of a trace. */
export interface Observation {
  /** 16 hex characters (an OpenTelemetry span id). */
  id: string;
  /** 32 hex characters (an OpenTelemetry trace id). */
  traceId: string;
  /** The enclosing observation's id; absent for the trace's root (the tool observation). */
  parentId?: string;
  name: string;
  type: ObservationType;
  /** ISO 8601. */
  startTime: string;
  endTime: string;
  durationMs: number;
  input?: unknown;
  output?: unknown;
  level: ObservationLevel;
  statusMessage?: string;
  metadata: ObservationMetadata;
}

/** One finished trace: one invocation (or agent run) with everything nested in it; one line in the store. */
export interface TraceRecord {
  traceId: string;
  /** The invoked tool's name (the root observation's name; `agent` for an agent run). */
  tool: string;
  invocationId: string;
  status: "ok" | "error";
  startTime: string;
  endTime: string;
  durationMs: number;
  cost: number;
  /** The root (`tool` or `agent`) observation first, then nested ones in the order they ended. */
  observations: Observation[];
  /**
   * Where the trace was sent besides the local store (each exporter's `destination`, such as
   * `langfuse:pk-lf-…@http://localhost:3000`): a link into Langfuse is offered only for traces
   * that went to the Langfuse in use, never for ones recorded before or sent elsewhere.
   */
  sentTo?: string[];
}

/** A sink that traces are handed to after the local store; it must not block. */
export interface TraceExporter {
  /** Shown in health reports, e.g. `langfuse`. */
  readonly name: string;
  /** Which server and project the traces go to, recorded in each trace's `sentTo`. */
  readonly destination?: string;
  /**
   * Takes one finished (already redacted) trace. May return a promise that settles once the trace
   * is handed on; a throw or rejection counts as a failed export, never as a failed invocation.
   */
  export(trace: TraceRecord): void | Promise<void>;
  /** What the exporter knows about delivery (exports complete later than `export` returns). */
  status?(): ExporterDeliveryStatus;
  /** Delivers what is pending. */
  flush?(): Promise<void>;
  /** Flushes and releases resources. */
  shutdown?(): Promise<void>;
}

/** Delivery as seen by an exporter that sends in the background. */
export interface ExporterDeliveryStatus {
  /** Observations (spans) the backend acknowledged. */
  exported: number;
  /** Observations given up on: refused, timed out, or over the exporter's in-flight bound. */
  dropped: number;
  /** The most recent delivery failed (and none succeeded since). */
  failing: boolean;
  lastError?: string;
  lastErrorAt?: string;
}

/** Connected: nothing failing; failing: the last delivery failed; disabled: not configured. */
export type ExporterState = "connected" | "failing" | "disabled";

/** One exporter's health, as the UI and CLI show it. */
export interface ExporterHealth {
  name: string;
  state: ExporterState;
  /** Traces (or, for exporters that report delivery, observations) delivered. */
  exported: number;
  /** Dropped because a queue was full or the export failed. */
  dropped: number;
  lastError?: string;
  lastErrorAt?: string;
  /** Why the exporter is disabled, when it is. */
  reason?: string;
}

/** The pipeline's health: the local store and each exporter. */
export interface TracingHealth {
  store: { recorded: number; failed: number; lastError?: string };
  exporters: ExporterHealth[];
}
