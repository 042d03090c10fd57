/**
 * What plugin authors import as `agentic-workbench` (the loader aliases the name to this file):
 * `defineTool`, `ToolError` and the protocol types.
 */
export { defineTool, type ParamsOf, type ToolDefinition } from "./define-tool.ts";
export { ToolError } from "./errors.ts";
export type {
  JsonSchema,
  ParamProblem,
  ProgressUpdate,
  ToolAnnotations,
  ToolContext,
  ToolMetadata,
  ToolProtocol,
} from "./protocol.ts";
