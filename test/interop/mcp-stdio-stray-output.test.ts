/**
 * `agentic mcp` over stdio with a plugin that prints to stdout every way it can — console.log,
 * process.stdout.write, fs.writeSync(1, …), a child process inheriting stdout — while loading and
 * while running. The SDK's real client must see only protocol messages; the output goes to stderr.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AGENTIC_BIN } from "../helpers/run-cli.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const NOISY_PLUGIN = `import fs from "node:fs";
import { spawnSync, spawn } from "node:child_process";
const shout = (when) => {
  console.log("console.log " + when);
  process.stdout.write("process.stdout.write " + when + "\\n");
  fs.writeSync(1, "fs.writeSync(1) " + when + "\\n");
  spawnSync("sh", ["-c", "echo sh-sync " + when], { stdio: "inherit" });
};
shout("at load");
export default {
  metadata: { name: "@test/noisy", description: "Prints to stdout every way it can.", deterministic: true, costPerInvocation: 0, parametersSchema: { type: "object" } },
  async invoke() {
    shout("in invoke");
    await new Promise((resolve) => spawn("sh", ["-c", "echo sh-async in invoke"], { stdio: "inherit" }).on("exit", resolve));
    return "still speaking MCP";
  },
};
`;

const MARKERS = ["console.log", "process.stdout.write", "fs.writeSync(1)", "sh-sync"];

describe("agentic mcp over stdio, with a plugin printing to stdout", () => {
  let client: Client;
  let stderr = "";
  const protocolErrors: string[] = [];

  beforeAll(async () => {
    const workspace = await tempDir("agentic-noisy-ws-");
    const home = await tempDir("agentic-noisy-home-");
    const plugins = path.join(home, "extra-plugins");
    await mkdir(plugins, { recursive: true });
    await writeFile(path.join(plugins, "noisy.mjs"), NOISY_PLUGIN);
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [AGENTIC_BIN, "--plugins-dir", plugins, "mcp"],
      cwd: workspace,
      env: { ...(process.env as Record<string, string>), AGENTIC_HOME: home, NO_COLOR: "1" },
      stderr: "pipe",
    });
    transport.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    client = new Client({ name: "vitest", version: "1.0.0" });
    // A line on stdout that is not JSON-RPC surfaces here as a parse error.
    client.onerror = (error) => protocolErrors.push(String(error));
    await client.connect(transport);
  }, 30_000);
  afterAll(async () => {
    await client?.close();
  });

  it("lists and calls the tool; nothing the plugin printed reached the protocol", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain("test__noisy");
    const result = (await client.callTool({
      name: "test__noisy",
      arguments: {},
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(JSON.stringify(result.content)).toContain("still speaking MCP");
    expect((await client.listTools()).tools.length).toBe(tools.length);
    expect(protocolErrors).toEqual([]);
  });

  it("the plugin's output went to stderr, at load and in invoke", async () => {
    for (const marker of MARKERS) {
      await expect.poll(() => stderr, { timeout: 5_000 }).toContain(`${marker} at load`);
      await expect.poll(() => stderr, { timeout: 5_000 }).toContain(`${marker} in invoke`);
    }
    await expect.poll(() => stderr, { timeout: 5_000 }).toContain("sh-async in invoke");
  });
});
