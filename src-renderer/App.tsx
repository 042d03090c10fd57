/** The workbench window: header (workspace, views, totals), tool list, and the current view. */
import { useEffect, useRef } from "react";
import { AgentView } from "./components/AgentView.tsx";
import { HistoryView } from "./components/HistoryView.tsx";
import { LlmView } from "./components/LlmView.tsx";
import { PluginsView } from "./components/PluginsView.tsx";
import { TestsView } from "./components/TestsView.tsx";
import { ToolList } from "./components/ToolList.tsx";
import { ToolView } from "./components/ToolView.tsx";
import { TracesView } from "./components/TracesView.tsx";
import { WorkspaceTrustBanner } from "./components/WorkspaceTrustBanner.tsx";
import { formatCost } from "./lib/format.ts";
import { useWorkbench, type View } from "./lib/store.ts";

const VIEWS: { id: View; label: string }[] = [
  { id: "tools", label: "Tools" },
  { id: "history", label: "History" },
  { id: "tests", label: "Tests" },
  { id: "traces", label: "Traces" },
  { id: "llm", label: "LLM" },
  { id: "agent", label: "Agent" },
  { id: "plugins", label: "Plugins" },
];

export function App() {
  const info = useWorkbench((s) => s.info);
  const view = useWorkbench((s) => s.view);
  const totals = useWorkbench((s) => s.totals);
  const failedPlugins = useWorkbench(
    (s) => s.plugins?.plugins.filter((p) => p.status === "failed").length ?? 0,
  );
  const connectionError = useWorkbench((s) => s.connectionError);
  const disconnected = useWorkbench((s) => s.disconnected);
  const unanswered = useWorkbench((s) => s.unanswered);
  const { setView, invoke, chooseWorkspace } = useWorkbench.getState();
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      if (mod && event.key.toLowerCase() === "k") {
        event.preventDefault();
        setView("tools");
        // From Traces, LLM or Plugins the list is mounted by this very change: focus after it.
        requestAnimationFrame(() => {
          searchRef.current?.focus();
          searchRef.current?.select();
        });
      } else if (mod && event.key === "Enter" && useWorkbench.getState().view === "tools") {
        event.preventDefault();
        void invoke();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [setView, invoke]);

  return (
    <div className="app">
      <header className="app-header">
        <span className="brand">Agentic Workbench</span>
        <nav className="views" aria-label="Views">
          {VIEWS.map((v) => (
            <button
              type="button"
              key={v.id}
              className={view === v.id ? "active" : ""}
              aria-pressed={view === v.id}
              onClick={() => setView(v.id)}
            >
              {v.label}
              {v.id === "plugins" && failedPlugins > 0 && (
                <span className="badge failed-count">{failedPlugins}</span>
              )}
            </button>
          ))}
        </nav>
        <span className="session-cost" title="Cost of this session's invocations">
          {totals ? `session ${formatCost(totals.session.cost)}` : ""}
        </span>
        <span
          className="workspace"
          data-testid="workspace"
          title="The folder file and git tools are confined to"
        >
          workspace <code>{info?.workspaceRoot ?? "…"}</code>
          {info?.canChooseWorkspace && (
            <button type="button" onClick={() => void chooseWorkspace()}>
              Change…
            </button>
          )}
        </span>
      </header>
      {connectionError && (
        <div className="banner error" role="alert" data-testid="connection-error">
          {/TOKEN_|token/.test(connectionError)
            ? "This tab has no valid launch token. Open the URL the host printed at start-up (it ends in ?token=…)."
            : `Cannot reach the workbench: ${connectionError}.`}
        </div>
      )}
      {disconnected && !connectionError && (
        <div className="banner warn" role="status" data-testid="disconnected">
          Disconnected from the workbench — reconnecting…
          {unanswered &&
            ` The last invoke of ${unanswered} got no answer; History shows whether it ran.`}{" "}
          If you restarted the host, open the new URL it printed.
        </div>
      )}
      <WorkspaceTrustBanner />
      <div className="body">
        {/* The tool list serves the tool and history views; the others get the width. */}
        {(view === "tools" || view === "history") && <ToolList searchRef={searchRef} />}
        {view === "tools" && <ToolView />}
        {view === "history" && <HistoryView />}
        {view === "traces" && <TracesView />}
        {view === "llm" && <LlmView />}
        {view === "agent" && <AgentView />}
        {view === "plugins" && <PluginsView />}
        {view === "tests" && <TestsView />}
      </div>
    </div>
  );
}
