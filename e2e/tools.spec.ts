import { expect, openTool, screenshot, test } from "./fixtures.ts";

test("the list shows the built-ins and the example plugins; search narrows it", async ({
  workbench,
}, info) => {
  const { page } = workbench;
  for (const name of [
    "@math/calculator",
    "@file/read",
    "@file/write",
    "@git/status",
    "@git/diff",
    "@text/word-count",
    "@time/now",
  ]) {
    await expect(page.locator(".tool-name", { hasText: name })).toBeVisible();
  }
  await expect(page.getByTestId("tool-count")).toHaveText("11 tools");
  await expect(page.getByTestId("workspace")).toContainText(workbench.workspace);

  await page.keyboard.press("Control+k");
  await expect(page.getByLabel("Search tools")).toBeFocused();
  await page.keyboard.type("@file/");
  await expect(page.getByTestId("tool-count")).toHaveText("2 of 11 tools");
  await expect(page.locator(".tool-name", { hasText: "@math/calculator" })).toHaveCount(0);
  await page.getByLabel("Search tools").fill("");

  await page.getByLabel("deterministic only").check();
  await expect(page.getByTestId("tool-count")).toHaveText("3 of 11 tools");
  await page.getByLabel("deterministic only").uncheck();
  await screenshot(page, "tool-list", info.project.name);
});

test("calculator: multiply 4 × 5 in the form shows 20, its duration and cost $0", async ({
  workbench,
}, info) => {
  const { page } = workbench;
  await openTool(page, "@math/calculator");
  await expect(page.getByTestId("meta-deterministic")).toHaveText("yes");
  await expect(page.getByTestId("meta-cost")).toHaveText("$0");
  await page.locator("#root_operation").selectOption("multiply");
  await page.locator("#root_a").fill("4");
  await page.locator("#root_b").fill("5");
  await page.getByRole("button", { name: /^Invoke/ }).click();
  await expect(page.getByTestId("result-status")).toHaveText("ok");
  await expect(page.getByTestId("result-value")).toHaveText("20");
  await expect(page.getByTestId("result-duration")).toHaveText(/\d+(\.\d+)? (ms|s)/);
  await expect(page.getByTestId("result-cost")).toHaveText("cost $0");
  await screenshot(page, "calculator", info.project.name);

  // Ctrl+Enter invokes too, with the inputs kept.
  await page.locator("#root_operation").selectOption("add");
  await page.keyboard.press("Control+Enter");
  await expect(page.getByTestId("result-value")).toHaveText("9");
});

test("divide by zero shows the tool's error; a missing field is marked on the form", async ({
  workbench,
}, info) => {
  const { page } = workbench;
  await openTool(page, "@math/calculator");
  await page.locator("#root_operation").selectOption("divide");
  await page.locator("#root_a").fill("1");
  await page.locator("#root_b").fill("0");
  await page.getByRole("button", { name: /^Invoke/ }).click();
  await expect(page.getByTestId("result-status")).toHaveText("TOOL_ERROR");
  await expect(page.getByTestId("result-error")).toContainText("division by zero");
  await expect(page.locator(".error-hint")).toContainText("pass a non-zero b");

  await page.locator("#root_b").fill("");
  await page.getByRole("button", { name: /^Invoke/ }).click();
  await expect(page.getByTestId("result-status")).toHaveText("VALIDATION_ERROR");
  const field = page.locator('[data-field="root_b"]');
  await expect(field).toHaveClass(/has-error/);
  await expect(field.locator(".field-errors")).toHaveText("is required");
  await expect(page.locator('[data-field="root_a"]')).not.toHaveClass(/has-error/);
  await screenshot(page, "validation-error", info.project.name);
});

test("@file/read shows a workspace file's text; ../outside is refused", async ({ workbench }) => {
  const { page } = workbench;
  await openTool(page, "@file/read");
  await page.locator("#root_path").fill("hello.txt");
  await page.getByRole("button", { name: /^Invoke/ }).click();
  await expect(page.getByTestId("result-status")).toHaveText("ok");
  await expect(page.locator(".file-content")).toHaveText(
    "Hello from the workspace.\nSecond line.\n",
  );

  await page.locator("#root_path").fill("../outside");
  await page.getByRole("button", { name: /^Invoke/ }).click();
  await expect(page.getByTestId("result-status")).toHaveText("TOOL_ERROR");
  await expect(page.getByTestId("result-error")).toContainText("leads outside the workspace");
});

test("the raw JSON editor and the form stay in sync both ways", async ({ workbench }) => {
  const { page } = workbench;
  await openTool(page, "@math/calculator");
  const editor = page.getByTestId("json-editor");
  await page.locator("#root_operation").selectOption("subtract");
  await page.locator("#root_a").fill("7");
  await expect
    .poll(async () => JSON.parse(await editor.inputValue()))
    .toEqual({ operation: "subtract", a: 7 });

  await editor.fill('{ "operation": "multiply", "a": 6, "b": 7 }');
  await expect(page.locator("#root_operation option:checked")).toHaveText("multiply");
  await expect(page.locator("#root_a")).toHaveValue("6");
  await expect(page.locator("#root_b")).toHaveValue("7");

  // Half-typed JSON is kept as typed and does not wipe the form.
  await editor.fill('{ "operation": "multiply", "a": ');
  await expect(page.locator(".json-error")).toBeVisible();
  await expect(page.locator("#root_b")).toHaveValue("7");
  // ...but it is not what Invoke would send, so Invoke waits for JSON that parses.
  await expect(page.getByRole("button", { name: /^Invoke/ })).toBeDisabled();
  await editor.fill('{ "operation": "multiply", "a": 6, "b": 7 }');
  await page.getByRole("button", { name: /^Invoke/ }).click();
  await expect(page.getByTestId("result-value")).toHaveText("42");
});
