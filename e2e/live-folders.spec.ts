import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { runAgentic } from "../test/helpers/run-cli.ts";
import { expect, openTool, test } from "./fixtures.ts";

// The README's first plugin, dropped where the README says: $AGENTIC_HOME/plugins.
const greet = (greeting: string) => `import { defineTool, ToolError } from "agentic-workbench";

export default defineTool({
  name: "@demo/greet",
  description: "Greets someone.",
  deterministic: true,
  costPerInvocation: 0,
  parametersSchema: {
    type: "object",
    properties: { who: { type: "string", minLength: 1 } },
    required: ["who"],
    additionalProperties: false,
  },
  async invoke({ who }, ctx) {
    ctx.progress({ progress: 1, total: 1, message: "greeting" });
    if (who === "nobody") throw new ToolError("nobody to greet", { hint: "pass a name" });
    return \`${greeting} \${who}\`;
  },
});
`;

test("a fresh install: the plugins folder made after start is watched, edits and all", async ({
  workbench,
}) => {
  const { page, home } = workbench;
  const dir = path.join(home, "plugins");
  await page.getByRole("button", { name: /^Plugins/ }).click();
  await expect(page.getByText(`${dir} (not created yet)`, { exact: true })).toBeVisible();

  await mkdir(dir);
  await writeFile(path.join(dir, "greet.ts"), greet("hello"));
  await expect(page.getByTestId("plugin-greet")).toContainText("@demo/greet");
  await expect(page.getByText(dir, { exact: true })).toBeVisible();
  await openTool(page, "@demo/greet");
  await page.locator("#root_who").fill("Ada");
  await page.getByRole("button", { name: /^Invoke/ }).click();
  await expect(page.getByTestId("result-value")).toHaveText("hello Ada");

  // A later edit is followed too, without Reload or a restart.
  await writeFile(path.join(dir, "greet.ts"), greet("good morning"));
  await expect
    .poll(
      async () => {
        await page.getByRole("button", { name: /^Invoke/ }).click();
        return page.getByTestId("result-value").textContent();
      },
      { timeout: 20_000 },
    )
    .toBe("good morning Ada");

  // Removed, the folder's tools go; made again, they come back.
  await rm(dir, { recursive: true });
  await expect(page.locator(".tool-name", { hasText: "@demo/greet" })).toHaveCount(0);
  await mkdir(dir);
  await writeFile(path.join(dir, "greet.ts"), greet("hi"));
  await expect(page.locator(".tool-name", { hasText: "@demo/greet" })).toBeVisible();
});

test("a run from the CLI shows up in the open History view, without a reload", async ({
  workbench,
}) => {
  const { page, home, workspace } = workbench;
  await page.getByRole("button", { name: "History" }).click();
  const rows = page.getByTestId("history-table").locator("tbody tr");
  await expect(page.getByText("No invocations yet")).toBeVisible();

  const cli = await runAgentic(
    ["invoke", "@math/calculator", "--params", '{"operation":"multiply","a":6,"b":7}'],
    { cwd: workspace, env: { AGENTIC_HOME: home } },
  );
  expect(cli.code, cli.stderr).toBe(0);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("@math/calculator");
  await expect(rows.first().getByTestId("history-origin")).toHaveText("cli");
  await expect(page.getByTestId("totals-all-time")).toContainText("1 runs");

  await page.reload();
  await page.getByRole("button", { name: "History" }).click();
  await expect(rows).toHaveCount(1);
});
