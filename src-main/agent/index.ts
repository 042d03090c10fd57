/** The agent runner: a model ↔ tools loop through the LLM proxy and the registry (see runner.ts). */
export { AgentInputError } from "./agent-input-error.ts";
export { needsApproval } from "./approval.ts";
export { DEFAULT_MAX_STEPS, runAgent } from "./runner.ts";
export { matchesPattern, selectTools } from "./tool-selection.ts";
export type * from "./types.ts";
