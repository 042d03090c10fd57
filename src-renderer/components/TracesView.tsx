/**
 * Traces: recent traces from the local store (no server needed), filtered by tool and status; a
 * trace's observations as a tree with timings, inputs, outputs and errors; the Langfuse link
 * beside each; and the export health of every sink.
 */
import { useEffect, useMemo, useState } from "react";
import type { Observation, TraceRecord } from "../../src-main/api/contract.ts";
import { formatCost, formatMs } from "../lib/format.ts";
import { useWorkbench } from "../lib/store.ts";
import { JsonValue } from "./JsonValue.tsx";
import { LangfuseSettingsForm } from "./LangfuseSettingsForm.tsx";
import { ToolStatusFilter } from "./ToolStatusFilter.tsx";

export function TracesView() {
  const traces = useWorkbench((s) => s.traces);
  const filter = useWorkbench((s) => s.traceFilter);
  const status = useWorkbench((s) => s.tracingStatus);
  const selectedId = useWorkbench((s) => s.selectedTraceId);
  const { setTraceFilter, selectTrace, refreshTraces } = useWorkbench.getState();

  useEffect(() => {
    void refreshTraces();
    // The sinks' health changes without anything happening here (Langfuse goes down): follow it.
    const timer = setInterval(() => void useWorkbench.getState().refreshTracingStatus(), 5_000);
    return () => clearInterval(timer);
  }, [refreshTraces]);
  // Newest first by the start time each row shows (the store keeps them in the order they ended).
  const ordered = useMemo(
    () => [...traces].sort((a, b) => b.startTime.localeCompare(a.startTime)),
    [traces],
  );

  return (
    <main className="traces-view" aria-label="Traces">
      <section className="health" aria-label="Export health" data-testid="trace-health">
        <span className="health-item ok">
          local store <strong>{status?.health.store.recorded ?? 0}</strong> recorded
          {status && status.health.store.failed > 0 && (
            <span className="bad"> · {status.health.store.failed} failed</span>
          )}
        </span>
        {status?.health.exporters.map((e) => (
          <span
            key={e.name}
            className={`health-item ${e.state}`}
            data-testid={`exporter-${e.name}`}
            title={e.lastError ?? e.reason ?? ""}
          >
            {e.name} <strong>{e.state}</strong> · {e.exported} exported · {e.dropped} dropped
            {e.state === "failing" && e.lastError ? ` · ${e.lastError}` : ""}
            {e.state === "disabled" && e.reason ? ` · ${e.reason}` : ""}
          </span>
        ))}
      </section>
      <LangfuseSettingsForm />
      <ToolStatusFilter value={filter} onChange={setTraceFilter} label="traces">
        <button type="button" onClick={() => void refreshTraces()}>
          Refresh
        </button>
      </ToolStatusFilter>
      <div className="traces-body">
        <ul className="trace-list" data-testid="trace-list">
          {traces.length === 0 && (
            <li className="empty">No traces yet. Invoke a tool and its trace appears here.</li>
          )}
          {ordered.map((t) => (
            <li key={t.traceId}>
              <button
                type="button"
                className={`trace-row${t.traceId === selectedId ? " selected" : ""}`}
                onClick={() => void selectTrace(t.traceId)}
              >
                <span className={`status ${t.status === "ok" ? "ok" : "failed"}`}>{t.status}</span>
                <span className="tool-name">{t.tool}</span>
                <span
                  className="metric"
                  title="The whole invocation: validation, the tool, tracing and history (History shows the tool's own time)"
                >
                  {formatMs(t.durationMs)} total
                </span>
                <span className="metric">{formatCost(t.cost)}</span>
                <span className="muted">{new Date(t.startTime).toLocaleTimeString()}</span>
              </button>
            </li>
          ))}
        </ul>
        <TraceDetail />
      </div>
    </main>
  );
}

