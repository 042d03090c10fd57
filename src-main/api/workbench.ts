/**
 * The composition root shared by every host (CLI, web, Electron, MCP): a registry with the
 * built-in tools, a plugin loader over the configured folders, the invocation history and the
 * trace pipeline.
 * Hosts create one and pass it down; nothing inside reaches for a module-level instance. The
 * registry also becomes `ToolRegistry.default`, for scripts written in the seed's static style.
 */
import { EventEmitter } from "node:events";
import { access, mkdir, realpath } from "node:fs/promises";
import path from "node:path";
import { builtinServices, builtinTools } from "../builtin/index.ts";
import { PluginLoader } from "../core/loader.ts";
import { type Logger, silentLogger } from "../core/logger.ts";
import { MIDDLEWARE_ORDER } from "../core/middleware.ts";
import { createModuleImporter } from "../core/module-importer.ts";
import type { PluginHost } from "../core/plugin-host.ts";
import { ToolRegistry } from "../core/registry.ts";
import type { McpServerFiles } from "../interop/mcp-tool-source.ts";
import { MetadataCachedHost } from "../isolation/metadata-cached-host.ts";
import { PluginFingerprints } from "../isolation/plugin-fingerprint.ts";
import { WorkerPluginHost, type WorkerPluginHostOptions } from "../isolation/worker-plugin-host.ts";
import { LLMProxy, llmTools, resolveLLMConfigPath } from "../llm/index.ts";
import { createTracingFromEnv, type TracingSetup } from "../tracing/tracing-setup.ts";
import {
  APP_VERSION,
  agenticHome,
  appRoot,
  defaultPluginDirs,
  pluginApiModule,
  pluginHostEntry,
} from "./app-paths.ts";
import type { HistoryEntry, WorkspaceTrustItem } from "./contract.ts";
import { historyMiddleware } from "./history-middleware.ts";
import { HistoryStore } from "./history-store.ts";
import { llmTracingMiddleware } from "./llm-tracing-middleware.ts";
import { oneAtATime } from "./one-at-a-time.ts";
import { SettingsFile } from "./settings-file.ts";
import { cacheFile, packageScanCache } from "./start-up-caches.ts";
import { chooseLLMConfig, mcpServerFiles } from "./trusted-workspace-config.ts";
import {
  TRUST_HINT,
  type WorkspaceFileRead,
  WorkspaceTrust,
  withoutText,
} from "./workspace-trust.ts";

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
  /**
   * Run plugin code in a plugin host (a worker thread) rather than on the main thread: default
   * on; `false` for the in-process mode; an object tunes the host (memory limits, grace, backoff).
   */
  isolation?: boolean | WorkerPluginHostOptions;
  /** Start the MCP servers of mcp.json ($AGENTIC_HOME, then the workspace). Default true. */
  mcpServers?: boolean;
  /** The LLM config (`--llm-config`); else LITELLM_CONFIG, the workspace's, the app's own. */
  llmConfig?: string;
  /**
   * Trust the workspace's mcp.json and litellm_config.yaml as they are now, and record it
   * (`--trust-workspace`). Otherwise an untrusted one is not used (see workspace-trust.ts).
   */
  trustWorkspace?: boolean;
  /**
   * Make this workbench's registry `ToolRegistry.default`, so the seed's static call sites
   * (`ToolRegistry.get`, `ToolRegistry.invoke`) reach the app's tools, traced. Default true;
   * tests that run several workbenches side by side may pass false.
   */
  adoptDefaultRegistry?: boolean;
  /**
   * Load the plugins and start the MCP servers of mcp.json before returning (default true). With
   * false nothing is loaded until `loadToolSources()` is called (the CLI's `invoke` of a built-in
   * tool never starts the plugin host).
   */
  waitForPlugins?: boolean;
  /**
   * List isolated plugins from the metadata of their last good load while none of their files
   * changed, starting the plugin host only when one of their tools is invoked
   * (isolation/metadata-cached-host.ts), and reuse the last scan of the workspace's node_modules
   * while npm's lock file and the package list are the same (api/start-up-caches.ts). For
   * short-lived commands; off by default, and off whenever AGENTIC_PLUGIN_CACHE=0.
   */
  pluginMetadataCache?: boolean;
}

/** How long quitting waits for traces to reach Langfuse / OTLP before giving up. */
const TRACE_FLUSH_ON_CLOSE_MS = 3_000;

