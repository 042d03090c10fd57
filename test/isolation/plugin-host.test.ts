/**
 * Plugin isolation as a user meets it: plugins run in a worker thread, a hog or a crash there
 * never blocks or takes down the main thread, the host comes back by itself, and everything a tool
 * does through its context (signal, progress, cost, logs, errors, validation) works as in-process.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { isMainThread } from "node:worker_threads";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CalculatorTool } from "../../src-main/builtin/calculator.ts";
import { PluginLoader } from "../../src-main/core/loader.ts";
import type { Logger } from "../../src-main/core/logger.ts";
import type { PluginRecord } from "../../src-main/core/plugin-report.ts";
import { ToolRegistry } from "../../src-main/core/registry.ts";
import type { InvocationResult } from "../../src-main/core/result.ts";
import {
  WorkerPluginHost,
  type WorkerPluginHostOptions,
} from "../../src-main/isolation/worker-plugin-host.ts";
import { tempDir } from "../helpers/temp-dir.ts";

/** A plugin file exporting one tool whose invoke body is `body` (params `p`, context `ctx`). */
const tool = (name: string, body: string, extra = "") => `export default {
  metadata: {
    name: ${JSON.stringify(name)},
    description: "A test tool.",
    deterministic: false,
    costPerInvocation: 0.5,
    parametersSchema: { type: "object" },
    ${extra}
  },
  async invoke(p, ctx) { ${body} },
};`;

const FILES = {
  "echo.mjs": tool(
    "@t/echo",
    "return { echo: p, threadIsMain: (await import('node:worker_threads')).isMainThread };",
  ),
  // Hogs the CPU only when asked to, so the next invocation of the same plugin can work.
  "hog.mjs": tool("@t/hog", "if (p.spin) { for (;;) {} } return 'fine';"),
  "crash.mjs": tool(
    "@t/crash",
    `if (p.how === "throw") setTimeout(() => { throw new Error("boom from a timer"); }, 5);
     if (p.how === "exit") process.exit(7);
     if (p.how === "oom") { const keep = []; for (;;) keep.push(new Array(1e6).fill(Math.random())); }
     if (p.how) return new Promise(() => {});
     return "alive";`,
  ),
};

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

interface Logged {
  level: string;
  message: string;
  fields?: Record<string, unknown>;
}

function capturingLogger(lines: Logged[], base: Record<string, unknown> = {}): Logger {
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, fields: { ...base, ...fields } });
  };
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (fields) => capturingLogger(lines, { ...base, ...fields }),
  };
}

async function setup(
  files: Record<string, string> = FILES,
  hostOptions: WorkerPluginHostOptions = {},
) {
  const dir = await tempDir("agentic-isolated-");
  for (const [name, content] of Object.entries(files)) {
    await writeFile(path.join(dir, name), content);
  }
  const logs: Logged[] = [];
  const registry = new ToolRegistry({ logger: capturingLogger(logs) });
  registry.register(new CalculatorTool());
  const host = new WorkerPluginHost({
    // Generous for a loaded CI machine: a healthy host answers a ping in well under a second.
    stopGraceMs: 1_000,
    backoff: { initialMs: 50, maxMs: 1_000 },
    ...hostOptions,
  });
  const loader = new PluginLoader({ registry, pluginDirs: [dir], host, loadTimeoutMs: 3_000 });
  closers.push(() => loader.close());
  const report = await loader.loadAll();
  return { dir, registry, loader, host, report, logs };
}

function record(loader: PluginLoader, file: string): PluginRecord {
  const found = loader.report().plugins.find((p) => path.basename(p.id) === file);
  if (!found) throw new Error(`no record for ${file}`);
  return found;
}

const calculate = (registry: ToolRegistry) =>
  registry.invoke("@math/calculator", { operation: "multiply", a: 6, b: 7 });

/** The failure's message, or "" when the invocation succeeded. */
const messageOf = (result: InvocationResult) => (result.ok ? "" : result.error.message);

const waitFor = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 20 });

