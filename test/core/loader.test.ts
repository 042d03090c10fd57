import { mkdir, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PluginLoader, type PluginLoaderOptions } from "../../src-main/core/loader.ts";
import type { PluginRecord } from "../../src-main/core/plugin-report.ts";
import { ToolRegistry } from "../../src-main/core/registry.ts";
import { WorkerPluginHost } from "../../src-main/isolation/worker-plugin-host.ts";
import { tempDir } from "../helpers/temp-dir.ts";

// test/isolation/loader-isolated.test.ts runs this whole file again with plugins in a plugin host.
const isolated = process.env.AGENTIC_TEST_ISOLATION === "1";
const PLUGIN_API = fileURLToPath(new URL("../../src-main/core/plugin-api.ts", import.meta.url));
function newLoader(options: PluginLoaderOptions): PluginLoader {
  return new PluginLoader({
    ...options,
    // With the plugin API module named, the host imports one-file ES-module plugins natively, as
    // the app does (core/native-plugin-import.ts): the suite must hold for that path too.
    ...(isolated
      ? { host: new WorkerPluginHost({ stopGraceMs: 500, pluginApiModule: PLUGIN_API }) }
      : {}),
  });
}

const toolSource = (name: string, extra = "") => `{
  metadata: {
    name: ${JSON.stringify(name)},
    description: "A test tool.",
    deterministic: true,
    costPerInvocation: 0,
    parametersSchema: { type: "object", properties: { x: { type: "number" } } },
    ${extra}
  },
  invoke: (p) => ({ got: p.x ?? null, from: ${JSON.stringify(name)} }),
}`;

async function setup(files: Record<string, string>) {
  const dir = await tempDir("agentic-plugins-");
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  const registry = new ToolRegistry();
  const loader = newLoader({ registry, pluginDirs: [dir], loadTimeoutMs: 2_000 });
  loaders.push(loader);
  return { dir, registry, loader };
}

const loaders: PluginLoader[] = [];
afterEach(async () => {
  await Promise.all(loaders.splice(0).map((l) => l.close()));
});

function record(report: { plugins: PluginRecord[] }, id: string): PluginRecord {
  const found = report.plugins.find((p) => path.basename(p.id) === id);
  if (!found)
    throw new Error(`no record for ${id} in ${report.plugins.map((p) => p.id).join(", ")}`);
  return found;
}

