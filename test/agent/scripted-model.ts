/**
 * A scripted OpenAI-compatible upstream that stands in for a model in the agent tests: it speaks
 * POST /v1/chat/completions (node:http on 127.0.0.1) and answers whatever the test's script says
 * — `tool_calls` first, then a final answer that depends on the tool results it received, or an
 * HTTP failure, or no answer at all. It is reached through the real LiteLLM proxy (an `openai/`
 * deployment whose `api_base` is this server) or directly (direct mode).
 */
import { startLoopbackJsonServer } from "../helpers/loopback-json-server.ts";

/** One message of a request, as the API spells it. */
export interface WireMessage {
  role: string;
  content: string | null;
  tool_call_id?: string;
  tool_calls?: { id: string; function: { name: string; arguments: string } }[];
}

/** What the script sees of one request. */
export interface ScriptedRequest {
  /** The model name the request asked for (`scripted-main` …). */
  model: string;
  messages: WireMessage[];
  /** The function names offered. */
  tools: string[];
  /** The `tool` messages, in order. */
  toolResults: { id: string; content: string }[];
  /** 0-based position of this request among those in `requests` (clear it to start again). */
  index: number;
}

/** What the script answers. */
export type ScriptedReply =
  | {
      text?: string;
      toolCalls?: { name: string; arguments: unknown; id?: string }[];
      usage?: { prompt_tokens: number; completion_tokens: number };
    }
  | { status: number; message?: string }
  | { hang: true };

export type Script = (request: ScriptedRequest) => ScriptedReply;

export interface ScriptedModel {
  /** http://127.0.0.1:PORT */
  url: string;
  script: Script;
  requests: ScriptedRequest[];
  close(): Promise<void>;
}

/** Tokens a reply reports unless it says otherwise. */
export const SCRIPTED_USAGE = { prompt_tokens: 10, completion_tokens: 5 };

export async function startScriptedModel(script: Script): Promise<ScriptedModel> {
  const model: ScriptedModel = { url: "", script, requests: [], close: async () => {} };
  const server = await startLoopbackJsonServer((raw, _req, res) => {
    const body = raw as {
      model?: string;
      messages?: WireMessage[];
      tools?: { function: { name: string } }[];
    };
    const messages = body.messages ?? [];
    const request: ScriptedRequest = {
      model: String(body.model ?? ""),
      messages,
      tools: (body.tools ?? []).map((t) => t.function.name),
      toolResults: messages
        .filter((m) => m.role === "tool")
        .map((m) => ({ id: m.tool_call_id ?? "", content: String(m.content ?? "") })),
      index: model.requests.length,
    };
    model.requests.push(request);
    let reply: ScriptedReply;
    try {
      reply = model.script(request);
    } catch (error) {
      reply = { status: 500, message: `the test's script threw: ${(error as Error).message}` };
    }
    if ("hang" in reply) return;
    res.writeHead("status" in reply ? reply.status : 200, {
      "content-type": "application/json",
    });
    if ("status" in reply) {
      res.end(
        JSON.stringify({ error: { message: reply.message ?? `failing with ${reply.status}` } }),
      );
      return;
    }
    const usage = reply.usage ?? SCRIPTED_USAGE;
    const toolCalls = (reply.toolCalls ?? []).map((c, i) => ({
      id: c.id ?? `call_${request.index}_${i}`,
      type: "function",
      function: {
        name: c.name,
        arguments: typeof c.arguments === "string" ? c.arguments : JSON.stringify(c.arguments),
      },
    }));
    res.end(
      JSON.stringify({
        id: `chatcmpl-${request.index}`,
        object: "chat.completion",
        created: 1,
        model: request.model,
        choices: [
          {
            index: 0,
            finish_reason: toolCalls.length > 0 ? "tool_calls" : "stop",
            message: {
              role: "assistant",
              content: reply.text ?? (toolCalls.length > 0 ? null : ""),
              ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
            },
          },
        ],
        usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
      }),
    );
  });
  model.url = server.url;
  model.close = server.close;
  return model;
}

/** The calculator script: multiply 6 by 7 with the tool, then say what it returned. */
export const calculatorScript: Script = (request) => {
  const result = request.toolResults.at(-1);
  if (!result) {
    return {
      toolCalls: [{ name: "math__calculator", arguments: { operation: "multiply", a: 6, b: 7 } }],
    };
  }
  return { text: `6 times 7 is ${result.content}.` };
};

/** A model config for LiteLLM and direct mode alike, every deployment served by `url`. */
export function scriptedConfig(url: string): string {
  const deployment = (group: string, extra = "") => `
  - model_name: ${group}
    litellm_params:
      model: openai/scripted-${group}
      api_base: "${url}/v1"
      api_key: sk-upstream-never-shown
      max_retries: 0
      input_cost_per_token: 0.001
      output_cost_per_token: 0.002${extra}
    model_info: { id: ${group}-1 }`;
  return `
model_list:${deployment("main")}${deployment("flaky")}
router_settings:
  num_retries: 0
  fallbacks: [{ flaky: [main] }]
general_settings:
  dangerously_allow_mock_testing_request_params: true
`;
}
