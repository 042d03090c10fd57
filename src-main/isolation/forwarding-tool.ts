/**
 * The main side's stand-in for a tool that runs in the plugin host: its metadata, known here, and
 * an `invokeForwarded` that answers with the host's outcome as data (core/forwarding.ts), which
 * the registry turns into the same result an in-process run gives.
 */
import { ToolError } from "../core/errors.ts";
import type { ForwardedOutcome, ForwardingTool } from "../core/forwarding.ts";
import type { ToolContext } from "../core/protocol.ts";
import type { HostedToolInfo } from "./host-messages.ts";

/** Runs one tool in the host. */
export type HostCall = (params: unknown, ctx: ToolContext) => Promise<ForwardedOutcome>;

/** A forwarding tool for `info`, whose calls go through `call`. */
export function forwardingTool(info: HostedToolInfo, call: HostCall): ForwardingTool {
  const tool: ForwardingTool = {
    metadata: info.metadata,
    invokeForwarded: call,
    // For callers that run a tool themselves (the protocol's `invoke`): a value or a ToolError.
    invoke: async (params, ctx) => outcomeValue(await call(params, ctx)),
  };
  if (info.validateParamsType !== "undefined" && info.validateParamsType !== "function") {
    // Keep the registry's check: a validateParams that is not a function is refused.
    (tool as { validateParams?: unknown }).validateParams = info.validateParamsType;
  }
  return tool;
}

function outcomeValue(outcome: ForwardedOutcome): unknown {
  if (outcome.ok) return outcome.value;
  switch (outcome.kind) {
    case "threw":
      throw new ToolError(outcome.message, {
        ...(outcome.details !== undefined ? { details: outcome.details } : {}),
        ...(outcome.hint !== undefined ? { hint: outcome.hint } : {}),
      });
    case "invalid-params":
      throw new ToolError("invalid parameters", { details: { problems: outcome.problems } });
    case "broken-contract":
      throw new ToolError(outcome.message, { details: { rule: "validateParams" } });
    case "unserializable":
      throw new ToolError(`the result cannot be serialised: ${outcome.reason}`, {
        details: { pointer: outcome.pointer },
      });
  }
}
