/** Invocation results: what `registry.invoke` returns instead of throwing. */
import type { ToolFailure } from "./errors.ts";
import {
  formatBytes,
  MAX_JSON_DEPTH,
  MAX_RESULT_BYTES_ENV,
  maxResultBytes,
} from "./json-limits.ts";

interface ResultCommon {
  /** Unique id of this invocation (given by the caller or generated). */
  invocationId: string;
  /** Wall-clock time from the start of the call to its end, in milliseconds. */
  durationMs: number;
  /** USD charged: `costPerInvocation` plus any cost the tool added; 0 when the tool never ran. */
  cost: number;
  /** The trace this invocation is recorded in (set when the tracing middleware is attached). */
  traceId?: string;
  /** Things the user should know that did not fail the call, e.g. history could not be written. */
  warnings?: string[];
}

/** The tool ran and returned `value`. */
export interface InvocationSuccess<T = unknown> extends ResultCommon {
  ok: true;
  value: T;
}

/** The invocation failed; `error.code` says how. */
export interface InvocationFailure extends ResultCommon {
  ok: false;
  error: ToolFailure;
}

/** The outcome of one invocation. */
export type InvocationResult<T = unknown> = InvocationSuccess<T> | InvocationFailure;

/** Limits findUnserializable holds a result to (see json-limits.ts). */
export interface ResultLimits {
  maxDepth: number;
  maxBytes: number;
}

/**
 * Returns where `value` stops being faithfully JSON-serialisable (BigInt, function, symbol,
 * a cycle, a non-finite number), is nested deeper than `maxDepth` or grows past `maxBytes`
 * serialised, as a JSON pointer with the reason; undefined when it is fine. The depth bound also
 * bounds this function's own recursion.
 */
export function findUnserializable(
  value: unknown,
  limits: ResultLimits = { maxDepth: MAX_JSON_DEPTH, maxBytes: maxResultBytes() },
): { pointer: string; reason: string } | undefined {
  // The common case (a primitive) must stay cheap: it is on every invocation's path.
  const type = typeof value;
  if (type === "string") {
    return stringBytes(value as string) + 2 > limits.maxBytes ? tooLarge("", limits) : undefined;
  }
  if (type === "boolean" || value === null || value === undefined) return undefined;
  if (type === "number") {
    return Number.isFinite(value)
      ? undefined
      : { pointer: "", reason: `${value} is not valid JSON` };
  }
  return walk(value, "", new Set(), { limits, bytes: 0, depth: 0 });
}

interface WalkState {
  readonly limits: ResultLimits;
  /** Serialised size so far (a close estimate: escapes are not counted). */
  bytes: number;
  depth: number;
}

/** UTF-8 length, counted exactly only where it can matter (long strings). */
function stringBytes(text: string): number {
  return text.length < 256 ? text.length : Buffer.byteLength(text, "utf8");
}

function tooLarge(pointer: string, limits: ResultLimits): { pointer: string; reason: string } {
  return {
    pointer,
    reason: `it is larger than the result cap of ${formatBytes(limits.maxBytes)} serialised (return less, e.g. a page or a file path; ${MAX_RESULT_BYTES_ENV} sets the cap in bytes)`,
  };
}

function walk(
  value: unknown,
  pointer: string,
  ancestors: Set<object>,
  state: WalkState,
): { pointer: string; reason: string } | undefined {
  switch (typeof value) {
    case "bigint":
      return { pointer, reason: "a BigInt cannot be serialised" };
    case "function":
      return { pointer, reason: "a function cannot be serialised" };
    case "symbol":
      return { pointer, reason: "a symbol cannot be serialised" };
    case "string":
      state.bytes += stringBytes(value) + 2;
      return state.bytes > state.limits.maxBytes ? tooLarge(pointer, state.limits) : undefined;
    case "number":
      state.bytes += 8;
      return Number.isFinite(value) ? undefined : { pointer, reason: `${value} is not valid JSON` };
    case "object": {
      if (value === null) return undefined;
      if (ancestors.has(value)) return { pointer, reason: "the value contains a cycle" };
      if (typeof (value as { toJSON?: unknown }).toJSON === "function") return undefined;
      if (state.depth >= state.limits.maxDepth) {
        return {
          pointer,
          reason: `it is nested deeper than ${state.limits.maxDepth} levels of objects and arrays`,
        };
      }
      ancestors.add(value);
      state.depth++;
      state.bytes += 2;
      try {
        if (Array.isArray(value)) {
          for (let i = 0; i < value.length; i++) {
            state.bytes += 1;
            const found = walk(value[i], `${pointer}/${i}`, ancestors, state);
            if (found) return found;
          }
        } else {
          for (const key of Object.keys(value)) {
            state.bytes += stringBytes(key) + 4;
            const found = walk(
              (value as Record<string, unknown>)[key],
              `${pointer}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`,
              ancestors,
              state,
            );
            if (found) return found;
          }
        }
        return state.bytes > state.limits.maxBytes ? tooLarge(pointer, state.limits) : undefined;
      } finally {
        state.depth--;
        ancestors.delete(value);
      }
    }
    default:
      return undefined;
  }
}
