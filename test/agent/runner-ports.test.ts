/**
 * The runner over plain ports: a scripted model object (no server), a real registry with the real
 * tracing middleware over an in-memory store. What a host relies on beyond the end-to-end tests:
 * tool patterns, `approve-all`, and a host callback that throws not leaving the trace open.
 */
import { describe, expect, it } from "vitest";
import { runAgent } from "../../src-main/agent/runner.ts";
import { matchesPattern } from "../../src-main/agent/tool-selection.ts";
import type { AgentDeps, AgentToolCall, ModelResult } from "../../src-main/agent/types.ts";
import { CalculatorTool } from "../../src-main/builtin/calculator.ts";
import { ToolRegistry } from "../../src-main/core/registry.ts";
import { exportTools } from "../../src-main/interop/tool-export.ts";
import type { TraceRecord } from "../../src-main/tracing/trace-types.ts";
import { createTracingMiddleware } from "../../src-main/tracing/tracing-middleware.ts";

/** A model that plays `turns` in order, the last one for ever. */
function scripted(turns: (AgentToolCall[] | string)[]): AgentDeps["model"] {
  let n = 0;
  return {
    async complete(): Promise<ModelResult> {
      const turn = turns[Math.min(n++, turns.length - 1)] as AgentToolCall[] | string;
      const calls = typeof turn === "string" ? [] : turn;
      return {
        ok: true,
        mode: "direct",
        modelGroup: "main",
        deployment: "main-1",
        answeredBy: "main",
        model: "scripted",
        text: typeof turn === "string" ? turn : "",
        ...(calls.length > 0 ? { toolCalls: calls } : {}),
        attempts: [],
        attemptedRetries: 0,
        attemptedFallbacks: 0,
        usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
        cost: 0,
        latencyMs: 1,
      };
    },
  };
}

function setup(turns: (AgentToolCall[] | string)[]) {
  const records: TraceRecord[] = [];
  const tracing = createTracingMiddleware({
    store: { append: async (r) => void records.push(r), flush: async () => undefined },
  });
  const registry = new ToolRegistry();
  registry.use({ name: "trace", order: 100, run: tracing });
  registry.register(new CalculatorTool() as never, "builtin");
  registry.register(
    {
      metadata: {
        name: "@test/note",
        description: "Writes a note.",
        deterministic: false,
        costPerInvocation: 0,
        parametersSchema: { type: "object" },
      },
      invoke: () => "noted",
    },
    "test",
  );
  const deps: AgentDeps = {
    model: scripted(turns),
    toolbox: {
      list: () => registry.list(),
      invoke: (name, params, options) => registry.invoke(name, params, options),
      toFunctions: (tools) => {
        const e = exportTools(tools, "openai");
        return { tools: e.tools as never, names: e.names };
      },
    },
    tracer: tracing,
  };
  return { deps, records };
}

const note = (id: string): AgentToolCall => ({ id, name: "test__note", arguments: "{}" });

describe("the runner over plain ports", () => {
  it("tool patterns: a name, a scope with or without @, a glob", () => {
    expect(matchesPattern("@math/calculator", "@math/calculator")).toBe(true);
    expect(matchesPattern("@math/calculator", "@math")).toBe(true);
    expect(matchesPattern("@math/calculator", "math")).toBe(true);
    expect(matchesPattern("@math/calculator", "@ma")).toBe(false);
    expect(matchesPattern("@git/status", "@git/*")).toBe(true);
    expect(matchesPattern("@file/read", "*read*")).toBe(true);
    expect(matchesPattern("@file/write", "*read*")).toBe(false);
  });

  it("offers only the chosen tools; a call of another is NOT_FOUND", async () => {
    const { deps } = setup([[note("a")], "done"]);
    const result = await runAgent(deps, { prompt: "x", modelGroup: "main", tools: ["@math"] });
    expect(result.steps[1]).toMatchObject({
      tool: "test__note",
      outcome: { ok: false, error: { code: "NOT_FOUND" } },
    });
  });

  it("approve-all: asked once, then every later write of the run is approved", async () => {
    const { deps } = setup([[note("a"), note("b")], [note("c")], "done"]);
    let asked = 0;
    const result = await runAgent(deps, {
      prompt: "x",
      modelGroup: "main",
      approver: async () => {
        asked++;
        return "approve-all";
      },
    });
    expect(asked).toBe(1);
    expect(result.steps.flatMap((s) => (s.kind === "tool" ? [s.approval] : []))).toEqual([
      "approved",
      "approved-all",
      "approved-all",
    ]);
  });

  it("a host callback that throws ends the trace (as an error) and the error reaches the host", async () => {
    const { deps, records } = setup([[note("a")], "done"]);
    await expect(
      runAgent(deps, {
        prompt: "x",
        modelGroup: "main",
        approval: "all",
        onStep: (step) => {
          if (step.kind === "tool") throw new Error("the host broke");
        },
      }),
    ).rejects.toThrow("the host broke");
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ tool: "agent", status: "error" });
    expect(records[0]?.observations[0]?.statusMessage).toContain("the host broke");
    // The trace is closed: a later invocation naming it gets a trace of its own.
    const parent = { traceId: records[0]?.traceId as string, observationId: "x" };
    const late = await deps.toolbox.invoke("@test/note", {}, { traceParent: parent });
    expect(late.traceId).not.toBe(parent.traceId);
  });

  it("bad input is refused before anything runs, naming the field", async () => {
    const { deps, records } = setup(["done"]);
    await expect(
      runAgent(deps, { prompt: "x", modelGroup: "main", maxSteps: 0 }),
    ).rejects.toMatchObject({
      code: "VALIDATION_ERROR",
      field: "maxSteps",
    });
    await expect(
      runAgent(deps, { prompt: "x", modelGroup: "main", tools: ["@nope"] }),
    ).rejects.toMatchObject({
      field: "tools",
    });
    expect(records).toHaveLength(0);
  });
});
