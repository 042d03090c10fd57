/**
 * The LLM proxy: one object per app, handed to tools as `ctx.services.llm`. It picks a mode —
 * `proxy` (LiteLLM at LITELLM_BASE_URL routes) or `direct` (the app routes from the same config) —
 * once, says which and why, and returns one result shape in both. Every completion is reported to
 * the observers (tracing records it as a `generation`).
 */
import { performance } from "node:perf_hooks";
import { describeThrown } from "../core/errors.ts";
import { type Logger, silentLogger } from "../core/logger.ts";
import { ChatClients } from "./chat-endpoint.ts";
import { type LLMConfig, LLMConfigError, loadLLMConfig, parseLLMConfig } from "./config.ts";
import { DirectRouter } from "./direct-router.ts";
import { LiteLLMClient } from "./litellm-client.ts";
import { type DeploymentHealth, deploymentHealth, litellmAnswers } from "./reachability.ts";
import type {
  CompletionFailure,
  CompletionRequest,
  CompletionResult,
  GenerationInfo,
  LLMConfigSource,
  LLMConfigView,
  LLMMessage,
  LLMModePreference,
  LLMModeStatus,
  LLMObserver,
  LLMOverview,
  LLMService,
  Reachability,
} from "./types.ts";

/** Where LiteLLM listens unless LITELLM_BASE_URL says otherwise. */
export const DEFAULT_LITELLM_BASE_URL = "http://localhost:4000";

/** Options of `new LLMProxy`. */
export interface LLMProxyOptions {
  /** The parsed config, or why it could not be read. */
  config: LLMConfig | { error: string; path: string };
  /** Something the user should know about the config choice (a workspace config left unused). */
  notice?: string;
  /** `auto` (default; AGENTIC_LLM_MODE overrides) probes LiteLLM once. */
  mode?: LLMModePreference;
  /** Default: LITELLM_BASE_URL, else http://localhost:4000. */
  litellmBaseUrl?: string;
  /** Default: LITELLM_API_KEY. Never leaves the main process. */
  litellmApiKey?: string;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  observers?: LLMObserver[];
  /** How long the LiteLLM probe waits. Default 1500 ms. */
  probeTimeoutMs?: number;
}

/** A config file to read; `text` is its content when the caller already read (and hashed) it. */
export interface ConfigFile {
  path: string;
  source: LLMConfigSource;
  text?: string;
}

/** Reads a config; never throws for a bad file (it becomes `{ error }`). */
async function readConfig(
  file: ConfigFile,
  env: NodeJS.ProcessEnv,
): Promise<LLMProxyOptions["config"]> {
  try {
    return file.text !== undefined
      ? parseLLMConfig(file.text, file.path, file.source, env)
      : await loadLLMConfig(file.path, file.source, env);
  } catch (error) {
    if (!(error instanceof LLMConfigError)) throw error;
    return { error: error.message, path: file.path };
  }
}

export class LLMProxy implements LLMService {
  /** Reads the config file (never throws: a bad file becomes `configError`) and builds the proxy. */
  static async fromConfigFile(
    file: ConfigFile,
    options: Omit<LLMProxyOptions, "config"> = {},
  ): Promise<LLMProxy> {
    return new LLMProxy({ ...options, config: await readConfig(file, options.env ?? process.env) });
  }

  /** Why the LLM config could not be used (unreadable or invalid file), or undefined. */
  get configProblem(): string | undefined {
    return this.configError;
  }

  readonly preference: LLMModePreference;
  readonly litellmBaseUrl: string;
  // Replaced (never mutated) when the user trusts a workspace config: see `switchConfigFile`.
  private config: LLMConfig | undefined;
  private configError: string | undefined;
  private notice: string | undefined;
  private readonly env: NodeJS.ProcessEnv;
  private readonly logger: Logger;
  private readonly observers = new Set<LLMObserver>();
  private readonly probeTimeoutMs: number;
  private readonly clients = new ChatClients();
  private readonly litellm: LiteLLMClient;
  private readonly litellmHasKey: boolean;
  private direct: DirectRouter | undefined;
  private modePromise: Promise<LLMModeStatus> | undefined;

