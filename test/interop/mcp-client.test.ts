/**
 * MCP servers as a tool source: the real @modelcontextprotocol/server-filesystem over stdio on a
 * temp folder, and our own `agentic mcp` as a server whose tool list changes.
 */
import { execFile, spawn } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { PluginLoader } from "../../src-main/core/loader.ts";
import { ToolRegistry } from "../../src-main/core/registry.ts";
import { readMcpConfig } from "../../src-main/interop/mcp-config.ts";
import { startMcpServersFromConfig } from "../../src-main/interop/mcp-tool-source.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = path.join(ROOT, "bin", "agentic.js");
const FS_SERVER = path.join(
  ROOT,
  "node_modules",
  "@modelcontextprotocol",
  "server-filesystem",
  "dist",
  "index.js",
);

let folder: string;
let home: string;

beforeAll(async () => {
  folder = await tempDir("agentic-mcp-fs-");
  home = await tempDir("agentic-mcp-client-home-");
  await writeFile(path.join(folder, "hello.txt"), "hello from the filesystem server\n");
});

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A registry and loader fed by the servers of one mcp.json, with quick restarts. */
async function sourceFor(mcpServers: Record<string, unknown>, options: { wait?: boolean } = {}) {
  const dir = await tempDir("agentic-mcp-json-");
  const file = path.join(dir, "mcp.json");
  await writeFile(file, JSON.stringify({ mcpServers }));
  const registry = new ToolRegistry({ workspaceRoot: folder });
  const loader = new PluginLoader({ registry, pluginDirs: [] });
  const started = await startMcpServersFromConfig({
    registry,
    report: loader,
    version: "test",
    files: [file],
    initialBackoffMs: 200,
    maxBackoffMs: 1_000,
    startTimeoutMs: 20_000,
    wait: options.wait ?? true,
  });
  closers.push(() => started.close());
  const record = (name: string) => loader.report().plugins.find((p) => p.id === `mcp:${name}`);
  return { registry, loader, source: started.source, record, file };
}

