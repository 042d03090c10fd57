import { appendFile, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import type { HistoryEntry } from "../../src-main/api/contract.ts";
import { HistoryStore } from "../../src-main/api/history-store.ts";
import { type Logger, silentLogger } from "../../src-main/core/logger.ts";
import { tempDir } from "../helpers/temp-dir.ts";

let counter = 0;
function entry(over: Partial<HistoryEntry> = {}): HistoryEntry {
  counter++;
  return {
    invocationId: `inv-${counter}`,
    tool: "@math/calculator",
    params: { operation: "add", a: counter, b: 1 },
    ok: true,
    value: counter + 1,
    durationMs: counter,
    cost: 0,
    startedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, counter)).toISOString(),
    ...over,
  };
}

/** A store on `dir`, loaded, as the app opens it at start-up. */
async function open(dir: string, logger: Logger = silentLogger) {
  const store = new HistoryStore({ dir, logger });
  const loaded = await store.load();
  return { store, loaded };
}

const fileOf = (dir: string) => path.join(dir, "history.jsonl");

describe("HistoryStore persistence", () => {
  it("entries persist across a new store on the same folder", async () => {
    const dir = await tempDir("agentic-history-");
    const { store, loaded } = await open(dir);
    expect(loaded).toEqual({ loaded: 0, skipped: 0 });
    const written = [entry(), entry({ ok: false, error: { code: "TOOL_ERROR", message: "no" } })];
    for (const e of written) await store.append(e);

    const again = await open(dir);
    expect(again.loaded).toEqual({ loaded: 2, skipped: 0 });
    expect(again.store.query()).toEqual([...written].reverse());
  });

  it("creates its folder when it does not exist yet", async () => {
    const dir = path.join(await tempDir("agentic-history-"), "nested", "home");
    const { store } = await open(dir);
    await store.append(entry());
    expect((await readFile(fileOf(dir), "utf8")).split("\n")).toHaveLength(2);
  });

  it("concurrent appends each land on their own line, in order", async () => {
    const dir = await tempDir("agentic-history-");
    const { store } = await open(dir);
    const many = Array.from({ length: 50 }, () => entry());
    await Promise.all(many.map((e) => store.append(e)));
    const lines = (await readFile(fileOf(dir), "utf8")).trimEnd().split("\n");
    expect(lines.map((l) => (JSON.parse(l) as HistoryEntry).invocationId)).toEqual(
      many.map((e) => e.invocationId),
    );
    expect((await open(dir)).loaded).toEqual({ loaded: 50, skipped: 0 });
  });

  it("a torn last line is skipped; the next append starts its own line and survives a reload", async () => {
    const dir = await tempDir("agentic-history-");
    const first = await open(dir);
    const kept = [entry(), entry()];
    for (const e of kept) await first.store.append(e);
    // A crash in the middle of a write: half a JSON line, no newline.
    const torn = JSON.stringify(entry({ invocationId: "torn" }));
    await appendFile(fileOf(dir), torn.slice(0, Math.floor(torn.length / 2)));

    const warn = vi.fn();
    const second = await open(dir, { ...silentLogger, warn });
    expect(second.loaded).toEqual({ loaded: 2, skipped: 1 });
    expect(warn).toHaveBeenCalledWith(
      "history: skipped unreadable lines",
      expect.objectContaining({ skipped: 1 }),
    );
    expect(second.store.query().map((e) => e.invocationId)).toEqual(
      kept.map((e) => e.invocationId).reverse(),
    );

    const after = entry({ invocationId: "after-crash" });
    await second.store.append(after);
    const lines = (await readFile(fileOf(dir), "utf8")).split("\n");
    expect(lines.at(-1)).toBe("");
    expect(JSON.parse(lines.at(-2) as string)).toEqual(after);
    // Only the first append after the crash adds the separating newline.
    await second.store.append(entry({ invocationId: "after-that" }));
    expect((await readFile(fileOf(dir), "utf8")).split("\n").filter((l) => l === "")).toHaveLength(
      1,
    );

    const third = await open(dir);
    expect(third.loaded).toEqual({ loaded: 4, skipped: 1 });
    expect(third.store.query().map((e) => e.invocationId)).toEqual([
      "after-that",
      "after-crash",
      ...kept.map((e) => e.invocationId).reverse(),
    ]);
  });

  it("a complete last entry without its newline is kept, and the next one is not glued to it", async () => {
    const dir = await tempDir("agentic-history-");
    const whole = entry({ invocationId: "no-newline" });
    await writeFile(fileOf(dir), JSON.stringify(whole));
    const { store, loaded } = await open(dir);
    expect(loaded).toEqual({ loaded: 1, skipped: 0 });
    await store.append(entry({ invocationId: "next" }));
    const again = await open(dir);
    expect(again.loaded).toEqual({ loaded: 2, skipped: 0 });
    expect(again.store.query().map((e) => e.invocationId)).toEqual(["next", "no-newline"]);
  });

  it("skips blank lines, foreign JSON and garbage anywhere in the file", async () => {
    const dir = await tempDir("agentic-history-");
    const good = entry();
    await writeFile(
      fileOf(dir),
      [
        "",
        "not json",
        JSON.stringify({ some: "thing" }),
        "null",
        JSON.stringify(good),
        "",
        "",
      ].join("\n"),
    );
    const { store, loaded } = await open(dir);
    expect(loaded).toEqual({ loaded: 1, skipped: 3 });
    expect(store.query()).toEqual([good]);
  });
});

