import { writeFile } from "node:fs/promises";
import path from "node:path";
import { expect, openTool, screenshot, test } from "./fixtures.ts";

test("History rows open to the error, origin and date; durations say what they measure", async ({
  workbench,
}, info) => {
  const { page } = workbench;
  await openTool(page, "@math/calculator");
  await page.getByTestId("json-editor").fill('{"operation":"divide","a":1,"b":0}');
  await page.getByRole("button", { name: /^Invoke/ }).click();
  await expect(page.getByTestId("result-status")).toHaveText("TOOL_ERROR");

  await page.getByRole("button", { name: "History" }).click();
  await expect(page.getByRole("columnheader", { name: "tool time", exact: true })).toBeVisible();
  await page.getByRole("button", { name: /^Show the result of @math\/calculator/ }).click();
  const detail = page.getByTestId("history-detail");
  await expect(detail).toContainText("TOOL_ERROR: @math/calculator: division by zero");
  await expect(detail).toContainText("Hint: pass a non-zero b");
  await expect(detail).toContainText("fromthe workbench UI");
  await expect(detail).toContainText(String(new Date().getFullYear()));
  await screenshot(page, "history-detail", info.project.name);
  // One word for a failed run, as in `agentic traces list --status error`.
  await expect(page.getByLabel("Filter by status").locator("option")).toHaveText([
    "any",
    "ok",
    "error",
  ]);

  await page.getByRole("button", { name: "Traces" }).click();
  await expect(page.locator(".trace-row .metric").first()).toHaveText(/ total$/);
});

test("the form flags a wrong type before invoking, and says when a tool takes no parameters", async ({
  workbench,
}) => {
  const { page, pluginsDir } = workbench;
  await openTool(page, "@math/calculator");
  await page.getByTestId("json-editor").fill('{"operation":"add","a":"2","b":1}');
  await expect(page.getByTestId("live-problems")).toContainText("a must be number");
  await expect(page.locator('[data-field="root_a"]')).toHaveClass(/has-error/);
  await page.getByTestId("json-editor").fill('{"operation":"add","a":2,"b":1}');
  await expect(page.getByTestId("live-problems")).toHaveCount(0);

  await writeFile(
    path.join(pluginsDir, "ping.mjs"),
    `export default { metadata: { name: "@demo/ping", description: "Answers pong.", deterministic: true, costPerInvocation: 0,
      parametersSchema: { type: "object", properties: {}, additionalProperties: false } }, invoke: () => "pong" };`,
  );
  await openTool(page, "@demo/ping");
  await expect(page.getByTestId("no-params")).toHaveText(
    "This tool takes no parameters: Invoke runs it as it is.",
  );
  await page.getByRole("button", { name: /^Invoke/ }).click();
  await expect(page.getByTestId("result-value")).toHaveText("pong");
});

test("a file's text is shown once; Traces, LLM and Plugins get the width, without sideways scroll at 900 px", async ({
  workbench,
}) => {
  const { page } = workbench;
  await openTool(page, "@file/read");
  await page.locator("#root_path").fill("hello.txt");
  await page.getByRole("button", { name: /^Invoke/ }).click();
  await expect(page.locator(".file-content")).toContainText("Hello from the workspace.");
  await expect(page.getByTestId("result-value").getByText("Hello from the workspace.")).toHaveCount(
    1,
  );

  await page.setViewportSize({ width: 900, height: 700 });
  for (const view of ["Traces", "LLM", "Agent", "Plugins"]) {
    await page
      .getByRole("navigation", { name: "Views" })
      .getByRole("button", { name: view })
      .click();
    await expect(page.getByLabel("Search tools")).toHaveCount(0);
    const sideways = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(sideways, `${view} scrolls sideways`).toBeLessThanOrEqual(0);
  }
  await page
    .getByRole("navigation", { name: "Views" })
    .getByRole("button", { name: "Traces" })
    .click();
  // Ctrl+K from a view without the list brings it back, focused.
  await page.keyboard.press("Control+k");
  await expect(page.getByLabel("Search tools")).toBeFocused();
});

test("tool list: scope headers as written, long names cut before the badges, Home/End/PageUp/PageDown from the focused row", async ({
  workbench,
}) => {
  const { page, pluginsDir } = workbench;
  const long = "@demo/a-tool-whose-name-goes-on-and-on-and-on-and-on";
  await writeFile(
    path.join(pluginsDir, "long.mjs"),
    `export default { metadata: { name: "${long}", description: "Long.", deterministic: true, costPerInvocation: 0.5,
      parametersSchema: { type: "object" } }, invoke: () => 1 };`,
  );
  const row = page.locator(".tool-row", { has: page.locator(`.tool-name[title="${long}"]`) });
  await expect(row).toBeVisible();
  // innerText: what is rendered (a CSS upper-casing would show here, not in textContent).
  await expect(page.locator(".scope-header").first()).toHaveText(/^@demo/, { useInnerText: true });
  // The badges keep their room: inside the row, not pushed or squashed out of it.
  const rowBox = await row.boundingBox();
  const costBox = await row.locator(".badge.cost").boundingBox();
  expect(costBox && rowBox && costBox.x + costBox.width <= rowBox.x + rowBox.width).toBe(true);
  await expect(row.locator(".badge.cost")).toHaveText("$0.5");

  await openTool(page, "@file/read");
  // Focus another row without selecting it: the arrows move from there.
  await page.locator(".tool-row", { hasText: "@git/diff" }).focus();
  await page.keyboard.press("ArrowDown");
  await expect(page.locator(".tool-head h1")).toContainText("@git/status");
  await page.keyboard.press("Home");
  await expect(page.locator(".tool-head h1")).toContainText(long);
  await page.keyboard.press("End");
  await expect(page.locator(".tool-head h1")).toContainText("@tools/aider");
  await page.keyboard.press("PageUp");
  await expect(page.locator(".tool-head h1")).not.toContainText("@tools/aider");
});
