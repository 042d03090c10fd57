/**
 * Proxy mode against the real LiteLLM proxy (started here from .venv-litellm), through the real
 * `openai` SDK: fallbacks, which deployment answered, retries and fallbacks attempted, simulated
 * failures (LiteLLM's mock_testing_fallbacks), cost, every-attempt-fails; and the `agentic llm`
 * commands as subprocesses against it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLLMConfig } from "../../src-main/llm/config.ts";
import { LLMProxy } from "../../src-main/llm/llm-proxy.ts";
import type {
  CompletionFailure,
  CompletionSuccess,
  GenerationInfo,
  LLMOverview,
} from "../../src-main/llm/types.ts";
import { type CliRun, runAgentic } from "../helpers/run-cli.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { closedPort } from "./fake-openai-server.ts";
import {
  liteLLMInstalled,
  type RunningLiteLLM,
  requireLiteLLM,
  startLiteLLM,
} from "./litellm-server.ts";

const PLAN = JSON.stringify({
  steps: [
    {
      description: "multiply",
      tool: "@math/calculator",
      parameters: { operation: "multiply", a: 6, b: 7 },
    },
  ],
});

/** No provider is needed: mock responses, a mock server error, and a closed loopback port. */
function testConfig(closed: number): string {
  return `
model_list:
  - model_name: fast
    litellm_params: { model: openai/fast-mock, mock_response: "hello from fast" }
    model_info: { id: fast-1 }
  - model_name: main
    litellm_params:
      model: openai/main-mock
      mock_response: "hello from main"
      input_cost_per_token: 0.000001
      output_cost_per_token: 0.000002
    model_info: { id: main-1 }
  - model_name: flaky
    litellm_params: { model: openai/flaky-mock, mock_response: "litellm.InternalServerError" }
    model_info: { id: flaky-1 }
  - model_name: refused
    litellm_params:
      model: openai/refused
      api_base: "http://127.0.0.1:${closed}/v1"
      api_key: sk-deployment-key-never-shown
      max_retries: 0
    model_info: { id: refused-1 }
  - model_name: doomed
    litellm_params: { model: openai/doomed-mock, mock_response: "litellm.InternalServerError" }
    model_info: { id: doomed-1 }
  - model_name: dead
    litellm_params:
      model: openai/dead
      api_base: "http://127.0.0.1:${closed}/v1"
      api_key: sk-deployment-key-never-shown
      max_retries: 0
    model_info: { id: dead-1 }
  - model_name: planner
    litellm_params: { model: openai/planner-mock, mock_response: '${PLAN}' }
    model_info: { id: planner-1 }
router_settings:
  num_retries: 1
  fallbacks: [{ fast: [main] }, { flaky: [main] }, { refused: [main] }, { doomed: [dead] }]
general_settings:
  dangerously_allow_mock_testing_request_params: true
`;
}

const mustRun = liteLLMInstalled || Boolean(process.env.CI);
if (!mustRun) {
  console.warn(
    "LiteLLM is not installed (.venv-litellm): skipping the proxy-mode tests; `bash .ci/run` installs it",
  );
}

