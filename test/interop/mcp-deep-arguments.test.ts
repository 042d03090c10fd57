/**
 * A raw MCP client over stdio sends tool arguments nested 200,000 levels deep (an SDK client
 * could not even serialise them): the call is a VALIDATION_ERROR and the server keeps answering.
 */
import { spawn } from "node:child_process";
import { expect, it } from "vitest";
import { AGENTIC_BIN } from "../helpers/run-cli.ts";
import { tempDir } from "../helpers/temp-dir.ts";

it("arguments nested 200,000 levels deep are refused and the server keeps serving", async () => {
  const home = await tempDir("agentic-mcp-deep-home-");
  const child = spawn(process.execPath, [AGENTIC_BIN, "mcp"], {
    cwd: await tempDir("agentic-mcp-deep-ws-"),
    env: { ...process.env, AGENTIC_HOME: home, NO_COLOR: "1" },
    stdio: ["pipe", "pipe", "ignore"],
  });
  try {
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const send = (line: string) => child.stdin.write(`${line}\n`);
    const answer = async (id: number) => {
      await expect.poll(() => stdout.includes(`"id":${id}}`), { timeout: 20_000 }).toBe(true);
      const line = stdout.split("\n").find((l) => l.endsWith(`"id":${id}}`)) ?? "";
      return JSON.parse(line) as { result?: { isError?: boolean; content?: { text: string }[] } };
    };
    send(
      JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: {
          protocolVersion: "2025-06-18",
          capabilities: {},
          clientInfo: { name: "raw", version: "1" },
        },
      }),
    );
    await answer(1);
    send(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }));
    const levels = 200_000;
    send(
      `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"math__calculator","arguments":{"a":${"[".repeat(levels)}${"]".repeat(levels)}}}}`,
    );
    const refused = await answer(2);
    expect(refused.result?.isError).toBe(true);
    expect(refused.result?.content?.[0]?.text).toMatch(
      /VALIDATION_ERROR: @math\/calculator: invalid parameters: nested deeper than 256 levels/,
    );
    send(JSON.stringify({ jsonrpc: "2.0", id: 3, method: "tools/list" }));
    expect(JSON.stringify(await answer(3))).toContain("math__calculator");
  } finally {
    child.kill("SIGTERM");
  }
}, 40_000);
