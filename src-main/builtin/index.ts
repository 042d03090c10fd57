/** The built-in tools, registered by every host at start-up. */
import type { ToolProtocol } from "../core/protocol.ts";
import { CalculatorTool } from "./calculator.ts";
import { fileRead } from "./file-read.ts";
import { fileWrite } from "./file-write.ts";
import { gitDiff } from "./git-diff.ts";
import { gitStatus } from "./git-status.ts";
import { PROTECTED_PATHS_SERVICE, unprotectedFromEnv } from "./protected-paths.ts";

/** Fresh instances of every built-in tool. */
export function builtinTools(): ToolProtocol[] {
  return [new CalculatorTool(), fileRead, fileWrite, gitStatus, gitDiff] as ToolProtocol[];
}

/**
 * What the built-in tools need from the host through `ctx.services`: the app's own folders,
 * which the file tools refuse to plant files in, and the rules the user lifted on purpose.
 */
export function builtinServices(
  agenticHome: string,
  pluginDirs: () => readonly string[],
  env: NodeJS.ProcessEnv,
): Record<string, unknown> {
  return {
    [PROTECTED_PATHS_SERVICE]: { agenticHome, pluginDirs, unprotect: unprotectedFromEnv(env) },
  };
}
