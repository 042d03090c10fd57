import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  type ScriptedModel,
  type ScriptedRequest,
  scriptedConfig,
  startScriptedModel,
} from "../test/agent/scripted-model.ts";
import { closedPort } from "../test/llm/fake-openai-server.ts";
import { test as base, expect, openTool, screenshot } from "./fixtures.ts";

// The Agent view in the browser against the real web host. The model is a scripted
// OpenAI-compatible upstream that stands in for a model (test/agent/scripted-model.ts), reached
// in direct mode: asked about 6 × 7 it calls @math/calculator and answers with what it returned;
// asked to write a note it multiplies first, then wants @file/write, then reports the result;
// asked to plan (by @llm/planner) it answers a two-step plan: multiply, then write the product.

/** The last user message decides the task; the tool results so far decide the turn. */
function script(request: ScriptedRequest) {
  if (String(request.messages[0]?.content).startsWith("You are a planner")) {
    return {
      text: JSON.stringify({
        steps: [
          {
            description: "Multiply 6 by 7",
            tool: "@math/calculator",
            parameters: { operation: "multiply", a: 6, b: 7 },
          },
          {
            description: "Save the product",
            tool: "@file/write",
            parameters: { path: "product.txt", content: "42" },
          },
        ],
      }),
    };
  }
  const task = request.messages.filter((m) => m.role === "user").at(-1)?.content ?? "";
  const results = request.toolResults;
  const multiply = {
    name: "math__calculator",
    arguments: { operation: "multiply", a: 6, b: 7 },
  };
  if (!task.includes("note")) {
    return results.length === 0
      ? { toolCalls: [multiply] }
      : { text: `6 times 7 is ${results[0]?.content}.` };
  }
  if (results.length === 0) return { toolCalls: [multiply] };
  if (results.length === 1) {
    return {
      toolCalls: [
        { name: "file__write", arguments: { path: "note.txt", content: `${results[0]?.content}` } },
      ],
    };
  }
  return { text: `I could not write the note: ${results[1]?.content}` };
}

const test = base.extend<{ upstream: ScriptedModel }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a pattern
  upstream: async ({}, use) => {
    const model = await startScriptedModel(script);
    await use(model);
    await model.close();
  },
  extraEnv: async ({ upstream }, use) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "agentic-e2e-agent-"));
    const config = path.join(dir, "litellm_config.yaml");
    await writeFile(config, scriptedConfig(upstream.url));
    await use({
      LITELLM_CONFIG: config,
      AGENTIC_LLM_MODE: "direct",
      LITELLM_BASE_URL: `http://127.0.0.1:${await closedPort()}`,
    });
    await rm(dir, { recursive: true, force: true });
  },
});

test("the Agent view runs a task with @math/calculator, shows the transcript, answer and trace", async ({
  workbench,
}) => {
  const { page } = workbench;
  await page
    .getByRole("navigation", { name: "Views" })
    .getByRole("button", { name: "Agent" })
    .click();
  await expect(page.getByLabel("Model group")).toHaveValue("main");
  // Every tool is offered unless unticked.
  const count = page.getByTestId("agent-tools-count");
  await expect(count).toHaveText(/^(\d+) of \1$/);
  await page.getByLabel("Filter the tools offered").fill("calculator");
  await expect(page.getByRole("list", { name: "Tools" }).getByRole("checkbox")).toHaveCount(1);
  await page.getByLabel("Filter the tools offered").fill("");

  await page.getByLabel("Prompt", { exact: true }).fill("What is 6 times 7?");
  await page.getByRole("button", { name: /^Run/ }).click();

  await expect(page.getByTestId("agent-answer")).toHaveText("6 times 7 is 42.");
  await expect(page.getByTestId("agent-stopped")).toHaveText("final-answer");
  const steps = page.getByTestId("agent-step");
  await expect(steps).toHaveCount(3);
  await expect(steps.nth(0)).toContainText("main-1 of main");
  await expect(steps.nth(0)).toContainText("asks for @math/calculator");
  await expect(steps.nth(0)).toContainText("15 tokens");
  await expect(steps.nth(1)).toContainText("@math/calculator");
  await expect(steps.nth(1)).toContainText('"multiply"');
  await expect(steps.nth(1)).toContainText("42");
  await expect(steps.nth(1).getByTestId("agent-step-approval")).toHaveText("read-only");
  // Two generations of 10 + 5 tokens at $0.001 / $0.002 per token; the calculator is free.
  await expect(page.getByTestId("agent-cost")).toHaveText("cost $0.04 (LLM $0.04, tools $0)");

  await page.getByTestId("agent-result").getByTestId("show-trace").click();
  await expect(page.getByTestId("trace-detail")).toBeVisible();
  await expect(page.getByTestId("observation-generation")).toHaveCount(2);
  await expect(page.getByTestId("observation-tool").first()).toContainText("@math/calculator");
});

