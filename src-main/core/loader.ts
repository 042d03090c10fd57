/**
 * The plugin loader: discovers plugins in folders and npm packages, imports them, registers their
 * tools, reports each success and failure, and (in watch mode) reloads a plugin when it changes.
 * One bad plugin never stops the others; a plugin is registered whole or not at all.
 *
 * Longer than our ~400-line rule: discovery, import, report and watch are already apart
 * (plugin-discovery.ts, module-importer.ts, plugin-report.ts, folder-presence.ts); what is left is
 * the one state machine that keeps a plugin's tools and its report entry in step across reloads.
 */
import { EventEmitter } from "node:events";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { describeThrown, RegistrationError } from "./errors.ts";
import { folderExists, followFolderPresence, type StopFollowing } from "./folder-presence.ts";
import { type Logger, silentLogger } from "./logger.ts";
import { createModuleImporter, type ModuleImporter } from "./module-importer.ts";
import {
  candidateAt,
  discoverInFolder,
  discoverPackages,
  type PackageScanCache,
  type PluginCandidate,
} from "./plugin-discovery.ts";
import { extractTools } from "./plugin-exports.ts";
import type { HostedLoadResult, PluginHost, PluginHostEvent } from "./plugin-host.ts";
import type {
  PluginFailureReason,
  PluginRecord,
  PluginReport,
  PluginReportSource,
} from "./plugin-report.ts";
import type { ToolRegistry } from "./registry.ts";
import { withTimeout } from "./timeout.ts";

/** Options of a loader. */
export interface PluginLoaderOptions {
  registry: ToolRegistry;
  /** Folders whose files and sub-folders are plugins. */
  pluginDirs: string[];
  /** When set, `<workspaceRoot>/node_modules` is searched for `agentic-plugin` packages. */
  workspaceRoot?: string;
  logger?: Logger;
  /** A plugin whose import has not settled by then fails with LOAD_TIMEOUT. Default 10 s. */
  loadTimeoutMs?: number;
  importModule?: ModuleImporter;
  /**
   * Where plugin code runs. Absent: in-process (imported with `importModule`). Given: the host
   * imports each plugin and runs its tools; the loader registers the forwarding tools it returns
   * and owns the host from then on (`close` stops it).
   */
  host?: PluginHost;
  /** Remembers the workspace's node_modules scan between runs (short-lived commands). */
  packageScanCache?: PackageScanCache;
}

const HINTS: Record<PluginFailureReason, string> = {
  SYNTAX_ERROR: "fix the syntax error at the position shown; the file is reloaded when saved",
  IMPORT_ERROR: "the module threw while loading; check its imports and top-level code",
  NO_TOOLS:
    "export a tool (defineTool), a tool class, an array of tools or { name, tools }, as default or named exports",
  INVALID_TOOL: "fix the tool's metadata; see the README's 'Writing a plugin'",
  INVALID_SCHEMA: "fix parametersSchema so it is valid JSON Schema",
  DUPLICATE_NAME: "rename one of the tools or remove one of the plugins",
  LOAD_TIMEOUT: "the module's top-level code did not finish; avoid long work at import time",
  ENTRY_NOT_FOUND: 'add an index.js/index.ts, or a "main" or "exports" field in package.json',
  MCP_START_FAILED: "check the server's command, args and env in mcp.json, and its stderr",
  MCP_CRASHED: "the server exited; see its stderr. It is restarted with backoff",
  MCP_TIMEOUT: "the server did not answer in time; see its stderr. It is restarted with backoff",
  MCP_CONFIG_INVALID: 'fix mcp.json: { "mcpServers": { "<name>": { "command", "args", "env" } } }',
  UNTRUSTED:
    "the workspace's mcp.json is not trusted: run `agentic trust` in the workspace, pass --trust-workspace, or press Trust in the workbench",
  CRASHED:
    "the plugin crashed its plugin host (an uncaught exception, process.exit or its memory limit); the host restarts by itself with backoff. A plugin that crashes while loading, or again and again by itself, stays failed until its file changes",
  UNRESPONSIVE:
    "the plugin kept the plugin host busy past a timeout or cancellation (a CPU-bound loop?); the host was restarted. Honour ctx.signal and keep long work asynchronous",
};

