/** The plugin load report: loaded plugins with their tools, failed ones with the reason; reload. */
import { useWorkbench } from "../lib/store.ts";

export function PluginsView() {
  const report = useWorkbench((s) => s.plugins);
  const { reloadPlugins, select } = useWorkbench.getState();
  if (!report) return <main className="plugins-view">Loading…</main>;
  const failed = report.plugins.filter((p) => p.status === "failed");
  return (
    <main className="plugins-view" aria-label="Plugins">
      <div className="plugins-head">
        <span data-testid="plugins-summary">
          {report.plugins.length - failed.length} loaded, {failed.length} failed
        </span>
        <button type="button" onClick={() => void reloadPlugins()}>
          Reload plugins
        </button>
      </div>
      <p className="muted">
        Plugin folders (watched; saving a file reloads its plugin):{" "}
        {report.pluginDirs.map((d) => (
          <code
            key={d.path}
            className={d.exists ? "" : "missing"}
            title={d.exists ? "" : "does not exist yet: create it and its plugins load"}
          >
            {d.path}
            {!d.exists && " (not created yet)"}
          </code>
        ))}
      </p>
      <ul className="plugin-list">
        {report.plugins.map((p) => (
          <li key={p.id} className={`plugin ${p.status}`} data-testid={`plugin-${p.name}`}>
            <div className="plugin-title">
              <span className={`status ${p.status === "loaded" ? "ok" : "failed"}`}>
                {p.status}
              </span>
              <strong>{p.name}</strong>
              {p.version && <span className="version">v{p.version}</span>}
              <span className="badge src">{p.kind}</span>
              <code className="plugin-path">{p.id}</code>
            </div>
            {p.crashes && p.crashes.count > 0 && (
              <div className="plugin-crashes" data-testid={`crashes-${p.name}`}>
                crashed {p.crashes.count}× · last: {p.crashes.last.reason} {p.crashes.last.message}{" "}
                ({new Date(p.crashes.last.at).toLocaleTimeString()})
              </div>
            )}
            {p.status === "loaded" ? (
              <div className="plugin-tools">
                {p.tools.map((name) => (
                  <button
                    type="button"
                    key={name}
                    className="link"
                    onClick={() => void select(name)}
                  >
                    {name}
                  </button>
                ))}
              </div>
            ) : (
              <div className="plugin-error" role="alert">
                <strong>{p.error?.reason}</strong> {p.error?.message}
                <div className="error-hint">Hint: {p.error?.hint}</div>
                {p.restart && (
                  <div className="error-hint">
                    restarting (attempt {p.restart.attempt}) at{" "}
                    {new Date(p.restart.at).toLocaleTimeString()}
                  </div>
                )}
                {p.stderrTail && <pre className="error-details">{p.stderrTail}</pre>}
              </div>
            )}
          </li>
        ))}
      </ul>
    </main>
  );
}
