/**
 * The seed's (T-102) three tests, run literally against the public API — `agentic-workbench`,
 * as a script would import it: the calculator, the registry's static call sites, and "check the
 * trace" after `ToolRegistry.invoke`.
 */

import {
  CalculatorTool,
  createWorkbench,
  PluginLoader,
  ToolRegistry,
  type Workbench,
} from "agentic-workbench";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../helpers/temp-dir.ts";

let workbench: Workbench;
beforeAll(async () => {
  workbench = await createWorkbench({
    workspaceRoot: await tempDir("agentic-seed-ws-"),
    env: { AGENTIC_HOME: await tempDir("agentic-seed-home-"), AGENTIC_LLM_MODE: "direct" },
    mcpServers: false,
  });
});
afterAll(async () => {
  await workbench.close();
});

describe("the seed's tests", () => {
  it("test_calculator: multiply 4 × 5 = 20", async () => {
    const calculator = new CalculatorTool();
    expect(calculator.metadata.name).toBe("@math/calculator");
    const r = await ToolRegistry.invoke("@math/calculator", { operation: "multiply", a: 4, b: 5 });
    expect(r).toMatchObject({ ok: true, value: 20 });
  });

  it("test_registry: the static call sites reach the app's registry", () => {
    expect(PluginLoader).toBeTypeOf("function");
    const planner = ToolRegistry.get("@llm/planner");
    expect(planner?.metadata.name).toBe("@llm/planner");
    expect(planner?.invoke).toBeTypeOf("function");
    const tools = ToolRegistry.listTools({ deterministicOnly: true });
    expect(tools.length).toBeGreaterThan(0);
    expect(tools.every((m) => m.deterministic)).toBe(true);
    expect(tools.map((m) => m.name)).toContain("@math/calculator");
    expect(tools.map((m) => m.name)).not.toContain("@llm/planner");
    expect(ToolRegistry.default).toBe(workbench.registry);
  });

  it("test_tracing: after ToolRegistry.invoke, the local trace store holds that tool's trace", async () => {
    const r = await ToolRegistry.invoke("@math/calculator", { operation: "add", a: 2, b: 3 });
    expect(r).toMatchObject({ ok: true, value: 5 });
    expect(r.traceId).toMatch(/^[0-9a-f]{32}$/);
    // Acknowledged means on disk: no flush needed before reading it back.
    const trace = await workbench.tracing.store.get(r.traceId as string);
    expect(trace).toMatchObject({ tool: "@math/calculator", status: "ok" });
    expect(trace?.observations[0]).toMatchObject({ type: "tool", name: "@math/calculator" });
  });
});
