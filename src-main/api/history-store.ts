/**
 * Invocation history, kept across restarts in `$AGENTIC_HOME/history.jsonl`: one JSON line per
 * finished invocation, appended with a single write. A crash can tear only the last line, which
 * reading skips; earlier lines are never rewritten. Other processes (the CLI, `agentic mcp`)
 * append to the same file: `sync` reads what they added, and `follow` does so as it happens.
 */
import { type FSWatcher, watch } from "node:fs";
import { mkdir, open, readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "../core/logger.ts";
import { silentLogger } from "../core/logger.ts";
import type { CostTotals, HistoryEntry, HistoryQuery } from "./contract.ts";

/** Values bigger than this (as JSON) are stored as a preview, so history stays small. */
const MAX_STORED_VALUE_CHARS = 64 * 1024;
/** Entries kept in memory (and so queryable); older ones stay in the file. */
const MAX_IN_MEMORY = 20_000;

/** Reads and appends history; queries run over the entries in memory. */
export class HistoryStore {
  private readonly file: string;
  private readonly logger: Logger;
  private entries: HistoryEntry[] = [];
  private readonly maxInMemory: number;
  private sessionStartIndex = 0;
  private allTimeBase = { count: 0, cost: 0 };
  /** This session's entries dropped from memory: still this session's, so still counted. */
  private sessionBase = { count: 0, cost: 0 };
  private writeQueue: Promise<void> = Promise.resolve();
  /** The file ends in a torn line (a crash mid-write): the next append starts a new line. */
  private startWithNewline = false;
  /** Invocations in memory, so a line read back from the file is not counted twice. */
  private readonly known = new Set<string>();
  /** Bytes of the file read so far (up to the last complete line). */
  private readOffset = 0;
  private syncQueue: Promise<HistoryEntry[]> = Promise.resolve([]);

  constructor(options: {
    dir: string;
    logger?: Logger;
    /** Entries kept in memory (default 20,000); older ones still count in the totals. */
    maxInMemory?: number;
  }) {
    this.file = path.join(options.dir, "history.jsonl");
    this.logger = options.logger ?? silentLogger;
    this.maxInMemory = Math.max(1, options.maxInMemory ?? MAX_IN_MEMORY);
  }

  /** Loads the file (skipping torn or foreign lines); call once at start-up. */
  async load(): Promise<{ loaded: number; skipped: number }> {
    // Private to the user: history holds what tools were asked and answered.
    await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    let bytes = Buffer.alloc(0);
    try {
      bytes = await readFile(this.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    const text = bytes.toString("utf8");
    this.startWithNewline = text.length > 0 && !text.endsWith("\n");
    this.readOffset = bytes.lastIndexOf(0x0a) + 1;
    let skipped = 0;
    const entries: HistoryEntry[] = [];
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      try {
        const entry = JSON.parse(line) as HistoryEntry;
        if (typeof entry.invocationId === "string" && typeof entry.tool === "string")
          entries.push(entry);
        else skipped++;
      } catch {
        skipped++;
      }
    }
    if (skipped > 0)
      this.logger.warn("history: skipped unreadable lines", { file: this.file, skipped });
    const overflow = Math.max(0, entries.length - this.maxInMemory);
    for (const e of entries.slice(0, overflow)) {
      this.allTimeBase.count++;
      this.allTimeBase.cost += e.cost;
    }
    this.entries = entries.slice(overflow);
    for (const e of this.entries) this.known.add(e.invocationId);
    this.sessionStartIndex = this.entries.length;
    return { loaded: entries.length, skipped };
  }

  /** Appends an entry; resolves once it is written (acknowledged). */
  append(entry: HistoryEntry): Promise<void> {
    const stored = shrink(entry);
    this.remember(stored);
    const write = this.writeQueue.then(async () => {
      // A torn line from a crash would otherwise glue onto ours and hide it: start afresh.
      const line = `${this.startWithNewline ? "\n" : ""}${JSON.stringify(stored)}\n`;
      this.startWithNewline = false;
      const handle = await open(this.file, "a", 0o600);
      try {
        await handle.write(line);
      } finally {
        await handle.close();
      }
    });
    this.writeQueue = write.catch((error: unknown) => {
      this.logger.error("history: append failed", { error: String(error) });
    });
    return write;
  }

  /**
   * Reads the lines other processes appended since the last read, and returns their entries
   * (ours, read back, are skipped). A line still being written is left for the next call.
   */
  sync(): Promise<HistoryEntry[]> {
    const run = this.syncQueue.then(() => this.readNewLines());
    this.syncQueue = run.catch((error: unknown) => {
      this.logger.warn("history: reading new lines failed", { error: String(error) });
      return [];
    });
    return this.syncQueue;
  }

  /**
   * Follows the file: calls `onEntry` for each entry another process appends. Returns the
   * function that stops following. The watch does not keep the process alive.
   */
  follow(onEntry: (entry: HistoryEntry) => void): () => void {
    let timer: NodeJS.Timeout | undefined;
    let watcher: FSWatcher | undefined;
    try {
      watcher = watch(path.dirname(this.file), (_event, name) => {
        if (name !== path.basename(this.file)) return;
        clearTimeout(timer);
        timer = setTimeout(() => {
          void this.sync().then((added) => {
            for (const e of added) onEntry(e);
          });
        }, 30);
      });
      watcher.unref();
    } catch (error) {
      this.logger.warn("history: cannot follow the file", { error: String(error) });
    }
    return () => {
      clearTimeout(timer);
      watcher?.close();
    };
  }

  private async readNewLines(): Promise<HistoryEntry[]> {
    let size: number;
    try {
      size = (await stat(this.file)).size;
    } catch {
      return [];
    }
    // Replaced or truncated by hand: read it again from the start (known entries are skipped).
    if (size < this.readOffset) this.readOffset = 0;
    if (size === this.readOffset) return [];
    const handle = await open(this.file, "r");
    let chunk: Buffer;
    try {
      chunk = Buffer.alloc(size - this.readOffset);
      await handle.read(chunk, 0, chunk.length, this.readOffset);
    } finally {
      await handle.close();
    }
    const complete = chunk.lastIndexOf(0x0a) + 1;
    this.readOffset += complete;
    const added: HistoryEntry[] = [];
    for (const line of chunk.subarray(0, complete).toString("utf8").split("\n")) {
      if (line.trim() === "") continue;
      try {
        const entry = JSON.parse(line) as HistoryEntry;
        if (typeof entry.invocationId !== "string" || typeof entry.tool !== "string") continue;
        if (this.known.has(entry.invocationId)) continue;
        this.remember(entry);
        added.push(entry);
      } catch {
        // A torn line from a crash: skipped, as at load.
      }
    }
    return added;
  }

  /** Keeps an entry in memory, dropping the oldest beyond the limit (still counted in totals). */
  private remember(stored: HistoryEntry): void {
    this.entries.push(stored);
    this.known.add(stored.invocationId);
    if (this.entries.length > this.maxInMemory) {
      const dropped = this.entries.shift() as HistoryEntry;
      this.known.delete(dropped.invocationId);
      this.allTimeBase.count++;
      this.allTimeBase.cost += dropped.cost;
      if (this.sessionStartIndex > 0) this.sessionStartIndex--;
      else {
        // Once this session alone fills memory, the dropped entry is this session's.
        this.sessionBase.count++;
        this.sessionBase.cost += dropped.cost;
      }
    }
  }

  /** Entries newest first, filtered. */
  query(query: HistoryQuery = {}): HistoryEntry[] {
    const limit = Math.max(1, Math.min(query.limit ?? 200, this.maxInMemory));
    const out: HistoryEntry[] = [];
    for (let i = this.entries.length - 1; i >= 0 && out.length < limit; i--) {
      const e = this.entries[i] as HistoryEntry;
      if (query.tool && e.tool !== query.tool) continue;
      if (query.status === "ok" && !e.ok) continue;
      if (query.status === "error" && e.ok) continue;
      out.push(e);
    }
    return out;
  }

  /** Totals since this process started and for all time, and per tool. */
  totals(): CostTotals {
    const session = { ...this.sessionBase };
    const allTime = { ...this.allTimeBase };
    const perTool = new Map<string, { durations: number[]; cost: number; failures: number }>();
    this.entries.forEach((e, i) => {
      allTime.count++;
      allTime.cost += e.cost;
      if (i >= this.sessionStartIndex) {
        session.count++;
        session.cost += e.cost;
      }
      const t = perTool.get(e.tool) ?? { durations: [], cost: 0, failures: 0 };
      t.durations.push(e.durationMs);
      t.cost += e.cost;
      if (!e.ok) t.failures++;
      perTool.set(e.tool, t);
    });
    return {
      session,
      allTime,
      perTool: [...perTool.entries()]
        .map(([tool, t]) => ({
          tool,
          count: t.durations.length,
          medianDurationMs: median(t.durations),
          totalCost: t.cost,
          failures: t.failures,
        }))
        .sort((a, b) => b.count - a.count || a.tool.localeCompare(b.tool)),
    };
  }

  /** Resolves when every append so far is on disk. */
  flush(): Promise<void> {
    return this.writeQueue;
  }
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function shrink(entry: HistoryEntry): HistoryEntry {
  if (!("value" in entry)) return entry;
  const json = JSON.stringify(entry.value) ?? "";
  if (json.length <= MAX_STORED_VALUE_CHARS) return entry;
  return {
    ...entry,
    value: { truncatedForHistory: true, preview: json.slice(0, 2_000), originalChars: json.length },
  };
}
