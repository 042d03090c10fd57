/**
 * The local trace store: the sink that needs no server. Append-only JSON-lines files under a folder
 * (`$AGENTIC_HOME/traces/`), one line per finished trace, appended in whole lines. A crash can tear
 * only the last line of the newest file, which reading skips and the next append steps over (it
 * starts on a fresh line); earlier lines are never rewritten. The files rotate by size and by age,
 * and the oldest are deleted beyond a total size or a maximum age.
 * (Just over our ~400-line rule: append, read, rotate and prune share the file list and its lock.)
 */
import { appendFile, mkdir, open, readdir, readFile, stat, unlink } from "node:fs/promises";
import path from "node:path";
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

/** Input and output bigger than this (as JSON) are stored as a preview, so files stay small. */
const MAX_STORED_VALUE_CHARS = 64 * 1024;
const FILE_PATTERN = /^traces-(\d{8})-(\d+)\.jsonl$/;

interface TraceFile {
  seq: number;
  createdMs: number;
  file: string;
}

interface PendingLine {
  line: string;
  bytes: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Appends traces and answers queries over the files. */
export class TraceStore {
  readonly dir: string;
  private readonly maxFileBytes: number;
  private readonly maxTotalBytes: number;
  private readonly maxAgeMs: number;
  private readonly rotateAfterMs: number;
  private readonly logger: Logger;
  private readonly now: () => number;
  private ready: Promise<void> | undefined;
  /** Oldest first; the last one is the file being appended to. */
  private files: TraceFile[] = [];
  private currentSize = 0;
  /** The current file ends in a torn line (a crash mid-write): the next append starts a new line. */
  private tornTail = false;
  private pending: PendingLine[] = [];
  private draining: Promise<void> | undefined;
  private recordedCount = 0;
  private failedCount = 0;
  private lastErrorText: string | undefined;
  private lastScanSkipped = 0;

  constructor(options: TraceStoreOptions) {
    this.dir = options.dir;
    this.maxFileBytes = Math.max(1024, options.maxFileBytes ?? 4 * 1024 * 1024);
    this.maxTotalBytes = Math.max(this.maxFileBytes, options.maxTotalBytes ?? 64 * 1024 * 1024);
    this.maxAgeMs = Math.max(0, options.maxAgeMs ?? 30 * 24 * 60 * 60 * 1000);
    this.rotateAfterMs = Math.max(1, options.rotateAfterMs ?? 24 * 60 * 60 * 1000);
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
  }

