import { describe, expect, it } from "vitest";
import type { JsonSchema, ToolMetadata } from "../../src-main/core/protocol.ts";
import { diffDefinitions } from "../../src-main/testing/definition-diff.ts";
import { parseSnapshot, snapshotTools } from "../../src-main/testing/definition-snapshot.ts";

const tool = (parametersSchema: JsonSchema, extra: Partial<ToolMetadata> = {}): ToolMetadata => ({
  name: "@demo/t",
  description: "d",
  deterministic: true,
  costPerInvocation: 0,
  parametersSchema,
  ...extra,
});
const base = {
  type: "object",
  properties: {
    op: { type: "string", enum: ["add", "sub"] },
    n: { type: ["number", "string"], minimum: 0 },
    tags: { type: "array", items: { type: "string" } },
  },
  required: ["op"],
};
function diff(after: JsonSchema, before: JsonSchema = base) {
  const d = diffDefinitions(snapshotTools([tool(before)]), snapshotTools([tool(after)]));
  return d.changed.flatMap((c) => c.changes.map((x) => `${x.kind} ${x.path}: ${x.message}`));
}
const props = (patch: Record<string, unknown>) => ({
  ...base,
  properties: { ...base.properties, ...patch },
});

describe("tool definition diffs", () => {
  it("classifies each kind of schema change", () => {
    expect(diff({ ...props({ x: { type: "string" } }), required: ["op", "x"] })).toEqual([
      "breaking params.x: new required property",
    ]);
    expect(diff(props({ x: { type: "string" } }))).toEqual([
      "compatible params.x: optional property added",
    ]);
    const { tags: _tags, ...withoutTags } = base.properties;
    expect(diff({ ...base, properties: withoutTags })).toEqual([
      "breaking params.tags: property removed",
    ]);
    expect(diff({ ...base, required: ["op", "n"] })).toEqual(["breaking params.n: now required"]);
    expect(diff({ ...base, required: [] })).toEqual(["compatible params.op: no longer required"]);
    expect(diff(props({ n: { type: "number", minimum: 0 } }))).toEqual([
      "breaking params.n: type narrowed: number | string → number",
    ]);
    expect(diff(props({ op: { type: "string", enum: ["add"] } }))).toEqual([
      'breaking params.op: enum narrowed: removed ["sub"]',
    ]);
    expect(diff(props({ op: { type: "string", enum: ["add", "sub", "mul"] } }))).toEqual([
      'compatible params.op: enum widened: added ["mul"]',
    ]);
    expect(diff(props({ n: { type: ["number", "string"], minimum: 1 } }))).toEqual([
      "breaking params.n: minimum narrowed: 0 → 1",
    ]);
    expect(diff(props({ tags: { type: "array", items: { type: "integer" } } }))).toEqual([
      "breaking params.tags[]: type narrowed: string → integer",
    ]);
    expect(diff({ ...base, additionalProperties: false })).toEqual([
      "breaking params: no longer accepts extra properties",
    ]);
  });

  it("lists added tools as compatible and removed ones as breaking", () => {
    const a = snapshotTools([tool(base), tool(base, { name: "@demo/old" })]);
    const b = snapshotTools([tool(base), tool(base, { name: "@demo/new" })]);
    expect(diffDefinitions(a, b)).toMatchObject({
      added: ["@demo/new"],
      removed: ["@demo/old"],
      changed: [],
      breaking: true,
    });
    expect(diffDefinitions(a, a).breaking).toBe(false);
  });

  it("notes metadata changes and reads `tools list --json` output as a snapshot", () => {
    const before = parseSnapshot("old.json", JSON.stringify([tool(base)]));
    const after = snapshotTools([tool(base, { deterministic: false, costPerInvocation: 0.01 })]);
    expect(diffDefinitions(before, after).changed[0]?.changes.map((c) => c.path)).toEqual([
      "deterministic",
      "costPerInvocation",
    ]);
    expect(() => parseSnapshot("x.json", '{"tools":[{"name":"@a/b"}]}')).toThrow(
      /x\.json: tools\[0\] \(@a\/b\): parametersSchema is missing/,
    );
  });
});