describe("HistoryStore.query", () => {
  it("filters by tool and status, newest first, and honours limit", async () => {
    const dir = await tempDir("agentic-history-");
    const { store } = await open(dir);
    const a1 = entry({ tool: "@a/one" });
    const b1 = entry({ tool: "@b/two", ok: false, error: { code: "TIMEOUT", message: "slow" } });
    const a2 = entry({ tool: "@a/one", ok: false, error: { code: "TOOL_ERROR", message: "x" } });
    const b2 = entry({ tool: "@b/two" });
    const a3 = entry({ tool: "@a/one" });
    for (const e of [a1, b1, a2, b2, a3]) await store.append(e);

    const ids = (q: Parameters<HistoryStore["query"]>[0]) =>
      store.query(q).map((e) => e.invocationId);
    expect(ids({})).toEqual([a3, b2, a2, b1, a1].map((e) => e.invocationId));
    expect(ids({ tool: "@a/one" })).toEqual([a3, a2, a1].map((e) => e.invocationId));
    expect(ids({ status: "ok" })).toEqual([a3, b2, a1].map((e) => e.invocationId));
    expect(ids({ status: "error" })).toEqual([a2, b1].map((e) => e.invocationId));
    expect(ids({ tool: "@b/two", status: "error" })).toEqual([b1.invocationId]);
    expect(ids({ tool: "@c/none" })).toEqual([]);
    expect(ids({ limit: 2 })).toEqual([a3, b2].map((e) => e.invocationId));
    expect(ids({ tool: "@a/one", status: "ok", limit: 1 })).toEqual([a3.invocationId]);
    expect(ids({ limit: 0 })).toHaveLength(1);
  });
});

describe("HistoryStore.totals", () => {
  it("session counts this process only; all time includes what was loaded", async () => {
    const dir = await tempDir("agentic-history-");
    const { store } = await open(dir);
    await store.append(entry({ tool: "@paid/llm", cost: 0.25, durationMs: 10 }));
    await store.append(entry({ tool: "@paid/llm", cost: 0.5, durationMs: 30 }));
    await store.append(
      entry({
        tool: "@paid/llm",
        cost: 0.125,
        durationMs: 20,
        ok: false,
        error: { code: "TOOL_ERROR", message: "x" },
      }),
    );
    await store.append(entry({ tool: "@math/calculator", cost: 0, durationMs: 1 }));
    const before = store.totals();
    expect(before.session).toEqual({ count: 4, cost: 0.875 });
    expect(before.allTime).toEqual({ count: 4, cost: 0.875 });
    expect(before.perTool).toEqual([
      { tool: "@paid/llm", count: 3, medianDurationMs: 20, totalCost: 0.875, failures: 1 },
      { tool: "@math/calculator", count: 1, medianDurationMs: 1, totalCost: 0, failures: 0 },
    ]);

    // A restart: a new store on the same folder.
    const restarted = (await open(dir)).store;
    const after = restarted.totals();
    expect(after.session).toEqual({ count: 0, cost: 0 });
    expect(after.allTime).toEqual({ count: 4, cost: 0.875 });
    expect(after.perTool).toEqual(before.perTool);

    await restarted.append(entry({ tool: "@paid/llm", cost: 1, durationMs: 40 }));
    const next = restarted.totals();
    expect(next.session).toEqual({ count: 1, cost: 1 });
    expect(next.allTime).toEqual({ count: 5, cost: 1.875 });
    expect(next.perTool[0]).toMatchObject({ tool: "@paid/llm", count: 4, medianDurationMs: 25 });
  });

  it("entries beyond what memory keeps still count, for the session and for all time", async () => {
    const dir = await tempDir("agentic-history-");
    const first = new HistoryStore({ dir, maxInMemory: 3 });
    await first.load();
    for (let i = 0; i < 2; i++) await first.append(entry({ cost: 1 }));

    const store = new HistoryStore({ dir, maxInMemory: 3 });
    await store.load();
    const latest: HistoryEntry[] = [];
    for (let i = 0; i < 5; i++) {
      const e = entry({ cost: 0.5 });
      latest.push(e);
      await store.append(e);
    }
    const totals = store.totals();
    expect(totals.session).toEqual({ count: 5, cost: 2.5 });
    expect(totals.allTime).toEqual({ count: 7, cost: 4.5 });
    expect(store.query().map((e) => e.invocationId)).toEqual(
      latest
        .slice(-3)
        .reverse()
        .map((e) => e.invocationId),
    );

    const reopened = new HistoryStore({ dir, maxInMemory: 3 });
    expect(await reopened.load()).toEqual({ loaded: 7, skipped: 0 });
    expect(reopened.totals().session).toEqual({ count: 0, cost: 0 });
    expect(reopened.totals().allTime).toEqual({ count: 7, cost: 4.5 });
    expect(reopened.query({ limit: 100 })).toHaveLength(3);
  });

  it("an empty history totals zero", async () => {
    const { store } = await open(await tempDir("agentic-history-"));
    expect(store.totals()).toEqual({
      session: { count: 0, cost: 0 },
      allTime: { count: 0, cost: 0 },
      perTool: [],
    });
  });
});

