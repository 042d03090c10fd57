/**
 * Short-lived commands list isolated plugins from the metadata of their last good load: no worker
 * thread starts and no plugin is imported until one of their tools is invoked. Real plugin files,
 * a real worker plugin host, the cache in a real file.
 */
import { readFile, stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cacheFile } from "../../src-main/api/start-up-caches.ts";
import { PluginLoader } from "../../src-main/core/loader.ts";
import { discoverPackages, type PluginCandidate } from "../../src-main/core/plugin-discovery.ts";
import { ToolRegistry } from "../../src-main/core/registry.ts";
import { MetadataCachedHost } from "../../src-main/isolation/metadata-cached-host.ts";
import { PluginFingerprints } from "../../src-main/isolation/plugin-fingerprint.ts";
import { WorkerPluginHost } from "../../src-main/isolation/worker-plugin-host.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const plugin = (tools: { name: string; description: string }[]) =>
  `export default [${tools
    .map(
      (t) => `{
  metadata: {
    name: ${JSON.stringify(t.name)},
    description: ${JSON.stringify(t.description)},
    deterministic: true,
    costPerInvocation: 0,
    parametersSchema: { type: "object", properties: { x: { type: "number" } } },
  },
  async invoke(p) { return { tool: ${JSON.stringify(t.name)}, x: p.x }; },
}`,
    )
    .join(",")}];`;

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** One "command run": a fresh registry, worker host and loader over the same cache file. */
async function run(home: string, pluginDir: string) {
  const registry = new ToolRegistry();
  const worker = new WorkerPluginHost();
  const host = new MetadataCachedHost(
    worker,
    cacheFile(home, "plugin-metadata"),
    new PluginFingerprints("test"),
  );
  const loader = new PluginLoader({ registry, pluginDirs: [pluginDir], host });
  closers.push(() => loader.close());
  await loader.loadAll();
  return { registry, worker, loader };
}

async function setup(content: string) {
  const home = await tempDir("agentic-cache-home-");
  const pluginDir = await tempDir("agentic-cache-plugins-");
  const file = path.join(pluginDir, "tools.mjs");
  await writeFile(file, content);
  return { home, pluginDir, file };
}

