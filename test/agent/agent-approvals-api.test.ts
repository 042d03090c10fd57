/**
 * Approvals over the Workbench API, through the real web host (HTTP calls, server-sent events):
 * a run started with `agentRun` asks about each call of a tool that writes with an
 * `agent-approval` event and waits for `agentApprove`. The model is a scripted OpenAI-compatible
 * upstream standing in for one (scripted-model.ts), reached in direct mode: what is under test
 * is the approval path, which does not depend on the LLM backend (the runner's tests cover
 * LiteLLM). The tool is the real @file/write on a temporary workspace.
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type {
  AgentApprovalEvent,
  AgentResult,
  ToolStep,
  WorkbenchEvent,
} from "../../src-main/api/contract.ts";
import { createWorkbench, type Workbench } from "../../src-main/api/workbench.ts";
import {
  createWorkbenchService,
  type WorkbenchService,
} from "../../src-main/api/workbench-service.ts";
import { startWebHost, type WebHost } from "../../src-main/hosts/web/server.ts";
import { type EventStream, openEvents } from "../helpers/sse-client.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { closedPort } from "../llm/fake-openai-server.ts";
import {
  type Script,
  type ScriptedModel,
  scriptedConfig,
  startScriptedModel,
} from "./scripted-model.ts";

/** Writes `file` once (or, with `times`, once per turn), then answers with the tool results. */
function writeScript(file: string, times = 1): Script {
  return (request) =>
    request.toolResults.length < times
      ? {
          toolCalls: [
            {
              name: "file__write",
              arguments: { path: `${file}-${request.toolResults.length}.txt`, content: "hi" },
            },
          ],
        }
      : { text: request.toolResults.map((r) => r.content).join(" | ") };
}

const isApproval = (e: WorkbenchEvent): e is AgentApprovalEvent => e.type === "agent-approval";

