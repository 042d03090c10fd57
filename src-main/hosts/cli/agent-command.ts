/**
 * `agentic agent run --model GROUP [--tools PATTERN]... [--max-steps N] [--max-cost USD]
 * [--approve none|readonly|all] [--system TEXT] [--simulate-failure] [--json] PROMPT`.
 * In a terminal, calls of tools that write are asked about one by one; without one, the policy
 * decides (readonly: refused). Steps go to stderr as they happen, the answer to stdout, so
 * `agentic agent run … > answer.txt` keeps just the answer. Exit 0 on a final answer, 1 when the
 * run stopped otherwise, 2 for bad usage.
 */
import { createInterface } from "node:readline/promises";
import {
  AgentInputError,
  type AgentResult,
  type AgentStep,
  type ApprovalAnswer,
  type ApprovalPolicy,
  type ApprovalRequest,
  type Approver,
  runAgentOn,
} from "../../api/agent-service.ts";
import type { Workbench } from "../../api/workbench.ts";
import { EXIT, formatCost, formatMs, printError, printJson, UsageError } from "./output.ts";

/** The options commander hands over. */
export interface AgentRunOptions {
  model: string;
  tools?: string[];
  maxSteps?: string;
  maxCost?: string;
  approve?: string;
  system?: string;
  simulateFailure?: boolean;
  json?: boolean;
}

const POLICIES: readonly ApprovalPolicy[] = ["none", "readonly", "all"];

/** Runs the agent and prints the run. */
export async function agentRun(
  workbench: Workbench,
  prompt: string,
  options: AgentRunOptions,
): Promise<number> {
  const approval = (options.approve ?? "readonly") as ApprovalPolicy;
  if (!POLICIES.includes(approval)) {
    throw new UsageError(`--approve must be none, readonly or all, not ${options.approve}`);
  }
  const maxSteps = numberOption("--max-steps", options.maxSteps);
  const maxCostUsd = numberOption("--max-cost", options.maxCost);
  const controller = new AbortController();
  const onSigint = () => controller.abort(new Error("interrupted (Ctrl+C)"));
  process.once("SIGINT", onSigint);
  let result: AgentResult;
  try {
    result = await runAgentOn(workbench, {
      prompt,
      modelGroup: options.model,
      ...(options.tools && options.tools.length > 0 ? { tools: options.tools } : {}),
      ...(maxSteps !== undefined ? { maxSteps } : {}),
      ...(maxCostUsd !== undefined ? { maxCostUsd } : {}),
      approval,
      ...(process.stdin.isTTY && approval === "readonly"
        ? { approver: terminalApprover(controller) }
        : {}),
      ...(options.system ? { system: options.system } : {}),
      ...(options.simulateFailure ? { simulateFailure: true } : {}),
      signal: controller.signal,
      ...(options.json ? {} : { onStep: (step) => process.stderr.write(`${renderStep(step)}\n`) }),
    });
  } catch (error) {
    if (error instanceof AgentInputError) throw new UsageError(error.message, error.hint);
    throw error;
  } finally {
    process.off("SIGINT", onSigint);
  }

  if (options.json) {
    printJson(result);
  } else {
    if (result.ok) process.stdout.write(`${result.text}\n`);
    else if (result.error)
      printError(`${result.error.code}: ${result.error.message}`, result.error.hint);
    process.stderr.write(`${renderSummary(result)}\n`);
  }
  if (result.ok) return EXIT.ok;
  const code = result.error?.code;
  return code === "UNKNOWN_MODEL_GROUP" || code === "CONFIG_ERROR" ? EXIT.usage : EXIT.toolFailed;
}

function numberOption(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n) || n < 0) {
    throw new UsageError(`${flag} must be a number ≥ 0, not ${JSON.stringify(raw)}`);
  }
  return n;
}

/**
 * Asks on the terminal: y (this call), n (refuse), a (this and every later call of the run).
 * Ctrl+C at the question cancels the run (readline would otherwise swallow it).
 */
function terminalApprover(controller: AbortController): Approver {
  return async (request: ApprovalRequest): Promise<ApprovalAnswer> => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    rl.on("SIGINT", () => controller.abort(new Error("interrupted (Ctrl+C)")));
    try {
      const kind = request.destructive ? "may overwrite or delete" : "writes";
      const answer = await rl.question(
        `? ${request.tool} ${kind}: ${JSON.stringify(request.params)}\n  allow? [y]es / [n]o / [a]ll for this run: `,
        { signal: controller.signal },
      );
      const a = answer.trim().toLowerCase();
      return a === "a" || a === "all"
        ? "approve-all"
        : a === "y" || a === "yes"
          ? "approve"
          : "refuse";
    } finally {
      rl.close();
    }
  };
}

/** One line per step: who answered (tokens, cost), or the tool call and its outcome. */
export function renderStep(step: AgentStep): string {
  const n = `${step.index + 1}.`.padEnd(4);
  if (step.kind === "generation") {
    if (!step.ok) return `${n}✗ ${step.modelGroup}: ${step.error?.code} — ${step.error?.message}`;
    const fellBack =
      step.answeredBy !== step.modelGroup ? ` after ${step.modelGroup} failed (fallback)` : "";
    const asked =
      step.toolCalls.length > 0
        ? `asks for ${step.toolCalls.map((c) => c.tool ?? c.function).join(", ")}`
        : "answers";
    return `${n}${step.deployment} (${step.answeredBy}${fellBack}) ${asked} — ${step.usage.totalTokens} tokens, ${formatCost(step.cost)}, ${formatMs(step.latencyMs)}`;
  }
  const params = JSON.stringify(step.params) ?? "";
  const shown = params.length > 120 ? `${params.slice(0, 117)}…` : params;
  const outcome = step.outcome.ok
    ? `→ ${preview(step.outcome.value)}`
    : `✗ ${step.outcome.error.code}: ${step.outcome.error.message}`;
  const approval = step.approval === "not-needed" ? "" : ` [${step.approval}]`;
  return `${n}${step.tool} ${shown} ${outcome}${approval} (${formatMs(step.durationMs)}, ${formatCost(step.cost)})`;
}

function preview(value: unknown): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? "undefined");
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

function renderSummary(r: AgentResult): string {
  const status = r.ok ? "✓ final answer" : `✗ stopped: ${r.stoppedBecause}`;
  return (
    `${status} after ${r.steps.length} steps — ${r.usage.totalTokens} tokens, cost ${formatCost(r.cost.total)} ` +
    `(LLM ${formatCost(r.cost.llm)}, tools ${formatCost(r.cost.tools)})` +
    (r.traceId ? `, trace ${r.traceId}` : "")
  );
}
