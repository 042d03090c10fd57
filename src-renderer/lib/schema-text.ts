/** Describes a JSON Schema node in words: its type and its constraints. */

type Node = Record<string, unknown>;

/** `string`, `integer | null`, `array of object`, `one of 2`, `enum`. */
export function typeOf(node: Node): string {
  if (Array.isArray(node.enum)) return "enum";
  if ("const" in node) return "const";
  if (Array.isArray(node.oneOf)) return `one of ${node.oneOf.length}`;
  if (Array.isArray(node.anyOf)) return `any of ${node.anyOf.length}`;
  const type = node.type;
  const names = Array.isArray(type)
    ? type.map(String)
    : type === undefined
      ? ["any"]
      : [String(type)];
  return names
    .map((t) =>
      t === "array" && node.items && typeof node.items === "object"
        ? `array of ${typeOf(node.items as Node)}`
        : t,
    )
    .join(" | ");
}

/** Marks a `default` the form added to an item schema (array-item-defaults.ts), not the tool. */
export const FORM_ADDED_DEFAULT = "x-workbench-empty-default";

/** `min 1`, `≤ 10`, `pattern ^a`, `one of: a, b`, `format email`, `default 3`. */
export function constraintsOf(node: Node): string[] {
  const out: string[] = [];
  const add = (key: string, label: string) => {
    if (node[key] !== undefined) out.push(`${label} ${JSON.stringify(node[key])}`);
  };
  if (Array.isArray(node.enum))
    out.push(`one of: ${node.enum.map((v) => JSON.stringify(v)).join(", ")}`);
  add("minimum", "≥");
  add("exclusiveMinimum", ">");
  add("maximum", "≤");
  add("exclusiveMaximum", "<");
  add("multipleOf", "multiple of");
  add("minLength", "min length");
  add("maxLength", "max length");
  add("pattern", "pattern");
  add("format", "format");
  add("minItems", "min items");
  add("maxItems", "max items");
  if (node.uniqueItems === true) out.push("unique items");
  // An empty item default the form added itself is not the tool's: not worth showing.
  if (node[FORM_ADDED_DEFAULT] !== true) add("default", "default");
  return out;
}
