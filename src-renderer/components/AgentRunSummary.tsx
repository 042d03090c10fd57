/** How a run ended: the final answer (or why there is none), the costs, and its trace. */
import type { AgentResult } from "../../src-main/api/contract.ts";
import { formatCost } from "../lib/format.ts";
import { ErrorView } from "./ErrorView.tsx";
import { TraceLinks } from "./TraceLinks.tsx";

export function AgentRunSummary({ result }: { result: AgentResult }) {
  return (
    <section
      className={`result ${result.ok ? "ok" : "failed"}`}
      aria-label="Run result"
      data-testid="agent-result"
    >
      <div className="result-head">
        <span className={`status ${result.ok ? "ok" : "failed"}`} data-testid="agent-stopped">
          {result.stoppedBecause}
        </span>
        <span className="metric" data-testid="agent-cost">
          cost {formatCost(result.cost.total)} (LLM {formatCost(result.cost.llm)}, tools{" "}
          {formatCost(result.cost.tools)})
        </span>
        <span className="metric">{result.usage.totalTokens} tokens</span>
        {result.traceId && <TraceLinks traceId={result.traceId} />}
      </div>
      {result.error && <ErrorView error={result.error} />}
      {result.text && (
        <pre className="value-text" data-testid="agent-answer">
          {result.text}
        </pre>
      )}
    </section>
  );
}
