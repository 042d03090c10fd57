/**
 * Plugin isolation: what running a plugin's tool in the plugin host (a worker thread) costs per
 * call over running the same plugin in-process; 10,000 concurrent invocations mixing a built-in
 * and an isolated tool (wall time, peak memory, none lost); and how the main thread answers while
 * a plugin spins in `while (true) {}`.
 */

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import v8 from "node:v8";
import vm from "node:vm";
import { Bench } from "tinybench";
import { CalculatorTool } from "../src-main/builtin/calculator.ts";
import { PluginLoader } from "../src-main/core/loader.ts";
import { ToolRegistry } from "../src-main/core/registry.ts";
import { WorkerPluginHost } from "../src-main/isolation/worker-plugin-host.ts";
import { latencyUs, quantile } from "./stats.ts";

/** Per-call latency of one path, µs. */
export interface IsolationRow {
  key: "builtin" | "inprocess" | "isolated";
  label: string;
  medianUs: number;
  p99Us: number;
  samples: number;
}

/** One run of the 10,000-invocation burst. */
export interface BurstRun {
  wallMs: number;
  peakRssMb: number;
  peakHeapMb: number;
  /** Heap after the burst and a GC, minus before it (what the burst left behind). */
  retainedHeapMb: number;
  ok: number;
  lost: number;
}

/** Latency of the main thread's answers, ms. */
export interface ResponsivenessRow {
  label: string;
  calculatorMedianMs: number;
  calculatorP99Ms: number;
  listMedianMs: number;
  eventLoopP99Ms: number;
  samples: number;
}

export interface IsolationSuite {
  rows: IsolationRow[];
  /** median(isolated) − median(in-process plugin), µs. */
  roundTripUs: number;
  burst: { invocations: number; runs: BurstRun[] };
  responsiveness: ResponsivenessRow[];
  hogTimeoutMs: number;
  /** Times the host was started during the hog (1 + the restart after the hog). */
  hostStarts: number;
  timeMs: number;
}

const PARAMS = { operation: "multiply", a: 6, b: 7 };

// A real GC before each burst and before "heap left", with or without --expose-gc.
v8.setFlagsFromString("--expose-gc");
const gc = (globalThis.gc ?? vm.runInNewContext("gc")) as () => void;
const BURST = 10_000;
const HOG_TIMEOUT_MS = 3_000;

// The calculator's logic as a user's plugin (same schema as the built-in, so the same Ajv work).
const PLUGIN = `const calculator = {
  metadata: {
    name: "@bench/calc",
    description: "Multiplies, as a plugin.",
    deterministic: true,
    costPerInvocation: 0,
    parametersSchema: {
      type: "object",
      properties: {
        operation: { type: "string", enum: ["add", "subtract", "multiply", "divide"] },
        a: { type: "number" },
        b: { type: "number" },
      },
      required: ["operation", "a", "b"],
      additionalProperties: false,
    },
  },
  invoke: ({ operation, a, b }) =>
    operation === "add" ? a + b : operation === "subtract" ? a - b : operation === "multiply" ? a * b : a / b,
};
const hog = {
  metadata: { name: "@bench/hog", description: "Spins.", deterministic: true, costPerInvocation: 0,
    parametersSchema: { type: "object" } },
  invoke: () => { for (;;) {} },
};
export default [calculator, hog];
`;

