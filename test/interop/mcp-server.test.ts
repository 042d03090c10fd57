/**
 * `agentic mcp` with the SDK's real client: over stdio (the real command as a subprocess) and over
 * streamable HTTP.
 */
import { spawn } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  type CallToolResult,
  ToolListChangedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../helpers/temp-dir.ts";

const BIN = fileURLToPath(new URL("../../bin/agentic.js", import.meta.url));

let workspace: string;
let home: string;
let plugins: string;

const SLOW_TOOL = `export default {
  metadata: { name: "@test/slow", description: "Counts to ten slowly, reporting progress.", deterministic: true, costPerInvocation: 0, parametersSchema: { type: "object" } },
  async invoke(_params, ctx) {
    console.log("a plugin writing to stdout must not break the protocol");
    for (let i = 1; i <= 10; i++) {
      await new Promise((resolve, reject) => {
        const t = setTimeout(resolve, 100);
        ctx.signal.addEventListener("abort", () => { clearTimeout(t); globalThis.__slowCancelled = true; reject(new Error("aborted")); }, { once: true });
      });
      ctx.progress({ progress: i, total: 10, message: "step " + i });
    }
    return "done";
  },
};
console.log("a plugin logging while it loads");
`;

beforeAll(async () => {
  workspace = await tempDir("agentic-mcp-ws-");
  home = await tempDir("agentic-mcp-home-");
  plugins = path.join(home, "extra-plugins");
  await mkdir(plugins, { recursive: true });
  await writeFile(path.join(plugins, "slow.mjs"), SLOW_TOOL);
});

function env(): Record<string, string> {
  return { ...(process.env as Record<string, string>), AGENTIC_HOME: home, NO_COLOR: "1" };
}

