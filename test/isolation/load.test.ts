/**
 * Load: 10,000 concurrent invocations mixing a built-in and isolated plugin tools, through the
 * workbench as the app builds it (history included). Correctness only: every invocation
 * completes with its own answer, none is lost (results, events, history on disk), and what the
 * burst leaves behind is small. Timings belong to bench/isolation.ts, not here.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { expect, it } from "vitest";
import { createWorkbench } from "../../src-main/api/workbench.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const COUNT = 10_000;

// A real GC between measurements, without a --expose-gc flag on the test runner.
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

const plugin = `export default [
  {
    metadata: { name: "@load/square", description: "Squares.", deterministic: true, costPerInvocation: 0.001,
      parametersSchema: { type: "object", properties: { n: { type: "number" } }, required: ["n"] } },
    invoke: ({ n }) => n * n,
  },
  {
    metadata: { name: "@load/later", description: "Answers after a tick, with progress.", deterministic: true,
      costPerInvocation: 0, parametersSchema: { type: "object", properties: { n: { type: "number" } }, required: ["n"] } },
    async invoke({ n }, ctx) {
      ctx.progress({ progress: 1, total: 1 });
      await new Promise((resolve) => setTimeout(resolve, n % 7));
      return { n, doubled: n * 2 };
    },
  },
];`;

it(`${COUNT.toLocaleString("en-US")} concurrent invocations, built-in and isolated: all complete, none lost`, async () => {
  const dir = await tempDir("agentic-load-plugins-");
  const home = await tempDir("agentic-load-home-");
  await writeFile(path.join(dir, "load.mjs"), plugin);
  const wb = await createWorkbench({
    workspaceRoot: dir,
    pluginDirs: [dir],
    onlyPluginDirs: true,
    env: { AGENTIC_HOME: home },
    mcpServers: false,
  });
  try {
    const finished = new Set<string>();
    wb.registry.on("invocation:finished", (e) => finished.add(e.invocationId));
    let progress = 0;
    wb.registry.on("invocation:progress", () => progress++);

    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    let peakRss = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 10);
    const kinds = ["@math/calculator", "@load/square", "@load/later"] as const;
    const results = await Promise.all(
      Array.from({ length: COUNT }, (_, i) => {
        const tool = kinds[i % 3] as (typeof kinds)[number];
        const params = tool === "@math/calculator" ? { operation: "add", a: i, b: 1 } : { n: i };
        return wb.registry.invoke(tool, params, { invocationId: `load-${i}` });
      }),
    );
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);

    const wrong = results.filter((result, i) => {
      if (!result.ok || result.invocationId !== `load-${i}`) return true;
      const expected = [i + 1, i * i, { n: i, doubled: i * 2 }][i % 3];
      return JSON.stringify(result.value) !== JSON.stringify(expected);
    });
    expect(wrong).toEqual([]);
    expect(finished.size).toBe(COUNT);
    expect(progress).toBe(Math.floor(COUNT / 3));

    await wb.history.flush();
    const lines = (await readFile(path.join(home, "history.jsonl"), "utf8")).trim().split("\n");
    expect(lines).toHaveLength(COUNT);
    expect(
      new Set(lines.map((l) => (JSON.parse(l) as { invocationId: string }).invocationId)).size,
    ).toBe(COUNT);
    expect(wb.history.totals().session.count).toBe(COUNT);

    // Memory is bounded: nothing waits in the host, and the burst leaves little behind.
    const host = (wb.loader as unknown as { host: { pending: { calls: number; loads: number } } })
      .host;
    expect(host.pending).toEqual({ calls: 0, loads: 0 });
    gc();
    const retainedMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    console.log(
      `load: ${COUNT} invocations, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB, heap left ${retainedMb.toFixed(1)} MiB (history keeps every entry in memory)`,
    );
    // History keeps the 10,000 entries (≈ a few MiB); a leak of the invocations' promises,
    // contexts or messages would be several times that.
    expect(retainedMb).toBeLessThan(64);
  } finally {
    await wb.close();
  }
});