test("a call of @file/write waits for approval; Refuse: the model is told, no file is written", async ({
  workbench,
}, info) => {
  const { page, workspace } = workbench;
  await page
    .getByRole("navigation", { name: "Views" })
    .getByRole("button", { name: "Agent" })
    .click();
  await page
    .getByLabel("Prompt", { exact: true })
    .fill("Multiply 6 by 7 and write a note with it.");
  await page.getByRole("button", { name: /^Run/ }).click();

  const approval = page.getByTestId("agent-approval");
  await expect(approval).toContainText("Approve @file/write?");
  await expect(approval).toContainText("destructive");
  await expect(approval).toContainText('"note.txt"');
  // The question has the keyboard: the run waits on it.
  await expect(approval.getByRole("button", { name: "Approve", exact: true })).toBeFocused();
  await expect(page.getByTestId("agent-step")).toHaveCount(3);
  await screenshot(page, "agent", info.project.name);

  await approval.getByRole("button", { name: "Refuse" }).click();
  await expect(approval).toHaveCount(0);
  await expect(page.getByTestId("agent-stopped")).toHaveText("final-answer");
  const refused = page.getByTestId("agent-step").nth(3);
  await expect(refused).toContainText("@file/write");
  await expect(refused.getByTestId("agent-step-approval")).toHaveText("refused by you");
  await expect(refused).toContainText("refused by the user");
  await expect(page.getByTestId("agent-answer")).toContainText("refused by the user");
  await expect(page.getByTestId("agent-result").getByTestId("show-trace")).toBeVisible();
  expect(existsSync(path.join(workspace, "note.txt"))).toBe(false);
});

test("a plan from @llm/planner runs step by step (a write asks first) and can be handed to the agent", async ({
  workbench,
}) => {
  const { page, workspace } = workbench;
  await openTool(page, "@llm/planner");
  await page.locator("#root_task").fill("Multiply 6 by 7 and save it");
  await page.getByRole("button", { name: /^Invoke/ }).click();
  const steps = page.getByTestId("plan-step");
  await expect(steps).toHaveCount(2);

  await page.getByRole("button", { name: "Run step by step" }).click();
  await expect(steps.nth(0).getByTestId("plan-step-status")).toHaveText("ok");
  await expect(steps.nth(0)).toContainText("42");
  // The write has not run: it waits for an answer.
  const ask = steps.nth(1).getByTestId("plan-approval");
  await expect(ask).toContainText("Run @file/write? It writes.");
  expect(existsSync(path.join(workspace, "product.txt"))).toBe(false);
  await ask.getByRole("button", { name: "Approve" }).click();
  await expect(steps.nth(1).getByTestId("plan-step-status")).toHaveText("ok");
  expect(await readFile(path.join(workspace, "product.txt"), "utf8")).toBe("42");

  await page.getByRole("button", { name: "Hand to agent" }).click();
  const prompt = page.getByLabel("Prompt", { exact: true });
  await expect(prompt).toBeVisible();
  await expect(prompt).toHaveValue(/^Task: Multiply 6 by 7 and save it\n/);
  await expect(prompt).toHaveValue(
    /2\. Save the product — @file\/write \{"path":"product.txt","content":"42"\}/,
  );
});

test("simulate a failure of the first choice: the run's first model call falls back, and says so", async ({
  workbench,
}) => {
  const { page } = workbench;
  await page
    .getByRole("navigation", { name: "Views" })
    .getByRole("button", { name: "Agent" })
    .click();
  await page.getByLabel("Model group").selectOption("flaky");
  await page.getByLabel("simulate a failure of the first choice").check();
  await page.getByLabel("Prompt", { exact: true }).fill("What is 6 times 7?");
  await page.keyboard.press("Control+Enter");

  await expect(page.getByTestId("agent-answer")).toHaveText("6 times 7 is 42.");
  const first = page.getByTestId("agent-step").first();
  await expect(first).toContainText("main-1 of main — fell back from flaky");
  await expect(first).toContainText("2 attempts");
  await expect(first.getByRole("list", { name: "Attempts" }).locator("li")).toHaveCount(2);
  // Only the first call is made to fail: the last one is answered by the group asked.
  await expect(page.getByTestId("agent-step").nth(2)).toContainText("flaky-1 of flaky");
});

test("Stop while a question is open: the run is cancelled and the write never runs", async ({
  workbench,
}) => {
  const { page, workspace } = workbench;
  await page
    .getByRole("navigation", { name: "Views" })
    .getByRole("button", { name: "Agent" })
    .click();
  await page
    .getByLabel("Prompt", { exact: true })
    .fill("Multiply 6 by 7 and write a note with it.");
  await page.getByRole("button", { name: /^Run/ }).click();
  await expect(page.getByTestId("agent-approval")).toBeVisible();
  await page.getByRole("button", { name: "Stop" }).click();
  await expect(page.getByTestId("agent-stopped")).toHaveText("cancelled");
  await expect(page.getByTestId("agent-approval")).toHaveCount(0);
  await expect(page.getByTestId("agent-result")).toContainText("the run was cancelled");
  expect(existsSync(path.join(workspace, "note.txt"))).toBe(false);
  // The form is back for the next run.
  await expect(page.getByRole("button", { name: /^Run/ })).toBeEnabled();
});
