/**
 * The plugin host imports one-file ES-module plugins with Node's own import() (no transpiling),
 * and still reloads them when they change; a plugin that imports files of its own, and a broken
 * one (for jiti's located syntax error), go through jiti. Real files, a real worker plugin host.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { PluginLoader } from "../../src-main/core/loader.ts";
import { ToolRegistry } from "../../src-main/core/registry.ts";
import { WorkerPluginHost } from "../../src-main/isolation/worker-plugin-host.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const PLUGIN_API = fileURLToPath(new URL("../../src-main/core/plugin-api.ts", import.meta.url));

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A tool answering where its module was loaded from and what `answer` says. */
const tool = (name: string, answer: string, imports = "") => `${imports}
import { defineTool } from "agentic-workbench";
export default defineTool({
  name: ${JSON.stringify(name)}, description: "Says where it was loaded from.",
  deterministic: true, costPerInvocation: 0, parametersSchema: { type: "object" },
  invoke: () => ({ url: import.meta.url, answer: ${answer} }),
});`;

async function setup(files: Record<string, string>) {
  const dir = await tempDir("agentic-native-");
  for (const [name, content] of Object.entries(files))
    await writeFile(path.join(dir, name), content);
  const registry = new ToolRegistry();
  const host = new WorkerPluginHost({ pluginApiModule: PLUGIN_API });
  const loader = new PluginLoader({ registry, pluginDirs: [dir], host });
  closers.push(() => loader.close());
  await loader.loadAll();
  const call = async (name: string) => {
    const result = await registry.invoke(name, {});
    if (!result.ok) throw new Error(result.error.message);
    return result.value as { url: string; answer: string };
  };
  return { dir, loader, call };
}

describe("native import of one-file ES-module plugins", () => {
  it("imports the file with Node itself, and a changed file is evaluated anew on reload", async () => {
    const { dir, loader, call } = await setup({ "native.mjs": tool("@n/native", '"first"') });
    const first = await call("@n/native");
    expect(first.answer).toBe("first");
    expect(first.url).toMatch(/native\.mjs\?load=\d+$/);

    await writeFile(path.join(dir, "native.mjs"), tool("@n/native", '"second"'));
    await loader.reloadPath(path.join(dir, "native.mjs"));
    const second = await call("@n/native");
    expect(second.answer).toBe("second");
    expect(second.url).not.toBe(first.url);
  });

  it("leaves a plugin that imports files of its own to jiti", async () => {
    const { call } = await setup({
      "_helper.mjs": 'export const word = "helped";',
      "uses-helper.mjs": tool("@n/helped", "word", 'import { word } from "./_helper.mjs";'),
    });
    const result = await call("@n/helped");
    expect(result.answer).toBe("helped");
    expect(result.url).not.toContain("?load=");
  });

  it("reports a syntax error with its line and column, as a SYNTAX_ERROR", async () => {
    const { loader } = await setup({ "broken.mjs": "export default {\n  metadata: {,\n};\n" });
    const record = loader.report().plugins[0];
    expect(record?.error?.reason).toBe("SYNTAX_ERROR");
    expect(record?.error?.message).toMatch(/broken: syntax error: .*broken\.mjs.*\(\d+:\d+\)/);
  });
});
