/**
 * The tracing pipeline, attached to the registry as middleware (the registry knows nothing of it).
 * Every invocation becomes one trace: a `tool` observation plus whatever the tool nested in it.
 * The trace is redacted, appended to the local store, and queued for each exporter; nothing here
 * waits on a sink or lets a sink's failure reach the invocation.
 */
import { describeThrown } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import { silentLogger } from "../core/logger.ts";
import type { Invocation, InvocationMiddleware, NextStep } from "../core/middleware.ts";
import type { InvocationResult } from "../core/result.ts";
import { withTimeout } from "../core/timeout.ts";
import { buildTrace, nestedInvocation } from "./invocation-trace.ts";
import { createKeyMatcher, type KeyMatcher } from "./redact.ts";
import { OpenRunTraces, type RunTrace, type RunTraceStart } from "./run-trace.ts";
import { TRACE_SERVICE, TraceCollector } from "./trace-context.ts";
import { newSpanId, newTraceId } from "./trace-ids.ts";
import type { ExporterHealth, TraceExporter, TraceRecord, TracingHealth } from "./trace-types.ts";

/** The store as the pipeline needs it (TraceStore fits). */
export interface TraceSink {
  append(record: TraceRecord): Promise<void>;
  flush(): Promise<void>;
}

/** What the pipeline is built from. */
export interface TracingMiddlewareOptions {
  /** The local store; every trace is appended to it. */
  store?: TraceSink;
  /** Further sinks (Langfuse, OTLP); each gets its own bounded queue. */
  exporters?: readonly TraceExporter[];
  /** Exporters that are configured off, listed in health as `disabled` with the reason. */
  disabled?: readonly { name: string; reason: string }[];
  /** Keys redacted on top of the defaults (api_key, authorization, password, token, secret, ...). */
  redactKeys?: readonly string[];
  /** The matcher to use instead (shared with history); `redactKeys` is then ignored. */
  matcher?: KeyMatcher;
  logger?: Logger;
  /** Traces waiting per exporter before new ones are dropped (default 1,000). */
  queueSize?: number;
}

/** The middleware, with what the hosts need around it. */
export interface TracingMiddleware extends InvocationMiddleware {
  /** Per-sink health: the store's counts, and each exporter's state and counts. */
  health(): TracingHealth;
  /** Waits until queued traces are written and handed on, at most `timeoutMs`; true if all were. */
  flush(timeoutMs?: number): Promise<boolean>;
  /** Flushes, then shuts the exporters down; bounded by `timeoutMs` overall. */
  shutdown(timeoutMs?: number): Promise<boolean>;
  /**
   * Swaps the exporter in the slot called `name` at run time (adding the slot if there is none):
   * an exporter takes the slot with a fresh queue and fresh counts; `{ disabled: reason }` empties
   * it, and health lists it as disabled with the reason. The exporter it replaces stops getting
   * traces at once; what it still holds is flushed and it is shut down in the background, bounded
   * in time (flush and shutdown wait for that too). Invocations are never held up.
   */
  setExporter(name: string, next: TraceExporter | { disabled: string }): void;
  /**
   * Opens a trace for something larger than one invocation (an agent run): invocations that pass
   * its `parent` as `traceParent` nest inside it; it is written when it ends.
   */
  startTrace(options: RunTraceStart): RunTrace;
}

/** How long a replaced exporter gets to deliver what it holds before it is abandoned. */
const RETIRE_TIMEOUT_MS = 5_000;

