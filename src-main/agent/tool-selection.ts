/**
 * Which tools a run offers the model: all of them, or those matching the patterns — an exact name
 * (`@math/calculator`), a scope (`@file`, `file`) or a glob (`@git/*`, `*read*`). A pattern that
 * matches nothing is a mistake worth stopping for, not a silently smaller tool set.
 */
import type { RegisteredTool } from "../core/protocol.ts";
import { AgentInputError } from "./agent-input-error.ts";

/** The tools `patterns` select from `tools` (all when there are no patterns or one is `*`). */
export function selectTools(
  tools: RegisteredTool[],
  patterns: string[] | undefined,
): RegisteredTool[] {
  if (!patterns || patterns.length === 0 || patterns.includes("*") || patterns.includes("all")) {
    return tools;
  }
  const chosen = new Set<RegisteredTool>();
  for (const pattern of patterns) {
    const matches = tools.filter((t) => matchesPattern(t.metadata.name, pattern));
    if (matches.length === 0) {
      throw new AgentInputError(`no tool matches ${JSON.stringify(pattern)}`, {
        field: "tools",
        hint: "give a tool name (@math/calculator), a scope (@file) or a glob (@git/*); `agentic tools list` shows the names",
      });
    }
    for (const t of matches) chosen.add(t);
  }
  // The registry's order, not the patterns': the model sees a stable list.
  return tools.filter((t) => chosen.has(t));
}

/** Whether `name` (`@scope/tool`) matches one pattern. */
export function matchesPattern(name: string, pattern: string): boolean {
  if (pattern.includes("*") || pattern.includes("?")) return globToRegExp(pattern).test(name);
  if (pattern === name) return true;
  const scope = pattern.startsWith("@") ? pattern.slice(1) : pattern;
  return !scope.includes("/") && name.startsWith(`@${scope}/`);
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\/]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`);
}
