/**
 * The agent runner: a model uses the registry's tools through the LLM proxy. Each turn asks the
 * model (with the tools as function definitions); each tool call it makes runs through the
 * registry — validated, approved where it writes, traced, costed — and every result, failures
 * included, goes back to it as a `tool` message so it can correct itself. A run stops at a final
 * answer, `maxSteps` model calls, `maxCostUsd`, cancellation, or an LLM failure the proxy's
 * retries and fallbacks could not save. The whole run is one trace.
 */
import { randomUUID } from "node:crypto";
import { AgentInputError } from "./agent-input-error.ts";
import { ApprovalGate } from "./approval.ts";
import { askModel } from "./model-turn.ts";
import { runToolCalls } from "./tool-calls.ts";
import { toolMessage } from "./tool-message.ts";
import { selectTools } from "./tool-selection.ts";
import type {
  AgentDeps,
  AgentMessage,
  AgentResult,
  AgentRunInput,
  AgentStep,
  ModelUsage,
  StopReason,
} from "./types.ts";

/** Model calls a run makes at most unless told otherwise. */
export const DEFAULT_MAX_STEPS = 10;

/** Runs one agent loop; throws AgentInputError for input it cannot run, else never throws. */
export async function runAgent(deps: AgentDeps, input: AgentRunInput): Promise<AgentResult> {
  const maxSteps = checkInput(input);
  const policy = input.approval ?? "readonly";
  const offered = selectTools(deps.toolbox.list(), input.tools);
  const { tools: functions, names } = deps.toolbox.toFunctions(offered);
  const byName = new Map(offered.map((t) => [t.metadata.name, t]));
  const offeredByFunction = new Map(
    Object.entries(names).flatMap(([fn, ours]) => {
      const tool = byName.get(ours);
      return tool ? [[fn, tool] as const] : [];
    }),
  );
  const trace = deps.tracer?.startTrace({
    name: "agent",
    runId: randomUUID(),
    input: {
      prompt: input.prompt,
      ...(input.system ? { system: input.system } : {}),
      modelGroup: input.modelGroup,
      tools: offered.map((t) => t.metadata.name),
      maxSteps,
      ...(input.maxCostUsd !== undefined ? { maxCostUsd: input.maxCostUsd } : {}),
      approval: policy,
    },
  });
  const gate = new ApprovalGate(policy, input.approver);
  const messages: AgentMessage[] = [
    ...(input.system ? [{ role: "system" as const, content: input.system }] : []),
    { role: "user", content: input.prompt },
  ];
  const steps: AgentStep[] = [];
  const usage: ModelUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  const cost = { llm: 0, tools: 0, total: 0 };
  const add = (step: AgentStep) => {
    steps.push(step);
    input.onStep?.(step);
  };
  const overBudget = () => input.maxCostUsd !== undefined && cost.total >= input.maxCostUsd;
  const signal = input.signal;

  let stoppedBecause: StopReason;
  let text = "";
  let error: AgentResult["error"];
  try {
    for (let turn = 0; ; turn++) {
      if (signal?.aborted) {
        stoppedBecause = "cancelled";
        break;
      }
      const { result, step } = await askModel({
        model: deps.model,
        modelGroup: input.modelGroup,
        messages,
        functions,
        names,
        trace,
        // Only the first call: a run that fails over on every turn shows nothing new.
        simulateFailure: input.simulateFailure === true && turn === 0,
        signal,
      });
      add({ ...step, index: steps.length });
      cost.llm += step.cost;
      cost.total = cost.llm + cost.tools;
      usage.promptTokens += step.usage.promptTokens;
      usage.completionTokens += step.usage.completionTokens;
      usage.totalTokens += step.usage.totalTokens;
      if (!result.ok) {
        const cancelled = signal?.aborted === true || result.error.code === "CANCELLED";
        stoppedBecause = cancelled ? "cancelled" : "llm-error";
        error = step.error;
        break;
      }
      text = result.text;
      const calls = result.toolCalls ?? [];
      if (calls.length === 0) {
        stoppedBecause = "final-answer";
        break;
      }
      // Checked before the calls run: nothing runs whose result the model would never see.
      if (turn + 1 >= maxSteps) {
        stoppedBecause = "max-steps";
        break;
      }
      if (overBudget()) {
        stoppedBecause = "max-cost";
        break;
      }
      messages.push({ role: "assistant", content: result.text, toolCalls: calls });
      const outcomes = await runToolCalls(calls, {
        toolbox: deps.toolbox,
        offered: offeredByFunction,
        gate,
        policy,
        trace,
        signal,
      });
      for (const outcome of outcomes) {
        add({ ...outcome, index: steps.length });
        cost.tools += outcome.cost;
        messages.push(toolMessage(outcome));
      }
      cost.total = cost.llm + cost.tools;
      if (overBudget()) {
        stoppedBecause = "max-cost";
        break;
      }
    }
  } catch (thrown) {
    // A host callback (onStep, the approver's host) threw: the trace must not stay open.
    await trace?.end({
      level: "ERROR",
      statusMessage: `the run failed: ${(thrown as Error)?.message ?? String(thrown)}`,
      cost: cost.total,
    });
    throw thrown;
  }

  const ok = stoppedBecause === "final-answer";
  error ??= ok ? undefined : stopError(stoppedBecause, maxSteps, input.maxCostUsd, cost.total);
  await trace?.end({
    output: { text, stoppedBecause },
    ...(ok ? {} : { level: "ERROR" as const, statusMessage: error?.message ?? stoppedBecause }),
    metadata: {
      modelGroup: input.modelGroup,
      stoppedBecause,
      steps: steps.length,
      // Not `cost`: Langfuse adds up its observations' costs; the run's would count them twice.
      costs: cost,
      usage,
      ...(error ? { errorCode: error.code } : {}),
    },
    cost: cost.total,
  });
  return {
    ok,
    text,
    steps,
    usage,
    cost,
    stoppedBecause,
    ...(trace ? { traceId: trace.traceId } : {}),
    ...(error ? { error } : {}),
  };
}