/** Builds the tracing middleware over a store and exporters. */
export function createTracingMiddleware(options: TracingMiddlewareOptions = {}): TracingMiddleware {
  const logger = options.logger ?? silentLogger;
  const matcher = options.matcher ?? createKeyMatcher(options.redactKeys ?? []);
  const store = options.store;
  const capacity = Math.max(1, options.queueSize ?? 1000);
  // One slot per sink name, in a stable order: an exporter's channel, or why it is disabled.
  const slots: { name: string; channel?: ExporterChannel; reason?: string }[] = [
    ...(options.exporters ?? []).map((exporter) => ({
      name: exporter.name,
      channel: new ExporterChannel(exporter, capacity, logger),
    })),
    ...(options.disabled ?? []).map((d) => ({ name: d.name, reason: d.reason })),
  ];
  let channels = slots.flatMap((s) => (s.channel ? [s.channel] : []));
  // Replaced exporters still delivering what they held, each bounded by RETIRE_TIMEOUT_MS.
  const retiring = new Set<Promise<unknown>>();
  const retire = (channel: ExporterChannel): void => {
    channel.close();
    const done = finishedWithin(
      channel
        .flush()
        .then(() => channel.shutdown())
        .then(() => true),
      RETIRE_TIMEOUT_MS,
    );
    retiring.add(done);
    void done.finally(() => retiring.delete(done));
  };
  const storeState = { recorded: 0, failed: 0, lastError: undefined as string | undefined };

  /** Hands the trace to every sink; resolves once the local store has it on disk. */
  const record = (trace: TraceRecord): Promise<void> => {
    const sentTo = channels.flatMap((c) => (c.destination ? [c.destination] : []));
    if (sentTo.length > 0) trace.sentTo = sentTo;
    for (const channel of channels) channel.enqueue(trace);
    if (!store) return Promise.resolve();
    return store.append(trace).then(
      () => {
        storeState.recorded++;
      },
      (error: unknown) => {
        storeState.failed++;
        storeState.lastError = describeThrown(error);
        logger.error("tracing: the local store could not record a trace", {
          traceId: trace.traceId,
          error: storeState.lastError,
        });
      },
    );
  };

  const runs = new OpenRunTraces(matcher, record);

  const middleware = async (invocation: Invocation, next: NextStep): Promise<InvocationResult> => {
    const run = runs.collectorFor(invocation.traceParent);
    if (run) return nestedInvocation(invocation, next, run, matcher);
    const traceId = newTraceId();
    const collector = new TraceCollector(traceId, newSpanId(), matcher);
    invocation.services[TRACE_SERVICE] = collector;
    // Set before the rest of the chain runs: history and the result carry it from the start.
    invocation.traceId = traceId;
    const startMs = Date.now();
    const t0 = performance.now();
    const result = await next(invocation);
    const durationMs = performance.now() - t0;
    // A middleware further in may have built its own result; it still belongs to this trace.
    result.traceId ??= traceId;
    try {
      // Awaited: a traceId the caller gets back names a trace that is on disk.
      await record(buildTrace(invocation, result, collector, startMs, durationMs, matcher));
    } catch (error) {
      // A trace we cannot build (e.g. a value redaction chokes on) is lost, not the invocation.
      logger.error("tracing: could not record a trace", {
        tool: invocation.tool.metadata.name,
        error: describeThrown(error),
      });
    }
    return result;
  };

  const flush = async (timeoutMs = 5_000): Promise<boolean> => {
    const work = Promise.all([
      store?.flush().catch(() => undefined),
      ...channels.map((c) => c.flush()),
      ...retiring,
    ]).then(() => true);
    return finishedWithin(work, timeoutMs);
  };

  return Object.assign(middleware, {
    health: (): TracingHealth => ({
      store: {
        recorded: storeState.recorded,
        failed: storeState.failed,
        ...(storeState.lastError ? { lastError: storeState.lastError } : {}),
      },
      // Exporters first, then the disabled ones, each group in slot order.
      exporters: [
        ...channels.map((c) => c.health()),
        ...slots.flatMap((s): ExporterHealth[] =>
          s.channel
            ? []
            : [
                {
                  name: s.name,
                  state: "disabled",
                  exported: 0,
                  dropped: 0,
                  reason: s.reason ?? "not configured",
                },
              ],
        ),
      ],
    }),
    flush,
    shutdown: async (timeoutMs = 5_000): Promise<boolean> => {
      const deadline = Date.now() + timeoutMs;
      const flushed = await flush(timeoutMs);
      const closed = await finishedWithin(
        Promise.all([...channels.map((c) => c.shutdown()), ...retiring]).then(() => true),
        Math.max(0, deadline - Date.now()),
      );
      return flushed && closed;
    },
    startTrace: (start: RunTraceStart): RunTrace => runs.start(start),
    setExporter(name: string, next: TraceExporter | { disabled: string }): void {
      let slot = slots.find((s) => s.name === name);
      if (!slot) {
        slot = { name };
        slots.push(slot);
      }
      const replaced = slot.channel;
      if ("export" in next) {
        slot.channel = new ExporterChannel(next, capacity, logger);
        slot.reason = undefined;
      } else {
        slot.channel = undefined;
        slot.reason = next.disabled;
      }
      channels = slots.flatMap((s) => (s.channel ? [s.channel] : []));
      if (replaced) retire(replaced);
    },
  });
}

