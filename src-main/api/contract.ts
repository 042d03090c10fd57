/**
 * The Workbench API contract: the one file of types the renderer imports. Handlers implement it
 * once over the core (workbench-service.ts); `dispatch` (dispatch.ts) checks each call's arguments
 * against its schema and is the one door for the Electron preload and the web host.
 * Only types here (and the list of call names), so importing it pulls no main-process code into
 * the renderer. Request types are inferred from the schemas `dispatch` checks (call-arguments.ts),
 * response types from the result schemas (call-results.ts).
 */
import type { z } from "zod";
import type {
  agentApproveRequest,
  agentRunRequest,
  historyQuery,
  invokeRequest,
  langfuseSettings,
  toolListFilter,
  traceListQuery,
} from "./call-arguments.ts";
import type * as R from "./call-results.ts";

export type { ErrorCode } from "../core/errors.ts";
/** The value of `@llm/planner` (an invocation's `value`, open on the wire). */
export type { Plan, PlanStep } from "../llm/planner-tool.ts";
/** The value of `@llm/complete` (an invocation's `value`, open on the wire). */
export type { CompletionFailure, CompletionResult, CompletionSuccess } from "../llm/types.ts";

// The responses: types inferred from the result schemas (call-results.ts), the wire's shape.
// An internal type (core, tracing, llm, agent, testing) that changes does not change these:
// tsc points at the service, where the internal value is mapped to them.

export type JsonSchema = z.infer<typeof R.jsonSchema>;
export type ToolAnnotations = z.infer<typeof R.toolAnnotations>;
export type ParamProblem = z.infer<typeof R.paramProblem>;
export type ProgressUpdate = z.infer<typeof R.progressUpdate>;
/** A failed invocation's error: plain data. */
export type ToolFailure = z.infer<typeof R.toolFailure>;
/** Where a tool came from, for filters and badges. */
export type ToolSourceKind = z.infer<typeof R.toolSourceKind>;
/** A tool as the list shows it. */
export type ToolSummary = z.infer<typeof R.toolSummary>;
/** A tool with its schemas, for the tool view and its form. */
export type ToolDetail = z.infer<typeof R.toolDetail>;
export type ExportFormat = z.infer<typeof R.exportFormat>;
export type ToolExport = z.infer<typeof R.toolExport>;
/** The outcome of one invocation, as it crosses the API. */
export type InvokeResult = z.infer<typeof R.invokeResult>;
/** One finished invocation, as history keeps it (across restarts). */
export type HistoryEntry = z.infer<typeof R.historyEntry>;
/** Count and cost of a set of invocations. */
export type CostTotal = z.infer<typeof R.costTotal>;
/** Cost totals since the app started and for all time, and per tool. */
export type CostTotals = z.infer<typeof R.costTotals>;
export type PluginRecord = z.infer<typeof R.pluginRecord>;
export type PluginReport = z.infer<typeof R.pluginReport>;
export type Observation = z.infer<typeof R.observation>;
export type TraceRecord = z.infer<typeof R.traceRecord>;
/** One trace in the list (its observations are fetched with `trace`). */
export type TraceSummary = z.infer<typeof R.traceSummary>;
/** A trace with its Langfuse link, when Langfuse is configured and the project is known. */
export type TraceDetail = z.infer<typeof R.traceDetail>;
export type ExporterHealth = z.infer<typeof R.exporterHealth>;
export type TracingHealth = z.infer<typeof R.tracingHealth>;
/** The trace pipeline's health and where its traces can be opened. */
export type TracingStatus = z.infer<typeof R.tracingStatus>;
/** What `checkLangfuse` found: the project the keys open, or what to fix (`field`) and why. */
export type LangfuseCheck = z.infer<typeof R.langfuseCheck>;
/** About this running workbench. */
export type WorkbenchInfo = z.infer<typeof R.workbenchInfo>;
/** A workspace file the app would use (mcp.json, litellm_config.yaml) and whether it is trusted. */
export type WorkspaceTrustItem = z.infer<typeof R.workspaceTrustItem>;
export type LLMAttempt = z.infer<typeof R.llmAttempt>;
export type LLMDeployment = z.infer<typeof R.llmDeployment>;
export type LLMModelGroup = z.infer<typeof R.llmModelGroup>;
export type LLMOverview = z.infer<typeof R.llmOverview>;
export type ApprovalPolicy = z.infer<typeof R.approvalPolicy>;
export type StopReason = z.infer<typeof R.stopReason>;
export type GenerationStep = z.infer<typeof R.generationStep>;
export type ToolStep = z.infer<typeof R.toolStep>;
export type AgentStep = z.infer<typeof R.agentStep>;
export type AgentResult = z.infer<typeof R.agentResult>;
/** What a test case expects of its result (see the README's "Tool test suites"). */
export type TestExpectation = z.infer<typeof R.testExpectation>;
/** One expectation a result broke: expected vs got, and a diff by JSON path for values. */
export type TestMismatch = z.infer<typeof R.testMismatch>;
/** One case of a suite file. */
export type TestCaseInfo = z.infer<typeof R.testCaseInfo>;
/** One suite file; `path` is relative to agentic-tests/, with `/` separators. */
export type TestSuiteInfo = z.infer<typeof R.testSuiteInfo>;
/** A suite file that could not be read: each problem names the case and the field. */
export type MalformedTestSuite = z.infer<typeof R.malformedTestSuite>;
/** The workspace's suites. */
export type TestSuites = z.infer<typeof R.testSuites>;
/** One case's outcome. */
export type TestCaseOutcome = z.infer<typeof R.testCaseOutcome>;
/** A run's outcome, case by case in file order. */
export type TestRunReport = z.infer<typeof R.testRunReport>;
/** Where a saved case went, or why it was refused (an answer the form shows). */
export type SavedTestCase = z.infer<typeof R.savedTestCase>;

