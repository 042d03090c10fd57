/**
 * The plugin host on the main side, as the loader sees it (core/plugin-host.ts): one worker thread
 * that imports the isolated plugins and runs their tools. This file keeps it alive: it starts a
 * session (host-session.ts), sends loads and calls to it (host-loads.ts, host-calls.ts), and when
 * the session goes down it names the culprit (crash-attribution.ts), ends or re-sends what ran
 * there and starts the next one: at once when a plugin was to blame, which itself comes back after
 * its own backoff or not at all (plugin-restarts.ts); after the host's backoff when none was.
 * (Just over our ~400-line rule: what remains is that one restart loop.)
 */
import { EventEmitter } from "node:events";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ResourceLimits } from "node:worker_threads";
import { describeThrown } from "../core/errors.ts";
import type { ForwardedOutcome } from "../core/forwarding.ts";
import { type Logger, silentLogger } from "../core/logger.ts";
import type {
  HostedLoadResult,
  HostedPluginSpec,
  PluginHost,
  PluginHostEvent,
} from "../core/plugin-host.ts";
import type { ToolContext } from "../core/protocol.ts";
import { RestartPolicy } from "../core/restart-policy.ts";
import { ChildGroups } from "./child-groups.ts";
import { attribute, type Deliberate } from "./crash-attribution.ts";
import { forwardingTool } from "./forwarding-tool.ts";
import { HostCalls, hostFailure, type PendingCall } from "./host-calls.ts";
import { HostLoads, type PendingLoad } from "./host-loads.ts";
import type { FromHost, HostWorkerData } from "./host-messages.ts";
import { DEFAULT_RESOURCE_LIMITS, type WorkerPluginHostOptions } from "./host-options.ts";
import { HostSession } from "./host-session.ts";
import { PluginRestarts } from "./plugin-restarts.ts";

export { DEFAULT_RESOURCE_LIMITS, type WorkerPluginHostOptions } from "./host-options.ts";

interface ActivePlugin {
  spec: HostedPluginSpec;
  timeoutMs: number;
  /** Took the host down; reported back once it loads again. */
  down: boolean;
}

/** A plugin host in a worker thread (node:worker_threads), restarted when a plugin breaks it. */
export class WorkerPluginHost implements PluginHost {
  private readonly logger: Logger;
  private readonly workerData: Omit<HostWorkerData, "running">;
  private readonly entry: string;
  private readonly resourceLimits: ResourceLimits;
  private readonly stopGraceMs: number;
  /** Backoff of host restarts no plugin is blamed for (core/restart-policy.ts). */
  private readonly restarts: RestartPolicy;
  private readonly pluginRestarts: PluginRestarts;
  private readonly emitter = new EventEmitter<{ event: [PluginHostEvent] }>();
  private readonly active = new Map<string, ActivePlugin>();
  private readonly loads: HostLoads;
  private readonly calls: HostCalls;
  /** Process groups of the children plugins started; they end with the host. */
  private readonly children = new ChildGroups();
  private session: HostSession | undefined;
  /** Resolves with the session once it is up (plugins loaded again after a restart). */
  private usable: Promise<HostSession> | undefined;
  private upSession: HostSession | undefined;
  private lastId = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private wakeRestart: (() => void) | undefined;
  private closed = false;
  /** Times the host was (re)started; for tests and the report. */
  starts = 0;

