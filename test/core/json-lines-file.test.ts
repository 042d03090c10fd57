import { appendFile, readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import {
  JsonLinesFile,
  parseJsonLines,
  shrinkForStorage,
} from "../../src-main/core/json-lines-file.ts";
import { tempDir } from "../helpers/temp-dir.ts";

/** Counts the module's writes (one appendFile per batch). */
const writes = vi.hoisted(() => ({ count: 0 }));
vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs/promises")>();
  return {
    ...actual,
    appendFile: (...args: Parameters<typeof actual.appendFile>) => {
      writes.count++;
      return actual.appendFile(...args);
    },
  };
});

interface Rec {
  id: number;
  pad?: string;
}
const isRec = (v: unknown): v is Rec => typeof (v as Rec | null)?.id === "number";

function single(dir: string, extra: { onTornTail?: (file: string) => void } = {}) {
  return new JsonLinesFile<Rec>({ dir, file: "log.jsonl", accept: isRec, label: "test", ...extra });
}

function rotating(dir: string, over: { maxFileBytes?: number; maxTotalBytes?: number } = {}) {
  return new JsonLinesFile<Rec>({
    dir,
    file: {
      prefix: "recs",
      maxFileBytes: over.maxFileBytes ?? 1000,
      maxTotalBytes: over.maxTotalBytes ?? 3000,
      maxAgeMs: 0,
      rotateAfterMs: 60_000,
    },
    accept: isRec,
    label: "test",
  });
}

const ids = (records: (Rec | undefined)[]) => records.map((r) => r?.id);

describe("JsonLinesFile appends", () => {
  it("creates its folder 0700 and the file 0600", async () => {
    const dir = path.join(await tempDir("agentic-jsonl-"), "nested");
    const file = single(dir);
    await file.append({ id: 1 });
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(dir, "log.jsonl"))).mode & 0o777).toBe(0o600);
  });

  it("batches concurrent appends into few writes, each record on its own line, in order", async () => {
    const dir = await tempDir("agentic-jsonl-");
    const file = single(dir);
    await file.open();
    writes.count = 0;
    await Promise.all(Array.from({ length: 100 }, (_, id) => file.append({ id })));
    // All queued before the first write started: one write.
    expect(writes.count).toBe(1);
    const lines = (await readFile(path.join(dir, "log.jsonl"), "utf8")).split("\n");
    expect(lines.at(-1)).toBe("");
    expect(lines.slice(0, -1).map((l) => (JSON.parse(l) as Rec).id)).toEqual(
      Array.from({ length: 100 }, (_, id) => id),
    );
    expect((await file.readAll()).records).toHaveLength(100);
  });

  it("skips a torn last line, and the next append starts a fresh line without rewriting it", async () => {
    const dir = await tempDir("agentic-jsonl-");
    const full = path.join(dir, "log.jsonl");
    await single(dir).append({ id: 1 });
    await appendFile(full, '{"id":2,"pad":"hal'); // a crash mid-write
    const before = await readFile(full, "utf8");

    const onTornTail = vi.fn();
    const reopened = single(dir, { onTornTail });
    expect(await reopened.readAll()).toEqual({ records: [{ id: 1 }], skipped: 1 });
    expect(onTornTail).toHaveBeenCalledWith(full);
    await reopened.append({ id: 3 });
    const after = await readFile(full, "utf8");
    expect(after.startsWith(before)).toBe(true);
    expect(after.slice(before.length)).toBe('\n{"id":3}\n');
    const newest: (Rec | undefined)[] = [];
    for await (const r of single(dir).newestFirst()) newest.push(r);
    expect(ids(newest)).toEqual([3, undefined, 1]);
  });

  it("readNew returns complete lines appended since the last read, by any writer", async () => {
    const dir = await tempDir("agentic-jsonl-");
    const reader = single(dir);
    const writer = single(dir);
    await writer.append({ id: 1 });
    expect(ids((await reader.readAll()).records)).toEqual([1]);
    expect(await reader.readNew()).toEqual([]);
    await writer.append({ id: 2 });
    await appendFile(path.join(dir, "log.jsonl"), '{"id":3');
    expect(await reader.readNew()).toEqual([{ id: 2 }]);
    await appendFile(path.join(dir, "log.jsonl"), "}\n");
    expect(await reader.readNew()).toEqual([{ id: 3 }]);
  });
});

describe("JsonLinesFile rotation", () => {
  it("starts a new file at the size limit and deletes the oldest beyond the total", async () => {
    const dir = await tempDir("agentic-jsonl-");
    const file = rotating(dir);
    const pad = "p".repeat(80); // about 100 bytes a line
    for (let id = 0; id < 100; id++) await file.append({ id, pad });
    const paths = await file.paths();
    expect(paths.length).toBeGreaterThan(1);
    expect(paths.map((p) => path.basename(p))).toEqual((await readdir(dir)).sort());
    for (const p of paths) {
      expect(path.basename(p)).toMatch(/^recs-\d{8}-\d+\.jsonl$/);
      expect((await stat(p)).size).toBeLessThanOrEqual(1000);
      expect((await stat(p)).mode & 0o777).toBe(0o600);
    }
    // The bound applies when a file is closed: the closed ones together stay within it.
    const sizes = await Promise.all(paths.slice(0, -1).map(async (p) => (await stat(p)).size));
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(3000);
    expect((await readdir(dir)).length).toBeLessThan(10);

    // What is left is the newest records, contiguous, newest first.
    const left: (Rec | undefined)[] = [];
    for await (const r of rotating(dir).newestFirst()) left.push(r);
    expect(left.length).toBeGreaterThan(10);
    expect(ids(left)).toEqual(Array.from({ length: left.length }, (_, i) => 99 - i));
  });

  it("a batch bigger than a file is split across files", async () => {
    const dir = await tempDir("agentic-jsonl-");
    const file = rotating(dir, { maxTotalBytes: 100_000 });
    const pad = "q".repeat(180);
    await Promise.all(Array.from({ length: 30 }, (_, id) => file.append({ id, pad })));
    const paths = await file.paths();
    expect(paths.length).toBeGreaterThanOrEqual(6);
    for (const p of paths) expect((await stat(p)).size).toBeLessThanOrEqual(1000);
    expect(ids((await file.readAll()).records)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });
});

describe("parseJsonLines and shrinkForStorage", () => {
  it("passes blank lines over and gives undefined for torn or foreign ones, in either order", () => {
    const text = ['{"id":1}', "", "not json", '{"other":1}', "null", '{"id":2}', ""].join("\n");
    expect([...parseJsonLines(text, isRec)]).toEqual([
      { id: 1 },
      undefined,
      undefined,
      undefined,
      { id: 2 },
    ]);
    expect(ids([...parseJsonLines(text, isRec, "newest-first")])).toEqual([
      2,
      undefined,
      undefined,
      undefined,
      1,
    ]);
  });

  it("keeps small values as they are and previews big ones by their JSON length", () => {
    const small = { a: "x".repeat(100) };
    expect(shrinkForStorage(small, "cut", 1000)).toBe(small);
    expect(shrinkForStorage(42, "cut", 10)).toBe(42);
    const big = { a: "y".repeat(5000) };
    const json = JSON.stringify(big);
    expect(shrinkForStorage(big, "cut", 1000)).toEqual({
      cut: true,
      preview: json.slice(0, 2000),
      originalChars: json.length,
    });
    // A string short in characters but long as JSON (escapes) counts by its JSON.
    const quotes = '"'.repeat(600);
    expect(shrinkForStorage(quotes, "cut", 1000)).toMatchObject({ cut: true, originalChars: 1202 });
  });
});
