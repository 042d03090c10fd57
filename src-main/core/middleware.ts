/**
 * The invocation middleware chain. Tracing, cost accounting and history attach here, around
 * the registry's own steps (validate → timeout/abort → execute), without touching the registry.
 * Each middleware has a name (an error in one names it) and an order (lower runs further out), so
 * the order that makes the record right — trace opens before history writes — is stated, not
 * implied by the order of `use` calls.
 */
import type { ProgressUpdate, RegisteredTool } from "./protocol.ts";
import type { InvocationResult } from "./result.ts";

/**
 * An open trace that an invocation belongs inside (an agent run): plain ids, so the core carries
 * it without knowing tracing; the tracing middleware nests the invocation under that observation.
 */
export interface TraceParent {
  readonly traceId: string;
  readonly observationId: string;
}

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
  /** Who asked: `ui`, `cli`, `mcp`, `agent`, `test`, or `api` (a script) when not said. */
  readonly origin: string;
  /** The observation this invocation nests under, when it is a step of something larger. */
  readonly traceParent?: TraceParent;
  /**
   * The trace this invocation is recorded in. Set by the tracing middleware before the tool runs,
   * so every sink further in (history) and the result itself carry it.
   */
  traceId?: string;
}

/** Runs the rest of the chain. */
export type NextStep = (invocation: Invocation) => Promise<InvocationResult>;

/** A step around invocations: may look at, add to or replace the result, never throw out. */
export type InvocationMiddleware = (
  invocation: Invocation,
  next: NextStep,
) => Promise<InvocationResult>;

/** A middleware with its name and place in the chain. */
export interface NamedMiddleware {
  /** Shown in errors: `internal error in middleware "history"`. */
  readonly name: string;
  /** Lower runs further out; equal orders keep the order they were added in. */
  readonly order: number;
  readonly run: InvocationMiddleware;
}

/** The workbench's own middleware, outermost first. */
export const MIDDLEWARE_ORDER = {
  /** Opens the trace (and its traceId) before anything else sees the invocation. */
  trace: 100,
  /** Records the LLM calls a tool makes inside its trace. */
  llmTrace: 200,
  /** Writes the history entry, traceId included. */
  history: 300,
} as const;
