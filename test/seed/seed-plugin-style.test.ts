/**
 * The seed's plugin style (T-102): a class `implements ToolProtocol` with `get metadata()`,
 * `async invoke` and `async validateParams` returning a boolean — in-process and in the plugin
 * host, loaded from a plugin folder as a seed-following author would write it.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { createWorkbench, ToolRegistry, type Workbench } from "agentic-workbench";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "../helpers/temp-dir.ts";

/** The seed's CalculatorTool, translated to TypeScript, with a `validateParams` body to pick. */
function seedCalculator(validateBody: string): string {
  return `import type { ToolContext, ToolMetadata, ToolProtocol } from "agentic-workbench";

export class CalculatorTool implements ToolProtocol {
  get metadata(): ToolMetadata {
    return {
      name: "@seed/calculator",
      description: "Basic arithmetic operations",
      deterministic: true,
      costPerInvocation: 0,
      parametersSchema: {
        type: "object",
        properties: {
          operation: { type: "string", enum: ["add", "subtract", "multiply", "divide"] },
          a: { type: "number" },
          b: { type: "number" },
        },
        required: ["operation", "a", "b"],
      },
    };
  }

  async invoke(params: { operation: string; a: number; b: number }, _ctx: ToolContext) {
    const { operation, a, b } = params;
    if (operation === "add") return a + b;
    if (operation === "subtract") return a - b;
    if (operation === "multiply") return a * b;
    return a / b;
  }

  async validateParams(params: { operation: string; a: number; b: number }): Promise<any> {
    ${validateBody}
  }
}
`;
}

const open: Workbench[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
});

async function workbenchWith(validateBody: string, isolation: boolean): Promise<Workbench> {
  const dir = await tempDir("agentic-seed-plugins-");
  await writeFile(path.join(dir, "calculator.ts"), seedCalculator(validateBody));
  const wb = await createWorkbench({
    workspaceRoot: await tempDir("agentic-seed-ws-"),
    pluginDirs: [dir],
    onlyPluginDirs: true,
    env: { AGENTIC_HOME: await tempDir("agentic-seed-home-") },
    mcpServers: false,
    ...(isolation ? {} : { isolation: false }),
  });
  open.push(wb);
  return wb;
}

