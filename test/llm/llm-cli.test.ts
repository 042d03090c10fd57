/**
 * `agentic llm models` and `agentic llm complete` as subprocesses without LiteLLM: direct mode is
 * used and said, the workspace's litellm_config.yaml is found, --llm-config and LITELLM_CONFIG
 * override it, and the exit codes follow `invoke`'s.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  CompletionFailure,
  CompletionSuccess,
  LLMOverview,
} from "../../src-main/llm/types.ts";
import { type CliRun, runAgentic } from "../helpers/run-cli.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { closedPort, type FakeServer, startFakeServer } from "./fake-openai-server.ts";

let workspace: string;
let home: string;
let litellmPort: number;
let server: FakeServer;

beforeAll(async () => {
  workspace = await tempDir("agentic-llm-ws-");
  home = await tempDir("agentic-llm-home-");
  litellmPort = await closedPort();
  server = await startFakeServer({ kind: "ok", text: "hello from the local server" });
  await writeFile(
    path.join(workspace, "litellm_config.yaml"),
    `
model_list:
  - model_name: main
    litellm_params: { model: openai/local, api_base: "${server.url}/v1", api_key: sk-cli-secret-abcdef }
    model_info: { id: main-local }
  - model_name: fast
    litellm_params: { model: ollama/tiny, api_base: "http://127.0.0.1:${litellmPort}" }
    model_info: { id: fast-ollama }
router_settings: { num_retries: 1, fallbacks: [{ fast: [main] }] }
`,
  );
});
afterAll(() => server.close());

function agentic(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return runAgentic(args, {
    cwd: workspace,
    env: {
      AGENTIC_HOME: home,
      LITELLM_BASE_URL: `http://127.0.0.1:${litellmPort}`,
      LITELLM_CONFIG: "",
      ...env,
    },
  });
}

describe("agentic llm without LiteLLM (direct mode)", () => {
  it("llm models says direct mode and why, and shows groups, fallbacks and what answers", async () => {
    const { code, stdout } = await agentic(["llm", "models"]);
    expect(code).toBe(0);
    expect(stdout).toContain(
      `mode: direct — LiteLLM does not answer at http://127.0.0.1:${litellmPort}`,
    );
    expect(stdout).toContain(`config: ${path.join(workspace, "litellm_config.yaml")} (workspace)`);
    expect(stdout).toMatch(
      /main\s+main-local\s+openai\/local\s+http:\/\/127\.0\.0\.1:\d+\/v1\s+reachable/,
    );
    expect(stdout).toMatch(/fast\s+fast-ollama\s+ollama\/tiny\s+\S+\s+unreachable\s+main/);
    expect(stdout).not.toContain("sk-cli-secret-abcdef");
  });

  it("llm models --json is the overview", async () => {
    const { code, stdout } = await agentic(["llm", "models", "--json"]);
    expect(code).toBe(0);
    const overview = JSON.parse(stdout) as LLMOverview;
    expect(overview).toMatchObject({
      mode: "direct",
      preference: "auto",
      litellm: { reachable: false },
      config: { source: "workspace", numRetries: 1 },
      reachability: { "main-local": "reachable", "fast-ollama": "unreachable" },
    });
    expect(overview.config?.groups.find((g) => g.name === "main")?.deployments[0]).toMatchObject({
      hasApiKey: true,
    });
    expect(stdout).not.toContain("sk-cli-secret-abcdef");
  });

  it("llm complete falls back from a refused Ollama to the local server, and says so", async () => {
    const { code, stdout, stderr } = await agentic(["llm", "complete", "--model", "fast", "hi"]);
    expect(code).toBe(0);
    expect(stdout).toBe("hello from the local server\n");
    expect(stderr).toContain(
      "answered by main-local (openai/local; group main, after fast failed (fallback)) — direct mode",
    );
    // Each attempt names the model and the API base it hit.
    expect(stderr).toMatch(/1\. fast-ollama \(fast, ollama\/\S+ at http:\/\/\S+\): refused/);
    expect(stderr).toMatch(/2\. fast-ollama \(fast, ollama\/\S+ at http:\/\/\S+\): refused/);
    expect(stderr).toMatch(
      /3\. main-local \(main, openai\/local at http:\/\/127\.0\.0\.1:\d+\S*\): ok/,
    );
  });

  it("--simulate-failure --json: the first choice is skipped as failed", async () => {
    const { code, stdout } = await agentic([
      "llm",
      "complete",
      "--model",
      "main",
      "--simulate-failure",
      "--json",
      "hi",
    ]);
    // main has one deployment and no fallbacks: skipping it leaves nothing
    expect(code).toBe(1);
    const result = JSON.parse(stdout) as CompletionFailure;
    expect(result).toMatchObject({
      ok: false,
      mode: "direct",
      modelGroup: "main",
      error: {
        code: "ALL_ATTEMPTS_FAILED",
        attempts: [{ deployment: "main-local", outcome: "simulated" }],
      },
    });
    const fallback = await agentic([
      "llm",
      "complete",
      "--model",
      "fast",
      "--simulate-failure",
      "--json",
      "hi",
    ]);
    expect(fallback.code).toBe(0);
    const answered = JSON.parse(fallback.stdout) as CompletionSuccess;
    expect(answered).toMatchObject({ ok: true, deployment: "main-local", attemptedFallbacks: 1 });
    expect(answered.attempts.map((a) => a.outcome)).toEqual(["simulated", "ok"]);
    expect(Object.keys(answered).sort()).toEqual(
      [
        "ok",
        "mode",
        "modelGroup",
        "deployment",
        "answeredBy",
        "model",
        "apiBase",
        "text",
        "attempts",
        "attemptedRetries",
        "attemptedFallbacks",
        "usage",
        "cost",
        "latencyMs",
      ].sort(),
    );
  });

  it("exit codes: an unknown group and a missing --model are usage errors (2)", async () => {
    const unknown = await agentic(["llm", "complete", "--model", "nope", "hi"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /^error: UNKNOWN_MODEL_GROUP: no model group "nope" in .*\(hint: the groups are main, fast\)/,
    );
    const missing = await agentic(["llm", "complete", "hi"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--model");
  });

  it("--llm-config and LITELLM_CONFIG choose the file; a missing one is exit 2", async () => {
    const other = path.join(workspace, "other.yaml");
    await writeFile(
      other,
      "model_list:\n  - model_name: solo\n    litellm_params: { model: openai/x, mock_response: solo answer }\n",
    );
    const viaFlag = await agentic([
      "--llm-config",
      other,
      "llm",
      "complete",
      "--model",
      "solo",
      "hi",
    ]);
    expect(viaFlag).toMatchObject({ code: 0, stdout: "solo answer\n" });
    const viaEnv = await agentic(["llm", "models", "--json"], { LITELLM_CONFIG: other });
    expect(JSON.parse(viaEnv.stdout).config).toMatchObject({ path: other, source: "env" });
    const missing = await agentic(["--llm-config", "nope.yaml", "llm", "models"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /error: cannot read the LLM config .*nope\.yaml \(from --llm-config\)/,
    );
  });
});
