/**
 * One case in the Tests view: its latest status, duration, cost and trace link, and a Run
 * button; a failed case shows what was expected, what came and the value diff beneath.
 */
import { useState } from "react";
import type { TestCaseInfo, TestCaseOutcome } from "../../src-main/api/contract.ts";
import { formatCost, formatMs } from "../lib/format.ts";
import { useWorkbench } from "../lib/store.ts";
import { caseKey, useTests } from "../lib/tests-store.ts";
import { JsonValue } from "./JsonValue.tsx";
import { TestFailure } from "./TestFailure.tsx";

export function TestCaseRow({
  suite,
  testCase,
  outcome,
}: {
  suite: string;
  testCase: TestCaseInfo;
  outcome: TestCaseOutcome | undefined;
}) {
  const busy = useTests((s) => s.busy);
  const [showCase, setShowCase] = useState(false);
  const key = caseKey(suite, testCase.name);
  const running = busy !== undefined && [key, suite, "all"].includes(busy.target);
  const status = running ? "running" : (outcome?.status ?? (testCase.skip ? "skipped" : "not run"));
  const statusClass =
    status === "passed"
      ? "ok"
      : status === "failed"
        ? "failed"
        : status === "running"
          ? "running"
          : "";
  return (
    <li
      className={`test-case ${status.replace(" ", "-")}`}
      aria-label={`Case ${testCase.name}`}
      data-testid="test-case"
    >
      <div className="test-case-head">
        <span className={`status ${statusClass}`} data-testid="case-status">
          {status}
        </span>
        <span className="case-name">{testCase.name}</span>
        <code className="muted">{testCase.tool}</code>
        {testCase.golden && (
          <span className="badge det" title="A recorded result; Update goldens records it again">
            golden
          </span>
        )}
        {outcome && outcome.status !== "skipped" && (
          <>
            <span className="metric" data-testid="case-duration">
              {formatMs(outcome.durationMs)}
            </span>
            <span className="metric" data-testid="case-cost">
              {formatCost(outcome.cost)}
            </span>
          </>
        )}
        {outcome?.traceId && (
          <button
            type="button"
            className="link"
            data-testid="case-trace-link"
            onClick={() => void useWorkbench.getState().selectTrace(outcome.traceId as string)}
            title={`Open trace ${outcome.traceId}`}
          >
            trace {outcome.traceId.slice(0, 8)}…
          </button>
        )}
        <span className="spacer" />
        <button
          type="button"
          className="link"
          aria-expanded={showCase}
          onClick={() => setShowCase(!showCase)}
        >
          {showCase ? "Hide case" : "Show case"}
        </button>
        <button
          type="button"
          disabled={busy !== undefined}
          onClick={() => void useTests.getState().run({ suite, case: testCase.name })}
          aria-label={`Run case ${testCase.name}`}
        >
          Run
        </button>
      </div>
      {showCase && (
        <dl className="meta case-detail">
          <dt>params</dt>
          <dd>
            <JsonValue value={testCase.params} />
          </dd>
          <dt>expect</dt>
          <dd>
            <JsonValue value={testCase.expect} />
          </dd>
        </dl>
      )}
      {outcome?.status === "failed" && <TestFailure mismatches={outcome.mismatches} />}
    </li>
  );
}
