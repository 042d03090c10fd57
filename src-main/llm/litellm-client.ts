/**
 * Proxy mode: one request to LiteLLM through the `openai` SDK (its retries off, so only LiteLLM
 * retries), and what happened read from LiteLLM's response headers: the deployment that answered
 * (`x-litellm-model-id`), its group and base, the retries and fallbacks it attempted, the cost.
 * The body's `model` is not used to detect a fallback: recent LiteLLM overwrites it with the
 * requested name.
 */
import { performance } from "node:perf_hooks";
import { redactSecrets } from "./attempt-failure.ts";
import { type ChatClients, callChat } from "./chat-endpoint.ts";
import type { BackendRequest, CompletionErrorCode, CompletionResult, LLMAttempt } from "./types.ts";

/** How long one request to LiteLLM may take; LiteLLM applies the config's own timeouts inside. */
const PROXY_TIMEOUT_MS = 15 * 60_000;

/** LiteLLM's response headers that the result reports. */
export const LITELLM_HEADERS = {
  modelId: "x-litellm-model-id",
  apiBase: "x-litellm-model-api-base",
  modelGroup: "x-litellm-model-group",
  modelName: "x-litellm-model-name",
  retries: "x-litellm-attempted-retries",
  fallbacks: "x-litellm-attempted-fallbacks",
  cost: "x-litellm-response-cost",
} as const;

export class LiteLLMClient {
  constructor(
    readonly baseUrl: string,
    private readonly apiKey: string | undefined,
    private readonly clients: ChatClients,
  ) {}

  /** Sends one request to LiteLLM; never throws. */
  async complete(request: BackendRequest, started: number): Promise<CompletionResult> {
    const { modelGroup } = request;
    const result = await callChat(this.clients.get(this.baseUrl, this.apiKey), {
      model: modelGroup,
      messages: request.messages,
      timeoutMs: PROXY_TIMEOUT_MS,
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.maxTokens !== undefined ? { maxTokens: request.maxTokens } : {}),
      ...(request.json ? { json: true } : {}),
      ...(request.tools ? { tools: request.tools } : {}),
      ...(request.simulateFailure ? { extraBody: { mock_testing_fallbacks: true } } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });
    const latencyMs = performance.now() - started;
    const retries = intHeader(result.headers, LITELLM_HEADERS.retries);
    const fallbacks = intHeader(result.headers, LITELLM_HEADERS.fallbacks);

    if (result.ok) {
      const headers = result.headers;
      const deployment = headers.get(LITELLM_HEADERS.modelId) ?? "unknown";
      const answeredBy = headers.get(LITELLM_HEADERS.modelGroup) ?? modelGroup;
      const apiBase = headers.get(LITELLM_HEADERS.apiBase);
      const attempts: LLMAttempt[] = [];
      if (fallbacks > 0) {
        // LiteLLM says how many fallbacks it took, not which deployments failed before them.
        attempts.push({
          deployment: `group:${modelGroup}`,
          modelGroup,
          apiBase: this.baseUrl,
          outcome: request.simulateFailure ? "simulated" : "failed",
          error: request.simulateFailure
            ? "simulated failure (LiteLLM's mock_testing_fallbacks)"
            : `failed in LiteLLM${fallbacks > 1 ? `, then ${fallbacks - 1} more fallback group(s)` : ""} (LiteLLM's log says why)`,
          ms: null,
        });
      }
      const model = headers.get(LITELLM_HEADERS.modelName);
      attempts.push({
        deployment,
        modelGroup: answeredBy,
        ...(model ? { model } : {}),
        apiBase: apiBase ?? this.baseUrl,
        outcome: "ok",
        ms: latencyMs,
      });
      return {
        ok: true,
        mode: "proxy",
        modelGroup,
        deployment,
        answeredBy,
        model: headers.get(LITELLM_HEADERS.modelName) ?? answeredBy,
        ...(apiBase ? { apiBase } : {}),
        text: result.text,
        ...(result.toolCalls.length > 0 ? { toolCalls: result.toolCalls } : {}),
        ...(result.finishReason ? { finishReason: result.finishReason } : {}),
        attempts,
        attemptedRetries: retries,
        attemptedFallbacks: fallbacks,
        usage: result.usage,
        cost: floatHeader(headers, LITELLM_HEADERS.cost),
        latencyMs,
      };
    }

    const message = redactSecrets(result.message, this.apiKey ? [this.apiKey] : []);
    const code = failureCode(result.outcome, result.status, message);
    const attempts: LLMAttempt[] = [
      {
        deployment: `group:${modelGroup}`,
        modelGroup,
        apiBase: this.baseUrl,
        outcome: result.outcome,
        error: message,
        ...(result.status !== undefined ? { status: result.status } : {}),
        ms: latencyMs,
      },
    ];
    return {
      ok: false,
      mode: "proxy",
      modelGroup,
      error: {
        code,
        message: failureMessage(code, modelGroup, this.baseUrl, message, retries, fallbacks),
        attempts,
        ...hintFor(code),
      },
      latencyMs,
    };
  }
}

