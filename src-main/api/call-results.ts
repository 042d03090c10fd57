/**
 * The Workbench API's results as schemas: what each call resolves to on the wire, plain JSON.
 * The contract's response types are inferred from these schemas (contract.ts re-exports them as
 * types), so a change to an internal type (core, tracing, llm, agent, testing) makes tsc point at
 * the edge where the service maps it, instead of silently changing what crosses the API.
 * Objects are strict: a field an internal object carries and the wire does not is caught by
 * `dispatch`'s result check (`checkResults`, on in the tests). Only genuinely open values are
 * loose: a tool's result value and parameters (`unknown`), JSON Schemas, observation metadata.
 * Longer than our ~400-line rule, on purpose: it is the whole wire shape of the API, read (and
 * reviewed) in one place, as call-arguments.ts is for the requests.
 */
import { z } from "zod";
import { INVOCATION_ERRORS } from "../core/error-catalogue.ts";
import type { ErrorCode } from "../core/errors.ts";
import { langfuseSettings } from "./call-arguments.ts";

const obj = z.strictObject;

// ---------------------------------------------------------------- shared pieces

/** A JSON Schema: an object of keywords, or `true` / `false`. Open by nature. */
export const jsonSchema = z.union([z.record(z.string(), z.unknown()), z.boolean()]);

/** Hints about side effects, carried over to MCP as `readOnlyHint` / `destructiveHint`. */
export const toolAnnotations = obj({
  /** The tool does not change its environment. */
  readOnly: z.boolean().optional(),
  /** The tool may delete or overwrite data. */
  destructive: z.boolean().optional(),
});

/** One parameter problem: the field (JSON pointer), the rule broken, and what is wrong. */
export const paramProblem = obj({
  /** JSON pointer to the field, e.g. `/b` or `` for the whole object. */
  pointer: z.string(),
  /** The rule that was broken, e.g. `required`, `minimum`, `not-zero`. */
  rule: z.string(),
  /** What is wrong, for a person. */
  message: z.string(),
});

/** A running tool's progress. */
export const progressUpdate = obj({
  progress: z.number(),
  total: z.number().optional(),
  message: z.string().optional(),
});

const errorCodes = Object.keys(INVOCATION_ERRORS) as [ErrorCode, ...ErrorCode[]];

/** A failed invocation's error: plain data. */
export const toolFailure = obj({
  code: z.enum(errorCodes),
  message: z.string(),
  /** Code-specific data: `problems` for validation, `suggestions` for NOT_FOUND, ... */
  details: z.record(z.string(), z.unknown()).optional(),
  /** What the user can do about it. */
  hint: z.string().optional(),
});

// ---------------------------------------------------------------- tools

/** Where a tool came from, for filters and badges. */
export const toolSourceKind = z.enum(["builtin", "plugin", "package", "mcp"]);

const toolSummaryShape = {
  name: z.string(),
  scope: z.string(),
  description: z.string(),
  deterministic: z.boolean(),
  costPerInvocation: z.number(),
  version: z.string().optional(),
  tags: z.array(z.string()).optional(),
  annotations: toolAnnotations.optional(),
  /**
   * An agent run (and a plan run step by step) asks before calling it: it is not read-only, or it
   * is destructive. The rule is the runner's (agent/approval.ts), given here so no client repeats it.
   */
  needsApproval: z.boolean(),
  /** `builtin`, `file:<path>`, `package:<name>`, `mcp:<server>`. */
  source: z.string(),
  sourceKind: toolSourceKind,
};

/** A tool as the list shows it. */
export const toolSummary = obj(toolSummaryShape);

/** A tool with its schemas, for the tool view and its form. */
export const toolDetail = obj({
  ...toolSummaryShape,
  parametersSchema: jsonSchema,
  resultSchema: jsonSchema.optional(),
  timeoutMs: z.number().optional(),
});

/** Formats `exportTools` knows. */
export const exportFormat = z.enum(["openai", "anthropic", "mcp"]);

