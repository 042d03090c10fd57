import { mkdir, symlink, writeFile } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  type CostTotals,
  type HistoryEntry,
  type InvokeResult,
  type PluginReport,
  type ToolDetail,
  type ToolSummary,
  type TraceDetail,
  type TraceSummary,
  type TracingStatus,
  WORKBENCH_CALLS,
  type WorkbenchInfo,
  type WorkspaceTrustItem,
} from "../../src-main/api/contract.ts";
import { createWorkbench, type Workbench } from "../../src-main/api/workbench.ts";
import {
  createWorkbenchService,
  type WorkbenchService,
} from "../../src-main/api/workbench-service.ts";
import { startWebHost, type WebHost } from "../../src-main/hosts/web/server.ts";
import { type EventStream, openEvents as openEventStream } from "../helpers/sse-client.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { LangfuseReceiver, PROJECT_ID } from "../tracing/langfuse-receiver.ts";

/** A plugin tool that runs until it is cancelled (or 20 s pass). */
const SLOW_PLUGIN = `export default {
  metadata: {
    name: "@test/slow",
    description: "Waits until cancelled.",
    deterministic: false,
    costPerInvocation: 0.25,
    parametersSchema: { type: "object" },
  },
  invoke: (_params, ctx) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve("finished"), 20000);
      ctx.signal.addEventListener("abort", () => {
        clearTimeout(timer);
        reject(ctx.signal.reason);
      });
    }),
};`;

const SECRET = "secret-outside-the-renderer";

let workbench: Workbench;
let service: WorkbenchService;
let host: WebHost;
let pluginDir: string;
let rendererDir: string;
/** Live event subscriptions the host holds (the service's subscribe, counted). */
let subscribers = 0;
/** API calls that answered 200, to check every call of WORKBENCH_CALLS was exercised. */
const answered = new Set<string>();

beforeAll(async () => {
  const home = await tempDir("agentic-web-home-");
  const workspace = await tempDir("agentic-web-ws-");
  pluginDir = await tempDir("agentic-web-plugins-");
  await writeFile(path.join(pluginDir, "slow.mjs"), SLOW_PLUGIN);
  // The renderer folder sits next to files that must never be served.
  const site = await tempDir("agentic-web-site-");
  rendererDir = path.join(site, "renderer");
  await mkdir(path.join(rendererDir, "assets"), { recursive: true });
  await writeFile(
    path.join(rendererDir, "index.html"),
    '<!doctype html><title>Workbench</title><script type="module" src="/assets/app.js"></script>',
  );
  await writeFile(path.join(rendererDir, "assets", "app.js"), "export {};\n");
  await writeFile(path.join(site, "package.json"), `{ "name": "${SECRET}" }`);
  await writeFile(path.join(site, "secret.txt"), SECRET);
  await symlink(path.join(site, "secret.txt"), path.join(rendererDir, "assets", "link.txt"));

  workbench = await createWorkbench({
    env: { AGENTIC_HOME: home },
    workspaceRoot: workspace,
    onlyPluginDirs: true,
    pluginDirs: [pluginDir],
  });
  const inner = createWorkbenchService(workbench, { host: "web", version: "test" });
  service = {
    ...inner,
    subscribe(listener) {
      subscribers++;
      const off = inner.subscribe(listener);
      return () => {
        subscribers--;
        off();
      };
    },
  };
  // Every result is checked against its schema (call-results.ts): one that does not fit fails.
  host = await startWebHost({ service, rendererDir, port: 0, checkResults: true });
});

