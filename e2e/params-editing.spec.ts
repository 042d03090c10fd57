import { writeFile } from "node:fs/promises";
import path from "node:path";
import { expect, openTool, screenshot, test } from "./fixtures.ts";

test("half-typed JSON turns Invoke off: nothing runs with values that are not on screen", async ({
  workbench,
}) => {
  const { page } = workbench;
  await openTool(page, "@math/calculator");
  const invoke = page.getByRole("button", { name: /^Invoke/ });
  await page.locator("#root_operation").selectOption("divide");
  await page.locator("#root_a").fill("4");
  await page.locator("#root_b").fill("2");
  await invoke.click();
  await expect(page.getByTestId("result-value")).toHaveText("2");

  const editor = page.getByTestId("json-editor");
  await editor.fill('{ "operation": "add", "a": 1,');
  await expect(page.getByText("Not valid JSON yet")).toBeVisible();
  await expect(invoke).toBeDisabled();
  await expect(page.getByTestId("invoke-off-reason")).toHaveText(
    "Invoke is off while the raw JSON does not parse.",
  );
  // The keyboard shortcut does not run the stale values either; it says why, once.
  await editor.focus();
  await page.keyboard.press("Control+Enter");
  await expect(page.getByRole("alert").filter({ hasText: "Not invoked" })).toHaveText(
    /Not invoked: the raw JSON does not parse \(.+\)\. Fix it, or press Clear\./,
  );
  await expect(page.getByTestId("result-value")).toHaveText("2");

  await editor.fill('{ "operation": "add", "a": 1, "b": 2 }');
  await expect(invoke).toBeEnabled();
  await expect(page.getByTestId("invoke-off-reason")).toHaveCount(0);
  await invoke.click();
  await expect(page.getByTestId("result-value")).toHaveText("3");

  await page.getByRole("button", { name: "History" }).click();
  const rows = page.getByTestId("history-table").locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('"operation":"add"');
});

test("array fields: labelled buttons, new items empty of their type, nested arrays round-trip", async ({
  workbench,
}, info) => {
  const { page, pluginsDir } = workbench;
  await openTool(page, "@git/diff");
  const editor = page.getByTestId("json-editor");
  const json = async () => JSON.parse(await editor.inputValue());

  const add = page.getByRole("button", { name: "Add an item to paths" });
  await expect(add).toHaveText("+ Add item");
  await add.click();
  await expect(page.locator("#root_paths_0")).toHaveValue("");
  await expect.poll(async () => (await json()).paths).toEqual([""]);
  await expect(page.locator('[data-field="root_paths_0"] .field-label')).not.toContainText(
    "paths-1",
  );
  await page.locator("#root_paths_0").fill("src");
  await add.click();
  await page.locator("#root_paths_1").fill("docs");
  await expect.poll(async () => (await json()).paths).toEqual(["src", "docs"]);
  await screenshot(page, "array-field", info.project.name);
  await page.getByRole("button", { name: "Move item 2 of paths up" }).click();
  await expect.poll(async () => (await json()).paths).toEqual(["docs", "src"]);
  await page.getByRole("button", { name: "Remove item 1 of paths" }).click();
  await expect.poll(async () => (await json()).paths).toEqual(["src"]);

  await writeFile(
    path.join(pluginsDir, "shapes.mjs"),
    `export default { metadata: { name: "@demo/shapes", description: "Returns its parameters.", deterministic: true, costPerInvocation: 0,
      parametersSchema: { type: "object", properties: {
        rows: { type: "array", items: { type: "object", properties: { label: { type: "string" }, tags: { type: "array", items: { type: "string" } } } } },
        matrix: { type: "array", items: { type: "array", items: { type: "integer" } } } } } },
      invoke: (p) => p };`,
  );
  await openTool(page, "@demo/shapes");
  await page.getByRole("button", { name: "Add an item to rows" }).click();
  await page.locator("#root_rows_0_label").fill("first");
  await page.getByRole("button", { name: "Add an item to rows[0].tags" }).click();
  await page.locator("#root_rows_0_tags_0").fill("red");
  await page.getByRole("button", { name: "Add an item to matrix" }).click();
  await page.getByRole("button", { name: "Add an item to matrix[0]" }).click();
  await page.locator("#root_matrix_0_0").fill("7");
  const expected = { rows: [{ label: "first", tags: ["red"] }], matrix: [[7]] };
  await expect.poll(json).toEqual(expected);
  await page.getByRole("button", { name: /^Invoke/ }).click();
  await expect(page.getByTestId("result-status")).toHaveText("ok");
  await expect.poll(json).toEqual(expected);
});