/** The definitions (each format's own, open) plus the map from each external name back to ours. */
export const toolExport = obj({
  format: exportFormat,
  tools: z.array(z.unknown()),
  /** External name → our name. */
  names: z.record(z.string(), z.string()),
});

// ---------------------------------------------------------------- invocations and history

const invokeCommon = {
  durationMs: z.number(),
  cost: z.number(),
  invocationId: z.string(),
  traceId: z.string().optional(),
  /** Things the user should know that did not fail the call (history not written, ...). */
  warnings: z.array(z.string()).optional(),
};

/** The outcome of one invocation, as it crosses the API. */
export const invokeResult = z.discriminatedUnion("ok", [
  obj({ ok: z.literal(true), value: z.unknown(), ...invokeCommon }),
  obj({ ok: z.literal(false), error: toolFailure, ...invokeCommon }),
]);

/** One finished invocation, as history keeps it (across restarts). */
export const historyEntry = obj({
  invocationId: z.string(),
  tool: z.string(),
  params: z.unknown(),
  ok: z.boolean(),
  value: z.unknown().optional(),
  error: toolFailure.optional(),
  durationMs: z.number(),
  cost: z.number(),
  /** ISO time the invocation started. */
  startedAt: z.string(),
  /** The trace of this invocation, to open it in Traces. */
  traceId: z.string().optional(),
  /** Who asked: `ui`, `cli`, `mcp`, `agent`, `test`, or `api` (a script). */
  origin: z.string().optional(),
});

/** Count and cost of a set of invocations. */
export const costTotal = obj({ count: z.number(), cost: z.number() });

/** Cost totals since the app started and for all time, and per tool. */
export const costTotals = obj({
  session: costTotal,
  allTime: costTotal,
  perTool: z.array(
    obj({
      tool: z.string(),
      count: z.number(),
      medianDurationMs: z.number(),
      totalCost: z.number(),
      failures: z.number(),
    }),
  ),
});

// ---------------------------------------------------------------- plugins

const pluginFailureReason = z.enum([
  "SYNTAX_ERROR",
  "IMPORT_ERROR",
  "NO_TOOLS",
  "INVALID_TOOL",
  "INVALID_SCHEMA",
  "DUPLICATE_NAME",
  "LOAD_TIMEOUT",
  "ENTRY_NOT_FOUND",
  "MCP_START_FAILED",
  "MCP_CRASHED",
  "MCP_TIMEOUT",
  "MCP_CONFIG_INVALID",
  "UNTRUSTED",
  "CRASHED",
  "UNRESPONSIVE",
]);

/** One plugin: a file, a folder with an entry, an npm package, or an MCP server (mcp.json). */
export const pluginRecord = obj({
  /** Absolute path of the file or folder, or `mcp:<server>` (the identity across reloads). */
  id: z.string(),
  kind: z.enum(["file", "folder", "package", "mcp"]),
  /** The source string its tools carry: `file:<path>`, `package:<name>` or `mcp:<server>`. */
  source: z.string(),
  /** Declared plugin name, package name, or the file's name. */
  name: z.string(),
  version: z.string().optional(),
  status: z.enum(["loaded", "failed"]),
  /** Names of the tools it registered (kept while an isolated plugin is down). */
  tools: z.array(z.string()),
  error: obj({ reason: pluginFailureReason, message: z.string(), hint: z.string() }).optional(),
  durationMs: z.number(),
  /** ISO time of the last (re)load. */
  loadedAt: z.string(),
  /** MCP servers: the last lines the server wrote to stderr. */
  stderrTail: z.string().optional(),
  /** MCP servers and isolated plugins: the scheduled restart after a failure (attempt from 1). */
  restart: obj({ attempt: z.number(), at: z.string() }).optional(),
  /** Isolated plugins: how often this plugin took its host down since it was loaded, and the last time. */
  crashes: obj({
    count: z.number(),
    last: obj({ reason: pluginFailureReason, message: z.string(), at: z.string() }),
  }).optional(),
});

