/**
 * Invocation history, kept across restarts in `$AGENTIC_HOME/history.jsonl`: one JSON line per
 * finished invocation, through the JSON-lines file history shares with the trace store
 * (`core/json-lines-file.ts`: whole-line appends, torn last line skipped, 0600). Other processes
 * (the CLI, `agentic mcp`) append to the same file: `sync` reads what they added, and `follow`
 * does so as it happens.
 */
import { type FSWatcher, watch } from "node:fs";
import path from "node:path";
import { JsonLinesFile, shrinkForStorage } from "../core/json-lines-file.ts";
import type { Logger } from "../core/logger.ts";
import { silentLogger } from "../core/logger.ts";
import type { CostTotals, HistoryEntry, HistoryQuery } from "./contract.ts";

/** Entries kept in memory (and so queryable); older ones stay in the file. */
const MAX_IN_MEMORY = 20_000;

/** Reads and appends history; queries run over the entries in memory. */
export class HistoryStore {
  private readonly file: JsonLinesFile<HistoryEntry>;
  private readonly filePath: string;
  private readonly logger: Logger;
  private entries: HistoryEntry[] = [];
  private readonly maxInMemory: number;
  private sessionStartIndex = 0;
  private allTimeBase = { count: 0, cost: 0 };
  /** This session's entries dropped from memory: still this session's, so still counted. */
  private sessionBase = { count: 0, cost: 0 };
  /** Invocations in memory, so a line read back from the file is not counted twice. */
  private readonly known = new Set<string>();
  private syncQueue: Promise<HistoryEntry[]> = Promise.resolve([]);

  constructor(options: {
    dir: string;
    logger?: Logger;
    /** Entries kept in memory (default 20,000); older ones still count in the totals. */
    maxInMemory?: number;
  }) {
    this.filePath = path.join(options.dir, "history.jsonl");
    this.logger = options.logger ?? silentLogger;
    this.maxInMemory = Math.max(1, options.maxInMemory ?? MAX_IN_MEMORY);
    // Private to the user: history holds what tools were asked and answered.
    this.file = new JsonLinesFile({
      dir: options.dir,
      file: "history.jsonl",
      accept: isHistoryEntry,
      label: "history",
      logger: this.logger,
    });
  }

  /** Loads the file (skipping torn or foreign lines); call once at start-up. */
  async load(): Promise<{ loaded: number; skipped: number }> {
    const { records: entries, skipped } = await this.file.readAll();
    if (skipped > 0)
      this.logger.warn("history: skipped unreadable lines", { file: this.filePath, skipped });
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
    return this.file.append(stored);
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
      watcher = watch(path.dirname(this.filePath), (_event, name) => {
        if (name !== path.basename(this.filePath)) return;
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
    const added: HistoryEntry[] = [];
    for (const entry of await this.file.readNew()) {
      if (this.known.has(entry.invocationId)) continue;
      this.remember(entry);
      added.push(entry);
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
    return this.file.flush();
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

function isHistoryEntry(value: unknown): value is HistoryEntry {
  const entry = value as HistoryEntry | null;
  return typeof entry?.invocationId === "string" && typeof entry.tool === "string";
}

/** A value bigger than 64 KiB (as JSON) is stored as a preview, so history stays small. */
function shrink(entry: HistoryEntry): HistoryEntry {
  if (!("value" in entry)) return entry;
  const value = shrinkForStorage(entry.value, "truncatedForHistory");
  return value === entry.value ? entry : { ...entry, value };
}
