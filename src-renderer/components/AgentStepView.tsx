/** One step of an agent run: a model call (who answered, attempts, tokens, cost) or a tool call. */
import type { GenerationStep, ToolStep } from "../../src-main/api/contract.ts";
import { formatCost, formatMs } from "../lib/format.ts";
import { ErrorView } from "./ErrorView.tsx";
import { JsonValue } from "./JsonValue.tsx";

export function GenerationStepView({ step }: { step: GenerationStep }) {
  const fellBack = step.answeredBy !== undefined && step.answeredBy !== step.modelGroup;
  return (
    <li className={`agent-step generation ${step.ok ? "ok" : "failed"}`} data-testid="agent-step">
      <div className="agent-step-head">
        <span className="step-index">{step.index + 1}.</span>
        <span className="step-kind">model</span>
        {step.ok ? (
          <span>
            <code>{step.deployment}</code> of <strong>{step.answeredBy}</strong>
            {fellBack && <span className="fallback-note"> — fell back from {step.modelGroup}</span>}
          </span>
        ) : (
          <span className={`status failed`}>{step.error?.code ?? "failed"}</span>
        )}
        <span className="metric">
          {step.usage.totalTokens} tokens · {formatCost(step.cost)} · {formatMs(step.latencyMs)} ·{" "}
          {step.attempts.length} {step.attempts.length === 1 ? "attempt" : "attempts"}
        </span>
      </div>
      {step.text && <pre className="value-text">{step.text}</pre>}
      {step.toolCalls.length > 0 && (
        <p className="agent-asks">
          asks for{" "}
          {step.toolCalls.map((c, i) => (
            <span key={c.id}>
              {i > 0 && ", "}
              <code>{c.tool ?? c.function}</code>
            </span>
          ))}
        </p>
      )}
      {step.error && <ErrorView error={step.error} />}
      {step.attempts.length > 1 || !step.ok ? (
        <ol className="attempts" aria-label="Attempts">
          {step.attempts.map((a, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: attempts have no identity but their order
            <li key={i} className={`attempt ${a.outcome === "ok" ? "ok" : "failed"}`}>
              <span className={`status ${a.outcome === "ok" ? "ok" : "failed"}`}>{a.outcome}</span>{" "}
              <code>{a.deployment}</code> <span className="muted">{a.modelGroup}</span>{" "}
              <span className="metric">{a.ms === null ? "—" : formatMs(a.ms)}</span>
              {a.error && <span className="muted"> {a.error}</span>}
            </li>
          ))}
        </ol>
      ) : null}
    </li>
  );
}

/** How the call came to run (or not), in words. */
const APPROVAL_TEXT: Record<ToolStep["approval"], string> = {
  "not-needed": "read-only",
  approved: "approved",
  "approved-all": "approved (all for this run)",
  "approved-by-policy": "approved by policy",
  refused: "refused by you",
  "refused-by-policy": "refused by policy",
};

export function ToolStepView({ step }: { step: ToolStep }) {
  const o = step.outcome;
  return (
    <li className={`agent-step tool ${o.ok ? "ok" : "failed"}`} data-testid="agent-step">
      <div className="agent-step-head">
        <span className="step-index">{step.index + 1}.</span>
        <span className="step-kind">tool</span>
        <code>{step.tool}</code>
        <span className={`status ${o.ok ? "ok" : "failed"}`}>{o.ok ? "ok" : o.error.code}</span>
        <span className={`badge approval-${step.approval}`} data-testid="agent-step-approval">
          {APPROVAL_TEXT[step.approval]}
        </span>
        <span className="metric">
          {formatMs(step.durationMs)} · {formatCost(step.cost)}
        </span>
      </div>
      <div className="agent-tool-io">
        <div>
          <span className="muted">parameters</span>
          <JsonValue value={step.params} />
        </div>
        <div>
          <span className="muted">{o.ok ? "result" : "error"}</span>
          {o.ok ? <JsonValue value={o.value} /> : <ErrorView error={o.error} alert={false} />}
        </div>
      </div>
    </li>
  );
}
