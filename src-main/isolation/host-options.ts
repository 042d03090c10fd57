/** The plugin host's options and their defaults. */
import type { ResourceLimits } from "node:worker_threads";
import type { Logger } from "../core/logger.ts";
import type { RestartPolicyOptions } from "../core/restart-policy.ts";

/** Options of the worker plugin host. */
export interface WorkerPluginHostOptions {
  logger?: Logger;
  /** The module plugins import as `agentic-workbench`. */
  pluginApiModule?: string;
  /** jiti's transpile cache folder. */
  cacheDir?: string;
  /** The worker's entry (host-bootstrap.mjs); default: beside this file. */
  entry?: string;
  /** The worker's memory limits; default 512 MB old generation, 4 MB stack. */
  resourceLimits?: ResourceLimits;
  /**
   * How long the host gets to show it still answers after an invocation was stopped (timeout or
   * cancellation) or a load timed out, before it is terminated as hung. Default 1,000 ms.
   */
  stopGraceMs?: number;
  /**
   * Restart delays, of the host (when no plugin is to blame) and of each plugin that took it
   * down: first, doubling up to max; the count resets after a quiet `resetAfterMs`.
   */
  backoff?: RestartPolicyOptions;
  /**
   * Times in a row a plugin may take the host down while none of its tools runs before it is left
   * out until its file changes. Default 3.
   */
  crashLoopLimit?: number;
}

/** Default memory limits of the plugin host. */
export const DEFAULT_RESOURCE_LIMITS: ResourceLimits = {
  maxOldGenerationSizeMb: 512,
  maxYoungGenerationSizeMb: 64,
  stackSizeMb: 4,
};
