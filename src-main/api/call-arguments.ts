/**
 * The Workbench API's requests as schemas: what each call accepts, checked at the boundary by
 * `dispatch` before a handler runs, so a handler sees typed values (no `String(x)` casts) and a
 * caller with a wrong argument hears which call, which argument and which field. The request
 * types of the contract are inferred from these schemas, so the two cannot drift apart.
 */
import { z } from "zod";
import type { Expectation } from "../testing/suite-format.ts";

const approvalPolicy = z.enum(["none", "readonly", "all"]);
const traceStatus = z.enum(["ok", "error"]);

export const invokeRequest = z.object({
  name: z.string().min(1),
  /** Checked by the tool's own schema in the registry, which names the failing field. */
  params: z.unknown(),
  invocationId: z.string().min(1),
  timeoutMs: z.number().int().nonnegative().optional(),
  /** Who asks, recorded in history: default `ui` (the renderer). */
  origin: z.string().optional(),
});

export const toolListFilter = z.object({
  /** Case-insensitive match on name, description and tags. */
  search: z.string().optional(),
  /** Scope without `@`, e.g. `math`. */
  scope: z.string().optional(),
  deterministicOnly: z.boolean().optional(),
});

/** Formats `exportTools` knows (the interop layer's, listed again here for the boundary). */
export const EXPORT_FORMATS = ["openai", "anthropic", "mcp"] as const;

export const historyQuery = z.object({
  tool: z.string().optional(),
  status: traceStatus.optional(),
  /** Newest first; default 200. */
  limit: z.number().int().positive().optional(),
});

export const traceListQuery = z.object({
  tool: z.string().optional(),
  status: traceStatus.optional(),
  /** Newest first; default 100; `traces` gives at most 1,000, `traceRecords` 10,000. */
  limit: z.number().int().positive().optional(),
});

export const agentRunRequest = z.object({
  /** The caller's id for the run: `cancel(runId)` stops it, `agent-step` events name it. */
  runId: z.string().min(1),
  prompt: z.string(),
  system: z.string().optional(),
  modelGroup: z.string(),
  /** Tool names, scopes or globs; all tools when absent. */
  tools: z.array(z.string()).optional(),
  maxSteps: z.number().optional(),
  maxCostUsd: z.number().optional(),
  /**
   * `readonly` (the default) asks about each call of a tool that writes with an `agent-approval`
   * event and waits for `agentApprove`; `none` refuses such calls, `all` runs them.
   */
  approval: approvalPolicy.optional(),
  /**
   * Whether the caller answers `agent-approval` events (default true). False — nobody is there to
   * ask, e.g. a CLI without a terminal — makes `readonly` refuse such calls by policy, unasked.
   */
  askForApproval: z.boolean().optional(),
  simulateFailure: z.boolean().optional(),
});

export const agentApproveRequest = z.object({
  runId: z.string(),
  approvalId: z.string(),
  /** `approve-all` approves this call and every later one of the same run. */
  answer: z.enum(["approve", "refuse", "approve-all"]),
});

export const testRunRequest = z.object({
  /** A suite's path under agentic-tests/; all suites when absent. */
  suite: z.string().optional(),
  /** One case of that suite, by name. */
  case: z.string().optional(),
});

const plainObject = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * A case to save. The expectation's fields are checked against the suite format by the handler,
 * whose refusal names the field and is an answer the form shows, not a failed request.
 */
export const saveTestCaseRequest = z.object({
  suite: z.string(),
  name: z.string(),
  tool: z.string(),
  params: z.record(z.string(), z.unknown()),
  expect: z.union([
    z.literal("golden"),
    // Its fields are the handler's to check, against the suite format's own JSON Schema.
    z.custom<Expectation>(plainObject, { message: 'an expectation object or "golden"' }),
  ]),
});

/**
 * Langfuse settings as given in the UI. Their values (an http(s) URL, keys that open a project)
 * are checked by `parseLangfuseSettings`, whose errors name the field as the form shows it, and
 * `checkLangfuse` answers a wrong value with `{ ok: false, field }` rather than failing.
 */
export const langfuseSettings = z.object({
  /** An http(s) URL, e.g. `http://localhost:3000`. */
  baseUrl: z.string(),
  publicKey: z.string(),
  secretKey: z.string(),
  /** For trace links; looked up through Langfuse's public API when absent. */
  projectId: z.string().optional(),
});

/** Each call's arguments, in order. */
export const CALL_ARGUMENTS = {
  info: z.tuple([]),
  listTools: z.tuple([toolListFilter.optional()]),
  getTool: z.tuple([z.string()]),
  suggestTools: z.tuple([z.string()]),
  exportTools: z.tuple([z.enum(EXPORT_FORMATS), toolListFilter.optional()]),
  validate: z.tuple([z.string(), z.unknown()]),
  invoke: z.tuple([invokeRequest]),
  cancel: z.tuple([z.string()]),
  history: z.tuple([historyQuery.optional()]),
  costTotals: z.tuple([]),
  pluginReport: z.tuple([]),
  reloadPlugins: z.tuple([]),
  chooseWorkspace: z.tuple([]),
  traces: z.tuple([traceListQuery.optional()]),
  traceRecords: z.tuple([traceListQuery.optional()]),
  trace: z.tuple([z.string()]),
  tracingStatus: z.tuple([]),
  configureLangfuse: z.tuple([langfuseSettings.nullable()]),
  checkLangfuse: z.tuple([langfuseSettings]),
  llmOverview: z.tuple([z.boolean().optional()]),
  workspaceTrust: z.tuple([]),
  trustWorkspaceFile: z.tuple([z.string(), z.string()]),
  revokeWorkspaceTrust: z.tuple([]),
  agentRun: z.tuple([agentRunRequest]),
  agentApprove: z.tuple([agentApproveRequest]),
  testSuites: z.tuple([]),
  runTests: z.tuple([testRunRequest.optional()]),
  saveTestCase: z.tuple([saveTestCaseRequest]),
  updateGoldens: z.tuple([testRunRequest.optional()]),
} as const;

/** How an argument is named in an error: the parameter's name where it says more than its index. */
export const ARGUMENT_NAMES: Partial<Record<keyof typeof CALL_ARGUMENTS, readonly string[]>> = {
  listTools: ["filter"],
  getTool: ["name"],
  suggestTools: ["name"],
  exportTools: ["format", "filter"],
  validate: ["name", "params"],
  invoke: ["request"],
  cancel: ["invocationId"],
  history: ["query"],
  traces: ["query"],
  traceRecords: ["query"],
  trace: ["traceId"],
  configureLangfuse: ["settings"],
  checkLangfuse: ["settings"],
  llmOverview: ["refresh"],
  trustWorkspaceFile: ["path", "sha256"],
  agentRun: ["request"],
  agentApprove: ["request"],
  runTests: ["request"],
  saveTestCase: ["request"],
  updateGoldens: ["request"],
};
