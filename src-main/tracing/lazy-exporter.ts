/**
 * An exporter whose implementation is imported on first use. Langfuse's SDK and OpenTelemetry
 * take a few hundred milliseconds to import; a CLI command that never exports a trace (or a
 * start-up before the first invocation) should not pay for them.
 */
import type { ExporterDeliveryStatus, TraceExporter, TraceRecord } from "./trace-types.ts";

/** Wraps `load` (which imports and builds the real exporter) as an exporter called `name`. */
export function lazyExporter(name: string, load: () => Promise<TraceExporter>): TraceExporter {
  let loading: Promise<TraceExporter> | undefined;
  let loaded: TraceExporter | undefined;
  const real = () => {
    loading ??= load().then((exporter) => {
      loaded = exporter;
      return exporter;
    });
    return loading;
  };
  return {
    name,
    async export(trace: TraceRecord) {
      await (await real()).export(trace);
    },
    status(): ExporterDeliveryStatus {
      return loaded?.status?.() ?? { exported: 0, dropped: 0, failing: false };
    },
    async flush() {
      if (loading) await (await loading).flush?.();
    },
    async shutdown() {
      if (loading) await (await loading).shutdown?.();
    },
  };
}
