/**
 * The Tests view's state: the workspace's suites, the latest outcome of each case, and what is
 * running. Kept apart from the main store; it reaches the API through it (`useWorkbench`).
 */
import { create } from "zustand";
import type {
  SavedTestCase,
  SaveTestCaseRequest,
  TestCaseOutcome,
  TestRunReport,
  TestRunRequest,
  TestSuites,
} from "../../src-main/api/contract.ts";
import { type ShownError, shownError } from "./api-client.ts";
import { useWorkbench } from "./store.ts";

/** A case's key in `outcomes`: its suite file and its name. */
export function caseKey(suite: string, name: string): string {
  return `${suite}\u0000${name}`;
}

/** What runs now: everything, a suite, or one case (by caseKey); and whether goldens are updated. */
export interface TestsBusy {
  target: "all" | string;
  updating: boolean;
}

export interface TestsState {
  suites: TestSuites | undefined;
  /** The latest outcome of each case this window ran, by caseKey. */
  outcomes: Record<string, TestCaseOutcome>;
  /** The latest run's totals. */
  lastRun: Omit<TestRunReport, "cases"> | undefined;
  busy: TestsBusy | undefined;
  /** Why the last call failed (a refused path, a malformed suite), shown until the next one. */
  error: ShownError | undefined;
  refresh(): Promise<void>;
  run(request: TestRunRequest): Promise<void>;
  updateGoldens(request: TestRunRequest): Promise<void>;
  /** Saves a case; resolves to where it went, or why it was refused. */
  save(request: SaveTestCaseRequest): Promise<SavedTestCase>;
}

const api = () => {
  const current = useWorkbench.getState().api;
  if (!current) throw new Error("not connected to the workbench");
  return current;
};

export const useTests = create<TestsState>((set, get) => {
  const runWith = async (request: TestRunRequest, updating: boolean) => {
    if (get().busy) return;
    const target = request.suite
      ? request.case !== undefined
        ? caseKey(request.suite, request.case)
        : request.suite
      : "all";
    set({ busy: { target, updating }, error: undefined });
    try {
      const report = updating ? await api().updateGoldens(request) : await api().runTests(request);
      const outcomes = { ...get().outcomes };
      for (const c of report.cases) outcomes[caseKey(c.suite, c.name)] = c;
      const { cases: _cases, ...totals } = report;
      set({ outcomes, lastRun: totals });
      // Update goldens changed the files: show the recorded expectations.
      if (updating) await get().refresh();
    } catch (error) {
      set({ error: shownError(error) });
    } finally {
      set({ busy: undefined });
    }
  };
  return {
    suites: undefined,
    outcomes: {},
    lastRun: undefined,
    busy: undefined,
    error: undefined,
    async refresh() {
      try {
        const suites = await api().testSuites();
        // Another workspace (Electron's Change…): the old outcomes belong to other files.
        const moved = get().suites !== undefined && get().suites?.folder !== suites.folder;
        set({ suites, error: undefined, ...(moved ? { outcomes: {}, lastRun: undefined } : {}) });
      } catch (error) {
        set({ error: shownError(error) });
      }
    },
    run: (request) => runWith(request, false),
    updateGoldens: (request) => runWith(request, true),
    async save(request) {
      const saved = await api().saveTestCase(request);
      if (saved.ok) set({ suites: saved.suites });
      return saved;
    },
  };
});
