/**
 * Tests: the workspace's suites (agentic-tests/) and their cases, malformed files with what is
 * wrong, Run all / a suite / a case, and Update goldens. Outcomes show per case; a failure opens
 * to its expected vs got and the value's diff.
 */
import { useEffect } from "react";
import { formatMs } from "../lib/format.ts";
import { useWorkbench } from "../lib/store.ts";
import { useTests } from "../lib/tests-store.ts";
import { ErrorView } from "./ErrorView.tsx";
import { TestSuiteSection } from "./TestSuiteSection.tsx";

export function TestsView() {
  const suites = useTests((s) => s.suites);
  const lastRun = useTests((s) => s.lastRun);
  const busy = useTests((s) => s.busy);
  const error = useTests((s) => s.error);
  const { refresh, run, updateGoldens } = useTests.getState();

  const workspaceRoot = useWorkbench((s) => s.info?.workspaceRoot);
  // The files may have changed since the view was last open (an editor, `agentic test --update`),
  // and the workspace itself may change while it is open.
  useEffect(() => {
    if (workspaceRoot !== undefined) void refresh();
  }, [refresh, workspaceRoot]);

  if (!suites) {
    return (
      <main className="tests-view" aria-label="Tests">
        {error ? <ErrorView error={error} /> : "Loading…"}
      </main>
    );
  }
  const caseCount = suites.suites.reduce((n, s) => n + s.cases.length, 0);
  const goldenCount = suites.suites.reduce((n, s) => n + s.cases.filter((c) => c.golden).length, 0);
  return (
    <main className="tests-view" aria-label="Tests">
      <div className="tests-head">
        <span data-testid="tests-summary">
          {suites.suites.length} {suites.suites.length === 1 ? "suite" : "suites"} · {caseCount}{" "}
          {caseCount === 1 ? "case" : "cases"}
          {suites.malformed.length > 0 && ` · ${suites.malformed.length} malformed`}
        </span>
        <button
          type="button"
          className="primary"
          disabled={busy !== undefined || caseCount === 0}
          onClick={() => void run({})}
        >
          {busy?.target === "all" && !busy.updating ? "Running…" : "Run all"}
        </button>
        <button
          type="button"
          disabled={busy !== undefined || goldenCount === 0}
          onClick={() => void updateGoldens({})}
          title="Record the current result of every golden case into its file (agentic test --update)"
        >
          Update goldens
        </button>
        <button type="button" onClick={() => void refresh()} disabled={busy !== undefined}>
          Refresh
        </button>
        {lastRun && (
          <span className="tests-totals" role="status" data-testid="tests-totals">
            <span className={lastRun.passed > 0 ? "passed" : ""}>{lastRun.passed} passed</span>
            {lastRun.failed > 0 && <span className="failed-text">{lastRun.failed} failed</span>}
            {lastRun.skipped > 0 && <span>{lastRun.skipped} skipped</span>}
            {lastRun.recorded > 0 && <span>{lastRun.recorded} recorded</span>}
            <span className="metric">in {formatMs(lastRun.durationMs)}</span>
          </span>
        )}
      </div>
      <p className="muted">
        Suites are the <code>.yaml</code>, <code>.yml</code> and <code>.json</code> files in{" "}
        <code>{suites.folder}</code>; <code>agentic test</code> runs the same files from a terminal
        or CI.
      </p>
      {error && <ErrorView error={error} testId="tests-error" />}
      {suites.malformed.map((m) => (
        <section
          key={m.path}
          className="test-suite malformed"
          aria-label={`Malformed suite ${m.path}`}
          data-testid="malformed-suite"
        >
          <div className="test-suite-head">
            <span className="status failed">malformed</span>
            <strong>{m.path}</strong>
          </div>
          <ul className="suite-problems" role="alert">
            {m.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
          <p className="error-hint">Hint: {m.hint}</p>
        </section>
      ))}
      {suites.suites.length === 0 && suites.malformed.length === 0 && (
        <p className="empty" data-testid="tests-empty">
          No test suites yet. Invoke a tool and press <strong>Save as test case</strong> under its
          result (or on a History row): the case goes into a suite file here.
        </p>
      )}
      {suites.suites.map((suite) => (
        <TestSuiteSection key={suite.path} suite={suite} />
      ))}
    </main>
  );
}
