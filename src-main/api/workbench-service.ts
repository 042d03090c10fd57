/**
 * The Workbench API implemented once over the core. Hosts (Electron IPC, the web host's HTTP)
 * route calls here by name and forward the events; they add nothing of their own.
 */
import { EventEmitter } from "node:events";
import { needsApproval } from "../agent/index.ts";
import { scopeOf } from "../core/names.ts";
import type { RegisteredTool } from "../core/protocol.ts";
import { exportTools } from "../interop/tool-export.ts";
import {
  checkLangfuseSettings,
  LangfuseSettingsError,
  parseLangfuseSettings,
} from "../tracing/langfuse-config.ts";
import { ApprovalBroker } from "./agent-approvals.ts";
import { runAgentRequest } from "./agent-service.ts";
import { CallError } from "./call-error.ts";
import type {
  HistoryEntry,
  InvokeRequest,
  LangfuseSettings,
  ToolDetail,
  ToolSourceKind,
  ToolSummary,
  TraceListQuery,
  TracingStatus,
  WorkbenchCalls,
  WorkbenchEvent,
  WorkbenchInfo,
} from "./contract.ts";
import { oneAtATime } from "./one-at-a-time.ts";
import { suggestToolNames } from "./tool-suggestions.ts";
import { findTrace } from "./trace-lookup.ts";
import type { Workbench } from "./workbench.ts";

/** The API's calls plus its event stream, bound to one workbench. */
export interface WorkbenchService {
  calls: WorkbenchCalls;
  subscribe(listener: (event: WorkbenchEvent) => void): () => void;
  close(): void;
}

/** Host-specific pieces the handlers cannot provide themselves. */
export interface HostAdapter {
  host: WorkbenchInfo["host"];
  version: string;
  /** Shows a folder picker (Electron); absent where the host has none. */
  pickFolder?: () => Promise<string | null>;
}

/** The test-suite calls, imported when first asked for. */
async function loadTestSuiteCalls(workbench: Workbench) {
  return (await import("./test-suite-calls.ts")).createTestSuiteCalls(workbench);
}

