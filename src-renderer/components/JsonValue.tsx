/** Any JSON value: objects and arrays as a collapsible tree, everything else as text. */
import {
  allExpanded,
  collapseAllNested,
  darkStyles,
  defaultStyles,
  JsonView,
} from "react-json-view-lite";

export function JsonValue({
  value,
  expand = "auto",
}: {
  value: unknown;
  expand?: "auto" | "collapsed";
}) {
  if (value === null || typeof value !== "object") {
    return (
      <pre className="value-text">
        {value === undefined ? "—" : typeof value === "string" ? value : JSON.stringify(value)}
      </pre>
    );
  }
  const dark = window.matchMedia?.("(prefers-color-scheme: dark)").matches;
  const small = expand === "auto" && JSON.stringify(value).length < 4000;
  return (
    <div className="json-tree">
      <JsonView
        data={value}
        shouldExpandNode={small ? allExpanded : collapseAllNested}
        style={dark ? darkStyles : defaultStyles}
      />
    </div>
  );
}
