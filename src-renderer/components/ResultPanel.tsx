/** The result of the latest run: status, duration, cost, and the value as a tree, text or diff. */
import { formatCost, formatMs } from "../lib/format.ts";
import type { Run } from "../lib/store.ts";
import { DiffView } from "./DiffView.tsx";
import { ErrorView } from "./ErrorView.tsx";
import { JsonValue } from "./JsonValue.tsx";
import { isPlan, PlanRunner } from "./PlanRunner.tsx";
import { SaveAsTestCase } from "./SaveAsTestCase.tsx";
import { TraceLinks } from "./TraceLinks.tsx";

export function ResultPanel({ run, onCancel }: { run: Run | undefined; onCancel: () => void }) {
  if (!run)
    return (
      <section className="result empty-result" aria-label="Result">
        Invoke the tool to see its result here.
      </section>
    );
  if (!run.result) {
    const p = run.progress;
    return (
      <section className="result running" aria-label="Result" aria-busy="true">
        <div className="result-head">
          <span className="status running">running…</span>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
        {p && (
          <div className="progress">
            <progress value={p.progress} max={p.total ?? undefined} />
            <span>
              {p.message ?? ""} {p.total ? `${p.progress}/${p.total}` : ""}
            </span>
          </div>
        )}
      </section>
    );
  }
  const r = run.result;
  return (
    <section
      className={`result ${r.ok ? "ok" : "failed"}`}
      aria-label="Result"
      data-testid="result"
    >
      <div className="result-head">
        <span className={`status ${r.ok ? "ok" : "failed"}`} data-testid="result-status">
          {r.ok ? "ok" : r.error.code}
        </span>
        <span className="metric" data-testid="result-duration">
          {formatMs(r.durationMs)}
        </span>
        <span className="metric" data-testid="result-cost">
          cost {formatCost(r.cost)}
        </span>
        {r.traceId && <TraceLinks traceId={r.traceId} />}
      </div>
      {r.warnings?.map((warning) => (
        <p key={warning} className="result-warning" role="status" data-testid="result-warning">
          ⚠ {warning}
        </p>
      ))}
      {r.ok ? <Value value={r.value} /> : <ErrorView error={r.error} testId="result-error" />}
      {r.ok && run.tool === "@llm/planner" && isPlan(r.value) && (
        <PlanRunner key={`plan-${r.invocationId}`} plan={r.value} />
      )}
      <SaveAsTestCase
        key={`save-${r.invocationId}`}
        tool={run.tool}
        params={run.params}
        outcome={r.ok ? { ok: true, value: r.value } : { ok: false, error: r.error }}
      />
    </section>
  );
}

function Value({ value }: { value: unknown }) {
  if (
    typeof value === "string" ||
    typeof value === "number" ||
    typeof value === "boolean" ||
    value === null
  ) {
    return (
      <pre className="value-text" data-testid="result-value">
        {String(value)}
      </pre>
    );
  }
  const diff = (value as { diff?: unknown } | undefined)?.diff;
  const content = (value as { content?: unknown } | undefined)?.content;
  // The text shown as a diff or a file is not repeated in the tree: the tree shows the rest.
  const rest =
    typeof diff === "string" || typeof content === "string"
      ? Object.fromEntries(
          Object.entries(value as Record<string, unknown>).filter(
            ([k, v]) => !((k === "diff" || k === "content") && typeof v === "string"),
          ),
        )
      : value;
  const restIsEmpty =
    typeof rest === "object" &&
    rest !== null &&
    !Array.isArray(rest) &&
    Object.keys(rest).length === 0;
  return (
    <div data-testid="result-value">
      {typeof diff === "string" && <DiffView diff={diff} />}
      {typeof content === "string" && <pre className="value-text file-content">{content}</pre>}
      {!restIsEmpty && <JsonValue value={rest} />}
    </div>
  );
}