/** Loads plugins into a registry and keeps a report of what happened. */
export class PluginLoader {
  private readonly registry: ToolRegistry;
  private readonly pluginDirs: string[];
  private readonly workspaceRoot: string | undefined;
  private readonly logger: Logger;
  private readonly loadTimeoutMs: number;
  private readonly importModule: ModuleImporter;
  private readonly host: PluginHost | undefined;
  private readonly packageScanCache: PackageScanCache | undefined;
  private readonly offHostEvents: (() => void) | undefined;
  private readonly records = new Map<string, PluginRecord>();
  /** Whether each plugin folder exists, as last seen (by loadAll or the presence watcher). */
  private readonly dirPresence = new Map<string, boolean>();
  private readonly reportSources = new Set<PluginReportSource>();
  private readonly emitter = new EventEmitter();
  private watcher: { close(): Promise<void> } | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: PluginLoaderOptions) {
    this.registry = options.registry;
    this.pluginDirs = options.pluginDirs.map((d) => path.resolve(d));
    this.workspaceRoot = options.workspaceRoot;
    this.logger = options.logger ?? silentLogger;
    this.loadTimeoutMs = options.loadTimeoutMs ?? 10_000;
    this.importModule = options.importModule ?? createModuleImporter();
    this.host = options.host;
    this.packageScanCache = options.packageScanCache;
    this.offHostEvents = this.host?.onEvent((event) => this.onHostEvent(event));
  }

  /** The current report: plugins sorted by kind then name. */
  report(): PluginReport {
    const external = [...this.reportSources].flatMap((source) => source.records());
    return {
      plugins: [...this.records.values(), ...external].sort(
        (a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id),
      ),
      pluginDirs: this.pluginDirs.map((p) => ({
        path: p,
        exists: this.dirPresence.get(p) ?? false,
      })),
    };
  }

  /** Called with the new report after every (re)load. Returns the unsubscribe function. */
  onReport(listener: (report: PluginReport) => void): () => void {
    this.emitter.on("report", listener);
    return () => this.emitter.off("report", listener);
  }

  /**
   * Shows another tool source's records (the MCP servers) in the report, and re-emits the report
   * when they change. Returns the function that removes the source.
   */
  addReportSource(source: PluginReportSource): () => void {
    this.reportSources.add(source);
    const off = source.onChange(() => this.emitter.emit("report", this.report()));
    this.emitter.emit("report", this.report());
    return () => {
      off();
      this.reportSources.delete(source);
      this.emitter.emit("report", this.report());
    };
  }

  /** Unloads everything this loader registered, then discovers and loads every plugin again. */
  loadAll(): Promise<PluginReport> {
    return this.serialized(async () => {
      for (const id of [...this.records.keys()]) this.unload(id);
      // Known here, asynchronously, so that `report()` needs no filesystem call of its own.
      await Promise.all(
        this.pluginDirs.map(async (d) => this.dirPresence.set(d, await folderExists(d))),
      );
      const candidates: PluginCandidate[] = [];
      for (const dir of this.pluginDirs) candidates.push(...(await discoverInFolder(dir)));
      if (this.workspaceRoot) {
        candidates.push(...(await discoverPackages(this.workspaceRoot, this.packageScanCache)));
      }
      // Imports run concurrently (file reads and transpiles overlap); registration stays in
      // discovery order so duplicate-name reports are stable.
      const imported = await Promise.all(candidates.map((c) => this.importCandidate(c)));
      for (const item of imported) this.registerImported(item);
      const report = this.report();
      this.emitter.emit("report", report);
      return report;
    });
  }

  /** Reloads the plugin at `fullPath` (a file or folder directly in a plugin folder). */
  reloadPath(fullPath: string): Promise<PluginRecord | undefined> {
    return this.serialized(async () => {
      this.unload(fullPath);
      const candidate = await candidateAt(fullPath);
      const record = candidate
        ? this.registerImported(await this.importCandidate(candidate))
        : undefined;
      this.emitter.emit("report", this.report());
      return record;
    });
  }

  /** Loads (again) every plugin directly in `dir`: a plugin folder that has just appeared. */
  private loadFolder(dir: string): Promise<void> {
    return this.serialized(async () => {
      const candidates = await discoverInFolder(dir);
      for (const c of candidates) this.unload(c.id);
      const imported = await Promise.all(candidates.map((c) => this.importCandidate(c)));
      for (const item of imported) this.registerImported(item);
      this.emitter.emit("report", this.report());
    });
  }

  /** Unloads every plugin of `dir`: the folder was removed. */
  private unloadFolder(dir: string): Promise<void> {
    return this.serialized(async () => {
      for (const id of [...this.records.keys()]) if (id.startsWith(dir + path.sep)) this.unload(id);
      this.emitter.emit("report", this.report());
    });
  }

  /**
   * Watches the plugin folders and reloads a plugin whose file (or a file in its folder) is
   * added, changed or removed. A folder that does not exist yet (or is removed and re-created)
   * is followed from its parent and watched, and its plugins loaded, once it exists.
   */
  async watch(options: { debounceMs?: number } = {}): Promise<void> {
    if (this.watcher) return;
    const { watch } = await import("chokidar");
    const debounceMs = options.debounceMs ?? 20;
    const pending = new Map<string, NodeJS.Timeout>();
    const onChange = (changed: string) => {
      const root = this.pluginRootOf(changed);
      if (!root) return;
      clearTimeout(pending.get(root));
      pending.set(
        root,
        setTimeout(() => {
          pending.delete(root);
          this.reloadPath(root).catch((error: unknown) =>
            this.logger.error("plugin reload failed", {
              plugin: root,
              error: describeThrown(error),
            }),
          );
        }, debounceMs),
      );
    };
    // One chokidar watcher per existing folder: a folder that goes and comes back gets a fresh
    // one (a watcher whose root was deleted does not follow its re-creation).
    const folderWatchers = new Map<string, ReturnType<typeof watch>>();
    const watchFolder = async (dir: string) => {
      const watcher = watch(dir, {
        ignoreInitial: true,
        // An editor's save is often truncate-then-write: wait until the size settles so we never
        // load half a file (and then miss the event that would have fixed it).
        awaitWriteFinish: { stabilityThreshold: 60, pollInterval: 15 },
        depth: 4,
        ignored: (p: string) =>
          p.includes(`${path.sep}node_modules${path.sep}`) || p.endsWith(`${path.sep}node_modules`),
      });
      for (const event of ["add", "change", "unlink", "addDir", "unlinkDir"] as const) {
        watcher.on(event, onChange);
      }
      folderWatchers.set(dir, watcher);
      await new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
    };
    const unwatchFolder = async (dir: string) => {
      const watcher = folderWatchers.get(dir);
      folderWatchers.delete(dir);
      await watcher?.close();
    };
    const present = await Promise.all(this.pluginDirs.map(folderExists));
    await Promise.all(this.pluginDirs.filter((_, i) => present[i]).map(watchFolder));
    const stops: StopFollowing[] = await Promise.all(
      this.pluginDirs.map((dir) =>
        followFolderPresence(dir, (exists) => {
          this.dirPresence.set(dir, exists);
          const work = exists
            ? unwatchFolder(dir)
                .then(() => watchFolder(dir))
                .then(() => this.loadFolder(dir))
            : unwatchFolder(dir).then(() => this.unloadFolder(dir));
          work.catch((error: unknown) =>
            this.logger.error("plugin folder reload failed", {
              folder: dir,
              error: describeThrown(error),
            }),
          );
        }),
      ),
    );
    this.watcher = {
      close: async () => {
        for (const timer of pending.values()) clearTimeout(timer);
        await Promise.all([
          ...[...folderWatchers.keys()].map(unwatchFolder),
          ...stops.map((stop) => stop()),
        ]);
      },
    };
  }

  /** Stops watching, and stops the plugin host when there is one. */
  async close(): Promise<void> {
    await this.watcher?.close();
    this.watcher = undefined;
    this.offHostEvents?.();
    await this.host?.close();
  }

  /**
   * Follows an isolated plugin's health: down (crashed or hung), back after a restart, lost, or
   * left out after crashing the host again and again.
   */
  private onHostEvent(event: PluginHostEvent): void {
    const record = this.records.get(event.pluginId);
    if (!record) return;
    if (event.type === "down") {
      const at = new Date().toISOString();
      this.records.set(record.id, {
        ...record,
        status: "failed",
        error: { reason: event.reason, message: event.message, hint: HINTS[event.reason] },
        restart: event.restart,
        crashes: {
          count: (record.crashes?.count ?? 0) + 1,
          last: { reason: event.reason, message: event.message, at },
        },
      });
      this.logger.warn("plugin took its host down", {
        plugin: record.id,
        reason: event.reason,
        message: event.message,
      });
    } else if (event.type === "back") {
      const { error: _error, restart: _restart, ...rest } = record;
      this.records.set(record.id, { ...rest, status: "loaded" });
    } else {
      for (const name of record.tools) {
        if (this.registry.registration(name)?.source === record.source)
          this.registry.unregister(name);
      }
      const failure =
        event.type === "lost"
          ? hostedFailure(event.result, record.name, this.loadTimeoutMs)
          : { reason: "CRASHED" as const, message: event.message };
      // Not coming back: no restart is planned any more.
      const { restart: _restart, ...rest } = record;
      this.records.set(record.id, {
        ...rest,
        status: "failed",
        tools: [],
        error: { ...failure, hint: HINTS[failure.reason] },
        ...(event.type === "crash-loop"
          ? {
              crashes: {
                count: (record.crashes?.count ?? 0) + 1,
                last: { reason: "CRASHED", message: event.message, at: new Date().toISOString() },
              },
            }
          : {}),
      });
    }
    this.emitter.emit("report", this.report());
  }

  private pluginRootOf(changed: string): string | undefined {
    for (const dir of this.pluginDirs) {
      if (changed.startsWith(dir + path.sep)) {
        const first = changed.slice(dir.length + 1).split(path.sep)[0];
        return first ? path.join(dir, first) : undefined;
      }
    }
    return undefined;
  }

  private unload(id: string): void {
    const record = this.records.get(id);
    if (!record) return;
    for (const name of record.tools) {
      if (this.registry.registration(name)?.source === record.source)
        this.registry.unregister(name);
    }
    this.records.delete(id);
    this.host?.unload(id);
  }

  private async importCandidate(candidate: PluginCandidate): Promise<ImportedCandidate> {
    const started = performance.now();
    if (!candidate.entry) {
      return {
        candidate,
        started,
        failure: {
          reason: "ENTRY_NOT_FOUND",
          message: `${candidate.name}: no entry module found in ${candidate.id}`,
        },
      };
    }
    if (this.host) {
      const result = await this.host.load(
        { id: candidate.id, entry: candidate.entry, name: candidate.name },
        this.loadTimeoutMs,
      );
      return result.ok
        ? { candidate, started, extracted: result.plugin }
        : {
            candidate,
            started,
            failure: hostedFailure(result, candidate.name, this.loadTimeoutMs),
          };
    }
    try {
      const ns = await withTimeout(
        this.importModule(candidate.entry, candidate.id),
        this.loadTimeoutMs,
        () => {
          throw LOAD_TIMED_OUT;
        },
      );
      return { candidate, started, ns };
    } catch (error) {
      if (error === LOAD_TIMED_OUT) {
        return {
          candidate,
          started,
          failure: {
            reason: "LOAD_TIMEOUT",
            message: `${candidate.name}: loading did not finish within ${this.loadTimeoutMs} ms`,
          },
        };
      }
      return { candidate, started, failure: importFailure(error, candidate.name) };
    }
  }

  private registerImported(item: ImportedCandidate): PluginRecord {
    const { candidate, started } = item;
    const base = {
      id: candidate.id,
      kind: candidate.kind,
      source: candidate.source,
      name: candidate.name,
      ...(candidate.version ? { version: candidate.version } : {}),
      loadedAt: new Date().toISOString(),
    };
    const fail = (reason: PluginFailureReason, message: string): PluginRecord => {
      const record: PluginRecord = {
        ...base,
        status: "failed",
        tools: [],
        error: { reason, message, hint: HINTS[reason] },
        durationMs: performance.now() - started,
      };
      this.records.set(candidate.id, record);
      this.logger.warn("plugin failed to load", { plugin: candidate.id, reason, message });
      return record;
    };
    if (item.failure) return fail(item.failure.reason, item.failure.message);

    const extracted = item.extracted ?? extractTools(item.ns ?? {});
    if (extracted.problems.length > 0) {
      return fail("INVALID_TOOL", `${candidate.name}: ${extracted.problems.join("; ")}`);
    }
    if (extracted.tools.length === 0) {
      return fail("NO_TOOLS", `${candidate.name}: the module exports no tools`);
    }
    const registered: string[] = [];
    for (const { tool } of extracted.tools) {
      try {
        registered.push(this.registry.register(tool, candidate.source).metadata.name);
      } catch (error) {
        // All or nothing: a half-registered plugin would be worse than a failed one.
        for (const name of registered) this.registry.unregister(name);
        const reason: PluginFailureReason =
          error instanceof RegistrationError
            ? error.reason === "DUPLICATE_NAME"
              ? "DUPLICATE_NAME"
              : error.reason === "INVALID_SCHEMA"
                ? "INVALID_SCHEMA"
                : "INVALID_TOOL"
            : "INVALID_TOOL";
        return fail(reason, describeThrown(error));
      }
    }
    const record: PluginRecord = {
      ...base,
      ...(extracted.name ? { name: extracted.name } : {}),
      ...(extracted.version ? { version: extracted.version } : {}),
      status: "loaded",
      tools: registered,
      durationMs: performance.now() - started,
    };
    this.records.set(candidate.id, record);
    return record;
  }

  /** Loads and reloads run one at a time so the registry never sees two at once. */
  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

