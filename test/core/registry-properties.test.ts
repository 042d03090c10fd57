/**
 * Property tests (fast-check): whatever parameters arrive, against whatever schema a tool
 * declares, the registry answers with a value or a VALIDATION_ERROR and never throws; whatever
 * names and metadata a plugin declares, they are registered or refused with a reason.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RegistrationError } from "../../src-main/core/errors.ts";
import { PluginLoader } from "../../src-main/core/loader.ts";
import { toolNameProblem } from "../../src-main/core/names.ts";
import type { JsonSchema, ToolProtocol } from "../../src-main/core/protocol.ts";
import { ToolRegistry } from "../../src-main/core/registry.ts";
import { tempDir } from "../helpers/temp-dir.ts";

// --- schemas ---------------------------------------------------------------------------------

const key = fc.oneof(
  fc.constantFrom("a", "b", "name", "count", "x-y", "with space", "", "__proto__", "constructor"),
  // Keys that shadow Object.prototype's methods once in a value (Ajv's deep-equal calls them).
  fc.constantFrom("valueOf", "toString", "hasOwnProperty", "toJSON"),
  fc.string({ maxLength: 8 }),
);
const SAFE_PATTERNS = ["^[a-z]+$", "\\d", "^.{0,3}$", "x|y", "^$"];

/** A valid JSON Schema of bounded depth, drawn from the keywords tools use. */
const schema: fc.Arbitrary<JsonSchema> = fc.letrec<{ node: JsonSchema }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant({}),
    fc.boolean(),
    fc.record(
      {
        type: fc.constant("string"),
        minLength: fc.nat(5),
        maxLength: fc.integer({ min: 5, max: 20 }),
        pattern: fc.constantFrom(...SAFE_PATTERNS),
        format: fc.constantFrom("email", "uri", "date-time", "uuid", "ipv4"),
      },
      { requiredKeys: ["type"] },
    ),
    fc.record(
      {
        type: fc.constantFrom("number", "integer"),
        minimum: fc.integer({ min: -100, max: 0 }),
        maximum: fc.integer({ min: 0, max: 100 }),
        multipleOf: fc.constantFrom(1, 2, 0.5),
        exclusiveMinimum: fc.integer({ min: -200, max: -101 }),
      },
      { requiredKeys: ["type"] },
    ),
    fc.record({ type: fc.constantFrom("boolean", "null") }),
    fc.record({
      enum: fc.uniqueArray(fc.jsonValue({ maxDepth: 1 }), {
        minLength: 1,
        maxLength: 4,
        selector: (v) => JSON.stringify(v),
      }),
    }),
    fc.record({ const: fc.jsonValue({ maxDepth: 1 }) }),
    fc.record(
      {
        type: fc.constant("array"),
        items: tie("node"),
        minItems: fc.nat(2),
        maxItems: fc.integer({ min: 2, max: 6 }),
        uniqueItems: fc.boolean(),
      },
      { requiredKeys: ["type"] },
    ),
    fc
      .record(
        {
          properties: fc.dictionary(key, tie("node"), { maxKeys: 4 }),
          additionalProperties: fc.oneof(fc.boolean(), tie("node")),
          requiredFrom: fc.array(key, { maxLength: 3 }),
        },
        { requiredKeys: ["properties"] },
      )
      .map(({ requiredFrom, ...rest }) => ({
        type: "object",
        ...rest,
        ...(requiredFrom ? { required: [...new Set(requiredFrom)] } : {}),
      })),
    fc.record({ anyOf: fc.array(tie("node"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ oneOf: fc.array(tie("node"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ allOf: fc.array(tie("node"), { minLength: 1, maxLength: 2 }) }),
    fc.record({ not: tie("node") }),
  ),
})).node;

/** Anything a form, the API or a buggy caller could hand in, JSON or not. */
const params = fc.oneof(
  fc.jsonValue(),
  fc.anything({
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withSparseArray: true,
    withTypedArray: true,
    withBoxedValues: true,
    maxDepth: 3,
  }),
  fc.dictionary(key, fc.jsonValue({ maxDepth: 2 })),
);

function toolWith(parametersSchema: JsonSchema, name = "@prop/tool"): ToolProtocol {
  return {
    metadata: {
      name,
      description: "Answers whatever it is given.",
      deterministic: true,
      costPerInvocation: 0,
      parametersSchema,
    },
    invoke: () => "fine",
  };
}

