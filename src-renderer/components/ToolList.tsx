/** The tool list: grouped by scope, searchable, filterable, virtualized for thousands of tools. */
import { useVirtualizer } from "@tanstack/react-virtual";
import { type KeyboardEvent, useMemo, useRef } from "react";
import type { ToolSummary } from "../../src-main/api/contract.ts";
import { formatCost } from "../lib/format.ts";
import { useWorkbench, visibleTools } from "../lib/store.ts";

type Row = { kind: "scope"; scope: string; count: number } | { kind: "tool"; tool: ToolSummary };

export function ToolList({ searchRef }: { searchRef: React.RefObject<HTMLInputElement | null> }) {
  const tools = useWorkbench((s) => s.tools);
  const search = useWorkbench((s) => s.search);
  const deterministicOnly = useWorkbench((s) => s.deterministicOnly);
  const sources = useWorkbench((s) => s.sources);
  const selected = useWorkbench((s) => s.selected);
  // Before the tools arrive (or when the tab cannot connect) nothing "does not match".
  const connected = useWorkbench((s) => s.info !== undefined);
  const { setSearch, setDeterministicOnly, toggleSource, select } = useWorkbench.getState();

  const visible = useMemo(
    () => visibleTools({ tools, search, deterministicOnly, sources }),
    [tools, search, deterministicOnly, sources],
  );
  const rows = useMemo(() => groupByScope(visible), [visible]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => (rows[i]?.kind === "scope" ? 26 : 52),
    overscan: 12,
  });

  /** Moves `delta` tools from `from` (the focused row; else the selected tool), clamped. */
  const move = (event: KeyboardEvent, delta: number, from = selected) => {
    event.preventDefault();
    const index = visible.findIndex((t) => t.name === from);
    const next = visible[Math.max(0, Math.min(visible.length - 1, index + delta))];
    if (next) {
      void select(next.name);
      const rowIndex = rows.findIndex((r) => r.kind === "tool" && r.tool.name === next.name);
      virtualizer.scrollToIndex(rowIndex);
      requestAnimationFrame(() => document.getElementById(rowId(next.name))?.focus());
    }
  };

  return (
    <aside className="tool-list" aria-label="Tools">
      <div className="tool-list-controls">
        <input
          ref={searchRef}
          type="search"
          className="search"
          placeholder="Search tools (Ctrl+K)"
          aria-label="Search tools"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown")
              move(e, visible.findIndex((t) => t.name === selected) < 0 ? 0 : 1);
          }}
        />
        <div className="filters">
          <label>
            <input
              type="checkbox"
              checked={deterministicOnly}
              onChange={(e) => setDeterministicOnly(e.target.checked)}
            />
            deterministic only
          </label>
          {(["builtin", "plugin", "package", "mcp"] as const)
            .filter((kind) => tools.some((t) => t.sourceKind === kind))
            .map((kind) => (
              <label key={kind}>
                <input
                  type="checkbox"
                  checked={sources[kind]}
                  onChange={() => toggleSource(kind)}
                />
                {kind === "builtin" ? "built-in" : kind}
              </label>
            ))}
        </div>
        <div className="count" data-testid="tool-count">
          {visible.length === tools.length
            ? `${tools.length} tools`
            : `${visible.length} of ${tools.length} tools`}
        </div>
      </div>
      <div className="tool-scroller" ref={scroller}>
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index] as Row;
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                style={{
                  position: "absolute",
                  top: 0,
                  left: 0,
                  width: "100%",
                  transform: `translateY(${item.start}px)`,
                }}
              >
                {row.kind === "scope" ? (
                  <div className="scope-header">
                    @{row.scope} <span className="muted">{row.count}</span>
                  </div>
                ) : (
                  <button
                    type="button"
                    id={rowId(row.tool.name)}
                    className={`tool-row${row.tool.name === selected ? " selected" : ""}`}
                    aria-current={row.tool.name === selected}
                    onClick={() => void select(row.tool.name)}
                    onKeyDown={(e) => {
                      const here = row.tool.name;
                      const page = Math.max(
                        1,
                        Math.floor((scroller.current?.clientHeight ?? 520) / 52),
                      );
                      if (e.key === "ArrowDown") move(e, 1, here);
                      if (e.key === "ArrowUp") move(e, -1, here);
                      if (e.key === "PageDown") move(e, page, here);
                      if (e.key === "PageUp") move(e, -page, here);
                      if (e.key === "Home") move(e, -visible.length, here);
                      if (e.key === "End") move(e, visible.length, here);
                      if (e.key === "Enter") {
                        // Enter on a tool takes the keyboard to its form's first field.
                        e.preventDefault();
                        void select(row.tool.name).then(focusFirstField);
                      }
                    }}
                  >
                    <span className="tool-name" title={row.tool.name}>
                      {row.tool.name}
                    </span>
                    <span className="badges">
                      {row.tool.deterministic && (
                        <span className="badge det" title="deterministic">
                          det
                        </span>
                      )}
                      <span
                        className={`badge cost${row.tool.costPerInvocation > 0 ? " paid" : ""}`}
                        title="cost per invocation"
                      >
                        {formatCost(row.tool.costPerInvocation)}
                      </span>
                      {row.tool.sourceKind !== "builtin" && (
                        <span className="badge src">{row.tool.sourceKind}</span>
                      )}
                    </span>
                    <span className="tool-desc">{row.tool.description}</span>
                  </button>
                )}
              </div>
            );
          })}
        </div>
        {visible.length === 0 && connected && (
          <p className="empty">No tool matches. Clear the search or the filters.</p>
        )}
      </div>
    </aside>
  );
}

function focusFirstField(): void {
  requestAnimationFrame(() => {
    document
      .querySelector<HTMLElement>(".form-pane input, .form-pane select, .form-pane textarea")
      ?.focus();
  });
}

function rowId(name: string): string {
  return `tool-${name.replace(/[^a-z0-9]/gi, "-")}`;
}

function groupByScope(tools: ToolSummary[]): Row[] {
  const groups = new Map<string, ToolSummary[]>();
  for (const tool of tools) {
    const list = groups.get(tool.scope) ?? [];
    list.push(tool);
    groups.set(tool.scope, list);
  }
  const rows: Row[] = [];
  for (const scope of [...groups.keys()].sort()) {
    const list = groups.get(scope) as ToolSummary[];
    rows.push({ kind: "scope", scope, count: list.length });
    for (const tool of list) rows.push({ kind: "tool", tool });
  }
  return rows;
}
