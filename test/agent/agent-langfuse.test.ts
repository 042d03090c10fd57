/**
 * An agent run reaches Langfuse as one trace: the `agent` observation at the root, its
 * generations and its tool invocation as children — checked at the Langfuse-route receiver
 * (test/tracing/langfuse-receiver.ts), with a scripted upstream standing in for the model
 * (direct mode).
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAgentOn } from "../../src-main/api/agent-service.ts";
import { createWorkbench, type Workbench } from "../../src-main/api/workbench.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { closedPort } from "../llm/fake-openai-server.ts";
import { LangfuseReceiver, PROJECT_ID } from "../tracing/langfuse-receiver.ts";
import {
  calculatorScript,
  type ScriptedModel,
  scriptedConfig,
  startScriptedModel,
} from "./scripted-model.ts";

describe("an agent run in Langfuse", () => {
  let upstream: ScriptedModel;
  let receiver: LangfuseReceiver;
  let wb: Workbench;

  beforeAll(async () => {
    upstream = await startScriptedModel(calculatorScript);
    receiver = new LangfuseReceiver();
    await receiver.start();
    const dir = await tempDir("agent-langfuse-");
    const config = path.join(dir, "scripted-litellm.yaml");
    await writeFile(config, scriptedConfig(upstream.url));
    wb = await createWorkbench({
      workspaceRoot: dir,
      llmConfig: config,
      env: {
        AGENTIC_HOME: await tempDir("agent-langfuse-home-"),
        AGENTIC_LLM_MODE: "direct",
        LITELLM_BASE_URL: `http://127.0.0.1:${await closedPort()}`,
        LANGFUSE_BASE_URL: receiver.baseUrl,
        LANGFUSE_PUBLIC_KEY: receiver.publicKey,
        LANGFUSE_SECRET_KEY: receiver.secretKey,
        LANGFUSE_PROJECT_ID: PROJECT_ID,
      },
      isolation: false,
      mcpServers: false,
      adoptDefaultRegistry: false,
    });
  });

  afterAll(async () => {
    await wb?.close();
    await receiver?.stop();
    await upstream?.close();
  });

  it("is one trace: AGENT at the root, GENERATIONs and the TOOL beneath it, costs where Langfuse adds them", async () => {
    const result = await runAgentOn(wb, { prompt: "What is 6 times 7?", modelGroup: "main" });
    expect(result.ok).toBe(true);
    expect(await wb.tracing.tracing.flush(5_000)).toBe(true);
    await receiver.waitFor((obs) => obs.length === 4);
    const observations = receiver.observations;
    expect(new Set(observations.map((o) => o.traceId))).toEqual(new Set([result.traceId]));
    const root = observations.find((o) => o.parentObservationId === undefined);
    expect(root).toMatchObject({ type: "AGENT", name: "agent", traceName: "agent" });
    // The run's total stays out of the root's cost, or Langfuse would count it twice.
    expect(root?.costDetails).toBeUndefined();
    const children = observations.filter((o) => o !== root);
    expect(children.map((o) => [o.type, o.name]).sort()).toEqual([
      ["GENERATION", "llm main"],
      ["GENERATION", "llm main"],
      ["TOOL", "@math/calculator"],
    ]);
    for (const child of children) expect(child.parentObservationId).toBe(root?.id);
    const generation = children.find((o) => o.type === "GENERATION");
    expect(generation?.costDetails).toEqual({ total: 0.02 });
  });
});
