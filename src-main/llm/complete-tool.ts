/** `@llm/complete`: a prompt and a model group in, the LLM proxy's result out. */
import { defineTool } from "../core/define-tool.ts";
import { ToolError } from "../core/errors.ts";
import type { ToolContext } from "../core/protocol.ts";
import type { CompletionFailure, LLMService } from "./types.ts";

/** The LLM service from a tool's context, or a ToolError saying the host has none. */
export function llmServiceOf(ctx: ToolContext): LLMService {
  const llm = ctx.services.llm as LLMService | undefined;
  if (!llm || typeof llm.complete !== "function") {
    throw new ToolError(`${ctx.toolName}: this host provides no LLM proxy (services.llm)`, {
      hint: "run it in the workbench or the agentic CLI, which create one from litellm_config.yaml",
    });
  }
  return llm;
}

/** The ToolError a failed completion becomes; `details.llm` holds the whole failure. */
export function completionError(failure: CompletionFailure): ToolError {
  return new ToolError(`${failure.error.code}: ${failure.error.message}`, {
    details: { llm: failure },
    ...(failure.error.hint !== undefined ? { hint: failure.error.hint } : {}),
  });
}

export const completeTool = defineTool({
  name: "@llm/complete",
  description:
    "Sends a prompt to a model group through the LLM proxy (LiteLLM, or direct calls) and returns the answer, the deployment that answered, every attempt, usage and cost.",
  deterministic: false,
  costPerInvocation: 0,
  version: "1.0.0",
  tags: ["llm"],
  timeoutMs: 600_000,
  annotations: { readOnly: true, destructive: false },
  parametersSchema: {
    type: "object",
    properties: {
      prompt: { type: "string", minLength: 1, description: "What to ask." },
      model: {
        type: "string",
        minLength: 1,
        default: "main",
        description: "The model group (litellm_config.yaml model_name), e.g. main or fast.",
      },
      system: { type: "string", description: "A system message sent before the prompt." },
      simulateFailure: {
        type: "boolean",
        default: false,
        description: "Make the first choice fail, to watch the fallback.",
      },
      temperature: { type: "number", minimum: 0, maximum: 2 },
      maxTokens: { type: "integer", minimum: 1 },
    },
    required: ["prompt"],
    additionalProperties: false,
  },
  async invoke(params, ctx) {
    const llm = llmServiceOf(ctx);
    const result = await llm.complete({
      modelGroup: params.model ?? "main",
      prompt: params.prompt,
      ...(params.system !== undefined ? { system: params.system } : {}),
      ...(params.simulateFailure ? { simulateFailure: true } : {}),
      ...(params.temperature !== undefined ? { temperature: params.temperature } : {}),
      ...(params.maxTokens !== undefined ? { maxTokens: params.maxTokens } : {}),
      signal: ctx.signal,
      caller: { toolName: ctx.toolName, invocationId: ctx.invocationId },
    });
    if (!result.ok) throw completionError(result);
    ctx.addCost(result.cost);
    return result;
  },
});
