/**
 * The agent runner end to end, with a scripted OpenAI-compatible upstream standing in for the
 * model (test/agent/scripted-model.ts: it returns `tool_calls`, then a final answer built from the
 * tool results it received). Every case runs twice: through the REAL LiteLLM proxy (an `openai/`
 * deployment whose api_base is the scripted upstream) and in direct mode (the app calls the
 * upstream itself). The tools are the workbench's own, through its registry, tracing and history.
 */
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { GenerationStep, ToolStep } from "../../src-main/agent/types.ts";
import { runAgentOn } from "../../src-main/api/agent-service.ts";
import { createWorkbench, type Workbench } from "../../src-main/api/workbench.ts";
import type { ToolProtocol } from "../../src-main/core/protocol.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { closedPort } from "../llm/fake-openai-server.ts";
import {
  liteLLMInstalled,
  type RunningLiteLLM,
  requireLiteLLM,
  startLiteLLM,
} from "../llm/litellm-server.ts";
import {
  calculatorScript,
  type ScriptedModel,
  scriptedConfig,
  startScriptedModel,
} from "./scripted-model.ts";

/** USD per scripted generation: 10 prompt tokens × 0.001 + 5 completion tokens × 0.002. */
const GENERATION_COST = 0.02;

const withLiteLLM = liteLLMInstalled || Boolean(process.env.CI);
if (!withLiteLLM) console.warn("LiteLLM is not installed: the agent tests run in direct mode only");
const modes = withLiteLLM ? (["proxy", "direct"] as const) : (["direct"] as const);

