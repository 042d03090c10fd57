/**
 * The plugin host on the main side: one worker thread that imports the isolated plugins and runs
 * their tools. The registry holds forwarding tools (`invoke` posts a message); this class keeps
 * the worker alive: a plugin that hogs it past a timeout or cancellation gets it terminated, a
 * crash (uncaught exception, process.exit, its memory limit) ends the invocations in flight with
 * TOOL_ERROR, and either way the host restarts with backoff and loads the plugins again.
 */
import { EventEmitter } from "node:events";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type ResourceLimits, Worker } from "node:worker_threads";
import { describeThrown, ForwardedFailure, ToolError } from "../core/errors.ts";
import { type Logger, silentLogger } from "../core/logger.ts";
import type {
  HostedLoadResult,
  HostedPlugin,
  HostedPluginSpec,
  PluginHost,
  PluginHostEvent,
} from "../core/plugin-host.ts";
import type { ToolContext, ToolProtocol } from "../core/protocol.ts";
import { RestartPolicy, type RestartPolicyOptions } from "../core/restart-policy.ts";
import { ChildGroups } from "./child-groups.ts";
import type {
  CallOutcome,
  FromHost,
  HostedToolInfo,
  HostWorkerData,
  ToHost,
} from "./host-messages.ts";
import { ServiceExports } from "./service-bridge.ts";

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
  /** Restart delays: first, doubling up to max; the count resets after a quiet `resetAfterMs`. */
  backoff?: RestartPolicyOptions;
}

/** Default memory limits of the plugin host. */
export const DEFAULT_RESOURCE_LIMITS: ResourceLimits = {
  maxOldGenerationSizeMb: 512,
  maxYoungGenerationSizeMb: 64,
  stackSizeMb: 4,
};

interface Session {
  readonly worker: Worker;
  /** See HostWorkerData.running. */
  readonly running: Int32Array;
  readonly startedAt: number;
  alive: boolean;
  ready: boolean;
  readonly readyPromise: Promise<void>;
  onReady: () => void;
  onFailedStart: (error: Error) => void;
  lastError?: Error;
  exiting?: { code: number; stack: string };
  probe?: Promise<boolean>;
  readonly pongs: Map<number, () => void>;
}

interface PendingCall {
  readonly callId: number;
  readonly pluginId: string;
  readonly tool: string;
  readonly params: unknown;
  /** The host took it off its queue (it may have had effects); until then it can be re-sent. */
  started: boolean;
  readonly ctx: ToolContext;
  readonly session: Session;
  readonly services: ServiceExports;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface PendingLoad {
  readonly loadId: number;
  readonly spec: HostedPluginSpec;
  readonly timeoutMs: number;
  /** A plugin loaded again after a restart (not a caller's load). */
  readonly restore: boolean;
  resolve(result: HostedLoadResult): void;
  postedTo?: Session;
  begun: boolean;
  timer?: NodeJS.Timeout;
}

interface ActivePlugin {
  spec: HostedPluginSpec;
  timeoutMs: number;
  /** Took the host down; reported back once it loads again. */
  down: boolean;
}

/** Why the main side ended a session itself. */
interface Deliberate {
  pluginId: string | undefined;
  message: string;
  call?: PendingCall;
  load?: PendingLoad;
}

/** A plugin host in a worker thread (node:worker_threads), restarted when a plugin breaks it. */
export class WorkerPluginHost implements PluginHost {
  private readonly logger: Logger;
  private readonly workerData: Omit<HostWorkerData, "running">;
  private readonly entry: string;
  private readonly resourceLimits: ResourceLimits;
  private readonly stopGraceMs: number;
  /** Backoff between restarts of the host (core/restart-policy.ts, shared with MCP servers). */
  private readonly restarts: RestartPolicy;
  private readonly emitter = new EventEmitter<{ event: [PluginHostEvent] }>();
  private readonly active = new Map<string, ActivePlugin>();
  private readonly loads = new Map<number, PendingLoad>();
  private readonly calls = new Map<number, PendingCall>();
  /** Process groups of the children plugins started; they end with the host. */
  private readonly children = new ChildGroups();
  private session: Session | undefined;
  /** Resolves with the session once it is up (plugins loaded again after a restart). */
  private usable: Promise<Session> | undefined;
  private upSession: Session | undefined;
  private nextId = 1;
  private restartTimer: NodeJS.Timeout | undefined;
  private wakeRestart: (() => void) | undefined;
  private closed = false;
  private referenced = false;
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
    return new Promise((resolve) => {
      const item: PendingLoad = {
        loadId: this.nextId++,
        spec,
        timeoutMs,
        restore: false,
        resolve,
        begun: false,
      };
      this.loads.set(item.loadId, item);
      this.updateRef();
      this.whenUp().then(
        (session) => this.dispatchLoads(session),
        (error: unknown) =>
          this.settleLoad(item, { ok: false, kind: "crashed", message: describeThrown(error) }),
      );
    });
  }

