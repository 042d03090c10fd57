import { writeFile } from "node:fs/promises";
import path from "node:path";
import { expect, openTool, test } from "./fixtures.ts";

// The complaints MCP Inspector users file most: nullable fields, enums, anyOf/oneOf and arrays of
// objects whose values the form corrupts. Round-trip such values through form, editor and tool.
const ECHO = `export default {
  metadata: {
    name: "@demo/echo", description: "Returns its parameters.", deterministic: true, costPerInvocation: 0,
    parametersSchema: {
      type: "object",
      properties: {
        note: { type: ["string", "null"] },
        level: { type: "string", enum: ["low", "high"] },
        target: { oneOf: [
          { title: "by id", type: "object", properties: { id: { type: "integer" } }, required: ["id"], additionalProperties: false },
          { title: "by name", type: "object", properties: { name: { type: "string" } }, required: ["name"], additionalProperties: false }
        ] },
        items: { type: "array", items: { type: "object", properties: { key: { type: "string" }, count: { type: "integer" } } } },
        amount: { anyOf: [ { type: "number" }, { type: "string", pattern: "^[0-9]+$" } ] }
      }
    }
  },
  invoke: (params) => params
};`;

const VALUE = {
  note: null,
  level: "high",
  target: { name: "west" },
  items: [
    { key: "a", count: 2 },
    { key: "b", count: 3 },
  ],
  amount: 5,
};

test("nullable, enum, oneOf, anyOf and arrays of objects survive form, editor and invocation", async ({
  workbench,
}) => {
  const { page, pluginsDir } = workbench;
  await writeFile(path.join(pluginsDir, "echo.mjs"), ECHO);
  await expect(page.locator(".tool-name", { hasText: "@demo/echo" })).toBeVisible();
  await openTool(page, "@demo/echo");

  const editor = page.getByTestId("json-editor");
  await editor.fill(JSON.stringify(VALUE, null, 2));
  await expect(page.locator("#root_items_1_key")).toHaveValue("b");
  await expect(page.locator("#root_level option:checked")).toHaveText("high");
  // Rendering the form must not rewrite what the user typed.
  await expect.poll(async () => JSON.parse(await editor.inputValue())).toEqual(VALUE);

  await page.getByRole("button", { name: /^Invoke/ }).click();
  await expect(page.getByTestId("result-status")).toHaveText("ok");
  const entry = await page.evaluate(async () => {
    // Through the same API the UI uses: Electron's preload object, or HTTP with the launch token.
    const preload = (
      window as unknown as { workbench?: { history(q: object): Promise<{ value: unknown }[]> } }
    ).workbench;
    if (preload) return (await preload.history({ tool: "@demo/echo", limit: 1 }))[0]?.value;
    const token = sessionStorage.getItem("agentic.token");
    const response = await fetch("/api/call/history", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ args: [{ tool: "@demo/echo", limit: 1 }] }),
    });
    return ((await response.json()) as { result: { value: unknown }[] }).result[0]?.value;
  });
  expect(entry).toEqual(VALUE);

  // Editing one array item in the form changes that item only.
  await page.locator("#root_items_0_count").fill("9");
  await expect
    .poll(async () => JSON.parse(await editor.inputValue()).items)
    .toEqual([
      { key: "a", count: 9 },
      { key: "b", count: 3 },
    ]);
  await expect.poll(async () => JSON.parse(await editor.inputValue()).note).toBeNull();
});
