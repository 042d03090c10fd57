/** The catalogue of error codes (core/error-catalogue.ts): one line each, and true to the code. */
import { describe, expect, it } from "vitest";
import { CallError } from "../../src-main/api/call-error.ts";
import { CALL_ERRORS, INVOCATION_ERRORS } from "../../src-main/core/error-catalogue.ts";
import { DEFAULT_SUITE_DIR } from "../../src-main/testing/suite-files.ts";
import { SuiteFileError } from "../../src-main/testing/suite-format.ts";

describe("the error catalogue", () => {
  it("gives every code a one-line meaning, and hints that are not folded into messages", () => {
    for (const [code, entry] of [
      ...Object.entries(INVOCATION_ERRORS),
      ...Object.entries(CALL_ERRORS),
    ]) {
      expect(code).toMatch(/^[A-Z_]+$/);
      expect(entry.meaning, code).toMatch(/^[^\n]{10,}$/);
      const hint: string | undefined = "hint" in entry ? entry.hint : undefined;
      if (hint !== undefined) expect(hint, code).toMatch(/^[^\n]+$/);
    }
    expect(Object.keys(INVOCATION_ERRORS).sort()).toEqual([
      "CANCELLED",
      "NOT_FOUND",
      "RESULT_NOT_SERIALIZABLE",
      "TIMEOUT",
      "TOOL_ERROR",
      "VALIDATION_ERROR",
    ]);
  });

  it("is where the coded errors take their default hint from", () => {
    expect(CALL_ERRORS.INVALID_SUITE_PATH.hint).toContain(`inside ${DEFAULT_SUITE_DIR}/`);
    expect(new SuiteFileError("x.yaml", ["bad"]).hint).toBe(CALL_ERRORS.INVALID_TEST_SUITE.hint);
    expect(new CallError("TRUST_STALE", "changed")).toMatchObject({
      code: "TRUST_STALE",
      message: "changed",
      hint: CALL_ERRORS.TRUST_STALE.hint,
    });
    // A code without a default hint leaves it unset; a hint given wins over the default.
    expect(new CallError("CONFLICT", "busy").hint).toBeUndefined();
    expect(new CallError("TRUST_STALE", "changed", { hint: "look again" }).hint).toBe("look again");
  });
});
