/**
 * A plugin that takes the plugin host down again and again by itself (a timer that throws after
 * import): it is named, marked CRASHED and left out until its file changes, and the other plugins
 * answer meanwhile without waiting on its restart backoff.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PluginLoader } from "../../src-main/core/loader.ts";
import type { PluginRecord } from "../../src-main/core/plugin-report.ts";
import { ToolRegistry } from "../../src-main/core/registry.ts";
import { WorkerPluginHost } from "../../src-main/isolation/worker-plugin-host.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const tool = (name: string, body: string) => `export default {
  metadata: {
    name: ${JSON.stringify(name)},
    description: "A test tool.",
    deterministic: false,
    costPerInvocation: 0,
    parametersSchema: { type: "object" },
  },
  async invoke(p, ctx) { ${body} },
};`;

const LOOPS = `setTimeout(() => { throw new Error("boom"); }, 50);\n${tool("@t/loops", "return 1;")}`;

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function setup(files: Record<string, string>) {
  const dir = await tempDir("agentic-crash-loop-");
  for (const [name, content] of Object.entries(files)) {
    await writeFile(path.join(dir, name), content);
  }
  const registry = new ToolRegistry();
  // Long enough that a call waiting on the looping plugin's backoff would miss its 3 s timeout.
  const host = new WorkerPluginHost({ backoff: { initialMs: 1_000, maxMs: 10_000 } });
  const loader = new PluginLoader({ registry, pluginDirs: [dir], host, loadTimeoutMs: 3_000 });
  closers.push(() => loader.close());
  await loader.loadAll();
  return { dir, registry, loader, host };
}

function record(loader: PluginLoader, file: string): PluginRecord {
  const found = loader.report().plugins.find((p) => path.basename(p.id) === file);
  if (!found) throw new Error(`no record for ${file}`);
  return found;
}

const waitFor = (check: () => void) => vi.waitFor(check, { timeout: 15_000, interval: 20 });

describe("a plugin that crashes the host again and again", () => {
  it("is marked CRASHED and not loaded again until its file changes; the others do not wait on its backoff", async () => {
    const { dir, registry, loader, host } = await setup({
      "loops.mjs": LOOPS,
      "healthy.mjs": tool("@t/healthy", "return 'healthy';"),
    });
    await waitFor(() =>
      expect(record(loader, "loops.mjs").crashes?.count).toBeGreaterThanOrEqual(3),
    );
    expect(await registry.invoke("@t/healthy", {}, { timeoutMs: 3_000 })).toMatchObject({
      ok: true,
      value: "healthy",
    });

    await waitFor(() => expect(record(loader, "loops.mjs").restart).toBeUndefined());
    const loops = record(loader, "loops.mjs");
    expect(loops).toMatchObject({ status: "failed", tools: [], error: { reason: "CRASHED" } });
    expect(loops.error?.message).toMatch(/boom/);
    expect(registry.has("@t/loops")).toBe(false);

    // Left out: the host stays up and the plugin stays failed.
    const starts = host.starts;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(host.starts).toBe(starts);
    expect(record(loader, "loops.mjs").status).toBe("failed");
    expect(await registry.invoke("@t/healthy", {}, { timeoutMs: 3_000 })).toMatchObject({
      ok: true,
    });

    // Its file changes (what the watcher reacts to): it loads again.
    await writeFile(path.join(dir, "loops.mjs"), tool("@t/loops", "return 'fixed';"));
    await loader.reloadPath(path.join(dir, "loops.mjs"));
    expect(record(loader, "loops.mjs").status).toBe("loaded");
    expect(await registry.invoke("@t/loops", {})).toMatchObject({ ok: true, value: "fixed" });
  });
});
