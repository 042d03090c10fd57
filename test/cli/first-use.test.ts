/**
 * What a new user trips over at the command line: the version, the short trace ids the UI
 * shows, a tool's short name, generations in `traces show`, a missing --llm-config at start, and
 * what `llm models` says about --simulate-failure.
 */
import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AGENTIC_BIN, type CliRun, runAgentic } from "../helpers/run-cli.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { closedPort, type FakeServer, startFakeServer } from "../llm/fake-openai-server.ts";

let workspace: string;
let home: string;
let litellmPort: number;
let server: FakeServer;

beforeAll(async () => {
  workspace = await tempDir("agentic-first-ws-");
  home = await tempDir("agentic-first-home-");
  litellmPort = await closedPort();
  server = await startFakeServer({ kind: "ok", text: "hi there" });
  await writeFile(
    path.join(workspace, "litellm_config.yaml"),
    `model_list:
  - model_name: main
    litellm_params: { model: openai/local, api_base: "${server.url}/v1", api_key: sk-x }
    model_info: { id: main-local }
`,
  );
});
afterAll(() => server.close());

const env = () => ({
  AGENTIC_HOME: home,
  LITELLM_BASE_URL: `http://127.0.0.1:${litellmPort}`,
  LITELLM_CONFIG: "",
});
function agentic(...args: string[]): Promise<CliRun> {
  return runAgentic(args, { cwd: workspace, env: env() });
}

describe("first use of the agentic command", () => {
  it("--version prints the version", async () => {
    const { code, stdout } = await agentic("--version");
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("traces show takes the short id the UI shows (with or without …); --tool by short name hints at the full one", async () => {
    const run = await agentic(
      "invoke",
      "@math/calculator",
      "--params",
      '{"operation":"add","a":1,"b":2}',
      "--json",
    );
    const { traceId } = JSON.parse(run.stdout) as { traceId: string };
    const short = traceId.slice(0, 8);
    for (const given of [short, `${short}…`]) {
      const shown = await agentic("traces", "show", given);
      expect(shown.code, shown.stderr).toBe(0);
      expect(shown.stdout).toContain(`trace ${traceId}  @math/calculator  ok`);
    }
    const none = await agentic("traces", "show", "ffffffffffff");
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("the first 8 characters are enough");

    const listed = await agentic("traces", "list", "--tool", "calculator");
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain("0 traces");
    expect(listed.stderr).toContain(
      "hint: --tool takes the full name; did you mean --tool @math/calculator?",
    );
  });

  it("traces show lists a generation with its model, tokens and cost", async () => {
    const done = await agentic("llm", "complete", "--model", "main", "hello");
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toBe("hi there\n");
    const [trace] = JSON.parse(
      (await agentic("traces", "list", "--tool", "@llm/complete", "--json")).stdout,
    ) as { traceId: string }[];
    const shown = await agentic("traces", "show", trace?.traceId as string);
    expect(shown.stdout).toMatch(/generation llm main .* model openai\/local · 7\+3=10 tokens/);
  });

  it("llm models in direct mode says --simulate-failure works", async () => {
    const { stdout } = await agentic("llm", "models");
    expect(stdout).toContain("--simulate-failure works (direct mode simulates it)");
    expect(stdout).not.toContain("not allowed");
  });

  it("serve --llm-config missing.yaml warns at start", async () => {
    const child = spawn(process.execPath, [AGENTIC_BIN, "--llm-config", "missing.yaml", "serve"], {
      cwd: workspace,
      env: { ...process.env, ...env() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    try {
      await expect
        .poll(() => stderr, { timeout: 20_000 })
        .toContain(`warning: cannot read the LLM config ${path.join(workspace, "missing.yaml")}`);
    } finally {
      child.kill("SIGTERM");
    }
  });
});
