/**
 * Direct mode: the app does LiteLLM's routing itself from the same config. For the requested group
 * and then each fallback group in order, it tries the group's deployments (in config order,
 * round-robin) up to 1 + num_retries times; a failure that is not worth retrying (a 4xx) moves on
 * to the next group at once. Every attempt is recorded.
 */
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { isRetryable, redactSecrets } from "./attempt-failure.ts";
import { type ChatClients, callChat } from "./chat-endpoint.ts";
import { type LLMConfig, resolveEnvReference } from "./config.ts";
import type {
  AttemptOutcome,
  BackendRequest,
  CompletionResult,
  CompletionSuccess,
  LLMAttempt,
  LLMDeployment,
  LLMFunctionTool,
  LLMMessage,
  LLMToolCall,
  LLMUsage,
} from "./types.ts";

/** Providers whose endpoint speaks the OpenAI chat API (LiteLLM's names). */
const OPENAI_COMPATIBLE = new Set([
  "openai",
  "custom_openai",
  "openai_like",
  "hosted_vllm",
  "lm_studio",
  "llamafile",
  "ollama",
  "ollama_chat",
]);

/** LiteLLM's `mock_response: "litellm.<Error>"` names, as the outcome direct mode records. */
const MOCK_ERRORS: Record<string, { outcome: AttemptOutcome; status?: number }> = {
  "litellm.InternalServerError": { outcome: "server_error", status: 500 },
  "litellm.ServiceUnavailableError": { outcome: "server_error", status: 503 },
  "litellm.RateLimitError": { outcome: "rate_limited", status: 429 },
  "litellm.Timeout": { outcome: "timeout" },
  "litellm.APIConnectionError": { outcome: "connection_error" },
  "litellm.BadRequestError": { outcome: "client_error", status: 400 },
};

/** The usage LiteLLM reports for a mock response; direct mode mirrors it. */
const MOCK_USAGE: LLMUsage = { promptTokens: 10, completionTokens: 20, totalTokens: 30 };

/** What a deployment answered. */
interface Answer {
  text: string;
  usage: LLMUsage;
  toolCalls?: LLMToolCall[];
  finishReason?: string;
}

interface Outcome {
  attempt: LLMAttempt;
  answer?: Answer;
}

