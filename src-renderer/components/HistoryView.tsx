/** History: every invocation (kept across restarts), filters, re-run, and cost totals. */
import { formatCost, formatMs } from "../lib/format.ts";
import { useWorkbench } from "../lib/store.ts";
import { ToolStatusFilter } from "./ToolStatusFilter.tsx";

export function HistoryView() {
  const history = useWorkbench((s) => s.history);
  const filter = useWorkbench((s) => s.historyFilter);
  const totals = useWorkbench((s) => s.totals);
  const { setHistoryFilter, select, selectTrace } = useWorkbench.getState();

  return (
    <main className="history-view" aria-label="History">
      <section className="totals" aria-label="Cost totals">
        <div className="total" data-testid="totals-session">
          <span className="label">since start</span>
          <span className="value">
            {totals ? `${totals.session.count} runs · ${formatCost(totals.session.cost)}` : "…"}
          </span>
        </div>
        <div className="total" data-testid="totals-all-time">
          <span className="label">all time</span>
          <span className="value">
            {totals ? `${totals.allTime.count} runs · ${formatCost(totals.allTime.cost)}` : "…"}
          </span>
        </div>
        {totals && totals.perTool.length > 0 && (
          <table className="per-tool">
            <thead>
              <tr>
                <th>tool</th>
                <th>runs</th>
                <th>failed</th>
                <th>median</th>
                <th>total cost</th>
              </tr>
            </thead>
            <tbody>
              {totals.perTool.map((t) => (
                <tr key={t.tool}>
                  <td>{t.tool}</td>
                  <td>{t.count}</td>
                  <td>{t.failures}</td>
                  <td>{formatMs(t.medianDurationMs)}</td>
                  <td>{formatCost(t.totalCost)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <ToolStatusFilter value={filter} onChange={setHistoryFilter} />
      {history.length === 0 ? (
        <p className="empty">
          No invocations yet{filter.tool || filter.status ? " match these filters" : ""}.
        </p>
      ) : (
        <table className="history-table" data-testid="history-table">
          <thead>
            <tr>
              <th>when</th>
              <th>tool</th>
              <th>status</th>
              <th>duration</th>
              <th>cost</th>
              <th>parameters</th>
              <th>origin</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {history.map((entry) => (
              <tr key={entry.invocationId} className={entry.ok ? "ok" : "failed"}>
                <td title={entry.startedAt}>{new Date(entry.startedAt).toLocaleTimeString()}</td>
                <td>{entry.tool}</td>
                <td>{entry.ok ? "ok" : entry.error?.code}</td>
                <td>{formatMs(entry.durationMs)}</td>
                <td>{formatCost(entry.cost)}</td>
                <td className="params-cell">
                  <code>{JSON.stringify(entry.params)}</code>
                </td>
                <td data-testid="history-origin">{entry.origin ?? "—"}</td>
                <td className="row-actions">
                  <button
                    type="button"
                    onClick={() => void select(entry.tool, entry.params)}
                    title="Load these inputs into the form (secrets come back empty)"
                  >
                    Open in form
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
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
