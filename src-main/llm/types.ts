/**
 * The LLM proxy's public surface as plain types: the config as the UI shows it, a completion
 * request, its result (one shape in proxy and direct mode), the backend status, and the observer
 * hook tracing attaches to. Types only, so the API contract can re-export them to the renderer.
 * Nothing here ever holds an API key: deployments say only whether they have one.
 */

/** `proxy`: requests go to a LiteLLM proxy, which routes. `direct`: the app calls each deployment. */
export type LLMMode = "proxy" | "direct";

/** What the caller asked for: a fixed mode, or `auto` (probe LiteLLM once, say which). */
export type LLMModePreference = LLMMode | "auto";

/** One deployment of a model group (one `model_list` entry of litellm_config.yaml). */
export interface LLMDeployment {
  /** `model_info.id`, else `<group>-<n>` (1-based position in the group). */
  id: string;
  /** The model group (`model_name`) this deployment serves. */
  modelGroup: string;
  /** `litellm_params.model`, e.g. `ollama/qwen2.5:32b`. */
  model: string;
  /** The provider prefix of `model` (`ollama`, `openai`, ...). */
  provider: string;
  /** The base URL the deployment is called at, when the config sets one (or the provider has a local default). */
  apiBase?: string;
  /** Whether an API key is configured (the key itself never leaves the main process). */
  hasApiKey: boolean;
  /** `litellm_params.mock_response`: the deployment answers this without calling anything. */
  mockResponse?: string;
  /** Per-request timeout in ms, from `litellm_params.timeout` or the router's. */
  timeoutMs: number;
  /** USD per input token (`input_cost_per_token`), 0 when not configured. */
  inputCostPerToken: number;
  /** USD per output token (`output_cost_per_token`), 0 when not configured. */
  outputCostPerToken: number;
}

/** A model group: its deployments and the groups it falls back to, in order. */
export interface LLMModelGroup {
  name: string;
  deployments: LLMDeployment[];
  /** `router_settings.fallbacks` for this group (else `default_fallbacks`). */
  fallbacks: string[];
}

/** The config file as read, without secrets. */
export interface LLMConfigView {
  /** The file it came from. */
  path: string;
  /** Why this file: `--llm-config`, `LITELLM_CONFIG`, the workspace's, or the app's own. */
  source: LLMConfigSource;
  groups: LLMModelGroup[];
  /** Retries per model group before falling back (`router_settings.num_retries`). */
  numRetries: number;
  /** Minimum wait between retries in ms (`router_settings.retry_after`). */
  retryAfterMs: number;
  /** Whether `general_settings.dangerously_allow_mock_testing_request_params` is on (LiteLLM needs it for simulated failures). */
  allowMockTestingParams: boolean;
}

/** Where the config path came from. */
export type LLMConfigSource = "flag" | "env" | "workspace" | "app";

/** A chat message. */
export interface LLMMessage {
  role: "system" | "user" | "assistant" | "tool";
  /** The text; may be empty on an assistant message that only asks for tool calls. */
  content: string;
  /** An assistant message's tool calls (sent as OpenAI `tool_calls`). */
  toolCalls?: LLMToolCall[];
  /** A `tool` message: the id of the call it answers (`tool_call_id`). */
  toolCallId?: string;
}

/** One function call a model asked for. */
export interface LLMToolCall {
  /** The model's id for the call; the `tool` message answering it repeats it. */
  id: string;
  /** The function's name as offered (an external name, e.g. `math__calculator`). */
  name: string;
  /** The arguments as the model wrote them: a JSON string, not yet parsed or checked. */
  arguments: string;
}

