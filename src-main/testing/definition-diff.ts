/**
 * Two snapshots of tool definitions compared, each change classified from a caller's side:
 * breaking when a call that worked may now be refused (a tool or property removed, a field newly
 * required, a type, enum or bound narrowed, extra properties closed off), compatible otherwise.
 * Local `$ref`s are compared as written, not resolved.
 */
import type { JsonSchema, ToolDefinition, ToolsSnapshot } from "./definition-snapshot.ts";
import { deepEqual } from "./value-diff.ts";

/** One change to a tool. */
export interface DefinitionChange {
  /** Where: `params.a.b`, `params.items[]`, or a metadata key. */
  path: string;
  kind: "breaking" | "compatible";
  message: string;
}

/** Everything that changed between two snapshots. */
export interface DefinitionsDiff {
  added: string[];
  removed: string[];
  changed: { name: string; changes: DefinitionChange[] }[];
  breaking: boolean;
}

/** Compares `before` with `after`. */
export function diffDefinitions(before: ToolsSnapshot, after: ToolsSnapshot): DefinitionsDiff {
  const old = new Map(before.tools.map((t) => [t.name, t]));
  const now = new Map(after.tools.map((t) => [t.name, t]));
  const added = [...now.keys()].filter((n) => !old.has(n));
  const removed = [...old.keys()].filter((n) => !now.has(n));
  const changed: DefinitionsDiff["changed"] = [];
  for (const [name, tool] of now) {
    const was = old.get(name);
    if (!was) continue;
    const changes = diffTool(was, tool);
    if (changes.length > 0) changed.push({ name, changes });
  }
  const breaking =
    removed.length > 0 || changed.some((c) => c.changes.some((x) => x.kind === "breaking"));
  return { added, removed, changed, breaking };
}

function diffTool(was: ToolDefinition, now: ToolDefinition): DefinitionChange[] {
  const out: DefinitionChange[] = [];
  diffSchema(was.parametersSchema, now.parametersSchema, "params", out);
  if (was.deterministic !== now.deterministic) {
    out.push(note("deterministic", `${was.deterministic} → ${now.deterministic}`));
  }
  if (was.costPerInvocation !== now.costPerInvocation) {
    out.push(note("costPerInvocation", `$${was.costPerInvocation} → $${now.costPerInvocation}`));
  }
  for (const key of ["version", "annotations", "resultSchema", "timeoutMs"] as const) {
    if (!deepEqual(was[key], now[key])) {
      out.push(note(key, `${JSON.stringify(was[key])} → ${JSON.stringify(now[key])}`));
    }
  }
  return out;
}

function note(path: string, message: string): DefinitionChange {
  return { path, kind: "compatible", message: `changed: ${message}` };
}

type Schema = Record<string, unknown>;

function diffSchema(was: JsonSchema, now: JsonSchema, at: string, out: DefinitionChange[]) {
  if (typeof was !== "object" || typeof now !== "object" || was === null || now === null) return;
  const a = was as Schema;
  const b = now as Schema;
  diffTypes(a, b, at, out);
  diffEnum(a, b, at, out);
  diffBounds(a, b, at, out);
  diffProperties(a, b, at, out);
  if (a.additionalProperties !== false && b.additionalProperties === false) {
    out.push({ path: at, kind: "breaking", message: "no longer accepts extra properties" });
  } else if (a.additionalProperties === false && b.additionalProperties !== false) {
    out.push({ path: at, kind: "compatible", message: "now accepts extra properties" });
  }
  if (a.items !== undefined && b.items !== undefined) {
    diffSchema(a.items as JsonSchema, b.items as JsonSchema, `${at}[]`, out);
  }
}

function types(s: Schema): string[] | undefined {
  if (s.type === undefined) return undefined;
  const list = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
  return list;
}

