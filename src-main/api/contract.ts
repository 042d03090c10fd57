/**
 * The Workbench API contract: the one file of types the renderer imports. Handlers implement it
 * once over the core (workbench-service.ts); `dispatch` (dispatch.ts) checks each call's arguments
 * against its schema and is the one door for the Electron preload and the web host.
 * Only types here (and the list of call names), so importing it pulls no main-process code into
 * the renderer. Request types are inferred from the schemas `dispatch` checks (call-arguments.ts).
 */
import type { z } from "zod";
import type { AgentResult, AgentStep } from "../agent/types.ts";
import type { ToolFailure } from "../core/errors.ts";
import type { PluginReport } from "../core/plugin-report.ts";
import type {
  JsonSchema,
  ParamProblem,
  ProgressUpdate,
  ToolAnnotations,
} from "../core/protocol.ts";
import type { ExportFormat, ToolExport } from "../interop/tool-export.ts";
import type { LLMOverview } from "../llm/types.ts";
import type { Mismatch as TestMismatch } from "../testing/expectations.ts";
import type { Expectation as TestExpectation } from "../testing/suite-format.ts";
import type { TraceRecord, TracingHealth } from "../tracing/trace-types.ts";
import type {
  agentApproveRequest,
  agentRunRequest,
  historyQuery,
  invokeRequest,
  langfuseSettings,
  toolListFilter,
  traceListQuery,
} from "./call-arguments.ts";

export type {
  AgentResult,
  AgentStep,
  ApprovalPolicy,
  GenerationStep,
  StopReason,
  ToolStep,
} from "../agent/types.ts";
export type { ErrorCode, ToolFailure } from "../core/errors.ts";
export type { PluginRecord, PluginReport } from "../core/plugin-report.ts";
export type {
  JsonSchema,
  ParamProblem,
  ProgressUpdate,
  ToolAnnotations,
} from "../core/protocol.ts";
export type { ExportFormat, ToolExport } from "../interop/tool-export.ts";
export type { Plan, PlanStep } from "../llm/planner-tool.ts";
export type {
  CompletionFailure,
  CompletionResult,
  CompletionSuccess,
  LLMAttempt,
  LLMDeployment,
  LLMModelGroup,
  LLMOverview,
} from "../llm/types.ts";
/** One expectation a result broke: expected vs got, and a diff by JSON path for values. */
export type { Mismatch as TestMismatch } from "../testing/expectations.ts";
/** What a test case expects of its result (see the README's "Tool test suites"). */
export type { Expectation as TestExpectation } from "../testing/suite-format.ts";
export type {
  ExporterHealth,
  Observation,
  TraceRecord,
  TracingHealth,
} from "../tracing/trace-types.ts";

/** Where a tool came from, for filters and badges. */
export type ToolSourceKind = "builtin" | "plugin" | "package" | "mcp";

/** A tool as the list shows it. */
export interface ToolSummary {
  name: string;
  scope: string;
  description: string;
  deterministic: boolean;
  costPerInvocation: number;
  version?: string;
  tags?: string[];
  annotations?: ToolAnnotations;
  /**
   * An agent run (and a plan run step by step) asks before calling it: it is not read-only, or it
   * is destructive. The rule is the runner's (agent/approval.ts), given here so no client repeats it.
   */
  needsApproval: boolean;
  /** `builtin`, `file:<path>`, `package:<name>`, `mcp:<server>`. */
  source: string;
  sourceKind: ToolSourceKind;
}

/** A tool with its schemas, for the tool view and its form. */
export interface ToolDetail extends ToolSummary {
  parametersSchema: JsonSchema;
  resultSchema?: JsonSchema;
  timeoutMs?: number;
}

/** One invocation request; the caller picks the id so it can cancel before the result arrives. */
export type InvokeRequest = z.infer<typeof invokeRequest>;

/** The outcome of one invocation, as it crosses the API. */
export type InvokeResult =
  | {
      ok: true;
      value: unknown;
      durationMs: number;
      cost: number;
      invocationId: string;
      traceId?: string;
      /** Things the user should know that did not fail the call (history not written, ...). */
      warnings?: string[];
    }
  | {
      ok: false;
      error: ToolFailure;
      durationMs: number;
      cost: number;
      invocationId: string;
      traceId?: string;
      /** Things the user should know that did not fail the call (history not written, ...). */
      warnings?: string[];
    };

/** One finished invocation, as history keeps it (across restarts). */
export interface HistoryEntry {
  invocationId: string;
  tool: string;
  params: unknown;
  ok: boolean;
  value?: unknown;
  error?: ToolFailure;
  durationMs: number;
  cost: number;
  /** ISO time the invocation started. */
  startedAt: string;
  /** The trace of this invocation, to open it in Traces. */
  traceId?: string;
  /** Who asked: `ui`, `cli`, `mcp`, `agent`, `test`, or `api` (a script). */
  origin?: string;
}

/** Filters for `listTools`. */
export type ToolListFilter = z.infer<typeof toolListFilter>;

/** Filters for `history`. */
export type HistoryQuery = z.infer<typeof historyQuery>;

/** Count and cost of a set of invocations. */
export interface CostTotal {
  count: number;
  cost: number;
}

