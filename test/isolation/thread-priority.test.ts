/**
 * The plugin host runs behind the main thread: on Linux its thread gets niceness 10, so a plugin
 * loading or spinning yields to the API and the user's browser. A real worker host; the plugin
 * reads its own thread's priority.
 */
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PluginLoader } from "../../src-main/core/loader.ts";
import { ToolRegistry } from "../../src-main/core/registry.ts";
import { WorkerPluginHost } from "../../src-main/isolation/worker-plugin-host.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

describe.skipIf(process.platform !== "linux")("the plugin host's priority", () => {
  it("runs plugins at niceness 10 (or the process's own, if nicer) while the main thread keeps its own", async () => {
    const dir = await tempDir("agentic-priority-");
    await writeFile(
      path.join(dir, "priority.mjs"),
      `import { readlinkSync } from "node:fs";
import os from "node:os";
export default {
  metadata: { name: "@p/priority", description: "Its thread's niceness.", deterministic: false,
    costPerInvocation: 0, parametersSchema: { type: "object" } },
  invoke: () => os.getPriority(Number(readlinkSync("/proc/thread-self").split("/").pop())),
};`,
    );
    const registry = new ToolRegistry();
    const loader = new PluginLoader({ registry, pluginDirs: [dir], host: new WorkerPluginHost() });
    closers.push(() => loader.close());
    await loader.loadAll();
    const main = os.getPriority(process.pid);
    const result = await registry.invoke("@p/priority", {});
    expect(result).toMatchObject({ ok: true, value: Math.max(10, main) });
    expect(os.getPriority(process.pid)).toBe(main);
  });
});