interface ImportedCandidate {
  candidate: PluginCandidate;
  started: number;
  ns?: Record<string, unknown>;
  /** What a plugin host extracted (isolated plugins); `ns` is then absent. */
  extracted?: ReturnType<typeof extractTools>;
  failure?: { reason: PluginFailureReason; message: string };
}

const LOAD_TIMED_OUT = Symbol("load timed out");

function importFailure(
  error: unknown,
  pluginName: string,
): { reason: PluginFailureReason; message: string } {
  const syntax = isSyntaxError(error);
  return {
    reason: syntax ? "SYNTAX_ERROR" : "IMPORT_ERROR",
    message: `${pluginName}: ${syntax ? "syntax error" : "threw while loading"}: ${firstLines(describeThrown(error))}`,
  };
}

/** A plugin host's load failure as a report reason and message. */
function hostedFailure(
  result: Exclude<HostedLoadResult, { ok: true }>,
  pluginName: string,
  loadTimeoutMs: number,
): { reason: PluginFailureReason; message: string } {
  switch (result.kind) {
    case "import":
      return importFailure(
        Object.assign(new Error(result.error.message), { name: result.error.name }),
        pluginName,
      );
    case "timeout":
      return {
        reason: "LOAD_TIMEOUT",
        message: `${pluginName}: loading did not finish within ${loadTimeoutMs} ms`,
      };
    case "crashed":
      return {
        reason: "CRASHED",
        message: `${pluginName}: crashed the plugin host while loading: ${result.message}`,
      };
  }
}

function isSyntaxError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === "SyntaxError" ||
    /SyntaxError|Unexpected token|ParseError/.test(`${error.message}`)
  );
}

function firstLines(text: string, count = 3): string {
  return text.split("\n").slice(0, count).join(" ").trim();
}
