/**
 * The restart policy of plugins that took the plugin host down. The host itself restarts at once
 * without the culprit; the culprit comes back after its own backoff (core/restart-policy.ts), so
 * the other plugins never wait on it. A plugin that takes the host down again and again while
 * none of its tools runs (a timer that throws after import: it would do so after every restart)
 * is given up on: it stays out until it is loaded anew (its file changed).
 */
import { RestartPolicy, type RestartPolicyOptions } from "../core/restart-policy.ts";

/** What happens to a plugin after it took the host down. */
export type PluginCrashDecision =
  | { giveUp: false; attempt: number; delayMs: number }
  | { giveUp: true; crashes: number };

interface PluginState {
  readonly policy: RestartPolicy;
  /** Crashes in a row while none of its tools ran. */
  unprovoked: number;
  timer?: NodeJS.Timeout;
  /** Resolves when it is back, lost or forgotten (calls to it wait for that). */
  settled?: Promise<void>;
  wake?: () => void;
}

/** Per-plugin backoff and crash-loop detection. */
export class PluginRestarts {
  private readonly plugins = new Map<string, PluginState>();

  constructor(
    private readonly backoff: RestartPolicyOptions,
    /** Unprovoked crashes in a row that make a crash loop. */
    readonly crashLoopLimit: number,
  ) {}

  /** The plugin loaded (first time or restored) at `now`: its quiet period counts from here. */
  up(pluginId: string, now: number = Date.now()): void {
    this.stateOf(pluginId).policy.up(now);
  }

  /**
   * The plugin took the host down at `now`; `provoked`: one of its tools was running (a caller
   * asked for it, and may not again), else it did it by itself.
   */
  crashed(pluginId: string, provoked: boolean, now: number = Date.now()): PluginCrashDecision {
    const state = this.stateOf(pluginId);
    const { attempt, delayMs } = state.policy.failed(now);
    // A streak the policy starts afresh (after a quiet period) starts the count afresh too.
    if (provoked) state.unprovoked = 0;
    else state.unprovoked = attempt === 1 ? 1 : state.unprovoked + 1;
    if (state.unprovoked >= this.crashLoopLimit) {
      this.forget(pluginId);
      return { giveUp: true, crashes: attempt };
    }
    return { giveUp: false, attempt, delayMs };
  }

  /** Runs `restore` after `delayMs`; until it settles (`back` or `forget`), `waiting` is true. */
  schedule(pluginId: string, delayMs: number, restore: () => void): void {
    const state = this.stateOf(pluginId);
    clearTimeout(state.timer);
    state.settled ??= new Promise<void>((resolve) => {
      state.wake = resolve;
    });
    state.timer = setTimeout(restore, delayMs);
  }

  /** Whether the plugin is down, waiting for its restore. */
  waiting(pluginId: string): boolean {
    return this.plugins.get(pluginId)?.settled !== undefined;
  }

  /** Resolves when the plugin is back (or out for good); at once if it is not down. */
  whenSettled(pluginId: string): Promise<void> {
    return this.plugins.get(pluginId)?.settled ?? Promise.resolve();
  }

  /** Its restore ended (loaded again, or not): calls waiting for it go on. */
  back(pluginId: string): void {
    const state = this.plugins.get(pluginId);
    if (!state) return;
    clearTimeout(state.timer);
    state.timer = undefined;
    state.settled = undefined;
    state.wake?.();
    state.wake = undefined;
  }

  /** Forgets the plugin (unloaded, given up, or the host closed): a new load starts afresh. */
  forget(pluginId: string): void {
    this.back(pluginId);
    this.plugins.delete(pluginId);
  }

  forgetAll(): void {
    for (const id of [...this.plugins.keys()]) this.forget(id);
  }

  private stateOf(pluginId: string): PluginState {
    let state = this.plugins.get(pluginId);
    if (!state) {
      state = { policy: new RestartPolicy(this.backoff), unprovoked: 0 };
      this.plugins.set(pluginId, state);
    }
    return state;
  }
}