/** One invocation request; the caller picks the id so it can cancel before the result arrives. */
export type InvokeRequest = z.infer<typeof invokeRequest>;

/** Filters for `listTools`. */
export type ToolListFilter = z.infer<typeof toolListFilter>;

/** Filters for `history`. */
export type HistoryQuery = z.infer<typeof historyQuery>;

/** Filters for the trace list. */
export type TraceListQuery = z.infer<typeof traceListQuery>;

/** Langfuse settings as given in the UI; saved to `$AGENTIC_HOME/settings.json`. */
export type LangfuseSettings = z.infer<typeof langfuseSettings>;

/** An agent run as the API takes it (see the README's "Agent runner"). */
export type AgentRunRequest = z.infer<typeof agentRunRequest>;

/** The answer to one `agent-approval` event. */
export type AgentApproveRequest = z.infer<typeof agentApproveRequest>;

/** A run waits for the user to approve (or refuse) one tool call; `agentApprove` answers. */
export interface AgentApprovalEvent {
  type: "agent-approval";
  runId: string;
  approvalId: string;
  /** The model's id for the call: the `tool` step that follows carries it too. */
  callId: string;
  tool: string;
  description: string;
  params: unknown;
  readOnly: boolean;
  destructive: boolean;
  annotations?: ToolAnnotations;
}

/** Events pushed to the renderer. */
export type WorkbenchEvent =
  | { type: "tools-changed" }
  | { type: "plugins-changed"; report: PluginReport }
  | { type: "invocation-started"; invocationId: string; tool: string }
  | { type: "invocation-progress"; invocationId: string; tool: string; update: ProgressUpdate }
  | { type: "invocation-finished"; entry: HistoryEntry }
  | { type: "workspace-changed"; workspaceRoot: string }
  | { type: "agent-step"; runId: string; step: AgentStep }
  | AgentApprovalEvent;

