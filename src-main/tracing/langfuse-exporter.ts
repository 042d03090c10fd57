/**
 * The Langfuse sink, with Langfuse's own SDK over OpenTelemetry: `LangfuseSpanProcessor` batches
 * spans and sends them to `{baseUrl}/api/public/otel/v1/traces`; the attributes are the ones
 * `@langfuse/tracing` writes. The tracer provider is ours, not the global one (otel-exporter.ts).
 */
import { LANGFUSE_SDK_VERSION, LANGFUSE_TRACER_NAME } from "@langfuse/core";
import { LangfuseSpanProcessor } from "@langfuse/otel";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import type { LangfuseConfig } from "./langfuse-config.ts";
import { langfuseBasicAuth } from "./langfuse-config.ts";
import { OtelTraceExporter } from "./otel-exporter.ts";

/** How the exporter batches, times out and bounds memory. */
export interface LangfuseExporterOptions {
  config: LangfuseConfig;
  /** Per HTTP export, in milliseconds (default 5,000, the SDK's own default). */
  timeoutMs?: number;
  /** Spans per batch (the SDK's `flushAt`). */
  flushAt?: number;
  /** Seconds between batches (the SDK's `flushInterval`). */
  flushIntervalSeconds?: number;
  /** Spans handed over and not yet acknowledged or failed; beyond it traces are dropped. */
  maxInFlight?: number;
  /** `immediate` sends every span at once; `batched` (the default) sends in batches. */
  exportMode?: "batched" | "immediate";
}

/** Sends each trace to Langfuse: one `tool` observation, with nested ones inside it. */
export class LangfuseExporter extends OtelTraceExporter {
  constructor(options: LangfuseExporterOptions) {
    const { config } = options;
    const timeoutMs = options.timeoutMs ?? 5_000;
    // The exporter the SDK would build itself (URL, headers, timeout), built here so that it can
    // be wrapped to learn how each export went: the SDK alone reports failures only to
    // OpenTelemetry's diagnostic logger.
    const spanExporter = new OTLPTraceExporter({
      url: `${config.baseUrl}/api/public/otel/v1/traces`,
      headers: {
        Authorization: langfuseBasicAuth(config),
        "x-langfuse-sdk-name": "javascript",
        "x-langfuse-sdk-version": LANGFUSE_SDK_VERSION,
        "x-langfuse-public-key": config.publicKey,
      },
      timeoutMillis: timeoutMs,
    });
    super({
      name: "langfuse",
      // Langfuse's processor exports only spans of its own scope (or known LLM libraries).
      tracerName: LANGFUSE_TRACER_NAME,
      tracerVersion: LANGFUSE_SDK_VERSION,
      spanExporter,
      ...(options.maxInFlight ? { maxInFlight: options.maxInFlight } : {}),
      processor: (exporter) =>
        new LangfuseSpanProcessor({
          publicKey: config.publicKey,
          secretKey: config.secretKey,
          baseUrl: config.baseUrl,
          exporter,
          timeout: timeoutMs / 1000,
          // Our inputs are JSON, never media to upload.
          mediaUploadEnabled: false,
          ...(options.flushAt ? { flushAt: options.flushAt } : {}),
          ...(options.flushIntervalSeconds ? { flushInterval: options.flushIntervalSeconds } : {}),
          ...(options.exportMode ? { exportMode: options.exportMode } : {}),
        }),
    });
  }
}
