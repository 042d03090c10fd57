/**
 * Runs the tool calls of one model message: each is mapped back to an offered tool, its arguments
 * parsed, approved when it writes, and invoked through the registry (validation, plugin host,
 * timeouts, tracing, history with origin `agent`). Read-only calls start at once and run side by
 * side; a call that needs approval waits for those, is asked about, and runs alone — so the user
 * is asked one thing at a time and writes keep the model's order. Steps come back in call order.
 */
import type { RegisteredTool } from "../core/protocol.ts";
import type { InvocationResult } from "../core/result.ts";
import { suggestNames } from "../core/suggestions.ts";
import { type ApprovalGate, approved, needsApproval, refusal } from "./approval.ts";
import type {
  AgentToolbox,
  AgentToolCall,
  AgentTrace,
  ApprovalOutcome,
  ApprovalPolicy,
  ToolStep,
} from "./types.ts";

/** A tool step before it has its place in the run. */
export type ToolOutcome = Omit<ToolStep, "index">;

/** What running a batch of calls needs. */
export interface ToolCallContext {
  toolbox: AgentToolbox;
  /** Function name (as offered to the model) → tool. */
  offered: Map<string, RegisteredTool>;
  gate: ApprovalGate;
  policy: ApprovalPolicy;
  trace: AgentTrace | undefined;
  signal: AbortSignal | undefined;
}

type Prepared =
  | { call: AgentToolCall; tool: RegisteredTool; params: unknown }
  | { call: AgentToolCall; failed: ToolOutcome };

/** Runs `calls` (see the module comment); never throws. */
export async function runToolCalls(
  calls: AgentToolCall[],
  ctx: ToolCallContext,
): Promise<ToolOutcome[]> {
  const outcomes: Promise<ToolOutcome>[] = [];
  let running: Promise<ToolOutcome>[] = [];
  for (const call of calls) {
    const prepared = prepare(call, ctx);
    if ("failed" in prepared) {
      record(ctx, prepared.failed);
      outcomes.push(Promise.resolve(prepared.failed));
      continue;
    }
    const { tool, params } = prepared;
    if (!needsApproval(tool)) {
      const started = invoke(ctx, call, tool, params, "not-needed");
      outcomes.push(started);
      running.push(started);
      continue;
    }
    await Promise.all(running);
    running = [];
    if (ctx.signal?.aborted) {
      // Nobody is asked about a call of a run that is being cancelled.
      const cancelled = unrun(call, tool.metadata.name, params, {
        code: "CANCELLED",
        message: `${tool.metadata.name}: the run was cancelled before this call was approved`,
      });
      record(ctx, cancelled);
      outcomes.push(Promise.resolve(cancelled));
      continue;
    }
    const decision = await ctx.gate.decide(tool, {
      tool: tool.metadata.name,
      description: tool.metadata.description,
      params,
      callId: call.id,
      readOnly: tool.metadata.annotations?.readOnly === true,
      destructive: tool.metadata.annotations?.destructive === true,
    });
    if (!approved(decision)) {
      const refused: ToolOutcome = {
        kind: "tool",
        callId: call.id,
        tool: tool.metadata.name,
        params,
        outcome: { ok: false, error: refusal(tool.metadata.name, decision, ctx.policy) },
        durationMs: 0,
        cost: 0,
        approval: decision,
      };
      record(ctx, refused);
      outcomes.push(Promise.resolve(refused));
      continue;
    }
    const done = invoke(ctx, call, tool, params, decision);
    outcomes.push(done);
    await done;
  }
  return Promise.all(outcomes);
}

/** Maps the function name back and parses the arguments; a failure here never reaches a tool. */
function prepare(call: AgentToolCall, ctx: ToolCallContext): Prepared {
  const tool = ctx.offered.get(call.name);
  if (!tool) {
    const suggestions = suggestNames(call.name, ctx.offered.keys());
    return {
      call,
      failed: unrun(call, call.name, call.arguments, {
        code: "NOT_FOUND",
        message: `no tool named ${JSON.stringify(call.name)} among the tools offered`,
        details: { suggestions },
        hint:
          suggestions.length > 0
            ? `did you mean ${suggestions.join(", ")}?`
            : `the tools offered are ${[...ctx.offered.keys()].join(", ") || "none"}`,
      }),
    };
  }
  if (call.arguments.trim() === "") return { call, tool, params: {} };
  try {
    return { call, tool, params: JSON.parse(call.arguments) };
  } catch (error) {
    const reason = (error as Error).message;
    return {
      call,
      failed: unrun(call, tool.metadata.name, call.arguments, {
        code: "VALIDATION_ERROR",
        message: `${tool.metadata.name}: the arguments are not valid JSON: ${reason}`,
        details: { problems: [{ pointer: "", rule: "json", message: reason }] },
        hint: "send the arguments as one JSON object matching the tool's parameters",
      }),
    };
  }
}

function unrun(
  call: AgentToolCall,
  tool: string,
  params: unknown,
  error: Extract<ToolStep["outcome"], { ok: false }>["error"],
): ToolOutcome {
  return {
    kind: "tool",
    callId: call.id,
    tool,
    params,
    outcome: { ok: false, error },
    durationMs: 0,
    cost: 0,
    approval: "not-needed",
  };
}

async function invoke(
  ctx: ToolCallContext,
  call: AgentToolCall,
  tool: RegisteredTool,
  params: unknown,
  approval: ApprovalOutcome,
): Promise<ToolOutcome> {
  const result: InvocationResult = await ctx.toolbox.invoke(tool.metadata.name, params, {
    origin: "agent",
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(ctx.trace ? { traceParent: ctx.trace.parent } : {}),
  });
  const outcome: ToolOutcome = {
    kind: "tool",
    callId: call.id,
    tool: tool.metadata.name,
    params,
    outcome: result.ok ? { ok: true, value: result.value } : { ok: false, error: result.error },
    durationMs: result.durationMs,
    cost: result.cost,
    approval,
    invocationId: result.invocationId,
  };
  // A failure before the registry's middleware (too deeply nested parameters) has no trace yet.
  if (ctx.trace && result.traceId !== ctx.trace.traceId) record(ctx, outcome);
  return outcome;
}

/** Records a call the tracing middleware never saw, as a `tool` observation in the run's trace. */
function record(ctx: ToolCallContext, step: ToolOutcome): void {
  if (!ctx.trace) return;
  const error = step.outcome.ok ? undefined : step.outcome.error;
  ctx.trace.startObservation(step.tool, "tool", step.params).end({
    output: step.outcome.ok ? step.outcome.value : { error },
    ...(error ? { level: "ERROR" as const, statusMessage: error.message } : {}),
    metadata: {
      toolCallId: step.callId,
      approval: step.approval,
      cost: step.cost,
      ...(error ? { errorCode: error.code } : {}),
    },
  });
}
