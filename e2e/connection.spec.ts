import { expect, openTool, test } from "./fixtures.ts";

test("losing the host shows 'disconnected — reconnecting', not a tool error, and recovers", async ({
  workbench,
}) => {
  const { page } = workbench;
  await openTool(page, "@math/calculator");
  await page.getByTestId("json-editor").fill('{"operation":"add","a":1,"b":2}');
  // The host stops answering calls (as when `agentic serve` is stopped).
  await page.route("**/api/call/**", (route) => route.abort("connectionrefused"));
  await page.getByRole("button", { name: /^Invoke/ }).click();
  const banner = page.getByTestId("disconnected");
  await expect(banner).toContainText("Disconnected from the workbench — reconnecting…");
  await expect(banner).toContainText("The last invoke of @math/calculator got no answer");
  await expect(page.getByTestId("result-status")).toHaveCount(0);

  await page.unroute("**/api/call/**");
  await expect(banner).toHaveCount(0, { timeout: 10_000 });
  await page.getByRole("button", { name: /^Invoke/ }).click();
  await expect(page.getByTestId("result-value")).toHaveText("3");
  // The refused request is logged by the browser itself; it is what this test caused.
  workbench.consoleErrors.splice(0);
});

test("a tab opened without the token says what to do, once, and claims no empty tool list", async ({
  workbench,
}) => {
  const { page } = workbench;
  // The token was moved out of the address bar into this tab's session storage: a new tab lacks it.
  const other = await page.context().newPage();
  await other.goto(page.url());
  const error = other.getByTestId("connection-error");
  await expect(error).toHaveText(
    "This tab has no valid launch token. Open the URL the host printed at start-up (it ends in ?token=…).",
  );
  await expect(other.getByText(/URL the host printed/)).toHaveCount(1);
  await expect(other.getByText("No tool matches")).toHaveCount(0);
  await other.close();
});
