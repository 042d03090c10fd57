import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkbench, type Workbench } from "../../src-main/api/workbench.ts";
import { tempDir } from "../helpers/temp-dir.ts";

// LLM calls made by a tool nest in that tool's trace as `generation` observations. Direct mode
// with LiteLLM's mock_response needs no provider and no proxy.
const CONFIG = `
model_list:
  - model_name: broken
    litellm_params: { model: openai/x, mock_response: litellm.InternalServerError }
    model_info: { id: broken-1 }
  - model_name: canned
    litellm_params: { model: openai/canned-model, mock_response: "canned answer" }
    model_info: { id: canned-1 }
router_settings: { num_retries: 0, fallbacks: [{ broken: [canned] }] }
`;

describe("LLM calls in traces", () => {
  let workbench: Workbench;
  beforeAll(async () => {
    const home = await tempDir("agentic-llm-trace-home-");
    const workspace = await tempDir("agentic-llm-trace-ws-");
    const config = path.join(workspace, "llm.yaml");
    await writeFile(config, CONFIG);
    workbench = await createWorkbench({
      workspaceRoot: workspace,
      onlyPluginDirs: true,
      isolation: false,
      mcpServers: false,
      llmConfig: config,
      env: {
        ...process.env,
        AGENTIC_HOME: home,
        AGENTIC_LLM_MODE: "direct",
        LANGFUSE_PUBLIC_KEY: "",
        LITELLM_BASE_URL: "http://127.0.0.1:9",
      },
    });
  });
  afterAll(async () => workbench?.close());

  it("@llm/complete's call is a generation nested in the tool observation, with model, usage and attempts", async () => {
    const result = await workbench.registry.invoke("@llm/complete", {
      prompt: "hello",
      model: "broken",
    });
    expect(result).toMatchObject({ ok: true });
    expect(result.traceId).toMatch(/^[0-9a-f]{32}$/);
    await workbench.tracing.store.flush();
    const trace = await workbench.tracing.store.get(result.traceId as string);
    const tool = trace?.observations.find((o) => o.type === "tool");
    const generation = trace?.observations.find((o) => o.type === "generation");
    expect(tool?.name).toBe("@llm/complete");
    expect(generation).toMatchObject({
      parentId: tool?.id,
      name: "llm broken",
      output: "canned answer",
      level: "DEFAULT",
      metadata: {
        model: "openai/canned-model",
        deployment: "canned-1",
        answeredBy: "canned",
        mode: "direct",
      },
    });
    const attempts = (generation?.metadata.attempts ?? []) as { outcome: string }[];
    expect(attempts.map((a) => a.outcome)).toEqual(["server_error", "ok"]);
    expect(generation?.input).toMatchObject({ prompt: "hello" });
  });
});
