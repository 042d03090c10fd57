/** The built-in tools, registered by every host at start-up. */
import type { ToolProtocol } from "../core/protocol.ts";
import { CalculatorTool } from "./calculator.ts";
import { fileRead } from "./file-read.ts";
import { fileWrite } from "./file-write.ts";
import { gitDiff } from "./git-diff.ts";
import { gitStatus } from "./git-status.ts";

/** Fresh instances of every built-in tool. */
export function builtinTools(): ToolProtocol[] {
  return [new CalculatorTool(), fileRead, fileWrite, gitStatus, gitDiff] as ToolProtocol[];
}
