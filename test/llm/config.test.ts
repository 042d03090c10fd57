import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  LLMConfigError,
  loadLLMConfig,
  parseLLMConfig,
  resolveLLMConfigPath,
} from "../../src-main/llm/config.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const REPO_CONFIG = fileURLToPath(new URL("../../litellm_config.yaml", import.meta.url));

describe("litellm_config.yaml", () => {
  it("the repo's config has main and fast on Ollama, fast falling back to main, 2 retries", async () => {
    const { view } = await loadLLMConfig(REPO_CONFIG, "app", {});
    expect(view.groups.map((g) => g.name)).toEqual(["main", "fast"]);
    const [main, fast] = view.groups;
    expect(main?.deployments[0]).toMatchObject({
      model: "ollama/qwen2.5:32b",
      provider: "ollama",
      apiBase: "http://localhost:11434",
      inputCostPerToken: 0,
    });
    expect(fast?.deployments[0]?.model).toBe("ollama/qwen2.5:14b");
    expect(fast?.fallbacks).toEqual(["main"]);
    expect(main?.fallbacks).toEqual([]);
    expect(view.numRetries).toBe(2);
    expect(view.allowMockTestingParams).toBe(true);
  });

  it("keeps API keys out of the view, resolves os.environ/ bases, reads costs and timeouts", () => {
    const config = parseLLMConfig(
      `
model_list:
  - model_name: cloud
    litellm_params:
      model: openai/gpt-x
      api_base: os.environ/TEST_BASE
      api_key: os.environ/TEST_KEY
      input_cost_per_token: 0.000002
      timeout: 1.5
  - model_name: cloud
    litellm_params: { model: openai/gpt-y, api_key: sk-literal-secret-value }
    model_info: { id: second, output_cost_per_token: 0.00001 }
router_settings:
  timeout: 30
`,
      "inline.yaml",
      "flag",
      { TEST_BASE: "http://127.0.0.1:9999/v1/", TEST_KEY: "sk-from-env-secret" },
    );
    const [first, second] = config.view.groups[0]?.deployments ?? [];
    expect(first).toMatchObject({
      id: "cloud-1",
      apiBase: "http://127.0.0.1:9999/v1",
      hasApiKey: true,
      inputCostPerToken: 0.000002,
      timeoutMs: 1500,
    });
    expect(second).toMatchObject({ id: "second", outputCostPerToken: 0.00001, timeoutMs: 30_000 });
    const shown = JSON.stringify(config.view);
    expect(shown).not.toContain("sk-literal-secret-value");
    expect(shown).not.toContain("TEST_KEY");
    expect(config.secrets.get("second")).toBe("sk-literal-secret-value");
  });

  it("refuses a config with the file and field named", () => {
    expect(() => parseLLMConfig("model_list: []", "a.yaml", "flag")).toThrow(
      /a\.yaml: model_list must be a non-empty list/,
    );
    expect(() =>
      parseLLMConfig("model_list: [{model_name: x, litellm_params: {}}]", "b.yaml", "flag"),
    ).toThrow(/b\.yaml: model_list\[0\]: litellm_params\.model/);
    expect(() =>
      parseLLMConfig(
        "model_list: [{model_name: x, litellm_params: {model: openai/x}}]\nrouter_settings: {fallbacks: [{x: [y]}]}",
        "c.yaml",
        "flag",
      ),
    ).toThrow(/x falls back to y, which no model_list entry serves/);
    expect(() => parseLLMConfig("model_list: [", "d.yaml", "flag")).toThrow(LLMConfigError);
  });

  it("is found from --llm-config, else LITELLM_CONFIG, else the workspace's, else the app's", async () => {
    const workspace = await tempDir("llm-config-ws-");
    const base = { workspaceRoot: workspace, appDefault: "/app/litellm_config.yaml" };
    expect(await resolveLLMConfigPath({ ...base, env: {} })).toEqual({
      path: "/app/litellm_config.yaml",
      source: "app",
    });
    await writeFile(path.join(workspace, "litellm_config.yaml"), "model_list: []\n");
    expect(await resolveLLMConfigPath({ ...base, env: {} })).toEqual({
      path: path.join(workspace, "litellm_config.yaml"),
      source: "workspace",
    });
    expect(await resolveLLMConfigPath({ ...base, env: { LITELLM_CONFIG: "/etc/l.yaml" } })).toEqual(
      { path: "/etc/l.yaml", source: "env" },
    );
    expect(
      await resolveLLMConfigPath({
        ...base,
        flag: "/x/f.yaml",
        env: { LITELLM_CONFIG: "/e.yaml" },
      }),
    ).toEqual({ path: "/x/f.yaml", source: "flag" });
  });
});