export function createWorkbenchService(
  workbench: Workbench,
  adapter: HostAdapter,
): WorkbenchService {
  const { registry, loader, history } = workbench;
  const emitter = new EventEmitter<{ event: [WorkbenchEvent] }>();
  emitter.setMaxListeners(0);
  const emit = (event: WorkbenchEvent) => emitter.emit("event", event);
  let testSuiteCalls: ReturnType<typeof loadTestSuiteCalls> | undefined;
  const testCalls = () => {
    testSuiteCalls ??= loadTestSuiteCalls(workbench);
    return testSuiteCalls;
  };
  const running = new Map<string, AbortController>();
  const approvals = new ApprovalBroker(
    emit,
    (tool) => registry.registration(tool)?.metadata.annotations,
  );

  // A reload unregisters and registers many tools at once: tell the renderer once.
  let toolsChangedTimer: NodeJS.Timeout | undefined;
  const toolsChanged = () => {
    clearTimeout(toolsChangedTimer);
    toolsChangedTimer = setTimeout(() => emit({ type: "tools-changed" }), 25);
  };
  const unsubscribers = [
    registry.on("registered", toolsChanged),
    registry.on("unregistered", toolsChanged),
    registry.on("invocation:started", (e) =>
      emit({ type: "invocation-started", invocationId: e.invocationId, tool: e.name }),
    ),
    registry.on("invocation:progress", (e) =>
      emit({
        type: "invocation-progress",
        invocationId: e.invocationId,
        tool: e.name,
        update: e.update,
      }),
    ),
    loader.onReport((report) => emit({ type: "plugins-changed", report })),
  ];
  const onRecorded = (entry: HistoryEntry) => emit({ type: "invocation-finished", entry });
  workbench.events.on("recorded", onRecorded);
  let stopFollowing: (() => void) | undefined;

  // Langfuse changes apply one at a time, in the order they were asked for.
  const langfuseOneAtATime = oneAtATime();
  const tracingStatus = async (): Promise<TracingStatus> => {
    const langfuse = workbench.tracing.langfuse;
    const projectId = await langfuse?.links.projectId();
    return {
      health: workbench.tracing.tracing.health(),
      langfuse: langfuse
        ? {
            baseUrl: langfuse.config.baseUrl,
            publicKey: langfuse.config.publicKey,
            ...(projectId ? { projectId } : {}),
            source: langfuse.source,
          }
        : null,
      langfuseEnvConfigured: workbench.tracing.langfuseEnvConfigured,
    };
  };

  // One read of the store for a whole list (the store caps `limit` at 10,000).
  const traceRecords = (query: TraceListQuery = {}) =>
    workbench.tracing.store.query({
      ...(query.tool ? { tool: query.tool } : {}),
      ...(query.status ? { status: query.status } : {}),
      limit: query.limit ?? 100,
    });

  const calls: WorkbenchCalls = {
    async info() {
      return {
        host: adapter.host,
        version: adapter.version,
        workspaceRoot: workbench.workspaceRoot,
        agenticHome: workbench.agenticHome,
        pluginDirs: workbench.pluginDirs,
        canChooseWorkspace: adapter.pickFolder !== undefined,
      };
    },
    async listTools(filter) {
      return registry.list(filter ?? {}).map(summary);
    },
    async suggestTools(name) {
      return suggestToolNames(registry, name);
    },
    async exportTools(format, filter) {
      return exportTools(registry.list(filter ?? {}), format);
    },
    async getTool(name) {
      const tool = registry.registration(name);
      return tool ? detail(tool) : null;
    },
    async validate(name, params) {
      const problems = await registry.validateParams(name, params);
      if (!problems)
        return [
          { pointer: "", rule: "not-found", message: `no tool named ${JSON.stringify(name)}` },
        ];
      return problems;
    },
    async invoke(request: InvokeRequest) {
      const { invocationId } = request;
      // A workbench made without waiting for plugins (the CLI's `invoke` of a built-in) loads
      // them when a tool it does not have yet is asked for.
      if (!registry.has(request.name)) await workbench.loadToolSources();
      const controller = new AbortController();
      running.set(invocationId, controller);
      try {
        const result = await registry.invoke(request.name, request.params, {
          invocationId,
          signal: controller.signal,
          origin: typeof request.origin === "string" ? request.origin : "ui",
          ...(typeof request.timeoutMs === "number" ? { timeoutMs: request.timeoutMs } : {}),
        });
        return result;
      } finally {
        running.delete(invocationId);
      }
    },
    async cancel(invocationId) {
      const controller = running.get(invocationId);
      controller?.abort(new Error("cancelled by the user"));
      return controller !== undefined;
    },
    async history(query) {
      // The CLI and `agentic mcp` append to the same file: include what they ran.
      await history.sync();
      return history.query(query ?? {});
    },
    async costTotals() {
      await history.sync();
      return history.totals();
    },
    // Loaded on first use: the suite reader and runner (YAML, the runner's Ajv) are ~60 ms of
    // a start that most sessions never need.
    testSuites: async (...args) => (await testCalls()).testSuites(...args),
    runTests: async (...args) => (await testCalls()).runTests(...args),
    saveTestCase: async (...args) => (await testCalls()).saveTestCase(...args),
    updateGoldens: async (...args) => (await testCalls()).updateGoldens(...args),
    async pluginReport() {
      return loader.report();
    },
    async reloadPlugins() {
      return loader.loadAll();
    },
    async traces(query) {
      // The UI's list: at most 1,000, without their observations.
      const records = await traceRecords({ ...query, limit: Math.min(query?.limit ?? 100, 1_000) });
      return records.map((r) => ({
        traceId: r.traceId,
        tool: r.tool,
        invocationId: r.invocationId,
        status: r.status,
        startTime: r.startTime,
        durationMs: r.durationMs,
        cost: r.cost,
        observationCount: r.observations.length,
      }));
    },
    traceRecords,
    async trace(traceId) {
      const record = await findTrace(workbench.tracing.store, traceId);
      if (!record) return null;
      const langfuseUrl = await workbench.tracing.langfuse?.linkFor(record);
      return { ...record, ...(langfuseUrl ? { langfuseUrl } : {}) };
    },
    tracingStatus,
    async configureLangfuse(settings) {
      // Validated before anything changes; an error names the field.
      const config = settings === null ? null : parseLangfuseSettings(settings);
      // "Connected" must mean something: Langfuse answers and the keys open a project.
      if (config) await checkLangfuseSettings(config);
      await langfuseOneAtATime(async () => {
        // Saved first: if the file cannot be written, nothing changes and the caller hears why.
        await workbench.settings.writeLangfuse(config);
        workbench.tracing.configureLangfuse(config, "settings");
        workbench.logger.info(
          config ? "tracing: Langfuse set in the UI" : "tracing: Langfuse disconnected in the UI",
          config ? { baseUrl: config.baseUrl, publicKey: config.publicKey } : {},
        );
      });
      return tracingStatus();
    },
    async checkLangfuse(settings) {
      try {
        const config = parseLangfuseSettings(settings);
        return { ok: true, projectId: await checkLangfuseSettings(config) };
      } catch (error) {
        if (!(error instanceof LangfuseSettingsError)) throw error;
        return {
          ok: false,
          field: error.field as keyof LangfuseSettings | "settings",
          message: error.message,
        };
      }
    },
    async agentRun(request) {
      const { runId } = request;
      if (running.has(runId)) {
        // A second run under one id could not be told apart in events, cancel or approvals.
        throw new CallError("CONFLICT", `runId: ${JSON.stringify(runId)} is already running`, {
          field: "runId",
          hint: "give each run its own id, e.g. a UUID",
        });
      }
      const controller = new AbortController();
      running.set(runId, controller);
      try {
        return await runAgentRequest(workbench, request, {
          signal: controller.signal,
          onStep: (step) => emit({ type: "agent-step", runId, step }),
          ...(request.askForApproval === false
            ? {}
            : { approver: approvals.open(runId, controller.signal) }),
        });
      } finally {
        running.delete(runId);
        approvals.close(runId);
      }
    },
    async agentApprove(request) {
      approvals.answer(request);
      return true;
    },
    async llmOverview(refresh) {
      return workbench.llm.overview({ refresh: refresh === true });
    },
    async workspaceTrust() {
      return workbench.workspaceTrust.items();
    },
    async trustWorkspaceFile(file, sha256) {
      return workbench.workspaceTrust.trust(file, sha256);
    },
    async revokeWorkspaceTrust() {
      return workbench.workspaceTrust.revoke();
    },
    async chooseWorkspace() {
      if (!adapter.pickFolder) return null;
      const picked = await adapter.pickFolder();
      if (!picked) return null;
      const root = await workbench.setWorkspace(picked);
      emit({ type: "workspace-changed", workspaceRoot: root });
      return root;
    },
  };

  return {
    calls,
    subscribe(listener) {
      // Someone is watching: follow the history file, so other processes' runs show up live.
      stopFollowing ??= history.follow(onRecorded);
      emitter.on("event", listener);
      return () => emitter.off("event", listener);
    },
    close() {
      clearTimeout(toolsChangedTimer);
      for (const off of unsubscribers) off();
      workbench.events.off("recorded", onRecorded);
      stopFollowing?.();
      for (const controller of running.values())
        controller.abort(new Error("the workbench is closing"));
    },
  };
}

function sourceKind(source: string): ToolSourceKind {
  if (source === "builtin") return "builtin";
  if (source.startsWith("package:")) return "package";
  if (source.startsWith("mcp:")) return "mcp";
  return "plugin";
}

function summary(tool: RegisteredTool): ToolSummary {
  const m = tool.metadata;
  return {
    name: m.name,
    scope: scopeOf(m.name),
    description: m.description,
    deterministic: m.deterministic,
    costPerInvocation: m.costPerInvocation,
    ...(m.version !== undefined ? { version: m.version } : {}),
    ...(m.tags !== undefined ? { tags: m.tags } : {}),
    ...(m.annotations !== undefined ? { annotations: m.annotations } : {}),
    needsApproval: needsApproval(tool),
    source: tool.source,
    sourceKind: sourceKind(tool.source),
  };
}

function detail(tool: RegisteredTool): ToolDetail {
  const m = tool.metadata;
  return {
    ...summary(tool),
    parametersSchema: m.parametersSchema,
    ...(m.resultSchema !== undefined ? { resultSchema: m.resultSchema } : {}),
    ...(m.timeoutMs !== undefined ? { timeoutMs: m.timeoutMs } : {}),
  };
}
