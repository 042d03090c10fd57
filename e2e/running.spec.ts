import { writeFile } from "node:fs/promises";
import path from "node:path";
import { expect, openTool, screenshot, test } from "./fixtures.ts";

// A tool that reports progress and runs until cancelled (or 30 s), honouring its AbortSignal.
const SLOW = `export default {
  metadata: { name: "@demo/slow", description: "Counts slowly, reporting progress.", deterministic: true, costPerInvocation: 0,
    parametersSchema: { type: "object", properties: { steps: { type: "integer", minimum: 1 } }, required: ["steps"] } },
  invoke: async ({ steps }, ctx) => {
    for (let i = 1; i <= steps; i++) {
      ctx.progress({ progress: i, total: steps, message: "step " + i });
      await new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, 300);
        ctx.signal.addEventListener("abort", () => { clearTimeout(timer); reject(ctx.signal.reason); }, { once: true });
      });
    }
    return "done";
  },
};`;

test("a running tool shows its progress and Cancel stops it", async ({ workbench }, info) => {
  const { page, pluginsDir } = workbench;
  await writeFile(path.join(pluginsDir, "slow.mjs"), SLOW);
  await expect(page.locator(".tool-name", { hasText: "@demo/slow" })).toBeVisible();
  await openTool(page, "@demo/slow");
  await page.locator("#root_steps").fill("100");
  await page.getByRole("button", { name: /^Invoke/ }).click();
  await expect(page.locator(".result.running")).toBeVisible();
  await expect(page.locator(".progress")).toContainText(/step \d+ \d+\/100/);
  await expect(page.getByRole("button", { name: /^Invoke/ })).toBeDisabled();
  await screenshot(page, "running", info.project.name);
  await page.locator(".actions").getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("result-status")).toHaveText("CANCELLED");
  await expect(page.getByRole("button", { name: /^Invoke/ })).toBeEnabled();
});

test("the last inputs are remembered per tool", async ({ workbench }) => {
  const { page } = workbench;
  await openTool(page, "@text/word-count");
  await page.locator("#root_text").fill("remember me");
  await openTool(page, "@math/calculator");
  await page.locator("#root_a").fill("3");
  await openTool(page, "@text/word-count");
  await expect(page.locator("#root_text")).toHaveValue("remember me");
  await openTool(page, "@math/calculator");
  await expect(page.locator("#root_a")).toHaveValue("3");
  // And across a reload of the page.
  await page.reload();
  await openTool(page, "@text/word-count");
  await expect(page.locator("#root_text")).toHaveValue("remember me");
});

test("keyboard alone: search, pick a tool with the arrows, invoke with Ctrl+Enter", async ({
  workbench,
}) => {
  const { page } = workbench;
  await page.keyboard.press("Control+k");
  await page.keyboard.type("word");
  // The example plugin's tool comes from the plugin host, which may still be starting on a busy
  // machine: the arrow picks from what the list shows, so wait until it shows the tool.
  await expect(page.locator(".tool-name", { hasText: "@text/word-count" })).toBeVisible();
  await page.keyboard.press("ArrowDown");
  await expect(page.locator(".tool-head h1")).toContainText("@text/word-count");
  await page.keyboard.press("Enter");
  await expect(page.locator("#root_text")).toBeFocused();
  await page.keyboard.type("one two");
  await page.keyboard.press("Control+Enter");
  await expect(page.getByTestId("result-status")).toHaveText("ok");
  await expect(page.getByTestId("result-value")).toContainText("words:2");
});

test("dark mode follows the OS", async ({ workbench }, info) => {
  const { page } = workbench;
  await page.emulateMedia({ colorScheme: "dark" });
  await openTool(page, "@math/calculator");
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe("rgb(22, 24, 29)");
  await screenshot(page, "dark", info.project.name);
});
