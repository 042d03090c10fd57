/**
 * The composition root shared by every host (CLI, web, Electron, later MCP): a registry with the
 * built-in tools, a plugin loader over the configured folders, and the invocation history.
 * Hosts create one and pass it down; nothing reaches for a module-level instance.
 */
import { EventEmitter } from "node:events";
import { realpath } from "node:fs/promises";
import path from "node:path";
import { builtinTools } from "../builtin/index.ts";
import { PluginLoader } from "../core/loader.ts";
import { type Logger, silentLogger } from "../core/logger.ts";
import { createModuleImporter } from "../core/module-importer.ts";
import { ToolRegistry } from "../core/registry.ts";
import { agenticHome, defaultPluginDirs, pluginApiModule } from "./app-paths.ts";
import type { HistoryEntry } from "./contract.ts";
import { historyMiddleware } from "./history-middleware.ts";
import { HistoryStore } from "./history-store.ts";

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
}

/** A running workbench core. */
export interface Workbench {
  registry: ToolRegistry;
  loader: PluginLoader;
  history: HistoryStore;
  agenticHome: string;
  pluginDirs: string[];
  logger: Logger;
  /** Emits `recorded` with each HistoryEntry once it is on disk. */
  events: EventEmitter<{ recorded: [HistoryEntry] }>;
  readonly workspaceRoot: string;
  /** Points the file and git tools at another existing folder. */
  setWorkspace(dir: string): Promise<string>;
  close(): Promise<void>;
}

/** Builds the core: registry + built-ins + plugins (loaded before it returns) + history. */
export async function createWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const logger = options.logger ?? silentLogger;
  const env = options.env ?? process.env;
  const workspaceRoot = await existingFolder(options.workspaceRoot ?? process.cwd());
  const home = agenticHome(env);
  const registry = new ToolRegistry({ workspaceRoot, logger });
  const history = new HistoryStore({ dir: home, logger });
  await history.load();
  const events = new EventEmitter<{ recorded: [HistoryEntry] }>();
  registry.use(historyMiddleware(history, (entry) => events.emit("recorded", entry)));
  for (const tool of builtinTools()) registry.register(tool, "builtin");
  const pluginDirs = [
    ...new Set([
      ...(options.onlyPluginDirs ? [] : defaultPluginDirs(env)),
      ...(options.pluginDirs ?? []).map((d) => path.resolve(d)),
    ]),
  ];
  const loader = new PluginLoader({
    registry,
    pluginDirs,
    workspaceRoot,
    logger,
    importModule: createModuleImporter({ pluginApiModule: pluginApiModule() }),
  });
  await loader.loadAll();
  if (options.watch) await loader.watch();
  return {
    registry,
    loader,
    history,
    agenticHome: home,
    pluginDirs,
    logger,
    events,
    get workspaceRoot() {
      return registry.workspaceRoot;
    },
    async setWorkspace(dir) {
      const root = await existingFolder(dir);
      registry.setWorkspaceRoot(root);
      return root;
    },
    async close() {
      await loader.close();
      await history.flush();
    },
  };
}

async function existingFolder(dir: string): Promise<string> {
  try {
    return await realpath(path.resolve(dir));
  } catch {
    throw new Error(
      `workspace folder ${dir} does not exist; pass an existing folder with --workspace DIR`,
    );
  }
}
