/** History: every invocation (kept across restarts), filters, re-run, and cost totals. */
import { formatCost, formatMs } from "../lib/format.ts";
import { useWorkbench } from "../lib/store.ts";

export function HistoryView() {
  const history = useWorkbench((s) => s.history);
  const filter = useWorkbench((s) => s.historyFilter);
  const totals = useWorkbench((s) => s.totals);
  const tools = useWorkbench((s) => s.tools);
  const { setHistoryFilter, select } = useWorkbench.getState();

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
      <div className="history-filters">
        <label>
          tool
          <select
            value={filter.tool}
            onChange={(e) => setHistoryFilter({ tool: e.target.value })}
            aria-label="Filter by tool"
          >
            <option value="">all tools</option>
            {tools.map((t) => (
              <option key={t.name} value={t.name}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          status
          <select
            value={filter.status}
            onChange={(e) => setHistoryFilter({ status: e.target.value as "" | "ok" | "error" })}
            aria-label="Filter by status"
          >
            <option value="">any</option>
            <option value="ok">ok</option>
            <option value="error">failed</option>
          </select>
        </label>
      </div>
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
                <td>
                  <button
                    type="button"
                    onClick={() => void select(entry.tool, entry.params)}
                    title="Load these inputs into the form"
                  >
                    Re-run
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
