/**
 * The renderer's client of the Workbench API over any transport (the web host's HTTP, Electron's
 * preload bridge): the same calls, and the same ApiError, whichever carries them. No DOM here, so
 * tests can drive it over the main process's `dispatch`.
 */
import type { WorkbenchClient } from "../../src-main/api/contract.ts";

/** An API error as the host reported it (the same shape over HTTP and Electron IPC). */
export class ApiError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  constructor(code: string, message: string, hint?: string) {
    super(message);
    this.code = code;
    this.hint = hint;
  }
}

/** A failure as a view shows it (ErrorView): the message, and the hint apart from it. */
export interface ShownError {
  message: string;
  hint?: string;
}

/** What a caught error shows: an ApiError's message and hint, any other error's message. */
export function shownError(error: unknown): ShownError {
  const message = error instanceof Error ? error.message : String(error);
  return error instanceof ApiError && error.hint ? { message, hint: error.hint } : { message };
}

/** One call's answer as `dispatch` gives it in the main process (see src-main/api/dispatch.ts). */
export type CallOutcome =
  | { ok: true; result: unknown }
  | { ok: false; error: { code: string; message: string; hint?: string } };

/** Carries one call to the main process and brings back its outcome. */
export type CallTransport = (name: string, args: unknown[]) => Promise<CallOutcome>;

/** A client over a transport: every property is a call by that name, plus `subscribe`. */
export function createClient(
  send: CallTransport,
  subscribe: WorkbenchClient["subscribe"],
): WorkbenchClient {
  // The list of calls lives in the contract alone: any property name is sent as a call.
  const calls = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  return new Proxy({} as WorkbenchClient, {
    get(_target, property) {
      if (property === "subscribe") return subscribe;
      if (typeof property !== "string" || property === "then") return undefined;
      let fn = calls.get(property);
      if (!fn) {
        fn = async (...args: unknown[]) => {
          const outcome = await send(property, args);
          if (outcome.ok) return outcome.result;
          throw new ApiError(outcome.error.code, outcome.error.message, outcome.error.hint);
        };
        calls.set(property, fn);
      }
      return fn;
    },
  });
}
