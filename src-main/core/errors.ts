/** Error codes every invocation failure carries; the UI, CLI and MCP map them, never parse text. */
export type ErrorCode =
  | "NOT_FOUND"
  | "VALIDATION_ERROR"
  | "TIMEOUT"
  | "CANCELLED"
  | "TOOL_ERROR"
  | "RESULT_NOT_SERIALIZABLE";

/** A failure as it travels in results: plain data, safe to serialise. */
export interface ToolFailure {
  code: ErrorCode;
  message: string;
  /** Code-specific data: `problems` for validation, `suggestions` for NOT_FOUND, ... */
  details?: Record<string, unknown>;
  /** What the user can do about it. */
  hint?: string;
}

const TOOL_ERROR_BRAND = Symbol.for("agentic-workbench.ToolError");

/**
 * An error a tool may throw to fail with a message meant for the user (and optional details).
 * Anything else thrown is reported as TOOL_ERROR too, with its message.
 */
export class ToolError extends Error {
  readonly details?: Record<string, unknown>;
  readonly hint?: string;
  /** A brand that survives module duplication (a plugin's copy of this class is another class). */
  readonly [TOOL_ERROR_BRAND] = true;
  constructor(message: string, options: { details?: Record<string, unknown>; hint?: string } = {}) {
    super(message);
    this.name = "ToolError";
    this.details = options.details;
    this.hint = options.hint;
  }
}

/**
 * The details and hint of a thrown ToolError — recognised by its brand, not `instanceof`, since a
 * plugin loaded through jiti gets its own copy of the class.
 */
export function toolErrorFields(thrown: unknown): {
  details?: Record<string, unknown>;
  hint?: string;
} {
  if (
    typeof thrown !== "object" ||
    thrown === null ||
    (thrown as Record<symbol, unknown>)[TOOL_ERROR_BRAND] !== true
  ) {
    return {};
  }
  const { details, hint } = thrown as { details?: unknown; hint?: unknown };
  return {
    ...(typeof details === "object" && details !== null
      ? { details: details as Record<string, unknown> }
      : {}),
    ...(typeof hint === "string" ? { hint } : {}),
  };
}

/**
 * Thrown by `ToolRegistry.get(name).invoke(params)` (the seed's call style, which expects a value
 * or an exception) when the invocation failed; carries the code and the whole result.
 */
export class ToolInvocationError extends ToolError {
  readonly code: ErrorCode;
  /** The failed invocation's result (its traceId included, when it was traced). */
  readonly result: {
    ok: false;
    error: ToolFailure;
    invocationId: string;
    traceId?: string;
    durationMs: number;
    cost: number;
  };
  constructor(result: ToolInvocationError["result"]) {
    super(result.error.message, {
      ...(result.error.details ? { details: result.error.details } : {}),
      ...(result.error.hint ? { hint: result.error.hint } : {}),
    });
    this.name = "ToolInvocationError";
    this.code = result.error.code;
    this.result = result;
  }
}

/** Thrown by `register` and the loader when a tool cannot be registered. */
export class RegistrationError extends Error {
  readonly reason: RegistrationFailureReason;
  constructor(reason: RegistrationFailureReason, message: string) {
    super(message);
    this.name = "RegistrationError";
    this.reason = reason;
  }
}

/** Why a registration was refused. */
export type RegistrationFailureReason =
  | "INVALID_NAME"
  | "INVALID_METADATA"
  | "INVALID_SCHEMA"
  | "DUPLICATE_NAME";

/** Turns anything thrown into a message without losing the non-Error case. */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message || thrown.name;
  if (typeof thrown === "string") return thrown;
  try {
    return `non-Error value thrown: ${JSON.stringify(thrown)}`;
  } catch {
    return `non-Error value thrown: ${String(thrown)}`;
  }
}