describe("agent approvals over the web host", () => {
  let upstream: ScriptedModel;
  let workbench: Workbench;
  let service: WorkbenchService;
  let host: WebHost;
  let events: EventStream;
  let workspace: string;

  beforeAll(async () => {
    upstream = await startScriptedModel(() => ({ text: "unused" }));
    workspace = await tempDir("agent-approvals-ws-");
    const config = path.join(await tempDir("agent-approvals-cfg-"), "litellm.yaml");
    await writeFile(config, scriptedConfig(upstream.url));
    workbench = await createWorkbench({
      workspaceRoot: workspace,
      llmConfig: config,
      env: {
        AGENTIC_HOME: await tempDir("agent-approvals-home-"),
        AGENTIC_LLM_MODE: "direct",
        LITELLM_BASE_URL: `http://127.0.0.1:${await closedPort()}`,
      },
      isolation: false,
      mcpServers: false,
      adoptDefaultRegistry: false,
    });
    service = createWorkbenchService(workbench, { host: "web", version: "test" });
    host = await startWebHost({ service, rendererDir: workspace, port: 0 });
    events = await openEvents(host.port, host.token);
  }, 60_000);

  afterAll(async () => {
    events?.close();
    await host?.close();
    service?.close();
    await workbench?.close();
    await upstream?.close();
  });

  beforeEach(() => {
    upstream.requests.length = 0;
  });

  async function post(name: string, ...args: unknown[]) {
    const res = await fetch(`http://127.0.0.1:${host.port}/api/call/${name}`, {
      method: "POST",
      headers: { authorization: `Bearer ${host.token}`, "content-type": "application/json" },
      body: JSON.stringify({ args }),
    });
    const body = (await res.json()) as {
      result?: unknown;
      error?: { code: string; message: string; hint?: string; field?: string };
    };
    return {
      status: res.status,
      result: body.result,
      error: body.error?.message,
      code: body.error?.code,
      hint: body.error?.hint,
      field: body.error?.field,
    };
  }

  /** Starts a run; resolves with its result once it ends. */
  function run(runId: string, extra: Record<string, unknown> = {}): Promise<AgentResult> {
    return post("agentRun", {
      runId,
      prompt: "write the file",
      modelGroup: "main",
      tools: ["@file/write"],
      ...extra,
    }).then((r) => {
      if (r.status !== 200) throw new Error(`agentRun: ${r.status} ${r.error}`);
      return r.result as AgentResult;
    });
  }

  const approvalOf = (runId: string, from = 0) =>
    events.next((e): e is AgentApprovalEvent => isApproval(e) && e.runId === runId, 10_000, from);

  it("asks before @file/write runs, with the tool, params and annotations; approve runs it", async () => {
    upstream.script = writeScript("approved");
    const done = run("approve-1");
    const ask = await approvalOf("approve-1");
    expect(ask).toMatchObject({
      tool: "@file/write",
      params: { path: "approved-0.txt", content: "hi" },
      readOnly: false,
      destructive: true,
      annotations: { readOnly: false, destructive: true },
    });
    // Nothing has run while the question is open.
    expect(existsSync(path.join(workspace, "approved-0.txt"))).toBe(false);
    const answered = await post("agentApprove", {
      runId: "approve-1",
      approvalId: ask.approvalId,
      answer: "approve",
    });
    expect(answered).toMatchObject({ status: 200, result: true });
    const result = await done;
    expect(result).toMatchObject({ ok: true, stoppedBecause: "final-answer" });
    expect(result.steps[1]).toMatchObject({
      kind: "tool",
      tool: "@file/write",
      callId: ask.callId,
      approval: "approved",
      outcome: { ok: true },
    });
    expect(await readFile(path.join(workspace, "approved-0.txt"), "utf8")).toBe("hi");
  });

  it("refuse: the call never runs and the model is told it was refused by the user", async () => {
    upstream.script = writeScript("refused");
    const done = run("refuse-1");
    const ask = await approvalOf("refuse-1");
    await post("agentApprove", { runId: "refuse-1", approvalId: ask.approvalId, answer: "refuse" });
    const result = await done;
    expect((result.steps[1] as ToolStep).approval).toBe("refused");
    expect(upstream.requests[1]?.toolResults[0]?.content).toContain("refused by the user");
    expect(result.text).toContain("refused by the user");
    expect(existsSync(path.join(workspace, "refused-0.txt"))).toBe(false);
  });

  it("approve-all answers one question and approves the rest of that run's calls", async () => {
    upstream.script = writeScript("all", 3);
    const from = events.events.length;
    const done = run("all-1");
    const ask = await approvalOf("all-1", from);
    await post("agentApprove", {
      runId: "all-1",
      approvalId: ask.approvalId,
      answer: "approve-all",
    });
    const result = await done;
    const approvals = result.steps
      .filter((s): s is ToolStep => s.kind === "tool")
      .map((s) => s.approval);
    expect(approvals).toEqual(["approved", "approved-all", "approved-all"]);
    expect(
      events.events.slice(from).filter((e) => isApproval(e) && e.runId === "all-1"),
    ).toHaveLength(1);
    for (const i of [0, 1, 2]) expect(existsSync(path.join(workspace, `all-${i}.txt`))).toBe(true);
  });

  it("cancel(runId) while a question is open refuses it; the run stops as cancelled", async () => {
    upstream.script = writeScript("cancelled");
    const done = run("cancel-1");
    const ask = await approvalOf("cancel-1");
    expect((await post("cancel", "cancel-1")).result).toBe(true);
    const result = await done;
    expect(result.stoppedBecause).toBe("cancelled");
    expect((result.steps[1] as ToolStep).approval).toBe("refused");
    expect(existsSync(path.join(workspace, "cancelled-0.txt"))).toBe(false);
    // The question is gone with its run.
    const late = await post("agentApprove", {
      runId: "cancel-1",
      approvalId: ask.approvalId,
      answer: "approve",
    });
    expect(late.status).toBe(400);
    expect(late.error).toMatch(/runId: no running agent run "cancel-1"/);
  });

  it("an unknown runId, approvalId or answer is an error naming the field, with a hint", async () => {
    const noRun = await post("agentApprove", { runId: "nope", approvalId: "x", answer: "approve" });
    expect(noRun.status).toBe(400);
    expect(noRun).toMatchObject({
      code: "NOT_FOUND",
      error: 'agentApprove: runId: no running agent run "nope"',
      hint: "the run has finished or was cancelled, or the id is wrong; agent-approval events carry it",
      field: "runId",
    });

    upstream.script = writeScript("unknown-id");
    const done = run("ids-1");
    const ask = await approvalOf("ids-1");
    const noApproval = await post("agentApprove", {
      runId: "ids-1",
      approvalId: "x",
      answer: "approve",
    });
    expect(noApproval).toMatchObject({
      code: "NOT_FOUND",
      error: 'agentApprove: approvalId: run "ids-1" is not waiting for approval "x"',
      hint: "it was answered already, or the id is wrong; use the approvalId of an agent-approval event",
      field: "approvalId",
    });
    const badAnswer = await post("agentApprove", {
      runId: "ids-1",
      approvalId: ask.approvalId,
      answer: "yes",
    });
    // Checked at the boundary (dispatch), naming the field and the answers there are.
    expect(badAnswer.error).toMatch(
      /^agentApprove: request\.answer: expected one of "approve"\|"refuse"\|"approve-all"/,
    );
    // A second run under the id of one still running is refused, naming runId.
    const twice = await post("agentRun", { runId: "ids-1", prompt: "again", modelGroup: "main" });
    expect(twice).toMatchObject({
      status: 400,
      code: "CONFLICT",
      error: 'agentRun: runId: "ids-1" is already running',
      hint: "give each run its own id, e.g. a UUID",
      field: "runId",
    });
    // Neither bad answer touched the question: it is still open, and a refusal ends it.
    await post("agentApprove", { runId: "ids-1", approvalId: ask.approvalId, answer: "refuse" });
    expect((await done).steps[1]).toMatchObject({ approval: "refused" });
  });

  it("agentRun input the runner refuses is an error naming the field, with a hint", async () => {
    const bad = await post("agentRun", {
      runId: "bad-1",
      prompt: "hi",
      modelGroup: "main",
      maxSteps: 0,
    });
    expect(bad.status).toBe(400);
    expect(bad).toMatchObject({
      code: "VALIDATION_ERROR",
      error: "agentRun: maxSteps: maxSteps must be a whole number ≥ 1, not 0",
      hint: "leave it out for 10",
      field: "maxSteps",
    });
  });

  it("policy all runs writes without asking; none refuses them without asking", async () => {
    upstream.script = writeScript("policy");
    const from = events.events.length;
    const all = await run("policy-all", { approval: "all" });
    expect(all.steps[1]).toMatchObject({ approval: "approved-by-policy", outcome: { ok: true } });
    const none = await run("policy-none", { approval: "none" });
    expect(none.steps[1]).toMatchObject({ approval: "refused-by-policy" });
    expect(events.events.slice(from).some(isApproval)).toBe(false);
  });
});
