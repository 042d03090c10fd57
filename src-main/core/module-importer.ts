/**
 * Imports plugin modules (JS, ESM or CommonJS, and TypeScript without a build step) through jiti,
 * with its module cache off so a reload runs the changed file, not the cached one.
 */
import { fileURLToPath } from "node:url";
import { createJiti } from "jiti";

/** Imports a module by absolute path and returns its namespace. */
export type ModuleImporter = (absolutePath: string) => Promise<Record<string, unknown>>;

/** The default importer; `cacheDir` holds jiti's transpile cache (default: node_modules/.cache). */
export function createModuleImporter(options: { cacheDir?: string } = {}): ModuleImporter {
  const jiti = createJiti(import.meta.url, {
    moduleCache: false,
    interopDefault: false,
    fsCache: options.cacheDir ?? true,
    // Plugins anywhere on disk can `import { defineTool } from "agentic-workbench"`.
    alias: { "agentic-workbench": fileURLToPath(new URL("./plugin-api.ts", import.meta.url)) },
  });
  return async (absolutePath) => (await jiti.import(absolutePath)) as Record<string, unknown>;
}
