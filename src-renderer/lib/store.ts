/** The renderer's state (zustand): tools, the selected tool and its inputs, results, history, plugins. */
import { create } from "zustand";
import type {
  CostTotals,
  HistoryEntry,
  InvokeResult,
  LangfuseSettings,
  ParamProblem,
  PluginReport,
  ProgressUpdate,
  ToolDetail,
  ToolSummary,
  TraceDetail,
  TraceSummary,
  TracingStatus,
  WorkbenchClient,
  WorkbenchEvent,
  WorkbenchInfo,
} from "../../src-main/api/contract.ts";
import { loadLastInputs, saveLastInputs } from "./last-inputs.ts";
import { withoutRedacted } from "./redacted-fields.ts";

/** The main views. */
export type View = "tools" | "history" | "tests" | "traces" | "llm" | "agent" | "plugins";

/** A running or finished invocation from this window. */
export interface Run {
  invocationId: string;
  tool: string;
  params: unknown;
  progress?: ProgressUpdate;
  result?: InvokeResult;
}

export interface WorkbenchState {
  api: WorkbenchClient | undefined;
  info: WorkbenchInfo | undefined;
  connectionError: string | undefined;
  /** The host stopped answering after the window connected: shown as "reconnecting", not as a tool failure. */
  disconnected: boolean;
  /** The tool whose invoke got no answer when the host went away (it may or may not have run). */
  unanswered: string | undefined;
  view: View;
  tools: ToolSummary[];
  search: string;
  deterministicOnly: boolean;
  sources: { builtin: boolean; plugin: boolean; package: boolean; mcp: boolean };
  selected: string | undefined;
  detail: ToolDetail | undefined;
  /** The form's current parameters for the selected tool. */
  params: unknown;
  /** Fields that came redacted from history and must be filled in again. */
  redactedFields: string[];
  /**
   * Why the raw JSON editor's text is not the parameters (it does not parse), or undefined. While
   * set, Invoke is off: `params` still holds the last valid value, which is not what is on screen.
   */
  paramsTextError: string | undefined;
  /** Set when an invoke was refused (Ctrl+Enter while the JSON is invalid): said once, beside Invoke. */
  invokeRefusal: string | undefined;
  /**
   * Problems the tool's schema finds in the current parameters as they are typed (a string where
   * a number goes), shown before invoking. Missing required fields are left out: the form is
   * being filled in, and Invoke reports them.
   */
  liveProblems: ParamProblem[];
  /** The latest run per tool name. */
  runs: Record<string, Run>;
  history: HistoryEntry[];
  historyFilter: { tool: string; status: "" | "ok" | "error" };
  totals: CostTotals | undefined;
  plugins: PluginReport | undefined;
  traces: TraceSummary[];
  traceFilter: { tool: string; status: "" | "ok" | "error" };
  tracingStatus: TracingStatus | undefined;
  selectedTraceId: string | undefined;
  selectedTrace: TraceDetail | undefined;

  connect(api: WorkbenchClient): Promise<void>;
  /** The transport says the host answers again (true) or stopped answering (false). */
  setConnected(connected: boolean): void;
  setView(view: View): void;
  setSearch(search: string): void;
  setDeterministicOnly(value: boolean): void;
  toggleSource(kind: keyof WorkbenchState["sources"]): void;
  /**
   * Opens a tool (with these parameters, from History) and shows the Tools view — unless
   * `keepView`: the first tool opened at start-up must not pull a user who already went to
   * another view back to Tools.
   */
  select(name: string, params?: unknown, options?: { keepView?: boolean }): Promise<void>;
  setParams(params: unknown): void;
  /** The raw JSON editor reports its text does not parse (a message) or parses again (undefined). */
  setParamsTextError(error: string | undefined): void;
  invoke(): Promise<void>;
  cancel(): Promise<void>;
  refreshHistory(): Promise<void>;
  setHistoryFilter(filter: Partial<WorkbenchState["historyFilter"]>): void;
  reloadPlugins(): Promise<void>;
  chooseWorkspace(): Promise<void>;
  refreshTraces(): Promise<void>;
  /** Asks for the sinks' health again (the Traces view does so every few seconds). */
  refreshTracingStatus(): Promise<void>;
  setTraceFilter(filter: Partial<WorkbenchState["traceFilter"]>): void;
  /** Shows a trace in the Traces view. */
  selectTrace(traceId: string): Promise<void>;
  /** Connects Langfuse with these settings (saved in settings.json), or disconnects it (null). */
  configureLangfuse(settings: LangfuseSettings | null): Promise<void>;
}