/** The whole plugin report. */
export const pluginReport = obj({
  plugins: z.array(pluginRecord),
  /** Plugin folders searched (those that exist and those that do not). */
  pluginDirs: z.array(obj({ path: z.string(), exists: z.boolean() })),
});

// ---------------------------------------------------------------- traces

/** One timed step of a trace. */
export const observation = obj({
  /** 16 hex characters (an OpenTelemetry span id). */
  id: z.string(),
  /** 32 hex characters (an OpenTelemetry trace id). */
  traceId: z.string(),
  /** The enclosing observation's id; absent for the trace's root. */
  parentId: z.string().optional(),
  name: z.string(),
  type: z.enum(["tool", "generation", "span", "agent"]),
  /** ISO 8601. */
  startTime: z.string(),
  endTime: z.string(),
  durationMs: z.number(),
  input: z.unknown().optional(),
  output: z.unknown().optional(),
  level: z.enum(["DEFAULT", "ERROR"]),
  statusMessage: z.string().optional(),
  /** Open: a few known keys, and whatever attributes the observation carries. */
  metadata: z.looseObject({
    deterministic: z.boolean().optional(),
    source: z.string().optional(),
    errorCode: z.string().optional(),
    cost: z.number().optional(),
  }),
});

const traceRecordShape = {
  traceId: z.string(),
  /** The invoked tool's name (`agent` for an agent run). */
  tool: z.string(),
  invocationId: z.string(),
  status: z.enum(["ok", "error"]),
  startTime: z.string(),
  endTime: z.string(),
  durationMs: z.number(),
  cost: z.number(),
  /** The root (`tool` or `agent`) observation first, then nested ones in the order they ended. */
  observations: z.array(observation),
  /** Where the trace was sent besides the local store (each exporter's destination). */
  sentTo: z.array(z.string()).optional(),
};

/** One finished trace with everything nested in it. */
export const traceRecord = obj(traceRecordShape);

/** A trace with its Langfuse link, when Langfuse is configured and the project is known. */
export const traceDetail = obj({ ...traceRecordShape, langfuseUrl: z.string().optional() });

/** One trace in the list (its observations are fetched with `trace`). */
export const traceSummary = obj({
  traceId: z.string(),
  tool: z.string(),
  invocationId: z.string(),
  status: z.enum(["ok", "error"]),
  startTime: z.string(),
  durationMs: z.number(),
  cost: z.number(),
  observationCount: z.number(),
});

/** One exporter's health, as the UI and CLI show it. */
export const exporterHealth = obj({
  name: z.string(),
  state: z.enum(["connected", "failing", "disabled"]),
  /** Traces (or, for exporters that report delivery, observations) delivered. */
  exported: z.number(),
  /** Dropped because a queue was full or the export failed. */
  dropped: z.number(),
  lastError: z.string().optional(),
  lastErrorAt: z.string().optional(),
  /** Why the exporter is disabled, when it is. */
  reason: z.string().optional(),
});

/** The pipeline's health: the local store and each exporter. */
export const tracingHealth = obj({
  store: obj({ recorded: z.number(), failed: z.number(), lastError: z.string().optional() }),
  exporters: z.array(exporterHealth),
});

/** The trace pipeline's health and where its traces can be opened. */
export const tracingStatus = obj({
  health: tracingHealth,
  /**
   * Present when Langfuse is configured; `projectId` once known (configured or looked up);
   * `source` says whether the settings come from the environment or were saved in the UI. The
   * secret key never crosses the API.
   */
  langfuse: obj({
    baseUrl: z.string(),
    publicKey: z.string(),
    projectId: z.string().optional(),
    source: z.enum(["env", "settings"]),
  }).nullable(),
  /** The environment sets LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY: they win at start-up. */
  langfuseEnvConfigured: z.boolean().optional(),
});

/** What `checkLangfuse` found: the project the keys open, or what to fix (`field`) and why. */
export const langfuseCheck = z.discriminatedUnion("ok", [
  obj({ ok: z.literal(true), projectId: z.string() }),
  obj({
    ok: z.literal(false),
    field: z.union([langfuseSettings.keyof(), z.literal("settings")]),
    message: z.string(),
  }),
]);

