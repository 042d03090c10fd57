/**
 * Time to load N generated plugin files with `PluginLoader.loadAll()`, for .js and .ts, with
 * jiti's transpile cache cold (a fresh cache folder per run) and warm (a folder already filled).
 */

import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { PluginLoader } from "../src-main/core/loader.ts";
import { createModuleImporter } from "../src-main/core/module-importer.ts";
import { ToolRegistry } from "../src-main/core/registry.ts";
import { median } from "./stats.ts";

export type PluginExt = ".js" | ".ts";

/** One row: the median wall time of `runs` loads of `count` plugins, in milliseconds. */
export interface LoadRow {
  ext: PluginExt;
  count: number;
  runs: number;
  coldMs: number;
  warmMs: number;
}

export const SIZES = [10, 100, 1000];

/**
 * Plugin `i`: its own name, property name and minimum, so no two schemas are equal and Ajv
 * compiles each one. Both kinds import `defineTool` from "agentic-workbench", the documented way
 * to write a plugin; the .ts one adds type annotations so it really needs transpiling.
 */
export function pluginSource(i: number, ext: PluginExt): string {
  const typed = ext === ".ts";
  const paramsType = typed ? `: { value_${i}: number }` : "";
  return `import { defineTool } from "agentic-workbench";

const minimum${typed ? ": number" : ""} = ${i};

export default defineTool({
  name: "@bench/tool-${i}",
  description: "Generated benchmark tool ${i}.",
  deterministic: true,
  costPerInvocation: 0,
  parametersSchema: {
    type: "object",
    properties: { value_${i}: { type: "number", minimum: ${i} } },
    required: ["value_${i}"],
    additionalProperties: false,
  },
  invoke(params${paramsType}) {
    return params.value_${i} - minimum;
  },
});
`;
}

export async function writePlugins(dir: string, count: number, ext: PluginExt): Promise<void> {
  await mkdir(dir, { recursive: true });
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      writeFile(path.join(dir, `tool-${String(i).padStart(4, "0")}${ext}`), pluginSource(i, ext)),
    ),
  );
}

/** One timed `loadAll`; throws unless every plugin loaded, so a failure can't look fast. */
async function timeLoad(dir: string, count: number, cacheDir: string): Promise<number> {
  const started = performance.now();
  const loader = new PluginLoader({
    registry: new ToolRegistry(),
    pluginDirs: [dir],
    importModule: createModuleImporter({ cacheDir }),
  });
  const report = await loader.loadAll();
  const elapsed = performance.now() - started;
  const failed = report.plugins.find((p) => p.status !== "loaded");
  if (failed || report.plugins.length !== count) {
    throw new Error(
      `loading ${dir}: ${report.plugins.length} plugins, first failure: ${failed?.error?.message}`,
    );
  }
  return elapsed;
}

export async function benchLoadPlugins(
  onRow: (row: LoadRow) => void = () => {},
): Promise<LoadRow[]> {
  const root = await mkdtemp(path.join(os.tmpdir(), "agentic-bench-"));
  const fresh = () => mkdtemp(path.join(root, "jiti-cache-"));
  const rows: LoadRow[] = [];
  try {
    // Throw-away loads first, so the first measured rows don't also pay for loading jiti's
    // transpiler and Ajv into the process and for V8 warming them up.
    for (const ext of [".js", ".ts"] as const) {
      const dir = path.join(root, `prime${ext.replace(".", "-")}`);
      await writePlugins(dir, 20, ext);
      await timeLoad(dir, 20, await fresh());
    }

    for (const ext of [".js", ".ts"] as const) {
      for (const count of SIZES) {
        const dir = path.join(root, `plugins${ext.replace(".", "-")}-${count}`);
        await writePlugins(dir, count, ext);
        // Fewer runs at 1,000: each cold one takes seconds on a loaded 2-core machine.
        const runs = count >= 1000 ? 3 : 5;
        const cold: number[] = [];
        let filled = "";
        for (let r = 0; r < runs; r++) {
          filled = await fresh();
          cold.push(await timeLoad(dir, count, filled));
        }
        const warm: number[] = [];
        for (let r = 0; r < runs; r++) warm.push(await timeLoad(dir, count, filled));
        const row = { ext, count, runs, coldMs: median(cold), warmMs: median(warm) };
        rows.push(row);
        onRow(row);
      }
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  return rows;
}
