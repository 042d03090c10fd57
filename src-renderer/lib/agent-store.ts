/**
 * The Agent view's state (zustand): the run form, and the current run as it streams in — its
 * steps from `agent-step` events, its open questions from `agent-approval` events, its result
 * when `agentRun` resolves. Kept apart from store.ts: a run goes on when the user looks at other
 * views, and nothing else in the app reads it.
 */
import { create } from "zustand";
import type {
  AgentApprovalEvent,
  AgentApproveRequest,
  AgentResult,
  AgentStep,
  ApprovalPolicy,
  WorkbenchClient,
  WorkbenchEvent,
} from "../../src-main/api/contract.ts";
import { type ShownError, shownError } from "./api-client.ts";
import { useWorkbench } from "./store.ts";

/** The run form as typed (numbers stay text until Run, so a half-typed value is not lost). */
export interface AgentForm {
  modelGroup: string;
  /** Tools unticked in the checklist; empty means every tool is offered. */
  toolsOff: string[];
  system: string;
  prompt: string;
  maxSteps: string;
  maxCostUsd: string;
  approval: ApprovalPolicy;
  simulateFailure: boolean;
}

/** One run of this window. */
export interface AgentRunState {
  runId: string;
  steps: AgentStep[];
  /** Questions the run waits on, oldest first. */
  approvals: AgentApprovalEvent[];
  /** Set when `agentRun` resolved. */
  result?: AgentResult;
  /** Set when `agentRun` itself failed (bad input, the host gone): the message names the field. */
  error?: ShownError;
  /** Set while Stop has been asked and the run has not ended yet. */
  stopping?: boolean;
}

export interface AgentState {
  form: AgentForm;
  run: AgentRunState | undefined;
  /** An answer that did not reach the run (it had ended): said beside the questions. */
  answerError: ShownError | undefined;

  /** Follows the API's events (called once, with the API the app connected to). */
  attach(api: WorkbenchClient): void;
  setForm(patch: Partial<AgentForm>): void;
  /** Starts a run with the form; the tools ticked are `offered` (all tools when none is unticked). */
  start(allTools: string[]): Promise<void>;
  stop(): Promise<void>;
  answer(approvalId: string, answer: AgentApproveRequest["answer"]): Promise<void>;
  /** Fills the prompt (a plan handed over from the planner's result) and clears the last run. */
  preparePrompt(prompt: string): void;
}

const INITIAL_FORM: AgentForm = {
  modelGroup: "",
  toolsOff: [],
  system: "",
  prompt: "",
  maxSteps: "10",
  maxCostUsd: "",
  approval: "readonly",
  simulateFailure: false,
};

export const useAgent = create<AgentState>((set, get) => {
  const onEvent = (event: WorkbenchEvent) => {
    const run = get().run;
    if (!run) return;
    if (event.type === "agent-step" && event.runId === run.runId) {
      const step = event.step;
      // A tool step settles the question about its call, if there was one.
      const approvals =
        step.kind === "tool"
          ? run.approvals.filter((a) => a.callId !== step.callId)
          : run.approvals;
      set({ run: { ...run, steps: [...run.steps, step], approvals } });
    } else if (event.type === "agent-approval" && event.runId === run.runId) {
      set({ run: { ...run, approvals: [...run.approvals, event] } });
    }
  };

  return {
    form: INITIAL_FORM,
    run: undefined,
    answerError: undefined,

    attach(api) {
      api.subscribe(onEvent);
    },
    setForm: (patch) => set({ form: { ...get().form, ...patch } }),
    async start(allTools) {
      const { form, run } = get();
      const api = useWorkbench.getState().api;
      if (!api || isRunning(run)) return;
      const runId = crypto.randomUUID();
      set({ run: { runId, steps: [], approvals: [] }, answerError: undefined });
      const offered = allTools.filter((t) => !form.toolsOff.includes(t));
      try {
        const result = await api.agentRun({
          runId,
          prompt: form.prompt,
          modelGroup: form.modelGroup,
          ...(form.system.trim() ? { system: form.system } : {}),
          // Exact names: `agentRun` offers every tool when `tools` is absent.
          ...(form.toolsOff.length > 0 ? { tools: offered } : {}),
          ...(form.maxSteps.trim() ? { maxSteps: Number(form.maxSteps) } : {}),
          ...(form.maxCostUsd.trim() ? { maxCostUsd: Number(form.maxCostUsd) } : {}),
          approval: form.approval,
          ...(form.simulateFailure ? { simulateFailure: true } : {}),
        });
        const current = get().run;
        // Steps are taken from the result: events may have been missed while disconnected.
        if (current?.runId === runId)
          set({ run: { ...current, steps: result.steps, approvals: [], result } });
      } catch (error) {
        const current = get().run;
        if (current?.runId === runId)
          set({ run: { ...current, approvals: [], error: shownError(error) } });
      }
    },
    async stop() {
      const { run } = get();
      const api = useWorkbench.getState().api;
      if (!api || !run || !isRunning(run)) return;
      set({ run: { ...run, stopping: true } });
      await api.cancel(run.runId);
    },
    async answer(approvalId, answer) {
      const { run } = get();
      const api = useWorkbench.getState().api;
      if (!api || !run) return;
      // Taken off at once: a second click must not answer twice.
      set({
        run: { ...run, approvals: run.approvals.filter((a) => a.approvalId !== approvalId) },
        answerError: undefined,
      });
      try {
        await api.agentApprove({ runId: run.runId, approvalId, answer });
      } catch (error) {
        set({ answerError: shownError(error) });
      }
    },
    preparePrompt(prompt) {
      const run = get().run;
      set({
        form: { ...get().form, prompt },
        // A finished run gives way to the new task; a running one stays on screen.
        ...(run && !isRunning(run) ? { run: undefined } : {}),
      });
    },
  };
});

/** Whether the run is still going. */
export function isRunning(run: AgentRunState | undefined): boolean {
  return run !== undefined && run.result === undefined && run.error === undefined;
}

/** LLM and tool cost of the steps so far, USD. */
export function runningCost(steps: AgentStep[]): number {
  return steps.reduce((sum, s) => sum + s.cost, 0);
}
