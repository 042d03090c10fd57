/**
 * Approvals over the Workbench API. A run started through `agentRun` gets an approver that, for
 * each call needing approval, pushes an `agent-approval` event and waits for `agentApprove` to
 * answer it. The runner's gate remembers `approve-all`; this file only carries questions out and
 * answers in. Cancelling the run answers every open question with a refusal, so nothing waits on
 * a user who has gone and nothing unapproved runs.
 */
import { randomUUID } from "node:crypto";
import type { ApprovalAnswer, Approver } from "../agent/index.ts";
import { CallError } from "./call-error.ts";
import type { AgentApproveRequest, ToolAnnotations, WorkbenchEvent } from "./contract.ts";

/** A bad `agentApprove` (NOT_FOUND): the message names the field at fault, the hint what to do. */
export class ApprovalAnswerError extends CallError {
  constructor(field: keyof AgentApproveRequest, message: string, hint: string) {
    super("NOT_FOUND", `${field}: ${message}`, { field, hint });
    this.name = "ApprovalAnswerError";
  }
}

/** The open questions of every running run, by runId then approvalId. */
export class ApprovalBroker {
  private readonly runs = new Map<string, Map<string, (answer: ApprovalAnswer) => void>>();

  constructor(
    private readonly emit: (event: WorkbenchEvent) => void,
    /** The tool's annotations as registered, shown beside the question. */
    private readonly annotationsOf: (tool: string) => ToolAnnotations | undefined,
  ) {}

  /** The approver for one run; it is answered with `refuse` once `signal` aborts. */
  open(runId: string, signal: AbortSignal): Approver {
    const pending = new Map<string, (answer: ApprovalAnswer) => void>();
    this.runs.set(runId, pending);
    signal.addEventListener(
      "abort",
      () => {
        for (const resolve of pending.values()) resolve("refuse");
        pending.clear();
      },
      { once: true },
    );
    return (request) =>
      new Promise<ApprovalAnswer>((resolve) => {
        if (signal.aborted) return resolve("refuse");
        const approvalId = randomUUID();
        pending.set(approvalId, (answer) => {
          pending.delete(approvalId);
          resolve(answer);
        });
        const annotations = this.annotationsOf(request.tool);
        this.emit({
          type: "agent-approval",
          runId,
          approvalId,
          callId: request.callId,
          tool: request.tool,
          description: request.description,
          params: request.params,
          readOnly: request.readOnly,
          destructive: request.destructive,
          ...(annotations ? { annotations } : {}),
        });
      });
  }

  /** The run ended: its questions (if any are left) can no longer be answered. */
  close(runId: string): void {
    const pending = this.runs.get(runId);
    for (const resolve of pending?.values() ?? []) resolve("refuse");
    this.runs.delete(runId);
  }

  /** Answers one open question; throws ApprovalAnswerError naming the field at fault. */
  answer(request: AgentApproveRequest): void {
    // The answer is one of the three: `dispatch` checked it against the request's schema.
    const { runId, approvalId, answer } = request;
    const pending = this.runs.get(runId);
    if (!pending) {
      throw new ApprovalAnswerError(
        "runId",
        `no running agent run ${JSON.stringify(runId)}`,
        "the run has finished or was cancelled, or the id is wrong; agent-approval events carry it",
      );
    }
    const resolve = pending.get(approvalId);
    if (!resolve) {
      throw new ApprovalAnswerError(
        "approvalId",
        `run ${JSON.stringify(runId)} is not waiting for approval ${JSON.stringify(approvalId)}`,
        "it was answered already, or the id is wrong; use the approvalId of an agent-approval event",
      );
    }
    resolve(answer);
  }
}
