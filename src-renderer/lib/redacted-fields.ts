/**
 * History stores secret-looking parameters as "[REDACTED]". Opened in the form again, such a value
 * must not be sent as if it were the secret: it is taken out, and its field named so the user
 * fills it in again.
 */

/** The placeholder the main side writes in place of a secret (tracing/redact.ts). */
const REDACTED = "[REDACTED]";

/** `params` without redacted values, and the dotted paths of the fields that were redacted. */
export function withoutRedacted(params: unknown): { params: unknown; fields: string[] } {
  const fields: string[] = [];
  const walk = (value: unknown, path: string): unknown => {
    if (value === REDACTED) {
      fields.push(path || "(parameters)");
      return undefined;
    }
    if (Array.isArray(value)) return value.map((item, i) => walk(item, `${path}[${i}]`));
    if (typeof value === "object" && value !== null) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        const cleaned = walk(item, path ? `${path}.${key}` : key);
        if (cleaned !== undefined) out[key] = cleaned;
      }
      return out;
    }
    return value;
  };
  return { params: walk(params, ""), fields };
}
