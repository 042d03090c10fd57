/** The plugin load report: what each plugin source gave, or why it failed. */

/** Why a plugin failed to load. */
export type PluginFailureReason =
  | "SYNTAX_ERROR"
  | "IMPORT_ERROR"
  | "NO_TOOLS"
  | "INVALID_TOOL"
  | "INVALID_SCHEMA"
  | "DUPLICATE_NAME"
  | "LOAD_TIMEOUT"
  | "ENTRY_NOT_FOUND"
  // An MCP server (mcp.json): it could not be started, it exited, or it did not answer in time;
  // or mcp.json itself is unreadable.
  | "MCP_START_FAILED"
  | "MCP_CRASHED"
  | "MCP_TIMEOUT"
  | "MCP_CONFIG_INVALID"
  // A workspace mcp.json the user has not trusted (or that changed since): its servers are not
  // started until they are trusted (`agentic trust`, --trust-workspace, or the UI).
  | "UNTRUSTED"
  // An isolated plugin took its plugin host down: it crashed it (an uncaught exception,
  // process.exit, its memory limit), or hogged it past a timeout or cancellation. The host is
  // restarted with backoff; a plugin that crashed while loading stays failed until it changes.
  | "CRASHED"
  | "UNRESPONSIVE";

/** One plugin: a file, a folder with an entry, an npm package, or an MCP server (mcp.json). */
export interface PluginRecord {
  /** Absolute path of the file or folder, or `mcp:<server>` (the identity across reloads). */
  id: string;
  kind: "file" | "folder" | "package" | "mcp";
  /** The source string its tools carry: `file:<path>`, `package:<name>` or `mcp:<server>`. */
  source: string;
  /** Declared plugin name, package name, or the file's name. */
  name: string;
  version?: string;
  status: "loaded" | "failed";
  /**
   * Names of the tools it registered: empty when it failed to load; kept while an isolated plugin
   * is down with CRASHED or UNRESPONSIVE (its tools answer again once its host is back).
   */
  tools: string[];
  error?: { reason: PluginFailureReason; message: string; hint: string };
  durationMs: number;
  /** ISO time of the last (re)load. */
  loadedAt: string;
  /** MCP servers: the last lines the server wrote to stderr (why it failed, usually). */
  stderrTail?: string;
  /** MCP servers and isolated plugins: the scheduled restart after a failure (attempt from 1). */
  restart?: { attempt: number; at: string };
  /** Isolated plugins: how often this plugin took its host down since it was loaded, and the last time. */
  crashes?: { count: number; last: { reason: PluginFailureReason; message: string; at: string } };
}

/**
 * Records from a tool source other than plugin files (the MCP servers of mcp.json), shown in the
 * report beside the plugins. `onChange` is called whenever `records()` would answer differently.
 */
export interface PluginReportSource {
  records(): PluginRecord[];
  onChange(listener: () => void): () => void;
}

/** The whole report. */
export interface PluginReport {
  plugins: PluginRecord[];
  /** Plugin folders searched (those that exist and those that do not). */
  pluginDirs: { path: string; exists: boolean }[];
}