// ---------------------------------------------------------------- the workbench and its workspace

/** About this running workbench. */
export const workbenchInfo = obj({
  /** Which host serves the API: the two the renderer meets, or the command line. */
  host: z.enum(["web", "electron", "cli"]),
  version: z.string(),
  workspaceRoot: z.string(),
  agenticHome: z.string(),
  pluginDirs: z.array(z.string()),
  /** Whether the host can pick a workspace folder with a dialog (Electron). */
  canChooseWorkspace: z.boolean(),
});

/**
 * A file in the workspace the app would use — `mcp.json` (servers it starts) or
 * `litellm_config.yaml` (where prompts and keys go) — and whether the user has trusted this content.
 */
export const workspaceTrustItem = obj({
  kind: z.enum(["mcp", "llm-config"]),
  path: z.string(),
  /** SHA-256 of the content shown; trusting names it, so a file changed since is not trusted. */
  sha256: z.string(),
  /** Whether using it needs trust: an mcp.json with servers, a config reading environment variables. */
  needsTrust: z.boolean(),
  /** Whether this exact content was trusted. */
  trusted: z.boolean(),
  /** mcp.json: the servers it would start (command and args) or connect to (url). */
  servers: z
    .array(
      obj({
        name: z.string(),
        command: z.string().optional(),
        args: z.array(z.string()).optional(),
        url: z.string().optional(),
        /** Names of the environment variables it sets for the server (not their values). */
        env: z.array(z.string()).optional(),
      }),
    )
    .optional(),
  /** litellm_config.yaml: the environment variables it reads (`os.environ/NAME`). */
  envVars: z.array(z.string()).optional(),
});

// ---------------------------------------------------------------- the LLM backend

const llmMode = z.enum(["proxy", "direct"]);

/** One attempt at one deployment (or, in proxy mode, at a group LiteLLM tried). */
export const llmAttempt = obj({
  deployment: z.string(),
  modelGroup: z.string(),
  model: z.string().optional(),
  apiBase: z.string().optional(),
  outcome: z.enum([
    "ok",
    "refused",
    "connection_error",
    "timeout",
    "rate_limited",
    "server_error",
    "malformed",
    "client_error",
    "unsupported",
    "simulated",
    "failed",
    "cancelled",
  ]),
  /** Why it failed, for a person; absent when it succeeded. */
  error: z.string().optional(),
  /** HTTP status, when there was a response. */
  status: z.number().optional(),
  /** Time spent on the attempt; null when LiteLLM does not report it. */
  ms: z.number().nullable(),
});

/** One deployment of a model group (no secret: only whether it has an API key). */
export const llmDeployment = obj({
  id: z.string(),
  modelGroup: z.string(),
  model: z.string(),
  provider: z.string(),
  apiBase: z.string().optional(),
  hasApiKey: z.boolean(),
  mockResponse: z.string().optional(),
  timeoutMs: z.number(),
  inputCostPerToken: z.number(),
  outputCostPerToken: z.number(),
});

/** A model group: its deployments and the groups it falls back to, in order. */
export const llmModelGroup = obj({
  name: z.string(),
  deployments: z.array(llmDeployment),
  fallbacks: z.array(z.string()),
});

/** Everything `agentic llm models` and the UI's LLM panel show. */
export const llmOverview = obj({
  mode: llmMode,
  /** What was asked for (`auto` probes LiteLLM once). */
  preference: z.enum(["proxy", "direct", "auto"]),
  /** Why this mode, for a person. */
  reason: z.string(),
  litellm: obj({ baseUrl: z.string(), reachable: z.boolean(), hasApiKey: z.boolean() }),
  /** The config, or null when it could not be read (`configError` says why). */
  config: obj({
    path: z.string(),
    source: z.enum(["flag", "env", "workspace", "app"]),
    groups: z.array(llmModelGroup),
    numRetries: z.number(),
    retryAfterMs: z.number(),
    allowMockTestingParams: z.boolean(),
  }).nullable(),
  configError: z.string().optional(),
  /** Why the config in use is not the one expected (an untrusted workspace config). */
  configNotice: z.string().optional(),
  /** Per deployment id: whether its models route answers over HTTP (5xx: unhealthy). */
  reachability: z.record(
    z.string(),
    z.enum(["reachable", "unhealthy", "unreachable", "mock", "unchecked"]),
  ),
});