  constructor(options: LLMProxyOptions) {
    this.env = options.env ?? process.env;
    this.logger = options.logger ?? silentLogger;
    this.setConfig(options.config, options.notice);
    const envMode = this.env.AGENTIC_LLM_MODE;
    this.preference =
      options.mode ??
      (envMode === "proxy" || envMode === "direct" || envMode === "auto" ? envMode : "auto");
    this.litellmBaseUrl = (
      options.litellmBaseUrl ??
      this.env.LITELLM_BASE_URL ??
      DEFAULT_LITELLM_BASE_URL
    ).replace(/\/+$/, "");
    const apiKey = options.litellmApiKey ?? (this.env.LITELLM_API_KEY || undefined);
    this.litellmHasKey = apiKey !== undefined;
    this.litellm = new LiteLLMClient(this.litellmBaseUrl, apiKey, this.clients);
    this.probeTimeoutMs = options.probeTimeoutMs ?? 1500;
    for (const observer of options.observers ?? []) this.observers.add(observer);
  }

  /**
   * Switches to another config file without a restart (a workspace config the user just trusted);
   * calls already running finish with the old one. `notice` replaces the old notice.
   */
  async switchConfigFile(file: ConfigFile, notice?: string): Promise<void> {
    this.setConfig(await readConfig(file, this.env), notice);
  }

  private setConfig(config: LLMProxyOptions["config"], notice: string | undefined): void {
    this.config = "error" in config ? undefined : config;
    this.configError = "error" in config ? config.error : undefined;
    this.notice = notice;
    this.direct = this.config ? new DirectRouter(this.config, this.clients, this.env) : undefined;
  }

  /** The config as read (no secrets), or null when it could not be read. */
  get configView(): LLMConfigView | null {
    return this.config?.view ?? null;
  }