describe("plugin code runs in the plugin host; built-ins stay in-process", () => {
  it("a plugin tool runs off the main thread, with its metadata known on the main side", async () => {
    const { registry, report } = await setup();
    expect(report.plugins.every((p) => p.status === "loaded")).toBe(true);
    expect(registry.get("@t/echo")?.metadata).toMatchObject({
      name: "@t/echo",
      costPerInvocation: 0.5,
    });
    const result = await registry.invoke("@t/echo", { hello: "world" });
    expect(result).toMatchObject({
      ok: true,
      value: { echo: { hello: "world" }, threadIsMain: false },
      cost: 0.5,
    });
    expect(isMainThread).toBe(true);
    expect(await calculate(registry)).toMatchObject({ ok: true, value: 42 });
  });
});

describe("a CPU-bound loop in invoke", () => {
  it("ends with TIMEOUT at its timeout while the main thread keeps answering; the host restarts and every plugin comes back", async () => {
    const { registry, loader, host } = await setup();
    expect(host.starts).toBe(1);
    let hogSettled = false;
    const hog = registry.invoke("@t/hog", { spin: true }, { timeoutMs: 1_500 }).finally(() => {
      hogSettled = true;
    });
    // The main thread is free while the plugin spins: the calculator and the tool list answer
    // before the hog's invocation has even timed out.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await calculate(registry)).toMatchObject({ ok: true, value: 42 });
    expect(registry.list().length).toBeGreaterThanOrEqual(4);
    expect(hogSettled).toBe(false);

    const result = await hog;
    expect(result).toMatchObject({ ok: false, error: { code: "TIMEOUT" } });
    expect(messageOf(result)).toContain("@t/hog: timed out after 1500 ms");

    // Terminated and started again without anyone asking; the plugins answer again.
    await waitFor(() => expect(host.starts).toBe(2));
    await waitFor(() => expect(record(loader, "hog.mjs").status).toBe("loaded"));
    expect(record(loader, "hog.mjs").crashes).toMatchObject({
      count: 1,
      last: { reason: "UNRESPONSIVE" },
    });
    expect(await registry.invoke("@t/echo", { again: 1 })).toMatchObject({ ok: true });
    expect(await registry.invoke("@t/hog", {})).toMatchObject({ ok: true, value: "fine" });
    expect(record(loader, "echo.mjs").crashes).toBeUndefined();
  });

  it("a call to another plugin queued behind the hog never ran, so it runs on the restarted host", async () => {
    const { registry, host } = await setup();
    const hog = registry.invoke("@t/hog", { spin: true }, { timeoutMs: 1_000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Posted while the host spins: it waits in the host's queue and has had no effect yet.
    const queued = registry.invoke("@t/echo", { queued: true });
    expect(await hog).toMatchObject({ ok: false, error: { code: "TIMEOUT" } });
    expect(await queued).toMatchObject({ ok: true, value: { echo: { queued: true } } });
    expect(host.starts).toBe(2);
  });

  it("a cancelled hog is cut off the same way: CANCELLED, then a restart", async () => {
    const { registry, host } = await setup();
    const controller = new AbortController();
    const hog = registry.invoke("@t/hog", { spin: true }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user pressed Cancel")), 200);
    expect(await hog).toMatchObject({ ok: false, error: { code: "CANCELLED" } });
    await waitFor(() => expect(host.starts).toBe(2));
    expect(await registry.invoke("@t/hog", {})).toMatchObject({ ok: true, value: "fine" });
  });

  it("a slow tool that ignores its signal but does not block is not restarted for it", async () => {
    const { registry, host } = await setup({
      "slow.mjs": tool("@t/slow", "await new Promise((r) => setTimeout(r, 1500)); return 1;"),
    });
    expect(await registry.invoke("@t/slow", {}, { timeoutMs: 100 })).toMatchObject({
      ok: false,
      error: { code: "TIMEOUT" },
    });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(host.starts).toBe(1);
    // The registry answered; the host keeps nothing waiting for a plugin that may never settle.
    expect(host.pending.calls).toBe(0);
  });

  it("closing during a restart's backoff ends the calls waiting for it, and does not hang", async () => {
    const { registry, loader } = await setup(FILES, { backoff: { initialMs: 60_000 } });
    await registry.invoke("@t/crash", { how: "exit" });
    expect(record(loader, "crash.mjs").restart?.attempt).toBe(1);
    const waiting = registry.invoke("@t/echo", {});
    await loader.close();
    expect(await waiting).toMatchObject({
      ok: false,
      error: { code: "TOOL_ERROR", message: expect.stringMatching(/closed/) },
    });
  });
});

describe("a CPU-bound loop at import", () => {
  it("fails that plugin with LOAD_TIMEOUT; the others load and work", async () => {
    const { registry, loader } = await setup({
      "a-before.mjs": tool("@t/before", "return 'before';"),
      "spin-at-import.mjs": `for (;;) {}\n${tool("@t/never", "return 1;")}`,
      "z-after.mjs": tool("@t/after", "return 'after';"),
    });
    expect(record(loader, "spin-at-import.mjs")).toMatchObject({
      status: "failed",
      error: { reason: "LOAD_TIMEOUT" },
    });
    expect(record(loader, "a-before.mjs").status).toBe("loaded");
    expect(record(loader, "z-after.mjs").status).toBe("loaded");
    expect(await registry.invoke("@t/before", {})).toMatchObject({ ok: true, value: "before" });
    expect(await registry.invoke("@t/after", {})).toMatchObject({ ok: true, value: "after" });
    expect(registry.has("@t/never")).toBe(false);
  });

  it("process.exit at import fails that plugin as CRASHED and it is not loaded again", async () => {
    const { registry, loader, host } = await setup({
      "exits.mjs": `process.exit(3);\n${tool("@t/exits", "return 1;")}`,
      "good.mjs": tool("@t/good", "return 'good';"),
    });
    expect(record(loader, "exits.mjs")).toMatchObject({
      status: "failed",
      error: { reason: "CRASHED" },
    });
    expect(record(loader, "exits.mjs").error?.message).toContain("process.exit(3)");
    expect(await registry.invoke("@t/good", {})).toMatchObject({ ok: true, value: "good" });
    const starts = host.starts;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(host.starts).toBe(starts);
  });
});

describe("a crash in the plugin host", () => {
  it.each([
    ["an uncaught exception", "throw", /uncaught exception: boom from a timer/],
    ["process.exit", "exit", /process\.exit\(7\)/],
  ])(
    "%s: the invocation ends with TOOL_ERROR saying so, the plugin is marked crashed and comes back",
    async (_label, how, said) => {
      const { registry, loader, host } = await setup();
      const reports: PluginRecord[] = [];
      loader.onReport((r) => {
        const crash = r.plugins.find((p) => p.name === "crash");
        if (crash) reports.push(crash);
      });
      const result = await registry.invoke("@t/crash", { how });
      expect(result).toMatchObject({ ok: false, error: { code: "TOOL_ERROR" } });
      expect(messageOf(result)).toMatch(/the plugin host crashed while this ran/);
      expect(messageOf(result)).toMatch(said);
      // Shown as crashed (with the restart planned), then back.
      expect(reports[0]).toMatchObject({
        status: "failed",
        error: { reason: "CRASHED" },
        restart: { attempt: 1 },
      });
      await waitFor(() => expect(record(loader, "crash.mjs").status).toBe("loaded"));
      expect(host.starts).toBe(2);
      expect(record(loader, "crash.mjs").crashes?.count).toBe(1);
      expect(await registry.invoke("@t/crash", {})).toMatchObject({ ok: true, value: "alive" });
      expect(await registry.invoke("@t/echo", {})).toMatchObject({ ok: true });
      expect(record(loader, "echo.mjs").status).toBe("loaded");
    },
  );

  it("running out of its memory limit (resourceLimits): TOOL_ERROR naming the limit", async () => {
    const { registry, loader } = await setup(FILES, {
      resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 },
    });
    const result = await registry.invoke("@t/crash", { how: "oom" });
    expect(result).toMatchObject({ ok: false, error: { code: "TOOL_ERROR" } });
    expect(messageOf(result)).toMatch(/out of memory/);
    await waitFor(() => expect(record(loader, "crash.mjs").status).toBe("loaded"));
    expect(await registry.invoke("@t/crash", {})).toMatchObject({ ok: true, value: "alive" });
  });

  it("repeated crashes back off: each restart waits longer", async () => {
    const { registry, loader } = await setup(FILES, { backoff: { initialMs: 50, maxMs: 5_000 } });
    const attempts: number[] = [];
    loader.onReport((r) => {
      const crash = r.plugins.find((p) => p.name === "crash");
      if (crash?.restart) attempts.push(crash.restart.attempt);
    });
    for (let i = 0; i < 3; i++) {
      expect(await registry.invoke("@t/crash", { how: "exit" })).toMatchObject({
        ok: false,
        error: { code: "TOOL_ERROR" },
      });
      await waitFor(() => expect(record(loader, "crash.mjs").status).toBe("loaded"));
    }
    expect(attempts).toEqual([1, 2, 3]);
    expect(record(loader, "crash.mjs").crashes?.count).toBe(3);
  });

  it("other plugins' in-flight invocations end with TOOL_ERROR naming the plugin that crashed", async () => {
    const { registry } = await setup({
      ...FILES,
      "waits.mjs": tool("@t/waits", "await new Promise((r) => setTimeout(r, 5_000)); return 1;"),
    });
    const waiting = registry.invoke("@t/waits", {});
    await new Promise((resolve) => setTimeout(resolve, 50));
    await registry.invoke("@t/crash", { how: "exit" });
    const result = await waiting;
    expect(result).toMatchObject({ ok: false, error: { code: "TOOL_ERROR" } });
    expect(messageOf(result)).toMatch(/caused by the plugin crash/);
  });
});

describe("the context crosses to the host", () => {
  it("cancellation reaches the plugin's AbortSignal", async () => {
    const { registry, logs } = await setup({
      "cancellable.mjs": tool(
        "@t/cancellable",
        `return await new Promise((resolve, reject) => {
           ctx.signal.addEventListener("abort", () => {
             ctx.logger.info("saw abort", { reason: String(ctx.signal.reason?.message) });
             reject(new Error("stopped"));
           });
         });`,
      ),
    });
    const controller = new AbortController();
    const running = registry.invoke("@t/cancellable", {}, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user pressed Cancel")), 100);
    expect(await running).toMatchObject({ ok: false, error: { code: "CANCELLED" } });
    await waitFor(() =>
      expect(logs).toContainEqual(
        expect.objectContaining({
          message: "saw abort",
          fields: expect.objectContaining({
            reason: "user pressed Cancel",
            tool: "@t/cancellable",
          }),
        }),
      ),
    );
  });

  it("progress reports travel back, and added cost counts", async () => {
    const { registry } = await setup({
      "progress.mjs": tool(
        "@t/progress",
        `for (let i = 1; i <= 3; i++) ctx.progress({ progress: i, total: 3, message: "step " + i });
         ctx.addCost(0.25);
         return "done";`,
      ),
    });
    const updates: unknown[] = [];
    const result = await registry.invoke("@t/progress", {}, { onProgress: (u) => updates.push(u) });
    expect(result).toMatchObject({ ok: true, value: "done", cost: 0.75 });
    expect(updates).toEqual([
      { progress: 1, total: 3, message: "step 1" },
      { progress: 2, total: 3, message: "step 2" },
      { progress: 3, total: 3, message: "step 3" },
    ]);
  });

  it("a ToolError keeps its hint and details; a plugin's validateParams gives VALIDATION_ERROR", async () => {
    const { registry } = await setup({
      "checked.ts": `import { ToolError, defineTool } from "agentic-workbench";
        export default defineTool({
          name: "@t/checked", description: "Checks.", deterministic: true, costPerInvocation: 0,
          parametersSchema: { type: "object", properties: { n: { type: "number" } }, required: ["n"] },
          validateParams: (p) => (p.n === 13 ? [{ pointer: "/n", rule: "not-13", message: "must not be 13" }] : []),
          invoke: (p) => { if (p.n < 0) throw new ToolError("negative", { hint: "pass n ≥ 0", details: { n: p.n } }); return p.n * 2; },
        });`,
    });
    expect(await registry.invoke("@t/checked", { n: 4 })).toMatchObject({ ok: true, value: 8 });
    expect(await registry.invoke("@t/checked", { n: -1 })).toMatchObject({
      ok: false,
      error: {
        code: "TOOL_ERROR",
        message: "@t/checked: negative",
        hint: "pass n ≥ 0",
        details: { n: -1 },
      },
    });
    expect(await registry.invoke("@t/checked", { n: 13 })).toMatchObject({
      ok: false,
      error: {
        code: "VALIDATION_ERROR",
        message: "@t/checked: invalid parameters: n must not be 13",
        details: { problems: [{ pointer: "/n", rule: "not-13", message: "must not be 13" }] },
      },
    });
    // The schema is still checked on the main side, before anything is sent.
    expect(await registry.invoke("@t/checked", {})).toMatchObject({
      ok: false,
      error: { code: "VALIDATION_ERROR" },
    });
  });

  it.each([
    ["a function", "return { f() {} };", "/f"],
    ["a BigInt", "return { n: 10n };", "/n"],
    ["a symbol", "return [1, Symbol('s')];", "/1"],
    ["a cycle", "const a = {}; a.self = a; return a;", "/self"],
    ["a non-finite number", "return { x: Infinity };", "/x"],
  ])(
    "a result holding %s is RESULT_NOT_SERIALIZABLE at its pointer",
    async (_label, body, pointer) => {
      const { registry } = await setup({ "bad.mjs": tool("@t/bad", body) });
      expect(await registry.invoke("@t/bad", {})).toMatchObject({
        ok: false,
        error: { code: "RESULT_NOT_SERIALIZABLE", details: { pointer } },
      });
    },
  );

  it("what structured clone keeps crosses: nested data, dates, and a toJSON object as its JSON", async () => {
    const { registry } = await setup({
      "data.mjs": tool(
        "@t/data",
        `class Money { constructor(v) { this.v = v; this.format = () => "$" + v; } toJSON() { return { usd: this.v }; } }
         return { list: [1, "two", null, { deep: true }], when: new Date(0), price: new Money(5) };`,
      ),
    });
    const result = await registry.invoke("@t/data", {});
    expect(result).toMatchObject({
      ok: true,
      value: { list: [1, "two", null, { deep: true }], price: { usd: 5 } },
    });
    expect(JSON.stringify(result.ok && result.value)).toContain("1970-01-01");
  });
});

describe("services stay on the main thread and are called from the host", () => {
  it("plain data crosses as it is; a service object's methods answer as promises, handles included", async () => {
    const dir = await tempDir("agentic-isolated-services-");
    await writeFile(
      path.join(dir, "uses.mjs"),
      tool(
        "@t/uses",
        `const { config, llm, trace } = ctx.services;
         const answer = await llm.complete({ prompt: "2+2?" });
         const span = await trace.startObservation("step", "span", { n: 1 });
         await span.end({ output: "done" });
         let refused = "";
         try { await llm.secret(); } catch (e) { refused = e.message; }
         return { config, answer, traceId: trace.traceId, spanId: span.id, refused };`,
      ),
    );
    const ended: unknown[] = [];
    class Llm {
      model = "test-model";
      #key = "sk-secret";
      async complete(request: { prompt: string }) {
        return {
          text: `answer to ${request.prompt}`,
          model: this.model,
          keyLength: this.#key.length,
        };
      }
    }
    const trace = {
      traceId: "trace-1",
      startObservation(name: string, type: string, input: unknown) {
        return {
          id: `${name}-${type}`,
          end: (outcome: unknown) => ended.push({ name, input, outcome }),
        };
      },
    };
    const registry = new ToolRegistry({
      services: { config: { region: "eu", limits: [1, 2] }, llm: new Llm(), trace },
    });
    const host = new WorkerPluginHost();
    const loader = new PluginLoader({ registry, pluginDirs: [dir], host });
    closers.push(() => loader.close());
    await loader.loadAll();
    expect(await registry.invoke("@t/uses", {})).toMatchObject({
      ok: true,
      value: {
        config: { region: "eu", limits: [1, 2] },
        answer: { text: "answer to 2+2?", model: "test-model", keyLength: 9 },
        traceId: "trace-1",
        spanId: "step-span",
        // Only the object's own methods cross; nothing else can be called.
        refused: expect.stringMatching(/secret is not a function/),
      },
    });
    expect(ended).toEqual([{ name: "step", input: { n: 1 }, outcome: { output: "done" } }]);
  });
});
