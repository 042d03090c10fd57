/**
 * The port through which the loader runs plugin code somewhere other than the main thread (a
 * plugin host: a worker thread). The host imports a plugin, extracts its tools there and hands
 * back tools whose `invoke` forwards to it; the registry holds those like any other tool and never
 * knows where they run. The implementation lives outside core (src-main/isolation).
 */
import type { PluginFailureReason } from "./plugin-report.ts";
import type { ToolProtocol } from "./protocol.ts";

/** A plugin as the host imports it. */
export interface HostedPluginSpec {
  /** The plugin's identity: its file or folder (the root whose files a reload evaluates anew). */
  id: string;
  /** The module to import. */
  entry: string;
  /** For messages. */
  name: string;
}

/** What the host found in a plugin: the same fields as an in-process extraction. */
export interface HostedPlugin {
  name?: string;
  version?: string;
  /** Tools that forward to the host, with the export each came from. */
  tools: { exportName: string; tool: ToolProtocol }[];
  /** Exports that look like tools but are not valid ones. */
  problems: string[];
}

/** The outcome of loading one plugin in the host. */
export type HostedLoadResult =
  | { ok: true; plugin: HostedPlugin }
  /** The module threw while loading (`name` tells a SyntaxError apart). */
  | { ok: false; kind: "import"; error: { name: string; message: string } }
  /** Loading did not finish within the time given (a hang, or a CPU-bound loop at import). */
  | { ok: false; kind: "timeout" }
  /** The module took the host down while loading (process.exit, out of memory, ...). */
  | { ok: false; kind: "crashed"; message: string };

/** Health of plugins already loaded, as the host sees it. */
export type PluginHostEvent =
  /** The plugin took the host down; its tools answer again once it is `back`. */
  | {
      type: "down";
      pluginId: string;
      reason: Extract<PluginFailureReason, "CRASHED" | "UNRESPONSIVE">;
      message: string;
      restart: { attempt: number; at: string };
    }
  /** The host restarted and the plugin loaded again. */
  | { type: "back"; pluginId: string }
  /** The host restarted and the plugin no longer loads; its tools are gone. */
  | { type: "lost"; pluginId: string; result: Exclude<HostedLoadResult, { ok: true }> }
  /**
   * The plugin took the host down again and again by itself (a crash loop): it is left out, its
   * tools are gone, until it is loaded anew.
   */
  | { type: "crash-loop"; pluginId: string; message: string };

/** A place where plugin code runs apart from the main thread. */
export interface PluginHost {
  /** Imports `plugin` in the host; `timeoutMs` counts from when the host starts on it. */
  load(plugin: HostedPluginSpec, timeoutMs: number): Promise<HostedLoadResult>;
  /** Forgets a plugin (its tools stop answering). */
  unload(id: string): void;
  /** Subscribes to plugin health events; returns the unsubscribe function. */
  onEvent(listener: (event: PluginHostEvent) => void): () => void;
  /** Stops the host; in-flight invocations end with TOOL_ERROR. */
  close(): Promise<void>;
}
