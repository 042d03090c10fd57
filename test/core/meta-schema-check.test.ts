/**
 * Tool schemas are checked at registration by Ajv's draft-07 meta-schema validator generated ahead
 * of time (core/meta-schema-check.generated.ts), not by an Ajv compiled at every start: it must
 * be what today's Ajv generates, and find what Ajv's own validateSchema finds.
 */
import { readFile } from "node:fs/promises";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without type declarations
import { metaSchemaCheckSource } from "../../scripts/generate-meta-schema-check.mjs";
import type { JsonSchema } from "../../src-main/core/protocol.ts";
import { SchemaCompiler } from "../../src-main/core/validation.ts";

describe("the generated meta-schema check", () => {
  it("is what the installed Ajv generates (run scripts/generate-meta-schema-check.mjs if not)", async () => {
    const onDisk = await readFile(
      new URL("../../src-main/core/meta-schema-check.generated.ts", import.meta.url),
      "utf8",
    );
    expect(onDisk).toBe(metaSchemaCheckSource());
  });

  const schemas: unknown[] = [
    { type: "object", properties: { a: { type: "number", minimum: 0 } }, required: ["a"] },
    { type: "nope" },
    { minimum: "3" },
    { properties: { a: { type: ["string", 7] } } },
    { required: "a" },
    { enum: [] },
    { items: [{ type: "string" }, { maxLength: -1 }] },
    { $ref: 5 },
    { additionalProperties: { not: { type: "integer", multipleOf: 0 } } },
    { type: "object", examples: [1], "x-extra": true },
  ];

  it.each(schemas.map((s) => [JSON.stringify(s), s]))(
    "agrees with Ajv's validateSchema on %s",
    (_label, schema) => {
      const ajv = new Ajv({ allErrors: true, strict: false });
      const valid = ajv.validateSchema(schema as object) as boolean;
      const compile = () => new SchemaCompiler().compile(schema as JsonSchema);
      if (valid) expect(compile).not.toThrow();
      else expect(compile).toThrow(ajv.errorsText(ajv.errors, { dataVar: "schema" }));
    },
  );

  it("still validates parameters with Ajv once a tool is called", () => {
    const check = new SchemaCompiler().compile({
      type: "object",
      properties: { when: { type: "string", format: "date" } },
      required: ["when"],
    });
    expect(check({ when: "2026-12-01" })).toEqual([]);
    expect(check({ when: "yesterday" })).toMatchObject([{ pointer: "/when", rule: "format" }]);
    expect(check({})).toMatchObject([{ pointer: "/when", rule: "required" }]);
  });
});
