/**
 * Lets natively imported plugins `import { defineTool } from "agentic-workbench"`: a resolve hook
 * (node:module's registerHooks, Node ≥ 22.15) for this thread that answers that one name with the
 * plugin API module. Where the hook is missing, native imports are not offered (jiti's alias
 * serves every plugin instead).
 */
import * as nodeModule from "node:module";
import { pathToFileURL } from "node:url";

type RegisterHooks = (hooks: {
  resolve: (
    specifier: string,
    context: unknown,
    next: (specifier: string, context: unknown) => unknown,
  ) => unknown;
}) => unknown;

let registeredFor: string | undefined;

/** Registers the hook once per thread; false when this Node cannot. */
export function resolvePluginApiNatively(pluginApiModule: string): boolean {
  if (registeredFor !== undefined) return registeredFor === pluginApiModule;
  const registerHooks = (nodeModule as unknown as { registerHooks?: RegisterHooks }).registerHooks;
  if (typeof registerHooks !== "function") return false;
  const url = pathToFileURL(pluginApiModule).href;
  registerHooks({
    resolve: (specifier, context, next) =>
      specifier === "agentic-workbench" ? { url, shortCircuit: true } : next(specifier, context),
  });
  registeredFor = pluginApiModule;
  return true;
}
