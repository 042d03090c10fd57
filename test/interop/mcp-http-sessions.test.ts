/** Hostile suite for issue 13 §3: MCP over HTTP caps its sessions and closes idle ones. */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterEach, describe, expect, it } from "vitest";
import { ToolRegistry } from "../../src-main/core/registry.ts";
import { type McpHttpHost, startMcpHttp } from "../../src-main/hosts/mcp/http-endpoint.ts";
import { createRegistryMcpServer } from "../../src-main/interop/mcp-server.ts";

const TOKEN = "a-test-token-of-enough-length";
let host: McpHttpHost | undefined;

async function start(options: { maxSessions: number; idleMs: number }): Promise<McpHttpHost> {
  const registry = new ToolRegistry();
  host = await startMcpHttp({
    createServer: () => createRegistryMcpServer({ registry, version: "0.0.0" }),
    port: 0,
    token: TOKEN,
    ...options,
  });
  return host;
}

async function connect(url: string): Promise<Client> {
  const client = new Client({ name: "vitest", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { authorization: `Bearer ${TOKEN}` } },
    }),
  );
  return client;
}

afterEach(async () => {
  await host?.close();
  host = undefined;
});

describe("MCP HTTP sessions", () => {
  it("refuses an initialize beyond the cap with 503, naming the cap", async () => {
    const { url } = await start({ maxSessions: 3, idleMs: 60_000 });
    for (let i = 0; i < 3; i++) await connect(url);
    await expect(connect(url)).rejects.toThrow(/503|too many sessions: 3 are open/);
  });

  it("closes idle sessions, so new clients get in again", async () => {
    const { url } = await start({ maxSessions: 2, idleMs: 150 });
    const idle = await connect(url);
    await connect(url);
    await expect(connect(url)).rejects.toThrow(/too many sessions/);
    // Bounded: the sweep runs every 75 ms; 1 s is far more than enough.
    const deadline = Date.now() + 1000;
    let late: Client | undefined;
    while (!late && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      late = await connect(url).catch(() => undefined);
    }
    expect(late).toBeDefined();
    // The expired session is gone: its next request is refused.
    await expect(idle.listTools()).rejects.toThrow();
  });
});
