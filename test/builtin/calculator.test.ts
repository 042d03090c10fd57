import { beforeAll, describe, expect, it } from "vitest";
import type { ToolRegistry } from "../../src-main/core/registry.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { failureOf, okValue, registryFor } from "./registry-for.ts";

let registry: ToolRegistry;

beforeAll(async () => {
  registry = registryFor(await tempDir());
});

const calc = (params: unknown) => registry.invoke("@math/calculator", params);

describe("@math/calculator: the four operations", () => {
  it.each([
    ["add", 2, 3, 5],
    ["add", -2.5, 0.5, -2],
    ["subtract", 2, 5, -3],
    ["subtract", 0, -7, 7],
    ["multiply", 4, 5, 20],
    ["multiply", -3, 0.5, -1.5],
    ["divide", 7, 2, 3.5],
    ["divide", -9, 3, -3],
    ["divide", 0, 5, 0],
  ])("%s(%d, %d) = %d", async (operation, a, b, expected) => {
    const result = await calc({ operation, a, b });
    expect(result).toMatchObject({ ok: true, value: expected, cost: 0 });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("uses floating point like JavaScript (0.1 + 0.2)", async () => {
    expect(okValue<number>(await calc({ operation: "add", a: 0.1, b: 0.2 }))).toBeCloseTo(0.3, 15);
  });

  it("handles the largest finite values without calling them overflow", async () => {
    expect(okValue(await calc({ operation: "add", a: Number.MAX_VALUE, b: 0 }))).toBe(
      Number.MAX_VALUE,
    );
  });
});

describe("@math/calculator: division by zero", () => {
  it.each([
    [7, 0],
    [0, 0],
    [-1, -0],
  ])("divide(%d, %d) fails with a message naming b and a hint", async (a, b) => {
    const error = failureOf(await calc({ operation: "divide", a, b }));
    expect(error.code).toBe("TOOL_ERROR");
    expect(error.message).toBe(
      "@math/calculator: division by zero: b must not be 0 when operation is divide",
    );
    expect(error.hint).toBe("pass a non-zero b");
    expect(error.details).toEqual({ field: "/b" });
  });

  it("allows b = 0 for the other operations", async () => {
    expect(okValue(await calc({ operation: "multiply", a: 7, b: 0 }))).toBe(0);
    expect(okValue(await calc({ operation: "add", a: 7, b: 0 }))).toBe(7);
  });
});

describe("@math/calculator: results that are not finite", () => {
  it.each([
    ["multiply", 1e308, 10, "Infinity"],
    ["multiply", -1e308, 10, "-Infinity"],
    ["add", Number.MAX_VALUE, Number.MAX_VALUE, "Infinity"],
    ["subtract", -Number.MAX_VALUE, Number.MAX_VALUE, "-Infinity"],
    ["divide", 1e308, 1e-10, "Infinity"],
  ])("%s(%d, %d) is an error, not %s", async (operation, a, b, shown) => {
    const error = failureOf(await calc({ operation, a, b }));
    expect(error.code).toBe("TOOL_ERROR");
    expect(error.message).toBe(
      `@math/calculator: the result of ${operation} is not a finite number (${shown})`,
    );
    expect(error.hint).toBe("use smaller operands");
  });

  // The schema (Ajv, strict: false) lets NaN and Infinity through when called from code (JSON
  // cannot carry them); the tool's own check still refuses to return a non-finite number.
  it.each([
    [Number.NaN, "NaN"],
    [Number.POSITIVE_INFINITY, "Infinity"],
  ])(
    "refuses the operand %d (possible from code, not JSON) instead of returning it",
    async (a, shown) => {
      const error = failureOf(await calc({ operation: "add", a, b: 1 }));
      expect(error.code).toBe("TOOL_ERROR");
      expect(error.message).toBe(
        `@math/calculator: the result of add is not a finite number (${shown})`,
      );
    },
  );
});

describe("@math/calculator: parameter validation through the registry", () => {
  it("names a missing field by pointer and does not run the tool", async () => {
    const result = await calc({ operation: "add", a: 1 });
    const error = failureOf(result);
    expect(error.code).toBe("VALIDATION_ERROR");
    expect(error.message).toBe("@math/calculator: invalid parameters: b is required");
    expect(error.details?.problems).toEqual([
      { pointer: "/b", rule: "required", message: "is required" },
    ]);
    expect(error.hint).toBe("fix the fields listed and try again");
    expect(result.cost).toBe(0);
  });

  it("lists the allowed values for a bad operation", async () => {
    const error = failureOf(await calc({ operation: "power", a: 2, b: 3 }));
    expect(error.code).toBe("VALIDATION_ERROR");
    expect(error.details?.problems).toEqual([
      {
        pointer: "/operation",
        rule: "enum",
        message: 'must be one of "add", "subtract", "multiply", "divide"',
      },
    ]);
    expect(error.message).toContain('operation must be one of "add", "subtract"');
  });

  it("refuses a number given as a string", async () => {
    const error = failureOf(await calc({ operation: "add", a: "2", b: 3 }));
    expect(error.code).toBe("VALIDATION_ERROR");
    expect(error.details?.problems).toEqual([
      expect.objectContaining({ pointer: "/a", rule: "type" }),
    ]);
    expect(error.message).toContain("a must be number");
  });

  it("refuses an unknown field", async () => {
    const error = failureOf(await calc({ operation: "add", a: 1, b: 2, c: 3 }));
    expect(error.code).toBe("VALIDATION_ERROR");
    expect(error.details?.problems).toEqual([
      { pointer: "/c", rule: "additionalProperties", message: "is not an allowed property" },
    ]);
  });

  it("reports every problem at once", async () => {
    const error = failureOf(await calc({ operation: "root" }));
    const problems = (error.details?.problems ?? []) as { pointer: string }[];
    const pointers = problems.map((p) => p.pointer);
    expect(pointers.sort()).toEqual(["/a", "/b", "/operation"]);
  });

  it.each([[null], [[1, 2]], ["add 1 2"], [undefined]])(
    "refuses parameters that are not an object (%j)",
    async (params) => {
      const error = failureOf(await calc(params));
      expect(error.code).toBe("VALIDATION_ERROR");
      expect(error.message).toContain("(parameters) must be object");
    },
  );
});
