/**
 * A workspace's mcp.json and env-reading litellm_config.yaml are used only once the user trusts
 * that exact content: real files, a real MCP server (the filesystem server behind a wrapper that
 * leaves a marker file when it starts), real workbenches sharing one $AGENTIC_HOME.
 */
import { createHash } from "node:crypto";
import { access, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TRUST_STORE_FILE } from "../../src-main/api/trust-store.ts";
import { createWorkbench, type Workbench } from "../../src-main/api/workbench.ts";
import { createWorkbenchService } from "../../src-main/api/workbench-service.ts";
import { runAgentic } from "../helpers/run-cli.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FS_SERVER = path.join(
  ROOT,
  "node_modules/@modelcontextprotocol/server-filesystem/dist/index.js",
);

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

let home: string;
let workspace: string;
let marker: string;
let mcpJson: string;

beforeEach(async () => {
  home = await tempDir("agentic-trust-home-");
  workspace = await tempDir("agentic-trust-ws-");
  const bin = await tempDir("agentic-trust-bin-");
  marker = path.join(bin, "server-started");
  // The server a hostile repository would ship: it proves it ran by leaving a file behind.
  const script = path.join(bin, "marked-server.mjs");
  await writeFile(
    script,
    `import { writeFileSync } from "node:fs";\nwriteFileSync(process.env.MARKER_FILE, "started");\nawait import(${JSON.stringify(pathToFileURL(FS_SERVER).href)});\n`,
  );
  mcpJson = path.join(workspace, "mcp.json");
  await writeFile(
    mcpJson,
    JSON.stringify({
      mcpServers: {
        marked: {
          command: process.execPath,
          args: [script, workspace],
          env: { MARKER_FILE: marker },
        },
      },
    }),
  );
});

