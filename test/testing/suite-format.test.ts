import { describe, expect, it } from "vitest";
import type { InvocationResult } from "../../src-main/core/result.ts";
import { parseSuite, SuiteFileError } from "../../src-main/testing/suite-format.ts";
import { runSuites, type TestInvoker } from "../../src-main/testing/suite-runner.ts";

function problems(text: string): string[] {
  try {
    parseSuite("agentic-tests/x.yaml", text);
  } catch (error) {
    expect(error).toBeInstanceOf(SuiteFileError);
    expect((error as SuiteFileError).code).toBe("INVALID_TEST_SUITE");
    return (error as SuiteFileError).problems;
  }
  throw new Error("parsed");
}

describe("suite files", () => {
  it("reads the README's example, the suite's tool the default for its cases", () => {
    const suite = parseSuite(
      "/ws/agentic-tests/calculator.yaml",
      [
        'tool: "@math/calculator"  # the default',
        "cases:",
        "  - name: multiplies",
        "    params: { operation: multiply, a: 4, b: 5 }",
        "    expect: { ok: true, value: 20 }",
        "  - name: golden",
        '    tool: "@text/word-count"',
        "    params: { text: a b }",
        "    expect: golden",
        "    serial: true",
      ].join("\n"),
    );
    expect(suite.name).toBe("calculator");
    expect(suite.cases.map((c) => [c.tool, c.expect, c.serial])).toEqual([
      ["@math/calculator", { ok: true, value: 20 }, false],
      ["@text/word-count", "golden", true],
    ]);
  });

  it("names the case and the field of every problem", () => {
    expect(
      problems(
        [
          "tool: '@math/calculator'",
          "cases:",
          "  - name: fast",
          "    expect: { maxDurationMs: -1, colour: red }",
          "  - params: {}",
        ].join("\n"),
      ),
    ).toEqual([
      'case "fast" (cases[0]): unknown field expect.colour',
      'case "fast" (cases[0]): expect.maxDurationMs must be >= 0',
      "cases[1]: name is missing",
    ]);
    expect(problems("cases:\n  - name: a\n    expect: { message: '/(x/' }")).toEqual([
      'case "a" (cases[0]): tool is missing (name it in the case or at the top)',
      expect.stringMatching(
        /^case "a" \(cases\[0\]\): expect.message: \/\(x\/ is not a valid regular expression/,
      ),
    ]);
    expect(problems("cases: [\n")[0]).toMatch(/^not valid YAML: /);
    expect(problems("tool: x\n")).toEqual(["suite: cases is missing"]);
  });
});

describe("the runner", () => {
  const result = (value: unknown): InvocationResult => ({
    ok: true,
    value,
    durationMs: 1,
    cost: 0,
    invocationId: "i",
  });

  it("runs concurrent cases up to the bound, and serial ones alone afterwards", async () => {
    let running = 0;
    let peak = 0;
    const order: string[] = [];
    const invoker: TestInvoker = {
      isDeterministic: () => true,
      async invoke(_name, params) {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        order.push(String(params.id));
        running--;
        return result(params.id);
      },
    };
    const cases = ["a", "b", "c", "d", "s"].map((id, index) => ({
      name: id,
      tool: "@demo/t",
      params: { id },
      serial: id === "s",
      skip: false,
      expect: { value: id },
      index,
    }));
    const report = await runSuites([{ file: "f.yaml", name: "f", cases }], invoker, {
      concurrency: 2,
    });
    expect(report).toMatchObject({ passed: 5, failed: 0 });
    expect(peak).toBe(2);
    expect(order.at(-1)).toBe("s");
  });

  it("a golden case run twice with two results breaks the deterministic promise", async () => {
    const invoker: TestInvoker = {
      isDeterministic: () => true,
      invoke: async () => result(Math.random()),
    };
    const c = { name: "g", tool: "@demo/r", params: {}, serial: false, skip: false, index: 0 };
    const report = await runSuites(
      [{ file: "f.yaml", name: "f", cases: [{ ...c, expect: "golden" as const }] }],
      invoker,
      { update: true },
    );
    expect(report.failed).toBe(1);
    expect(report.recorded).toBe(0);
    expect(report.suites[0]?.cases[0]?.mismatches[0]?.expected).toMatch(
      /@demo\/r is declared deterministic, and breaks that promise/,
    );
  });
});

describe("the runner, when the invoker throws", () => {
  it("fails that case and reports the rest", async () => {
    const invoker: TestInvoker = {
      isDeterministic: () => false,
      invoke: async (name) => {
        if (name === "@demo/boom") throw new Error("middleware bug");
        return { ok: true, value: 1, durationMs: 1, cost: 0, invocationId: "i" };
      },
    };
    const c = { params: {}, serial: false, skip: false, expect: {} };
    const report = await runSuites(
      [
        {
          file: "f.yaml",
          name: "f",
          cases: [
            { ...c, name: "boom", tool: "@demo/boom", index: 0 },
            { ...c, name: "fine", tool: "@demo/fine", index: 1 },
          ],
        },
      ],
      invoker,
    );
    expect(report).toMatchObject({ passed: 1, failed: 1 });
    expect(report.suites[0]?.cases[0]?.mismatches[0]?.got).toBe("an exception: middleware bug");
  });
});
