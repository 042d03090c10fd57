/** One suite file in the Tests view: its cases with their latest outcomes, run and golden buttons. */
import type { TestSuiteInfo } from "../../src-main/api/contract.ts";
import { caseKey, useTests } from "../lib/tests-store.ts";
import { TestCaseRow } from "./TestCaseRow.tsx";

export function TestSuiteSection({ suite }: { suite: TestSuiteInfo }) {
  const busy = useTests((s) => s.busy);
  const outcomes = useTests((s) => s.outcomes);
  const { run, updateGoldens } = useTests.getState();
  const goldens = suite.cases.filter((c) => c.golden).length;
  const failed = suite.cases.filter(
    (c) => outcomes[caseKey(suite.path, c.name)]?.status === "failed",
  ).length;
  return (
    <section
      className={`test-suite${failed > 0 ? " has-failures" : ""}`}
      aria-label={`Suite ${suite.path}`}
      data-testid={`suite-${suite.path}`}
    >
      <div className="test-suite-head">
        <strong>{suite.name}</strong>
        <code className="muted">agentic-tests/{suite.path}</code>
        <span className="muted">
          {suite.cases.length} {suite.cases.length === 1 ? "case" : "cases"}
        </span>
        <span className="spacer" />
        <button
          type="button"
          disabled={busy !== undefined || suite.cases.length === 0}
          onClick={() => void run({ suite: suite.path })}
          aria-label={`Run suite ${suite.path}`}
        >
          {busy?.target === suite.path && !busy.updating ? "Running…" : "Run suite"}
        </button>
        {goldens > 0 && (
          <button
            type="button"
            disabled={busy !== undefined}
            onClick={() => void updateGoldens({ suite: suite.path })}
            aria-label={`Update goldens of ${suite.path}`}
            title="Record the current result of this suite's golden cases into the file"
          >
            Update goldens
          </button>
        )}
      </div>
      <ul className="test-cases">
        {suite.cases.map((c) => (
          <TestCaseRow
            key={c.name}
            suite={suite.path}
            testCase={c}
            outcome={outcomes[caseKey(suite.path, c.name)]}
          />
        ))}
      </ul>
    </section>
  );
}
