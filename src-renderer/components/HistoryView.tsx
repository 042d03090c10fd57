/** History: every invocation (kept across restarts), filters, re-run, and cost totals. */
import { formatCost, formatMs } from "../lib/format.ts";
import { useWorkbench } from "../lib/store.ts";
import { HistoryRow } from "./HistoryRow.tsx";
import { ToolStatusFilter } from "./ToolStatusFilter.tsx";

export function HistoryView() {
  const history = useWorkbench((s) => s.history);
  const filter = useWorkbench((s) => s.historyFilter);
  const totals = useWorkbench((s) => s.totals);
  const { setHistoryFilter } = useWorkbench.getState();

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
                <th>median tool time</th>
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
              <th title="How long the tool itself ran (a trace's time also covers validation, tracing and history)">
                tool time
              </th>
              <th>cost</th>
              <th>parameters</th>
              <th>origin</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {history.map((entry) => (
              <HistoryRow key={entry.invocationId} entry={entry} />
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
