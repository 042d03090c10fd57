import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type CliRun, runAgentic } from "../helpers/run-cli.ts";
import { tempDir } from "../helpers/temp-dir.ts";

let workspace: string;
let home: string;

/** `agentic ...args` in the test's workspace, with its own AGENTIC_HOME. */
function agentic(...args: string[]): Promise<CliRun> {
  return runAgentic(args, { cwd: workspace, env: { AGENTIC_HOME: home } });
}

beforeAll(async () => {
  workspace = await tempDir("agentic-cli-ws-");
  home = await tempDir("agentic-cli-home-");
  await writeFile(path.join(workspace, "notes.txt"), "first line\nsecond line\n");
});

describe("agentic tools", () => {
  it("lists the five built-ins and the example plugins", async () => {
    const { code, stdout } = await agentic("tools", "list");
    expect(code).toBe(0);
    for (const name of [
      "@math/calculator",
      "@file/read",
      "@file/write",
      "@git/status",
      "@git/diff",
      "@text/word-count",
      "@time/now",
      "@langchain/convert-units",
      "@tools/aider",
      "@llm/complete",
      "@llm/planner",
    ]) {
      expect(stdout).toContain(name);
    }
    expect(stdout).toMatch(/11 tools/);
  });

  it("--json prints an array of metadata plus source", async () => {
    const { code, stdout } = await agentic("tools", "list", "--json");
    expect(code).toBe(0);
    const tools = JSON.parse(stdout) as {
      name: string;
      source: string;
      deterministic: boolean;
      parametersSchema: object;
    }[];
    const calc = tools.find((t) => t.name === "@math/calculator");
    expect(calc).toMatchObject({ source: "builtin", deterministic: true, costPerInvocation: 0 });
    expect(tools.find((t) => t.name === "@time/now")?.source).toMatch(/^file:.*time-now\.ts$/);
  });

  it("show prints metadata and the schema; an unknown name exits 2 with a suggestion", async () => {
    const shown = await agentic("tools", "show", "@math/calculator");
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain("deterministic: yes");
    expect(shown.stdout).toContain('"operation"');
    const unknown = await agentic("tools", "show", "@math/calc");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /^error: no tool named "@math\/calc" \(hint: did you mean @math\/calculator\?\)\n$/,
    );
  });
});

describe("agentic invoke", () => {
  it("multiply 4 × 5 --json prints ok true and value 20", async () => {
    const { code, stdout } = await agentic(
      "invoke",
      "@math/calculator",
      "--params",
      '{"operation":"multiply","a":4,"b":5}',
      "--json",
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      tool: "@math/calculator",
      ok: true,
      value: 20,
      cost: 0,
    });
  });

  it("divide by zero: the tool failed, exit 1, one line on stderr", async () => {
    const { code, stderr } = await agentic(
      "invoke",
      "@math/calculator",
      "--params",
      '{"operation":"divide","a":1,"b":0}',
    );
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain("TOOL_ERROR");
    expect(stderr).toContain("division by zero");
  });

  it("a missing parameter: exit 2 naming the field", async () => {
    const { code, stderr, stdout } = await agentic(
      "invoke",
      "@math/calculator",
      "--params",
      '{"operation":"add","a":1}',
      "--json",
    );
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toMatchObject({
      ok: false,
      error: { code: "VALIDATION_ERROR", details: { problems: [{ pointer: "/b" }] } },
    });
    expect(stderr).toBe("");
  });

  it("an unknown tool: exit 2 with did-you-mean", async () => {
    const { code, stderr } = await agentic("invoke", "@math/calculater", "--params", "{}");
    expect(code).toBe(2);
    expect(stderr).toContain("did you mean @math/calculator?");
  });

  it("@file/read of ../../etc/passwd is refused, exit 1", async () => {
    const { code, stderr } = await agentic(
      "invoke",
      "@file/read",
      "--params",
      '{"path":"../../etc/passwd"}',
    );
    expect(code).toBe(1);
    expect(stderr).toContain("leads outside the workspace");
  });

  it("reads a workspace file given with --params-file", async () => {
    await writeFile(
      path.join(workspace, "params.json"),
      JSON.stringify({ path: "notes.txt", startLine: 2, endLine: 2 }),
    );
    const { code, stdout } = await agentic(
      "invoke",
      "@file/read",
      "--params-file",
      "params.json",
      "--json",
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout).value.content).toBe("second line");
  });

  it("--timeout makes a slow tool fail with TIMEOUT, exit 1", async () => {
    const plugins = path.join(home, "slow-plugins");
    await mkdir(plugins, { recursive: true });
    await writeFile(
      path.join(plugins, "slow.mjs"),
      `export default { metadata: { name: "@test/slow", description: "Sleeps.", deterministic: true, costPerInvocation: 0, parametersSchema: { type: "object" } }, invoke: () => new Promise((r) => setTimeout(r, 10000)) };`,
    );
    const { code, stdout } = await agentic(
      "--plugins-dir",
      plugins,
      "invoke",
      "@test/slow",
      "--timeout",
      "100",
      "--json",
    );
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ ok: false, error: { code: "TIMEOUT" } });
  });

  it.each([
    [["invoke", "@math/calculator", "--params", "{not json"], /--params is not valid JSON/],
    [["invoke", "@math/calculator", "--timeout", "soon"], /--timeout must be a whole number/],
    [["frobnicate"], /unknown command/],
    [["invoke"], /missing required argument/],
  ])("bad usage %j exits 2", async (args, message) => {
    const { code, stderr } = await agentic(...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});

describe("agentic plugins list and --plugins-dir", () => {
  it("lists a dropped-in plugin and shows a broken one's reason", async () => {
    const dir = path.join(home, "more-plugins");
    await mkdir(dir, { recursive: true });
    await writeFile(
      path.join(dir, "greet.mjs"),
      `export default { metadata: { name: "@demo/greet", description: "Greets.", deterministic: true, costPerInvocation: 0.001, parametersSchema: { type: "object", properties: { who: { type: "string" } } } }, invoke: ({ who }) => "hello " + who };`,
    );
    await writeFile(path.join(dir, "broken.mjs"), "export default {");
    const tools = await agentic("--plugins-dir", dir, "tools", "list");
    expect(tools.stdout).toContain("@demo/greet");
    const invoked = await agentic(
      "--plugins-dir",
      dir,
      "invoke",
      "@demo/greet",
      "--params",
      '{"who":"Ada"}',
      "--json",
    );
    expect(JSON.parse(invoked.stdout)).toMatchObject({ ok: true, value: "hello Ada", cost: 0.001 });
    const plugins = await agentic("--plugins-dir", dir, "plugins", "list");
    expect(plugins.code).toBe(0);
    expect(plugins.stdout).toMatch(/FAILED\s+broken\s+file\s+SYNTAX_ERROR/);
    const json = JSON.parse(
      (await agentic("--plugins-dir", dir, "plugins", "list", "--json")).stdout,
    );
    expect(json.plugins.find((p: { name: string }) => p.name === "broken")).toMatchObject({
      status: "failed",
      error: { reason: "SYNTAX_ERROR" },
    });
  });

  it("$AGENTIC_HOME/plugins is searched by default", async () => {
    await mkdir(path.join(home, "plugins"), { recursive: true });
    await writeFile(
      path.join(home, "plugins", "home.mjs"),
      `export default { metadata: { name: "@home/tool", description: "From home.", deterministic: true, costPerInvocation: 0, parametersSchema: { type: "object" } }, invoke: () => "home" };`,
    );
    const { stdout } = await agentic("tools", "list", "--search", "from home");
    expect(stdout).toContain("@home/tool");
  });
});
