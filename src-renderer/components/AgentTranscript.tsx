/** The live transcript of a run: its steps as `agent-step` events bring them, then open questions. */
import { type AgentRunState, isRunning, runningCost, useAgent } from "../lib/agent-store.ts";
import { formatCost } from "../lib/format.ts";
import { AgentApprovalCard } from "./AgentApprovalCard.tsx";
import { AgentRunSummary } from "./AgentRunSummary.tsx";
import { GenerationStepView, ToolStepView } from "./AgentStepView.tsx";
import { ErrorView } from "./ErrorView.tsx";

export function AgentTranscript({ run }: { run: AgentRunState }) {
  const answerError = useAgent((s) => s.answerError);
  const { answer, stop } = useAgent.getState();
  const going = isRunning(run);
  return (
    <section className="agent-run" aria-label="Run" aria-busy={going}>
      <div className="result-head">
        {going ? (
          <>
            <span className="status running">
              {run.stopping
                ? "stopping…"
                : run.approvals.length > 0
                  ? "waiting for you"
                  : "running…"}
            </span>
            <button type="button" onClick={() => void stop()} disabled={run.stopping}>
              Stop
            </button>
          </>
        ) : null}
        <span className="metric" data-testid="agent-running-cost">
          {run.steps.length} {run.steps.length === 1 ? "step" : "steps"} · cost so far{" "}
          {formatCost(runningCost(run.steps))}
        </span>
      </div>
      <ol className="agent-transcript" aria-label="Transcript" data-testid="agent-transcript">
        {run.steps.map((step) =>
          step.kind === "generation" ? (
            <GenerationStepView key={step.index} step={step} />
          ) : (
            <ToolStepView key={step.index} step={step} />
          ),
        )}
        {run.approvals.map((a) => (
          <AgentApprovalCard
            key={a.approvalId}
            approval={a}
            onAnswer={(choice) => void answer(a.approvalId, choice)}
          />
        ))}
      </ol>
      {answerError && <ErrorView error={answerError} />}
      {run.error && (
        <div className="result failed error-view" role="alert" data-testid="agent-error">
          <p className="error-message">The run did not start: {run.error.message}</p>
          {run.error.hint && <p className="error-hint">Hint: {run.error.hint}</p>}
        </div>
      )}
      {run.result && <AgentRunSummary result={run.result} />}
    </section>
  );
}
