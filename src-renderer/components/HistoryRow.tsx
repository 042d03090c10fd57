/**
 * One invocation in History: a summary row that opens to show the date, the origin, the result
 * or the error, and the trace — what a user asks of a past run without re-running it.
 */
import { useState } from "react";
import type { HistoryEntry } from "../../src-main/api/contract.ts";
import { formatCost, formatMs } from "../lib/format.ts";
import { useWorkbench } from "../lib/store.ts";
import { JsonValue } from "./JsonValue.tsx";
import { SaveTestCaseForm } from "./SaveTestCaseForm.tsx";

const ORIGINS: Record<string, string> = {
  ui: "the workbench UI",
  cli: "the agentic command",
  mcp: "an MCP client",
  agent: "an agent run",
  test: "a tool test",
  api: "a script",
};

export function HistoryRow({ entry }: { entry: HistoryEntry }) {
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const { select, selectTrace } = useWorkbench.getState();
  const started = new Date(entry.startedAt);
  return (
    <>
      <tr className={`${entry.ok ? "ok" : "failed"}${open ? " open" : ""}`}>
        <td title={entry.startedAt}>
          <button
            type="button"
            className="row-toggle"
            aria-expanded={open}
            aria-label={`${open ? "Hide" : "Show"} the result of ${entry.tool} at ${started.toLocaleTimeString()}`}
            onClick={() => setOpen(!open)}
          >
            {open ? "▾" : "▸"}
          </button>{" "}
          {started.toLocaleTimeString()}
        </td>
        <td>{entry.tool}</td>
        <td>{entry.ok ? "ok" : entry.error?.code}</td>
        <td>{formatMs(entry.durationMs)}</td>
        <td>{formatCost(entry.cost)}</td>
        <td className="params-cell">
          <code>{JSON.stringify(entry.params)}</code>
        </td>
        <td data-testid="history-origin">{entry.origin ?? "—"}</td>
        <td>
          <div className="row-actions">
            <button
              type="button"
              onClick={() => void select(entry.tool, entry.params)}
              title="Load these inputs into the form (secrets come back empty)"
            >
              Open in form
            </button>
            <button
              type="button"
              onClick={() => {
                setOpen(true);
                setSaving(true);
              }}
              aria-label={`Save the ${entry.tool} call at ${started.toLocaleTimeString()} as a test case`}
            >
              Save as test case
            </button>
            {entry.traceId && (
              <button
                type="button"
                className="link"
                data-testid="history-trace-link"
                onClick={() => void selectTrace(entry.traceId as string)}
                title={`Open trace ${entry.traceId}`}
              >
                trace {entry.traceId.slice(0, 8)}…
              </button>
            )}
          </div>
        </td>
      </tr>
      {open && (
        <tr className="history-detail" data-testid="history-detail">
          <td colSpan={8}>
            <dl className="meta">
              <dt>started</dt>
              <dd>{started.toLocaleString()}</dd>
              <dt>from</dt>
              <dd>{entry.origin ? (ORIGINS[entry.origin] ?? entry.origin) : "not recorded"}</dd>
              <dt>tool time</dt>
              <dd>{formatMs(entry.durationMs)}</dd>
            </dl>
            {entry.ok ? (
              <>
                <h4>result</h4>
                <JsonValue value={entry.value} />
              </>
            ) : (
              <div className="error-view">
                <p className="error-message">
                  {entry.error?.code}: {entry.error?.message}
                </p>
                {entry.error?.hint && <p className="error-hint">Hint: {entry.error.hint}</p>}
              </div>
            )}
            {saving && (
              <SaveTestCaseForm
                tool={entry.tool}
                params={entry.params}
                outcome={
                  entry.ok || !entry.error
                    ? { ok: true, value: entry.value }
                    : { ok: false, error: entry.error }
                }
                onClose={() => setSaving(false)}
              />
            )}
          </td>
        </tr>
      )}
    </>
  );
}