afterAll(async () => {
  await host?.close();
  service?.close();
  await workbench?.close();
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: { result?: unknown; error?: { code: string; message: string } };
}

/** One raw HTTP request with node's http module (so Host and Origin can be forged). */
function request(
  options: {
    method?: string;
    path: string;
    headers?: http.OutgoingHttpHeaders;
    body?: string | string[];
    port?: number;
  } = { path: "/" },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: options.port ?? host.port,
        method: options.method ?? "GET",
        path: options.path,
        headers: options.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: Reply["json"] = {};
          try {
            json = JSON.parse(text) as Reply["json"];
          } catch {}
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    // An array is sent chunk by chunk (chunked encoding, no content-length).
    if (Array.isArray(options.body)) for (const chunk of options.body) req.write(chunk);
    else if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** A well-formed API call with fetch, as the renderer makes it. */
async function call<T>(name: string, ...args: unknown[]): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${host.port}/api/call/${name}`, {
    method: "POST",
    headers: { authorization: `Bearer ${host.token}`, "content-type": "application/json" },
    body: JSON.stringify({ args }),
  });
  const body = (await res.json()) as { result?: T; error?: { code: string; message: string } };
  if (res.status !== 200) throw new Error(`${name}: ${res.status} ${JSON.stringify(body)}`);
  answered.add(name);
  return body.result as T;
}

const multiply = (invocationId: string) => ({
  name: "@math/calculator",
  params: { operation: "multiply", a: 4, b: 5 },
  invocationId,
});

/** The event stream of this file's host (test/helpers/sse-client.ts). */
const openEvents = (port = host.port, token = host.token): Promise<EventStream> =>
  openEventStream(port, token);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe("every API call with the token", () => {
  it("info describes the web host", async () => {
    const info = await call<WorkbenchInfo>("info");
    expect(info).toMatchObject({
      host: "web",
      version: "test",
      workspaceRoot: workbench.workspaceRoot,
      agenticHome: workbench.agenticHome,
      pluginDirs: [pluginDir],
      canChooseWorkspace: false,
    });
  });

  it("listTools has @math/calculator (builtin) and the plugin's tool", async () => {
    const tools = await call<ToolSummary[]>("listTools");
    expect(tools.find((t) => t.name === "@math/calculator")).toMatchObject({
      scope: "math",
      deterministic: true,
      source: "builtin",
      sourceKind: "builtin",
      needsApproval: false,
    });
    // The agent's approval rule, given with each tool: @file/write is not read-only.
    expect(tools.find((t) => t.name === "@file/write")?.needsApproval).toBe(true);
    expect(tools.find((t) => t.name === "@test/slow")).toMatchObject({ sourceKind: "plugin" });
  });

  it("getTool gives the schema; an unknown tool is null", async () => {
    const calc = await call<ToolDetail>("getTool", "@math/calculator");
    expect(calc.parametersSchema).toMatchObject({ required: ["operation", "a", "b"] });
    expect(await call<ToolDetail | null>("getTool", "@math/nope")).toBeNull();
  });

  it("validate returns the pointer of a missing field, and nothing for good params", async () => {
    const problems = await call<{ pointer: string; rule: string }[]>(
      "validate",
      "@math/calculator",
      { operation: "add", a: 1 },
    );
    expect(problems).toEqual([expect.objectContaining({ pointer: "/b", rule: "required" })]);
    expect(await call("validate", "@math/calculator", { operation: "add", a: 1, b: 2 })).toEqual(
      [],
    );
  });

  it("invoke multiplies 4 × 5", async () => {
    const result = await call<InvokeResult>("invoke", multiply("web-multiply-1"));
    expect(result).toMatchObject({ ok: true, value: 20, cost: 0, invocationId: "web-multiply-1" });
  });

  it("history lists the invocation, newest first, and filters by tool", async () => {
    const entries = await call<HistoryEntry[]>("history", { tool: "@math/calculator" });
    expect(entries[0]).toMatchObject({
      invocationId: "web-multiply-1",
      tool: "@math/calculator",
      params: { operation: "multiply", a: 4, b: 5 },
      ok: true,
      value: 20,
    });
    expect(await call<HistoryEntry[]>("history", { tool: "@math/nope" })).toEqual([]);
  });

  it("costTotals counts it, this session and all time", async () => {
    const totals = await call<CostTotals>("costTotals");
    expect(totals.session).toEqual({ count: 1, cost: 0 });
    expect(totals.allTime).toEqual({ count: 1, cost: 0 });
    expect(totals.perTool).toEqual([
      {
        tool: "@math/calculator",
        count: 1,
        medianDurationMs: expect.any(Number),
        totalCost: 0,
        failures: 0,
      },
    ]);
  });

  it("pluginReport and reloadPlugins report the plugin folder and its plugin", async () => {
    const report = await call<PluginReport>("pluginReport");
    expect(report.pluginDirs).toEqual([{ path: pluginDir, exists: true }]);
    expect(report.plugins).toEqual([
      expect.objectContaining({ name: "slow", status: "loaded", tools: ["@test/slow"] }),
    ]);
    const reloaded = await call<PluginReport>("reloadPlugins");
    expect(reloaded.plugins).toEqual([
      expect.objectContaining({ name: "slow", status: "loaded", tools: ["@test/slow"] }),
    ]);
    expect((await call<ToolSummary[]>("listTools")).map((t) => t.name)).toContain("@test/slow");
  });

  it("cancel stops a running plugin tool: the invoke answers CANCELLED", async () => {
    const invoked = call<InvokeResult>("invoke", {
      name: "@test/slow",
      params: {},
      invocationId: "web-slow-1",
    });
    // The invoke request is in flight: cancel as soon as the host knows the invocation.
    const deadline = Date.now() + 10_000;
    while (!(await call<boolean>("cancel", "web-slow-1"))) {
      if (Date.now() > deadline) throw new Error("the slow invocation never started");
      await sleep(20);
    }
    const result = await invoked;
    expect(result).toMatchObject({ ok: false, invocationId: "web-slow-1" });
    if (!result.ok) expect(result.error.code).toBe("CANCELLED");
    expect(await call<boolean>("cancel", "web-slow-1")).toBe(false);
    expect(await call<boolean>("cancel", "never-started")).toBe(false);
    const [entry] = await call<HistoryEntry[]>("history", { tool: "@test/slow" });
    expect(entry).toMatchObject({ invocationId: "web-slow-1", ok: false });
  });

  it("listTools filters; suggestTools says did-you-mean; exportTools gives function definitions", async () => {
    const math = await call<{ name: string }[]>("listTools", { scope: "math" });
    expect(math.map((t) => t.name)).toEqual(["@math/calculator"]);
    expect(await call<string[]>("suggestTools", "calculator")).toContain("@math/calculator");
    expect(await call<string[]>("suggestTools", "@math/calculater")).toContain("@math/calculator");
    const exported = await call<{
      tools: { function: { name: string } }[];
      names: Record<string, string>;
    }>("exportTools", "openai", { scope: "math" });
    expect(exported.tools.map((t) => t.function.name)).toEqual(["math__calculator"]);
    expect(exported.names).toEqual({ math__calculator: "@math/calculator" });
  });

  it("chooseWorkspace is null: the web host has no folder picker", async () => {
    expect(await call("chooseWorkspace")).toBeNull();
    expect((await call<WorkbenchInfo>("info")).workspaceRoot).toBe(workbench.workspaceRoot);
  });

  it("arguments that do not fit the call's schema answer 400 VALIDATION_ERROR naming the field", async () => {
    const send = (args: unknown[]) =>
      request({
        method: "POST",
        path: "/api/call/invoke",
        headers: { authorization: `Bearer ${host.token}`, "content-type": "application/json" },
        body: JSON.stringify({ args }),
      });
    const missing = await send([]);
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatchObject({
      code: "VALIDATION_ERROR",
      message: expect.stringMatching(/^invoke: takes 1 argument/),
    });
    const wrongField = await send([{ name: 42, params: {}, invocationId: "x" }]);
    expect(wrongField.status).toBe(400);
    expect(wrongField.json.error).toMatchObject({
      code: "VALIDATION_ERROR",
      message: expect.stringMatching(/^invoke: request\.name: expected string/),
      hint: expect.stringContaining("contract.ts"),
    });
    // Nothing ran: the handler never saw the request.
    expect(await call<HistoryEntry[]>("history", { tool: "42" })).toEqual([]);
  });

  it("a handler that refuses answers 400 with its code, the call's name and its hint", async () => {
    const res = await request({
      method: "POST",
      path: "/api/call/trustWorkspaceFile",
      headers: { authorization: `Bearer ${host.token}`, "content-type": "application/json" },
      body: JSON.stringify({ args: ["no-such-file.json", "0".repeat(64)] }),
    });
    expect(res.status).toBe(400);
    expect(res.json.error).toEqual({
      code: "NOT_FOUND",
      message: expect.stringMatching(
        /^trustWorkspaceFile: no-such-file\.json is not an mcp\.json or litellm_config\.yaml of the workspace /,
      ),
      hint: "list the files that need trust with `agentic trust --list` (or the workspaceTrust call)",
    });
  });

  it("traces, trace, tracingStatus and configureLangfuse: the secret never comes back", async () => {
    const [latest] = await call<TraceSummary[]>("traces", { tool: "@math/calculator" });
    expect(latest).toMatchObject({ tool: "@math/calculator", status: "ok" });
    const detail = await call<TraceDetail>("trace", latest?.traceId);
    expect(detail.observations[0]).toMatchObject({ type: "tool", name: "@math/calculator" });
    expect((await call<TracingStatus>("tracingStatus")).langfuse).toBeNull();

    // Invalid settings: 400 CALL_FAILED naming the field.
    const refused = await request({
      method: "POST",
      path: "/api/call/configureLangfuse",
      headers: { authorization: `Bearer ${host.token}`, "content-type": "application/json" },
      body: JSON.stringify({
        args: [{ baseUrl: "javascript:alert(1)", publicKey: "pk", secretKey: "sk" }],
      }),
    });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({
      code: "CALL_FAILED",
      message: expect.stringMatching(/^configureLangfuse: baseUrl: must be an http\(s\) URL/),
    });

    const receiver = new LangfuseReceiver("pk-lf-web", "sk-lf-web-secret");
    const baseUrl = await receiver.start();
    try {
      // A check is an answer, not a failed request: the form shows it without a console error.
      expect(
        await call("checkLangfuse", { baseUrl, publicKey: "pk-lf-web", secretKey: "wrong" }),
      ).toMatchObject({ ok: false, field: "secretKey" });
      expect(
        await call("checkLangfuse", {
          baseUrl,
          publicKey: "pk-lf-web",
          secretKey: "sk-lf-web-secret",
        }),
      ).toEqual({ ok: true, projectId: PROJECT_ID });
      const status = await call<TracingStatus>("configureLangfuse", {
        baseUrl,
        publicKey: "pk-lf-web",
        secretKey: "sk-lf-web-secret",
      });
      expect(status.langfuse).toMatchObject({
        baseUrl,
        publicKey: "pk-lf-web",
        source: "settings",
      });
      expect(JSON.stringify(status)).not.toContain("sk-lf-web-secret");
      expect(JSON.stringify(await call("tracingStatus"))).not.toContain("sk-lf-web-secret");
      expect((await call<TracingStatus>("configureLangfuse", null)).langfuse).toBeNull();
    } finally {
      await receiver.stop();
    }
  });

  it("traces, trace and llmOverview answer with the invocation's trace and the LLM backend", async () => {
    const result = await call<{ ok: boolean; traceId?: string }>(
      "invoke",
      multiply("trace-over-http"),
    );
    expect(result.traceId).toMatch(/^[0-9a-f]{32}$/);
    const listed = await call<{ traceId: string; tool: string; status: string }[]>("traces", {
      tool: "@math/calculator",
      limit: 5,
    });
    expect(listed.map((t) => t.traceId)).toContain(result.traceId);
    // The same list with whole records: observations included, in the same order.
    const records = await call<{ traceId: string; observations: { type: string }[] }[]>(
      "traceRecords",
      { tool: "@math/calculator", limit: 5 },
    );
    expect(records.map((r) => r.traceId)).toEqual(listed.map((t) => t.traceId));
    expect(records[0]?.observations[0]?.type).toBe("tool");
    const detail = await call<{ observations: { type: string; name: string; output: unknown }[] }>(
      "trace",
      result.traceId,
    );
    expect(detail.observations[0]).toMatchObject({
      type: "tool",
      name: "@math/calculator",
      output: 20,
    });
    expect(await call("trace", "0".repeat(32))).toBeNull();
    const overview = await call<{ mode: string; config: { groups: { name: string }[] } | null }>(
      "llmOverview",
      false,
    );
    expect(["proxy", "direct"]).toContain(overview.mode);
    expect(overview.config?.groups.map((g) => g.name)).toEqual(
      expect.arrayContaining(["main", "fast"]),
    );
  });

  it("workspaceTrust and trustWorkspaceFile: a stale hash is refused, the current one starts the server", async () => {
    const file = path.join(workbench.workspaceRoot, "mcp.json");
    const server = fileURLToPath(
      new URL(
        "../../node_modules/@modelcontextprotocol/server-filesystem/dist/index.js",
        import.meta.url,
      ),
    );
    await writeFile(
      file,
      JSON.stringify({
        mcpServers: {
          wsfs: { command: process.execPath, args: [server, workbench.workspaceRoot] },
        },
      }),
    );
    const [item] = await call<WorkspaceTrustItem[]>("workspaceTrust");
    expect(item).toMatchObject({ kind: "mcp", path: file, needsTrust: true, trusted: false });
    const stale = await request({
      method: "POST",
      path: "/api/call/trustWorkspaceFile",
      headers: { authorization: `Bearer ${host.token}`, "content-type": "application/json" },
      body: JSON.stringify({ args: [file, "0".repeat(64)] }),
    });
    expect(stale.status).toBe(400);
    expect(stale.json.error).toMatchObject({
      code: "TRUST_STALE",
      message: expect.stringMatching(/^trustWorkspaceFile: .*mcp\.json changed since it was shown/),
      hint: "look at the file again and trust its new content",
    });
    const items = await call<WorkspaceTrustItem[]>("trustWorkspaceFile", file, item?.sha256);
    expect(items[0]?.trusted).toBe(true);
    const tools = await call<{ name: string }[]>("listTools");
    expect(tools.map((t) => t.name)).toContain("@mcp-wsfs/read_text_file");
    // Revoking applies at once as well: the file is no longer trusted and its server stops.
    expect(await call<string[]>("revokeWorkspaceTrust")).toEqual([file]);
    const [revoked] = await call<WorkspaceTrustItem[]>("workspaceTrust");
    expect(revoked).toMatchObject({ path: file, needsTrust: true, trusted: false });
    const after = await call<{ name: string }[]>("listTools");
    expect(after.map((t) => t.name)).not.toContain("@mcp-wsfs/read_text_file");
  }, 30_000);
  it("agentRun answers with the run's result; bad input is 400 naming the field", async () => {
    // No model answers here (the test has none): the run stops at its first model call.
    const result = await call<{ ok: boolean; stoppedBecause: string; steps: unknown[] }>(
      "agentRun",
      { runId: "run-1", prompt: "What is 6 times 7?", modelGroup: "no-such-group" },
    );
    expect(result).toMatchObject({ ok: false, stoppedBecause: "llm-error" });
    expect(result.steps).toHaveLength(1);
    await expect(
      call("agentRun", { runId: "run-2", prompt: "hi", modelGroup: "main", tools: ["@nope/*"] }),
    ).rejects.toThrow(/"code":"VALIDATION_ERROR","message":"agentRun: tools: no tool matches/);
  });

  it("test suites: a case saved into agentic-tests/ lists, runs and records its golden", async () => {
    // The calls in depth: test/api/test-suite-calls.test.ts.
    const saved = await call<{ path: string; created: boolean }>("saveTestCase", {
      suite: "calc.yaml",
      name: "multiplies",
      tool: "@math/calculator",
      params: { operation: "multiply", a: 4, b: 5 },
      expect: "golden",
    });
    expect(saved).toMatchObject({ ok: true, path: "calc.yaml", created: true });
    const listed = await call<{ suites: { cases: { golden: boolean }[] }[] }>("testSuites");
    expect(listed.suites[0]?.cases[0]?.golden).toBe(true);
    const unrecorded = await call<{ failed: number }>("runTests", { suite: "calc.yaml" });
    expect(unrecorded.failed).toBe(1);
    const update = await call<{ recorded: number }>("updateGoldens", {});
    expect(update.recorded).toBe(1);
    const run = await call<{ passed: number }>("runTests", {});
    expect(run.passed).toBe(1);
  });

  it("every call of WORKBENCH_CALLS was answered", () => {
    // agentApprove needs a run waiting on a model's tool call: test/agent/agent-approvals-api.test.ts
    // answers it over this same host, with a scripted model.
    const elsewhere = ["agentApprove"];
    expect([...answered, ...elsewhere].sort()).toEqual([...WORKBENCH_CALLS].sort());
  });
});

describe("refusals: the right status, and the host keeps serving", () => {
  const good = () => ({
    authorization: `Bearer ${host.token}`,
    "content-type": "application/json",
  });
  const post = (
    headers: http.OutgoingHttpHeaders,
    body = '{"args":[]}',
    to = "/api/call/info",
  ) => ({
    method: "POST",
    path: to,
    headers,
    body,
  });

  it.each([
    ["no token", () => post({ "content-type": "application/json" }), 401, "TOKEN_MISSING"],
    [
      "a wrong token",
      () => post({ ...good(), authorization: `Bearer ${"0".repeat(64)}` }),
      401,
      "TOKEN_WRONG",
    ],
    [
      "a wrong token of another length",
      () => post({ ...good(), authorization: "Bearer short" }),
      401,
      "TOKEN_WRONG",
    ],
    [
      "a foreign Host (DNS rebinding)",
      () => post({ ...good(), host: `evil.example:${host.port}` }),
      403,
      "FOREIGN_HOST",
    ],
    [
      "a foreign Origin",
      () => post({ ...good(), origin: "http://evil.example" }),
      403,
      "FOREIGN_ORIGIN",
    ],
    [
      "our port on another host name in the Origin",
      () => post({ ...good(), origin: `http://evil.example:${host.port}` }),
      403,
      "FOREIGN_ORIGIN",
    ],
    ["the opaque Origin null", () => post({ ...good(), origin: "null" }), 403, "FOREIGN_ORIGIN"],
    ["malformed JSON", () => post(good(), '{"args": [1,'), 400, "MALFORMED"],
    ["args that are not an array", () => post(good(), '{"args": {"0": 1}}'), 400, "MALFORMED"],
    ["an unknown call", () => post(good(), '{"args":[]}', "/api/call/nope"), 404, "UNKNOWN_CALL"],
    [
      "a call named after an Object property",
      () => post(good(), '{"args":[]}', "/api/call/constructor"),
      404,
      "UNKNOWN_CALL",
    ],
    [
      "GET on an API call",
      () => ({ method: "GET", path: "/api/call/info", headers: good() }),
      405,
      "METHOD_NOT_ALLOWED",
    ],
    [
      "a text/plain body (what a cross-site form can send)",
      () => post({ ...good(), "content-type": "text/plain" }),
      415,
      "NOT_JSON",
    ],
    [
      "a media type that only starts like JSON",
      () => post({ ...good(), "content-type": "application/jsonp" }),
      415,
      "NOT_JSON",
    ],
    ["no content-type", () => post({ authorization: `Bearer ${host.token}` }), 415, "NOT_JSON"],
    [
      "a call with the right token in the query string only (it leaks through logs and Referer)",
      () => ({
        method: "POST",
        path: `/api/call/info?token=${host.token}`,
        headers: { "content-type": "application/json" },
        body: '{"args":[]}',
      }),
      401,
      "TOKEN_MISSING",
    ],
    [
      "an events stream without the token",
      () => ({ method: "GET", path: "/api/events" }),
      401,
      "TOKEN_MISSING",
    ],
    [
      "an events stream with a wrong token",
      () => ({ method: "GET", path: "/api/events?token=nope" }),
      401,
      "TOKEN_WRONG",
    ],
  ])("%s", async (_label, make, status, code) => {
    const res = await request(make());
    expect(res.status).toBe(status);
    expect(res.json.error?.code).toBe(code);
    expect(res.text).not.toContain(host.token);
    expect((await call<WorkbenchInfo>("info")).host).toBe("web");
  });

  it("a query-string token on a call is refused with a hint to send the header; the event stream still takes it", async () => {
    const res = await request({
      method: "POST",
      path: `/api/call/info?token=${host.token}`,
      headers: { "content-type": "application/json" },
      body: '{"args":[]}',
    });
    expect(res.status).toBe(401);
    expect(res.json.error?.message).toMatch(/Authorization: Bearer/);
    // openEvents puts the token in the query string and rejects unless the answer is a 200 stream.
    const stream = await openEvents();
    stream.close();
  });

  it("arguments nested 200,000 levels deep are a VALIDATION_ERROR, and history still answers", async () => {
    const levels = 200_000;
    const res = await request({
      method: "POST",
      path: "/api/call/invoke",
      headers: good(),
      body: `{"args":["@math/calculator",${"[".repeat(levels)}${"]".repeat(levels)}]}`,
    });
    expect(res.status).toBe(400);
    expect(res.json.error?.code).toBe("VALIDATION_ERROR");
    expect(res.json.error?.message).toMatch(/^invoke: .*nested deeper than 256 levels/);
    expect(Array.isArray(await call<HistoryEntry[]>("history"))).toBe(true);
  });

  it("the loopback names with our port are accepted as Host and Origin", async () => {
    for (const name of [`127.0.0.1:${host.port}`, `localhost:${host.port}`]) {
      const res = await request(post({ ...good(), host: name, origin: `http://${name}` }));
      expect(res.status).toBe(200);
      expect(res.json.result).toMatchObject({ host: "web" });
    }
  });

  it.each(["application/json; charset=utf-8", "Application/JSON"])(
    "content-type %s is JSON",
    async (type) => {
      const res = await request(post({ ...good(), "content-type": type }));
      expect(res.status).toBe(200);
      expect(res.json.result).toMatchObject({ host: "web" });
    },
  );

  describe("a body over maxBodyBytes is 413", () => {
    let small: WebHost;
    beforeAll(async () => {
      small = await startWebHost({ service, rendererDir, port: 0, maxBodyBytes: 1024 });
    });
    afterAll(async () => {
      await small?.close();
    });
    const big = JSON.stringify({ args: ["x".repeat(2_000)] });

    it.each([
      ["with a content-length", big],
      ["sent chunked, without a content-length", [big.slice(0, 900), big.slice(900)]],
    ])("%s", async (_label, body) => {
      const headers = {
        authorization: `Bearer ${small.token}`,
        "content-type": "application/json",
      };
      const res = await request({
        method: "POST",
        path: "/api/call/getTool",
        headers,
        body,
        port: small.port,
      });
      expect(res.status).toBe(413);
      expect(res.json.error?.code).toBe("TOO_LARGE");
      const ok = await request({
        method: "POST",
        path: "/api/call/getTool",
        headers,
        body: JSON.stringify({ args: ["@math/calculator"] }),
        port: small.port,
      });
      expect(ok.status).toBe(200);
      expect(ok.json.result).toMatchObject({ name: "@math/calculator" });
    });
  });
});

