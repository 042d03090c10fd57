/**
 * Traces as OpenTelemetry spans, on a tracer provider of our own (never registered globally, so
 * another OpenTelemetry user in the process can neither swallow nor see our spans). The Langfuse
 * and plain OTLP sinks are this plus a span processor. Each observation becomes one span with
 * Langfuse's observation attributes, with the ids already on the result and in the local store.
 */
import { LangfuseOtelSpanAttributes } from "@langfuse/core";
import { createObservationAttributes, createTraceAttributes } from "@langfuse/tracing";
import type { Span, Tracer } from "@opentelemetry/api";
import { trace as otelTrace, ROOT_CONTEXT, SpanStatusCode } from "@opentelemetry/api";
import type { ExportResult } from "@opentelemetry/core";
import { ExportResultCode } from "@opentelemetry/core";
import { resourceFromAttributes } from "@opentelemetry/resources";
import type {
  IdGenerator,
  ReadableSpan,
  SpanExporter,
  SpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { BasicTracerProvider, RandomIdGenerator } from "@opentelemetry/sdk-trace-base";
import { describeThrown } from "../core/errors.ts";
import type {
  ExporterDeliveryStatus,
  Observation,
  TraceExporter,
  TraceRecord,
} from "./trace-types.ts";

/** How an OpenTelemetry-based sink is put together. */
export interface OtelTraceExporterOptions {
  /** Shown in health, e.g. `langfuse` or `otlp`. */
  name: string;
  /** The instrumentation scope of our spans (Langfuse exports only its own scope by default). */
  tracerName: string;
  tracerVersion?: string;
  /** The real span exporter (OTLP over HTTP); wrapped to count what is delivered. */
  spanExporter: SpanExporter;
  /** Builds the span processor around the (wrapped) exporter: batching lives there. */
  processor: (exporter: SpanExporter) => SpanProcessor;
  /** Spans handed over and not yet acknowledged or failed; beyond it traces are dropped. */
  maxInFlight?: number;
}

/**
 * Hands out preset ids for the span being started, so the exported trace and observation ids are
 * the ones already in the local store and on the invocation result; random ones otherwise.
 */
class PresetIdGenerator implements IdGenerator {
  private readonly random = new RandomIdGenerator();
  nextTraceId: string | undefined;
  nextSpanId: string | undefined;
  generateTraceId(): string {
    const id = this.nextTraceId;
    this.nextTraceId = undefined;
    return id ?? this.random.generateTraceId();
  }
  generateSpanId(): string {
    const id = this.nextSpanId;
    this.nextSpanId = undefined;
    return id ?? this.random.generateSpanId();
  }
}

/** Sends each trace as spans through an isolated tracer provider, counting deliveries. */
export class OtelTraceExporter implements TraceExporter {
  readonly name: string;
  private readonly provider: BasicTracerProvider;
  private readonly tracer: Tracer;
  private readonly ids = new PresetIdGenerator();
  private readonly maxInFlight: number;
  private ended = 0;
  private settled = 0;
  private exported = 0;
  private dropped = 0;
  private failing = false;
  private lastError: string | undefined;
  private lastErrorAt: string | undefined;

  constructor(options: OtelTraceExporterOptions) {
    this.name = options.name;
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 2_000);
    const observed = new ObservedSpanExporter(options.spanExporter, (count, result) =>
      this.onExported(count, result),
    );
    this.provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ "service.name": "agentic-workbench" }),
      spanProcessors: [options.processor(observed)],
      idGenerator: this.ids,
    });
    this.tracer = this.provider.getTracer(options.tracerName, options.tracerVersion);
  }

  export(trace: TraceRecord): void {
    const count = trace.observations.length;
    // The batch processor's own queue would drop silently when full; ours counts.
    if (this.ended - this.settled + count > this.maxInFlight) {
      this.dropped += count;
      return;
    }
    const byId = new Map<string, Observation>();
    for (const o of trace.observations) byId.set(o.id, o);
    const spans = new Map<string, Span>();
    const start = (o: Observation, depth: number): Span => {
      const existing = spans.get(o.id);
      if (existing) return existing;
      const parentObs = o.parentId === undefined ? undefined : byId.get(o.parentId);
      // Parents first (a child's context needs its parent's span); depth guards a cycle.
      const parent = parentObs && depth < 64 ? start(parentObs, depth + 1) : undefined;
      const context = parent ? otelTrace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
      if (!parent) this.ids.nextTraceId = o.traceId;
      this.ids.nextSpanId = o.id;
      const span = this.tracer.startSpan(
        o.name,
        { startTime: Date.parse(o.startTime), attributes: observationAttributes(o, trace) },
        context,
      );
      this.ids.nextTraceId = undefined;
      this.ids.nextSpanId = undefined;
      spans.set(o.id, span);
      return span;
    };
    for (const o of trace.observations) start(o, 0);
    // Nested observations first, as they finished; the tool's span last.
    for (let i = trace.observations.length - 1; i >= 0; i--) {
      const o = trace.observations[i] as Observation;
      const span = spans.get(o.id) as Span;
      if (o.level === "ERROR") {
        span.setStatus({
          code: SpanStatusCode.ERROR,
          ...(o.statusMessage ? { message: o.statusMessage } : {}),
        });
      }
      span.end(Date.parse(o.startTime) + o.durationMs);
      this.ended++;
    }
  }

  status(): ExporterDeliveryStatus {
    return {
      exported: this.exported,
      dropped: this.dropped,
      failing: this.failing,
      ...(this.lastError ? { lastError: this.lastError } : {}),
      ...(this.lastErrorAt ? { lastErrorAt: this.lastErrorAt } : {}),
    };
  }

  /** Sends what is batched; resolves when those exports settle (bounded by the HTTP timeout). */
  flush(): Promise<void> {
    return this.provider.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.provider.shutdown();
  }

  private onExported(count: number, result: ExportResult): void {
    this.settled += count;
    if (result.code === ExportResultCode.SUCCESS) {
      this.exported += count;
      this.failing = false;
    } else {
      this.dropped += count;
      this.failing = true;
      this.lastError = result.error ? describeThrown(result.error) : "export failed";
      this.lastErrorAt = new Date().toISOString();
    }
  }
}

