/**
 * Why a case failed: each broken expectation with what was expected and what came, coloured as
 * the diff view colours removed and added lines, and the value's differences by JSON path.
 */
import type { TestMismatch } from "../../src-main/api/contract.ts";

export function TestFailure({ mismatches }: { mismatches: TestMismatch[] }) {
  return (
    <section className="test-failure" aria-label="Why it failed">
      {mismatches.map((m) => (
        <div key={`${m.field} ${m.expected}`} className="mismatch" data-testid="mismatch">
          <div className="mismatch-field">{m.field}</div>
          <pre className="diff">
            <span className="diff-del" data-testid="mismatch-expected">
              {"- expected "}
              {m.expected}
            </span>
            {"\n"}
            <span className="diff-add" data-testid="mismatch-got">
              {/* Padded so the two values line up, as in `agentic test`'s output. */}
              {"+ got      "}
              {m.got}
            </span>
            {m.diff && m.diff.length > 0 && (
              <>
                {"\n"}
                <span className="diff-hunk" data-testid="mismatch-diff">
                  {m.diff.join("\n")}
                </span>
              </>
            )}
          </pre>
        </div>
      ))}
    </section>
  );
}
