import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { expect, openTool, screenshot, test } from "./fixtures.ts";

// A deterministic plugin; `extra` words are miscounted, to break it on purpose.
const words = (extra: number) => `export default {
  metadata: { name: "@demo/words", description: "Counts the words of a text.", deterministic: true,
    costPerInvocation: 0.001,
    parametersSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] } },
  invoke: ({ text }) => {
    const list = text.split(/\\s+/).filter(Boolean);
    return { words: list.length + ${extra}, longest: list.reduce((a, b) => (b.length > a.length ? b : a), "") };
  },
};`;

test("a result saved as a test case passes, then fails with expected vs got once the tool breaks", async ({
  workbench,
}, info) => {
  const { page, pluginsDir, workspace } = workbench;
  // A suite already in the workspace, listed and run beside the new one.
  await mkdir(path.join(workspace, "agentic-tests"));
  await writeFile(
    path.join(workspace, "agentic-tests", "calculator.yaml"),
    'tool: "@math/calculator"\ncases:\n  - name: multiplies\n    params: { operation: multiply, a: 4, b: 5 }\n    expect: { ok: true, value: 20 }\n  - name: refuses division by zero\n    params: { operation: divide, a: 1, b: 0 }\n    expect: { ok: false, code: TOOL_ERROR, message: "/zero/i" }\n',
  );
  await writeFile(path.join(pluginsDir, "words.mjs"), words(0));
  await expect(page.locator(".tool-name", { hasText: "@demo/words" })).toBeVisible();
  await openTool(page, "@demo/words");
  await page.locator("#root_text").fill("the quick brown fox");
  await page.getByRole("button", { name: /^Invoke/ }).click();
  await expect(page.getByTestId("result-status")).toHaveText("ok");

  await page.getByRole("button", { name: "Save as test case" }).click();
  const form = page.getByRole("form", { name: "Save as test case" });
  await expect(form.getByLabel("Suite file")).toHaveValue("");
  await expect(form.getByLabel("New file name")).toHaveValue("demo-words.yaml");
  // A deterministic tool: its result is proposed as a golden.
  await expect(form.getByRole("checkbox", { name: /^Golden/ })).toBeChecked();
  await expect(form.getByLabel("Expectation (JSON)")).toHaveValue(/"words": 4/);
  await form.getByLabel("Case name").fill("counts four words");
  await screenshot(page, "save-test-case", info.project.name);
  await form.getByRole("button", { name: "Save case" }).click();
  await expect(page.getByTestId("save-case-done")).toHaveText(
    /Saved “counts four words” to agentic-tests\/demo-words\.yaml/,
  );
  const file = await readFile(path.join(workspace, "agentic-tests", "demo-words.yaml"), "utf8");
  expect(file).toContain('tool: "@demo/words"');
  expect(file).toContain("- name: counts four words");
  expect(file).toContain("params: { text: the quick brown fox }");
  expect(file).toContain("expect: { golden: true, ok: true, value: { words: 4, longest: quick } }");

  await page.getByRole("button", { name: "Open Tests" }).click();
  const suite = page.getByRole("region", { name: "Suite demo-words.yaml" });
  const testCase = suite.getByRole("listitem", { name: "Case counts four words" });
  await expect(testCase.getByTestId("case-status")).toHaveText("not run");
  await testCase.getByRole("button", { name: "Run case counts four words" }).click();
  await expect(testCase.getByTestId("case-status")).toHaveText("passed");
  await expect(testCase.getByTestId("case-cost")).toHaveText("$0.001");
  await expect(page.getByTestId("tests-totals")).toContainText("1 passed");

  // Break the tool: the loader reloads the plugin on its own; run until the new code answers
  // (while it reloads, the tool is briefly missing, a failure of another kind).
  await writeFile(path.join(pluginsDir, "words.mjs"), words(1));
  await expect
    .poll(
      async () => {
        await page.getByRole("button", { name: "Run all" }).click();
        await expect(page.getByRole("button", { name: "Run all" })).toBeEnabled();
        return testCase.textContent();
      },
      { timeout: 20_000 },
    )
    .toContain('"words":5');
  await expect(testCase.getByTestId("case-status")).toHaveText("failed");
  await expect(page.getByTestId("tests-totals")).toContainText("2 passed");
  await expect(page.getByTestId("tests-totals")).toContainText("1 failed");
  const mismatch = testCase.getByTestId("mismatch");
  await expect(mismatch).toContainText("value");
  await expect(mismatch.getByTestId("mismatch-expected")).toHaveText(
    '- expected {"words":4,"longest":"quick"}',
  );
  await expect(mismatch.getByTestId("mismatch-got")).toHaveText(
    '+ got {"words":5,"longest":"quick"}',
  );
  await expect(mismatch.getByTestId("mismatch-diff")).toHaveText("$.words: expected 4, got 5");
  await screenshot(page, "tests", info.project.name);

  // The change was on purpose: Update goldens records the new result, and the case passes.
  await suite.getByRole("button", { name: "Update goldens of demo-words.yaml" }).click();
  await expect(page.getByTestId("tests-totals")).toContainText("1 recorded");
  await expect(testCase.getByTestId("case-status")).toHaveText("passed");
  expect(
    await readFile(path.join(workspace, "agentic-tests", "demo-words.yaml"), "utf8"),
  ).toContain("value: { words: 5, longest: quick }");

  // The run's trace is one click away.
  await testCase.getByTestId("case-trace-link").click();
  await expect(page.getByLabel(/^Trace [0-9a-f]{32}$/)).toContainText("@demo/words");
});