  unload(id: string): void {
    this.active.delete(id);
    const session = this.session;
    if (session?.alive) session.worker.postMessage({ t: "unload", id } satisfies ToHost);
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
      if (!session.ready) session.onFailedStart(new Error("the plugin host is closed"));
    }
    for (const call of this.calls.values()) {
      call.reject(new ToolError("the plugin host was closed while this ran"));
    }
    this.calls.clear();
    for (const item of [...this.loads.values()]) {
      this.settleLoad(item, { ok: false, kind: "crashed", message: "the plugin host was closed" });
    }
    this.active.clear();
    // Before the thread goes: its event loop reaps the children as they end (no zombies).
    await this.children.endAll();
    if (session) await session.worker.terminate();
  }

  /** Runs one tool in the host; what the forwarding tools' `invoke` calls. */
  call(pluginId: string, tool: string, params: unknown, ctx: ToolContext): Promise<unknown> {
    const up = this.upSession;
    if (up?.alive) return this.post(up, pluginId, tool, params, ctx);
    return this.whenUp().then(
      (session) => this.post(session, pluginId, tool, params, ctx),
      (error: unknown) => {
        throw new ToolError(`the plugin host could not start: ${describeThrown(error)}`);
      },
    );
  }

  private post(
    session: Session,
    pluginId: string,
    tool: string,
    params: unknown,
    ctx: ToolContext,
  ): Promise<unknown> {
    if (!this.active.has(pluginId)) {
      return Promise.reject(
        new ToolError(`its plugin is no longer loaded in the plugin host`, {
          hint: "see the Plugins view (agentic plugins list) for why",
        }),
      );
    }
    return new Promise((resolve, reject) => {
      const services = new ServiceExports(ctx.services);
      const call: PendingCall = {
        callId: this.nextId++,
        pluginId,
        tool,
        params,
        started: false,
        ctx,
        session,
        services,
        resolve,
        reject,
      };
      const signal = ctx.signal;
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      try {
        session.worker.postMessage({
          t: "invoke",
          callId: call.callId,
          pluginId,
          tool,
          params,
          invocationId: ctx.invocationId,
          workspaceRoot: ctx.workspaceRoot,
          services: services.described,
        } satisfies ToHost);
      } catch (error) {
        reject(
          new ToolError(
            `the parameters cannot be sent to the plugin host: ${describeThrown(error)}`,
            {
              hint: "pass plain JSON data",
            },
          ),
        );
        return;
      }
      this.calls.set(call.callId, call);
      this.updateRef();
      signal.addEventListener("abort", () => this.onStopped(call, signal.reason), { once: true });
    });
  }

  /** The registry stopped a call (timeout or cancel): tell the plugin, and check the host lives. */
  private onStopped(call: PendingCall, reason: unknown): void {
    if (!this.calls.has(call.callId) || !call.session.alive) return;
    const why = describeThrown(reason);
    call.session.worker.postMessage({
      t: "cancel",
      callId: call.callId,
      reason: why,
    } satisfies ToHost);
    void this.probe(call.session).then((answers) => {
      if (!call.session.alive) return;
      if (answers) {
        // The host is fine; the registry has answered the caller already. A plugin that never
        // settles must not keep its entry (and the process) alive.
        if (this.calls.delete(call.callId)) this.updateRef();
        return;
      }
      this.terminate(call.session, {
        pluginId: call.pluginId,
        call,
        message: `${call.tool} did not stop within ${this.stopGraceMs} ms after it was stopped (${why}); the plugin host was restarted`,
      });
    });
  }

  /** Resolves once a session is up, starting one if there is none. */
  private async whenUp(): Promise<Session> {
    for (;;) {
      if (this.closed) throw new Error("the plugin host is closed");
      if (!this.usable) this.usable = this.startSession(0);
      const pending = this.usable;
      const session = await pending;
      if (session.alive) return session;
      if (this.usable === pending) this.usable = undefined;
    }
  }

  private async startSession(delayMs: number): Promise<Session> {
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
    // The plugins loaded before the restart come back; those that no longer load are reported.
    for (const active of this.active.values()) {
      const already = [...this.loads.values()].some(
        (l) => l.restore && l.spec.id === active.spec.id,
      );
      if (already) continue;
      const item: PendingLoad = {
        loadId: this.nextId++,
        spec: active.spec,
        timeoutMs: active.timeoutMs,
        restore: true,
        resolve: () => {},
        begun: false,
      };
      this.loads.set(item.loadId, item);
    }
    const restoring = [...this.loads.values()].filter((l) => l.restore);
    this.dispatchLoads(session);
    await Promise.all(
      restoring.map(
        (l) =>
          new Promise<void>((resolve) => {
            const settle = l.resolve;
            l.resolve = (result) => {
              settle(result);
              resolve();
            };
            if (!this.loads.has(l.loadId)) resolve();
          }),
      ),
    );
    if (session.alive) this.upSession = session;
    return session;
  }

  private spawn(): Session {
    this.starts++;
    const running = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(this.entry, {
      workerData: { ...this.workerData, running: running.buffer } satisfies HostWorkerData,
      resourceLimits: this.resourceLimits,
      // The plugins' output shows in the app's own stdout/stderr, as it did in-process.
      stdout: false,
      stderr: false,
    });
    let onReady = () => {};
    let onFailedStart: (error: Error) => void = () => {};
    const readyPromise = new Promise<void>((resolve, reject) => {
      onReady = resolve;
      onFailedStart = reject;
    });
    readyPromise.catch(() => undefined);
    const startedAt = Date.now();
    this.restarts.up(startedAt);
    const session: Session = {
      worker,
      running,
      startedAt,
      alive: true,
      ready: false,
      readyPromise,
      onReady,
      onFailedStart,
      pongs: new Map(),
    };
    this.session = session;
    this.referenced = true; // a new Worker keeps the process alive until unref'd
    this.updateRef();
    worker.on("message", (message: FromHost) => this.onMessage(session, message));
    worker.on("error", (error) => {
      session.lastError = error;
    });
    worker.on("exit", (code) => this.onExit(session, code));
    return session;
  }

  private onMessage(session: Session, message: FromHost): void {
    switch (message.t) {
      case "ready":
        session.ready = true;
        session.onReady();
        break;
      case "begin": {
        const item = this.loads.get(message.loadId);
        if (!item || item.postedTo !== session) break;
        item.begun = true;
        item.timer = setTimeout(() => this.onLoadTimeout(item, session), item.timeoutMs);
        break;
      }
      case "loaded": {
        const item = this.loads.get(message.loadId);
        if (!item || item.postedTo !== session) break;
        if (message.ok) {
          const plugin: HostedPlugin = {
            ...(message.name !== undefined ? { name: message.name } : {}),
            ...(message.version !== undefined ? { version: message.version } : {}),
            tools: message.tools.map((info) => ({
              exportName: info.exportName,
              tool: this.forwardingTool(item.spec.id, info),
            })),
            problems: message.problems,
          };
          this.settleLoad(item, { ok: true, plugin });
        } else {
          this.settleLoad(item, { ok: false, kind: "import", error: message.error });
        }
        break;
      }
      case "started": {
        const call = this.calls.get(message.callId);
        if (call) call.started = true;
        break;
      }
      case "done": {
        const call = this.calls.get(message.callId);
        if (!call) break;
        this.calls.delete(message.callId);
        this.updateRef();
        settleCall(call, message.outcome);
        break;
      }
      case "progress":
        this.calls.get(message.callId)?.ctx.progress(message.update);
        break;
      case "log": {
        const call = this.calls.get(message.callId);
        if (call) call.ctx.logger[message.level](message.message, message.fields);
        break;
      }
      case "service-call": {
        const call = this.calls.get(message.callId);
        const reply = call
          ? call.services.call(message.remote, message.method, message.args)
          : Promise.resolve({ ok: false as const, message: "the invocation has ended" });
        void reply.then((answer) => {
          if (session.alive) {
            session.worker.postMessage({
              t: "service-reply",
              requestId: message.requestId,
              reply: answer,
            } satisfies ToHost);
          }
        });
        break;
      }
      case "pong":
        session.pongs.get(message.n)?.();
        break;
      case "child":
        this.children.add(message.pid);
        break;
      case "exiting":
        session.exiting = { code: message.code, stack: message.stack };
        break;
    }
  }

  private dispatchLoads(session: Session): void {
    if (!session.alive) return;
    // Restored plugins first: the host's state comes back before anything new is added.
    const waiting = [...this.loads.values()]
      .filter((l) => !l.postedTo)
      .sort((a, b) => Number(b.restore) - Number(a.restore) || a.loadId - b.loadId);
    for (const item of waiting) {
      item.postedTo = session;
      session.worker.postMessage({
        t: "load",
        loadId: item.loadId,
        id: item.spec.id,
        entry: item.spec.entry,
      } satisfies ToHost);
    }
  }

  private settleLoad(item: PendingLoad, result: HostedLoadResult): void {
    if (!this.loads.delete(item.loadId)) return;
    clearTimeout(item.timer);
    this.updateRef();
    const active = this.active.get(item.spec.id);
    if (item.restore) {
      if (result.ok) {
        if (active?.down) {
          active.down = false;
          this.emit({ type: "back", pluginId: item.spec.id });
        }
      } else if (active) {
        this.active.delete(item.spec.id);
        this.emit({ type: "lost", pluginId: item.spec.id, result });
      }
    } else if (result.ok) {
      this.active.set(item.spec.id, { spec: item.spec, timeoutMs: item.timeoutMs, down: false });
    }
    item.resolve(result);
  }

  private onLoadTimeout(item: PendingLoad, session: Session): void {
    void this.probe(session).then((answers) => {
      if (!this.loads.has(item.loadId) || !session.alive) return;
      if (answers) {
        // The host answers: the module awaits something that never comes. No need to restart.
        this.settleLoad(item, { ok: false, kind: "timeout" });
        return;
      }
      this.terminate(session, {
        pluginId: item.spec.id,
        load: item,
        message: `${item.spec.name} kept the plugin host busy while loading; the host was restarted`,
      });
    });
  }

  /** Whether the host answers a ping within the grace period. */
  private probe(session: Session): Promise<boolean> {
    if (session.probe) return session.probe;
    const n = this.nextId++;
    session.probe = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        session.pongs.delete(n);
        session.probe = undefined;
        resolve(false);
      }, this.stopGraceMs);
      timer.unref();
      session.pongs.set(n, () => {
        clearTimeout(timer);
        session.pongs.delete(n);
        session.probe = undefined;
        resolve(true);
      });
      session.worker.postMessage({ t: "ping", n } satisfies ToHost);
    });
    return session.probe;
  }

  private terminate(session: Session, deliberate: Deliberate): void {
    this.onDown(session, { deliberate });
    void session.worker.terminate();
  }

  private onExit(session: Session, code: number): void {
    this.onDown(session, { exitCode: code });
  }

  /** The session ended: fail what ran in it, name the culprit, restart with backoff. */
  private onDown(session: Session, how: { deliberate?: Deliberate; exitCode?: number }): void {
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
      session.onFailedStart(error);
      return;
    }

    const runningId = Atomics.load(session.running, 0);
    const culprit = this.culpritOf(session, runningId, how.deliberate);
    const reason = how.deliberate ? "UNRESPONSIVE" : "CRASHED";
    const what = how.deliberate
      ? how.deliberate.message
      : this.crashDescription(session, how.exitCode);
    const culpritName = culprit.pluginId
      ? (this.active.get(culprit.pluginId)?.spec.name ?? culprit.load?.spec.name)
      : undefined;
    this.logger.warn("plugin host went down", { reason, what, plugin: culprit.pluginId });

    const requeue: PendingCall[] = [];
    for (const call of [...this.calls.values()]) {
      if (call.session !== session) continue;
      this.calls.delete(call.callId);
      const innocent =
        call !== culprit.call && !(culprit.pluginId && call.pluginId === culprit.pluginId);
      if (innocent && !call.started && !call.ctx.signal.aborted) {
        // It was still queued behind the plugin that broke the host, so it never ran: it goes to
        // the restarted host (below, once the restart is scheduled) instead of failing.
        requeue.push(call);
        continue;
      }
      const cause =
        call === culprit.call || (culprit.pluginId && call.pluginId === culprit.pluginId)
          ? what
          : `${what}${culpritName ? ` (caused by the plugin ${culpritName})` : ""}`;
      call.reject(
        new ToolError(
          reason === "CRASHED"
            ? `the plugin host crashed while this ran: ${cause}`
            : `the plugin host was restarted while this ran: ${cause}`,
          { hint: "the host restarts by itself; invoke again once the plugin is back" },
        ),
      );
    }
    for (const item of [...this.loads.values()]) {
      if (item.postedTo !== session) continue;
      if (item === culprit.load) {
        this.settleLoad(
          item,
          how.deliberate
            ? { ok: false, kind: "timeout" }
            : { ok: false, kind: "crashed", message: what },
        );
      } else {
        clearTimeout(item.timer);
        item.postedTo = undefined;
        item.begun = false;
      }
    }

    const now = Date.now();
    const { attempt, delayMs: delay } = this.restarts.failed(now);
    const restart = { attempt, at: new Date(now + delay).toISOString() };
    const active = culprit.pluginId ? this.active.get(culprit.pluginId) : undefined;
    if (active && !culprit.load) {
      active.down = true;
      this.emit({
        type: "down",
        pluginId: active.spec.id,
        reason,
        message: `${active.spec.name}: ${what}`,
        restart,
      });
    }
    if (this.active.size > 0 || this.loads.size > 0) {
      this.usable = this.startSession(delay);
      this.usable.catch(() => undefined);
    }
    for (const call of requeue) {
      this.call(call.pluginId, call.tool, call.params, call.ctx).then(call.resolve, call.reject);
    }
    this.updateRef();
  }

  /** Which plugin (and which call or load) took the session down. */
  private culpritOf(
    session: Session,
    runningId: number,
    deliberate: Deliberate | undefined,
  ): { pluginId?: string; call?: PendingCall; load?: PendingLoad } {
    // The code running synchronously when it went down is the surest witness.
    if (runningId > 0) {
      const call = this.calls.get(runningId);
      if (call) return { pluginId: call.pluginId, call };
    } else if (runningId < 0) {
      const load = this.loads.get(-runningId);
      if (load) return { pluginId: load.spec.id, load };
    }
    if (deliberate) {
      return {
        pluginId: deliberate.pluginId,
        ...(deliberate.call ? { call: deliberate.call } : {}),
        ...(deliberate.load ? { load: deliberate.load } : {}),
      };
    }
    // Next, the stack of the exception or of the process.exit call names the plugin's file.
    const stack = session.exiting?.stack ?? session.lastError?.stack ?? "";
    const ids = [
      ...this.active.keys(),
      ...[...this.loads.values()].filter((l) => l.postedTo === session).map((l) => l.spec.id),
    ].sort((a, b) => b.length - a.length);
    const fromStack = ids.find((id) => stack.includes(id));
    const beganLoads = [...this.loads.values()].filter((l) => l.postedTo === session && l.begun);
    if (fromStack) {
      const load = beganLoads.find((l) => l.spec.id === fromStack);
      return { pluginId: fromStack, ...(load ? { load } : {}) };
    }
    // Last, the only plugin that had anything running.
    const inFlight = new Set(
      [...this.calls.values()].filter((c) => c.session === session).map((c) => c.pluginId),
    );
    if (inFlight.size === 1 && beganLoads.length === 0)
      return { pluginId: [...inFlight][0] as string };
    if (inFlight.size === 0 && beganLoads.length === 1) {
      const load = beganLoads[0] as PendingLoad;
      return { pluginId: load.spec.id, load };
    }
    return {};
  }

  private crashDescription(session: Session, exitCode: number | undefined): string {
    const error = session.lastError as (Error & { code?: string }) | undefined;
    if (error?.code === "ERR_WORKER_OUT_OF_MEMORY") {
      return `it ran out of memory (the host's limit is ${this.resourceLimits.maxOldGenerationSizeMb ?? "default"} MB)`;
    }
    if (error) return `uncaught exception: ${describeThrown(error).split("\n")[0]}`;
    if (session.exiting) return `it called process.exit(${session.exiting.code})`;
    return `the host exited unexpectedly (code ${exitCode})`;
  }

  private forwardingTool(pluginId: string, info: HostedToolInfo): ToolProtocol {
    const name = String(info.metadata?.name);
    const tool: ToolProtocol = {
      metadata: info.metadata,
      invoke: (params, ctx) => this.call(pluginId, name, params, ctx),
    };
    if (info.validateParamsType !== "undefined" && info.validateParamsType !== "function") {
      // Keep the registry's check: a validateParams that is not a function is refused.
      (tool as { validateParams?: unknown }).validateParams = info.validateParamsType;
    }
    return tool;
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
    const busy = this.calls.size > 0 || this.loads.size > 0;
    const session = this.session;
    if (!session?.alive || busy === this.referenced) return;
    this.referenced = busy;
    if (busy) session.worker.ref();
    else session.worker.unref();
  }
}

function settleCall(call: PendingCall, outcome: CallOutcome): void {
  if (outcome.extraCost > 0) call.ctx.addCost(outcome.extraCost);
  if (outcome.ok) {
    call.resolve(outcome.value);
    return;
  }
  switch (outcome.kind) {
    case "threw":
      call.reject(
        new ToolError(outcome.message, {
          ...(outcome.details !== undefined ? { details: outcome.details } : {}),
          ...(outcome.hint !== undefined ? { hint: outcome.hint } : {}),
        }),
      );
      break;
    case "invalid-params":
      call.reject(new ForwardedFailure({ kind: "invalid-params", problems: outcome.problems }));
      break;
    case "broken-contract":
      call.reject(new ForwardedFailure({ kind: "broken-contract", message: outcome.message }));
      break;
    case "unserializable":
      call.reject(
        new ForwardedFailure({
          kind: "unserializable",
          pointer: outcome.pointer,
          reason: outcome.reason,
        }),
      );
      break;
    case "missing":
      call.reject(new ToolError(outcome.message));
      break;
  }
}
