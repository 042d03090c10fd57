import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { closedPort, type FakeServer, startFakeServer } from "../test/llm/fake-openai-server.ts";
import { test as base, expect } from "./fixtures.ts";

// Direct mode without LiteLLM: one deployment answers, one answers 500 to everything.
const test = base.extend<{ servers: { ok: FakeServer; broken: FakeServer; config: string } }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a pattern
  servers: async ({}, use) => {
    const ok = await startFakeServer({ kind: "ok", text: "brief hello" });
    const broken = await startFakeServer({ kind: "status", status: 500 });
    const dir = await mkdtemp(path.join(os.tmpdir(), "agentic-e2e-llm-"));
    const config = path.join(dir, "litellm_config.yaml");
    await writeFile(
      config,
      `model_list:
  - model_name: fast
    litellm_params: { model: openai/broken, api_base: "${broken.url}/v1", api_key: sk-x }
    model_info: { id: broken-1 }
  - model_name: main
    litellm_params: { model: openai/ok, api_base: "${ok.url}/v1", api_key: sk-x }
    model_info: { id: ok-1 }
router_settings: { num_retries: 1, fallbacks: [{ fast: [main] }] }
`,
    );
    await use({ ok, broken, config });
    await Promise.all([ok.close(), broken.close()]);
    await rm(dir, { recursive: true, force: true });
  },
  extraEnv: async ({ servers }, use) => {
    await use({
      LITELLM_BASE_URL: `http://127.0.0.1:${await closedPort()}`,
      LITELLM_CONFIG: servers.config,
    });
  },
});

test("direct mode: LiteLLM's absence is information, a 500-answering deployment is not green, the playground takes system, temperature and max tokens", async ({
  workbench,
  servers,
}) => {
  const { page } = workbench;
  await page
    .getByRole("navigation", { name: "Views" })
    .getByRole("button", { name: "LLM" })
    .click();
  await expect(page.getByTestId("llm-mode")).toHaveText("direct mode");
  await expect(page.getByTestId("llm-litellm")).toContainText("unreachable");
  await expect(page.getByTestId("llm-litellm")).toHaveClass(/\binfo\b/);
  await expect(page.getByTestId("llm-litellm")).not.toHaveClass(/failing/);
  await expect(page.getByTestId("group-fast").locator(".badge")).toHaveText("unhealthy");
  await expect(page.getByTestId("group-main").locator(".badge")).toHaveText("reachable");

  await page.getByLabel("System prompt").fill("Be brief.");
  await page.getByLabel("Temperature").fill("0.3");
  await page.getByLabel("Max tokens").fill("50");
  await page.getByLabel("Model group", { exact: true }).selectOption("fast");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByTestId("llm-text")).toHaveText("brief hello");
  await expect(page.getByTestId("llm-summary")).toContainText("1 retry · 1 fallback ·");
  const sent = servers.ok.requests.filter((r) => r.path.endsWith("/chat/completions")).at(-1);
  expect(sent?.body).toMatchObject({
    messages: [{ role: "system", content: "Be brief." }, { role: "user" }],
    temperature: 0.3,
    max_tokens: 50,
  });
});
