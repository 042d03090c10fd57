/**
 * The plugin loads sent to the plugin host: a queue that is posted to a session once it is up
 * (plugins restored after a restart first), each load's timeout counted from when the host begins
 * on it, and its answer turned into forwarding tools.
 */
import type { HostedLoadResult, HostedPlugin, HostedPluginSpec } from "../core/plugin-host.ts";
import type { ToolProtocol } from "../core/protocol.ts";
import type { FromHost, HostedToolInfo } from "./host-messages.ts";
import type { HostSession } from "./host-session.ts";

/** One load waiting for the host's answer. */
export interface PendingLoad {
  readonly loadId: number;
  readonly spec: HostedPluginSpec;
  /** The plugin's id (its spec's): what crash attribution reads. */
  readonly pluginId: string;
  readonly timeoutMs: number;
  /** A plugin loaded again after a restart (not a caller's load). */
  readonly restore: boolean;
  /** Resolves with the load's result. */
  readonly done: Promise<HostedLoadResult>;
  settle(result: HostedLoadResult): void;
  postedTo?: HostSession;
  /** The host began importing it (its timeout runs). */
  begun: boolean;
  timer?: NodeJS.Timeout;
}

/** What the loads need from their owner. */
export interface LoadsOwner {
  nextId(): number;
  /** The table changed size. */
  onChange(): void;
  /** How long the host gets to answer a ping after a load ran past its timeout. */
  graceMs: number;
  /** A load ran past its timeout and the host did not answer within `graceMs`: it is hung. */
  onHung(item: PendingLoad, session: HostSession): void;
  /** The forwarding tool of one tool the host found. */
  forwardingTool(pluginId: string, info: HostedToolInfo): ToolProtocol;
  /** A load ended (before its caller hears of it). */
  onSettled(item: PendingLoad, result: HostedLoadResult): void;
}

/** The loads in flight, by load id. */
export class HostLoads {
  private readonly loads = new Map<number, PendingLoad>();

  constructor(private readonly owner: LoadsOwner) {}

  get size(): number {
    return this.loads.size;
  }

  /** Queues a load; it is posted by the next `dispatch`. */
  add(spec: HostedPluginSpec, timeoutMs: number, restore: boolean): PendingLoad {
    let settle: (result: HostedLoadResult) => void = () => {};
    const done = new Promise<HostedLoadResult>((resolve) => {
      settle = resolve;
    });
    const item: PendingLoad = {
      loadId: this.owner.nextId(),
      spec,
      pluginId: spec.id,
      timeoutMs,
      restore,
      done,
      settle,
      begun: false,
    };
    this.loads.set(item.loadId, item);
    this.owner.onChange();
    return item;
  }

  /** Whether a restore of `pluginId` is queued or running. */
  restoring(pluginId: string): boolean {
    return [...this.loads.values()].some((l) => l.restore && l.pluginId === pluginId);
  }

  /** The restores queued or running. */
  restores(): PendingLoad[] {
    return [...this.loads.values()].filter((l) => l.restore);
  }

  /** Posts the queued loads to `session`: restored plugins first, so its state comes back first. */
  dispatch(session: HostSession): void {
    if (!session.alive) return;
    const waiting = [...this.loads.values()]
      .filter((l) => !l.postedTo)
      .sort((a, b) => Number(b.restore) - Number(a.restore) || a.loadId - b.loadId);
    for (const item of waiting) {
      item.postedTo = session;
      session.post({ t: "load", loadId: item.loadId, id: item.spec.id, entry: item.spec.entry });
    }
  }

  /** A message about a load; false if it is not one. */
  handle(session: HostSession, message: FromHost): boolean {
    if (message.t !== "begin" && message.t !== "loaded") return false;
    const item = this.loads.get(message.loadId);
    if (!item || item.postedTo !== session) return true;
    if (message.t === "begin") {
      item.begun = true;
      item.timer = setTimeout(() => this.timedOut(item, session), item.timeoutMs);
    } else if (message.ok) {
      const plugin: HostedPlugin = {
        ...(message.name !== undefined ? { name: message.name } : {}),
        ...(message.version !== undefined ? { version: message.version } : {}),
        tools: message.tools.map((info) => ({
          exportName: info.exportName,
          tool: this.owner.forwardingTool(item.pluginId, info),
        })),
        problems: message.problems,
      };
      this.settle(item, { ok: true, plugin });
    } else {
      this.settle(item, { ok: false, kind: "import", error: message.error });
    }
    return true;
  }

  private timedOut(item: PendingLoad, session: HostSession): void {
    void session.probe(this.owner.graceMs).then((answers) => {
      if (!this.has(item) || !session.alive) return;
      // The host answers: the module awaits something that never comes. No need to restart.
      if (answers) this.settle(item, { ok: false, kind: "timeout" });
      else this.owner.onHung(item, session);
    });
  }

  has(item: PendingLoad): boolean {
    return this.loads.get(item.loadId) === item;
  }

  settle(item: PendingLoad, result: HostedLoadResult): void {
    if (!this.loads.delete(item.loadId)) return;
    clearTimeout(item.timer);
    this.owner.onChange();
    this.owner.onSettled(item, result);
    item.settle(result);
  }

  /** The loads posted to `session`, by id (for crash attribution). */
  of(session: HostSession): Map<number, PendingLoad> {
    return new Map([...this.loads].filter(([, l]) => l.postedTo === session));
  }

  /** Puts a load posted to a session that went down back in the queue. */
  requeue(item: PendingLoad): void {
    clearTimeout(item.timer);
    item.postedTo = undefined;
    item.begun = false;
  }

  /** Ends every load with `result` (the host closed). */
  settleAll(result: HostedLoadResult): void {
    for (const item of [...this.loads.values()]) this.settle(item, result);
  }
}
