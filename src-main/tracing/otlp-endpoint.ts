/** Where OTLP traces go, from the standard OpenTelemetry variables (no SDK needed to read them). */

/** The traces URL from the standard OpenTelemetry variables, or undefined when unset. */
export function otlpTracesUrlFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (traces) return traces;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  return base ? `${base.replace(/\/+$/, "")}/v1/traces` : undefined;
}
