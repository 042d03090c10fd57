/**
 * An append-only JSON-lines file, private to the user: what history (`history.jsonl`) and the local
 * trace store (`traces/traces-SEQUENCE-CREATEDMS.jsonl`) share. One JSON line per record, appended
 * in whole lines; concurrent appends are batched into as few writes as possible and resolve once
 * their line is written. A crash can tear only the last line, which reading skips and the next
 * append steps over (it starts on a fresh line); earlier lines are never rewritten. The folder is
 * created 0700 and the files 0600. Either one file of a fixed name, or rotating files that close
 * by size and age, the oldest deleted beyond a total size or a maximum age.
 */
import { appendFile, mkdir, open, readdir, readFile, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { type Logger, silentLogger } from "./logger.ts";

/** Values bigger than this (as JSON) are stored as a preview by `shrinkForStorage`. */
export const MAX_STORED_VALUE_CHARS = 64 * 1024;

/** Rotating files `PREFIX-SEQUENCE-CREATEDMS.jsonl` and how much of them to keep. */
export interface JsonLinesRotation {
  /** The files' name prefix (letters, digits, `-`, `_`), e.g. `traces`. */
  prefix: string;
  /** A file is closed and a new one started once it would pass this size. */
  maxFileBytes: number;
  /** The oldest files are deleted while all together pass this size. */
  maxTotalBytes: number;
  /** Files whose last write is older than this are deleted (0 = keep). */
  maxAgeMs: number;
  /** A file is closed after this long even if small, so age limits can apply. */
  rotateAfterMs: number;
}

export interface JsonLinesFileOptions<T> {
  /** The folder (created 0700 if missing). */
  dir: string;
  /** One file of this name, never rotated (`history.jsonl`), or rotating files. */
  file: string | JsonLinesRotation;
  /** Which parsed lines are records; others (foreign JSON, torn lines) are skipped. */
  accept: (value: unknown) => value is T;
  /** Names the store in log lines (`history: append failed`). */
  label: string;
  logger?: Logger;
  /** Told at open when the newest file ends in a torn line. */
  onTornTail?: (file: string) => void;
  /** The clock (tests). */
  now?: () => number;
}

interface Segment {
  seq: number;
  createdMs: number;
  name: string;
}

interface PendingLine {
  line: string;
  bytes: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Appends records and reads them back, oldest or newest first. */
export class JsonLinesFile<T> {
  readonly dir: string;
  private readonly rotation: JsonLinesRotation | undefined;
  private readonly pattern: RegExp | undefined;
  private readonly accept: (value: unknown) => value is T;
  private readonly label: string;
  private readonly logger: Logger;
  private readonly onTornTail: ((file: string) => void) | undefined;
  private readonly now: () => number;
  private ready: Promise<void> | undefined;
  /** Oldest first; the last one is the file being appended to. */
  private segments: Segment[] = [];
  private currentSize = 0;
  /** The current file ends in a torn line (a crash mid-write): the next append starts a new line. */
  private tornTail = false;
  private pending: PendingLine[] = [];
  private draining: Promise<void> | undefined;
  /** Bytes of the (single) file read so far, up to the last complete line. */
  private readOffset = 0;

  constructor(options: JsonLinesFileOptions<T>) {
    this.dir = options.dir;
    if (typeof options.file === "string") {
      this.segments = [{ seq: 0, createdMs: 0, name: options.file }];
    } else {
      if (!/^[\w-]+$/.test(options.file.prefix)) throw new Error("json-lines: bad file prefix");
      this.rotation = options.file;
      this.pattern = new RegExp(`^${options.file.prefix}-(\\d{8})-(\\d+)\\.jsonl$`);
    }
    this.accept = options.accept;
    this.label = options.label;
    this.logger = options.logger ?? silentLogger;
    this.onTornTail = options.onTornTail;
    this.now = options.now ?? Date.now;
  }

  /** Opens the folder (creating it), applies the bounds; runs once, on first use if not called. */
  open(): Promise<void> {
    this.ready ??= this.openOnce().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private async openOnce(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    if (this.rotation) this.segments = await this.listSegments();
    const current = this.segments.at(-1);
    if (!current) return this.startSegment(1);
    const full = path.join(this.dir, current.name);
    this.currentSize = (await ifExists(stat(full), undefined))?.size ?? 0;
    this.tornTail = this.currentSize > 0 && (await lastByte(full)) !== 0x0a;
    if (this.tornTail) this.onTornTail?.(full);
    await this.enforceBounds();
  }

  /** Appends one record; resolves once its line is written (acknowledged). */
  append(record: T): Promise<void> {
    let line: string;
    try {
      line = `${JSON.stringify(record)}\n`;
    } catch (error) {
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

  /** The files, oldest first (absolute paths; the newest may not exist before its first line). */
  async paths(): Promise<string[]> {
    await this.open();
    return this.segments.map((s) => path.join(this.dir, s.name));
  }

  /**
   * Every record, oldest first, and how many non-blank lines were skipped. Remembers how far it
   * read, for `readNew`.
   */
  async readAll(): Promise<{ records: T[]; skipped: number }> {
    await this.open();
    await this.flush();
    const records: T[] = [];
    let skipped = 0;
    for (const full of await this.paths()) {
      const bytes = await ifExists(readFile(full), Buffer.alloc(0));
      this.readOffset = bytes.lastIndexOf(0x0a) + 1;
      for (const record of parseJsonLines(bytes.toString("utf8"), this.accept)) {
        if (record === undefined) skipped++;
        else records.push(record);
      }
    }
    return { records, skipped };
  }

  /**
   * The records other writers (other processes, or this one) appended to the single file since
   * the last read. A line still being written is left for the next call; torn lines are skipped.
   */
  async readNew(): Promise<T[]> {
    if (this.rotation) throw new Error("json-lines: readNew reads a single file");
    const full = path.join(this.dir, (this.segments[0] as Segment).name);
    let size: number;
    try {
      size = (await stat(full)).size;
    } catch {
      return [];
    }
    // Replaced or truncated by hand: read it again from the start.
    if (size < this.readOffset) this.readOffset = 0;
    if (size === this.readOffset) return [];
    const handle = await open(full, "r");
    let chunk: Buffer;
    try {
      chunk = Buffer.alloc(size - this.readOffset);
      await handle.read(chunk, 0, chunk.length, this.readOffset);
    } finally {
      await handle.close();
    }
    const complete = chunk.lastIndexOf(0x0a) + 1;
    this.readOffset += complete;
    const text = chunk.subarray(0, complete).toString("utf8");
    return [...parseJsonLines(text, this.accept)].filter((r): r is T => r !== undefined);
  }

  /**
   * The records newest first (by position: the order they were appended in); `undefined` for each
   * unreadable non-blank line. Stop early by leaving the loop.
   */
  async *newestFirst(): AsyncGenerator<T | undefined> {
    await this.open();
    await this.flush();
    for (const full of [...(await this.paths())].reverse()) {
      // Deleted by the bounds between listing and reading: nothing to show from it.
      const text = await ifExists(readFile(full, "utf8"), undefined);
      if (text === undefined) continue;
      yield* parseJsonLines(text, this.accept, "newest-first");
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
      await this.open();
    } catch (error) {
      this.fail(this.pending.splice(0), error);
      return;
    }
    const maxFileBytes = this.rotation?.maxFileBytes ?? Number.POSITIVE_INFINITY;
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
          if (group.length > 0 && this.currentSize + bytes + next.bytes > maxFileBytes) break;
          text += next.line;
          bytes += next.bytes;
          group.push(next);
          i++;
        }
        const current = this.segments.at(-1) as Segment;
        try {
          await appendFile(path.join(this.dir, current.name), text, { mode: 0o600 });
          this.currentSize += bytes;
          this.tornTail = false;
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
    this.logger.error(`${this.label}: append failed`, { error: String(error) });
    for (const p of lines) p.reject(error);
  }

  private shouldRotate(nextBytes: number): boolean {
    if (!this.rotation) return false;
    const current = this.segments.at(-1) as Segment;
    return (
      this.currentSize + nextBytes > this.rotation.maxFileBytes ||
      this.now() - current.createdMs >= this.rotation.rotateAfterMs
    );
  }

  private startSegment(seq: number): void {
    const createdMs = this.now();
    const prefix = this.rotation?.prefix ?? "";
    this.segments.push({
      seq,
      createdMs,
      name: `${prefix}-${String(seq).padStart(8, "0")}-${createdMs}.jsonl`,
    });
    this.currentSize = 0;
    this.tornTail = false;
  }

  private async rotate(): Promise<void> {
    this.startSegment((this.segments.at(-1) as Segment).seq + 1);
    try {
      await this.enforceBounds();
    } catch (error) {
      this.logger.warn(`${this.label}: could not apply the size and age bounds`, {
        error: String(error),
      });
    }
  }

  /** Deletes the oldest files beyond the total size and those past the maximum age. */
  private async enforceBounds(): Promise<void> {
    if (!this.rotation) return;
    const { maxAgeMs, maxTotalBytes } = this.rotation;
    const older = this.segments.slice(0, -1);
    const sizes = new Map<Segment, { size: number; mtimeMs: number }>();
    for (const s of older) {
      try {
        const info = await stat(path.join(this.dir, s.name));
        sizes.set(s, { size: info.size, mtimeMs: info.mtimeMs });
      } catch {
        sizes.set(s, { size: 0, mtimeMs: 0 });
      }
    }
    let total = this.currentSize;
    for (const s of sizes.values()) total += s.size;
    const keep: Segment[] = [];
    const now = this.now();
    for (const s of older) {
      const info = sizes.get(s) as { size: number; mtimeMs: number };
      const tooOld = maxAgeMs > 0 && now - info.mtimeMs > maxAgeMs;
      if (tooOld || total > maxTotalBytes) {
        await unlink(path.join(this.dir, s.name)).catch(() => undefined);
        total -= info.size;
        this.logger.debug(`${this.label}: deleted an old file`, { file: s.name, tooOld });
      } else keep.push(s);
    }
    this.segments = [...keep, this.segments.at(-1) as Segment];
  }

  private async listSegments(): Promise<Segment[]> {
    const pattern = this.pattern as RegExp;
    const segments: Segment[] = [];
    for (const name of await readdir(this.dir)) {
      const m = pattern.exec(name);
      if (m) segments.push({ seq: Number(m[1]), createdMs: Number(m[2]), name });
    }
    return segments.sort((a, b) => a.seq - b.seq);
  }
}

/**
 * The records of JSON-lines text, in file order or newest first: blank lines are passed over, and
 * each other line that is not JSON, or not a record by `accept`, gives `undefined`.
 */
export function* parseJsonLines<T>(
  text: string,
  accept: (value: unknown) => value is T,
  order: "oldest-first" | "newest-first" = "oldest-first",
): Generator<T | undefined> {
  const lines = text.split("\n");
  if (order === "newest-first") lines.reverse();
  for (const line of lines) {
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      yield undefined; // a torn line
      continue;
    }
    yield accept(value) ? value : undefined;
  }
}

/**
 * `value`, or if its JSON passes `maxChars`, a preview in its place:
 * `{ [marker]: true, preview: the first 2,000 characters of the JSON, originalChars }`.
 */
export function shrinkForStorage(
  value: unknown,
  marker: string,
  maxChars: number = MAX_STORED_VALUE_CHARS,
): unknown {
  // Short as JSON by construction: numbers, booleans, null, undefined, and strings well under the
  // limit (a character is at most 6 in JSON). A bigint goes on to JSON.stringify, which refuses it.
  if (value === null || (typeof value !== "object" && typeof value !== "bigint")) {
    if (typeof value !== "string" || value.length * 6 + 2 <= maxChars) return value;
  }
  const json = JSON.stringify(value) ?? "";
  if (json.length <= maxChars) return value;
  return { [marker]: true, preview: json.slice(0, 2_000), originalChars: json.length };
}

/** What `read` gives, or `fallback` if the file is not there. */
async function ifExists<R, F>(read: Promise<R>, fallback: F): Promise<R | F> {
  try {
    return await read;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return fallback;
    throw error;
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
