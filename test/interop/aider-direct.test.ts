/**
 * @tools/aider in direct mode (no LiteLLM running): the real aider (installed into .venv-aider by
 * .ci/run) talks to the plugin's one-run relay on 127.0.0.1, which answers through the
 * workbench's own LLM proxy. The model group's deployment is a `mock_response` holding aider's
 * edit, which direct mode answers without calling any provider. The edit must land, the call
 * must be traced as a generation inside the aider invocation, and the relay must refuse others.
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createWorkbench, type Workbench } from "../../src-main/api/workbench.ts";
import { committedRepo } from "../helpers/git-repo.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const AIDER = fileURLToPath(new URL("../../.venv-aider/bin/aider", import.meta.url));
const aiderInstalled = existsSync(AIDER);
if (!aiderInstalled && process.env.CI) {
  throw new Error(`aider is not installed at ${AIDER}; .ci/run installs it`);
}

const NEW_APP = 'def greet():\n    return "hello, direct"\n';
const EDIT = `app.py\n\`\`\`python\n${NEW_APP}\`\`\`\n`;

describe.skipIf(!aiderInstalled)("@tools/aider in direct mode, without LiteLLM", () => {
  let workbench: Workbench | undefined;
  const saved = process.env.AIDER_BIN;
  afterAll(async () => {
    await workbench?.close();
    if (saved === undefined) delete process.env.AIDER_BIN;
    else process.env.AIDER_BIN = saved;
  });

  it("edits through the workbench's LLM proxy and traces the model call inside the invocation", async () => {
    const workspace = await committedRepo(
      { "app.py": 'def greet():\n    return "hello"\n' },
      "agentic-aider-direct-",
    );
    const configDir = await tempDir("agentic-aider-direct-config-");
    const config = path.join(configDir, "litellm_config.yaml");
    await writeFile(
      config,
      `model_list:
  - model_name: coder
    litellm_params: { model: openai/coder-mock, mock_response: ${JSON.stringify(EDIT)} }
    model_info: { id: coder-direct }
`,
    );
    process.env.AIDER_BIN = AIDER;
    workbench = await createWorkbench({
      workspaceRoot: workspace,
      llmConfig: config,
      env: {
        ...process.env,
        AGENTIC_HOME: await tempDir("agentic-aider-direct-home-"),
        AGENTIC_LLM_MODE: "direct",
      },
      mcpServers: false,
    });
    const result = await workbench.registry.invoke(
      "@tools/aider",
      { message: "make greet say hello, direct", files: ["app.py"], model: "coder" },
      { timeoutMs: 240_000 },
    );
    expect(result.ok, JSON.stringify(result).slice(0, 3000)).toBe(true);
    const value = (result as { value: { diff: string; mode: string; llmCalls: number } }).value;
    expect(value.mode).toBe("direct");
    expect(value.llmCalls).toBeGreaterThanOrEqual(1);
    expect(await readFile(path.join(workspace, "app.py"), "utf8")).toBe(NEW_APP);
    expect(value.diff).toContain('+    return "hello, direct"');
    const trace = await workbench.tracing.store.get(result.traceId as string);
    const generations = trace?.observations.filter((o) => o.type === "generation") ?? [];
    expect(generations.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(generations[0])).toContain("coder-direct");
  }, 300_000);
});