export async function benchIsolation(timeMs = 1500): Promise<IsolationSuite> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "agentic-bench-isolation-"));
  await writeFile(path.join(dir, "calc.mjs"), PLUGIN);

  const isolated = new ToolRegistry();
  isolated.register(new CalculatorTool());
  const host = new WorkerPluginHost();
  const isolatedLoader = new PluginLoader({ registry: isolated, pluginDirs: [dir], host });
  const inProcess = new ToolRegistry();
  const inProcessLoader = new PluginLoader({ registry: inProcess, pluginDirs: [dir] });
  await Promise.all([isolatedLoader.loadAll(), inProcessLoader.loadAll()]);

  try {
    const calls = {
      builtin: () => isolated.invoke("@math/calculator", PARAMS),
      inprocess: () => inProcess.invoke("@bench/calc", PARAMS),
      isolated: () => isolated.invoke("@bench/calc", PARAMS),
    };
    for (const [key, call] of Object.entries(calls)) {
      const result = await call();
      if (!result.ok || result.value !== 42) {
        throw new Error(`${key} returned ${JSON.stringify(result)}, expected 42`);
      }
    }
    const labels: Record<IsolationRow["key"], string> = {
      builtin: "(a) built-in `@math/calculator`, in-process",
      inprocess: "(b) the same logic as a plugin, in-process (`isolation: false`)",
      isolated: "(c) that plugin in the plugin host (worker thread)",
    };
    const bench = new Bench({ time: timeMs, setup: () => gc(), throws: true });
    for (const [key, fn] of Object.entries(calls)) bench.add(key, fn);
    await bench.run();
    const rows = bench.tasks.map((task): IsolationRow => {
      const key = task.name as IsolationRow["key"];
      return { key, label: labels[key], ...latencyUs(task) };
    });
    const median = (key: IsolationRow["key"]) =>
      rows.find((r) => r.key === key)?.medianUs ?? Number.NaN;

    const runs: BurstRun[] = [];
    for (let i = 0; i < 3; i++) runs.push(await burst(isolated));

    const responsiveness = [await answering(isolated, "no plugin busy")];
    const hog = isolated.invoke("@bench/hog", {}, { timeoutMs: HOG_TIMEOUT_MS });
    // Let the hog start spinning before measuring.
    await new Promise((resolve) => setTimeout(resolve, 100));
    responsiveness.push(await answering(isolated, "a plugin spinning in `while (true) {}`"));
    const hogResult = await hog;
    if (hogResult.ok || hogResult.error.code !== "TIMEOUT") {
      throw new Error(`the hog should time out, got ${JSON.stringify(hogResult)}`);
    }
    // The host restarts by itself; wait for the plugin to answer again.
    for (;;) {
      const again = await isolated.invoke("@bench/calc", PARAMS);
      if (again.ok) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return {
      rows,
      roundTripUs: median("isolated") - median("inprocess"),
      burst: { invocations: BURST, runs },
      responsiveness,
      hogTimeoutMs: HOG_TIMEOUT_MS,
      hostStarts: host.starts,
      timeMs,
    };
  } finally {
    await Promise.all([isolatedLoader.close(), inProcessLoader.close()]);
    await rm(dir, { recursive: true, force: true });
  }
}

/** 10,000 invocations at once, half the built-in, half the isolated plugin. */
async function burst(registry: ToolRegistry): Promise<BurstRun> {
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  };
  const sampler = setInterval(sample, 5);
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: BURST }, (_, i) =>
      registry.invoke(i % 2 ? "@bench/calc" : "@math/calculator", { ...PARAMS, a: i }),
    ),
  );
  const wallMs = performance.now() - started;
  sample();
  clearInterval(sampler);
  const ok = results.filter((r, i) => r.ok && r.value === i * 7).length;
  gc();
  return {
    wallMs,
    peakRssMb: peakRss / 2 ** 20,
    peakHeapMb: peakHeap / 2 ** 20,
    retainedHeapMb: (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20,
    ok,
    lost: BURST - results.length + results.filter((r) => !r.ok).length,
  };
}

/** The calculator's and the tool list's latency, one call every 10 ms, and the loop's delay. */
async function answering(registry: ToolRegistry, label: string): Promise<ResponsivenessRow> {
  const calculator: number[] = [];
  const list: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  for (let i = 0; i < 150; i++) {
    let t = performance.now();
    const result = await registry.invoke("@math/calculator", PARAMS);
    calculator.push(performance.now() - t);
    if (!result.ok) throw new Error("the calculator failed while measuring");
    t = performance.now();
    registry.list();
    list.push(performance.now() - t);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  loop.disable();
  return {
    label,
    calculatorMedianMs: quantile(calculator, 0.5),
    calculatorP99Ms: quantile(calculator, 0.99),
    listMedianMs: quantile(list, 0.5),
    // The histogram is in nanoseconds; its floor is the 5 ms resolution itself.
    eventLoopP99Ms: loop.percentile(99) / 1e6,
    samples: calculator.length,
  };
}