describe("random parameters against random schemas", () => {
  it("the outcome is the value or VALIDATION_ERROR with a pointer per problem; invoke never throws", async () => {
    await fc.assert(
      fc.asyncProperty(
        schema,
        fc.array(params, { minLength: 1, maxLength: 5 }),
        async (s, many) => {
          const registry = new ToolRegistry();
          registry.register(toolWith(s));
          for (const p of many) {
            const predicted = await registry.validateParams("@prop/tool", p);
            const result = await registry.invoke("@prop/tool", p);
            if (result.ok) {
              expect(result.value).toBe("fine");
              expect(predicted).toEqual([]);
            } else {
              expect(result.error.code).toBe("VALIDATION_ERROR");
              const problems = result.error.details?.problems as {
                pointer: string;
                rule: string;
                message: string;
              }[];
              expect(problems.length).toBeGreaterThan(0);
              for (const problem of problems) {
                expect(problem.pointer === "" || problem.pointer.startsWith("/")).toBe(true);
                expect(typeof problem.rule).toBe("string");
                expect(problem.message.length).toBeGreaterThan(0);
              }
              expect(predicted).toEqual(problems);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("parameters sent to the wrong shape of tool entirely (any value as the whole params) never crash it", async () => {
    const registry = new ToolRegistry();
    registry.register(
      toolWith({
        type: "object",
        properties: { n: { type: "number" }, s: { type: "string", minLength: 1 } },
        required: ["n"],
        additionalProperties: false,
      }),
    );
    await fc.assert(
      fc.asyncProperty(params, async (p) => {
        const result = await registry.invoke("@prop/tool", p);
        expect(result.ok || result.error.code === "VALIDATION_ERROR").toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe("what the properties found", () => {
  it('JSON such as {"valueOf": null} against enum, const or uniqueItems is a VALIDATION_ERROR, not an internal error', async () => {
    const registry = new ToolRegistry();
    registry.register(
      toolWith({
        type: "object",
        properties: {
          e: { enum: [{ a: 1 }] },
          c: { const: { a: 1 } },
          u: { type: "array", uniqueItems: true },
        },
      }),
    );
    for (const p of [
      { e: { valueOf: null } },
      { c: { valueOf: 3, toString: 5 } },
      { u: [{ valueOf: null }, { valueOf: null }] },
    ]) {
      expect(await registry.invoke("@prop/tool", p)).toMatchObject({
        ok: false,
        error: { code: "VALIDATION_ERROR", details: { problems: [{ rule: "uncheckable" }] } },
      });
    }
  });
});

// --- names and metadata ----------------------------------------------------------------------

const namePart = fc.oneof(
  fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,10}$/),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 6 }),
  fc.constantFrom("", "UPPER", "-dash", ".dot", "a".repeat(65), "ok", "é", "a/b", "..", "\u0000"),
);
const toolName = fc.oneof(
  fc.tuple(namePart, namePart).map(([scope, name]) => `@${scope}/${name}`),
  fc.string({ maxLength: 20 }),
  fc.constantFrom("@", "@/", "@a/", "@/b", "@a/b/c", "a/b", "@@a/b"),
  fc.anything({ maxDepth: 1 }),
);
const metadataField = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) });
const metadata = fc.record(
  {
    name: toolName,
    description: metadataField(fc.string({ minLength: 1, maxLength: 30 })),
    deterministic: metadataField(fc.boolean()),
    costPerInvocation: metadataField(fc.double({ min: 0, max: 10, noNaN: true })),
    parametersSchema: metadataField(fc.oneof(schema, fc.constant({ type: "nonsense" }))),
    version: metadataField(fc.string({ maxLength: 8 })),
    timeoutMs: metadataField(fc.nat(10_000)),
    tags: metadataField(fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 })),
    annotations: metadataField(fc.record({ readOnly: fc.boolean(), destructive: fc.boolean() })),
  },
  { requiredKeys: ["name"] },
);

const REASONS = ["INVALID_NAME", "INVALID_METADATA", "INVALID_SCHEMA", "DUPLICATE_NAME"];

describe("random names and metadata", () => {
  it("registration accepts a tool (valid name, listed, invokable) or refuses it with a reason", async () => {
    await fc.assert(
      fc.asyncProperty(metadata, async (m) => {
        const registry = new ToolRegistry();
        let registered: string | undefined;
        try {
          registered = registry.register({ metadata: m, invoke: () => 1 } as ToolProtocol).metadata
            .name;
        } catch (error) {
          expect(error).toBeInstanceOf(RegistrationError);
          expect(REASONS).toContain((error as RegistrationError).reason);
          expect((error as Error).message).toMatch(/^cannot register .+: .+/);
          expect(registry.size).toBe(0);
          return;
        }
        expect(toolNameProblem(registered)).toBeUndefined();
        expect(registry.list().map((t) => t.metadata.name)).toEqual([registered]);
        const result = await registry.invoke(registered, {});
        expect(result.ok || result.error.code === "VALIDATION_ERROR").toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("a bad name is always refused as INVALID_NAME or INVALID_METADATA, naming the problem", () => {
    fc.assert(
      fc.property(toolName, (name) => {
        const problem = toolNameProblem(name);
        fc.pre(problem !== undefined);
        const registry = new ToolRegistry();
        expect(() =>
          registry.register({
            metadata: {
              name: name as string,
              description: "d",
              deterministic: true,
              costPerInvocation: 0,
              parametersSchema: {},
            },
            invoke: () => 1,
          }),
        ).toThrow(expect.objectContaining({ reason: "INVALID_NAME" }));
      }),
      { numRuns: 500 },
    );
  });

  it("plugin files with random names and metadata: loaded with their tools, or failed with a reason and a hint", async () => {
    const dir = await tempDir("agentic-prop-plugins-");
    const registry = new ToolRegistry();
    const loader = new PluginLoader({ registry, pluginDirs: [dir], loadTimeoutMs: 5_000 });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 12 }),
        fc.array(metadata, { minLength: 1, maxLength: 3 }),
        async (pluginName, metas) => {
          const file = path.join(dir, `p${run++}.mjs`);
          // JSON cannot carry every value the arbitrary makes; what it drops or mangles is part
          // of what a plugin author could write anyway.
          const tools = metas.map(
            (m) => `{ metadata: ${JSON.stringify(m) ?? "undefined"}, invoke: () => 1 }`,
          );
          await writeFile(
            file,
            `export default { name: ${JSON.stringify(pluginName)}, tools: [${tools.join(", ")}] };`,
          );
          const record = await loader.reloadPath(file);
          expect(record).toBeDefined();
          if (record?.status === "loaded") {
            expect(record.tools.length).toBe(metas.length);
            for (const name of record.tools)
              expect(registry.registration(name)?.source).toBe(`file:${file}`);
          } else {
            expect(record?.status).toBe("failed");
            expect(record?.tools).toEqual([]);
            expect(record?.error?.reason).toMatch(/^[A-Z_]+$/);
            expect(record?.error?.message.length).toBeGreaterThan(0);
            expect(record?.error?.hint.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 40 },
    );
    await loader.close();
  });
});
