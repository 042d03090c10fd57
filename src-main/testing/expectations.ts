/** Checks one invocation result against a case's expectation; each broken one is a Mismatch. */
import { Ajv } from "ajv";
import type { InvocationResult } from "../core/result.ts";
import type { Expectation } from "./suite-format.ts";
import { parseTextMatcher } from "./text-matcher.ts";
import { containsPartial, deepEqual, diffValues, show } from "./value-diff.ts";

/** One expectation that did not hold: the field, what was expected, what came, a value diff. */
export interface Mismatch {
  field: keyof Expectation;
  expected: string;
  got: string;
  diff?: string[];
}

const ajv = new Ajv({ allErrors: true, strict: false });

/**
 * The expectations `result` breaks. With none of `ok`, `code` and `message` given, `ok: true`
 * is implied: a case that only bounds the duration should not pass because the call failed fast.
 */
export function checkResult(expect: Expectation, result: InvocationResult): Mismatch[] {
  const out: Mismatch[] = [];
  const wantOk =
    expect.ok ?? (expect.code === undefined && expect.message === undefined ? true : undefined);
  if (wantOk !== undefined && result.ok !== wantOk) {
    out.push({
      field: "ok",
      expected: String(wantOk),
      got: result.ok
        ? `ok, value ${show(result.value)}`
        : `${result.error.code}: ${result.error.message}`,
    });
  }
  if (result.ok) checkValue(expect, result.value, out);
  else if (expect.value !== undefined || expect.valueMatches || expect.contains !== undefined) {
    // Reported once through `ok` above when it was wanted; only say so when `ok` was not named.
    if (wantOk === undefined) {
      out.push({
        field: "value",
        expected: "a value",
        got: `${result.error.code}: ${result.error.message}`,
      });
    }
  }
  if (expect.code !== undefined) {
    const got = result.ok ? "ok (no error)" : result.error.code;
    if (got !== expect.code) out.push({ field: "code", expected: expect.code, got });
  }
  if (expect.message !== undefined) {
    const matcher = parseTextMatcher(expect.message);
    const got = result.ok ? undefined : result.error.message;
    if ("error" in matcher || got === undefined || !matcher.test(got)) {
      out.push({
        field: "message",
        expected: "error" in matcher ? expect.message : `a message that ${matcher.describe}`,
        got: got === undefined ? "ok (no error)" : JSON.stringify(got),
      });
    }
  }
  if (expect.maxDurationMs !== undefined && result.durationMs > expect.maxDurationMs) {
    out.push({
      field: "maxDurationMs",
      expected: `at most ${expect.maxDurationMs} ms`,
      got: `${Number(result.durationMs.toFixed(2))} ms`,
    });
  }
  if (expect.maxCostUsd !== undefined && result.cost > expect.maxCostUsd) {
    out.push({
      field: "maxCostUsd",
      expected: `at most $${expect.maxCostUsd}`,
      got: `$${result.cost}`,
    });
  }
  return out;
}

function checkValue(expect: Expectation, value: unknown, out: Mismatch[]): void {
  if (Object.hasOwn(expect, "value") && !deepEqual(expect.value, value)) {
    out.push({
      field: "value",
      expected: show(expect.value),
      got: show(value),
      // A diff only helps inside structures; for a scalar it would repeat the line above.
      ...(typeof expect.value === "object" && typeof value === "object"
        ? { diff: diffValues(expect.value, value) }
        : {}),
    });
  }
  if (expect.valueMatches) {
    const validate = ajv.compile(expect.valueMatches);
    if (!validate(value)) {
      const problems = (validate.errors ?? []).map(
        (e) => `${e.instancePath || "(the value)"} ${e.message ?? "is invalid"}`,
      );
      out.push({
        field: "valueMatches",
        expected: "a value matching the schema",
        got: show(value),
        diff: problems,
      });
    }
  }
  if (expect.contains !== undefined && !containsPartial(value, expect.contains)) {
    out.push({
      field: "contains",
      expected: `a value containing ${show(expect.contains)}`,
      got: show(value),
    });
  }
}