describe("HistoryStore keeps big values small", () => {
  it("a huge value is stored as a preview, in memory and on disk", async () => {
    const dir = await tempDir("agentic-history-");
    const { store } = await open(dir);
    const huge = { content: "x".repeat(200_000) };
    const original = entry({ tool: "@file/read", value: huge });
    await store.append(original);
    const originalChars = JSON.stringify(huge).length;
    const expected = {
      truncatedForHistory: true,
      preview: JSON.stringify(huge).slice(0, 2_000),
      originalChars,
    };
    const [stored] = store.query();
    expect(stored?.value).toEqual(expected);
    expect(stored).toMatchObject({ invocationId: original.invocationId, ok: true });
    // The caller's entry (what the user saw) is not changed.
    expect(original.value).toBe(huge);
    expect((await readFile(fileOf(dir), "utf8")).length).toBeLessThan(10_000);
    const [reloaded] = (await open(dir)).store.query();
    expect(reloaded?.value).toEqual(expected);
  });

  it("a value under the limit is stored whole", async () => {
    const dir = await tempDir("agentic-history-");
    const { store } = await open(dir);
    const value = { content: "y".repeat(10_000), lines: [1, 2, 3] };
    await store.append(entry({ value }));
    expect((await open(dir)).store.query()[0]?.value).toEqual(value);
  });
});

describe("other processes' runs", () => {
  it("sync reads entries another process appended, once, and leaves a half-written line for later", async () => {
    const dir = await tempDir("agentic-history-");
    const { store: ui } = await open(dir);
    const { store: cli } = await open(dir);
    const mine = entry();
    await ui.append(mine);
    const theirs = entry({ tool: "@text/word-count" });
    await cli.append(theirs);
    expect(await ui.sync()).toEqual([theirs]);
    expect(await ui.sync()).toEqual([]);
    expect(ui.query().map((e) => e.invocationId)).toEqual([theirs.invocationId, mine.invocationId]);
    expect(ui.totals().allTime.count).toBe(2);

    const later = entry();
    const line = JSON.stringify(later);
    await appendFile(path.join(dir, "history.jsonl"), line.slice(0, 10));
    expect(await ui.sync()).toEqual([]);
    await appendFile(path.join(dir, "history.jsonl"), `${line.slice(10)}\n`);
    expect(await ui.sync()).toEqual([later]);
  });

  it("follow reports another process's run as it is written", async () => {
    const dir = await tempDir("agentic-history-");
    const { store: ui } = await open(dir);
    const { store: cli } = await open(dir);
    const seen: string[] = [];
    const stop = ui.follow((e) => seen.push(e.invocationId));
    try {
      const theirs = entry();
      await cli.append(theirs);
      await vi.waitFor(() => expect(seen).toEqual([theirs.invocationId]), { timeout: 3_000 });
      // Its own appends are not reported as someone else's.
      await ui.append(entry());
      await new Promise((r) => setTimeout(r, 150));
      expect(seen).toEqual([theirs.invocationId]);
    } finally {
      stop();
    }
  });
});
