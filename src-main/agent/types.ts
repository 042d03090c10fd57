/**
 * The agent runner's surface: what a run is asked (AgentRunInput), what it returns (AgentResult
 * with its steps), and the ports it is handed — a model (the LLM proxy), a toolbox (the registry
 * plus the tool-definition export) and a tracer. The ports are structural: `agent/` imports only
 * `core/`, and the composition root (api/agent-service.ts) plugs the real services in.
 */
import type { ToolFailure } from "../core/errors.ts";
import type { TraceParent } from "../core/middleware.ts";
import type { RegisteredTool } from "../core/protocol.ts";
import type { InvokeOptions } from "../core/registry.ts";
import type { InvocationResult } from "../core/result.ts";

// ---------------------------------------------------------------- the model port (LLM proxy)

/** One function call a model asked for (the arguments still a JSON string). */
export interface AgentToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** A chat message, as the LLM proxy takes it. */
export interface AgentMessage {
  role: "system" | "user" | "assistant" | "tool";
  content: string;
  toolCalls?: AgentToolCall[];
  toolCallId?: string;
}

/** An OpenAI function definition. */
export interface AgentFunctionTool {
  type: "function";
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

/** One attempt at one deployment, as the proxy reports it. */
export interface ModelAttempt {
  deployment: string;
  modelGroup: string;
  model?: string;
  outcome: string;
  error?: string;
  status?: number;
  ms: number | null;
}

/** Token counts. */
export interface ModelUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/** What the runner asks the model. */
export interface ModelRequest {
  modelGroup: string;
  messages: AgentMessage[];
  tools?: AgentFunctionTool[];
  simulateFailure?: boolean;
  signal?: AbortSignal;
}

/** The proxy's answer (after its retries and fallbacks), or why there is none. */
export type ModelResult =
  | {
      ok: true;
      mode: string;
      modelGroup: string;
      deployment: string;
      answeredBy: string;
      model: string;
      text: string;
      toolCalls?: AgentToolCall[];
      finishReason?: string;
      attempts: ModelAttempt[];
      attemptedRetries: number;
      attemptedFallbacks: number;
      usage: ModelUsage;
      cost: number;
      latencyMs: number;
    }
  | {
      ok: false;
      mode: string;
      modelGroup: string;
      error: { code: string; message: string; attempts: ModelAttempt[]; hint?: string };
      latencyMs: number;
    };

/** The LLM proxy as the runner uses it (LLMProxy fits). */
export interface AgentModel {
  complete(request: ModelRequest): Promise<ModelResult>;
}

// ---------------------------------------------------------------- the toolbox port (registry)

/** The registry and the tool export, as the runner uses them. */
export interface AgentToolbox {
  list(): RegisteredTool[];
  invoke(name: string, params: unknown, options: InvokeOptions): Promise<InvocationResult>;
  /** The tools as OpenAI function definitions, and each function name mapped back to ours. */
  toFunctions(tools: RegisteredTool[]): {
    tools: AgentFunctionTool[];
    names: Record<string, string>;
  };
}

// ---------------------------------------------------------------- the tracer port

/** How a traced observation ended. */
export interface AgentObservationEnd {
  output?: unknown;
  level?: "DEFAULT" | "ERROR";
  statusMessage?: string;
  metadata?: Record<string, unknown>;
}

/** An open run trace (the tracing middleware's RunTrace fits). */
export interface AgentTrace {
  readonly traceId: string;
  /** Handed to each tool invocation, so it nests in this trace. */
  readonly parent: TraceParent;
  startObservation(
    name: string,
    type: "generation" | "tool",
    input?: unknown,
  ): { end(outcome?: AgentObservationEnd): void };
  end(outcome: AgentObservationEnd & { cost: number }): Promise<void>;
}

/** Opens one trace per run. */
export interface AgentTracer {
  startTrace(start: { name: string; input?: unknown; runId: string }): AgentTrace;
}

/** What a runner is built from. */
export interface AgentDeps {
  model: AgentModel;
  toolbox: AgentToolbox;
  /** Without one the run is not traced (its tool invocations still are, each on its own). */
  tracer?: AgentTracer;
}

// ---------------------------------------------------------------- approval

/**
 * Who decides about tools that write: `none` refuses every such call, `readonly` (the default)
 * asks the approver (and refuses when there is none), `all` approves every call.
 */
export type ApprovalPolicy = "none" | "readonly" | "all";

/** What the approver is asked. */
export interface ApprovalRequest {
  /** Our tool name, e.g. `@file/write`. */
  tool: string;
  description: string;
  params: unknown;
  /** The model's id for the call. */
  callId: string;
  readOnly: boolean;
  destructive: boolean;
}

/** The host's answer: this call, not this call, or this and every later call of the run. */
export type ApprovalAnswer = "approve" | "refuse" | "approve-all";

/** Asks the user (a terminal prompt, later the Agent view). */
export type Approver = (request: ApprovalRequest) => Promise<ApprovalAnswer>;

/** How a tool call got (or did not get) to run. */
export type ApprovalOutcome =
  /** Read-only: no approval needed. */
  | "not-needed"
  | "approved"
  /** Approved by an earlier `approve-all` answer. */
  | "approved-all"
  /** The `all` policy. */
  | "approved-by-policy"
  | "refused"
  /** The `none` policy, or `readonly` with no approver. */
  | "refused-by-policy";

// ---------------------------------------------------------------- a run

/** What a run is asked. */
export interface AgentRunInput {
  prompt: string;
  system?: string;
  /** The model group, e.g. `main`. */
  modelGroup: string;
  /**
   * The tools offered: all (the default, or `["*"]`), or patterns — a name (`@math/calculator`),
   * a scope (`@file` or `file`) or a glob (`@git/*`, `*read*`).
   */
  tools?: string[];
  /** Model calls at most (default 10). */
  maxSteps?: number;
  /** Stop once LLM and tool costs reach this many USD. */
  maxCostUsd?: number;
  approval?: ApprovalPolicy;
  approver?: Approver;
  signal?: AbortSignal;
  /** Make the first model call's first choice fail, to watch the fallback. */
  simulateFailure?: boolean;
  /** Told of each step as it is recorded (a host printing progress). */
  onStep?: (step: AgentStep) => void;
}

/** Why a run stopped. Only `final-answer` is a success. */
export type StopReason = "final-answer" | "max-steps" | "max-cost" | "cancelled" | "llm-error";

/** One model call. */
export interface GenerationStep {
  kind: "generation";
  index: number;
  ok: boolean;
  modelGroup: string;
  mode: string;
  /** The deployment that answered, and its group (differs from modelGroup after a fallback). */
  deployment?: string;
  answeredBy?: string;
  model?: string;
  attempts: ModelAttempt[];
  attemptedRetries: number;
  attemptedFallbacks: number;
  usage: ModelUsage;
  cost: number;
  latencyMs: number;
  text: string;
  /** The calls the model asked for: its function name and the tool it maps to. */
  toolCalls: { id: string; function: string; tool?: string; arguments: string }[];
  finishReason?: string;
  error?: { code: string; message: string; hint?: string };
}

/** One tool call. */
export interface ToolStep {
  kind: "tool";
  index: number;
  callId: string;
  /** Our name, or the function name the model used when it maps to no offered tool. */
  tool: string;
  /** The parsed arguments (the raw string when they were not JSON). */
  params: unknown;
  outcome: { ok: true; value: unknown } | { ok: false; error: ToolFailure | RefusalFailure };
  durationMs: number;
  cost: number;
  approval: ApprovalOutcome;
  invocationId?: string;
}

/** A call nobody approved; it never ran. */
export interface RefusalFailure {
  code: "REFUSED";
  message: string;
  hint?: string;
}

/** Any step. */
export type AgentStep = GenerationStep | ToolStep;

/** What a run returns. */
export interface AgentResult {
  /** True when the model gave a final answer. */
  ok: boolean;
  /** The final answer (else the model's last text, often empty). */
  text: string;
  steps: AgentStep[];
  usage: ModelUsage;
  /** USD. */
  cost: { llm: number; tools: number; total: number };
  stoppedBecause: StopReason;
  /** The run's trace in the local store (absent when the run was not traced). */
  traceId?: string;
  /** Why the run stopped, when it was not a final answer. */
  error?: { code: string; message: string; hint?: string };
}
