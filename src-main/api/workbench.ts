/**
 * The composition root shared by every host (CLI, web, Electron, MCP): a registry with the
 * built-in tools and a plugin loader over the configured folders. Hosts create one and pass it
 * down; nothing reaches for a module-level instance.
 */
import { realpath } from "node:fs/promises";
import path from "node:path";
import { builtinTools } from "../builtin/index.ts";
import { PluginLoader } from "../core/loader.ts";
import { type Logger, silentLogger } from "../core/logger.ts";
import { ToolRegistry } from "../core/registry.ts";
import { defaultPluginDirs } from "./app-paths.ts";

/** Options for `createWorkbench`. */
export interface WorkbenchOptions {
  /** Folder the file and git tools are confined to. Default: cwd. */
  workspaceRoot?: string;
  /** Extra plugin folders, searched after the defaults. */
  pluginDirs?: string[];
  /** Replace the default plugin folders instead of adding to them. */
  onlyPluginDirs?: boolean;
  /** Reload plugins when their files change. */
  watch?: boolean;
  logger?: Logger;
  env?: NodeJS.ProcessEnv;
  /** Use this registry instead of a new one (e.g. `ToolRegistry.default`). */
  registry?: ToolRegistry;
}

/** A running workbench core. */
export interface Workbench {
  registry: ToolRegistry;
  loader: PluginLoader;
  workspaceRoot: string;
  close(): Promise<void>;
}

/** Builds the core: registry + built-ins + plugins (loaded before it returns). */
export async function createWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const logger = options.logger ?? silentLogger;
  const workspaceRoot = await realpath(path.resolve(options.workspaceRoot ?? process.cwd())).catch(
    () => {
      throw new Error(
        `workspace folder ${options.workspaceRoot} does not exist; pass an existing folder with --workspace DIR`,
      );
    },
  );
  const registry = options.registry ?? new ToolRegistry({ workspaceRoot, logger });
  for (const tool of builtinTools()) registry.register(tool, "builtin");
  const pluginDirs = [
    ...(options.onlyPluginDirs ? [] : defaultPluginDirs(options.env)),
    ...(options.pluginDirs ?? []).map((d) => path.resolve(d)),
  ];
  const loader = new PluginLoader({
    registry,
    pluginDirs: [...new Set(pluginDirs)],
    workspaceRoot,
    logger,
  });
  await loader.loadAll();
  if (options.watch) await loader.watch();
  return { registry, loader, workspaceRoot, close: () => loader.close() };
}