describe("static files", () => {
  it("serves the page with a strict Content-Security-Policy", async () => {
    const res = await request({ path: "/" });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.text).toContain("<title>Workbench</title>");
    const csp = String(res.headers["content-security-policy"]);
    const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
    expect(scriptSrc).toMatch(/'self'/);
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect((await request({ path: "/index.html" })).headers["content-security-policy"]).toBe(csp);
  });

  it("serves an asset, without the page's CSP", async () => {
    const res = await request({ path: "/assets/app.js" });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/javascript/);
    expect(res.text).toBe("export {};\n");
  });

  it.each([
    "/..%2f..%2f..%2f..%2fetc/passwd",
    "/..%2f..%2fetc/passwd",
    "/..%2fsecret.txt",
    "/..%2fpackage.json",
    "/%2e%2e/package.json",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/assets/..%2f..%2fsecret.txt",
    "/assets/link.txt",
    "/assets/%00.js",
    "/assets/",
    "/missing.html",
  ])("%s is 404, not the file", async (pathname) => {
    const res = await request({ path: pathname });
    expect(res.status).toBe(404);
    expect(res.text).not.toContain(SECRET);
    expect(res.text).not.toContain("root:");
  });

  it("a foreign Host is refused for the page too", async () => {
    const res = await request({ path: "/", headers: { host: `evil.example:${host.port}` } });
    expect(res.status).toBe(403);
    expect(res.text).not.toContain("<title>");
  });

  it("POST to a page is 405", async () => {
    expect((await request({ method: "POST", path: "/" })).status).toBe(405);
  });
});

