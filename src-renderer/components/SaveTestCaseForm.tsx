/**
 * "Save as test case" for a result (the invoke view's or a History row's): the suite file (an
 * existing one or a new name), the case's name, its parameters and its expectation, prefilled
 * from the result and editable. A deterministic tool's result is proposed as a golden, which
 * Update goldens can record again when the tool changes on purpose.
 */
import { useEffect, useId, useState } from "react";
import type { ToolFailure } from "../../src-main/api/contract.ts";
import { type ShownError, shownError } from "../lib/api-client.ts";
import { withoutRedacted } from "../lib/redacted-fields.ts";
import { useWorkbench } from "../lib/store.ts";
import { useTests } from "../lib/tests-store.ts";
import { ErrorView } from "./ErrorView.tsx";

/** The result to save, as the result panel and History hold it. */
export type SavedOutcome = { ok: true; value: unknown } | { ok: false; error: ToolFailure };

const NEW_FILE = "";

export function SaveTestCaseForm({
  tool,
  params,
  outcome,
  onClose,
}: {
  tool: string;
  params: unknown;
  outcome: SavedOutcome;
  onClose: () => void;
}) {
  const id = useId();
  const suites = useTests((s) => s.suites);
  const deterministic = useWorkbench((s) => s.tools.find((t) => t.name === tool)?.deterministic);
  const redacted = withoutRedacted(params);
  const [suite, setSuite] = useState<string | undefined>(undefined);
  const [newFile, setNewFile] = useState(`${tool.replace(/^@/, "").replace(/\//g, "-")}.yaml`);
  const [name, setName] = useState("");
  const [paramsText, setParamsText] = useState(JSON.stringify(redacted.params ?? {}, null, 2));
  const [golden, setGolden] = useState(deterministic === true);
  const [expectText, setExpectText] = useState(JSON.stringify(expectationOf(outcome), null, 2));
  const [problem, setProblem] = useState<ShownError | undefined>();
  const [saved, setSaved] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    void useTests.getState().refresh();
  }, []);
  // The suite picker starts on the file that already tests this tool, else on a new file.
  const existing = suites?.suites ?? [];
  const chosen =
    suite ?? existing.find((s) => s.cases.some((c) => c.tool === tool))?.path ?? NEW_FILE;

  const submit = async () => {
    setProblem(undefined);
    let parsedParams: unknown;
    let parsedExpect: unknown;
    try {
      parsedParams = JSON.parse(paramsText);
    } catch (error) {
      return setProblem({ message: `Parameters: not valid JSON (${(error as Error).message})` });
    }
    try {
      parsedExpect = JSON.parse(expectText);
    } catch (error) {
      return setProblem({ message: `Expectation: not valid JSON (${(error as Error).message})` });
    }
    if (typeof parsedExpect !== "object" || parsedExpect === null || Array.isArray(parsedExpect)) {
      return setProblem({
        message: 'Expectation: give an object, e.g. { "ok": true, "value": 20 }',
      });
    }
    const { golden: _old, ...rest } = parsedExpect as Record<string, unknown>;
    setSaving(true);
    try {
      const result = await useTests.getState().save({
        suite: chosen === NEW_FILE ? newFile.trim() : chosen,
        name: name.trim(),
        tool,
        params: parsedParams as Record<string, unknown>,
        expect: golden ? { golden: true, ...rest } : rest,
      });
      if (result.ok) setSaved(`agentic-tests/${result.path}`);
      else setProblem({ message: result.message, ...(result.hint ? { hint: result.hint } : {}) });
    } catch (error) {
      setProblem(shownError(error));
    } finally {
      setSaving(false);
    }
  };

  if (saved) {
    return (
      <div className="save-case saved" role="status" data-testid="save-case-done">
        Saved “{name.trim()}” to <code>{saved}</code>.{" "}
        <button
          type="button"
          className="link"
          onClick={() => useWorkbench.getState().setView("tests")}
        >
          Open Tests
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    );
  }
  return (
    <form
      className="save-case"
      aria-label="Save as test case"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="save-case-row">
        <label htmlFor={`${id}-suite`}>Suite file</label>
        <select id={`${id}-suite`} value={chosen} onChange={(e) => setSuite(e.target.value)}>
          {existing.map((s) => (
            <option key={s.path} value={s.path}>
              agentic-tests/{s.path}
            </option>
          ))}
          <option value={NEW_FILE}>New file…</option>
        </select>
        {chosen === NEW_FILE && (
          <>
            <label htmlFor={`${id}-file`}>New file name</label>
            <input
              id={`${id}-file`}
              className="save-case-input"
              value={newFile}
              onChange={(e) => setNewFile(e.target.value)}
              placeholder="tools.yaml"
            />
          </>
        )}
      </div>
      <div className="save-case-row">
        <label htmlFor={`${id}-name`}>Case name</label>
        <input
          id={`${id}-name`}
          className="save-case-input"
          value={name}
          required
          onChange={(e) => setName(e.target.value)}
          placeholder="e.g. multiplies two numbers"
        />
      </div>
      {redacted.fields.length > 0 && (
        <p className="redacted-notice" role="status">
          History kept {redacted.fields.join(", ")} redacted: fill{" "}
          {redacted.fields.length === 1 ? "it" : "them"} in below, or the case will run without.
        </p>
      )}
      <div className="save-case-json">
        <label>
          Parameters (JSON)
          <textarea
            value={paramsText}
            spellCheck={false}
            onChange={(e) => setParamsText(e.target.value)}
          />
        </label>
        <label>
          Expectation (JSON)
          <textarea
            value={expectText}
            spellCheck={false}
            onChange={(e) => setExpectText(e.target.value)}
          />
        </label>
      </div>
      <label className="save-case-golden">
        <input type="checkbox" checked={golden} onChange={(e) => setGolden(e.target.checked)} />
        Golden: Update goldens records this result again when the tool changes on purpose
        {deterministic ? " (proposed: the tool is declared deterministic)" : ""}
      </label>
      {problem && <ErrorView error={problem} testId="save-case-error" />}
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          Save case
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The expectation a result proposes: its value, or its error's code and message. */
function expectationOf(outcome: SavedOutcome): Record<string, unknown> {
  if (outcome.ok) return { ok: true, value: outcome.value };
  return { ok: false, code: outcome.error.code, message: literalMessage(outcome.error.message) };
}

/**
 * A message the suite format would read as `/regex/` is escaped into a regex matching exactly
 * it (as testing/text-matcher.ts records goldens), so the case expects what was seen.
 */
function literalMessage(text: string): string {
  if (!/^\/(.+)\/([a-z]*)$/s.test(text)) return text;
  return `/${text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}/`;
}