export const useWorkbench = create<WorkbenchState>((set, get) => {
  let validateTimer: ReturnType<typeof setTimeout> | undefined;
  /** Checks the parameters against the tool's schema on the main side, a moment after typing. */
  const validateSoon = () => {
    clearTimeout(validateTimer);
    validateTimer = setTimeout(async () => {
      const { api, selected, params } = get();
      if (!api || !selected) return;
      try {
        const problems = await api.validate(selected, params);
        if (get().selected === selected && get().params === params)
          set({ liveProblems: problems.filter((p) => p.rule !== "required") });
      } catch {
        // Not worth an error of its own: Invoke validates again and says what is wrong.
      }
    }, 250);
  };
  const refreshTools = async () => {
    const api = get().api;
    if (!api) return;
    const tools = await api.listTools();
    set({ tools });
    const selected = get().selected;
    if (selected) {
      const detail = await api.getTool(selected);
      set({ detail: detail ?? undefined });
    }
  };
  const refreshTotals = async () => {
    const api = get().api;
    if (api) set({ totals: await api.costTotals() });
  };
  const onEvent = (event: WorkbenchEvent) => {
    switch (event.type) {
      case "tools-changed":
        void refreshTools();
        break;
      case "plugins-changed":
        set({ plugins: event.report });
        break;
      case "invocation-progress": {
        const run = get().runs[event.tool];
        if (run?.invocationId === event.invocationId && !run.result) {
          set({ runs: { ...get().runs, [event.tool]: { ...run, progress: event.update } } });
        }
        break;
      }
      case "invocation-finished":
        void get().refreshHistory();
        void refreshTotals();
        if (get().view === "traces") void get().refreshTraces();
        break;
      case "workspace-changed": {
        const info = get().info;
        if (info) set({ info: { ...info, workspaceRoot: event.workspaceRoot } });
        break;
      }
      default:
        break;
    }
  };

  return {
    api: undefined,
    info: undefined,
    connectionError: undefined,
    disconnected: false,
    unanswered: undefined,
    view: "tools",
    tools: [],
    search: "",
    deterministicOnly: false,
    sources: { builtin: true, plugin: true, package: true, mcp: true },
    selected: undefined,
    detail: undefined,
    params: {},
    redactedFields: [],
    paramsTextError: undefined,
    invokeRefusal: undefined,
    liveProblems: [],
    runs: {},
    history: [],
    historyFilter: { tool: "", status: "" },
    totals: undefined,
    plugins: undefined,
    traces: [],
    traceFilter: { tool: "", status: "" },
    tracingStatus: undefined,
    selectedTraceId: undefined,
    selectedTrace: undefined,

    async connect(api) {
      set({ api });
      api.subscribe(onEvent);
      try {
        const [info, tools, plugins] = await Promise.all([
          api.info(),
          api.listTools(),
          api.pluginReport(),
        ]);
        set({ info, tools, plugins, connectionError: undefined });
        void api.tracingStatus().then((tracingStatus) => set({ tracingStatus }));
        await Promise.all([get().refreshHistory(), refreshTotals()]);
        const first = tools[0];
        if (first && !get().selected) await get().select(first.name, undefined, { keepView: true });
      } catch (error) {
        set({ connectionError: (error as Error).message });
      }
    },
    setConnected(connected) {
      const api = get().api;
      if (!connected) {
        if (get().disconnected) return;
        set({ disconnected: true });
        // Knock until the host answers; the transport reports the success.
        const timer = setInterval(() => {
          if (!get().disconnected) clearInterval(timer);
          else void api?.info().catch(() => undefined);
        }, 2_000);
        return;
      }
      if (!get().disconnected) return;
      set({ disconnected: false, unanswered: undefined });
      // What happened meanwhile (other clients' runs, plugin reloads) is fetched again.
      void refreshTools();
      void get().refreshHistory();
      void refreshTotals();
      if (api) void api.pluginReport().then((plugins) => set({ plugins }));
    },
    setView: (view) => set({ view }),
    setSearch: (search) => set({ search }),
    setDeterministicOnly: (deterministicOnly) => set({ deterministicOnly }),
    toggleSource: (kind) => set({ sources: { ...get().sources, [kind]: !get().sources[kind] } }),
    async select(name, params, options) {
      const api = get().api;
      if (!api) return;
      set({ selected: name, ...(options?.keepView ? {} : { view: "tools" as const }) });
      const detail = await api.getTool(name);
      // Another tool was opened while this one's details were on their way (a click during the
      // start-up's opening of the first tool): the later choice stands.
      if (get().selected !== name) return;
      const reopened = params === undefined ? undefined : withoutRedacted(params);
      set({
        detail: detail ?? undefined,
        params: reopened?.params ?? loadLastInputs(name) ?? {},
        redactedFields: reopened?.fields ?? [],
        paramsTextError: undefined,
        invokeRefusal: undefined,
        liveProblems: [],
      });
      validateSoon();
    },
    setParams(params) {
      // A value set from the form (or Clear, or history) replaces the editor's text: valid again.
      set({ params, paramsTextError: undefined, invokeRefusal: undefined });
      validateSoon();
      const name = get().selected;
      if (name) saveLastInputs(name, params);
    },
    setParamsTextError(error) {
      set({ paramsTextError: error, ...(error ? {} : { invokeRefusal: undefined }) });
    },
    async invoke() {
      const { api, selected, params, runs, paramsTextError } = get();
      if (!api || !selected || (runs[selected] && !runs[selected].result)) return;
      if (paramsTextError) {
        // The last valid parameters are not what the user sees: running them would surprise.
        set({
          invokeRefusal: `Not invoked: the raw JSON does not parse (${paramsTextError}). Fix it, or press Clear.`,
        });
        return;
      }
      const invocationId = crypto.randomUUID();
      set({ runs: { ...runs, [selected]: { invocationId, tool: selected, params } } });
      let result: InvokeResult;
      try {
        result = await api.invoke({ name: selected, params, invocationId });
      } catch (error) {
        if ((error as { code?: string }).code === "DISCONNECTED") {
          // Not the tool's failure: the host went away. Say so in the connection banner.
          const { [selected]: _gone, ...rest } = get().runs;
          set({ runs: rest, unanswered: selected });
          get().setConnected(false);
          return;
        }
        result = {
          ok: false,
          invocationId,
          durationMs: 0,
          cost: 0,
          error: {
            code: "TOOL_ERROR",
            message: `the call did not reach the workbench: ${(error as Error).message}`,
          },
        };
      }
      const run = get().runs[selected];
      set({
        runs: {
          ...get().runs,
          [selected]: { ...(run ?? { invocationId, tool: selected, params }), result },
        },
      });
    },
    async cancel() {
      const { api, selected, runs } = get();
      const run = selected ? runs[selected] : undefined;
      if (api && run && !run.result) await api.cancel(run.invocationId);
    },
    async refreshHistory() {
      const { api, historyFilter } = get();
      if (!api) return;
      const history = await api.history({
        ...(historyFilter.tool ? { tool: historyFilter.tool } : {}),
        ...(historyFilter.status ? { status: historyFilter.status } : {}),
        limit: 500,
      });
      set({ history });
    },
    setHistoryFilter(filter) {
      set({ historyFilter: { ...get().historyFilter, ...filter } });
      void get().refreshHistory();
    },
    async reloadPlugins() {
      const api = get().api;
      if (api) set({ plugins: await api.reloadPlugins() });
    },
    async chooseWorkspace() {
      const api = get().api;
      if (api) await api.chooseWorkspace();
    },
    async refreshTraces() {
      const { api, traceFilter } = get();
      if (!api) return;
      const [traces, tracingStatus] = await Promise.all([
        api.traces({
          ...(traceFilter.tool ? { tool: traceFilter.tool } : {}),
          ...(traceFilter.status ? { status: traceFilter.status } : {}),
          limit: 200,
        }),
        api.tracingStatus(),
      ]);
      set({ traces, tracingStatus });
    },
    async refreshTracingStatus() {
      const api = get().api;
      if (api) set({ tracingStatus: await api.tracingStatus() });
    },
    setTraceFilter(filter) {
      set({ traceFilter: { ...get().traceFilter, ...filter } });
      void get().refreshTraces();
    },
    async selectTrace(traceId) {
      const api = get().api;
      if (!api) return;
      set({ view: "traces", selectedTraceId: traceId });
      const [trace] = await Promise.all([api.trace(traceId), get().refreshTraces()]);
      if (get().selectedTraceId === traceId) set({ selectedTrace: trace ?? undefined });
    },
    async configureLangfuse(settings) {
      const api = get().api;
      if (!api) return;
      set({ tracingStatus: await api.configureLangfuse(settings) });
      // The open trace's link depends on which Langfuse is in use: ask again.
      const traceId = get().selectedTraceId;
      if (traceId) {
        const trace = await api.trace(traceId);
        if (get().selectedTraceId === traceId) set({ selectedTrace: trace ?? undefined });
      }
    },
  };
});

/** The tools the list shows: filtered by search, determinism and source. */
export function visibleTools(
  state: Pick<WorkbenchState, "tools" | "search" | "deterministicOnly" | "sources">,
): ToolSummary[] {
  const needle = state.search.trim().toLowerCase();
  return state.tools.filter((t) => {
    if (state.deterministicOnly && !t.deterministic) return false;
    if (!state.sources[t.sourceKind]) return false;
    if (!needle) return true;
    return `${t.name} ${t.description} ${(t.tags ?? []).join(" ")}`.toLowerCase().includes(needle);
  });
}

/** The Langfuse URL of a trace, when Langfuse is configured and its project is known. */
export function langfuseTraceUrl(
  status: TracingStatus | undefined,
  traceId: string,
): string | undefined {
  const langfuse = status?.langfuse;
  if (!langfuse?.projectId) return undefined;
  return `${langfuse.baseUrl.replace(/\/+$/, "")}/project/${encodeURIComponent(langfuse.projectId)}/traces/${encodeURIComponent(traceId)}`;
}
