/** fromLangChainTool with real @langchain/core tools: tool(), DynamicStructuredTool, StructuredTool. */
import { DynamicStructuredTool, DynamicTool, StructuredTool, tool } from "@langchain/core/tools";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { z as z3 } from "zod/v3";
import { PluginLoader } from "../../src-main/core/loader.ts";
import { createModuleImporter } from "../../src-main/core/module-importer.ts";
import { ToolRegistry } from "../../src-main/core/registry.ts";
import { fromLangChainTool } from "../../src-main/interop/langchain-tool.ts";

describe("fromLangChainTool", () => {
  it("wraps tool() with a Zod v4 schema: JSON Schema with descriptions, validated, invoked", async () => {
    const add = tool(({ a, b }) => String(a + b), {
      name: "add_numbers",
      description: "Adds two numbers.",
      schema: z.object({
        a: z.number().describe("first"),
        b: z.number().int().min(0).describe("second"),
      }),
    });
    const ours = fromLangChainTool(add);
    expect(ours.metadata).toMatchObject({
      name: "@langchain/add_numbers",
      description: "Adds two numbers.",
      deterministic: false,
      costPerInvocation: 0,
      parametersSchema: {
        type: "object",
        properties: {
          a: { type: "number", description: "first" },
          b: { type: "integer", minimum: 0, description: "second" },
        },
        required: ["a", "b"],
      },
    });
    expect(ours.metadata.parametersSchema).not.toHaveProperty("$schema");
    const registry = new ToolRegistry();
    registry.register(ours, "test");
    expect(await registry.invoke("@langchain/add_numbers", { a: 2, b: 3 })).toMatchObject({
      ok: true,
      value: "5",
    });
    expect(await registry.invoke("@langchain/add_numbers", { a: 2, b: -1 })).toMatchObject({
      ok: false,
      error: { code: "VALIDATION_ERROR", details: { problems: [{ pointer: "/b" }] } },
    });
  });

  it("wraps a Zod v3 schema (LangChain's bundled zod-to-json-schema)", async () => {
    const greet = tool(({ who }) => `hello ${who}`, {
      name: "greet",
      description: "Greets.",
      schema: z3.object({ who: z3.string().min(1).describe("whom to greet") }),
    });
    const ours = fromLangChainTool(greet, { scope: "demo", deterministic: true });
    expect(ours.metadata.name).toBe("@demo/greet");
    expect(ours.metadata.parametersSchema).toMatchObject({
      type: "object",
      properties: { who: { type: "string", minLength: 1, description: "whom to greet" } },
      required: ["who"],
    });
    const registry = new ToolRegistry();
    registry.register(ours);
    expect(await registry.invoke("@demo/greet", { who: "Ada" })).toMatchObject({
      ok: true,
      value: "hello Ada",
    });
  });

  it("wraps a DynamicStructuredTool with a JSON schema, and returns objects as they are", async () => {
    const lookup = new DynamicStructuredTool({
      name: "Lookup User",
      description: "Finds a user.",
      schema: {
        type: "object",
        properties: { id: { type: "integer", minimum: 1 } },
        required: ["id"],
      },
      func: async ({ id }: { id: number }) => JSON.stringify({ id, name: `user ${id}` }),
    });
    const ours = fromLangChainTool(lookup, { costPerInvocation: 0.002 });
    expect(ours.metadata.name).toBe("@langchain/lookup-user");
    const registry = new ToolRegistry();
    registry.register(ours);
    const result = await registry.invoke("@langchain/lookup-user", { id: 7 });
    expect(result).toMatchObject({ ok: true, value: '{"id":7,"name":"user 7"}', cost: 0.002 });
    expect(await registry.invoke("@langchain/lookup-user", { id: 0 })).toMatchObject({
      ok: false,
      error: { code: "VALIDATION_ERROR" },
    });
  });

  it("wraps a StructuredTool subclass, passes our signal, and a throw becomes TOOL_ERROR", async () => {
    let seenSignal: AbortSignal | undefined;
    class Slow extends StructuredTool {
      name = "slow_echo";
      description = "Echoes after a while; fails on 'boom'.";
      schema = z.object({ text: z.string() });
      async _call({ text }: { text: string }, _run?: unknown, config?: { signal?: AbortSignal }) {
        seenSignal = config?.signal;
        if (text === "boom") throw new Error("it went boom");
        await new Promise((resolve) => setTimeout(resolve, 300));
        return text;
      }
    }
    const registry = new ToolRegistry();
    registry.register(fromLangChainTool(new Slow()));
    expect(await registry.invoke("@langchain/slow_echo", { text: "hi" })).toMatchObject({
      ok: true,
      value: "hi",
    });
    expect(seenSignal).toBeInstanceOf(AbortSignal);
    expect(await registry.invoke("@langchain/slow_echo", { text: "boom" })).toMatchObject({
      ok: false,
      error: { code: "TOOL_ERROR", message: expect.stringContaining("it went boom") },
    });
    const controller = new AbortController();
    const pending = registry.invoke(
      "@langchain/slow_echo",
      { text: "late" },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toMatchObject({ ok: false, error: { code: "CANCELLED" } });
    expect(seenSignal?.aborted).toBe(true);
  });

  it("wraps a DynamicTool (one string input)", async () => {
    const upper = new DynamicTool({
      name: "upper",
      description: "Upper-cases text.",
      func: async (input: string) => input.toUpperCase(),
    });
    const ours = fromLangChainTool(upper);
    expect(ours.metadata.parametersSchema).toMatchObject({
      type: "object",
      properties: { input: { type: "string" } },
    });
    const registry = new ToolRegistry();
    registry.register(ours);
    expect(await registry.invoke("@langchain/upper", { input: "abc" })).toMatchObject({
      ok: true,
      value: "ABC",
    });
  });

  it("refuses something that is not a LangChain tool", () => {
    expect(() => fromLangChainTool({} as never)).toThrow(/expects a @langchain\/core tool/);
  });
});

describe("the example LangChain plugin", () => {
  it("loads from plugins/ like any plugin and converts units", async () => {
    const registry = new ToolRegistry();
    const loader = new PluginLoader({
      registry,
      pluginDirs: [new URL("../../plugins", import.meta.url).pathname],
      importModule: createModuleImporter({
        pluginApiModule: new URL("../../src-main/core/plugin-api.ts", import.meta.url).pathname,
      }),
    });
    const report = await loader.loadAll();
    expect(report.plugins.find((p) => p.name === "langchain-units")).toMatchObject({
      status: "loaded",
      tools: ["@langchain/convert-units"],
    });
    const tool = registry.get("@langchain/convert-units");
    expect(tool?.metadata).toMatchObject({ deterministic: true, annotations: { readOnly: true } });
    expect(
      await registry.invoke("@langchain/convert-units", { value: 100, from: "C", to: "F" }),
    ).toMatchObject({ ok: true, value: "212" });
    expect(
      await registry.invoke("@langchain/convert-units", { value: 1, from: "mi", to: "m" }),
    ).toMatchObject({ ok: true, value: "1609.344" });
    // LangChain's own Zod check still runs: a length to a temperature is refused by its refine().
    const mixed = await registry.invoke("@langchain/convert-units", {
      value: 1,
      from: "C",
      to: "km",
    });
    expect(mixed).toMatchObject({ ok: false, error: { code: "TOOL_ERROR" } });
    expect(mixed.ok === false && mixed.error.message).toContain(
      "both be lengths or both temperatures",
    );
  });
});