  /** Adds an observer of every completion; returns the function that removes it. */
  addObserver(observer: LLMObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** The mode in use and why. `auto` probes LiteLLM on first use; `refresh` probes again. */
  modeStatus(options: { refresh?: boolean } = {}): Promise<LLMModeStatus> {
    if (options.refresh || !this.modePromise) this.modePromise = this.decideMode();
    return this.modePromise;
  }

  /** Mode, config, LiteLLM's and each deployment's reachability: what `llm models` and the UI show. */
  async overview(options: { refresh?: boolean } = {}): Promise<LLMOverview> {
    const [status, reachability] = await Promise.all([
      this.modeStatus(options),
      this.deploymentReachability(),
    ]);
    return {
      ...status,
      config: this.configView,
      ...(this.configError !== undefined ? { configError: this.configError } : {}),
      ...(this.notice !== undefined ? { configNotice: this.notice } : {}),
      reachability,
    };
  }

  /** Asks a model group; never throws. */
  async complete(request: CompletionRequest): Promise<CompletionResult> {
    const startTime = new Date();
    const started = performance.now();
    const messages = messagesOf(request);
    const status = await this.modeStatus();
    const routed = {
      modelGroup: request.modelGroup,
      messages,
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.maxTokens !== undefined ? { maxTokens: request.maxTokens } : {}),
      ...(request.json ? { json: true } : {}),
      ...(request.tools && request.tools.length > 0 ? { tools: request.tools } : {}),
      ...(request.simulateFailure ? { simulateFailure: true } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    };
    let result: CompletionResult;
    if (status.mode === "proxy") {
      result = await this.litellm.complete(routed, started);
    } else if (this.direct) {
      result = await this.direct.complete(routed, started);
    } else {
      result = {
        ok: false,
        mode: "direct",
        modelGroup: request.modelGroup,
        error: {
          code: "CONFIG_ERROR",
          message: this.configError ?? "no LLM config",
          attempts: [],
          hint: "fix the file, or pass another with --llm-config FILE or LITELLM_CONFIG",
        },
        latencyMs: performance.now() - started,
      };
    }
    this.notify(result, messages, startTime, request.caller);
    return result;
  }

  /**
   * The seed's `LLMProxy.completion(messages, model="main")`: asks the model group and resolves to
   * the answer's text. `messages` may be a prompt string. On failure (after the proxy's retries
   * and fallbacks) it throws an LLMCompletionError carrying the code, the attempts and a hint;
   * `complete` is the call that returns the full result instead.
   */
  async completion(messages: LLMMessage[] | string, model = "main"): Promise<string> {
    const result = await this.complete({
      modelGroup: model,
      ...(typeof messages === "string" ? { prompt: messages } : { messages }),
    });
    if (result.ok) return result.text;
    throw new LLMCompletionError(result);
  }

  private async decideMode(): Promise<LLMModeStatus> {
    const base = this.litellmBaseUrl;
    const litellm = (reachable: boolean) => ({
      baseUrl: base,
      reachable,
      hasApiKey: this.litellmHasKey,
    });
    const reachable = await litellmAnswers(base, this.probeTimeoutMs);
    if (this.preference === "proxy") {
      return {
        mode: "proxy",
        preference: "proxy",
        reason: reachable
          ? `proxy mode was asked for; LiteLLM answers at ${base}`
          : `proxy mode was asked for, but LiteLLM does not answer at ${base}`,
        litellm: litellm(reachable),
      };
    }
    if (this.preference === "direct") {
      return {
        mode: "direct",
        preference: "direct",
        reason: "direct mode was asked for: the app calls each deployment itself",
        litellm: litellm(reachable),
      };
    }
    return reachable
      ? {
          mode: "proxy",
          preference: "auto",
          reason: `LiteLLM answers at ${base}`,
          litellm: litellm(true),
        }
      : {
          mode: "direct",
          preference: "auto",
          reason: `LiteLLM does not answer at ${base}, so the app calls each deployment itself`,
          litellm: litellm(false),
        };
  }

  private async deploymentReachability(): Promise<Record<string, Reachability>> {
    const out: Record<string, Reachability> = {};
    const deployments = this.config?.view.groups.flatMap((g) => g.deployments) ?? [];
    const byBase = new Map<string, Promise<DeploymentHealth>>();
    await Promise.all(
      deployments.map(async (d) => {
        if (d.mockResponse !== undefined) {
          out[d.id] = "mock";
          return;
        }
        if (!d.apiBase) {
          out[d.id] = "unchecked";
          return;
        }
        const key = `${d.apiBase} ${d.model.startsWith("ollama/") ? "ollama" : "openai"}`;
        let probe = byBase.get(key);
        if (!probe) {
          probe = deploymentHealth(d.apiBase, d.model, this.probeTimeoutMs);
          byBase.set(key, probe);
        }
        out[d.id] = await probe;
      }),
    );
    return out;
  }

  private notify(
    result: CompletionResult,
    input: LLMMessage[],
    startTime: Date,
    caller: CompletionRequest["caller"],
  ): void {
    if (this.observers.size === 0) return;
    const info: GenerationInfo = result.ok
      ? {
          mode: result.mode,
          modelGroup: result.modelGroup,
          deployment: result.deployment,
          model: result.model,
          input,
          output: result.text,
          ...(result.toolCalls ? { toolCalls: result.toolCalls } : {}),
          usage: result.usage,
          cost: result.cost,
          startTime,
          endTime: new Date(startTime.getTime() + result.latencyMs),
          latencyMs: result.latencyMs,
          ok: true,
          attempts: result.attempts,
          ...(caller ? { caller } : {}),
        }
      : {
          mode: result.mode,
          modelGroup: result.modelGroup,
          input,
          cost: 0,
          startTime,
          endTime: new Date(startTime.getTime() + result.latencyMs),
          latencyMs: result.latencyMs,
          ok: false,
          error: { code: result.error.code, message: result.error.message },
          attempts: result.error.attempts,
          ...(caller ? { caller } : {}),
        };
    for (const observer of this.observers) {
      try {
        observer.onGeneration(info);
      } catch (error) {
        this.logger.error("an LLM observer threw", { error: describeThrown(error) });
      }
    }
  }
}

function messagesOf(request: CompletionRequest): LLMMessage[] {
  const messages: LLMMessage[] = [];
  if (request.system) messages.push({ role: "system", content: request.system });
  messages.push(...(request.messages ?? []));
  if (request.prompt !== undefined) messages.push({ role: "user", content: request.prompt });
  return messages;
}

/** Thrown by `completion` when no deployment answered; `failure` is the full result. */
export class LLMCompletionError extends Error {
  readonly code: CompletionFailure["error"]["code"];
  readonly hint: string | undefined;
  constructor(readonly failure: CompletionFailure) {
    super(`${failure.modelGroup}: ${failure.error.message}`);
    this.name = "LLMCompletionError";
    this.code = failure.error.code;
    this.hint = failure.error.hint;
  }
}
