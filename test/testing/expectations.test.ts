import { describe, expect, it } from "vitest";
import type { InvocationResult } from "../../src-main/core/result.ts";
import { checkResult } from "../../src-main/testing/expectations.ts";
import type { Expectation } from "../../src-main/testing/suite-format.ts";
import { literalMatcherText } from "../../src-main/testing/text-matcher.ts";

const ok = (value: unknown, durationMs = 1, cost = 0): InvocationResult => ({
  ok: true,
  value,
  durationMs,
  cost,
  invocationId: "i",
});
const failed = (code: string, message: string): InvocationResult => ({
  ok: false,
  error: { code: code as "TOOL_ERROR", message },
  durationMs: 1,
  cost: 0,
  invocationId: "i",
});
const fields = (e: Expectation, r: InvocationResult) => checkResult(e, r).map((m) => m.field);

describe("expectations", () => {
  it("ok holds or names what came instead", () => {
    expect(fields({ ok: true }, ok(1))).toEqual([]);
    const [m] = checkResult({ ok: true }, failed("TOOL_ERROR", "division by zero"));
    expect(m).toMatchObject({ field: "ok", expected: "true", got: "TOOL_ERROR: division by zero" });
  });

  it("value is deep equality (key order ignored) with a diff of the paths", () => {
    expect(fields({ value: { a: 1, b: [1, 2] } }, ok({ b: [1, 2], a: 1 }))).toEqual([]);
    const [m] = checkResult({ value: { a: 1, b: [1, 2] } }, ok({ a: 2, b: [1], c: true }));
    expect(m?.field).toBe("value");
    expect(m?.diff).toEqual([
      "$.a: expected 1, got 2",
      "$.b[1]: missing (expected 2)",
      "$.c: unexpected true",
    ]);
  });

  it("valueMatches checks the value against a JSON Schema", () => {
    const schema = {
      type: "object",
      required: ["words"],
      properties: { words: { type: "integer" } },
    };
    expect(fields({ valueMatches: schema }, ok({ words: 3 }))).toEqual([]);
    const [m] = checkResult({ valueMatches: schema }, ok({ words: "three" }));
    expect(m?.field).toBe("valueMatches");
    expect(m?.diff?.join()).toMatch(/\/words must be integer/);
  });

  it("contains takes a partial object, a partial array or a substring", () => {
    expect(fields({ contains: { a: { b: 1 } } }, ok({ a: { b: 1, c: 2 }, d: 3 }))).toEqual([]);
    expect(fields({ contains: [{ id: 2 }] }, ok([{ id: 1 }, { id: 2, x: 0 }]))).toEqual([]);
    expect(fields({ contains: "world" }, ok("hello world"))).toEqual([]);
    expect(fields({ contains: { a: { b: 2 } } }, ok({ a: { b: 1 } }))).toEqual(["contains"]);
    expect(fields({ contains: "moon" }, ok("hello world"))).toEqual(["contains"]);
  });

  it("code and message (text or /regex/flags) read the error", () => {
    const r = failed("TOOL_ERROR", "Division by zero: b must not be 0");
    expect(fields({ ok: false, code: "TOOL_ERROR", message: "/zero/i" }, r)).toEqual([]);
    expect(fields({ message: "b must not be 0" }, r)).toEqual([]);
    expect(fields({ code: "TIMEOUT" }, r)).toEqual(["code"]);
    expect(fields({ message: "/^zero/" }, r)).toEqual(["message"]);
    expect(checkResult({ code: "TOOL_ERROR" }, ok(1))[0]).toMatchObject({ got: "ok (no error)" });
  });

  it("maxDurationMs and maxCostUsd bound the call; without ok, code or message, ok is implied", () => {
    expect(fields({ maxDurationMs: 50, maxCostUsd: 0 }, ok(1, 10, 0))).toEqual([]);
    expect(fields({ maxDurationMs: 5, maxCostUsd: 0.01 }, ok(1, 10, 0.02))).toEqual([
      "maxDurationMs",
      "maxCostUsd",
    ]);
    expect(fields({ maxDurationMs: 50 }, failed("VALIDATION_ERROR", "a is missing"))).toEqual([
      "ok",
    ]);
  });
});

describe("recorded messages", () => {
  it("a message that looks like a regex is recorded as one matching exactly that text", () => {
    const text = "/etc/ is not writable/";
    const recorded = literalMatcherText(text);
    expect(recorded).not.toBe(text);
    expect(fields({ message: recorded }, failed("TOOL_ERROR", text))).toEqual([]);
    expect(literalMatcherText("plain text")).toBe("plain text");
  });
});
