/**
 * Isolation as the app wires it (createWorkbench): on by default, off with `isolation: false`,
 * and the "done when" journey through the Workbench API a UI calls.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createWorkbench, type Workbench } from "../../src-main/api/workbench.ts";
import { createWorkbenchService } from "../../src-main/api/workbench-service.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const threadTool = `import { isMainThread } from "node:worker_threads";
export default {
  metadata: { name: "@t/thread", description: "Says where it runs.", deterministic: true,
    costPerInvocation: 0, parametersSchema: { type: "object" } },
  invoke: () => ({ isMainThread }),
};`;

const journey = {
  "hog.mjs": `export default {
    metadata: { name: "@t/hog", description: "Spins when asked.", deterministic: true,
      costPerInvocation: 0, parametersSchema: { type: "object" } },
    invoke(p) { if (p.spin) { while (true) {} } return "ok"; },
  };`,
  "quitter.mjs": `export default {
    metadata: { name: "@t/quitter", description: "Exits when asked.", deterministic: true,
      costPerInvocation: 0, parametersSchema: { type: "object" } },
    invoke(p) { if (p.quit) process.exit(1); return "still here"; },
  };`,
};

const open: Workbench[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
});

async function workbench(files: Record<string, string>, isolation?: false) {
  const dir = await tempDir("agentic-wb-plugins-");
  for (const [name, content] of Object.entries(files))
    await writeFile(path.join(dir, name), content);
  const wb = await createWorkbench({
    workspaceRoot: await tempDir("agentic-wb-ws-"),
    pluginDirs: [dir],
    onlyPluginDirs: true,
    env: { AGENTIC_HOME: await tempDir("agentic-wb-home-") },
    mcpServers: false,
    ...(isolation === false ? { isolation } : {}),
  });
  open.push(wb);
  return { wb, dir };
}

describe("createWorkbench", () => {
  it("runs plugins in the plugin host by default", async () => {
    const { wb } = await workbench({ "thread.mjs": threadTool });
    expect(await wb.registry.invoke("@t/thread", {})).toMatchObject({
      ok: true,
      value: { isMainThread: false },
    });
  });

  it("isolation: false runs them in-process", async () => {
    const { wb } = await workbench({ "thread.mjs": threadTool }, false);
    expect(await wb.registry.invoke("@t/thread", {})).toMatchObject({
      ok: true,
      value: { isMainThread: true },
    });
  });

  it("hot reload in watch mode reloads an isolated plugin", async () => {
    const dir = await tempDir("agentic-wb-watch-");
    await writeFile(path.join(dir, "v.mjs"), threadTool);
    const wb = await createWorkbench({
      workspaceRoot: dir,
      pluginDirs: [dir],
      onlyPluginDirs: true,
      env: { AGENTIC_HOME: await tempDir("agentic-wb-home-") },
      mcpServers: false,
      watch: true,
    });
    open.push(wb);
    await writeFile(path.join(dir, "v.mjs"), threadTool.replace("({ isMainThread })", '"v2"'));
    await vi.waitFor(
      async () => expect(await wb.registry.invoke("@t/thread", {})).toMatchObject({ value: "v2" }),
      { timeout: 10_000, interval: 50 },
    );
  });
});

describe("the issue's journey, through the Workbench API", () => {
  it("while (true) {} times out, the UI's calls keep answering, and the next invocation works", async () => {
    const { wb } = await workbench(journey);
    const api = createWorkbenchService(wb, { host: "web", version: "test" }).calls;
    let settled = false;
    const hog = api
      .invoke({ invocationId: "hog-1", name: "@t/hog", params: { spin: true }, timeoutMs: 1_500 })
      .finally(() => {
        settled = true;
      });
    await new Promise((resolve) => setTimeout(resolve, 100));
    // What the UI does meanwhile: list the tools, run the calculator.
    expect((await api.listTools()).map((t) => t.name)).toContain("@math/calculator");
    expect(
      await api.invoke({
        invocationId: "calc-1",
        name: "@math/calculator",
        params: { operation: "add", a: 2, b: 3 },
      }),
    ).toMatchObject({ ok: true, value: 5 });
    expect(settled).toBe(false);
    expect(await hog).toMatchObject({ ok: false, error: { code: "TIMEOUT" } });
    await vi.waitFor(
      async () =>
        expect(
          await api.invoke({ invocationId: `hog-${Math.random()}`, name: "@t/hog", params: {} }),
        ).toMatchObject({ ok: true, value: "ok" }),
      { timeout: 10_000, interval: 100 },
    );
  });

  it("a plugin that calls process.exit is shown as crashed, and comes back", async () => {
    const { wb } = await workbench(journey);
    const service = createWorkbenchService(wb, { host: "web", version: "test" });
    const seen: string[] = [];
    service.subscribe((event) => {
      if (event.type !== "plugins-changed") return;
      const quitter = event.report.plugins.find((p) => p.name === "quitter");
      if (quitter)
        seen.push(quitter.status === "loaded" ? "loaded" : (quitter.error?.reason ?? "?"));
    });
    const result = await service.calls.invoke({
      invocationId: "quit-1",
      name: "@t/quitter",
      params: { quit: true },
    });
    expect(result).toMatchObject({ ok: false, error: { code: "TOOL_ERROR" } });
    expect(result.ok === false && result.error.message).toMatch(/crashed.*process\.exit\(1\)/);
    await vi.waitFor(() => expect(seen).toEqual(["CRASHED", "loaded"]), {
      timeout: 10_000,
      interval: 20,
    });
    const report = await service.calls.pluginReport();
    expect(report.plugins.find((p) => p.name === "quitter")).toMatchObject({
      status: "loaded",
      crashes: { count: 1, last: { reason: "CRASHED" } },
    });
    expect(
      await service.calls.invoke({ invocationId: "quit-2", name: "@t/quitter", params: {} }),
    ).toMatchObject({ ok: true, value: "still here" });
    // History kept both, the crash included.
    expect((await service.calls.history({ tool: "@t/quitter" })).map((e) => e.ok)).toEqual([
      true,
      false,
    ]);
    service.close();
  });
});
