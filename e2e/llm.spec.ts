import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { closedPort } from "../test/llm/fake-openai-server.ts";
import {
  liteLLMInstalled,
  type RunningLiteLLM,
  requireLiteLLM,
  startLiteLLM,
} from "../test/llm/litellm-server.ts";
import { test as base, expect, screenshot } from "./fixtures.ts";

// The LLM panel against the real LiteLLM proxy (installed into .venv-litellm by .ci/run), with
// deployments that need no provider: a mock answer, and a first choice that always fails.
const CONFIG = `
model_list:
  - model_name: fast
    litellm_params: { model: openai/fast-mock, mock_response: "hello from fast" }
    model_info: { id: fast-1 }
  - model_name: main
    litellm_params: { model: openai/main-mock, mock_response: "hello from main" }
    model_info: { id: main-1 }
router_settings:
  num_retries: 0
  fallbacks: [{ fast: [main] }]
general_settings:
  dangerously_allow_mock_testing_request_params: true
`;

const test = base.extend<{ litellm: RunningLiteLLM }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a pattern
  litellm: async ({}, use) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "agentic-e2e-litellm-"));
    const running = await startLiteLLM(CONFIG, dir);
    await use(running);
    await running.stop();
    await rm(dir, { recursive: true, force: true });
  },
  extraEnv: async ({ litellm }, use) => {
    await use({
      LITELLM_BASE_URL: litellm.baseUrl,
      LITELLM_API_KEY: litellm.masterKey,
      LITELLM_CONFIG: litellm.configPath,
      AGENTIC_LLM_MODE: "auto",
    });
  },
});

test.beforeAll(() => {
  requireLiteLLM();
  test.skip(
    !liteLLMInstalled,
    "LiteLLM is not installed here (.venv-litellm); .ci/run installs it",
  );
});

test("the fallback lab: mode, groups and chain, a playground answer, and the fallback by hand", async ({
  workbench,
}, info) => {
  const { page } = workbench;
  await page
    .getByRole("navigation", { name: "Views" })
    .getByRole("button", { name: "LLM" })
    .click();
  await expect(page.getByTestId("llm-mode")).toHaveText("proxy mode (LiteLLM)");
  await expect(page.getByTestId("chain-fast")).toHaveText("fast → main");
  await expect(page.getByTestId("group-main")).toContainText("main-1");

  await page.getByLabel("Model group", { exact: true }).selectOption("fast");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByTestId("llm-text")).toHaveText("hello from fast");
  await expect(page.getByTestId("llm-answered-by")).toContainText("fast-1");

  await page.getByLabel("simulate a failure of the first choice").check();
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByTestId("llm-text")).toHaveText("hello from main");
  await expect(page.getByTestId("llm-answered-by")).toContainText("main-1");
  await expect(page.getByTestId("llm-answered-by")).toContainText("fell back from fast");
  await expect(page.getByTestId("llm-attempts")).toContainText("main-1");
  await screenshot(page, "llm", info.project.name);
});

test.describe("without LiteLLM", () => {
  test.use({
    extraEnv: async ({ litellm }, use) => {
      await use({
        LITELLM_BASE_URL: `http://127.0.0.1:${await closedPort()}`,
        LITELLM_CONFIG: litellm.configPath,
      });
    },
  });

  test("direct mode is used and said when LiteLLM does not answer", async ({ workbench }) => {
    const { page } = workbench;
    await page
      .getByRole("navigation", { name: "Views" })
      .getByRole("button", { name: "LLM" })
      .click();
    await expect(page.getByTestId("llm-mode")).toHaveText("direct mode");
    await expect(page.getByTestId("llm-backend")).toContainText("unreachable");
    await page.getByLabel("Model group", { exact: true }).selectOption("fast");
    await page.getByLabel("simulate a failure of the first choice").check();
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await expect(page.getByTestId("llm-text")).toHaveText("hello from main");
    await expect(page.getByTestId("llm-attempts").locator("li")).toHaveCount(2);
  });
});