function diffTypes(a: Schema, b: Schema, at: string, out: DefinitionChange[]) {
  const was = types(a);
  const now = types(b);
  if (deepEqual(was, now)) return;
  const show = (t: string[] | undefined) => (t ? t.join(" | ") : "any");
  // An integer is a number: integer → number widens, number → integer narrows.
  const accepts = (list: string[] | undefined, t: string) =>
    !list || list.includes(t) || (t === "integer" && list.includes("number"));
  const lost = was ? was.filter((t) => !accepts(now, t)) : now ? ["(any)"] : [];
  out.push({
    path: at,
    kind: lost.length > 0 ? "breaking" : "compatible",
    message: `type ${lost.length > 0 ? "narrowed" : "widened"}: ${show(was)} → ${show(now)}`,
  });
}

function diffEnum(a: Schema, b: Schema, at: string, out: DefinitionChange[]) {
  const was = a.enum as unknown[] | undefined;
  const now = b.enum as unknown[] | undefined;
  if (!now) {
    if (was) out.push({ path: at, kind: "compatible", message: "enum removed (any value)" });
    return;
  }
  if (!was) {
    out.push({ path: at, kind: "breaking", message: `now limited to ${JSON.stringify(now)}` });
    return;
  }
  const dropped = was.filter((v) => !now.some((w) => deepEqual(v, w)));
  const gained = now.filter((v) => !was.some((w) => deepEqual(v, w)));
  if (dropped.length > 0) {
    out.push({
      path: at,
      kind: "breaking",
      message: `enum narrowed: removed ${JSON.stringify(dropped)}`,
    });
  }
  if (gained.length > 0) {
    out.push({
      path: at,
      kind: "compatible",
      message: `enum widened: added ${JSON.stringify(gained)}`,
    });
  }
}

// Lower bounds rising or upper bounds falling refuse values that were accepted.
const BOUNDS: [string, "min" | "max"][] = [
  ["minimum", "min"],
  ["exclusiveMinimum", "min"],
  ["minLength", "min"],
  ["minItems", "min"],
  ["maximum", "max"],
  ["exclusiveMaximum", "max"],
  ["maxLength", "max"],
  ["maxItems", "max"],
];

function diffBounds(a: Schema, b: Schema, at: string, out: DefinitionChange[]) {
  for (const [key, side] of BOUNDS) {
    const was = typeof a[key] === "number" ? (a[key] as number) : undefined;
    const now = typeof b[key] === "number" ? (b[key] as number) : undefined;
    if (was === now) continue;
    const narrowed =
      now !== undefined && (was === undefined || (side === "min" ? now > was : now < was));
    out.push({
      path: at,
      kind: narrowed ? "breaking" : "compatible",
      message: `${key} ${narrowed ? "narrowed" : "relaxed"}: ${was ?? "none"} → ${now ?? "none"}`,
    });
  }
}

function diffProperties(a: Schema, b: Schema, at: string, out: DefinitionChange[]) {
  const was = (a.properties ?? {}) as Record<string, JsonSchema>;
  const now = (b.properties ?? {}) as Record<string, JsonSchema>;
  const wasRequired = new Set((a.required ?? []) as string[]);
  const nowRequired = new Set((b.required ?? []) as string[]);
  for (const key of Object.keys(was)) {
    if (!Object.hasOwn(now, key)) {
      out.push({ path: `${at}.${key}`, kind: "breaking", message: "property removed" });
    }
  }
  for (const [key, schema] of Object.entries(now)) {
    const path = `${at}.${key}`;
    if (!Object.hasOwn(was, key)) {
      out.push(
        nowRequired.has(key)
          ? { path, kind: "breaking", message: "new required property" }
          : { path, kind: "compatible", message: "optional property added" },
      );
      continue;
    }
    if (nowRequired.has(key) && !wasRequired.has(key)) {
      out.push({ path, kind: "breaking", message: "now required" });
    } else if (!nowRequired.has(key) && wasRequired.has(key)) {
      out.push({ path, kind: "compatible", message: "no longer required" });
    }
    diffSchema(was[key] as JsonSchema, schema, path, out);
  }
}