describe.each([
  ["in-process", false],
  ["in the plugin host", true],
])("the seed's CalculatorTool %s", (_where, isolation) => {
  it("loads, and answers 2 + 3 = 5 when validateParams returns true", async () => {
    const wb = await workbenchWith(
      'return params.operation !== "divide" || params.b !== 0;',
      isolation,
    );
    expect(wb.loader.report().plugins.map((p) => p.status)).toEqual(["loaded"]);
    const result = await wb.registry.invoke("@seed/calculator", { operation: "add", a: 2, b: 3 });
    expect(result).toMatchObject({ ok: true, value: 5 });
  });

  it("refuses with VALIDATION_ERROR naming the tool when validateParams returns false", async () => {
    const wb = await workbenchWith(
      'return params.operation !== "divide" || params.b !== 0;',
      isolation,
    );
    const result = await wb.registry.invoke("@seed/calculator", {
      operation: "divide",
      a: 1,
      b: 0,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("VALIDATION_ERROR");
    expect(result.error.message).toContain("@seed/calculator");
    expect(result.error.details?.problems).toEqual([
      expect.objectContaining({ rule: "validateParams" }),
    ]);
    expect(result.error.hint).toMatch(/the tool's own validateParams refused these parameters/);
  });

  it("reads an async list of problems as field errors", async () => {
    const wb = await workbenchWith(
      'return params.b === 0 ? [{ pointer: "/b", rule: "not-zero", message: "must not be 0" }] : [];',
      isolation,
    );
    const bad = await wb.registry.invoke("@seed/calculator", { operation: "add", a: 1, b: 0 });
    expect(bad).toMatchObject({
      ok: false,
      error: {
        code: "VALIDATION_ERROR",
        details: { problems: [{ pointer: "/b", rule: "not-zero", message: "must not be 0" }] },
      },
    });
    if (!bad.ok) expect(bad.error.message).toContain("b must not be 0");
    const good = await wb.registry.invoke("@seed/calculator", { operation: "add", a: 1, b: 2 });
    expect(good).toMatchObject({ ok: true, value: 3 });
  });

  it("accepts a validateParams that returns nothing", async () => {
    const wb = await workbenchWith("return undefined;", isolation);
    const result = await wb.registry.invoke("@seed/calculator", { operation: "add", a: 1, b: 2 });
    expect(result).toMatchObject({ ok: true, value: 3 });
  });

  it("reports a thrown error as VALIDATION_ERROR with its message", async () => {
    const wb = await workbenchWith('throw new Error("b looks wrong");', isolation);
    const result = await wb.registry.invoke("@seed/calculator", { operation: "add", a: 1, b: 2 });
    expect(result).toMatchObject({ ok: false, error: { code: "VALIDATION_ERROR" } });
    if (!result.ok) expect(result.error.message).toContain("b looks wrong");
  });

  it.each([
    ["a number", "return 42;", /returned a number \(42\)/],
    ["a string", 'return "yes";', /returned a string \("yes"\)/],
    ["an object", "return { ok: true };", /returned an object \(\{"ok":true\}\)/],
    ["a list of strings", 'return ["bad"];', /item 0 is a string \("bad"\)/],
  ])("says what it returned and what is allowed when it returns %s", async (_k, body, said) => {
    const wb = await workbenchWith(body, isolation);
    const result = await wb.registry.invoke("@seed/calculator", { operation: "add", a: 1, b: 2 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("TOOL_ERROR");
    expect(result.error.message).toContain("@seed/calculator");
    expect(result.error.message).toMatch(said);
    expect(result.error.message).toContain("must return true or false, a list of problems");
  });
});

describe("the flat-object mistake", () => {
  it("is refused at load time with the right shape in the message, not a bare NO_TOOLS", async () => {
    const dir = await tempDir("agentic-seed-flat-");
    await writeFile(
      path.join(dir, "greet.mjs"),
      `export default { name: "@me/greet", description: "Says hello.", invoke: () => "hello" };`,
    );
    const wb = await createWorkbench({
      workspaceRoot: await tempDir("agentic-seed-ws-"),
      pluginDirs: [dir],
      onlyPluginDirs: true,
      env: { AGENTIC_HOME: await tempDir("agentic-seed-home-") },
      mcpServers: false,
      isolation: false,
    });
    open.push(wb);
    const [plugin] = wb.loader.report().plugins;
    expect(plugin?.status).toBe("failed");
    expect(plugin?.error?.reason).toBe("INVALID_TOOL");
    expect(plugin?.error?.message).toContain('keeps them in "metadata"');
    expect(plugin?.error?.message).toContain('metadata: { name: "@me/greet"');
    expect(plugin?.error?.message).toContain("defineTool");
  });
});

describe("ToolRegistry.get hands out the tool", () => {
  it("whose invoke(params) alone runs through the app's registry, traced, and throws on failure", async () => {
    const wb = await workbenchWith("return true;", false);
    const calculator = ToolRegistry.get("@seed/calculator");
    expect(calculator?.metadata.name).toBe("@seed/calculator");
    expect(
      await calculator?.invoke({ operation: "multiply", a: 4, b: 5 }, undefined as never),
    ).toBe(20);
    const failed = calculator?.invoke({ operation: "multiply", a: 4 }, undefined as never);
    await expect(failed).rejects.toMatchObject({
      name: "ToolInvocationError",
      code: "VALIDATION_ERROR",
    });
    await wb.tracing.tracing.flush();
    const traces = await wb.tracing.store.query({ tool: "@seed/calculator" });
    expect(traces).toHaveLength(2);
    expect(ToolRegistry.registration("@seed/calculator")?.source).toMatch(
      /^file:.*calculator\.ts$/,
    );
  });
});