export class DirectRouter {
  constructor(
    private readonly config: LLMConfig,
    private readonly clients: ChatClients,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Routes one request; never throws. */
  async complete(request: BackendRequest, started: number): Promise<CompletionResult> {
    const { view } = this.config;
    const groups = new Map(view.groups.map((g) => [g.name, g]));
    const requested = groups.get(request.modelGroup);
    if (!requested) {
      return {
        ok: false,
        mode: "direct",
        modelGroup: request.modelGroup,
        error: {
          code: "UNKNOWN_MODEL_GROUP",
          message: `no model group ${JSON.stringify(request.modelGroup)} in ${view.path}`,
          attempts: [],
          hint: `the groups are ${view.groups.map((g) => g.name).join(", ")}`,
        },
        latencyMs: performance.now() - started,
      };
    }
    const attempts: LLMAttempt[] = [];
    let retries = 0;
    const chain = [requested, ...requested.fallbacks.flatMap((name) => groups.get(name) ?? [])];
    for (const [position, group] of chain.entries()) {
      let deployments = group.deployments;
      if (position === 0 && request.simulateFailure) {
        const first = deployments[0] as LLMDeployment;
        attempts.push({
          deployment: first.id,
          modelGroup: group.name,
          model: first.model,
          ...(first.apiBase !== undefined ? { apiBase: first.apiBase } : {}),
          outcome: "simulated",
          error: "simulated failure of the first choice (simulateFailure)",
          ms: 0,
        });
        deployments = deployments.slice(1);
      }
      const tries = deployments.length === 0 ? 0 : 1 + view.numRetries;
      for (let attemptNo = 0; attemptNo < tries; attemptNo++) {
        if (attemptNo > 0) {
          retries++;
          if (view.retryAfterMs > 0) await sleep(view.retryAfterMs).catch(() => undefined);
        }
        if (request.signal?.aborted) return this.cancelled(request.modelGroup, attempts, started);
        const deployment = deployments[attemptNo % deployments.length] as LLMDeployment;
        const { attempt, answer } = await this.attempt(deployment, request);
        attempts.push(attempt);
        if (answer) {
          return this.success(request.modelGroup, deployment, answer, attempts, {
            retries,
            fallbacks: position,
            started,
          });
        }
        if (attempt.outcome === "cancelled")
          return this.cancelled(request.modelGroup, attempts, started);
        if (!isRetryable(attempt.outcome)) break;
      }
    }
    return {
      ok: false,
      mode: "direct",
      modelGroup: request.modelGroup,
      error: {
        code: "ALL_ATTEMPTS_FAILED",
        message: `every attempt for ${request.modelGroup} failed${
          chain.length > 1 ? ` (and its fallbacks ${requested.fallbacks.join(", ")})` : ""
        }, ${attempts.length} attempt${attempts.length === 1 ? "" : "s"}: ${summarize(attempts)}`,
        attempts,
        hint: "check that the deployments' servers run (agentic llm models shows which answer)",
      },
      latencyMs: performance.now() - started,
    };
  }

  private async attempt(
    deployment: LLMDeployment,
    request: {
      messages: LLMMessage[];
      temperature?: number;
      maxTokens?: number;
      json?: boolean;
      tools?: LLMFunctionTool[];
      signal?: AbortSignal;
    },
  ): Promise<Outcome> {
    const began = performance.now();
    const record = (
      outcome: AttemptOutcome,
      extra: { error?: string; status?: number } = {},
    ): LLMAttempt => ({
      deployment: deployment.id,
      modelGroup: deployment.modelGroup,
      model: deployment.model,
      ...(deployment.apiBase !== undefined ? { apiBase: deployment.apiBase } : {}),
      outcome,
      ...extra,
      ms: performance.now() - began,
    });

    if (deployment.mockResponse !== undefined) {
      const mockError = deployment.mockResponse.startsWith("litellm.")
        ? (MOCK_ERRORS[deployment.mockResponse] ?? { outcome: "server_error" as const })
        : undefined;
      if (mockError) {
        return {
          attempt: record(mockError.outcome, {
            error: `mock_response ${deployment.mockResponse}`,
            ...(mockError.status !== undefined ? { status: mockError.status } : {}),
          }),
        };
      }
      return {
        attempt: record("ok"),
        answer: { text: deployment.mockResponse, usage: MOCK_USAGE },
      };
    }

    const endpoint = this.endpoint(deployment);
    if ("unsupported" in endpoint) {
      return { attempt: record("unsupported", { error: endpoint.unsupported }) };
    }
    const apiKey = this.apiKey(deployment);
    const result = await callChat(this.clients.get(endpoint.baseURL, apiKey), {
      model: endpoint.model,
      messages: request.messages,
      timeoutMs: deployment.timeoutMs,
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.maxTokens !== undefined ? { maxTokens: request.maxTokens } : {}),
      ...(request.json ? { json: true } : {}),
      ...(request.tools ? { tools: request.tools } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });
    if (result.ok) {
      const { text, usage, toolCalls, finishReason } = result;
      return {
        attempt: record("ok"),
        answer: {
          text,
          usage,
          ...(toolCalls.length > 0 ? { toolCalls } : {}),
          ...(finishReason ? { finishReason } : {}),
        },
      };
    }
    return {
      attempt: record(result.outcome, {
        error: redactSecrets(result.message, apiKey ? [apiKey] : []),
        ...(result.status !== undefined ? { status: result.status } : {}),
      }),
    };
  }

  /** The OpenAI-compatible base URL and model name of a deployment. */
  private endpoint(
    deployment: LLMDeployment,
  ): { baseURL: string; model: string } | { unsupported: string } {
    const { provider, model, apiBase } = deployment;
    const name = model.includes("/") ? model.slice(model.indexOf("/") + 1) : model;
    if (!OPENAI_COMPATIBLE.has(provider)) {
      return {
        unsupported: `direct mode cannot call ${provider}/ models (only OpenAI-compatible endpoints); run LiteLLM for them`,
      };
    }
    if (provider === "ollama" || provider === "ollama_chat") {
      return { baseURL: `${apiBase}/v1`, model: name };
    }
    if (apiBase) return { baseURL: apiBase, model: name };
    if (provider === "openai") return { baseURL: "https://api.openai.com/v1", model: name };
    return { unsupported: `${provider}/ needs an api_base in direct mode` };
  }

  private apiKey(deployment: LLMDeployment): string | undefined {
    const reference = this.config.secrets.get(deployment.id);
    if (reference !== undefined) return resolveEnvReference(reference, this.env);
    // LiteLLM's own default for openai/ without a key.
    return deployment.provider === "openai" && !deployment.apiBase
      ? this.env.OPENAI_API_KEY
      : undefined;
  }

  private success(
    modelGroup: string,
    deployment: LLMDeployment,
    answer: Answer,
    attempts: LLMAttempt[],
    counts: { retries: number; fallbacks: number; started: number },
  ): CompletionSuccess {
    return {
      ok: true,
      mode: "direct",
      modelGroup,
      deployment: deployment.id,
      answeredBy: deployment.modelGroup,
      model: deployment.model,
      ...(deployment.apiBase !== undefined ? { apiBase: deployment.apiBase } : {}),
      text: answer.text,
      ...(answer.toolCalls ? { toolCalls: answer.toolCalls } : {}),
      ...(answer.finishReason ? { finishReason: answer.finishReason } : {}),
      attempts,
      attemptedRetries: counts.retries,
      attemptedFallbacks: counts.fallbacks,
      usage: answer.usage,
      cost:
        answer.usage.promptTokens * deployment.inputCostPerToken +
        answer.usage.completionTokens * deployment.outputCostPerToken,
      latencyMs: performance.now() - counts.started,
    };
  }

  private cancelled(modelGroup: string, attempts: LLMAttempt[], started: number): CompletionResult {
    return {
      ok: false,
      mode: "direct",
      modelGroup,
      error: { code: "CANCELLED", message: `the call to ${modelGroup} was cancelled`, attempts },
      latencyMs: performance.now() - started,
    };
  }
}

/** `a: refused ×3; b: HTTP 500: boom` — consecutive identical failures counted once. */
function summarize(attempts: LLMAttempt[]): string {
  const parts: { text: string; count: number }[] = [];
  for (const a of attempts) {
    const text = `${a.deployment}: ${a.error ?? a.outcome}`;
    const last = parts[parts.length - 1];
    if (last && last.text === text) last.count++;
    else parts.push({ text, count: 1 });
  }
  return parts.map((p) => (p.count > 1 ? `${p.text} ×${p.count}` : p.text)).join("; ");
}
