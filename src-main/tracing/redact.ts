/**
 * Secret redaction: a deep copy of a value with the values of secret-looking keys replaced, so no
 * sink (local store, Langfuse, OTLP) ever sees them. The original is never touched.
 */
import { MAX_JSON_DEPTH } from "../core/json-limits.ts";

/** What replaces a secret value. */
export const REDACTED = "[REDACTED]";

/** Keys redacted by default (matched case-insensitively, ignoring `_` and `-`, as a suffix). */
export const DEFAULT_REDACT_KEYS: readonly string[] = [
  "api_key",
  "apiKey",
  "authorization",
  "password",
  "passwd",
  "token",
  "secret",
  "private_key",
  "passphrase",
  "cookie",
  "credentials",
  "credential",
];

/** Lowercase without `_`, `-` or spaces: `API_KEY`, `apiKey` and `api-key` are one key. */
function normalize(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, "");
}

/** Decides, per key, whether its value is a secret. */
export type KeyMatcher = (key: string) => boolean;

/**
 * A matcher for the default keys plus `extra`. A key matches when, normalised, it equals or ends
 * with a listed key: `access_token`, `client_secret` and `OPENAI_API_KEY` are caught, while
 * `max_tokens` (which only contains "token") is not.
 */
export function createKeyMatcher(extra: readonly string[] = []): KeyMatcher {
  const keys = [...new Set([...DEFAULT_REDACT_KEYS, ...extra].map(normalize))].filter(
    (k) => k !== "",
  );
  const cache = new Map<string, boolean>();
  return (key) => {
    let hit = cache.get(key);
    if (hit === undefined) {
      const n = normalize(key);
      hit = keys.some((k) => n === k || n.endsWith(k));
      if (cache.size < 10_000) cache.set(key, hit);
    }
    return hit;
  };
}

const defaultMatcher = createKeyMatcher();

/** What replaces a value nested deeper than MAX_JSON_DEPTH (the registry refuses those anyway). */
export const TOO_DEEP = "[nested too deep]";

/**
 * Returns a deep copy of `value` (plain objects and arrays, up to MAX_JSON_DEPTH levels) in which
 * the value of every key the matcher accepts is `"[REDACTED]"`. Objects are copied as JSON would
 * see them (own enumerable keys, `toJSON` followed); a cycle becomes `"[Circular]"`, anything
 * deeper than the limit `"[nested too deep]"`, so a hostile value cannot overflow the stack here.
 */
export function redact(value: unknown, matcher: KeyMatcher = defaultMatcher): unknown {
  return copy(value, matcher, new Set());
}

function copy(value: unknown, matcher: KeyMatcher, ancestors: Set<object>): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (ancestors.has(value)) return "[Circular]";
  if (ancestors.size >= MAX_JSON_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) {
    ancestors.add(value);
    const out = value.map((item) => copy(item, matcher, ancestors));
    ancestors.delete(value);
    return out;
  }
  // Whatever a sink will serialise is what must be clean: follow toJSON (a Date becomes its string).
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") {
    ancestors.add(value);
    const out = copy(toJSON.call(value), matcher, ancestors);
    ancestors.delete(value);
    return out;
  }
  ancestors.add(value);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = matcher(key) ? REDACTED : copy(item, matcher, ancestors);
  }
  ancestors.delete(value);
  return out;
}
