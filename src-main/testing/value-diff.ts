/** Deep equality and a line diff of JSON values, for `value` expectations and goldens. */

/** Whether two JSON values are equal (object key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
    return Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k as never], b[k as never]))
  );
}

/** Whether `actual` includes `partial`: every key (recursively) or array item, or a substring. */
export function containsPartial(actual: unknown, partial: unknown): boolean {
  if (typeof partial === "string") {
    return (typeof actual === "string" ? actual : (JSON.stringify(actual) ?? "")).includes(partial);
  }
  if (Array.isArray(partial)) {
    return Array.isArray(actual) && partial.every((p) => actual.some((a) => containsPartial(a, p)));
  }
  if (typeof partial === "object" && partial !== null) {
    if (typeof actual !== "object" || actual === null || Array.isArray(actual)) return false;
    return Object.entries(partial).every(
      ([k, v]) => Object.hasOwn(actual, k) && containsPartial(actual[k as never], v),
    );
  }
  return deepEqual(actual, partial);
}

/**
 * The differences between `expected` and `got` as lines, one per differing path:
 * `  $.a.b: expected 1, got 2`, `  $.c: missing`, `  $.d: unexpected`. At most `limit` lines.
 */
export function diffValues(expected: unknown, got: unknown, limit = 20): string[] {
  const lines: string[] = [];
  walk(expected, got, "$", lines);
  return lines.length > limit
    ? [...lines.slice(0, limit), `… ${lines.length - limit} more`]
    : lines;
}

function walk(expected: unknown, got: unknown, at: string, lines: string[]): void {
  if (deepEqual(expected, got)) return;
  const bothObjects =
    isRecord(expected) && isRecord(got) && Array.isArray(expected) === Array.isArray(got);
  if (!bothObjects) {
    lines.push(`${at}: expected ${show(expected)}, got ${show(got)}`);
    return;
  }
  if (Array.isArray(expected) && Array.isArray(got)) {
    const n = Math.max(expected.length, got.length);
    for (let i = 0; i < n; i++) {
      if (i >= got.length) lines.push(`${at}[${i}]: missing (expected ${show(expected[i])})`);
      else if (i >= expected.length) lines.push(`${at}[${i}]: unexpected ${show(got[i])}`);
      else walk(expected[i], got[i], `${at}[${i}]`, lines);
    }
    return;
  }
  const e = expected as Record<string, unknown>;
  const g = got as Record<string, unknown>;
  for (const key of new Set([...Object.keys(e), ...Object.keys(g)])) {
    const p = /^[A-Za-z_$][\w$]*$/.test(key) ? `${at}.${key}` : `${at}[${JSON.stringify(key)}]`;
    if (!Object.hasOwn(g, key)) lines.push(`${p}: missing (expected ${show(e[key])})`);
    else if (!Object.hasOwn(e, key)) lines.push(`${p}: unexpected ${show(g[key])}`);
    else walk(e[key], g[key], p, lines);
  }
}

function isRecord(v: unknown): v is object {
  return typeof v === "object" && v !== null;
}

/** A value shown on one line, shortened. */
export function show(value: unknown): string {
  const text = value === undefined ? "undefined" : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}