// ---------------------------------------------------------------- agent runs

/** Token counts. */
const usage = obj({
  promptTokens: z.number(),
  completionTokens: z.number(),
  totalTokens: z.number(),
});

const runError = obj({ code: z.string(), message: z.string(), hint: z.string().optional() });

/** Who decides about tools that write. */
export const approvalPolicy = z.enum(["none", "readonly", "all"]);

/** Why a run stopped. Only `final-answer` is a success. */
export const stopReason = z.enum([
  "final-answer",
  "max-steps",
  "max-cost",
  "cancelled",
  "llm-error",
]);

/** One model call. */
export const generationStep = obj({
  kind: z.literal("generation"),
  index: z.number(),
  ok: z.boolean(),
  modelGroup: z.string(),
  mode: z.string(),
  /** The deployment that answered, and its group (differs from modelGroup after a fallback). */
  deployment: z.string().optional(),
  answeredBy: z.string().optional(),
  model: z.string().optional(),
  attempts: z.array(
    obj({
      deployment: z.string(),
      modelGroup: z.string(),
      model: z.string().optional(),
      outcome: z.string(),
      error: z.string().optional(),
      status: z.number().optional(),
      ms: z.number().nullable(),
    }),
  ),
  attemptedRetries: z.number(),
  attemptedFallbacks: z.number(),
  usage,
  cost: z.number(),
  latencyMs: z.number(),
  text: z.string(),
  /** The calls the model asked for: its function name and the tool it maps to. */
  toolCalls: z.array(
    obj({
      id: z.string(),
      function: z.string(),
      tool: z.string().optional(),
      arguments: z.string(),
    }),
  ),
  finishReason: z.string().optional(),
  error: runError.optional(),
});

/** One tool call of a run. */
export const toolStep = obj({
  kind: z.literal("tool"),
  index: z.number(),
  callId: z.string(),
  /** Our name, or the function name the model used when it maps to no offered tool. */
  tool: z.string(),
  /** The parsed arguments (the raw string when they were not JSON). */
  params: z.unknown(),
  outcome: z.discriminatedUnion("ok", [
    obj({ ok: z.literal(true), value: z.unknown() }),
    obj({
      ok: z.literal(false),
      error: z.union([
        toolFailure,
        /** A call nobody approved; it never ran. */
        obj({ code: z.literal("REFUSED"), message: z.string(), hint: z.string().optional() }),
      ]),
    }),
  ]),
  durationMs: z.number(),
  cost: z.number(),
  approval: z.enum([
    "not-needed",
    "approved",
    "approved-all",
    "approved-by-policy",
    "refused",
    "refused-by-policy",
  ]),
  invocationId: z.string().optional(),
});

/** Any step. */
export const agentStep = z.discriminatedUnion("kind", [generationStep, toolStep]);

/** What a run returns. */
export const agentResult = obj({
  /** True when the model gave a final answer. */
  ok: z.boolean(),
  /** The final answer (else the model's last text, often empty). */
  text: z.string(),
  steps: z.array(agentStep),
  usage,
  /** USD. */
  cost: obj({ llm: z.number(), tools: z.number(), total: z.number() }),
  stoppedBecause: stopReason,
  /** The run's trace in the local store (absent when the run was not traced). */
  traceId: z.string().optional(),
  /** Why the run stopped, when it was not a final answer. */
  error: runError.optional(),
});

// ---------------------------------------------------------------- test suites

/** What a test case expects of its result; every key given must hold. */
export const testExpectation = obj({
  golden: z.boolean().optional(),
  ok: z.boolean().optional(),
  value: z.unknown().optional(),
  valueMatches: z.record(z.string(), z.unknown()).optional(),
  contains: z.unknown().optional(),
  code: z.string().optional(),
  message: z.string().optional(),
  maxDurationMs: z.number().optional(),
  maxCostUsd: z.number().optional(),
});

