/**
 * RJSF starts a new array item from the item schema's default; without one a string item starts
 * `undefined`, which JSON turns into `null` — a value of the wrong type the user never typed. This
 * gives every item schema without a default an empty value of its own type, so "Add item" adds
 * `""`, `{}`, `[]`, `false` or a number the schema allows.
 */
import { FORM_ADDED_DEFAULT } from "./schema-text.ts";

type Node = Record<string, unknown>;

/** The schema with an empty default on each array's item schema (the input is not changed). */
export function withItemDefaults<S>(schema: S): S {
  return walk(schema) as S;
}

function walk(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(walk);
  if (typeof value !== "object" || value === null) return value;
  const out: Node = {};
  for (const [key, child] of Object.entries(value as Node)) out[key] = walk(child);
  const items = out.items;
  if (typeof items === "object" && items !== null && !Array.isArray(items)) {
    const empty = emptyOf(items as Node);
    if (empty !== undefined)
      out.items = { ...(items as Node), default: empty, [FORM_ADDED_DEFAULT]: true };
  }
  return out;
}

function emptyOf(item: Node): unknown {
  if ("default" in item || "$ref" in item || "const" in item) return undefined;
  if (Array.isArray(item.enum)) return undefined; // a select shows its options; no guess
  const types = Array.isArray(item.type) ? item.type : [item.type];
  const type = types.find((t) => t !== "null");
  switch (type) {
    case "string":
      return "";
    case "object":
      return {};
    case "array":
      return [];
    case "boolean":
      return false;
    case "number":
    case "integer": {
      const min = typeof item.minimum === "number" ? item.minimum : undefined;
      return min !== undefined && min > 0 ? Math.ceil(min) : 0;
    }
    default:
      return undefined;
  }
}
