/** A question a run waits on: may this tool call run? Approve, Refuse, or Approve all for the run. */
import { useEffect, useRef } from "react";
import type { AgentApprovalEvent, AgentApproveRequest } from "../../src-main/api/contract.ts";
import { JsonValue } from "./JsonValue.tsx";

export function AgentApprovalCard({
  approval,
  onAnswer,
}: {
  approval: AgentApprovalEvent;
  onAnswer: (answer: AgentApproveRequest["answer"]) => void;
}) {
  const first = useRef<HTMLButtonElement>(null);
  // The run is stopped until someone answers: bring the keyboard to the question.
  useEffect(() => first.current?.focus(), []);
  const annotations = [
    approval.readOnly ? "read-only" : "writes",
    ...(approval.destructive ? ["destructive"] : []),
  ];
  return (
    <li className="agent-approval" data-testid="agent-approval">
      <fieldset>
        <legend>
          <strong>Approve</strong> <code>{approval.tool}</code>?{" "}
          {annotations.map((a) => (
            <span key={a} className={`badge ${a === "read-only" ? "" : "writes"}`}>
              {a}
            </span>
          ))}
        </legend>
        <p className="muted">{approval.description}</p>
        <JsonValue value={approval.params} />
        <div className="actions">
          <button ref={first} type="button" className="primary" onClick={() => onAnswer("approve")}>
            Approve
          </button>
          <button type="button" onClick={() => onAnswer("refuse")}>
            Refuse
          </button>
          <button type="button" onClick={() => onAnswer("approve-all")}>
            Approve all for this run
          </button>
        </div>
      </fieldset>
    </li>
  );
}