describe("the filesystem MCP server as a tool source", () => {
  it("lists its tools, reads a file through it, and recovers after it is killed", async () => {
    const { registry, source, record } = await sourceFor({
      fs: { command: process.execPath, args: [FS_SERVER, folder] },
    });
    expect(record("fs")).toMatchObject({ kind: "mcp", status: "loaded", source: "mcp:fs" });
    const tools = registry.list({ source: "mcp:fs" });
    const names = tools.map((t) => t.metadata.name);
    expect(names).toEqual(
      expect.arrayContaining(["@mcp-fs/read_text_file", "@mcp-fs/list_directory"]),
    );
    const read = registry.get("@mcp-fs/read_text_file");
    expect(read?.metadata).toMatchObject({ deterministic: false, costPerInvocation: 0 });
    expect(read?.metadata.annotations).toMatchObject({ readOnly: true });
    expect(registry.get("@mcp-fs/write_file")?.metadata.annotations?.readOnly).toBe(false);

    const result = await registry.invoke("@mcp-fs/read_text_file", {
      path: path.join(folder, "hello.txt"),
    });
    expect(result.ok).toBe(true);
    expect(JSON.stringify(result.ok && result.value)).toContain("hello from the filesystem server");

    const invalid = await registry.invoke("@mcp-fs/read_text_file", {});
    expect(invalid).toMatchObject({ ok: false, error: { code: "VALIDATION_ERROR" } });
    const refused = await registry.invoke("@mcp-fs/read_text_file", { path: "/etc/passwd" });
    expect(refused).toMatchObject({ ok: false, error: { code: "TOOL_ERROR" } });

    // Kill it: reported with a reason, its tools gone; then restarted with backoff.
    const pid = source.pidOf("fs");
    expect(pid).toBeTypeOf("number");
    process.kill(pid as number, "SIGKILL");
    await expect.poll(() => record("fs")?.status, { timeout: 10_000 }).toBe("failed");
    expect(record("fs")?.error?.reason).toBe("MCP_CRASHED");
    expect(record("fs")?.restart?.attempt).toBe(1);
    expect(registry.list({ source: "mcp:fs" })).toHaveLength(0);
    await expect.poll(() => record("fs")?.status, { timeout: 20_000 }).toBe("loaded");
    expect(source.pidOf("fs")).not.toBe(pid);
    const again = await registry.invoke("@mcp-fs/read_text_file", {
      path: path.join(folder, "hello.txt"),
    });
    expect(again.ok).toBe(true);
  });

  it("shows in `agentic tools list` and can be invoked from the CLI, from the workspace's mcp.json once trusted", async () => {
    const workspace = await tempDir("agentic-mcp-cli-ws-");
    await writeFile(path.join(workspace, "notes.txt"), "notes in the workspace\n");
    await writeFile(
      path.join(workspace, "mcp.json"),
      JSON.stringify({
        mcpServers: { filesystem: { command: process.execPath, args: [FS_SERVER, workspace] } },
      }),
    );
    const opts = { cwd: workspace, env: { ...process.env, AGENTIC_HOME: home, NO_COLOR: "1" } };
    // Untrusted: not started, and said so with the command it would run and how to trust it.
    const untrusted = await run(process.execPath, [BIN, "tools", "list", "--json"], opts);
    expect(untrusted.stdout).not.toContain("@mcp-filesystem/");
    const report = await run(process.execPath, [BIN, "plugins", "list"], opts);
    expect(report.stdout).toMatch(/UNTRUSTED\s+filesystem\s+mcp/);
    expect(report.stdout).toContain(`run: ${process.execPath} ${FS_SERVER}`);
    expect(report.stdout).toContain("agentic trust");
    const pending = JSON.parse(
      (await run(process.execPath, [BIN, "trust", "--list", "--json"], opts)).stdout,
    );
    expect(pending.files).toEqual([
      expect.objectContaining({
        kind: "mcp",
        path: path.join(workspace, "mcp.json"),
        trusted: false,
        servers: [{ name: "filesystem", command: process.execPath, args: [FS_SERVER, workspace] }],
      }),
    ]);
    // --trust-workspace: used in this run, and recorded for the next ones.
    const list = await run(
      process.execPath,
      [BIN, "--trust-workspace", "tools", "list", "--json"],
      opts,
    );
    const tools = JSON.parse(list.stdout) as { name: string; source: string }[];
    expect(tools.find((t) => t.name === "@mcp-filesystem/read_text_file")?.source).toBe(
      "mcp:filesystem",
    );
    const invoked = await run(
      process.execPath,
      [
        BIN,
        "invoke",
        "@mcp-filesystem/read_text_file",
        "--params",
        JSON.stringify({ path: "notes.txt" }),
        "--json",
      ],
      opts,
    );
    expect(JSON.parse(invoked.stdout)).toMatchObject({ ok: true });
    expect(invoked.stdout).toContain("notes in the workspace");
    const plugins = await run(process.execPath, [BIN, "plugins", "list"], opts);
    expect(plugins.stdout).toMatch(/ok\s+filesystem\S*\s+mcp\s+@mcp-filesystem\//);
  });
});

describe("failing MCP servers", () => {
  it("a command that does not exist: reported once as not found, not restarted forever", async () => {
    const { record } = await sourceFor({ ghost: { command: "/nonexistent/mcp-server" } });
    const r = record("ghost");
    expect(r).toMatchObject({ status: "failed", tools: [], error: { reason: "MCP_START_FAILED" } });
    expect(r?.error?.message).toBe(
      'MCP server ghost: command "/nonexistent/mcp-server" was not found',
    );
    expect(r?.error?.hint).toMatch(/install it, or fix "command" of mcpServers\.ghost/);
    expect(r?.restart).toBeUndefined();
    // Past the first backoff (200 ms here): still the one report, no new attempt.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(record("ghost")).toMatchObject({
      status: "failed",
      error: { message: r?.error?.message },
    });
    expect(record("ghost")?.restart).toBeUndefined();
  });

  it("a server that exits at once: reported with its stderr tail", async () => {
    const { record } = await sourceFor({
      broken: {
        command: process.execPath,
        args: ["-e", "console.error('cannot open database: permission denied'); process.exit(3)"],
      },
    });
    const r = record("broken");
    expect(r?.status).toBe("failed");
    expect(["MCP_CRASHED", "MCP_START_FAILED"]).toContain(r?.error?.reason);
    expect(r?.stderrTail).toContain("cannot open database: permission denied");
  });

  it("a server that never answers: MCP_TIMEOUT, and its process is stopped", async () => {
    const pidFile = path.join(await tempDir("agentic-mcp-mute-"), "pid");
    const { record } = await sourceFor({
      mute: {
        command: process.execPath,
        args: [
          "-e",
          `require("fs").writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000)`,
        ],
        timeoutMs: 500,
      },
    });
    expect(record("mute")).toMatchObject({ status: "failed", error: { reason: "MCP_TIMEOUT" } });
    const pid = Number(await readFile(pidFile, "utf8"));
    await expect
      .poll(
        () => {
          try {
            process.kill(pid, 0);
            return "running";
          } catch {
            return "gone";
          }
        },
        { timeout: 10_000 },
      )
      .toBe("gone");
  });

  it("a bad mcp.json entry is reported, the others still start", async () => {
    const dir = await tempDir("agentic-mcp-bad-");
    const file = path.join(dir, "mcp.json");
    await writeFile(
      file,
      JSON.stringify({
        mcpServers: { nothing: {}, fs: { command: process.execPath, args: [FS_SERVER, folder] } },
      }),
    );
    const config = await readMcpConfig([file, path.join(dir, "missing.json")]);
    expect(config.servers.map((s) => s.name)).toEqual(["fs"]);
    expect(config.problems[0]?.message).toMatch(/needs "command".*or "url"/);
    const broken = await readMcpConfig([await writeBroken(dir)]);
    expect(broken.problems[0]?.message).toMatch(/not valid JSON/);
  });
});

