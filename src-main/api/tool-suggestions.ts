/** "Did you mean" over the registry, one answer for every host (UI, CLI, MCP). */
import type { ToolRegistry } from "../core/registry.ts";
import { suggestNames } from "../core/suggestions.ts";

/**
 * Registered names close to `name`: first those that contain it (`calculator` →
 * `@math/calculator`: the short name a user types where the full one is needed), then near
 * misspellings. `name` itself is never suggested.
 */
export function suggestToolNames(registry: ToolRegistry, name: string, limit = 3): string[] {
  const known = registry.list().map((t) => t.metadata.name);
  const wanted = name.trim();
  const containing = wanted ? known.filter((n) => n !== wanted && n.includes(wanted)) : [];
  const close = suggestNames(wanted, known, limit).filter((n) => n !== wanted);
  return [...new Set([...containing, ...close])].slice(0, limit);
}
