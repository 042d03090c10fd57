/**
 * What tracing adds to an invocation: `registry.invoke` of `@math/calculator` through four
 * registries side by side — no tracing; the tracing middleware with the local store only; the
 * store plus Langfuse export (the app's LangfuseExporter, default batching) to the Langfuse
 * stand-in receiver running in a child process; and the same with Langfuse unreachable (a closed
 * loopback port).
 *
 * - Latency: what the caller waits for, one call per registry in turn (in a new random order
 *   each round); the event loop is yielded between rounds so the sinks' background work (file appends,
 *   span batching, HTTP) runs between the timed calls, as it does between a user's invocations.
 * - CPU: process CPU time (user + system, all threads) per invocation for a block of calls plus the
 *   flush that follows it, so the background work is counted too; blocks rotate over the
 *   registries, and each figure is the median of the blocks.
 */

import { type ChildProcess, fork } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { type CalculatorParams, CalculatorTool } from "../src-main/builtin/calculator.ts";
import { ToolRegistry } from "../src-main/core/registry.ts";
import { LangfuseExporter } from "../src-main/tracing/langfuse-exporter.ts";
import { TraceStore } from "../src-main/tracing/trace-store.ts";
import {
  createTracingMiddleware,
  type TracingMiddleware,
} from "../src-main/tracing/tracing-middleware.ts";
import { num, table } from "./markdown.ts";
import { closedPort, quantile } from "./stats.ts";

type Key = "none" | "store" | "langfuse" | "unreachable";

/** One row, in microseconds. */
export interface TracingRow {
  key: Key;
  label: string;
  medianUs: number;
  p99Us: number;
  /** median − median(none), p99 − p99(none). */
  addedMedianUs: number;
  addedP99Us: number;
  /** Process CPU per invocation, background work included (median of the blocks). */
  cpuUs: number;
  samples: number;
}

export interface TracingSuite {
  rows: TracingRow[];
  /** Calls per CPU block and the number of blocks per row. */
  cpuBlock: { calls: number; blocks: number };
  /** Langfuse export, reachable: observations the exporter had acknowledged, the receiver counted, dropped. */
  reachable: { exported: number; received: number; dropped: number; state: string };
  /** Langfuse export, unreachable: dropped (counted) and the health state shown. */
  unreachable: { exported: number; dropped: number; state: string; lastError?: string };
  /** p99(unreachable) / p99(langfuse). */
  p99Ratio: number;
}

/** The targets from the issue. */
export const TRACING_TARGETS = { addedMedianUs: 20, unreachableP99Ratio: 1.1 };

const PARAMS: CalculatorParams = { operation: "multiply", a: 6, b: 7 };

