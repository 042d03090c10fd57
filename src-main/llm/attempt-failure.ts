/**
 * What went wrong in one call to an OpenAI-compatible endpoint, from what the `openai` SDK threw:
 * refused, timed out, rate limited, a server error, a malformed body... Each outcome decides
 * whether the router retries (see `isRetryable`), and every message is scrubbed of secrets.
 */
import type { APIError } from "openai";
import type { AttemptOutcome } from "./types.ts";

/** A classified failure of one attempt. */
export interface AttemptFailure {
  outcome: AttemptOutcome;
  message: string;
  status?: number;
  headers?: Headers;
}

/** Thrown by our own checks when a 2xx body is not a chat completion. */
export class MalformedResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedResponseError";
  }
}

/** Outcomes after which the same group is tried again (LiteLLM retries these too). */
export function isRetryable(outcome: AttemptOutcome): boolean {
  return (
    outcome === "refused" ||
    outcome === "connection_error" ||
    outcome === "timeout" ||
    outcome === "rate_limited" ||
    outcome === "server_error" ||
    outcome === "malformed"
  );
}

/** Classifies what the SDK (or our body check) threw. */
export function classifyFailure(
  thrown: unknown,
  timeoutMs: number,
  sdk: Pick<
    typeof import("openai"),
    "APIConnectionError" | "APIConnectionTimeoutError" | "APIError" | "APIUserAbortError"
  >,
): AttemptFailure {
  const { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } = sdk;
  if (thrown instanceof APIUserAbortError) return { outcome: "cancelled", message: "cancelled" };
  if (thrown instanceof APIConnectionTimeoutError) {
    return { outcome: "timeout", message: `no answer within ${timeoutMs} ms` };
  }
  if (thrown instanceof APIConnectionError) {
    const code = causeCode(thrown);
    if (code === "ECONNREFUSED") {
      return { outcome: "refused", message: "connection refused (nothing listens there)" };
    }
    return {
      outcome: "connection_error",
      message: `connection failed${code ? ` (${code})` : ""}: ${causeMessage(thrown)}`,
    };
  }
  if (thrown instanceof APIError && typeof thrown.status === "number") {
    const status = thrown.status;
    const detail = errorBodyMessage(thrown) ?? thrown.message;
    const headers = thrown.headers instanceof Headers ? thrown.headers : undefined;
    const outcome: AttemptOutcome =
      status === 429
        ? "rate_limited"
        : status >= 500
          ? "server_error"
          : status === 408
            ? "timeout"
            : "client_error";
    return {
      outcome,
      status,
      message: `HTTP ${status}: ${detail}`,
      ...(headers ? { headers } : {}),
    };
  }
  if (thrown instanceof MalformedResponseError)
    return { outcome: "malformed", message: thrown.message };
  if (thrown instanceof SyntaxError) {
    return { outcome: "malformed", message: `the body is not valid JSON: ${thrown.message}` };
  }
  return {
    outcome: "connection_error",
    message: thrown instanceof Error ? thrown.message : String(thrown),
  };
}

/** The `code` of the error under an APIConnectionError (undici wraps it: cause.cause.code). */
function causeCode(error: Error): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^E[A-Z]+$/.test(code)) return code;
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors)) {
      for (const inner of errors) {
        const innerCode = (inner as { code?: unknown }).code;
        if (typeof innerCode === "string") return innerCode;
      }
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function causeMessage(error: Error): string {
  let current: unknown = error.cause;
  let message = error.message;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    message = current.message || message;
    current = current.cause;
  }
  return message;
}

/** `{error: {message}}` (OpenAI, LiteLLM) or `{error: "..."}` (Ollama) from an error body. */
function errorBodyMessage(error: APIError): string | undefined {
  const body = error.error as { message?: unknown; error?: unknown } | undefined;
  if (!body || typeof body !== "object") return undefined;
  if (typeof body.message === "string") return body.message;
  if (typeof body.error === "string") return body.error;
  return undefined;
}

/**
 * Removes secrets from text that may reach the user, the history or a trace: every known key
 * value, and anything shaped like an `sk-` key.
 */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join("[redacted]");
  }
  return out.replace(/\bsk-[A-Za-z0-9_-]{6,}/g, "sk-[redacted]");
}
