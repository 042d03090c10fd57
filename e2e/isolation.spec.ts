import { writeFile } from "node:fs/promises";
import path from "node:path";
import { expect, openTool, test } from "./fixtures.ts";

// Plugins run in an isolated host: a hog or a crash in one must not freeze or break the window.
const HOG = `export default {
  metadata: { name: "@demo/hog", description: "Spins the CPU forever.", deterministic: true, costPerInvocation: 0, timeoutMs: 1500,
    parametersSchema: { type: "object" } },
  invoke: () => { while (true) {} },
};`;
// Exits the process the first time (a marker file remembers it across the host's restart).
const exitPlugin = (marker: string) => `import { existsSync, writeFileSync } from "node:fs";
export default {
  metadata: { name: "@demo/exit", description: "Calls process.exit the first time.", deterministic: false, costPerInvocation: 0,
    parametersSchema: { type: "object" } },
  invoke: () => {
    if (!existsSync(${JSON.stringify(marker)})) { writeFileSync(${JSON.stringify(marker)}, "exited"); process.exit(3); }
    return "still here";
  },
};`;

test("a plugin with while(true) times out while the UI stays usable, and works after", async ({
  workbench,
}) => {
  const { page, pluginsDir } = workbench;
  await writeFile(path.join(pluginsDir, "hog.mjs"), HOG);
  await expect(page.locator(".tool-name", { hasText: "@demo/hog" })).toBeVisible();
  await openTool(page, "@demo/hog");
  await page.getByRole("button", { name: /^Invoke/ }).click();
  await expect(page.locator(".result.running")).toBeVisible();

  // While the hog spins: the list filters and the calculator answers.
  await openTool(page, "@math/calculator");
  await page.getByTestId("json-editor").fill('{"operation":"add","a":20,"b":22}');
  await page.getByRole("button", { name: /^Invoke/ }).click();
  await expect(page.getByTestId("result-value")).toHaveText("42");

  await openTool(page, "@demo/hog");
  await expect(page.getByTestId("result-status")).toHaveText("TIMEOUT");
  // The host was restarted and the plugins came back by themselves.
  await openTool(page, "@text/word-count");
  await page.getByTestId("json-editor").fill('{"text":"back again"}');
  await page.getByRole("button", { name: /^Invoke/ }).click();
  await expect(page.getByTestId("result-status")).toHaveText("ok");
});

test("a plugin that calls process.exit is shown as crashed and comes back", async ({
  workbench,
}) => {
  const { page, pluginsDir } = workbench;
  await writeFile(
    path.join(pluginsDir, "exit.mjs"),
    exitPlugin(path.join(workbench.home, "exit-marker")),
  );
  await expect(page.locator(".tool-name", { hasText: "@demo/exit" })).toBeVisible();
  await openTool(page, "@demo/exit");
  await page.getByRole("button", { name: /^Invoke/ }).click();
  await expect(page.getByTestId("result-status")).toHaveText("TOOL_ERROR");
  await expect(page.getByTestId("result-error")).toContainText(/exit/i);

  await page
    .getByRole("navigation", { name: "Views" })
    .getByRole("button", { name: /^Plugins/ })
    .click();
  await expect(page.getByTestId("crashes-exit")).toContainText("crashed 1×");

  // It comes back without the user doing anything: the next call answers.
  await expect
    .poll(
      async () => {
        await openTool(page, "@demo/exit");
        await page.getByRole("button", { name: /^Invoke/ }).click();
        await expect(page.locator(".result.running")).toHaveCount(0);
        return page.getByTestId("result-status").textContent();
      },
      { timeout: 20_000 },
    )
    .toBe("ok");
  await expect(page.getByTestId("result-value")).toHaveText("still here");
});