describe.runIf(mustRun)("proxy mode through the real LiteLLM", () => {
  let litellm: RunningLiteLLM;
  let proxy: LLMProxy;
  let dir: string;
  let home: string;

  beforeAll(async () => {
    requireLiteLLM();
    dir = await tempDir("litellm-test-");
    home = await tempDir("litellm-test-home-");
    litellm = await startLiteLLM(testConfig(await closedPort()), dir);
    proxy = new LLMProxy({
      config: await loadLLMConfig(litellm.configPath, "flag", {}),
      litellmBaseUrl: litellm.baseUrl,
      litellmApiKey: litellm.masterKey,
      env: {},
    });
  }, 180_000);

  afterAll(async () => {
    await litellm?.stop();
  });

  /** `agentic …` as a subprocess, pointed at this LiteLLM and its config. */
  function agentic(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
    return runAgentic(["--llm-config", litellm.configPath, ...args], {
      cwd: dir,
      env: {
        AGENTIC_HOME: home,
        LITELLM_BASE_URL: litellm.baseUrl,
        LITELLM_API_KEY: litellm.masterKey,
        ...env,
      },
    });
  }

  it("auto mode finds LiteLLM and says so", async () => {
    expect(await proxy.modeStatus()).toMatchObject({
      mode: "proxy",
      preference: "auto",
      reason: `LiteLLM answers at ${litellm.baseUrl}`,
      litellm: { reachable: true, hasApiKey: true },
    });
  });

  it("answers from the group's deployment, named by LiteLLM's headers", async () => {
    const result = (await proxy.complete({
      modelGroup: "fast",
      prompt: "hi",
    })) as CompletionSuccess;
    expect(result).toMatchObject({
      ok: true,
      mode: "proxy",
      modelGroup: "fast",
      deployment: "fast-1",
      answeredBy: "fast",
      model: "openai/fast-mock",
      text: "hello from fast",
      attemptedRetries: 0,
      attemptedFallbacks: 0,
      cost: 0,
    });
    expect(result.usage.totalTokens).toBeGreaterThan(0);
    expect(result.attempts).toEqual([
      {
        deployment: "fast-1",
        modelGroup: "fast",
        model: "openai/fast-mock",
        apiBase: expect.any(String),
        outcome: "ok",
        ms: expect.any(Number),
      },
    ]);
  });

  it("a failing group falls back: the result names the deployment that answered, the fallbacks and the cost", async () => {
    const result = (await proxy.complete({
      modelGroup: "flaky",
      prompt: "hi",
    })) as CompletionSuccess;
    expect(result).toMatchObject({
      ok: true,
      modelGroup: "flaky",
      deployment: "main-1",
      answeredBy: "main",
      text: "hello from main",
      attemptedFallbacks: 1,
    });
    expect(typeof result.attemptedRetries).toBe("number");
    // mock usage (10 prompt + 20 completion tokens) at the config's per-token costs
    expect(result.cost).toBeCloseTo(10 * 0.000001 + 20 * 0.000002, 12);
    expect(result.attempts.map((a) => [a.deployment, a.outcome])).toEqual([
      ["group:flaky", "failed"],
      ["main-1", "ok"],
    ]);
  });

  it("a deployment on a closed port falls back too, and its key never shows", async () => {
    const result = await proxy.complete({ modelGroup: "refused", prompt: "hi" });
    expect(result).toMatchObject({ ok: true, deployment: "main-1", attemptedFallbacks: 1 });
    expect(JSON.stringify(result)).not.toContain("sk-deployment-key-never-shown");
  });

  it("simulateFailure sends mock_testing_fallbacks: the first choice fails and the fallback answers", async () => {
    const result = (await proxy.complete({
      modelGroup: "fast",
      prompt: "hi",
      simulateFailure: true,
    })) as CompletionSuccess;
    expect(result).toMatchObject({
      ok: true,
      deployment: "main-1",
      answeredBy: "main",
      attemptedFallbacks: 1,
      text: "hello from main",
    });
    expect(result.attempts[0]).toMatchObject({ deployment: "group:fast", outcome: "simulated" });
  });

  it("when every attempt fails, the error says so and lists the attempt; no key leaks", async () => {
    const seen: GenerationInfo[] = [];
    const remove = proxy.addObserver({ onGeneration: (info) => seen.push(info) });
    const result = (await proxy.complete({
      modelGroup: "doomed",
      prompt: "hi",
    })) as CompletionFailure;
    remove();
    expect(result.ok).toBe(false);
    expect(result.mode).toBe("proxy");
    expect(result.error.code).toBe("ALL_ATTEMPTS_FAILED");
    expect(result.error.message).toMatch(/^every attempt for doomed failed in LiteLLM/);
    expect(result.error.attempts).toHaveLength(1);
    expect(result.error.attempts[0]).toMatchObject({
      deployment: "group:doomed",
      status: expect.any(Number),
    });
    const shown = JSON.stringify(result);
    expect(shown).not.toContain(litellm.masterKey);
    expect(shown).not.toContain("sk-deployment-key-never-shown");
    expect(seen[0]).toMatchObject({
      ok: false,
      mode: "proxy",
      error: { code: "ALL_ATTEMPTS_FAILED" },
    });
  });

  it("an unknown group and a key LiteLLM does not know get their own codes", async () => {
    const unknown = (await proxy.complete({
      modelGroup: "nope",
      prompt: "hi",
    })) as CompletionFailure;
    expect(unknown.error.code).toBe("UNKNOWN_MODEL_GROUP");
    const wrongKey = new LLMProxy({
      config: await loadLLMConfig(litellm.configPath, "flag", {}),
      litellmBaseUrl: litellm.baseUrl,
      litellmApiKey: "sk-wrong-key-1234567890",
      env: {},
    });
    const refused = (await wrongKey.complete({
      modelGroup: "fast",
      prompt: "hi",
    })) as CompletionFailure;
    // Without a database LiteLLM knows only its master key ("No connected db." for any other).
    expect(refused.error).toMatchObject({
      code: "LITELLM_AUTH",
      hint: expect.stringContaining("LITELLM_API_KEY"),
    });
    expect(JSON.stringify(refused)).not.toContain("sk-wrong-key-1234567890");
  });

  describe("agentic llm (CLI) against LiteLLM", () => {
    it("llm models --json: proxy mode, groups, deployments and fallbacks", async () => {
      const { code, stdout } = await agentic(["llm", "models", "--json"]);
      expect(code).toBe(0);
      const overview = JSON.parse(stdout) as LLMOverview;
      expect(overview).toMatchObject({
        mode: "proxy",
        litellm: { baseUrl: litellm.baseUrl, reachable: true, hasApiKey: true },
        config: { path: litellm.configPath, source: "flag", numRetries: 1 },
      });
      const fast = overview.config?.groups.find((g) => g.name === "fast");
      expect(fast).toMatchObject({ fallbacks: ["main"], deployments: [{ id: "fast-1" }] });
      expect(overview.reachability["refused-1"]).toBe("unreachable");
      expect(stdout).not.toContain(litellm.masterKey);
      expect(stdout).not.toContain("sk-deployment-key-never-shown");
    });

    it('llm complete --model fast --simulate-failure "hi" answers from main and says so', async () => {
      const { code, stdout, stderr } = await agentic([
        "llm",
        "complete",
        "--model",
        "fast",
        "--simulate-failure",
        "hi",
      ]);
      expect(code).toBe(0);
      expect(stdout).toBe("hello from main\n");
      expect(stderr).toContain("answered by main-1");
      expect(stderr).toContain("after fast failed (fallback)");
      expect(stderr).toContain("proxy mode");
      expect(stderr).toMatch(/fallbacks 1/);
    });

    it("llm complete --json prints the result shape; every attempt failing exits 1, an unknown group 2", async () => {
      const ok = await agentic(["llm", "complete", "--model", "flaky", "--json", "hi"]);
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.stdout)).toMatchObject({
        ok: true,
        mode: "proxy",
        modelGroup: "flaky",
        deployment: "main-1",
        text: "hello from main",
        attemptedFallbacks: 1,
        usage: { totalTokens: 30 },
        cost: expect.any(Number),
        latencyMs: expect.any(Number),
        attempts: expect.any(Array),
      });
      const failed = await agentic(["llm", "complete", "--model", "doomed", "--json", "hi"]);
      expect(failed.code).toBe(1);
      expect(JSON.parse(failed.stdout)).toMatchObject({
        ok: false,
        mode: "proxy",
        error: { code: "ALL_ATTEMPTS_FAILED", attempts: [{ deployment: "group:doomed" }] },
      });
      const unknown = await agentic(["llm", "complete", "--model", "nope", "hi"]);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/^error: UNKNOWN_MODEL_GROUP: /);
      for (const out of [ok, failed, unknown]) {
        expect(out.stdout + out.stderr).not.toContain(litellm.masterKey);
      }
    });

    it("@llm/planner plans through LiteLLM: steps name registered tools, checked", async () => {
      const { code, stdout } = await agentic([
        "invoke",
        "@llm/planner",
        "--params",
        JSON.stringify({ task: "what is six times seven", model: "planner" }),
        "--json",
      ]);
      expect(code).toBe(0);
      const result = JSON.parse(stdout);
      expect(result.value).toMatchObject({
        valid: true,
        mode: "proxy",
        deployment: "planner-1",
        steps: [{ index: 1, tool: "@math/calculator", status: "ok" }],
      });
    });
  });
});
