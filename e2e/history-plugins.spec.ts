import { writeFile } from "node:fs/promises";
import path from "node:path";
import { expect, openTool, screenshot, test } from "./fixtures.ts";

test("history lists the run, re-run loads its inputs, and the totals update", async ({
  workbench,
}, info) => {
  const { page } = workbench;
  await openTool(page, "@text/word-count");
  await page.locator("#root_text").fill("three little words");
  await page.getByRole("button", { name: /^Invoke/ }).click();
  await expect(page.getByTestId("result-status")).toHaveText("ok");

  await page.getByRole("button", { name: "History" }).click();
  const rows = page.getByTestId("history-table").locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("@text/word-count");
  await expect(rows.first()).toContainText("three little words");
  await expect(page.getByTestId("totals-session")).toContainText("1 runs");
  await expect(page.getByTestId("totals-all-time")).toContainText("1 runs");
  await screenshot(page, "history", info.project.name);

  await openTool(page, "@math/calculator");
  await page.locator("#root_text").waitFor({ state: "detached" });
  await page.getByRole("button", { name: "History" }).click();
  await rows.first().getByRole("button", { name: "Open in form" }).click();
  await expect(page.locator(".tool-head h1")).toContainText("@text/word-count");
  await expect(page.locator("#root_text")).toHaveValue("three little words");
  await page.getByRole("button", { name: /^Invoke/ }).click();
  await expect(page.getByTestId("result-status")).toHaveText("ok");
  await page.getByRole("button", { name: "History" }).click();
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId("totals-session")).toContainText("2 runs");

  await page.getByLabel("Filter by status").selectOption("error");
  await expect(page.getByText("No invocations yet match these filters")).toBeVisible();
});

test("a plugin written into the plugins folder appears without a restart; a broken one shows its reason", async ({
  workbench,
}, info) => {
  const { page, pluginsDir } = workbench;
  await writeFile(
    path.join(pluginsDir, "greet.mjs"),
    `export default { metadata: { name: "@demo/greet", description: "Greets someone.", deterministic: true, costPerInvocation: 0.002,
       parametersSchema: { type: "object", properties: { who: { type: "string" } }, required: ["who"] } },
       invoke: ({ who }) => "hello " + who };`,
  );
  await expect(page.locator(".tool-name", { hasText: "@demo/greet" })).toBeVisible();
  await openTool(page, "@demo/greet");
  await expect(page.getByTestId("meta-cost")).toHaveText("$0.002");
  await page.locator("#root_who").fill("Ada");
  await page.getByRole("button", { name: /^Invoke/ }).click();
  await expect(page.getByTestId("result-value")).toHaveText("hello Ada");
  await expect(page.getByTestId("result-cost")).toHaveText("cost $0.002");

  await writeFile(path.join(pluginsDir, "broken.mjs"), "export default { metadata: {");
  await page.getByRole("button", { name: /^Plugins/ }).click();
  const broken = page.getByTestId("plugin-broken");
  await expect(broken).toContainText("failed");
  await expect(broken).toContainText("SYNTAX_ERROR");
  await expect(broken.locator(".error-hint")).toContainText("fix the syntax error");
  await expect(page.getByTestId("plugin-greet")).toContainText("@demo/greet");
  await screenshot(page, "plugins", info.project.name);

  await writeFile(
    path.join(pluginsDir, "broken.mjs"),
    `export default { metadata: { name: "@demo/fixed", description: "Fixed.", deterministic: true, costPerInvocation: 0, parametersSchema: { type: "object" } }, invoke: () => "fixed" };`,
  );
  await expect(page.getByTestId("plugin-broken")).toContainText("@demo/fixed");
  // The Plugins view has no tool list of its own (it gets the width): the tool is in Tools.
  await page
    .getByRole("navigation", { name: "Views" })
    .getByRole("button", { name: "Tools" })
    .click();
  await expect(page.locator(".tool-name", { hasText: "@demo/fixed" })).toBeVisible();
});