function failureCode(
  outcome: LLMAttempt["outcome"],
  status: number | undefined,
  message: string,
): CompletionErrorCode {
  if (outcome === "cancelled") return "CANCELLED";
  if (outcome === "refused" || outcome === "connection_error" || outcome === "timeout")
    return status === undefined ? "LITELLM_UNREACHABLE" : "ALL_ATTEMPTS_FAILED";
  // Without a database LiteLLM answers any key but its master key with 400 "No connected db.".
  if (status === 401 || status === 403 || (status === 400 && /no connected db/i.test(message)))
    return "LITELLM_AUTH";
  if (status === 400 && /invalid model name|model.*not found|no deployments/i.test(message))
    return "UNKNOWN_MODEL_GROUP";
  if (status !== undefined && (status >= 500 || status === 429 || status === 408))
    return "ALL_ATTEMPTS_FAILED";
  return "LITELLM_ERROR";
}

function failureMessage(
  code: CompletionErrorCode,
  modelGroup: string,
  baseUrl: string,
  message: string,
  retries: number,
  fallbacks: number,
): string {
  switch (code) {
    case "LITELLM_UNREACHABLE":
      return `LiteLLM at ${baseUrl} did not answer: ${message}`;
    case "ALL_ATTEMPTS_FAILED": {
      const counts =
        retries > 0 || fallbacks > 0 ? ` after ${retries} retries and ${fallbacks} fallbacks` : "";
      return `every attempt for ${modelGroup} failed in LiteLLM${counts}: ${message}`;
    }
    case "UNKNOWN_MODEL_GROUP":
      return `LiteLLM has no model group ${JSON.stringify(modelGroup)}: ${message}`;
    default:
      return `LiteLLM refused the request for ${modelGroup}: ${message}`;
  }
}

function hintFor(code: CompletionErrorCode): { hint?: string } {
  switch (code) {
    case "LITELLM_UNREACHABLE":
      return { hint: "start LiteLLM (litellm --config litellm_config.yaml) or use direct mode" };
    case "LITELLM_AUTH":
      return {
        hint: "set LITELLM_API_KEY to LiteLLM's master key (LITELLM_MASTER_KEY), or to a virtual key when LiteLLM has a database",
      };
    case "UNKNOWN_MODEL_GROUP":
      return { hint: "agentic llm models lists the groups" };
    default:
      return {};
  }
}

function intHeader(headers: Headers | undefined, name: string): number {
  const n = Number.parseInt(headers?.get(name) ?? "", 10);
  return Number.isFinite(n) && n >= 0 ? n : 0;
}

function floatHeader(headers: Headers | undefined, name: string): number {
  const n = Number.parseFloat(headers?.get(name) ?? "");
  return Number.isFinite(n) && n >= 0 ? n : 0;
}
