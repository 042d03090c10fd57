/**
 * `@llm/complete` and `@llm/planner` through a registry, with the proxy in direct mode over a
 * local OpenAI-compatible server: cost reaches the invocation result, plans are checked against
 * the registry, and a failed completion is a TOOL_ERROR carrying the whole failure.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CalculatorTool } from "../../src-main/builtin/calculator.ts";
import { ToolRegistry } from "../../src-main/core/registry.ts";
import { parseLLMConfig } from "../../src-main/llm/config.ts";
import { llmTools } from "../../src-main/llm/index.ts";
import { LLMProxy } from "../../src-main/llm/llm-proxy.ts";
import { type Plan, parsePlan } from "../../src-main/llm/planner-tool.ts";
import type { CompletionSuccess, GenerationInfo } from "../../src-main/llm/types.ts";
import { closedPort, type FakeServer, startFakeServer } from "./fake-openai-server.ts";

let server: FakeServer;
let refused: number;

beforeAll(async () => {
  server = await startFakeServer({ kind: "ok", text: "unset" });
  refused = await closedPort();
});
afterAll(() => server.close());

function setup(): { registry: ToolRegistry; generations: GenerationInfo[] } {
  const generations: GenerationInfo[] = [];
  const llm = new LLMProxy({
    config: parseLLMConfig(
      `
model_list:
  - model_name: main
    litellm_params:
      model: openai/planner-model
      api_base: "${server.url}/v1"
      input_cost_per_token: 0.01
      output_cost_per_token: 0.1
    model_info: { id: main-1 }
  - model_name: down
    litellm_params: { model: openai/x, api_base: "http://127.0.0.1:${refused}/v1" }
    model_info: { id: down-1 }
`,
      "tools.yaml",
      "flag",
      {},
    ),
    mode: "direct",
    litellmBaseUrl: `http://127.0.0.1:${refused}`,
    env: {},
    observers: [{ onGeneration: (info) => generations.push(info) }],
  });
  const registry = new ToolRegistry({ services: { llm } });
  registry.register(new CalculatorTool());
  for (const tool of llmTools(registry)) registry.register(tool);
  return { registry, generations };
}

describe("@llm/complete", () => {
  it("returns the proxy's result and adds its cost to the invocation", async () => {
    server.behavior = { kind: "ok", text: "42", usage: { prompt_tokens: 2, completion_tokens: 1 } };
    const { registry, generations } = setup();
    const result = await registry.invoke("@llm/complete", { prompt: "6*7?", model: "main" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const value = result.value as CompletionSuccess;
    expect(value).toMatchObject({ ok: true, mode: "direct", deployment: "main-1", text: "42" });
    expect(result.cost).toBeCloseTo(2 * 0.01 + 1 * 0.1, 10);
    expect(generations[0]?.caller).toEqual({
      toolName: "@llm/complete",
      invocationId: result.invocationId,
    });
  });

  it("a failed completion is a TOOL_ERROR whose details carry the attempts", async () => {
    const { registry } = setup();
    const result = await registry.invoke("@llm/complete", { prompt: "hi", model: "down" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("TOOL_ERROR");
    expect(result.error.message).toMatch(/^@llm\/complete: ALL_ATTEMPTS_FAILED: /);
    expect(result.error.details?.llm).toMatchObject({
      ok: false,
      error: {
        code: "ALL_ATTEMPTS_FAILED",
        attempts: [{ deployment: "down-1", outcome: "refused" }],
      },
    });
  });

  it("without an LLM service the tool says the host has none", async () => {
    const registry = new ToolRegistry();
    for (const tool of llmTools(registry)) registry.register(tool);
    const result = await registry.invoke("@llm/complete", { prompt: "hi" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain("provides no LLM proxy");
  });
});

describe("@llm/planner", () => {
  it("asks `main` for a JSON plan showing the registered tools, and checks every step", async () => {
    server.behavior = {
      kind: "ok",
      text: `Here is the plan:\n\`\`\`json\n${JSON.stringify({
        steps: [
          {
            description: "multiply",
            tool: "@math/calculator",
            parameters: { operation: "multiply", a: 6, b: 7 },
          },
          {
            description: "divide by zero",
            tool: "@math/calculator",
            parameters: { operation: "divide", a: 1, b: 0 },
          },
          {
            description: "bad operation",
            tool: "@math/calculator",
            parameters: { operation: "pow", a: 1, b: 2 },
          },
          { description: "made-up tool", tool: "@math/calculater", parameters: {} },
          { description: "think about it", tool: null, parameters: null },
        ],
      })}\n\`\`\``,
    };
    const { registry } = setup();
    const before = server.requests.length;
    const result = await registry.invoke("@llm/planner", {
      task: "compute 6*7",
      context: { note: "integers" },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const plan = result.value as Plan;
    expect(plan).toMatchObject({
      task: "compute 6*7",
      valid: false,
      modelGroup: "main",
      deployment: "main-1",
    });
    expect(plan.steps.map((s) => [s.index, s.tool, s.status])).toEqual([
      [1, "@math/calculator", "ok"],
      [2, "@math/calculator", "ok"], // schema-valid: division by zero is the calculator's to refuse at run time
      [3, "@math/calculator", "invalid_parameters"],
      [4, "@math/calculater", "unknown_tool"],
      [5, undefined, "no_tool"],
    ]);
    expect(plan.steps[2]?.problems?.[0]).toMatchObject({ pointer: "/operation" });
    expect(plan.steps[3]).toMatchObject({
      suggestions: ["@math/calculator"],
      problem: "no registered tool is named @math/calculater (did you mean @math/calculator?)",
    });
    expect(result.cost).toBeGreaterThan(0);
    expect(result.cost).toBe(plan.cost);

    const sent = server.requests[before]?.body as {
      model: string;
      messages: { role: string; content: string }[];
      response_format?: unknown;
    };
    expect(sent.model).toBe("planner-model");
    expect(sent.response_format).toEqual({ type: "json_object" });
    expect(sent.messages[0]?.content).toContain("@math/calculator");
    expect(sent.messages[0]?.content).not.toContain("@llm/planner");
    expect(sent.messages[1]?.content).toContain('"note": "integers"');
  });

  it("an answer that is no JSON plan fails with the answer in details", async () => {
    server.behavior = { kind: "ok", text: "I would rather not." };
    const { registry } = setup();
    const result = await registry.invoke("@llm/planner", { task: "x" });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toContain("did not answer with a JSON plan");
    expect(result.error.details).toMatchObject({ answer: "I would rather not." });
    expect(result.cost).toBeGreaterThanOrEqual(0);
  });

  it("parsePlan takes bare arrays, fenced objects and text around them", () => {
    expect(parsePlan('[{"tool":"@a/b"}]')).toEqual([{ tool: "@a/b" }]);
    expect(parsePlan('sure! {"steps": [{"description": "x"}]} done')).toEqual([
      { description: "x" },
    ]);
    expect(parsePlan("no plan")).toBeNull();
  });
});