describe("agentic mcp over stdio, with the SDK's client", () => {
  let client: Client;
  let transport: StdioClientTransport;
  let stderr = "";

  beforeAll(async () => {
    transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN, "--plugins-dir", plugins, "mcp"],
      cwd: workspace,
      env: env(),
      stderr: "pipe",
    });
    transport.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    client = new Client({ name: "vitest", version: "1.0.0" });
    await client.connect(transport);
  });
  afterAll(async () => {
    await client?.close();
  });

  it("offers every tool with mapped names, our schema and annotations", async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "math__calculator",
        "file__read",
        "file__write",
        "git__status",
        "git__diff",
        "text__word-count",
        "time__now",
        "tools__aider",
        "langchain__convert-units",
        "test__slow",
      ]),
    );
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_.-]{1,128}$/);
    const calc = tools.find((t) => t.name === "math__calculator");
    expect(calc?.inputSchema).toMatchObject({
      type: "object",
      required: ["operation", "a", "b"],
      properties: { operation: { enum: ["add", "subtract", "multiply", "divide"] } },
    });
    expect(calc?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    expect(calc?._meta?.["agentic-workbench/name"]).toBe("@math/calculator");
    expect(tools.find((t) => t.name === "file__write")?.annotations?.destructiveHint).toBe(true);
    expect(tools.find((t) => t.name === "tools__aider")?.annotations?.destructiveHint).toBe(true);
    expect(stderr).toContain("a plugin logging while it loads");
  });

  it("offers no agent run: an MCP client cannot start the agent runner by default", async () => {
    // The runner spends money and writes through approvals a remote client cannot see; it is
    // offered over the Workbench API and the CLI only (README, "Agent runner").
    const { tools } = await client.listTools();
    const agentish = tools.filter((t) =>
      /agent/i.test(
        `${t.name} ${t.title ?? ""} ${t._meta?.["agentic-workbench/name"] ?? ""}`.replace(
          /agentic-workbench/g,
          "",
        ),
      ),
    );
    expect(agentish.map((t) => t.name)).toEqual([]);
    expect(tools.length).toBeGreaterThan(5);
  });

  it("calls a tool: text plus structuredContent", async () => {
    const result = (await client.callTool({
      name: "math__calculator",
      arguments: { operation: "multiply", a: 4, b: 5 },
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(result.content).toEqual([{ type: "text", text: "20" }]);
    expect(result.structuredContent).toEqual({ value: 20 });
    const read = (await client.callTool({
      name: "text__word-count",
      arguments: { text: "one two three" },
    })) as CallToolResult;
    expect(read.structuredContent).toEqual({ words: 3, lines: 1, characters: 13 });
    expect(JSON.parse((read.content[0] as { text: string }).text)).toEqual(read.structuredContent);
  });

  it("reports failures as isError with our code and message", async () => {
    const failed = (await client.callTool({
      name: "math__calculator",
      arguments: { operation: "divide", a: 1, b: 0 },
    })) as CallToolResult;
    expect(failed.isError).toBe(true);
    expect((failed.content[0] as { text: string }).text).toMatch(/^TOOL_ERROR: .*division by zero/);
    expect(failed.structuredContent).toMatchObject({
      error: { code: "TOOL_ERROR", hint: "pass a non-zero b" },
    });
    const invalid = (await client.callTool({
      name: "math__calculator",
      arguments: { operation: "add", a: 1 },
    })) as CallToolResult;
    expect(invalid.isError).toBe(true);
    expect(invalid.structuredContent).toMatchObject({
      error: { code: "VALIDATION_ERROR", details: { problems: [{ pointer: "/b" }] } },
    });
    await expect(client.callTool({ name: "math__nope", arguments: {} })).rejects.toThrow(
      /NOT_FOUND/,
    );
  });

  it("sends progress notifications", async () => {
    const updates: { progress: number; total?: number; message?: string }[] = [];
    const result = (await client.callTool({ name: "test__slow", arguments: {} }, undefined, {
      onprogress: (p) => updates.push(p),
    })) as CallToolResult;
    expect(result.content).toEqual([{ type: "text", text: "done" }]);
    expect(updates).toHaveLength(10);
    expect(updates[9]).toMatchObject({ progress: 10, total: 10, message: "step 10" });
  });

  it("honours cancellation: the tool's signal is aborted", async () => {
    const controller = new AbortController();
    const call = client.callTool({ name: "test__slow", arguments: {} }, undefined, {
      signal: controller.signal,
      onprogress: (p) => {
        if (p.progress === 2) controller.abort("enough");
      },
    });
    await expect(call).rejects.toThrow(/enough|abort/i);
    // The server recorded the invocation as CANCELLED (its history is on disk).
    await expect
      .poll(
        async () => {
          const text = await readFile(path.join(home, "history.jsonl"), "utf8").catch(() => "");
          return text
            .split("\n")
            .filter(Boolean)
            .map((l) => JSON.parse(l) as { tool: string; error?: { code: string } })
            .some((e) => e.tool === "@test/slow" && e.error?.code === "CANCELLED");
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    // The server is still healthy and answers the next call.
    const next = (await client.callTool({
      name: "math__calculator",
      arguments: { operation: "add", a: 1, b: 2 },
    })) as CallToolResult;
    expect(next.structuredContent).toEqual({ value: 3 });
  });

  it("tells the client when a plugin is added, and offers the new tool", async () => {
    let notified = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      notified++;
    });
    await writeFile(
      path.join(plugins, "late.mjs"),
      `export default { metadata: { name: "@test/late", description: "Arrived later.", deterministic: true, costPerInvocation: 0, parametersSchema: { type: "object" } }, invoke: () => "late" };`,
    );
    await expect.poll(() => notified, { timeout: 10_000 }).toBeGreaterThan(0);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain("test__late");
  });
});

describe("agentic mcp in stdio mode writes only protocol messages to stdout", () => {
  it("every stdout line is a JSON-RPC message, even when plugins log", async () => {
    const child = spawn(process.execPath, [BIN, "--plugins-dir", plugins, "mcp"], {
      cwd: workspace,
      env: env(),
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
    send({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: {
        protocolVersion: "2025-06-18",
        capabilities: {},
        clientInfo: { name: "raw", version: "1" },
      },
    });
    await expect.poll(() => stdout.includes('"id":1'), { timeout: 20_000 }).toBe(true);
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    send({
      jsonrpc: "2.0",
      id: 2,
      method: "tools/call",
      params: { name: "test__slow", arguments: {} },
    });
    await expect.poll(() => stdout.includes('"id":2'), { timeout: 20_000 }).toBe(true);
    child.stdin.end();
    await new Promise((resolve) => child.once("exit", resolve));
    const lines = stdout.split("\n").filter((l) => l.length > 0);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: "2.0" });
  });
});

describe("agentic mcp --http, with the SDK's streamable HTTP client", () => {
  let child: ReturnType<typeof spawn>;
  let url: string;
  let token: string;

  beforeAll(async () => {
    child = spawn(process.execPath, [BIN, "mcp", "--http", "0"], {
      cwd: workspace,
      env: env(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    [url, token] = await new Promise<[string, string]>((resolve, reject) => {
      let out = "";
      child.stdout?.on("data", (c: Buffer) => {
        out += c.toString();
        const match = /at (http:\/\/127\.0\.0\.1:\d+\/mcp)[\s\S]*Bearer (\S+)\n/.exec(out);
        if (match) resolve([match[1] as string, match[2] as string]);
      });
      child.once("exit", (code) => reject(new Error(`agentic mcp --http exited with ${code}`)));
    });
  });
  afterAll(() => {
    child?.kill("SIGTERM");
  });

  it("lists and calls tools over HTTP", async () => {
    const client = new Client({ name: "vitest-http", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(url), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain("math__calculator");
    const result = (await client.callTool({
      name: "math__calculator",
      arguments: { operation: "subtract", a: 10, b: 4 },
    })) as CallToolResult;
    expect(result.structuredContent).toEqual({ value: 6 });
    await client.close();
  });

  it("refuses initialize without the token, or with a wrong one (401)", async () => {
    for (const authorization of [undefined, "Bearer wrong", `Bearer ${token}x`, token]) {
      const client = new Client({ name: "vitest-http", version: "1.0.0" });
      const transport = new StreamableHTTPClientTransport(new URL(url), {
        requestInit: { headers: authorization ? { authorization } : {} },
      });
      await expect(client.connect(transport)).rejects.toThrow(/401|unauthorized/i);
    }
  });

  it("refuses a foreign Host header (DNS rebinding)", async () => {
    const { port } = new URL(url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port,
          path: "/mcp",
          method: "POST",
          headers: { host: `evil.example:${port}`, "content-type": "application/json" },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.end("{}");
    });
    expect(status).toBe(403);
  });
});
