/**
 * The LLM layer: the proxy (LiteLLM or direct), its config, and the two tools built on it.
 * The composition root creates one LLMProxy (`LLMProxy.fromConfigFile`), hands it to tools as `services.llm` and
 * register `llmTools(registry)` as built-ins.
 */
import type { ToolProtocol } from "../core/protocol.ts";
import { completeTool } from "./complete-tool.ts";
import { createPlannerTool, type ToolCatalog } from "./planner-tool.ts";

export {
  type LLMConfig,
  LLMConfigError,
  llmConfigEnvReferences,
  loadLLMConfig,
  resolveLLMConfigPath,
} from "./config.ts";
export {
  type ConfigFile,
  DEFAULT_LITELLM_BASE_URL,
  LLMCompletionError,
  LLMProxy,
  type LLMProxyOptions,
} from "./llm-proxy.ts";
export type { Plan, PlanStep, PlanStepStatus, ToolCatalog } from "./planner-tool.ts";
export type * from "./types.ts";

/** The LLM tools (`@llm/complete`, `@llm/planner`); the planner checks plans against `catalog`. */
export function llmTools(catalog: ToolCatalog): ToolProtocol[] {
  return [completeTool as ToolProtocol, createPlannerTool(catalog)];
}
