/** The result panel's "Save as test case" button, opening the form beneath it. */
import { useState } from "react";
import { type SavedOutcome, SaveTestCaseForm } from "./SaveTestCaseForm.tsx";

export function SaveAsTestCase({
  tool,
  params,
  outcome,
}: {
  tool: string;
  params: unknown;
  outcome: SavedOutcome;
}) {
  const [open, setOpen] = useState(false);
  if (open) {
    return (
      <SaveTestCaseForm
        tool={tool}
        params={params}
        outcome={outcome}
        onClose={() => setOpen(false)}
      />
    );
  }
  return (
    <div className="save-case-toggle">
      <button
        type="button"
        onClick={() => setOpen(true)}
        title="Keep this call and its result as a case of a suite in agentic-tests/"
      >
        Save as test case
      </button>
    </div>
  );
}
