/**
 * One chat completion against one OpenAI-compatible endpoint through the `openai` SDK, with the
 * SDK's own retries off (the router decides about retries). Returns the text and usage, or a
 * classified failure; never throws.
 */
import type OpenAI from "openai";
import { type AttemptFailure, classifyFailure, MalformedResponseError } from "./attempt-failure.ts";
import { readToolCalls, toWireMessages } from "./chat-wire.ts";
import type { LLMFunctionTool, LLMMessage, LLMToolCall, LLMUsage } from "./types.ts";

/** What one call sends. */
export interface ChatCall {
  model: string;
  messages: LLMMessage[];
  temperature?: number;
  maxTokens?: number;
  json?: boolean;
  /** Functions the model may call. */
  tools?: LLMFunctionTool[];
  /** Extra body fields (LiteLLM's `mock_testing_fallbacks`). */
  extraBody?: Record<string, unknown>;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** A call that returned a chat completion. */
export interface ChatAnswer {
  ok: true;
  text: string;
  /** Empty unless the model asked for function calls. */
  toolCalls: LLMToolCall[];
  finishReason?: string;
  usage: LLMUsage;
  headers: Headers;
}

/** A call that failed. */
export interface ChatFailure extends AttemptFailure {
  ok: false;
}

/** The openai SDK, loaded on the first call: it takes ~0.3 s to import, which every start paid. */
type OpenAISdk = typeof import("openai");
let sdk: Promise<OpenAISdk> | undefined;
function loadSdk(): Promise<OpenAISdk> {
  sdk ??= import("openai");
  return sdk;
}

/** SDK clients, one per base URL and key, created on first use. */
export class ChatClients {
  private readonly clients = new Map<string, OpenAI>();

  async get(baseURL: string, apiKey: string | undefined): Promise<OpenAI> {
    const key = `${baseURL}\u0000${apiKey ?? ""}`;
    let client = this.clients.get(key);
    if (!client) {
      const { default: OpenAIClient } = await loadSdk();
      client = new OpenAIClient({
        baseURL,
        // The SDK insists on a key; local servers (Ollama, llama.cpp) ignore it.
        apiKey: apiKey ?? "no-key",
        maxRetries: 0,
      });
      this.clients.set(key, client);
    }
    return client;
  }
}

/** Sends one chat completion; never throws. */
export async function callChat(
  clientOrPending: OpenAI | Promise<OpenAI>,
  call: ChatCall,
): Promise<ChatAnswer | ChatFailure> {
  const client = await clientOrPending;
  const body: Record<string, unknown> = {
    model: call.model,
    messages: toWireMessages(call.messages),
    ...(call.tools && call.tools.length > 0 ? { tools: call.tools } : {}),
    ...(call.temperature !== undefined ? { temperature: call.temperature } : {}),
    ...(call.maxTokens !== undefined ? { max_tokens: call.maxTokens } : {}),
    ...(call.json ? { response_format: { type: "json_object" } } : {}),
    ...call.extraBody,
  };
  try {
    const { data, response } = await client.chat.completions
      .create(body as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming, {
        timeout: call.timeoutMs,
        ...(call.signal ? { signal: call.signal } : {}),
      })
      .withResponse();
    return { ok: true, ...readCompletion(data), headers: response.headers };
  } catch (thrown) {
    return { ok: false, ...classifyFailure(thrown, call.timeoutMs, await loadSdk()) };
  }
}

/** Checks that a 2xx body is a chat completion and takes its text, tool calls and usage. */
function readCompletion(data: unknown): {
  text: string;
  toolCalls: LLMToolCall[];
  finishReason?: string;
  usage: LLMUsage;
} {
  if (typeof data !== "object" || data === null) {
    throw new MalformedResponseError(
      `the body is not a chat completion: ${JSON.stringify(data).slice(0, 120)}`,
    );
  }
  const choices = (data as { choices?: unknown }).choices;
  const first = Array.isArray(choices)
    ? (choices[0] as { message?: unknown; finish_reason?: unknown })
    : undefined;
  const content = (first?.message as { content?: unknown } | undefined)?.content;
  const toolCalls = readToolCalls(first?.message);
  // Content is null when the model answers with tool calls only.
  if (typeof content !== "string" && !(toolCalls.length > 0 && content == null)) {
    throw new MalformedResponseError(
      "the body is not a chat completion: no choices[0].message.content string",
    );
  }
  const usage = (data as { usage?: Record<string, unknown> }).usage ?? {};
  const count = (value: unknown) =>
    typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : 0;
  const promptTokens = count(usage.prompt_tokens);
  const completionTokens = count(usage.completion_tokens);
  const finishReason = first?.finish_reason;
  return {
    text: typeof content === "string" ? content : "",
    toolCalls,
    // A plain `stop` is left out, so a text answer keeps the shape it always had.
    ...(typeof finishReason === "string" && finishReason !== "stop" ? { finishReason } : {}),
    usage: {
      promptTokens,
      completionTokens,
      totalTokens: count(usage.total_tokens) || promptTokens + completionTokens,
    },
  };
}