/** A function the model may call (an OpenAI Chat Completions `tools` entry). */
export interface LLMFunctionTool {
  type: "function";
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

/** One completion request. */
export interface CompletionRequest {
  /** The model group to ask, e.g. `main` or `fast`. */
  modelGroup: string;
  /** The user prompt; sent after `system` and `messages`. */
  prompt?: string;
  /** A system message, sent first. */
  system?: string;
  /** Earlier messages of the conversation. */
  messages?: LLMMessage[];
  temperature?: number;
  maxTokens?: number;
  /** Ask for a JSON object (`response_format: { type: "json_object" }`). */
  json?: boolean;
  /** Functions the model may call; its answer then may carry `toolCalls` instead of text. */
  tools?: LLMFunctionTool[];
  /**
   * Make the first choice fail so the fallback can be watched: proxy mode sends LiteLLM's
   * `mock_testing_fallbacks: true`; direct mode skips the first deployment as failed.
   */
  simulateFailure?: boolean;
  /** Aborts the call (and every retry still to come). */
  signal?: AbortSignal;
  /** The tool invocation that made the call, for tracing. */
  caller?: { toolName: string; invocationId: string };
}

/** How one attempt ended. Everything but `ok` and `client_error` is retried, then falls back. */
export type AttemptOutcome =
  | "ok"
  /** Nothing listens at the deployment's address (ECONNREFUSED). */
  | "refused"
  /** Another network failure (reset, DNS, TLS). */
  | "connection_error"
  | "timeout"
  /** HTTP 429. */
  | "rate_limited"
  /** HTTP 5xx. */
  | "server_error"
  /** The body was not a chat completion (bad JSON, no choices). */
  | "malformed"
  /** HTTP 4xx other than 408/429: not retried, falls back. */
  | "client_error"
  /** The provider cannot be called in direct mode. */
  | "unsupported"
  /** Failed on purpose (`simulateFailure`). */
  | "simulated"
  /** Failed inside LiteLLM, which does not say how (proxy mode). */
  | "failed"
  | "cancelled";

/** One attempt at one deployment (or, in proxy mode, at a group LiteLLM tried). */
export interface LLMAttempt {
  /** Deployment id; in proxy mode `group:<name>` when LiteLLM does not say which deployment failed. */
  deployment: string;
  modelGroup: string;
  /** The model the attempt asked for (`litellm_params.model`), when known. */
  model?: string;
  /** The API base the attempt went to (LiteLLM's own URL for a failure inside the proxy). */
  apiBase?: string;
  outcome: AttemptOutcome;
  /** Why it failed, for a person; absent when it succeeded. */
  error?: string;
  /** HTTP status, when there was a response. */
  status?: number;
  /** Time spent on the attempt; null when LiteLLM does not report it. */
  ms: number | null;
}

/** Token counts. */
export interface LLMUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/** A completion that succeeded. */
export interface CompletionSuccess {
  ok: true;
  mode: LLMMode;
  /** The group asked for. */
  modelGroup: string;
  /** The id of the deployment that answered. */
  deployment: string;
  /** The group of the deployment that answered (differs from `modelGroup` after a fallback). */
  answeredBy: string;
  /** The answering deployment's model, e.g. `ollama/qwen2.5:32b`. */
  model: string;
  /** The answering deployment's base URL, when known. */
  apiBase?: string;
  text: string;
  /** The function calls the model asked for (only when it asked for some). */
  toolCalls?: LLMToolCall[];
  /** The model's `finish_reason` when it is not a plain `stop` (`tool_calls`, `length`). */
  finishReason?: string;
  /** Every attempt, in order; the last one answered. */
  attempts: LLMAttempt[];
  /** Retries made (LiteLLM's `x-litellm-attempted-retries` in proxy mode). */
  attemptedRetries: number;
  /** Fallback groups tried (LiteLLM's `x-litellm-attempted-fallbacks` in proxy mode). */
  attemptedFallbacks: number;
  usage: LLMUsage;
  /** USD: LiteLLM's cost header, or tokens × the config's per-token costs. */
  cost: number;
  latencyMs: number;
}

/** Why a completion failed. */
export type CompletionErrorCode =
  /** Every deployment of the group and its fallbacks failed; `attempts` lists why. */
  | "ALL_ATTEMPTS_FAILED"
  /** No such model group (in the config, or in LiteLLM's). */
  | "UNKNOWN_MODEL_GROUP"
  /** Proxy mode, and LiteLLM did not answer. */
  | "LITELLM_UNREACHABLE"
  /** LiteLLM refused the key (set LITELLM_API_KEY). */
  | "LITELLM_AUTH"
  /** LiteLLM refused the request for another reason. */
  | "LITELLM_ERROR"
  /** The config file is missing or invalid. */
  | "CONFIG_ERROR"
  | "CANCELLED";

/** A completion that failed. */
export interface CompletionFailure {
  ok: false;
  mode: LLMMode;
  modelGroup: string;
  error: {
    code: CompletionErrorCode;
    message: string;
    attempts: LLMAttempt[];
    hint?: string;
  };
  latencyMs: number;
}

/** The result of `LLMProxy.complete`: never thrown, always one of these. */
export type CompletionResult = CompletionSuccess | CompletionFailure;

/** Whether something answers at an address. */
export type Reachability = "reachable" | "unhealthy" | "unreachable" | "mock" | "unchecked";

/** Which mode is used and why. */
export interface LLMModeStatus {
  mode: LLMMode;
  /** What was asked for (`auto` probes LiteLLM once). */
  preference: LLMModePreference;
  /** Why this mode, for a person, e.g. "LiteLLM answers at http://localhost:4000". */
  reason: string;
  litellm: { baseUrl: string; reachable: boolean; hasApiKey: boolean };
}

/** Everything `agentic llm models` and the UI's LLM panel show. */
export interface LLMOverview extends LLMModeStatus {
  /** The config, or null when it could not be read (`configError` says why). */
  config: LLMConfigView | null;
  configError?: string;
  /**
   * Why the config in use is not the one expected: a workspace litellm_config.yaml that reads
   * environment variables and is not trusted yet, so the app's own config is used instead.
   */
  configNotice?: string;
  /** Per deployment id: whether its models route answers over HTTP (5xx: unhealthy). */
  reachability: Record<string, Reachability>;
}

/** What tracing receives for each completion (one `generation` observation). */
export interface GenerationInfo {
  mode: LLMMode;
  modelGroup: string;
  /** The answering deployment's id and model; absent on failure. */
  deployment?: string;
  model?: string;
  input: LLMMessage[];
  output?: string;
  /** The function calls the model asked for. */
  toolCalls?: LLMToolCall[];
  usage?: LLMUsage;
  cost: number;
  startTime: Date;
  endTime: Date;
  latencyMs: number;
  ok: boolean;
  error?: { code: CompletionErrorCode; message: string };
  attempts: LLMAttempt[];
  caller?: { toolName: string; invocationId: string };
}

/** A hook on every completion; called in the async context of the caller (so traces nest). */
export interface LLMObserver {
  onGeneration(info: GenerationInfo): void;
}

/** The LLM service as tools see it on `ctx.services.llm`. */
export interface LLMService {
  complete(request: CompletionRequest): Promise<CompletionResult>;
  overview(options?: { refresh?: boolean }): Promise<LLMOverview>;
}

/** A request as a backend (LiteLLM client or direct router) takes it: messages already built. */
export interface BackendRequest {
  modelGroup: string;
  messages: LLMMessage[];
  temperature?: number;
  maxTokens?: number;
  json?: boolean;
  tools?: LLMFunctionTool[];
  simulateFailure?: boolean;
  signal?: AbortSignal;
}