/** A running workbench core. */
export interface Workbench {
  registry: ToolRegistry;
  loader: PluginLoader;
  history: HistoryStore;
  /** The LLM proxy (LiteLLM or direct), also handed to tools as `services.llm`. */
  llm: LLMProxy;
  /** The trace pipeline: the local store, Langfuse/OTLP exporters, their health and links. */
  tracing: TracingSetup;
  /** `$AGENTIC_HOME/settings.json`: settings made in the UI (the Langfuse connection). */
  settings: SettingsFile;
  agenticHome: string;
  pluginDirs: string[];
  logger: Logger;
  /** Emits `recorded` with each HistoryEntry once it is on disk. */
  events: EventEmitter<{ recorded: [HistoryEntry] }>;
  readonly workspaceRoot: string;
  /**
   * The start workspace's mcp.json and litellm_config.yaml and their trust; `trust` records one
   * (refused when it changed since it was shown) and starts using it without a restart.
   */
  workspaceTrust: {
    items(): Promise<WorkspaceTrustItem[]>;
    trust(file: string, sha256: string): Promise<WorkspaceTrustItem[]>;
    /** Forgets the trust of every workspace file and stops using them; the paths that were trusted. */
    revoke(): Promise<string[]>;
  };
  /** Loads the plugins and starts the MCP servers (once; at creation unless waitForPlugins: false). */
  loadToolSources(): Promise<void>;
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
  // The workspace's own config files are used only once trusted (this exact content).
  const trust = new WorkspaceTrust({ home, workspaceRoot, logger });
  const workspaceFiles = await (options.trustWorkspace ? trust.trustAll() : trust.read());
  for (const f of workspaceFiles.filter((f) => f.needsTrust && !f.trusted)) {
    logger.warn("workspace file not trusted; not used", { file: f.path, hint: TRUST_HINT });
  }
  const appLLMConfig = path.join(appRoot(), "litellm_config.yaml");
  const resolveLLMConfig = () =>
    resolveLLMConfigPath({ flag: options.llmConfig, env, workspaceRoot, appDefault: appLLMConfig });
  const llmChoice = chooseLLMConfig(await resolveLLMConfig(), workspaceFiles, appLLMConfig);
  const llm = await LLMProxy.fromConfigFile(llmChoice.file, {
    env,
    logger,
    ...(llmChoice.notice ? { notice: llmChoice.notice } : {}),
  });
  // The file tools' protected paths include the plugin folders, known a few lines below.
  const services = { llm, ...builtinServices(home, () => pluginDirs, env) };
  const registry = new ToolRegistry({ workspaceRoot, logger, services });
  // Private to the user from the start: history, traces and settings live here.
  await mkdir(home, { recursive: true, mode: 0o700 });
  const history = new HistoryStore({ dir: home, logger });
  await history.load();
  const events = new EventEmitter<{ recorded: [HistoryEntry] }>();
  // Langfuse: the environment's LANGFUSE_* if both keys are set, else what the UI saved.
  const settings = new SettingsFile(home, { logger });
  const tracing = createTracingFromEnv({
    dir: path.join(home, "traces"),
    env,
    logger,
    langfuseSettings: await settings.readLangfuse(),
  });
  // Each middleware states its place: the trace opens (and names its traceId) before history
  // writes the entry, whatever order these lines are in.
  registry.use({ name: "trace", order: MIDDLEWARE_ORDER.trace, run: tracing.tracing });
  registry.use({
    name: "llm-trace",
    order: MIDDLEWARE_ORDER.llmTrace,
    run: llmTracingMiddleware(),
  });
  registry.use(
    historyMiddleware(history, tracing.secretKeys, (entry) => events.emit("recorded", entry)),
  );
  for (const tool of builtinTools()) registry.register(tool, "builtin");
  for (const tool of llmTools(registry)) registry.register(tool, "builtin");
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
    ...(usesStartUpCaches(options, env) ? { packageScanCache: packageScanCache(home) } : {}),
    ...(options.isolation === false
      ? {}
      : {
          host: pluginHost(options, env, home, logger),
        }),
  });
  if (options.adoptDefaultRegistry !== false) adoptAsDefault(registry, logger);
  // MCP servers of mcp.json join as a tool source; a watching host (the UI) does not wait for them.
  const startMcp = (files: WorkspaceFileRead[]) =>
    startMcpServers({
      registry,
      report: loader,
      version: APP_VERSION,
      logger,
      ...mcpServerFiles(home, files),
      wait: !options.watch,
    });
  let mcp: Awaited<ReturnType<typeof startMcp>>;
  let closing = false;
  // Plugins, then the MCP servers: the tool sources besides the built-ins. Started once.
  let sourcesLoading: Promise<void> | undefined;
  const loadToolSources = () => {
    sourcesLoading ??= (async () => {
      // Watching starts first: a plugin file written while the others load is then seen either
      // by the loader's listing or by the watcher (chokidar reports only what comes after ready).
      if (options.watch) await loader.watch();
      await loader.loadAll();
      if (closing || options.mcpServers === false) return;
      mcp = await startMcp(workspaceFiles);
      if (closing) await mcp?.close();
    })();
    return sourcesLoading;
  };
  // A CLI `invoke` of a built-in tool need not start the plugin host at all.
  if (options.waitForPlugins !== false) await loadToolSources();
  // Trusting applies at once: the servers start (the rest keep running), the config is re-read.
  const trustOneAtATime = oneAtATime();
  const applyTrust = async (file: string, sha256: string) => {
    const trusted = await trust.trust(file, sha256);
    const files = await trust.read();
    if (trusted.kind === "mcp" && options.mcpServers !== false) {
      if (mcp) await mcp.reload(mcpServerFiles(home, files));
      else mcp = await startMcp(files);
    }
    if (trusted.kind === "llm-config") await chooseLLMConfigAgain(files);
    return files.map(withoutText);
  };
  const chooseLLMConfigAgain = async (files: WorkspaceFileRead[]) => {
    const choice = chooseLLMConfig(await resolveLLMConfig(), files, appLLMConfig);
    await llm.switchConfigFile(choice.file, choice.notice);
  };
  // Revoking applies at once too: the workspace's servers stop, the config is chosen again.
  const revokeTrust = async () => {
    const revoked = await trust.revokeAll();
    if (revoked.length === 0) return revoked;
    const files = await trust.read();
    await mcp?.reload(mcpServerFiles(home, files));
    await chooseLLMConfigAgain(files);
    return revoked;
  };
  return {
    registry,
    loader,
    history,
    llm,
    tracing,
    settings,
    agenticHome: home,
    pluginDirs,
    logger,
    events,
    get workspaceRoot() {
      return registry.workspaceRoot;
    },
    workspaceTrust: {
      items: () => trust.items(),
      trust(file, sha256) {
        return trustOneAtATime(() => applyTrust(file, sha256));
      },
      revoke() {
        return trustOneAtATime(revokeTrust);
      },
    },
    async setWorkspace(dir) {
      const root = await existingFolder(dir);
      registry.setWorkspaceRoot(root);
      return root;
    },
    loadToolSources,
    async close() {
      closing = true;
      if (ToolRegistry.default === registry) ToolRegistry.setDefault(undefined);
      await mcp?.close();
      await loader.close();
      // Closing the loader settles loads still running; what was starting then stops itself.
      await sourcesLoading?.catch(() => undefined);
      await history.flush();
      await tracing.tracing.shutdown(TRACE_FLUSH_ON_CLOSE_MS);
    },
  };
}

