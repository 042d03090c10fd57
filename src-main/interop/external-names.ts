/**
 * Our tool names (`@scope/name`, see core/names.ts) as the names other tool APIs accept: MCP
 * (`[A-Za-z0-9_.-]`, up to 128), OpenAI and Anthropic function names (`[A-Za-z0-9_-]`, up to 64).
 *
 * The mapping, one for all three:
 *   `@scope/name` → `<scope>__<name>`, where in the scope `_` is written `U` and in both parts `.`
 *   is written `D`.
 * Our names hold no upper-case letters, so `U` and `D` are unambiguous escapes; the encoded scope
 * holds no `_`, so the first `_` of an external name always starts the `__` separator. Hence the
 * mapping is a bijection onto its image: `@math/calculator` ↔ `math__calculator`,
 * `@mcp-fs/read_file` ↔ `mcp-fs__read_file`, `@my_tools/v1.2` ↔ `myUtools__v1D2`.
 *
 * A name whose encoding is longer than the API allows (only possible for very long names) becomes
 * `<first characters>_H<8 hex of a SHA-256 of the full name>`; that form is reversed by looking it
 * up among the registered names (`fromExternalName(external, knownNames)`).
 */
import { createHash } from "node:crypto";
import { toolNameProblem } from "../core/names.ts";

/** Longest name each API accepts. */
export const EXTERNAL_NAME_LIMITS = { mcp: 128, openai: 64, anthropic: 64 } as const;

/** An API whose tool names we map to. */
export type ExternalNameTarget = keyof typeof EXTERNAL_NAME_LIMITS;

const EXTERNAL = /^[A-Za-z0-9_-]+$/;

/** `@scope/name` → the external name (see the module comment); throws on an invalid name. */
export function toExternalName(name: string, maxLength: number = EXTERNAL_NAME_LIMITS.openai) {
  const problem = toolNameProblem(name);
  if (problem) throw new Error(`cannot map an invalid tool name: ${problem}`);
  const slash = name.indexOf("/");
  const scope = name.slice(1, slash).replaceAll("_", "U").replaceAll(".", "D");
  const rest = name.slice(slash + 1).replaceAll(".", "D");
  const encoded = `${scope}__${rest}`;
  if (encoded.length <= maxLength) return encoded;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 8);
  return `${encoded.slice(0, maxLength - 10)}_H${hash}`;
}

/**
 * The external name → `@scope/name`, or undefined when it is not one of ours. A shortened
 * (hashed) name is resolved only among `knownNames`; pass them whenever you have them.
 */
export function fromExternalName(
  external: string,
  knownNames?: Iterable<string>,
): string | undefined {
  if (knownNames) {
    for (const known of knownNames) {
      if (toolNameProblem(known)) continue;
      if (
        toExternalName(known, EXTERNAL_NAME_LIMITS.mcp) === external ||
        toExternalName(known, EXTERNAL_NAME_LIMITS.openai) === external
      ) {
        return known;
      }
    }
  }
  if (!EXTERNAL.test(external)) return undefined;
  const sep = external.indexOf("_");
  if (sep <= 0 || external[sep + 1] !== "_") return undefined;
  const scope = external.slice(0, sep);
  const rest = external.slice(sep + 2);
  if (/[A-Z]/.test(rest.replaceAll("D", ""))) return undefined;
  if (/[A-CE-TV-Z]/.test(scope)) return undefined;
  const name = `@${scope.replaceAll("U", "_").replaceAll("D", ".")}/${rest.replaceAll("D", ".")}`;
  if (toolNameProblem(name)) return undefined;
  // A decoded name must encode back to the same text, or it was never one of ours.
  return toExternalName(name, Number.MAX_SAFE_INTEGER) === external ? name : undefined;
}

/**
 * A tool name of ours for a foreign tool: lower-cased, every run of characters outside
 * `[a-z0-9._-]` replaced by `-`, leading non-alphanumerics dropped, cut to 64 characters.
 * Returns undefined when nothing usable is left.
 */
export function normaliseNamePart(raw: string): string | undefined {
  const cleaned = raw
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "")
    .slice(0, 64);
  return cleaned.length > 0 ? cleaned : undefined;
}
