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
  | "ENTRY_NOT_FOUND";

/** One plugin: a file, a folder with an entry, or an npm package. */
export interface PluginRecord {
  /** Absolute path of the file or folder (the plugin's identity across reloads). */
  id: string;
  kind: "file" | "folder" | "package";
  /** The source string its tools carry: `file:<path>` or `package:<name>`. */
  source: string;
  /** Declared plugin name, package name, or the file's name. */
  name: string;
  version?: string;
  status: "loaded" | "failed";
  /** Names of the tools it registered (empty when it failed). */
  tools: string[];
  error?: { reason: PluginFailureReason; message: string; hint: string };
  durationMs: number;
  /** ISO time of the last (re)load. */
  loadedAt: string;
}

/** The whole report. */
export interface PluginReport {
  plugins: PluginRecord[];
  /** Plugin folders searched (those that exist and those that do not). */
  pluginDirs: { path: string; exists: boolean }[];
}
