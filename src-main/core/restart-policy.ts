/**
 * When to restart something that keeps failing (the plugin host, a plugin that took it down, an
 * MCP server): the first delay, doubling after each failure up to a cap, and a fresh start once
 * it stayed up for a quiet period. Pure arithmetic over the times it is given; the caller owns the
 * timers.
 */

/** Delays of a restart policy, in milliseconds. */
export interface RestartPolicyOptions {
  /** The first delay. Default 100 ms. */
  initialMs?: number;
  /** The longest delay. Default 10 s. */
  maxMs?: number;
  /** Up this long without a failure, the next failure counts as the first again. Default 30 s. */
  resetAfterMs?: number;
}

/** A failure as the policy counts it: its number in the streak (from 1) and the delay to wait. */
export interface RestartDecision {
  attempt: number;
  delayMs: number;
}

/** Exponential backoff with a reset after a quiet period. */
export class RestartPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly resetAfterMs: number;
  private streak = 0;
  private upSince: number | undefined;

  constructor(options: RestartPolicyOptions = {}) {
    this.initialMs = options.initialMs ?? 100;
    this.maxMs = options.maxMs ?? 10_000;
    this.resetAfterMs = options.resetAfterMs ?? 30_000;
  }

  /** Failures in the current streak (0 before the first, and after `reset`). */
  get attempt(): number {
    return this.streak;
  }

  /** It came up (started, connected, loaded) at `now`: the quiet period counts from here. */
  up(now: number = Date.now()): void {
    this.upSince = now;
  }

  /**
   * It failed at `now`. A failure after a quiet period since it came up starts a new streak; one
   * without an `up` since the last failure (it never came up) continues the streak.
   */
  failed(now: number = Date.now()): RestartDecision {
    if (this.upSince !== undefined && now - this.upSince > this.resetAfterMs) this.streak = 0;
    this.upSince = undefined;
    this.streak++;
    return {
      attempt: this.streak,
      delayMs: Math.min(this.maxMs, this.initialMs * 2 ** (this.streak - 1)),
    };
  }

  /** Forgets the streak. */
  reset(): void {
    this.streak = 0;
    this.upSince = undefined;
  }
}
