/**
 * A plain OTLP/HTTP sink for Jaeger, Phoenix or Tempo users: the same spans as Langfuse gets, to
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (or `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`).
 */
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { OtelTraceExporter } from "./otel-exporter.ts";

/** Where and how to send. */
export interface OtlpExporterOptions {
  /** The full traces URL, e.g. `http://localhost:4318/v1/traces`. */
  url: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  maxInFlight?: number;
}

export { otlpTracesUrlFromEnv } from "./otlp-endpoint.ts";

/** Sends each trace as OTLP/HTTP JSON spans. */
export class OtlpExporter extends OtelTraceExporter {
  constructor(options: OtlpExporterOptions) {
    super({
      name: "otlp",
      tracerName: "agentic-workbench",
      spanExporter: new OTLPTraceExporter({
        url: options.url,
        ...(options.headers ? { headers: options.headers } : {}),
        timeoutMillis: options.timeoutMs ?? 5_000,
      }),
      ...(options.maxInFlight ? { maxInFlight: options.maxInFlight } : {}),
      processor: (exporter) => new BatchSpanProcessor(exporter),
    });
  }
}