/** One expectation a result broke: expected vs got, and a diff by JSON path for values. */
export const testMismatch = obj({
  field: testExpectation.keyof(),
  expected: z.string(),
  got: z.string(),
  diff: z.array(z.string()).optional(),
});

/** One case of a suite file. */
export const testCaseInfo = obj({
  name: z.string(),
  tool: z.string(),
  params: z.record(z.string(), z.unknown()),
  /** `"golden"`: not recorded yet (Update goldens records it). */
  expect: z.union([testExpectation, z.literal("golden")]),
  golden: z.boolean(),
  skip: z.boolean(),
  serial: z.boolean(),
});

/** One suite file; `path` is relative to agentic-tests/, with `/` separators. */
export const testSuiteInfo = obj({
  path: z.string(),
  name: z.string(),
  cases: z.array(testCaseInfo),
});

/** A suite file that could not be read: each problem names the case and the field. */
export const malformedTestSuite = obj({
  path: z.string(),
  problems: z.array(z.string()),
  hint: z.string(),
});

/** The workspace's suites. */
export const testSuites = obj({
  /** The absolute path of agentic-tests/ (it may not exist yet). */
  folder: z.string(),
  suites: z.array(testSuiteInfo),
  malformed: z.array(malformedTestSuite),
});

/** One case's outcome. */
export const testCaseOutcome = obj({
  suite: z.string(),
  name: z.string(),
  tool: z.string(),
  status: z.enum(["passed", "failed", "skipped"]),
  durationMs: z.number(),
  cost: z.number(),
  traceId: z.string().optional(),
  mismatches: z.array(testMismatch),
  /** Update goldens wrote this case's result into its file. */
  recorded: z.boolean().optional(),
});

/** A run's outcome, case by case in file order. */
export const testRunReport = obj({
  cases: z.array(testCaseOutcome),
  passed: z.number(),
  failed: z.number(),
  skipped: z.number(),
  recorded: z.number(),
  durationMs: z.number(),
  /** Files not run because they are malformed. */
  malformed: z.array(malformedTestSuite),
});

/**
 * Where the case went and the suites as they are now; or, refused, why and what to do — an
 * answer the form shows, not a failed request.
 */
export const savedTestCase = z.discriminatedUnion("ok", [
  obj({ ok: z.literal(true), path: z.string(), created: z.boolean(), suites: testSuites }),
  obj({ ok: z.literal(false), message: z.string(), hint: z.string().optional() }),
]);

// ---------------------------------------------------------------- every call's result

/**
 * What each call resolves to. `dispatch` checks at the type level that there is one for every
 * call and that it fits the contract, and checks results against it when asked (`checkResults`).
 */
export const RESULT_SCHEMAS = {
  info: workbenchInfo,
  listTools: z.array(toolSummary),
  getTool: toolDetail.nullable(),
  suggestTools: z.array(z.string()),
  exportTools: toolExport,
  validate: z.array(paramProblem),
  invoke: invokeResult,
  cancel: z.boolean(),
  history: z.array(historyEntry),
  costTotals,
  testSuites,
  runTests: testRunReport,
  saveTestCase: savedTestCase,
  updateGoldens: testRunReport,
  pluginReport,
  reloadPlugins: pluginReport,
  chooseWorkspace: z.string().nullable(),
  traces: z.array(traceSummary),
  traceRecords: z.array(traceRecord),
  trace: traceDetail.nullable(),
  tracingStatus,
  configureLangfuse: tracingStatus,
  checkLangfuse: langfuseCheck,
  llmOverview,
  workspaceTrust: z.array(workspaceTrustItem),
  trustWorkspaceFile: z.array(workspaceTrustItem),
  revokeWorkspaceTrust: z.array(z.string()),
  agentRun: agentResult,
  agentApprove: z.boolean(),
} as const;
