/**
 * The package entry, `agentic-workbench` — the seed's `plugin_system/__init__.py`: one import
 * line gets a plugin author or an integrator the whole public API.
 *
 *   import { ToolRegistry, PluginLoader, createWorkbench } from "agentic-workbench";
 *
 * Plugins loaded by the workbench get a lighter module under the same name (core/plugin-api.ts:
 * `defineTool`, `ToolError` and the protocol types), so loading a plugin never loads the app.
 */

export type {
  AgentResult,
  AgentRunInput,
  AgentStep,
  ApprovalPolicy,
  Approver,
} from "./agent/types.ts";
export { AgentInputError, runAgentOn } from "./api/agent-service.ts";
export type { HistoryEntry, InvokeResult } from "./api/contract.ts";
export { createWorkbench, type Workbench, type WorkbenchOptions } from "./api/workbench.ts";
export { CalculatorTool } from "./builtin/calculator.ts";
export { fileRead } from "./builtin/file-read.ts";
export { fileWrite } from "./builtin/file-write.ts";
export { gitDiff } from "./builtin/git-diff.ts";
export { gitStatus } from "./builtin/git-status.ts";
export { builtinTools } from "./builtin/index.ts";
export { defineTool, type ParamsOf, type ToolDefinition } from "./core/define-tool.ts";
export {
  type ErrorCode,
  RegistrationError,
  ToolError,
  type ToolFailure,
  ToolInvocationError,
} from "./core/errors.ts";
export { PluginLoader, type PluginLoaderOptions } from "./core/loader.ts";
export type { Logger } from "./core/logger.ts";
export {
  type Invocation,
  type InvocationMiddleware,
  MIDDLEWARE_ORDER,
  type NamedMiddleware,
} from "./core/middleware.ts";
export type {
  JsonSchema,
  ParamProblem,
  ProgressUpdate,
  RegisteredTool,
  ToolAnnotations,
  ToolContext,
  ToolMetadata,
  ToolProtocol,
  ValidateParamsReturn,
} from "./core/protocol.ts";
export { type InvokeOptions, type ListFilter, ToolRegistry } from "./core/registry.ts";
export type { InvocationResult } from "./core/result.ts";
export {
  type CompletionRequest,
  type CompletionResult,
  LLMCompletionError,
  type LLMMessage,
  LLMProxy,
  llmTools,
} from "./llm/index.ts";
export { TraceStore } from "./tracing/trace-store.ts";
