/** `agentic tools export --format openai|anthropic|mcp`: shapes right, names reversible. */
import { ToolSchema } from "@modelcontextprotocol/sdk/types.js";
import { Ajv } from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import { ToolRegistry } from "../../src-main/core/registry.ts";
import { fromExternalName } from "../../src-main/interop/external-names.ts";
import { exportTools } from "../../src-main/interop/tool-export.ts";
import { type CliRun, runAgentic } from "../helpers/run-cli.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

let workspace: string;
let home: string;

beforeAll(async () => {
  workspace = await tempDir("agentic-export-ws-");
  home = await tempDir("agentic-export-home-");
});

function agentic(...args: string[]): Promise<CliRun> {
  return runAgentic(args, { cwd: workspace, env: { AGENTIC_HOME: home } });
}

/** Every parameters schema must itself be valid JSON Schema with an object at the top. */
function expectValidParameters(schema: unknown) {
  expect(schema).toMatchObject({ type: "object" });
  expect(schema).not.toHaveProperty("$schema");
  const ajv = new Ajv({ strict: false });
  expect(ajv.validateSchema(schema as object), ajv.errorsText()).toBe(true);
}

describe("agentic tools export", () => {
  it("--format openai prints Chat Completions function tools with reversible names", async () => {
    const { code, stdout } = await agentic("tools", "export", "--format", "openai");
    expect(code).toBe(0);
    const tools = JSON.parse(stdout) as {
      type: string;
      function: { name: string; description: string; parameters: unknown };
    }[];
    expect(tools.length).toBeGreaterThanOrEqual(9);
    for (const t of tools) {
      expect(Object.keys(t).sort()).toEqual(["function", "type"]);
      expect(t.type).toBe("function");
      expect(Object.keys(t.function).sort()).toEqual(["description", "name", "parameters"]);
      expect(t.function.name).toMatch(FUNCTION_NAME);
      expect(t.function.description.length).toBeGreaterThan(0);
      expectValidParameters(t.function.parameters);
      expect(fromExternalName(t.function.name)).toMatch(/^@[a-z0-9]/);
    }
    const calc = tools.find((t) => t.function.name === "math__calculator");
    expect(calc?.function.parameters).toMatchObject({ required: ["operation", "a", "b"] });
  });

  it("--format anthropic prints Messages API tools", async () => {
    const { code, stdout } = await agentic("tools", "export", "--format", "anthropic");
    expect(code).toBe(0);
    const tools = JSON.parse(stdout) as {
      name: string;
      description: string;
      input_schema: unknown;
    }[];
    for (const t of tools) {
      expect(Object.keys(t).sort()).toEqual(["description", "input_schema", "name"]);
      expect(t.name).toMatch(FUNCTION_NAME);
      expectValidParameters(t.input_schema);
    }
    expect(tools.map((t) => fromExternalName(t.name))).toContain("@tools/aider");
  });

  it("--format mcp prints tools/list entries the SDK's schema accepts; --json adds the name map", async () => {
    const { code, stdout } = await agentic("tools", "export", "--format", "mcp", "--json");
    expect(code).toBe(0);
    const exported = JSON.parse(stdout) as {
      format: string;
      tools: unknown[];
      names: Record<string, string>;
    };
    expect(exported.format).toBe("mcp");
    for (const t of exported.tools) expect(() => ToolSchema.parse(t)).not.toThrow();
    expect(exported.names).toMatchObject({
      math__calculator: "@math/calculator",
      "langchain__convert-units": "@langchain/convert-units",
    });
    for (const [external, ours] of Object.entries(exported.names)) {
      expect(fromExternalName(external)).toBe(ours);
    }
  });

  it("an unknown format is bad usage (exit 2)", async () => {
    const { code, stderr } = await agentic("tools", "export", "--format", "gemini");
    expect(code).toBe(2);
    expect(stderr).toMatch(/--format must be one of openai, anthropic, mcp/);
  });

  it("maps long and dotted names reversibly (with the registry's names for shortened ones)", () => {
    const registry = new ToolRegistry();
    const names = ["@my_scope/v1.2", `@${"x".repeat(50)}/${"y".repeat(30)}`];
    for (const name of names) {
      registry.register({
        metadata: {
          name,
          description: "d",
          deterministic: true,
          costPerInvocation: 0,
          parametersSchema: true,
        },
        invoke: () => 1,
      });
    }
    const exported = exportTools(registry.list(), "openai");
    const externals = Object.keys(exported.names);
    for (const external of externals) {
      expect(external).toMatch(FUNCTION_NAME);
      expect(fromExternalName(external, names)).toBe(exported.names[external]);
    }
    expect(externals).toContain("myUscope__v1D2");
    expectValidParameters(
      (exported.tools[0] as { function: { parameters: unknown } }).function.parameters,
    );
  });
});
