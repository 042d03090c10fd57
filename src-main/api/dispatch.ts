/**
 * One door for every transport: Electron's IPC and the web host hand a call's name and arguments
 * here and get back an outcome — the result, or one error shape — which they carry unchanged. So
 * an unknown call, a bad argument and a failing handler look the same over both transports.
 */
import type { z } from "zod";
import { findTooDeep, MAX_JSON_DEPTH } from "../core/json-limits.ts";
import { ARGUMENT_NAMES, CALL_ARGUMENTS } from "./call-arguments.ts";
import { type CallErrorCode, callHint, isCallError } from "./call-error.ts";
import type { RESULT_SCHEMAS } from "./call-results.ts";
import type { WorkbenchCallName, WorkbenchCalls } from "./contract.ts";
import type { WorkbenchService } from "./workbench-service.ts";

export type { CallErrorCode } from "./call-error.ts";

/**
 * The one error shape of the API, over IPC and HTTP alike. The codes and their default hints are
 * catalogued in core/error-catalogue.ts: UNKNOWN_CALL and VALIDATION_ERROR from here, a handler's
 * CallError with its own code, CALL_FAILED for anything else a handler throws, and RESULT_SCHEMA
 * for a result that does not fit its schema (checked only when asked: `checkResults`).
 */
export interface CallFailure {
  code: CallErrorCode;
  /** Starts with the call's name: `invoke: request.name: expected a string`. */
  message: string;
  hint?: string;
  /** The request field at fault, when the handler named one. */
  field?: string;
  details?: Record<string, unknown>;
}

export type CallOutcome = { ok: true; result: unknown } | { ok: false; error: CallFailure };

// Every call has a schema, and each schema's output fits the handler's parameters.
type ArgumentSchemas = { [K in WorkbenchCallName]: z.ZodType<Parameters<WorkbenchCalls[K]>> };
const SCHEMAS: ArgumentSchemas = CALL_ARGUMENTS;

// Every call has a result schema, and each one's output is what the contract says the call gives
// (a type-level check: the schemas are loaded only when results are checked).
type ResultSchemas = {
  [K in WorkbenchCallName]: z.ZodType<Awaited<ReturnType<WorkbenchCalls[K]>>>;
};
type Fits<T extends ResultSchemas> = T;
export type CheckedResultSchemas = Fits<typeof RESULT_SCHEMAS>;

/** How `dispatch` runs a call. */
export interface DispatchOptions {
  /**
   * Checks the handler's result against the call's result schema (call-results.ts); one that
   * does not fit fails the call with RESULT_SCHEMA naming the call and the field. For tests (the
   * web host's suite turns it on); the hosts leave it off, as the types already hold the service.
   */
  checkResults?: boolean;
}

/** Whether `name` is a call of the API (own property: never `toString` or `__proto__`). */
export function isCallName(name: string): name is WorkbenchCallName {
  return Object.hasOwn(SCHEMAS, name);
}

/** Checks `args` against the call's schema, runs it, and answers with an outcome; never throws. */
export async function dispatch(
  service: Pick<WorkbenchService, "calls">,
  name: string,
  args: unknown,
  options: DispatchOptions = {},
): Promise<CallOutcome> {
  if (!isCallName(name)) {
    return failure("UNKNOWN_CALL", `no API call ${JSON.stringify(name)}`, callHint("UNKNOWN_CALL"));
  }
  // Zod, Ajv, redaction and JSON.stringify behind the handlers all recurse into arguments.
  const tooDeep = findTooDeep(args, MAX_JSON_DEPTH + 2);
  if (tooDeep !== undefined) {
    return failure(
      "VALIDATION_ERROR",
      `${name}: the arguments are nested deeper than ${MAX_JSON_DEPTH} levels (at ${tooDeep.slice(0, 200)})`,
      "flatten them",
    );
  }
  if (!Array.isArray(args))
    return failure("VALIDATION_ERROR", `${name}: the arguments must be an array`);
  const parsed = SCHEMAS[name].safeParse(args);
  if (!parsed.success) {
    return failure(
      "VALIDATION_ERROR",
      `${name}: ${describeIssue(name, parsed.error.issues[0])}`,
      callHint("VALIDATION_ERROR"),
    );
  }
  const call = service.calls[name] as (...a: unknown[]) => Promise<unknown>;
  let result: unknown;
  try {
    result = (await call(...(parsed.data as unknown[]))) ?? null;
  } catch (error) {
    if (isCallError(error)) {
      const { code, message, hint, field, details } = error;
      return {
        ok: false,
        error: {
          code,
          message: `${name}: ${message}`,
          ...(hint ? { hint } : {}),
          ...(field ? { field } : {}),
          ...(details ? { details } : {}),
        },
      };
    }
    // Thrown without a code: CALL_FAILED, keeping a hint the error carries.
    const hint = (error as { hint?: unknown } | null)?.hint;
    return failure(
      "CALL_FAILED",
      `${name}: ${error instanceof Error ? error.message : String(error)}`,
      typeof hint === "string" ? hint : undefined,
    );
  }
  if (options.checkResults) {
    const { RESULT_SCHEMAS: schemas } = await import("./call-results.ts");
    const checked = (schemas[name] as z.ZodType).safeParse(result);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const field = issue?.path.length ? issue.path.map(String).join(".") : undefined;
      const hint = callHint("RESULT_SCHEMA");
      return {
        ok: false,
        error: {
          code: "RESULT_SCHEMA",
          message: `${name}: result${field ? `.${field}` : ""}: ${issue?.message ?? "does not fit"}`,
          ...(hint ? { hint } : {}),
          ...(field ? { field } : {}),
        },
      };
    }
  }
  return { ok: true, result };
}

function failure(code: CallErrorCode, message: string, hint?: string): CallOutcome {
  return { ok: false, error: { code, message, ...(hint ? { hint } : {}) } };
}

/** `request.name: expected string, received number` — the argument by name, then the field. */
function describeIssue(name: WorkbenchCallName, issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return "the arguments do not fit";
  const [index, ...field] = issue.path;
  if (index === undefined) {
    // The tuple itself: too many or too few arguments.
    const expected = CALL_ARGUMENTS[name].def.items.length;
    return `takes ${expected} argument${expected === 1 ? "" : "s"} (${issue.message})`;
  }
  const argument = ARGUMENT_NAMES[name]?.[Number(index)] ?? `argument ${Number(index) + 1}`;
  const where = [argument, ...field.map(String)].join(".");
  return `${where}: ${issue.message.replace(/^Invalid (input|option): /, "")}`;
}