  constructor(options: WorkerPluginHostOptions = {}) {
    this.logger = options.logger ?? silentLogger;
    this.workerData = {
      ...(options.pluginApiModule ? { pluginApiModule: options.pluginApiModule } : {}),
      ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
    };
    // Not `new URL("./…", import.meta.url)`: bundlers rewrite that pattern into an asset.
    this.entry =
      options.entry ??
      path.join(path.dirname(fileURLToPath(import.meta.url)), "host-bootstrap.mjs");
    this.resourceLimits = options.resourceLimits ?? DEFAULT_RESOURCE_LIMITS;
    this.stopGraceMs = options.stopGraceMs ?? 1_000;
    this.restarts = new RestartPolicy(options.backoff);
    this.pluginRestarts = new PluginRestarts(options.backoff ?? {}, options.crashLoopLimit ?? 3);
    const nextId = () => ++this.lastId;
    const onChange = () => this.updateRef();
    this.calls = new HostCalls(nextId, onChange, this.stopGraceMs, (call, why) =>
      this.terminate(call.session, {
        pluginId: call.pluginId,
        call,
        message: `${call.tool} did not stop within ${this.stopGraceMs} ms after it was stopped (${why}); the plugin host was restarted`,
      }),
    );
    this.loads = new HostLoads({
      nextId,
      onChange,
      graceMs: this.stopGraceMs,
      onHung: (item, session) =>
        this.terminate(session, {
          pluginId: item.pluginId,
          load: item,
          message: `${item.spec.name} kept the plugin host busy while loading; the host was restarted`,
        }),
      forwardingTool: (pluginId, info) =>
        forwardingTool(info, (params, ctx) =>
          this.call(pluginId, String(info.metadata?.name), params, ctx),
        ),
      onSettled: (item, result) => this.onLoadSettled(item, result),
    });
  }

  /** Invocations and loads waiting for the host's answer (none once everything settled). */
  get pending(): { calls: number; loads: number } {
    return { calls: this.calls.size, loads: this.loads.size };
  }

  /** The worker's thread id while it runs (undefined between restarts). */
  get threadId(): number | undefined {
    return this.session?.alive ? this.session.worker.threadId : undefined;
  }

  load(spec: HostedPluginSpec, timeoutMs: number): Promise<HostedLoadResult> {
    if (this.closed) {
      return Promise.resolve({ ok: false, kind: "crashed", message: "the plugin host is closed" });
    }
    const item = this.loads.add(spec, timeoutMs, false);
    this.dispatchWhenUp(item);
    return item.done;
  }

  unload(id: string): void {
    this.active.delete(id);
    this.pluginRestarts.forget(id);
    if (this.session?.alive) this.session.post({ t: "unload", id });
  }

  onEvent(listener: (event: PluginHostEvent) => void): () => void {
    this.emitter.on("event", listener);
    return () => this.emitter.off("event", listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.restartTimer);
    this.wakeRestart?.();
    const session = this.session;
    this.session = undefined;
    this.usable = undefined;
    this.upSession = undefined;
    if (session) {
      session.alive = false;
      session.failStart(new Error("the plugin host is closed"));
    }
    this.calls.failAll("the plugin host was closed while this ran");
    this.loads.settleAll({ ok: false, kind: "crashed", message: "the plugin host was closed" });
    this.active.clear();
    this.pluginRestarts.forgetAll();
    // Before the thread goes: its event loop reaps the children as they end (no zombies).
    await this.children.endAll();
    if (session) await session.terminate();
  }

  /** Runs one tool in the host; what the forwarding tools call. Never rejects. */
  call(
    pluginId: string,
    tool: string,
    params: unknown,
    ctx: ToolContext,
  ): Promise<ForwardedOutcome> {
    if (this.pluginRestarts.waiting(pluginId)) {
      // Its plugin took the host down and comes back after its backoff: this call waits for
      // that (within its own timeout); calls to other plugins do not.
      return this.pluginRestarts
        .whenSettled(pluginId)
        .then(() => this.call(pluginId, tool, params, ctx));
    }
    const up = this.upSession;
    if (up?.alive) return this.send(up, pluginId, tool, params, ctx);
    return this.whenUp().then(
      (session) => this.send(session, pluginId, tool, params, ctx),
      (error: unknown) => hostFailure(`the plugin host could not start: ${describeThrown(error)}`),
    );
  }

