/** One tool: its metadata, schema, the form with a raw JSON editor beside it, invoke and result. */
import type { ParamProblem } from "../../src-main/api/contract.ts";
import { formatCost } from "../lib/format.ts";
import { useWorkbench } from "../lib/store.ts";
import { JsonEditor } from "./JsonEditor.tsx";
import { ParamsForm } from "./ParamsForm.tsx";
import { ResultPanel } from "./ResultPanel.tsx";
import { SchemaView } from "./SchemaView.tsx";

export function ToolView() {
  const detail = useWorkbench((s) => s.detail);
  const params = useWorkbench((s) => s.params);
  const redactedFields = useWorkbench((s) => s.redactedFields);
  const paramsTextError = useWorkbench((s) => s.paramsTextError);
  const invokeRefusal = useWorkbench((s) => s.invokeRefusal);
  const liveProblems = useWorkbench((s) => s.liveProblems);
  const run = useWorkbench((s) => (s.selected ? s.runs[s.selected] : undefined));
  const { setParams, setParamsTextError, invoke, cancel } = useWorkbench.getState();

  if (!detail) return <main className="tool-view empty">Select a tool.</main>;
  const running = run !== undefined && run.result === undefined;
  const reported: ParamProblem[] =
    run?.result && !run.result.ok && run.result.error.code === "VALIDATION_ERROR"
      ? ((run.result.error.details?.problems as ParamProblem[] | undefined) ?? [])
      : [];
  const problems = [
    ...reported,
    ...liveProblems.filter(
      (p) => !reported.some((r) => r.pointer === p.pointer && r.message === p.message),
    ),
  ];
  const annotations = Object.entries(detail.annotations ?? {})
    .filter(([, on]) => on)
    .map(([name]) => name);

  return (
    <main className="tool-view" aria-label={`Tool ${detail.name}`}>
      <header className="tool-head">
        <h1>
          {detail.name}
          {detail.version && <span className="version">v{detail.version}</span>}
        </h1>
        <p className="description">{detail.description}</p>
        <dl className="meta">
          <dt>deterministic</dt>
          <dd data-testid="meta-deterministic">{detail.deterministic ? "yes" : "no"}</dd>
          <dt>cost per invocation</dt>
          <dd data-testid="meta-cost">{formatCost(detail.costPerInvocation)}</dd>
          <dt>source</dt>
          <dd className="source" title={detail.source}>
            {detail.source}
          </dd>
          {detail.timeoutMs !== undefined && (
            <>
              <dt>timeout</dt>
              <dd>{detail.timeoutMs} ms</dd>
            </>
          )}
          {annotations.length > 0 && (
            <>
              <dt>annotations</dt>
              <dd>{annotations.join(", ")}</dd>
            </>
          )}
          {detail.tags && detail.tags.length > 0 && (
            <>
              <dt>tags</dt>
              <dd>{detail.tags.join(", ")}</dd>
            </>
          )}
        </dl>
        <SchemaView schema={detail.parametersSchema} />
      </header>
      {redactedFields.length > 0 && (
        <p className="redacted-notice" role="status" data-testid="redacted-notice">
          Fill in again: {redactedFields.join(", ")} — history keeps secrets redacted, so{" "}
          {redactedFields.length === 1 ? "this field was" : "these fields were"} left empty.
        </p>
      )}
      <div className="inputs">
        <section className="form-pane" aria-label="Parameters form">
          {declaredParameters(detail.parametersSchema) !== "some" ? (
            <p className="no-params" data-testid="no-params">
              {declaredParameters(detail.parametersSchema) === "none"
                ? "This tool takes no parameters: Invoke runs it as it is."
                : "This tool declares no parameters; any you write in the raw JSON are passed on."}
            </p>
          ) : (
            <ParamsForm
              key={detail.name}
              schema={detail.parametersSchema}
              value={params}
              problems={problems}
              onChange={setParams}
              onSubmit={() => void invoke()}
            />
          )}
        </section>
        <section className="json-pane" aria-label="Parameters JSON">
          <JsonEditor value={params} onChange={setParams} onInvalid={setParamsTextError} />
        </section>
      </div>
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={running || paramsTextError !== undefined}
          onClick={() => void invoke()}
          title={paramsTextError ? "Fix the raw JSON first: it does not parse" : "Ctrl+Enter"}
          aria-describedby={paramsTextError ? "invoke-off-reason" : undefined}
        >
          Invoke <kbd>Ctrl+Enter</kbd>
        </button>
        {running && (
          <button type="button" onClick={() => void cancel()}>
            Cancel
          </button>
        )}
        <button type="button" onClick={() => setParams({})}>
          Clear
        </button>
        {paramsTextError && (
          <span
            id="invoke-off-reason"
            className={`invoke-off${invokeRefusal ? " refused" : ""}`}
            role={invokeRefusal ? "alert" : undefined}
            data-testid="invoke-off-reason"
          >
            {invokeRefusal ?? "Invoke is off while the raw JSON does not parse."}
          </span>
        )}
      </div>
      {liveProblems.length > 0 && (
        <ul className="live-problems" role="status" data-testid="live-problems">
          {liveProblems.map((p) => (
            <li key={`${p.pointer} ${p.message}`}>
              <code>{p.pointer.slice(1).replaceAll("/", ".") || "parameters"}</code> {p.message}
            </li>
          ))}
        </ul>
      )}
      <ResultPanel run={run} onCancel={() => void cancel()} />
    </main>
  );
}

/**
 * Whether the form has fields to show: `some`; an object schema without properties is `none`
 * when it allows no others, `undeclared` when it takes anything (the raw JSON is the way in).
 */
function declaredParameters(schema: unknown): "some" | "none" | "undeclared" {
  if (typeof schema !== "object" || schema === null) return "some";
  const s = schema as Record<string, unknown>;
  const composite = ["oneOf", "anyOf", "allOf", "$ref", "patternProperties", "if"].some(
    (k) => k in s,
  );
  if (composite || (s.type !== undefined && s.type !== "object")) return "some";
  const properties = s.properties as Record<string, unknown> | undefined;
  if (properties && Object.keys(properties).length > 0) return "some";
  if (s.additionalProperties === false) return "none";
  // Schema-valued additionalProperties: RJSF renders its add-a-key editor.
  return typeof s.additionalProperties === "object" ? "some" : "undeclared";
}
