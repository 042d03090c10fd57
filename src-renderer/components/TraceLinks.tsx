/** A result's trace: a button that opens it in the Traces view, and its Langfuse page when known. */
import { langfuseTraceUrl, useWorkbench } from "../lib/store.ts";

export function TraceLinks({ traceId }: { traceId: string }) {
  const status = useWorkbench((s) => s.tracingStatus);
  const url = langfuseTraceUrl(status, traceId);
  return (
    <span className="trace-links">
      <button
        type="button"
        className="link"
        onClick={() => void useWorkbench.getState().selectTrace(traceId)}
        data-testid="show-trace"
      >
        trace {traceId.slice(0, 8)}…
      </button>
      {url && (
        <a href={url} target="_blank" rel="noopener noreferrer" data-testid="result-langfuse-link">
          Open in Langfuse
        </a>
      )}
    </span>
  );
}
