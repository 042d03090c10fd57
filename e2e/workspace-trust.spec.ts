import { writeFile } from "node:fs/promises";
import path from "node:path";
import { root as repoRoot } from "../scripts/build-if-stale.mjs";
import { expect, test } from "./fixtures.ts";

// A workspace that arrives with its own mcp.json and an env-reading litellm_config.yaml: the
// workbench asks first, names the command and the variables, and a Trust starts the server at once.
const FS_SERVER = path.join(
  repoRoot,
  "node_modules/@modelcontextprotocol/server-filesystem/dist/index.js",
);

test("the workspace trust banner: shows the commands and variables; Trust applies at once, Not now hides", async ({
  workbench,
}) => {
  const { page, workspace } = workbench;
  await writeFile(
    path.join(workspace, "mcp.json"),
    JSON.stringify({
      mcpServers: { wsfs: { command: process.execPath, args: [FS_SERVER, workspace] } },
    }),
  );
  await writeFile(
    path.join(workspace, "litellm_config.yaml"),
    "model_list:\n  - model_name: ws\n    litellm_params: { model: openai/x, api_base: http://127.0.0.1:9/v1, api_key: os.environ/WS_SECRET_KEY }\n",
  );
  await page.reload();
  const banner = page.getByRole("region", { name: "Workspace trust" });
  const mcpItem = banner.getByTestId("trust-item").filter({ hasText: "MCP servers" });
  await expect(mcpItem).toContainText("This workspace wants to start MCP servers");
  await expect(mcpItem).toContainText(`wsfs: ${process.execPath} ${FS_SERVER} ${workspace}`);
  const llmItem = banner.getByTestId("trust-item").filter({ hasText: "LLM config" });
  await expect(llmItem).toContainText("WS_SECRET_KEY");
  // Not started yet: no tools of it, and the Plugins view says why.
  await expect(page.locator(".tool-name", { hasText: "@mcp-wsfs/" })).toHaveCount(0);

  await mcpItem.getByRole("button", { name: "Trust" }).click();
  await expect(mcpItem).toHaveCount(0);
  await expect(
    page.locator(".tool-name", { hasText: /^@mcp-wsfs\/read_text_file$/ }),
  ).toBeVisible();

  // "Not now" hides it for this window only; Trust switches the LLM config without a restart.
  await llmItem.getByRole("button", { name: "Not now" }).click();
  await expect(banner).toHaveCount(0);
  await page.reload();
  await expect(llmItem).toContainText("WS_SECRET_KEY");
  await expect(mcpItem).toHaveCount(0);
  await llmItem.getByRole("button", { name: "Trust" }).click();
  await expect(banner).toHaveCount(0);
  await page.getByRole("button", { name: "LLM", exact: true }).click();
  await expect(page.locator(".llm-view")).toContainText(
    `config ${path.join(workspace, "litellm_config.yaml")} (workspace)`,
  );
  await expect(page.getByTestId("llm-config-notice")).toHaveCount(0);
});
