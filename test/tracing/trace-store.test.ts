import { appendFile, readdir, readFile, stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TraceStore } from "../../src-main/tracing/trace-store.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { traceRecord } from "./fixtures.ts";

describe("TraceStore persistence", () => {
  it("traces persist across a new store on the same folder, newest first", async () => {
    const dir = await tempDir("agentic-traces-");
    const store = new TraceStore({ dir });
    const written = [traceRecord(), traceRecord({ ok: false }), traceRecord()];
    for (const t of written) await store.append(t);
    const reopened = new TraceStore({ dir });
    const all = await reopened.query();
    expect(all.map((t) => t.traceId)).toEqual(written.map((t) => t.traceId).reverse());
    expect(all[1]).toEqual(written[1]);
    expect(await reopened.get(written[0]?.traceId as string)).toEqual(written[0]);
    expect(await reopened.get(`${"0".repeat(31)}1`)).toBeUndefined();
  });

  it("appends concurrently without losing or interleaving lines", async () => {
    const dir = await tempDir("agentic-traces-");
    const store = new TraceStore({ dir });
    const written = Array.from({ length: 200 }, () => traceRecord());
    await Promise.all(written.map((t) => store.append(t)));
    const files = await store.listFilePaths();
    const lines = (await readFile(files[0] as string, "utf8")).trimEnd().split("\n");
    expect(lines).toHaveLength(200);
    expect(lines.map((l) => JSON.parse(l).traceId)).toEqual(written.map((t) => t.traceId));
    expect(store.stats().recorded).toBe(200);
  });

  it("skips a torn last line and starts the next append on a fresh line", async () => {
    const dir = await tempDir("agentic-traces-");
    const store = new TraceStore({ dir });
    const first = traceRecord();
    await store.append(first);
    const [file] = await store.listFilePaths();
    const line = `${JSON.stringify(traceRecord())}\n`;
    await appendFile(file as string, line.slice(0, line.length / 2)); // a crash mid-write
    const before = await readFile(file as string, "utf8");

    const reopened = new TraceStore({ dir });
    expect((await reopened.query()).map((t) => t.traceId)).toEqual([first.traceId]);
    expect(reopened.stats().skipped).toBe(1);
    const next = traceRecord();
    await reopened.append(next);
    const after = await readFile(file as string, "utf8");
    expect(after.startsWith(before)).toBe(true); // earlier bytes never rewritten
    expect((await reopened.query()).map((t) => t.traceId)).toEqual([next.traceId, first.traceId]);
    expect(await new TraceStore({ dir }).get(next.traceId)).toEqual(next);
  });

  it("skips foreign lines and ignores foreign files", async () => {
    const dir = await tempDir("agentic-traces-");
    await writeFile(path.join(dir, "notes.txt"), "not a trace\n");
    const store = new TraceStore({ dir });
    const t = traceRecord();
    await store.append(t);
    const [file] = await store.listFilePaths();
    await appendFile(file as string, '{"hello":1}\n[1,2]\nnull\n');
    expect((await new TraceStore({ dir }).query()).map((r) => r.traceId)).toEqual([t.traceId]);
  });

  it("stores a huge input or output as a preview", async () => {
    const dir = await tempDir("agentic-traces-");
    const store = new TraceStore({ dir });
    const t = traceRecord({ output: "x".repeat(200_000) });
    await store.append(t);
    const [stored] = await store.query();
    expect(stored?.observations[0]?.output).toMatchObject({
      truncatedForTraces: true,
      originalChars: 200_002,
    });
    expect(t.observations[0]?.output).toHaveLength(200_000); // the caller's record untouched
  });
});

describe("TraceStore queries", () => {
  it("filters by tool, status and time range, newest first, with a limit", async () => {
    const dir = await tempDir("agentic-traces-");
    const store = new TraceStore({ dir });
    const base = Date.UTC(2025, 5, 1);
    const a1 = traceRecord({ tool: "@a/one", startMs: base });
    const b1 = traceRecord({ tool: "@b/two", startMs: base + 1000, ok: false });
    const a2 = traceRecord({ tool: "@a/one", startMs: base + 2000, ok: false });
    const a3 = traceRecord({ tool: "@a/one", startMs: base + 3000 });
    for (const t of [a1, b1, a2, a3]) await store.append(t);
    const ids = (ts: { traceId: string }[]) => ts.map((t) => t.traceId);

    expect(ids(await store.query({ tool: "@a/one" }))).toEqual(ids([a3, a2, a1]));
    expect(ids(await store.query({ status: "error" }))).toEqual(ids([a2, b1]));
    expect(ids(await store.query({ status: "ok", tool: "@a/one" }))).toEqual(ids([a3, a1]));
    expect(ids(await store.query({ since: base + 1000, until: base + 2000 }))).toEqual(
      ids([a2, b1]),
    );
    expect(ids(await store.query({ since: new Date(base + 2500).toISOString() }))).toEqual(
      ids([a3]),
    );
    expect(ids(await store.query({ limit: 2 }))).toEqual(ids([a3, a2]));
    expect(await store.query({ tool: "@none/here" })).toEqual([]);
  });
});

describe("TraceStore bounds", () => {
  it("rotates past the file size and deletes the oldest files beyond the total", async () => {
    const dir = await tempDir("agentic-traces-");
    const store = new TraceStore({ dir, maxFileBytes: 4096, maxTotalBytes: 16_384 });
    const written = [];
    for (let i = 0; i < 120; i++) {
      const t = traceRecord();
      written.push(t);
      await store.append(t);
    }
    const files = await store.listFilePaths();
    expect(files.length).toBeGreaterThan(1);
    const sizes = await Promise.all(files.map(async (f) => (await stat(f)).size));
    for (const size of sizes) expect(size).toBeLessThanOrEqual(4096);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(16_384);
    expect((await readdir(dir)).length).toBe(files.length);

    // What is left is the newest traces, contiguous, newest first.
    const left = await new TraceStore({ dir }).query({ limit: 1000 });
    expect(left.length).toBeGreaterThan(10);
    expect(left.length).toBeLessThan(120);
    expect(left.map((t) => t.traceId)).toEqual(
      written
        .slice(-left.length)
        .map((t) => t.traceId)
        .reverse(),
    );
  });

  it("deletes files older than the maximum age, and rotates a file after rotateAfterMs", async () => {
    const dir = await tempDir("agentic-traces-");
    let now = Date.now();
    const day = 24 * 60 * 60 * 1000;
    const store = new TraceStore({ dir, maxAgeMs: 7 * day, rotateAfterMs: day, now: () => now });
    const old = traceRecord();
    await store.append(old);
    const [oldFile] = await store.listFilePaths();
    // Time passes: the old file is 8 days untouched.
    now += 8 * day;
    const past = (now - 8 * day) / 1000;
    await utimes(oldFile as string, past, past);
    const fresh = traceRecord();
    await store.append(fresh); // the first file is a day old: rotate, then apply the age bound
    const files = await store.listFilePaths();
    expect(files).toHaveLength(1);
    expect(files[0]).not.toBe(oldFile);
    expect((await store.query()).map((t) => t.traceId)).toEqual([fresh.traceId]);
  });
});