/** The checked maxSteps; throws AgentInputError naming the field. */
function checkInput(input: AgentRunInput): number {
  if (typeof input.prompt !== "string" || input.prompt.trim() === "") {
    throw new AgentInputError("the prompt is empty", {
      field: "prompt",
      hint: "say what the agent should do",
    });
  }
  if (!input.modelGroup) {
    throw new AgentInputError("no model group", { field: "modelGroup", hint: "e.g. main" });
  }
  const maxSteps = input.maxSteps ?? DEFAULT_MAX_STEPS;
  if (!Number.isInteger(maxSteps) || maxSteps < 1) {
    throw new AgentInputError(`maxSteps must be a whole number ≥ 1, not ${input.maxSteps}`, {
      field: "maxSteps",
      hint: `leave it out for ${DEFAULT_MAX_STEPS}`,
    });
  }
  if (
    input.maxCostUsd !== undefined &&
    !(Number.isFinite(input.maxCostUsd) && input.maxCostUsd >= 0)
  ) {
    throw new AgentInputError(`maxCostUsd must be a number ≥ 0, not ${input.maxCostUsd}`, {
      field: "maxCostUsd",
      hint: "in USD, e.g. 0.05",
    });
  }
  if (input.approval !== undefined && !["none", "readonly", "all"].includes(input.approval)) {
    throw new AgentInputError(`unknown approval policy ${JSON.stringify(input.approval)}`, {
      field: "approval",
      hint: "none, readonly or all",
    });
  }
  return maxSteps;
}

function stopError(
  reason: StopReason,
  maxSteps: number,
  maxCostUsd: number | undefined,
  spent: number,
): AgentResult["error"] {
  switch (reason) {
    case "max-steps":
      return {
        code: "MAX_STEPS",
        message: `stopped after ${maxSteps} model calls without a final answer`,
        hint: "raise maxSteps (--max-steps N) or narrow the task",
      };
    case "max-cost":
      return {
        code: "MAX_COST",
        message: `stopped: the run has cost $${spent.toFixed(6)}, at or over the limit of $${maxCostUsd}`,
        hint: "raise maxCostUsd (--max-cost USD)",
      };
    case "cancelled":
      return { code: "CANCELLED", message: "the run was cancelled" };
    default:
      return undefined;
  }
}