async function writeBroken(dir: string): Promise<string> {
  const file = path.join(dir, "broken.json");
  await writeFile(file, "{ nope");
  return file;
}

describe("following a server's tool list", () => {
  it("tools added on the server (our own `agentic mcp`) appear", async () => {
    const plugins = await tempDir("agentic-mcp-upstream-plugins-");
    const serverHome = await tempDir("agentic-mcp-upstream-home-");
    await writeFile(
      path.join(plugins, "first.mjs"),
      `export default { metadata: { name: "@up/first", description: "First.", deterministic: true, costPerInvocation: 0, parametersSchema: { type: "object", properties: { n: { type: "number" } } } }, invoke: ({ n }) => ({ doubled: n * 2 }) };`,
    );
    const { registry, record } = await sourceFor({
      upstream: {
        command: process.execPath,
        args: [BIN, "--plugins-dir", plugins, "mcp"],
        env: { AGENTIC_HOME: serverHome },
      },
    });
    expect(record("upstream")?.status).toBe("loaded");
    // MCP names map back to ours: `up__first` becomes @mcp-upstream/up__first.
    const doubled = await registry.invoke("@mcp-upstream/up__first", { n: 21 });
    expect(doubled).toMatchObject({ ok: true, value: { doubled: 42 } });
    const calc = registry.get("@mcp-upstream/math__calculator");
    expect(calc?.metadata.annotations).toMatchObject({ readOnly: true, destructive: false });
    await mkdir(plugins, { recursive: true });
    await writeFile(
      path.join(plugins, "second.mjs"),
      `export default { metadata: { name: "@up/second", description: "Second.", deterministic: true, costPerInvocation: 0, parametersSchema: { type: "object" } }, invoke: () => "second" };`,
    );
    await expect
      .poll(() => registry.has("@mcp-upstream/up__second"), { timeout: 15_000 })
      .toBe(true);
    expect(record("upstream")?.tools).toContain("@mcp-upstream/up__second");
  });
});

describe("a streamable HTTP server in mcp.json (url)", () => {
  it("registers its tools and invokes them over HTTP", async () => {
    const serverHome = await tempDir("agentic-mcp-http-home-");
    // The endpoint needs its bearer token (issue 13); mcp.json's "headers" carry it.
    const token = "test-token-for-the-mcp-http-client";
    const child = spawn(process.execPath, [BIN, "mcp", "--http", "0", "--token", token], {
      env: { ...process.env, AGENTIC_HOME: serverHome },
      stdio: ["ignore", "pipe", "pipe"],
    });
    closers.push(async () => {
      child.kill("SIGTERM");
    });
    const url = await new Promise<string>((resolve) => {
      let out = "";
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        const match = /at (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(out);
        if (match) resolve(match[1] as string);
      });
    });
    const { registry, record } = await sourceFor({
      remote: { url, headers: { Authorization: `Bearer ${token}` } },
    });
    expect(record("remote")?.status).toBe("loaded");
    const result = await registry.invoke("@mcp-remote/math__calculator", {
      operation: "add",
      a: 2,
      b: 3,
    });
    expect(result).toMatchObject({ ok: true, value: { value: 5 } });
  });
});