  private send(
    session: HostSession,
    pluginId: string,
    tool: string,
    params: unknown,
    ctx: ToolContext,
  ): Promise<ForwardedOutcome> {
    if (!this.active.has(pluginId)) {
      return Promise.resolve(
        hostFailure(
          "its plugin is no longer loaded in the plugin host",
          "see the Plugins view (agentic plugins list) for why",
        ),
      );
    }
    return this.calls.send(session, pluginId, tool, params, ctx);
  }

  private dispatchWhenUp(item: PendingLoad): void {
    this.whenUp().then(
      (session) => this.loads.dispatch(session),
      (error: unknown) =>
        this.loads.settle(item, { ok: false, kind: "crashed", message: describeThrown(error) }),
    );
  }

  /** Keeps the plugins' state in step with the loads' outcomes. */
  private onLoadSettled(item: PendingLoad, result: HostedLoadResult): void {
    const id = item.pluginId;
    const active = this.active.get(id);
    if (result.ok) this.pluginRestarts.up(id);
    if (!item.restore) {
      if (result.ok)
        this.active.set(id, { spec: item.spec, timeoutMs: item.timeoutMs, down: false });
      return;
    }
    if (result.ok) {
      this.pluginRestarts.back(id);
      if (active?.down) {
        active.down = false;
        this.emit({ type: "back", pluginId: id });
      }
    } else {
      this.pluginRestarts.forget(id);
      if (active) {
        this.active.delete(id);
        this.emit({ type: "lost", pluginId: id, result });
      }
    }
  }

  /** Resolves once a session is up, starting one if there is none. */
  private async whenUp(): Promise<HostSession> {
    for (;;) {
      if (this.closed) throw new Error("the plugin host is closed");
      if (!this.usable) this.usable = this.startSession(0);
      const pending = this.usable;
      const session = await pending;
      if (session.alive) return session;
      if (this.usable === pending) this.usable = undefined;
    }
  }

  private async startSession(delayMs: number): Promise<HostSession> {
    if (delayMs > 0) {
      await new Promise<void>((resolve) => {
        this.wakeRestart = resolve;
        this.restartTimer = setTimeout(resolve, delayMs);
      });
      this.wakeRestart = undefined;
    }
    if (this.closed) throw new Error("the plugin host is closed");
    const session = this.spawn();
    await session.readyPromise;
    // The plugins loaded before the restart come back (not those waiting out their backoff);
    // those that no longer load are reported.
    for (const active of this.active.values()) {
      const id = active.spec.id;
      if (this.loads.restoring(id) || this.pluginRestarts.waiting(id)) continue;
      this.loads.add(active.spec, active.timeoutMs, true);
    }
    const restoring = this.loads.restores();
    this.loads.dispatch(session);
    await Promise.all(restoring.map((l) => l.done));
    if (session.alive) this.upSession = session;
    return session;
  }

  private spawn(): HostSession {
    this.starts++;
    const session = new HostSession(
      { entry: this.entry, workerData: this.workerData, resourceLimits: this.resourceLimits },
      {
        onMessage: (s, message) => this.onMessage(s, message),
        onExit: (s, code) => this.onDown(s, { exitCode: code }),
      },
    );
    this.restarts.up(session.startedAt);
    this.session = session;
    this.updateRef();
    return session;
  }

  private onMessage(session: HostSession, message: FromHost): void {
    if (this.calls.handle(session, message) || this.loads.handle(session, message)) return;
    if (message.t === "child") this.children.add(message.pid);
  }

  private terminate(session: HostSession, deliberate: Deliberate<PendingCall, PendingLoad>): void {
    this.onDown(session, { deliberate });
    void session.terminate();
  }