async function start(options: { trustWorkspace?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  const workbench = await createWorkbench({
    env: { AGENTIC_HOME: home, ...options.env },
    workspaceRoot: workspace,
    onlyPluginDirs: true,
    pluginDirs: [],
    isolation: false,
    adoptDefaultRegistry: false,
    ...(options.trustWorkspace ? { trustWorkspace: true } : {}),
  });
  cleanup.push(() => workbench.close());
  return workbench;
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );
const sha256 = async (file: string) =>
  createHash("sha256")
    .update(await readFile(file))
    .digest("hex");
const mcpTools = (wb: Workbench) => wb.registry.list({ source: "mcp:marked" });

describe("a workspace mcp.json", () => {
  it("is not started until trusted; trusting starts it without a restart; a stale hash is refused", async () => {
    const wb = await start();
    // Give a wrongly started server time to leave its marker.
    await new Promise((r) => setTimeout(r, 800));
    expect(await exists(marker)).toBe(false);
    expect(mcpTools(wb)).toEqual([]);
    const record = wb.loader.report().plugins.find((p) => p.id === "mcp-untrusted:marked");
    expect(record).toMatchObject({ kind: "mcp", status: "failed", error: { reason: "UNTRUSTED" } });
    expect(record?.error?.message).toContain(mcpJson);
    expect(record?.error?.message).toContain(`run: ${process.execPath}`);
    expect(record?.error?.hint).toContain("agentic trust");

    const service = createWorkbenchService(wb, { host: "web", version: "test" });
    cleanup.push(async () => service.close());
    const [item] = await service.calls.workspaceTrust();
    expect(item).toMatchObject({
      kind: "mcp",
      path: mcpJson,
      needsTrust: true,
      trusted: false,
      servers: [{ name: "marked", command: process.execPath, env: ["MARKER_FILE"] }],
    });
    expect(item?.sha256).toBe(await sha256(mcpJson));

    // The file changes after it was shown: trusting what was shown is refused.
    const shown = item?.sha256 as string;
    const original = await readFile(mcpJson, "utf8");
    await writeFile(mcpJson, `${original}\n`);
    await expect(service.calls.trustWorkspaceFile(mcpJson, shown)).rejects.toMatchObject({
      code: "TRUST_STALE",
      message: expect.stringMatching(/mcp\.json changed since it was shown/),
      hint: "look at the file again and trust its new content",
    });
    expect(await exists(marker)).toBe(false);
    expect(await exists(path.join(home, TRUST_STORE_FILE))).toBe(false);

    // The current content, trusted: the server starts in this workbench.
    const items = await service.calls.trustWorkspaceFile(mcpJson, await sha256(mcpJson));
    expect(items.find((i) => i.kind === "mcp")?.trusted).toBe(true);
    expect(await exists(marker)).toBe(true);
    expect(mcpTools(wb).length).toBeGreaterThan(0);
    expect(wb.loader.report().plugins.find((p) => p.id === "mcp:marked")?.status).toBe("loaded");
    expect(wb.loader.report().plugins.some((p) => p.id === "mcp-untrusted:marked")).toBe(false);
    const store = await stat(path.join(home, TRUST_STORE_FILE));
    if (process.platform !== "win32") expect(store.mode & 0o777).toBe(0o600);
  }, 30_000);

  it("stays trusted across starts, and is untrusted again once its content changes", async () => {
    const first = await start();
    await first.workspaceTrust.trust(mcpJson, await sha256(mcpJson));
    expect(await exists(marker)).toBe(true);
    await first.close();
    await rm(marker);

    const second = await start();
    expect(await exists(marker)).toBe(true);
    expect(mcpTools(second).length).toBeGreaterThan(0);
    await second.close();
    await rm(marker);

    const config = JSON.parse(await readFile(mcpJson, "utf8"));
    config.mcpServers.marked.args.push("/");
    await writeFile(mcpJson, JSON.stringify(config));
    const third = await start();
    await new Promise((r) => setTimeout(r, 800));
    expect(await exists(marker)).toBe(false);
    expect(mcpTools(third)).toEqual([]);
    expect((await third.workspaceTrust.items())[0]).toMatchObject({ trusted: false });
  }, 30_000);

  it("trusting it leaves the servers of $AGENTIC_HOME/mcp.json running", async () => {
    await writeFile(
      path.join(home, "mcp.json"),
      JSON.stringify({
        mcpServers: { homefs: { command: process.execPath, args: [FS_SERVER, workspace] } },
      }),
    );
    const wb = await start();
    const before = wb.registry.get("@mcp-homefs/read_text_file");
    expect(before).toBeDefined();
    expect(await exists(marker)).toBe(false);
    await wb.workspaceTrust.trust(mcpJson, await sha256(mcpJson));
    expect(mcpTools(wb).length).toBeGreaterThan(0);
    // The same registration: the home server was not restarted.
    expect(wb.registry.get("@mcp-homefs/read_text_file")).toBe(before);
  }, 30_000);

  it("a damaged trust store trusts nothing", async () => {
    await writeFile(path.join(home, TRUST_STORE_FILE), "{ not json");
    const wb = await start();
    await new Promise((r) => setTimeout(r, 500));
    expect(await exists(marker)).toBe(false);
    expect((await wb.workspaceTrust.items())[0]).toMatchObject({ trusted: false });
    // Trusting rewrites it whole.
    await wb.workspaceTrust.trust(mcpJson, await sha256(mcpJson));
    expect(await exists(marker)).toBe(true);
  }, 30_000);

  it("--trust-workspace trusts the current content for this run and records it", async () => {
    const wb = await start({ trustWorkspace: true });
    expect(await exists(marker)).toBe(true);
    expect(mcpTools(wb).length).toBeGreaterThan(0);
    const store = JSON.parse(await readFile(path.join(home, TRUST_STORE_FILE), "utf8"));
    expect(store.files).toEqual([
      expect.objectContaining({ path: mcpJson, sha256: await sha256(mcpJson) }),
    ]);
  }, 30_000);
});

describe("a workspace litellm_config.yaml", () => {
  const config = (key: string) =>
    [
      "model_list:",
      "  - model_name: workspace-group",
      "    litellm_params:",
      "      model: openai/gpt-x",
      "      api_base: http://127.0.0.1:9/v1",
      `      api_key: ${key}`,
      "",
    ].join("\n");

  it("that reads environment variables is not used until trusted", async () => {
    await rm(mcpJson);
    const file = path.join(workspace, "litellm_config.yaml");
    await writeFile(file, config("os.environ/WORKSPACE_SECRET_KEY"));
    const wb = await start({
      env: { WORKSPACE_SECRET_KEY: "sk-secret", AGENTIC_LLM_MODE: "direct" },
    });
    const before = await wb.llm.overview();
    expect(before.config?.source).toBe("app");
    expect(before.config?.groups.map((g) => g.name)).not.toContain("workspace-group");
    expect(before.configNotice).toContain("WORKSPACE_SECRET_KEY");
    expect(before.configNotice).toContain("agentic trust");

    const [item] = await wb.workspaceTrust.items();
    expect(item).toMatchObject({ kind: "llm-config", needsTrust: true, trusted: false });
    expect(item?.envVars).toEqual(["WORKSPACE_SECRET_KEY"]);
    await wb.workspaceTrust.trust(file, item?.sha256 as string);
    const after = await wb.llm.overview();
    expect(after.config).toMatchObject({ source: "workspace", path: file });
    expect(after.configNotice).toBeUndefined();
  });

  it("reading a variable anywhere (a header, a base) needs trust too", async () => {
    await rm(mcpJson);
    await writeFile(
      path.join(workspace, "litellm_config.yaml"),
      `${config("sk-its-own")}      extra_headers: { X-Token: os.environ/HEADER_TOKEN }\n`,
    );
    const wb = await start({ env: { AGENTIC_LLM_MODE: "direct" } });
    expect((await wb.workspaceTrust.items())[0]?.envVars).toEqual(["HEADER_TOKEN"]);
    expect((await wb.llm.overview()).config?.source).toBe("app");
  });

  it("that reads no environment variable is used as it is", async () => {
    await rm(mcpJson);
    await writeFile(path.join(workspace, "litellm_config.yaml"), config("sk-its-own-key"));
    const wb = await start({ env: { AGENTIC_LLM_MODE: "direct" } });
    const overview = await wb.llm.overview();
    expect(overview.config?.source).toBe("workspace");
    expect(overview.configNotice).toBeUndefined();
    expect((await wb.workspaceTrust.items())[0]).toMatchObject({ needsTrust: false });
  });
});

describe("agentic trust and --trust-workspace", () => {
  it("show what needs trust, trust it, and revoke it; `llm models` warns while it is untrusted", async () => {
    await rm(mcpJson);
    const file = path.join(workspace, "litellm_config.yaml");
    await writeFile(
      file,
      "model_list:\n  - model_name: ws\n    litellm_params: { model: openai/x, api_base: http://127.0.0.1:9/v1, api_key: os.environ/WS_KEY }\n",
    );
    const env = { AGENTIC_HOME: home, LITELLM_CONFIG: "", AGENTIC_LLM_MODE: "direct" };
    const agentic = (...args: string[]) => runAgentic(args, { cwd: workspace, env });

    const models = await agentic("llm", "models", "--json");
    expect(models.code).toBe(0);
    expect(JSON.parse(models.stdout).config.source).toBe("app");
    expect(models.stderr).toMatch(
      /warning: .*litellm_config\.yaml reads environment variables \(WS_KEY\)/,
    );

    const listed = await agentic("trust", "--list");
    expect(listed.stdout).toContain(`${file}  NOT TRUSTED`);
    expect(listed.stdout).toContain("reads environment variables: WS_KEY");
    expect(listed.stdout).toContain("not used until trusted");

    const trusted = await agentic("trust");
    expect(trusted.stdout).toContain(`trusted ${file}`);
    const after = await agentic("llm", "models", "--json");
    expect(JSON.parse(after.stdout).config).toMatchObject({ source: "workspace", path: file });
    expect(after.stderr).not.toContain("warning");

    const revoked = await agentic("trust", "--revoke");
    expect(revoked.stdout).toContain(`no longer trusted: ${file}`);
    expect(JSON.parse((await agentic("llm", "models", "--json")).stdout).config.source).toBe("app");

    const flagged = await agentic("--trust-workspace", "llm", "models", "--json");
    expect(JSON.parse(flagged.stdout).config.source).toBe("workspace");
  }, 60_000);
});