describe("the listening socket", () => {
  it("binds 127.0.0.1 only, and prints a URL with the token", async () => {
    // Watch the server's listen() to read the address it bound.
    const listen = vi.spyOn(net.Server.prototype, "listen");
    let servers: net.Server[];
    let own: WebHost;
    try {
      own = await startWebHost({ service, rendererDir, port: 0 });
    } finally {
      servers = [...listen.mock.contexts] as net.Server[];
      listen.mockRestore();
    }
    try {
      expect(servers).toHaveLength(1);
      expect(servers[0]?.address()).toEqual({
        address: "127.0.0.1",
        family: "IPv4",
        port: own.port,
      });
      expect(own.url).toBe(`http://127.0.0.1:${own.port}/?token=${own.token}`);
      expect(own.token).toMatch(/^[0-9a-f]{64}$/);
      expect(own.token).not.toBe(host.token);
      // Another loopback address (not bound) refuses the connection.
      const reached = await new Promise<string>((resolve) => {
        const req = http.get(
          { host: "127.0.0.2", port: own?.port, path: "/", agent: false },
          (res) => {
            res.resume();
            resolve("answered");
          },
        );
        req.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
      });
      expect(reached).toBe("ECONNREFUSED");
    } finally {
      await own.close();
    }
  });
});