function stats(samples: number[]): { median: number; p99: number } {
  return { median: quantile(samples, 0.5), p99: quantile(samples, 0.99) };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The receiver in a child process (tsx, as the bench itself runs). */
async function startReceiver(): Promise<{
  url: string;
  received(): Promise<number>;
  stop(): Promise<void>;
}> {
  const child: ChildProcess = fork(
    fileURLToPath(new URL("./tracing-receiver.ts", import.meta.url)),
    [],
    { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.once("message", (m) => resolve((m as { url: string }).url));
    child.once("exit", (code) => reject(new Error(`the receiver exited with ${code}`)));
  });
  return {
    url,
    received: () =>
      new Promise<number>((resolve) => {
        child.once("message", (m) => resolve((m as { received: number }).received));
        child.send("count");
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.send("stop");
      }),
  };
}

export async function benchTracing(timeMs = 6_000): Promise<TracingSuite> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "agentic-bench-tracing-"));
  const receiver = await startReceiver();
  const closed = await closedPort();
  const pipelines: TracingMiddleware[] = [];
  try {
    const registryWith = (tracing?: TracingMiddleware): ToolRegistry => {
      const registry = new ToolRegistry({ workspaceRoot: dir });
      if (tracing) {
        registry.use(tracing);
        pipelines.push(tracing);
      }
      registry.register(new CalculatorTool(), "builtin");
      return registry;
    };
    const store = (name: string) => new TraceStore({ dir: path.join(dir, name) });
    const langfuse = (baseUrl: string) =>
      new LangfuseExporter({
        config: { baseUrl, publicKey: "pk-lf-bench", secretKey: "sk-lf-bench" },
      });
    const reachable = createTracingMiddleware({
      store: store("langfuse"),
      exporters: [langfuse(receiver.url)],
    });
    const unreachable = createTracingMiddleware({
      store: store("unreachable"),
      exporters: [langfuse(`http://127.0.0.1:${closed}`)],
    });
    const rows: { key: Key; label: string; registry: ToolRegistry; tracing?: TracingMiddleware }[] =
      [
        { key: "none", label: "(a) no tracing", registry: registryWith() },
        {
          key: "store",
          label: "(b) local store only",
          ...((t) => ({ tracing: t, registry: registryWith(t) }))(
            createTracingMiddleware({ store: store("store") }),
          ),
        },
        {
          key: "langfuse",
          label: "(c) local store + Langfuse export to the receiver",
          tracing: reachable,
          registry: registryWith(reachable),
        },
        {
          key: "unreachable",
          label: "(d) local store + Langfuse unreachable (closed port)",
          tracing: unreachable,
          registry: registryWith(unreachable),
        },
      ];
    const call = async (registry: ToolRegistry) => {
      const result = await registry.invoke("@math/calculator", PARAMS);
      if (!result.ok || result.value !== 42) {
        throw new Error(`unexpected result: ${JSON.stringify(result)}`);
      }
    };
    for (const row of rows) await call(row.registry);

    // Latency, interleaved; warm-up first.
    const samples = rows.map(() => [] as number[]);
    const deadline = performance.now() + timeMs;
    const order = rows.map((_, i) => i);
    let seed = 0x9e3779b9;
    const random = () => {
      // xorshift32: a fixed, cheap sequence, so runs shuffle alike.
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 2 ** 32;
    };
    for (let round = 0; ; round++) {
      const timed = round >= 500;
      if (timed && performance.now() > deadline) break;
      // A fresh random order each round: no row always follows the same one.
      for (let k = order.length - 1; k > 0; k--) {
        const m = Math.floor(random() * (k + 1));
        [order[k], order[m]] = [order[m] as number, order[k] as number];
      }
      for (const i of order) {
        const row = rows[i] as (typeof rows)[number];
        const t0 = performance.now();
        await call(row.registry);
        const dt = performance.now() - t0;
        if (timed) samples[i]?.push(dt * 1000);
      }
      await tick();
    }
    await Promise.all(pipelines.map((p) => p.flush(10_000)));

    // CPU per invocation, background included.
    const calls = 2_000;
    const blocks = 5;
    const cpu = rows.map(() => [] as number[]);
    for (let block = 0; block < blocks; block++) {
      for (const [i, row] of rows.entries()) {
        const before = process.cpuUsage();
        for (let n = 0; n < calls; n++) {
          await call(row.registry);
          if (n % 10 === 9) await tick();
        }
        await row.tracing?.flush(10_000);
        const used = process.cpuUsage(before);
        cpu[i]?.push((used.user + used.system) / calls);
      }
    }

    const base = stats(samples[0] ?? []);
    const result: TracingRow[] = rows.map((row, i) => {
      const s = stats(samples[i] ?? []);
      return {
        key: row.key,
        label: row.label,
        medianUs: s.median,
        p99Us: s.p99,
        addedMedianUs: s.median - base.median,
        addedP99Us: s.p99 - base.p99,
        cpuUs: stats(cpu[i] ?? []).median,
        samples: samples[i]?.length ?? 0,
      };
    });
    const health = (t: TracingMiddleware) => t.health().exporters[0];
    const ok = health(reachable);
    const bad = health(unreachable);
    const p99 = (key: Key) => result.find((r) => r.key === key)?.p99Us ?? Number.NaN;
    return {
      rows: result,
      cpuBlock: { calls, blocks },
      reachable: {
        exported: ok?.exported ?? 0,
        received: await receiver.received(),
        dropped: ok?.dropped ?? 0,
        state: ok?.state ?? "?",
      },
      unreachable: {
        exported: bad?.exported ?? 0,
        dropped: bad?.dropped ?? 0,
        state: bad?.state ?? "?",
        ...(bad?.lastError ? { lastError: bad.lastError } : {}),
      },
      p99Ratio: p99("unreachable") / p99("langfuse"),
    };
  } finally {
    await Promise.all(pipelines.map((p) => p.shutdown(5_000)));
    await receiver.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The markdown section of the suite. */
export function tracingSection(suite: TracingSuite): string {
  const body = suite.rows.map((r) => [
    r.label,
    num(r.medianUs),
    num(r.p99Us),
    r.key === "none" ? "—" : num(r.addedMedianUs),
    r.key === "none" ? "—" : num(r.addedP99Us),
    num(r.cpuUs),
    r.samples.toLocaleString("en-US"),
  ]);
  const { reachable, unreachable } = suite;
  return [
    "## Tracing: added cost per invocation of `@math/calculator` (µs)",
    "",
    table(
      [
        "Registry",
        "median",
        "p99",
        "added median",
        "added p99",
        "CPU per call, background included",
        "samples",
      ],
      body,
    ),
    "",
    "- median and p99: what the caller of `registry.invoke` waits for; the four registries ran interleaved, one call each per round in a random order, the event loop yielded after each round so the sinks' background work (appending to the store, batching and sending spans) ran between timed calls. Added = this row − row (a).",
    `- CPU per call: \`process.cpuUsage()\` (all threads) over ${suite.cpuBlock.calls.toLocaleString("en-US")} calls plus the flush after them, divided by the calls; median of ${suite.cpuBlock.blocks} blocks per row, the rows taking turns. This counts what the latency columns leave out: the store's writes and the span export.`,
    `- Langfuse export is the app's \`LangfuseExporter\` (Langfuse's span processor, default batching) to test/tracing/langfuse-receiver.ts in a child process (OTLP/HTTP JSON, Basic auth). Reachable: ${reachable.exported.toLocaleString("en-US")} observations acknowledged, ${reachable.received.toLocaleString("en-US")} counted by the receiver, ${reachable.dropped.toLocaleString("en-US")} dropped, health \`${reachable.state}\`. Unreachable (nothing listens on the port): ${unreachable.dropped.toLocaleString("en-US")} dropped and counted, health \`${unreachable.state}\`${unreachable.lastError ? ` (${unreachable.lastError.slice(0, 80)})` : ""}.`,
  ].join("\n");
}

/** Verdict lines for the targets section. */
export function tracingTargetLines(suite: TracingSuite): string[] {
  const verdict = (met: boolean, text: string) => `- ${met ? "**met**" : "**missed**"}: ${text}`;
  const row = (key: Key) => suite.rows.find((r) => r.key === key);
  const store = row("store");
  const langfuse = row("langfuse");
  const unreachable = row("unreachable");
  return [
    verdict(
      (store?.addedMedianUs ?? Number.NaN) < TRACING_TARGETS.addedMedianUs,
      `tracing to the local store adds < ${TRACING_TARGETS.addedMedianUs} µs per invocation (median): ${num(store?.addedMedianUs ?? Number.NaN)} µs`,
    ),
    verdict(
      (langfuse?.addedMedianUs ?? Number.NaN) < TRACING_TARGETS.addedMedianUs,
      `tracing to the local store and Langfuse adds < ${TRACING_TARGETS.addedMedianUs} µs per invocation (median): ${num(langfuse?.addedMedianUs ?? Number.NaN)} µs`,
    ),
    verdict(
      suite.p99Ratio <= TRACING_TARGETS.unreachableP99Ratio,
      `invocation p99 with Langfuse unreachable within ${Math.round((TRACING_TARGETS.unreachableP99Ratio - 1) * 100)} % of p99 with it reachable: ${num(unreachable?.p99Us ?? Number.NaN)} vs ${num(langfuse?.p99Us ?? Number.NaN)} µs (${num((suite.p99Ratio - 1) * 100, 1)} %)`,
    ),
  ];
}
