/**
 * One honest record per invocation: history keeps the trace link, the origin and no secrets;
 * $AGENTIC_HOME is private; a history that cannot be written says so on the result; the
 * middleware are named and ordered.
 */
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  createWorkbench,
  type HistoryEntry,
  ToolRegistry,
  type Workbench,
} from "agentic-workbench";
import { afterEach, describe, expect, it } from "vitest";
import { createWorkbenchService } from "../../src-main/api/workbench-service.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const keyedTool = `export default {
  metadata: { name: "@t/keyed", description: "Calls a service with a key.", deterministic: true,
    costPerInvocation: 0.001, parametersSchema: { type: "object", properties: {
      query: { type: "string" }, api_key: { type: "string" },
      auth: { type: "object", properties: { password: { type: "string" } } } } } },
  invoke: (p) => ({ answer: "42 for " + p.query, session_token: "tok-abc" }),
};`;

const open: Workbench[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
});

async function workbench(extra: { redactKeys?: string } = {}) {
  const plugins = await tempDir("agentic-rec-plugins-");
  await writeFile(path.join(plugins, "keyed.mjs"), keyedTool);
  const home = path.join(await tempDir("agentic-rec-"), "home");
  const wb = await createWorkbench({
    workspaceRoot: await tempDir("agentic-rec-ws-"),
    pluginDirs: [plugins],
    onlyPluginDirs: true,
    env: {
      AGENTIC_HOME: home,
      ...(extra.redactKeys ? { AGENTIC_REDACT_KEYS: extra.redactKeys } : {}),
    },
    mcpServers: false,
    isolation: false,
  });
  open.push(wb);
  return { wb, home };
}

async function historyLines(home: string): Promise<HistoryEntry[]> {
  const text = await readFile(path.join(home, "history.jsonl"), "utf8");
  return text
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as HistoryEntry);
}

describe("the history entry of an invocation", () => {
  it("carries its traceId and origin, the same id the result and the trace store have", async () => {
    const { wb, home } = await workbench();
    const result = await wb.registry.invoke(
      "@math/calculator",
      { operation: "add", a: 1, b: 2 },
      { origin: "cli" },
    );
    expect(result.traceId).toBeDefined();
    const [entry] = await historyLines(home);
    expect(entry).toMatchObject({ traceId: result.traceId, origin: "cli", ok: true, value: 3 });
    expect(await wb.tracing.store.get(result.traceId as string)).toMatchObject({
      invocationId: result.invocationId,
    });
  });

  it("keeps the trace link on failures too", async () => {
    const { wb, home } = await workbench();
    const result = await wb.registry.invoke("@math/calculator", { operation: "add" });
    expect(result.ok).toBe(false);
    const [entry] = await historyLines(home);
    expect(entry?.traceId).toBe(result.traceId);
    expect(entry?.origin).toBe("api");
  });

  it("stores secret-looking keys redacted: on disk, in the history API and in the recorded event", async () => {
    const { wb, home } = await workbench();
    const events: HistoryEntry[] = [];
    wb.events.on("recorded", (e) => events.push(e));
    const params = { query: "q", api_key: "sk-live-123", auth: { password: "hunter2" } };
    const result = await wb.registry.invoke("@t/keyed", params);
    // The tool itself got the real values, and the caller its real result.
    expect(result).toMatchObject({
      ok: true,
      value: { answer: "42 for q", session_token: "tok-abc" },
    });
    const onDisk = await readFile(path.join(home, "history.jsonl"), "utf8");
    expect(onDisk).not.toContain("sk-live-123");
    expect(onDisk).not.toContain("hunter2");
    expect(onDisk).not.toContain("tok-abc");
    const [entry] = await historyLines(home);
    expect(entry?.params).toEqual({
      query: "q",
      api_key: "[REDACTED]",
      auth: { password: "[REDACTED]" },
    });
    const service = createWorkbenchService(wb, { host: "web", version: "test" });
    const sse: unknown[] = [];
    service.subscribe((e) => sse.push(e));
    await wb.registry.invoke("@t/keyed", params);
    const [answered] = await service.calls.history({});
    service.close();
    expect(answered?.params).toMatchObject({ api_key: "[REDACTED]" });
    expect(JSON.stringify(answered)).not.toContain("sk-live-123");
    expect(JSON.stringify(events)).not.toContain("sk-live-123");
    expect(sse).toContainEqual(expect.objectContaining({ type: "invocation-finished" }));
    expect(JSON.stringify(sse)).not.toContain("sk-live-123");
    // The trace redacts with the same matcher.
    const trace = await wb.tracing.store.get(result.traceId as string);
    expect(JSON.stringify(trace)).not.toContain("sk-live-123");
  });

  it("redacts the keys AGENTIC_REDACT_KEYS adds, in history and traces alike", async () => {
    const { wb, home } = await workbench({ redactKeys: "query" });
    const result = await wb.registry.invoke("@t/keyed", { query: "private words" });
    const [entry] = await historyLines(home);
    expect(entry?.params).toEqual({ query: "[REDACTED]" });
    const trace = await wb.tracing.store.get(result.traceId as string);
    expect(trace?.observations[0]?.input).toEqual({ query: "[REDACTED]" });
  });
});

describe("$AGENTIC_HOME", () => {
  it("is created 0700 and its history, trace and settings files 0600", async () => {
    const { wb, home } = await workbench();
    await wb.registry.invoke("@math/calculator", { operation: "add", a: 1, b: 2 });
    await wb.settings.writeLangfuse({
      baseUrl: "http://127.0.0.1:9",
      publicKey: "pk-lf-1",
      secretKey: "sk-lf-1",
    });
    expect((await stat(home)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(home, "history.jsonl"))).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(home, "settings.json"))).mode & 0o777).toBe(0o600);
    const traces = path.join(home, "traces");
    expect((await stat(traces)).mode & 0o777).toBe(0o700);
    const { readdir } = await import("node:fs/promises");
    const files = await readdir(traces);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect((await stat(path.join(traces, f))).mode & 0o777).toBe(0o600);
  });

  it("a history that cannot be written is said on the result, and the call still answers", async () => {
    const { wb, home } = await workbench();
    await rm(path.join(home, "history.jsonl"), { force: true });
    await mkdir(path.join(home, "history.jsonl")); // a folder where the file should be
    const result = await wb.registry.invoke("@math/calculator", { operation: "add", a: 1, b: 2 });
    expect(result).toMatchObject({ ok: true, value: 3 });
    expect(result.warnings?.[0]).toMatch(/history: this invocation could not be recorded/);
  });
});

describe("the middleware", () => {
  it("run in their stated order whatever order they were added in, and an error names the one that threw", async () => {
    const { wb } = await workbench();
    expect(wb.registry.middlewareNames()).toEqual(["trace", "llm-trace", "history"]);
    wb.registry.use({
      name: "broken-audit",
      order: 50,
      run: () => {
        throw new Error("audit log is full");
      },
    });
    expect(wb.registry.middlewareNames()[0]).toBe("broken-audit");
    const result = await wb.registry.invoke("@math/calculator", { operation: "add", a: 1, b: 2 });
    expect(result).toMatchObject({ ok: false, error: { code: "TOOL_ERROR" } });
    if (!result.ok) {
      expect(result.error.message).toContain('middleware "broken-audit"');
      expect(result.error.message).toContain("audit log is full");
    }
  });

  it("the static facade is the workbench's registry until it closes", async () => {
    const { wb } = await workbench();
    expect(ToolRegistry.default).toBe(wb.registry);
    expect(ToolRegistry.get("@t/keyed")?.metadata.costPerInvocation).toBe(0.001);
    await wb.close();
    open.splice(open.indexOf(wb), 1);
    expect(ToolRegistry.default).not.toBe(wb.registry);
  });
});
