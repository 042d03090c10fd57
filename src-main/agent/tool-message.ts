/**
 * What the model is told about each tool call: the value, or the failure with its code, message,
 * hint and the details that let it correct itself (the failing fields of a VALIDATION_ERROR, the
 * did-you-mean of a NOT_FOUND). Long values are cut so one result cannot fill the context.
 */
import type { AgentMessage, ToolStep } from "./types.ts";

/** Characters of one tool result the model gets at most. */
const MAX_TOOL_MESSAGE_CHARS = 16_000;

/** The `tool` message answering one call. */
export function toolMessage(step: Pick<ToolStep, "callId" | "outcome">): AgentMessage {
  let content: string;
  if (step.outcome.ok) {
    const value = step.outcome.value;
    content = typeof value === "string" ? value : (JSON.stringify(value) ?? "null");
  } else {
    const { code, message, hint } = step.outcome.error;
    const details = "details" in step.outcome.error ? step.outcome.error.details : undefined;
    content = JSON.stringify({
      error: { code, message, ...(hint ? { hint } : {}), ...(details ? { details } : {}) },
    });
  }
  if (content.length > MAX_TOOL_MESSAGE_CHARS) {
    content = `${content.slice(0, MAX_TOOL_MESSAGE_CHARS)}… (cut: ${content.length} characters in all)`;
  }
  return { role: "tool", toolCallId: step.callId, content };
}
