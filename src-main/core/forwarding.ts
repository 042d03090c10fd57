/**
 * Tools that run their work somewhere else (a plugin host) and hand back how it ended as data: the
 * registry turns that outcome into the same result a local run gives, without anything being
 * thrown only to be caught and turned back into a result.
 */
import type { ParamProblem, ToolContext, ToolProtocol } from "./protocol.ts";

/** How a forwarded invocation ended. */
export type ForwardedOutcome =
  | { ok: true; value: unknown }
  /** The tool failed (it threw, or its host could not run it): a ToolError's details and hint. */
  | { ok: false; kind: "threw"; message: string; details?: Record<string, unknown>; hint?: string }
  /** The tool's own `validateParams` refused the parameters. */
  | { ok: false; kind: "invalid-params"; problems: ParamProblem[] }
  /** The tool's `validateParams` returned none of the allowed things. */
  | { ok: false; kind: "broken-contract"; message: string }
  /** The result cannot be serialised (checked where it was made, before it crossed). */
  | { ok: false; kind: "unserializable"; pointer: string; reason: string };

/**
 * A tool whose work runs elsewhere. The registry calls `invokeForwarded` instead of `invoke`
 * (which such a tool still has, for callers that run tools themselves). The promise never rejects.
 */
export interface ForwardingTool extends ToolProtocol {
  invokeForwarded(params: unknown, ctx: ToolContext): Promise<ForwardedOutcome>;
}

/** Whether `tool` forwards its work and answers with an outcome. */
export function isForwardingTool(tool: ToolProtocol): tool is ForwardingTool {
  return typeof (tool as Partial<ForwardingTool>).invokeForwarded === "function";
}