/** Resolves with the work's value, or false if it fails or `ms` pass; the timer never holds the process. */
function finishedWithin(work: Promise<boolean>, ms: number): Promise<boolean> {
  return withTimeout(
    work.catch(() => false),
    ms,
    () => false,
    { unref: true },
  );
}

/** One exporter behind a bounded queue, drained off the invocation's path, one trace at a time. */
class ExporterChannel {
  private readonly queue: TraceRecord[] = [];
  private draining: Promise<void> | undefined;
  private handed = 0;
  private dropped = 0;
  private failing = false;
  private lastError: string | undefined;
  private lastErrorAt: string | undefined;

  constructor(
    private readonly exporter: TraceExporter,
    private readonly capacity: number,
    private readonly logger: Logger,
  ) {}

  private closed = false;

  get destination(): string | undefined {
    return this.exporter.destination;
  }

  /** Takes no more traces (a replaced exporter); what is queued is still delivered. */
  close(): void {
    this.closed = true;
  }

  enqueue(trace: TraceRecord): void {
    if (this.closed) return;
    if (this.queue.length >= this.capacity) {
      this.dropped++;
      return;
    }
    this.queue.push(trace);
    if (!this.draining) {
      this.draining = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => this.drain())
        .finally(() => {
          this.draining = undefined;
        });
    }
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const trace = this.queue.shift() as TraceRecord;
      try {
        await this.exporter.export(trace);
        this.handed++;
        this.failing = false;
      } catch (error) {
        this.dropped++;
        this.failing = true;
        this.lastError = describeThrown(error);
        this.lastErrorAt = new Date().toISOString();
        this.logger.warn("tracing: an exporter failed", {
          exporter: this.exporter.name,
          error: this.lastError,
        });
      }
    }
  }

  async flush(): Promise<void> {
    while (this.draining) await this.draining;
    try {
      await this.exporter.flush?.();
    } catch (error) {
      this.lastError = describeThrown(error);
      this.lastErrorAt = new Date().toISOString();
    }
  }

  async shutdown(): Promise<void> {
    try {
      await this.exporter.shutdown?.();
    } catch (error) {
      this.logger.warn("tracing: an exporter failed to shut down", {
        exporter: this.exporter.name,
        error: describeThrown(error),
      });
    }
  }

  health(): ExporterHealth {
    let status: ReturnType<NonNullable<TraceExporter["status"]>> | undefined;
    try {
      status = this.exporter.status?.();
    } catch {
      status = undefined;
    }
    const ownLast = this.lastErrorAt ?? "";
    const theirLast = status?.lastErrorAt ?? "";
    const useTheirs = status?.lastError !== undefined && theirLast >= ownLast;
    const lastError = useTheirs ? status?.lastError : this.lastError;
    const lastErrorAt = useTheirs ? status?.lastErrorAt : this.lastErrorAt;
    return {
      name: this.exporter.name,
      state: this.failing || status?.failing ? "failing" : "connected",
      exported: status ? status.exported : this.handed,
      dropped: this.dropped + (status?.dropped ?? 0),
      ...(lastError ? { lastError } : {}),
      ...(lastErrorAt ? { lastErrorAt } : {}),
    };
  }
}
