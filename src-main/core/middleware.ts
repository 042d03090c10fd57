/**
 * The invocation middleware chain. Tracing, cost accounting and history attach here, around
 * the registry's own steps (validate → timeout/abort → execute), without touching the registry.
 */
import type { ProgressUpdate, RegisteredTool } from "./protocol.ts";
import type { InvocationResult } from "./result.ts";

/** One invocation as it passes through the chain. */
export interface Invocation {
  readonly invocationId: string;
  readonly tool: RegisteredTool;
  readonly params: unknown;
  /** The caller's signal (cancellation); the timeout is applied further in. */
  readonly signal: AbortSignal | undefined;
  /** The timeout that will apply, in milliseconds (0 = none). */
  readonly timeoutMs: number;
  /** Services the tool's context will expose; middleware may add to it (e.g. a trace span). */
  readonly services: Record<string, unknown>;
  /** Forwards a progress update to the caller. */
  readonly onProgress: ((update: ProgressUpdate) => void) | undefined;
}

/** Runs the rest of the chain. */
export type NextStep = (invocation: Invocation) => Promise<InvocationResult>;

/** A step around invocations: may look at, add to or replace the result, never throw out. */
export type InvocationMiddleware = (
  invocation: Invocation,
  next: NextStep,
) => Promise<InvocationResult>;