describe("server-sent events", () => {
  it("an invocation pushes invocation-started and invocation-finished with the entry", async () => {
    const stream = await openEvents();
    try {
      await call("invoke", multiply("web-sse-1"));
      const started = await stream.next(
        (e) => e.type === "invocation-started" && e.invocationId === "web-sse-1",
      );
      expect(started).toMatchObject({ tool: "@math/calculator" });
      const finished = await stream.next(
        (e) => e.type === "invocation-finished" && e.entry.invocationId === "web-sse-1",
      );
      expect(finished).toMatchObject({
        type: "invocation-finished",
        entry: { tool: "@math/calculator", ok: true, value: 20, params: multiply("x").params },
      });
    } finally {
      stream.close();
    }
  });

  it("a plugin file written into a watched folder pushes tools-changed", async () => {
    await workbench.loader.watch();
    const stream = await openEvents();
    try {
      await writeFile(
        path.join(pluginDir, "added.mjs"),
        `export default { metadata: { name: "@test/added", description: "Added while running.", deterministic: true, costPerInvocation: 0, parametersSchema: { type: "object" } }, invoke: () => "added" };`,
      );
      // The loader reports the new plugin, then the registry's change reaches us (debounced).
      const report = await stream.next(
        (e) =>
          e.type === "plugins-changed" &&
          e.report.plugins.some((p) => p.tools.includes("@test/added")),
        15_000,
      );
      await stream.next((e) => e.type === "tools-changed", 5_000, stream.events.indexOf(report));
      expect((await call<ToolSummary[]>("listTools")).map((t) => t.name)).toContain("@test/added");
    } finally {
      stream.close();
    }
  });

  it("a client that goes away is unsubscribed", async () => {
    await until(() => subscribers === 0, "earlier streams to be released");
    const streams = await Promise.all([openEvents(), openEvents()]);
    await until(() => subscribers === 2, "two subscriptions");
    for (const s of streams) s.close();
    await until(() => subscribers === 0, "the subscriptions to end after the clients left");
  });

  it("close() ends open streams and in-flight calls and resolves promptly", async () => {
    const own = await startWebHost({ service, rendererDir, port: 0 });
    const stream = await openEvents(own.port, own.token);
    const before = subscribers;
    // A call that would run for 20 s holds its connection open.
    const inFlight = fetch(`http://127.0.0.1:${own.port}/api/call/invoke`, {
      method: "POST",
      headers: { authorization: `Bearer ${own.token}`, "content-type": "application/json" },
      body: JSON.stringify({
        args: [{ name: "@test/slow", params: {}, invocationId: "web-close-1" }],
      }),
    }).then(
      (res) => `answered ${res.status}`,
      () => "connection closed",
    );
    await stream.next((e) => e.type === "invocation-started" && e.invocationId === "web-close-1");
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await inFlight).toBe("connection closed");
    await until(() => subscribers === before - 1, "the stream's subscription to end");
    stream.close();
    expect(await service.calls.cancel("web-close-1")).toBe(true);
    const reached = await new Promise<string>((resolve) => {
      const req = http.get({ host: "127.0.0.1", port: own.port, path: "/", agent: false }, () =>
        resolve("answered"),
      );
      req.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    });
    expect(reached).toBe("ECONNREFUSED");
  });
});