describe("what a plugin module may export", () => {
  it("a default tool, named tools, a tool class, an array and a { name, tools } plugin", async () => {
    const { registry, loader } = await setup({
      "default.mjs": `export default ${toolSource("@t/default")};`,
      "named.js": `export const a = ${toolSource("@t/named-a")};\nexport const b = ${toolSource("@t/named-b")};\nexport const helper = 42;`,
      "klass.mjs": `export default class Tool { metadata = ${toolSource("@t/class")}.metadata; invoke() { return "from class"; } }`,
      "array.mjs": `export default [${toolSource("@t/arr-1")}, ${toolSource("@t/arr-2")}];`,
      "plugin.mjs": `export default { name: "my-plugin", version: "2.1.0", tools: [${toolSource("@t/plug")}] };`,
      "common.cjs": `module.exports = { one: ${toolSource("@t/cjs")} };`,
      "typed.ts": `import { defineTool } from "agentic-workbench";
        interface Shape { side: number }
        const area = (s: Shape): number => s.side * s.side;
        export default defineTool({
          name: "@t/typed", description: "Squares.", deterministic: true, costPerInvocation: 0,
          parametersSchema: { type: "object", properties: { side: { type: "number" } }, required: ["side"] },
          invoke: (p) => area(p),
        });`,
      "_helper.js": "throw new Error('files starting with _ are not plugins');",
      "notes.md": "not a plugin",
      "types.d.ts": "export type X = 1;",
    });
    const report = await loader.loadAll();
    expect(report.plugins.every((p) => p.status === "loaded")).toBe(true);
    expect(registry.list().map((t) => t.metadata.name)).toEqual([
      "@t/arr-1",
      "@t/arr-2",
      "@t/cjs",
      "@t/class",
      "@t/default",
      "@t/named-a",
      "@t/named-b",
      "@t/plug",
      "@t/typed",
    ]);
    expect(record(report, "plugin.mjs")).toMatchObject({
      name: "my-plugin",
      version: "2.1.0",
      tools: ["@t/plug"],
    });
    expect(await registry.invoke("@t/class", {})).toMatchObject({ ok: true, value: "from class" });
    expect(await registry.invoke("@t/typed", { side: 3 })).toMatchObject({ ok: true, value: 9 });
    expect(registry.registration("@t/default")?.source).toMatch(/^file:.*default\.mjs$/);
  });

  it("a ToolError thrown by a plugin keeps its hint and details (its class is the plugin's own copy)", async () => {
    const { registry, loader } = await setup({
      "hinted.ts": `import { ToolError, defineTool } from "agentic-workbench";
        export default defineTool({
          name: "@t/hinted", description: "Fails helpfully.", deterministic: true, costPerInvocation: 0,
          parametersSchema: { type: "object" },
          invoke: () => { throw new ToolError("no quota left", { hint: "wait an hour", details: { field: "/x" } }); },
        });`,
    });
    await loader.loadAll();
    expect(await registry.invoke("@t/hinted", {})).toMatchObject({
      ok: false,
      error: {
        code: "TOOL_ERROR",
        message: "@t/hinted: no quota left",
        hint: "wait an hour",
        details: { field: "/x" },
      },
    });
  });

  it("default imports of Node's built-in modules work in TS and ESM plugins", async () => {
    const body = `
      export default defineTool({
        name: "@t/NAME", description: "Joins a path.", deterministic: true, costPerInvocation: 0,
        parametersSchema: { type: "object" },
        invoke: () => ({ joined: path.join("a", "b"), exists: typeof fs.existsSync }),
      });`;
    const header = `import path from "node:path";\nimport fs from "node:fs";\nimport { defineTool } from "agentic-workbench";`;
    const { registry, loader } = await setup({
      "defaults.ts": `${header}${body.replace("NAME", "ts-defaults")}`,
      "defaults.mjs": `${header}${body.replace("NAME", "mjs-defaults")}`,
    });
    const report = await loader.loadAll();
    expect(
      report.plugins.every((p) => p.status === "loaded"),
      JSON.stringify(report),
    ).toBe(true);
    for (const name of ["@t/ts-defaults", "@t/mjs-defaults"]) {
      expect(await registry.invoke(name, {})).toMatchObject({
        ok: true,
        value: { joined: "a/b", exists: "function" },
      });
    }
  });

  it("a folder plugin with package.json main, and one with an index.ts", async () => {
    const { registry, loader } = await setup({
      "folder-a/package.json": JSON.stringify({
        name: "folder-a",
        version: "1.0.0",
        main: "lib/main.js",
      }),
      "folder-a/lib/main.js": `import { inner } from "./inner.js";\nexport default inner;`,
      "folder-a/lib/inner.js": `export const inner = ${toolSource("@t/folder-a")};`,
      "folder-b/index.ts": `export default ${toolSource("@t/folder-b")};`,
    });
    const report = await loader.loadAll();
    expect(record(report, "folder-a")).toMatchObject({
      kind: "folder",
      name: "folder-a",
      version: "1.0.0",
      status: "loaded",
    });
    expect(registry.has("@t/folder-a") && registry.has("@t/folder-b")).toBe(true);
  });

  it("npm packages in the workspace that carry the agentic-plugin keyword, and only those", async () => {
    const workspace = await tempDir("agentic-ws-");
    const pkg = (dir: string, json: object, entry: string) =>
      mkdir(path.join(workspace, "node_modules", dir), { recursive: true }).then(async () => {
        await writeFile(
          path.join(workspace, "node_modules", dir, "package.json"),
          JSON.stringify(json),
        );
        await writeFile(path.join(workspace, "node_modules", dir, "index.js"), entry);
      });
    await pkg(
      "@acme/agentic-weather",
      {
        name: "@acme/agentic-weather",
        version: "0.3.0",
        keywords: ["agentic-plugin"],
        type: "module",
      },
      `export default ${toolSource("@acme/weather")};`,
    );
    await pkg(
      "left-pad",
      { name: "left-pad", version: "1.0.0" },
      `module.exports = ${toolSource("@t/should-not-load")};`,
    );
    const registry = new ToolRegistry();
    const loader = newLoader({ registry, pluginDirs: [], workspaceRoot: workspace });
    loaders.push(loader);
    const report = await loader.loadAll();
    expect(report.plugins).toHaveLength(1);
    expect(report.plugins[0]).toMatchObject({
      kind: "package",
      name: "@acme/agentic-weather",
      version: "0.3.0",
      source: "package:@acme/agentic-weather",
    });
    expect(registry.registration("@acme/weather")?.source).toBe("package:@acme/agentic-weather");
    expect(registry.has("@t/should-not-load")).toBe(false);
  });
});