  /** Opens the folder (creating it), applies the bounds; runs once, on first use if not called. */
  load(): Promise<void> {
    this.ready ??= this.open().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private async open(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    this.files = await this.listFiles();
    const current = this.files.at(-1);
    if (current) {
      const full = path.join(this.dir, current.file);
      const info = await stat(full);
      this.currentSize = info.size;
      this.tornTail = info.size > 0 && (await lastByte(full)) !== 0x0a;
      if (this.tornTail) {
        this.logger.warn("traces: the newest file ends in a torn line; it will be skipped", {
          file: full,
        });
      }
    } else {
      this.startFile(1);
    }
    await this.enforceBounds();
  }

  /** Appends one trace; resolves once its line is written (acknowledged). */
  append(record: TraceRecord): Promise<void> {
    let line: string;
    try {
      line = `${JSON.stringify(shrink(record))}\n`;
    } catch (error) {
      this.failedCount++;
      this.lastErrorText = String(error);
      return Promise.reject(error);
    }
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ line, bytes: Buffer.byteLength(line), resolve, reject });
      this.kick();
    });
  }

  /** Resolves when every append so far is written (or has failed). */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
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
  async listFilePaths(): Promise<string[]> {
    await this.load();
    return this.files.map((f) => path.join(this.dir, f.file));
  }

  /** Visits records newest first until `visit` returns true. Torn or foreign lines are skipped. */
  private async scan(visit: (record: TraceRecord) => boolean): Promise<void> {
    await this.load();
    await this.flush();
    let skipped = 0;
    try {
      for (let f = this.files.length - 1; f >= 0; f--) {
        const file = path.join(this.dir, (this.files[f] as TraceFile).file);
        let text: string;
        try {
          text = await readFile(file, "utf8");
        } catch (error) {
          // Deleted by the bounds between listing and reading: nothing to show from it.
          if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
          throw error;
        }
        const lines = text.split("\n");
        for (let i = lines.length - 1; i >= 0; i--) {
          const line = lines[i] as string;
          if (line.trim() === "") continue;
          const record = parse(line);
          if (!record) {
            skipped++;
            continue;
          }
          if (visit(record)) return;
        }
      }
    } finally {
      if (skipped > 0) this.logger.debug("traces: skipped unreadable lines", { skipped });
      this.lastScanSkipped = skipped;
    }
  }

  private kick(): void {
    if (this.draining) return;
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.pending.length > 0) this.kick();
    });
  }

  /** Writes pending lines in as few writes as possible, rotating on the way. */
  private async drain(): Promise<void> {
    try {
      await this.load();
    } catch (error) {
      this.fail(this.pending.splice(0), error);
      return;
    }
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, 1024);
      let i = 0;
      while (i < batch.length) {
        const first = batch[i] as PendingLine;
        if (this.currentSize > 0 && this.shouldRotate(first.bytes)) await this.rotate();
        let text = this.tornTail ? "\n" : "";
        let bytes = text.length;
        const group: PendingLine[] = [];
        while (i < batch.length) {
          const next = batch[i] as PendingLine;
          if (group.length > 0 && this.currentSize + bytes + next.bytes > this.maxFileBytes) break;
          text += next.line;
          bytes += next.bytes;
          group.push(next);
          i++;
        }
        const current = this.files.at(-1) as TraceFile;
        try {
          await appendFile(path.join(this.dir, current.file), text, { mode: 0o600 });
          this.currentSize += bytes;
          this.tornTail = false;
          this.recordedCount += group.length;
          for (const p of group) p.resolve();
        } catch (error) {
          // A partial write may have left a torn line: step over it next time.
          this.tornTail = true;
          this.fail(group, error);
        }
      }
    }
  }

  private fail(lines: PendingLine[], error: unknown): void {
    this.failedCount += lines.length;
    this.lastErrorText = String(error);
    this.logger.error("traces: append failed", { error: String(error) });
    for (const p of lines) p.reject(error);
  }

  private shouldRotate(nextBytes: number): boolean {
    const current = this.files.at(-1) as TraceFile;
    return (
      this.currentSize + nextBytes > this.maxFileBytes ||
      this.now() - current.createdMs >= this.rotateAfterMs
    );
  }

  private startFile(seq: number): void {
    const createdMs = this.now();
    this.files.push({
      seq,
      createdMs,
      file: `traces-${String(seq).padStart(8, "0")}-${createdMs}.jsonl`,
    });
    this.currentSize = 0;
    this.tornTail = false;
  }

  private async rotate(): Promise<void> {
    this.startFile(((this.files.at(-1) as TraceFile).seq ?? 0) + 1);
    try {
      await this.enforceBounds();
    } catch (error) {
      this.logger.warn("traces: could not apply the size and age bounds", { error: String(error) });
    }
  }

  /** Deletes the oldest files beyond the total size and those past the maximum age. */
  private async enforceBounds(): Promise<void> {
    const older = this.files.slice(0, -1);
    const sizes = new Map<TraceFile, { size: number; mtimeMs: number }>();
    for (const f of older) {
      try {
        const info = await stat(path.join(this.dir, f.file));
        sizes.set(f, { size: info.size, mtimeMs: info.mtimeMs });
      } catch {
        sizes.set(f, { size: 0, mtimeMs: 0 });
      }
    }
    let total = this.currentSize;
    for (const s of sizes.values()) total += s.size;
    const keep: TraceFile[] = [];
    const now = this.now();
    for (const f of older) {
      const info = sizes.get(f) as { size: number; mtimeMs: number };
      const tooOld = this.maxAgeMs > 0 && now - info.mtimeMs > this.maxAgeMs;
      if (tooOld || total > this.maxTotalBytes) {
        await unlink(path.join(this.dir, f.file)).catch(() => undefined);
        total -= info.size;
        this.logger.debug("traces: deleted an old file", { file: f.file, tooOld });
      } else keep.push(f);
    }
    this.files = [...keep, this.files.at(-1) as TraceFile];
  }

  private async listFiles(): Promise<TraceFile[]> {
    const names = await readdir(this.dir);
    const files: TraceFile[] = [];
    for (const name of names) {
      const m = FILE_PATTERN.exec(name);
      if (m) files.push({ seq: Number(m[1]), createdMs: Number(m[2]), file: name });
    }
    return files.sort((a, b) => a.seq - b.seq);
  }
}

async function lastByte(file: string): Promise<number | undefined> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    if (size === 0) return undefined;
    const buf = Buffer.alloc(1);
    await handle.read(buf, 0, 1, size - 1);
    return buf[0];
  } finally {
    await handle.close();
  }
}

function toMs(value: number | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === "number" ? value : Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function parse(line: string): TraceRecord | undefined {
  try {
    const record = JSON.parse(line) as TraceRecord;
    if (
      typeof record === "object" &&
      record !== null &&
      typeof record.traceId === "string" &&
      typeof record.tool === "string" &&
      Array.isArray(record.observations)
    ) {
      return record;
    }
  } catch {
    // a torn line
  }
  return undefined;
}

function shrink(record: TraceRecord): TraceRecord {
  let changed = false;
  const observations = record.observations.map((o) => {
    const input = shrinkValue(o.input);
    const output = shrinkValue(o.output);
    if (input === o.input && output === o.output) return o;
    changed = true;
    const copy: Observation = { ...o };
    if ("input" in o) copy.input = input;
    if ("output" in o) copy.output = output;
    return copy;
  });
  return changed ? { ...record, observations } : record;
}

function shrinkValue(value: unknown): unknown {
  if (typeof value !== "object" || value === null) {
    if (typeof value !== "string" || value.length <= MAX_STORED_VALUE_CHARS) return value;
  }
  const json = JSON.stringify(value) ?? "";
  if (json.length <= MAX_STORED_VALUE_CHARS) return value;
  return { truncatedForTraces: true, preview: json.slice(0, 2_000), originalChars: json.length };
}
