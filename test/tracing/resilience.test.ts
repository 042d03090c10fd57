import { afterEach, describe, expect, it } from "vitest";
import { ToolRegistry } from "../../src-main/core/registry.ts";
import { TraceStore } from "../../src-main/tracing/trace-store.ts";
import type { TraceExporter } from "../../src-main/tracing/trace-types.ts";
import { createTracingMiddleware } from "../../src-main/tracing/tracing-middleware.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { echoTool, failTool, type Pipeline, pipeline } from "./pipeline-setup.ts";

let current: (Pipeline & { close(): Promise<void> }) | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

const N = 30;

/** Invokes N times (some failing); returns the results and the slowest call's duration. */
async function invokeMany(registry: ToolRegistry) {
  const results = [];
  let slowest = 0;
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    results.push(await registry.invoke(i % 5 === 4 ? "@test/fail" : "@test/echo", { i }));
    slowest = Math.max(slowest, performance.now() - t0);
  }
  return { results, slowest };
}

describe.each([
  ["stopped", "stop"],
  ["answering 500", "error"],
  ["hanging", "hang"],
] as const)("Langfuse %s", (_label, mode) => {
  it("invocations succeed promptly, the store has every trace, health reports the loss", async () => {
    current = await pipeline({ exporter: { timeoutMs: 2_000 } });
    const { registry, receiver, tracing, store } = current;
    if (mode === "stop") await receiver.stop();
    else receiver.mode = mode;

    const t0 = performance.now();
    const { results, slowest } = await invokeMany(registry);
    const elapsed = performance.now() - t0;
    expect(results.filter((r) => r.ok)).toHaveLength(N - N / 5);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.error.code === "TOOL_ERROR")).toBe(
      true,
    );
    // Nothing waited on Langfuse (whose timeout alone is 2 s), even on a loaded machine.
    expect(slowest).toBeLessThan(500);
    expect(elapsed).toBeLessThan(3_000);

    // Flushing is bounded in time even though every export fails or hangs.
    const f0 = performance.now();
    await tracing.flush(3_000);
    expect(performance.now() - f0).toBeLessThan(4_000);

    const stored = await store.query({ limit: 1000 });
    expect(new Set(stored.map((t) => t.traceId))).toEqual(new Set(results.map((r) => r.traceId)));
    expect(tracing.health().store).toMatchObject({ recorded: N, failed: 0 });

    // The export timeout (plus retries) may outlast one flush: wait until it is counted.
    const deadline = Date.now() + 15_000;
    while (tracing.health().exporters[0]?.dropped !== N && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const [langfuse] = tracing.health().exporters;
    expect(langfuse).toMatchObject({ name: "langfuse", state: "failing", exported: 0, dropped: N });
    expect(langfuse?.lastError).toBeTruthy();
    expect(receiver.observations).toEqual([]);
  });
});

describe("recovery", () => {
  it("turns connected again once Langfuse answers, and what is sent after arrives", async () => {
    current = await pipeline({ exporter: { timeoutMs: 500 } });
    const { registry, receiver, tracing } = current;
    receiver.mode = "error";
    await registry.invoke("@test/echo", { before: true });
    await tracing.flush(4_000);
    expect(tracing.health().exporters[0]?.state).toBe("failing");
    receiver.mode = "ok";
    const after = await registry.invoke("@test/echo", { after: true });
    await tracing.flush(4_000);
    await receiver.waitFor((obs) => obs.length === 1);
    expect(receiver.observations[0]?.traceId).toBe(after.traceId);
    expect(tracing.health().exporters[0]).toMatchObject({
      state: "connected",
      exported: 1,
      dropped: 1,
    });
  });
});

