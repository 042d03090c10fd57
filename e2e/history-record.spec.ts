import { writeFile } from "node:fs/promises";
import path from "node:path";
import { expect, openTool, screenshot, test } from "./fixtures.ts";

// A plugin that takes a key: what a user types as api_key must never show in History, and opening
// the entry in the form again must ask for the key instead of sending "[REDACTED]".
const keyedPlugin = `export default {
  metadata: { name: "@demo/weather", description: "Looks up the weather with an API key.",
    deterministic: false, costPerInvocation: 0.001,
    parametersSchema: { type: "object", properties: { city: { type: "string" },
      api_key: { type: "string", minLength: 1 } }, required: ["city", "api_key"] } },
  invoke: ({ city, api_key }) => "sunny in " + city + " (key of " + api_key.length + " chars)",
};`;

test("history keeps the trace link and no secrets; reopening asks for the redacted key again", async ({
  workbench,
}, info) => {
  const { page, pluginsDir } = workbench;
  await writeFile(path.join(pluginsDir, "weather.mjs"), keyedPlugin);
  await expect(page.locator(".tool-name", { hasText: "@demo/weather" })).toBeVisible();
  await openTool(page, "@demo/weather");
  await page.locator("#root_city").fill("Lisbon");
  await page.locator("#root_api_key").fill("sk-live-very-secret");
  await page.getByRole("button", { name: /^Invoke/ }).click();
  await expect(page.getByTestId("result-value")).toHaveText("sunny in Lisbon (key of 19 chars)");

  await page.getByRole("button", { name: "History" }).click();
  const row = page.getByTestId("history-table").locator("tbody tr").first();
  await expect(row).toContainText("@demo/weather");
  await expect(row).toContainText("[REDACTED]");
  await expect(row).not.toContainText("sk-live-very-secret");
  await expect(row.getByTestId("history-origin")).toHaveText("ui");
  await screenshot(page, "history-redacted", info.project.name);

  // The trace link opens the same invocation's trace.
  await row.getByTestId("history-trace-link").click();
  await expect(page.getByLabel(/^Trace [0-9a-f]{32}$/)).toBeVisible();
  await expect(page.getByLabel(/^Trace [0-9a-f]{32}$/)).toContainText("@demo/weather");

  await page.getByRole("button", { name: "History" }).click();
  await row.getByRole("button", { name: "Open in form" }).click();
  await expect(page.locator(".tool-head h1")).toContainText("@demo/weather");
  await expect(page.getByTestId("redacted-notice")).toContainText("Fill in again: api_key");
  await expect(page.locator("#root_city")).toHaveValue("Lisbon");
  await expect(page.locator("#root_api_key")).toHaveValue("");
});
