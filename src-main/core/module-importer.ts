/**
 * Imports plugin modules (ESM, CommonJS, and TypeScript without a build step) through jiti.
 *
 * Reloading is the hard part: Node never evicts an ES module from its cache, so a changed `.mjs`
 * file imported natively would keep its old code. jiti's synchronous mode transpiles ESM and TS
 * to CommonJS and evaluates it through the require cache, from which we delete the plugin's own
 * files before each load, so the file (and the files it imports) are evaluated anew. Modules that use top-level await cannot be transpiled that way; they fall back to a
 * native import, which loads them once per process (a changed one needs a restart).
 */
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Jiti } from "jiti";
import { importFresh, importsNatively, type NativeImport } from "./native-plugin-import.ts";

/** Imports a module by absolute path; `pluginRoot` is the plugin's file or folder. */
export type ModuleImporter = (
  absolutePath: string,
  pluginRoot: string,
) => Promise<Record<string, unknown>>;

const TOP_LEVEL_AWAIT = /await is only valid|top-level await/i;

/**
 * The default importer; `cacheDir`, when given, holds a jiti transpile cache (default: none).
 * With `importNatively` (the plugin host passes its entry's real `import()`), one-file ES-module
 * plugins are imported by Node itself (native-plugin-import.ts); `agentic-workbench` must then
 * resolve natively too (plugin-api-resolution.ts).
 */
export function createModuleImporter(
  options: { cacheDir?: string; pluginApiModule?: string; importNatively?: NativeImport } = {},
): ModuleImporter {
  // jiti and Sucrase are imported with the first plugin: a command that loads no plugin (the
  // CLI's `invoke` of a built-in tool) does not pay for them.
  let loading: Promise<Jiti> | undefined;
  const jitiFor = () => {
    loading ??= Promise.all([import("jiti"), import("./plugin-transform.ts")]).then(
      ([{ createJiti }, { transformPlugin }]) =>
        createJiti(import.meta.url, {
          // The module cache stays on so shared modules (our plugin API) load once; each load
          // clears the plugin's own files from it, so a reload still evaluates the changed code.
          moduleCache: true,
          // Without it a plugin's `import path from "node:path"` gets undefined (the transpiled
          // module reads `.default` of a CommonJS export): plugin authors write ESM.
          interopDefault: true,
          // No transpile cache on disk unless asked for: measured on 1,000 plugin files, writing
          // it doubled a cold load (one synchronous write per file) and reading it back was no
          // faster than Sucrase transpiling anew (BENCHMARKS.md, start-up).
          fsCache: options.cacheDir ?? false,
          // Sucrase instead of jiti's Babel for TypeScript and ESM (about 7× faster, cold).
          transform: transformPlugin,
          // Plugins anywhere on disk can `import { defineTool } from "agentic-workbench"`.
          alias: {
            "agentic-workbench":
              options.pluginApiModule ?? fileURLToPath(new URL("./plugin-api.ts", import.meta.url)),
          },
        }),
    );
    return loading;
  };
  const requireCache = createRequire(import.meta.url).cache;
  return async (absolutePath, pluginRoot) => {
    const { importNatively } = options;
    if (importNatively && absolutePath === pluginRoot && (await importsNatively(absolutePath))) {
      try {
        return await importFresh(importNatively, absolutePath);
      } catch (error) {
        // Node's SyntaxError names no line or column; jiti's (below) does, so it reports it.
        if (!(error instanceof SyntaxError)) throw error;
      }
    }
    const jiti = await jitiFor();
    if (absolutePath === pluginRoot) {
      // A one-file plugin: its own entry is all there is to forget (a scan of the whole cache
      // per plugin made loading a thousand of them quadratic).
      delete requireCache[pluginRoot];
    } else {
      for (const key of Object.keys(requireCache)) {
        if (key === pluginRoot || key.startsWith(pluginRoot + path.sep)) delete requireCache[key];
      }
    }
    try {
      return jiti(absolutePath) as Record<string, unknown>;
    } catch (error) {
      if (error instanceof Error && TOP_LEVEL_AWAIT.test(error.message)) {
        return (await jiti.import(absolutePath)) as Record<string, unknown>;
      }
      throw error;
    }
  };
}
