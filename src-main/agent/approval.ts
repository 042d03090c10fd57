/**
 * The approval gate: a tool that is not read-only (or is destructive) runs only when approved, per
 * call. The policy says who decides; an `approve-all` answer covers the rest of the run. Nothing
 * here runs a tool — it only says whether one may run.
 */
import type { RegisteredTool } from "../core/protocol.ts";
import type {
  ApprovalOutcome,
  ApprovalPolicy,
  ApprovalRequest,
  Approver,
  RefusalFailure,
} from "./types.ts";

/** Whether a call of this tool needs approval. */
export function needsApproval(tool: RegisteredTool): boolean {
  const a = tool.metadata.annotations;
  return a?.readOnly !== true || a.destructive === true;
}

/** One run's gate: remembers an `approve-all`. */
export class ApprovalGate {
  private approveAll = false;

  constructor(
    private readonly policy: ApprovalPolicy,
    private readonly approver: Approver | undefined,
  ) {}

  /** Decides about one call; a throwing approver counts as a refusal. */
  async decide(tool: RegisteredTool, request: ApprovalRequest): Promise<ApprovalOutcome> {
    if (!needsApproval(tool)) return "not-needed";
    if (this.policy === "all") return "approved-by-policy";
    if (this.policy === "none" || !this.approver) return "refused-by-policy";
    if (this.approveAll) return "approved-all";
    let answer: string;
    try {
      answer = await this.approver(request);
    } catch {
      return "refused";
    }
    if (answer === "approve-all") {
      this.approveAll = true;
      return "approved";
    }
    return answer === "approve" ? "approved" : "refused";
  }
}

/** Whether the outcome lets the call run. */
export function approved(outcome: ApprovalOutcome): boolean {
  return outcome !== "refused" && outcome !== "refused-by-policy";
}

/** What the model is told about a call that did not run. */
export function refusal(
  tool: string,
  outcome: ApprovalOutcome,
  policy: ApprovalPolicy,
): RefusalFailure {
  return {
    code: "REFUSED",
    message: `${tool}: refused by the user${
      outcome === "refused-by-policy" ? ` (approval policy "${policy}": this tool writes)` : ""
    }; it did not run`,
    hint: "do without this tool, or ask the user to allow it",
  };
}
