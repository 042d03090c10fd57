/**
 * The one error class of the API layer: a handler that refuses a call throws a CallError with a
 * code of the catalogue (core/error-catalogue.ts), a message naming the field, tool, file or run at
 * fault, and a hint kept apart from the message. `dispatch` answers it with that code and hint;
 * anything else thrown is CALL_FAILED.
 */
import { CALL_ERRORS, type CallErrorCode, callHint } from "../core/error-catalogue.ts";

export { CALL_ERRORS, type CallErrorCode, callHint } from "../core/error-catalogue.ts";

const CALL_ERROR_BRAND = Symbol.for("agentic-workbench.CallError");

export class CallError extends Error {
  readonly code: CallErrorCode;
  /** What the user can do: the options' hint, else the code's default hint in the catalogue. */
  readonly hint: string | undefined;
  /** The request field at fault (`maxSteps`, `runId`), when there is one. */
  readonly field: string | undefined;
  /** Code-specific data (plain JSON). */
  readonly details: Record<string, unknown> | undefined;
  /** A brand that survives module duplication (bundled hosts, test doubles). */
  readonly [CALL_ERROR_BRAND] = true;

  constructor(
    code: CallErrorCode,
    message: string,
    options: { hint?: string; field?: string; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = "CallError";
    this.code = code;
    this.hint = options.hint ?? callHint(code);
    this.field = options.field;
    this.details = options.details;
  }
}

/** Whether `thrown` is a CallError (by its brand, so a second copy of this module counts too). */
export function isCallError(thrown: unknown): thrown is CallError {
  return (
    typeof thrown === "object" &&
    thrown !== null &&
    (thrown as Record<symbol, unknown>)[CALL_ERROR_BRAND] === true &&
    Object.hasOwn(CALL_ERRORS, (thrown as { code?: unknown }).code as string)
  );
}
