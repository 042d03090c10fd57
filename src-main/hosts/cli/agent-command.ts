/**
 * `agentic agent run --model GROUP [--tools PATTERN]... [--max-steps N] [--max-cost USD]
 * [--approve none|readonly|all] [--system TEXT] [--simulate-failure] [--json] PROMPT`.
 * In a terminal, calls of tools that write are asked about one by one; without one, the policy
 * decides (readonly: refused). Steps go to stderr as they happen, the answer to stdout, so
 * `agentic agent run … > answer.txt` keeps just the answer. Exit 0 on a final answer, 1 when the
 * run stopped otherwise, 2 for bad usage. Over the Workbench API, as the UI's Agent view: `agentRun`,
 * its `agent-step` events, and each `agent-approval` event answered with `agentApprove`.
 */
import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline/promises";
import { AgentInputError } from "../../api/agent-service.ts";
import type {
  AgentApprovalEvent,
  AgentApproveRequest,
  AgentResult,
  AgentStep,
  ApprovalPolicy,
} from "../../api/contract.ts";
import type { WorkbenchService } from "../../api/workbench-service.ts";
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
  service: WorkbenchService,
  prompt: string,
  options: AgentRunOptions,
): Promise<number> {
  const approval = (options.approve ?? "readonly") as ApprovalPolicy;
  if (!POLICIES.includes(approval)) {
    throw new UsageError(`--approve must be none, readonly or all, not ${options.approve}`);
  }
  const maxSteps = numberOption("--max-steps", options.maxSteps);
  const maxCostUsd = numberOption("--max-cost", options.maxCost);
  const { calls } = service;
  const runId = randomUUID();
  // Without a terminal nobody can answer: `readonly` then refuses writes by policy.
  const askForApproval = process.stdin.isTTY === true && approval === "readonly";
  const questions = new AbortController();
  const cancel = () => {
    questions.abort(new Error("interrupted (Ctrl+C)"));
    void calls.cancel(runId);
  };
  process.once("SIGINT", cancel);
  const stopEvents = service.subscribe((event) => {
    if (!("runId" in event) || event.runId !== runId) return;
    if (event.type === "agent-step" && !options.json)
      process.stderr.write(`${renderStep(event.step)}\n`);
    if (event.type === "agent-approval") {
      void askOnTerminal(event, questions.signal, cancel)
        .then((answer) => calls.agentApprove({ runId, approvalId: event.approvalId, answer }))
        // The run ended (or was cancelled) meanwhile: nothing waits for the answer any more.
        .catch(() => undefined);
    }
  });
  let result: AgentResult;
  try {
    result = await calls.agentRun({
      runId,
      prompt,
      modelGroup: options.model,
      ...(options.tools && options.tools.length > 0 ? { tools: options.tools } : {}),
      ...(maxSteps !== undefined ? { maxSteps } : {}),
      ...(maxCostUsd !== undefined ? { maxCostUsd } : {}),
      approval,
      askForApproval,
      ...(options.system ? { system: options.system } : {}),
      ...(options.simulateFailure ? { simulateFailure: true } : {}),
    });
  } catch (error) {
    // The runner refused the input: its message and hint, apart, as every usage error.
    const cause = (error as Error).cause;
    if (cause instanceof AgentInputError) throw new UsageError(cause.message, cause.hint);
    throw error;
  } finally {
    process.off("SIGINT", cancel);
    questions.abort();
    stopEvents();
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
async function askOnTerminal(
  question: AgentApprovalEvent,
  signal: AbortSignal,
  cancelRun: () => void,
): Promise<AgentApproveRequest["answer"]> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  rl.on("SIGINT", cancelRun);
  try {
    const kind = question.destructive ? "may overwrite or delete" : "writes";
    const answer = await rl.question(
      `? ${question.tool} ${kind}: ${JSON.stringify(question.params)}\n  allow? [y]es / [n]o / [a]ll for this run: `,
      { signal },
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