describe("exporter queue and failures", () => {
  async function registryWith(exporters: TraceExporter[], queueSize: number) {
    const dir = await tempDir("agentic-tracing-");
    const store = new TraceStore({ dir });
    const tracing = createTracingMiddleware({ store, exporters, queueSize });
    const registry = new ToolRegistry({ workspaceRoot: dir });
    registry.use(tracing);
    registry.register(echoTool);
    registry.register(failTool);
    return { registry, tracing, store };
  }

  it("drops and counts traces once an exporter's queue is full; invocations are unaffected", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const seen: string[] = [];
    const stuck: TraceExporter = {
      name: "stuck",
      export: async (t) => {
        seen.push(t.traceId);
        await gate;
      },
    };
    const { registry, tracing, store } = await registryWith([stuck], 3);
    const { results } = await invokeMany(registry);
    expect(results.every((r) => typeof r.traceId === "string")).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    // One in the exporter's hands, three queued (at most one more, taken before the queue filled),
    // the rest dropped.
    const stuckHealth = tracing.health().exporters[0];
    expect(stuckHealth).toMatchObject({ name: "stuck", state: "connected", exported: 0 });
    expect(stuckHealth?.dropped).toBeGreaterThanOrEqual(N - 5);
    expect(await tracing.flush(100)).toBe(false); // bounded: the exporter is still stuck
    release();
    expect(await tracing.flush(2_000)).toBe(true);
    const dropped = tracing.health().exporters[0]?.dropped as number;
    expect(seen.length + dropped).toBe(N);
    expect(tracing.health().exporters[0]).toMatchObject({ exported: seen.length });
    expect(await store.query({ limit: 100 })).toHaveLength(N);
  });

  it("an exporter that throws or rejects never changes a result", async () => {
    const throwing: TraceExporter = {
      name: "throws",
      export: () => {
        throw new Error("boom");
      },
    };
    const rejecting: TraceExporter = {
      name: "rejects",
      export: () => Promise.reject(new Error("nope")),
      flush: () => Promise.reject(new Error("flush nope")),
      status: () => {
        throw new Error("status nope");
      },
    };
    const { registry, tracing } = await registryWith([throwing, rejecting], 100);
    const ok = await registry.invoke("@test/echo", { a: 1 });
    const failed = await registry.invoke("@test/fail", {});
    expect(ok).toMatchObject({ ok: true, value: { echoed: { a: 1 } }, cost: 0.25 });
    expect(failed).toMatchObject({ ok: false, error: { code: "TOOL_ERROR" } });
    await tracing.flush(2_000);
    const [t, r] = tracing.health().exporters;
    expect(t).toMatchObject({ name: "throws", state: "failing", dropped: 2, lastError: "boom" });
    expect(r).toMatchObject({ name: "rejects", state: "failing", dropped: 2 });
  });

  it("lists disabled exporters with the reason, and works with no store at all", async () => {
    const tracing = createTracingMiddleware({
      disabled: [{ name: "langfuse", reason: "LANGFUSE_PUBLIC_KEY is not set" }],
    });
    const registry = new ToolRegistry();
    registry.use(tracing);
    registry.register(echoTool);
    const result = await registry.invoke("@test/echo", {});
    expect(result.ok && typeof result.traceId).toBe("string");
    expect(tracing.health().exporters).toEqual([
      {
        name: "langfuse",
        state: "disabled",
        exported: 0,
        dropped: 0,
        reason: "LANGFUSE_PUBLIC_KEY is not set",
      },
    ]);
    expect(await tracing.flush(100)).toBe(true);
  });
});

describe("Langfuse exporter memory bound", () => {
  it("keeps at most maxInFlight spans unacknowledged, dropping and counting the rest", async () => {
    current = await pipeline({
      exporter: { timeoutMs: 1_000, maxInFlight: 5, exportMode: "immediate" },
    });
    const { registry, receiver, tracing } = current;
    receiver.mode = "hang";
    const { results } = await invokeMany(registry);
    expect(results).toHaveLength(N);
    await new Promise((r) => setTimeout(r, 100));
    // Five spans are out waiting on the hanging receiver; the rest were dropped at once.
    expect(tracing.health().exporters[0]?.dropped).toBe(N - 5);
    const deadline = Date.now() + 15_000;
    while (tracing.health().exporters[0]?.dropped !== N && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(tracing.health().exporters[0]).toMatchObject({ state: "failing", dropped: N });
  });
});