function usesStartUpCaches(options: WorkbenchOptions, env: NodeJS.ProcessEnv): boolean {
  return options.pluginMetadataCache === true && env.AGENTIC_PLUGIN_CACHE !== "0";
}

/** The worker plugin host, behind the metadata cache when the options ask for it. */
function pluginHost(
  options: WorkbenchOptions,
  env: NodeJS.ProcessEnv,
  home: string,
  logger: Logger,
): PluginHost {
  const host = new WorkerPluginHost({
    logger,
    pluginApiModule: pluginApiModule(),
    // Found from the app's root, not this module: electron-vite bundles src-main.
    entry: pluginHostEntry(),
    ...(typeof options.isolation === "object" ? options.isolation : {}),
  });
  if (!usesStartUpCaches(options, env)) return host;
  return new MetadataCachedHost(
    host,
    cacheFile(home, "plugin-metadata"),
    new PluginFingerprints(`${APP_VERSION} ${process.version} ${pluginApiModule()}`),
  );
}

/**
 * Starts the servers of mcp.json, loading the MCP SDK only when there is an mcp.json: it takes
 * ~0.2 s to import, which every start would otherwise pay.
 */
async function startMcpServers(
  options: Parameters<typeof import("../interop/mcp-tool-source.ts").startMcpServersFromConfig>[0],
): Promise<{ reload(files: McpServerFiles): Promise<void>; close(): Promise<void> } | undefined> {
  // Untrusted servers are shown in the report even when no file is started.
  const present = await Promise.all(
    options.files.map((f) =>
      access(f).then(
        () => true,
        () => false,
      ),
    ),
  );
  if (!present.some(Boolean) && !options.problems?.length) return undefined;
  const { startMcpServersFromConfig } = await import("../interop/mcp-tool-source.ts");
  return startMcpServersFromConfig(options);
}

/** Registries that belong to a workbench; any other default holds tools a script registered. */
const workbenchRegistries = new WeakSet<ToolRegistry>();

/**
 * Makes `registry` the default. Tools a script registered on the default before the workbench
 * existed (`ToolRegistry.register(new MyTool())`, the seed's order) move over, so they too are
 * traced; one whose name the workbench already has is left out, with a warning.
 */
function adoptAsDefault(registry: ToolRegistry, logger: Logger): void {
  const previous = ToolRegistry.default;
  if (!workbenchRegistries.has(previous)) {
    for (const { tool, source } of previous.list()) {
      try {
        registry.register(tool, source);
      } catch (error) {
        logger.warn("a tool registered before the workbench started was left out", {
          tool: tool.metadata.name,
          error: (error as Error).message,
        });
      }
    }
  }
  workbenchRegistries.add(registry);
  ToolRegistry.setDefault(registry);
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
