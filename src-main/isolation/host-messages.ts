/**
 * The messages between the main thread and the plugin host (a worker thread). Everything here
 * crosses by structured clone; the worker checks values before they cross so that what cannot
 * becomes a clear failure rather than a DataCloneError.
 */
import type { ForwardedOutcome } from "../core/forwarding.ts";
import type { ProgressUpdate, ToolMetadata } from "../core/protocol.ts";
import type { ServiceReply } from "./service-bridge.ts";

/** What the worker is started with (`workerData`). */
export interface HostWorkerData {
  /** The module plugins import as `agentic-workbench`. */
  pluginApiModule?: string;
  /** jiti's transpile cache folder; default node_modules/.cache. */
  cacheDir?: string;
  /**
   * One Int32 the worker sets to the call id (or minus the load id) whose code it is running
   * synchronously, and to 0 in between: it names the culprit of a hang or crash even when the
   * worker can no longer speak.
   */
  running: SharedArrayBuffer;
}

/** Main → host. */
export type ToHost =
  | { t: "load"; loadId: number; id: string; entry: string }
  | { t: "unload"; id: string }
  | {
      t: "invoke";
      callId: number;
      pluginId: string;
      tool: string;
      params: unknown;
      invocationId: string;
      workspaceRoot: string;
      services: Record<string, unknown>;
    }
  | { t: "cancel"; callId: number; reason: string }
  /** The answer to a service call the host made (see service-bridge.ts). */
  | { t: "service-reply"; requestId: number; reply: ServiceReply }
  | { t: "ping"; n: number };

/** One tool as the host found it: its metadata and what its `validateParams` is. */
export interface HostedToolInfo {
  exportName: string;
  metadata: ToolMetadata;
  /** `typeof tool.validateParams`: "undefined", "function", or something the registry refuses. */
  validateParamsType: string;
}

/** How an invocation ended in the host, with the cost the tool added through `ctx.addCost`. */
export type CallOutcome = ForwardedOutcome & { extraCost: number };

/** Host → main. */
export type FromHost =
  | { t: "ready" }
  /** The host took an invocation off its queue: from here on, its side effects may have begun. */
  | { t: "started"; callId: number }
  | { t: "begin"; loadId: number }
  | {
      t: "loaded";
      loadId: number;
      ok: true;
      name?: string;
      version?: string;
      tools: HostedToolInfo[];
      problems: string[];
    }
  | { t: "loaded"; loadId: number; ok: false; error: { name: string; message: string } }
  | { t: "done"; callId: number; outcome: CallOutcome }
  | { t: "progress"; callId: number; update: ProgressUpdate }
  | {
      t: "log";
      callId: number;
      level: "debug" | "info" | "warn" | "error";
      message: string;
      fields?: Record<string, unknown>;
    }
  | { t: "pong"; n: number }
  /** A tool called a method of a service that stayed on the main thread. */
  | {
      t: "service-call";
      callId: number;
      requestId: number;
      remote: number;
      method: string;
      args: unknown[];
    }
  /** A plugin called process.exit: where from (its stack names the plugin's file). */
  | { t: "exiting"; code: number; stack: string }
  /** A plugin started a child process, leading a process group of its own (child-tracking.ts). */
  | { t: "child"; pid: number };
