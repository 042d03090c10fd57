/**
 * One model call of a run: the conversation so far and the tools offered go to the LLM proxy
 * (which retries and falls back), and the call is recorded twice — as a `generation` observation
 * in the run's trace (with the tools offered, the deployment that answered and every attempt, so
 * a fallback shows where it happened) and as a generation step of the result.
 */
import type {
  AgentFunctionTool,
  AgentMessage,
  AgentModel,
  AgentTrace,
  GenerationStep,
  ModelResult,
} from "./types.ts";

/** What one turn needs. */
export interface ModelTurn {
  model: AgentModel;
  modelGroup: string;
  messages: AgentMessage[];
  functions: AgentFunctionTool[];
  /** Function name → our tool name, to say in each step which tool a call means. */
  names: Record<string, string>;
  trace: AgentTrace | undefined;
  simulateFailure: boolean;
  signal: AbortSignal | undefined;
}

/** Asks the model once; never throws. */
export async function askModel(
  turn: ModelTurn,
): Promise<{ result: ModelResult; step: Omit<GenerationStep, "index"> }> {
  const { modelGroup } = turn;
  const observation = turn.trace?.startObservation(`llm ${modelGroup}`, "generation", {
    // A copy: the conversation grows after this call.
    messages: [...turn.messages],
    tools: turn.functions.map((f) => f.function.name),
  });
  const result = await turn.model.complete({
    modelGroup,
    messages: turn.messages,
    ...(turn.functions.length > 0 ? { tools: turn.functions } : {}),
    ...(turn.simulateFailure ? { simulateFailure: true } : {}),
    ...(turn.signal ? { signal: turn.signal } : {}),
  });
  if (!result.ok) {
    const { code, message, hint, attempts } = result.error;
    observation?.end({
      level: "ERROR",
      statusMessage: message,
      metadata: { modelGroup, mode: result.mode, errorCode: code, attempts },
    });
    return {
      result,
      step: {
        kind: "generation",
        ok: false,
        modelGroup,
        mode: result.mode,
        attempts,
        attemptedRetries: 0,
        attemptedFallbacks: 0,
        usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
        cost: 0,
        latencyMs: result.latencyMs,
        text: "",
        toolCalls: [],
        error: { code, message, ...(hint ? { hint } : {}) },
      },
    };
  }
  const toolCalls = (result.toolCalls ?? []).map((c) => ({
    id: c.id,
    function: c.name,
    ...(turn.names[c.name] ? { tool: turn.names[c.name] } : {}),
    arguments: c.arguments,
  }));
  observation?.end({
    output: { text: result.text, ...(toolCalls.length > 0 ? { toolCalls } : {}) },
    metadata: {
      model: result.model,
      deployment: result.deployment,
      modelGroup,
      answeredBy: result.answeredBy,
      mode: result.mode,
      cost: result.cost,
      usage: {
        input: result.usage.promptTokens,
        output: result.usage.completionTokens,
        total: result.usage.totalTokens,
      },
      attempts: result.attempts,
      attemptedRetries: result.attemptedRetries,
      attemptedFallbacks: result.attemptedFallbacks,
      ...(result.finishReason ? { finishReason: result.finishReason } : {}),
    },
  });
  return {
    result,
    step: {
      kind: "generation",
      ok: true,
      modelGroup,
      mode: result.mode,
      deployment: result.deployment,
      answeredBy: result.answeredBy,
      model: result.model,
      attempts: result.attempts,
      attemptedRetries: result.attemptedRetries,
      attemptedFallbacks: result.attemptedFallbacks,
      usage: result.usage,
      cost: result.cost,
      latencyMs: result.latencyMs,
      text: result.text,
      toolCalls,
      ...(result.finishReason ? { finishReason: result.finishReason } : {}),
    },
  };
}