describe.each(modes)("the agent runner in %s mode", (mode) => {
  let upstream: ScriptedModel;
  let litellm: RunningLiteLLM | undefined;
  let wb: Workbench;
  let workspace: string;
  /** When each @test/slow call started and ended. */
  const slowSpans: { label: string; start: number; end: number }[] = [];
  let onWaitStarted: () => void = () => undefined;

  beforeAll(async () => {
    upstream = await startScriptedModel(calculatorScript);
    const dir = await tempDir("agent-test-");
    workspace = await tempDir("agent-workspace-");
    const configPath = path.join(dir, "litellm-test-config.yaml");
    await writeFile(configPath, scriptedConfig(upstream.url));
    if (mode === "proxy") {
      requireLiteLLM();
      litellm = await startLiteLLM(scriptedConfig(upstream.url), dir);
    }
    wb = await createWorkbench({
      workspaceRoot: workspace,
      llmConfig: litellm?.configPath ?? configPath,
      env: {
        AGENTIC_HOME: await tempDir("agent-home-"),
        AGENTIC_LLM_MODE: mode,
        LITELLM_BASE_URL: litellm?.baseUrl ?? `http://127.0.0.1:${await closedPort()}`,
        ...(litellm ? { LITELLM_API_KEY: litellm.masterKey } : {}),
      },
      isolation: false,
      mcpServers: false,
      adoptDefaultRegistry: false,
    });
    for (const tool of testTools()) wb.registry.register(tool, "test");
  }, 180_000);

  afterAll(async () => {
    await wb?.close();
    await litellm?.stop();
    await upstream?.close();
  });

  beforeEach(() => {
    upstream.script = calculatorScript;
    upstream.requests.length = 0;
  });

  function testTools(): ToolProtocol[] {
    const readOnly = { readOnly: true, destructive: false };
    return [
      {
        metadata: {
          name: "@test/slow",
          description: "Waits 300 ms and returns its label.",
          deterministic: true,
          costPerInvocation: 0,
          annotations: readOnly,
          parametersSchema: {
            type: "object",
            properties: { label: { type: "string" } },
            required: ["label"],
          },
        },
        async invoke(params) {
          const { label } = params as { label: string };
          const start = performance.now();
          await sleep(300);
          slowSpans.push({ label, start, end: performance.now() });
          return label;
        },
      },
      {
        metadata: {
          name: "@test/wait",
          description: "Waits until cancelled.",
          deterministic: false,
          costPerInvocation: 0,
          annotations: readOnly,
          parametersSchema: { type: "object" },
        },
        invoke: (_params, ctx) =>
          new Promise((_resolve, reject) => {
            ctx.signal.addEventListener("abort", () => reject(new Error("cancelled")));
            onWaitStarted();
          }),
      },
      {
        metadata: {
          name: "@test/paid",
          description: "Costs a cent per call.",
          deterministic: true,
          costPerInvocation: 0.01,
          annotations: readOnly,
          parametersSchema: { type: "object" },
        },
        invoke: () => "paid",
      },
    ];
  }

  it("answers 6 × 7 with @math/calculator: steps, tokens, costs, history with origin agent", async () => {
    const result = await runAgentOn(wb, { prompt: "What is 6 times 7?", modelGroup: "main" });
    expect(result).toMatchObject({
      ok: true,
      text: "6 times 7 is 42.",
      stoppedBecause: "final-answer",
      usage: { promptTokens: 20, completionTokens: 10, totalTokens: 30 },
    });
    expect(result.cost.llm).toBeCloseTo(2 * GENERATION_COST, 9);
    expect(result.cost).toMatchObject({ tools: 0 });
    expect(result.cost.total).toBeCloseTo(result.cost.llm, 12);
    expect(result.steps.map((s) => s.kind)).toEqual(["generation", "tool", "generation"]);
    const [ask, calc] = result.steps as [GenerationStep, ToolStep];
    expect(ask).toMatchObject({
      deployment: "main-1",
      answeredBy: "main",
      mode,
      toolCalls: [{ function: "math__calculator", tool: "@math/calculator" }],
    });
    expect(calc).toMatchObject({
      tool: "@math/calculator",
      params: { operation: "multiply", a: 6, b: 7 },
      outcome: { ok: true, value: 42 },
      approval: "not-needed",
    });
    // The upstream got the tools as functions and the result as a tool message.
    expect(upstream.requests[0]?.tools).toContain("math__calculator");
    expect(upstream.requests[1]?.toolResults).toEqual([{ id: expect.any(String), content: "42" }]);
    const entry = wb.history.query({ tool: "@math/calculator" })[0];
    expect(entry).toMatchObject({ origin: "agent", traceId: result.traceId, ok: true });
  });

  it("is one trace in the local store: agent → generations and the tool (nested as it ran)", async () => {
    const result = await runAgentOn(wb, { prompt: "What is 6 times 7?", modelGroup: "main" });
    const trace = await wb.tracing.store.get(result.traceId as string);
    expect(trace).toMatchObject({ tool: "agent", status: "ok" });
    expect(trace?.cost).toBeCloseTo(2 * GENERATION_COST, 9);
    const [root, ...rest] = trace?.observations ?? [];
    expect(root).toMatchObject({
      type: "agent",
      name: "agent",
      input: { prompt: "What is 6 times 7?" },
    });
    expect(root?.parentId).toBeUndefined();
    expect(rest.map((o) => [o.type, o.name, o.parentId])).toEqual([
      ["generation", "llm main", root?.id],
      ["tool", "@math/calculator", root?.id],
      ["generation", "llm main", root?.id],
    ]);
    expect(rest[0]?.input).toMatchObject({ tools: expect.arrayContaining(["math__calculator"]) });
    expect(rest[0]?.metadata).toMatchObject({ deployment: "main-1", cost: GENERATION_COST });
    expect(rest[1]).toMatchObject({ input: { a: 6, b: 7 }, output: 42 });
  });

  it("a wrong argument comes back as VALIDATION_ERROR naming the field, and the model corrects it", async () => {
    upstream.script = (request) => {
      if (request.toolResults.length === 0) {
        return {
          toolCalls: [
            { name: "math__calculator", arguments: { operation: "multiply", a: "six", b: 7 } },
          ],
        };
      }
      const last = request.toolResults.at(-1)?.content ?? "";
      if (last.includes("VALIDATION_ERROR")) {
        return {
          toolCalls: [
            { name: "math__calculator", arguments: { operation: "multiply", a: 6, b: 7 } },
          ],
        };
      }
      return { text: `It is ${last}.` };
    };
    const result = await runAgentOn(wb, { prompt: "6 × 7?", modelGroup: "main" });
    expect(result).toMatchObject({ ok: true, text: "It is 42." });
    const told = JSON.parse(upstream.requests[1]?.toolResults[0]?.content ?? "{}");
    expect(told.error.code).toBe("VALIDATION_ERROR");
    expect(told.error.details.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ pointer: "/a" })]),
    );
  });

  it("an unknown tool is NOT_FOUND with a did-you-mean in the names the model knows", async () => {
    upstream.script = (request) =>
      request.toolResults.length === 0
        ? { toolCalls: [{ name: "math__calculater", arguments: { operation: "add", a: 1, b: 2 } }] }
        : { text: request.toolResults[0]?.content ?? "" };
    const result = await runAgentOn(wb, { prompt: "1 + 2?", modelGroup: "main" });
    const step = result.steps[1] as ToolStep;
    expect(step.outcome).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND", details: { suggestions: ["math__calculator"] } },
    });
    expect(JSON.parse(result.text).error.hint).toContain("math__calculator");
    // Never reached a tool, yet it is in the run's trace.
    const trace = await wb.tracing.store.get(result.traceId as string);
    expect(trace?.observations.find((o) => o.type === "tool")).toMatchObject({
      name: "math__calculater",
      level: "ERROR",
      metadata: { errorCode: "NOT_FOUND" },
    });
  });

  it("several calls in one message all run (read-only ones side by side) and answer in order", async () => {
    slowSpans.length = 0;
    upstream.script = (request) =>
      request.toolResults.length === 0
        ? {
            toolCalls: [
              { name: "test__slow", arguments: { label: "first" }, id: "c1" },
              { name: "math__calculator", arguments: { operation: "add", a: 2, b: 3 }, id: "c2" },
              { name: "test__slow", arguments: { label: "second" }, id: "c3" },
            ],
          }
        : { text: request.toolResults.map((r) => `${r.id}=${r.content}`).join(" ") };
    const result = await runAgentOn(wb, { prompt: "go", modelGroup: "main" });
    expect(result.text).toBe("c1=first c2=5 c3=second");
    const [a, b] = slowSpans.sort((x, y) => x.start - y.start);
    // The second started before the first ended: they overlapped.
    expect(b?.start ?? Number.POSITIVE_INFINITY).toBeLessThan(a?.end ?? 0);
  });

  it("stops at maxSteps without running the last turn's calls", async () => {
    upstream.script = () => ({
      toolCalls: [{ name: "math__calculator", arguments: { operation: "add", a: 1, b: 1 } }],
    });
    const result = await runAgentOn(wb, { prompt: "loop", modelGroup: "main", maxSteps: 3 });
    expect(result).toMatchObject({
      ok: false,
      stoppedBecause: "max-steps",
      error: { code: "MAX_STEPS" },
    });
    expect(result.steps.map((s) => s.kind)).toEqual([
      "generation",
      "tool",
      "generation",
      "tool",
      "generation",
    ]);
    expect(upstream.requests).toHaveLength(3);
  });

  it("stops at maxCostUsd, counting LLM and tool costs", async () => {
    upstream.script = () => ({ toolCalls: [{ name: "test__paid", arguments: {} }] });
    const result = await runAgentOn(wb, { prompt: "spend", modelGroup: "main", maxCostUsd: 0.05 });
    expect(result).toMatchObject({
      ok: false,
      stoppedBecause: "max-cost",
      error: { code: "MAX_COST" },
    });
    // 0.02 + 0.01 = 0.03 < 0.05, then 0.05: stop before the second call runs.
    expect(result.steps.map((s) => s.kind)).toEqual(["generation", "tool", "generation"]);
    expect(result.cost.tools).toBeCloseTo(0.01, 9);
    expect(result.cost.total).toBeCloseTo(2 * GENERATION_COST + 0.01, 9);
  });

  it("cancellation mid-run stops the running tool and the run", async () => {
    upstream.script = (request) =>
      request.toolResults.length === 0
        ? { toolCalls: [{ name: "test__wait", arguments: {} }] }
        : { text: "should not be asked" };
    const controller = new AbortController();
    onWaitStarted = () => controller.abort();
    const result = await runAgentOn(wb, {
      prompt: "wait",
      modelGroup: "main",
      signal: controller.signal,
    });
    onWaitStarted = () => undefined;
    expect(result).toMatchObject({ ok: false, stoppedBecause: "cancelled" });
    expect((result.steps[1] as ToolStep).outcome).toMatchObject({
      ok: false,
      error: { code: "CANCELLED" },
    });
    expect(upstream.requests).toHaveLength(1);
  });

  it("a refused @file/write leaves no file; the model is told it was refused", async () => {
    upstream.script = (request) =>
      request.toolResults.length === 0
        ? { toolCalls: [{ name: "file__write", arguments: { path: "out.txt", content: "hi" } }] }
        : { text: request.toolResults[0]?.content ?? "" };
    for (const approval of ["readonly", "none"] as const) {
      const result = await runAgentOn(wb, { prompt: "write", modelGroup: "main", approval });
      expect(result.ok).toBe(true);
      expect(result.text).toContain("refused by the user");
      expect(result.steps[1]).toMatchObject({ tool: "@file/write", approval: "refused-by-policy" });
      expect(existsSync(path.join(workspace, "out.txt"))).toBe(false);
    }
    const asked: string[] = [];
    const refused = await runAgentOn(wb, {
      prompt: "write",
      modelGroup: "main",
      approver: async (request) => {
        asked.push(request.tool);
        return "refuse";
      },
    });
    expect(asked).toEqual(["@file/write"]);
    expect(refused.steps[1]).toMatchObject({ approval: "refused" });
    expect(existsSync(path.join(workspace, "out.txt"))).toBe(false);
    const approved = await runAgentOn(wb, {
      prompt: "write",
      modelGroup: "main",
      approver: async () => "approve",
    });
    expect(approved.steps[1]).toMatchObject({ approval: "approved", outcome: { ok: true } });
    expect(existsSync(path.join(workspace, "out.txt"))).toBe(true);
  });

  it("a fallback mid-run shows in the generation that fell back", async () => {
    upstream.script = (request) => {
      if (request.model === "scripted-flaky" && request.index > 0)
        return { status: 500, message: "flaky is down" };
      return calculatorScript(request);
    };
    // Request 0 (flaky) asks for the tool; the second turn fails on flaky and main answers.
    const result = await runAgentOn(wb, { prompt: "6 × 7?", modelGroup: "flaky" });
    expect(result).toMatchObject({ ok: true, text: "6 times 7 is 42." });
    const [ask, , answer] = result.steps as GenerationStep[];
    expect(ask).toMatchObject({ answeredBy: "flaky", attemptedFallbacks: 0 });
    expect(answer).toMatchObject({
      modelGroup: "flaky",
      answeredBy: "main",
      deployment: "main-1",
      attemptedFallbacks: 1,
    });
    expect(answer?.attempts.at(0)?.outcome).not.toBe("ok");
    const trace = await wb.tracing.store.get(result.traceId as string);
    const generations = trace?.observations.filter((o) => o.type === "generation") ?? [];
    expect(generations[1]?.metadata).toMatchObject({ answeredBy: "main", attemptedFallbacks: 1 });
  });
});
