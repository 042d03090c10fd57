/**
 * The invocations sent to the plugin host: posting them, routing what the host sends back while
 * they run (progress, logs, service calls, the outcome) to the caller's context, and telling the
 * plugin when the registry stopped one. Every call settles with an outcome, never an exception.
 */
import { describeThrown } from "../core/errors.ts";
import type { ForwardedOutcome } from "../core/forwarding.ts";
import type { ToolContext } from "../core/protocol.ts";
import type { FromHost } from "./host-messages.ts";
import type { HostSession } from "./host-session.ts";
import { ServiceExports } from "./service-bridge.ts";

/** One invocation waiting for the host's answer. */
export interface PendingCall {
  readonly callId: number;
  readonly pluginId: string;
  readonly tool: string;
  readonly params: unknown;
  /** The host took it off its queue (it may have had effects); until then it can be re-sent. */
  started: boolean;
  readonly ctx: ToolContext;
  readonly session: HostSession;
  readonly services: ServiceExports;
  settle(outcome: ForwardedOutcome): void;
}

/** A failure of the host rather than of the tool, as an outcome. */
export function hostFailure(message: string, hint?: string): ForwardedOutcome {
  return { ok: false, kind: "threw", message, ...(hint !== undefined ? { hint } : {}) };
}

/** The invocations in flight, by call id. */
export class HostCalls {
  private readonly calls = new Map<number, PendingCall>();

  constructor(
    private readonly nextId: () => number,
    /** The table changed size (the owner keeps the process alive while it is not empty). */
    private readonly onChange: () => void,
    /** How long the host gets to answer a ping after a call was stopped. */
    private readonly graceMs: number,
    /** A call was stopped and the host did not answer within `graceMs`: it is hung. */
    private readonly onHung: (call: PendingCall, why: string) => void,
  ) {}

  get size(): number {
    return this.calls.size;
  }

  /** Posts one invocation to `session`; resolves with its outcome. */
  send(
    session: HostSession,
    pluginId: string,
    tool: string,
    params: unknown,
    ctx: ToolContext,
  ): Promise<ForwardedOutcome> {
    return new Promise((settle) => {
      const signal = ctx.signal;
      if (signal.aborted) {
        // The registry reports the timeout or cancellation itself.
        settle(hostFailure(describeThrown(signal.reason)));
        return;
      }
      const services = new ServiceExports(ctx.services);
      const call: PendingCall = {
        callId: this.nextId(),
        pluginId,
        tool,
        params,
        started: false,
        ctx,
        session,
        services,
        settle,
      };
      try {
        session.post({
          t: "invoke",
          callId: call.callId,
          pluginId,
          tool,
          params,
          invocationId: ctx.invocationId,
          workspaceRoot: ctx.workspaceRoot,
          services: services.described,
        });
      } catch (error) {
        settle(
          hostFailure(
            `the parameters cannot be sent to the plugin host: ${describeThrown(error)}`,
            "pass plain JSON data",
          ),
        );
        return;
      }
      this.calls.set(call.callId, call);
      this.onChange();
      signal.addEventListener("abort", () => this.stopped(call, signal.reason), { once: true });
    });
  }

  /** A message about a call; false if it is not one. */
  handle(session: HostSession, message: FromHost): boolean {
    switch (message.t) {
      case "started": {
        const call = this.calls.get(message.callId);
        if (call) call.started = true;
        return true;
      }
      case "done": {
        const call = this.calls.get(message.callId);
        if (!call) return true;
        this.forget(call);
        const { extraCost, ...outcome } = message.outcome;
        if (extraCost > 0) call.ctx.addCost(extraCost);
        call.settle(outcome);
        return true;
      }
      case "progress":
        this.calls.get(message.callId)?.ctx.progress(message.update);
        return true;
      case "log": {
        const call = this.calls.get(message.callId);
        if (call) call.ctx.logger[message.level](message.message, message.fields);
        return true;
      }
      case "service-call": {
        const call = this.calls.get(message.callId);
        const reply = call
          ? call.services.call(message.remote, message.method, message.args)
          : Promise.resolve({ ok: false as const, message: "the invocation has ended" });
        void reply.then((answer) => {
          if (session.alive) {
            session.post({ t: "service-reply", requestId: message.requestId, reply: answer });
          }
        });
        return true;
      }
      default:
        return false;
    }
  }

  has(call: PendingCall): boolean {
    return this.calls.get(call.callId) === call;
  }

  get(callId: number): PendingCall | undefined {
    return this.calls.get(callId);
  }

  /** Drops a call without settling it (the registry has answered its caller already). */
  forget(call: PendingCall): void {
    if (this.calls.delete(call.callId)) this.onChange();
  }

  /** The calls running in `session`, taken off the table (it went down). */
  takeAll(session: HostSession): PendingCall[] {
    const taken = [...this.calls.values()].filter((c) => c.session === session);
    for (const call of taken) this.calls.delete(call.callId);
    if (taken.length > 0) this.onChange();
    return taken;
  }

  /**
   * `session` went down: its calls end with `message(guilty)`, but those of other plugins that
   * the host had not started yet are returned to be sent again (they never ran).
   */
  endSession(
    session: HostSession,
    culprit: { call?: PendingCall; pluginId?: string },
    message: (guilty: boolean) => string,
  ): PendingCall[] {
    const again: PendingCall[] = [];
    for (const call of this.takeAll(session)) {
      const guilty = call === culprit.call || call.pluginId === culprit.pluginId;
      if (!guilty && !call.started && !call.ctx.signal.aborted) again.push(call);
      else {
        call.settle(
          hostFailure(
            message(guilty),
            "the host restarts by itself; invoke again once the plugin is back",
          ),
        );
      }
    }
    return again;
  }

  /** The calls running in `session`, by id (for crash attribution). */
  of(session: HostSession): Map<number, PendingCall> {
    return new Map([...this.calls].filter(([, c]) => c.session === session));
  }

  /** Ends every call with `message` (the host closed). */
  failAll(message: string): void {
    for (const call of this.calls.values()) call.settle(hostFailure(message));
    this.calls.clear();
  }

  /** The registry stopped a call (timeout or cancel): tell the plugin, check the host answers. */
  private stopped(call: PendingCall, reason: unknown): void {
    if (!this.has(call) || !call.session.alive) return;
    const why = describeThrown(reason);
    call.session.post({ t: "cancel", callId: call.callId, reason: why });
    void call.session.probe(this.graceMs).then((answers) => {
      if (!call.session.alive) return;
      // The host is fine; the registry has answered the caller already. A plugin that never
      // settles must not keep its entry (and the process) alive.
      if (answers) this.forget(call);
      else this.onHung(call, why);
    });
  }
}
