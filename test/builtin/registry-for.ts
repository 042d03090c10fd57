/** Shared by the built-in tool tests: a registry with the built-ins, and result unwrapping. */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { builtinTools } from "../../src-main/builtin/index.ts";
import type { ToolFailure } from "../../src-main/core/errors.ts";
import { ToolRegistry } from "../../src-main/core/registry.ts";
import type { InvocationResult } from "../../src-main/core/result.ts";

/** A registry confined to `workspaceRoot` holding every built-in tool. */
export function registryFor(workspaceRoot: string): ToolRegistry {
  const registry = new ToolRegistry({ workspaceRoot });
  for (const tool of builtinTools()) registry.register(tool);
  return registry;
}

/** The value of a successful result; fails the test with the error when it was not. */
export function okValue<T = Record<string, unknown>>(result: InvocationResult): T {
  if (!result.ok) {
    throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  }
  return result.value as T;
}

/** The error of a failed result; fails the test with the value when it succeeded. */
export function failureOf(result: InvocationResult): ToolFailure {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return result.error;
}

/** Every entry below `dir`, relative to it; symbolic links are listed, never followed. */
export async function entriesUnder(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    out.push(relative);
    if (entry.isDirectory()) out.push(...(await entriesUnder(dir, relative)));
  }
  return out;
}