describe("the plugin metadata cache", () => {
  it("lists a plugin's tools from the last good load without starting the plugin host, and starts it on the first call", async () => {
    const { home, pluginDir } = await setup(plugin([{ name: "@c/one", description: "First." }]));
    const first = await run(home, pluginDir);
    expect(first.worker.starts).toBe(1);
    expect(first.registry.list().map((t) => t.metadata.name)).toContain("@c/one");
    await first.loader.close();
    const cache = path.join(home, "cache", "plugin-metadata.json");
    expect((await stat(cache)).mode & 0o777).toBe(0o600);

    const second = await run(home, pluginDir);
    expect(second.worker.starts).toBe(0);
    const listed = second.registry.list().find((t) => t.metadata.name === "@c/one");
    expect(listed?.metadata.description).toBe("First.");
    expect(second.loader.report().plugins[0]?.status).toBe("loaded");

    const result = await second.registry.invoke("@c/one", { x: 2 });
    expect(result).toMatchObject({ ok: true, value: { tool: "@c/one", x: 2 } });
    expect(second.worker.starts).toBe(1);
    // Parameters are still checked against the cached schema before anything starts.
    const bad = await second.registry.invoke("@c/one", { x: "two" });
    expect(bad).toMatchObject({ ok: false, error: { code: "VALIDATION_ERROR" } });
  });

  it("loads for real when the plugin's file changed, and lists what it has now", async () => {
    const { home, pluginDir, file } = await setup(
      plugin([{ name: "@c/one", description: "First." }]),
    );
    await (await run(home, pluginDir)).loader.close();
    await writeFile(file, plugin([{ name: "@c/two", description: "Second, after an edit." }]));

    const after = await run(home, pluginDir);
    expect(after.worker.starts).toBe(1);
    const names = after.registry.list().map((t) => t.metadata.name);
    expect(names).toContain("@c/two");
    expect(names).not.toContain("@c/one");
  });

  it("a tool listed from a cache its plugin no longer matches fails naming both, and the next run is right", async () => {
    const before = plugin([{ name: "@c/aaa", description: "Same size." }]);
    const { home, pluginDir, file } = await setup(before);
    // Same size and modification time (a copy tool that keeps times): the fingerprint cannot tell.
    const sameTime = new Date("2026-01-01T00:00:00Z");
    await utimes(file, sameTime, sameTime);
    await (await run(home, pluginDir)).loader.close();
    const edited = before.replace("@c/aaa", "@c/bbb");
    expect(edited.length).toBe(before.length);
    await writeFile(file, edited);
    await utimes(file, sameTime, sameTime);

    const stale = await run(home, pluginDir);
    expect(stale.registry.list().map((t) => t.metadata.name)).toContain("@c/aaa");
    const result = await stale.registry.invoke("@c/aaa", {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toMatch(
      /@c\/aaa was listed from the plugin metadata cache, but tools no longer has @c\/aaa/,
    );
    expect(result.error.hint).toMatch(/run the command again/);
    await stale.loader.close();

    const next = await run(home, pluginDir);
    expect(next.registry.list().map((t) => t.metadata.name)).toContain("@c/bbb");
    expect(next.worker.starts).toBe(0);
  });

  it("never keeps a failed load: a broken plugin reports today's error on every run", async () => {
    const { home, pluginDir } = await setup("export default {{ not javascript");
    for (let i = 0; i < 2; i++) {
      const { loader, worker } = await run(home, pluginDir);
      expect(worker.starts).toBe(1);
      expect(loader.report().plugins[0]).toMatchObject({
        status: "failed",
        error: { reason: "SYNTAX_ERROR" },
      });
      await loader.close();
    }
    const text = await readFile(path.join(home, "cache", "plugin-metadata.json"), "utf8").catch(
      () => "",
    );
    expect(text).not.toContain("tools.mjs");
  });
});

describe("the workspace package scan cache", () => {
  it("reuses a scan while npm's lock file and the package list are unchanged, and scans again after an install", async () => {
    const workspace = await tempDir("agentic-cache-workspace-");
    const modules = path.join(workspace, "node_modules");
    const addPackage = async (name: string, keywords: string[]) => {
      const dir = path.join(modules, name);
      await import("node:fs/promises").then((fs) => fs.mkdir(dir, { recursive: true }));
      await writeFile(
        path.join(dir, "package.json"),
        JSON.stringify({ name, version: "1.0.0", keywords, main: "index.js" }),
      );
      await writeFile(path.join(dir, "index.js"), "export default [];");
    };
    await addPackage("plain-lib", []);
    await addPackage("my-tools", ["agentic-plugin"]);
    await writeFile(path.join(modules, ".package-lock.json"), "{}");

    const store = new Map<string, { key: string; found: PluginCandidate[] }>();
    let scans = 0;
    const cache = {
      async get(dir: string, key: string) {
        const hit = store.get(dir);
        return hit?.key === key ? hit.found : undefined;
      },
      async set(dir: string, key: string, found: PluginCandidate[]) {
        scans++;
        store.set(dir, { key, found });
      },
    };
    expect((await discoverPackages(workspace, cache)).map((c) => c.name)).toEqual(["my-tools"]);
    expect((await discoverPackages(workspace, cache)).map((c) => c.name)).toEqual(["my-tools"]);
    expect(scans).toBe(1);

    await addPackage("more-tools", ["agentic-plugin"]);
    await writeFile(path.join(modules, ".package-lock.json"), '{"changed":true}');
    expect((await discoverPackages(workspace, cache)).map((c) => c.name)).toEqual([
      "more-tools",
      "my-tools",
    ]);
    expect(scans).toBe(2);
  });
});