describe("failures are reported with a reason, and never stop the other plugins", () => {
  it.each([
    ["syntax.js", "export default { metadata: {", "SYNTAX_ERROR", /syntax/i],
    ["syntax-ts.ts", "const x: number = ;\nexport default x;", "SYNTAX_ERROR", /syntax/i],
    ["throws.mjs", "throw new Error('no database here');", "IMPORT_ERROR", /no database here/],
    [
      "missing-import.mjs",
      "import nothing from './does-not-exist.js'; export default nothing;",
      "IMPORT_ERROR",
      /does-not-exist/,
    ],
    ["empty.mjs", "export const answer = 42;", "NO_TOOLS", /exports no tools/],
    [
      "not-a-tool.mjs",
      "export default { metadata: { name: '@t/x' } };",
      "NO_TOOLS",
      /exports no tools/,
    ],
    [
      "bad-name.mjs",
      `export default ${toolSource("Bad Name")};`,
      "INVALID_TOOL",
      /must start with "@"/,
    ],
    [
      "bad-meta.mjs",
      `export default ${toolSource("@t/bad-meta", "costPerInvocation: -5,")};`,
      "INVALID_TOOL",
      /costPerInvocation/,
    ],
    [
      "bad-schema.mjs",
      `export default { metadata: { name: "@t/bad-schema", description: "d", deterministic: true, costPerInvocation: 0, parametersSchema: { type: "object", properties: { a: { type: "nonsense" } } } }, invoke() {} };`,
      "INVALID_SCHEMA",
      /parametersSchema is invalid/,
    ],
    [
      "bad-class.mjs",
      "export default class { constructor() { throw new Error('needs args'); } invoke() {} }",
      "INVALID_TOOL",
      /needs args/,
    ],
    [
      "hangs.mjs",
      "await new Promise(() => {}); export default 1;",
      "LOAD_TIMEOUT",
      /did not finish within/,
    ],
  ])("%s → %s", async (file, content, reason, message) => {
    const { registry, loader } = await setup({
      [file]: content,
      "good.mjs": `export default ${toolSource("@t/good")};`,
    });
    const report = await loader.loadAll();
    const failed = record(report, file);
    expect(failed.status).toBe("failed");
    expect(failed.error?.reason).toBe(reason);
    expect(failed.error?.message).toMatch(message);
    expect(failed.error?.hint.length).toBeGreaterThan(10);
    expect(record(report, "good.mjs").status).toBe("loaded");
    expect(registry.has("@t/good")).toBe(true);
  });

  it("a folder without an entry → ENTRY_NOT_FOUND", async () => {
    const { loader } = await setup({ "no-entry/readme.txt": "nothing" });
    expect(record(await loader.loadAll(), "no-entry").error?.reason).toBe("ENTRY_NOT_FOUND");
  });

  it("a duplicate name fails the second plugin, names both sources, and keeps the first", async () => {
    const { registry, loader } = await setup({
      "a.mjs": `export default ${toolSource("@t/same")};`,
      "b.mjs": `export default [${toolSource("@t/b-only")}, ${toolSource("@t/same")}];`,
    });
    const report = await loader.loadAll();
    const b = record(report, "b.mjs");
    expect(b.error?.reason).toBe("DUPLICATE_NAME");
    expect(b.error?.message).toContain("a.mjs");
    expect(b.error?.message).toContain("b.mjs");
    // All or nothing: b's first tool was rolled back.
    expect(registry.has("@t/b-only")).toBe(false);
    expect(registry.registration("@t/same")?.source).toMatch(/a\.mjs$/);
  });

  it("a plugin cannot replace a built-in tool", async () => {
    const { registry, loader } = await setup({
      "clash.mjs": `export default ${toolSource("@math/calculator")};`,
    });
    registry.register({
      ...(await import("../../src-main/builtin/calculator.ts")).CalculatorTool.prototype,
      metadata: new (await import("../../src-main/builtin/calculator.ts")).CalculatorTool()
        .metadata,
      invoke: () => 1,
    });
    const report = await loader.loadAll();
    expect(record(report, "clash.mjs").error?.message).toContain("already registered by builtin");
  });
});

