/**
 * Tool calling on the wire: our messages as the OpenAI Chat Completions API spells them
 * (`tool_calls`, `tool_call_id`, content null beside tool calls), and the tool calls of an answer
 * read back. Kept apart from chat-endpoint.ts so plain-text chat reads as it did.
 */
import { MalformedResponseError } from "./attempt-failure.ts";
import type { LLMMessage, LLMToolCall } from "./types.ts";

/** Messages in the API's shape; plain text messages pass through unchanged. */
export function toWireMessages(messages: LLMMessage[]): Record<string, unknown>[] {
  return messages.map((m) => {
    if (m.role === "tool") {
      return { role: "tool", tool_call_id: m.toolCallId ?? "", content: m.content };
    }
    if (m.role === "assistant" && m.toolCalls && m.toolCalls.length > 0) {
      return {
        role: "assistant",
        // Some servers refuse "" beside tool calls; null is what the API documents.
        content: m.content === "" ? null : m.content,
        tool_calls: m.toolCalls.map((c) => ({
          id: c.id,
          type: "function",
          function: { name: c.name, arguments: c.arguments },
        })),
      };
    }
    return { role: m.role, content: m.content };
  });
}

/** The tool calls of `choices[0].message`; throws MalformedResponseError on a broken entry. */
export function readToolCalls(message: unknown): LLMToolCall[] {
  const raw = (message as { tool_calls?: unknown } | undefined)?.tool_calls;
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    throw new MalformedResponseError("the body's choices[0].message.tool_calls is not an array");
  }
  return raw.map((entry, i) => {
    const call = entry as { id?: unknown; function?: { name?: unknown; arguments?: unknown } };
    const name = call.function?.name;
    if (typeof name !== "string" || name === "") {
      throw new MalformedResponseError(`tool_calls[${i}] has no function.name`);
    }
    const args = call.function?.arguments;
    return {
      // A missing id would leave the answer unmatched; a made-up one keeps the pair together.
      id: typeof call.id === "string" && call.id !== "" ? call.id : `call_${i}`,
      name,
      arguments: typeof args === "string" ? args : JSON.stringify(args ?? {}),
    };
  });
}