/** The calls of the Workbench API; every one is async and carries plain JSON. */
export interface WorkbenchCalls {
  info(): Promise<WorkbenchInfo>;
  /** The tools, sorted by name; all of them, or those the filter keeps. */
  listTools(filter?: ToolListFilter): Promise<ToolSummary[]>;
  getTool(name: string): Promise<ToolDetail | null>;
  /** "Did you mean": registered names close to `name` (or containing it), best first. */
  suggestTools(name: string): Promise<string[]>;
  /**
   * The tools as function definitions for a model API (`openai`, `anthropic`) or MCP, with
   * `names` mapping each external name back to ours.
   */
  exportTools(format: ExportFormat, filter?: ToolListFilter): Promise<ToolExport>;
  /** Validates parameters with the tool's schema on the main side (no code generation in the renderer). */
  validate(name: string, params: unknown): Promise<ParamProblem[]>;
  invoke(request: InvokeRequest): Promise<InvokeResult>;
  cancel(invocationId: string): Promise<boolean>;
  history(query?: HistoryQuery): Promise<HistoryEntry[]>;
  costTotals(): Promise<CostTotals>;
  /** The workspace's test suites (agentic-tests/) with their cases; malformed files with why. */
  testSuites(): Promise<TestSuites>;
  /** Runs every suite, one suite (`suite`) or one case (`suite` + `case`), origin `test`. */
  runTests(request?: TestRunRequest): Promise<TestRunReport>;
  /** Adds a case to a suite file (created if missing); a refusal (name taken, ...) says why. */
  saveTestCase(request: SaveTestCaseRequest): Promise<SavedTestCase>;
  /** Records the results of the selected golden cases into their files (`agentic test --update`). */
  updateGoldens(request?: TestRunRequest): Promise<TestRunReport>;
  pluginReport(): Promise<PluginReport>;
  reloadPlugins(): Promise<PluginReport>;
  /** Electron only: asks the user for a folder; resolves to the new root, or null if cancelled. */
  chooseWorkspace(): Promise<string | null>;
  /** Recent traces from the local store, newest first (at most 1,000). */
  traces(query?: TraceListQuery): Promise<TraceSummary[]>;
  /**
   * Recent traces with all their observations, newest first, in one read of the store (for the
   * CLI and scripts; at most 10,000).
   */
  traceRecords(query?: TraceListQuery): Promise<TraceRecord[]>;
  /**
   * One trace with all its observations, or null when the store has no such trace. The id may be
   * shortened as the UI shows it ("3f2a9c1b…", at least 4 characters) when only one trace starts
   * with it; several are refused, naming a few.
   */
  trace(traceId: string): Promise<TraceDetail | null>;
  /** Export health (local store, Langfuse, OTLP) and the Langfuse base URL and project. */
  tracingStatus(): Promise<TracingStatus>;
  /**
   * The LLM backend: mode and why, LiteLLM's reachability, model groups with deployments and
   * fallback chains, each deployment's reachability. `refresh` probes LiteLLM again.
   * (Completions go through `invoke` of `@llm/complete`, so history and traces record them.)
   */
  llmOverview(refresh?: boolean): Promise<LLMOverview>;
  /**
   * Connects the Langfuse sink to these settings (or disconnects it: `null`) without a restart,
   * and saves them to `$AGENTIC_HOME/settings.json` (or removes them there). Invalid settings are
   * refused with an error naming the field. Resolves to the new status.
   */
  configureLangfuse(settings: LangfuseSettings | null): Promise<TracingStatus>;
  /** The workspace's mcp.json and litellm_config.yaml, each with whether it needs and has trust. */
  workspaceTrust(): Promise<WorkspaceTrustItem[]>;
  /**
   * Trusts the file at `path` with content `sha256` (as `workspaceTrust` showed it) and starts
   * using it without a restart. Refused (`TRUST_STALE`) when the file changed since.
   */
  trustWorkspaceFile(path: string, sha256: string): Promise<WorkspaceTrustItem[]>;
  /**
   * Forgets the trust of the workspace's mcp.json and litellm_config.yaml and stops using them
   * without a restart (`agentic trust --revoke`). Resolves to the paths that were trusted.
   */
  revokeWorkspaceTrust(): Promise<string[]>;
  /**
   * Asks Langfuse's project endpoint with these settings, changing nothing: does it answer, do
   * the keys open a project (and the given one). The settings form calls it before saving, so a
   * refusal is an answer rather than a failed request.
   */
  checkLangfuse(settings: LangfuseSettings): Promise<LangfuseCheck>;
  /** Runs an agent to its end; each step is also pushed as an `agent-step` event. */
  agentRun(request: AgentRunRequest): Promise<AgentResult>;
  /**
   * Answers an `agent-approval` event. Unknown runId or approvalId (the run ended, the question
   * was answered already) is an error naming the field. Resolves to true.
   */
  agentApprove(request: AgentApproveRequest): Promise<boolean>;
}

/** Name of one API call. */
export type WorkbenchCallName = keyof WorkbenchCalls;

/**
 * What the renderer holds: a client of the API — the calls plus a subscription to events. (The
 * main process side is a WorkbenchService: the same calls implemented over a Workbench, the
 * composed core.)
 */
export interface WorkbenchClient extends WorkbenchCalls {
  /** Subscribes to events; returns the unsubscribe function. */
  subscribe(listener: (event: WorkbenchEvent) => void): () => void;
}

/** The names of every call (kept in step with WorkbenchCalls; dispatch has a schema for each). */
export const WORKBENCH_CALLS = [
  "info",
  "listTools",
  "getTool",
  "suggestTools",
  "exportTools",
  "validate",
  "invoke",
  "cancel",
  "history",
  "costTotals",
  "testSuites",
  "runTests",
  "saveTestCase",
  "updateGoldens",
  "pluginReport",
  "reloadPlugins",
  "chooseWorkspace",
  "traces",
  "traceRecords",
  "trace",
  "tracingStatus",
  "configureLangfuse",
  "checkLangfuse",
  "llmOverview",
  "workspaceTrust",
  "trustWorkspaceFile",
  "revokeWorkspaceTrust",
  "agentRun",
  "agentApprove",
] as const satisfies readonly WorkbenchCallName[];

/** Type-level check that WORKBENCH_CALLS lists every call. */
type MissingCalls = Exclude<WorkbenchCallName, (typeof WORKBENCH_CALLS)[number]>;
const allCallsListed: MissingCalls extends never ? true : never = true;
void allCallsListed;

/** Which cases to run: all (no `suite`), one suite, or one case of it. */
export interface TestRunRequest {
  suite?: string;
  case?: string;
}

/** A case to add to `suite` (a file name relative to agentic-tests/; created if missing). */
export interface SaveTestCaseRequest {
  suite: string;
  name: string;
  tool: string;
  params: Record<string, unknown>;
  expect: TestExpectation | "golden";
}
