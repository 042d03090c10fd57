import { describe, expect, it } from "vitest";
import { CalculatorTool } from "../../src-main/builtin/calculator.ts";
import { defineTool } from "../../src-main/core/define-tool.ts";
import { RegistrationError, ToolError } from "../../src-main/core/errors.ts";
import type { ToolProtocol } from "../../src-main/core/protocol.ts";
import { ToolRegistry } from "../../src-main/core/registry.ts";

function echo(name = "@test/echo", extra: Partial<ToolProtocol["metadata"]> = {}) {
  return defineTool({
    name,
    description: "Echoes its input.",
    deterministic: true,
    costPerInvocation: 0.25,
    parametersSchema: {
      type: "object",
      properties: {
        text: { type: "string", minLength: 1 },
        count: { type: "integer", minimum: 1 },
      },
      required: ["text"],
      additionalProperties: false,
    },
    ...extra,
    invoke: (params) => (params as { text: string }).text,
  });
}

describe("the seed's cases", () => {
  it("adds 2 + 3 = 5 with the calculator class directly", () => {
    expect(new CalculatorTool().invoke({ operation: "add", a: 2, b: 3 })).toBe(5);
  });

  it("registers a tool and gets it back by name", () => {
    const registry = new ToolRegistry();
    const calculator = new CalculatorTool();
    registry.register(calculator);
    expect(registry.registration("@math/calculator")?.tool).toBe(calculator);
    expect(registry.has("@math/calculator")).toBe(true);
  });

  it("invokes multiply 4 × 5 through the registry = 20", async () => {
    const registry = new ToolRegistry();
    registry.register(new CalculatorTool());
    const result = await registry.invoke("@math/calculator", { operation: "multiply", a: 4, b: 5 });
    expect(result).toMatchObject({ ok: true, value: 20, cost: 0 });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("reads naturally through the default instance: ToolRegistry.get(name)", () => {
    ToolRegistry.register(echo("@seed/default-instance"));
    expect(ToolRegistry.get("@seed/default-instance")?.metadata.description).toBe(
      "Echoes its input.",
    );
    ToolRegistry.default.unregister("@seed/default-instance");
  });
});

describe("registration", () => {
  it.each([
    ["calculator", 'must start with "@"'],
    ["@Math/calc", "lowercase"],
    ["@math/calc/extra", "exactly one scope and one name"],
    ["@/calc", "empty scope"],
    ["@math/", "empty name"],
    ["@math/-calc", "start with a letter or digit"],
  ])("refuses the bad name %s with the reason", (name, reason) => {
    const registry = new ToolRegistry();
    expect(() => registry.register(echo(name))).toThrow(reason);
  });

  it("refuses a duplicate name, naming both sources", () => {
    const registry = new ToolRegistry();
    registry.register(echo(), "file:/plugins/a.ts");
    const error = (() => {
      try {
        registry.register(echo(), "file:/plugins/b.ts");
      } catch (e) {
        return e as RegistrationError;
      }
    })();
    expect(error).toBeInstanceOf(RegistrationError);
    expect(error?.reason).toBe("DUPLICATE_NAME");
    expect(error?.message).toContain("file:/plugins/a.ts");
    expect(error?.message).toContain("file:/plugins/b.ts");
  });

  it("refuses an invalid schema at registration, not at the first call", () => {
    const registry = new ToolRegistry();
    const bad = echo("@test/bad-schema", { parametersSchema: { type: "strnig" } });
    expect(() => registry.register(bad)).toThrow(/parametersSchema is invalid/);
    expect(registry.has("@test/bad-schema")).toBe(false);
  });

  it("refuses bad metadata with every problem listed", () => {
    const registry = new ToolRegistry();
    const tool = {
      metadata: {
        name: "@a/b",
        description: "",
        deterministic: "yes",
        costPerInvocation: -1,
        parametersSchema: {},
      },
      invoke() {},
    };
    expect(() => registry.register(tool as unknown as ToolProtocol)).toThrow(
      /description must be a non-empty string; deterministic must be true or false; costPerInvocation/,
    );
  });

  it("unregisters", () => {
    const registry = new ToolRegistry();
    registry.register(echo());
    expect(registry.unregister("@test/echo")).toBe(true);
    expect(registry.has("@test/echo")).toBe(false);
    expect(registry.unregister("@test/echo")).toBe(false);
  });
});

describe("list", () => {
  const registry = new ToolRegistry();
  registry.register(new CalculatorTool());
  registry.register(
    echo("@text/echo", { deterministic: false, tags: ["speech"] }),
    "file:/p/echo.ts",
  );
  registry.register(echo("@text/shout", { description: "Shouts it." }), "package:shout");

  it("sorts by name", () => {
    expect(registry.list().map((t) => t.metadata.name)).toEqual([
      "@math/calculator",
      "@text/echo",
      "@text/shout",
    ]);
  });
  it("filters deterministic only", () => {
    expect(registry.list({ deterministicOnly: true }).map((t) => t.metadata.name)).toEqual([
      "@math/calculator",
      "@text/shout",
    ]);
  });
  it("filters by scope, with or without @", () => {
    expect(registry.list({ scope: "text" })).toHaveLength(2);
    expect(registry.list({ scope: "@math" })).toHaveLength(1);
  });
  it("searches name, description and tags", () => {
    expect(registry.list({ search: "SHOUTS" }).map((t) => t.metadata.name)).toEqual([
      "@text/shout",
    ]);
    expect(registry.list({ search: "speech" }).map((t) => t.metadata.name)).toEqual(["@text/echo"]);
  });
  it("filters by source or source prefix", () => {
    expect(registry.list({ source: "file:" }).map((t) => t.metadata.name)).toEqual(["@text/echo"]);
    expect(registry.list({ source: "builtin" }).map((t) => t.metadata.name)).toEqual([
      "@math/calculator",
    ]);
  });
});

describe("invoke: every error code", () => {
  const registry = new ToolRegistry({ defaultTimeoutMs: 5_000 });
  registry.register(new CalculatorTool());
  registry.register(echo());

  it("NOT_FOUND with did-you-mean suggestions", async () => {
    const result = await registry.invoke("@math/calculater", {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("NOT_FOUND");
    expect(result.error.details?.suggestions).toEqual(["@math/calculator"]);
    expect(result.error.hint).toContain("@math/calculator");
    expect(result.cost).toBe(0);
  });

  it("VALIDATION_ERROR lists every failing field with its pointer and rule", async () => {
    const result = await registry.invoke("@test/echo", { text: "", count: 0, extra: 1 });
    if (result.ok) throw new Error("expected a failure");
    expect(result.error.code).toBe("VALIDATION_ERROR");
    const problems = result.error.details?.problems as { pointer: string; rule: string }[];
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pointer: "/text", rule: "minLength" }),
        expect.objectContaining({ pointer: "/count", rule: "minimum" }),
        expect.objectContaining({ pointer: "/extra", rule: "additionalProperties" }),
      ]),
    );
    expect(result.cost).toBe(0);
  });

  it("VALIDATION_ERROR points at a missing required field", async () => {
    const result = await registry.invoke("@math/calculator", { operation: "add", a: 1 });
    if (result.ok) throw new Error("expected a failure");
    expect(result.error.details?.problems).toEqual([
      { pointer: "/b", rule: "required", message: "is required" },
    ]);
    expect(result.error.message).toContain("b is required");
  });

  it("runs the tool's own validateParams after the schema", async () => {
    const reg = new ToolRegistry();
    reg.register({
      ...echo("@test/range"),
      validateParams: (p: unknown) =>
        (p as { text: string }).text === "no"
          ? [{ pointer: "/text", rule: "not-no", message: "must not be no" }]
          : [],
    });
    const result = await reg.invoke("@test/range", { text: "no" });
    expect(result).toMatchObject({
      ok: false,
      error: { code: "VALIDATION_ERROR", details: { problems: [{ rule: "not-no" }] } },
    });
    expect(await reg.invoke("@test/range", { text: "yes" })).toMatchObject({
      ok: true,
      value: "yes",
    });
  });

  it("validates standard formats", async () => {
    const reg = new ToolRegistry();
    reg.register(
      echo("@test/email", {
        parametersSchema: {
          type: "object",
          properties: { text: { type: "string", format: "email" } },
        },
      }),
    );
    const result = await reg.invoke("@test/email", { text: "not an email" });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: "VALIDATION_ERROR",
        details: { problems: [{ pointer: "/text", rule: "format" }] },
      },
    });
  });

  it("TIMEOUT at the call's timeout, and the tool's signal is aborted", async () => {
    const reg = new ToolRegistry();
    let sawAbort = false;
    reg.register(
      defineTool({
        name: "@test/slow",
        description: "Waits.",
        deterministic: true,
        costPerInvocation: 0,
        parametersSchema: { type: "object" },
        invoke: (_p, ctx) =>
          new Promise((resolve) => {
            ctx.signal.addEventListener("abort", () => {
              sawAbort = true;
            });
            setTimeout(resolve, 5_000);
          }),
      }),
    );
    const result = await reg.invoke("@test/slow", {}, { timeoutMs: 50 });
    expect(result).toMatchObject({ ok: false, error: { code: "TIMEOUT" } });
    expect(result.durationMs).toBeLessThan(4_000);
    expect(sawAbort).toBe(true);
  });

  it("honours the tool's own timeoutMs", async () => {
    const reg = new ToolRegistry();
    reg.register(
      defineTool({
        name: "@test/slow2",
        description: "Waits.",
        deterministic: true,
        costPerInvocation: 0.5,
        timeoutMs: 30,
        parametersSchema: { type: "object" },
        invoke: () => new Promise((resolve) => setTimeout(resolve, 5_000)),
      }),
    );
    const result = await reg.invoke("@test/slow2", {});
    expect(result).toMatchObject({
      ok: false,
      error: { code: "TIMEOUT", message: "@test/slow2: timed out after 30 ms" },
      cost: 0.5,
    });
  });

  it("CANCELLED when the caller aborts, before or during the call", async () => {
    const reg = new ToolRegistry();
    reg.register(
      defineTool({
        name: "@test/wait",
        description: "Waits.",
        deterministic: true,
        costPerInvocation: 0,
        parametersSchema: { type: "object" },
        invoke: () => new Promise((resolve) => setTimeout(resolve, 5_000)),
      }),
    );
    const before = new AbortController();
    before.abort();
    expect(await reg.invoke("@test/wait", {}, { signal: before.signal })).toMatchObject({
      ok: false,
      error: { code: "CANCELLED" },
    });
    const during = new AbortController();
    setTimeout(() => during.abort(), 30);
    expect(await reg.invoke("@test/wait", {}, { signal: during.signal })).toMatchObject({
      ok: false,
      error: { code: "CANCELLED" },
    });
  });

  it.each([
    ["an Error", () => new Error("disk on fire"), "disk on fire"],
    ["a string", () => "plain string", "plain string"],
    ["an object", () => ({ weird: true }), '{"weird":true}'],
    ["undefined", () => undefined, "undefined"],
  ])("TOOL_ERROR for whatever the tool threw: %s", async (_label, make, text) => {
    const reg = new ToolRegistry();
    reg.register(
      defineTool({
        name: "@test/throws",
        description: "Throws.",
        deterministic: true,
        costPerInvocation: 0.1,
        parametersSchema: { type: "object" },
        invoke: () => {
          throw make();
        },
      }),
    );
    const result = await reg.invoke("@test/throws", {});
    if (result.ok) throw new Error("expected a failure");
    expect(result.error.code).toBe("TOOL_ERROR");
    expect(result.error.message).toContain("@test/throws");
    expect(result.error.message).toContain(text);
    expect(result.cost).toBe(0.1);
  });

  it("TOOL_ERROR carries a ToolError's details and hint", async () => {
    const result = await registry.invoke("@math/calculator", { operation: "divide", a: 1, b: 0 });
    expect(result).toMatchObject({
      ok: false,
      error: { code: "TOOL_ERROR", hint: "pass a non-zero b", details: { field: "/b" } },
    });
    expect(new ToolError("x")).toBeInstanceOf(Error);
  });

  it.each([
    ["a BigInt", () => ({ n: 10n }), "BigInt", "/n"],
    [
      "a cycle",
      () => {
        const a: Record<string, unknown> = { list: [] };
        (a.list as unknown[]).push(a);
        return a;
      },
      "cycle",
      "/list/0",
    ],
    ["a function", () => ({ f: () => 1 }), "function", "/f"],
    ["NaN", () => [1, Number.NaN], "NaN", "/1"],
  ])("RESULT_NOT_SERIALIZABLE for %s, with where", async (_label, make, reason, pointer) => {
    const reg = new ToolRegistry();
    reg.register(
      defineTool({
        name: "@test/bad-result",
        description: "Returns junk.",
        deterministic: true,
        costPerInvocation: 0,
        parametersSchema: { type: "object" },
        invoke: () => make(),
      }),
    );
    const result = await reg.invoke("@test/bad-result", {});
    if (result.ok) throw new Error("expected a failure");
    expect(result.error.code).toBe("RESULT_NOT_SERIALIZABLE");
    expect(result.error.message).toContain(reason);
    expect(result.error.details?.pointer).toBe(pointer);
  });
});

