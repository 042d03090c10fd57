/**
 * `agentic agent run` as a subprocess, against a scripted OpenAI-compatible upstream standing in
 * for the model (scripted-model.ts) in direct mode: it asks for @math/calculator, then answers
 * with what the tool returned.
 */
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AgentResult } from "../../src-main/agent/types.ts";
import { type CliRun, runAgentic } from "../helpers/run-cli.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { closedPort } from "../llm/fake-openai-server.ts";
import {
  calculatorScript,
  type ScriptedModel,
  scriptedConfig,
  startScriptedModel,
} from "./scripted-model.ts";

describe("agentic agent run", () => {
  let upstream: ScriptedModel;
  let workspace: string;
  let config: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    upstream = await startScriptedModel(calculatorScript);
    workspace = await tempDir("agent-cli-");
    config = path.join(workspace, "scripted-litellm.yaml");
    await writeFile(config, scriptedConfig(upstream.url));
    env = {
      AGENTIC_HOME: await tempDir("agent-cli-home-"),
      AGENTIC_LLM_MODE: "direct",
      LITELLM_BASE_URL: `http://127.0.0.1:${await closedPort()}`,
    };
  });

  afterAll(async () => {
    await upstream?.close();
  });

  beforeEach(() => {
    upstream.script = calculatorScript;
    upstream.requests.length = 0;
  });

  const agentic = (args: string[]): Promise<CliRun> =>
    runAgentic(["--llm-config", config, "agent", "run", ...args], { cwd: workspace, env });

  it("--json: answers 42 from a calculator call, with the steps and costs; exit 0", async () => {
    const run = await agentic(["--model", "main", "--json", "What is 6 times 7?"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as AgentResult;
    expect(result).toMatchObject({
      ok: true,
      text: "6 times 7 is 42.",
      stoppedBecause: "final-answer",
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(result.steps.map((s) => s.kind)).toEqual(["generation", "tool", "generation"]);
    expect(result.steps[1]).toMatchObject({
      tool: "@math/calculator",
      outcome: { ok: true, value: 42 },
    });
    expect(result.cost.llm).toBeCloseTo(0.04, 9);
    expect(result.cost).toMatchObject({ tools: 0 });
    // The run's trace is in the store, as `agentic traces show` reads it.
    const shown = await runAgentic(["traces", "show", result.traceId as string, "--json"], {
      cwd: workspace,
      env,
    });
    expect(JSON.parse(shown.stdout)).toMatchObject({ tool: "agent", status: "ok" });
  });

  it("human output: a line per step, the answer on stdout, a summary with costs and the trace", async () => {
    const run = await agentic(["--model", "main", "What is 6 times 7?"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("6 times 7 is 42.\n");
    const lines = run.stderr.trim().split("\n");
    expect(lines[0]).toMatch(
      /^1\. +main-1 \(main\) asks for @math\/calculator — 15 tokens, \$0\.02/,
    );
    expect(lines[1]).toMatch(/^2\. +@math\/calculator \{"operation":"multiply","a":6,"b":7\} → 42/);
    expect(lines[2]).toMatch(/^3\. +main-1 \(main\) answers/);
    expect(lines[3]).toMatch(
      /^✓ final answer after 3 steps — 30 tokens, cost \$0\.04 \(LLM \$0\.04, tools \$0\), trace [0-9a-f]{32}$/,
    );
  });

  it("without a terminal, readonly refuses writes: no file, and the model is told", async () => {
    upstream.script = (request) =>
      request.toolResults.length === 0
        ? { toolCalls: [{ name: "file__write", arguments: { path: "x.txt", content: "x" } }] }
        : { text: request.toolResults[0]?.content ?? "" };
    const run = await agentic(["--model", "main", "--json", "write x"]);
    const result = JSON.parse(run.stdout) as AgentResult;
    expect(result.steps[1]).toMatchObject({ tool: "@file/write", approval: "refused-by-policy" });
    expect(result.text).toContain("refused by the user");
    expect(existsSync(path.join(workspace, "x.txt"))).toBe(false);
  });

  it("exit 1 when the run stops without an answer; exit 2 for bad usage", async () => {
    upstream.script = () => ({
      toolCalls: [{ name: "math__calculator", arguments: { operation: "add", a: 1, b: 1 } }],
    });
    const stopped = await agentic(["--model", "main", "--max-steps", "2", "loop"]);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain("MAX_STEPS");
    expect(stopped.stderr).toContain("✗ stopped: max-steps");

    const badPolicy = await agentic(["--model", "main", "--approve", "some", "hi"]);
    expect(badPolicy.code).toBe(2);
    expect(badPolicy.stderr).toContain("--approve must be none, readonly or all");
    const noTools = await agentic(["--model", "main", "--tools", "@nope/*", "hi"]);
    expect(noTools.code).toBe(2);
    expect(noTools.stderr).toContain('no tool matches "@nope/*"');
    const noModel = await agentic(["hi"]);
    expect(noModel.code).toBe(2);
    const unknownGroup = await agentic(["--model", "nope", "hi"]);
    expect(unknownGroup.code).toBe(2);
    expect(unknownGroup.stderr).toContain("UNKNOWN_MODEL_GROUP");
  }, 90_000);
});