function TraceDetail() {
  const trace = useWorkbench((s) => s.selectedTrace);
  const status = useWorkbench((s) => s.tracingStatus);
  if (!trace) return <section className="trace-detail empty">Select a trace.</section>;
  // Only traces sent to the Langfuse in use have a page there (the host checks `sentTo`).
  const link = status?.langfuse ? trace.langfuseUrl : undefined;
  return (
    <section
      className="trace-detail"
      aria-label={`Trace ${trace.traceId}`}
      data-testid="trace-detail"
    >
      <div className="trace-head">
        <code className="trace-id" data-testid="trace-id">
          {trace.traceId}
        </code>
        {link ? (
          <a href={link} target="_blank" rel="noopener noreferrer" data-testid="langfuse-link">
            Open in Langfuse
          </a>
        ) : status?.langfuse ? (
          <span
            className="muted"
            data-testid="langfuse-not-sent"
            title="Recorded before this Langfuse was connected, or sent to another one"
          >
            not in this Langfuse
          </span>
        ) : (
          <span
            className="muted"
            title="Set LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY and LANGFUSE_BASE_URL, or use Langfuse settings above"
          >
            Langfuse not configured
          </span>
        )}
      </div>
      <ObservationTree trace={trace} />
    </section>
  );
}

function ObservationTree({ trace }: { trace: TraceRecord }) {
  const children = useMemo(() => {
    const map = new Map<string | undefined, Observation[]>();
    for (const o of trace.observations) {
      const list = map.get(o.parentId) ?? [];
      list.push(o);
      map.set(o.parentId, list);
    }
    return map;
  }, [trace]);
  const start = Date.parse(trace.startTime);
  const total = Math.max(trace.durationMs, 0.001);
  const render = (o: Observation, depth: number) => (
    <li key={o.id}>
      <ObservationRow
        observation={o}
        depth={depth}
        offset={(Date.parse(o.startTime) - start) / total}
        width={o.durationMs / total}
      />
      {(children.get(o.id) ?? []).length > 0 && (
        <ul>{(children.get(o.id) ?? []).map((c) => render(c, depth + 1))}</ul>
      )}
    </li>
  );
  return (
    <ul className="observation-tree">{(children.get(undefined) ?? []).map((o) => render(o, 0))}</ul>
  );
}

function ObservationRow({
  observation: o,
  offset,
  width,
}: {
  observation: Observation;
  depth: number;
  offset: number;
  width: number;
}) {
  const [open, setOpen] = useState(o.parentId === undefined);
  return (
    <div
      className={`observation ${o.level === "ERROR" ? "error" : ""}`}
      data-testid={`observation-${o.type}`}
    >
      <button
        type="button"
        className="observation-head"
        onClick={() => setOpen(!open)}
        aria-expanded={open}
      >
        <span className="badge src">{o.type}</span>
        <span className="tool-name">{o.name}</span>
        <span className="metric">{formatMs(o.durationMs)}</span>
        {o.metadata.cost !== undefined && (
          <span className="metric">{formatCost(Number(o.metadata.cost))}</span>
        )}
        {o.level === "ERROR" && <span className="status failed">ERROR</span>}
        <span className="timeline" aria-hidden="true">
          <span
            className="timeline-bar"
            style={{
              marginLeft: `${Math.min(99, Math.max(0, offset * 100))}%`,
              width: `${Math.max(1, Math.min(100, width * 100))}%`,
            }}
          />
        </span>
      </button>
      {open && (
        <div className="observation-body">
          {o.statusMessage && <p className="error-message">{o.statusMessage}</p>}
          <div className="io">
            <div>
              <h4>input</h4>
              <JsonValue value={o.input} expand="collapsed" />
            </div>
            <div>
              <h4>output</h4>
              <JsonValue value={o.output} expand="collapsed" />
            </div>
          </div>
          <pre className="error-details">{JSON.stringify(o.metadata, null, 2)}</pre>
        </div>
      )}
    </div>
  );
}