/** Cost totals since the app started and for all time, and per tool. */
export interface CostTotals {
  session: CostTotal;
  allTime: CostTotal;
  perTool: {
    tool: string;
    count: number;
    medianDurationMs: number;
    totalCost: number;
    failures: number;
  }[];
}

/** Filters for the trace list. */
export type TraceListQuery = z.infer<typeof traceListQuery>;

/** One trace in the list (its observations are fetched with `trace`). */
export interface TraceSummary {
  traceId: string;
  tool: string;
  invocationId: string;
  status: "ok" | "error";
  startTime: string;
  durationMs: number;
  cost: number;
  observationCount: number;
}

/** A trace with its Langfuse link, when Langfuse is configured and the project is known. */
export type TraceDetail = TraceRecord & { langfuseUrl?: string };

/** The trace pipeline's health and where its traces can be opened. */
export interface TracingStatus {
  health: TracingHealth;
  /**
   * Present when Langfuse is configured; `projectId` once known (configured or looked up);
   * `source` says whether the settings come from the environment or were saved in the UI. The
   * secret key never crosses the API.
   */
  langfuse: {
    baseUrl: string;
    publicKey: string;
    projectId?: string;
    source: "env" | "settings";
  } | null;
  /** The environment sets LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY: they win at start-up. */
  langfuseEnvConfigured?: boolean;
}

/** Langfuse settings as given in the UI; saved to `$AGENTIC_HOME/settings.json`. */
export type LangfuseSettings = z.infer<typeof langfuseSettings>;

/** About this running workbench. */
export interface WorkbenchInfo {
  /** Which host serves the API: the two the renderer meets, or the command line. */
  host: "web" | "electron" | "cli";
  version: string;
  workspaceRoot: string;
  agenticHome: string;
  pluginDirs: string[];
  /** Whether the host can pick a workspace folder with a dialog (Electron). */
  canChooseWorkspace: boolean;
}

/**
 * A file in the workspace the app would use — `mcp.json` (servers it starts) or
 * `litellm_config.yaml` (where prompts and keys go) — and whether the user has trusted this content.
 */
export interface WorkspaceTrustItem {
  kind: "mcp" | "llm-config";
  path: string;
  /** SHA-256 of the content shown; trusting names it, so a file changed since is not trusted. */
  sha256: string;
  /** Whether using it needs trust: an mcp.json with servers, a config reading environment variables. */
  needsTrust: boolean;
  /** Whether this exact content was trusted. */
  trusted: boolean;
  /** mcp.json: the servers it would start (command and args) or connect to (url). */
  servers?: {
    name: string;
    command?: string;
    args?: string[];
    url?: string;
    /** Names of the environment variables it sets for the server (not their values). */
    env?: string[];
  }[];
  /** litellm_config.yaml: the environment variables it reads (`os.environ/NAME`). */
  envVars?: string[];
}

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

/** What `checkLangfuse` found: the project the keys open, or what to fix (`field`) and why. */
export type LangfuseCheck =
  | { ok: true; projectId: string }
  | { ok: false; field: keyof LangfuseSettings | "settings"; message: string };

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

/** One case of a suite file. */
export interface TestCaseInfo {
  name: string;
  tool: string;
  params: Record<string, unknown>;
  /** `"golden"`: not recorded yet (Update goldens records it). */
  expect: TestExpectation | "golden";
  golden: boolean;
  skip: boolean;
  serial: boolean;
}

/** One suite file; `path` is relative to agentic-tests/, with `/` separators. */
export interface TestSuiteInfo {
  path: string;
  name: string;
  cases: TestCaseInfo[];
}

/** A suite file that could not be read: each problem names the case and the field. */
export interface MalformedTestSuite {
  path: string;
  problems: string[];
  hint: string;
}

/** The workspace's suites. */
export interface TestSuites {
  /** The absolute path of agentic-tests/ (it may not exist yet). */
  folder: string;
  suites: TestSuiteInfo[];
  malformed: MalformedTestSuite[];
}

/** Which cases to run: all (no `suite`), one suite, or one case of it. */
export interface TestRunRequest {
  suite?: string;
  case?: string;
}

/** One case's outcome. */
export interface TestCaseOutcome {
  suite: string;
  name: string;
  tool: string;
  status: "passed" | "failed" | "skipped";
  durationMs: number;
  cost: number;
  traceId?: string;
  mismatches: TestMismatch[];
  /** Update goldens wrote this case's result into its file. */
  recorded?: boolean;
}

/** A run's outcome, case by case in file order. */
export interface TestRunReport {
  cases: TestCaseOutcome[];
  passed: number;
  failed: number;
  skipped: number;
  recorded: number;
  durationMs: number;
  /** Files not run because they are malformed. */
  malformed: MalformedTestSuite[];
}

/** A case to add to `suite` (a file name relative to agentic-tests/; created if missing). */
export interface SaveTestCaseRequest {
  suite: string;
  name: string;
  tool: string;
  params: Record<string, unknown>;
  expect: TestExpectation | "golden";
}

/**
 * Where the case went and the suites as they are now; or, refused (a taken name, a malformed
 * file, a path outside agentic-tests/, a field the format refuses), why and what to do — an
 * answer the form shows, not a failed request.
 */
export type SavedTestCase =
  | { ok: true; path: string; created: boolean; suites: TestSuites }
  | { ok: false; message: string; hint?: string };