describe("reload and watch", () => {
  it("loadAll again picks up changes and removals", async () => {
    const { dir, registry, loader } = await setup({
      "one.mjs": `export default ${toolSource("@t/one")};`,
    });
    await loader.loadAll();
    await writeFile(path.join(dir, "one.mjs"), `export default ${toolSource("@t/one-renamed")};`);
    await loader.loadAll();
    expect(registry.has("@t/one")).toBe(false);
    expect(registry.has("@t/one-renamed")).toBe(true);
  });

  it("watch mode: a file added, changed, broken, fixed and removed is followed without a restart", async () => {
    const { dir, registry, loader } = await setup({
      "keep.mjs": `export default ${toolSource("@t/keep")};`,
    });
    await loader.loadAll();
    const reports: number[] = [];
    loader.onReport((r) => reports.push(r.plugins.length));
    await loader.watch();
    const file = path.join(dir, "live.ts");

    await writeFile(file, `export default ${toolSource("@t/live")};`);
    await vi.waitFor(() => expect(registry.has("@t/live")).toBe(true), {
      timeout: 5_000,
      interval: 20,
    });

    await writeFile(file, `export default ${toolSource("@t/live", 'version: "2.0.0",')};`);
    await vi.waitFor(() => expect(registry.get("@t/live")?.metadata.version).toBe("2.0.0"), {
      timeout: 5_000,
      interval: 20,
    });

    await writeFile(file, "export default {");
    await vi.waitFor(() => expect(record(loader.report(), "live.ts").status).toBe("failed"), {
      timeout: 5_000,
      interval: 20,
    });
    expect(registry.has("@t/live")).toBe(false);
    expect(registry.has("@t/keep")).toBe(true);

    await writeFile(file, `export default ${toolSource("@t/live")};`);
    await vi.waitFor(() => expect(registry.has("@t/live")).toBe(true), {
      timeout: 5_000,
      interval: 20,
    });

    await rm(file);
    await vi.waitFor(() => expect(registry.has("@t/live")).toBe(false), {
      timeout: 5_000,
      interval: 20,
    });
    expect(loader.report().plugins.map((p) => path.basename(p.id))).toEqual(["keep.mjs"]);
    expect(reports.length).toBeGreaterThanOrEqual(3);
  });

  it("watch mode: a plugin folder created after start is watched; removed and re-created, it is followed again", async () => {
    const home = await tempDir("agentic-home-");
    const dir = path.join(home, "plugins");
    const registry = new ToolRegistry();
    const loader = newLoader({ registry, pluginDirs: [dir], loadTimeoutMs: 2_000 });
    loaders.push(loader);
    await loader.loadAll();
    await loader.watch();
    const wait = (check: () => void) => vi.waitFor(check, { timeout: 5_000, interval: 20 });

    await mkdir(dir);
    await writeFile(path.join(dir, "greet.mjs"), `export default ${toolSource("@t/greet")};`);
    await wait(() => expect(registry.has("@t/greet")).toBe(true));
    expect(loader.report().pluginDirs).toEqual([{ path: dir, exists: true }]);

    // Later edits are followed, not only the first appearance.
    await writeFile(
      path.join(dir, "greet.mjs"),
      `export default ${toolSource("@t/greet", 'version: "2.0.0",')};`,
    );
    await wait(() => expect(registry.get("@t/greet")?.metadata.version).toBe("2.0.0"));

    await rm(dir, { recursive: true });
    await wait(() => expect(registry.has("@t/greet")).toBe(false));
    expect(loader.report().pluginDirs).toEqual([{ path: dir, exists: false }]);

    await mkdir(dir);
    await writeFile(path.join(dir, "again.mjs"), `export default ${toolSource("@t/again")};`);
    await wait(() => expect(registry.has("@t/again")).toBe(true));
    await writeFile(
      path.join(dir, "again.mjs"),
      `export default ${toolSource("@t/again", 'version: "3.0.0",')};`,
    );
    await wait(() => expect(registry.get("@t/again")?.metadata.version).toBe("3.0.0"));
  });

  it("watch mode: a change inside a folder plugin reloads that folder", async () => {
    const { dir, registry, loader } = await setup({
      "folder/index.mjs": `import { t } from "./tool.mjs"; export default t;`,
      "folder/tool.mjs": `export const t = ${toolSource("@t/folder-v1")};`,
    });
    await loader.loadAll();
    await loader.watch();
    await writeFile(
      path.join(dir, "folder", "tool.mjs"),
      `export const t = ${toolSource("@t/folder-v2")};`,
    );
    await vi.waitFor(() => expect(registry.has("@t/folder-v2")).toBe(true), {
      timeout: 5_000,
      interval: 20,
    });
    expect(registry.has("@t/folder-v1")).toBe(false);
  });

  it("a symlinked plugin file loads like a plain one", async () => {
    const { dir, registry, loader } = await setup({});
    const elsewhere = await tempDir("agentic-elsewhere-");
    await writeFile(path.join(elsewhere, "real.mjs"), `export default ${toolSource("@t/linked")};`);
    await symlink(path.join(elsewhere, "real.mjs"), path.join(dir, "linked.mjs"));
    await loader.loadAll();
    expect(registry.has("@t/linked")).toBe(true);
  });
});
