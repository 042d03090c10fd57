import { describe, expect, it } from "vitest";
import { appendCase, CaseClashError } from "../../src-main/testing/case-writer.ts";
import { parseSuite, SuiteFileError } from "../../src-main/testing/suite-format.ts";

const add = {
  name: "adds",
  tool: "@math/calculator",
  params: { operation: "add", a: 1, b: 2 },
  expect: { ok: true, value: 3 },
};

describe("appending a saved case to a suite's text", () => {
  it("a new YAML file names the tool once and reads back as a suite", () => {
    const text = appendCase("agentic-tests/calc.yaml", undefined, add);
    expect(text).toBe(
      '# Saved from Agentic Workbench; run with `agentic test` or the Tests view.\n\ntool: "@math/calculator"\ncases:\n  - name: adds\n    params: { operation: add, a: 1, b: 2 }\n    expect: { ok: true, value: 3 }\n',
    );
    expect(parseSuite("calc.yaml", text).cases[0]).toMatchObject({
      name: "adds",
      tool: "@math/calculator",
      expect: { ok: true, value: 3 },
    });
  });

  it("an empty flow list becomes a block list; another tool is named on the case", () => {
    const text = appendCase("s.yaml", "tool: '@text/word-count' # default\ncases: []\n", add);
    expect(text).toBe(
      "tool: '@text/word-count' # default\ncases:\n  - name: adds\n    tool: \"@math/calculator\"\n    params: { operation: add, a: 1, b: 2 }\n    expect: { ok: true, value: 3 }\n",
    );
  });

  it("a long expectation is written as a block, and `golden` as is", () => {
    const long = { ok: true, value: { text: "x".repeat(90) } };
    const text = appendCase("s.yaml", undefined, { ...add, expect: long });
    expect(text).toContain(
      `    expect:\n      ok: true\n      value:\n        text: ${"x".repeat(90)}\n`,
    );
    expect(appendCase("s.yaml", undefined, { ...add, expect: "golden" })).toContain(
      "    expect: golden\n",
    );
  });

  it("JSON suites get the case in JSON", () => {
    const text = appendCase("s.json", '{ "tool": "@math/calculator", "cases": [] }', add);
    expect(JSON.parse(text)).toEqual({
      tool: "@math/calculator",
      cases: [{ name: "adds", params: add.params, expect: add.expect }],
    });
  });

  it("refuses a taken name, a malformed file, and a case the format refuses", () => {
    const existing = "tool: '@math/calculator'\ncases:\n  - name: adds\n";
    expect(() => appendCase("s.yaml", existing, add)).toThrow(CaseClashError);
    expect(() => appendCase("s.yaml", existing, add)).toThrow(
      's.yaml already has a case named "adds"',
    );
    expect(() => appendCase("s.yaml", "cases: {}\n", add)).toThrow(SuiteFileError);
    expect(() => appendCase("s.yaml", "cases: [\n", add)).toThrow(/not valid YAML/);
    expect(() =>
      appendCase("s.yaml", undefined, { ...add, expect: { code: "not a code" } }),
    ).toThrow(/case "adds" \(cases\[0\]\): expect\.code must match pattern/);
  });
});
