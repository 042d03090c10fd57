/**
 * Where the agent runner meets the services it is handed (agent/ imports only core/): the LLM
 * proxy as its model, the registry plus the OpenAI tool export (with its reversible name map) as
 * its toolbox, and the tracing middleware, which opens the run's trace and nests the run's tool
 * invocations inside it.
 */
import {
  type AgentDeps,
  type AgentFunctionTool,
  AgentInputError,
  type AgentResult,
  type AgentRunInput,
  type AgentStep,
  type Approver,
  runAgent,
} from "../agent/index.ts";
import type { ToolRegistry } from "../core/registry.ts";
import { exportTools } from "../interop/tool-export.ts";
import type { LLMService } from "../llm/types.ts";
import type { TracingMiddleware } from "../tracing/tracing-middleware.ts";
import { CallError } from "./call-error.ts";
import type { AgentRunRequest } from "./contract.ts";

/** The parts of a workbench a run uses (a Workbench fits). */
export interface AgentHost {
  registry: ToolRegistry;
  llm: LLMService;
  tracing: { tracing: Pick<TracingMiddleware, "startTrace"> };
}

/** The runner's ports over a workbench's services. */
export function agentDeps(host: AgentHost): AgentDeps {
  return {
    model: host.llm,
    toolbox: {
      list: () => host.registry.list(),
      invoke: (name, params, options) => host.registry.invoke(name, params, options),
      toFunctions: (tools) => {
        const exported = exportTools(tools, "openai");
        return { tools: exported.tools as AgentFunctionTool[], names: exported.names };
      },
    },
    tracer: host.tracing.tracing,
  };
}

/** Runs an agent on a workbench (see agent/runner.ts). */
export function runAgentOn(host: AgentHost, input: AgentRunInput): Promise<AgentResult> {
  return runAgent(agentDeps(host), input);
}

export type {
  AgentResult,
  AgentRunInput,
  AgentStep,
  ApprovalAnswer,
  ApprovalPolicy,
  ApprovalRequest,
  Approver,
} from "../agent/index.ts";
// What hosts need of the runner, so they import the API layer only.
export { AgentInputError } from "../agent/index.ts";

/**
 * The API's `agentRun`: the request (its types checked by `dispatch`) as the runner's input, with
 * the host's approver (agent-approvals.ts). Input the runner refuses is thrown as a CallError
 * (VALIDATION_ERROR) whose message starts with the field, its hint kept apart;
 * its `cause` is the runner's AgentInputError, for an in-process host (the CLI).
 */
export async function runAgentRequest(
  host: AgentHost,
  request: AgentRunRequest,
  options: { signal: AbortSignal; onStep: (step: AgentStep) => void; approver?: Approver },
): Promise<AgentResult> {
  try {
    return await runRequest(host, request, options);
  } catch (error) {
    if (!(error instanceof AgentInputError)) throw error;
    throw Object.assign(
      new CallError("VALIDATION_ERROR", `${error.field}: ${error.message}`, {
        field: error.field,
        ...(error.hint ? { hint: error.hint } : {}),
      }),
      { cause: error },
    );
  }
}

function runRequest(
  host: AgentHost,
  request: AgentRunRequest,
  options: { signal: AbortSignal; onStep: (step: AgentStep) => void; approver?: Approver },
): Promise<AgentResult> {
  const { runId: _runId, askForApproval: _ask, ...input } = request;
  return runAgentOn(host, {
    ...input,
    signal: options.signal,
    onStep: options.onStep,
    ...(options.approver ? { approver: options.approver } : {}),
  });
}
