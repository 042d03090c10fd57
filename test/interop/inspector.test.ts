/** MCP Inspector's CLI against `agentic mcp`, as a new user would try it. */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../helpers/temp-dir.ts";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = fileURLToPath(new URL("../../bin/agentic.js", import.meta.url));

let home: string;

beforeAll(async () => {
  home = await tempDir("agentic-inspector-home-");
});

/** `npx @modelcontextprotocol/inspector --cli node bin/agentic.js mcp ...` */
async function inspector(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      "npx",
      [
        "--no-install",
        "@modelcontextprotocol/inspector",
        "--cli",
        process.execPath,
        BIN,
        "mcp",
        ...args,
      ],
      { cwd: ROOT, env: { ...process.env, AGENTIC_HOME: home, NO_COLOR: "1" }, timeout: 60_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("MCP Inspector's CLI", () => {
  it("lists our tools (tools/list)", async () => {
    const { code, stdout, stderr } = await inspector("--method", "tools/list");
    expect(code, stderr).toBe(0);
    const listed = JSON.parse(stdout) as { tools: { name: string; inputSchema: object }[] };
    expect(listed.tools.map((t) => t.name)).toEqual(
      expect.arrayContaining(["math__calculator", "file__read", "langchain__convert-units"]),
    );
  });

  it("calls the calculator (tools/call)", async () => {
    const { code, stdout, stderr } = await inspector(
      "--method",
      "tools/call",
      "--tool-name",
      "math__calculator",
      "--tool-arg",
      "operation=multiply",
      "--tool-arg",
      "a=4",
      "--tool-arg",
      "b=5",
    );
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      content: [{ type: "text", text: "20" }],
      structuredContent: { value: 20 },
    });
  });

  it("shows a tool failure with our code", async () => {
    const { stdout } = await inspector(
      "--method",
      "tools/call",
      "--tool-name",
      "math__calculator",
      "--tool-arg",
      "operation=divide",
      "--tool-arg",
      "a=1",
      "--tool-arg",
      "b=0",
    );
    expect(stdout).toContain('"isError": true');
    expect(stdout).toContain("TOOL_ERROR");
  });
});