describe("cost, context and progress", () => {
  it("adds the cost a tool reports to its cost per invocation", async () => {
    const reg = new ToolRegistry({ workspaceRoot: "/tmp", services: { answer: 42 } });
    let seen: Record<string, unknown> = {};
    reg.register(
      defineTool({
        name: "@test/costly",
        description: "Costs.",
        deterministic: false,
        costPerInvocation: 0.01,
        parametersSchema: { type: "object" },
        invoke: (_p, ctx) => {
          ctx.addCost(0.002);
          ctx.progress({ progress: 1, total: 2, message: "half" });
          seen = {
            root: ctx.workspaceRoot,
            answer: ctx.services.answer,
            name: ctx.toolName,
            id: ctx.invocationId,
          };
          return "done";
        },
      }),
    );
    const updates: unknown[] = [];
    const result = await reg.invoke(
      "@test/costly",
      {},
      { invocationId: "inv-1", onProgress: (u) => updates.push(u) },
    );
    expect(result.cost).toBeCloseTo(0.012, 10);
    expect(updates).toEqual([{ progress: 1, total: 2, message: "half" }]);
    expect(seen).toEqual({ root: "/tmp", answer: 42, name: "@test/costly", id: "inv-1" });
  });
});

describe("middleware and events", () => {
  it("runs middleware outermost-first around every invocation, failures included", async () => {
    const reg = new ToolRegistry();
    reg.register(new CalculatorTool());
    const order: string[] = [];
    reg.use(async (inv, next) => {
      order.push(`outer:${inv.tool.metadata.name}`);
      const result = await next(inv);
      return { ...result, traceId: "trace-1" };
    });
    reg.use(async (inv, next) => {
      order.push("inner");
      return next(inv);
    });
    const ok = await reg.invoke("@math/calculator", { operation: "add", a: 1, b: 1 });
    const bad = await reg.invoke("@math/calculator", { operation: "add" });
    expect(ok.traceId).toBe("trace-1");
    expect(bad).toMatchObject({
      ok: false,
      traceId: "trace-1",
      error: { code: "VALIDATION_ERROR" },
    });
    expect(order).toEqual(["outer:@math/calculator", "inner", "outer:@math/calculator", "inner"]);
  });

  it("turns a throwing middleware into a TOOL_ERROR result", async () => {
    const reg = new ToolRegistry();
    reg.register(new CalculatorTool());
    reg.use(() => {
      throw new Error("broken middleware");
    });
    const result = await reg.invoke("@math/calculator", { operation: "add", a: 1, b: 1 });
    expect(result).toMatchObject({ ok: false, error: { code: "TOOL_ERROR" } });
  });

  it("emits registered, unregistered, started, progress and finished", async () => {
    const reg = new ToolRegistry();
    const events: string[] = [];
    reg.on("registered", (e) => events.push(`registered ${e.tool.metadata.name}`));
    reg.on("unregistered", (e) => events.push(`unregistered ${e.name}`));
    reg.on("invocation:started", (e) => events.push(`started ${e.name}`));
    reg.on("invocation:finished", (e) => events.push(`finished ${e.name} ${e.result.ok}`));
    const off = reg.on("invocation:progress", (e) => events.push(`progress ${e.update.progress}`));
    reg.register(
      defineTool({
        name: "@test/p",
        description: "Progress.",
        deterministic: true,
        costPerInvocation: 0,
        parametersSchema: { type: "object" },
        invoke: (_p, ctx) => {
          ctx.progress({ progress: 7 });
          return 1;
        },
      }),
    );
    await reg.invoke("@test/p", {});
    off();
    reg.unregister("@test/p");
    expect(events).toEqual([
      "registered @test/p",
      "started @test/p",
      "progress 7",
      "finished @test/p true",
      "unregistered @test/p",
    ]);
  });
});
