/** Invocation results: what `registry.invoke` returns instead of throwing. */
import type { ToolFailure } from "./errors.ts";

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

/**
 * Returns where `value` stops being faithfully JSON-serialisable (BigInt, function, symbol,
 * a cycle, a non-finite number), as a JSON pointer with the reason; undefined when it is fine.
 */
export function findUnserializable(
  value: unknown,
): { pointer: string; reason: string } | undefined {
  // The common case (a primitive) must stay cheap: it is on every invocation's path.
  const type = typeof value;
  if (type === "string" || type === "boolean" || value === null || value === undefined) {
    return undefined;
  }
  if (type === "number") {
    return Number.isFinite(value)
      ? undefined
      : { pointer: "", reason: `${value} is not valid JSON` };
  }
  return walk(value, "", new Set());
}

function walk(
  value: unknown,
  pointer: string,
  ancestors: Set<object>,
): { pointer: string; reason: string } | undefined {
  switch (typeof value) {
    case "bigint":
      return { pointer, reason: "a BigInt cannot be serialised" };
    case "function":
      return { pointer, reason: "a function cannot be serialised" };
    case "symbol":
      return { pointer, reason: "a symbol cannot be serialised" };
    case "number":
      return Number.isFinite(value) ? undefined : { pointer, reason: `${value} is not valid JSON` };
    case "object": {
      if (value === null) return undefined;
      if (ancestors.has(value)) return { pointer, reason: "the value contains a cycle" };
      if (typeof (value as { toJSON?: unknown }).toJSON === "function") return undefined;
      ancestors.add(value);
      try {
        if (Array.isArray(value)) {
          for (let i = 0; i < value.length; i++) {
            const found = walk(value[i], `${pointer}/${i}`, ancestors);
            if (found) return found;
          }
        } else {
          for (const key of Object.keys(value)) {
            const found = walk(
              (value as Record<string, unknown>)[key],
              `${pointer}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`,
              ancestors,
            );
            if (found) return found;
          }
        }
      } finally {
        ancestors.delete(value);
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