/** Langfuse's attributes for one observation; the tool observation also names the trace. */
function observationAttributes(
  o: Observation,
  trace: TraceRecord,
): Record<string, string | number | boolean> {
  const cost = typeof o.metadata.cost === "number" ? o.metadata.cost : undefined;
  const attributes = createObservationAttributes(o.type, {
    input: o.input,
    output: o.output,
    level: o.level,
    ...(o.statusMessage ? { statusMessage: o.statusMessage } : {}),
    metadata: o.metadata,
    ...(cost !== undefined && cost > 0 ? { costDetails: { total: cost } } : {}),
    // A generation's model and token usage go where Langfuse looks for them, not only in metadata.
    ...(o.type === "generation" && typeof o.metadata.model === "string"
      ? { model: o.metadata.model }
      : {}),
    ...(o.type === "generation" && isUsage(o.metadata.usage)
      ? { usageDetails: o.metadata.usage }
      : {}),
  }) as Record<string, string | number | boolean>;
  if (o.parentId === undefined) {
    Object.assign(attributes, createTraceAttributes({ input: o.input, output: o.output }), {
      [LangfuseOtelSpanAttributes.TRACE_NAME]: trace.tool,
    });
  }
  return attributes;
}

function isUsage(value: unknown): value is Record<string, number> {
  return (
    typeof value === "object" &&
    value !== null &&
    Object.values(value).every((v) => typeof v === "number" && Number.isFinite(v))
  );
}

/** Passes spans on to the real exporter and reports how each export went. */
class ObservedSpanExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly onResult: (count: number, result: ExportResult) => void,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    let reported = false;
    const report = (result: ExportResult): void => {
      if (reported) return;
      reported = true;
      try {
        this.onResult(spans.length, result);
      } finally {
        resultCallback(result);
      }
    };
    try {
      this.inner.export(spans, report);
    } catch (error) {
      report({
        code: ExportResultCode.FAILED,
        error: error instanceof Error ? error : new Error(String(error)),
      });
    }
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}