  /** The session ended: fail what ran in it, name the culprit, restart. */
  private onDown(
    session: HostSession,
    how: { deliberate?: Deliberate<PendingCall, PendingLoad>; exitCode?: number },
  ): void {
    if (!session.alive) return;
    session.alive = false;
    // Its plugins' processes go with it; the restarted host loads the plugins afresh.
    void this.children.endAll();
    if (this.session === session) this.session = undefined;
    if (this.upSession === session) this.upSession = undefined;
    this.usable = undefined;
    if (this.closed) return;
    if (!session.ready) {
      const error = new Error(
        `the plugin host did not start: ${session.lastError ? describeThrown(session.lastError) : `exit code ${how.exitCode}`}`,
      );
      this.logger.error("plugin host failed to start", { error: error.message });
      session.failStart(error);
      return;
    }

    const calls = this.calls.of(session);
    const loads = this.loads.of(session);
    const { culprit, reason, what } = attribute(session, how, {
      calls,
      loads,
      loadedIds: this.active.keys(),
      memoryLimitMb: this.resourceLimits.maxOldGenerationSizeMb,
    });
    const active = culprit.pluginId ? this.active.get(culprit.pluginId) : undefined;
    const culpritName = active?.spec.name ?? culprit.load?.spec.name;
    this.logger.warn("plugin host went down", { reason, what, plugin: culprit.pluginId });

    const provoked = [...calls.values()].some((c) => c.pluginId === culprit.pluginId);
    const requeue = this.calls.endSession(session, culprit, (guilty) => {
      const cause = guilty || !culpritName ? what : `${what} (caused by the plugin ${culpritName})`;
      return reason === "CRASHED"
        ? `the plugin host crashed while this ran: ${cause}`
        : `the plugin host was restarted while this ran: ${cause}`;
    });
    for (const item of loads.values()) {
      if (item !== culprit.load) this.loads.requeue(item);
      else if (how.deliberate) this.loads.settle(item, { ok: false, kind: "timeout" });
      else this.loads.settle(item, { ok: false, kind: "crashed", message: what });
    }

    // A plugin to blame is left out and comes back on its own backoff; only a crash no plugin
    // can be blamed for makes everyone wait.
    const now = Date.now();
    const delayMs = culprit.pluginId ? 0 : this.restarts.failed(now).delayMs;
    if (active && !culprit.load) this.pluginDown(active, reason, what, provoked, now);
    const needed =
      this.loads.size > 0 || [...this.active.keys()].some((id) => !this.pluginRestarts.waiting(id));
    if (needed) {
      this.usable = this.startSession(delayMs);
      this.usable.catch(() => undefined);
    }
    for (const call of requeue) {
      this.call(call.pluginId, call.tool, call.params, call.ctx).then(call.settle);
    }
    this.updateRef();
  }

  /** A loaded plugin took the host down: it comes back after its backoff, or not at all. */
  private pluginDown(
    active: ActivePlugin,
    reason: "CRASHED" | "UNRESPONSIVE",
    what: string,
    provoked: boolean,
    now: number,
  ): void {
    const { id, name } = active.spec;
    const decision = this.pluginRestarts.crashed(id, provoked, now);
    if (decision.giveUp) {
      this.active.delete(id);
      this.emit({
        type: "crash-loop",
        pluginId: id,
        message: `${name} took the plugin host down ${decision.crashes} times in a row while none of its tools ran (last: ${what}); it stays unloaded until its file changes`,
      });
      return;
    }
    active.down = true;
    this.emit({
      type: "down",
      pluginId: id,
      reason,
      message: `${name}: ${what}`,
      restart: { attempt: decision.attempt, at: new Date(now + decision.delayMs).toISOString() },
    });
    this.pluginRestarts.schedule(id, decision.delayMs, () => {
      if (this.closed || this.active.get(id) !== active || this.loads.restoring(id)) return;
      this.dispatchWhenUp(this.loads.add(active.spec, active.timeoutMs, true));
    });
  }

  private emit(event: PluginHostEvent): void {
    try {
      this.emitter.emit("event", event);
    } catch (error) {
      this.logger.error("a plugin host listener threw", { error: describeThrown(error) });
    }
  }

  /** Keeps the process alive while the host has work, and only then. */
  private updateRef(): void {
    this.session?.keepAlive(this.calls.size > 0 || this.loads.size > 0);
  }
}
