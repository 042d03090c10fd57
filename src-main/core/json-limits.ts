/**
 * How deep and how large the values crossing the registry may be. Parameters and results end up
 * in recursive code — Ajv, redaction, JSON.stringify in history, traces and every host — where a
 * value nested 200,000 levels deep (it fits in 1 MiB) overflows the stack. So parameters are
 * measured here without recursion before anything else sees them, and results are held to the
 * same depth and to a size cap, so that one 200 MB result is not copied into every sink.
 */
import type { ToolFailure } from "./errors.ts";

/** Deepest nesting of objects and arrays accepted in parameters and results. */
export const MAX_JSON_DEPTH = 256;

/** Default cap on a result's serialised size: 32 MiB. */
export const DEFAULT_MAX_RESULT_BYTES = 32 * 1024 * 1024;

/** The environment variable that changes the result cap (bytes). */
export const MAX_RESULT_BYTES_ENV = "AGENTIC_MAX_RESULT_BYTES";

/** The result cap: `AGENTIC_MAX_RESULT_BYTES` when it is a positive integer, else 32 MiB. */
export function maxResultBytes(env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number(env[MAX_RESULT_BYTES_ENV]);
  return Number.isSafeInteger(configured) && configured > 0 ? configured : DEFAULT_MAX_RESULT_BYTES;
}

/** "32 MiB", "512 KiB" or "100 bytes", for messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

interface Frame {
  value: unknown;
  depth: number;
  key: string;
  parent: Frame | undefined;
}

/**
 * The JSON pointer of the first object or array nested deeper than `maxDepth` (the top-level
 * object is level 1), or undefined. Iterative, so it is safe on any depth; a cycle counts as
 * too deep.
 */
export function findTooDeep(value: unknown, maxDepth = MAX_JSON_DEPTH): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const stack: Frame[] = [{ value, depth: 1, key: "", parent: undefined }];
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    if (frame.depth > maxDepth) return pointerOf(frame);
    const node = frame.value as Record<string, unknown>;
    for (const key of Object.keys(node)) {
      const child = node[key];
      if (typeof child === "object" && child !== null) {
        stack.push({ value: child, depth: frame.depth + 1, key, parent: frame });
      }
    }
  }
  return undefined;
}

/** A VALIDATION_ERROR for parameters nested too deep, or undefined when they are not. */
export function tooDeepParams(tool: string, params: unknown): ToolFailure | undefined {
  const pointer = findTooDeep(params);
  if (pointer === undefined) return undefined;
  const where = pointer.length > 300 ? `${pointer.slice(0, 300)}…` : pointer;
  const message = `nested deeper than ${MAX_JSON_DEPTH} levels`;
  return {
    code: "VALIDATION_ERROR",
    message: `${tool}: invalid parameters: ${message} at ${where}`,
    details: { problems: [{ pointer, rule: "maxDepth", message }] },
    hint: `flatten the parameters: at most ${MAX_JSON_DEPTH} levels of objects and arrays are accepted`,
  };
}

function pointerOf(frame: Frame): string {
  const keys: string[] = [];
  for (let f: Frame | undefined = frame; f?.parent; f = f.parent) {
    keys.push(f.key.replaceAll("~", "~0").replaceAll("/", "~1"));
  }
  return keys.length === 0 ? "" : `/${keys.reverse().join("/")}`;
}
