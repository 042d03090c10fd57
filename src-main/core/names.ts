/**
 * Tool names are `@scope/name`. Each part: lowercase letters, digits, `-`, `_`, `.`, starting
 * with a letter or digit, at most 64 characters. One scope, one name: `@math/calculator`.
 * The rule keeps names safe as file names, URL segments and (mapped) MCP tool names.
 */
const PART = /^[a-z0-9][a-z0-9._-]*$/;
const MAX_PART = 64;

/** Returns why `name` is not a valid tool name, or undefined when it is. */
export function toolNameProblem(name: unknown): string | undefined {
  if (typeof name !== "string" || name.length === 0) return "the name is missing or not a string";
  if (!name.startsWith("@")) return `"${name}" must start with "@", as in "@scope/name"`;
  const parts = name.slice(1).split("/");
  if (parts.length !== 2) {
    return `"${name}" must have exactly one scope and one name, as in "@scope/name"`;
  }
  for (const [label, part] of [
    ["scope", parts[0]],
    ["name", parts[1]],
  ] as const) {
    if (!part) return `"${name}" has an empty ${label}`;
    if (part.length > MAX_PART) return `the ${label} of "${name}" is longer than ${MAX_PART}`;
    if (!PART.test(part)) {
      return `the ${label} "${part}" of "${name}" may hold only lowercase letters, digits, "-", "_" and "." and must start with a letter or digit`;
    }
  }
  return undefined;
}

/** The scope of a valid tool name: `@math/calculator` → `math`. */
export function scopeOf(name: string): string {
  return name.slice(1, name.indexOf("/"));
}
