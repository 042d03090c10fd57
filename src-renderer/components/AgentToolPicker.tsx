/** The tools an agent run offers: a checklist with a search, every tool ticked by default. */
import { useState } from "react";
import type { ToolSummary } from "../../src-main/api/contract.ts";

export function AgentToolPicker({
  tools,
  off,
  onChange,
  disabled,
}: {
  tools: ToolSummary[];
  /** The names unticked. */
  off: string[];
  onChange: (off: string[]) => void;
  disabled: boolean;
}) {
  const [search, setSearch] = useState("");
  const needle = search.trim().toLowerCase();
  const shown = needle
    ? tools.filter((t) => `${t.name} ${t.description}`.toLowerCase().includes(needle))
    : tools;
  const offered = tools.length - tools.filter((t) => off.includes(t.name)).length;
  const toggle = (name: string, on: boolean) =>
    onChange(on ? off.filter((n) => n !== name) : [...off, name]);
  const shownNames = shown.map((t) => t.name);
  return (
    <fieldset className="agent-tools" disabled={disabled}>
      <legend>
        Tools offered{" "}
        <span className="muted" data-testid="agent-tools-count">
          {offered} of {tools.length}
        </span>
      </legend>
      <div className="agent-tools-controls">
        <input
          type="search"
          aria-label="Filter the tools offered"
          placeholder="Filter tools"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <button
          type="button"
          onClick={() => onChange(off.filter((n) => !shownNames.includes(n)))}
          title={needle ? "Tick every tool shown" : "Tick every tool"}
        >
          All
        </button>
        <button
          type="button"
          onClick={() => onChange([...new Set([...off, ...shownNames])])}
          title={needle ? "Untick every tool shown" : "Untick every tool"}
        >
          None
        </button>
      </div>
      <ul className="agent-tool-list" aria-label="Tools">
        {shown.map((t) => (
          <li key={t.name}>
            <label title={t.description}>
              <input
                type="checkbox"
                checked={!off.includes(t.name)}
                onChange={(e) => toggle(t.name, e.target.checked)}
              />
              <code>{t.name}</code>
              {t.needsApproval && <span className="badge writes">asks approval</span>}
            </label>
          </li>
        ))}
        {shown.length === 0 && <li className="muted">No tool matches “{search}”.</li>}
      </ul>
    </fieldset>
  );
}
