/** The "tool" and "status" filter pair shared by the History and Traces views. */
import type { ReactNode } from "react";
import { useWorkbench } from "../lib/store.ts";

/** A filter on tool name ("" = all) and outcome ("" = any). */
export interface ToolStatus {
  tool: string;
  status: "" | "ok" | "error";
}

export function ToolStatusFilter({
  value,
  onChange,
  label,
  children,
}: {
  value: ToolStatus;
  onChange: (change: Partial<ToolStatus>) => void;
  /** What is filtered, for the selects' accessible names ("Filter traces by tool"). */
  label?: string;
  /** Extra controls at the end of the row. */
  children?: ReactNode;
}) {
  const tools = useWorkbench((s) => s.tools);
  const what = label ? `${label} ` : "";
  return (
    <div className="history-filters">
      <label>
        tool
        <select
          value={value.tool}
          onChange={(e) => onChange({ tool: e.target.value })}
          aria-label={`Filter ${what}by tool`}
        >
          <option value="">all tools</option>
          {tools.map((t) => (
            <option key={t.name} value={t.name}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        status
        <select
          value={value.status}
          onChange={(e) => onChange({ status: e.target.value as ToolStatus["status"] })}
          aria-label={`Filter ${what}by status`}
        >
          <option value="">any</option>
          <option value="ok">ok</option>
          <option value="error">error</option>
        </select>
      </label>
      {children}
    </div>
  );
}
