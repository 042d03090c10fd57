/**
 * The tracing pipeline as the app sets it up: the local store under a folder (e.g.
 * `$AGENTIC_HOME/traces`), Langfuse when its keys are set, a plain OTLP endpoint when the
 * standard variables name one. Hosts get one object to attach, query, link and flush on quit.
 */
import type { Logger } from "../core/logger.ts";
import { silentLogger } from "../core/logger.ts";
import type { LangfuseConfig } from "./langfuse-config.ts";
import { LangfuseLinks, langfuseConfigFromEnv, langfuseDestination } from "./langfuse-config.ts";
import { lazyExporter } from "./lazy-exporter.ts";
import { otlpTracesUrlFromEnv } from "./otlp-endpoint.ts";
import { createKeyMatcher, type KeyMatcher } from "./redact.ts";
import type { TraceStoreOptions } from "./trace-store.ts";
import { TraceStore } from "./trace-store.ts";
import type { TraceExporter } from "./trace-types.ts";
import type { TracingMiddleware } from "./tracing-middleware.ts";
import { createTracingMiddleware } from "./tracing-middleware.ts";

/** Where the Langfuse settings in use came from: the environment, or the UI (settings.json). */
export type LangfuseSource = "env" | "settings";

/** The Langfuse sink in use: its settings, where they came from, and its trace links. */
export interface ActiveLangfuse {
  config: LangfuseConfig;
  source: LangfuseSource;
  links: LangfuseLinks;
  /** The trace's link in this Langfuse, only if the trace was sent to it (else undefined). */
  linkFor(trace: { traceId: string; sentTo?: string[] }): Promise<string | undefined>;
}

/** What `createTracingFromEnv` builds. */
export interface TracingSetup {
  /** Attach with `registry.use(tracing)`; `health()`, `flush(ms)`, `shutdown(ms)` for the hosts. */
  tracing: TracingMiddleware;
  /** The local store, for the Traces panel and `agentic traces`. */
  store: TraceStore;
  /**
   * The one matcher of secret-looking keys (defaults, `AGENTIC_REDACT_KEYS`, options): traces use
   * it, and the workbench hands it to history so both redact the same keys.
   */
  secretKeys: KeyMatcher;
  /** Present while Langfuse is configured (it follows `configureLangfuse`). */
  readonly langfuse: ActiveLangfuse | undefined;
  /** Whether the environment names a Langfuse config (it wins over saved settings at start-up). */
  readonly langfuseEnvConfigured: boolean;
  /**
   * Points the Langfuse sink at other settings, or turns it off (`null`), at run time: the next
   * invocation goes to the new Langfuse; the old exporter delivers what it holds, then shuts down.
   */
  configureLangfuse(config: LangfuseConfig | null, source?: LangfuseSource): void;
}

/** Options on top of the environment. */
export interface TracingSetupOptions {
  /** The folder of the local store, e.g. `$AGENTIC_HOME/traces`. */
  dir: string;
  /** Defaults to `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  logger?: Logger;
  /**
   * Keys redacted on top of the defaults and of `AGENTIC_REDACT_KEYS` (comma-separated; the older
   * name `AGENTIC_TRACE_REDACT_KEYS` still works).
   */
  redactKeys?: readonly string[];
  /** Size and age bounds of the local store. */
  store?: Omit<TraceStoreOptions, "dir" | "logger">;
  /** Per-export HTTP timeout for Langfuse and OTLP (default 5 s). */
  exportTimeoutMs?: number;
  /**
   * Langfuse settings saved in the UI (`$AGENTIC_HOME/settings.json`), used when the environment
   * does not set both keys: the environment wins.
   */
  langfuseSettings?: LangfuseConfig;
}

/** Builds the store, the exporters the environment asks for, and the middleware over them. */
export function createTracingFromEnv(options: TracingSetupOptions): TracingSetup {
  const env = options.env ?? process.env;
  const logger = options.logger ?? silentLogger;
  const store = new TraceStore({ ...options.store, dir: options.dir, logger });
  const exporters: TraceExporter[] = [];
  const disabled: { name: string; reason: string }[] = [];
  const timeout = options.exportTimeoutMs ? { timeoutMs: options.exportTimeoutMs } : {};

  let langfuse: ActiveLangfuse | undefined;
  const activate = (config: LangfuseConfig, source: LangfuseSource): TraceExporter => {
    const links = new LangfuseLinks(config, { logger });
    const destination = langfuseDestination(config);
    langfuse = {
      config,
      source,
      links,
      linkFor: async (trace) =>
        trace.sentTo?.includes(destination) ? links.traceUrl(trace.traceId) : undefined,
    };
    // The destination goes on whatever exporter is handed to the pipeline (a wrapper too): each
    // trace records it in `sentTo`, and linkFor offers a link only for traces sent here. The
    // exporter itself (Langfuse's SDK, OpenTelemetry) is imported on the first export.
    return Object.assign(
      lazyExporter("langfuse", async () => {
        const { LangfuseExporter } = await import("./langfuse-exporter.ts");
        return new LangfuseExporter({ config, ...timeout });
      }),
      { destination },
    );
  };
  // Precedence at start-up: the environment (both keys set), else the saved settings.
  const fromEnv = langfuseConfigFromEnv(env);
  if ("config" in fromEnv) exporters.push(activate(fromEnv.config, "env"));
  else if (options.langfuseSettings) exporters.push(activate(options.langfuseSettings, "settings"));
  else disabled.push({ name: "langfuse", reason: `${fromEnv.reason}, and none saved in the UI` });

  const otlpUrl = otlpTracesUrlFromEnv(env);
  if (otlpUrl) {
    exporters.push(
      lazyExporter("otlp", async () => {
        const { OtlpExporter } = await import("./otlp-exporter.ts");
        return new OtlpExporter({ url: otlpUrl, ...timeout });
      }),
    );
  } else disabled.push({ name: "otlp", reason: "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is not set" });

  const fromEnvKeys = [env.AGENTIC_REDACT_KEYS, env.AGENTIC_TRACE_REDACT_KEYS]
    .flatMap((list) => (list ?? "").split(","))
    .map((k) => k.trim())
    .filter((k) => k !== "");
  const secretKeys = createKeyMatcher([...fromEnvKeys, ...(options.redactKeys ?? [])]);
  const tracing = createTracingMiddleware({
    store,
    exporters,
    disabled,
    matcher: secretKeys,
    logger,
  });
  return {
    tracing,
    store,
    secretKeys,
    get langfuse() {
      return langfuse;
    },
    langfuseEnvConfigured: "config" in fromEnv,
    configureLangfuse(config, source = "settings") {
      if (config) {
        tracing.setExporter("langfuse", activate(config, source));
      } else {
        langfuse = undefined;
        tracing.setExporter("langfuse", { disabled: "disconnected in the UI" });
      }
    },
  };
}
