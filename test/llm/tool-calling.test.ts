/**
 * Tool calling in the LLM layer (direct mode; the agent tests drive it through the real LiteLLM
 * too): `tools` go out as OpenAI function definitions, assistant tool calls and `tool` answers go
 * out in the API's shape, and an answer's `tool_calls` come back as `toolCalls` with its
 * `finishReason`. A scripted OpenAI-compatible upstream (test/agent/scripted-model.ts) stands in
 * for the model.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseLLMConfig } from "../../src-main/llm/config.ts";
import { LLMProxy } from "../../src-main/llm/llm-proxy.ts";
import type {
  CompletionSuccess,
  GenerationInfo,
  LLMFunctionTool,
} from "../../src-main/llm/types.ts";
import { type ScriptedModel, scriptedConfig, startScriptedModel } from "../agent/scripted-model.ts";
import { closedPort } from "./fake-openai-server.ts";

const CALCULATOR: LLMFunctionTool = {
  type: "function",
  function: {
    name: "math__calculator",
    description: "Arithmetic.",
    parameters: { type: "object", properties: { a: { type: "number" } } },
  },
};

describe("tool calling, direct mode", () => {
  let upstream: ScriptedModel;
  let proxy: LLMProxy;
  const generations: GenerationInfo[] = [];

  beforeAll(async () => {
    upstream = await startScriptedModel(() => ({ text: "plain" }));
    proxy = new LLMProxy({
      config: parseLLMConfig(scriptedConfig(upstream.url), "test.yaml", "flag", {}),
      mode: "direct",
      litellmBaseUrl: `http://127.0.0.1:${await closedPort()}`,
      env: {},
      observers: [{ onGeneration: (info) => generations.push(info) }],
    });
  });

  afterAll(async () => {
    await upstream?.close();
  });

  it("sends the tools and returns the calls the model asked for", async () => {
    upstream.script = () => ({
      toolCalls: [{ name: "math__calculator", arguments: { a: 1 }, id: "call_x" }],
    });
    const result = (await proxy.complete({
      modelGroup: "main",
      prompt: "1?",
      tools: [CALCULATOR],
    })) as CompletionSuccess;
    expect(result).toMatchObject({
      ok: true,
      text: "",
      finishReason: "tool_calls",
      toolCalls: [{ id: "call_x", name: "math__calculator", arguments: '{"a":1}' }],
    });
    expect(upstream.requests.at(-1)?.tools).toEqual(["math__calculator"]);
    expect(generations.at(-1)?.toolCalls).toEqual(result.toolCalls);
  });

  it("sends an assistant's calls and the tool answers in the API's shape", async () => {
    upstream.script = () => ({ text: "it is 1" });
    const result = await proxy.complete({
      modelGroup: "main",
      tools: [CALCULATOR],
      messages: [
        { role: "user", content: "1?" },
        {
          role: "assistant",
          content: "",
          toolCalls: [{ id: "call_x", name: "math__calculator", arguments: '{"a":1}' }],
        },
        { role: "tool", toolCallId: "call_x", content: "1" },
      ],
    });
    expect(result).toMatchObject({ ok: true, text: "it is 1" });
    expect(result.ok && "finishReason" in result).toBe(false);
    expect(result.ok && "toolCalls" in result).toBe(false);
    expect(upstream.requests.at(-1)?.messages.slice(1)).toEqual([
      {
        role: "assistant",
        content: null,
        tool_calls: [
          {
            id: "call_x",
            type: "function",
            function: { name: "math__calculator", arguments: '{"a":1}' },
          },
        ],
      },
      { role: "tool", tool_call_id: "call_x", content: "1" },
    ]);
  });

  it("a tool call without a function name is a malformed answer, and falls back", async () => {
    upstream.script = (request) =>
      request.model === "scripted-flaky"
        ? { toolCalls: [{ name: "", arguments: {} }] }
        : { text: "from main" };
    const result = await proxy.complete({ modelGroup: "flaky", prompt: "hi", tools: [CALCULATOR] });
    expect(result).toMatchObject({ ok: true, text: "from main", answeredBy: "main" });
    expect(result.ok && result.attempts[0]).toMatchObject({
      deployment: "flaky-1",
      outcome: "malformed",
      error: expect.stringContaining("tool_calls[0] has no function.name"),
    });
  });
});
