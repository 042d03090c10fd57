/**
 * The local trace store: the sink that needs no server. Append-only JSON-lines files under a folder
 * (`$AGENTIC_HOME/traces/`), one line per finished trace, through the JSON-lines file it shares
 * with history (`core/json-lines-file.ts`): whole-line appends, a torn last line skipped and
 * stepped over, files that rotate by size and by age, the oldest deleted beyond a total size or a
 * maximum age. Here: what a trace line is, its previews, the queries and the counts.
 */
import { JsonLinesFile, shrinkForStorage } from "../core/json-lines-file.ts";
import type { Logger } from "../core/logger.ts";
import { silentLogger } from "../core/logger.ts";
import type { Observation, TraceRecord } from "./trace-types.ts";

/** Filters for `query`; all optional, combined with AND. */
export interface TraceQuery {
  /** Exact tool name. */
  tool?: string;
  status?: "ok" | "error";
  /** Traces that started at or after this time (ms since epoch or ISO 8601). */
  since?: number | string;
  /** Traces that started at or before this time. */
  until?: number | string;
  /** At most this many (default 100, at most 10,000). */
  limit?: number;
}

/** Where and how much to keep. */
export interface TraceStoreOptions {
  /** The folder of the trace files, e.g. `$AGENTIC_HOME/traces`. */
  dir: string;
  /** A file is closed and a new one started once it would pass this size (default 4 MiB). */
  maxFileBytes?: number;
  /** The oldest files are deleted while all together pass this size (default 64 MiB). */
  maxTotalBytes?: number;
  /** Files whose last write is older than this are deleted (default 30 days; 0 = keep). */
  maxAgeMs?: number;
  /** A file is closed after this long even if small, so age limits can apply (default 1 day). */
  rotateAfterMs?: number;
  logger?: Logger;
  /** The clock (tests). */
  now?: () => number;
}

/** Appends traces and answers queries over the files. */
export class TraceStore {
  readonly dir: string;
  private readonly file: JsonLinesFile<TraceRecord>;
  private readonly logger: Logger;
  private recordedCount = 0;
  private failedCount = 0;
  private lastErrorText: string | undefined;
  private lastScanSkipped = 0;

  constructor(options: TraceStoreOptions) {
    this.dir = options.dir;
    this.logger = options.logger ?? silentLogger;
    const maxFileBytes = Math.max(1024, options.maxFileBytes ?? 4 * 1024 * 1024);
    this.file = new JsonLinesFile({
      dir: options.dir,
      file: {
        prefix: "traces",
        maxFileBytes,
        maxTotalBytes: Math.max(maxFileBytes, options.maxTotalBytes ?? 64 * 1024 * 1024),
        maxAgeMs: Math.max(0, options.maxAgeMs ?? 30 * 24 * 60 * 60 * 1000),
        rotateAfterMs: Math.max(1, options.rotateAfterMs ?? 24 * 60 * 60 * 1000),
      },
      accept: isTraceRecord,
      label: "traces",
      logger: this.logger,
      onTornTail: (file) =>
        this.logger.warn("traces: the newest file ends in a torn line; it will be skipped", {
          file,
        }),
      ...(options.now ? { now: options.now } : {}),
    });
  }

  /** Opens the folder (creating it), applies the bounds; runs once, on first use if not called. */
  load(): Promise<void> {
    return this.file.open();
  }

  /** Appends one trace; resolves once its line is written (acknowledged). */
  append(record: TraceRecord): Promise<void> {
    let stored: TraceRecord;
    try {
      stored = shrink(record);
    } catch (error) {
      this.failed(error);
      return Promise.reject(error);
    }
    return this.file.append(stored).then(
      () => {
        this.recordedCount++;
      },
      (error: unknown) => {
        this.failed(error);
        throw error;
      },
    );
  }

  private failed(error: unknown): void {
    this.failedCount++;
    this.lastErrorText = String(error);
  }

  /** Resolves when every append so far is written (or has failed). */
  flush(): Promise<void> {
    return this.file.flush();
  }

  /** Traces newest first (by position in the files, i.e. by finishing order), filtered. */
  async query(query: TraceQuery = {}): Promise<TraceRecord[]> {
    const limit = Math.max(1, Math.min(query.limit ?? 100, 10_000));
    const since = toMs(query.since);
    const until = toMs(query.until);
    const out: TraceRecord[] = [];
    await this.scan((record) => {
      if (query.tool !== undefined && record.tool !== query.tool) return false;
      if (query.status !== undefined && record.status !== query.status) return false;
      if (since !== undefined || until !== undefined) {
        const started = Date.parse(record.startTime);
        if (since !== undefined && !(started >= since)) return false;
        if (until !== undefined && !(started <= until)) return false;
      }
      out.push(record);
      return out.length >= limit;
    });
    return out;
  }

  /** One trace by id, or undefined. */
  async get(traceId: string): Promise<TraceRecord | undefined> {
    let found: TraceRecord | undefined;
    await this.scan((record) => {
      if (record.traceId !== traceId) return false;
      found = record;
      return true;
    });
    return found;
  }

  /** Appends since this process started, and unreadable lines the latest full read skipped. */
  stats(): { recorded: number; failed: number; lastError?: string; skipped: number } {
    return {
      recorded: this.recordedCount,
      failed: this.failedCount,
      skipped: this.lastScanSkipped,
      ...(this.lastErrorText ? { lastError: this.lastErrorText } : {}),
    };
  }

  /** The trace files, oldest first (absolute paths). */
  listFilePaths(): Promise<string[]> {
    return this.file.paths();
  }

  /** Visits records newest first until `visit` returns true. Torn or foreign lines are skipped. */
  private async scan(visit: (record: TraceRecord) => boolean): Promise<void> {
    await this.load();
    let skipped = 0;
    try {
      for await (const record of this.file.newestFirst()) {
        if (!record) {
          skipped++;
          continue;
        }
        if (visit(record)) return;
      }
    } finally {
      if (skipped > 0) this.logger.debug("traces: skipped unreadable lines", { skipped });
      this.lastScanSkipped = skipped;
    }
  }
}

function toMs(value: number | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === "number" ? value : Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function isTraceRecord(value: unknown): value is TraceRecord {
  const record = value as TraceRecord | null;
  return (
    typeof record === "object" &&
    record !== null &&
    typeof record.traceId === "string" &&
    typeof record.tool === "string" &&
    Array.isArray(record.observations)
  );
}

/** Input and output bigger than 64 KiB (as JSON) are stored as a preview, so files stay small. */
function shrink(record: TraceRecord): TraceRecord {
  let changed = false;
  const observations = record.observations.map((o) => {
    const input = shrinkForStorage(o.input, "truncatedForTraces");
    const output = shrinkForStorage(o.output, "truncatedForTraces");
    if (input === o.input && output === o.output) return o;
    changed = true;
    const copy: Observation = { ...o };
    if ("input" in o) copy.input = input;
    if ("output" in o) copy.output = output;
    return copy;
  });
  return changed ? { ...record, observations } : record;
}