test("a History row saved into an existing suite keeps its comments; malformed files show why", async ({
  workbench,
}) => {
  const { page, workspace } = workbench;
  const dir = path.join(workspace, "agentic-tests");
  await mkdir(dir);
  const calc = path.join(dir, "calc.yaml");
  await writeFile(
    calc,
    '# Reviewed with the calculator owners.\ntool: "@math/calculator"\ncases:\n  - name: adds # the basics\n    params: { operation: add, a: 1, b: 2 }\n    expect: { ok: true, value: 3 }\n',
  );
  await writeFile(
    path.join(dir, "broken.yaml"),
    "cases:\n  - name: too fast\n    tool: '@math/calculator'\n    expect: { maxDurationMs: soon }\n",
  );

  await openTool(page, "@math/calculator");
  await page.locator("#root_operation").selectOption("multiply");
  await page.locator("#root_a").fill("6");
  await page.locator("#root_b").fill("7");
  await page.getByRole("button", { name: /^Invoke/ }).click();
  await expect(page.getByTestId("result-value")).toHaveText("42");

  await page
    .getByRole("navigation", { name: "Views" })
    .getByRole("button", { name: "History" })
    .click();
  const row = page.getByTestId("history-table").locator("tbody tr").first();
  await row.getByRole("button", { name: /as a test case$/ }).click();
  const form = page.getByRole("form", { name: "Save as test case" });
  // The suite that already tests this tool is offered first.
  await expect(form.getByLabel("Suite file")).toHaveValue("calc.yaml");
  await form.getByRole("checkbox", { name: /^Golden/ }).uncheck();
  await form.getByLabel("Case name").fill("adds");
  await form.getByRole("button", { name: "Save case" }).click();
  await expect(form.getByTestId("save-case-error")).toHaveText(
    /agentic-tests\/calc\.yaml already has a case named "adds"/,
  );
  // The hint is shown apart from the message, as every view shows a failure (ErrorView).
  await expect(form.locator(".error-hint")).toHaveText(/^Hint: choose another case name/);
  await form.getByLabel("Case name").fill("multiplies");
  await form.getByRole("button", { name: "Save case" }).click();
  await expect(page.getByTestId("save-case-done")).toContainText("agentic-tests/calc.yaml");
  const text = await readFile(calc, "utf8");
  expect(text).toContain("# Reviewed with the calculator owners.");
  expect(text).toContain("- name: adds # the basics");
  expect(text).toContain(
    "- name: multiplies\n    params: { operation: multiply, a: 6, b: 7 }\n    expect: { ok: true, value: 42 }",
  );

  await page
    .getByRole("navigation", { name: "Views" })
    .getByRole("button", { name: "Tests" })
    .click();
  const broken = page.getByRole("region", { name: "Malformed suite broken.yaml" });
  await expect(broken).toContainText(
    'case "too fast" (cases[0]): expect.maxDurationMs must be number',
  );
  const suite = page.getByRole("region", { name: "Suite calc.yaml" });
  await suite.getByRole("button", { name: "Run suite calc.yaml" }).click();
  await expect(suite.getByTestId("case-status")).toHaveText(["passed", "passed"]);
});
